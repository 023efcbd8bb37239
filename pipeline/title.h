/* title: reads a report title (a link's text, a page's <title> or ArticleTitle) for what
 * it says: is this an annual disclosure report, for which year, by which body.
 * Knows nothing about HTML or portals; used by discovery (link texts) and by extract
 * (page titles).
 *
 * Recognised shapes (with or without 度/工作/政府, full- or half-width digits, stray
 * spaces, a site suffix such as "-沭阳县发改局" after the title):
 *   平东镇2019年政府信息公开工作年度报告      2019年度平东镇政府信息公开年报
 *   海丰县平东镇人民政府2019年政府信息公开工作年度报告      平东镇2019年度政务公开年报
 */
#ifndef NB_TITLE_H
#define NB_TITLE_H

typedef struct {
    int is_report;      /* names an annual 政府信息公开 report (年度报告 / 年报) */
    int year;           /* the report year (1990..2100), 0 if none */
    char body[192];     /* the reporting body as written, e.g. "海丰县平东镇人民政府", "" if none */
    char county[64];    /* a leading 县/市/区/旗 name when more follows it, e.g. "海丰县", else "" */
    char township[128]; /* body without the county and a trailing 人民政府/政府, e.g. "平东镇" */
} nb_title;

/* Parses UTF-8 text. Returns 1 if a year or body was found, 0 otherwise (out zeroed). */
int nb_title_parse(const char *text, nb_title *out);

/* Reads a body named on its own ("海丰县平东镇人民政府", as a page's 来源 line gives it)
 * into body, county and township; is_report and year stay 0. Returns 1 if non-empty. */
int nb_title_parse_body(const char *text, nb_title *out);

#endif
