/* pglattice: ruled tables. The drawn lines (stroked segments, thin filled rectangles) that
 * touch or cross are one table's; their positions make a lattice, and a line missing
 * between two lattice cells merges them (a colspan or rowspan). Each glyph belongs to the
 * cell its centre falls in (read_page deals them out), so a header printed one character
 * per line in a narrow column reads as one cell. */
#include "pipeline/read/files/pgint.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_LATTICE = 250000,     /* lattice cells of one table */
};

static int cmp_seg1(const void *a, const void *b)
{
    const seg1 *x = a, *y = b;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    if (x->a != y->a) return x->a < y->a ? -1 : 1;
    return 0;
}

/* Sorts s and merges lines on the same position that touch or overlap (a border drawn
 * cell by cell, or twice by two neighbouring cells). Returns the new count. */
int pg_merge_collinear(seg1 *s, int n)
{
    qsort(s, (size_t)n, sizeof *s, cmp_seg1);
    int o = 0;
    for (int i = 0; i < n; i++) {
        int merged = 0;
        /* Lines of one position are adjacent after sorting; look back over those. */
        for (int k = o - 1; k >= 0 && s[i].pos - s[k].pos <= 1.0f; k--)
            if (s[i].a <= s[k].b + SNAP && s[i].b >= s[k].a - SNAP) {
                s[k].a = fminf(s[k].a, s[i].a);
                s[k].b = fmaxf(s[k].b, s[i].b);
                merged = 1;
                break;
            }
        if (!merged) s[o++] = s[i];
    }
    return o;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* Positions of s[0..n) clustered (closer than 3 points: one line drawn twice, or a
 * double border) into out; returns the count. */
static int cluster_positions(const seg1 *s, int n, float *out)
{
    float *p = nb_xmalloc(sizeof *p * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) p[i] = s[i].pos;
    qsort(p, (size_t)n, sizeof *p, cmp_float);
    int o = 0;
    for (int i = 0; i < n;) {
        int j = i + 1;
        while (j < n && p[j] - p[j - 1] < 3.0f) j++;
        out[o++] = (p[i] + p[j - 1]) / 2;
        i = j;
    }
    free(p);
    return o;
}

/* How much of [a,b] the lines of s at position pos cover, as a fraction. */
static float coverage(const seg1 *s, int n, float pos, float a, float b)
{
    float covered = 0, reach = a;
    /* s is sorted by position, then start: the lines at pos, in order. */
    for (int i = 0; i < n; i++) {
        if (fabsf(s[i].pos - pos) >= 3.0f) continue;
        float lo = fmaxf(s[i].a, reach), hi = fminf(s[i].b, b);
        if (hi > lo) {
            covered += hi - lo;
            reach = hi;
        }
    }
    return b > a ? covered / (b - a) : 1;
}

void pg_lattice_free(lattice *l)
{
    free(l->xs), free(l->ys), free(l->root);
    free(l->r0), free(l->c0), free(l->r1), free(l->c1), free(l->count);
    free(l->glyphs), free(l->gstart), free(l->gfill);
}

/* Builds the lattice of one connected set of lines. Returns 0, or -1 when they hold no
 * cell (or too many to be a report's table). */
int pg_lattice_build(seg1 *h, int nh, seg1 *v, int nv, float ext_left, float ext_right, lattice *l)
{
    memset(l, 0, sizeof *l);
    l->xs = nb_xmalloc(sizeof(float) * (size_t)(nv + 2));
    l->ys = nb_xmalloc(sizeof(float) * (size_t)(nh + 2));
    l->nx = cluster_positions(v, nv, l->xs);
    l->ny = cluster_positions(h, nh, l->ys);
    /* The outer border may be left undrawn (a first row without a top line): the other
     * lines reach out to it. */
    float left = FLT_MAX, right = -FLT_MAX, top = FLT_MAX, bottom = -FLT_MAX;
    for (int i = 0; i < nh; i++) left = fminf(left, h[i].a), right = fmaxf(right, h[i].b);
    /* Text printed against the outer lines, outside them: a column whose lines were not
     * drawn (the rest of a cell spanning rows from the page before). */
    left = fminf(left, ext_left), right = fmaxf(right, ext_right);
    for (int i = 0; i < nv; i++) top = fminf(top, v[i].a), bottom = fmaxf(bottom, v[i].b);
    if (nv && top < l->ys[0] - 3.0f) {
        memmove(l->ys + 1, l->ys, sizeof(float) * (size_t)l->ny++);
        l->ys[0] = top;
        l->open_top = 1;
    }
    if (nv && bottom > l->ys[l->ny - 1] + 3.0f) l->ys[l->ny++] = bottom, l->open_bottom = 1;
    if (left < l->xs[0] - 3.0f) {
        memmove(l->xs + 1, l->xs, sizeof(float) * (size_t)l->nx++);
        l->xs[0] = left;
        l->soft_left = ext_left <= left;
    }
    if (right > l->xs[l->nx - 1] + 3.0f) {
        l->xs[l->nx++] = right;
        l->soft_right = ext_right >= right;
    }
    int rows = l->ny - 1, cols = l->nx - 1;
    if (rows < 1 || cols < 1 || (long)rows * cols > MAX_LATTICE) return -1;
    int n = rows * cols;
    l->root = nb_xmalloc(sizeof(int) * (size_t)n);
    for (int i = 0; i < n; i++) l->root[i] = i;
    for (int r = 0; r < rows; r++)
        for (int c = 0; c + 1 < cols; c++)
            if (coverage(v, nv, l->xs[c + 1], l->ys[r], l->ys[r + 1]) < 0.5f)
                uf_union(l->root, r * cols + c, r * cols + c + 1);
    for (int r = 0; r + 1 < rows; r++)
        for (int c = 0; c < cols; c++)
            if (coverage(h, nh, l->ys[r + 1], l->xs[c], l->xs[c + 1]) < 0.5f)
                uf_union(l->root, r * cols + c, (r + 1) * cols + c);
    l->r0 = nb_xmalloc(sizeof(int) * (size_t)n), l->c0 = nb_xmalloc(sizeof(int) * (size_t)n);
    l->r1 = nb_xmalloc(sizeof(int) * (size_t)n), l->c1 = nb_xmalloc(sizeof(int) * (size_t)n);
    l->count = nb_xcalloc((size_t)n, sizeof(int));
    for (int i = 0; i < n; i++) {
        int root = uf_find(l->root, i), r = i / cols, c = i % cols;
        l->root[i] = root;
        if (!l->count[root]++) l->r0[root] = l->r1[root] = r, l->c0[root] = l->c1[root] = c;
        if (r < l->r0[root]) l->r0[root] = r;
        if (r > l->r1[root]) l->r1[root] = r;
        if (c < l->c0[root]) l->c0[root] = c;
        if (c > l->c1[root]) l->c1[root] = c;
    }
    return 0;
}

/* The index i such that p[i] <= x < p[i+1], or -1 outside p[0]..p[n-1]. */
int pg_locate(const float *p, int n, float x)
{
    if (n < 2 || x < p[0] || x > p[n - 1]) return -1;
    int lo = 0, hi = n - 1;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (p[mid] <= x) lo = mid;
        else hi = mid;
    }
    return lo;
}

/* The lattice's merged cells as a table's rows. */
table *pg_lattice_table(lattice *l, nb_buf *scratch, int *iscratch)
{
    table *t = nb_xcalloc(1, sizeof *t);
    t->ruled = 1;
    t->x0 = l->xs[0], t->x1 = l->xs[l->nx - 1];
    t->open_top = l->open_top, t->open_bottom = l->open_bottom;
    t->soft_left = l->soft_left, t->soft_right = l->soft_right;
    int rows = l->ny - 1, cols = l->nx - 1;
    for (int r = 0; r < rows; r++) {
        trow *row = NULL;
        for (int c = 0; c < cols; c++) {
            int root = l->root[r * cols + c];
            if (l->r0[root] != r || l->c0[root] != c) continue;
            if (!row) row = pg_table_new_row(t);
            nb_buf_clear(scratch);
            int n = l->gstart[root + 1] - l->gstart[root];
            pg_compose(l->glyphs + l->gstart[root], n, scratch, iscratch);
            int w = l->c1[root] - c + 1, h = l->r1[root] - r + 1;
            tcell *cell = pg_row_add(row, scratch->data ? scratch->data : "", scratch->len, c, w, h,
                                     l->xs[c], l->xs[l->c1[root] + 1]);
            /* A merged cell that is no rectangle: the lines do not say where it is. */
            if (l->count[root] != w * h) {
                cell->marks |= NB_MARK_UNCERTAIN;
                t->uncertain++;
            }
        }
    }
    return t;
}
