/* pipeline/ocr/: pictures of report tables -> the text of their cells, by OCR (picture,
 * ruling, cellocr, wordtable, ocrcache). Knows nothing of reports.
 *
 * picture: a picture of report tables (PNG, JPEG, GIF, BMP) -> the text of its table
 * cells, by OCR. Knows nothing of reports or of doc.h: pipeline/read/files/imagedoc.h turns the
 * cells into a doc, the way htmldoc.h turns <table>s into one.
 *
 * The picture is made grey, enlarged when its text is small (Tesseract reads characters
 * about 24 pixels tall best; screenshots print them 12-18) and straightened when it is
 * turned by up to 2.5° (the angle is measured on the text and rulings). Ruled tables
 * (ruling.h) give the cells and their spans; each cell is read alone (cellocr.h) with the
 * rulings erased. A picture without ruled tables is read as lines of words (wordtable.h),
 * every cell of it uncertain.
 *
 * Honesty: every cell carries NB_MARK_OCR, and NB_MARK_OCR_UNCERTAIN when its reading or its
 * place is in doubt (cellocr.h says when); its text is what Tesseract printed, never
 * corrected. A picture with no table (a logo, a photo) gives no cell and is no error:
 * out->tables is 0.
 *
 * Results are cached by the picture's SHA-256 when a cache folder is given (ocrcache.h):
 * a picture read once costs a file read afterwards, no decoding and no OCR. */
#ifndef NB_PICTURE_H
#define NB_PICTURE_H

#include <stddef.h>

#include "base/buf.h"
#include "pipeline/ocr/cellocr.h"
#include "pipeline/ocr/ocrcache.h"

typedef enum { NB_PICTURE_NONE = 0, NB_PICTURE_PNG, NB_PICTURE_JPEG, NB_PICTURE_GIF, NB_PICTURE_BMP } nb_picture_format;

/* The format the bytes' signature names (never a file name); NB_PICTURE_NONE if none. */
nb_picture_format nb_picture_sniff(const void *bytes, size_t len);
const char *nb_picture_format_name(nb_picture_format f); /* "PNG", "JPEG", "GIF", "BMP" */

typedef struct {
    const char *cache_dir; /* cached results by the picture's SHA-256; NULL: no cache */
    nb_cellocr **ocr;      /* readers shared across pictures: started into *ocr by the
                              first picture the cache cannot answer, closed by the caller
                              (nb_cellocr_close); NULL: started and stopped for each
                              picture (about 0.3 s each time) */
    long max_pixels;       /* larger pictures are refused; 0: 40 million */
} nb_picture_options;

typedef struct {
    int cells, uncertain;  /* cells read, and of them NB_MARK_OCR_UNCERTAIN */
    int ocr_reads;         /* Tesseract calls made (0 when the cache answered) */
    int cached;            /* the cache answered */
    int cache_failed;      /* the result could not be cached: err says why (the read
                              itself succeeded) */
    double angle;          /* degrees the picture was turned to straighten it */
    double scale;          /* the factor it was enlarged by */
} nb_picture_stats;

/* Reads the picture in bytes into out (empty). Returns 0, or -1 with the reason in err:
 * not a picture nianbao reads, a damaged one, one too large, Tesseract's language data
 * missing. stats may be NULL. */
int nb_picture_read(const void *bytes, size_t len, const nb_picture_options *opt, nb_ocrcells *out,
                    nb_picture_stats *stats, nb_buf *err);

/* The same for a picture Leptonica has decoded already (a scanned PDF page). key files
 * the result in the cache: the SHA-256 hex of the picture's bytes, or of whatever names
 * it exactly; NULL: not cached. The pix stays the caller's. */
struct Pix;
int nb_picture_read_pix(struct Pix *pix, const char *key, const nb_picture_options *opt, nb_ocrcells *out,
                        nb_picture_stats *stats, nb_buf *err);

#endif
