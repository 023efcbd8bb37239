/* pagegrid: printed pages (glyphs with their boxes, ruling lines) -> cells (doc.h).
 * Knows nothing about PDF or about reports: pdfdoc.h feeds it what MuPDF draws; a reader
 * of scanned pages could feed it what OCR finds.
 *
 * Tables are read from geometry, never from a flattened text, because position is what
 * keeps a blank cell blank:
 *  - Ruled tables: the drawn lines (stroked segments, thin filled rectangles) that cross
 *    each other form a lattice; a missing line between two lattice cells merges them (a
 *    colspan or rowspan). Each glyph belongs to the cell its centre falls in, so a header
 *    printed one character per line in a narrow column reads as one cell.
 *  - Tables without rulings: rows from the labels of the report templates the label
 *    column spells (pglabels.h: a label stacked a character per line, interleaved with a
 *    group's label, is one row; a row without a figure is a row of blank cells), each
 *    row's figures the ones beside its label; columns from how the figures line up (as
 *    many as the template gives those rows, or else, where a column holds no figure in
 *    a block, from its header). Labels the templates do not know: rows from the lines
 *    that carry figures, text between them joined to a row only when one alignment of
 *    the cells (top, middle or bottom) explains all of it. Whatever cannot be placed with
 *    certainty is marked NB_MARK_UNCERTAIN, never guessed silently.
 *  - A table that runs onto the next page is one table: its repeated header is dropped,
 *    and a row cut by the page break (no rule under it, none over its rest; without
 *    rulings, a row label cut in two) is joined. A header left alone at the bottom of a
 *    page is read with the figures that start the next.
 * Text outside tables becomes rows of one cell, a line each (a heading, a paragraph's
 * line); page numbers in the margins are dropped.
 *
 * Coordinates are points, y growing downwards, each page its own origin. */
#ifndef NB_PAGEGRID_H
#define NB_PAGEGRID_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "pipeline/read/doc.h"

typedef struct {
    uint32_t cp;            /* Unicode code point */
    float x0, y0, x1, y1;   /* the glyph's box: advance horizontally, ascent to descent */
    float base, size;       /* baseline y and font size */
    int run;                /* the line of text the producer drew it in (MuPDF's), 0 unknown */
} nb_pg_glyph;

typedef struct {
    float x0, y0, x1, y1;   /* a horizontal (y0 == y1) or vertical (x0 == x1) line */
} nb_pg_rule;

typedef struct {
    float width, height;
    nb_pg_glyph *glyphs;
    size_t nglyphs, capglyphs;
    nb_pg_rule *rules;
    size_t nrules, caprules;
} nb_pg_page;

typedef struct {
    nb_pg_page *pages;
    int npages, cappages;
} nb_pagegrid;

void nb_pagegrid_init(nb_pagegrid *pg);
void nb_pagegrid_free(nb_pagegrid *pg);

/* Starts a page; the glyphs and lines added next are on it. */
void nb_pagegrid_add_page(nb_pagegrid *pg, float width, float height);
/* A glyph of the current page. Spaces and control characters are not needed (gaps are
 * measured) and are ignored. */
void nb_pagegrid_add_glyph(nb_pagegrid *pg, const nb_pg_glyph *g);
/* A drawn segment from (x0,y0) to (x1,y1): kept when it is horizontal or vertical. */
void nb_pagegrid_add_segment(nb_pagegrid *pg, float x0, float y0, float x1, float y1);
/* A filled rectangle: kept as a line when it is thin (how many programs draw borders). */
void nb_pagegrid_add_box(nb_pagegrid *pg, float x0, float y0, float x1, float y1);

/* The pages' text into d (initialised by the caller): rows in reading order, tables as
 * rows of cells with their grid positions (d->ntables counts them). What a reader should
 * know (a table whose cells could not all be placed) is appended to warnings, a line
 * each. Returns the number of cells marked uncertain. */
int nb_pagegrid_to_doc(const nb_pagegrid *pg, nb_doc *d, nb_buf *warnings);

#endif
