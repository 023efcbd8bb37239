/* wordtable: a table printed without rulings, read from the words Tesseract's layout
 * analysis finds. Knows nothing of reports.
 *
 * Words whose middles lie within a character's height of each other are a row; within a
 * row, words less than a character apart are one cell (Chinese text has no spaces,
 * figures in neighbouring columns are far apart). Each cell is read by cellocr.h.
 * Columns are the cells' order in their row: the matcher reads a row's figures after its
 * label, so their order is what matters, and a figure left blank shifts the rest.
 * Therefore every cell read this way carries NB_MARK_OCR_UNCERTAIN: its place is a guess.
 *
 * It is a table only when three rows hold three cells or more and six cells figures; a
 * banner (a line or two of large text), a photo (ink everywhere: refused before any OCR)
 * or a paragraph is not. */
#ifndef NB_WORDTABLE_H
#define NB_WORDTABLE_H

#include <leptonica/allheaders.h>

#include "pipeline/ocr/cellocr.h"
#include "pipeline/ocr/ocrcache.h"

/* Appends the table's cells (table 0) to out; returns 1 if a table was found, else 0
 * (out unchanged). *reads counts the Tesseract calls made. */
int nb_wordtable_read(nb_cellocr *ocr, PIX *gray, PIX *bin, int char_h, nb_ocrcells *out, int *reads);

#endif
