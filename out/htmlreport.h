/* htmlreport: <out>/report.html, one self-contained page for the county's disclosure
 * officer, in Chinese: it opens offline in any browser, carries its CSS and its charts
 * (inline SVG) and no script at all, and prints on A4 landscape.
 *
 * In order:
 *   - the headline: reports read out of those due, findings by severity (acknowledged
 *     ones counted apart), and the changes since the previous run in one line;
 *   - 本次变化: what changed since the previous run (changes.h), item by item;
 *   - 年报覆盖情况: the coverage grid, township × year, each cell its status (按时, 逾期,
 *     仅图片, 仅附件, 无法读取, 缺失) in words and colour, the number of open errors and
 *     warnings, and a link to the source page;
 *   - 异常情况: the findings grouped by township, the townships with errors first, each
 *     group severity first, with the cell, expected and actual value, the message and a
 *     link; acknowledged findings stay, greyed, with who muted them and why;
 *   - 全县趋势: small line charts of the county's totals per year (applications received,
 *     granted, refused, reviews, lawsuits, fees), from the county tables, each year marked
 *     with how many townships reported;
 *   - 各乡镇与全县中位数: per township and figure, its years as a line beside the county
 *     median of each year (dashed), its latest figure and that year's median.
 *
 * Every text from a page is escaped; only http, https and file links are made. Nothing
 * in the page depends on the clock, so an unchanged night writes the same bytes. */
#ifndef NB_HTMLREPORT_H
#define NB_HTMLREPORT_H

#include "base/buf.h"
#include "out/view.h"

/* Renders the page into out (appended). */
void nb_htmlreport_render(const nb_county_view *v, nb_buf *out);
/* Renders and writes <outdir>/report.html atomically. Returns 0, or -1 with err. */
int nb_htmlreport_write(const char *outdir, const nb_county_view *v, nb_buf *err);

#endif
