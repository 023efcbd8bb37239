/* fuzz_grid: bytes -> gumbo -> nb_grid_build on every <table>. The grid's promises:
 * every cell inside the grid with spans >= 1 (colspan <= 1000, rows within the table),
 * cells in row-major order, nb_grid_at finds a cell where each starts; never memory
 * proportional to rowspan x colspan. */
#include <gumbo.h>
#include <string.h>

#include "base/buf.h"
#include "pipeline/read/decode.h"
#include "fuzz.h"
#include "pipeline/read/grid.h"

static void check_table(const GumboNode *table)
{
    nb_grid g;
    FUZZ_ASSERT(nb_grid_build(table, &g) == 0);
    nb_grid_has_nested_table(table);
    for (size_t i = 0; i < g.ncells; i++) {
        const nb_grid_cell *c = &g.cells[i];
        FUZZ_ASSERT(c->rowspan >= 1 && c->colspan >= 1 && c->colspan <= 1000);
        FUZZ_ASSERT(c->row >= 0 && c->row + c->rowspan <= g.nrows);
        FUZZ_ASSERT(c->col >= 0 && c->col + c->colspan <= g.ncols);
        if (i) {
            const nb_grid_cell *p = &g.cells[i - 1];
            FUZZ_ASSERT(p->row < c->row || (p->row == c->row && p->col + p->colspan <= c->col));
        }
        /* the cell is found where it starts (overlapping cells, a table model error
         * browsers also tolerate, may hide its other slots behind an earlier cell) */
        FUZZ_ASSERT(nb_grid_at(&g, c->row, c->col) != NULL);
    }
    nb_grid_free(&g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* gumbo gets what the pipeline gives it: valid UTF-8 without NUL bytes */
    nb_buf text = NB_BUF_INIT;
    if (nb_decode_to_utf8((const char *)data, size, "utf-8", &text, NULL, NULL) != 0) return 0;
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    GumboOutput *out = gumbo_parse_with_options(&options, text.data, text.len);
    /* every table in the tree, iteratively */
    const GumboNode **stack = NULL;
    size_t n = 0, cap = 0;
    stack = nb_xrealloc(stack, (cap = 64) * sizeof *stack);
    stack[n++] = out->document;
    while (n) {
        const GumboNode *node = stack[--n];
        const GumboVector *kids;
        if (node->type == GUMBO_NODE_DOCUMENT) kids = &node->v.document.children;
        else if (node->type == GUMBO_NODE_ELEMENT) kids = &node->v.element.children;
        else continue;
        if (node->type == GUMBO_NODE_ELEMENT && node->v.element.tag == GUMBO_TAG_TABLE) check_table(node);
        for (unsigned i = 0; i < kids->length; i++) {
            if (n == cap) stack = nb_xrealloc(stack, (cap *= 2) * sizeof *stack);
            stack[n++] = kids->data[i];
        }
    }
    free(stack);
    gumbo_destroy_output(&options, out);
    nb_buf_free(&text);
    return 0;
}
