/* prefilter: the page reduced to what gumbo needs to see (see prefilter.h).
 *
 * The design choice: a lexer, not a parser. It follows the HTML5 tokenizer states that
 * decide where markup starts and ends, keeps every token, and changes only what cannot
 * change the tree gumbo builds: attribute lists, the text of comments, the content of
 * elements htmldoc.h never reads, the length of whitespace runs. Dropping tokens is
 * where the danger is, because the tree builder looks at the current node (a heading
 * inside a <span> inside a heading nests; without the <span> it closes the first), at
 * formatting elements it remembers and reopens, at whether <head> is still open, and
 * gumbo inserts a run of text wherever the tree is when the run ends. So the only tokens
 * that go are ordinary inline elements wrapped around nothing but text, in places where
 * the lexer can be sure that is harmless (see unwrap); for that it tracks three facts of
 * the tree it can know from the tokens alone, erring on the safe side: whether the body
 * has begun, whether it may have ended, and whether the innermost table may be outside
 * its cells (there, text of only whitespace stays in the table where no cell reads it,
 * while other text is moved out before the table, run by run).
 *
 * Text is copied with memchr-sized jumps; the per-byte work is in tags, which are short. */
#include "pipeline/read/prefilter.h"

#include <gumbo.h>
#include <pthread.h>
#include <string.h>

enum {
    T_SCRIPT = 1 << 0,         /* script data (with its escape states) */
    T_RAWTEXT = 1 << 1,        /* raw text up to the matching end tag */
    T_RCDATA = 1 << 2,         /* text without tags (character references) up to the end tag */
    T_DROP = 1 << 3,           /* the content is never shown: keep the element empty */
    T_REST = 1 << 4,           /* later bytes depend on the tree: copy the rest as it is */
    T_FRAMESET = 1 << 5,       /* a frameset page: not reduced */
    T_SELECT = 1 << 6,         /* <select> */
    T_SELECT_IGNORES = 1 << 7, /* a start tag a <select> ignores: its content is markup there */
    T_PRE = 1 << 8,            /* the parser drops a newline right after the start tag */
    T_HEAD = 1 << 9,           /* may stand before the body without opening it */
    T_WRAPPER = 1 << 10,       /* an ordinary inline element (generic tree-builder rules) */
    T_TABLE = 1 << 11,         /* <table> */
    T_CELL = 1 << 12,          /* td, th, caption: inside, text is read as in the body */
    T_TABLE_PART = 1 << 13,    /* tr, tbody, thead, tfoot, col, colgroup: the table proper */
};

typedef enum { A_NONE, A_CELL, A_META, A_LINK, A_IMG, A_INPUT, A_ALL } attr_set;

typedef struct {
    const char *name;
    size_t len;
    unsigned flags;
    attr_set attrs;
} tag_info;

#define TAG(name, flags, attrs) {name, sizeof name - 1, flags, attrs}

/* A tag not listed is kept, without attributes. The formatting elements keep theirs:
 * the tree builder compares formatting elements by their attributes (no more than three
 * identical ones are remembered for reopening), and stripped, different ones would look
 * identical. */
static const tag_info tags[] = {
    TAG("a", 0, A_LINK),
    TAG("abbr", T_WRAPPER, A_NONE),
    TAG("acronym", T_WRAPPER, A_NONE),
    TAG("b", 0, A_ALL),
    TAG("base", T_HEAD, A_NONE),
    TAG("basefont", T_HEAD, A_NONE),
    TAG("bdi", T_WRAPPER, A_NONE),
    TAG("bdo", T_WRAPPER, A_NONE),
    TAG("bgsound", T_HEAD, A_NONE),
    TAG("big", 0, A_ALL),
    TAG("caption", T_CELL, A_NONE),
    TAG("cite", T_WRAPPER, A_NONE),
    TAG("code", 0, A_ALL),
    TAG("col", T_TABLE_PART, A_NONE),
    TAG("colgroup", T_TABLE_PART, A_NONE),
    TAG("data", T_WRAPPER, A_NONE),
    TAG("del", T_WRAPPER, A_NONE),
    TAG("dfn", T_WRAPPER, A_NONE),
    TAG("em", 0, A_ALL),
    TAG("font", 0, A_ALL),
    TAG("frameset", T_FRAMESET, A_NONE),
    TAG("head", T_HEAD, A_NONE),
    TAG("html", T_HEAD, A_NONE),
    TAG("i", 0, A_ALL),
    TAG("iframe", T_RAWTEXT | T_DROP | T_SELECT_IGNORES, A_NONE),
    TAG("image", 0, A_IMG),
    TAG("img", 0, A_IMG),
    TAG("input", 0, A_INPUT),
    TAG("ins", T_WRAPPER, A_NONE),
    TAG("kbd", T_WRAPPER, A_NONE),
    TAG("label", T_WRAPPER, A_NONE),
    TAG("link", T_HEAD, A_NONE),
    TAG("listing", T_PRE, A_NONE),
    TAG("mark", T_WRAPPER, A_NONE),
    TAG("math", T_REST, A_NONE),
    TAG("meta", T_HEAD, A_META),
    TAG("nobr", 0, A_ALL),
    TAG("noembed", T_RAWTEXT | T_SELECT_IGNORES, A_NONE),
    TAG("noframes", T_RAWTEXT | T_SELECT_IGNORES | T_HEAD, A_NONE),
    TAG("noscript", T_HEAD, A_NONE),
    TAG("plaintext", T_REST, A_NONE),
    TAG("pre", T_PRE, A_NONE),
    TAG("q", T_WRAPPER, A_NONE),
    TAG("s", 0, A_ALL),
    TAG("samp", T_WRAPPER, A_NONE),
    TAG("script", T_SCRIPT | T_DROP | T_HEAD, A_NONE),
    TAG("select", T_SELECT, A_NONE),
    TAG("small", 0, A_ALL),
    TAG("span", T_WRAPPER, A_NONE),
    TAG("strike", 0, A_ALL),
    TAG("strong", 0, A_ALL),
    TAG("style", T_RAWTEXT | T_DROP | T_SELECT_IGNORES | T_HEAD, A_NONE),
    TAG("sub", T_WRAPPER, A_NONE),
    TAG("sup", T_WRAPPER, A_NONE),
    TAG("svg", T_REST, A_NONE),
    TAG("table", T_TABLE, A_NONE),
    TAG("tbody", T_TABLE_PART, A_NONE),
    TAG("td", T_CELL, A_CELL),
    TAG("template", T_REST | T_HEAD, A_NONE),
    TAG("textarea", T_RCDATA | T_DROP, A_NONE),
    TAG("tfoot", T_TABLE_PART, A_NONE),
    TAG("th", T_CELL, A_CELL),
    TAG("thead", T_TABLE_PART, A_NONE),
    TAG("time", T_WRAPPER, A_NONE),
    TAG("title", T_RCDATA | T_SELECT_IGNORES | T_HEAD, A_NONE),
    TAG("tr", T_TABLE_PART, A_NONE),
    TAG("tt", 0, A_ALL),
    TAG("u", 0, A_ALL),
    TAG("var", T_WRAPPER, A_NONE),
    TAG("xmp", T_RAWTEXT | T_SELECT_IGNORES, A_NONE),
};

/* The attributes htmldoc.h and grid.h read, per set. */
static const char *const kept_attrs[][6] = {
    [A_NONE] = {NULL},
    [A_CELL] = {"colspan", "rowspan", NULL},
    [A_META] = {"name", "http-equiv", "property", "content", "charset", NULL},
    [A_LINK] = {"href", NULL},
    [A_IMG] = {"src", "alt", NULL},
    /* <input type=hidden> is the one input a table does not foster-parent. */
    [A_INPUT] = {"type", NULL},
    [A_ALL] = {NULL}, /* see attr_kept */
};

static const tag_info other_tag = TAG("", 0, A_NONE);

typedef struct {
    const unsigned char *s;
    size_t n;
    nb_buf *out;
    int in_select; /* a <select> may be open */
    int after_pre; /* the last thing written is a <pre> or <listing> start tag */
    int in_body;   /* the body has surely begun (before it, an inline tag opens it) */
    int after_body; /* a </body> or </html> may have ended it (what comes after is read
                       differently: a comment goes elsewhere, whitespace stays there) */
    /* Tables: how many are open as far as the tags tell, and whether the innermost one
     * is inside a cell. Only the innermost can be outside one: a <table> in the table
     * proper closes the open table instead of nesting. */
    size_t tables;
    int in_cell;
} scanner;

enum { END_OF_PAGE = -1, FRAMESET = -2 };

/* Between <table> or <tr> and a cell: the guess errs on the side of "maybe". There, text
 * of only whitespace goes into the table (where no cell reads it) and other text is moved
 * out before it, run by run, so nothing may be unwrapped there. */
static int in_table_proper(const scanner *sc)
{
    return sc->tables > 0 && !sc->in_cell;
}

static void table_start_tag(scanner *sc, unsigned flags)
{
    if (flags & T_TABLE) {
        if (!sc->tables || sc->in_cell) sc->tables++;
        sc->in_cell = 0;
    } else if (sc->tables && (flags & T_CELL)) {
        sc->in_cell = 1;
    } else if (sc->tables && (flags & T_TABLE_PART)) {
        sc->in_cell = 0;
    }
}

static void table_end_tag(scanner *sc, unsigned flags)
{
    if (!sc->tables) return;
    if (flags & T_TABLE) {
        sc->tables--;
        sc->in_cell = sc->tables > 0; /* the tables around it sit in cells */
    } else if (flags & (T_CELL | T_TABLE_PART)) {
        sc->in_cell = 0;
    }
}

/* The HTML tokenizer's whitespace; CR counts because the input stream turns it into LF. */
static int is_space(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
}

static int is_alpha(unsigned char c)
{
    c |= 0x20;
    return c >= 'a' && c <= 'z';
}

/* True if s[0..len) equals the lower-case ASCII word w, ignoring ASCII case. */
static int equals_ci(const unsigned char *s, size_t len, const char *w)
{
    for (size_t i = 0; i < len; i++, w++) {
        unsigned char c = s[i];
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
        if (!*w || c != (unsigned char)*w) return 0;
    }
    return *w == '\0';
}

/* The table's entries by first letter (it is sorted): by_letter[c - 'a'] .. by_letter[c - 'a' + 1].
 * Pages have tens of thousands of tags, nearly all of them p, span, td, div, a. */
static unsigned char by_letter[27];
static pthread_once_t by_letter_once = PTHREAD_ONCE_INIT;

static void index_tags(void)
{
    size_t k = 0, n = sizeof tags / sizeof *tags;
    for (int c = 0; c < 26; c++) {
        by_letter[c] = (unsigned char)k;
        while (k < n && tags[k].name[0] == 'a' + c) k++;
    }
    by_letter[26] = (unsigned char)n;
}

static const tag_info *lookup(const unsigned char *name, size_t len)
{
    unsigned char c = name[0] | 0x20; /* the first character is a letter */
    if (len >= 16 || c < 'a' || c > 'z') return &other_tag;
    pthread_once(&by_letter_once, index_tags);
    for (size_t k = by_letter[c - 'a']; k < by_letter[c - 'a' + 1]; k++) {
        if (tags[k].len != len) continue;
        size_t i = 1;
        while (i < len && (name[i] >= 'A' && name[i] <= 'Z' ? name[i] + ('a' - 'A') : name[i]) == (unsigned char)tags[k].name[i]) i++;
        if (i == len) return &tags[k];
    }
    return &other_tag;
}

static int attr_kept(attr_set set, const unsigned char *name, size_t len)
{
    if (set == A_ALL) return 1;
    for (const char *const *a = kept_attrs[set]; *a; a++)
        if (equals_ci(name, len, *a)) return 1;
    return 0;
}

/* Reads the attributes of a tag from i (just after its name) to its '>', writing the kept
 * ones (as written: name, spaces, '=', quotes and value) when set is not A_NONE. Returns
 * the position after the '>', or END_OF_PAGE when the page ends inside the tag (the
 * tokenizer then drops the tag). */
static long attributes(scanner *sc, size_t i, attr_set set)
{
    const unsigned char *s = sc->s;
    size_t n = sc->n;
    for (;;) {
        while (i < n && is_space(s[i])) i++; /* before attribute name */
        if (i >= n) return END_OF_PAGE;
        if (s[i] == '>') return (long)i + 1;
        if (s[i] == '/') { /* self-closing start tag state: anything but '>' is reconsumed */
            i++;
            continue;
        }
        size_t name = i++; /* the first character is part of the name, even '=' */
        while (i < n && !is_space(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=') i++;
        size_t name_end = i;
        while (i < n && is_space(s[i])) i++; /* after attribute name */
        if (i >= n) return END_OF_PAGE;
        if (s[i] == '=') {
            i++;
            while (i < n && is_space(s[i])) i++; /* before attribute value */
            if (i >= n) return END_OF_PAGE;
            if (s[i] == '"' || s[i] == '\'') {
                const unsigned char *close = memchr(s + i + 1, s[i], n - i - 1);
                if (!close) return END_OF_PAGE;
                i = (size_t)(close - s) + 1;
            } else if (s[i] != '>') {
                while (i < n && !is_space(s[i]) && s[i] != '>') i++;
                if (i >= n) return END_OF_PAGE;
            }
        } else {
            i = name_end; /* no value: what follows starts over in before attribute name */
        }
        if (set != A_NONE && attr_kept(set, s + name, name_end - name)) {
            nb_buf_addc(sc->out, ' ');
            nb_buf_add(sc->out, s + name, i - name);
        }
    }
}

/* The end of raw text or RCDATA content starting at i: the position of the '<' of the
 * first "</name" followed by whitespace, '/' or '>', or n. */
static size_t rawtext_end(const scanner *sc, size_t i, const unsigned char *name, size_t len)
{
    const unsigned char *s = sc->s;
    size_t n = sc->n;
    while (i < n) {
        const unsigned char *lt = memchr(s + i, '<', n - i);
        if (!lt) return n;
        size_t p = (size_t)(lt - s);
        if (p + 2 + len < n && s[p + 1] == '/' && (is_space(s[p + 2 + len]) || s[p + 2 + len] == '/' || s[p + 2 + len] == '>')) {
            int same = 1;
            for (size_t k = 0; k < len && same; k++) same = (s[p + 2 + k] | 0x20) == (name[k] | 0x20) && is_alpha(s[p + 2 + k]);
            if (same) return p;
        }
        i = p + 1;
    }
    return n;
}

/* True if "script" followed by whitespace, '/' or '>' is at s[i] (in any case). */
static int script_word_at(const scanner *sc, size_t i)
{
    return i + 6 < sc->n && equals_ci(sc->s + i, 6, "script") &&
           (is_space(sc->s[i + 6]) || sc->s[i + 6] == '/' || sc->s[i + 6] == '>');
}

/* The end of script content starting at i, following the script data states of HTML5:
 * "<!--" enters the escaped state, "<script" inside it the double-escaped state, where
 * "</script>" only returns to escaped; "-->" returns to plain script data. */
static size_t script_end(const scanner *sc, size_t i)
{
    const unsigned char *s = sc->s;
    size_t n = sc->n;
    enum { DATA, ESC, ESC_DASH, ESC_DASH_DASH, DBL, DBL_DASH, DBL_DASH_DASH } st = DATA;
    while (i < n) {
        unsigned char c = s[i];
        switch (st) {
        case DATA: {
            const unsigned char *lt = memchr(s + i, '<', n - i);
            if (!lt) return n;
            i = (size_t)(lt - s);
            if (i + 1 < n && s[i + 1] == '/' && script_word_at(sc, i + 2)) return i;
            if (i + 3 < n && s[i + 1] == '!' && s[i + 2] == '-' && s[i + 3] == '-') {
                st = ESC_DASH_DASH;
                i += 4;
            } else {
                i++;
            }
            continue;
        }
        case ESC: case ESC_DASH: case ESC_DASH_DASH:
            if (c == '-') {
                st = st == ESC ? ESC_DASH : ESC_DASH_DASH;
            } else if (c == '>' && st == ESC_DASH_DASH) {
                st = DATA;
            } else if (c == '<') {
                st = ESC;
                if (i + 1 < n && s[i + 1] == '/') {
                    if (script_word_at(sc, i + 2)) return i;
                    i += 2; /* the letters after it are escaped text */
                    continue;
                }
                if (script_word_at(sc, i + 1)) { /* double escape start */
                    st = DBL;
                    i += 8;
                    continue;
                }
            } else {
                st = ESC;
            }
            i++;
            continue;
        case DBL: case DBL_DASH: case DBL_DASH_DASH:
            if (c == '-') {
                st = st == DBL ? DBL_DASH : DBL_DASH_DASH;
            } else if (c == '>' && st == DBL_DASH_DASH) {
                st = DATA;
            } else if (c == '<') {
                st = DBL;
                if (i + 1 < n && s[i + 1] == '/' && script_word_at(sc, i + 2)) { /* double escape end */
                    st = ESC;
                    i += 9;
                    continue;
                }
            } else {
                st = DBL;
            }
            i++;
            continue;
        }
    }
    return n;
}

/* The end tag of a raw-text, RCDATA or script element at p (its '<'), through its '>',
 * written as "</name>". Returns the position after it, or END_OF_PAGE. */
static long closing_tag(scanner *sc, size_t p, size_t name_len)
{
    long end = attributes(sc, p + 2 + name_len, A_NONE);
    if (end >= 0) {
        nb_buf_add(sc->out, "</", 2);
        nb_buf_add(sc->out, sc->s + p + 2, name_len);
        nb_buf_addc(sc->out, '>');
    }
    return end;
}

static void truncate_to(nb_buf *b, size_t len)
{
    b->len = len;
    if (b->data) b->data[len] = '\0';
}

static void copy_rest(scanner *sc, size_t p)
{
    nb_buf_add(sc->out, sc->s + p, sc->n - p);
}

static void text(scanner *sc, size_t i, size_t end);

/* True if s[i..end) holds a character other than whitespace, as the tokenizer sees it: a
 * character reference may stand for whitespace (&#32;), so references do not count. */
static int surely_not_space(const unsigned char *s, size_t i, size_t end)
{
    while (i < end) {
        if (s[i] == '&') {
            for (i++; i < end && (is_alpha(s[i]) || (s[i] >= '0' && s[i] <= '9') || s[i] == '#'); i++) {}
            if (i < end && s[i] == ';') i++;
        } else if (is_space(s[i])) {
            i++;
        } else {
            return 1;
        }
    }
    return 0;
}

/* An ordinary inline element: the tree builder's generic rules ("any other start tag",
 * "any other end tag"), which span, o:p and every tag gumbo does not know get. */
static int is_wrapper(const tag_info *t, const unsigned char *name, size_t len)
{
    return (t->flags & T_WRAPPER) || (t == &other_tag && gumbo_tagn_enum((const char *)name, (unsigned)len) == GUMBO_TAG_UNKNOWN);
}

static int same_name(const unsigned char *a, const unsigned char *b, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (a[i] != b[i] && !(is_alpha(a[i]) && (a[i] | 0x20) == (b[i] | 0x20))) return 0;
    return 1;
}

/* Wrappers around nothing but text, at p: <span><o:p>TEXT</o:p></span> (Word writes
 * thousands), TEXT at least one character. Written as TEXT and an empty comment; returns
 * the position after the last end tag, or 0 if what is at p is not that.
 *
 * Why that is the same tree but for the wrappers: the first start tag reopens the
 * formatting elements the tree builder remembers, exactly what TEXT's first character
 * does without it; the end tags close what the start tags opened and nothing else (the
 * current node is the element they name). The comment ends the run of text where the
 * last end tag did: gumbo inserts a run where the tree is when the run ends, and after
 * some end tags (</form>) that is elsewhere. Only in the body (before it a wrapper opens
 * it), outside the table proper, and not right after <pre>. */
static size_t unwrap(scanner *sc, size_t p)
{
    enum { MAX_DEPTH = 8 };
    const unsigned char *s = sc->s;
    size_t n = sc->n, q = p, name[MAX_DEPTH], len[MAX_DEPTH];
    int depth = 0;
    while (depth < MAX_DEPTH && q + 1 < n && s[q] == '<' && is_alpha(s[q + 1])) {
        size_t i = q + 1;
        while (i < n && !is_space(s[i]) && s[i] != '/' && s[i] != '>') i++;
        if (!is_wrapper(lookup(s + q + 1, i - q - 1), s + q + 1, i - q - 1)) break;
        long end = attributes(sc, i, A_NONE);
        if (end < 0) return 0;
        name[depth] = q + 1, len[depth] = i - q - 1;
        depth++;
        q = (size_t)end;
    }
    if (!depth || q >= n || s[q] == '<') return 0;
    const unsigned char *lt = memchr(s + q, '<', n - q);
    if (!lt) return 0;
    size_t from = q, to = (size_t)(lt - s);
    for (q = to; depth-- > 0;) {
        size_t i = q + 2 + len[depth];
        if (i >= n || s[q + 1] != '/' || !same_name(s + q + 2, s + name[depth], len[depth]) ||
            !(is_space(s[i]) || s[i] == '/' || s[i] == '>'))
            return 0;
        long end = attributes(sc, i, A_NONE);
        if (end < 0) return 0;
        q = (size_t)end;
        if (depth && (q >= n || s[q] != '<')) return 0;
    }
    /* Text right before would join TEXT ("<" + "x" is a tag, "&am" + "p;" a reference):
     * an empty comment keeps them apart, and ends that run where the start tag did. */
    if (sc->out->len && sc->out->data[sc->out->len - 1] != '>') nb_buf_add(sc->out, "<!---->", 7);
    text(sc, from, to);
    nb_buf_add(sc->out, "<!---->", 7);
    return q;
}

/* A start tag at p ('<' followed by a letter). Returns the position after what it read. */
static long start_tag(scanner *sc, size_t p, int after_pre)
{
    const unsigned char *s = sc->s;
    size_t n = sc->n, i = p + 1;
    while (i < n && !is_space(s[i]) && s[i] != '/' && s[i] != '>') i++;
    size_t name_len = i - p - 1;
    const tag_info *t = lookup(s + p + 1, name_len);
    if (t->flags & T_FRAMESET) return FRAMESET;
    if ((t->flags & T_REST) || (sc->in_select && (t->flags & T_SELECT_IGNORES))) {
        copy_rest(sc, p);
        return (long)n;
    }
    if (sc->in_body && !sc->after_body && !after_pre && !in_table_proper(sc) && is_wrapper(t, s + p + 1, name_len)) {
        size_t next = unwrap(sc, p);
        if (next) return (long)next;
    }
    if (!(t->flags & T_HEAD)) sc->in_body = 1; /* what <head> cannot hold opens the body */
    if (!equals_ci(s + p + 1, name_len, "html")) sc->after_body = 0;
    if (t->flags & T_SELECT) sc->in_select = 1;
    table_start_tag(sc, t->flags);
    size_t mark = sc->out->len;
    nb_buf_add(sc->out, s + p, name_len + 1);
    long end = attributes(sc, i, t->attrs);
    if (end < 0) {
        truncate_to(sc->out, mark); /* a tag cut by the end of the page is no tag */
        return END_OF_PAGE;
    }
    nb_buf_addc(sc->out, '>');
    sc->after_pre = (t->flags & T_PRE) != 0;
    if (!(t->flags & (T_SCRIPT | T_RAWTEXT | T_RCDATA))) return end;
    size_t content = (size_t)end;
    size_t close = t->flags & T_SCRIPT ? script_end(sc, content) : rawtext_end(sc, content, s + p + 1, name_len);
    if (!(t->flags & T_DROP)) nb_buf_add(sc->out, s + content, close - content);
    if (close >= n) return (long)n;
    return closing_tag(sc, close, name_len);
}

/* An end tag at p ("</" followed by a letter). */
static long end_tag(scanner *sc, size_t p)
{
    const unsigned char *s = sc->s;
    size_t n = sc->n, i = p + 2;
    while (i < n && !is_space(s[i]) && s[i] != '/' && s[i] != '>') i++;
    size_t name_len = i - p - 2;
    const tag_info *t = lookup(s + p + 2, name_len);
    if (t->flags & T_SELECT) sc->in_select = 0;
    table_end_tag(sc, t->flags);
    sc->after_body = equals_ci(s + p + 2, name_len, "body") || equals_ci(s + p + 2, name_len, "html");
    long end = attributes(sc, i, A_NONE);
    if (end >= 0) {
        nb_buf_add(sc->out, s + p, name_len + 2);
        nb_buf_addc(sc->out, '>');
    }
    return end;
}

/* A comment from p ("<!--") through its end: "<!-->", "<!--->", or the first "-->" or
 * "--!>" after the opening, or the end of the page. */
static size_t comment_end(const scanner *sc, size_t p)
{
    const unsigned char *s = sc->s;
    size_t n = sc->n, i = p + 4;
    if (i < n && s[i] == '>') return i + 1;
    if (i + 1 < n && s[i] == '-' && s[i + 1] == '>') return i + 2;
    while (i < n) {
        const unsigned char *dash = memchr(s + i, '-', n - i);
        if (!dash) return n;
        i = (size_t)(dash - s);
        if (i + 1 >= n || s[i + 1] != '-') {
            i++;
            continue;
        }
        i += 2;
        while (i < n && s[i] == '-') i++;
        if (i < n && s[i] == '>') return i + 1;
        if (i + 1 < n && s[i] == '!' && s[i + 1] == '>') return i + 2;
    }
    return n;
}

/* Up to and including the next '>', or the end of the page. */
static size_t through_gt(const scanner *sc, size_t i)
{
    const unsigned char *gt = memchr(sc->s + i, '>', sc->n - i);
    return gt ? (size_t)(gt - sc->s) + 1 : sc->n;
}

/* Text from i to end, copied, each run of whitespace cut to its first character: gumbo
 * makes a token of every character, and htmldoc.h collapses whitespace anyway. (Which
 * character stays matters once: a newline right after <pre> is dropped by the parser.) */
static void text(scanner *sc, size_t i, size_t end)
{
    const unsigned char *s = sc->s;
    if ((!sc->in_body || sc->after_body) && surely_not_space(s, i, end)) sc->in_body = 1, sc->after_body = 0;
    if (sc->after_pre && i < end && (s[i] == '\n' || s[i] == '\r')) {
        size_t n = s[i] == '\r' && i + 1 < end && s[i + 1] == '\n' ? 2 : 1; /* the dropped one */
        nb_buf_add(sc->out, s + i, n);
        i += n;
    }
    if (i < end) sc->after_pre = 0;
    while (i < end) {
        size_t j = i;
        while (j + 1 < end && !(is_space(s[j]) && is_space(s[j + 1]))) j++;
        if (j + 1 >= end) j = end;
        else j++; /* through the first character of the run */
        nb_buf_add(sc->out, s + i, j - i);
        while (j < end && is_space(s[j])) j++;
        i = j;
    }
}

/* A comment or bogus comment ending at end, written as an empty comment: the token
 * stays, since every token ends a run of text and gumbo inserts a run where the tree
 * is when the run ends (in the table proper, text of only whitespace is not moved out
 * of the table like other text; after a </form>, text waiting to be inserted goes to
 * the form's parent). */
static long comment(scanner *sc, size_t end)
{
    nb_buf_add(sc->out, "<!---->", 7);
    return (long)end;
}

/* Markup at p (a '<'). Returns the position after it, END_OF_PAGE or FRAMESET. */
static long markup(scanner *sc, size_t p)
{
    const unsigned char *s = sc->s;
    size_t n = sc->n;
    unsigned char c = p + 1 < n ? s[p + 1] : 0;
    int after_pre = sc->after_pre;
    sc->after_pre = 0;
    if (is_alpha(c)) return start_tag(sc, p, after_pre);
    if (c == '/') {
        if (p + 2 >= n) {
            text(sc, p, n); /* "</" at the end is text */
            return (long)n;
        }
        if (is_alpha(s[p + 2])) return end_tag(sc, p);
        if (s[p + 2] == '>') { /* "</>" is no token, but text on its sides must not join */
            nb_buf_add(sc->out, s + p, 3);
            sc->after_pre = after_pre; /* not a token: the newline after <pre> is still first */
            return (long)p + 3;
        }
        return comment(sc, through_gt(sc, p + 2)); /* a bogus comment */
    }
    if (c == '!') {
        if (p + 3 < n && s[p + 2] == '-' && s[p + 3] == '-') return comment(sc, comment_end(sc, p));
        if (p + 9 <= n && equals_ci(s + p + 2, 7, "doctype")) {
            size_t end = through_gt(sc, p + 2);
            nb_buf_add(sc->out, s + p, end - p);
            return (long)end;
        }
        return comment(sc, through_gt(sc, p + 2));
    }
    if (c == '?') return comment(sc, through_gt(sc, p + 1));
    text(sc, p, p + 1); /* a '<' that starts no markup is text */
    return (long)p + 1;
}

int nb_prefilter_html(const char *html, size_t len, nb_buf *out)
{
    nb_buf_clear(out);
    nb_buf_reserve(out, len / 4 + 64);
    scanner sc = {(const unsigned char *)html, len, out, 0, 0, 0, 0, 0, 0};
    size_t i = 0;
    while (i < len) {
        const unsigned char *lt = memchr(sc.s + i, '<', len - i);
        size_t p = lt ? (size_t)(lt - sc.s) : len;
        text(&sc, i, p);
        if (!lt) break;
        long next = markup(&sc, p);
        if (next == FRAMESET) {
            nb_buf_clear(out);
            return -1;
        }
        if (next == END_OF_PAGE) break;
        i = (size_t)next;
    }
    return 0;
}
