/* ocrcache: what OCR read from one picture, as a list of cells, and a folder that keeps
 * such lists by the picture's SHA-256, so that a picture read once is never read again.
 *
 * One small text file per picture, <dir>/<first two hex digits>/<sha256>.ocr: a header
 * naming the format, the method's version and Tesseract's version, then one line per
 * cell (table, row, column, spans, flags, text; tab-separated). A file from another
 * method or Tesseract version, or one that does not parse, is a miss: the picture is
 * read again and the file replaced. Files are written atomically (base/atomicfile.h), so
 * a run killed while writing leaves the old file or none. */
#ifndef NB_OCRCACHE_H
#define NB_OCRCACHE_H

#include "base/buf.h"
#include "pipeline/report.h" /* NB_MARK_* */

typedef struct {
    int table, row;        /* numbered from 0 within the picture */
    int col, colspan, rowspan;
    unsigned marks;        /* NB_MARK_OCR, NB_MARK_OCR_UNCERTAIN (report.h) */
    char *text;            /* owned; never holds a tab or a line break */
} nb_ocrcell;

typedef struct {
    nb_ocrcell *cells;
    int n, cap;
    int tables, unruled;   /* tables found, and how many of them without rulings */
} nb_ocrcells;

void nb_ocrcells_add(nb_ocrcells *l, int table, int row, int col, int colspan, int rowspan,
                     unsigned marks, const char *text);
void nb_ocrcells_free(nb_ocrcells *l);

/* The cells cached under key (64 hex digits) in dir: 1 and out filled on a hit, 0 on a
 * miss (no file, another version, a damaged file). out must be empty. */
int nb_ocrcache_load(const char *dir, const char *key, nb_ocrcells *out);
/* Stores the cells under key. Returns 0, or -1 with "<path>: <reason>" in err. */
int nb_ocrcache_store(const char *dir, const char *key, const nb_ocrcells *cells, nb_buf *err);

#endif
