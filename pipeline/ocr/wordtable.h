/* wordtable: a table printed without rulings (or with a rule above and under it only),
 * read from where its words stand. Knows nothing of reports.
 *
 * Words are pieces of ink on one line less than a character apart (Chinese text has no
 * spaces; figures of neighbouring columns stand farther apart), each read by cellocr.h.
 * The figures read with certainty give the structure, nothing else does (a header's lone
 * character can pass the digits reader as a figure in doubt):
 *  - rows are the lines of figures; a label wrapped over two lines, or a heading that
 *    spans rows and stands between two of them, joins the line it overlaps most;
 *  - columns are where the figures of a block of rows stand, their middles clustered,
 *    each reaching halfway to its neighbours; a block ends at a header between two
 *    lines of figures, right of the labels (table 二 gives each item its own columns);
 *  - a row gives its labels (words left of the figures, lines over each other joined)
 *    and then one cell per column, blank where no word stands in it, so a figure left
 *    blank shifts nothing: the matcher reads a row's figures in order after its label.
 * Columns come from the figures rather than from the header words matched to the
 * template's: the figures are read surely and stand where their column is, while wrapped
 * header words (结果维 over 持) are read poorly, and no template is needed here. A value
 * is NB_MARK_OCR_UNCERTAIN when its reading is, or when its row's words do not fall one
 * per column (then they are given in order: a place that is a guess). Words in no row of
 * figures are header rows, one cell per word.
 *
 * It is a table only when three lines hold three words or more (seen before any reading:
 * a scanned page of text costs no OCR) and six words are figures: a banner (a line or
 * two of large text), a photo (ink everywhere: refused before any OCR) or a paragraph
 * is not. */
#ifndef NB_WORDTABLE_H
#define NB_WORDTABLE_H

#include <leptonica/allheaders.h>

#include "pipeline/ocr/cellocr.h"
#include "pipeline/ocr/ocrcache.h"

/* Appends the table's cells (table 0) to out; returns 1 if a table was found, else 0
 * (out unchanged). *reads counts the Tesseract calls made. */
int nb_wordtable_read(nb_cellocr *ocr, PIX *gray, PIX *bin, int char_h, nb_ocrcells *out, int *reads);

#endif
