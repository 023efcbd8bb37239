/* prefilter: the page reduced to what gumbo needs to see (see prefilter.h).
 *
 * The design choice: a lexer, not a parser. It follows the HTML5 tokenizer states that
 * decide where markup starts and ends, and changes only things that cannot change the
 * tree gumbo builds from the tags that remain: attribute lists, comments, and the content
 * of elements whose content htmldoc.h never reads. Every tag stays, inline ones included:
 * the tree builder's rules look at the current node (a heading inside a <span> inside a
 * heading nests, without the <span> it closes the first), at formatting elements (which
 * get cloned), and at whether <head> is still open, so even a <span> is not harmless.
 *
 * One thing of the tree it does track: whether the innermost table is outside its cells,
 * roughly. There, text of only whitespace goes into the table where no cell reads it,
 * while other text is moved out before the table, and every token, a comment too, ends
 * such a run; so a comment there is kept (emptied) lest two runs join with a space.
 *
 * Text is copied with memchr-sized jumps; the per-byte work is in tags, which are short. */
#include "prefilter.h"

#include <stdlib.h>
#include <string.h>

enum {
    T_SCRIPT = 1 << 2,   /* script data (with its escape states) */
    T_RAWTEXT = 1 << 3,  /* raw text up to the matching end tag */
    T_RCDATA = 1 << 4,   /* text without tags (character references) up to the end tag */
    T_DROP = 1 << 5,     /* the content is never shown: keep the element empty */
    T_REST = 1 << 6,     /* later bytes depend on the tree: copy the rest as it is */
    T_FRAMESET = 1 << 7, /* a frameset page: not reduced */
    T_SELECT = 1 << 8,   /* <select> */
    T_SELECT_IGNORES = 1 << 9, /* a start tag a <select> ignores: its content is markup there */
    T_PRE = 1 << 10,     /* the parser drops a newline right after the start tag */
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
    TAG("b", 0, A_ALL),
    TAG("big", 0, A_ALL),
    TAG("code", 0, A_ALL),
    TAG("em", 0, A_ALL),
    TAG("font", 0, A_ALL),
    TAG("frameset", T_FRAMESET, A_NONE),
    TAG("i", 0, A_ALL),
    TAG("iframe", T_RAWTEXT | T_DROP | T_SELECT_IGNORES, A_NONE),
    TAG("image", 0, A_IMG),
    TAG("img", 0, A_IMG),
    TAG("input", 0, A_INPUT),
    TAG("listing", T_PRE, A_NONE),
    TAG("math", T_REST, A_NONE),
    TAG("meta", 0, A_META),
    TAG("nobr", 0, A_ALL),
    TAG("noembed", T_RAWTEXT | T_SELECT_IGNORES, A_NONE),
    TAG("noframes", T_RAWTEXT | T_SELECT_IGNORES, A_NONE),
    TAG("plaintext", T_REST, A_NONE),
    TAG("pre", T_PRE, A_NONE),
    TAG("s", 0, A_ALL),
    TAG("script", T_SCRIPT | T_DROP, A_NONE),
    TAG("select", T_SELECT, A_NONE),
    TAG("small", 0, A_ALL),
    TAG("strike", 0, A_ALL),
    TAG("strong", 0, A_ALL),
    TAG("style", T_RAWTEXT | T_DROP | T_SELECT_IGNORES, A_NONE),
    TAG("svg", T_REST, A_NONE),
    TAG("td", 0, A_CELL),
    TAG("template", T_REST, A_NONE),
    TAG("textarea", T_RCDATA | T_DROP, A_NONE),
    TAG("th", 0, A_CELL),
    TAG("title", T_RCDATA | T_SELECT_IGNORES, A_NONE),
    TAG("tt", 0, A_ALL),
    TAG("u", 0, A_ALL),
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
} scanner;



enum { END_OF_PAGE = -1, FRAMESET = -2 };

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

static const tag_info *lookup(const unsigned char *name, size_t len)
{
    char lower[16];
    if (len >= sizeof lower) return &other_tag;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = name[i];
        lower[i] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    for (size_t k = 0; k < sizeof tags / sizeof *tags; k++)
        if (tags[k].len == len && !memcmp(tags[k].name, lower, len)) return &tags[k];
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

/* A start tag at p ('<' followed by a letter). Returns the position after what it read. */
static long start_tag(scanner *sc, size_t p)
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
    if (t->flags & T_SELECT) sc->in_select = 1;
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
    if (is_alpha(c)) return start_tag(sc, p);
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
    scanner sc = {(const unsigned char *)html, len, out, 0, 0};
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
