/* ruling: ruled tables found by morphology (see ruling.h).
 *
 * Lines are kept as segments (a position across, an extent along) rather than pixels, so
 * the grid, the walls and the spans are interval arithmetic on a few hundred numbers. */
#include "pipeline/ocr/ruling.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

typedef struct {
    int pos;        /* y of a horizontal segment, x of a vertical one (its middle) */
    int lo, hi;     /* its extent along the line */
    int group;      /* connected set of segments: one table */
    int x, y, w, h; /* its box in the picture */
} segment;

typedef struct {
    segment *s;
    int n, cap;
} seglist;

static void seg_add(seglist *l, int pos, int lo, int hi, int x, int y, int w, int h)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->s = nb_xrealloc(l->s, sizeof *l->s * (size_t)l->cap);
    }
    l->s[l->n++] = (segment){pos, lo, hi, -1, x, y, w, h};
}

/* The thin long components of a mask opened along one direction. */
static void segments_of(PIX *mask, int horizontal, int min_len, int max_thick, seglist *out)
{
    BOXA *boxes = pixConnComp(mask, NULL, 8);
    int n = boxes ? boxaGetCount(boxes) : 0;
    for (int i = 0; i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h);
        int len = horizontal ? w : h, thick = horizontal ? h : w;
        if (len < min_len || thick > max_thick) continue; /* text, or a filled area */
        if (horizontal) seg_add(out, y + h / 2, x, x + w, x, y, w, h);
        else seg_add(out, x + w / 2, y, y + h, x, y, w, h);
    }
    boxaDestroy(&boxes);
}

static int find_root(int *parent, int i)
{
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
}

static void unite(int *parent, int a, int b)
{
    a = find_root(parent, a), b = find_root(parent, b);
    if (a != b) parent[b < a ? a : b] = b < a ? b : a;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Positions of one group's segments, clustered: segments within tol of each other are
 * one ruling. Returns the number of rulings; *pos gets their mean positions, sorted. */
static int cluster(const seglist *l, int group, int tol, int **pos)
{
    int *p = nb_xmalloc(sizeof *p * (size_t)(l->n + 1)), n = 0;
    for (int i = 0; i < l->n; i++)
        if (l->s[i].group == group) p[n++] = l->s[i].pos;
    qsort(p, (size_t)n, sizeof *p, cmp_int);
    int m = 0;
    for (int i = 0; i < n;) {
        int j = i;
        long sum = 0;
        while (j < n && p[j] - p[i] <= tol) sum += p[j++];
        p[m++] = (int)(sum / (j - i));
        i = j;
    }
    *pos = p;
    return m;
}

/* How much of [a, b) the segments of group lying at pos (within tol) cover, 0..1. */
static double coverage(const seglist *l, int group, int pos, int tol, int a, int b)
{
    if (b <= a) return 0;
    int iv[512][2], n = 0;
    for (int i = 0; i < l->n && n < 512; i++) {
        const segment *s = &l->s[i];
        if (s->group != group || abs(s->pos - pos) > tol) continue;
        int lo = s->lo > a ? s->lo : a, hi = s->hi < b ? s->hi : b;
        if (hi > lo) iv[n][0] = lo, iv[n][1] = hi, n++;
    }
    qsort(iv, (size_t)n, sizeof iv[0], cmp_int); /* by start (first int of each pair) */
    int covered = 0, end = a;
    for (int i = 0; i < n; i++) {
        int lo = iv[i][0] > end ? iv[i][0] : end;
        if (iv[i][1] > lo) covered += iv[i][1] - lo;
        if (iv[i][1] > end) end = iv[i][1];
    }
    return (double)covered / (b - a);
}

enum { MAX_LINES = 80 };

/* A wall stands where a ruling covers most of the edge between two grid cells; a text
 * stroke inside a cell covers less than its height. */
#define WALL_COVER 0.8

typedef struct {
    const seglist *h, *v;
    int group, tol;
    int *ys, ny, *xs, nx;
} grid;

static int vwall(const grid *g, int row, int k) /* left edge of column k in row `row` */
{
    return coverage(g->v, g->group, g->xs[k], g->tol, g->ys[row], g->ys[row + 1]) >= WALL_COVER;
}

static int hwall(const grid *g, int k, int col) /* top edge of row k in column `col` */
{
    return coverage(g->h, g->group, g->ys[k], g->tol, g->xs[col], g->xs[col + 1]) >= WALL_COVER;
}

/* Drops inner grid lines that are a wall nowhere (a stray stroke made them). */
static void prune(grid *g)
{
    for (int k = 1; k + 1 < g->nx; k++) {
        int any = 0;
        for (int r = 0; r + 1 < g->ny && !any; r++) any = vwall(g, r, k);
        if (!any) memmove(g->xs + k, g->xs + k + 1, sizeof *g->xs * (size_t)(g->nx - k - 1)), g->nx--, k--;
    }
    for (int k = 1; k + 1 < g->ny; k++) {
        int any = 0;
        for (int c = 0; c + 1 < g->nx && !any; c++) any = hwall(g, k, c);
        if (!any) memmove(g->ys + k, g->ys + k + 1, sizeof *g->ys * (size_t)(g->ny - k - 1)), g->ny--, k--;
    }
}

/* Copies into lines the pixels of the group's segments that lie on the grid's rulings
 * and are as long as a ruling there is: the strokes of text that the bars kept (the
 * sides of a 0) stay, to be read. */
static void mark_rulings(const grid *g, PIX *hm, PIX *vm, PIX *lines)
{
    int min_row = 1 << 30, min_col = 1 << 30;
    for (int i = 0; i + 1 < g->ny; i++)
        if (g->ys[i + 1] - g->ys[i] < min_row) min_row = g->ys[i + 1] - g->ys[i];
    for (int j = 0; j + 1 < g->nx; j++)
        if (g->xs[j + 1] - g->xs[j] < min_col) min_col = g->xs[j + 1] - g->xs[j];
    for (int dir = 0; dir < 2; dir++) {
        const seglist *l = dir ? g->v : g->h;
        const int *grid_pos = dir ? g->xs : g->ys;
        int n = dir ? g->nx : g->ny, min_len = (dir ? min_row : min_col) * 4 / 5;
        for (int i = 0; i < l->n; i++) {
            const segment *s = &l->s[i];
            if (s->group != g->group || s->hi - s->lo < min_len) continue;
            int on_grid = 0;
            for (int k = 0; k < n && !on_grid; k++) on_grid = abs(s->pos - grid_pos[k]) <= g->tol;
            if (on_grid) pixRasterop(lines, s->x, s->y, s->w, s->h, PIX_SRC | PIX_DST, dir ? vm : hm, s->x, s->y);
        }
    }
}

static void build_table(grid *g, nb_ruling_table *t)
{
    int R = g->ny - 1, C = g->nx - 1;
    int *parent = nb_xmalloc(sizeof *parent * (size_t)(R * C));
    for (int i = 0; i < R * C; i++) parent[i] = i;
    for (int i = 0; i < R; i++)
        for (int j = 0; j < C; j++) {
            if (j + 1 < C && !vwall(g, i, j + 1)) unite(parent, i * C + j, i * C + j + 1);
            if (i + 1 < R && !hwall(g, i + 1, j)) unite(parent, i * C + j, (i + 1) * C + j);
        }
    int *r0 = nb_xmalloc(sizeof(int) * (size_t)(R * C) * 5), *c0 = r0 + R * C, *r1 = c0 + R * C,
        *c1 = r1 + R * C, *count = c1 + R * C;
    for (int i = 0; i < R * C; i++) r0[i] = c0[i] = 1 << 30, r1[i] = c1[i] = -1, count[i] = 0;
    for (int i = 0; i < R; i++)
        for (int j = 0; j < C; j++) {
            int root = find_root(parent, i * C + j);
            if (i < r0[root]) r0[root] = i;
            if (j < c0[root]) c0[root] = j;
            if (i > r1[root]) r1[root] = i;
            if (j > c1[root]) c1[root] = j;
            count[root]++;
        }
    t->nrows = R, t->ncols = C;
    t->x0 = g->xs[0], t->x1 = g->xs[C], t->y0 = g->ys[0], t->y1 = g->ys[R];
    t->cells = nb_xcalloc((size_t)(R * C), sizeof *t->cells);
    t->ncells = 0;
    /* The root of a region is its smallest index, its first cell in reading order when
     * the region is a rectangle; visiting roots in index order gives reading order. */
    for (int i = 0; i < R * C; i++) {
        if (find_root(parent, i) != i) continue;
        nb_ruling_cell *c = &t->cells[t->ncells++];
        c->row = r0[i], c->col = c0[i];
        c->rowspan = r1[i] - r0[i] + 1, c->colspan = c1[i] - c0[i] + 1;
        c->irregular = count[i] != c->rowspan * c->colspan;
        c->x0 = g->xs[c0[i]] + 1, c->x1 = g->xs[c1[i] + 1] - 1;
        c->y0 = g->ys[r0[i]] + 1, c->y1 = g->ys[r1[i] + 1] - 1;
    }
    free(r0);
    free(parent);
}

static int cmp_table(const void *a, const void *b)
{
    const nb_ruling_table *x = a, *y = b;
    return (x->y0 > y->y0) - (x->y0 < y->y0);
}

int nb_ruling_find(PIX *bin, int char_h, nb_ruling *out)
{
    memset(out, 0, sizeof *out);
    if (char_h < 4) char_h = 4;
    /* Bars: a ruling is longer than any stroke of a character. Horizontal rulings run
     * under whole rows, so their bar can be long; a vertical ruling is only as tall as
     * one row, barely taller than the text it frames. */
    int hbar = 3 * char_h, vbar = char_h + char_h / 3, thick = char_h / 2 > 4 ? char_h / 2 : 4;
    int tol = char_h / 4 > 3 ? char_h / 4 : 3;
    PIX *hm = pixOpenBrick(NULL, bin, hbar, 1), *vm = pixOpenBrick(NULL, bin, 1, vbar);
    if (!hm || !vm) {
        pixDestroy(&hm);
        pixDestroy(&vm);
        return -1;
    }
    out->lines = pixCreateTemplate(bin);
    seglist h = {0}, v = {0};
    segments_of(hm, 1, hbar, thick, &h);
    segments_of(vm, 0, vbar, thick, &v);

    /* Segments that cross or touch belong to one table. */
    int n = h.n + v.n;
    int *parent = nb_xmalloc(sizeof *parent * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) parent[i] = i;
    for (int i = 0; i < h.n; i++)
        for (int j = 0; j < v.n; j++) {
            const segment *a = &h.s[i], *b = &v.s[j];
            if (b->pos >= a->lo - tol && b->pos <= a->hi + tol && a->pos >= b->lo - tol && a->pos <= b->hi + tol)
                unite(parent, i, h.n + j);
        }
    for (int i = 0; i < h.n; i++) h.s[i].group = find_root(parent, i);
    for (int j = 0; j < v.n; j++) v.s[j].group = find_root(parent, h.n + j);

    int cap = 0;
    for (int gi = 0; gi < n; gi++) {
        if (find_root(parent, gi) != gi) continue;
        grid g = {&h, &v, gi, tol, NULL, 0, NULL, 0};
        g.ny = cluster(&h, gi, tol, &g.ys);
        g.nx = cluster(&v, gi, tol, &g.xs);
        if (g.ny >= 3 && g.nx >= 3) prune(&g);
        /* At least two rows and two columns; and not a lattice (a fence, a building's
         * windows in a photo): the report's largest table has 30 rows and 15 columns. */
        if (g.ny >= 3 && g.nx >= 3 && g.ny <= MAX_LINES && g.nx <= MAX_LINES) {
            if (out->ntables == cap) {
                cap = cap ? cap * 2 : 4;
                out->tables = nb_xrealloc(out->tables, sizeof *out->tables * (size_t)cap);
            }
            build_table(&g, &out->tables[out->ntables++]);
            mark_rulings(&g, hm, vm, out->lines);
        }
        free(g.ys);
        free(g.xs);
    }
    free(parent);
    free(h.s);
    free(v.s);
    pixDestroy(&hm);
    pixDestroy(&vm);
    if (out->ntables > 1) qsort(out->tables, (size_t)out->ntables, sizeof *out->tables, cmp_table);
    return 0;
}

void nb_ruling_free(nb_ruling *r)
{
    for (int i = 0; i < r->ntables; i++) free(r->tables[i].cells);
    free(r->tables);
    pixDestroy(&r->lines);
    memset(r, 0, sizeof *r);
}
