/* fuzz.h: what the fuzz targets share. Each target defines LLVMFuzzerTestOneInput; built
 * with -DNB_FUZZ=ON (clang, libFuzzer) it is a fuzzer, in the ordinary build it is linked
 * with replay.c and ctest runs it over its seeds and the crashes fuzzing once found
 * (tests/fuzz/regressions/<target>/), so a fixed crash stays fixed.
 *
 * An invariant that does not hold is a finding: FUZZ_ASSERT prints it and aborts, which
 * libFuzzer reports like a crash. */
#ifndef NB_FUZZ_H
#define NB_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)                                                                  \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);   \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* True if s[0..n) is valid UTF-8 without NUL bytes (what every text stage hands on). */
/* A listing's date beside a link: none, or a day that exists written YYYY-MM-DD. */
static inline int fuzz_valid_listed_date(const char *date)
{
    int y, m, d;
    return !date[0] || nb_date_parse(date, &y, &m, &d);
}

static inline int fuzz_valid_utf8(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned c = u[i];
        if (c == 0) return 0;
        if (c < 0x80) { i++; continue; }
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        if (!len || c > 0xF4 || i + len > n) return 0;
        uint32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
        for (size_t k = 1; k < len; k++) {
            if ((u[i + k] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (u[i + k] & 0x3F);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += len;
    }
    return 1;
}

/* True if a CSV field as a spreadsheet reads it would start a formula: a leading =, +, -,
 * @, tab or CR, unless the field is a plain number such as -18 or +5.5. */
static inline int fuzz_formula_start(const char *f)
{
    size_t n = strlen(f);
    if (n < 2 || !strchr("=+-@\t\r", f[0])) return 0;
    size_t i = 1, digits = 0;
    for (; i < n && f[i] >= '0' && f[i] <= '9'; i++) digits++;
    if (i < n && f[i] == '.')
        for (i++; i < n && f[i] >= '0' && f[i] <= '9'; i++) digits++;
    return !(digits && i == n && (f[0] == '-' || f[0] == '+'));
}

#endif
