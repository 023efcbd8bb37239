/* htmlnest: the nesting depth estimate (see htmlnest.h).
 *
 * A small model of HTML's tree construction: a stack of open element names, with the
 * rules that decide the depth of real pages: implicit ends (a <p> closed by a block, an
 * <li> by the next <li>, a cell by the next cell or row), end tags that close only an
 * element of their name that is open within the current scope (a table cell, a table),
 * void elements and raw text. The stack never grows past the limit, so the scan costs
 * at most O(tags x limit) even on hostile input, and O(tags) on real pages: a per-name
 * count of open elements lets most end tags skip the stack walk. */
#include "pipeline/read/htmlnest.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/hash.h"

enum { NAME_MAX_LEN = 15, BUCKETS = 512 };

/* What a name is, worked out once per name and page (a page has thousands of tags and a
 * few dozen names): looking names up in the lists below for every tag was most of the
 * scan's time. */
enum {
    K_VOID = 1 << 0, K_RAW = 1 << 1, K_CLOSES_P = 1 << 2, K_BOUNDARY = 1 << 3, K_LIST_STOP = 1 << 4,
    K_TABLE = 1 << 5, K_CELL = 1 << 6, K_ROW = 1 << 7, K_LIST_ITEM = 1 << 8, K_TR = 1 << 9,
};

typedef struct {
    char name[NAME_MAX_LEN + 1];
    int open;
    unsigned kind;
} counter;

typedef struct {
    counter names[BUCKETS];
    counter **stack; /* open elements, innermost last */
    int depth, cap;
    int overflow;    /* more distinct names than BUCKETS: stop estimating */
    counter *table, *p; /* the counters of <table> and <p> */
} scan;

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int is_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':';
}

static int in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(name, *list)) return 1;
    return 0;
}

static const char *const void_elements[] = {
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "image",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr", "html", "head", "body", NULL};
static const char *const raw_text[] = {"script", "style", "textarea", "title", "xmp", "iframe",
                                       "noembed", "noframes", "plaintext", NULL};
/* Start tags that close an open <p> (HTML: "if the stack has a p element in button
 * scope, close a p element"). */
static const char *const closes_p[] = {
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "main", "menu", "nav",
    "ol", "p", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "listing",
    "table", "li", "dd", "dt", NULL};
/* Where a search for an open element stops (HTML's scope boundaries, button included). */
static const char *const boundaries[] = {"html", "table", "td", "th", "caption", "marquee", "object",
                                         "applet", "template", "button", NULL};
/* Where the search for an open <li>, <dd> or <dt> stops (HTML's "special" elements other
 * than address, div and p, as far as pages use them). */
static const char *const list_stops[] = {"ul", "ol", "dl", "table", "td", "th", "body", "html",
                                         "blockquote", "section", "article", "form", "button", NULL};

static unsigned kind_of(const char *name)
{
    unsigned k = 0;
    if (in_list(name, void_elements)) k |= K_VOID;
    if (in_list(name, raw_text)) k |= K_RAW;
    if (in_list(name, closes_p)) k |= K_CLOSES_P;
    if (in_list(name, boundaries)) k |= K_BOUNDARY;
    if (in_list(name, list_stops)) k |= K_LIST_STOP;
    if (!strcmp(name, "table")) k |= K_TABLE;
    if (!strcmp(name, "td") || !strcmp(name, "th")) k |= K_CELL;
    if (!strcmp(name, "tr") || !strcmp(name, "tbody") || !strcmp(name, "thead") || !strcmp(name, "tfoot")) k |= K_ROW;
    if (!strcmp(name, "tr")) k |= K_TR;
    if (!strcmp(name, "li") || !strcmp(name, "dd") || !strcmp(name, "dt")) k |= K_LIST_ITEM;
    return k;
}

static counter *intern(scan *s, const char *name)
{
    uint64_t h = nb_hash_str(name);
    for (unsigned i = 0; i < BUCKETS; i++) {
        counter *c = &s->names[(h + i) % BUCKETS];
        if (!c->name[0]) {
            strcpy(c->name, name);
            c->kind = kind_of(name);
            return c;
        }
        if (!strcmp(c->name, name)) return c;
    }
    s->overflow = 1;
    return NULL;
}

static void push(scan *s, counter *c)
{
    if (s->depth == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->stack = nb_xrealloc(s->stack, sizeof *s->stack * (size_t)s->cap);
    }
    s->stack[s->depth++] = c;
    c->open++;
}

static void pop_to(scan *s, int depth)
{
    while (s->depth > depth) s->stack[--s->depth]->open--;
}

/* The position of the innermost open element named like c, searching down to the first
 * element of stops; -1 if none. */
static int find_open(const scan *s, const counter *c, unsigned stops)
{
    if (!c->open) return -1;
    for (int i = s->depth - 1; i >= 0; i--) {
        if (s->stack[i] == c) return i;
        if (s->stack[i]->kind & stops) return -1;
    }
    return -1;
}

/* Reads a tag name at p (case-folded, cut at NAME_MAX_LEN); returns its length in the
 * text. */
static size_t read_name(const char *p, const char *end, char name[NAME_MAX_LEN + 1])
{
    size_t n = 0, k = 0;
    while (p + n < end && is_name_char(p[n])) {
        if (k < NAME_MAX_LEN) name[k++] = lower(p[n]);
        n++;
    }
    name[k] = '\0';
    return n;
}

/* Past the '>' that ends the tag whose attributes start at p (quoted values respected). */
static const char *tag_end(const char *p, const char *end)
{
    char quote = 0;
    for (; p < end; p++) {
        if (quote) {
            if (*p == quote) quote = 0;
        } else if (*p == '"' || *p == '\'') {
            quote = *p;
        } else if (*p == '>') {
            return p + 1;
        }
    }
    return end;
}

/* Where "</name" (any case) starts from p on, or end. */
static const char *find_end_tag(const char *p, const char *end, const char *name)
{
    size_t n = strlen(name);
    for (; (size_t)(end - p) >= 2 + n; p++) {
        if (p[0] != '<' || p[1] != '/') continue;
        size_t i = 0;
        while (i < n && lower(p[2 + i]) == name[i]) i++;
        if (i == n && (p + 2 + n == end || !is_name_char(p[2 + n]))) return p;
    }
    return end;
}

/* A cell or row starts or ends: back to the innermost table's row level (keep_tr: or to
 * the innermost <tr> inside it). */
static void to_table_level(scan *s, int keep_tr)
{
    for (int i = s->depth - 1; i >= 0; i--) {
        unsigned k = s->stack[i]->kind;
        if ((k & K_TABLE) || (keep_tr && (k & K_TR))) {
            pop_to(s, i + 1);
            return;
        }
    }
}

static void start_tag(scan *s, counter *c)
{
    if (c->kind & K_CELL) {
        if (!s->table->open) return; /* a stray cell outside tables is ignored */
        to_table_level(s, 1);
        push(s, c);
        return;
    }
    if (c->kind & K_ROW) {
        if (!s->table->open) return;
        to_table_level(s, 0);
        push(s, c);
        return;
    }
    if (c->kind & K_LIST_ITEM) {
        int at = find_open(s, c, K_LIST_STOP);
        if (at >= 0) pop_to(s, at);
    }
    if (c->kind & K_CLOSES_P) {
        int at = find_open(s, s->p, K_BOUNDARY);
        if (at >= 0) pop_to(s, at);
    }
    push(s, c);
}

static void end_tag(scan *s, counter *c)
{
    if (!c->open) return;
    int at;
    if (c->kind & K_TABLE) {
        for (at = s->depth - 1; at >= 0 && s->stack[at] != c; at--) {}
    } else if (c->kind & (K_CELL | K_TR)) {
        at = find_open(s, c, K_TABLE);
    } else {
        at = find_open(s, c, K_BOUNDARY);
    }
    if (at >= 0) pop_to(s, at);
}

int nb_htmlnest_depth(const char *html, size_t len, int limit)
{
    scan *s = nb_xcalloc(1, sizeof *s);
    s->table = intern(s, "table");
    s->p = intern(s, "p");
    int max = 0;
    const char *p = html, *end = html + len;
    while (p < end && max <= limit && !s->overflow) {
        const char *lt = memchr(p, '<', (size_t)(end - p));
        if (!lt || lt + 1 >= end) break;
        p = lt + 1;
        if (*p == '!' || *p == '?') { /* comment, doctype, CDATA, processing instruction */
            if (end - p >= 3 && p[0] == '!' && p[1] == '-' && p[2] == '-') {
                const char *q = p + 3;
                while (end - q >= 3 && memcmp(q, "-->", 3)) q++;
                p = end - q >= 3 ? q + 3 : end;
            } else {
                p = tag_end(p, end);
            }
            continue;
        }
        int closing = *p == '/';
        if (closing) p++;
        char name[NAME_MAX_LEN + 1];
        size_t n = read_name(p, end, name);
        if (!n || !(name[0] >= 'a' && name[0] <= 'z')) continue; /* a "<" in the text */
        p = tag_end(p + n, end);
        counter *c = intern(s, name);
        if (closing) {
            if (c) end_tag(s, c);
            continue;
        }
        if (c && (c->kind & K_VOID)) continue;
        if (c && (c->kind & K_RAW)) {
            p = find_end_tag(p, end, name);
            continue;
        }
        if (p - 2 >= html && p[-1] == '>' && p[-2] == '/') continue; /* <span/>: nothing opens in XHTML pages */
        if (c) start_tag(s, c);
        if (s->depth > max) max = s->depth;
    }
    free(s->stack);
    free(s);
    return max;
}
