/* pgtext: glyphs -> text, and the free text of a page (what no ruled table holds) as
 * lines of fragments, a fragment being one cell's text on a line.
 *
 * Spaces are not kept (nb_pagegrid_add_glyph): gaps are measured, because a gap is all
 * that tells two cells of a line apart when no line is drawn between them, and the
 * readers of tables without rulings (pgaligned.c) work on the fragments. */
#include "pipeline/read/files/pgint.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "pipeline/number.h"

/* ---- text of a set of glyphs ---- */

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
int pg_split_lines(const nb_pg_glyph **g, int n, int *starts)
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
void pg_line_text(const nb_pg_glyph **g, int a, int b, nb_buf *out)
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
void pg_compose(const nb_pg_glyph **g, int n, nb_buf *out, int *scratch)
{
    if (n <= 0) return;
    int nlines = pg_split_lines(g, n, scratch);
    for (int l = 0; l < nlines; l++) {
        int a = scratch[l], b = scratch[l + 1];
        if (l > 0 && is_alnum_ascii(g[a - 1]->cp) && is_alnum_ascii(g[a]->cp)) nb_buf_addc(out, ' ');
        pg_line_text(g, a, b, out);
    }
}

/* ---- text outside ruled tables: lines, fragments ---- */

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
int pg_stands_apart(const nb_pg_glyph **g, int a, int b, int i, int (*kind)(uint32_t), float min_gap)
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
    return pg_stands_apart(g, a, b, i, is_digit_cp, 0.02f);
}

/* The end of the fragment (a cell's text on a line) that starts at g[a], in the line's
 * glyphs g[a..b) sorted by x. */
int pg_fragment_end(const nb_pg_glyph **g, int a, int b)
{
    int j = a + 1;
    while (j < b && !splits(g[j - 1], g[j])) j++;
    for (int i = a + 1; i < j; i++)
        if (touching_figures(g, a, j, i)) return i;
    return j;
}

void pg_textpage_free(textpage *tp)
{
    for (int i = 0; i < tp->nf; i++) free(tp->f[i].text);
    free(tp->f), free(tp->l), free(tp->iscratch);
    nb_buf_free(&tp->scratch);
}

void pg_add_frag(textpage *tp, int a, int b, int line)
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
    pg_line_text(tp->g, a, b, &tp->scratch);
    f->text = nb_xmalloc(tp->scratch.len + 1);
    memcpy(f->text, tp->scratch.data ? tp->scratch.data : "", tp->scratch.len);
    f->text[tp->scratch.len] = '\0';
    nb_number n;
    nb_number_parse(f->text, tp->scratch.len, &n);
    f->kind = n.kind;
}

void pg_textpage_build(textpage *tp)
{
    tp->iscratch = nb_xmalloc(sizeof(int) * (size_t)(tp->ng + 1));
    int nlines = pg_split_lines(tp->g, tp->ng, tp->iscratch);
    tp->l = nb_xmalloc(sizeof *tp->l * (size_t)(nlines ? nlines : 1));
    int *starts = nb_xmalloc(sizeof(int) * (size_t)(nlines + 1));
    memcpy(starts, tp->iscratch, sizeof(int) * (size_t)(nlines + 1));
    for (int l = 0; l < nlines; l++) {
        tline *ln = &tp->l[tp->nl++];
        ln->f0 = tp->nf;
        int a = starts[l], b = starts[l + 1];
        for (int i = a; i < b;) {
            int j = pg_fragment_end(tp->g, i, b);
            pg_add_frag(tp, i, j, l);
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

void pg_il_push(intlist *l, int v)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = nb_xrealloc(l->items, sizeof(int) * (size_t)l->cap);
    }
    l->items[l->n++] = v;
}
