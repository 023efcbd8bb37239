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

/* Adds one cell, first splitting off trailing value tokens separated by single spaces. */
static void add_cell(nb_doc *d, const char *s, size_t n, int *col)
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
    if (split == n) { /* no trailing values */
        nb_doc_add_cell(d, s, n, (*col)++, 1, 1, -1, 0);
        return;
    }
    if (split > 0) nb_doc_add_cell(d, s, split, (*col)++, 1, 1, -1, 0);
    for (size_t i = split; i < n;) {
        while (i < n && s[i] == ' ') i++;
        size_t j = i;
        while (j < n && s[j] != ' ') j++;
        if (j > i) nb_doc_add_cell(d, s + i, j - i, (*col)++, 1, 1, -1, 0);
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
static void add_row(nb_doc *d, span l)
{
    if (is_blank(l) || is_markdown_rule(l)) return;
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
    nb_doc_new_row(d);
    int col = 0;
    for (size_t k = first; k < nf && k <= last; k++) {
        if (!is_blank((span){l.s + f[k].start, f[k].len})) add_cell(d, l.s + f[k].start, f[k].len, &col);
        else if (f[k].hard_before && f[k].hard_after) nb_doc_add_cell(d, "", 0, col++, 1, 1, -1, 1);
    }
    if (f != stack_fields) free(f);
}

/* A paragraph of a few lines is one cell wrapped by the browser or the PDF ("本年新" /
 * "制作数量"); a longer run of lines without blank lines between is a list of cells (the
 * site's header, a block of dates and sources), one per line. */
enum { MAX_WRAPPED_LINES = 3 };

static void add_paragraph(nb_doc *d, const span *lines, int n, nb_buf *joined)
{
    if (n > MAX_WRAPPED_LINES) {
        for (int i = 0; i < n; i++) add_row(d, lines[i]);
        return;
    }
    nb_buf_clear(joined);
    for (int i = 0; i < n; i++) {
        if (i) nb_buf_addc(joined, ' ');
        nb_buf_add(joined, lines[i].s, lines[i].n);
    }
    add_row(d, (span){joined->data, joined->len});
}

int nb_textdoc_parse(const char *text, size_t len, nb_doc *d)
{
    size_t pos = 0;
    if (!paragraphs_separate_cells(text, len)) {
        while (pos < len) add_row(d, next_line(text, len, &pos));
        return 0;
    }
    nb_buf joined = NB_BUF_INIT;
    span *lines = NULL;
    int n = 0, cap = 0;
    while (pos <= len) {
        int at_end = pos >= len;
        span l = at_end ? (span){text + len, 0} : next_line(text, len, &pos);
        if (at_end || is_blank(l)) {
            if (n) add_paragraph(d, lines, n, &joined);
            n = 0;
            if (at_end) break;
            continue;
        }
        /* Leading indentation is layout, not content. */
        while (l.n && (*l.s == ' ' || *l.s == '\t')) l.s++, l.n--;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            lines = nb_xrealloc(lines, sizeof *lines * (size_t)cap);
        }
        lines[n++] = l;
    }
    free(lines);
    nb_buf_free(&joined);
    return 0;
}
