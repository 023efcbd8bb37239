/* xlsxnum: a spreadsheet's number cell -> the text a reader of the report takes from it.
 * Knows Excel's number formats, nothing about workbooks' XML or about reports.
 *
 * A workbook stores a number as binary floating point written out in decimal
 * ("12.000000000000002", "1E-3") and says through the cell's number format how it is
 * shown. The design choice: the figure is the value, as Excel shows it, never a long
 * float nor a format's decoration:
 *   - the value is rounded to 15 significant digits (Excel's own precision), then to the
 *     decimals the format shows ("0.00": 12 -> "12.00"; 2.675 -> "2.68", as Excel
 *     rounds the decimal, not the binary, value); General shows what is left, trailing
 *     zeros dropped, never an exponent ("1E-3" -> "0.001");
 *   - thousands separators, currency symbols, colours, padding and the sections for
 *     negatives and zero are how it looks, not what it says: "#,##0" shows 70487 as
 *     "70487", "(1,234)" is "-1234", an accounting "-" for zero is "0";
 *   - a unit the format prints as text ("0\"元\"", "#,##0\"件\"") stays after the figure,
 *     as a cell typed "70487元" would (number.h reads it);
 *   - a percent format shows the percent: 0.25 as "25%". A report's counts and amounts
 *     are never percents: such a cell is unreadable (number.h), not 0.25 applications;
 *   - a date or time format shows the date as text, "2020-01-21" (or "2020-01-21
 *     08:30"): a date is no figure.
 * A value that is not finite, or too large to be written out plainly (|v| >= 1e30), is
 * shown in scientific notation, which number.h refuses to read as a figure. */
#ifndef NB_XLSXNUM_H
#define NB_XLSXNUM_H

#include <stddef.h>

/* The format code of a built-in format id (0 General, 3 "#,##0", 14 a date, ...), or
 * NULL for an id with no built-in code (a workbook's own formats are numbered from 164). */
const char *nb_xlsxnum_builtin(int id);

/* Writes what the number value shows under format (a format code; NULL or "" is
 * General) into out (at least 64 bytes; always NUL-terminated). date1904: the workbook
 * counts dates from 1904 (workbookPr date1904). */
void nb_xlsxnum_show(double value, const char *format, int date1904, char *out, size_t outsz);

#endif
