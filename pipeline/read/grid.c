/* grid: HTML table layout (see grid.h).
 *
 * Instead of an occupancy matrix (rows x columns, which a hostile rowspan of 65534 times
 * a colspan of 1000 would make huge) the layout keeps, per column, the first row that is
 * free again; memory grows with the number of cells and columns only. */
#include "pipeline/read/grid.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

enum { MAX_COLSPAN = 1000, MAX_ROWSPAN = 65534, MAX_COLUMNS = 20000 };

/* The HTML "rules for parsing non-negative integers": leading spaces, digits, anything
 * after ignored; -1 when there are no digits. */
static long parse_span(const char *v)
{
    if (!v) return -1;
    while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r' || *v == '\f') v++;
    if (*v == '+') v++;
    if (*v < '0' || *v > '9') return -1;
    long n = 0;
    for (; *v >= '0' && *v <= '9'; v++)
        if (n < 1000000) n = n * 10 + (*v - '0');
    return n;
}

static int span_attr(const GumboNode *cell, const char *name, int max, int zero_means)
{
    const GumboAttribute *a = gumbo_get_attribute(&cell->v.element.attributes, name);
    long n = parse_span(a ? a->value : NULL);
    if (n < 0) return 1;
    if (n == 0) return zero_means;
    return n > max ? max : (int)n;
}

static int is_element(const GumboNode *n, GumboTag tag)
{
    return n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == tag;
}

typedef struct {
    const GumboNode **items;
    size_t n, cap;
} node_list;

static void push_node(node_list *l, const GumboNode *node)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->items = nb_xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n++] = node;
}

/* The table's own rows: its <tr> children and those of its thead/tbody/tfoot. */
static void collect_rows(const GumboNode *table, node_list *rows)
{
    const GumboVector *kids = &table->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        const GumboNode *k = kids->data[i];
        if (is_element(k, GUMBO_TAG_TR)) {
            push_node(rows, k);
        } else if (is_element(k, GUMBO_TAG_TBODY) || is_element(k, GUMBO_TAG_THEAD) ||
                   is_element(k, GUMBO_TAG_TFOOT)) {
            const GumboVector *trs = &k->v.element.children;
            for (unsigned j = 0; j < trs->length; j++)
                if (is_element(trs->data[j], GUMBO_TAG_TR)) push_node(rows, trs->data[j]);
        }
    }
}

int nb_grid_build(const GumboNode *table, nb_grid *g)
{
    memset(g, 0, sizeof *g);
    node_list rows = {0};
    collect_rows(table, &rows);
    g->nrows = (int)rows.n;
    int *free_from = NULL; /* per column: the first row not covered by a cell above */
    int width = 0;         /* columns known to free_from */
    size_t cap = 0;
    for (int r = 0; r < g->nrows; r++) {
        const GumboVector *kids = &rows.items[r]->v.element.children;
        int col = 0;
        for (unsigned i = 0; i < kids->length; i++) {
            const GumboNode *cell = kids->data[i];
            if (!is_element(cell, GUMBO_TAG_TD) && !is_element(cell, GUMBO_TAG_TH)) continue;
            while (col < width && free_from[col] > r) col++;
            if (col >= MAX_COLUMNS) break;
            int cs = span_attr(cell, "colspan", MAX_COLSPAN, 1);
            int rs = span_attr(cell, "rowspan", MAX_ROWSPAN, g->nrows - r);
            if (rs > g->nrows - r) rs = g->nrows - r;
            if (col + cs > MAX_COLUMNS) cs = MAX_COLUMNS - col;
            if (col + cs > width) {
                free_from = nb_xrealloc(free_from, sizeof *free_from * (size_t)(col + cs));
                for (int c = width; c < col + cs; c++) free_from[c] = 0;
                width = col + cs;
            }
            for (int c = col; c < col + cs; c++) free_from[c] = r + rs;
            if (g->ncells == cap) {
                cap = cap ? cap * 2 : 64;
                g->cells = nb_xrealloc(g->cells, cap * sizeof *g->cells);
            }
            g->cells[g->ncells++] = (nb_grid_cell){cell, r, col, rs, cs};
            col += cs;
        }
    }
    g->ncols = width;
    free(free_from);
    free(rows.items);
    return 0;
}

void nb_grid_free(nb_grid *g)
{
    free(g->cells);
    memset(g, 0, sizeof *g);
}

const nb_grid_cell *nb_grid_at(const nb_grid *g, int row, int col)
{
    for (size_t i = 0; i < g->ncells; i++) {
        const nb_grid_cell *c = &g->cells[i];
        if (c->row > row) break;
        if (row < c->row + c->rowspan && col >= c->col && col < c->col + c->colspan) return c;
    }
    return NULL;
}

int nb_grid_has_nested_table(const GumboNode *table)
{
    /* Iterative: pages nest elements tens of thousands deep. */
    node_list stack = {0};
    push_node(&stack, table);
    int found = 0;
    while (stack.n && !found) {
        const GumboNode *n = stack.items[--stack.n];
        const GumboVector *kids = &n->v.element.children;
        for (unsigned i = 0; i < kids->length && !found; i++) {
            const GumboNode *k = kids->data[i];
            if (k->type != GUMBO_NODE_ELEMENT) continue;
            if (k->v.element.tag == GUMBO_TAG_TABLE) found = 1;
            else push_node(&stack, k);
        }
    }
    free(stack.items);
    return found;
}
