/* checks: anomaly rules (see checks.h). Which cells a rule reads comes from the template
 * tables (identities, signed columns, money columns); no template row is named here
 * except where a rule is about that row by definition (S3 about 规章, X1 about 结转). */
#include "pipeline/check/checks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"

const nb_rule nb_rules[] = {
    {"I1", NB_SEV_ERROR, "表三每行：总计 = 自然人 + 法人或其他组织五列"},
    {"I2", NB_SEV_ERROR, "表三每列：一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度"},
    {"I3", NB_SEV_ERROR, "表三每列：（七）总计 = （一）至（六）各项之和"},
    {"I4", NB_SEV_ERROR, "表四每组：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结"},
    {"M1", NB_SEV_ERROR, "登记的乡镇在统计年度内没有找到年报"},
    {"F1", NB_SEV_ERROR, "找到了年报，但未能下载，或未能读出其中的表格"},
    {"M2", NB_SEV_ERROR, "年报页面缺少表二、表三或表四"},
    {"N1", NB_SEV_ERROR, "只能为非负数的单元格出现负数"},
    {"M3", NB_SEV_WARNING, "表格中缺少模板规定的单元格"},
    {"U1", NB_SEV_WARNING, "单元格内容无法读成数字"},
    {"T1", NB_SEV_WARNING, "年报格式与年度不符（2021年及以后用2019年版格式，或反之）"},
    {"S3", NB_SEV_WARNING, "乡镇、县级机关填报了规章数据"},
    {"L1", NB_SEV_WARNING, "年报发布晚于规定期限"},
    {"X1", NB_SEV_WARNING, "本年上年结转 ≠ 上年结转下年度继续办理"},
    {"O1", NB_SEV_WARNING, "关键数字明显高于本县其他乡镇同年水平"},
    {"O2", NB_SEV_WARNING, "关键数字为上年的十倍以上且至少多20"},
    {"R1", NB_SEV_WARNING, "年报页面内容变更，数字与上次采集不同（静默修改）"},
    {"L2", NB_SEV_INFO, "未找到年报发布日期，无法判断是否按时发布"},
    {"X2", NB_SEV_INFO, "2019版：本年上一年项目数量 ≠ 上年上一年项目数量 + 上年本年增/减"},
    {"X3", NB_SEV_INFO, "2019版：对外公开总数量 ≠ 上年对外公开总数量 + 本年新公开数量"},
    {"X4", NB_SEV_INFO, "2021版：现行有效件数 ≠ 上年现行有效件数 + 本年制发 − 本年废止"},
    {NULL, NB_SEV_INFO, NULL},
};

const nb_rule *nb_rule_find(const char *id)
{
    for (const nb_rule *r = nb_rules; r->id; r++)
        if (!strcmp(r->id, id)) return r;
    return NULL;
}

static const nb_rule *rule_by_id(const char *id)
{
    const nb_rule *r = nb_rule_find(id);
    if (!r) abort(); /* a rule used in code but missing from the table is a programming error */
    return r;
}

void nb_finding_cell(const nb_finding *f, char *out, size_t outsz)
{
    if (!f->has_table) snprintf(out, outsz, "%s", "");
    else if (!f->row_key[0]) snprintf(out, outsz, "%s", nb_table_name(f->table));
    else if (!f->col_key[0]) snprintf(out, outsz, "%s/%s", nb_table_name(f->table), f->row_key);
    else snprintf(out, outsz, "%s/%s/%s", nb_table_name(f->table), f->row_key, f->col_key);
}

void nb_findings_free(nb_findings *f)
{
    free(f->items);
    memset(f, 0, sizeof *f);
}

/* A finding about a township-year, from whatever names it: a report, a summary or the
 * registry. */
static nb_finding *add_about(nb_findings *f, const char *rule_id, const char *county, const char *township,
                             int year, const char *source_url)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->items = nb_xrealloc(f->items, f->cap * sizeof *f->items);
    }
    nb_finding *x = &f->items[f->n++];
    memset(x, 0, sizeof *x);
    x->rule = rule_by_id(rule_id);
    snprintf(x->county, sizeof x->county, "%s", county);
    snprintf(x->township, sizeof x->township, "%s", township);
    snprintf(x->source_url, sizeof x->source_url, "%s", source_url);
    x->year = year;
    return x;
}

nb_finding *nb_findings_add(nb_findings *f, const char *rule_id, const nb_report *r)
{
    return r ? add_about(f, rule_id, r->county, r->township, r->year, r->source_url)
             : add_about(f, rule_id, "", "", 0, "");
}

const char *nb_severity_name(nb_severity s)
{
    return s == NB_SEV_ERROR ? "error" : s == NB_SEV_WARNING ? "warning" : "info";
}

const char *nb_severity_zh(nb_severity s)
{
    return s == NB_SEV_ERROR ? "错误" : s == NB_SEV_WARNING ? "警告" : "提示";
}

static int compare_findings(const void *pa, const void *pb)
{
    const nb_finding *a = pa, *b = pb;
    if (a->rule->severity != b->rule->severity) return (int)a->rule->severity - (int)b->rule->severity;
    int c = strcmp(a->township, b->township);
    if (c) return c;
    if (a->year != b->year) return a->year - b->year;
    if ((c = strcmp(a->rule->id, b->rule->id))) return c;
    if (a->table != b->table) return (int)a->table - (int)b->table;
    if ((c = strcmp(a->row_key, b->row_key))) return c;
    return strcmp(a->col_key, b->col_key);
}

void nb_findings_sort(nb_findings *f)
{
    if (f->n) qsort(f->items, f->n, sizeof *f->items, compare_findings);
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

static const char *table_zh(nb_table_id t)
{
    return t == NB_T2 ? "表二" : t == NB_T3 ? "表三" : "表四";
}

static const char *row_name(const nb_row *row)
{
    return row->label ? row->label : row->group;
}

static void set_cell(nb_finding *f, nb_table_id table, const char *row_key, const char *col_key)
{
    f->has_table = 1;
    f->table = table;
    snprintf(f->row_key, sizeof f->row_key, "%s", row_key);
    snprintf(f->col_key, sizeof f->col_key, "%s", col_key);
}

/* ---- identities ---- */

typedef struct {
    double sum;
    int numbers;     /* cells holding a number */
    int unreadable;  /* cells with text that is no number */
    int ocr;         /* cells read from a picture */
} side_sum;

static void add_cell(side_sum *s, const nb_value *v)
{
    if (!v || !v->found) return;
    s->ocr += (v->marks & NB_MARK_OCR) != 0;
    if (v->num.kind == NB_CELL_NUMBER) s->sum += v->num.number, s->numbers++;
    else if (v->num.kind == NB_CELL_TEXT) s->unreadable++;
}

static int column_index(const nb_row *row, const char *key)
{
    for (int c = 0; row->columns[c]; c++)
        if (!strcmp(row->columns[c]->key, key)) return c;
    return -1;
}

static void report_broken(const nb_report *r, const nb_identity *id, const char *row_key,
                          const char *col_key, const char *where, side_sum lhs, side_sum rhs,
                          nb_findings *out)
{
    if (!lhs.numbers || !rhs.numbers || lhs.unreadable || rhs.unreadable) return;
    if (fabs(lhs.sum - rhs.sum) < 1e-6) return;
    nb_finding *f = nb_findings_add(out, id->id, r);
    set_cell(f, id->table, row_key, col_key);
    nb_checks_format_number(rhs.sum, f->expected, sizeof f->expected);
    nb_checks_format_number(lhs.sum, f->actual, sizeof f->actual);
    /* Figures read from a picture may be misread: the officer should look at it. */
    snprintf(f->message, sizeof f->message, "%s%s：%s=%s，%s=%s，勾稽关系不成立%s", table_zh(id->table),
             where, id->lhs_zh, f->actual, id->rhs_zh, f->expected,
             lhs.ocr || rhs.ocr ? "（数字由图片识别，请对照原图核实）" : "");
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

/* ---- one report ---- */

static int is_number(const nb_value *v)
{
    return v && v->found && v->num.kind == NB_CELL_NUMBER;
}

static void check_cells(const nb_report *r, nb_findings *out)
{
    const nb_template *t = r->tpl;
    for (int tb = 0; tb < NB_TABLE_COUNT; tb++) {
        if (r->tables_found[tb]) continue;
        nb_finding *f = nb_findings_add(out, "M2", r);
        f->has_table = 1;
        f->table = (nb_table_id)tb;
        snprintf(f->message, sizeof f->message, "年报页面中没有找到%s", nb_table_title((nb_table_id)tb));
    }
    for (int i = 0; i < t->nrows; i++) {
        const nb_row *row = &t->rows[i];
        if (!r->tables_found[row->table]) continue;
        for (int c = 0; row->columns[c]; c++) {
            const nb_column *col = row->columns[c];
            const nb_value *v = nb_report_value(r, row, c);
            const char *rule = !v->found ? "M3" : v->num.kind == NB_CELL_TEXT ? "U1"
                             : is_number(v) && v->num.number < 0 && !col->is_signed ? "N1" : NULL;
            if (!rule) continue;
            nb_finding *f = nb_findings_add(out, rule, r);
            set_cell(f, row->table, row->key, col->key);
            nb_utf8_copy(f->actual, sizeof f->actual, v->raw); /* a page's text: cut whole characters */
            snprintf(f->message, sizeof f->message, "%s“%s”行“%s”列%s", table_zh(row->table), row_name(row), col->label,
                     !v->found ? "在页面中没有找到" : strcmp(rule, "U1") == 0 ? "无法读成数字" : "为负数");
        }
    }
}

/* S3: 规章 are made by provinces, 设区的市 and 自治州, never by a township. */
/* A page's text quoted in a finding: it can be of any length, so it is cut between
 * characters, with "…", short enough that the message around it stays whole (found by
 * fuzz_extract: S3 cut a cell in the middle of a character). cap >= 4. */
static void excerpt(char *dst, size_t cap, const char *text)
{
    nb_utf8_copy(dst, cap - 3, text);
    if (strlen(dst) < strlen(text)) strcat(dst, "…");
}

static void check_regulations(const nb_report *r, nb_findings *out)
{
    const nb_row *row = nb_template_row(r->tpl, NB_T2, "art20_1.regulations");
    if (!row) return;
    nb_buf values = NB_BUF_INIT;
    int nonzero = 0;
    for (int c = 0; row->columns[c]; c++) {
        const nb_value *v = nb_report_value(r, row, c);
        if (is_number(v) && v->num.number != 0) nonzero = 1;
        nb_buf_printf(&values, "%s%s", c ? "/" : "", is_number(v) ? v->num.value : v->raw[0] ? v->raw : "空");
    }
    if (!nonzero) {
        nb_buf_free(&values);
        return;
    }
    nb_finding *f = nb_findings_add(out, "S3", r);
    set_cell(f, NB_T2, row->key, "");
    snprintf(f->expected, sizeof f->expected, "0");
    nb_utf8_copy(f->actual, sizeof f->actual, values.data);
    char shown[160];
    excerpt(shown, sizeof shown, values.data);
    snprintf(f->message, sizeof f->message, "表二“规章”行填报了%s；乡镇、县级机关不制定规章，应为0", shown);
    nb_buf_free(&values);
}

static void check_template_year(const nb_report *r, nb_findings *out)
{
    const nb_template *t = r->tpl;
    if (!r->year || (r->year >= t->first_year && (!t->last_year || r->year <= t->last_year))) return;
    const nb_template *meant = NULL;
    for (const nb_template *const *x = nb_templates; *x; x++)
        if (r->year >= (*x)->first_year && (!(*x)->last_year || r->year <= (*x)->last_year)) meant = *x;
    nb_finding *f = nb_findings_add(out, "T1", r);
    snprintf(f->expected, sizeof f->expected, "%s", meant ? meant->name : "");
    snprintf(f->actual, sizeof f->actual, "%s", t->name);
    snprintf(f->message, sizeof f->message, "%d年度年报使用了%s年版格式（%s），应使用%s年版格式%s%s%s", r->year, t->name, t->source,
             meant ? meant->name : "?", meant ? "（" : "", meant ? meant->source : "", meant ? "）" : "");
}

static void check_publication(const nb_report *r, const nb_check_scope *scope, nb_findings *out)
{
    if (!r->year) return;
    char deadline[24];
    snprintf(deadline, sizeof deadline, "%04d-%02d-%02d", r->year + 1, scope->deadline_month, scope->deadline_day);
    if (!r->publish_date[0]) {
        nb_finding *f = nb_findings_add(out, "L2", r);
        snprintf(f->expected, sizeof f->expected, "%s", deadline);
        snprintf(f->message, sizeof f->message, "页面上没有找到发布日期，无法判断是否在%s前发布", deadline);
        return;
    }
    if (strcmp(r->publish_date, deadline) <= 0) return;
    nb_finding *f = nb_findings_add(out, "L1", r);
    snprintf(f->expected, sizeof f->expected, "%s", deadline);
    snprintf(f->actual, sizeof f->actual, "%s", r->publish_date);
    snprintf(f->message, sizeof f->message, "%d年度年报于%s发布，晚于规定期限%s", r->year, r->publish_date, deadline);
}

void nb_checks_report(const nb_report *r, const nb_check_scope *scope, nb_findings *out)
{
    nb_checks_identities(r, out);
    check_cells(r, out);
    check_regulations(r, out);
    check_template_year(r, out);
    check_publication(r, scope, out);
}

/* ---- across reports ---- */

static int compare_summaries(const void *pa, const void *pb)
{
    const nb_summary *a = pa, *b = pb;
    int c = strcmp(a->township, b->township);
    return c ? c : a->year - b->year;
}

/* Which township-years have a report: the summaries sorted by township and year, so that
 * each is a binary search away (a province's worth is 10^5 of them). */
static int has_report(const nb_summary *sorted, int n, const char *township, int year)
{
    nb_summary key;
    snprintf(key.township, sizeof key.township, "%s", township);
    key.year = year;
    return bsearch(&key, sorted, (size_t)n, sizeof *sorted, compare_summaries) != NULL;
}

static const nb_found_unread *found_unread(const nb_check_scope *scope, int township, int year)
{
    for (size_t i = 0; i < scope->nunread; i++)
        if (scope->unread[i].township == township && scope->unread[i].year == year) return &scope->unread[i];
    return NULL;
}

int nb_check_scope_unlisted(const nb_check_scope *scope, int township)
{
    return scope->unlisted && township >= 0 && township < scope->ntownships && scope->unlisted[township];
}

static void check_missing(const nb_summary *sorted, int n, const nb_check_scope *scope, nb_findings *out)
{
    for (int t = 0; t < scope->ntownships; t++)
        for (int y = scope->year_from; y <= scope->year_to; y++) {
            if (has_report(sorted, n, scope->townships[t], y)) continue;
            const nb_found_unread *u = found_unread(scope, t, y);
            if (u) {
                nb_finding *f = add_about(out, "F1", scope->county, scope->townships[t], y, u->url);
                snprintf(f->message, sizeof f->message, "找到了%s%d年度年报，但%s：%s", scope->townships[t], y,
                         u->fetched ? "未能读出其中的表格" : "未能下载", u->why);
                continue;
            }
            if (nb_check_scope_unlisted(scope, t)) continue;
            nb_finding *f = add_about(out, "M1", scope->county, scope->townships[t], y, "");
            snprintf(f->message, sizeof f->message, "没有找到%s%d年度政府信息公开工作年度报告", scope->townships[t], y);
        }
}

/* A cross-year relation: cur.(row, col) == Σ sign × (report, row, col) over terms. */
typedef struct {
    int from_previous; /* 1: the term is read from last year's report */
    const char *row, *col;
    int sign;
} term;

static int eval_terms(const nb_report *cur, const nb_report *prev, nb_table_id table, const term *terms,
                      int n, double *sum)
{
    *sum = 0;
    for (int i = 0; i < n; i++) {
        const nb_value *v = nb_report_find(terms[i].from_previous ? prev : cur, table, terms[i].row, terms[i].col);
        if (!is_number(v)) return 0;
        *sum += terms[i].sign * v->num.number;
    }
    return 1;
}

static void cross_year(const nb_report *cur, const nb_report *prev, const char *rule, nb_table_id table,
                       const char *row, const char *col, const term *terms, int nterms, const char *what_zh,
                       nb_findings *out)
{
    const nb_value *v = nb_report_find(cur, table, row, col);
    double expected;
    if (!is_number(v) || !eval_terms(cur, prev, table, terms, nterms, &expected)) return;
    if (fabs(v->num.number - expected) < 1e-6) return;
    nb_finding *f = nb_findings_add(out, rule, cur);
    set_cell(f, table, row, col);
    nb_checks_format_number(expected, f->expected, sizeof f->expected);
    snprintf(f->actual, sizeof f->actual, "%s", v->num.value);
    snprintf(f->message, sizeof f->message, "%s：本年为%s，按上年年报应为%s", what_zh, f->actual, f->expected);
}

static void check_years(const nb_report *cur, const nb_report *prev, nb_findings *out)
{
    /* X1: every column of 二、上年结转 equals last year's 四、结转下年度继续办理. */
    const nb_row *carried = nb_template_row(cur->tpl, NB_T3, "carried_over");
    for (int c = 0; carried && carried->columns[c]; c++) {
        const nb_column *col = carried->columns[c];
        term t[] = {{1, "carry_forward", col->key, 1}};
        char what[256];
        snprintf(what, sizeof what, "表三“%s”列上年结转与%d年度结转下年度继续办理不一致", col->label, prev->year);
        cross_year(cur, prev, "X1", NB_T3, "carried_over", col->key, t, 1, what, out);
    }
    int both_2019 = !strcmp(cur->tpl->name, "2019") && !strcmp(prev->tpl->name, "2019");
    int both_2021 = !strcmp(cur->tpl->name, "2021") && !strcmp(prev->tpl->name, "2021");
    if (both_2019) {
        static const char *const item_rows[] = {"art20_5.licensing", "art20_5.other_mgmt_services",
                                                "art20_6.penalty", "art20_6.coercion", "art20_8.admin_fees"};
        for (size_t i = 0; i < sizeof item_rows / sizeof *item_rows; i++) {
            term t[] = {{1, item_rows[i], "prev_items", 1}, {1, item_rows[i], "items_delta", 1}};
            const nb_row *row = nb_template_row(cur->tpl, NB_T2, item_rows[i]);
            char what[256];
            snprintf(what, sizeof what, "表二“%s”上一年项目数量与上年年报（上一年项目数量+本年增/减）不一致", row->label);
            cross_year(cur, prev, "X2", NB_T2, item_rows[i], "prev_items", t, 2, what, out);
        }
        static const char *const doc_rows[] = {"art20_1.regulations", "art20_1.normative_docs"};
        for (size_t i = 0; i < 2; i++) {
            term t[] = {{1, doc_rows[i], "total_public", 1}, {0, doc_rows[i], "published_new", 1}};
            char what[256];
            snprintf(what, sizeof what, "表二“%s”对外公开总数量与上年总数量+本年新公开数量不一致",
                     nb_template_row(cur->tpl, NB_T2, doc_rows[i])->label);
            cross_year(cur, prev, "X3", NB_T2, doc_rows[i], "total_public", t, 2, what, out);
        }
    }
    if (both_2021) {
        static const char *const doc_rows[] = {"art20_1.regulations", "art20_1.normative_docs"};
        for (size_t i = 0; i < 2; i++) {
            term t[] = {{1, doc_rows[i], "in_force", 1}, {0, doc_rows[i], "issued", 1}, {0, doc_rows[i], "repealed", -1}};
            char what[256];
            snprintf(what, sizeof what, "表二“%s”现行有效件数与上年现行有效件数+本年制发−本年废止不一致",
                     nb_template_row(cur->tpl, NB_T2, doc_rows[i])->label);
            cross_year(cur, prev, "X4", NB_T2, doc_rows[i], "in_force", t, 3, what, out);
        }
    }
}

/* The figures outliers are looked for in: key totals a reader compares across townships. */
static const nb_key outlier_keys[] = {NB_KEY_RECEIVED, NB_KEY_HANDLED, NB_KEY_REVIEWS, NB_KEY_SUITS_DIRECT};

enum { OUTLIER_MIN_TOWNSHIPS = 6, OUTLIER_FLOOR = 20, HISTORY_RATIO = 10 };
#define OUTLIER_MADS 5.0

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* O1 compares each township with the county's townships of the same year: median and
 * MAD of the year's figures (the outlier among them moves neither by more than one rank). */
static void check_outliers(const nb_summary *sorted, int n, nb_findings *out)
{
    double *values = nb_xmalloc(sizeof(double) * (size_t)(n ? n : 1));
    double *work = nb_xmalloc(sizeof(double) * (size_t)(n ? n : 1));
    const nb_summary **who = nb_xmalloc(sizeof *who * (size_t)(n ? n : 1));
    int year_from = 1 << 30, year_to = 0;
    for (int i = 0; i < n; i++) {
        if (sorted[i].year < year_from) year_from = sorted[i].year;
        if (sorted[i].year > year_to) year_to = sorted[i].year;
    }
    for (int year = year_from; year <= year_to; year++) {
        for (size_t k = 0; k < sizeof outlier_keys / sizeof *outlier_keys; k++) {
            nb_key key = outlier_keys[k];
            const nb_key_figure *kf = &nb_key_figures[key];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (sorted[i].year != year || !sorted[i].keys[key].ok) continue;
                values[m] = sorted[i].keys[key].number;
                who[m++] = &sorted[i];
            }
            if (m < OUTLIER_MIN_TOWNSHIPS) continue;
            memcpy(work, values, sizeof(double) * (size_t)m);
            double med = median(work, m);
            for (int j = 0; j < m; j++) work[j] = fabs(values[j] - med);
            double mad = median(work, m);
            double limit = med + fmax(OUTLIER_MADS * 1.4826 * mad, OUTLIER_FLOOR);
            for (int j = 0; j < m; j++) {
                if (values[j] <= limit) continue;
                const nb_summary *s = who[j];
                nb_finding *f = add_about(out, "O1", s->county, s->township, s->year, s->source_url);
                set_cell(f, kf->table, kf->row, "total");
                char limit_text[48], med_text[48];
                nb_checks_format_number(limit, limit_text, sizeof limit_text);
                nb_checks_format_number(med, med_text, sizeof med_text);
                snprintf(f->expected, sizeof f->expected, "<=%s", limit_text);
                snprintf(f->actual, sizeof f->actual, "%s", s->keys[key].value);
                snprintf(f->message, sizeof f->message, "%s为%s，本县%d个乡镇同年中位数为%s，明显偏高，请核实",
                         kf->name_zh, s->keys[key].value, m, med_text);
            }
        }
    }
    free(values);
    free(work);
    free(who);
}

static void check_history(const nb_report *cur, const nb_report *prev, nb_findings *out)
{
    for (size_t k = 0; k < sizeof outlier_keys / sizeof *outlier_keys; k++) {
        const nb_key_figure *kf = &nb_key_figures[outlier_keys[k]];
        const nb_value *v = nb_report_find(cur, kf->table, kf->row, "total");
        const nb_value *p = nb_report_find(prev, kf->table, kf->row, "total");
        if (!is_number(v) || !is_number(p)) continue;
        double now = v->num.number, before = p->num.number;
        if (now < HISTORY_RATIO * before || now - before < OUTLIER_FLOOR) continue;
        nb_finding *f = nb_findings_add(out, "O2", cur);
        set_cell(f, kf->table, kf->row, "total");
        snprintf(f->expected, sizeof f->expected, "%s", p->num.value);
        snprintf(f->actual, sizeof f->actual, "%s", v->num.value);
        snprintf(f->message, sizeof f->message, "%s由上年的%s增至%s，请核实", kf->name_zh, p->num.value, v->num.value);
    }
}

void nb_checks_years(const nb_report *cur, const nb_report *prev, nb_findings *out)
{
    check_years(cur, prev, out);
    check_history(cur, prev, out);
}

void nb_checks_county(const nb_summary *summaries, int n, const nb_check_scope *scope, nb_findings *out)
{
    nb_summary *sorted = nb_xmalloc(sizeof *sorted * (size_t)(n ? n : 1));
    if (n) memcpy(sorted, summaries, sizeof *sorted * (size_t)n); /* none stored yet: summaries is NULL */
    qsort(sorted, (size_t)n, sizeof *sorted, compare_summaries);
    check_missing(sorted, n, scope, out);
    check_outliers(sorted, n, out);
    free(sorted);
}

void nb_checks_revision(const nb_report *before, const nb_report *after, nb_findings *out)
{
    if (before->tpl != after->tpl) {
        nb_finding *f = nb_findings_add(out, "R1", after);
        snprintf(f->expected, sizeof f->expected, "%s", before->tpl->name);
        snprintf(f->actual, sizeof f->actual, "%s", after->tpl->name);
        snprintf(f->message, sizeof f->message, "年报页面已修改：格式由%s年版改为%s年版", before->tpl->name, after->tpl->name);
        return;
    }
    const nb_template *t = after->tpl;
    for (int i = 0; i < t->nrows; i++) {
        const nb_row *row = &t->rows[i];
        for (int c = 0; row->columns[c]; c++) {
            const nb_value *a = nb_report_value(before, row, c), *b = nb_report_value(after, row, c);
            const char *old = a->num.kind == NB_CELL_NUMBER ? a->num.value : a->raw;
            const char *now = b->num.kind == NB_CELL_NUMBER ? b->num.value : b->raw;
            if (a->found == b->found && !strcmp(old, now)) continue;
            /* an empty text says nothing: say whether the cell was blank or not there */
            nb_finding *f = nb_findings_add(out, "R1", after);
            set_cell(f, row->table, row->key, row->columns[c]->key);
            nb_utf8_copy(f->expected, sizeof f->expected, old);
            nb_utf8_copy(f->actual, sizeof f->actual, now);
            char was[160], is[160];
            excerpt(was, sizeof was, old[0] ? old : a->found ? "空白" : "缺失（页面中没有此单元格）");
            excerpt(is, sizeof is, now[0] ? now : b->found ? "空白" : "缺失（页面中没有此单元格）");
            snprintf(f->message, sizeof f->message, "年报页面已修改：%s“%s”行“%s”列由%s改为%s", table_zh(row->table),
                     row_name(row), row->columns[c]->label, was, is);
        }
    }
}
