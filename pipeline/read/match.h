/* match: a page's cells (doc.h) -> the template's cells (report.h), by labels.
 *
 * Knows the templates only through template.h and pages only through doc.h. Reading
 * follows the page order: each labelled template row is looked for after the previous
 * one; its values are the cells after the label in the same table row or, when the label
 * stands alone (a table flattened into paragraphs or lines), the value-like cells that
 * follow it. Table 四's unlabelled row is the run of numbers after its header. Grid
 * positions are never trusted: real pages give data rows other spans than headers.
 *
 * A label that names no template row ("其他" as a column, a site menu entry "行政许可"
 * with no figures after it) is passed over; labels that are also column names
 * ("（七）总计", "3.其他") must carry their item number. */
#ifndef NB_MATCH_H
#define NB_MATCH_H

#include "base/buf.h"
#include "pipeline/read/doc.h"
#include "pipeline/report.h"

/* The template the page's labels show (distinctive labels of each format counted; a tie
 * is settled by the report year: >= 2021 means the 2021 format). NULL when the page
 * carries no label of either format. */
const nb_template *nb_match_detect(const nb_doc *d, int year_hint);

/* Reads every cell of template tpl from d into out (initialised here; free with
 * nb_report_free). Problems a reader should know (a row with more cells than the
 * template has columns, say) are appended to warnings, one line each, without a file
 * name. Returns the number of template cells found in the page. */
int nb_match_read(const nb_doc *d, const nb_template *tpl, nb_report *out, nb_buf *warnings);

/* Labels read by OCR (cells with NB_MARK_OCR) carry its misreadings: 属于 as 居于, 不予 as
 * 不子. Each such cell whose label is no template label exactly, and that is not a figure
 * (figures are never compared with labels), takes the label key of the template label
 * nearest to it in edit distance (counted in characters) when that one is near enough (a
 * quarter of its length; labels of three characters or fewer must be exact) and nearer
 * by two than any other. The cell's text stays as read: only its key changes. Docs
 * without OCR'd cells are left as they are. */
void nb_match_snap_labels(nb_doc *d);

/* True if the cell's text is a label of any template (row, column, section or marker). */
int nb_match_is_template_label(const nb_cell *c);

#endif
