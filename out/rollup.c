/* rollup: county tables, overview and anomaly list (see rollup.h).
 *
 * The county tables are laid out from the template tables, the way the report prints
 * them, so a disclosure officer can put the county's table next to a township's. */
#include "out/rollup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomicfile.h"
#include "base/csvfile.h"

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

/* One year of the county as the roll-up writes it: the cells in the layout of the
 * template most of its reports use. */
typedef struct {
    const nb_template *tpl;
    cell_sum *cells;                 /* per template cell, as nb_report values */
    int nreports;
    nb_buf included, other_format, missing; /* township names, "、"-separated */
} year_sum;

enum { MAX_TEMPLATES = 8 };

/* What the reports of one year and one template added up to, in that template's layout. */
typedef struct {
    int nreports;
    cell_sum *cells; /* NULL until the first report */
    nb_buf names;    /* its townships, in the order added */
} template_sum;

typedef struct {
    template_sum by_template[MAX_TEMPLATES]; /* as nb_templates */
    nb_buf included;
} year_acc;

struct nb_rollup {
    nb_check_scope scope;
    year_acc *years; /* scope.year_from .. scope.year_to */
    nb_summary *summaries;
    int n, cap;
};

static int template_index(const nb_template *tpl)
{
    for (int t = 0; t < MAX_TEMPLATES && nb_templates[t]; t++)
        if (nb_templates[t] == tpl) return t;
    return -1;
}

static int template_cells(const nb_template *tpl)
{
    int n = 0;
    for (int t = 0; t < NB_TABLE_COUNT; t++) n += nb_template_ncells(tpl, (nb_table_id)t);
    return n;
}

static void add_name(nb_buf *list, const char *name)
{
    if (list->len) nb_buf_adds(list, "、");
    nb_buf_adds(list, name);
}

nb_rollup *nb_rollup_new(const nb_check_scope *scope)
{
    nb_rollup *ru = nb_xcalloc(1, sizeof *ru);
    ru->scope = *scope;
    int nyears = scope->year_to >= scope->year_from ? scope->year_to - scope->year_from + 1 : 0;
    ru->years = nb_xcalloc((size_t)(nyears ? nyears : 1), sizeof *ru->years);
    return ru;
}

void nb_rollup_free(nb_rollup *ru)
{
    if (!ru) return;
    for (int y = 0; y <= ru->scope.year_to - ru->scope.year_from; y++) {
        for (int t = 0; t < MAX_TEMPLATES; t++) {
            free(ru->years[y].by_template[t].cells);
            nb_buf_free(&ru->years[y].by_template[t].names);
        }
        nb_buf_free(&ru->years[y].included);
    }
    free(ru->years);
    free(ru->summaries);
    free(ru);
}

static void add_cell(const nb_column *col, const nb_value *v, cell_sum *s)
{
    double x;
    if (!v->found || v->num.kind == NB_CELL_TEXT) s->left_out++;
    else if (v->num.kind != NB_CELL_NUMBER) s->as_zero++;
    else if (!col->is_money) s->sum += v->num.number, s->counted++;
    else if (amount_in_column_unit(col, v, &x)) s->sum += x, s->counted++;
    else s->left_out++;
}

void nb_rollup_add(nb_rollup *ru, const nb_report *r)
{
    if (ru->n == ru->cap) {
        ru->cap = ru->cap ? 2 * ru->cap : 64;
        ru->summaries = nb_xrealloc(ru->summaries, sizeof *ru->summaries * (size_t)ru->cap);
    }
    nb_summary_of(r, &ru->summaries[ru->n++]);
    int t = template_index(r->tpl);
    if (r->year < ru->scope.year_from || r->year > ru->scope.year_to || t < 0) return;
    year_acc *y = &ru->years[r->year - ru->scope.year_from];
    template_sum *ts = &y->by_template[t];
    if (!ts->cells) ts->cells = nb_xcalloc((size_t)template_cells(r->tpl), sizeof *ts->cells);
    ts->nreports++;
    add_name(&ts->names, r->township);
    add_name(&y->included, r->township);
    int index = 0;
    for (int k = 0; k < r->tpl->nrows; k++) {
        const nb_row *row = &r->tpl->rows[k];
        for (int c = 0; row->columns[c]; c++, index++) add_cell(row->columns[c], &r->values[index], &ts->cells[index]);
    }
}

const nb_summary *nb_rollup_summaries(const nb_rollup *ru, int *n)
{
    *n = ru->n;
    return ru->summaries;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The registered townships without a report that year. */
static void list_missing(const nb_rollup *ru, int year, nb_buf *out)
{
    const char **names = nb_xmalloc(sizeof *names * (size_t)(ru->n ? ru->n : 1));
    int m = 0;
    for (int i = 0; i < ru->n; i++)
        if (ru->summaries[i].year == year) names[m++] = ru->summaries[i].township;
    qsort(names, (size_t)m, sizeof *names, compare_names);
    for (int t = 0; t < ru->scope.ntownships; t++)
        if (!bsearch(&ru->scope.townships[t], names, (size_t)m, sizeof *names, compare_names))
            add_name(out, ru->scope.townships[t]);
    free(names);
}

static void merge_cell(cell_sum *into, const cell_sum *from)
{
    into->sum += from->sum;
    into->counted += from->counted;
    into->as_zero += from->as_zero;
    into->left_out += from->left_out;
}

/* The year in the layout of its most used template; a report in another format adds the
 * cells both formats share. ys->tpl is NULL for a year without reports. */
static void sum_year(const nb_rollup *ru, int year, year_sum *ys)
{
    memset(ys, 0, sizeof *ys);
    const year_acc *y = &ru->years[year - ru->scope.year_from];
    int major = -1;
    for (int t = 0; t < MAX_TEMPLATES && nb_templates[t]; t++)
        if (y->by_template[t].nreports > (major < 0 ? 0 : y->by_template[major].nreports)) major = t;
    if (major < 0) return;
    ys->tpl = nb_templates[major];
    int ncells = template_cells(ys->tpl);
    ys->cells = nb_xcalloc((size_t)ncells, sizeof *ys->cells);
    memcpy(ys->cells, y->by_template[major].cells, sizeof *ys->cells * (size_t)ncells);
    nb_buf_adds(&ys->included, nb_buf_str(&y->included));
    list_missing(ru, year, &ys->missing);
    for (int t = 0; t < MAX_TEMPLATES && nb_templates[t]; t++) {
        const template_sum *other = &y->by_template[t];
        ys->nreports += other->nreports;
        if (t == major || !other->nreports) continue;
        add_name(&ys->other_format, other->names.data);
        int index = 0;
        for (int k = 0; k < ys->tpl->nrows; k++) {
            const nb_row *row = &ys->tpl->rows[k];
            for (int c = 0; row->columns[c]; c++, index++) {
                int at = nb_template_cell_index(nb_templates[t], row->table, row->key, row->columns[c]->key);
                if (at >= 0) merge_cell(&ys->cells[index], &other->cells[at]);
            }
        }
    }
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

static int compare_summaries(const void *pa, const void *pb)
{
    const nb_summary *a = *(const nb_summary *const *)pa, *b = *(const nb_summary *const *)pb;
    int c = strcmp(a->township, b->township);
    return c ? c : a->year - b->year;
}

static int compare_key(const char *township, int year, const nb_summary *s)
{
    int c = strcmp(township, s->township);
    return c ? c : year - s->year;
}

static int compare_findings_by_key(const void *pa, const void *pb)
{
    const nb_finding *a = *(const nb_finding *const *)pa, *b = *(const nb_finding *const *)pb;
    int c = strcmp(a->township, b->township);
    return c ? c : a->year - b->year;
}

static void write_key(nb_csv *w, const nb_key_value *k)
{
    char num[64] = "";
    if (k->ok) nb_checks_format_number(k->number, num, sizeof num);
    nb_csv_number(w, num);
}

static int write_overview(const char *outdir, const nb_rollup *ru, const nb_findings *findings, nb_buf *err)
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
    int n = ru->n;
    const nb_summary **sorted = nb_xmalloc(sizeof *sorted * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) sorted[i] = &ru->summaries[i];
    qsort(sorted, (size_t)n, sizeof *sorted, compare_summaries);
    size_t nf = findings->n, next = 0;
    const nb_finding **by_key = nb_xmalloc(sizeof *by_key * (nf ? nf : 1));
    for (size_t i = 0; i < nf; i++) by_key[i] = &findings->items[i];
    qsort(by_key, nf, sizeof *by_key, compare_findings_by_key);
    static const nb_key columns[] = {NB_KEY_RECEIVED, NB_KEY_CARRIED_OVER, NB_KEY_GRANTED, NB_KEY_PARTLY_GRANTED,
                                     NB_KEY_HANDLED, NB_KEY_CARRIED_FORWARD, NB_KEY_REVIEWS};
    for (int i = 0; i < n; i++) {
        const nb_summary *s = sorted[i];
        nb_csv_text(&w, s->county);
        nb_csv_text(&w, s->township);
        nb_csv_int(&w, s->year);
        for (size_t k = 0; k < sizeof columns / sizeof *columns; k++) write_key(&w, &s->keys[columns[k]]);
        const nb_key_value *direct = &s->keys[NB_KEY_SUITS_DIRECT], *after = &s->keys[NB_KEY_SUITS_AFTER_REVIEW];
        nb_key_value suits = {direct->ok || after->ok, direct->number + after->number, ""};
        write_key(&w, &suits);
        nb_csv_text(&w, s->tpl->name);
        nb_csv_text(&w, s->publish_date);
        char deadline[24];
        snprintf(deadline, sizeof deadline, "%04d-%02d-%02d", s->year + 1, ru->scope.deadline_month,
                 ru->scope.deadline_day);
        nb_csv_text(&w, !s->publish_date[0] ? "" : strcmp(s->publish_date, deadline) <= 0 ? "yes" : "no");
        /* Both lists are in township-year order: walk them together. */
        while (next < nf && compare_key(by_key[next]->township, by_key[next]->year, s) < 0) next++;
        int count = 0;
        while (next + (size_t)count < nf && compare_key(by_key[next + count]->township, by_key[next + count]->year, s) == 0)
            count++;
        nb_csv_int(&w, count);
        nb_csv_text(&w, s->source_url);
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

int nb_rollup_write(const char *outdir, const nb_rollup *ru, const nb_findings *findings, nb_buf *err)
{
    int failed = 0;
    nb_buf why = NB_BUF_INIT;
    for (int year = ru->scope.year_from; year <= ru->scope.year_to; year++) {
        year_sum ys;
        sum_year(ru, year, &ys);
        int rc = 0;
        for (int t = 0; t < NB_TABLE_COUNT && ys.tpl && rc == 0; t++)
            rc = write_county_table(outdir, year, (nb_table_id)t, &ys, &ru->scope, &why);
        year_sum_free(&ys);
        if (rc) failed = 1, add_failure(err, &why); /* one line per year: its tables share a folder */
    }
    if (write_overview(outdir, ru, findings, &why) != 0) failed = 1, add_failure(err, &why);
    nb_buf_free(&why);
    return failed ? -1 : 0;
}
