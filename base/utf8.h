/* utf8: the project's one UTF-8 decoder and validator and the character classes every text stage
 * shares (what counts as whitespace, full-width forms). Header-only: it sits on the
 * hottest paths. */
#ifndef NB_UTF8_H
#define NB_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The length (1..4) of the well-formed UTF-8 sequence at s, of which avail bytes may be
 * read, or 0 if it is not one. Strict per Unicode table 3-7: no overlongs, no surrogates,
 * nothing above U+10FFFF. Every stage that validates or decodes UTF-8 asks this. */
static inline size_t nb_utf8_sequence_length(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    if (c < 0xC2) return 0;
    if (c < 0xE0) return (avail >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    if (c < 0xF0) {
        if (avail < 3) return 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
        return (s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80) ? 3 : 0;
    }
    if (c < 0xF5) {
        if (avail < 4) return 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
        return (s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) ? 4 : 0;
    }
    return 0;
}

/* Decodes the code point at s[0..n) into *cp and returns its length in bytes (1..4).
 * An invalid or truncated sequence decodes as U+FFFD with length 1, so callers always
 * advance and never read past n. n must be > 0. */
static inline size_t nb_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len = nb_utf8_sequence_length(s, n);
    switch (len) {
    case 1: *cp = s[0]; return 1;
    case 2: *cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F); return 2;
    case 3: *cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F); return 3;
    case 4:
        *cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 | (uint32_t)(s[2] & 0x3F) << 6 |
              (s[3] & 0x3F);
        return 4;
    default: *cp = 0xFFFD; return 1;
    }
}

/* Appends cp as UTF-8 to out (room for 4 bytes); returns the bytes written. */
static inline size_t nb_utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The number of characters of a NUL-terminated UTF-8 string (continuation bytes are
 * not counted). */
static inline size_t nb_utf8_count(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Whitespace as pages use it: ASCII, no-break space (&nbsp;), the ideographic space of
 * Chinese typesetting, the typographic spaces, zero-width characters and the BOM. */
static inline int nb_utf8_is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x3000 ||
           (cp >= 0x2000 && cp <= 0x200D) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x2060 || cp == 0xFEFF || cp == 0x1680 || cp == 0x85;
}

/* The largest n' <= n at which s can be cut without splitting a character (s holds at
 * least n+1 readable bytes, or n is its length). */
static inline size_t nb_utf8_boundary(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return n;
}

/* Copies the string src into dst (cap bytes, always NUL-terminated when cap > 0); a text
 * that does not fit is cut between characters, never inside one (snprintf would leave
 * half a character, and the CSV invalid UTF-8). */
static inline void nb_utf8_copy(char *dst, size_t cap, const char *src)
{
    if (!cap) return;
    size_t n = 0;
    while (src[n] && n < cap) n++;
    if (n == cap) n = nb_utf8_boundary(src, cap - 1);
    for (size_t i = 0; i < n; i++) dst[i] = src[i];
    dst[n] = '\0';
}

/* Full-width ASCII forms (Ｕ+FF01..FF5E, e.g. "１２", "（", "：") -> ASCII; else cp. */
static inline uint32_t nb_utf8_halfwidth(uint32_t cp)
{
    return (cp >= 0xFF01 && cp <= 0xFF5E) ? cp - 0xFEE0 : cp;
}

#endif
