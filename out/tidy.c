/* tidy: report -> tidy CSV rows (see tidy.h). */
#include "out/tidy.h"

#include <stdio.h>
#include <stdlib.h>
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
    nb_report_mark_names(v->marks, out, outsz);
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
            if (v->found) nb_report_mark_names(v->marks, flags, sizeof flags);
            write_row(w, r, "derived", row->key, key, row->label, label, yuan, v->raw, "元", flags);
        }
    }
    write_row(w, r, "meta", "page", "title", "", "标题", "", r->title, "", "");
    write_row(w, r, "meta", "page", "publish_date", "", "发布日期", "", r->publish_date, "",
              !r->publish_date[0] ? "not_found" : r->publish_date_listed ? "listing" : "");
    if (r->page_url[0]) write_row(w, r, "meta", "page", "page_url", "", "报告页面", "", r->page_url, "", "");
    if (r->content_sha256[0])
        write_row(w, r, "meta", "page", "sha256", "", "页面内容SHA-256", "", r->content_sha256, "", "");
    /* Only when not the page itself: the stored CSVs of page reports stay as they were. */
    if (r->source != NB_SOURCE_PAGE)
        write_row(w, r, "meta", "page", "source_kind", "", "表格来源", "", nb_source_kind_name(r->source), "", "");
}

enum { COL_COUNTY, COL_TOWNSHIP, COL_YEAR, COL_TEMPLATE, COL_TABLE, COL_ROW_KEY, COL_COL_KEY,
       COL_ROW_LABEL, COL_COL_LABEL, COL_VALUE, COL_RAW, COL_UNIT, COL_FLAG, COL_SOURCE_URL, NCOLS };

typedef struct {
    nb_report *r;
    nb_buf *err;
    int started;
} tidy_reader;

static int has_flag(const char *flags, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = flags; *p;) {
        size_t len = strcspn(p, ";");
        if (len == n && !strncmp(p, name, n)) return 1;
        p += len + (p[len] == ';');
    }
    return 0;
}

static unsigned number_flags(const char *flags)
{
    static const char *const names[] = {"approximate", "annotated", "unit_stripped", "fullwidth", "thousands", "too_large"};
    unsigned bits = 0;
    for (unsigned i = 0; i < sizeof names / sizeof *names; i++)
        if (has_flag(flags, names[i])) bits |= 1u << i;
    return bits;
}

static int read_tidy_row(void *ctx, char **f, int n, long line)
{
    tidy_reader *tr = ctx;
    if (line == 1 || (n == 1 && !f[0][0])) return 0; /* the header; a trailing empty line */
    if (n != NCOLS) {
        nb_buf_printf(tr->err, "line %ld: %d fields, expected %d", line, n, NCOLS);
        return -1;
    }
    nb_report *r = tr->r;
    if (!tr->started) {
        const nb_template *t = nb_template_by_name(f[COL_TEMPLATE]);
        if (!t) {
            nb_buf_printf(tr->err, "line %ld: unknown template \"%s\"", line, f[COL_TEMPLATE]);
            return -1;
        }
        nb_report_init(r, t);
        snprintf(r->county, sizeof r->county, "%s", nb_csv_unguard(f[COL_COUNTY]));
        snprintf(r->township, sizeof r->township, "%s", nb_csv_unguard(f[COL_TOWNSHIP]));
        snprintf(r->source_url, sizeof r->source_url, "%s", nb_csv_unguard(f[COL_SOURCE_URL]));
        r->year = atoi(f[COL_YEAR]);
        tr->started = 1;
    }
    const char *raw = nb_csv_unguard(f[COL_RAW]);
    const char *table = f[COL_TABLE];
    if (!strcmp(table, "meta")) {
        if (!strcmp(f[COL_COL_KEY], "title")) snprintf(r->title, sizeof r->title, "%s", raw);
        else if (!strcmp(f[COL_COL_KEY], "publish_date")) {
            snprintf(r->publish_date, sizeof r->publish_date, "%s", f[COL_RAW]);
            r->publish_date_listed = has_flag(f[COL_FLAG], "listing");
        }
        else if (!strcmp(f[COL_COL_KEY], "page_url")) snprintf(r->page_url, sizeof r->page_url, "%s", raw);
        else if (!strcmp(f[COL_COL_KEY], "sha256")) snprintf(r->content_sha256, sizeof r->content_sha256, "%s", f[COL_RAW]);
        else if (!strcmp(f[COL_COL_KEY], "source_kind")) {
            int k = nb_source_kind_parse(f[COL_RAW]);
            if (k < 0) {
                nb_buf_printf(tr->err, "line %ld: unknown source kind \"%s\"", line, f[COL_RAW]);
                return -1;
            }
            r->source = (nb_source_kind)k;
        }
        return 0;
    }
    if (!strcmp(table, "derived")) return 0;
    nb_table_id id = NB_TABLE_COUNT;
    for (int t = 0; t < NB_TABLE_COUNT; t++)
        if (!strcmp(table, nb_table_name((nb_table_id)t))) id = (nb_table_id)t;
    nb_value *v = id < NB_TABLE_COUNT ? nb_report_find(r, id, f[COL_ROW_KEY], f[COL_COL_KEY]) : NULL;
    if (!v) {
        nb_buf_printf(tr->err, "line %ld: unknown template cell %s/%s/%s", line, table, f[COL_ROW_KEY], f[COL_COL_KEY]);
        return -1;
    }
    const char *flags = f[COL_FLAG];
    v->found = !has_flag(flags, "not_found");
    nb_report_set_raw(r, v, raw, strlen(raw));
    snprintf(v->unit, sizeof v->unit, "%s", f[COL_UNIT]);
    memset(&v->num, 0, sizeof v->num);
    if (has_flag(flags, "blank") || !v->found) v->num.kind = NB_CELL_BLANK;
    else if (has_flag(flags, "placeholder")) v->num.kind = NB_CELL_PLACEHOLDER;
    else if (has_flag(flags, "unreadable")) v->num.kind = NB_CELL_TEXT;
    else {
        v->num.kind = NB_CELL_NUMBER;
        snprintf(v->num.value, sizeof v->num.value, "%s", f[COL_VALUE]);
        v->num.number = strtod(f[COL_VALUE], NULL);
        v->num.flags = number_flags(flags);
        snprintf(v->num.unit, sizeof v->num.unit, "%s", has_flag(flags, "unit_stripped") ? f[COL_UNIT] : "");
    }
    v->marks = nb_report_marks_from_names(flags);
    r->tables_found[id] |= v->found;
    return 0;
}

int nb_tidy_read(const char *data, size_t len, nb_report *out, nb_buf *err)
{
    tidy_reader tr = {out, err, 0};
    int rc = nb_csv_parse(data, len, read_tidy_row, &tr, err);
    if (rc != 0 || !tr.started) {
        if (tr.started) nb_report_free(out);
        if (rc == 0) nb_buf_adds(err, "no report rows");
        return -1;
    }
    return 0;
}
