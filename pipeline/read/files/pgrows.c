/* pgrows: which row of a section of a table without rulings each label fragment goes to.
 *
 * Nothing on the page says where one row's label ends and the next one's begins: a narrow
 * column prints a label a few characters (or one) per line, and a group's label beside it
 * interleaves with it line by line. The rows are the figures' lines (pgaligned.c); the
 * labels go to them by their spelling when they spell the report templates' labels
 * (pglabels.h; a row label without figures is a row of blank cells), else by the one
 * alignment of the cells (top, middle or bottom) that explains all of them. Labels of
 * neighbouring columns printed close together read as one fragment: they are cut apart
 * first. */
#include "pipeline/read/files/pgint.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/read/files/pglabels.h"
#include "pipeline/read/label.h"

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
    pg_add_frag(tp, a, at, line);
    labels->items[k] = tp->nf - 1;
    pg_add_frag(tp, at, b, line);
    pg_il_push(labels, tp->nf - 1);
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
int pg_split_at_neighbours(textpage *tp, intlist *labels)
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
void pg_split_at_items(textpage *tp, intlist *labels)
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
            uint32_t after = m + 2 < tp->f[fi].b ? tp->g[m + 2]->cp : 0;
            /* "4." right after a character (labels touching); "（" after a gap, or touching
             * when it opens an item number ("理结果（二）部分公开", the rest of a group's
             * label against a row's), not a label's own annotation ("部分公开（区分处理的")
             * nor a marker's number ("第二十条第（五）项"). */
            int numbered = nb_label_cn_digit(next) && (after == 0xFF09 || after == ')') && p->cp != 0x7B2C /* 第 */;
            int item = (is_digit_cp(g->cp) && (next == '.' || next == 0x3001 || next == 0xFF0E)) ||
                       ((g->cp == 0xFF08 || g->cp == '(') && (g->x0 - p->x1 >= 0.25f * g->size || numbered));
            if (!item && !gap) continue;
            cut_fragment(tp, labels, k, m);
            break;
        }
    }
    reading_order(tp, labels);
}

/* The label fragments of a section, labels->items[k], assigned to rows: frow[k]. Labels
 * stand in columns (the row's own label next to the figures, the primary column; a
 * group's label or a section's further left, spanning several rows); each column's lines
 * are placed by the one alignment (top, middle, bottom) that explains all of them. A
 * label wider than one column belongs to the primary column. When no alignment explains
 * the primary column, or two place it differently, every line goes to the nearest row and
 * every row is uncertain; a secondary column so placed marks only its own cells. The
 * fragments' col is set to their label column. */
void pg_place_labels(textpage *tp, intlist *labels, const vrow *rows, int nrows, float tol, int *frow,
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
int pg_template_columns(textpage *tp, const intlist *labels)
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
int pg_rows_from_template(textpage *tp, const intlist *labels, vrow **rowsp, int *nrowsp, vcell *cells, int nc,
                          float tol, int *frow, int *fprimary, int **uncertain_row, int *lead_col, int *cut_row)
{
    int n = labels->n, nrows = *nrowsp;
    const vrow *rows = *rowsp;
    if (n == 0) return 0;
    nb_pgl_frag *pf = pgl_frags(tp, labels);
    int *cell_of = nb_xmalloc(sizeof(int) * (size_t)n);
    nb_pgl_cell *pc = nb_xmalloc(sizeof *pc * (size_t)(n + 3)); /* and lead, park, tail */
    int npc = nb_pglabels_group(pf, n, cell_of, pc);
    int ok = npc > 0;
    /* Which cells are row labels: "（六）其他处理" is one only when no row label stands to
     * its right on its lines (2019), else it is a group over them (2021). */
    int *is_row = nb_xcalloc((size_t)npc + 3, sizeof(int));
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
    /* Figure rows into bands. The last figure row may stand below every row label: the
     * figures of a row whose label the page break pushed onto the next page, a row of its
     * own, uncertain (pg_join_tables gives it its label). */
    float last_row = -FLT_MAX;
    for (int c = 0; c < npc; c++)
        if (is_row[c]) last_row = fmaxf(last_row, pc[c].last);
    int tail = -1;
    int *band = nb_xmalloc(sizeof(int) * (size_t)nrows);
    int *held = nb_xcalloc((size_t)npc + 3, sizeof(int));
    for (int r = 0; r < nrows && ok; r++) {
        band[r] = -1;
        if (lead >= 0 && rows[r].last < first_row - tol) {
            band[r] = lead; /* figures beside the rest of a cut label */
            ok = !held[lead]++;
            continue;
        }
        if (r == nrows - 1 && rows[r].first > last_row + tol) {
            tail = npc + 2;
            pc[tail] = (nb_pgl_cell){NB_PGL_ROW, rows[r].first, rows[r].last, 0, 0, 0, 0, 0};
            band[r] = tail, held[tail] = 1;
            continue;
        }
        for (int c = 0; c < npc && ok; c++) {
            if (!is_row[c] || rows[r].last < pc[c].first - tol || rows[r].first > pc[c].last + tol) continue;
            ok = band[r] < 0;
            band[r] = c;
        }
        ok &= band[r] < 0 || !held[band[r]]++;
    }
    /* A figure row between two bands, once every other row has its band: LibreOffice can
     * print a page's last row with its figures a line above its label. It is the row of
     * whichever neighbouring label holds no figures, when only one of them is free and it
     * stands within a line; two free neighbours are a guess. */
    float line = 0;
    for (int k = 0; k < n; k++) line = fmaxf(line, pf[k].size);
    for (int r = 0; r < nrows && ok; r++) {
        if (band[r] >= 0) continue;
        int above = -1, below = -1;
        for (int c = 0; c < npc; c++) {
            if (!is_row[c]) continue;
            if (pc[c].last < rows[r].first && (above < 0 || pc[c].last > pc[above].last)) above = c;
            if (pc[c].first > rows[r].last && (below < 0 || pc[c].first < pc[below].first)) below = c;
        }
        int free_above = above >= 0 && !held[above] && rows[r].first - pc[above].last <= line * 1.2f;
        int free_below = below >= 0 && !held[below] && pc[below].first - rows[r].last <= line * 1.2f;
        ok = free_above != free_below;
        if (ok) band[r] = free_above ? above : below, held[band[r]] = 1;
    }
    if (ok) {
        /* The rows: figure rows and blank ones, top to bottom. */
        int total = nrows;
        for (int c = 0; c < npc; c++) total += is_row[c] && !held[c];
        vrow *all = nb_xmalloc(sizeof *all * (size_t)total);
        int *cell_row = nb_xmalloc(sizeof(int) * ((size_t)npc + 3)); /* row label -> its new row */
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
            unsure[i] = c == lead || c == tail || (pc[c].cut && src[i] < 0);
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
