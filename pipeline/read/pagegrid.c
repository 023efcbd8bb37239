/* pagegrid: glyphs and rulings -> cells (see pagegrid.h).
 *
 * Each page becomes a list of items from top to bottom: lines of free text, ruled tables
 * (a lattice of the drawn lines) and aligned tables (blocks of lines whose fragments
 * line up in columns). Tables are held as rows of cells until every page is read, so
 * that one running onto the next page can be joined before the cells go into the doc.
 *
 * Tolerances are in points or in font sizes: a glyph is about one size wide (CJK) or half
 * of it (digits), a gap of a size or more between two glyphs of a line separates cells. */
#include "pipeline/read/pagegrid.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "base/utf8.h"
#include "pipeline/number.h"
#include "pipeline/read/label.h"
#include "pipeline/read/match.h"
#include "pipeline/report.h"

enum {
    MAX_PAGE_GLYPHS = 200000, /* a report page holds a few thousand */
    MAX_PAGE_RULES = 100000,
    MAX_LATTICE = 250000,     /* lattice cells of one table */
};

static const float RULE_THICK = 2.5f; /* thicker than this, a filled box is no line */
static const float SNAP = 2.0f;       /* lines this close are one grid line */

void nb_pagegrid_init(nb_pagegrid *pg)
{
    memset(pg, 0, sizeof *pg);
}

void nb_pagegrid_free(nb_pagegrid *pg)
{
    for (int i = 0; i < pg->npages; i++) {
        free(pg->pages[i].glyphs);
        free(pg->pages[i].rules);
    }
    free(pg->pages);
    memset(pg, 0, sizeof *pg);
}

void nb_pagegrid_add_page(nb_pagegrid *pg, float width, float height)
{
    if (pg->npages == pg->cappages) {
        pg->cappages = pg->cappages ? pg->cappages * 2 : 8;
        pg->pages = nb_xrealloc(pg->pages, sizeof *pg->pages * (size_t)pg->cappages);
    }
    nb_pg_page *p = &pg->pages[pg->npages++];
    memset(p, 0, sizeof *p);
    p->width = width;
    p->height = height;
}

static int finite4(float a, float b, float c, float d)
{
    return isfinite(a) && isfinite(b) && isfinite(c) && isfinite(d) && fabsf(a) < 1e6f &&
           fabsf(b) < 1e6f && fabsf(c) < 1e6f && fabsf(d) < 1e6f;
}

void nb_pagegrid_add_glyph(nb_pagegrid *pg, const nb_pg_glyph *g)
{
    if (!pg->npages) nb_pagegrid_add_page(pg, 0, 0);
    nb_pg_page *p = &pg->pages[pg->npages - 1];
    if (g->cp <= 0x20 || g->cp == 0x7F || nb_utf8_is_space(g->cp) || g->cp > 0x10FFFF) return;
    if (g->cp >= 0xD800 && g->cp <= 0xDFFF) return;
    if (!finite4(g->x0, g->y0, g->x1, g->y1) || !finite4(g->base, g->size, 0, 0)) return;
    if (g->size <= 0.5f || g->size > 500 || p->nglyphs >= MAX_PAGE_GLYPHS) return;
    if (p->nglyphs == p->capglyphs) {
        p->capglyphs = p->capglyphs ? p->capglyphs * 2 : 1024;
        p->glyphs = nb_xrealloc(p->glyphs, sizeof *p->glyphs * p->capglyphs);
    }
    nb_pg_glyph *o = &p->glyphs[p->nglyphs++];
    *o = *g;
    if (o->x1 < o->x0) { float t = o->x0; o->x0 = o->x1; o->x1 = t; }
    if (o->y1 < o->y0) { float t = o->y0; o->y0 = o->y1; o->y1 = t; }
}

static void add_rule(nb_pagegrid *pg, float x0, float y0, float x1, float y1)
{
    if (!pg->npages) nb_pagegrid_add_page(pg, 0, 0);
    nb_pg_page *p = &pg->pages[pg->npages - 1];
    if (p->nrules >= MAX_PAGE_RULES) return;
    if (p->nrules == p->caprules) {
        p->caprules = p->caprules ? p->caprules * 2 : 256;
        p->rules = nb_xrealloc(p->rules, sizeof *p->rules * p->caprules);
    }
    p->rules[p->nrules++] = (nb_pg_rule){x0, y0, x1, y1};
}

void nb_pagegrid_add_segment(nb_pagegrid *pg, float x0, float y0, float x1, float y1)
{
    if (!finite4(x0, y0, x1, y1)) return;
    if (fabsf(y1 - y0) <= 0.5f && fabsf(x1 - x0) > SNAP) {
        float y = (y0 + y1) / 2;
        add_rule(pg, fminf(x0, x1), y, fmaxf(x0, x1), y);
    } else if (fabsf(x1 - x0) <= 0.5f && fabsf(y1 - y0) > SNAP) {
        float x = (x0 + x1) / 2;
        add_rule(pg, x, fminf(y0, y1), x, fmaxf(y0, y1));
    }
}

void nb_pagegrid_add_box(nb_pagegrid *pg, float x0, float y0, float x1, float y1)
{
    if (!finite4(x0, y0, x1, y1)) return;
    float w = fabsf(x1 - x0), h = fabsf(y1 - y0);
    if (h <= RULE_THICK && w > SNAP && w > h) {
        float y = (y0 + y1) / 2;
        add_rule(pg, fminf(x0, x1), y, fmaxf(x0, x1), y);
    } else if (w <= RULE_THICK && h > SNAP && h > w) {
        float x = (x0 + x1) / 2;
        add_rule(pg, x, fminf(y0, y1), x, fmaxf(y0, y1));
    }
}

/* ---- tables as rows of cells, until they go into the doc ---- */

typedef struct {
    char *text;          /* malloc'ed, NUL-terminated */
    int col, colspan, rowspan;
    float x0, x1;        /* on the page, for joining a row cut by a page break */
    unsigned marks;
} tcell;

typedef struct {
    tcell *cells;
    int n, cap;
} trow;

typedef struct {
    trow *rows;
    int nrows, cap;
    float x0, x1;        /* outer extent */
    int open_top, open_bottom; /* no line drawn above the first row / under the last */
    int soft_left, soft_right; /* an outer edge where text ends, not where a line is */
    int ruled;
    int uncertain;       /* cells marked */
} table;

static trow *table_new_row(table *t)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->rows = nb_xrealloc(t->rows, sizeof *t->rows * (size_t)t->cap);
    }
    trow *r = &t->rows[t->nrows++];
    memset(r, 0, sizeof *r);
    return r;
}

static tcell *row_add(trow *r, const char *text, size_t len, int col, int colspan, int rowspan, float x0, float x1)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->cells = nb_xrealloc(r->cells, sizeof *r->cells * (size_t)r->cap);
    }
    tcell *c = &r->cells[r->n++];
    c->text = nb_xmalloc(len + 1);
    memcpy(c->text, text, len);
    c->text[len] = '\0';
    c->col = col, c->colspan = colspan, c->rowspan = rowspan;
    c->x0 = x0, c->x1 = x1;
    c->marks = 0;
    return c;
}

static void row_free(trow *r)
{
    for (int i = 0; i < r->n; i++) free(r->cells[i].text);
    free(r->cells);
}

static void table_free(table *t)
{
    for (int i = 0; i < t->nrows; i++) row_free(&t->rows[i]);
    free(t->rows);
    free(t);
}

/* ---- text of a set of glyphs ---- */

static int is_alnum_ascii(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

static int cmp_glyph_base(const void *a, const void *b)
{
    const nb_pg_glyph *x = *(const nb_pg_glyph *const *)a, *y = *(const nb_pg_glyph *const *)b;
    if (x->base != y->base) return x->base < y->base ? -1 : 1;
    if (x->x0 != y->x0) return x->x0 < y->x0 ? -1 : 1;
    return 0;
}

static int cmp_glyph_x(const void *a, const void *b)
{
    const nb_pg_glyph *x = *(const nb_pg_glyph *const *)a, *y = *(const nb_pg_glyph *const *)b;
    if (x->x0 != y->x0) return x->x0 < y->x0 ? -1 : 1;
    return 0;
}

/* Sorts g[0..n) into lines (same baseline, then left to right); returns the number of
 * lines and writes each line's start into starts (n+1 entries). */
static int split_lines(const nb_pg_glyph **g, int n, int *starts)
{
    qsort(g, (size_t)n, sizeof *g, cmp_glyph_base);
    int nlines = 0;
    for (int i = 0; i < n;) {
        int j = i + 1;
        float tol = g[i]->size * 0.4f;
        while (j < n && g[j]->base - g[i]->base <= tol) j++;
        qsort(g + i, (size_t)(j - i), sizeof *g, cmp_glyph_x);
        starts[nlines++] = i;
        i = j;
    }
    starts[nlines] = n;
    return nlines;
}

static void put_cp(nb_buf *out, uint32_t cp)
{
    char u[4];
    nb_buf_add(out, u, nb_utf8_encode(cp, u));
}

/* A line's glyphs g[a..b) as text: a space where the gap is a third of a size or more. */
static void line_text(const nb_pg_glyph **g, int a, int b, nb_buf *out)
{
    for (int i = a; i < b; i++) {
        if (i > a) {
            float gap = g[i]->x0 - g[i - 1]->x1, size = fmaxf(g[i]->size, g[i - 1]->size);
            if (gap >= size * 0.3f) nb_buf_addc(out, ' ');
        }
        put_cp(out, g[i]->cp);
    }
}

/* Lines of one cell joined: with nothing between CJK text (a label wrapped by a narrow
 * column: 本年新 / 制作数量), with a space between two ASCII letters or digits (two
 * figures on two lines stay two: "12 34" reads as no number, not as 1234). */
static void compose(const nb_pg_glyph **g, int n, nb_buf *out, int *scratch)
{
    if (n <= 0) return;
    int nlines = split_lines(g, n, scratch);
    for (int l = 0; l < nlines; l++) {
        int a = scratch[l], b = scratch[l + 1];
        if (l > 0 && is_alnum_ascii(g[a - 1]->cp) && is_alnum_ascii(g[a]->cp)) nb_buf_addc(out, ' ');
        line_text(g, a, b, out);
    }
}

/* ---- ruled tables ---- */

typedef struct {
    float pos, a, b; /* horizontal: y, x0..x1; vertical: x, y0..y1 */
} seg1;

static int cmp_seg1(const void *a, const void *b)
{
    const seg1 *x = a, *y = b;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    if (x->a != y->a) return x->a < y->a ? -1 : 1;
    return 0;
}

/* Sorts s and merges lines on the same position that touch or overlap (a border drawn
 * cell by cell, or twice by two neighbouring cells). Returns the new count. */
static int merge_collinear(seg1 *s, int n)
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

static int uf_find(int *p, int i)
{
    while (p[i] != i) i = p[i] = p[p[i]];
    return i;
}

static void uf_union(int *p, int a, int b)
{
    a = uf_find(p, a), b = uf_find(p, b);
    if (a != b) p[a < b ? b : a] = a < b ? a : b;
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

typedef struct {
    float *xs, *ys;     /* grid lines, sorted */
    int nx, ny;
    int open_top, open_bottom;
    int soft_left, soft_right; /* an edge found from text, not from lines */
    int *root;          /* per lattice cell: its merged cell's root (row-major) */
    int *r0, *c0, *r1, *c1, *count; /* per root: extent and lattice cells */
    const nb_pg_glyph **glyphs; /* grouped by root */
    int *gstart, *gfill;
} lattice;

static void lattice_free(lattice *l)
{
    free(l->xs), free(l->ys), free(l->root);
    free(l->r0), free(l->c0), free(l->r1), free(l->c1), free(l->count);
    free(l->glyphs), free(l->gstart), free(l->gfill);
}

/* Builds the lattice of one connected set of lines. Returns 0, or -1 when they hold no
 * cell (or too many to be a report's table). */
static int lattice_build(seg1 *h, int nh, seg1 *v, int nv, float ext_left, float ext_right, lattice *l)
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
static int locate(const float *p, int n, float x)
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
static table *lattice_table(lattice *l, nb_buf *scratch, int *iscratch)
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
            if (!row) row = table_new_row(t);
            nb_buf_clear(scratch);
            int n = l->gstart[root + 1] - l->gstart[root];
            compose(l->glyphs + l->gstart[root], n, scratch, iscratch);
            int w = l->c1[root] - c + 1, h = l->r1[root] - r + 1;
            tcell *cell = row_add(row, scratch->data ? scratch->data : "", scratch->len, c, w, h,
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

/* ---- text outside ruled tables: lines, fragments, aligned tables ---- */

typedef struct {
    int a, b;           /* glyphs g[a..b) of the page's free glyphs */
    float x0, x1, base, size;
    char *text;
    nb_cell_kind kind;
    int has_digit;
    int role;           /* in an aligned table: ROLE_* */
    int col;            /* its column, -1 if none */
    int line;
    unsigned marks;
} frag;

typedef struct {
    int f0, f1;         /* fragments */
    float x0, x1, base, size;
    int kind;           /* LINE_* */
} tline;

enum { ROLE_LABEL, ROLE_VALUE, ROLE_HEAD };
enum { LINE_DATA, LINE_LABEL, LINE_HEAD };

static int is_digit_cp(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

static int is_ideograph(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF);
}

/* A gap of a size or more separates two cells; between a figure and a word, less does
 * ("规章 0" printed close). */
static int splits(const nb_pg_glyph *p, const nb_pg_glyph *g)
{
    float gap = g->x0 - p->x1, size = fmaxf(p->size, g->size);
    if (gap >= size * 0.9f) return 1;
    return gap >= size * 0.4f && ((is_digit_cp(p->cp) && is_ideograph(g->cp)) ||
                                  (is_ideograph(p->cp) && is_digit_cp(g->cp)));
}

typedef struct {
    const nb_pg_glyph **g;
    int ng;
    frag *f;
    int nf, capf;
    tline *l;
    int nl;
    nb_buf scratch;
    int *iscratch;
} textpage;

static void textpage_free(textpage *tp)
{
    for (int i = 0; i < tp->nf; i++) free(tp->f[i].text);
    free(tp->f), free(tp->l), free(tp->iscratch);
    nb_buf_free(&tp->scratch);
}

static void add_frag(textpage *tp, int a, int b, int line)
{
    if (tp->nf == tp->capf) {
        tp->capf = tp->capf ? tp->capf * 2 : 64;
        tp->f = nb_xrealloc(tp->f, sizeof *tp->f * (size_t)tp->capf);
    }
    frag *f = &tp->f[tp->nf++];
    memset(f, 0, sizeof *f);
    f->a = a, f->b = b, f->line = line, f->col = -1;
    f->x0 = tp->g[a]->x0, f->x1 = tp->g[b - 1]->x1;
    f->base = tp->g[a]->base;
    for (int i = a; i < b; i++) {
        f->size = fmaxf(f->size, tp->g[i]->size);
        f->x1 = fmaxf(f->x1, tp->g[i]->x1);
        f->has_digit |= is_digit_cp(tp->g[i]->cp);
    }
    nb_buf_clear(&tp->scratch);
    line_text(tp->g, a, b, &tp->scratch);
    f->text = nb_xmalloc(tp->scratch.len + 1);
    memcpy(f->text, tp->scratch.data ? tp->scratch.data : "", tp->scratch.len);
    f->text[tp->scratch.len] = '\0';
    nb_number n;
    nb_number_parse(f->text, tp->scratch.len, &n);
    f->kind = n.kind;
}

static void textpage_build(textpage *tp)
{
    tp->iscratch = nb_xmalloc(sizeof(int) * (size_t)(tp->ng + 1));
    int nlines = split_lines(tp->g, tp->ng, tp->iscratch);
    tp->l = nb_xmalloc(sizeof *tp->l * (size_t)(nlines ? nlines : 1));
    int *starts = nb_xmalloc(sizeof(int) * (size_t)(nlines + 1));
    memcpy(starts, tp->iscratch, sizeof(int) * (size_t)(nlines + 1));
    for (int l = 0; l < nlines; l++) {
        tline *ln = &tp->l[tp->nl++];
        ln->f0 = tp->nf;
        int a = starts[l], b = starts[l + 1];
        for (int i = a; i < b;) {
            int j = i + 1;
            while (j < b && !splits(tp->g[j - 1], tp->g[j])) j++;
            add_frag(tp, i, j, l);
            i = j;
        }
        ln->f1 = tp->nf;
        ln->x0 = tp->f[ln->f0].x0, ln->x1 = tp->f[ln->f1 - 1].x1;
        ln->base = 0, ln->size = 0;
        for (int k = ln->f0; k < ln->f1; k++) {
            ln->base += tp->f[k].base;
            ln->size = fmaxf(ln->size, tp->f[k].size);
        }
        ln->base /= (float)(ln->f1 - ln->f0);
    }
    free(starts);
}

static int is_valueish(const frag *f)
{
    return f->kind == NB_CELL_NUMBER || f->kind == NB_CELL_PLACEHOLDER || (f->kind == NB_CELL_TEXT && f->has_digit);
}

/* A value cell of an aligned table: fragments of one column, one or more lines. */
typedef struct {
    int col;
    float first, last;  /* baselines of its first and last line */
    int f[4], nf;       /* its fragments, top to bottom */
    int row;
    unsigned marks;
} vcell;

typedef struct {
    float first, last, center;
} vrow;

static float vcell_center(const vcell *c)
{
    return (c->first + c->last) / 2;
}

static int cmp_vcell(const void *a, const void *b)
{
    const vcell *x = a, *y = b;
    if (x->col != y->col) return x->col - y->col;
    return x->first < y->first ? -1 : x->first > y->first;
}

typedef struct {
    float lo, hi;       /* x extent */
    int id;
} colspan_t;

static int cmp_colspan(const void *a, const void *b)
{
    const colspan_t *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int overlaps(float a0, float a1, float b0, float b1)
{
    return a0 < b1 - 0.5f && b0 < a1 - 0.5f;
}

/* Label lines (baseline y[i]) of a section assigned to its rows, assuming every cell is
 * aligned the same way: align 0 top, 1 middle, 2 bottom. Returns 0 and fills out[i]
 * when that alignment explains every line, else -1. */
static int assign_labels(const vrow *rows, int nrows, const float *y, int n, int align, float tol, int *out)
{
    if (align == 1) {
        int p = 0;
        for (int r = 0; r < nrows && p < n; r++) {
            if (y[p] > rows[r].center + tol) continue; /* a row without label */
            int q = -1;
            for (int k = p; k < n && y[k] <= 2 * rows[r].center - y[p] + tol; k++)
                if (fabsf((y[p] + y[k]) / 2 - rows[r].center) <= tol) q = k;
            if (q < 0) return -1;
            for (int k = p; k <= q; k++) out[k] = r;
            p = q + 1;
        }
        return p == n ? 0 : -1;
    }
    /* Top: a row's label starts on its first line and runs to the next row's; bottom:
     * it ends on its last line. */
    for (int i = 0; i < n; i++) out[i] = -1;
    for (int r = 0; r < nrows; r++) {
        float anchor = align == 0 ? rows[r].first : rows[r].last;
        int at = -1;
        for (int i = 0; i < n; i++)
            if (fabsf(y[i] - anchor) <= tol) at = i;
        if (at < 0) continue;
        out[at] = r;
    }
    if (align == 0) {
        int cur = -1;
        for (int i = 0; i < n; i++) {
            if (out[i] >= 0) cur = out[i];
            else if (cur < 0) return -1;
            else {
                /* It must lie before the next row starts. */
                if (cur + 1 < nrows && y[i] > rows[cur + 1].first - tol) return -1;
                out[i] = cur;
            }
        }
    } else {
        int cur = -1;
        for (int i = n - 1; i >= 0; i--) {
            if (out[i] >= 0) cur = out[i];
            else if (cur < 0) return -1;
            else {
                if (cur > 0 && y[i] < rows[cur - 1].last + tol) return -1;
                out[i] = cur;
            }
        }
    }
    return 0;
}

/* Joins the text of fragments idx[0..n) (one cell), lines top to bottom. */
static void frags_text(textpage *tp, const int *idx, int n, nb_buf *out)
{
    int total = 0;
    for (int k = 0; k < n; k++) total += tp->f[idx[k]].b - tp->f[idx[k]].a;
    const nb_pg_glyph **g = nb_xmalloc(sizeof *g * (size_t)(total ? total : 1));
    int *sc = nb_xmalloc(sizeof(int) * (size_t)(total + 1));
    int o = 0;
    for (int k = 0; k < n; k++)
        for (int i = tp->f[idx[k]].a; i < tp->f[idx[k]].b; i++) g[o++] = tp->g[i];
    compose(g, o, out, sc);
    free(g);
    free(sc);
}

typedef struct {
    int *items;
    int n, cap;
} intlist;

static void il_push(intlist *l, int v)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = nb_xrealloc(l->items, sizeof(int) * (size_t)l->cap);
    }
    l->items[l->n++] = v;
}

/* One section of an aligned table: header lines, then lines with figures (and label
 * lines among them), lines la..lb of the page. Appends its rows to t. */
static void read_section(textpage *tp, int la, int lb, float B, int has_labels, table *t)
{
    intlist vals = {0}, heads = {0}, labels = {0};
    int first_data = -1;
    for (int l = la; l < lb; l++)
        if (tp->l[l].kind == LINE_DATA && first_data < 0) first_data = l;
    for (int l = la; l < lb; l++) {
        const tline *ln = &tp->l[l];
        for (int k = ln->f0; k < ln->f1; k++) {
            frag *f = &tp->f[k];
            if (ln->kind == LINE_HEAD || (first_data >= 0 && l < first_data && ln->kind == LINE_LABEL &&
                                          tp->l[l + 1].kind == LINE_HEAD))
                il_push(&heads, k);
            else if (f->role == ROLE_VALUE) il_push(&vals, k);
            else il_push(&labels, k);
        }
    }
    /* Columns: the figures' x extents that overlap are one column. */
    int nv = vals.n;
    int *uf = nb_xmalloc(sizeof(int) * (size_t)(nv ? nv : 1));
    for (int i = 0; i < nv; i++) uf[i] = i;
    for (int i = 0; i < nv; i++)
        for (int j = i + 1; j < nv; j++) {
            const frag *a = &tp->f[vals.items[i]], *b = &tp->f[vals.items[j]];
            if (a->line != b->line && overlaps(a->x0, a->x1, b->x0, b->x1)) uf_union(uf, i, j);
        }
    colspan_t *cols = nb_xmalloc(sizeof *cols * (size_t)(nv ? nv : 1));
    int ncols = 0;
    int *col_of_root = nb_xmalloc(sizeof(int) * (size_t)(nv ? nv : 1));
    for (int i = 0; i < nv; i++) col_of_root[i] = -1;
    for (int i = 0; i < nv; i++) {
        int r = uf_find(uf, i);
        const frag *f = &tp->f[vals.items[i]];
        if (col_of_root[r] < 0) {
            col_of_root[r] = ncols;
            cols[ncols++] = (colspan_t){f->x0, f->x1, r};
        } else {
            colspan_t *c = &cols[col_of_root[r]];
            c->lo = fminf(c->lo, f->x0), c->hi = fmaxf(c->hi, f->x1);
        }
    }
    qsort(cols, (size_t)ncols, sizeof *cols, cmp_colspan);
    /* Header cells can show a column none of the figures fills (a column left blank
     * all the way): the header's leaves, when each figure column falls under one. */
    intlist leaves = {0};
    {
        int nh = heads.n;
        int *huf = nb_xmalloc(sizeof(int) * (size_t)(nh ? nh : 1));
        int *spanning = nb_xcalloc((size_t)(nh ? nh : 1), sizeof(int));
        for (int i = 0; i < nh; i++) {
            huf[i] = i;
            const frag *f = &tp->f[heads.items[i]];
            int under = 0;
            for (int c = 0; c < ncols; c++) under += overlaps(f->x0, f->x1, cols[c].lo, cols[c].hi);
            spanning[i] = under >= 2 || f->x0 < B - 0.5f * f->size;
        }
        for (int i = 0; i < nh; i++)
            for (int j = i + 1; j < nh; j++) {
                const frag *a = &tp->f[heads.items[i]], *b = &tp->f[heads.items[j]];
                if (!spanning[i] && !spanning[j] && a->line != b->line && overlaps(a->x0, a->x1, b->x0, b->x1))
                    uf_union(huf, i, j);
            }
        colspan_t *hl = nb_xmalloc(sizeof *hl * (size_t)(nh ? nh : 1));
        int nhl = 0;
        for (int i = 0; i < nh; i++) {
            if (spanning[i]) continue;
            int r = uf_find(huf, i), k;
            const frag *f = &tp->f[heads.items[i]];
            for (k = 0; k < nhl && hl[k].id != r; k++) {}
            if (k == nhl) hl[nhl++] = (colspan_t){f->x0, f->x1, r};
            else hl[k].lo = fminf(hl[k].lo, f->x0), hl[k].hi = fmaxf(hl[k].hi, f->x1);
        }
        qsort(hl, (size_t)nhl, sizeof *hl, cmp_colspan);
        int ok = nhl > ncols;
        for (int k = 0; ok && k + 1 < nhl; k++) ok = !overlaps(hl[k].lo, hl[k].hi, hl[k + 1].lo, hl[k + 1].hi);
        int *used = nb_xcalloc((size_t)(nhl ? nhl : 1), sizeof(int));
        for (int c = 0; ok && c < ncols; c++) {
            int hit = -1, n = 0;
            for (int k = 0; k < nhl; k++)
                if (overlaps(cols[c].lo, cols[c].hi, hl[k].lo, hl[k].hi)) hit = k, n++;
            ok = n == 1 && !used[hit];
            if (ok) used[hit] = 1;
        }
        if (ok) {
            colspan_t *merged = nb_xmalloc(sizeof *merged * (size_t)nhl);
            for (int k = 0; k < nhl; k++) {
                merged[k] = hl[k];
                for (int c = 0; c < ncols; c++)
                    if (overlaps(cols[c].lo, cols[c].hi, hl[k].lo, hl[k].hi))
                        merged[k].lo = fminf(merged[k].lo, cols[c].lo), merged[k].hi = fmaxf(merged[k].hi, cols[c].hi);
            }
            free(cols);
            cols = merged;
            ncols = nhl;
        }
        for (int i = 0; i < nh; i++) il_push(&leaves, spanning[i]);
        free(used), free(hl), free(huf), free(spanning);
    }
    /* Each figure to its column; one that falls under none or several is uncertain. */
    for (int i = 0; i < nv; i++) {
        frag *f = &tp->f[vals.items[i]];
        float cx = (f->x0 + f->x1) / 2;
        int hit = -1, n = 0;
        for (int c = 0; c < ncols; c++)
            if (overlaps(f->x0, f->x1, cols[c].lo, cols[c].hi)) {
                if (hit < 0 || (cx >= cols[c].lo && cx <= cols[c].hi)) hit = c;
                n++;
            }
        f->col = hit;
        if (n != 1) f->marks |= NB_MARK_UNCERTAIN;
    }
    /* Value cells: a figure alone on its line whose neighbour in the column, one line
     * away, is alone too, is one cell wrapped over two lines ("2648-" / "18538"). */
    vcell *cells = nb_xmalloc(sizeof *cells * (size_t)(nv ? nv : 1));
    int nc = 0;
    for (int i = 0; i < nv; i++) {
        const frag *f = &tp->f[vals.items[i]];
        cells[nc++] = (vcell){f->col, f->base, f->base, {vals.items[i]}, 1, -1, f->marks};
    }
    qsort(cells, (size_t)nc, sizeof *cells, cmp_vcell);
    {
        int o = 0;
        for (int i = 0; i < nc; i++) {
            const frag *f = &tp->f[cells[i].f[0]];
            const tline *ln = &tp->l[f->line];
            int alone = ln->f1 - ln->f0 == 1;
            if (o > 0 && alone && cells[o - 1].col == cells[i].col && cells[o - 1].nf < 4) {
                vcell *p = &cells[o - 1];
                const frag *pf = &tp->f[p->f[p->nf - 1]];
                const tline *pl = &tp->l[pf->line];
                if (pl->f1 - pl->f0 == 1 && f->base - pf->base <= f->size * 1.6f && f->base > pf->base) {
                    p->f[p->nf++] = cells[i].f[0];
                    p->last = f->base;
                    p->marks |= cells[i].marks;
                    continue;
                }
            }
            cells[o++] = cells[i];
        }
        nc = o;
    }
    /* Rows: cells whose centres agree. */
    float size = 0;
    for (int l = la; l < lb; l++) size = fmaxf(size, tp->l[l].size);
    float tol = size * 0.4f;
    int *ruf = nb_xmalloc(sizeof(int) * (size_t)(nc ? nc : 1));
    for (int i = 0; i < nc; i++) ruf[i] = i;
    for (int i = 0; i < nc; i++)
        for (int j = i + 1; j < nc; j++)
            if (fabsf(vcell_center(&cells[i]) - vcell_center(&cells[j])) <= tol) uf_union(ruf, i, j);
    vrow *rows = nb_xmalloc(sizeof *rows * (size_t)(nc ? nc : 1));
    int *row_of_root = nb_xmalloc(sizeof(int) * (size_t)(nc ? nc : 1));
    int nrows = 0;
    for (int i = 0; i < nc; i++) row_of_root[i] = -1;
    for (int i = 0; i < nc; i++) {
        int r = uf_find(ruf, i);
        if (row_of_root[r] < 0) {
            row_of_root[r] = nrows;
            rows[nrows++] = (vrow){cells[i].first, cells[i].last, vcell_center(&cells[i])};
        } else {
            vrow *w = &rows[row_of_root[r]];
            w->first = fminf(w->first, cells[i].first), w->last = fmaxf(w->last, cells[i].last);
        }
        cells[i].row = row_of_root[r];
    }
    /* Rows top to bottom. */
    int *order = nb_xmalloc(sizeof(int) * (size_t)(nrows ? nrows : 1));
    for (int r = 0; r < nrows; r++) order[r] = r;
    for (int i = 1; i < nrows; i++)
        for (int j = i; j > 0 && rows[order[j]].center < rows[order[j - 1]].center; j--) {
            int x = order[j]; order[j] = order[j - 1]; order[j - 1] = x;
        }
    int *rank = nb_xmalloc(sizeof(int) * (size_t)(nrows ? nrows : 1));
    vrow *sorted = nb_xmalloc(sizeof *sorted * (size_t)(nrows ? nrows : 1));
    for (int r = 0; r < nrows; r++) rank[order[r]] = r, sorted[r] = rows[order[r]];
    for (int i = 0; i < nc; i++) cells[i].row = rank[cells[i].row];
    /* Labels: whole lines of the label column, placed by the alignment that explains
     * them all; when none does, or two place them differently, nearest and marked. */
    intlist lab_lines = {0};
    for (int k = 0; k < labels.n; k++) {
        int line = tp->f[labels.items[k]].line;
        if (!lab_lines.n || lab_lines.items[lab_lines.n - 1] != line) il_push(&lab_lines, line);
    }
    int nl = lab_lines.n;
    float *ly = nb_xmalloc(sizeof(float) * (size_t)(nl ? nl : 1));
    for (int i = 0; i < nl; i++) ly[i] = tp->l[lab_lines.items[i]].base;
    int *assign = nb_xmalloc(sizeof(int) * (size_t)(nl ? nl : 1) * 4);
    int *uncertain_row = nb_xcalloc((size_t)(nrows ? nrows : 1), sizeof(int));
    int chosen = -1, agree = 1;
    for (int a = 0; a < 3; a++) {
        if (assign_labels(sorted, nrows, ly, nl, a, tol, assign + (size_t)(a + 1) * (size_t)(nl ? nl : 1)) != 0) continue;
        if (chosen < 0) chosen = a;
        else if (memcmp(assign + (size_t)(a + 1) * (size_t)(nl ? nl : 1), assign + (size_t)(chosen + 1) * (size_t)(nl ? nl : 1),
                        sizeof(int) * (size_t)nl))
            agree = 0;
    }
    int *lab = assign;
    if (chosen >= 0 && agree) {
        memcpy(lab, assign + (size_t)(chosen + 1) * (size_t)(nl ? nl : 1), sizeof(int) * (size_t)nl);
    } else {
        for (int i = 0; i < nl; i++) {
            int best = -1;
            for (int r = 0; r < nrows; r++)
                if (best < 0 || fabsf(sorted[r].center - ly[i]) < fabsf(sorted[best].center - ly[i])) best = r;
            lab[i] = best;
        }
        for (int r = 0; r < nrows; r++) uncertain_row[r] = 1;
    }
    /* The rows out: the header first (cells spanning several columns, then the rest
     * under each column), then label and one cell per column. */
    nb_buf *sc = &tp->scratch;
    if (heads.n) {
        trow *span_row = NULL;
        for (int i = 0; i < heads.n; i++) {
            if (!leaves.items[i]) continue;
            const frag *f = &tp->f[heads.items[i]];
            if (!span_row) span_row = table_new_row(t);
            row_add(span_row, f->text, strlen(f->text), 0, 1, 1, f->x0, f->x1);
        }
        trow *hr = table_new_row(t);
        int *idx = nb_xmalloc(sizeof(int) * (size_t)heads.n);
        if (has_labels) {
            int n = 0;
            for (int i = 0; i < heads.n; i++) {
                const frag *f = &tp->f[heads.items[i]];
                if (!leaves.items[i] && f->x1 <= B + 0.5f * f->size) idx[n++] = heads.items[i];
            }
            nb_buf_clear(sc);
            frags_text(tp, idx, n, sc);
            row_add(hr, sc->data ? sc->data : "", sc->len, 0, 1, 1, 0, B);
        }
        for (int c = 0; c < ncols; c++) {
            int n = 0;
            for (int i = 0; i < heads.n; i++) {
                const frag *f = &tp->f[heads.items[i]];
                if (!leaves.items[i] && f->x1 > B + 0.5f * f->size && overlaps(f->x0, f->x1, cols[c].lo, cols[c].hi) &&
                    (f->x0 + f->x1) / 2 >= cols[c].lo - f->size && (f->x0 + f->x1) / 2 <= cols[c].hi + f->size)
                    idx[n++] = heads.items[i];
            }
            nb_buf_clear(sc);
            frags_text(tp, idx, n, sc);
            row_add(hr, sc->data ? sc->data : "", sc->len, c + has_labels, 1, 1, cols[c].lo, cols[c].hi);
        }
        free(idx);
    }
    int *idx = nb_xmalloc(sizeof(int) * (size_t)(labels.n + 4));
    for (int r = 0; r < nrows; r++) {
        trow *row = table_new_row(t);
        if (has_labels) {
            int n = 0;
            for (int k = 0; k < labels.n; k++) {
                int line = tp->f[labels.items[k]].line, li = 0;
                while (li < nl && lab_lines.items[li] != line) li++;
                if (li < nl && lab[li] == r) idx[n++] = labels.items[k];
            }
            nb_buf_clear(sc);
            frags_text(tp, idx, n, sc);
            tcell *lc = row_add(row, sc->data ? sc->data : "", sc->len, 0, 1, 1, 0, B);
            if (uncertain_row[r]) lc->marks |= NB_MARK_UNCERTAIN;
        }
        for (int c = 0; c < ncols; c++) {
            int hit = -1, n = 0;
            for (int i = 0; i < nc; i++)
                if (cells[i].row == r && cells[i].col == c) hit = hit < 0 ? i : hit, n++;
            nb_buf_clear(sc);
            unsigned marks = uncertain_row[r] ? NB_MARK_UNCERTAIN : 0;
            if (hit >= 0) {
                frags_text(tp, cells[hit].f, cells[hit].nf, sc);
                marks |= cells[hit].marks;
                if (n > 1) marks |= NB_MARK_UNCERTAIN; /* two figures in one cell */
            }
            tcell *vc = row_add(row, sc->data ? sc->data : "", sc->len, c + has_labels, 1, 1, cols[c].lo, cols[c].hi);
            vc->marks |= marks;
        }
        /* A figure under no column still goes out, after the others, marked. */
        for (int i = 0; i < nc; i++)
            if (cells[i].row == r && cells[i].col < 0) {
                nb_buf_clear(sc);
                frags_text(tp, cells[i].f, cells[i].nf, sc);
                tcell *vc = row_add(row, sc->data ? sc->data : "", sc->len, ncols + has_labels, 1, 1, 0, 0);
                vc->marks |= NB_MARK_UNCERTAIN;
            }
        for (int i = 0; i < row->n; i++) t->uncertain += (row->cells[i].marks & NB_MARK_UNCERTAIN) != 0;
    }
    free(idx);
    free(vals.items), free(heads.items), free(labels.items), free(leaves.items), free(lab_lines.items);
    free(uf), free(cols), free(col_of_root), free(cells), free(ruf), free(rows), free(row_of_root);
    free(order), free(rank), free(sorted), free(ly), free(assign), free(uncertain_row);
}

/* An aligned table: lines la..lb, at least two of them with figures. NULL when they do
 * not make one. */
static table *read_aligned(textpage *tp, int la, int lb)
{
    float B = FLT_MAX, left = FLT_MAX;
    int numlines = 0;
    for (int l = la; l < lb; l++) {
        int has = 0;
        left = fminf(left, tp->l[l].x0);
        for (int k = tp->l[l].f0; k < tp->l[l].f1; k++)
            if (tp->f[k].kind == NB_CELL_NUMBER) B = fminf(B, tp->f[k].x0), has = 1;
        numlines += has;
    }
    if (numlines < 2) return NULL;
    int has_labels = 0;
    for (int l = la; l < lb; l++) {
        tline *ln = &tp->l[l];
        int value = 0, valueish = 1, head = 0;
        for (int k = ln->f0; k < ln->f1; k++) {
            frag *f = &tp->f[k];
            float s = f->size * 0.5f;
            f->role = f->x0 >= B - s ? ROLE_VALUE : f->x1 <= B + s ? ROLE_LABEL : ROLE_HEAD;
            if (f->role == ROLE_VALUE) {
                value |= f->kind == NB_CELL_NUMBER || f->kind == NB_CELL_PLACEHOLDER;
                valueish &= is_valueish(f);
            }
            head |= f->role != ROLE_LABEL;
            has_labels |= f->role == ROLE_LABEL;
        }
        ln->kind = value || (head && valueish && tp->f[ln->f1 - 1].role == ROLE_VALUE) ? LINE_DATA : head ? LINE_HEAD : LINE_LABEL;
        if (ln->kind == LINE_DATA)
            for (int k = ln->f0; k < ln->f1; k++)
                if (tp->f[k].role == ROLE_HEAD) tp->f[k].role = ROLE_LABEL;
    }
    has_labels = has_labels && B > left + 1.0f;
    table *t = nb_xcalloc(1, sizeof *t);
    t->x0 = left;
    t->x1 = -FLT_MAX;
    for (int l = la; l < lb; l++) t->x1 = fmaxf(t->x1, tp->l[l].x1);
    int start = la, seen_data = 0;
    for (int l = la; l <= lb; l++) {
        if (l == lb || (tp->l[l].kind == LINE_HEAD && seen_data)) {
            read_section(tp, start, l, B, has_labels, t);
            start = l;
            seen_data = 0;
        }
        if (l < lb && tp->l[l].kind == LINE_DATA) seen_data = 1;
    }
    return t;
}

/* ---- pages ---- */

typedef struct {
    float y0;
    char *text;         /* a line of text; NULL for a table */
    table *t;
    int page;
    int furniture;      /* a page number in the margin */
} item;

typedef struct {
    item *items;
    int n, cap;
} itemlist;

static item *add_item(itemlist *l, float y0, int page)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = nb_xrealloc(l->items, sizeof *l->items * (size_t)l->cap);
    }
    item *it = &l->items[l->n++];
    memset(it, 0, sizeof *it);
    it->y0 = y0;
    it->page = page;
    return it;
}

/* "4", "-4-", "— 4 —", "第4页", "第 4 页 共 10 页", "4/10": a page number. */
static int is_page_number(const char *s)
{
    char core[64];
    size_t o = 0, n = strlen(s);
    for (size_t i = 0; i < n && o < sizeof core - 8;) {
        uint32_t cp;
        i += nb_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (nb_utf8_is_space(cp)) continue;
        cp = nb_utf8_halfwidth(cp);
        if (cp == 0x2014 || cp == 0x2013 || cp == 0x2212) cp = '-';
        o += nb_utf8_encode(cp, core + o);
    }
    if (o == 0 || o >= sizeof core - 8) return 0;
    core[o] = '\0';
    const char *p = core;
    int digits = 0;
    if (!strncmp(p, "第", 3)) {
        p += 3;
        while (*p >= '0' && *p <= '9') p++, digits++;
        if (!digits || strncmp(p, "页", 3)) return 0;
        p += 3;
        if (!*p) return 1;
        if (strncmp(p, "共", 3)) return 0;
        p += 3;
        while (*p >= '0' && *p <= '9') p++;
        return !strcmp(p, "页");
    }
    while (*p == '-') p++;
    while (*p >= '0' && *p <= '9') p++, digits++;
    if (*p == '/') {
        p++;
        while (*p >= '0' && *p <= '9') p++;
    }
    while (*p == '-') p++;
    return digits > 0 && digits <= 4 && !*p;
}

typedef struct {
    lattice lat;
    float x0, y0, x1, y1;
    int ok;
} region;

/* Glyphs beside the lines h, v (within their height, touching their left or right end):
 * how far left and right their text reaches, in *left and *right (unchanged if none). */
static void side_text(const nb_pg_page *pg, const seg1 *h, int nh, const seg1 *v, int nv, float *left, float *right)
{
    float x0 = FLT_MAX, x1 = -FLT_MAX, y0 = FLT_MAX, y1 = -FLT_MAX;
    for (int i = 0; i < nh; i++) x0 = fminf(x0, h[i].a), x1 = fmaxf(x1, h[i].b), y0 = fminf(y0, h[i].pos), y1 = fmaxf(y1, h[i].pos);
    for (int i = 0; i < nv; i++) x0 = fminf(x0, v[i].pos), x1 = fmaxf(x1, v[i].pos), y0 = fminf(y0, v[i].a), y1 = fmaxf(y1, v[i].b);
    /* Twice: text touching the edge, then text reaching as far as that. */
    float reach_left = x0, reach_right = x1;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < pg->nglyphs; i++) {
            const nb_pg_glyph *g = &pg->glyphs[i];
            float cy = g->base - g->size * 0.3f, cx = (g->x0 + g->x1) / 2;
            if (cy <= y0 || cy >= y1) continue;
            float slack = pass == 0 ? 1.5f * g->size : 0.5f * g->size;
            if (cx < x0 && g->x1 >= reach_left - slack) *left = fminf(*left, g->x0 - 1), reach_left = fminf(reach_left, g->x0);
            if (cx > x1 && g->x0 <= reach_right + slack) *right = fmaxf(*right, g->x1 + 1), reach_right = fmaxf(reach_right, g->x1);
        }
}

static void read_page(const nb_pg_page *pg, int pageno, itemlist *out, nb_buf *warnings)
{
    /* The lines, merged. */
    int nh = 0, nv = 0;
    seg1 *h = nb_xmalloc(sizeof *h * (pg->nrules + 1)), *v = nb_xmalloc(sizeof *v * (pg->nrules + 1));
    for (size_t i = 0; i < pg->nrules; i++) {
        const nb_pg_rule *r = &pg->rules[i];
        if (r->y0 == r->y1) h[nh++] = (seg1){r->y0, r->x0, r->x1};
        else v[nv++] = (seg1){r->x0, r->y0, r->y1};
    }
    nh = merge_collinear(h, nh);
    nv = merge_collinear(v, nv);
    region *regions = NULL;
    int nregions = 0;
    if ((long)nh * nv > 4000000L) {
        nb_buf_printf(warnings, "page %d: %d x %d drawn lines, too many to be a table's; its text is read without them\n",
                      pageno + 1, nh, nv);
        nh = nv = 0;
    }
    /* Lines that touch or cross are one table's. */
    int n = nh + nv;
    int *uf = nb_xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) uf[i] = i;
    for (int i = 0; i < nh; i++)
        for (int j = 0; j < nv; j++)
            if (v[j].pos >= h[i].a - SNAP && v[j].pos <= h[i].b + SNAP && h[i].pos >= v[j].a - SNAP &&
                h[i].pos <= v[j].b + SNAP)
                uf_union(uf, i, nh + j);
    int *seen = nb_xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) seen[i] = -1;
    seg1 *gh = nb_xmalloc(sizeof *gh * (size_t)(nh + 1)), *gv = nb_xmalloc(sizeof *gv * (size_t)(nv + 1));
    for (int i = 0; i < n; i++) {
        int root = uf_find(uf, i);
        if (seen[root] >= 0) continue;
        seen[root] = 1;
        int kh = 0, kv = 0;
        for (int j = 0; j < nh; j++)
            if (uf_find(uf, j) == root) gh[kh++] = h[j];
        for (int j = 0; j < nv; j++)
            if (uf_find(uf, nh + j) == root) gv[kv++] = v[j];
        if (kh < 1 || kv < 1 || kh + kv < 3) continue;
        regions = nb_xrealloc(regions, sizeof *regions * (size_t)(nregions + 1));
        region *rg = &regions[nregions];
        float ext_left = FLT_MAX, ext_right = -FLT_MAX;
        side_text(pg, gh, kh, gv, kv, &ext_left, &ext_right);
        if (lattice_build(gh, kh, gv, kv, ext_left, ext_right, &rg->lat) != 0 || rg->lat.nx * rg->lat.ny <= 4) {
            /* One box (a frame around text) is no table. */
            lattice_free(&rg->lat);
            continue;
        }
        rg->x0 = rg->lat.xs[0], rg->x1 = rg->lat.xs[rg->lat.nx - 1];
        rg->y0 = rg->lat.ys[0], rg->y1 = rg->lat.ys[rg->lat.ny - 1];
        nregions++;
    }
    free(uf), free(seen), free(gh), free(gv), free(h), free(v);

    /* Each glyph to the smallest table its centre falls in, else to the free text. */
    int ng = (int)pg->nglyphs;
    int *where = nb_xmalloc(sizeof(int) * (size_t)(ng ? ng : 1));
    int nfree = 0;
    for (int i = 0; i < ng; i++) {
        const nb_pg_glyph *g = &pg->glyphs[i];
        float cx = (g->x0 + g->x1) / 2, cy = g->base - g->size * 0.3f;
        int best = -1;
        for (int k = 0; k < nregions; k++) {
            region *rg = &regions[k];
            if (cx < rg->x0 || cx > rg->x1 || cy < rg->y0 || cy > rg->y1) continue;
            if (best < 0 || (rg->x1 - rg->x0) * (rg->y1 - rg->y0) <
                                (regions[best].x1 - regions[best].x0) * (regions[best].y1 - regions[best].y0))
                best = k;
        }
        if (best >= 0) {
            lattice *l = &regions[best].lat;
            int r = locate(l->ys, l->ny, cy), c = locate(l->xs, l->nx, cx);
            if (r < 0 || c < 0) best = -1;
            else where[i] = best;
        }
        if (best < 0) where[i] = -1, nfree++;
    }
    nb_buf scratch = NB_BUF_INIT;
    int *iscratch = nb_xmalloc(sizeof(int) * (size_t)(ng + 1));
    for (int k = 0; k < nregions; k++) {
        lattice *l = &regions[k].lat;
        int cols = l->nx - 1, cells = (l->ny - 1) * cols;
        l->gstart = nb_xcalloc((size_t)cells + 1, sizeof(int));
        l->gfill = nb_xcalloc((size_t)cells + 1, sizeof(int));
        int total = 0;
        for (int i = 0; i < ng; i++) {
            if (where[i] != k) continue;
            const nb_pg_glyph *g = &pg->glyphs[i];
            int r = locate(l->ys, l->ny, g->base - g->size * 0.3f), c = locate(l->xs, l->nx, (g->x0 + g->x1) / 2);
            l->gstart[l->root[r * cols + c] + 1]++;
            total++;
        }
        for (int i = 0; i < cells; i++) l->gstart[i + 1] += l->gstart[i];
        l->glyphs = nb_xmalloc(sizeof *l->glyphs * (size_t)(total ? total : 1));
        for (int i = 0; i < ng; i++) {
            if (where[i] != k) continue;
            const nb_pg_glyph *g = &pg->glyphs[i];
            int r = locate(l->ys, l->ny, g->base - g->size * 0.3f), c = locate(l->xs, l->nx, (g->x0 + g->x1) / 2);
            int root = l->root[r * cols + c];
            l->glyphs[l->gstart[root] + l->gfill[root]++] = g;
        }
        item *it = add_item(out, regions[k].y0, pageno);
        it->t = lattice_table(l, &scratch, iscratch);
        lattice_free(l);
    }
    free(regions);

    /* The free text: lines, and the blocks of them that line up as tables. */
    textpage tp = {0};
    tp.g = nb_xmalloc(sizeof *tp.g * (size_t)(nfree ? nfree : 1));
    for (int i = 0; i < ng; i++)
        if (where[i] < 0) tp.g[tp.ng++] = &pg->glyphs[i];
    free(where);
    textpage_build(&tp);
    for (int i = 0; i < tp.nl;) {
        tline *ln = &tp.l[i];
        int last = i;
        if (ln->f1 - ln->f0 >= 2) {
            float bx0 = ln->x0, bx1 = ln->x1;
            for (int j = i + 1; j < tp.nl; j++) {
                tline *m = &tp.l[j];
                if (m->base - tp.l[j - 1].base > 3.0f * fmaxf(m->size, tp.l[j - 1].size)) break;
                if (m->f1 - m->f0 >= 2) {
                    last = j;
                    bx0 = fminf(bx0, m->x0), bx1 = fmaxf(bx1, m->x1);
                    continue;
                }
                /* One fragment: a narrow one is stacked text inside the table. */
                if (m->x1 - m->x0 <= 0.45f * (bx1 - bx0) && m->x0 >= bx0 - m->size && m->x1 <= bx1 + m->size) continue;
                break;
            }
        }
        table *t = last > i ? read_aligned(&tp, i, last + 1) : NULL;
        if (t) {
            item *it = add_item(out, tp.l[i].base - tp.l[i].size, pageno);
            it->t = t;
            i = last + 1;
            continue;
        }
        nb_buf_clear(&scratch);
        for (int k = ln->f0; k < ln->f1; k++) {
            if (k > ln->f0) nb_buf_adds(&scratch, "  ");
            nb_buf_adds(&scratch, tp.f[k].text);
        }
        item *it = add_item(out, ln->base - ln->size, pageno);
        it->text = nb_xmalloc(scratch.len + 1);
        memcpy(it->text, scratch.data ? scratch.data : "", scratch.len);
        it->text[scratch.len] = '\0';
        float margin = pg->height * 0.1f;
        it->furniture = pg->height > 0 && (ln->base < margin || ln->base > pg->height - margin) && is_page_number(it->text);
        i++;
    }
    textpage_free(&tp);
    free(tp.g);
    free(iscratch);
    nb_buf_free(&scratch);
}

static int cmp_item(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->page != y->page) return x->page - y->page;
    return x->y0 < y->y0 ? -1 : x->y0 > y->y0;
}

static int rows_equal(const trow *a, const trow *b)
{
    if (a->n != b->n) return 0;
    for (int i = 0; i < a->n; i++)
        if (strcmp(a->cells[i].text, b->cells[i].text)) return 0;
    return 1;
}

static void append_text(tcell *c, const char *more)
{
    if (!more[0]) return;
    size_t n = strlen(c->text), m = strlen(more);
    c->text = nb_xrealloc(c->text, n + m + 2);
    uint32_t last = n ? (unsigned char)c->text[n - 1] : 0, first = (unsigned char)more[0];
    if (n && is_alnum_ascii(last) && is_alnum_ascii(first)) c->text[n++] = ' ';
    memcpy(c->text + n, more, m + 1);
}

/* A label of a report template, whole (matching would find it). */
static int is_label(const char *text)
{
    nb_arena a = NB_ARENA_INIT;
    nb_cell c = {0};
    nb_label_key_make(&a, text, strlen(text), &c.key);
    int yes = nb_match_is_template_label(&c);
    nb_arena_free(&a);
    return yes;
}

static int has_edge(const table *t, float x)
{
    if (fabsf(t->x0 - x) <= 3 || fabsf(t->x1 - x) <= 3) return 1;
    for (int r = 0; r < t->nrows; r++)
        for (int k = 0; k < t->rows[r].n; k++)
            if (fabsf(t->rows[r].cells[k].x0 - x) <= 3 || fabsf(t->rows[r].cells[k].x1 - x) <= 3) return 1;
    return 0;
}

/* Two parts of one table: the same outer edges, or one part's edges are column edges of
 * the other (a column of the first part holds only a cell spanning down from above, and
 * the program printing the next page drew nothing of it). */
static int same_frame(const table *t, const table *u)
{
    /* An edge found from text lies inside the other part's edge. */
    int left = fabsf(t->x0 - u->x0) <= 3 || (u->soft_left && u->x0 >= t->x0 - 3) || (t->soft_left && t->x0 >= u->x0 - 3);
    int right = fabsf(t->x1 - u->x1) <= 3 || (u->soft_right && u->x1 <= t->x1 + 3) || (t->soft_right && t->x1 <= u->x1 + 3);
    if (left && right) return 1;
    return (has_edge(t, u->x0) && has_edge(t, u->x1)) || (has_edge(u, t->x0) && has_edge(u, t->x1));
}

/* The cell of t that covers t's last row with the extent of uc, or NULL; with
 * spanning_only, only one that spans rows already (an empty cell on the next page goes
 * on with it). */
static tcell *cell_above(table *t, const tcell *uc, int spanning_only)
{
    int last = t->nrows - 1;
    for (int r = last; r >= 0; r--)
        for (int k = 0; k < t->rows[r].n; k++) {
            tcell *tc = &t->rows[r].cells[k];
            if (r + tc->rowspan - 1 >= last && (!spanning_only || tc->rowspan > 1 || r < last) &&
                fabsf(tc->x0 - uc->x0) <= 3 && fabsf(tc->x1 - uc->x1) <= 3)
                return tc;
        }
    return NULL;
}

/* u continues t on the next page: its repeated header goes, what is left of cells
 * spanning rows from the page before joins them, a row cut in two by the page break is
 * joined, the rest is appended. u is emptied. */
static void join_tables(table *t, table *u)
{
    int start = 0;
    while (start < u->nrows && start < t->nrows && rows_equal(&t->rows[start], &u->rows[start])) start++;
    if (start == u->nrows) start = 0; /* nothing but a header: keep it as printed */
    if (t->nrows && start < u->nrows) {
        trow *first = &u->rows[start];
        tcell *absorbed[64];
        int nabsorbed = 0, o = 0;
        const trow *lastrow = &t->rows[t->nrows - 1];
        float own = FLT_MAX; /* where the last row's own cells start */
        for (int k = 0; k < lastrow->n; k++) own = fminf(own, lastrow->cells[k].x0);
        for (int i = 0; i < first->n; i++) {
            tcell *uc = &first->cells[i], *hit = NULL;
            if (!uc->text[0] && nabsorbed < 64) hit = cell_above(t, uc, 1);
            if (hit) {
                hit->rowspan += uc->rowspan;
                absorbed[nabsorbed++] = hit;
                free(uc->text);
            } else if (!uc->text[0] && uc->x1 <= own + 3) {
                free(uc->text); /* a piece of a label column spanning down: nothing in it */
            } else {
                first->cells[o++] = *uc;
            }
        }
        first->n = o;
        if (start == 0 && t->ruled && u->ruled && first->n) {
            /* The last row here and the first there may be one row cut by the page break
             * (a header cell spanning two rows, a label running on): programs draw a line
             * at the break for some cut rows and leave it out for some whole ones, so the
             * text decides. The cells of the same extent are one, unless one there reads
             * as a label of its own or starts a new item, or a column has a figure on
             * both sides. */
            tcell **above = nb_xcalloc((size_t)first->n, sizeof *above);
            int veto = 0, joined = 0, rest = 0;
            for (int i = 0; i < first->n; i++) {
                const tcell *uc = &first->cells[i];
                above[i] = cell_above(t, uc, 0);
                nb_number nu;
                nb_number_parse(uc->text, strlen(uc->text), &nu);
                int figure = nu.kind == NB_CELL_NUMBER || nu.kind == NB_CELL_PLACEHOLDER;
                char core[64];
                if (above[i] && uc->text[0] && !figure &&
                    (nb_label_core(uc->text, strlen(uc->text), core, sizeof core) != 0 || is_label(uc->text)))
                    veto = 1;
                if (above[i] && figure) {
                    nb_number na;
                    nb_number_parse(above[i]->text, strlen(above[i]->text), &na);
                    if (na.kind == NB_CELL_NUMBER || na.kind == NB_CELL_PLACEHOLDER) veto = 1;
                }
                joined += above[i] && uc->text[0];
                rest += !above[i];
            }
            if (!veto && joined) {
                o = 0;
                for (int i = 0; i < first->n; i++) {
                    tcell *uc = &first->cells[i];
                    if (!above[i]) {
                        first->cells[o++] = *uc;
                        continue;
                    }
                    append_text(above[i], uc->text);
                    above[i]->rowspan += uc->rowspan - (rest ? 0 : 1);
                    above[i]->marks |= uc->marks;
                    free(uc->text);
                }
                first->n = o;
                if (!rest) {
                    /* The spanning cells' pieces were on the same row too. */
                    for (int k = 0; k < nabsorbed; k++) absorbed[k]->rowspan--;
                    start++;
                }
            }
            free(above);
        }
    }
    for (int r = start; r < u->nrows; r++) {
        trow *dst = table_new_row(t);
        *dst = u->rows[r];
        memset(&u->rows[r], 0, sizeof u->rows[r]);
    }
    t->open_bottom = u->open_bottom;
    t->uncertain += u->uncertain;
    u->uncertain = 0;
}

static int cmp_tcell_x(const void *a, const void *b)
{
    const tcell *x = *(const tcell *const *)a, *y = *(const tcell *const *)b;
    return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* Row r of t into d. A cell spanning down from a row above into the figures of this row
 * (right of its first cell of its own) would leave a hole that moves the figures after it
 * one column left: the hole is kept as an empty cell, marked uncertain (which value the
 * merged cell holds for this row, the table does not say). Returns the holes marked. */
static int emit_row(const table *t, int r, int index, nb_doc *d)
{
    const trow *row = &t->rows[r];
    float first = FLT_MAX;
    int figures = 0;
    for (int k = 0; k < row->n; k++) {
        first = fminf(first, row->cells[k].x0);
        nb_number n;
        nb_number_parse(row->cells[k].text, strlen(row->cells[k].text), &n);
        figures += n.kind == NB_CELL_NUMBER;
    }
    int ncover = 0;
    for (int rr = 0; rr < r && figures && t->ruled; rr++)
        for (int k = 0; k < t->rows[rr].n; k++) {
            const tcell *c = &t->rows[rr].cells[k];
            ncover += rr + c->rowspan - 1 >= r && c->x0 > first + 1;
        }
    const tcell **out = nb_xmalloc(sizeof *out * (size_t)(row->n + ncover));
    tcell *holes = nb_xmalloc(sizeof *holes * (size_t)(ncover ? ncover : 1));
    int n = 0, h = 0;
    for (int k = 0; k < row->n; k++) out[n++] = &row->cells[k];
    for (int rr = 0; rr < r && ncover; rr++)
        for (int k = 0; k < t->rows[rr].n; k++) {
            const tcell *c = &t->rows[rr].cells[k];
            if (rr + c->rowspan - 1 < r || c->x0 <= first + 1) continue;
            holes[h] = (tcell){"", c->col, c->colspan, 1, c->x0, c->x1, NB_MARK_UNCERTAIN};
            out[n++] = &holes[h++];
        }
    if (h) qsort(out, (size_t)n, sizeof *out, cmp_tcell_x);
    for (int k = 0; k < n; k++) {
        nb_doc_add_cell(d, out[k]->text, strlen(out[k]->text), out[k]->col, out[k]->colspan, out[k]->rowspan, index, 1);
        d->cells[d->ncells - 1].marks |= out[k]->marks;
    }
    free(out);
    free(holes);
    return h;
}

int nb_pagegrid_to_doc(const nb_pagegrid *pg, nb_doc *d, nb_buf *warnings)
{
    itemlist items = {0};
    for (int p = 0; p < pg->npages; p++) {
        int from = items.n;
        read_page(&pg->pages[p], p, &items, warnings);
        qsort(items.items + from, (size_t)(items.n - from), sizeof *items.items, cmp_item);
    }
    /* A table that ends its page and one that starts the next, as wide: one table. */
    for (int i = 0; i < items.n; i++) {
        item *it = &items.items[i];
        if (!it->t) continue;
        for (;;) {
            int j = i + 1;
            while (j < items.n && items.items[j].furniture) j++;
            if (j >= items.n || !items.items[j].t || items.items[j].page != items.items[i].page + 1) break;
            /* Nothing but furniture after it on its own page. */
            int k = j - 1;
            while (k > i && items.items[k].page == it->page && items.items[k].furniture) k--;
            if (k != i && items.items[k].page == it->page) break;
            table *u = items.items[j].t;
            if (getenv("NB_PG_DEBUG")) fprintf(stderr, "join? %d: %.1f-%.1f open_bottom %d / %.1f-%.1f open_top %d\n", it->page, it->t->x0, it->t->x1, it->t->open_bottom, u->x0, u->x1, u->open_top);
            if (u->ruled != it->t->ruled || !same_frame(it->t, u)) break;
            int page = items.items[j].page;
            join_tables(it->t, u);
            table_free(u);
            items.items[j].t = NULL;
            items.items[j].furniture = 1; /* gone */
            it->page = page; /* the joined table now ends there */
        }
    }
    int uncertain = 0;
    for (int i = 0; i < items.n; i++) {
        item *it = &items.items[i];
        if (it->text && !it->furniture) {
            nb_doc_new_row(d);
            nb_doc_add_cell(d, it->text, strlen(it->text), 0, 1, 1, -1, 0);
        }
        if (it->t) {
            table *t = it->t;
            int index = d->ntables++;
            for (int r = 0; r < t->nrows; r++) {
                if (!t->rows[r].n) continue;
                nb_doc_new_row(d);
                t->uncertain += emit_row(t, r, index, d);
            }
            if (t->uncertain)
                nb_buf_printf(warnings, "a table ending on page %d: %d cells could not be placed with certainty (flag uncertain_cell)\n",
                              it->page + 1, t->uncertain);
            uncertain += t->uncertain;
            table_free(t);
        }
        free(it->text);
    }
    free(items.items);
    return uncertain;
}
