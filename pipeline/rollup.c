/* rollup: county tables, overview and anomaly list (see rollup.h).
 *
 * The county tables are laid out from the template tables, the way the report prints
 * them, so a disclosure officer can put the county's table next to a township's. */
#include "rollup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "csvfile.h"

/* The amount in the unit the county table sums it in: 元 for an amount column without a
 * header unit, 万元 for one whose header states 万元. Returns 0 if the unit is unknown. */
static int amount_in_column_unit(const nb_column *col, const nb_value *v, double *out)
{
    double x = v->num.number;
    const char *unit = v->unit;
    if (col->unit == NB_UNIT_WAN) {
        *out = !strcmp(unit, "元") ? x / 10000 : x;
        return 1;
    }
    if (!strcmp(unit, "万元")) return *out = x * 10000, 1;
    if (!strcmp(unit, "元")) return *out = x, 1;
    return 0;
}

typedef struct {
    double sum;
    int counted;     /* reports whose number went into the sum */
    int as_zero;     /* blank or placeholder cells counted as 0 */
    int left_out;    /* missing, unreadable or unit-less cells */
} cell_sum;

typedef struct {
    const nb_template *tpl;
    cell_sum *cells;                 /* per template cell, as nb_report values */
    int nreports;
    nb_buf included, other_format, missing; /* township names, "、"-separated */
} year_sum;

static void add_name(nb_buf *list, const char *name)
{
    if (list->len) nb_buf_adds(list, "、");
    nb_buf_adds(list, name);
}

static const nb_template *majority_template(const nb_report *const *reports, int n, int year)
{
    const nb_template *best = NULL;
    int best_count = 0;
    for (const nb_template *const *t = nb_templates; *t; t++) {
        int count = 0;
        for (int i = 0; i < n; i++) count += reports[i]->year == year && reports[i]->tpl == *t;
        if (count > best_count) best = *t, best_count = count;
    }
    return best;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The registered townships without a report that year. */
static void list_missing(const nb_report *const *reports, int n, int year, const nb_check_scope *scope, nb_buf *out)
{
    const char **names = nb_xmalloc(sizeof *names * (size_t)(n ? n : 1));
    int m = 0;
    for (int i = 0; i < n; i++)
        if (reports[i]->year == year) names[m++] = reports[i]->township;
    qsort(names, (size_t)m, sizeof *names, compare_names);
    for (int t = 0; t < scope->ntownships; t++)
        if (!bsearch(&scope->townships[t], names, (size_t)m, sizeof *names, compare_names))
            add_name(out, scope->townships[t]);
    free(names);
}

static void sum_year(const nb_report *const *reports, int n, int year, const nb_check_scope *scope, year_sum *ys)
{
    memset(ys, 0, sizeof *ys);
    ys->tpl = majority_template(reports, n, year);
    if (!ys->tpl) return;
    list_missing(reports, n, year, scope, &ys->missing);
    nb_report layout;
    nb_report_init(&layout, ys->tpl);
    ys->cells = nb_xcalloc((size_t)layout.nvalues, sizeof *ys->cells);
    for (int i = 0; i < n; i++) {
        const nb_report *r = reports[i];
        if (r->year != year) continue;
        ys->nreports++;
        add_name(&ys->included, r->township);
        if (r->tpl != ys->tpl) add_name(&ys->other_format, r->township);
        int index = 0;
        for (int k = 0; k < ys->tpl->nrows; k++) {
            const nb_row *row = &ys->tpl->rows[k];
            for (int c = 0; row->columns[c]; c++, index++) {
                /* Same format: the same layout, no lookup (the roll-up of a province runs this
                 * for every cell of 10^5 reports). The other format has only some cells. */
                const nb_value *v = r->tpl == ys->tpl ? &r->values[index]
                                                      : nb_report_find(r, row->table, row->key, row->columns[c]->key);
                cell_sum *s = &ys->cells[index];
                double x;
                if (!v) continue;
                if (!v->found || v->num.kind == NB_CELL_TEXT) s->left_out++;
                else if (v->num.kind != NB_CELL_NUMBER) s->as_zero++;
                else if (!row->columns[c]->is_money) s->sum += v->num.number, s->counted++;
                else if (amount_in_column_unit(row->columns[c], v, &x)) s->sum += x, s->counted++;
                else s->left_out++;
            }
        }
    }
    nb_report_free(&layout);
}

static void year_sum_free(year_sum *ys)
{
    free(ys->cells);
    nb_buf_free(&ys->included);
    nb_buf_free(&ys->other_format);
    nb_buf_free(&ys->missing);
}

static void write_sum(nb_csv *w, const cell_sum *s)
{
    char num[64];
    nb_checks_format_number(s->sum, num, sizeof num);
    nb_csv_number(w, num);
}

static const char *column_header(const nb_column *col, char *buf, size_t n)
{
    if (col->is_money && col->unit != NB_UNIT_WAN) snprintf(buf, n, "%s（元）", col->label);
    else snprintf(buf, n, "%s", col->label);
    return buf;
}

static int cell_index(const nb_template *t, const nb_row *row)
{
    int index = 0;
    for (int k = 0; k < t->nrows && &t->rows[k] != row; k++) index += nb_row_ncolumns(&t->rows[k]);
    return index;
}

/* Table 二: each block's section row, its header, its rows. */
static void write_table2(nb_csv *w, const year_sum *ys)
{
    const char *block = NULL;
    for (int k = 0; k < ys->tpl->nrows; k++) {
        const nb_row *row = &ys->tpl->rows[k];
        if (row->table != NB_T2) continue;
        if (!block || strcmp(block, row->group)) {
            block = row->group;
            nb_csv_text(w, block);
            nb_csv_end_row(w);
            nb_csv_text(w, "信息内容");
            for (int c = 0; row->columns[c]; c++) {
                char h[160];
                nb_csv_text(w, column_header(row->columns[c], h, sizeof h));
            }
            nb_csv_end_row(w);
        }
        nb_csv_text(w, row->label);
        int index = cell_index(ys->tpl, row);
        for (int c = 0; row->columns[c]; c++) write_sum(w, &ys->cells[index + c]);
        nb_csv_end_row(w);
    }
}

/* Table 三: one header row of the seven columns, one row per template row, labelled
 * with its group as printed ("三、本年度办理结果 （三）不予公开 1.属于国家秘密"). */
static void write_table3(nb_csv *w, const year_sum *ys)
{
    int header = 0;
    for (int k = 0; k < ys->tpl->nrows; k++) {
        const nb_row *row = &ys->tpl->rows[k];
        if (row->table != NB_T3) continue;
        if (!header) {
            nb_csv_text(w, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");
            for (int c = 0; row->columns[c]; c++) nb_csv_text(w, row->columns[c]->label);
            nb_csv_end_row(w);
            header = 1;
        }
        char label[512];
        snprintf(label, sizeof label, "%s%s%s", row->group ? row->group : "", row->group ? " " : "", row->label);
        nb_csv_text(w, label);
        int index = cell_index(ys->tpl, row);
        for (int c = 0; row->columns[c]; c++) write_sum(w, &ys->cells[index + c]);
        nb_csv_end_row(w);
    }
}

/* Table 四: the three header rows of the template (merged cells left empty), then the
 * one row of fifteen figures. */
static void write_table4(nb_csv *w, const year_sum *ys)
{
    const nb_row *groups[8];
    int ngroups = 0;
    for (int k = 0; k < ys->tpl->nrows && ngroups < 8; k++)
        if (ys->tpl->rows[k].table == NB_T4) groups[ngroups++] = &ys->tpl->rows[k];
    /* row 1: the group's first word (行政复议 / 行政诉讼) where it starts */
    for (int g = 0; g < ngroups; g++) {
        const char *word = groups[g]->group;
        size_t len = strcspn(word, " ");
        int continues = g > 0 && strcspn(groups[g - 1]->group, " ") == len && !strncmp(groups[g - 1]->group, word, len);
        for (int c = 0; groups[g]->columns[c]; c++) {
            if (c == 0 && !continues) nb_csv_textn(w, word, len);
            else nb_csv_text(w, "");
        }
    }
    nb_csv_end_row(w);
    /* row 2: the sub-group (未经复议直接起诉 / 复议后起诉), or the columns of a group
     * that has none */
    for (int g = 0; g < ngroups; g++) {
        const char *sub = strchr(groups[g]->group, ' ');
        for (int c = 0; groups[g]->columns[c]; c++) {
            if (!sub) nb_csv_text(w, groups[g]->columns[c]->label);
            else nb_csv_text(w, c == 0 ? sub + 1 : "");
        }
    }
    nb_csv_end_row(w);
    for (int g = 0; g < ngroups; g++) {
        const char *sub = strchr(groups[g]->group, ' ');
        for (int c = 0; groups[g]->columns[c]; c++) nb_csv_text(w, sub ? groups[g]->columns[c]->label : "");
    }
    nb_csv_end_row(w);
    for (int g = 0; g < ngroups; g++) {
        int index = cell_index(ys->tpl, groups[g]);
        for (int c = 0; groups[g]->columns[c]; c++) write_sum(w, &ys->cells[index + c]);
    }
    nb_csv_end_row(w);
}

static void write_notes(nb_csv *w, const year_sum *ys, nb_table_id table)
{
    int as_zero = 0, left_out = 0, index = 0;
    for (int k = 0; k < ys->tpl->nrows; k++) {
        const nb_row *row = &ys->tpl->rows[k];
        for (int c = 0; row->columns[c]; c++, index++)
            if (row->table == table) as_zero += ys->cells[index].as_zero, left_out += ys->cells[index].left_out;
    }
    nb_csv_end_row(w);
    nb_csv_text(w, "纳入统计的乡镇数");
    nb_csv_int(w, ys->nreports);
    nb_csv_end_row(w);
    nb_csv_text(w, "纳入统计的乡镇");
    nb_csv_text(w, nb_buf_str(&ys->included));
    nb_csv_end_row(w);
    nb_csv_text(w, "缺少年报的乡镇");
    nb_csv_text(w, ys->missing.len ? ys->missing.data : "无");
    nb_csv_end_row(w);
    nb_csv_text(w, "空白或“/”“无”等单元格按0计入");
    nb_csv_int(w, as_zero);
    nb_csv_end_row(w);
    nb_csv_text(w, "缺失、无法识别或金额单位不明、未计入的单元格");
    nb_csv_int(w, left_out);
    nb_csv_end_row(w);
    if (ys->other_format.len) {
        nb_csv_text(w, "使用另一年版格式的年报（仅计入两版共有的单元格）");
        nb_csv_text(w, ys->other_format.data);
        nb_csv_end_row(w);
    }
}

static int write_county_table(const char *outdir, int year, nb_table_id table, const year_sum *ys,
                              const nb_check_scope *scope, nb_buf *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%d/county_table%d.csv", outdir, year, (int)table + 2);
    nb_atomic a;
    if (nb_atomic_open(&a, path, err) != 0) return -1;
    nb_csv w;
    nb_csv_start(&w, a.f, NB_CSV_BOM);
    char title[512];
    snprintf(title, sizeof title, "%s%d年度 %s（%d个乡镇合计，%s年版格式）", scope->county, year, nb_table_title(table),
             ys->nreports, ys->tpl->name);
    nb_csv_text(&w, title);
    nb_csv_end_row(&w);
    if (table == NB_T2) write_table2(&w, ys);
    else if (table == NB_T3) write_table3(&w, ys);
    else write_table4(&w, ys);
    write_notes(&w, ys, table);
    return nb_atomic_commit(&a, err);
}

static double key_figure(const nb_report *r, nb_table_id t, const char *row, int *ok)
{
    const nb_value *v = nb_report_find(r, t, row, "total");
    *ok = v && v->found && v->num.kind == NB_CELL_NUMBER;
    return *ok ? v->num.number : 0;
}

static int compare_reports(const void *pa, const void *pb)
{
    const nb_report *a = *(const nb_report *const *)pa, *b = *(const nb_report *const *)pb;
    int c = strcmp(a->township, b->township);
    return c ? c : a->year - b->year;
}

static int compare_key(const char *township, int year, const nb_report *r)
{
    int c = strcmp(township, r->township);
    return c ? c : year - r->year;
}

static int compare_findings_by_key(const void *pa, const void *pb)
{
    const nb_finding *a = *(const nb_finding *const *)pa, *b = *(const nb_finding *const *)pb;
    int c = strcmp(a->township, b->township);
    return c ? c : a->year - b->year;
}

static int write_overview(const char *outdir, const nb_report *const *reports, int n, const nb_check_scope *scope,
                          const nb_findings *findings, nb_buf *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/overview.csv", outdir);
    nb_atomic a;
    if (nb_atomic_open(&a, path, err) != 0) return -1;
    nb_csv w;
    nb_csv_start(&w, a.f, NB_CSV_BOM);
    static const char *const header[] = {"county", "township", "year", "received", "carried_over", "granted",
                                         "partly_granted", "total_handled", "carried_forward", "reviews", "lawsuits",
                                         "template", "publish_date", "on_time", "anomalies", "source_url"};
    nb_csv_row(&w, header, (int)(sizeof header / sizeof *header));
    const nb_report **sorted = nb_xmalloc(sizeof *sorted * (size_t)(n ? n : 1));
    memcpy(sorted, reports, sizeof *sorted * (size_t)n);
    qsort(sorted, (size_t)n, sizeof *sorted, compare_reports);
    size_t nf = findings->n, next = 0;
    const nb_finding **by_key = nb_xmalloc(sizeof *by_key * (nf ? nf : 1));
    for (size_t i = 0; i < nf; i++) by_key[i] = &findings->items[i];
    qsort(by_key, nf, sizeof *by_key, compare_findings_by_key);
    static const struct {
        nb_table_id table;
        const char *row;
    } figures[] = {{NB_T3, "new_received"}, {NB_T3, "carried_over"}, {NB_T3, "res_granted"}, {NB_T3, "res_partial"},
                   {NB_T3, "res_total"}, {NB_T3, "carry_forward"}, {NB_T4, "review"}};
    for (int i = 0; i < n; i++) {
        const nb_report *r = sorted[i];
        nb_csv_text(&w, r->county);
        nb_csv_text(&w, r->township);
        nb_csv_int(&w, r->year);
        for (size_t k = 0; k < sizeof figures / sizeof *figures; k++) {
            int ok;
            double v = key_figure(r, figures[k].table, figures[k].row, &ok);
            char num[64] = "";
            if (ok) nb_checks_format_number(v, num, sizeof num);
            nb_csv_number(&w, num);
        }
        int ok1, ok2;
        double suits = key_figure(r, NB_T4, "suit_direct", &ok1) + key_figure(r, NB_T4, "suit_after_review", &ok2);
        char num[64] = "";
        if (ok1 || ok2) nb_checks_format_number(suits, num, sizeof num);
        nb_csv_number(&w, num);
        nb_csv_text(&w, r->tpl->name);
        nb_csv_text(&w, r->publish_date);
        char deadline[24];
        snprintf(deadline, sizeof deadline, "%04d-%02d-%02d", r->year + 1, scope->deadline_month, scope->deadline_day);
        nb_csv_text(&w, !r->publish_date[0] ? "" : strcmp(r->publish_date, deadline) <= 0 ? "yes" : "no");
        /* Both lists are in township-year order: walk them together. */
        while (next < nf && compare_key(by_key[next]->township, by_key[next]->year, r) < 0) next++;
        int count = 0;
        while (next + (size_t)count < nf && compare_key(by_key[next + count]->township, by_key[next + count]->year, r) == 0)
            count++;
        nb_csv_int(&w, count);
        nb_csv_text(&w, r->source_url);
        nb_csv_end_row(&w);
    }
    free(sorted);
    free(by_key);
    return nb_atomic_commit(&a, err);
}

/* A file that cannot be written does not stop the others (a year's folder replaced by
 * a file, say): each failure adds its line to err. */
static void add_failure(nb_buf *err, nb_buf *why)
{
    if (err->len) nb_buf_addc(err, '\n');
    nb_buf_add(err, why->data, why->len);
    nb_buf_clear(why);
}

int nb_rollup_write(const char *outdir, const nb_report *const *reports, int n, const nb_check_scope *scope,
                    const nb_findings *findings, nb_buf *err)
{
    int failed = 0;
    nb_buf why = NB_BUF_INIT;
    for (int year = scope->year_from; year <= scope->year_to; year++) {
        year_sum ys;
        sum_year(reports, n, year, scope, &ys);
        int rc = 0;
        for (int t = 0; t < NB_TABLE_COUNT && ys.tpl && rc == 0; t++)
            rc = write_county_table(outdir, year, (nb_table_id)t, &ys, scope, &why);
        year_sum_free(&ys);
        if (rc) failed = 1, add_failure(err, &why); /* one line per year: its tables share a folder */
    }
    if (write_overview(outdir, reports, n, scope, findings, &why) != 0) failed = 1, add_failure(err, &why);
    nb_buf_free(&why);
    return failed ? -1 : 0;
}
