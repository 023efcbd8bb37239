/* report: the values array laid out in template order (see report.h). */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"

void nb_report_init(nb_report *r, const nb_template *tpl)
{
    memset(r, 0, sizeof *r);
    r->tpl = tpl;
    for (int i = 0; i < tpl->nrows; i++) r->nvalues += nb_row_ncolumns(&tpl->rows[i]);
    r->values = nb_xcalloc((size_t)r->nvalues, sizeof *r->values);
    for (int i = 0; i < r->nvalues; i++) r->values[i].raw = "";
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

nb_value *nb_report_value(const nb_report *r, const nb_row *row, int col)
{
    int index = 0;
    for (int i = 0; i < r->tpl->nrows; i++) {
        const nb_row *x = &r->tpl->rows[i];
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
