/* imagedoc: a picture of report tables -> doc.h cells, through the OCR stage of
 * pipeline/ocr/picture.h. The picture's tables become rows of cells with their grid
 * columns and spans, as htmldoc.h makes of <table>s, so the matcher reads both alike;
 * each cell keeps its NB_MARK_* flags (doc.h), and the doc counts its OCR'd cells, which
 * makes the matcher tolerant of OCR's misread labels (match.h).
 *
 * The cells are appended: a report page's own cells (its headings) may be in the doc
 * already, and a page with three table pictures is one doc. */
#ifndef NB_IMAGEDOC_H
#define NB_IMAGEDOC_H

#include <stddef.h>

#include "base/buf.h"
#include "pipeline/ocr/picture.h"
#include "pipeline/read/doc.h"

/* True if the bytes are a picture nianbao reads (PNG, JPEG, GIF, BMP: by signature). */
int nb_imagedoc_sniff(const void *bytes, size_t len);

/* Reads the picture and appends its tables to out (nb_doc_init'ed by the caller; tables
 * are numbered after those already there). Returns 0 (stats->... and out->ntables say
 * whether a table was found), or -1 with the reason in err (picture.h). */
int nb_imagedoc_read(const void *bytes, size_t len, const nb_picture_options *opt, nb_doc *out,
                     nb_picture_stats *stats, nb_buf *err);

/* The same for a picture Leptonica has decoded (a scanned PDF page); key as in
 * nb_picture_read_pix. */
struct Pix;
int nb_imagedoc_read_pix(struct Pix *pix, const char *key, const nb_picture_options *opt, nb_doc *out,
                         nb_picture_stats *stats, nb_buf *err);

/* Appends cells read from a picture to out (what the two above do after reading). */
void nb_imagedoc_append(const nb_ocrcells *cells, nb_doc *out);

#endif
