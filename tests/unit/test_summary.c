/* A township-year's status as the overview and the report's coverage grid tell it: from
 * the report's source kind (a PDF/Word attachment; pictures read by OCR), then its publish
 * date against the deadline. */
#include "check.h"
#include "pipeline/check/summary.h"

static nb_status status_of(nb_source_kind source, const char *date, int ocr_cell)
{
    nb_report r;
    nb_report_init(&r, &nb_template_2021);
    r.year = 2021;
    r.source = source;
    snprintf(r.publish_date, sizeof r.publish_date, "%s", date);
    nb_value *v = nb_report_find(&r, NB_T3, "new_received", "total");
    v->found = 1;
    nb_number_parse("3", 1, &v->num);
    if (ocr_cell) v->marks = NB_MARK_OCR;
    nb_summary s;
    nb_summary_of(&r, &s);
    nb_report_free(&r);
    return nb_summary_status(&s, 1, 31);
}

int main(void)
{
    CHECK_STR(nb_status_name(status_of(NB_SOURCE_PAGE, "2022-01-31", 0)), "ok");          /* on the deadline */
    CHECK_STR(nb_status_name(status_of(NB_SOURCE_PAGE, "", 0)), "ok");                    /* no date: L2 says so */
    CHECK_STR(nb_status_name(status_of(NB_SOURCE_PAGE, "2022-02-01", 0)), "late");
    CHECK_STR(nb_status_name(status_of(NB_SOURCE_ATTACHMENT, "2022-01-10", 0)), "attachment_only");
    CHECK_STR(nb_status_name(status_of(NB_SOURCE_IMAGE, "2022-01-10", 0)), "image_only");
    /* a figure read from a picture: a table was published as an image only */
    CHECK_STR(nb_status_name(status_of(NB_SOURCE_PAGE, "2022-03-01", 1)), "image_only");
    CHECK_STR(nb_status_zh(NB_STATUS_UNKNOWN), "未知");
    CHECK_STR(nb_status_zh(NB_STATUS_MISSING), "缺失");
    return check_done();
}
