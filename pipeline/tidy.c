/* tidy: report -> tidy CSV rows (see tidy.h). */
#include "tidy.h"

#include <stdio.h>
#include <string.h>

const char *const nb_tidy_header[] = {"county", "township", "year", "template", "table",
                                      "row_key", "col_key", "row_label", "col_label", "value",
                                      "raw", "unit", "flag", "source_url", NULL};

void nb_tidy_write_header(nb_csv *w)
{
    int n = 0;
    while (nb_tidy_header[n]) n++;
    nb_csv_row(w, nb_tidy_header, n);
}

void nb_tidy_flags(const nb_value *v, char *out, size_t outsz)
{
    if (!v->found) {
        snprintf(out, outsz, "not_found");
        return;
    }
    switch (v->num.kind) {
    case NB_CELL_BLANK: snprintf(out, outsz, "blank"); break;
    case NB_CELL_PLACEHOLDER: snprintf(out, outsz, "placeholder"); break;
    case NB_CELL_TEXT: snprintf(out, outsz, "unreadable"); break;
    case NB_CELL_NUMBER: nb_number_flag_names(v->num.flags, out, outsz); break;
    }
}

static void write_row(nb_csv *w, const nb_report *r, const char *table, const char *row_key,
                      const char *col_key, const char *row_label, const char *col_label,
                      const char *value, const char *raw, const char *unit, const char *flag)
{
    nb_csv_text(w, r->county);
    nb_csv_text(w, r->township);
    if (r->year) nb_csv_int(w, r->year);
    else nb_csv_number(w, "");
    nb_csv_text(w, r->tpl->name);
    nb_csv_text(w, table);
    nb_csv_text(w, row_key);
    nb_csv_text(w, col_key);
    nb_csv_text(w, row_label);
    nb_csv_text(w, col_label);
    nb_csv_number(w, value);
    nb_csv_text(w, raw);
    nb_csv_text(w, unit);
    nb_csv_text(w, flag);
    nb_csv_text(w, r->source_url);
    nb_csv_end_row(w);
}

/* The amount in 元, or "" when the unit is unknown. */
static void in_yuan(const nb_value *v, char *out, size_t outsz)
{
    out[0] = '\0';
    if (!v->found || v->num.kind != NB_CELL_NUMBER) return;
    if (!strcmp(v->unit, "万元")) nb_number_wan_to_yuan(v->num.value, out, outsz);
    else if (!strcmp(v->unit, "元")) snprintf(out, outsz, "%s", v->num.value);
}

void nb_tidy_write_report(nb_csv *w, const nb_report *r)
{
    const nb_template *t = r->tpl;
    for (int i = 0; i < t->nrows; i++) {
        const nb_row *row = &t->rows[i];
        for (int c = 0; row->columns[c]; c++) {
            const nb_value *v = nb_report_value(r, row, c);
            char flags[96];
            nb_tidy_flags(v, flags, sizeof flags);
            write_row(w, r, nb_table_name(row->table), row->key, row->columns[c]->key,
                      row->label ? row->label : row->group, row->columns[c]->label,
                      v->num.kind == NB_CELL_NUMBER ? v->num.value : "", v->raw, v->unit, flags);
        }
    }
    for (int i = 0; i < t->nrows; i++) {
        const nb_row *row = &t->rows[i];
        for (int c = 0; row->columns[c]; c++) {
            const nb_column *col = row->columns[c];
            if (!col->is_money) continue;
            const nb_value *v = nb_report_value(r, row, c);
            char key[80], label[160], yuan[64], flags[128];
            snprintf(key, sizeof key, "%s_yuan", col->key);
            snprintf(label, sizeof label, "%s（折合元）", col->label);
            in_yuan(v, yuan, sizeof yuan);
            unsigned approx = v->found && v->num.kind == NB_CELL_NUMBER ? v->num.flags & NB_FLAG_APPROX : 0;
            nb_number_flag_names(approx, flags, sizeof flags);
            const char *extra = yuan[0] ? "derived" : v->found && v->num.kind == NB_CELL_NUMBER ? "derived;unit_unknown" : "derived";
            if (flags[0]) strncat(flags, ";", sizeof flags - strlen(flags) - 1);
            strncat(flags, extra, sizeof flags - strlen(flags) - 1);
            write_row(w, r, "derived", row->key, key, row->label, label, yuan, v->raw, "元", flags);
        }
    }
    write_row(w, r, "meta", "page", "title", "", "标题", "", r->title, "", "");
    write_row(w, r, "meta", "page", "publish_date", "", "发布日期", "", r->publish_date, "",
              r->publish_date[0] ? "" : "not_found");
}
