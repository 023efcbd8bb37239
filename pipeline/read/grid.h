/* grid: an HTML <table> as a grid of cells with rowspan and colspan resolved, the way a
 * browser lays it out. Knows nothing about reports.
 *
 * Spans are read as browsers read them: a missing, zero, negative or non-numeric colspan
 * is 1 and a colspan is at most 1000; rowspan 0 runs to the end of the table; a rowspan
 * never reaches past the table's last row. Cells of tables nested inside the table are
 * not part of its grid. */
#ifndef NB_GRID_H
#define NB_GRID_H

#include <gumbo.h>
#include <stddef.h>

typedef struct {
    const GumboNode *node; /* the <td> or <th> */
    int row, col;          /* top-left position, 0-based */
    int rowspan, colspan;  /* after clamping, >= 1 */
} nb_grid_cell;

typedef struct {
    nb_grid_cell *cells;   /* by row, then by column */
    size_t ncells;
    int nrows, ncols;
} nb_grid;

/* Lays out table (a GUMBO_TAG_TABLE element). Returns 0; the grid owns its cell array. */
int nb_grid_build(const GumboNode *table, nb_grid *g);
void nb_grid_free(nb_grid *g);

/* The cell covering (row, col), or NULL for a hole in a ragged table. */
const nb_grid_cell *nb_grid_at(const nb_grid *g, int row, int col);

/* True if table holds another table in one of its cells (a layout table). */
int nb_grid_has_nested_table(const GumboNode *table);

#endif
