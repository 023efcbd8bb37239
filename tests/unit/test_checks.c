/* Each anomaly rule against an input that breaks exactly that rule: a consistent report
 * (every cell 0, published on time) with the fewest cells changed to break it. */
#include "check.h"
#include "pipeline/check/checks.h"

#include <stdlib.h>

static const char *const registry[] = {"甲镇", "乙镇", "丙镇", "丁镇", "戊镇", "己镇", "庚镇"};

static nb_check_scope scope_of(int ntownships, int from, int to)
{
    nb_check_scope s = {.county = "示例县", .townships = registry, .ntownships = ntownships, .year_from = from,
                        .year_to = to, .deadline_month = 1, .deadline_day = 31};
    return s;
}

static void clean_report(nb_report *r, const nb_template *t, const char *township, int year)
{
    nb_report_init(r, t);
    for (int i = 0; i < r->nvalues; i++) {
        nb_value *v = &r->values[i];
        v->found = 1;
        v->raw = "0";
        nb_number_parse("0", 1, &v->num);
    }
    for (int tb = 0; tb < NB_TABLE_COUNT; tb++) r->tables_found[tb] = 1;
    snprintf(r->county, sizeof r->county, "示例县");
    snprintf(r->township, sizeof r->township, "%s", township);
    r->year = year;
    char date[32];
    snprintf(date, sizeof date, "%04d-01-15", year + 1);
    memcpy(r->publish_date, date, sizeof r->publish_date - 1);
}

static void set(nb_report *r, nb_table_id t, const char *row, const char *col, const char *text)
{
    nb_value *v = nb_report_find(r, t, row, col);
    if (!v) {
        fprintf(stderr, "no cell %s/%s\n", row, col);
        abort();
    }
    v->raw = text;
    nb_number_parse(text, strlen(text), &v->num);
}

/* Runs the one-report rules and returns the rule ids found, ','-joined and de-duplicated. */
static const char *rules_of(const nb_findings *f)
{
    static char out[256];
    out[0] = '\0';
    for (size_t i = 0; i < f->n; i++) {
        const char *id = f->items[i].rule->id;
        if (strstr(out, id)) continue;
        if (out[0]) strcat(out, ",");
        strcat(out, id);
    }
    return out;
}

static const char *check_one(nb_report *r, nb_findings *f)
{
    nb_check_scope s = scope_of(1, r->year, r->year);
    nb_checks_report(r, &s, f);
    return rules_of(f);
}

static void a_clean_report_has_no_findings(void)
{
    for (const nb_template *const *t = nb_templates; *t; t++) {
        nb_report r;
        nb_findings f = {0};
        clean_report(&r, *t, "甲镇", (*t)->first_year);
        CHECK_STR(check_one(&r, &f), "");
        nb_findings_free(&f);
        nb_report_free(&r);
    }
}

static void identities(void)
{
    nb_report r;
    nb_findings f = {0};

    clean_report(&r, &nb_template_2021, "甲镇", 2021); /* I1: a 法人 cell outside the 总计 */
    set(&r, NB_T3, "res_granted", "legal_commercial", "1");
    set(&r, NB_T3, "res_total", "legal_commercial", "1");
    set(&r, NB_T3, "new_received", "legal_commercial", "1");
    CHECK_STR(check_one(&r, &f), "I1");
    nb_findings_free(&f);
    nb_report_free(&r);

    clean_report(&r, &nb_template_2019, "甲镇", 2019); /* I2 */
    set(&r, NB_T3, "new_received", "natural_person", "12");
    set(&r, NB_T3, "new_received", "total", "12");
    set(&r, NB_T3, "res_granted", "natural_person", "11");
    set(&r, NB_T3, "res_granted", "total", "11");
    set(&r, NB_T3, "res_total", "natural_person", "11");
    set(&r, NB_T3, "res_total", "total", "11");
    CHECK_STR(check_one(&r, &f), "I2");
    CHECK_INT(f.n, 2); /* the 自然人 and the 总计 column */
    const nb_finding *total = &f.items[1];
    CHECK_STR(total->col_key, "total");
    CHECK_STR(total->expected, "11");
    CHECK_STR(total->actual, "12");
    CHECK_STR(total->message, "表三“总计”列：第一项+第二项=12，第三项+第四项=11，勾稽关系不成立");
    nb_findings_free(&f);
    /* The same figures read from a picture: the message sends the officer to it. */
    for (int i = 0; i < r.nvalues; i++) r.values[i].marks = NB_MARK_OCR;
    CHECK_STR(check_one(&r, &f), "I2");
    CHECK_STR(f.items[1].message, "表三“总计”列：第一项+第二项=12，第三项+第四项=11，勾稽关系不成立（数字由图片识别，请对照原图核实）");
    nb_findings_free(&f);
    nb_report_free(&r);

    clean_report(&r, &nb_template_2021, "甲镇", 2021); /* I3 */
    set(&r, NB_T3, "res_other_other", "natural_person", "1");
    set(&r, NB_T3, "res_other_other", "total", "1");
    CHECK_STR(check_one(&r, &f), "I3");
    nb_findings_free(&f);
    nb_report_free(&r);

    clean_report(&r, &nb_template_2019, "甲镇", 2019); /* I4 */
    set(&r, NB_T4, "suit_direct", "upheld", "2");
    set(&r, NB_T4, "suit_direct", "total", "1");
    CHECK_STR(check_one(&r, &f), "I4");
    CHECK_STR(f.items[0].message, "表四“行政诉讼 未经复议直接起诉”行：总计=1，结果维持+结果纠正+其他结果+尚未审结=2，勾稽关系不成立");
    nb_findings_free(&f);
    nb_report_free(&r);

    /* R1 (Shanghai 2019) leaves the 总计 of every result row blank: not checked. */
    clean_report(&r, &nb_template_2019, "甲镇", 2019);
    for (int i = 0; i < r.tpl->nrows; i++)
        if (!strncmp(r.tpl->rows[i].key, "res_", 4)) set(&r, NB_T3, r.tpl->rows[i].key, "total", "");
    set(&r, NB_T3, "res_granted", "natural_person", "3");
    set(&r, NB_T3, "res_total", "natural_person", "3");
    set(&r, NB_T3, "new_received", "natural_person", "3");
    set(&r, NB_T3, "new_received", "total", "3");
    set(&r, NB_T3, "res_total", "total", "3");
    CHECK_STR(check_one(&r, &f), "");
    nb_findings_free(&f);
    nb_report_free(&r);
}

static void cells_and_pages(void)
{
    nb_report r;
    nb_findings f = {0};

    clean_report(&r, &nb_template_2019, "甲镇", 2019); /* N1 */
    set(&r, NB_T2, "art20_1.normative_docs", "made_new", "-3");
    CHECK_STR(check_one(&r, &f), "N1");
    nb_findings_free(&f);
    set(&r, NB_T2, "art20_1.normative_docs", "made_new", "0");
    set(&r, NB_T2, "art20_6.penalty", "items_delta", "-18"); /* signed: fine */
    CHECK_STR(check_one(&r, &f), "");
    nb_findings_free(&f);
    nb_report_free(&r);

    clean_report(&r, &nb_template_2021, "甲镇", 2021); /* M3 */
    nb_report_find(&r, NB_T3, "res_notproc_repeat", "legal_other")->found = 0;
    CHECK_STR(check_one(&r, &f), "M3");
    nb_findings_free(&f);
    nb_report_free(&r);

    clean_report(&r, &nb_template_2021, "甲镇", 2021); /* M2: no table 四, and no M3 for its cells */
    r.tables_found[NB_T4] = 0;
    for (const char *const *g = (const char *const[]){"review", "suit_direct", "suit_after_review", NULL}; *g; g++)
        for (const char *const *c = (const char *const[]){"upheld", "corrected", "other", "pending", "total", NULL}; *c; c++)
            nb_report_find(&r, NB_T4, *g, *c)->found = 0;
    CHECK_STR(check_one(&r, &f), "M2");
    CHECK_INT(f.n, 1);
    nb_findings_free(&f);
    nb_report_free(&r);

    clean_report(&r, &nb_template_2021, "甲镇", 2021); /* U1 */
    set(&r, NB_T2, "art20_5.licensing", "decisions", "见附件");
    CHECK_STR(check_one(&r, &f), "U1");
    nb_findings_free(&f);
    nb_report_free(&r);

    clean_report(&r, &nb_template_2019, "甲镇", 2022); /* T1: 2022 on the 2019 format */
    CHECK_STR(check_one(&r, &f), "T1");
    CHECK_STR(f.items[0].expected, "2021");
    CHECK_STR(f.items[0].actual, "2019");
    nb_findings_free(&f);
    nb_report_free(&r);
    clean_report(&r, &nb_template_2021, "甲镇", 2020); /* and the reverse */
    CHECK_STR(check_one(&r, &f), "T1");
    nb_findings_free(&f);
    nb_report_free(&r);

    clean_report(&r, &nb_template_2021, "甲镇", 2022); /* S3 */
    set(&r, NB_T2, "art20_1.regulations", "issued", "2");
    set(&r, NB_T2, "art20_1.regulations", "in_force", "2");
    CHECK_STR(check_one(&r, &f), "S3");
    CHECK_STR(f.items[0].actual, "2/0/2");
    nb_findings_free(&f);
    nb_report_free(&r);

    clean_report(&r, &nb_template_2021, "甲镇", 2021); /* L1 */
    snprintf(r.publish_date, sizeof r.publish_date, "2022-04-15");
    CHECK_STR(check_one(&r, &f), "L1");
    CHECK_STR(f.items[0].expected, "2022-01-31");
    nb_findings_free(&f);
    snprintf(r.publish_date, sizeof r.publish_date, "2022-01-31"); /* on the day is on time */
    CHECK_STR(check_one(&r, &f), "");
    nb_findings_free(&f);
    r.publish_date[0] = '\0'; /* L2 */
    CHECK_STR(check_one(&r, &f), "L2");
    nb_findings_free(&f);
    nb_report_free(&r);
}

/* The rules across reports as `nianbao run` applies them: each report against the same
 * township's report of the year before, then the county's summaries. */
static const char *check_county(nb_report *reports, int n, int ntownships, int from, int to, nb_findings *f)
{
    nb_summary summaries[16];
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++)
            if (!strcmp(reports[j].township, reports[i].township) && reports[j].year == reports[i].year - 1)
                nb_checks_years(&reports[i], &reports[j], f);
        nb_summary_of(&reports[i], &summaries[i]);
    }
    nb_check_scope s = scope_of(ntownships, from, to);
    nb_checks_county(summaries, n, &s, f);
    return rules_of(f);
}

static void across_reports(void)
{
    nb_report r[8];
    nb_findings f = {0};

    clean_report(&r[0], &nb_template_2019, "甲镇", 2019); /* M1: 乙镇 has none */
    CHECK_STR(check_county(r, 1, 2, 2019, 2019, &f), "M1");
    CHECK_STR(f.items[0].township, "乙镇");
    nb_findings_free(&f);

    /* 乙镇's report was found but not read (a failed download, a page without tables):
     * F1 with the reason and the link, never "missing" */
    nb_summary one;
    nb_summary_of(&r[0], &one);
    nb_found_unread unread = {.township = 1, .year = 2019, .fetched = 0, .url = "http://x.gov.cn/b.html",
                              .why = "HTTP 503 (4 attempts)"};
    nb_check_scope s = scope_of(2, 2019, 2019);
    s.unread = &unread, s.nunread = 1;
    nb_checks_county(&one, 1, &s, &f);
    CHECK_STR(rules_of(&f), "F1");
    CHECK_STR(f.items[0].township, "乙镇");
    CHECK_STR(f.items[0].source_url, "http://x.gov.cn/b.html");
    CHECK_STR(f.items[0].message, "找到了乙镇2019年度年报，但未能下载：HTTP 503 (4 attempts)");
    nb_findings_free(&f);

    /* a township whose listings were not read completely is not called missing; the
     * others still are */
    s.nunread = 0;
    const unsigned char unlisted[] = {0, 1};
    s.unlisted = unlisted;
    nb_checks_county(&one, 1, &s, &f);
    CHECK_STR(rules_of(&f), "");
    nb_findings_free(&f);
    const unsigned char first_unlisted[] = {1, 0};
    s.unlisted = first_unlisted;
    nb_checks_county(&one, 1, &s, &f);
    CHECK_STR(rules_of(&f), "M1");
    CHECK_STR(f.items[0].township, "乙镇");
    nb_findings_free(&f);
    s.unlisted = NULL;
    nb_report_free(&r[0]);

    clean_report(&r[0], &nb_template_2019, "甲镇", 2020); /* X1 across the format change */
    clean_report(&r[1], &nb_template_2021, "甲镇", 2021);
    set(&r[1], NB_T3, "carried_over", "natural_person", "1");
    set(&r[1], NB_T3, "carried_over", "total", "1");
    set(&r[1], NB_T3, "res_granted", "natural_person", "1");
    set(&r[1], NB_T3, "res_granted", "total", "1");
    set(&r[1], NB_T3, "res_total", "natural_person", "1");
    set(&r[1], NB_T3, "res_total", "total", "1");
    CHECK_STR(check_county(r, 2, 1, 2020, 2021, &f), "X1");
    nb_findings_free(&f);
    nb_report_free(&r[0]);
    nb_report_free(&r[1]);

    clean_report(&r[0], &nb_template_2019, "甲镇", 2019); /* X2, X3 */
    clean_report(&r[1], &nb_template_2019, "甲镇", 2020);
    set(&r[1], NB_T2, "art20_5.licensing", "prev_items", "5");
    CHECK_STR(check_county(r, 2, 1, 2019, 2020, &f), "X2");
    nb_findings_free(&f);
    set(&r[1], NB_T2, "art20_5.licensing", "prev_items", "0");
    set(&r[1], NB_T2, "art20_1.normative_docs", "total_public", "3");
    CHECK_STR(check_county(r, 2, 1, 2019, 2020, &f), "X3");
    nb_findings_free(&f);
    nb_report_free(&r[0]);
    nb_report_free(&r[1]);

    clean_report(&r[0], &nb_template_2021, "甲镇", 2021); /* X4 */
    clean_report(&r[1], &nb_template_2021, "甲镇", 2022);
    set(&r[0], NB_T2, "art20_1.normative_docs", "in_force", "10");
    set(&r[1], NB_T2, "art20_1.normative_docs", "issued", "3");
    set(&r[1], NB_T2, "art20_1.normative_docs", "repealed", "1");
    set(&r[1], NB_T2, "art20_1.normative_docs", "in_force", "12");
    CHECK_STR(check_county(r, 2, 1, 2021, 2022, &f), "");
    nb_findings_free(&f);
    set(&r[1], NB_T2, "art20_1.normative_docs", "in_force", "13");
    CHECK_STR(check_county(r, 2, 1, 2021, 2022, &f), "X4");
    CHECK_STR(f.items[0].expected, "12");
    nb_findings_free(&f);
    nb_report_free(&r[0]);
    nb_report_free(&r[1]);

    /* O1: 180 applications where six other townships have 0–6 */
    static const char *const small[] = {"0", "2", "6", "1", "3", "0"};
    for (int i = 0; i < 7; i++) {
        clean_report(&r[i], &nb_template_2021, registry[i], 2023);
        const char *v = i < 6 ? small[i] : "180";
        set(&r[i], NB_T3, "new_received", "natural_person", v);
        set(&r[i], NB_T3, "new_received", "total", v);
        set(&r[i], NB_T3, "res_granted", "natural_person", v);
        set(&r[i], NB_T3, "res_granted", "total", v);
        set(&r[i], NB_T3, "res_total", "natural_person", v);
        set(&r[i], NB_T3, "res_total", "total", v);
    }
    CHECK_STR(check_county(r, 7, 7, 2023, 2023, &f), "O1");
    CHECK_STR(f.items[0].township, "庚镇");
    nb_findings_free(&f);
    set(&r[6], NB_T3, "new_received", "total", "25"); /* 25 is within the floor of 20 over a median of 1.5 */
    set(&r[6], NB_T3, "new_received", "natural_person", "25");
    set(&r[6], NB_T3, "res_granted", "natural_person", "25");
    set(&r[6], NB_T3, "res_granted", "total", "25");
    set(&r[6], NB_T3, "res_total", "natural_person", "25");
    set(&r[6], NB_T3, "res_total", "total", "25");
    CHECK_STR(check_county(r, 7, 7, 2023, 2023, &f), "O1");
    nb_findings_free(&f);
    set(&r[6], NB_T3, "new_received", "total", "21");
    set(&r[6], NB_T3, "res_total", "total", "21");
    CHECK_STR(check_county(r, 7, 7, 2023, 2023, &f), "");
    nb_findings_free(&f);
    for (int i = 0; i < 7; i++) nb_report_free(&r[i]);

    clean_report(&r[0], &nb_template_2021, "甲镇", 2022); /* O2 */
    clean_report(&r[1], &nb_template_2021, "甲镇", 2023);
    set(&r[0], NB_T3, "new_received", "total", "2");
    set(&r[0], NB_T3, "new_received", "natural_person", "2");
    set(&r[0], NB_T3, "res_granted", "natural_person", "2");
    set(&r[0], NB_T3, "res_granted", "total", "2");
    set(&r[0], NB_T3, "res_total", "natural_person", "2");
    set(&r[0], NB_T3, "res_total", "total", "2");
    set(&r[1], NB_T3, "new_received", "total", "40");
    CHECK_STR(check_county(r, 2, 1, 2022, 2023, &f), "O2");
    CHECK_STR(f.items[0].expected, "2");
    CHECK_STR(f.items[0].actual, "40");
    nb_findings_free(&f);
    nb_report_free(&r[0]);
    nb_report_free(&r[1]);
}

static void revisions(void)
{
    nb_report a, b;
    nb_findings f = {0};
    clean_report(&a, &nb_template_2021, "甲镇", 2021);
    clean_report(&b, &nb_template_2021, "甲镇", 2021);
    nb_checks_revision(&a, &b, &f);
    CHECK_INT(f.n, 0);
    set(&b, NB_T4, "review", "pending", "1");
    nb_checks_revision(&a, &b, &f);
    CHECK_STR(rules_of(&f), "R1");
    CHECK_STR(f.items[0].expected, "0");
    CHECK_STR(f.items[0].actual, "1");
    nb_findings_free(&f);

    /* a cell that was blank and is now gone says which: never "由空改为空" */
    set(&b, NB_T4, "review", "pending", "0");
    set(&a, NB_T4, "review", "upheld", "");
    nb_value *gone = nb_report_find(&b, NB_T4, "review", "upheld");
    set(&b, NB_T4, "review", "upheld", "");
    gone->found = 0;
    nb_checks_revision(&a, &b, &f);
    CHECK_STR(rules_of(&f), "R1");
    CHECK(strstr(f.items[0].message, "由空白改为缺失（页面中没有此单元格）") != NULL);
    nb_findings_free(&f);
    nb_report_free(&a);
    nb_report_free(&b);
}

int main(void)
{
    a_clean_report_has_no_findings();
    identities();
    cells_and_pages();
    across_reports();
    revisions();
    return check_done();
}
