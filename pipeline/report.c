/* report: the values array laid out in template order (see report.h).
 *
 * A value is found from its row in constant time: matching, checks and the CSV writer
 * ask for every cell of every page, and a walk over the template's rows per question
 * was a tenth of the extraction time. The offsets of the known templates' rows are
 * computed once. */
#include "pipeline/report.h"

#include <pthread.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

void nb_report_init(nb_report *r, const nb_template *tpl)
{
    memset(r, 0, sizeof *r);
    r->tpl = tpl;
    for (int i = 0; i < tpl->nrows; i++) r->nvalues += nb_row_ncolumns(&tpl->rows[i]);
    r->values = nb_xcalloc((size_t)r->nvalues, sizeof *r->values);
    for (int i = 0; i < r->nvalues; i++) r->values[i].raw = "";
}

static const char *const source_kind_names[] = {"page", "attachment", "image"};

const char *nb_source_kind_name(nb_source_kind k)
{
    return (unsigned)k < sizeof source_kind_names / sizeof *source_kind_names ? source_kind_names[k] : "page";
}

int nb_source_kind_parse(const char *name)
{
    for (int k = 0; k < (int)(sizeof source_kind_names / sizeof *source_kind_names); k++)
        if (!strcmp(name, source_kind_names[k])) return k;
    return -1;
}

void nb_report_free(nb_report *r)
{
    free(r->values);
    r->values = NULL;
    nb_arena_free(&r->arena);
}

void nb_report_set_raw(nb_report *r, nb_value *v, const char *text, size_t len)
{
    v->raw = nb_arena_strndup(&r->arena, text, len);
}

enum { MAX_TEMPLATES = 8 };

static struct {
    const nb_template *tpl;
    int *row_start; /* per row, the index of its first value */
} offsets[MAX_TEMPLATES];

static pthread_once_t offsets_once = PTHREAD_ONCE_INIT;

static void compute_offsets(void)
{
    for (int t = 0; t < MAX_TEMPLATES && nb_templates[t]; t++) {
        const nb_template *tpl = nb_templates[t];
        offsets[t].tpl = tpl;
        offsets[t].row_start = nb_xcalloc((size_t)tpl->nrows + 1, sizeof(int));
        for (int i = 0; i < tpl->nrows; i++)
            offsets[t].row_start[i + 1] = offsets[t].row_start[i] + nb_row_ncolumns(&tpl->rows[i]);
    }
}

nb_value *nb_report_value(const nb_report *r, const nb_row *row, int col)
{
    pthread_once(&offsets_once, compute_offsets);
    const nb_template *tpl = r->tpl;
    uintptr_t at = (uintptr_t)row, first = (uintptr_t)tpl->rows;
    if (at >= first && at < (uintptr_t)(tpl->rows + tpl->nrows)) {
        int i = (int)((at - first) / sizeof *row);
        for (int t = 0; t < MAX_TEMPLATES && offsets[t].tpl; t++) {
            if (offsets[t].tpl != tpl) continue;
            const int *start = offsets[t].row_start;
            return col >= 0 && col < start[i + 1] - start[i] ? &r->values[start[i] + col] : NULL;
        }
    }
    int index = 0; /* a template made elsewhere (a test's) */
    for (int i = 0; i < tpl->nrows; i++) {
        const nb_row *x = &tpl->rows[i];
        int n = nb_row_ncolumns(x);
        if (x == row) return col >= 0 && col < n ? &r->values[index + col] : NULL;
        index += n;
    }
    return NULL;
}

nb_value *nb_report_find(const nb_report *r, nb_table_id table, const char *row_key,
                         const char *col_key)
{
    const nb_row *row = nb_template_row(r->tpl, table, row_key);
    if (!row) return NULL;
    for (int c = 0; row->columns[c]; c++)
        if (!strcmp(row->columns[c]->key, col_key)) return nb_report_value(r, row, c);
    return NULL;
}

/* Indexed by bit; the CSV lists them in this order. */
static const char *const mark_names[] = {"ocr", "ocr_uncertain", "uncertain_cell"};

void nb_report_mark_names(unsigned marks, char *out, size_t outsz)
{
    if (!outsz) return;
    for (unsigned i = 0; i < sizeof mark_names / sizeof *mark_names; i++) {
        if (!(marks & (1u << i))) continue;
        size_t len = strlen(out);
        snprintf(out + len, outsz - len, "%s%s", len ? ";" : "", mark_names[i]);
    }
}

unsigned nb_report_marks_from_names(const char *flags)
{
    unsigned marks = 0;
    for (const char *p = flags; *p;) {
        size_t len = strcspn(p, ";");
        for (unsigned i = 0; i < sizeof mark_names / sizeof *mark_names; i++)
            if (len == strlen(mark_names[i]) && !strncmp(p, mark_names[i], len)) marks |= 1u << i;
        p += len + (p[len] == ';');
    }
    return marks;
}
