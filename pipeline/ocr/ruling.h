/* ruling: the ruled tables of a picture, as cells with their boxes and spans. Knows
 * nothing of text, OCR or reports.
 *
 * A report table printed from Word is drawn with ruling lines. Opening the binary image
 * with a long horizontal (vertical) bar keeps the horizontal (vertical) rulings and drops
 * the text, whose strokes are shorter than the bar. The rulings' positions give a grid;
 * two neighbouring grid cells are one merged cell (colspan, rowspan) when the ruling
 * between them is missing, so spans come from the picture itself, as in the HTML. A wall
 * counts only when a ruling covers most of it: text strokes never do.
 *
 * A ruled region needs at least two rows and two columns of cells: a framed logo, a
 * banner's border or one box around a paragraph is not a table. Nor is a lattice of more
 * than 80 rulings either way (a fence or a facade in a photo): the report's tables have
 * about 30 rows and 15 columns at most. */
#ifndef NB_RULING_H
#define NB_RULING_H

#include <leptonica/allheaders.h>

typedef struct {
    int x0, y0, x1, y1;  /* the inside of the cell, between its rulings (pixels) */
    int row, col;        /* grid position of its top-left corner */
    int rowspan, colspan;
    int irregular;       /* the merged region is not a rectangle: its spans are a guess */
} nb_ruling_cell;

typedef struct {
    int x0, y0, x1, y1;  /* the outer rulings */
    int nrows, ncols;    /* of the grid */
    nb_ruling_cell *cells; /* in reading order: by row, then column */
    int ncells;
} nb_ruling_table;

typedef struct {
    nb_ruling_table *tables; /* top to bottom */
    int ntables;
    PIX *lines;              /* 1 bpp: the ruling pixels found, to be erased before OCR */
} nb_ruling;

/* Finds the ruled tables of bin (1 bpp, text and lines black). char_h is the height of
 * the text's characters in pixels (it sets how long a stroke must be to be a ruling).
 * Returns 0, or -1 when Leptonica fails (out is then empty). Free with nb_ruling_free. */
int nb_ruling_find(PIX *bin, int char_h, nb_ruling *out);
void nb_ruling_free(nb_ruling *r);

#endif
