/* xlsx: <out>/county.xlsx, the county's results as a workbook with typed cells, for the
 * people who open them in Excel, WPS or LibreOffice (the CSVs stay the data interface).
 *
 * A spreadsheet opening a CSV guesses each cell's type, and guesses wrong exactly where
 * nianbao reports a cell it could not read: `1e5` becomes 100000, `(3)` -3, `1/2` a date,
 * `007` 7. In the workbook nothing is guessed: figures are number cells; raw text,
 * expected and actual values, labels and every text from a page are text cells (text
 * format "@", so that editing one keeps it text; a text starting with "=" is text, never a
 * formula — the workbook holds no formula at all); publish dates are date cells (an
 * impossible date stays text). A figure of more than 15 significant digits, which no
 * spreadsheet number holds exactly, is a text cell.
 *
 * Sheets, in order:
 *   概览            one row per registered township-year: status, key figures, template,
 *                  publish date, on time, findings, the source as a hyperlink
 *   异常            the findings, severity first, each with its cell, expected and actual
 *                  value, message, acknowledgement and the source as a hyperlink
 *   变化            what changed since the previous run (changes.h)
 *   <year>年表二/表三/表四  per year in scope, the county table in the official layout with
 *                  merged header cells (表三's 申请人情况 / 法人或其他组织 rows, its label
 *                  columns 三、本年度办理结果 / （三）不予公开 merged down), and the same
 *                  notes as the CSV below it
 *   明细            every template cell of every township-year: the tidy rows
 * Frozen header rows, autofilters and column widths on each list; tables print landscape,
 * one page wide.
 *
 * Written with libxlsxwriter in its constant-memory mode (rows go to disk as they are
 * written), so the tidy sheet is streamed one report at a time while the roll-up runs:
 * memory does not grow with the county. A tidy sheet longer than a spreadsheet allows
 * (1,048,576 rows) ends with a row saying how many rows were left out. The file's
 * creation date is the newest publish date (not the clock), so an unchanged night
 * writes the same bytes and atomicfile leaves the workbook untouched. */
#ifndef NB_XLSX_H
#define NB_XLSX_H

#include "base/buf.h"
#include "out/view.h"
#include "pipeline/report.h"

typedef struct nb_xlsx nb_xlsx;

/* Starts <outdir>/county.xlsx (as a temporary file beside it) with every sheet of the
 * county's scope. NULL with "<file>: <reason>" in err on failure. */
nb_xlsx *nb_xlsx_open(const char *outdir, const nb_check_scope *scope, nb_buf *err);
/* Adds the report's template cells to the tidy sheet. */
void nb_xlsx_add_report(nb_xlsx *x, const nb_report *r);
/* Writes the other sheets from v, closes the workbook and puts it in place (or leaves
 * the old file when the bytes are the same). Frees x. Returns 0, or -1 with err. */
int nb_xlsx_commit(nb_xlsx *x, const nb_county_view *v, nb_buf *err);
/* Drops the workbook (the old file stays). Frees x; NULL is fine. */
void nb_xlsx_abort(nb_xlsx *x);

#endif
