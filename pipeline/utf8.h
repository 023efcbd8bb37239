/* utf8: the project's one UTF-8 decoder and the character classes every text stage
 * shares (what counts as whitespace, full-width forms). Header-only: it sits on the
 * hottest paths. */
#ifndef NB_UTF8_H
#define NB_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes the code point at s[0..n) into *cp and returns its length in bytes (1..4).
 * An invalid or truncated sequence decodes as U+FFFD with length 1, so callers always
 * advance and never read past n. n must be > 0. */
static inline size_t nb_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) len = 2, v = c & 0x1F, min = 0x80;
    else if ((c & 0xF0) == 0xE0) len = 3, v = c & 0x0F, min = 0x800;
    else if ((c & 0xF8) == 0xF0) len = 4, v = c & 0x07, min = 0x10000;
    else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
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

/* Copies the string src into dst (cap bytes, always NUL-terminated when cap > 0); a text
 * that does not fit is cut between characters, never inside one (snprintf would leave
 * half a character, and the CSV invalid UTF-8). */
static inline void nb_utf8_copy(char *dst, size_t cap, const char *src)
{
    if (!cap) return;
    size_t n = 0;
    while (src[n] && n < cap) n++;
    if (n == cap) {
        n = cap - 1;
        /* back up over continuation bytes to the start of the character cut in two */
        size_t lead = n;
        while (lead > 0 && ((unsigned char)src[lead] & 0xC0) == 0x80) lead--;
        if (lead < n && ((unsigned char)src[lead] & 0xC0) == 0xC0) n = lead;
    }
    for (size_t i = 0; i < n; i++) dst[i] = src[i];
    dst[n] = '\0';
}

/* Full-width ASCII forms (Ｕ+FF01..FF5E, e.g. "１２", "（", "：") -> ASCII; else cp. */
static inline uint32_t nb_utf8_halfwidth(uint32_t cp)
{
    return (cp >= 0xFF01 && cp <= 0xFF5E) ? cp - 0xFEE0 : cp;
}

#endif
