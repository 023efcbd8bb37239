/* pagemeta: what a report page says about itself: its title, the reporting body (county,
 * township), the report year and the publish date. Read from the page's <meta> tags
 * (ArticleTitle, PubDate, ...), its <title>, and the text near the title (发布时间,
 * 发布日期, 公开日期, 日期, or a bare date printed under the title; a "来源" line naming
 * the body). Dates of other kinds (采集时间, 成文日期, 页面生成时间) are never taken. */
#ifndef NB_PAGEMETA_H
#define NB_PAGEMETA_H

#include "pipeline/read/doc.h"
#include "pipeline/report.h"

/* Fills title, county, township, year and publish_date of r from d, leaving fields that
 * the page does not tell empty. */
void nb_pagemeta_read(const nb_doc *d, nb_report *r);

/* Reads a date (2020-02-18, 2020/2/18, 2020.02.18, 2020年2月18日) at the start of text
 * into out as YYYY-MM-DD; returns the bytes consumed or 0. A day the month does not have
 * (2024-02-31) is no date. */
size_t nb_pagemeta_parse_date(const char *text, char out[11]);

#endif
