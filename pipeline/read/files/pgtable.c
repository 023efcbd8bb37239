/* pgtable: tables as rows of cells (pgint.h), held until every page is read.
 *
 * A table that runs onto the next page is one table: its repeated header is dropped, what
 * is left there of cells spanning rows from the page before joins them, and a row cut by
 * the page break (no rule under it, none over its rest; without rulings, a row label cut
 * in two) is joined. The break also hides columns: a row whose figures no grid fitted
 * takes the columns that the rows after it show, on its page or on the next. */
#include "pipeline/read/files/pgint.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "pipeline/number.h"
#include "pipeline/read/label.h"
#include "pipeline/read/match.h"

trow *pg_table_new_row(table *t)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->rows = nb_xrealloc(t->rows, sizeof *t->rows * (size_t)t->cap);
    }
    trow *r = &t->rows[t->nrows++];
    memset(r, 0, sizeof *r);
    return r;
}

tcell *pg_row_add(trow *r, const char *text, size_t len, int col, int colspan, int rowspan, float x0, float x1)
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

void pg_table_free(table *t)
{
    for (int i = 0; i < t->nrows; i++) row_free(&t->rows[i]);
    free(t->rows);
    free(t);
}

/* ---- a table running onto the next page ---- */

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
int pg_is_label(const char *text)
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
int pg_same_frame(const table *t, const table *u)
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
int pg_same_columns(const table *t, const table *u)
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

/* Whether cell c of an aligned table holds a figure's place: a value column's cell
 * (its column's extent on the page) holding a figure, a placeholder or nothing. */
static int figure_cell(const tcell *c)
{
    if (c->col <= 0 || c->x1 <= c->x0) return 0;
    nb_number n;
    nb_number_parse(c->text, strlen(c->text), &n);
    return !c->text[0] || n.kind == NB_CELL_NUMBER || n.kind == NB_CELL_PLACEHOLDER;
}

/* Where text splits so that label followed by one side of it spells a template label,
 * looking at its first max_chars character boundaries (never its whole): with head, the
 * longest text[0..at) that does; else the first at after which text[at..) does. 0 when
 * none does. */
static size_t label_split(const char *label, const char *text, int max_chars, int head)
{
    size_t n = strlen(label), len = strlen(text), found = 0;
    char *whole = nb_xmalloc(n + len + 1);
    memcpy(whole, label, n);
    for (size_t at = 0; at < len && max_chars-- > 0 && (head || !found);) {
        uint32_t cp;
        at += nb_utf8_decode((const unsigned char *)text + at, len - at, &cp);
        if (at >= len) break;
        if (head) {
            memcpy(whole + n, text, at);
            whole[n + at] = '\0';
        } else {
            memcpy(whole + n, text + at, len - at + 1);
        }
        if (pg_is_label(whole)) found = at;
    }
    free(whole);
    return found;
}

/* rest, the rest of label cut by the page break, joins it. When the two spell no label of
 * the templates but would without rest's first few characters, those are the rest of a
 * group's label beside it, printed as one text with it ("理结果 （区分处理的"): left out. */
static void append_rest(tcell *label, const char *rest)
{
    nb_buf whole = NB_BUF_INIT;
    nb_buf_adds(&whole, label->text);
    nb_buf_adds(&whole, rest);
    size_t skip = pg_is_label(nb_buf_str(&whole)) ? 0 : label_split(label->text, rest, 6, 0);
    nb_buf_free(&whole);
    append_text(label, rest + skip);
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
    append_rest(label, rest->text);
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

/* A row the page break cut between its cells: its figures the last line of the page
 * (no label beside them: the label's lines did not fit there) and its label the next
 * page's first row (no figure beside it). The figures join the label; they are certain
 * when each one stands in the extent of the value cell it joins, one for one. Returns 1
 * when joined: last is then nothing but blank label cells. */
static int join_broken_row(trow *last, trow *first)
{
    enum { MAXC = 32 };
    tcell *fig[MAXC], *slot[MAXC];
    int nf = 0, ns = 0, labelled = 0, figures = 0;
    for (int i = 0; i < last->n; i++) {
        tcell *c = &last->cells[i];
        if (c->col <= 0 && c->text[0]) return 0;
        if (c->col <= 0) continue;
        if (nf == MAXC) return 0;
        fig[nf++] = c;
        figures += c->text[0] != 0;
    }
    for (int i = 0; i < first->n; i++) {
        tcell *c = &first->cells[i];
        if (c->col <= 0) labelled |= c->text[0] != 0;
        else if (c->text[0] || ns == MAXC) return 0;
        else slot[ns++] = c;
    }
    if (!labelled || !figures || nf != ns) return 0;
    int sure = 1;
    for (int i = 0; i < nf; i++) {
        if (fig[i]->col != slot[i]->col) return 0;
        sure &= figure_cell(fig[i]) && shares(fig[i]->x0, fig[i]->x1, slot[i]->x0, slot[i]->x1);
    }
    for (int i = 0; i < nf; i++) {
        free(slot[i]->text);
        slot[i]->text = fig[i]->text;
        fig[i]->text = nb_xstrdup("");
        slot[i]->marks = sure ? fig[i]->marks & ~NB_MARK_UNCERTAIN : fig[i]->marks | NB_MARK_UNCERTAIN;
    }
    return 1;
}

/* The rest of t's last row label, cut by the page break, printed against the first cell
 * of a header row repeated at the top of the next page (the corner cell): the longest
 * beginning of that cell that makes the label a template's is the label's. The row's
 * figures all stood before the break. */
static void take_glued_rest(trow *last, const table *u)
{
    tcell *label = NULL;
    for (int i = 0; i < last->n; i++)
        if (last->cells[i].cut) label = &last->cells[i];
    if (!label) return;
    for (int r = 0; r < u->nrows; r++) {
        const trow *row = &u->rows[r];
        if (!row->n) continue;
        int figures = 0;
        for (int i = 0; i < row->n; i++) figures += row->cells[i].col > 0 && figure_cell(&row->cells[i]) && row->cells[i].text[0];
        if (figures || row->cells[0].cont) return; /* the header is over */
        if (!row->cells[0].text[0]) continue;
        char *text = row->cells[0].text;
        size_t best = label_split(label->text, text, 24, 1);
        if (!best) continue;
        char *rest = nb_xmalloc(best + 1);
        memcpy(rest, text, best);
        rest[best] = '\0';
        append_text(label, rest);
        free(rest);
        memmove(text, text + best, strlen(text + best) + 1);
        label->cut = 0;
        for (int i = (int)(label - last->cells); i < last->n; i++) last->cells[i].marks &= ~NB_MARK_UNCERTAIN;
        return;
    }
}

/* u continues t on the next page: its repeated header goes, what is left of cells
 * spanning rows from the page before joins them, a row cut in two by the page break is
 * joined, the rest is appended. u is emptied. */
void pg_join_tables(table *t, table *u)
{
    int start = 0;
    if (!t->ruled && t->nrows) take_glued_rest(&t->rows[t->nrows - 1], u);
    while (start < u->nrows && start < t->nrows && rows_equal(&t->rows[start], &u->rows[start])) start++;
    if (start == u->nrows) start = 0; /* nothing but a header: keep it as printed */
    if (!t->ruled && t->nrows && start < u->nrows) join_cut_label(&t->rows[t->nrows - 1], &u->rows[start]);
    if (!t->ruled && t->nrows && start < u->nrows && join_broken_row(&t->rows[t->nrows - 1], &u->rows[start])) {
        int last = --t->nrows;
        row_free(&t->rows[last]);
        for (int r = 0; r < last; r++)
            for (int k = 0; k < t->rows[r].n; k++)
                if (r + t->rows[r].cells[k].rowspan - 1 >= last) t->rows[r].cells[k].rowspan--;
    }
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
                    (nb_label_core(uc->text, strlen(uc->text), core, sizeof core) != 0 || pg_is_label(uc->text)))
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
        trow *dst = pg_table_new_row(t);
        *dst = u->rows[r];
        memset(&u->rows[r], 0, sizeof u->rows[r]);
    }
    t->open_bottom = u->open_bottom;
    t->uncertain += u->uncertain;
    u->uncertain = 0;
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
 * figures, when each of its figures stands in exactly one of them (reaching into no other),
 * left to right. Returns whether it did. */
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
        int hits = 0, touched = 0; /* columns its middle stands in; columns it reaches into */
        for (int j = 0; j < next->n; j++) {
            if (next->cells[j].col <= 0) continue;
            if (mid >= next->cells[j].x0 && mid <= next->cells[j].x1) to[i] = j, hits++;
            touched += c->x0 < next->cells[j].x1 && c->x1 > next->cells[j].x0;
        }
        hits = touched > 1 ? 0 : hits; /* a figure across two columns is in neither for sure */
        ok = hits == 1 && to[i] > prev;
        prev = to[i];
    }
    if (ok) {
        trow out = {0};
        for (int i = 0; i < row->n; i++)
            if (row->cells[i].col == 0) {
                tcell *c = pg_row_add(&out, "", 0, 0, 1, 1, 0, 0);
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
            tcell *c = pg_row_add(&out, text, strlen(text), nc->col, 1, 1, nc->x0, nc->x1);
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
void pg_settle_table(table *t, const table *u)
{
    for (int r = t->nrows - 1; r >= 0; r--) {
        int blocked;
        const trow *next = first_certain_row(t->rows + r + 1, t->nrows - r - 1, &blocked);
        if (!next && !blocked && u) next = first_certain_row(u->rows, u->nrows, &blocked);
        settle_columns(&t->rows[r], next);
    }
}
