/* textdoc: plain text -> cells (see textdoc.h).
 *
 * The layout is decided once per document: when most text lines are followed by a blank
 * line, blank lines separate cells (and a single line break inside a cell is a wrapped
 * label); otherwise every line is a row. */
#include "pipeline/read/textdoc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "pipeline/number.h"
#include "base/utf8.h"

typedef struct {
    const char *s;
    size_t n;
} span;

/* A row's cells before they go into the doc: line mode looks at rows around a row (a
 * blank line, a stacked header, a figure standing alone) before it settles them. */
typedef struct {
    const char *s;
    size_t n;
    int keep_empty;
    int c0, c1;         /* display columns (a CJK character is two wide) */
    int value;          /* a figure or a placeholder */
    unsigned marks;
} pcell;

typedef struct {
    pcell *c;
    int n, cap;
    int hard;           /* split at tabs or bars (column positions are not printed) */
    int blank;          /* a blank line */
} prow;

static void prow_add(prow *r, const char *s, size_t n, int keep_empty, int c0, int c1, int value)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 8;
        r->c = nb_xrealloc(r->c, sizeof *r->c * (size_t)r->cap);
    }
    r->c[r->n++] = (pcell){s, n, keep_empty, c0, c1, value, 0};
}

/* The display column of p in a line starting at base. */
static int display_col(const char *base, const char *p)
{
    int col = 0;
    for (const char *q = base; q < p;) {
        uint32_t cp;
        q += nb_utf8_decode((const unsigned char *)q, (size_t)(p - q), &cp);
        col += cp >= 0x1100 && (cp <= 0x115F || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
                                (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
                                (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000)
                   ? 2 : 1;
    }
    return col;
}

static int is_blank(span l)
{
    for (size_t i = 0; i < l.n;) {
        uint32_t cp;
        i += nb_utf8_decode((const unsigned char *)l.s + i, l.n - i, &cp);
        if (!nb_utf8_is_space(cp)) return 0;
    }
    return 1;
}

static span next_line(const char *text, size_t len, size_t *pos)
{
    span l = {text + *pos, 0};
    const char *nl = memchr(l.s, '\n', len - *pos);
    l.n = nl ? (size_t)(nl - l.s) : len - *pos;
    *pos += l.n + (nl ? 1 : 0);
    if (l.n && l.s[l.n - 1] == '\r') l.n--;
    return l;
}

static int paragraphs_separate_cells(const char *text, size_t len)
{
    size_t pos = 0, lines = 0, followed_by_blank = 0;
    int prev_text = 0;
    while (pos < len) {
        span l = next_line(text, len, &pos);
        int blank = is_blank(l);
        if (prev_text && blank) followed_by_blank++;
        if (!blank) lines++;
        prev_text = !blank;
    }
    return lines >= 4 && followed_by_blank * 10 >= lines * 6;
}

/* "-4-", "- 4 -", "第4页", "第 4 页 共 10 页", "4/10": furniture of a printed page. */
static int is_page_furniture(const char *s, size_t n)
{
    char core[64];
    size_t o = 0;
    for (size_t i = 0; i < n && o < sizeof core - 4;) {
        uint32_t cp;
        i += nb_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (nb_utf8_is_space(cp)) continue;
        o += nb_utf8_encode(nb_utf8_halfwidth(cp), core + o);
    }
    if (o == 0 || o >= sizeof core - 4) return 0;
    core[o] = '\0';
    size_t i = 0;
    int dashes = 0, digits = 0;
    if (!strncmp(core, "第", 3)) {
        for (i = 3; core[i] >= '0' && core[i] <= '9'; i++) digits++;
        return digits && !strncmp(core + i, "页", 3);
    }
    if (core[i] == '-') dashes++, i++;
    for (; core[i] >= '0' && core[i] <= '9'; i++) digits++;
    if (core[i] == '-') dashes++, i++;
    return digits && dashes == 2 && core[i] == '\0';
}

static int is_value_token(const char *s, size_t n)
{
    nb_number num;
    nb_number_parse(s, n, &num);
    return num.kind == NB_CELL_NUMBER || num.kind == NB_CELL_PLACEHOLDER;
}

/* Adds one cell to r, first splitting off trailing value tokens separated by single
 * spaces; base is the start of the line (for display columns). */
static void add_cell(prow *r, const char *base, const char *s, size_t n)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    while (n && (*s == ' ' || *s == '\t')) s++, n--;
    if (n == 0 || is_page_furniture(s, n)) return;
    /* Find where the trailing run of value tokens starts. */
    size_t split = n;
    for (;;) {
        size_t end = split;
        while (end && s[end - 1] == ' ') end--;
        if (end == 0) break;
        size_t start = end;
        while (start && s[start - 1] != ' ') start--;
        if (!is_value_token(s + start, end - start)) break;
        split = start;
        if (start == 0) break;
    }
    if (split > 0) {
        size_t m = split;
        while (m && s[m - 1] == ' ') m--;
        prow_add(r, s, split == n ? n : m, 0, display_col(base, s), display_col(base, s + (split == n ? n : m)),
                 split == n && is_value_token(s, n));
    }
    for (size_t i = split; i < n;) {
        while (i < n && s[i] == ' ') i++;
        size_t j = i;
        while (j < n && s[j] != ' ') j++;
        if (j > i) prow_add(r, s + i, j - i, 0, display_col(base, s + i), display_col(base, s + j), 1);
        i = j;
    }
}

/* "|---|:---:|" of a Markdown table, "+----+" and "+====+" of a grid table, or a long
 * line of dashes drawn between parts of a text. A short run of dashes alone ("---") is
 * a cell: the placeholder some people type for a blank figure. */
static int is_markdown_rule(span l)
{
    int dashes = 0, bars = 0;
    for (size_t i = 0; i < l.n; i++) {
        char c = l.s[i];
        if (c == '-' || c == '=') dashes++;
        else if (c == '|' || c == '+') bars++;
        else if (c != ':' && c != ' ' && c != '\t') return 0;
    }
    return dashes >= 3 && (bars > 0 || dashes >= 5);
}

typedef struct {
    size_t start, len;
    int hard_before, hard_after; /* bounded by a tab or '|' (not by spaces) */
} field;

/* Adds l as a row of cells split at tabs, '|' and runs of two or more spaces (ASCII or
 * the ideographic space U+3000). An empty field between two tabs or bars, with cells on
 * both sides, is a blank cell (a browser's copy of a table, a Markdown table): dropping
 * it would move the next figures into its column. Between spaces a blank cannot be told
 * from the gap, and at the ends of a row it is the frame ("| a | b |"), so it goes. */
static void split_row(span l, prow *r)
{
    r->n = 0, r->hard = 0, r->blank = is_blank(l);
    if (r->blank || is_markdown_rule(l)) return;
    field stack_fields[32], *f = stack_fields;
    size_t nf = 0, cap = sizeof stack_fields / sizeof *stack_fields;
    size_t start = 0, i = 0;
    int hard_before = 0;
    for (;;) {
        size_t sep = 0;
        int hard = 0;
        if (i < l.n) {
            if (l.s[i] == '\t' || l.s[i] == '|') sep = 1, hard = 1;
            else if (l.s[i] == ' ' && i + 1 < l.n && l.s[i + 1] == ' ') {
                sep = 2;
                while (i + sep < l.n && l.s[i + sep] == ' ') sep++;
                /* Spaces padding a cell next to a tab or bar ("|  | 5 |") separate nothing. */
                if ((i == start && hard_before) || (i + sep < l.n && (l.s[i + sep] == '\t' || l.s[i + sep] == '|'))) {
                    i += sep;
                    continue;
                }
            } else if (i + 3 <= l.n && !memcmp(l.s + i, "\xE3\x80\x80", 3)) {
                sep = 3;
            }
            if (!sep) {
                i++;
                continue;
            }
        }
        if (nf == cap) {
            cap *= 2;
            field *grown = nb_xrealloc(f == stack_fields ? NULL : f, cap * sizeof *f);
            if (f == stack_fields) memcpy(grown, stack_fields, sizeof stack_fields);
            f = grown;
        }
        f[nf++] = (field){start, i - start, hard_before, hard};
        if (i >= l.n) break;
        hard_before = hard;
        i += sep;
        start = i;
    }
    size_t first = nf, last = 0;
    for (size_t k = 0; k < nf; k++)
        if (!is_blank((span){l.s + f[k].start, f[k].len})) {
            if (first == nf) first = k;
            last = k;
        }
    for (size_t k = 0; k < nf; k++) r->hard |= f[k].hard_before || f[k].hard_after;
    for (size_t k = first; k < nf && k <= last; k++) {
        if (!is_blank((span){l.s + f[k].start, f[k].len})) add_cell(r, l.s, l.s + f[k].start, f[k].len);
        else if (f[k].hard_before && f[k].hard_after) prow_add(r, "", 0, 1, 0, 0, 1);
    }
    if (f != stack_fields) free(f);
}

static void emit_row(nb_doc *d, const prow *r)
{
    if (!r->n) return;
    nb_doc_new_row(d);
    for (int k = 0; k < r->n; k++) {
        size_t before = d->ncells;
        nb_doc_add_cell(d, r->c[k].s, r->c[k].n, k, 1, 1, -1, r->c[k].keep_empty);
        if (d->ncells > before) d->cells[before].marks |= r->c[k].marks;
    }
}

static void add_row(nb_doc *d, span l, prow *scratch)
{
    split_row(l, scratch);
    emit_row(d, scratch);
}

/* A paragraph of a few lines is one cell wrapped by the browser or the PDF ("本年新" /
 * "制作数量"); a longer run of lines without blank lines between is a list of cells (the
 * site's header, a block of dates and sources), one per line. */
enum { MAX_WRAPPED_LINES = 3 };

static void add_paragraph(nb_doc *d, const span *lines, int n, nb_buf *joined, prow *scratch)
{
    if (n > MAX_WRAPPED_LINES) {
        for (int i = 0; i < n; i++) add_row(d, lines[i], scratch);
        return;
    }
    nb_buf_clear(joined);
    for (int i = 0; i < n; i++) {
        if (i) nb_buf_addc(joined, ' ');
        nb_buf_add(joined, lines[i].s, lines[i].n);
    }
    add_row(d, (span){joined->data, joined->len}, scratch);
}

/* ---- line mode: a row read with the rows around it ---- */

enum { MAX_BLANK_CELLS = 12 };

/* A single Chinese character that is no placeholder (无 and 空 are figures' stand-ins). */
static int is_single_char(const pcell *c)
{
    uint32_t cp;
    size_t k = c->n ? nb_utf8_decode((const unsigned char *)c->s, c->n, &cp) : 0;
    return k && k == c->n && cp >= 0x3400 && cp <= 0x9FFF && !c->value;
}

static int is_stacked(const prow *r)
{
    if (r->blank || !r->n) return 0;
    for (int k = 0; k < r->n; k++)
        if (!is_single_char(&r->c[k])) return 0;
    return 1;
}

/* Lines of single characters, as many on each line, are a header printed a character
 * per line in narrow columns (结 结 其 / 果 果 他 / 维 纠 结 / 持 正 果): one row, each
 * column's characters top to bottom. Returns the rows used (0 if rows[i] starts none). */
static int merge_stacked(prow *rows, int i, int n, nb_buf *store)
{
    int j = i;
    while (j < n && is_stacked(&rows[j]) && rows[j].n == rows[i].n) j++;
    if (j - i < 2) return 0;
    int cols = rows[i].n;
    /* The merged texts live in store (never reallocated while in use: sized first). */
    size_t need = 0;
    for (int r = i; r < j; r++)
        for (int k = 0; k < cols; k++) need += rows[r].c[k].n;
    nb_buf_clear(store);
    nb_buf_reserve(store, need + 1);
    for (int k = 0; k < cols; k++) {
        size_t at = store->len;
        for (int r = i; r < j; r++) nb_buf_add(store, rows[r].c[k].s, rows[r].c[k].n);
        rows[i].c[k].s = store->data + at;
        rows[i].c[k].n = store->len - at;
    }
    for (int r = i + 1; r < j; r++) rows[r].n = 0;
    return j - i;
}

/* A row printed with runs of spaces that has fewer figures than the rows right around it
 * (a blank cell between spaces looks like the gap): each of its figures goes under the
 * figure of a fuller neighbour it is printed under, blank cells filling the rest. When
 * one cannot be placed so, its figures are marked uncertain rather than read from the
 * left. */
static void align_figures(prow *rows, int n, int i, pcell **spare, int *spare_cap)
{
    prow *r = &rows[i];
    if (r->hard || r->blank) return;
    int nv = 0;
    for (int k = 0; k < r->n; k++) nv += r->c[k].value;
    if (!nv) return;
    /* The fullest row among the figure rows next to this one (no other row between). */
    const prow *best = NULL;
    int best_nv = nv;
    for (int dir = -1; dir <= 1; dir += 2)
        for (int j = i + dir, steps = 0; j >= 0 && j < n && steps < 3; j += dir, steps++) {
            const prow *o = &rows[j];
            if (o->blank) continue;
            int ov = 0;
            for (int k = 0; k < o->n; k++) ov += o->c[k].value;
            if (!ov || o->hard) break;
            if (ov > best_nv) best = o, best_nv = ov;
        }
    if (!best) return;
    const pcell *bv[64];
    int nb = 0;
    for (int k = 0; k < best->n && nb < 64; k++)
        if (best->c[k].value) bv[nb++] = &best->c[k];
    int at[64], last = -1, ok = nv <= 64;
    for (int k = 0, v = 0; k < r->n && ok; k++) {
        if (!r->c[k].value) continue;
        int hit = -1;
        for (int b = last + 1; b < nb; b++)
            if (r->c[k].c0 < bv[b]->c1 && bv[b]->c0 < r->c[k].c1) {
                hit = b;
                break;
            }
        ok = hit >= 0;
        at[v++] = last = hit;
    }
    if (!ok) {
        for (int k = 0; k < r->n; k++)
            if (r->c[k].value) r->c[k].marks |= NB_MARK_UNCERTAIN;
        return;
    }
    /* Rebuild: the labels, then one cell per figure column of the neighbour. */
    int need = r->n + nb;
    if (need > *spare_cap) {
        *spare_cap = need;
        *spare = nb_xrealloc(*spare, sizeof **spare * (size_t)need);
    }
    pcell *out = *spare;
    int o = 0, v = 0;
    for (int k = 0; k < r->n; k++)
        if (!r->c[k].value) out[o++] = r->c[k];
    for (int b = 0; b < nb; b++) {
        if (v < nv && at[v] == b) {
            int seen = 0;
            for (int k = 0; k < r->n; k++)
                if (r->c[k].value && seen++ == v) out[o++] = r->c[k];
            v++;
        } else {
            out[o++] = (pcell){"", 0, 1, bv[b]->c0, bv[b]->c1, 1, 0};
        }
    }
    if (r->cap < o) {
        r->cap = o;
        r->c = nb_xrealloc(r->c, sizeof *r->c * (size_t)o);
    }
    memcpy(r->c, out, sizeof *out * (size_t)o);
    r->n = o;
}

static void parse_lines(const char *text, size_t len, nb_doc *d)
{
    int n = 0, cap = 0;
    prow *rows = NULL;
    size_t pos = 0;
    while (pos < len) {
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            rows = nb_xrealloc(rows, sizeof *rows * (size_t)cap);
            memset(rows + n, 0, sizeof *rows * (size_t)(cap - n));
        }
        split_row(next_line(text, len, &pos), &rows[n++]);
    }
    /* Stacked headers, then figures placed under their columns. */
    nb_buf *stores = nb_xcalloc((size_t)(n ? n : 1), sizeof *stores);
    for (int i = 0; i < n; i++) {
        int used = merge_stacked(rows, i, n, &stores[i]);
        if (used) i += used - 1;
    }
    pcell *spare = NULL;
    int spare_cap = 0;
    for (int i = 0; i < n; i++) align_figures(rows, n, i, &spare, &spare_cap);
    /* A blank line between lines of one cell each is an empty cell (a browser's copy of
     * a table, one cell per line); between rows of several cells it is no cell, and a
     * long run of them is only space. */
    int prev_cells = 0;
    for (int i = 0; i < n; i++) {
        if (!rows[i].blank) {
            emit_row(d, &rows[i]);
            if (rows[i].n) prev_cells = rows[i].n;
            continue;
        }
        int j = i;
        while (j < n && rows[j].blank) j++;
        if (prev_cells == 1 && j < n && rows[j].n == 1 && j - i <= MAX_BLANK_CELLS)
            for (int k = i; k < j; k++) {
                nb_doc_new_row(d);
                nb_doc_add_cell(d, "", 0, 0, 1, 1, -1, 1);
            }
        i = j - 1;
    }
    for (int i = 0; i < n; i++) {
        free(rows[i].c);
        nb_buf_free(&stores[i]);
    }
    free(stores);
    free(spare);
    free(rows);
}

int nb_textdoc_parse(const char *text, size_t len, nb_doc *d)
{
    size_t pos = 0;
    if (!paragraphs_separate_cells(text, len)) {
        parse_lines(text, len, d);
        return 0;
    }
    nb_buf joined = NB_BUF_INIT;
    prow scratch = {0};
    span *lines = NULL;
    int n = 0, cap = 0, blanks = 0, seen = 0;
    while (pos <= len) {
        int at_end = pos >= len;
        span l = at_end ? (span){text + len, 0} : next_line(text, len, &pos);
        if (at_end || is_blank(l)) {
            if (n) add_paragraph(d, lines, n, &joined, &scratch);
            seen |= n > 0;
            blanks = n ? 1 : blanks + 1;
            n = 0;
            if (at_end) break;
            continue;
        }
        /* Cells are one blank line apart; a blank cell shows as two more (its own empty
         * paragraph and the line after it). An even run cannot be read so, and the empty
         * cells it stands for are marked. */
        if (seen && blanks >= 3 && blanks <= 2 * MAX_BLANK_CELLS + 1)
            for (int k = 0; k < (blanks - 1) / 2; k++) {
                nb_doc_new_row(d);
                nb_doc_add_cell(d, "", 0, 0, 1, 1, -1, 1);
                if (blanks % 2 == 0) d->cells[d->ncells - 1].marks |= NB_MARK_UNCERTAIN;
            }
        blanks = 0;
        /* Leading indentation is layout, not content. */
        while (l.n && (*l.s == ' ' || *l.s == '\t')) l.s++, l.n--;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            lines = nb_xrealloc(lines, sizeof *lines * (size_t)cap);
        }
        lines[n++] = l;
    }
    free(lines);
    free(scratch.c);
    nb_buf_free(&joined);
    return 0;
}
