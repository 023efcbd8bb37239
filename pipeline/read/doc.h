/* doc: a page reduced to what the extractor reads: a sequence of text cells in reading
 * order, grouped in rows, plus the page's metadata. Knows nothing about reports.
 *
 * HTML tables contribute one row per <tr> (spans resolved by grid.h); every other block
 * of text (a <p>, a heading, a line or paragraph of a plain-text copy) is a row of one
 * cell. A flattened table therefore looks like many one-cell rows, a real table like
 * rows of several cells, and the matcher treats both alike: by labels, in order.
 *
 * Built by htmldoc.h (gumbo) or textdoc.h (plain text); all memory is the doc's arena. */
#ifndef NB_DOC_H
#define NB_DOC_H

#include <stddef.h>

#include "base/arena.h"
#include "pipeline/read/label.h"
#include "pipeline/report.h" /* NB_MARK_* */

typedef struct {
    const char *text;    /* whitespace collapsed to single spaces, trimmed */
    size_t len;
    nb_label_key key;    /* the text as a label (normalised core, enumerator) */
    int row;             /* rows are numbered in reading order; a row's cells are adjacent */
    int col, colspan;    /* grid column and span inside an HTML table, else position */
    int rowspan;
    int table;           /* index of the HTML table, -1 outside tables */
    unsigned marks;      /* NB_MARK_* (pipeline/report.h): read by OCR, and what the
                            reader could not settle */
} nb_cell;

typedef struct {
    const char *name;    /* <meta name> or http-equiv, as written */
    const char *content;
} nb_meta;

typedef struct {
    const char *href;    /* as written in the page (not resolved) */
    const char *text;
    int picture;         /* an <img>, not a link to a file */
    int row;             /* the rows read before it: where it stands among the text */
} nb_link;

typedef struct {
    nb_cell *cells;
    size_t ncells, capcells;
    nb_meta *metas;
    size_t nmetas, capmetas;
    nb_link *links;      /* links and images that may hold the report: attachments */
    size_t nlinks, caplinks;
    const char *title;   /* <title>, NULL if none */
    int ntables;         /* HTML tables read as grids, and tables read from pictures */
    size_t ocr_cells;    /* cells read from pictures (imagedoc.h): labels are matched
                            tolerantly (match.h) when there are any */
    int nrows;
    nb_arena arena;
} nb_doc;

void nb_doc_init(nb_doc *d);
void nb_doc_free(nb_doc *d);

/* Starts a new row; the cells added next belong to it. */
void nb_doc_new_row(nb_doc *d);
/* Adds a cell to the current row. text is collapsed and trimmed here; an empty text still
 * makes a cell (a blank table cell) when keep_empty, else it is dropped. */
void nb_doc_add_cell(nb_doc *d, const char *text, size_t len, int col, int colspan, int rowspan,
                     int table, int keep_empty);
void nb_doc_add_meta(nb_doc *d, const char *name, const char *content);
void nb_doc_add_link(nb_doc *d, const char *href, const char *text, int picture);

/* True if cells i and j are in the same row. */
static inline int nb_doc_same_row(const nb_doc *d, size_t i, size_t j)
{
    return i < d->ncells && j < d->ncells && d->cells[i].row == d->cells[j].row;
}

/* The content of the first <meta> whose name equals one of names (case-insensitive). */
const char *nb_doc_meta(const nb_doc *d, const char *const *names);

#endif
