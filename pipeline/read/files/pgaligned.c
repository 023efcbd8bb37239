/* pgaligned: tables without rulings, read from a block of lines whose fragments line up.
 *
 * Nothing drawn says where a cell ends, so the figures do: their x extents make the
 * columns, their lines the rows (pgrows.c places the labels). The header names the
 * columns no figure fills (one left blank all the way down), and the template's count of
 * figures per row settles what a header cut by a page break or stacked past recognition
 * cannot. A block is cut into sections first, for a table's parts have each their own
 * label boundary and columns (table 二's parts; the two of a table Word split, of other
 * widths). Whatever cannot be placed with certainty is marked NB_MARK_UNCERTAIN, never
 * guessed silently. */
#include "pipeline/read/files/pgint.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

static int cmp_colspan(const void *a, const void *b)
{
    const colspan_t *x = a, *y = b;
    return x->lo < y->lo ? -1 : x->lo > y->lo;
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
    pg_compose(g, o, out, sc);
    free(g);
    free(sc);
}

enum { MAX_GRID_FIGURES = 600 /* table 三 has 175 */ };

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
        if (i < b && (!pg_stands_apart(tp->g, a, b, i, is_wide, 0.25f) ||
                      !gap_between_columns(tp, &tp->f[k], tp->g[i - 1]->x1, tp->g[i]->x0)))
            continue;
        if (from == a && i == b) {
            pg_il_push(heads, k);
            return;
        }
        pg_add_frag(tp, from, i, line);
        tp->f[tp->nf - 1].role = role;
        pg_il_push(heads, tp->nf - 1);
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

/* Where a figure stands: its x extent and line. */
typedef struct {
    float x0, x1;
    int line;
} extent;

/* Figures e[0..n) into columns: union-find uf (n entries), the figures of different
 * lines whose x extents overlap in one column. */
static void figure_columns(const extent *e, int n, int *uf)
{
    for (int i = 0; i < n; i++) uf[i] = i;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (e[i].line != e[j].line && overlaps(e[i].x0, e[i].x1, e[j].x0, e[j].x1)) uf_union(uf, i, j);
}

/* The extents of fragments fig[0..n) (malloc'ed). */
static extent *frag_extents(const textpage *tp, const int *fig, int n)
{
    extent *e = nb_xmalloc(sizeof *e * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) e[i] = (extent){tp->f[fig[i]].x0, tp->f[fig[i]].x1, tp->f[fig[i]].line};
    return e;
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
            else if (f->role == ROLE_VALUE) pg_il_push(&vals, k);
            else if (figure < 0) pg_il_push(&labels, k);
            else {
                /* A figure printed against the end of its row's label: two fragments. */
                int a = f->a, b = f->b, line = f->line;
                pg_add_frag(tp, a, figure, line);
                pg_il_push(&labels, tp->nf - 1);
                pg_add_frag(tp, figure, b, line);
                tp->f[tp->nf - 1].role = ROLE_VALUE;
                pg_il_push(&vals, tp->nf - 1);
            }
        }
    }
    free(is_head);
    /* Columns: the figures' x extents that overlap are one column. */
    int nv = vals.n;
    int *uf = nb_xmalloc(sizeof(int) * (size_t)(nv ? nv : 1));
    extent *ext = frag_extents(tp, vals.items, nv);
    figure_columns(ext, nv, uf);
    free(ext);
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
    int expected = has_labels ? pg_template_columns(tp, &labels) : pg_unlabelled_columns(tp, &heads);
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
                                                               : under >= 2 || f->line <= title_until || pg_is_marker(f->text);
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
            int n = pg_spelled_leaves(tp, &heads, spanning, spelled);
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
        /* Fewer leaves than the template's columns for labelled rows, and fewer figure
         * columns still: the header ran some cells together ("商业企业 科研机构" one
         * text) over columns left blank, so its leaves place nothing for sure. */
        int leaves_short = has_labels && expected > 0 && nhl < expected && ncols < nhl;
        if ((one_for_one && !leaves_short) || by_count) {
            /* One for one: the figures' columns, certain. */
            for (int c = 0; c < ncols; c++) cluster_marks[c] = 0;
        } else if (mapped && !leaves_short) {
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
        for (int i = 0; i < nh; i++) pg_il_push(&headkind, spanning[i]);
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
    /* Two figures of one line in one column: the columns are not what the figures show
     * (two grids read as one, a cluster joining two columns), so no figure of the
     * section is certain of its column, not only that cell's. */
    for (int i = 0; i < nc && !all_uncertain; i++)
        for (int j = i + 1; j < nc && !all_uncertain; j++)
            all_uncertain = cells[i].col >= 0 && cells[i].col == cells[j].col &&
                            tp->f[cells[i].f[0]].line == tp->f[cells[j].f[0]].line;
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
     * "上一年项目数量" wrapped), unless it stands below the last figures (a label's last
     * line reaching past where a wide figure begins); the rest is placed per label column
     * (pg_place_labels). */
    {
        int o = 0, last_data = -1;
        for (int l = la; l < lb; l++)
            if (tp->l[l].kind == LINE_DATA) last_data = l;
        for (int k = 0; k < labels.n; k++) {
            const frag *f = &tp->f[labels.items[k]];
            int under = 0;
            for (int c = 0; c < ncols && tp->l[f->line].kind != LINE_DATA && f->line < last_data; c++)
                under |= overlaps(f->x0, f->x1, cols[c].lo, cols[c].hi);
            if (under) pg_il_push(&heads, labels.items[k]), pg_il_push(&headkind, 0);
            else labels.items[o++] = labels.items[k];
        }
        labels.n = o;
    }
    pg_split_at_items(tp, &labels);
    /* A fragment cut shows where its neighbours are cut: again, a few times at most. */
    for (int pass = 0; pass < 4 && pg_split_at_neighbours(tp, &labels); pass++) {}
    int *frow = nb_xmalloc(sizeof(int) * (size_t)(labels.n ? labels.n : 1));
    int *fprimary = nb_xmalloc(sizeof(int) * (size_t)(labels.n ? labels.n : 1));
    unsigned *fmarks = nb_xcalloc((size_t)(labels.n ? labels.n : 1), sizeof(unsigned));
    int *uncertain_row = NULL, lead_col = -1, cut_row = -1;
    if (!pg_rows_from_template(tp, &labels, &sorted, &nrows, cells, nc, tol, frow, fprimary, &uncertain_row, &lead_col,
                               &cut_row)) {
        uncertain_row = nb_xcalloc((size_t)(nrows ? nrows : 1), sizeof(int));
        pg_place_labels(tp, &labels, sorted, nrows, tol, frow, fprimary, fmarks, uncertain_row);
    }
    /* The rows out: the header first (cells spanning several columns, then the rest
     * under each column), then label and one cell per column. */
    nb_buf *sc = &tp->scratch;
    if (heads.n) {
        trow *span_row = NULL;
        for (int i = 0; i < heads.n; i++) {
            if (headkind.items[i] != 1) continue;
            const frag *f = &tp->f[heads.items[i]];
            if (!span_row) span_row = pg_table_new_row(t);
            pg_row_add(span_row, f->text, strlen(f->text), 0, 1, 1, f->x0, f->x1);
        }
        trow *hr = pg_table_new_row(t);
        int *idx = nb_xmalloc(sizeof(int) * (size_t)heads.n);
        if (has_labels) {
            int n = 0;
            for (int i = 0; i < heads.n; i++) {
                if (headkind.items[i] == 2) idx[n++] = heads.items[i];
            }
            nb_buf_clear(sc);
            frags_text(tp, idx, n, sc);
            if (sc->len) pg_row_add(hr, sc->data, sc->len, 0, 1, 1, 0, B);
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
            if (sc->len) pg_row_add(hr, sc->data, sc->len, c + has_labels, 1, 1, cols[c].lo, cols[c].hi);
        }
        free(idx);
    }
    int *idx = nb_xmalloc(sizeof(int) * (size_t)(labels.n + 4));
    for (int r = 0; r < nrows; r++) {
        trow *row = pg_table_new_row(t);
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
                tcell *gc = pg_row_add(row, sc->data ? sc->data : "", sc->len, 0, 1, 1, 0, B);
                gc->marks |= marks;
                gc->cont = col == lead_col;
            }
            int n = 0;
            for (int k = 0; k < labels.n; k++)
                if (frow[k] == r && fprimary[k]) idx[n++] = labels.items[k];
            nb_buf_clear(sc);
            frags_text(tp, idx, n, sc);
            tcell *lc = pg_row_add(row, sc->data ? sc->data : "", sc->len, 0, 1, 1, 0, B);
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
                if (n > 1) marks |= NB_MARK_UNCERTAIN; /* two figures in one cell: both kept */
                for (int i = hit + 1; i < nc && n > 1; i++)
                    if (cells[i].row == r && cells[i].col == c) nb_buf_adds(sc, " "), vcell_text(tp, &cells[i], sc);
            }
            tcell *vc = pg_row_add(row, sc->data ? sc->data : "", sc->len, c + has_labels, 1, 1, cols[c].lo, cols[c].hi);
            vc->marks |= marks;
            vc->unsure_col = all_uncertain && !uncertain_row[r] && n <= 1;
        }
        /* A figure under no column still goes out, after the others, marked. */
        for (int i = 0; i < nc; i++)
            if (cells[i].row == r && cells[i].col < 0) {
                nb_buf_clear(sc);
                vcell_text(tp, &cells[i], sc);
                tcell *vc = pg_row_add(row, sc->data ? sc->data : "", sc->len, ncols + has_labels, 1, 1, 0, 0);
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
    /* After the last figures nothing is headed: a line there whose fragments each stand
     * about the label boundary B (start left of it, end at most two sizes past it), under
     * a label of a line at most two and a half lines above, go on with those labels (in a
     * narrow column a label's line may reach past where the figures start; a group's
     * label goes on beside it, its lines between the row label's). A heading under the
     * table reaches further. */
    int above = lb - 1;
    while (above >= la && tp->l[above].kind != LINE_DATA) above--;
    for (int l = above + 1; above >= la && l < lb; l++) {
        tline *ln = &tp->l[l];
        int goes_on = 1;
        for (int j = ln->f0; j < ln->f1 && goes_on; j++) {
            const frag *f = &tp->f[j];
            int under = 0;
            for (int m = l - 1; m >= la && tp->l[m].base >= ln->base - 2.5f * ln->size && !under; m--)
                for (int k = tp->l[m].f0; k < tp->l[m].f1; k++)
                    under |= tp->f[k].role == ROLE_LABEL && overlaps(tp->f[k].x0, tp->f[k].x1, f->x0, f->x1);
            goes_on = f->x0 < B && f->x1 <= B + 2.0f * f->size && under;
        }
        if (!goes_on) break;
        ln->kind = LINE_LABEL;
        for (int j = ln->f0; j < ln->f1; j++) tp->f[j].role = ROLE_LABEL;
    }
    return has_labels;
}

/* Line l is the title of a part of table 二 ("第二十条第（六）项": one fragment, a marker)
 * and lines la..l hold a row label of the part before, whose figures are all blank. */
static int titles_next_part(textpage *tp, int la, int l)
{
    const tline *t = &tp->l[l];
    if (t->f1 - t->f0 != 1 || !pg_is_marker(tp->f[t->f0].text)) return 0;
    for (int m = la; m < l; m++)
        if (tp->l[m].kind == LINE_LABEL && tp->l[m].f1 - tp->l[m].f0 == 1 && pg_is_label(tp->f[tp->l[m].f0].text)) return 1;
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
 * columns: clustered as read_section does (figure_columns, a figure printed against its
 * label included), a cluster holds two figures of one line, or there are more clusters
 * than the template's count (expected, 0 if unknown). A table split in two, the parts of
 * other widths (Word; LibreOffice's two tables on one page). */
static int two_grids(const textpage *tp, int la, int lb, int expected)
{
    int n = 0;
    for (int l = la; l < lb; l++)
        if (tp->l[l].kind == LINE_DATA)
            for (int k = tp->l[l].f0; k < tp->l[l].f1; k++) n += tp->f[k].role == ROLE_VALUE || tp->f[k].role == ROLE_LABEL;
    if (n < 2) return 0;
    extent *fig = nb_xmalloc(sizeof *fig * (size_t)n);
    int *uf = nb_xmalloc(sizeof(int) * (size_t)n);
    n = 0;
    for (int l = la; l < lb; l++)
        if (tp->l[l].kind == LINE_DATA)
            for (int k = tp->l[l].f0; k < tp->l[l].f1; k++) {
                const frag *f = &tp->f[k];
                int glued = f->role == ROLE_LABEL ? glued_figure(tp, k) : -1;
                if (f->role == ROLE_VALUE) fig[n++] = (extent){f->x0, f->x1, l};
                if (glued < 0) continue;
                /* the figure's part of the fragment, as read_section cuts it */
                float x1 = tp->g[glued]->x1;
                for (int i = glued; i < f->b; i++) x1 = fmaxf(x1, tp->g[i]->x1);
                fig[n++] = (extent){tp->g[glued]->x0, x1, l};
            }
    int clusters = 0, clash = 0;
    if (n >= 2 && n <= MAX_GRID_FIGURES) {
        figure_columns(fig, n, uf);
        for (int i = 0; i < n; i++) {
            clusters += uf_find(uf, i) == i;
            for (int j = i + 1; j < n && !clash; j++)
                clash = fig[i].line == fig[j].line && uf_find(uf, i) == uf_find(uf, j);
        }
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
            if (tp->f[k].role == ROLE_LABEL) pg_il_push(&labels, k);
    int n = pg_template_columns(tp, &labels);
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

/* The one figure of lines la..lb stands beside a label on its line and under a cell of a
 * line of several above it (a header), which is no figure. */
static int headed_figure(const textpage *tp, int la, int lb)
{
    for (int l = la; l < lb; l++)
        for (int k = tp->l[l].f0; k < tp->l[l].f1; k++) {
            const frag *f = &tp->f[k];
            if (f->kind != NB_CELL_NUMBER) continue;
            if (k == tp->l[l].f0) return 0; /* no label beside it */
            for (int h = la; h < l; h++)
                for (int m = tp->l[h].f0; tp->l[h].f1 - tp->l[h].f0 >= 2 && m < tp->l[h].f1; m++)
                    if (!is_figure_or_mark(tp, &tp->f[m]) && overlaps(tp->f[m].x0, tp->f[m].x1, f->x0, f->x1)) return 1;
            return 0;
        }
    return 0;
}

/* An aligned table in lines la..lb (a block of lines with several fragments, and the
 * narrow lines around them). Lines before its first line with figures may be its header
 * or labels; after its last, only label lines are its. *used_a..*used_b is what it takes.
 * NULL when the lines make no table: fewer than two figures (one under a header cell is
 * enough), or one line. */
table *pg_read_aligned(textpage *tp, int la, int lb, int *used_a, int *used_b, carry_cols *carry)
{
    float B = FLT_MAX, left = FLT_MAX;
    int figures = 0, tabular = 0;
    for (int l = la; l < lb; l++) {
        tabular += tp->l[l].f1 - tp->l[l].f0 >= 2;
        for (int k = tp->l[l].f0; k < tp->l[l].f1; k++)
            if (is_figure_or_mark(tp, &tp->f[k])) B = fminf(B, tp->f[k].x0), figures += tp->f[k].kind == NB_CELL_NUMBER;
    }
    /* A table going on from the page before may start here with a single row, and a
     * table of one row (a part of table 二 at a page's end, its other figures blank) is
     * one when its figure stands under a cell of a header. */
    int continuing = carry && carry->n > 0;
    if (figures == 1 && tabular >= 2 && headed_figure(tp, la, lb)) continuing = 1;
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
        if (!pg_is_marker(tp->f[tp->l[bounds[s]].f0].text) && !header_after_figures(tp, bounds[s - 1], bounds[s + 1]) &&
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
