/* xlsxdoc: an Excel workbook -> cells (doc.h).
 *
 * A .xlsx (Excel 2007+, and WPS or LibreOffice saving one) is a zip of XML (ooxml.h):
 * xl/workbook.xml lists the sheets in order, xl/_rels/workbook.xml.rels where each is,
 * xl/sharedStrings.xml the texts cells point to (rich text runs joined, phonetic guides
 * left out), xl/styles.xml each cell style's number format. Each sheet is streamed from
 * the zip, never held as a tree: <c r="B3" t="s|str|inlineStr|n|b|e|d"> with its <v> or
 * <is>, <mergeCell ref="A1:C2"/> (a colspan and rowspan, as an HTML table has them).
 *
 * What a cell says is what Excel shows (xlsxnum.h): a stored 12.000000000000002 is "12",
 * a number formatted "#,##0" is the plain figure, a date is text. A formula's cached
 * value is the value; formulas are never evaluated, and one without a cached value is
 * an unreadable cell (its text is the formula, "=SUM(B3:B5)"), with a warning, never 0.
 *
 * The grid. A sheet is laid out like a page: its report tables are runs of rows with
 * several cells (blocks), its headings and paragraphs rows of one cell. Rows and columns
 * that hold nothing are no rows and columns. Inside a block every row that holds a figure
 * or a template row's label ("规章") runs over the block's columns, a cell the sheet
 * leaves out being a blank cell, so that a figure stays in its column as in a Word
 * table; a header row keeps only what it says (a blank header cell is no figure).
 * Excel prints a label too long for its cell over the empty cells to its right, so
 * "一、本年新收政府信息公开申请数量" may stand in column A over B and C, which other
 * rows use for their labels. A blank cell between a row's label and its first figure is
 * therefore dropped when its column holds labels in the block's other rows and never a
 * figure, kept when its column holds figures (or a column header); when the sheet does
 * not say which, it is kept and the row's cells are marked uncertain_cell (report.h).
 *
 * Which sheets: every visible sheet, in the workbook's order, each block a table.
 * Hidden and very hidden sheets, rows and columns are not read (a warning names each
 * hidden sheet): what a person opening the file sees is the report; a hidden sheet is
 * most often last year's copy or a calculation, whose figures read first would be
 * taken for this year's.
 *
 * Bounded on hostile files: each part is read up to NB_XLSXDOC_MAX_XML bytes unpacked,
 * at most NB_XLSXDOC_MAX_CELLS cells and NB_XLSXDOC_MAX_SHEETS sheets, merges and the
 * grid are capped; beyond a cap the file is refused with the cap named. */
#ifndef NB_XLSXDOC_H
#define NB_XLSXDOC_H

#include <stddef.h>

#include "base/buf.h"
#include "pipeline/read/doc.h"

#define NB_XLSXDOC_MAX_XML ((size_t)64 << 20)
enum {
    NB_XLSXDOC_MAX_CELLS = 200000,  /* a report's workbook holds a few hundred */
    NB_XLSXDOC_MAX_SHEETS = 64,
    NB_XLSXDOC_MAX_MERGES = 20000,
    NB_XLSXDOC_MAX_GRID = 4000000   /* rows x columns that hold something, per sheet */
};

/* Fills d (initialised by the caller) from the .xlsx in bytes. Problems that leave the
 * rest readable (a hidden sheet, a formula without its value) are appended to warnings,
 * one line each, without a file name. Returns 0, or -1 with the reason in error (a
 * damaged or truncated zip, no xl/workbook.xml, broken XML, a cap passed, no sheet). */
int nb_xlsxdoc_parse(const char *bytes, size_t len, nb_doc *d, nb_buf *warnings, nb_buf *error);

#endif
