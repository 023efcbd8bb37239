/* pagegrid: glyphs and rulings -> cells (see pagegrid.h).
 *
 * Each page becomes a list of items from top to bottom: lines of free text, ruled tables
 * (a lattice of the drawn lines) and aligned tables (blocks of lines whose fragments
 * line up in columns). Tables are held as rows of cells until every page is read, so
 * that one running onto the next page can be joined before the cells go into the doc.
 * Here: the pages, in order (a header left alone at the bottom of one is first moved to
 * the next), and the doc; what reads them is in the pg*.c files (pgint.h). */
#include "pipeline/read/files/pagegrid.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "pipeline/number.h"
#include "pipeline/read/files/pgint.h"

enum {
    MAX_PAGE_GLYPHS = 200000, /* a report page holds a few thousand */
    MAX_PAGE_RULES = 100000,
};

static const float RULE_THICK = 2.5f; /* thicker than this, a filled box is no line */

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

/* ---- pages ---- */

typedef struct {
    float y0;
    float x0, x1;       /* a line of text's extent */
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

/* A baseline in the top or bottom tenth of pg, where page numbers stand. */
static int in_margin(const nb_pg_page *pg, float base)
{
    float margin = pg->height * 0.1f;
    return pg->height > 0 && (base < margin || base > pg->height - margin);
}

/* Line l of tp is a page number in a margin of pg. */
static int line_is_page_number(const nb_pg_page *pg, textpage *tp, int l)
{
    const tline *ln = &tp->l[l];
    if (!in_margin(pg, ln->base)) return 0;
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

/* Where the first figure of lines a..b of tp begins (FLT_MAX: none). */
static float figures_begin(const textpage *tp, int a, int b)
{
    float x = FLT_MAX;
    for (int k = tp->l[a].f0; k < tp->l[b - 1].f1; k++)
        if (tp->f[k].kind == NB_CELL_NUMBER) x = fminf(x, tp->f[k].x0);
    return x;
}

/* Line m stands where labels do beside a block spanning bx0..bx1 whose figures begin at
 * fx: one narrow fragment, or fragments that all end before the figures (a row label
 * with its group's label interleaved beside it, no figure on their line). */
static int label_line(const textpage *tp, const tline *m, float bx0, float bx1, float fx)
{
    if (m->f1 - m->f0 == 1 && narrow_line(m, bx0, bx1)) return 1;
    for (int k = m->f0; k < m->f1; k++)
        if (tp->f[k].x1 > fx || tp->f[k].kind == NB_CELL_NUMBER) return 0;
    return 1;
}

/* Line l of tp is one figure half a line from a line of figures (within a size): part of
 * a figure wrapped in a narrow column ("1320" over "1"), the rest of its row there. */
static int wrapped_part(const textpage *tp, int l)
{
    const tline *m = &tp->l[l];
    if (m->f1 - m->f0 != 1 || tp->f[m->f0].kind != NB_CELL_NUMBER) return 0;
    for (int n = l - 1; n <= l + 1; n += 2) {
        if (n < 0 || n >= tp->nl || tp->l[n].f1 - tp->l[n].f0 < 2 || fabsf(tp->l[n].base - m->base) > m->size) continue;
        for (int k = tp->l[n].f0; k < tp->l[n].f1; k++)
            if (tp->f[k].kind == NB_CELL_NUMBER) return 1;
    }
    return 0;
}

/* Above line l of tp stand only page numbers and label lines (the rest of a row label cut
 * by the page break, over lines). */
static int label_rest_above(const nb_pg_page *pg, textpage *tp, int l, float bx0, float bx1, float fx)
{
    for (int k = 0; k < l; k++)
        if (!line_is_page_number(pg, tp, k) && !label_line(tp, &tp->l[k], bx0, bx1, fx)) return 0;
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
    nh = pg_merge_collinear(h, nh);
    nv = pg_merge_collinear(v, nv);
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
        if (pg_lattice_build(gh, kh, gv, kv, ext_left, ext_right, &rg->lat) != 0 || rg->lat.nx * rg->lat.ny <= 4) {
            /* One box (a frame around text) is no table. */
            pg_lattice_free(&rg->lat);
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
            int r = pg_locate(l->ys, l->ny, cy), c = pg_locate(l->xs, l->nx, cx);
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
            int r = pg_locate(l->ys, l->ny, g->base - g->size * 0.3f), c = pg_locate(l->xs, l->nx, (g->x0 + g->x1) / 2);
            l->gstart[l->root[r * cols + c] + 1]++;
            total++;
        }
        for (int i = 0; i < cells; i++) l->gstart[i + 1] += l->gstart[i];
        l->glyphs = nb_xmalloc(sizeof *l->glyphs * (size_t)(total ? total : 1));
        for (int i = 0; i < ng; i++) {
            if (where[i] != k) continue;
            const nb_pg_glyph *g = &pg->glyphs[i];
            int r = pg_locate(l->ys, l->ny, g->base - g->size * 0.3f), c = pg_locate(l->xs, l->nx, (g->x0 + g->x1) / 2);
            int root = l->root[r * cols + c];
            l->glyphs[l->gstart[root] + l->gfill[root]++] = g;
        }
        item *it = add_item(out, regions[k].y0, pageno);
        it->t = pg_lattice_table(l, &scratch, iscratch);
        pg_lattice_free(l);
    }
    free(regions);

    /* The free text: lines, and the blocks of them that line up as tables. */
    textpage tp = {0};
    tp.g = nb_xmalloc(sizeof *tp.g * (size_t)(nfree ? nfree : 1));
    for (int i = 0; i < ng; i++)
        if (where[i] < 0) tp.g[tp.ng++] = &pg->glyphs[i];
    free(where);
    pg_textpage_build(&tp);
    /* Blocks: a run of lines of several fragments, with the narrow lines of one fragment
     * among, before and after them (stacked labels, a header over one column, the parts
     * of a figure wrapped in its column). */
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
            /* Left of the figures is where labels stand; a wrapped figure's parts
             * stand beside their row. */
            if (!narrow_line(m, bx0, bx1) && !wrapped_part(&tp, end)) break;
        }
        int start = i;
        float fx = figures_begin(&tp, i, end);
        while (start > done) {
            const tline *m = &tp.l[start - 1];
            /* Above a table's rows, a heading may stand close; at the top of a page that
             * goes on with the table before, only the rest of a row label cut by the page
             * break can, as far away as rows are apart. */
            float reach = carry->n && label_rest_above(pg, &tp, start - 1, bx0, bx1, fx) ? ROW_REACH : 2.0f;
            if (tp.l[start].base - m->base > reach * fmaxf(m->size, tp.l[start].size)) break;
            if (!label_line(&tp, m, bx0, bx1, fx) && !wrapped_part(&tp, start - 1)) break;
            start--;
        }
        int a, b;
        /* What the page before settled holds for a table this page starts with. */
        int first_thing = first_on_page(pg, &tp, start);
        carry_cols none = {.n = 0};
        table *t = pg_read_aligned(&tp, start, end, &a, &b, first_thing ? carry : &none);
        /* No table (lines of labels alone): what the page before settled still holds
         * for a block below that takes these lines and reaches the page's top. */
        if (!t) continue;
        if (!first_thing) *carry = none;
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
        it->x0 = tp.f[ln->f0].x0, it->x1 = tp.f[ln->f1 - 1].x1;
        it->text = nb_xmalloc(scratch.len + 1);
        memcpy(it->text, scratch.data ? scratch.data : "", scratch.len);
        it->text[scratch.len] = '\0';
        it->furniture = line_is_page_number(pg, &tp, i);
    }
    free(used);
    pg_textpage_free(&tp);
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
    return pg_split_lines(order, n, starts);
}

/* Whether g[a..b) reads as one figure: a number, with its unit or 约 if printed
 * ("70487元"), or a placeholder ("/"). */
static int is_figure(const nb_pg_glyph **g, int a, int b, nb_buf *scratch)
{
    nb_buf_clear(scratch);
    pg_line_text(g, a, b, scratch);
    nb_number n;
    nb_number_parse(scratch->data, scratch->len, &n);
    return n.kind == NB_CELL_NUMBER || n.kind == NB_CELL_PLACEHOLDER;
}

/* Fragments of the line g[a..b) (sorted by x), how many of them are figures, and where
 * the first figure begins (FLT_MAX: none; a label's item number, "2.重复申请", is none). */
static int line_fragments(const nb_pg_glyph **g, int a, int b, int *figures, float *first_figure)
{
    nb_buf scratch = NB_BUF_INIT;
    int n = 0;
    *figures = 0;
    *first_figure = FLT_MAX;
    for (int i = a; i < b; n++) {
        int j = pg_fragment_end(g, i, b);
        if (is_figure(g, i, j, &scratch)) ++*figures, *first_figure = fminf(*first_figure, g[i]->x0);
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
 * must begin with a line of several fragments, a figure among them (a row of one figure
 * and blanks is one too). pages is a copy of pg's pages; moved glyphs go into
 * new arrays (own[p] set). */
/* Glyphs g[a..b), a line, are a page number in the page's top or bottom margin (a row of
 * a table may stand as low, and is none). */
static int margin_page_number(const nb_pg_page *pg, const nb_pg_glyph **g, int a, int b)
{
    if (!in_margin(pg, g[a]->base)) return 0;
    nb_buf text = NB_BUF_INIT;
    pg_line_text(g, a, b, &text);
    int yes = is_page_number(nb_buf_str(&text));
    nb_buf_free(&text);
    return yes;
}

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
        while (first < lb && margin_page_number(b, gb, sb[first], sb[first + 1])) first++;
        int btop = first; /* the next page's first line: the moved lines go above it */
        /* Its first line of figures, under the rest of the header at most (a few lines of
         * several fragments or narrow ones, no figure, no prose). */
        float fx0 = 0; /* where the figures begin */
        for (int l = btop; l < lb && l < btop + 6; l++) {
            float at;
            nfrag = line_fragments(gb, sb[l], sb[l + 1], &figures, &at);
            if (nfrag >= 2 && figures >= 1) {
                fx0 = at;
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
        if (nfrag >= 2 && figures >= 1) {
            int last = la - 1;
            while (last >= 0 && margin_page_number(a, ga, sa[last], sa[last + 1])) last--;
            for (int l = last; l >= 0; l--) {
                float at;
                int f, n = line_fragments(ga, sa[l], sa[l + 1], &f, &at);
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

/* A figure of t's last row that the page break pushed alone onto the next page (its
 * lines did not fit under the page's last line): the lines at the top of the next page,
 * items[from..to), before anything else there, centred in the extent of one blank value
 * cell of that row and reaching into no other, reading together as one figure. It joins
 * its cell, flagged: where it stands is all the page says. */
static void join_stray_figure(table *t, item *items, int from, int to)
{
    if (!t->nrows) return;
    trow *last = &t->rows[t->nrows - 1];
    int taken = 0;
    tcell *cell = NULL;
    nb_buf text = NB_BUF_INIT;
    for (int i = from; i < to; i++) {
        const item *it = &items[i];
        if (it->furniture) continue;
        if (!it->text || it->page != items[from].page) break;
        tcell *in = NULL;
        int across = 0; /* reaching into another cell */
        float cx = (it->x0 + it->x1) / 2;
        for (int k = 0; k < last->n; k++) {
            tcell *c = &last->cells[k];
            if (c->col > 0 && !c->text[0] && cx >= c->x0 && cx <= c->x1) in = c;
            else across |= overlaps(it->x0, it->x1, c->x0, c->x1);
        }
        if (!in || across || (cell && in != cell)) break;
        cell = in;
        nb_buf_adds(&text, it->text);
        taken = i - from + 1;
    }
    nb_number num = {0};
    if (text.len) nb_number_parse(text.data, text.len, &num);
    if (text.len && num.kind == NB_CELL_NUMBER) {
        free(cell->text);
        cell->text = nb_xstrdup(text.data);
        cell->marks |= NB_MARK_UNCERTAIN;
        for (int i = from; i < from + taken; i++) items[i].furniture = 1; /* gone */
    }
    nb_buf_free(&text);
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
            if (!u->ruled && !it->t->ruled) pg_settle_table(it->t, u);
            if (u->ruled != it->t->ruled || !(pg_same_frame(it->t, u) || (!u->ruled && pg_same_columns(it->t, u)))) break;
            int page = items.items[j].page;
            pg_join_tables(it->t, u);
            pg_table_free(u);
            items.items[j].t = NULL;
            items.items[j].furniture = 1; /* gone */
            it->page = page; /* the joined table now ends there */
        }
    }
    for (int i = 0; i < items.n; i++) {
        item *it = &items.items[i];
        if (!it->t || it->t->ruled) continue;
        int j = i + 1;
        while (j < items.n && items.items[j].furniture) j++;
        if (j < items.n && items.items[j].page == it->page + 1) join_stray_figure(it->t, items.items, j, items.n);
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
            if (!t->ruled) pg_settle_table(t, NULL);
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
            pg_table_free(t);
        }
        free(it->text);
    }
    free(items.items);
    for (int p = 0; p < pg->npages; p++)
        if (own[p]) free(pages[p].glyphs);
    free(pages), free(own);
    return uncertain;
}
