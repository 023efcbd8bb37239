/* ocrtrust: broken identities point at the OCR'd figures to doubt (see ocrtrust.h). */
#include "pipeline/ocrtrust.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_MEMBERS = 64 };

typedef struct {
    nb_value *members[MAX_MEMBERS];
    int n;
} instance;

static int column_index(const nb_row *row, const char *key)
{
    for (int c = 0; row->columns[c]; c++)
        if (!strcmp(row->columns[c]->key, key)) return c;
    return -1;
}

/* Adds v to the side's sum; returns 0 when the identity cannot be judged (a cell the
 * page lacks, text that is no number). */
static int add(instance *in, double *sum, nb_value *v)
{
    if (!v || !v->found || v->num.kind == NB_CELL_TEXT) return 0;
    if (v->num.kind == NB_CELL_NUMBER) *sum += v->num.number;
    if (in->n < MAX_MEMBERS) in->members[in->n++] = v;
    return 1;
}

/* Collects the identity instances that do not hold, one at a time, into broken. */
static void collect(nb_report *r, const nb_identity *id, instance *broken, int *nbroken, int cap)
{
    const nb_template *t = r->tpl;
    if (id->axis == NB_ACROSS) {
        for (int i = 0; i < t->nrows && *nbroken < cap; i++) {
            const nb_row *row = &t->rows[i];
            if (row->table != id->table || column_index(row, id->lhs[0]) < 0) continue;
            instance in = {0};
            double l = 0, rr = 0;
            int ok = 1;
            for (const char *const *k = id->lhs; *k; k++) ok &= add(&in, &l, nb_report_value(r, row, column_index(row, *k)));
            for (const char *const *k = id->rhs; *k; k++) ok &= add(&in, &rr, nb_report_value(r, row, column_index(row, *k)));
            if (ok && fabs(l - rr) > 1e-6) broken[(*nbroken)++] = in;
        }
        return;
    }
    const nb_row *first = nb_template_row(t, id->table, id->lhs[0]);
    for (int c = 0; first && first->columns[c] && *nbroken < cap; c++) {
        const char *col = first->columns[c]->key;
        instance in = {0};
        double l = 0, rr = 0;
        int ok = 1;
        for (const char *const *k = id->lhs; *k; k++) ok &= add(&in, &l, nb_report_find(r, id->table, *k, col));
        for (const char *const *k = id->rhs; *k; k++) ok &= add(&in, &rr, nb_report_find(r, id->table, *k, col));
        if (ok && fabs(l - rr) > 1e-6) broken[(*nbroken)++] = in;
    }
}

int nb_ocrtrust_mark(nb_report *r)
{
    enum { CAP = 256 };
    instance *broken = malloc(sizeof *broken * CAP);
    if (!broken) return 0;
    int nbroken = 0;
    for (int i = 0; i < r->tpl->nidentities; i++) collect(r, &r->tpl->identities[i], broken, &nbroken, CAP);
    /* How many broken identities each value takes part in. */
    int *hits = calloc((size_t)r->nvalues, sizeof *hits);
    if (!hits) {
        free(broken);
        return 0;
    }
    for (int b = 0; b < nbroken; b++)
        for (int k = 0; k < broken[b].n; k++) hits[broken[b].members[k] - r->values]++;
    int marked = 0;
    for (int b = 0; b < nbroken; b++) {
        int most = 0;
        for (int k = 0; k < broken[b].n; k++) {
            const nb_value *v = broken[b].members[k];
            if ((v->marks & NB_MARK_OCR) && hits[v - r->values] > most) most = hits[v - r->values];
        }
        for (int k = 0; k < broken[b].n; k++) {
            nb_value *v = broken[b].members[k];
            if (!(v->marks & NB_MARK_OCR) || hits[v - r->values] < most || (v->marks & NB_MARK_OCR_UNCERTAIN)) continue;
            v->marks |= NB_MARK_OCR_UNCERTAIN;
            marked++;
        }
    }
    free(hits);
    free(broken);
    return marked;
}
