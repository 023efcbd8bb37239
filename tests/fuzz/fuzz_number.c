/* fuzz_number: any bytes as a table cell -> nb_number_parse, and what the header
 * promises of its result: a NUMBER's value is a plain decimal that the double agrees
 * with, its unit one of the listed units, other kinds carry no value or flags; the flag
 * names fit any buffer; 万元 -> 元 of any value succeeds and is again a plain decimal. */
#include <math.h>
#include <string.h>

#include "fuzz.h"
#include "pipeline/number.h"

/* digits with no superfluous leading zero, optional '.digits', optional leading '-' */
static int plain_decimal(const char *s)
{
    if (*s == '-') s++;
    if (!(*s >= '0' && *s <= '9')) return 0;
    if (s[0] == '0' && s[1] >= '0' && s[1] <= '9') return 0;
    while (*s >= '0' && *s <= '9') s++;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9')) return 0;
        while (*s >= '0' && *s <= '9') s++;
    }
    return *s == '\0';
}

static const char *const units[] = {"", "万元", "千元", "元", "件", "项", "个", "条", "次", "宗", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_number n, again;
    memset(&n, 0x5A, sizeof n); /* garbage in: every field must be set */
    nb_number_parse((const char *)data, size, &n);
    nb_number_parse((const char *)data, size, &again);
    FUZZ_ASSERT(n.kind == again.kind && !strcmp(n.value, again.value) && n.flags == again.flags);
    FUZZ_ASSERT(n.kind >= NB_CELL_BLANK && n.kind <= NB_CELL_TEXT);
    FUZZ_ASSERT(memchr(n.value, 0, sizeof n.value) && memchr(n.unit, 0, sizeof n.unit));
    int known_unit = 0;
    for (const char *const *u = units; *u; u++) known_unit |= !strcmp(n.unit, *u);
    FUZZ_ASSERT(known_unit);
    if (n.kind == NB_CELL_NUMBER) {
        FUZZ_ASSERT(plain_decimal(n.value));
        FUZZ_ASSERT(strcmp(n.value, "-0") != 0);
        FUZZ_ASSERT(strlen(n.value) <= 47);
        double d = strtod(n.value, NULL);
        FUZZ_ASSERT(isfinite(n.number));
        FUZZ_ASSERT(fabs(d - n.number) <= fabs(d) * 1e-12);
        FUZZ_ASSERT(!(n.flags & ~0x3Fu));
        char yuan[56];
        nb_number_wan_to_yuan(n.value, yuan, sizeof yuan);
        FUZZ_ASSERT(yuan[0] && plain_decimal(yuan));
        double y = strtod(yuan, NULL);
        FUZZ_ASSERT(fabs(y - d * 10000) <= fabs(d * 10000) * 1e-9 + 1e-300);
    } else {
        FUZZ_ASSERT(n.value[0] == '\0' && n.number == 0 && n.flags == 0);
    }
    /* flag names: every bit pattern, every buffer size, always terminated */
    unsigned flags = size ? data[0] : 0;
    char names[80];
    for (size_t cap = 1; cap <= sizeof names; cap += 7) {
        memset(names, 'x', sizeof names);
        nb_number_flag_names(flags, names, cap);
        FUZZ_ASSERT(memchr(names, 0, cap) != NULL);
    }
    /* the value conversion on the raw bytes as well: any string, never an overflow */
    if (size < 64) {
        char s[64], out[56];
        memcpy(s, data, size);
        s[size] = '\0';
        nb_number_wan_to_yuan(s, out, sizeof out);
        FUZZ_ASSERT(memchr(out, 0, sizeof out) != NULL);
    }
    return 0;
}
