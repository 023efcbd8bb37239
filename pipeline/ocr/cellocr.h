/* cellocr: the text of one table cell of a picture, read by Tesseract, and how sure the
 * reading is. Knows nothing of tables or reports.
 *
 * Two readers: Tesseract's English model restricted to digits and the few symbols a
 * figure is printed with, on one line; and its Simplified Chinese model for everything
 * else. A cell is read as a figure first (fast, and the digits-only model does not turn a
 * 7 into 了); when that reading is not a clean figure with near certainty whose
 * characters match the glyphs in the cell one for one, the Chinese model reads it too.
 * A line too long to be a figure (a label) goes to the Chinese reader alone. A
 * figure both readers agree on is certain; one they disagree on, or one read with low
 * confidence, is uncertain and keeps the reading judged better. Nothing is ever guessed:
 * the text is what a reader printed. */
#ifndef NB_CELLOCR_H
#define NB_CELLOCR_H

#include <leptonica/allheaders.h>

#include "base/buf.h"

typedef struct nb_cellocr nb_cellocr;

/* Starts both readers (Tesseract's chi_sim and eng language data). NULL with the reason
 * in err when the language data is missing. */
nb_cellocr *nb_cellocr_open(nb_buf *err);
void nb_cellocr_close(nb_cellocr *o);

/* The page the next reads take their rectangles from: 8 bpp, rulings erased. The caller
 * keeps it alive until the next call or close. */
void nb_cellocr_set_page(nb_cellocr *o, PIX *gray);

enum { NB_CELLOCR_TEXT_MAX = 512 };

typedef struct {
    char text[NB_CELLOCR_TEXT_MAX]; /* UTF-8, lines joined by spaces, trimmed; "" if blank */
    int uncertain;      /* low confidence, or the two readers disagree */
    int confidence;     /* the lowest character confidence of the reading kept, 0..100 */
    int reads;          /* Tesseract calls made */
    char words[NB_CELLOCR_TEXT_MAX]; /* when text is a figure in doubt that the Chinese
                                        reader read as Chinese (人 as a 4), its reading */
} nb_cellocr_result;

/* Reads the cell inside (x0, y0)-(x1, y1) of the page. ink is the same page binarised
 * (1 bpp, rulings erased); a cell without ink is blank and costs no OCR. */
void nb_cellocr_read(nb_cellocr *o, PIX *ink, int x0, int y0, int x1, int y1,
                     nb_cellocr_result *out);

/* True if text is what a figure cell holds as read here: digits (with a sign,
 * separators, a point), a lone / or —. */
int nb_cellocr_is_figure(const char *text);

/* The number of Chinese characters in text. */
int nb_cellocr_cjk_chars(const char *text);

#endif
