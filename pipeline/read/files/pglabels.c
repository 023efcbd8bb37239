/* pglabels: fragments of a label column grouped by the template labels they spell (see
 * pglabels.h).
 *
 * The labels of every template (rows with their variants, groups, markers, header cells)
 * are compiled once into code point strings with their roles. Grouping is greedy from the
 * top: a fragment not yet in a cell starts the longest label it can complete by going
 * down its column, one line at a time. Labels are distinct enough that the first fragment
 * and the next one or two settle which (1. 属 于 … is 1.属于国家秘密, not 1.本机关…). */
#include "pipeline/read/files/pglabels.h"

#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"
#include "pipeline/template.h"

enum { MAX_CPS = 128 };

typedef struct {
    uint32_t *cp;
    int n, role;
    int ncols;   /* of the rows it labels; 0 when they differ, -1 none yet */
} label;

static struct {
    label *items;
    int n, cap;
} labels;

/* Which group labels stand over which row labels (indices into labels), by the template. */
static struct {
    struct { int group, row; } *items;
    int n, cap;
} members;

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* text[0..len) as code points without spaces, full-width forms folded; at most max. */
static int fold(const char *text, size_t len, uint32_t *out, int max)
{
    int n = 0;
    for (size_t i = 0; i < len && n < max;) {
        uint32_t cp;
        i += nb_utf8_decode((const unsigned char *)text + i, len - i, &cp);
        if (nb_utf8_is_space(cp)) continue;
        out[n++] = nb_utf8_halfwidth(cp);
    }
    return n;
}

/* Returns the label's index, or -1 for an empty text. */
static int add(const char *text, size_t len, int role, int ncols)
{
    uint32_t cp[MAX_CPS];
    int n = fold(text, len, cp, MAX_CPS);
    if (n == 0) return -1;
    for (int i = 0; i < labels.n; i++)
        if (labels.items[i].n == n && !memcmp(labels.items[i].cp, cp, sizeof *cp * (size_t)n)) {
            label *l = &labels.items[i];
            l->role |= role;
            if (ncols >= 0 && l->ncols != ncols) l->ncols = l->ncols < 0 ? ncols : 0;
            return i;
        }
    if (labels.n == labels.cap) {
        labels.cap = labels.cap ? labels.cap * 2 : 128;
        labels.items = nb_xrealloc(labels.items, sizeof *labels.items * (size_t)labels.cap);
    }
    label *l = &labels.items[labels.n++];
    l->cp = nb_xmalloc(sizeof *cp * (size_t)n);
    memcpy(l->cp, cp, sizeof *cp * (size_t)n);
    l->n = n, l->role = role, l->ncols = ncols;
    return labels.n - 1;
}

/* Each piece of s split at sep ('|' between spellings, ' ' between nested groups); each
 * piece's index goes to index[] (room for max) when given. Returns the number of pieces. */
static int add_pieces(const char *s, char sep, int role, int ncols, int *index, int max)
{
    int count = 0;
    while (s && *s) {
        const char *end = strchr(s, sep);
        size_t len = end ? (size_t)(end - s) : strlen(s);
        int i = add(s, len, role, ncols);
        if (index && i >= 0 && count < max) index[count++] = i;
        s = end ? end + 1 : NULL;
    }
    return count;
}

static void add_member(int group, int row)
{
    if (members.n == members.cap) {
        members.cap = members.cap ? members.cap * 2 : 128;
        members.items = nb_xrealloc(members.items, sizeof *members.items * (size_t)members.cap);
    }
    members.items[members.n].group = group, members.items[members.n++].row = row;
}

/* Whether group label g stands over row label r. */
static int is_member(int g, int r)
{
    for (int i = 0; i < members.n; i++)
        if (members.items[i].group == g && members.items[i].row == r) return 1;
    return 0;
}

static void compile(void)
{
    for (const nb_template *const *tp = nb_templates; *tp; tp++) {
        const nb_template *t = *tp;
        for (int r = 0; r < t->nrows; r++) {
            const nb_row *row = &t->rows[r];
            int nc = nb_row_ncolumns(row);
            int spellings[16], groups[8], ns = 0;
            int own = row->label ? add(row->label, strlen(row->label), NB_PGL_ROW, nc) : -1;
            if (own >= 0) spellings[ns++] = own;
            ns += add_pieces(row->variants, '|', NB_PGL_ROW, nc, spellings + ns, 16 - ns);
            int ng = add_pieces(row->group, ' ', NB_PGL_OTHER, -1, groups, 8);
            for (int g = 0; g < ng; g++)
                for (int i = 0; i < ns; i++) add_member(groups[g], spellings[i]);
            for (int c = 0; row->columns[c]; c++) {
                const nb_column *col = row->columns[c];
                add(col->label, strlen(col->label), NB_PGL_OTHER, -1);
                add_pieces(col->variants, '|', NB_PGL_OTHER, -1, NULL, 0);
                add_pieces(col->group, '|', NB_PGL_OTHER, -1, NULL, 0);
            }
        }
        for (int tb = 0; tb < NB_TABLE_COUNT; tb++) {
            for (int m = 0; t->markers[tb][m]; m++) add(t->markers[tb][m], strlen(t->markers[tb][m]), NB_PGL_OTHER, -1);
            add_pieces(t->header_corner[tb], '|', NB_PGL_OTHER, -1, NULL, 0);
            add_pieces(t->header_over_values[tb], '|', NB_PGL_OTHER, -1, NULL, 0);
        }
    }
}

/* g stands in the column of a cell spanning x0..x1: a line of it, wrapped. */
static int in_column(const nb_pgl_frag *g, float x0, float x1, float size)
{
    float slack = 0.3f * size, cx = (g->x0 + g->x1) / 2;
    return g->x0 < x1 + slack && g->x1 > x0 - slack && cx >= x0 - size && cx <= x1 + size;
}

/* The fragments of a page's label column, spelled as code points. */
typedef struct {
    const nb_pgl_frag *f;
    int n;
    const uint32_t *cps;
    const int *len;
    const int *cell_of;
} column;

/* Label l spelled on from pos (chain[0..*nchain) spell it up to there) by the fragments
 * that go on with it down its column, added to chain; x0..x1 grows to the cell's extent.
 * Returns how far l is spelled. */
static int follow(const column *col, const label *l, int pos, int *chain, int *nchain, float *x0, float *x1)
{
    const nb_pgl_frag *f = col->f;
    int last = chain[*nchain - 1], k = chain[0];
    while (pos < l->n) {
        int pick = -1;
        for (int j = last + 1; j < col->n; j++) {
            /* The same line only right after it (a label cut where the lines above
             * and below show two columns); else the next lines. */
            int beside = f[j].line == f[last].line;
            if (beside && (f[j].x0 < f[last].x1 - 1 || f[j].x0 - f[last].x1 > 0.5f * f[last].size)) continue;
            if (f[j].base - f[last].base > 2.2f * f[last].size) break;
            if (pick >= 0 && f[j].line > f[pick].line) break;
            if (col->cell_of[j] >= 0 || !col->len[j] || pos + col->len[j] > l->n ||
                memcmp(l->cp + pos, col->cps + (size_t)j * MAX_CPS, sizeof *col->cps * (size_t)col->len[j]))
                continue;
            if (!beside && !in_column(&f[j], *x0, *x1, f[k].size)) continue;
            float c = (*x0 + *x1) / 2;
            if (pick < 0 || fabsf((f[j].x0 + f[j].x1) / 2 - c) < fabsf((f[pick].x0 + f[pick].x1) / 2 - c)) pick = j;
        }
        if (pick < 0) break;
        chain[(*nchain)++] = pick;
        pos += col->len[pick];
        last = pick;
        if (f[pick].x0 < *x0) *x0 = f[pick].x0;
        if (f[pick].x1 > *x1) *x1 = f[pick].x1;
    }
    return pos;
}

/* Fragment k starts its column: nothing above it there. */
static int at_top(const nb_pgl_frag *f, int n, int k)
{
    for (int j = 0; j < n; j++)
        if (f[j].base < f[k].base - 0.5f * f[k].size && in_column(&f[j], f[k].x0, f[k].x1, f[k].size)) return 0;
    return 1;
}

/* Fragment k ends the column x0..x1: nothing below it reaches into it (a group's label
 * beside it may go on lower). */
static int at_bottom(const nb_pgl_frag *f, int n, int k, float x0, float x1)
{
    for (int j = 0; j < n; j++)
        if (f[j].base > f[k].base + 0.5f * f[k].size && f[j].x0 < x1 && f[j].x1 > x0) return 0;
    return 1;
}

/* Whether one group's label alone ends with cp among the groups that could be cut
 * beside base: those over a row label found on the page (cells, label index cell_label)
 * and reaching, with their rows there, down to base ("理" beside 3.要求提供公开出版物 ends
 * （五）不予处理, not （六）其他处理, whose rows are elsewhere). A rest of one character
 * is that label's. */
static int ends_one_group(uint32_t cp, float base, float size, const nb_pgl_cell *cells, const int *cell_label,
                          int ncells)
{
    int n = 0;
    for (int li = 0; li < labels.n; li++) {
        if (!(labels.items[li].role & NB_PGL_OTHER) || labels.items[li].cp[labels.items[li].n - 1] != cp) continue;
        float top = FLT_MAX, bottom = -FLT_MAX;
        for (int c = 0; c < ncells; c++)
            if ((cells[c].role & NB_PGL_ROW) && cell_label[c] >= 0 && is_member(li, cell_label[c]))
                top = fminf(top, cells[c].first), bottom = fmaxf(bottom, cells[c].last);
        n += base >= top - size && base <= bottom + size;
    }
    return n == 1;
}

/* The rest of a group's label cut by the page break, at the top of its column, beside
 * the row labels (cells[0..ncells)), not in their column (there it is the rest of a
 * row's label): fragment k and those going on with it down the column spell the end of
 * such a label (two code points at least, or one only that label ends with). Returns the number of fragments in chain, 0
 * if none. */
static int group_rest(const column *col, int k, const nb_pgl_cell *cells, const int *cell_label, int ncells,
                      int *chain)
{
    if (!at_top(col->f, col->n, k)) return 0;
    /* The row labels' column: the first row label's. */
    int first = -1;
    for (int c = 0; c < ncells; c++)
        if (cells[c].role == NB_PGL_ROW && (first < 0 || cells[c].first < cells[first].first)) first = c;
    float cx = (col->f[k].x0 + col->f[k].x1) / 2;
    if (first >= 0 && cx >= cells[first].x0 && cx <= cells[first].x1) return 0;
    const uint32_t *head = col->cps + (size_t)k * MAX_CPS;
    for (int li = 0; li < labels.n; li++) {
        const label *l = &labels.items[li];
        if (!(l->role & NB_PGL_OTHER)) continue;
        for (int s = 1; s + col->len[k] <= l->n; s++) {
            if (memcmp(l->cp + s, head, sizeof *head * (size_t)col->len[k])) continue;
            int nchain = 1;
            float x0 = col->f[k].x0, x1 = col->f[k].x1;
            chain[0] = k;
            if (follow(col, l, s + col->len[k], chain, &nchain, &x0, &x1) == l->n &&
                (l->n - s >= 2 ||
                 ends_one_group(l->cp[l->n - 1], col->f[k].base, col->f[k].size, cells, cell_label, ncells)))
                return nchain;
        }
    }
    return 0;
}

/* The beginning of a group's label cut by the page break after a character or two
 * ("（" of （四）无法提供): fragment k at the bottom, a row label beside it on its line
 * to its right (so it is no row's label), its text the beginning of a group's label. */
static int group_cut(const column *col, int k, const nb_pgl_cell *cells, int ncells)
{
    const nb_pgl_frag *f = col->f;
    if (!at_bottom(f, col->n, k, f[k].x0, f[k].x1)) return 0;
    int beside = 0;
    for (int c = 0; c < ncells && !beside; c++)
        beside = (cells[c].role & NB_PGL_ROW) && cells[c].x0 > f[k].x1 - 1 && fabsf(cells[c].last - f[k].base) < 0.5f * f[k].size;
    if (!beside) return 0;
    const uint32_t *head = col->cps + (size_t)k * MAX_CPS;
    for (int li = 0; li < labels.n; li++)
        if ((labels.items[li].role & NB_PGL_OTHER) && labels.items[li].n > col->len[k] &&
            !memcmp(labels.items[li].cp, head, sizeof *head * (size_t)col->len[k]))
            return 1;
    return 0;
}

/* c, cell number index: the fragments chain[0..nchain). */
static void put_cell(const nb_pgl_frag *f, const int *chain, int nchain, int role, int cut, int ncols, nb_pgl_cell *c,
                     int *cell_of, int index)
{
    c->role = role, c->nfrags = nchain, c->cut = cut, c->ncols = ncols;
    c->first = f[chain[0]].base, c->last = f[chain[nchain - 1]].base;
    c->x0 = f[chain[0]].x0, c->x1 = f[chain[0]].x1;
    for (int i = 0; i < nchain; i++) {
        cell_of[chain[i]] = index;
        if (f[chain[i]].x0 < c->x0) c->x0 = f[chain[i]].x0;
        if (f[chain[i]].x1 > c->x1) c->x1 = f[chain[i]].x1;
    }
}

int nb_pglabels_group(const nb_pgl_frag *f, int n, int *cell_of, nb_pgl_cell *cells)
{
    pthread_once(&once, compile);
    uint32_t *cps = nb_xmalloc(sizeof *cps * (size_t)(n ? n : 1) * MAX_CPS);
    int *len = nb_xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    int *chain = nb_xmalloc(sizeof(int) * (size_t)(n ? n : 1)), *best = nb_xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    int *cut_chain = nb_xmalloc(sizeof(int) * (size_t)(n ? n : 1));
    int *cell_label = nb_xmalloc(sizeof(int) * (size_t)(n ? n : 1)); /* each cell's label */
    for (int k = 0; k < n; k++) {
        len[k] = fold(f[k].text, strlen(f[k].text), cps + (size_t)k * MAX_CPS, MAX_CPS);
        cell_of[k] = -1;
    }
    column fr = {f, n, cps, len, cell_of};
    int ncells = 0;
    for (int k = 0; k < n; k++) {
        if (cell_of[k] >= 0 || !len[k]) continue;
        const uint32_t *head = cps + (size_t)k * MAX_CPS;
        int best_n = 0, best_len = 0, best_role = 0, best_cols = -1, best_label = -1;
        int cut_pos = 0, cut_label = -1, cut_n = 0, cut_role = 0;
        for (int li = 0; li < labels.n; li++) {
            const label *l = &labels.items[li];
            if (l->n < len[k] || l->n < best_len || memcmp(l->cp, head, sizeof *head * (size_t)len[k])) continue;
            int nchain = 1;
            float x0 = f[k].x0, x1 = f[k].x1;
            chain[0] = k;
            int pos = follow(&fr, l, len[k], chain, &nchain, &x0, &x1), last = chain[nchain - 1];
            if (pos < l->n) {
                /* Cut by the end of the fragments (a page break): no line below it in
                 * its column. */
                if (pos >= 2 && at_bottom(f, n, last, x0, x1) && pos > cut_pos) {
                    cut_pos = pos, cut_label = li, cut_n = nchain, cut_role = l->role;
                    memcpy(cut_chain, chain, sizeof(int) * (size_t)nchain);
                } else if (pos >= 2 && pos == cut_pos && cut_label >= 0 && labels.items[cut_label].role != l->role) {
                    cut_label = -1; /* two labels begin so */
                }
                continue;
            }
            if (l->n > best_len) {
                best_len = l->n, best_role = l->role, best_n = nchain, best_cols = l->ncols, best_label = li;
                memcpy(best, chain, sizeof(int) * (size_t)nchain);
            } else if (l->n == best_len) {
                best_role |= l->role;
                if (l->ncols != best_cols) best_cols = 0;
            }
        }
        int cut = 0;
        if (!best_len && cut_label >= 0 && cut_pos > 0) {
            best_n = cut_n, best_role = cut_role, cut = 1, best_cols = labels.items[cut_label].ncols, best_label = cut_label;
            memcpy(best, cut_chain, sizeof(int) * (size_t)cut_n);
        } else if (!best_len) {
            continue;
        }
        put_cell(f, best, best_n, best_role, cut, best_cols > 0 ? best_cols : 0, &cells[ncells], cell_of, ncells);
        cell_label[ncells++] = best_label;
    }
    for (int k = 0; k < n; k++) {
        if (cell_of[k] >= 0 || !len[k]) continue;
        int nchain = group_rest(&fr, k, cells, cell_label, ncells, chain);
        if (nchain) put_cell(f, chain, nchain, NB_PGL_OTHER, 0, 0, &cells[ncells], cell_of, ncells), cell_label[ncells++] = -1;
    }
    for (int k = 0; k < n; k++)
        if (cell_of[k] < 0 && len[k] && group_cut(&fr, k, cells, ncells))
            put_cell(f, &k, 1, NB_PGL_OTHER, 1, 0, &cells[ncells], cell_of, ncells), cell_label[ncells++] = -1;
    free(cps), free(len), free(chain), free(best), free(cut_chain), free(cell_label);
    return ncells;
}
