/* csvfile: every CSV nianbao writes or reads back, through libcsv.
 *
 * Writing: RFC 4180 (a field is quoted only when it holds a comma, quote, CR or LF, or
 * starts or ends with a space or tab, which readers would trim),
 * CRLF line ends, and optionally a UTF-8 byte-order mark so that Excel and WPS open
 * Chinese text correctly on double-click. Text that may have come from a web page goes
 * through nb_csv_text(), which neutralises spreadsheet formula injection: a field that
 * starts with = + - @ TAB or CR and goes on gets a leading apostrophe, unless the whole
 * field is a plain number ("-18" stays a number, a lone "-" placeholder stays "-"); a field
 * whose own leading apostrophe would be taken for that guard gets one more ("'=x" ->
 * "''=x"), so nb_csv_unguard always gives back exactly the text written. Numbers go
 * through nb_csv_number() untouched.
 *
 * Reading: a whole CSV held in memory, row by row, through libcsv's parser; a leading
 * BOM is skipped. */
#ifndef NB_CSVFILE_H
#define NB_CSVFILE_H

#include <stdio.h>

#include "base/buf.h"

enum { NB_CSV_BOM = 1u << 0 };

typedef struct {
    FILE *f;
    int fields_in_row;
    int failed; /* a write failed (disk full, closed pipe); checked by the caller at the end */
} nb_csv;

void nb_csv_start(nb_csv *w, FILE *f, unsigned options);
void nb_csv_text(nb_csv *w, const char *s);
void nb_csv_textn(nb_csv *w, const char *s, size_t n);
void nb_csv_number(nb_csv *w, const char *s);
void nb_csv_int(nb_csv *w, long long v);
void nb_csv_end_row(nb_csv *w);
/* The text nb_csv_text was given for a field it wrote: drops the apostrophe it put before
 * a leading = + - @ TAB or CR (for readers of nianbao's own files: manifest, anomalies). */
const char *nb_csv_unguard(const char *field);
/* Writes a whole row of text fields (a header, say). */
void nb_csv_row(nb_csv *w, const char *const *fields, int n);

/* Calls row_fn for each record: fields are NUL-terminated, valid until the call returns;
 * line is the 1-based line where the record starts. A non-zero return from row_fn stops
 * the reading and is returned. Returns 0, the callback's value, or -1 with a message in
 * err for malformed CSV (an unterminated quote, say). */
typedef int (*nb_csv_row_fn)(void *ctx, char **fields, int nfields, long line);
int nb_csv_parse(const char *data, size_t len, nb_csv_row_fn row_fn, void *ctx, nb_buf *err);

#endif
