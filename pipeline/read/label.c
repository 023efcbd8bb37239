/* label: normalised label keys (see label.h).
 *
 * Two passes over the text: the first drops whitespace and quotes and folds full-width
 * and bracket variants to ASCII, so that the second (item number, annotations,
 * punctuation) sees one spelling of everything. */
#include "pipeline/read/label.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"

static int is_quote(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == 0x201C || cp == 0x201D || cp == 0x2018 ||
           cp == 0x2019 || cp == 0x300A || cp == 0x300B || cp == 0x300C || cp == 0x300D ||
           cp == 0x300E || cp == 0x300F || cp == 0xAB || cp == 0xBB;
}

static uint32_t fold_bracket(uint32_t cp)
{
    switch (cp) {
    case '[': case 0x3010: case 0x3014: case 0x3016: case '{': case 0x3008: return '(';
    case ']': case 0x3011: case 0x3015: case 0x3017: case '}': case 0x3009: return ')';
    default: return cp;
    }
}

/* Punctuation that separates words in a label but carries no meaning for matching. */
static int is_dropped_punct(uint32_t cp)
{
    return cp == 0x3001 /* 、 */ || cp == ',' || cp == 0x3002 /* 。 */ || cp == '.' ||
           cp == ';' || cp == ':' || cp == '!' || cp == '?' || cp == 0xB7 || cp == 0x2022 ||
           cp == 0x2026 || cp == 0x2014 || cp == 0x2013 || cp == '-' || cp == '_' ||
           cp == '~' || cp == '(' || cp == ')' || cp == '*' || cp == '#';
}

int nb_label_cn_digit(uint32_t cp)
{
    static const uint32_t digits[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                      0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341};
    for (int i = 0; i < 10; i++)
        if (digits[i] == cp) return i + 1;
    return 0;
}

typedef struct {
    const unsigned char *s;
    size_t n, pos;
} cursor;

static uint32_t peek(const cursor *c, size_t *len)
{
    uint32_t cp = 0;
    *len = c->pos < c->n ? nb_utf8_decode(c->s + c->pos, c->n - c->pos, &cp) : 0;
    return cp;
}

/* Reads a numeral (ASCII digits, or Chinese up to 九十九) at the cursor; returns its value
 * and advances, or returns 0 and leaves the cursor. */
static int read_numeral(cursor *c)
{
    size_t len, start = c->pos;
    uint32_t cp = peek(c, &len);
    if (cp >= '0' && cp <= '9') {
        int v = 0;
        while (len && cp >= '0' && cp <= '9' && v < 1000) {
            v = v * 10 + (int)(cp - '0');
            c->pos += len;
            cp = peek(c, &len);
        }
        return v;
    }
    int v = 0, d;
    while (len && (d = nb_label_cn_digit(cp)) != 0 && v < 1000) { /* like the digits: "十十十…" must not overflow */
        if (d == 10) v = (v ? v : 1) * 10;
        else v = (v % 10 == 0 && v) ? v + d : v * 10 + d;
        c->pos += len;
        cp = peek(c, &len);
    }
    if (v == 0) c->pos = start;
    return v;
}

/* A leading item number: "(三)", "三、", "三.", "3.", "3、", "3)", "3,", "③". */
static int read_item_number(cursor *c)
{
    size_t start = c->pos, len;
    uint32_t cp = peek(c, &len);
    if (cp >= 0x2460 && cp <= 0x2473) {
        c->pos += len;
        return (int)(cp - 0x2460 + 1);
    }
    int paren = cp == '(';
    if (paren) c->pos += len;
    int v = read_numeral(c);
    cp = peek(c, &len);
    /* A comma after the numeral is OCR's reading of a small point ("3,其他"). */
    if (v && ((paren && cp == ')') || (!paren && (cp == 0x3001 || cp == '.' || cp == ')' || cp == ',')))) {
        c->pos += len;
        return v;
    }
    c->pos = start;
    return 0;
}

/* Length of a parenthesised group starting at pos (which holds '('), up to its matching
 * ')' or the end of the text; *numeral_only tells whether it holds only a numeral. */
static size_t group_length(const cursor *c, size_t pos, int *numeral_only)
{
    int depth = 0;
    size_t i = pos;
    *numeral_only = 1;
    while (i < c->n) {
        unsigned char ch = c->s[i];
        if (ch == '(') depth++;
        else if (ch == ')' && --depth == 0) return i + 1 - pos;
        else if (i > pos) {
            uint32_t cp;
            size_t len = nb_utf8_decode(c->s + i, c->n - i, &cp);
            if (!(cp >= '0' && cp <= '9') && !nb_label_cn_digit(cp)) *numeral_only = 0;
            i += len;
            continue;
        }
        i++;
    }
    *numeral_only = 0; /* unclosed: an annotation cut off, drop the rest */
    return c->n - pos;
}

static size_t fold(const char *text, size_t len, char *out)
{
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += nb_utf8_decode(s + i, len - i, &cp);
        if (nb_utf8_is_space(cp) || is_quote(cp) || cp == 0) continue;
        cp = fold_bracket(nb_utf8_halfwidth(cp));
        o += nb_utf8_encode(cp, out + o);
    }
    out[o] = '\0';
    return o;
}

/* Writes the core of folded text into out (room for n+1 bytes); returns the number. */
static int make_core(const char *folded, size_t n, char *out)
{
    cursor c = {(const unsigned char *)folded, n, 0};
    int number = read_item_number(&c);
    size_t o = 0;
    while (c.pos < c.n) {
        if (c.s[c.pos] == '(') {
            int numeral_only;
            size_t glen = group_length(&c, c.pos, &numeral_only);
            if (numeral_only) {
                memcpy(out + o, c.s + c.pos + 1, glen - 2);
                o += glen - 2;
            }
            c.pos += glen;
            continue;
        }
        size_t len;
        uint32_t cp = peek(&c, &len);
        if (!is_dropped_punct(cp)) {
            memcpy(out + o, c.s + c.pos, len);
            o += len;
        }
        c.pos += len;
    }
    out[o] = '\0';
    return number;
}

void nb_label_key_make(nb_arena *a, const char *text, size_t len, nb_label_key *out)
{
    char small[512];
    /* Folding never lengthens: every character maps to one of no more bytes. */
    char *folded = len < sizeof small ? small : malloc(len + 1);
    size_t n = fold(text, len, folded);
    char *core = nb_arena_alloc(a, n + 1);
    out->number = make_core(folded, n, core);
    out->core = core;
    if (folded != small) free(folded);
}

int nb_label_core(const char *text, size_t len, char *out, size_t outsz)
{
    nb_arena a = NB_ARENA_INIT;
    nb_label_key key;
    nb_label_key_make(&a, text, len, &key);
    size_t n = strlen(key.core);
    if (outsz) {
        if (n >= outsz) n = outsz - 1;
        memcpy(out, key.core, n);
        out[n] = '\0';
    }
    nb_arena_free(&a);
    return key.number;
}
