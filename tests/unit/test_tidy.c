#include "check.h"
#include "pipeline/read/extract.h"
#include "out/tidy.h"

#include <stdlib.h>

static char *fixture(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/real/%s", getenv("NB_FIXTURES") ? getenv("NB_FIXTURES") : "tests/fixtures", name);
    return path;
}

static char *write_csv(const nb_report *r, size_t *len)
{
    char *text = NULL;
    FILE *f = open_memstream(&text, len);
    nb_csv w;
    nb_csv_start(&w, f, NB_CSV_BOM);
    nb_tidy_write_header(&w);
    nb_tidy_write_report(&w, r);
    fclose(f);
    return text;
}

/* The per-township CSV is the stage boundary of the pipeline: reading it back must give
 * the same report, so that a roll-up from stored CSVs equals one from fresh pages. */
static void csv_reads_back_to_the_same_report(const char *name)
{
    nb_buf page = NB_BUF_INIT, err = NB_BUF_INIT;
    CHECK_INT(nb_buf_read_file(&page, fixture(name)), 0);
    nb_extract_diag diag = {0};
    nb_report r, back;
    CHECK_INT(nb_extract_page(page.data, page.len, NULL, &r, &diag), NB_EXTRACT_OK);
    snprintf(r.content_sha256, sizeof r.content_sha256, "%064d", 7);
    snprintf(r.page_url, sizeof r.page_url, "http://x.gov.cn/gknb/t20200118_1.html"); /* as if read from its file */
    size_t len1, len2;
    char *first = write_csv(&r, &len1);
    CHECK_INT(nb_tidy_read(first, len1, &back, &err), 0);
    CHECK_STR(back.tpl->name, r.tpl->name);
    CHECK_STR(back.publish_date, r.publish_date);
    CHECK_STR(back.content_sha256, r.content_sha256);
    CHECK_STR(back.page_url, r.page_url);
    char *second = write_csv(&back, &len2);
    CHECK_INT(len2, len1);
    CHECK(len1 == len2 && memcmp(first, second, len1) == 0);
    free(first);
    free(second);
    nb_report_free(&r);
    nb_report_free(&back);
    nb_extract_diag_free(&diag);
    nb_buf_free(&page);
    nb_buf_free(&err);
}

/* Where the tables came from survives the stored CSV (the overview's status is derived
 * from it); a report read from its page, the default, adds no row. */
static void source_kind_reads_back(void)
{
    nb_buf page = NB_BUF_INIT, err = NB_BUF_INIT;
    CHECK_INT(nb_buf_read_file(&page, fixture("pingtan-2019.html")), 0);
    nb_extract_diag diag = {0};
    nb_report r, back;
    CHECK_INT(nb_extract_page(page.data, page.len, NULL, &r, &diag), NB_EXTRACT_OK);
    size_t len;
    char *csv = write_csv(&r, &len);
    CHECK(!strstr(csv, "source_kind"));
    free(csv);
    for (int kind = NB_SOURCE_ATTACHMENT; kind <= NB_SOURCE_IMAGE; kind++) {
        r.source = (nb_source_kind)kind;
        csv = write_csv(&r, &len);
        CHECK(strstr(csv, kind == NB_SOURCE_IMAGE ? ",source_kind,,表格来源,,image,," : ",source_kind,,表格来源,,attachment,,"));
        CHECK_INT(nb_tidy_read(csv, len, &back, &err), 0);
        CHECK_INT(back.source, kind);
        nb_report_free(&back);
        free(csv);
    }
    const char *bad = "county,township,year,template,table,row_key,col_key,row_label,col_label,value,raw,unit,flag,source_url\r\n"
                      "示例县,甲镇,2019,2019,meta,page,source_kind,,,,fax,,,\r\n";
    CHECK_INT(nb_tidy_read(bad, strlen(bad), &back, &err), -1);
    CHECK_STR(err.data, "line 2: unknown source kind \"fax\"");
    nb_report_free(&r);
    nb_extract_diag_free(&diag);
    nb_buf_free(&page);
    nb_buf_free(&err);
}

static void rejects_a_csv_that_is_not_a_report(void)
{
    nb_report r;
    nb_buf err = NB_BUF_INIT;
    const char *csv = "county,township,year,template,table,row_key,col_key,row_label,col_label,value,raw,unit,flag,source_url\r\n"
                      "示例县,甲镇,2019,2019,t3,no_such_row,total,,,1,1,,,\r\n";
    CHECK_INT(nb_tidy_read(csv, strlen(csv), &r, &err), -1);
    CHECK_STR(err.data, "line 2: unknown template cell t3/no_such_row/total");
    nb_buf_free(&err);
}

/* Figures read from a picture say so in the CSV, and read back with it. */
static void ocr_flags_are_written_and_read_back(void)
{
    nb_report r, back;
    nb_report_init(&r, &nb_template_2019);
    snprintf(r.township, sizeof r.township, "甲镇");
    r.year = 2019;
    nb_value *a = nb_report_find(&r, NB_T3, "new_received", "total");
    a->found = 1;
    nb_report_set_raw(&r, a, "12", 2);
    nb_number_parse("12", 2, &a->num);
    a->marks = NB_MARK_OCR;
    nb_value *b = nb_report_find(&r, NB_T3, "carried_over", "total");
    b->found = 1;
    nb_report_set_raw(&r, b, "", 0);
    nb_number_parse("", 0, &b->num);
    b->marks = NB_MARK_OCR | NB_MARK_OCR_UNCERTAIN;
    nb_value *c = nb_report_find(&r, NB_T2, "art20_9.central_procurement", "proc_amount");
    c->found = 1;
    nb_report_set_raw(&r, c, "约4万元", strlen("约4万元"));
    nb_number_parse(c->raw, strlen(c->raw), &c->num);
    snprintf(c->unit, sizeof c->unit, "万元");
    c->marks = NB_MARK_OCR | NB_MARK_OCR_UNCERTAIN;
    /* one marks field: a picture's cell whose place was a guess says both */
    nb_value *d = nb_report_find(&r, NB_T3, "res_granted", "total");
    d->found = 1;
    nb_report_set_raw(&r, d, "5", 1);
    nb_number_parse("5", 1, &d->num);
    d->marks = NB_MARK_OCR | NB_MARK_UNCERTAIN;
    char flags[96];
    nb_tidy_flags(a, flags, sizeof flags);
    CHECK_STR(flags, "ocr");
    nb_tidy_flags(b, flags, sizeof flags);
    CHECK_STR(flags, "blank;ocr;ocr_uncertain");
    nb_tidy_flags(c, flags, sizeof flags);
    CHECK_STR(flags, "approximate;unit_stripped;ocr;ocr_uncertain");
    nb_tidy_flags(d, flags, sizeof flags);
    CHECK_STR(flags, "ocr;uncertain_cell");
    size_t len1, len2;
    char *first = write_csv(&r, &len1);
    CHECK(strstr(first, ",40000,约4万元,元,approximate;derived;ocr;ocr_uncertain,") != NULL);
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_tidy_read(first, len1, &back, &err), 0);
    CHECK_INT(nb_report_find(&back, NB_T3, "new_received", "total")->marks, NB_MARK_OCR);
    CHECK_INT(nb_report_find(&back, NB_T3, "carried_over", "total")->marks, NB_MARK_OCR | NB_MARK_OCR_UNCERTAIN);
    CHECK_INT(nb_report_find(&back, NB_T3, "res_granted", "total")->marks, NB_MARK_OCR | NB_MARK_UNCERTAIN);
    CHECK_INT(nb_report_find(&back, NB_T3, "res_total", "total")->marks, 0);
    char *second = write_csv(&back, &len2);
    CHECK(len1 == len2 && memcmp(first, second, len1) == 0);
    free(first);
    free(second);
    nb_report_free(&r);
    nb_report_free(&back);
    nb_buf_free(&err);
}

int main(void)
{
    csv_reads_back_to_the_same_report("pingtan-2019.html");
    csv_reads_back_to_the_same_report("shuyang-fgj-2023.html");
    csv_reads_back_to_the_same_report("pingdong-2019.txt");
    rejects_a_csv_that_is_not_a_report();
    source_kind_reads_back();
    ocr_flags_are_written_and_read_back();
    return check_done();
}
