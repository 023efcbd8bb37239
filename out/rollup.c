/* rollup: county tables and overview (see rollup.h).
 *
 * The county tables are laid out from the template tables, the way the report prints
 * them, so a disclosure officer can put the county's table next to a township's. What
 * could not be summed is kept cell by cell while the reports stream past (a summed
 * table that only says "7 cells not counted" leaves the reader to guess which). */
#include "out/rollup.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomicfile.h"
#include "base/csvfile.h"
#include "base/utf8.h"

enum { MAX_TEMPLATES = 8, RAW_CHARS = 120 };

/* What the reports of one year and one template added up to, in that template's layout. */
typedef struct {
    int nreports;
    nb_cell_sum *cells; /* NULL until the first report */
    nb_buf names;       /* its townships, in the order added */
} template_sum;

typedef struct {
    template_sum by_template[MAX_TEMPLATES]; /* as nb_templates */
    nb_buf included;
    nb_left_out *left;
    int nleft, capleft;
} year_acc;

struct nb_rollup {
    nb_check_scope scope;
    char *code;
    year_acc *years; /* scope.year_from .. scope.year_to */
    nb_summary *summaries;
    int n, cap;
};

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
    if (x == 0) return *out = 0, 1; /* zero is zero in any unit */
    return 0;
}

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

nb_rollup *nb_rollup_new(const nb_check_scope *scope, const char *county_code)
{
    nb_rollup *ru = nb_xcalloc(1, sizeof *ru);
    ru->scope = *scope;
    ru->code = nb_xstrdup(county_code ? county_code : "");
    int nyears = scope->year_to >= scope->year_from ? scope->year_to - scope->year_from + 1 : 0;
    ru->years = nb_xcalloc((size_t)(nyears ? nyears : 1), sizeof *ru->years);
    return ru;
}

void nb_rollup_free(nb_rollup *ru)
{
    if (!ru) return;
    for (int y = 0; y <= ru->scope.year_to - ru->scope.year_from; y++) {
        year_acc *acc = &ru->years[y];
        for (int t = 0; t < MAX_TEMPLATES; t++) {
            free(acc->by_template[t].cells);
            nb_buf_free(&acc->by_template[t].names);
        }
        nb_buf_free(&acc->included);
        for (int i = 0; i < acc->nleft; i++) free(acc->left[i].raw);
        free(acc->left);
    }
    free(ru->years);
    free(ru->summaries);
    free(ru->code);
    free(ru);
}

const nb_check_scope *nb_rollup_scope(const nb_rollup *ru)
{
    return &ru->scope;
}

const char *nb_rollup_county_code(const nb_rollup *ru)
{
    return ru->code;
}

/* Adds the cell to its sum; returns why it could not be counted, or NULL. */
static const char *add_cell(const nb_column *col, const nb_value *v, nb_cell_sum *s)
{
    double x;
    const char *why = NULL;
    if (!v->found) why = "页面上没有这一格";
    else if (v->num.kind == NB_CELL_TEXT) why = "不是一个数字";
    else if (v->num.kind != NB_CELL_NUMBER) s->as_zero++;
    else if (v->num.flags & NB_FLAG_TOO_LARGE) why = "超过15位有效数字，无法精确相加"; /* a sum would be off */
    else if (!col->is_money) s->sum += v->num.number, s->counted++;
    else if (amount_in_column_unit(col, v, &x)) s->sum += x, s->counted++;
    else why = "金额没有注明单位（元或万元）";
    if (why) s->left_out++;
    return why;
}

/* The first RAW_CHARS characters of text, "…" when cut. */
static char *excerpt(const char *text)
{
    size_t len = strlen(text), at = 0;
    for (int chars = 0; at < len && chars < RAW_CHARS; chars++) {
        size_t n = nb_utf8_sequence_length((const unsigned char *)text + at, len - at);
        at += n ? n : 1;
    }
    nb_buf b = NB_BUF_INIT;
    nb_buf_add(&b, text, at);
    if (at < len) nb_buf_adds(&b, "…");
    return b.data ? nb_buf_detach(&b) : nb_xstrdup(""); /* adding nothing may still allocate */
}

static void add_left_out(year_acc *acc, const char *township, nb_table_id table, const nb_row *row,
                         const nb_column *col, const char *raw, const char *why)
{
    if (acc->nleft == acc->capleft) {
        acc->capleft = acc->capleft ? 2 * acc->capleft : 16;
        acc->left = nb_xrealloc(acc->left, sizeof *acc->left * (size_t)acc->capleft);
    }
    nb_left_out *l = &acc->left[acc->nleft++];
    snprintf(l->township, sizeof l->township, "%s", township);
    l->table = table;
    l->row = row;
    l->col = col;
    l->raw = excerpt(raw);
    l->why = why;
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
    /* A table the report lacks is one note, not a line per cell. */
    for (int k = 0; k < NB_TABLE_COUNT; k++)
        if (!r->tables_found[k]) add_left_out(y, r->township, (nb_table_id)k, NULL, NULL, "", "年报中没有这张表");
    int index = 0;
    for (int k = 0; k < r->tpl->nrows; k++) {
        const nb_row *row = &r->tpl->rows[k];
        for (int c = 0; row->columns[c]; c++, index++) {
            const nb_value *v = &r->values[index];
            const char *why = add_cell(row->columns[c], v, &ts->cells[index]);
            if (why && r->tables_found[row->table]) add_left_out(y, r->township, row->table, row, row->columns[c], v->raw, why);
        }
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

static void merge_cell(nb_cell_sum *into, const nb_cell_sum *from)
{
    into->sum += from->sum;
    into->counted += from->counted;
    into->as_zero += from->as_zero;
    into->left_out += from->left_out;
}

/* The year in the layout of its most used template; a report in another format adds the
 * cells both formats share. */
void nb_rollup_year(const nb_rollup *ru, int year, nb_county_year *ys)
{
    memset(ys, 0, sizeof *ys);
    ys->year = year;
    if (year < ru->scope.year_from || year > ru->scope.year_to) return;
    const year_acc *y = &ru->years[year - ru->scope.year_from];
    int major = -1;
    for (int t = 0; t < MAX_TEMPLATES && nb_templates[t]; t++)
        if (y->by_template[t].nreports > (major < 0 ? 0 : y->by_template[major].nreports)) major = t;
    list_missing(ru, year, &ys->missing);
    if (major < 0) return;
    ys->tpl = nb_templates[major];
    int ncells = template_cells(ys->tpl);
    ys->cells = nb_xcalloc((size_t)ncells, sizeof *ys->cells);
    memcpy(ys->cells, y->by_template[major].cells, sizeof *ys->cells * (size_t)ncells);
    nb_buf_adds(&ys->included, nb_buf_str(&y->included));
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
    /* The cells left out that this layout has (a report in the other format brings
     * cells the layout does not print at all: the other_format note covers those). */
    ys->left_out = nb_xmalloc(sizeof *ys->left_out * (size_t)(y->nleft ? y->nleft : 1));
    for (int i = 0; i < y->nleft; i++) {
        const nb_left_out *l = &y->left[i];
        if (!l->col || nb_template_cell_index(ys->tpl, l->table, l->row->key, l->col->key) >= 0)
            ys->left_out[ys->nleft_out++] = l;
    }
}

void nb_county_year_free(nb_county_year *ys)
{
    free(ys->cells);
    free(ys->left_out);
    nb_buf_free(&ys->included);
    nb_buf_free(&ys->other_format);
    nb_buf_free(&ys->missing);
    memset(ys, 0, sizeof *ys);
}

const nb_cell_sum *nb_county_year_cell(const nb_county_year *y, nb_table_id table, const char *row_key,
                                       const char *col_key)
{
    int at = y->tpl ? nb_template_cell_index(y->tpl, table, row_key, col_key) : -1;
    return at >= 0 ? &y->cells[at] : NULL;
}

const char *nb_county_column_header(const nb_column *col, char *buf, size_t n)
{
    if (col->is_money && col->unit != NB_UNIT_WAN) snprintf(buf, n, "%s（元）", col->label);
    else snprintf(buf, n, "%s", col->label);
    return buf;
}

void nb_county_table_title(const nb_rollup *ru, const nb_county_year *y, nb_table_id table, char *buf, size_t n)
{
    snprintf(buf, n, "%s%d年度 %s（%d个乡镇合计，%s年版格式）", ru->scope.county, y->year, nb_table_title(table),
             y->nreports, y->tpl ? y->tpl->name : "?");
}

/* ---- notes ---- */

static nb_note_row *note(nb_notes *notes, int n, ...)
{
    if (notes->n == notes->cap) {
        notes->cap = notes->cap ? 2 * notes->cap : 16;
        notes->rows = nb_xrealloc(notes->rows, sizeof *notes->rows * (size_t)notes->cap);
    }
    nb_note_row *r = &notes->rows[notes->n++];
    memset(r, 0, sizeof *r);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n && i < 4; i++) r->field[r->n++] = nb_xstrdup(va_arg(ap, const char *));
    va_end(ap);
    return r;
}

static void note_count(nb_notes *notes, const char *label, int count)
{
    char num[24];
    snprintf(num, sizeof num, "%d", count);
    note(notes, 2, label, num)->numbers = 2;
}

/* "第二十条第（九）项 政府集中采购 / 采购总金额", "表三 …（七）总计 / 总计": how a person finds the cell. */
static void cell_name(const nb_left_out *l, char *buf, size_t n)
{
    if (!l->col) {
        snprintf(buf, n, "%s（整表）", nb_table_title(l->table));
        return;
    }
    const char *group = l->row->group ? l->row->group : "";
    const char *label = l->row->label ? l->row->label : "";
    snprintf(buf, n, "%s%s%s / %s", group, *group && *label ? " " : "", label, l->col->label);
}

static int name_listed(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; (p = strstr(p, name)); p += n) {
        int starts = p == list || !strncmp(p - 3, "、", 3);
        int ends = p[n] == '\0' || !strncmp(p + n, "、", 3);
        if (starts && ends) return 1;
    }
    return 0;
}

void nb_county_notes(const nb_county_year *ys, nb_table_id table, const nb_findings *findings, nb_notes *out)
{
    memset(out, 0, sizeof *out);
    int as_zero = 0, left_out = 0, index = 0;
    for (int k = 0; k < ys->tpl->nrows; k++) {
        const nb_row *row = &ys->tpl->rows[k];
        for (int c = 0; row->columns[c]; c++, index++)
            if (row->table == table) as_zero += ys->cells[index].as_zero, left_out += ys->cells[index].left_out;
    }
    note_count(out, "纳入统计的乡镇数", ys->nreports);
    note(out, 2, "纳入统计的乡镇", nb_buf_str(&ys->included));
    note(out, 2, "缺少年报的乡镇", ys->missing.len ? ys->missing.data : "无");
    note_count(out, "空白或“/”“无”等单元格按0计入", as_zero);
    note_count(out, "缺失、无法识别或金额单位不明、未计入的单元格", left_out);
    if (ys->other_format.len) note(out, 2, "使用另一年版格式的年报（仅计入两版共有的单元格）", ys->other_format.data);
    int listed = 0;
    for (int i = 0; i < ys->nleft_out; i++) {
        const nb_left_out *l = ys->left_out[i];
        if (l->table != table) continue;
        if (!listed++) note(out, 4, "未计入合计的单元格：乡镇", "单元格", "原文", "原因");
        char name[512];
        cell_name(l, name, sizeof name);
        note(out, 4, l->township, name, l->raw, l->why);
    }
    /* The sums include these townships' figures although their own report breaks a rule
     * of error severity: the reader should know which numbers to doubt. */
    listed = 0;
    for (size_t i = 0; findings && i < findings->n; i++) {
        const nb_finding *f = &findings->items[i];
        if (f->rule->severity != NB_SEV_ERROR || f->year != ys->year || (f->has_table && f->table != table) ||
            !name_listed(nb_buf_str(&ys->included), f->township))
            continue;
        if (!listed++) note(out, 4, "已计入合计、但年报有错误的乡镇", "规则", "说明", "已确认");
        note(out, 4, f->township, f->rule->id, f->message, f->ack ? "是" : "");
    }
}

void nb_notes_free(nb_notes *notes)
{
    for (int i = 0; i < notes->n; i++)
        for (int k = 0; k < notes->rows[i].n; k++) free(notes->rows[i].field[k]);
    free(notes->rows);
    memset(notes, 0, sizeof *notes);
}

/* ---- the CSV tables ---- */

static void write_sum(nb_csv *w, const nb_cell_sum *s)
{
    char num[64];
    nb_checks_format_number(s->sum, num, sizeof num);
    nb_csv_number(w, num);
}

static int cell_index(const nb_template *t, const nb_row *row)
{
    int index = 0;
    for (int k = 0; k < t->nrows && &t->rows[k] != row; k++) index += nb_row_ncolumns(&t->rows[k]);
    return index;
}

/* Table 二: each block's section row, its header, its rows. */
static void write_table2(nb_csv *w, const nb_county_year *ys)
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
                nb_csv_text(w, nb_county_column_header(row->columns[c], h, sizeof h));
            }
            nb_csv_end_row(w);
        }
        nb_csv_text(w, row->label);
        int index = cell_index(ys->tpl, row);
        for (int c = 0; row->columns[c]; c++) write_sum(w, &ys->cells[index + c]);
        nb_csv_end_row(w);
    }
}

/* Table 三: the template's three header rows (the corner note; 申请人情况 over all seven
 * columns; 自然人, the group 法人或其他组织 over its five, 总计; then the five), merged
 * cells left empty; then one row per template row, labelled with its group as printed
 * ("三、本年度办理结果 （三）不予公开 1.属于国家秘密"). */
static void write_table3(nb_csv *w, const nb_county_year *ys)
{
    const nb_row *first = NULL;
    for (int k = 0; k < ys->tpl->nrows && !first; k++)
        if (ys->tpl->rows[k].table == NB_T3) first = &ys->tpl->rows[k];
    if (!first) return;
    const nb_column *const *cols = first->columns;
    nb_csv_text(w, ys->tpl->header_corner[NB_T3] ? ys->tpl->header_corner[NB_T3] : "");
    for (int c = 0; cols[c]; c++) nb_csv_text(w, c == 0 && ys->tpl->header_over_values[NB_T3] ? ys->tpl->header_over_values[NB_T3] : "");
    nb_csv_end_row(w);
    nb_csv_text(w, "");
    for (int c = 0; cols[c]; c++) {
        const char *group = cols[c]->group;
        int starts = group && (c == 0 || !cols[c - 1]->group || strcmp(cols[c - 1]->group, group));
        nb_csv_text(w, !group ? cols[c]->label : starts ? group : "");
    }
    nb_csv_end_row(w);
    nb_csv_text(w, "");
    for (int c = 0; cols[c]; c++) nb_csv_text(w, cols[c]->group ? cols[c]->label : "");
    nb_csv_end_row(w);
    for (int k = 0; k < ys->tpl->nrows; k++) {
        const nb_row *row = &ys->tpl->rows[k];
        if (row->table != NB_T3) continue;
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
static void write_table4(nb_csv *w, const nb_county_year *ys)
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

static void write_notes(nb_csv *w, const nb_county_year *ys, nb_table_id table, const nb_findings *findings)
{
    nb_notes notes;
    nb_county_notes(ys, table, findings, &notes);
    nb_csv_end_row(w);
    for (int i = 0; i < notes.n; i++) {
        const nb_note_row *r = &notes.rows[i];
        /* a section of its own (the list of cells left out, the error list) after a blank row */
        if (i > 0 && r->n == 4 && notes.rows[i - 1].n == 2) nb_csv_end_row(w);
        for (int k = 0; k < r->n; k++) {
            if (r->numbers & (1u << k)) nb_csv_number(w, r->field[k]);
            else nb_csv_text(w, r->field[k]);
        }
        nb_csv_end_row(w);
    }
    nb_notes_free(&notes);
}

static int write_county_table(const char *outdir, const nb_rollup *ru, nb_table_id table, const nb_county_year *ys,
                              const nb_findings *findings, nb_buf *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%d/county_table%d.csv", outdir, ys->year, (int)table + 2);
    nb_atomic a;
    if (nb_atomic_open(&a, path, err) != 0) return -1;
    nb_csv w;
    nb_csv_start(&w, a.f, NB_CSV_BOM);
    char title[512];
    nb_county_table_title(ru, ys, table, title, sizeof title);
    nb_csv_text(&w, title);
    nb_csv_end_row(&w);
    if (table == NB_T2) write_table2(&w, ys);
    else if (table == NB_T3) write_table3(&w, ys);
    else write_table4(&w, ys);
    write_notes(&w, ys, table, findings);
    return nb_atomic_commit(&a, err);
}

/* ---- the overview ---- */

static int compare_key(const char *township, int year, const char *t2, int y2)
{
    int c = strcmp(township, t2);
    return c ? c : (year > y2) - (year < y2);
}

static int compare_summary_ptrs(const void *pa, const void *pb)
{
    const nb_summary *a = *(const nb_summary *const *)pa, *b = *(const nb_summary *const *)pb;
    return compare_key(a->township, a->year, b->township, b->year);
}

static int compare_finding_ptrs(const void *pa, const void *pb)
{
    const nb_finding *a = *(const nb_finding *const *)pa, *b = *(const nb_finding *const *)pb;
    return compare_key(a->township, a->year, b->township, b->year);
}

/* The index of the first element >= (name_, year_) in a sorted array of pointers to
 * structs with township and year. */
#define LOWER_BOUND(arr, n, name_, year_, result)                                            \
    do {                                                                                    \
        size_t lo_ = 0, hi_ = (size_t)(n);                                                  \
        while (lo_ < hi_) {                                                                 \
            size_t mid_ = lo_ + (hi_ - lo_) / 2;                                            \
            if (compare_key((arr)[mid_]->township, (arr)[mid_]->year, name_, year_) < 0)    \
                lo_ = mid_ + 1;                                                             \
            else                                                                            \
                hi_ = mid_;                                                                 \
        }                                                                                   \
        (result) = lo_;                                                                     \
    } while (0)

nb_overview_row *nb_rollup_overview(const nb_rollup *ru, const nb_findings *findings, int *n)
{
    const nb_check_scope *sc = &ru->scope;
    int nyears = sc->year_to >= sc->year_from ? sc->year_to - sc->year_from + 1 : 0;
    int total = sc->ntownships * nyears;
    nb_overview_row *rows = nb_xcalloc((size_t)(total ? total : 1), sizeof *rows);
    const nb_summary **sums = nb_xmalloc(sizeof *sums * (size_t)(ru->n ? ru->n : 1));
    for (int i = 0; i < ru->n; i++) sums[i] = &ru->summaries[i];
    qsort(sums, (size_t)ru->n, sizeof *sums, compare_summary_ptrs);
    size_t nf = findings ? findings->n : 0;
    const nb_finding **fs = nb_xmalloc(sizeof *fs * (nf ? nf : 1));
    for (size_t i = 0; i < nf; i++) fs[i] = &findings->items[i];
    qsort(fs, nf, sizeof *fs, compare_finding_ptrs);
    int k = 0;
    for (int t = 0; t < sc->ntownships; t++)
        for (int year = sc->year_from; year <= sc->year_to; year++) {
            nb_overview_row *row = &rows[k++];
            const char *name = sc->townships[t];
            row->township = name;
            row->year = year;
            row->late = -1;
            row->source_url = "";
            size_t at;
            LOWER_BOUND(sums, ru->n, name, year, at);
            if (at < (size_t)ru->n && !compare_key(sums[at]->township, sums[at]->year, name, year)) {
                const nb_summary *s = sums[at];
                row->summary = s;
                row->status = nb_summary_status(s, sc->deadline_month, sc->deadline_day);
                row->late = nb_summary_late(s, sc->deadline_month, sc->deadline_day);
                row->source_url = s->source_url;
            } else {
                /* found but not read (F1), not seen because the listing could not be read
                 * whole, or missing (M1): as the checks tell it */
                row->status = nb_check_scope_unlisted(sc, t) ? NB_STATUS_UNKNOWN : NB_STATUS_MISSING;
                for (size_t u = 0; u < sc->nunread; u++)
                    if (sc->unread[u].year == year && sc->unread[u].township == t) {
                        row->status = NB_STATUS_UNREADABLE;
                        row->source_url = sc->unread[u].url;
                    }
            }
            LOWER_BOUND(fs, nf, name, year, at);
            for (; at < nf && !compare_key(fs[at]->township, fs[at]->year, name, year); at++) {
                row->findings++;
                if (fs[at]->ack) continue;
                if (fs[at]->rule->severity == NB_SEV_ERROR) row->errors++;
                else if (fs[at]->rule->severity == NB_SEV_WARNING) row->warnings++;
            }
        }
    free(sums);
    free(fs);
    *n = total;
    return rows;
}

static void write_key(nb_csv *w, const nb_key_value *k)
{
    char num[64] = "";
    if (k->ok) nb_checks_format_number(k->number, num, sizeof num);
    nb_csv_number(w, num);
}

static int compare_overview_rows(const void *pa, const void *pb)
{
    const nb_overview_row *a = pa, *b = pb;
    return compare_key(a->township, a->year, b->township, b->year);
}

static int write_overview(const char *outdir, const nb_rollup *ru, const nb_findings *findings, nb_buf *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/overview.csv", outdir);
    nb_atomic a;
    if (nb_atomic_open(&a, path, err) != 0) return -1;
    nb_csv w;
    nb_csv_start(&w, a.f, NB_CSV_BOM);
    /* status and county_code came last, so that scripts reading columns by position
     * keep working. */
    static const char *const header[] = {"county", "township", "year", "received", "carried_over", "granted",
                                         "partly_granted", "total_handled", "carried_forward", "reviews", "lawsuits",
                                         "template", "publish_date", "on_time", "anomalies", "source_url",
                                         "status", "county_code"};
    nb_csv_row(&w, header, (int)(sizeof header / sizeof *header));
    int n;
    nb_overview_row *rows = nb_rollup_overview(ru, findings, &n);
    qsort(rows, (size_t)n, sizeof *rows, compare_overview_rows);
    static const nb_key columns[] = {NB_KEY_RECEIVED, NB_KEY_CARRIED_OVER, NB_KEY_GRANTED, NB_KEY_PARTLY_GRANTED,
                                     NB_KEY_HANDLED, NB_KEY_CARRIED_FORWARD, NB_KEY_REVIEWS};
    for (int i = 0; i < n; i++) {
        const nb_overview_row *row = &rows[i];
        const nb_summary *s = row->summary;
        nb_csv_text(&w, ru->scope.county);
        nb_csv_text(&w, row->township);
        nb_csv_int(&w, row->year);
        if (s) {
            for (size_t k = 0; k < sizeof columns / sizeof *columns; k++) write_key(&w, &s->keys[columns[k]]);
            const nb_key_value *direct = &s->keys[NB_KEY_SUITS_DIRECT], *after = &s->keys[NB_KEY_SUITS_AFTER_REVIEW];
            nb_key_value suits = {direct->ok || after->ok, direct->number + after->number, ""};
            write_key(&w, &suits);
            nb_csv_text(&w, s->tpl->name);
            nb_csv_text(&w, s->publish_date);
        } else {
            for (int k = 0; k < 10; k++) nb_csv_number(&w, "");
        }
        nb_csv_text(&w, row->late < 0 ? "" : row->late ? "no" : "yes");
        nb_csv_int(&w, row->findings);
        nb_csv_text(&w, row->source_url);
        nb_csv_text(&w, nb_status_name(row->status));
        nb_csv_text(&w, ru->code);
        nb_csv_end_row(&w);
    }
    free(rows);
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
        nb_county_year ys;
        nb_rollup_year(ru, year, &ys);
        int rc = 0;
        for (int t = 0; t < NB_TABLE_COUNT && ys.tpl && rc == 0; t++)
            rc = write_county_table(outdir, ru, (nb_table_id)t, &ys, findings, &why);
        nb_county_year_free(&ys);
        if (rc) failed = 1, add_failure(err, &why); /* one line per year: its tables share a folder */
    }
    if (write_overview(outdir, ru, findings, &why) != 0) failed = 1, add_failure(err, &why);
    nb_buf_free(&why);
    return failed ? -1 : 0;
}
