/* checks: anomaly rules (see checks.h). The identities are evaluated from the template's
 * identity table; no identity is written out here. */
#include "checks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void nb_findings_free(nb_findings *f)
{
    free(f->items);
    memset(f, 0, sizeof *f);
}

nb_finding *nb_findings_add(nb_findings *f, nb_severity sev, const char *rule)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->items = nb_xrealloc(f->items, f->cap * sizeof *f->items);
    }
    nb_finding *x = &f->items[f->n++];
    memset(x, 0, sizeof *x);
    x->severity = sev;
    x->rule = rule;
    return x;
}

const char *nb_severity_name(nb_severity s)
{
    return s == NB_SEV_ERROR ? "error" : s == NB_SEV_WARNING ? "warning" : "info";
}

void nb_checks_format_number(double v, char *out, size_t outsz)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(out, outsz, "%.0f", v);
        return;
    }
    snprintf(out, outsz, "%.6f", v);
    char *end = out + strlen(out);
    while (end > out && end[-1] == '0') *--end = '\0';
    if (end > out && end[-1] == '.') end[-1] = '\0';
}

typedef struct {
    double sum;
    int numbers;     /* cells holding a number */
    int unreadable;  /* cells with text that is no number */
} side_sum;

static void add_cell(side_sum *s, const nb_value *v)
{
    if (!v || !v->found) return;
    if (v->num.kind == NB_CELL_NUMBER) s->sum += v->num.number, s->numbers++;
    else if (v->num.kind == NB_CELL_TEXT) s->unreadable++;
}

static int column_index(const nb_row *row, const char *key)
{
    for (int c = 0; row->columns[c]; c++)
        if (!strcmp(row->columns[c]->key, key)) return c;
    return -1;
}

static const char *row_name(const nb_row *row)
{
    return row->label ? row->label : row->group;
}

static void report_broken(const nb_report *r, const nb_identity *id, const char *row_key,
                          const char *col_key, const char *where, side_sum lhs, side_sum rhs,
                          nb_findings *out)
{
    if (!lhs.numbers || lhs.unreadable || rhs.unreadable) return;
    if (fabs(lhs.sum - rhs.sum) < 1e-6) return;
    (void)r;
    nb_finding *f = nb_findings_add(out, NB_SEV_ERROR, id->id);
    f->has_table = 1;
    f->table = id->table;
    snprintf(f->row_key, sizeof f->row_key, "%s", row_key);
    snprintf(f->col_key, sizeof f->col_key, "%s", col_key);
    nb_checks_format_number(rhs.sum, f->expected, sizeof f->expected);
    nb_checks_format_number(lhs.sum, f->actual, sizeof f->actual);
    snprintf(f->message, sizeof f->message, "%s%s：%s=%s，%s=%s，勾稽关系不成立",
             id->table == NB_T3 ? "表三" : id->table == NB_T4 ? "表四" : "表二", where, id->lhs_zh,
             f->actual, id->rhs_zh, f->expected);
}

/* ACROSS: in every row of the table holding the identity's columns. */
static void check_across(const nb_report *r, const nb_identity *id, nb_findings *out)
{
    const nb_template *t = r->tpl;
    for (int i = 0; i < t->nrows; i++) {
        const nb_row *row = &t->rows[i];
        if (row->table != id->table || column_index(row, id->lhs[0]) < 0) continue;
        side_sum lhs = {0}, rhs = {0};
        for (const char *const *k = id->lhs; *k; k++) add_cell(&lhs, nb_report_value(r, row, column_index(row, *k)));
        for (const char *const *k = id->rhs; *k; k++) add_cell(&rhs, nb_report_value(r, row, column_index(row, *k)));
        char where[256];
        snprintf(where, sizeof where, "“%s”行", row_name(row));
        report_broken(r, id, row->key, id->lhs[0], where, lhs, rhs, out);
    }
}

/* DOWN: in every column of the identity's rows. */
static void check_down(const nb_report *r, const nb_identity *id, nb_findings *out)
{
    const nb_row *first = nb_template_row(r->tpl, id->table, id->lhs[0]);
    if (!first) return;
    for (int c = 0; first->columns[c]; c++) {
        const nb_column *col = first->columns[c];
        side_sum lhs = {0}, rhs = {0};
        for (int side = 0; side < 2; side++)
            for (const char *const *k = side ? id->rhs : id->lhs; *k; k++)
                add_cell(side ? &rhs : &lhs, nb_report_find(r, id->table, *k, col->key));
        char where[256];
        snprintf(where, sizeof where, "“%s”列", col->label);
        report_broken(r, id, id->lhs[0], col->key, where, lhs, rhs, out);
    }
}

void nb_checks_identities(const nb_report *r, nb_findings *out)
{
    for (int i = 0; i < r->tpl->nidentities; i++) {
        const nb_identity *id = &r->tpl->identities[i];
        if (id->axis == NB_ACROSS) check_across(r, id, out);
        else check_down(r, id, out);
    }
}
