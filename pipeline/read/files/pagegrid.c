/* pagegrid: glyphs and rulings -> cells (see pagegrid.h).
 *
 * Each page becomes a list of items from top to bottom: lines of free text, ruled tables
 * (a lattice of the drawn lines) and aligned tables (blocks of lines whose fragments
 * line up in columns). Tables are held as rows of cells until every page is read, so
 * that one running onto the next page can be joined before the cells go into the doc.
 *
 * Tolerances are in points or in font sizes: a glyph is about one size wide (CJK) or half
 * of it (digits), a gap of a size or more between two glyphs of a line separates cells. */
#include "pipeline/read/files/pagegrid.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "pipeline/number.h"
#include "pipeline/read/files/pglabels.h"
#include "pipeline/read/label.h"
#include "pipeline/read/match.h"
#include "pipeline/report.h"
#include "pipeline/template.h"

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
    unsigned char cut;   /* a row label cut by the page break (aligned tables) */
    unsigned char cont;  /* the rest of it, at the top of the next page */
    unsigned char unsure_col; /* a figure's cell in doubt only for its column (no grid fits) */
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
    c->cut = c->cont = c->unsure_col = 0;
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

/* How far apart (in font sizes) two lines of one table may stand: rows padded, or three
 * label lines tall (a Word table). */
#define ROW_REACH 5.0f

static int is_digit_cp(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

static int is_wide(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* A gap of about a size separates two cells; next to a figure or between two Chinese
 * characters, half of it does ("规章 0" printed close, "19067 19086" or "结果 结果" in
 * narrow columns). */
static int splits(const nb_pg_glyph *p, const nb_pg_glyph *g)
{
    float gap = g->x0 - p->x1, size = fmaxf(p->size, g->size);
    if (gap >= size * 0.9f) return 1;
    /* Drawn as two lines of text, apart: two cells' texts, however close (the labels of
     * narrow neighbouring columns, "三、本" and "（三", 0.3 to 1 pt apart at 12 pt where
     * LibreOffice squeezes out the cells' padding); a cell's own characters abut to a few
     * hundredths of a point. */
    if (p->run && g->run && p->run != g->run && gap >= size * 0.02f) return 1;
    /* Digits, and Chinese characters, are printed without gaps: figures and labels in
     * narrow columns stand closer than a character apart. */
    if (gap >= size * 0.45f && (is_digit_cp(p->cp) || is_digit_cp(g->cp))) return 1;
    return gap >= size * 0.5f && is_wide(p->cp) && is_wide(g->cp);
}

/* Whether g[i-1] and g[i], both of a kind (digits, wide characters), stand apart by
 * min_gap sizes more than the narrowest other gap between neighbours in g[a..b): the
 * characters of one cell's text abut (a few hundredths of a point apart, as positions are
 * rounded); text letter-spaced or justified has its gaps alike. */
static int stands_apart(const nb_pg_glyph **g, int a, int b, int i, int (*kind)(uint32_t), float min_gap)
{
    if (!kind(g[i - 1]->cp) || !kind(g[i]->cp)) return 0;
    float least = FLT_MAX;
    for (int k = a + 1; k < b; k++)
        if (k != i) least = fminf(least, g[k]->x0 - g[k - 1]->x1);
    if (least == FLT_MAX) least = 0; /* two characters: they abut unless apart */
    return g[i]->x0 - g[i - 1]->x1 >= fmaxf(least, 0) + min_gap * fmaxf(g[i]->size, g[i - 1]->size);
}

/* Two figures of neighbouring cells printed touching (a Word table narrower than its
 * text: "23173" 0.3 pt before "23194"). */
static int touching_figures(const nb_pg_glyph **g, int a, int b, int i)
{
    return stands_apart(g, a, b, i, is_digit_cp, 0.02f);
}

/* The end of the fragment (a cell's text on a line) that starts at g[a], in the line's
 * glyphs g[a..b) sorted by x. */
static int fragment_end(const nb_pg_glyph **g, int a, int b)
{
    int j = a + 1;
    while (j < b && !splits(g[j - 1], g[j])) j++;
    for (int i = a + 1; i < j; i++)
        if (touching_figures(g, a, j, i)) return i;
    return j;
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
            int j = fragment_end(tp->g, i, b);
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

/* A figure, or a mark a cell holds for one ("/", "-"): what the columns of figures start
 * with. A placeholder in words (无, 不涉及) may be a label's piece printed alone. */
static int is_figure_or_mark(const textpage *tp, const frag *f)
{
    if (f->kind == NB_CELL_NUMBER) return 1;
    if (f->kind != NB_CELL_PLACEHOLDER) return 0;
    for (int i = f->a; i < f->b; i++)
        if (tp->g[i]->cp >= 0x2E80 && tp->g[i]->cp < 0xFF00) return 0;
    return 1;
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
    int wrapped;        /* one figure wrapped over its lines: their digits read as one */
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

/* Whether two extents share at least half of the narrower one (a header over a column,
 * not one touching its edge). */
static int shares(float a0, float a1, float b0, float b1)
{
    float common = fminf(a1, b1) - fmaxf(a0, b0);
    return common > 0 && common >= 0.5f * fminf(a1 - a0, b1 - b0);
}

/* Label lines (baseline y[i]) of a section assigned to its rows, assuming every cell is
 * aligned the same way: align 0 top, 1 middle, 2 bottom. Returns 0 and fills out[i]
 * when that alignment explains every line, else -1. */
static int assign_labels(const vrow *rows, int nrows, const float *y, int n, int align, float tol, int *out);

/* assign_labels and the checks its result must pass: lines of one row lie close together
 * (a gap of a line at most), rows follow lines in order, and with every_row each row has
 * a label line. */
static int place_lines(const vrow *rows, int nrows, const float *y, int n, int align, float tol, int every_row, int *out)
{
    if (assign_labels(rows, nrows, y, n, align, tol, out) != 0) return -1;
    float size = tol / 0.4f;
    for (int i = 1; i < n; i++) {
        if (out[i] < out[i - 1]) return -1;
        if (out[i] == out[i - 1] && y[i] - y[i - 1] > 2.2f * size) return -1;
    }
    if (every_row) {
        int r = 0;
        for (int i = 0; i < n && r < nrows; i++)
            if (out[i] == r) r++;
        if (r < nrows) return -1;
    }
    return 0;
}

static int assign_labels(const vrow *rows, int nrows, const float *y, int n, int align, float tol, int *out)
{
    if (align == 1) {
        int p = 0;
        for (int r = 0; r < nrows && p < n; r++) {
            if (y[p] > rows[r].center + tol) continue; /* a row without label */
            int q = -1;
            for (int k = p; k < n && y[k] <= 2 * rows[r].center - y[p] + tol; k++)
                if (fabsf((y[p] + y[k]) / 2 - rows[r].center) <= tol) q = k;
            /* The first and last rows of a page may be cut by the page break: their
             * label reaches the break and is centred on no row. */
            if (q < 0 && r == nrows - 1 && fabsf(y[p] - rows[r].first) <= tol) q = n - 1;
            if (q < 0 && r == 0)
                for (int k = p; k < n && y[k] <= rows[0].last + tol; k++)
                    if (fabsf(y[k] - rows[0].last) <= tol) q = k;
            if (q < 0) return -1;
            for (int k = p; k <= q; k++) out[k] = r;
            p = q + 1;
        }
        /* Lines running on from the last row's, to the page break. */
        while (p > 0 && p < n && out[p - 1] == nrows - 1 && y[p] - y[p - 1] <= 2.2f * tol / 0.4f) out[p] = nrows - 1, p++;
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

/* The label fragments of a section, labels->items[k], assigned to rows: frow[k]. Labels
 * stand in columns (the row's own label next to the figures, the primary column; a
 * group's label or a section's further left, spanning several rows); each column's lines
 * are placed by the one alignment (top, middle, bottom) that explains all of them. A
 * label wider than one column belongs to the primary column. When no alignment explains
 * the primary column, or two place it differently, every line goes to the nearest row and
 * every row is uncertain; a secondary column so placed marks only its own cells. The
 * fragments' col is set to their label column. */
static int frag_before(const textpage *tp, int a, int b)
{
    const frag *x = &tp->f[a], *y = &tp->f[b];
    return x->line != y->line ? x->line < y->line : x->x0 < y->x0;
}

/* Label fragment labels->items[k] cut in two before its glyph at: the first part takes
 * its place, the second goes to the end of the list. */
static void cut_fragment(textpage *tp, intlist *labels, int k, int at)
{
    int fi = labels->items[k];
    int a = tp->f[fi].a, b = tp->f[fi].b, line = tp->f[fi].line;
    add_frag(tp, a, at, line);
    labels->items[k] = tp->nf - 1;
    add_frag(tp, at, b, line);
    il_push(labels, tp->nf - 1);
}

/* The label fragments back in reading order (line, then x). */
static void reading_order(textpage *tp, intlist *labels)
{
    for (int i = 1; i < labels->n; i++)
        for (int j = i; j > 0 && frag_before(tp, labels->items[j], labels->items[j - 1]); j--) {
            int x = labels->items[j]; labels->items[j] = labels->items[j - 1]; labels->items[j - 1] = x;
        }
}

/* Where fragment f is cut between the columns that p (ending) and q (starting) show: at
 * the gap between two of its glyphs that lies in theirs, a visible one unless p and q
 * stand on one line. -1 if none. */
static int neighbours_cut(const textpage *tp, const frag *f, const frag *p, const frag *q)
{
    for (int m = f->a + 1; m < f->b; m++) {
        const nb_pg_glyph *before = tp->g[m - 1], *after = tp->g[m];
        if (after->x0 < p->x1 - 2 || before->x1 > q->x0 + 2) continue;
        if (p->line == q->line || after->x0 - before->x1 >= 0.05f * after->size) return m;
    }
    return -1;
}

/* Whether fragment p stands on a line near that of fragment near (two sizes), not on
 * f's, over part of f. */
static int near_over(const textpage *tp, const frag *f, const frag *near, const frag *p)
{
    return p->line != f->line && fabsf(tp->l[p->line].base - tp->l[near->line].base) <= 2.0f * f->size &&
           overlaps(p->x0, p->x1, f->x0, f->x1);
}

/* Labels of neighbouring columns printed close together read as one fragment ("（三" of a
 * group's label and "4.保护第三方" of the row's), where a line right above or below
 * shows the two columns apart: a fragment p ending where the fragment q starts, on p's
 * line ("）不" and "合法权益"), or on a line near p's or f's when f shows a gap there too
 * (interleaved lines: "年度办" over "（二）部分公开", under "三、本（一）予以公开").
 * Returns the number of fragments cut. */
static int split_at_neighbours(textpage *tp, intlist *labels)
{
    int n0 = labels->n, cuts = 0;
    for (int k = 0; k < n0; k++) {
        int cut = -1;
        for (int o1 = 0; o1 < n0 && cut < 0; o1++) {
            const frag *f = &tp->f[labels->items[k]], *p = &tp->f[labels->items[o1]];
            if (!near_over(tp, f, f, p)) continue;
            /* q: the next fragment of p's line, or one starting after p on another line. */
            int next = -1;
            for (int o2 = 0; o2 < n0; o2++) {
                const frag *q = &tp->f[labels->items[o2]];
                if (q->line == p->line && q->x0 > p->x1 && (next < 0 || q->x0 < tp->f[labels->items[next]].x0)) next = o2;
            }
            for (int o2 = 0; o2 < n0 && cut < 0; o2++) {
                const frag *q = &tp->f[labels->items[o2]];
                int beside = q->line == p->line ? o2 == next : q->x0 > p->x1 - 2;
                if (beside && (near_over(tp, f, p, q) || near_over(tp, f, f, q))) cut = neighbours_cut(tp, f, p, q);
            }
        }
        if (cut >= 0) cut_fragment(tp, labels, k, cut), cuts++;
    }
    reading_order(tp, labels);
    return cuts;
}

/* A group's label printed close to the row labels beside it reads as one fragment with
 * them ("予处" of （五）不予处理 and "4.无正当理由"): a fragment is cut where an item
 * number begins ("4." "4、" after a character, "（" after a gap), which no label holds
 * inside. */
static void split_at_items(textpage *tp, intlist *labels)
{
    for (int k = 0; k < labels->n; k++) {
        int fi = labels->items[k];
        for (int m = tp->f[fi].a + 1; m < tp->f[fi].b; m++) {
            const nb_pg_glyph *p = tp->g[m - 1], *g = tp->g[m];
            /* A visible gap between two characters: two cells' labels side by side
             * ("开" ending a group's label, "家秘密" a row's); pglabels joins the pieces
             * of one label again. */
            int gap = g->x0 - p->x1 >= 0.3f * g->size && is_wide(p->cp) && is_wide(g->cp);
            if (!gap && (is_digit_cp(p->cp) || is_alnum_ascii(p->cp))) continue;
            uint32_t next = m + 1 < tp->f[fi].b ? tp->g[m + 1]->cp : 0;
            /* "4." right after a character (labels touching), "（" only after a gap: a
             * label's own annotation opens with one ("部分公开（区分处理的"). */
            int item = (is_digit_cp(g->cp) && (next == '.' || next == 0x3001 || next == 0xFF0E)) ||
                       ((g->cp == 0xFF08 || g->cp == '(') && g->x0 - p->x1 >= 0.25f * g->size);
            if (!item && !gap) continue;
            cut_fragment(tp, labels, k, m);
            break;
        }
    }
    reading_order(tp, labels);
}

static void place_labels(textpage *tp, intlist *labels, const vrow *rows, int nrows, float tol, int *frow,
                         int *fprimary, unsigned *fmarks, int *uncertain_row)
{
    int n = labels->n;
    if (!n) return;
    /* Columns from the narrowest fragments up: one that overlaps two columns is wide. */
    int *order = nb_xmalloc(sizeof(int) * (size_t)n);
    for (int k = 0; k < n; k++) order[k] = k;
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0; j--) {
            const frag *a = &tp->f[labels->items[order[j]]], *b = &tp->f[labels->items[order[j - 1]]];
            if (a->x1 - a->x0 >= b->x1 - b->x0) break;
            int x = order[j]; order[j] = order[j - 1]; order[j - 1] = x;
        }
    colspan_t *lc = nb_xmalloc(sizeof *lc * (size_t)n);
    int nlc = 0;
    int *wide = nb_xcalloc((size_t)n, sizeof(int));
    for (int oi = 0; oi < n; oi++) {
        int k = order[oi];
        frag *f = &tp->f[labels->items[k]];
        int hit = -1, hits = 0;
        for (int c = 0; c < nlc; c++)
            if (overlaps(f->x0, f->x1, lc[c].lo, lc[c].hi)) hit = c, hits++;
        if (hits == 0) lc[hit = nlc++] = (colspan_t){f->x0, f->x1, 0};
        else if (hits == 1) lc[hit].lo = fminf(lc[hit].lo, f->x0), lc[hit].hi = fmaxf(lc[hit].hi, f->x1);
        else wide[k] = 1;
    }
    int primary = 0;
    for (int c = 1; c < nlc; c++)
        if (lc[c].hi > lc[primary].hi) primary = c;
    for (int k = 0; k < n; k++) {
        frag *f = &tp->f[labels->items[k]];
        int col = -1;
        if (wide[k] && overlaps(f->x0, f->x1, lc[primary].lo, lc[primary].hi)) col = primary;
        else /* the column it overlaps (the rightmost, for a wide one) */
            for (int c = 0; c < nlc; c++)
                if (overlaps(f->x0, f->x1, lc[c].lo, lc[c].hi) && (col < 0 || lc[c].hi > lc[col].hi)) col = c;
        f->col = col < 0 ? primary : col;
        fprimary[k] = f->col == primary;
        frow[k] = -1;
    }
    /* Each column's lines (its fragments on one baseline), placed. */
    int *lines = nb_xmalloc(sizeof(int) * (size_t)n), *of = nb_xmalloc(sizeof(int) * (size_t)n);
    float *y = nb_xmalloc(sizeof(float) * (size_t)n);
    int *assign = nb_xmalloc(sizeof(int) * (size_t)n * 3);
    for (int c = 0; c < nlc; c++) {
        int nl = 0;
        for (int k = 0; k < n; k++) {
            const frag *f = &tp->f[labels->items[k]];
            if (f->col != c) continue;
            if (!nl || lines[nl - 1] != f->line) lines[nl] = f->line, y[nl] = tp->l[f->line].base, nl++;
            of[k] = nl - 1;
        }
        if (!nl) continue;
        int chosen = -1, agree = 1;
        for (int a = 0; a < 3; a++) {
            if (place_lines(rows, nrows, y, nl, a, tol, c == primary, assign + (size_t)a * (size_t)n) != 0) continue;
            if (chosen < 0) chosen = a;
            else if (memcmp(assign + (size_t)a * (size_t)n, assign + (size_t)chosen * (size_t)n, sizeof(int) * (size_t)nl))
                agree = 0;
        }
        int certain = chosen >= 0 && agree;
        for (int k = 0; k < n; k++) {
            const frag *f = &tp->f[labels->items[k]];
            if (f->col != c) continue;
            if (certain) {
                frow[k] = assign[(size_t)chosen * (size_t)n + (size_t)of[k]];
                continue;
            }
            int best = -1;
            for (int r = 0; r < nrows; r++)
                if (best < 0 || fabsf(rows[r].center - y[of[k]]) < fabsf(rows[best].center - y[of[k]])) best = r;
            frow[k] = best;
            fmarks[k] |= NB_MARK_UNCERTAIN;
        }
        if (!certain && c == primary)
            for (int r = 0; r < nrows; r++) uncertain_row[r] = 1;
    }
    free(order), free(lc), free(wide), free(lines), free(of), free(y), free(assign);
}

/* The label fragments as pglabels takes them (malloc'ed). */
static nb_pgl_frag *pgl_frags(const textpage *tp, const intlist *labels)
{
    nb_pgl_frag *pf = nb_xmalloc(sizeof *pf * (size_t)(labels->n ? labels->n : 1));
    for (int k = 0; k < labels->n; k++) {
        const frag *f = &tp->f[labels->items[k]];
        pf[k] = (nb_pgl_frag){f->text, f->x0, f->x1, f->base, f->size, f->line};
    }
    return pf;
}

/* How many figures each row of the section has by the template, when the row labels
 * among its label fragments all say the same (pglabels.h); else 0. */
static int template_columns(textpage *tp, const intlist *labels)
{
    int n = labels->n, expected = -1;
    if (n == 0) return 0;
    nb_pgl_frag *pf = pgl_frags(tp, labels);
    int *cell_of = nb_xmalloc(sizeof(int) * (size_t)n);
    nb_pgl_cell *pc = nb_xmalloc(sizeof *pc * (size_t)n);
    int npc = nb_pglabels_group(pf, n, cell_of, pc);
    for (int c = 0; c < npc && expected != 0; c++) {
        if (pc[c].role != NB_PGL_ROW) continue;
        if (expected < 0) expected = pc[c].ncols;
        else if (pc[c].ncols != expected) expected = 0;
    }
    free(pf), free(cell_of), free(pc);
    return expected > 0 ? expected : 0;
}

/* Rows from the template's labels: the label fragments grouped into the labels they
 * spell (pglabels.h). Each row label's lines are its row's band: the figures' line (or
 * lines) inside a band are that row's, and a band with no figures is a row left blank
 * (added to rows). Certain only when the labels explain everything: every fragment below
 * the first row label spells a label, every figure row lies in exactly one band and no
 * band holds two. Two rows are uncertain: a label cut by the page break (the table's last
 * row) when no figures are beside it (they may be on the next page), and figures above
 * the first label beside the rest of a label cut on the page before. Returns 1 with frow,
 * fprimary and *uncertain_row (new, a flag per row) set (group labels go, not primary, to
 * the row nearest their first line; fragments above the first row label to the first
 * row) and the cells' rows renumbered; else 0 and nothing changed. */
static int rows_from_template(textpage *tp, const intlist *labels, vrow **rowsp, int *nrowsp, vcell *cells, int nc,
                              float tol, int *frow, int *fprimary, int **uncertain_row, int *lead_col, int *cut_row)
{
    int n = labels->n, nrows = *nrowsp;
    const vrow *rows = *rowsp;
    if (n == 0) return 0;
    nb_pgl_frag *pf = pgl_frags(tp, labels);
    int *cell_of = nb_xmalloc(sizeof(int) * (size_t)n);
    nb_pgl_cell *pc = nb_xmalloc(sizeof *pc * (size_t)(n + 2));
    int npc = nb_pglabels_group(pf, n, cell_of, pc);
    int ok = npc > 0;
    /* Which cells are row labels: "（六）其他处理" is one only when no row label stands to
     * its right on its lines (2019), else it is a group over them (2021). */
    int *is_row = nb_xcalloc((size_t)npc + 2, sizeof(int));
    float first_row = FLT_MAX;
    for (int c = 0; c < npc; c++) {
        is_row[c] = (pc[c].role & NB_PGL_ROW) != 0;
        if (is_row[c] && (pc[c].role & NB_PGL_OTHER))
            for (int d = 0; d < npc && is_row[c]; d++)
                if (d != c && pc[d].role == NB_PGL_ROW && pc[d].x0 > pc[c].x1 - 1 && pc[d].first <= pc[c].last + tol &&
                    pc[d].last >= pc[c].first - tol)
                    is_row[c] = 0;
        if (is_row[c]) first_row = fminf(first_row, pc[c].first);
    }
    ok &= first_row < FLT_MAX;
    /* What stands above the first row label: header text, or the rest of a label cut by
     * the page break, with that row's figures beside it: a row of its own, uncertain. */
    int lead = -1, park = -1;
    float rx0 = 0, rx1 = 0; /* the first row label's column */
    for (int c = 0; c < npc; c++)
        if (is_row[c] && pc[c].first == first_row) rx0 = pc[c].x0, rx1 = pc[c].x1;
    for (int k = 0; k < n && ok; k++) {
        if (cell_of[k] >= 0) continue;
        ok = pf[k].base < first_row - tol;
        if (!ok) break;
        /* In the row labels' column: the rest of a row label; elsewhere (a group's label
         * cut too, a header's text): text of the first row. */
        float slack = 0.3f * pf[k].size;
        if (pf[k].x1 <= rx0 - slack || pf[k].x0 >= rx1 + slack) {
            if (park < 0) park = npc + 1, pc[park] = (nb_pgl_cell){NB_PGL_OTHER, pf[k].base, pf[k].base, pf[k].x0, pf[k].x1, 0, 0, 0};
            cell_of[k] = park;
            continue;
        }
        if (lead < 0) {
            lead = npc;
            pc[lead] = (nb_pgl_cell){NB_PGL_ROW, pf[k].base, pf[k].base, pf[k].x0, pf[k].x1, 0, 0, 1};
        }
        cell_of[k] = lead, pc[lead].last = fmaxf(pc[lead].last, pf[k].base);
    }
    /* Figure rows into bands. */
    int *band = nb_xmalloc(sizeof(int) * (size_t)nrows);
    int *held = nb_xcalloc((size_t)npc + 2, sizeof(int));
    for (int r = 0; r < nrows && ok; r++) {
        band[r] = -1;
        if (lead >= 0 && rows[r].last < first_row - tol) {
            band[r] = lead; /* figures beside the rest of a cut label */
            ok = !held[lead]++;
            continue;
        }
        for (int c = 0; c < npc && ok; c++) {
            if (!is_row[c] || rows[r].last < pc[c].first - tol || rows[r].first > pc[c].last + tol) continue;
            ok = band[r] < 0;
            band[r] = c;
        }
        ok &= band[r] >= 0 && !held[band[r]]++;
    }
    if (ok) {
        /* The rows: figure rows and blank ones, top to bottom. */
        int total = nrows;
        for (int c = 0; c < npc; c++) total += is_row[c] && !held[c];
        vrow *all = nb_xmalloc(sizeof *all * (size_t)total);
        int *cell_row = nb_xmalloc(sizeof(int) * ((size_t)npc + 2)); /* row label -> its new row */
        int *renum = nb_xmalloc(sizeof(int) * (size_t)nrows);
        int *src = nb_xmalloc(sizeof(int) * (size_t)total); /* old row, or -1 - cell for a blank one */
        int m = 0;
        for (int r = 0; r < nrows; r++) all[m] = rows[r], src[m++] = r;
        for (int c = 0; c < npc; c++)
            if (is_row[c] && !held[c]) all[m] = (vrow){pc[c].first, pc[c].last, (pc[c].first + pc[c].last) / 2}, src[m++] = -1 - c;
        for (int i = 1; i < total; i++)
            for (int j = i; j > 0 && all[j].center < all[j - 1].center; j--) {
                vrow t = all[j]; all[j] = all[j - 1]; all[j - 1] = t;
                int s = src[j]; src[j] = src[j - 1]; src[j - 1] = s;
            }
        int *unsure = nb_xcalloc((size_t)total, sizeof(int));
        for (int i = 0; i < total; i++) {
            int c = src[i] >= 0 ? band[src[i]] : -1 - src[i];
            if (src[i] >= 0) renum[src[i]] = i;
            cell_row[c] = i;
            unsure[i] = c == lead || (pc[c].cut && src[i] < 0);
        }
        for (int i = 0; i < nc; i++) cells[i].row = renum[cells[i].row];
        *lead_col = lead >= 0 ? 1000 + lead : -1;
        *cut_row = -1;
        for (int c = 0; c < npc; c++)
            if (pc[c].cut && is_row[c]) *cut_row = cell_row[c];
        for (int k = 0; k < n; k++) {
            int c = cell_of[k];
            frag *f = &tp->f[labels->items[k]];
            f->col = 1000 + c; /* each label cell its own cell out */
            fprimary[k] = c != lead && is_row[c];
            if (c == park) frow[k] = 0;
            else if (c == lead) frow[k] = held[lead] ? cell_row[lead] : 0;
            else if (is_row[c]) frow[k] = cell_row[c];
            else {
                int best = 0;
                for (int r = 1; r < total; r++)
                    if (fabsf(all[r].center - pc[c].first) < fabsf(all[best].center - pc[c].first)) best = r;
                frow[k] = best;
            }
        }
        free(*rowsp);
        *rowsp = all;
        *nrowsp = total;
        *uncertain_row = unsure;
        free(cell_row), free(renum), free(src);
    }
    free(pf), free(cell_of), free(pc), free(is_row), free(band), free(held);
    return ok;
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


/* The columns of the last aligned table's last section with a header (or with the
 * template's count of figure columns), for a table continued on the next page, or in a
 * part of its own, without repeating it. */
enum { MAX_CARRY = 64, MAX_GRID_FIGURES = 600 /* table 三 has 175 */ };
typedef struct {
    colspan_t cols[MAX_CARRY];
    int n;
} carry_cols;

/* The narrowest gap between neighbours among g[a..b), 0 at least: a label's characters
 * abut unless it is letter-spaced. */
static float narrowest_gap(const nb_pg_glyph **g, int a, int b)
{
    float least = FLT_MAX;
    for (int i = a + 1; i < b; i++) least = fminf(least, g[i]->x0 - g[i - 1]->x1);
    return least == FLT_MAX ? 0 : fmaxf(least, 0);
}

/* Where a figure begins that is printed against the end of a label on a line of figures
 * (a Word table narrower than its text: "1.本机关不掌握相关政府信 20756", or touching it,
 * 0.8 pt after "请内容仍不"): after a character, a gap a twenty-fifth of a size wider than
 * the narrowest between the label's own characters (which abut), then only a figure to
 * the end. -1 if none. */
static int glued_figure(const textpage *tp, int k)
{
    const frag *f = &tp->f[k];
    int m = f->b;
    while (m > f->a && (is_digit_cp(tp->g[m - 1]->cp) || tp->g[m - 1]->cp == '.' || tp->g[m - 1]->cp == ',')) m--;
    if (m == f->b || m == f->a || !is_digit_cp(tp->g[m]->cp) || !is_wide(tp->g[m - 1]->cp)) return -1;
    if (tp->g[m]->x0 - tp->g[m - 1]->x1 < narrowest_gap(tp->g, f->a, m) + 0.04f * tp->g[m]->size) return -1;
    return m;
}

/* The table of template t that prints text (its core, label.h) over it or a part of it
 * (template.h markers), or -1. */
static int marker_table(const nb_template *t, const char *core)
{
    char m[128];
    for (int tb = 0; tb < NB_TABLE_COUNT; tb++)
        for (int k = 0; t->markers[tb][k]; k++) {
            nb_label_core(t->markers[tb][k], strlen(t->markers[tb][k]), m, sizeof m);
            if (!strcmp(core, m)) return tb;
        }
    return -1;
}

/* A label the templates print over a table or a part of it, whose text never heads a
 * single column. */
static int is_marker(const char *text)
{
    char core[128];
    nb_label_core(text, strlen(text), core, sizeof core);
    if (!core[0]) return 0;
    for (const nb_template *const *t = nb_templates; *t; t++)
        if (marker_table(*t, core) >= 0) return 1;
    return 0;
}

/* How many figures a section without row labels has by the template, when its header
 * names a table whose rows have no labels (table 四: one run of 15 figures) and the
 * templates agree; else 0. */
static int unlabelled_columns(const textpage *tp, const intlist *heads)
{
    int expected = -1;
    char core[128];
    for (int i = 0; i < heads->n && expected != 0; i++) {
        const char *text = tp->f[heads->items[i]].text;
        nb_label_core(text, strlen(text), core, sizeof core);
        for (const nb_template *const *t = nb_templates; *t && core[0] && expected != 0; t++) {
            int tb = marker_table(*t, core), n = 0;
            for (int r = 0; tb >= 0 && r < (*t)->nrows; r++)
                if ((int)(*t)->rows[r].table == tb && !(*t)->rows[r].label) n += nb_row_ncolumns(&(*t)->rows[r]);
            if (n > 0) expected = expected < 0 || expected == n ? n : 0;
        }
    }
    return expected > 0 ? expected : 0;
}

/* ---- A header squeezed past reading, spelled from the template ----
 *
 * Table 四's fifteen header cells, printed in columns too narrow for them, wrap a
 * character or two per line, and the lines of neighbouring cells run together
 * ("结果结果其他尚未" over "维持纠正结果审结"): no gap says where one cell ends. The
 * template knows the cells' labels in printed order, so the header's characters are dealt
 * out to them: each cell takes, line by line from the top, a run of characters that goes
 * on spelling its label, each run under the one before, each cell right of the one
 * before, every character taken. Only when exactly one such reading exists are its cells'
 * extents the columns; else the header stays unread (and its figures flagged). */

#define SPELL_MAX_LEAVES 32
#define SPELL_MAX_CHARS 16
#define SPELL_MAX_ROWS 24
#define SPELL_MAX_STEPS 200000

typedef struct {
    const nb_pg_glyph **g;  /* a printed line of the header, by x */
    int n;
} glyph_row;

typedef struct {
    const glyph_row *rows;
    int nrows;
    uint32_t (*label)[SPELL_MAX_CHARS];
    const int *len;
    int nleaves;
    int pos[SPELL_MAX_ROWS]; /* per line, the first character no cell has taken */
    colspan_t cur[SPELL_MAX_LEAVES], found[SPELL_MAX_LEAVES];
    int readings;
    long steps;
} speller;

static void spell_leaf(speller *s, int k, float prev_hi);

/* Cell k, its first c characters taken down to line r (lo..hi so far, last run
 * run0..run1), takes the rest from line r on. */
static void spell_runs(speller *s, int k, int r, int c, float lo, float hi, float run0, float run1, float prev_hi)
{
    if (s->readings > 1) return;
    if (++s->steps > SPELL_MAX_STEPS) {
        s->readings = 2; /* too many ways to try: not certain */
        return;
    }
    if (c == s->len[k]) {
        s->cur[k] = (colspan_t){lo, hi, k};
        spell_leaf(s, k + 1, hi);
        return;
    }
    if (r == s->nrows) return;
    spell_runs(s, k, r + 1, c, lo, hi, run0, run1, prev_hi);
    const glyph_row *row = &s->rows[r];
    int p = s->pos[r];
    if (p >= row->n || row->g[p]->x0 < prev_hi - 0.5f) return;
    for (int m = 1; p + m <= row->n && c + m <= s->len[k] && row->g[p + m - 1]->cp == s->label[k][c + m - 1]; m++) {
        float x0 = row->g[p]->x0, x1 = row->g[p + m - 1]->x1;
        if (c > 0 && !overlaps(x0, x1, run0, run1)) continue;
        s->pos[r] += m;
        spell_runs(s, k, r + 1, c + m, fminf(lo, x0), fmaxf(hi, x1), x0, x1, prev_hi);
        s->pos[r] -= m;
    }
}

/* Cells k on, right of prev_hi. */
static void spell_leaf(speller *s, int k, float prev_hi)
{
    /* A character left of the cells dealt so far would never be taken. */
    for (int r = 0; r < s->nrows; r++)
        if (s->pos[r] < s->rows[r].n && s->rows[r].g[s->pos[r]]->x0 < prev_hi - 0.5f) return;
    if (k == s->nleaves) {
        for (int r = 0; r < s->nrows; r++)
            if (s->pos[r] < s->rows[r].n) return;
        if (++s->readings == 1) memcpy(s->found, s->cur, sizeof s->found);
        return;
    }
    spell_runs(s, k, 0, 0, FLT_MAX, -FLT_MAX, 0, 0, prev_hi);
}

/* The labels of the cells of the unlabelled rows (table 四) of the table the header
 * fragments name, in printed order, as code points: their number, or 0 when no header
 * names one or the templates differ. */
static int leaf_labels(const textpage *tp, const intlist *heads, uint32_t (*label)[SPELL_MAX_CHARS], int *len)
{
    const char *first[SPELL_MAX_LEAVES];
    int n = -1;
    char core[128];
    for (int i = 0; i < heads->n && n != 0; i++) {
        const char *text = tp->f[heads->items[i]].text;
        nb_label_core(text, strlen(text), core, sizeof core);
        for (const nb_template *const *t = nb_templates; *t && core[0] && n != 0; t++) {
            int tb = marker_table(*t, core), k = 0, same = 1;
            if (tb < 0) continue;
            for (int r = 0; r < (*t)->nrows; r++) {
                const nb_row *row = &(*t)->rows[r];
                if ((int)row->table != tb || row->label) continue;
                for (int c = 0; row->columns[c]; c++, k++) {
                    if (k >= SPELL_MAX_LEAVES) return 0;
                    if (n < 0) first[k] = row->columns[c]->label;
                    else same &= k < n && !strcmp(first[k], row->columns[c]->label);
                }
            }
            if (k == 0) continue;
            n = n < 0 || (same && k == n) ? k : 0;
        }
    }
    for (int k = 0; k < n; k++) {
        const unsigned char *p = (const unsigned char *)first[k];
        size_t left = strlen(first[k]);
        for (len[k] = 0; left;) {
            if (len[k] == SPELL_MAX_CHARS) return 0;
            size_t step = nb_utf8_decode(p, left, &label[k][len[k]++]);
            p += step, left -= step;
        }
    }
    return n > 0 ? n : 0;
}

static int cmp_glyph_row_order(const void *a, const void *b)
{
    const nb_pg_glyph *x = *(const nb_pg_glyph *const *)a, *y = *(const nb_pg_glyph *const *)b;
    if (fabsf(x->base - y->base) > 0.1f * fmaxf(x->size, y->size)) return x->base < y->base ? -1 : 1;
    return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* The characters (not spaces) of the header over the figures, but for the templates'
 * markers (行政复议, 复议后起诉), in lines (one baseline each). Run-together cells
 * span columns: they are taken too. */
static int header_glyph_rows(const textpage *tp, const intlist *heads, const int *spanning, const nb_pg_glyph **g,
                             glyph_row *rows)
{
    int ng = 0, nrows = 0;
    for (int i = 0; i < heads->n; i++) {
        const frag *f = &tp->f[heads->items[i]];
        if (spanning[i] == 2 || is_marker(f->text)) continue;
        for (int k = f->a; k < f->b; k++)
            if (tp->g[k]->cp != ' ' && tp->g[k]->cp != 0x3000) g[ng++] = tp->g[k];
    }
    qsort(g, (size_t)ng, sizeof *g, cmp_glyph_row_order);
    for (int i = 0; i < ng; i++) {
        int same = nrows > 0 && fabsf(g[i]->base - rows[nrows - 1].g[0]->base) <= 0.1f * g[i]->size;
        if (!same && nrows == SPELL_MAX_ROWS) return -1;
        if (!same) rows[nrows++] = (glyph_row){&g[i], 0};
        rows[nrows - 1].n++;
    }
    return nrows;
}

/* The header cells of an unlabelled section (table 四) read by spelling the template's
 * labels: their extents into hl (room for SPELL_MAX_LEAVES), their number; 0 when the
 * header does not spell them in exactly one way. */
static int spelled_leaves(const textpage *tp, const intlist *heads, const int *spanning, colspan_t *hl)
{
    uint32_t label[SPELL_MAX_LEAVES][SPELL_MAX_CHARS];
    int len[SPELL_MAX_LEAVES];
    int n = leaf_labels(tp, heads, label, len);
    if (n == 0) return 0;
    int ng = 0;
    for (int i = 0; i < heads->n; i++) ng += tp->f[heads->items[i]].b - tp->f[heads->items[i]].a;
    const nb_pg_glyph **g = nb_xmalloc(sizeof *g * (size_t)(ng ? ng : 1));
    glyph_row rows[SPELL_MAX_ROWS];
    speller s = {0};
    s.nrows = header_glyph_rows(tp, heads, spanning, g, rows);
    s.rows = rows, s.label = label, s.len = len, s.nleaves = n;
    if (s.nrows > 0) spell_leaf(&s, 0, -FLT_MAX);
    free(g);
    if (s.readings != 1) return 0;
    memcpy(hl, s.found, sizeof *hl * (size_t)n);
    return n;
}

/* Header fragments heads->items[i] and [j] are lines of one header cell: one right under
 * the other, or further apart (a row cut by a page break, its header read together again)
 * with no header text between them over the same column. */
static int stacked(const textpage *tp, const intlist *heads, int i, int j)
{
    const frag *a = &tp->f[heads->items[i]], *b = &tp->f[heads->items[j]];
    if (a->line == b->line || !overlaps(a->x0, a->x1, b->x0, b->x1)) return 0;
    if (a->line > b->line) {
        const frag *t = a;
        a = b, b = t;
    }
    float gap = tp->l[b->line].base - tp->l[a->line].base, size = fmaxf(a->size, b->size);
    if (gap <= 2.0f * size) return 1;
    if (gap > ROW_REACH * size) return 0;
    for (int k = 0; k < heads->n; k++) {
        const frag *c = &tp->f[heads->items[k]];
        int between = c->line > a->line && c->line < b->line;
        if (between && (overlaps(c->x0, c->x1, a->x0, a->x1) || overlaps(c->x0, c->x1, b->x0, b->x1))) return 0;
    }
    return 1;
}

/* Whether the header lines near fragment f's (two sizes) have characters under or over
 * f, none of them in the gap x0..x1: they show two columns there. */
static int gap_between_columns(const textpage *tp, const frag *f, float x0, float x1)
{
    int seen = 0;
    for (int l = 0; l < tp->nl; l++) {
        if (l == f->line || tp->l[l].kind != LINE_HEAD || fabsf(tp->l[l].base - tp->l[f->line].base) > 2.0f * f->size)
            continue;
        for (int k = tp->f[tp->l[l].f0].a; k < tp->f[tp->l[l].f1 - 1].b; k++) {
            const nb_pg_glyph *g = tp->g[k];
            if (!overlaps(g->x0, g->x1, f->x0, f->x1)) continue;
            if (g->x0 < x1 - 0.5f && g->x1 > x0 + 0.5f) return 0;
            seen = 1;
        }
    }
    return seen;
}

/* Header fragment k into heads, cut where its characters stand a quarter of a size apart
 * and the header's lines around show two columns there: the text of header cells printed
 * close in narrow columns ("结果 其他结 尚未审 总计" over "纠正 果 结"). A header with a
 * space typed in it, or spread over its cell, stays whole. */
static void push_head(textpage *tp, intlist *heads, int k)
{
    int a = tp->f[k].a, b = tp->f[k].b, line = tp->f[k].line, role = tp->f[k].role, from = a;
    for (int i = a + 1; i <= b; i++) {
        if (i < b && (!stands_apart(tp->g, a, b, i, is_wide, 0.25f) ||
                      !gap_between_columns(tp, &tp->f[k], tp->g[i - 1]->x1, tp->g[i]->x0)))
            continue;
        if (from == a && i == b) {
            il_push(heads, k);
            return;
        }
        add_frag(tp, from, i, line);
        tp->f[tp->nf - 1].role = role;
        il_push(heads, tp->nf - 1);
        from = i;
    }
}

/* Whether the nearest header line above (dir -1) or below (dir 1) line l, within two
 * sizes, has text over l's (is_head: lines la..lb). */
static int head_beside(const textpage *tp, int la, int lb, const int *is_head, int l, int dir)
{
    const tline *ln = &tp->l[l];
    for (int h = l + dir; h >= la && h < lb && fabsf(ln->base - tp->l[h].base) <= 2.0f * ln->size; h += dir) {
        if (!is_head[h - la]) continue;
        for (int k = ln->f0; k < ln->f1; k++)
            for (int m = tp->l[h].f0; m < tp->l[h].f1; m++)
                if (overlaps(tp->f[k].x0, tp->f[k].x1, tp->f[m].x0, tp->f[m].x1)) return 1;
    }
    return 0;
}

/* Figures fig[0..n) into columns: union-find uf (n entries), the figures of different
 * lines whose x extents overlap in one column. */
static void figure_columns(const textpage *tp, const int *fig, int n, int *uf)
{
    for (int i = 0; i < n; i++) uf[i] = i;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            const frag *a = &tp->f[fig[i]], *b = &tp->f[fig[j]];
            if (a->line != b->line && overlaps(a->x0, a->x1, b->x0, b->x1)) uf_union(uf, i, j);
        }
}

static int all_digits(const textpage *tp, const frag *f)
{
    for (int i = f->a; i < f->b; i++)
        if (!is_digit_cp(tp->g[i]->cp)) return 0;
    return 1;
}

/* Whether two lines of text stand as the lines of one paragraph do: the same left edge,
 * centre or right edge. */
static int aligned_alike(const frag *p, const frag *q, float tol)
{
    return fabsf(p->x0 - q->x0) <= tol || fabsf(p->x1 - q->x1) <= tol ||
           fabsf((p->x0 + p->x1) - (q->x0 + q->x1)) <= 2 * tol;
}

/* Whether figure p over figure q could be one figure its column was too narrow for
 * ("1902" over "9"): one line apart in one column, digits only, aligned alike, and p
 * fills the column (no figure of the column is wider). */
static int could_wrap(const textpage *tp, const intlist *vals, const frag *p, const frag *q)
{
    float size = fmaxf(p->size, q->size);
    if (p->col < 0 || q->col != p->col || q->base <= p->base || q->base - p->base > size * 1.6f) return 0;
    if (!all_digits(tp, p) || !all_digits(tp, q) || !aligned_alike(p, q, size * 0.2f)) return 0;
    for (int i = 0; i < vals->n; i++) {
        const frag *f = &tp->f[vals->items[i]];
        if (f->col == p->col && f->x1 - f->x0 > p->x1 - p->x0 + size * 0.1f) return 0;
    }
    return 1;
}

enum { WRAP_CENTRED = 1, WRAP_FROM_TOP = 2 };

/* Figures p over q that could wrap are one figure when the row's one-line figures show
 * its two lines are one row's (returns how, or 0):
 *  - centred between them, as in a row two lines tall (a figure of a row of its own
 *    stands on a line, not between two);
 *  - or beside p, on its line, when q's line holds nothing but such second lines: a row
 *    cut by the page break is printed from its top, and a row of its own would have its
 *    label, or a figure not under a wrapped one. */
static int wrapped_figure(const textpage *tp, const intlist *vals, const frag *p, const frag *q)
{
    if (!could_wrap(tp, vals, p, q)) return 0;
    float size = fmaxf(p->size, q->size), mid = (p->base + q->base) / 2;
    int centred = 0, beside = 0;
    for (int i = 0; i < vals->n; i++) {
        const frag *f = &tp->f[vals->items[i]];
        centred |= f->col != p->col && fabsf(f->base - mid) <= size * 0.25f;
        beside |= f->col != p->col && f->line == p->line;
    }
    if (centred) return WRAP_CENTRED;
    if (!beside) return 0;
    const tline *ql = &tp->l[q->line];
    for (int k = ql->f0; k < ql->f1; k++) {
        if (&tp->f[k] == q) continue;
        int second = 0;
        for (int i = 0; i < vals->n && !second; i++) {
            const frag *f = &tp->f[vals->items[i]];
            second = f->line == p->line && could_wrap(tp, vals, f, &tp->f[k]);
        }
        if (!second) return 0;
    }
    return WRAP_FROM_TOP;
}

/* The text of value cell c: a wrapped figure's lines run together. */
static void vcell_text(textpage *tp, const vcell *c, nb_buf *out)
{
    if (!c->wrapped) {
        frags_text(tp, c->f, c->nf, out);
        return;
    }
    for (int k = 0; k < c->nf; k++) nb_buf_adds(out, tp->f[c->f[k]].text);
}

/* One section of an aligned table: header lines, then lines with figures (and label
 * lines among them), lines la..lb of the page. Appends its rows to t. */
static void read_section(textpage *tp, int la, int lb, float B, int has_labels, table *t, carry_cols *carry)
{
    intlist vals = {0}, heads = {0}, labels = {0};
    int first_data = -1;
    for (int l = la; l < lb; l++)
        if (tp->l[l].kind == LINE_DATA && first_data < 0) first_data = l;
    /* Before the figures, a label line is the header's when a header line follows it, or
     * when it continues, right under it, a header cell over the figures ("量" under
     * "上一年项目数"). */
    int *is_head = nb_xcalloc((size_t)(lb - la + 1), sizeof(int));
    for (int l = la; l < lb; l++) {
        const tline *ln = &tp->l[l];
        int head = ln->kind == LINE_HEAD;
        if (!head && first_data >= 0 && l < first_data && ln->kind == LINE_LABEL) {
            head = tp->l[l + 1].kind == LINE_HEAD;
            for (int h = l - 1; h >= la && !head && ln->base - tp->l[h].base <= 2.0f * ln->size; h--)
                for (int k = ln->f0; k < ln->f1 && !head && is_head[h - la]; k++)
                    for (int m = tp->l[h].f0; m < tp->l[h].f1 && !head; m++)
                        head = tp->f[m].role != ROLE_LABEL && overlaps(tp->f[k].x0, tp->f[k].x1, tp->f[m].x0, tp->f[m].x1);
        }
        is_head[l - la] = head;
    }
    /* A label line between two header lines over it and under it, in its column: a line
     * of the header's corner cell (wrapped, interleaved with the header's other lines). */
    for (int l = la + 1; first_data >= 0 && l < first_data - 1; l++)
        if (!is_head[l - la] && tp->l[l].kind == LINE_LABEL)
            is_head[l - la] = head_beside(tp, la, lb, is_head, l, -1) && head_beside(tp, la, lb, is_head, l, 1);
    for (int l = la; l < lb; l++) {
        const tline *ln = &tp->l[l];
        int head = is_head[l - la];
        for (int k = ln->f0; k < ln->f1; k++) {
            frag *f = &tp->f[k];
            int figure = ln->kind == LINE_DATA && f->role == ROLE_LABEL ? glued_figure(tp, k) : -1;
            if (head) push_head(tp, &heads, k);
            else if (f->role == ROLE_VALUE) il_push(&vals, k);
            else if (figure < 0) il_push(&labels, k);
            else {
                /* A figure printed against the end of its row's label: two fragments. */
                int a = f->a, b = f->b, line = f->line;
                add_frag(tp, a, figure, line);
                il_push(&labels, tp->nf - 1);
                add_frag(tp, figure, b, line);
                tp->f[tp->nf - 1].role = ROLE_VALUE;
                il_push(&vals, tp->nf - 1);
            }
        }
    }
    free(is_head);
    /* Columns: the figures' x extents that overlap are one column. */
    int nv = vals.n;
    int *uf = nb_xmalloc(sizeof(int) * (size_t)(nv ? nv : 1));
    figure_columns(tp, vals.items, nv, uf);
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
    int nclusters = ncols, all_uncertain = 0;
    /* As many figure columns as the template gives its rows: those are the columns,
     * whatever the header (cut by a page break, stacked past recognition) shows. */
    int expected = has_labels ? template_columns(tp, &labels) : unlabelled_columns(tp, &heads);
    int *cluster_id = nb_xmalloc(sizeof(int) * (size_t)(ncols ? ncols : 1));
    for (int c = 0; c < ncols; c++) cluster_id[c] = cols[c].id;
    /* The header says which columns there are, even one no figure of the section fills
     * (left blank all the way), which the figures alone cannot show:
     *  - as many header cells over the figures (leaves) as figure columns: those columns,
     *    one for one;
     *  - else, when every figure column falls under one leaf (overlapping it, or clearly
     *    nearest to it), the leaves are the columns; a figure placed by nearness only is
     *    uncertain;
     *  - else the figure columns, every figure uncertain: a blank column may be missing. */
    intlist headkind = {0}; /* per header fragment: 0 a leaf, 1 spanning columns, 2 over the labels */
    int *cluster_col = nb_xmalloc(sizeof(int) * (size_t)(ncols ? ncols : 1));
    unsigned *cluster_marks = nb_xcalloc((size_t)(ncols ? ncols : 1), sizeof(unsigned));
    for (int c = 0; c < ncols; c++) cluster_col[c] = c;
    {
        int nh = heads.n;
        int *huf = nb_xmalloc(sizeof(int) * (size_t)(nh ? nh : 1));
        int *spanning = nb_xcalloc((size_t)(nh ? nh : 1), sizeof(int));
        /* Where the row labels end: what header text ends there heads the labels. */
        float label_end = -FLT_MAX;
        for (int k = 0; k < labels.n; k++)
            if (tp->l[tp->f[labels.items[k]].line].kind == LINE_DATA) label_end = fmaxf(label_end, tp->f[labels.items[k]].x1);
        if (label_end == -FLT_MAX) label_end = B;
        /* A section's first line, when it is one header fragment, is its title
         * ("第二十条第（五）项"). */
        int title_until = la < lb && tp->l[la].kind == LINE_HEAD && tp->l[la].f1 - tp->l[la].f0 == 1 ? la : -1;
        for (int i = 0; i < nh; i++) {
            huf[i] = i;
            const frag *f = &tp->f[heads.items[i]];
            int under = 0;
            for (int c = 0; c < ncols; c++) under += shares(f->x0, f->x1, cols[c].lo, cols[c].hi);
            /* Over two header fragments of a lower line (法人或其他组织 over 商业企业,
             * 科研机构...), it spans columns however narrow it is printed. */
            int below = 0;
            for (int j = 0; j < nh && below < 2; j++) {
                const frag *g = &tp->f[heads.items[j]];
                below += tp->l[g->line].base > tp->l[f->line].base + 0.5f * f->size && overlaps(f->x0, f->x1, g->x0, g->x1) &&
                         g->x1 > label_end + 0.5f * g->size;
            }
            if (below >= 2) under = 2;
            /* Spanning several columns, a title (a section's, a group's: the templates'
             * markers, 第二十条第（五）项, 行政诉讼), or the label column's header: no leaf. */
            spanning[i] = f->x1 <= label_end + 0.5f * f->size ? 2
                                                               : under >= 2 || f->line <= title_until || is_marker(f->text);
        }
        /* A leaf: the header text over one column (a header wrapped, or printed a
         * character per line). */
        for (int i = 0; i < nh; i++)
            for (int j = i + 1; j < nh; j++)
                if (!spanning[i] && !spanning[j] && stacked(tp, &heads, i, j)) uf_union(huf, i, j);
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
        /* No header: the columns the same table had on the page before, if any. */
        if (nhl == 0 && carry && carry->n) {
            hl = nb_xrealloc(hl, sizeof *hl * (size_t)carry->n);
            memcpy(hl, carry->cols, sizeof *hl * (size_t)carry->n);
            nhl = carry->n;
        }
        /* Fewer header cells than the template's (some run together): spelled out. */
        if (!has_labels && expected > 0 && expected <= SPELL_MAX_LEAVES && nhl != expected) {
            colspan_t spelled[SPELL_MAX_LEAVES];
            int n = spelled_leaves(tp, &heads, spanning, spelled);
            if (n == expected) {
                hl = nb_xrealloc(hl, sizeof *hl * (size_t)n);
                memcpy(hl, spelled, sizeof *hl * (size_t)n);
                nhl = n;
            }
        }
        int disjoint = 1;
        for (int k = 0; k + 1 < nhl; k++) disjoint &= !overlaps(hl[k].lo, hl[k].hi, hl[k + 1].lo, hl[k + 1].hi);
        int *leaf = nb_xmalloc(sizeof(int) * (size_t)(ncols ? ncols : 1));
        int mapped = disjoint && nhl > 0;
        for (int c = 0; mapped && c < ncols; c++) {
            int hit = -1, n = 0;
            for (int k = 0; k < nhl; k++)
                if (shares(cols[c].lo, cols[c].hi, hl[k].lo, hl[k].hi)) hit = k, n++;
            if (n == 0) {
                /* Nearest by centre, at most half as far as the next. */
                float cc = (cols[c].lo + cols[c].hi) / 2, best = FLT_MAX, second = FLT_MAX;
                for (int k = 0; k < nhl; k++) {
                    float dist = fabsf((hl[k].lo + hl[k].hi) / 2 - cc);
                    if (dist < best) second = best, best = dist, hit = k;
                    else if (dist < second) second = dist;
                }
                if (nhl < 2 || best * 2 > second) hit = -1;
                else cluster_marks[c] |= NB_MARK_UNCERTAIN;
                n = hit >= 0;
            }
            mapped = n == 1 && (c == 0 || hit >= leaf[c - 1]);
            leaf[c] = hit;
            /* Two columns under one leaf must never both hold a figure on one line. */
            for (int d = 0; mapped && d < c; d++)
                if (leaf[d] == hit)
                    for (int i = 0; i < nv && mapped; i++)
                        for (int j = 0; j < nv && mapped; j++) {
                            const frag *a = &tp->f[vals.items[i]], *b = &tp->f[vals.items[j]];
                            mapped = !(a->line == b->line && uf_find(uf, i) == cols[c].id && uf_find(uf, j) == cols[d].id);
                        }
        }
        /* The template's count, unless the header puts two of those columns under one
         * of its cells. */
        int by_count = expected > 0 && ncols == expected;
        for (int c = 1; by_count && mapped && c < ncols; c++) by_count = leaf[c] != leaf[c - 1];
        /* As many leaves as columns, each column under its own leaf or nearest to it: a
         * column standing by another leaf (R1's header cells offset from its figures,
         * the first column left blank) is not taken for it. */
        int one_for_one = disjoint && nhl == ncols;
        for (int c = 0; one_for_one && c < ncols; c++) {
            float cc = (cols[c].lo + cols[c].hi) / 2, own = fabsf((hl[c].lo + hl[c].hi) / 2 - cc);
            for (int k = 0; k < nhl && one_for_one; k++)
                one_for_one = k == c || shares(cols[c].lo, cols[c].hi, hl[c].lo, hl[c].hi) ||
                              fabsf((hl[k].lo + hl[k].hi) / 2 - cc) >= own;
        }
        if (one_for_one || by_count) {
            /* One for one: the figures' columns, certain. */
            for (int c = 0; c < ncols; c++) cluster_marks[c] = 0;
        } else if (mapped) {
            colspan_t *merged = nb_xmalloc(sizeof *merged * (size_t)nhl);
            for (int k = 0; k < nhl; k++) merged[k] = hl[k];
            for (int c = 0; c < ncols; c++) {
                colspan_t *m = &merged[leaf[c]];
                m->lo = fminf(m->lo, cols[c].lo), m->hi = fmaxf(m->hi, cols[c].hi);
                cluster_col[c] = leaf[c];
            }
            free(cols);
            cols = merged;
            ncols = nhl;
        } else {
            for (int c = 0; c < ncols; c++) cluster_marks[c] |= NB_MARK_UNCERTAIN;
            all_uncertain = 1;
        }
        for (int i = 0; i < nh; i++) il_push(&headkind, spanning[i]);
        /* Columns a header settled are what a continuation inherits; so are the template's
         * count of figure columns without one, which a table Word split in two (other
         * column widths, no header of its own) shows in its fullest rows: its rows after,
         * headerless and with blanks, are placed under those, not the first part's. */
        if (carry && !all_uncertain && (nh > 0 || by_count)) {
            carry->n = ncols < MAX_CARRY ? ncols : 0;
            if (carry->n) memcpy(carry->cols, cols, sizeof *cols * (size_t)ncols);
        }
        free(leaf), free(hl), free(huf), free(spanning);
    }
    /* Each figure to its cluster's column. */
    for (int i = 0; i < nv; i++) {
        frag *f = &tp->f[vals.items[i]];
        int root = uf_find(uf, i), c = 0;
        while (c < nclusters && cluster_id[c] != root) c++;
        f->col = c < nclusters ? cluster_col[c] : -1;
        if (c < nclusters) f->marks |= cluster_marks[c];
    }
    /* Value cells: a figure wrapped in its cell (wrapped_figure) is one; so is a figure
     * alone on its line whose neighbour in the column, one line away, is alone too, but
     * what its lines hold is not known ("2648-" / "18538"): they stay two words. */
    vcell *cells = nb_xmalloc(sizeof *cells * (size_t)(nv ? nv : 1));
    int nc = 0;
    for (int i = 0; i < nv; i++) {
        const frag *f = &tp->f[vals.items[i]];
        cells[nc++] = (vcell){f->col, f->base, f->base, {vals.items[i]}, 1, -1, f->marks, 0};
    }
    qsort(cells, (size_t)nc, sizeof *cells, cmp_vcell);
    {
        int o = 0;
        for (int i = 0; i < nc; i++) {
            const frag *f = &tp->f[cells[i].f[0]];
            const tline *ln = &tp->l[f->line];
            int alone = ln->f1 - ln->f0 == 1;
            int wrap = o > 0 && cells[o - 1].nf == 1 ? wrapped_figure(tp, &vals, &tp->f[cells[o - 1].f[0]], f) : 0;
            if (wrap) {
                vcell *p = &cells[o - 1];
                p->f[p->nf++] = cells[i].f[0];
                if (wrap == WRAP_CENTRED) p->last = f->base; /* else its row is its first line's */
                p->marks |= cells[i].marks;
                p->wrapped = 1;
                continue;
            }
            if (o > 0 && alone && cells[o - 1].col == cells[i].col && cells[o - 1].nf < 4 && !cells[o - 1].wrapped) {
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
    /* Labels: what stands under a figure column is its header, not a label ("量" of
     * "上一年项目数量" wrapped); the rest is placed per label column (place_labels). */
    {
        int o = 0;
        for (int k = 0; k < labels.n; k++) {
            const frag *f = &tp->f[labels.items[k]];
            int under = 0;
            for (int c = 0; c < ncols && tp->l[f->line].kind != LINE_DATA; c++)
                under |= overlaps(f->x0, f->x1, cols[c].lo, cols[c].hi);
            if (under) il_push(&heads, labels.items[k]), il_push(&headkind, 0);
            else labels.items[o++] = labels.items[k];
        }
        labels.n = o;
    }
    split_at_items(tp, &labels);
    /* A fragment cut shows where its neighbours are cut: again, a few times at most. */
    for (int pass = 0; pass < 4 && split_at_neighbours(tp, &labels); pass++) {}
    int *frow = nb_xmalloc(sizeof(int) * (size_t)(labels.n ? labels.n : 1));
    int *fprimary = nb_xmalloc(sizeof(int) * (size_t)(labels.n ? labels.n : 1));
    unsigned *fmarks = nb_xcalloc((size_t)(labels.n ? labels.n : 1), sizeof(unsigned));
    int *uncertain_row = NULL, lead_col = -1, cut_row = -1;
    if (!rows_from_template(tp, &labels, &sorted, &nrows, cells, nc, tol, frow, fprimary, &uncertain_row, &lead_col,
                            &cut_row)) {
        uncertain_row = nb_xcalloc((size_t)(nrows ? nrows : 1), sizeof(int));
        place_labels(tp, &labels, sorted, nrows, tol, frow, fprimary, fmarks, uncertain_row);
    }
    /* The rows out: the header first (cells spanning several columns, then the rest
     * under each column), then label and one cell per column. */
    nb_buf *sc = &tp->scratch;
    if (heads.n) {
        trow *span_row = NULL;
        for (int i = 0; i < heads.n; i++) {
            if (headkind.items[i] != 1) continue;
            const frag *f = &tp->f[heads.items[i]];
            if (!span_row) span_row = table_new_row(t);
            row_add(span_row, f->text, strlen(f->text), 0, 1, 1, f->x0, f->x1);
        }
        trow *hr = table_new_row(t);
        int *idx = nb_xmalloc(sizeof(int) * (size_t)heads.n);
        if (has_labels) {
            int n = 0;
            for (int i = 0; i < heads.n; i++) {
                if (headkind.items[i] == 2) idx[n++] = heads.items[i];
            }
            nb_buf_clear(sc);
            frags_text(tp, idx, n, sc);
            if (sc->len) row_add(hr, sc->data, sc->len, 0, 1, 1, 0, B);
        }
        for (int c = 0; c < ncols; c++) {
            int n = 0;
            for (int i = 0; i < heads.n; i++) {
                const frag *f = &tp->f[heads.items[i]];
                if (!headkind.items[i] && overlaps(f->x0, f->x1, cols[c].lo, cols[c].hi) &&
                    (f->x0 + f->x1) / 2 >= cols[c].lo - f->size && (f->x0 + f->x1) / 2 <= cols[c].hi + f->size)
                    idx[n++] = heads.items[i];
            }
            nb_buf_clear(sc);
            frags_text(tp, idx, n, sc);
            /* A column whose header text was not found under it: no cell, for a blank
             * one would read as a figure left blank (table 四 is read as a run). */
            if (sc->len) row_add(hr, sc->data, sc->len, c + has_labels, 1, 1, cols[c].lo, cols[c].hi);
        }
        free(idx);
    }
    int *idx = nb_xmalloc(sizeof(int) * (size_t)(labels.n + 4));
    for (int r = 0; r < nrows; r++) {
        trow *row = table_new_row(t);
        if (has_labels) {
            /* Text of the other label columns (a group's label) first, a cell each, from
             * the left; then the row's label. */
            int done_cols[16], ndone = 0;
            for (;;) {
                int col = -1;
                float x = FLT_MAX;
                for (int k = 0; k < labels.n; k++) {
                    const frag *f = &tp->f[labels.items[k]];
                    int seen = 0;
                    for (int d = 0; d < ndone; d++) seen |= done_cols[d] == f->col;
                    if (frow[k] == r && !fprimary[k] && !seen && f->x0 < x) col = f->col, x = f->x0;
                }
                if (col < 0 || ndone == 16) break;
                done_cols[ndone++] = col;
                int n = 0;
                unsigned marks = 0;
                for (int k = 0; k < labels.n; k++)
                    if (frow[k] == r && !fprimary[k] && tp->f[labels.items[k]].col == col)
                        idx[n++] = labels.items[k], marks |= fmarks[k];
                nb_buf_clear(sc);
                frags_text(tp, idx, n, sc);
                tcell *gc = row_add(row, sc->data ? sc->data : "", sc->len, 0, 1, 1, 0, B);
                gc->marks |= marks;
                gc->cont = col == lead_col;
            }
            int n = 0;
            for (int k = 0; k < labels.n; k++)
                if (frow[k] == r && fprimary[k]) idx[n++] = labels.items[k];
            nb_buf_clear(sc);
            frags_text(tp, idx, n, sc);
            tcell *lc = row_add(row, sc->data ? sc->data : "", sc->len, 0, 1, 1, 0, B);
            if (uncertain_row[r]) lc->marks |= NB_MARK_UNCERTAIN;
            lc->cut = r == cut_row;
        }
        for (int c = 0; c < ncols; c++) {
            int hit = -1, n = 0;
            for (int i = 0; i < nc; i++)
                if (cells[i].row == r && cells[i].col == c) hit = hit < 0 ? i : hit, n++;
            nb_buf_clear(sc);
            unsigned marks = uncertain_row[r] || all_uncertain ? NB_MARK_UNCERTAIN : 0;
            if (hit >= 0) {
                vcell_text(tp, &cells[hit], sc);
                marks |= cells[hit].marks;
                if (n > 1) marks |= NB_MARK_UNCERTAIN; /* two figures in one cell */
            }
            tcell *vc = row_add(row, sc->data ? sc->data : "", sc->len, c + has_labels, 1, 1, cols[c].lo, cols[c].hi);
            vc->marks |= marks;
            vc->unsure_col = all_uncertain && !uncertain_row[r] && n <= 1;
        }
        /* A figure under no column still goes out, after the others, marked. */
        for (int i = 0; i < nc; i++)
            if (cells[i].row == r && cells[i].col < 0) {
                nb_buf_clear(sc);
                vcell_text(tp, &cells[i], sc);
                tcell *vc = row_add(row, sc->data ? sc->data : "", sc->len, ncols + has_labels, 1, 1, 0, 0);
                vc->marks |= NB_MARK_UNCERTAIN;
            }
        for (int i = 0; i < row->n; i++) t->uncertain += (row->cells[i].marks & NB_MARK_UNCERTAIN) != 0;
    }
    free(idx);
    free(vals.items), free(heads.items), free(labels.items), free(headkind.items);
    free(uf), free(cols), free(col_of_root), free(cells), free(ruf), free(rows), free(row_of_root);
    free(cluster_id), free(cluster_col), free(cluster_marks);
    free(order), free(rank), free(sorted), free(frow), free(fprimary), free(fmarks), free(uncertain_row);
}

/* Roles of the fragments of lines la..lb for a label boundary B (figures start there),
 * and the lines' kinds. Returns whether any fragment stands left of B. */
static int classify(textpage *tp, int la, int lb, float B)
{
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
    return has_labels;
}

static int is_label(const char *text);

/* Line l is the title of a part of table 二 ("第二十条第（六）项": one fragment, a marker)
 * and lines la..l hold a row label of the part before, whose figures are all blank. */
static int titles_next_part(textpage *tp, int la, int l)
{
    const tline *t = &tp->l[l];
    if (t->f1 - t->f0 != 1 || !is_marker(tp->f[t->f0].text)) return 0;
    for (int m = la; m < l; m++)
        if (tp->l[m].kind == LINE_LABEL && tp->l[m].f1 - tp->l[m].f0 == 1 && is_label(tp->f[tp->l[m].f0].text)) return 1;
    return 0;
}

/* Where the figures of lines la..lb (as classified) start: their label boundary; dflt
 * if they have none. */
static float figures_start(const textpage *tp, int la, int lb, float dflt)
{
    float x = FLT_MAX;
    for (int m = la; m < lb; m++)
        if (tp->l[m].kind == LINE_DATA)
            for (int k = tp->l[m].f0; k < tp->l[m].f1; k++)
                if (tp->f[k].role == ROLE_VALUE && (tp->f[k].kind == NB_CELL_NUMBER || tp->f[k].kind == NB_CELL_PLACEHOLDER))
                    x = fminf(x, tp->f[k].x0);
    return x == FLT_MAX ? dflt : x;
}

/* Whether a label stands in lines la..lb (as classified) from their first figures on;
 * yes when they have none (a part of table 二 left blank is only labels). */
static int labels_beside_figures(const textpage *tp, int la, int lb)
{
    int data = 0;
    for (int l = la; l < lb; l++) {
        data |= tp->l[l].kind == LINE_DATA;
        for (int k = tp->l[l].f0; data && k < tp->l[l].f1; k++)
            if (tp->f[k].role == ROLE_LABEL) return 1;
    }
    return !data;
}

/* A header line after a line of figures in la..lb (as classified): two sections. */
static int header_after_figures(const textpage *tp, int la, int lb)
{
    int seen_data = 0;
    for (int l = la; l < lb; l++) {
        if (tp->l[l].kind == LINE_HEAD && seen_data) return 1;
        seen_data |= tp->l[l].kind == LINE_DATA;
    }
    return 0;
}

/* Whether the figures of lines la..lb (as classified) stand in more than one grid of
 * columns: clustered as read_section does (figure_columns), a cluster
 * holds two figures of one line, or there are more clusters than the template's count
 * (expected, 0 if unknown). A table Word split in two, the parts of other widths. */
static int two_grids(const textpage *tp, int la, int lb, int expected)
{
    int n = 0;
    for (int l = la; l < lb; l++)
        if (tp->l[l].kind == LINE_DATA)
            for (int k = tp->l[l].f0; k < tp->l[l].f1; k++) n += tp->f[k].role == ROLE_VALUE;
    if (n < 2 || n > MAX_GRID_FIGURES) return 0;
    int *fig = nb_xmalloc(sizeof(int) * (size_t)n), *uf = nb_xmalloc(sizeof(int) * (size_t)n);
    n = 0;
    for (int l = la; l < lb; l++)
        if (tp->l[l].kind == LINE_DATA)
            for (int k = tp->l[l].f0; k < tp->l[l].f1; k++)
                if (tp->f[k].role == ROLE_VALUE) fig[n++] = k;
    figure_columns(tp, fig, n, uf);
    int clusters = 0, clash = 0;
    for (int i = 0; i < n; i++) {
        clusters += uf_find(uf, i) == i;
        for (int j = i + 1; j < n && !clash; j++)
            clash = tp->f[fig[i]].line == tp->f[fig[j]].line && uf_find(uf, i) == uf_find(uf, j);
    }
    free(fig), free(uf);
    return clash || (expected > 0 && clusters > expected);
}

/* The template's count of figure columns for the rows labelled in lines la..lb (as
 * classified), 0 if unknown. */
static int section_columns(textpage *tp, int la, int lb)
{
    intlist labels = {0};
    for (int l = la; l < lb; l++)
        for (int k = tp->l[l].f0; k < tp->l[l].f1; k++)
            if (tp->f[k].role == ROLE_LABEL) il_push(&labels, k);
    int n = template_columns(tp, &labels);
    free(labels.items);
    return n;
}

/* Lines la..lb (classified) in two grids: where the second starts, after the longest run
 * of lines with figures from la in one grid; the label lines between its last line and
 * the next go with the nearer one. -1 if they are in one. */
static int second_grid(textpage *tp, int la, int lb)
{
    int expected = section_columns(tp, la, lb);
    if (!two_grids(tp, la, lb, expected)) return -1;
    int prev = -1;
    for (int l = la; l < lb; l++) {
        if (tp->l[l].kind != LINE_DATA) continue;
        if (prev >= 0 && two_grids(tp, la, l + 1, expected)) {
            int at = prev + 1;
            while (at < l && tp->l[at].base - tp->l[prev].base <= tp->l[l].base - tp->l[at].base) at++;
            return at;
        }
        prev = l;
    }
    return -1;
}

/* An aligned table in lines la..lb (a block of lines with several fragments, and the
 * narrow lines around them). Lines before its first line with figures may be its header
 * or labels; after its last, only label lines are its. *used_a..*used_b is what it takes.
 * NULL when the lines make no table: fewer than two figures, or one line. */
static table *read_aligned(textpage *tp, int la, int lb, int *used_a, int *used_b, carry_cols *carry)
{
    float B = FLT_MAX, left = FLT_MAX;
    int figures = 0, tabular = 0;
    for (int l = la; l < lb; l++) {
        tabular += tp->l[l].f1 - tp->l[l].f0 >= 2;
        for (int k = tp->l[l].f0; k < tp->l[l].f1; k++)
            if (is_figure_or_mark(tp, &tp->f[k])) B = fminf(B, tp->f[k].x0), figures += tp->f[k].kind == NB_CELL_NUMBER;
    }
    /* A table going on from the page before may start here with a single row. */
    int continuing = carry && carry->n > 0;
    if (figures < (continuing ? 1 : 2) || tabular < (continuing ? 1 : 2)) return NULL;
    classify(tp, la, lb, B);
    int first = -1, last = -1;
    for (int l = la; l < lb; l++)
        if (tp->l[l].kind == LINE_DATA) {
            if (first < 0) first = l;
            last = l;
        }
    if (first < 0) return NULL;
    /* Leading lines are the table's when nothing but its header and label lines comes
     * before its figures; trailing ones, label lines only. */
    int b = last + 1;
    while (b < lb && tp->l[b].kind == LINE_LABEL) b++;
    *used_a = la, *used_b = b;
    for (int l = la; l < b; l++) left = fminf(left, tp->l[l].x0);
    table *t = nb_xcalloc(1, sizeof *t);
    t->x0 = left;
    t->x1 = -FLT_MAX;
    for (int l = la; l < b; l++) t->x1 = fmaxf(t->x1, tp->l[l].x1);
    /* Sections: a header after figures starts another (table 二's parts); each has its
     * own label boundary, where its own figures start. */
    int *bounds = nb_xmalloc(sizeof(int) * (size_t)(b - la + 2)), nsec = 0, seen_data = 0;
    bounds[0] = la;
    for (int l = la; l < b; l++) {
        if (tp->l[l].kind == LINE_HEAD && (seen_data || titles_next_part(tp, bounds[nsec], l))) {
            bounds[++nsec] = l;
            seen_data = 0;
        }
        if (tp->l[l].kind == LINE_DATA) seen_data = 1;
    }
    bounds[++nsec] = b;
    float *starts = nb_xmalloc(sizeof(float) * (size_t)(b - la + 1));
    for (int s = 0; s < nsec; s++) starts[s] = figures_start(tp, bounds[s], bounds[s + 1], B);
    /* A section whose figures stand in two grids of columns is two parts of a table Word
     * split, read each with its own columns. */
    for (int s = 0; s < nsec; s++) {
        classify(tp, bounds[s], bounds[s + 1], starts[s]);
        int at = second_grid(tp, bounds[s], bounds[s + 1]);
        if (at <= bounds[s]) continue;
        memmove(&bounds[s + 2], &bounds[s + 1], sizeof *bounds * (size_t)(nsec - s));
        memmove(&starts[s + 2], &starts[s + 1], sizeof *starts * (size_t)(nsec - s - 1));
        bounds[s + 1] = at;
        nsec++;
        starts[s] = figures_start(tp, bounds[s], at, B);
        starts[s + 1] = figures_start(tp, at, bounds[s + 2], B);
    }
    /* A "header" that is none under the boundary of the rows around it is the first row
     * label of a part laid out with other column widths (Word splits a table in two, the
     * second part's labels reaching where the first part's figures stood): that part's
     * rows are read together, with the columns they show together, not row by row. */
    for (int s = 1; s < nsec;) {
        float Bm = fminf(starts[s - 1], starts[s]);
        classify(tp, bounds[s - 1], bounds[s + 1], Bm);
        if (!is_marker(tp->f[tp->l[bounds[s]].f0].text) && !header_after_figures(tp, bounds[s - 1], bounds[s + 1]) &&
            !two_grids(tp, bounds[s - 1], bounds[s + 1], section_columns(tp, bounds[s - 1], bounds[s + 1]))) {
            starts[s - 1] = Bm;
            memmove(&bounds[s], &bounds[s + 1], sizeof *bounds * (size_t)(nsec - s));
            memmove(&starts[s], &starts[s + 1], sizeof *starts * (size_t)(nsec - s - 1));
            nsec--;
        } else
            s++;
    }
    for (int s = 0; s < nsec; s++) {
        int has_labels = classify(tp, bounds[s], bounds[s + 1], starts[s]) && starts[s] > left + 1.0f;
        /* Text left of the figures only above them heads columns blank all the way down
         * (table 四 without its first figures); row labels stand beside the figures. */
        if (has_labels && !labels_beside_figures(tp, bounds[s], bounds[s + 1])) {
            starts[s] = left;
            has_labels = 0;
            classify(tp, bounds[s], bounds[s + 1], left);
        }
        read_section(tp, bounds[s], bounds[s + 1], starts[s], has_labels, t, carry);
    }
    free(bounds), free(starts);
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

/* Line l of tp is a page number in a margin of pg. */
static int line_is_page_number(const nb_pg_page *pg, textpage *tp, int l)
{
    const tline *ln = &tp->l[l];
    float margin = pg->height * 0.1f;
    if (pg->height <= 0 || (ln->base >= margin && ln->base <= pg->height - margin)) return 0;
    nb_buf_clear(&tp->scratch);
    for (int k = ln->f0; k < ln->f1; k++) nb_buf_adds(&tp->scratch, tp->f[k].text);
    return is_page_number(nb_buf_str(&tp->scratch));
}

typedef struct {
    lattice lat;
    float x0, y0, x1, y1;
    int ok;
} region;

/* Nothing but page numbers stands above line l of tp. */
static int first_on_page(const nb_pg_page *pg, textpage *tp, int l)
{
    for (int k = 0; k < l; k++)
        if (!line_is_page_number(pg, tp, k)) return 0;
    return 1;
}

/* Line m, of one fragment, is narrow beside a block of lines spanning bx0..bx1: where
 * labels stand, left of the figures. */
static int narrow_line(const tline *m, float bx0, float bx1)
{
    return m->x1 - m->x0 <= 0.45f * (bx1 - fminf(bx0, m->x0)) && m->x1 <= bx1 + m->size;
}

/* Above line l of tp stand only page numbers and narrow lines of one fragment (the rest
 * of a row label cut by the page break, over lines). */
static int label_rest_above(const nb_pg_page *pg, textpage *tp, int l, float bx0, float bx1)
{
    for (int k = 0; k < l; k++)
        if (!line_is_page_number(pg, tp, k) && (tp->l[k].f1 - tp->l[k].f0 != 1 || !narrow_line(&tp->l[k], bx0, bx1)))
            return 0;
    return 1;
}

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

static void read_page(const nb_pg_page *pg, int pageno, itemlist *out, carry_cols *carry, nb_buf *warnings)
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
    /* Blocks: a run of lines of several fragments, with the narrow lines of one fragment
     * among, before and after them (stacked labels, a header over one column). */
    int *used = nb_xcalloc((size_t)(tp.nl ? tp.nl : 1), sizeof(int));
    int done = 0; /* lines before this one are taken */
    for (int i = 0; i < tp.nl; i++) {
        if (tp.l[i].f1 - tp.l[i].f0 < 2 || i < done) continue;
        float bx0 = tp.l[i].x0, bx1 = tp.l[i].x1;
        int end = i + 1;
        for (; end < tp.nl; end++) {
            const tline *m = &tp.l[end];
            if (m->base - tp.l[end - 1].base > ROW_REACH * fmaxf(m->size, tp.l[end - 1].size)) break;
            if (m->f1 - m->f0 >= 2) {
                bx0 = fminf(bx0, m->x0), bx1 = fmaxf(bx1, m->x1);
                continue;
            }
            /* Left of the figures is where labels stand. */
            if (!narrow_line(m, bx0, bx1)) break;
        }
        int start = i;
        while (start > done) {
            const tline *m = &tp.l[start - 1];
            /* Above a table's rows, a heading may stand close; at the top of a page that
             * goes on with the table before, only the rest of a row label cut by the page
             * break can, as far away as rows are apart. */
            float reach = carry->n && label_rest_above(pg, &tp, start - 1, bx0, bx1) ? ROW_REACH : 2.0f;
            if (m->f1 - m->f0 != 1 || tp.l[start].base - m->base > reach * fmaxf(m->size, tp.l[start].size)) break;
            if (!narrow_line(m, bx0, bx1)) break;
            start--;
        }
        int a, b;
        /* What the page before settled holds for a table this page starts with. */
        int first_thing = first_on_page(pg, &tp, start);
        carry_cols none = {.n = 0};
        table *t = read_aligned(&tp, start, end, &a, &b, first_thing ? carry : &none);
        if (!first_thing) *carry = none;
        if (!t) continue;
        item *it = add_item(out, tp.l[a].base - tp.l[a].size, pageno);
        it->t = t;
        for (int l = a; l < b; l++) used[l] = 1;
        done = b;
        i = b - 1;
    }
    for (int i = 0; i < tp.nl; i++) {
        if (used[i]) continue;
        const tline *ln = &tp.l[i];
        nb_buf_clear(&scratch);
        for (int k = ln->f0; k < ln->f1; k++) {
            if (k > ln->f0) nb_buf_adds(&scratch, "  ");
            nb_buf_adds(&scratch, tp.f[k].text);
        }
        item *it = add_item(out, ln->base - ln->size, pageno);
        it->text = nb_xmalloc(scratch.len + 1);
        memcpy(it->text, scratch.data ? scratch.data : "", scratch.len);
        it->text[scratch.len] = '\0';
        it->furniture = line_is_page_number(pg, &tp, i);
    }
    free(used);
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

/* The value cells of row r (column > 0) as extents, at most max; returns the count. */
static int value_extents(const trow *r, float *x0, float *x1, int max)
{
    int n = 0;
    for (int i = 0; i < r->n && n < max; i++)
        if (r->cells[i].col > 0 && r->cells[i].x1 > r->cells[i].x0) x0[n] = r->cells[i].x0, x1[n] = r->cells[i].x1, n++;
    return n;
}

/* Two aligned tables, the end of one page and the start of the next, with the same
 * figure columns (their edges come from text, so the outer ones differ with the labels
 * each page holds): t's last row and u's first row with figures. */
static int same_columns(const table *t, const table *u)
{
    enum { MAXC = 32 };
    float a0[MAXC], a1[MAXC], b0[MAXC], b1[MAXC];
    int na = 0, nb = 0;
    for (int r = t->nrows - 1; r >= 0 && na < 2; r--) na = value_extents(&t->rows[r], a0, a1, MAXC);
    for (int r = 0; r < u->nrows && nb < 2; r++) nb = value_extents(&u->rows[r], b0, b1, MAXC);
    if (na < 2 || na != nb) return 0;
    for (int i = 0; i < na; i++)
        if (!shares(a0[i], a1[i], b0[i], b1[i])) return 0;
    return 1;
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

/* A row label of an aligned table cut by the page break (last, the row before) and its
 * rest on the next page (first): the rest joins the label; when the figures stood beside
 * the rest (the row before has none), they are the row's: they move up, and the row is
 * certain again, as is a row with its figures before the break. first keeps what is not
 * the label's. */
static void join_cut_label(trow *last, trow *first)
{
    tcell *label = NULL, *rest = NULL;
    for (int i = 0; i < last->n; i++)
        if (last->cells[i].cut) label = &last->cells[i];
    int at = -1;
    for (int i = 0; i < first->n && !rest; i++)
        if (first->cells[i].cont) rest = &first->cells[i], at = i;
    if (!label || !rest) return;
    append_text(label, rest->text);
    int own = (int)(label - last->cells); /* the label's index: value cells follow it */
    /* The rest is a row of its own (with the figures beside it) when no label of the
     * next row follows it in its row. */
    int own_row = 1;
    for (int i = at + 1; i < first->n; i++) own_row &= first->cells[i].col > 0 || !first->cells[i].text[0];
    int figures_before = 0, figures_after = 0, values_after = 0;
    for (int i = own + 1; i < last->n; i++) figures_before += last->cells[i].text[0] != 0;
    for (int i = 0; i < first->n && own_row; i++)
        if (first->cells[i].col > 0) values_after++, figures_after += first->cells[i].text[0] != 0;
    free(rest->text);
    memmove(rest, rest + 1, sizeof *rest * (size_t)(first->n - at - 1));
    first->n--;
    if (!figures_after && !(own_row && values_after)) {
        /* Nothing of the row on the next page: what it has before the break is all. */
        for (int i = own; i < last->n; i++) last->cells[i].marks &= ~NB_MARK_UNCERTAIN;
        return;
    }
    if (figures_before && figures_after && own_row) {
        /* Figures on both sides of the break: a figure may be cut in two ("2056" over the
         * page's end, "5" at the next page's top). Each piece joins its column's cell,
         * flagged: what the cell holds is not certain. */
        for (int i = 0; i < first->n; i++) {
            tcell *c = &first->cells[i];
            if (c->col <= 0 || !c->text[0]) continue;
            int placed = 0;
            for (int k = own + 1; k < last->n; k++)
                if (last->cells[k].col == c->col) {
                    append_text(&last->cells[k], c->text);
                    last->cells[k].marks |= NB_MARK_UNCERTAIN;
                    placed = 1;
                }
            for (int k = own + 1; k < last->n && !placed; k++) last->cells[k].marks |= NB_MARK_UNCERTAIN;
        }
        for (int i = 0; i < first->n; i++) free(first->cells[i].text);
        first->n = 0;
        return;
    }
    if (!figures_before && own_row && values_after == last->n - own - 1) {
        /* The figures move up into the row's value cells, in order. */
        int k = own + 1;
        for (int i = 0; i < first->n; i++) {
            tcell *c = &first->cells[i];
            if (c->col <= 0) continue;
            free(last->cells[k].text);
            last->cells[k].text = c->text;
            last->cells[k].marks = c->marks & ~NB_MARK_UNCERTAIN;
            c->text = NULL;
            k++;
        }
        label->marks &= ~NB_MARK_UNCERTAIN;
        for (int i = 0; i < first->n; i++) free(first->cells[i].text);
        first->n = 0;
    }
}

/* u continues t on the next page: its repeated header goes, what is left of cells
 * spanning rows from the page before joins them, a row cut in two by the page break is
 * joined, the rest is appended. u is emptied. */
static void join_tables(table *t, table *u)
{
    int start = 0;
    while (start < u->nrows && start < t->nrows && rows_equal(&t->rows[start], &u->rows[start])) start++;
    if (start == u->nrows) start = 0; /* nothing but a header: keep it as printed */
    if (!t->ruled && t->nrows && start < u->nrows) join_cut_label(&t->rows[t->nrows - 1], &u->rows[start]);
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

/* Whether cell c of an aligned table holds a figure's place: a value column's cell
 * (its column's extent on the page) holding a figure, a placeholder or nothing. */
static int figure_cell(const tcell *c)
{
    if (c->col <= 0 || c->x1 <= c->x0) return 0;
    nb_number n;
    nb_number_parse(c->text, strlen(c->text), &n);
    return !c->text[0] || n.kind == NB_CELL_NUMBER || n.kind == NB_CELL_PLACEHOLDER;
}

/* The first row of rows[0..n) with figures all certain, if only rows of figures (or of
 * labels alone) come before it; else NULL, *blocked set when a header or other cells
 * come first. */
static const trow *first_certain_row(const trow *rows, int n, int *blocked)
{
    *blocked = 0;
    for (int q = 0; q < n; q++) {
        int figs = 0, unsure = 0;
        for (int i = 0; i < rows[q].n; i++) {
            const tcell *c = &rows[q].cells[i];
            if (c->col == 0) continue;
            if (!figure_cell(c)) {
                *blocked = 1;
                return NULL;
            }
            figs++, unsure |= (c->marks & NB_MARK_UNCERTAIN) != 0;
        }
        if (figs && !unsure) return &rows[q];
    }
    return NULL;
}

/* A row whose figures no grid of columns fitted (the first rows of a part of a table Word
 * split, blank in a column, before the part's columns show: the rest of the part on the
 * next page shows them) takes the columns of next, the first row after it with certain
 * figures, when each of its figures stands in exactly one of them, left to right. Returns
 * whether it did. */
static int settle_columns(trow *row, const trow *next)
{
    int nfig = 0;
    for (int i = 0; i < row->n; i++) {
        const tcell *c = &row->cells[i];
        if (c->col == 0 && (c->marks & NB_MARK_UNCERTAIN)) return 0; /* its label is in doubt */
        if (c->col > 0 && (!figure_cell(c) || !c->unsure_col)) return 0;
        nfig += c->col > 0;
    }
    if (!nfig || !next) return 0;
    int *to = nb_xmalloc(sizeof(int) * (size_t)row->n), prev = -1, ok = 1;
    for (int i = 0; i < row->n && ok; i++) {
        const tcell *c = &row->cells[i];
        to[i] = -1;
        if (c->col == 0 || !c->text[0]) continue;
        float mid = (c->x0 + c->x1) / 2;
        int hits = 0;
        for (int j = 0; j < next->n; j++)
            if (next->cells[j].col > 0 && mid >= next->cells[j].x0 && mid <= next->cells[j].x1) to[i] = j, hits++;
        ok = hits == 1 && to[i] > prev;
        prev = to[i];
    }
    if (ok) {
        trow out = {0};
        for (int i = 0; i < row->n; i++)
            if (row->cells[i].col == 0) {
                tcell *c = row_add(&out, "", 0, 0, 1, 1, 0, 0);
                free(c->text);
                *c = row->cells[i];
                row->cells[i].text = NULL;
            }
        for (int j = 0; j < next->n; j++) {
            const tcell *nc = &next->cells[j];
            if (nc->col == 0) continue;
            int from = -1;
            for (int i = 0; i < row->n; i++)
                if (to[i] == j) from = i;
            const char *text = from >= 0 ? row->cells[from].text : "";
            tcell *c = row_add(&out, text, strlen(text), nc->col, 1, 1, nc->x0, nc->x1);
            if (from >= 0) c->marks = row->cells[from].marks & ~NB_MARK_UNCERTAIN;
        }
        row_free(row);
        *row = out;
    }
    free(to);
    return ok;
}

/* settle_columns for t's rows, last to first, by the rows after them in t, or in u
 * (what goes on with t at the top of the next page; NULL if nothing). */
static void settle_table(table *t, const table *u)
{
    for (int r = t->nrows - 1; r >= 0; r--) {
        int blocked;
        const trow *next = first_certain_row(t->rows + r + 1, t->nrows - r - 1, &blocked);
        if (!next && !blocked && u) next = first_certain_row(u->rows, u->nrows, &blocked);
        settle_columns(&t->rows[r], next);
    }
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
            holes[h] = (tcell){"", c->col, c->colspan, 1, c->x0, c->x1, NB_MARK_UNCERTAIN, 0, 0, 0};
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

/* ---- a header left alone at the bottom of a page ---- */

/* The lines of a page's glyphs: sorted by baseline (into order), line starts in starts
 * (n+1 entries). Returns the number of lines. */
static int page_lines(const nb_pg_page *pg, const nb_pg_glyph **order, int *starts)
{
    int n = (int)pg->nglyphs;
    for (int i = 0; i < n; i++) order[i] = &pg->glyphs[i];
    return split_lines(order, n, starts);
}

/* Whether g[a..b) reads as one figure: a number, with its unit or 约 if printed
 * ("70487元"), or a placeholder ("/"). */
static int is_figure(const nb_pg_glyph **g, int a, int b, nb_buf *scratch)
{
    nb_buf_clear(scratch);
    line_text(g, a, b, scratch);
    nb_number n;
    nb_number_parse(scratch->data, scratch->len, &n);
    return n.kind == NB_CELL_NUMBER || n.kind == NB_CELL_PLACEHOLDER;
}

/* Fragments of the line g[a..b) (sorted by x), and how many of them are figures. */
static int line_fragments(const nb_pg_glyph **g, int a, int b, int *figures)
{
    nb_buf scratch = NB_BUF_INIT;
    int n = 0;
    *figures = 0;
    for (int i = a; i < b; n++) {
        int j = fragment_end(g, i, b);
        *figures += is_figure(g, i, j, &scratch);
        i = j;
    }
    nb_buf_free(&scratch);
    return n;
}

/* Whether a vertical line is drawn within y0..y1 on the page (the text there may be a
 * ruled table's; rules under rows alone make no lattice). */
static int rules_between(const nb_pg_page *pg, float y0, float y1)
{
    for (size_t i = 0; i < pg->nrules; i++)
        if (pg->rules[i].x0 == pg->rules[i].x1 && pg->rules[i].y1 >= y0 && pg->rules[i].y0 <= y1) return 1;
    return 0;
}

/* A table without rulings whose header ends a page and whose figures start the next (a
 * page break right under the header, as LibreOffice and Chromium place it): the header's
 * lines are moved to the top of the next page, where they are read with the figures
 * they head. The header: lines at the bottom of the page (page numbers aside) without
 * figures, of several fragments at least one of them, close together; the next page
 * must begin with a line of figures. pages is a copy of pg's pages; moved glyphs go into
 * new arrays (own[p] set). */
static void move_orphan_headers(const nb_pagegrid *pg, nb_pg_page *pages, int *own)
{
    for (int p = 0; p + 1 < pg->npages; p++) {
        nb_pg_page *a = &pages[p], *b = &pages[p + 1];
        int na = (int)a->nglyphs, nb = (int)b->nglyphs;
        if (na == 0 || nb == 0) continue;
        const nb_pg_glyph **ga = nb_xmalloc(sizeof *ga * (size_t)na), **gb = nb_xmalloc(sizeof *gb * (size_t)nb);
        int *sa = nb_xmalloc(sizeof(int) * (size_t)(na + 1)), *sb = nb_xmalloc(sizeof(int) * (size_t)(nb + 1));
        int la = page_lines(a, ga, sa), lb = page_lines(b, gb, sb);
        /* The next page's first line (a page number in the top margin aside). */
        int first = 0, figures = 0, nfrag = 0;
        while (first < lb && gb[sb[first]]->base < b->height * 0.1f && sb[first + 1] - sb[first] <= 8) first++;
        int btop = first; /* the next page's first line: the moved lines go above it */
        /* Its first line of figures, under the rest of the header at most (a few lines of
         * several fragments or narrow ones, no figure, no prose). */
        float fx0 = 0; /* where the figures begin */
        for (int l = btop; l < lb && l < btop + 6; l++) {
            nfrag = line_fragments(gb, sb[l], sb[l + 1], &figures);
            if (nfrag >= 2 && figures >= 2) {
                for (int i = sb[l + 1] - 1; i >= sb[l]; i--)
                    if (is_digit_cp(gb[i]->cp)) fx0 = gb[i]->x0;
                first = l;
                break;
            }
            int digits = 0;
            for (int i = sb[l]; i < sb[l + 1]; i++) digits += is_digit_cp(gb[i]->cp);
            float width = gb[sb[l + 1] - 1]->x1 - gb[sb[l]]->x0;
            if (digits || (nfrag == 1 && width > 6.0f * gb[sb[l]]->size)) {
                nfrag = 0;
                break;
            }
            nfrag = 0;
        }
        int top = la, tabular = 0, over = 0;
        if (nfrag >= 2 && figures >= 2) {
            int last = la - 1;
            while (last >= 0 && ga[sa[last]]->base > a->height * 0.9f && sa[last + 1] - sa[last] <= 8) last--;
            for (int l = last; l >= 0; l--) {
                int f, n = line_fragments(ga, sa[l], sa[l + 1], &f);
                int digits = 0;
                for (int i = sa[l]; i < sa[l + 1]; i++) digits += is_digit_cp(ga[i]->cp);
                float gap = l < last ? ga[sa[l + 1]]->base - ga[sa[l]]->base : 0;
                /* A heading or a line of prose above the header ends it. */
                float width = ga[sa[l + 1] - 1]->x1 - ga[sa[l]]->x0;
                if (digits || gap > ROW_REACH * ga[sa[l]]->size || (n == 1 && width > 6.0f * ga[sa[l]]->size)) break;
                top = l, tabular += n >= 2;
                for (int i = sa[l]; i < sa[l + 1] && !over; i++) over = ga[i]->x0 >= fx0;
            }
            /* A header stands over the figures; labels (the end of a table) beside them. */
            if (!over) top = la;
            if (top <= last && (tabular == 0 || rules_between(a, ga[sa[top]]->y0, a->height) ||
                                rules_between(b, 0, gb[sb[first]]->y1)))
                top = la;
            if (top <= last) {
                /* Move lines top..last of a above b's first line, spaced as they were. */
                float shift = gb[sb[btop]]->base - 1.5f * gb[sb[btop]]->size - ga[sa[last]]->base;
                nb_pg_glyph *moved = nb_xmalloc(sizeof *moved * (size_t)(nb + sa[last + 1] - sa[top]));
                int m = 0;
                for (int i = sa[top]; i < sa[last + 1]; i++) {
                    nb_pg_glyph g = *ga[i];
                    g.y0 += shift, g.y1 += shift, g.base += shift;
                    moved[m++] = g;
                }
                memcpy(moved + m, b->glyphs, sizeof *moved * (size_t)nb);
                nb_pg_glyph *kept = nb_xmalloc(sizeof *kept * (size_t)na);
                int k = 0;
                for (int i = 0; i < na; i++) {
                    int gone = 0;
                    for (int j = sa[top]; j < sa[last + 1] && !gone; j++) gone = ga[j] == &a->glyphs[i];
                    if (!gone) kept[k++] = a->glyphs[i];
                }
                if (own[p]) free(a->glyphs);
                if (own[p + 1]) free(b->glyphs);
                a->glyphs = kept, a->nglyphs = (size_t)k, own[p] = 1;
                b->glyphs = moved, b->nglyphs = (size_t)(m + nb), own[p + 1] = 1;
            }
        }
        free(ga), free(gb), free(sa), free(sb);
    }
}

int nb_pagegrid_to_doc(const nb_pagegrid *pg, nb_doc *d, nb_buf *warnings)
{
    itemlist items = {0};
    carry_cols carry = {.n = 0};
    nb_pg_page *pages = nb_xmalloc(sizeof *pages * (size_t)(pg->npages ? pg->npages : 1));
    int *own = nb_xcalloc((size_t)(pg->npages ? pg->npages : 1), sizeof(int));
    if (pg->npages) memcpy(pages, pg->pages, sizeof *pages * (size_t)pg->npages);
    move_orphan_headers(pg, pages, own);
    for (int p = 0; p < pg->npages; p++) {
        int from = items.n;
        read_page(&pages[p], p, &items, &carry, warnings);
        if (items.n > from) qsort(items.items + from, (size_t)(items.n - from), sizeof *items.items, cmp_item);
        /* The columns carry over only when an aligned table ends the page. */
        int last = items.n - 1;
        while (last >= from && items.items[last].furniture) last--;
        if (last < from || !items.items[last].t || items.items[last].t->ruled) carry.n = 0;
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
            if (!u->ruled && !it->t->ruled) settle_table(it->t, u);
            if (u->ruled != it->t->ruled || !(same_frame(it->t, u) || (!u->ruled && same_columns(it->t, u)))) break;
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
            if (!t->ruled) settle_table(t, NULL);
            /* Counted again: joining a row cut by the page break settles some. */
            t->uncertain = 0;
            for (int r = 0; r < t->nrows; r++)
                for (int k = 0; k < t->rows[r].n; k++) t->uncertain += (t->rows[r].cells[k].marks & NB_MARK_UNCERTAIN) != 0;
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
    for (int p = 0; p < pg->npages; p++)
        if (own[p]) free(pages[p].glyphs);
    free(pages), free(own);
    return uncertain;
}
