/* number: the text of one table cell -> a value, its unit and what a careful reader
 * should know about it (see number.h for the contract).
 *
 * Design. The cell is read once, left to right, as a sequence of Unicode code points
 * decoded in place from the caller's bytes (no copy, no allocation: this runs ~200 times
 * per page on 100k pages). A small hand-written recogniser accepts exactly one shape:
 *
 *     [prefix...] [sign] digits[,ddd...][.digits] [approx|unit]... [(annotation)...]
 *
 * and everything else is TEXT. Being strict is deliberate: a wrong figure in the CSV
 * is worse than a cell left for a human to read, so we never guess, never join two
 * digit runs and never split one. Whitespace is skipped between the parts of that shape
 * (PDF text puts spaces between CJK characters) but never inside the digits, which is
 * what keeps "12 34" and "396 0 181" from becoming one number.
 *
 * The value is built digit by digit straight into a fixed buffer, so it stays the
 * decimal that was printed ("24252.311082" is never rounded through a double); the
 * double is computed from that string afterwards. */
#include "pipeline/number.h"

#include <stdint.h>
#include <string.h>

#include "base/utf8.h"

/* ---- UTF-8 decoding ------------------------------------------------------------- */

/* The code point at p (p < end), its length in *n (at least 1, so the caller always
 * advances). utf8.h is strict: an overlong '1' (C0 B1) or a surrogate decodes as U+FFFD,
 * which is no character we look for, so invalid bytes can only make a cell TEXT. */
static int32_t decode_cp(const unsigned char *p, const unsigned char *end, size_t *n)
{
    uint32_t cp;
    *n = nb_utf8_decode(p, (size_t)(end - p), &cp);
    return (int32_t)cp;
}

/* ---- character classes ------------------------------------------------------------ */

static int is_space_cp(int32_t cp)
{
    return cp >= 0 && nb_utf8_is_space((uint32_t)cp);
}

/* 0-9 for ASCII and full-width digits, -1 otherwise. */
static int digit_value(int32_t cp, unsigned *flags)
{
    if (cp >= '0' && cp <= '9') return cp - '0';
    if (cp >= 0xFF10 && cp <= 0xFF19) {
        *flags |= NB_FLAG_FULLWIDTH;
        return cp - 0xFF10;
    }
    return -1;
}

static int is_thousands_sep(int32_t cp) { return cp == ',' || cp == 0xFF0C; }
static int is_decimal_point(int32_t cp) { return cp == '.' || cp == 0xFF0E; }

/* Brackets of any kind count as one family: PDF copies mix "(" with "）". */
static int is_open_bracket(int32_t cp)
{
    return cp == '(' || cp == '[' || cp == '{' || cp == 0xFF08 || cp == 0xFF3B ||
           cp == 0xFF5B || cp == 0x3010 || cp == 0x3014 || cp == 0x3016;
}

static int is_close_bracket(int32_t cp)
{
    return cp == ')' || cp == ']' || cp == '}' || cp == 0xFF09 || cp == 0xFF3D ||
           cp == 0xFF5D || cp == 0x3011 || cp == 0x3015 || cp == 0x3017;
}

/* A placeholder cell is a run of one of these classes ("—", "——", "- -", "//", "×").
 * The CJK "一" is not a dash here: it is also the numeral one, and we do not guess. */
enum { MARK_NONE, MARK_DASH, MARK_SLASH, MARK_CROSS };

static int placeholder_mark_class(int32_t cp)
{
    switch (cp) {
    case '-': case 0xFF0D: case 0x2010: case 0x2011: case 0x2012: case 0x2013:
    case 0x2014: case 0x2015: case 0x2212: case 0x2500: case 0x2501: case 0xFE58:
    case 0xFE63:
        return MARK_DASH;
    case '/': case '\\': case 0xFF0F: case 0xFF3C: case 0x2215:
        return MARK_SLASH;
    case 0xD7: case 0x2715: case 0x2573:
        return MARK_CROSS;
    default:
        return MARK_NONE;
    }
}

/* ---- whitespace and words -------------------------------------------------------- */

/* Skips whitespace of every kind. The literal "&nbsp;" counts too: sites that escape
 * their HTML twice print it, and a reader sees an empty cell. */
static const unsigned char *skip_space(const unsigned char *p, const unsigned char *end)
{
    while (p < end) {
        size_t n;
        int32_t cp = decode_cp(p, end, &n);
        if (is_space_cp(cp))
            p += n;
        else if (cp == '&' && (size_t)(end - p) >= 6 && memcmp(p, "&nbsp;", 6) == 0)
            p += 6;
        else
            break;
    }
    return p;
}

/* If the text at p spells `word` (whitespace allowed between its characters, as PDF
 * text often has), returns the position just after it; NULL otherwise. Comparing the
 * encoded bytes is exact because both sides are valid UTF-8 where they match. */
static const unsigned char *match_word(const unsigned char *p, const unsigned char *end,
                                       const char *word)
{
    const unsigned char *w = (const unsigned char *)word;
    while (*w) {
        /* 4: a word's NUL ends a sequence early, being no continuation byte */
        size_t n = nb_utf8_sequence_length(w, 4);
        p = skip_space(p, end);
        if ((size_t)(end - p) < n || memcmp(p, w, n) != 0) return NULL;
        p += n;
        w += n;
    }
    return p;
}

/* Tries each word of a NULL-terminated list (longer words first where one is a prefix
 * of another) and returns the index of the first that matches, or -1. */
static int match_any(const unsigned char **p, const unsigned char *end,
                     const char *const *words)
{
    const unsigned char *start = skip_space(*p, end);
    if (start == end) return -1;
    for (int i = 0; words[i]; i++) {
        /* Most cells are plain digits: the first byte rules most words out cheaply. */
        if (start[0] != (unsigned char)words[i][0]) continue;
        const unsigned char *after = match_word(start, end, words[i]);
        if (after) {
            *p = after;
            return i;
        }
    }
    return -1;
}

/* ---- the vocabulary, as tables ---------------------------------------------------- */

static const char *const placeholder_words[] = {
    "暂无", "没有", "不涉及", "不适用", "空白", "无", "空", NULL,
};

/* Words before the number that make it approximate: 约36万元, 超过100件. */
static const char *const approx_prefixes[] = {
    "大约", "约", "将近", "接近", "近", "逾", "超过", "超", NULL,
};

/* Words before the number that only say it is a total: 共36件, 合计5. Stripped, and the
 * cell is flagged annotated because it said more than the number. */
static const char *const total_prefixes[] = {
    "共计", "合计", "总计", "共", NULL,
};

/* Words after the number (before or after the unit) that make it approximate:
 * 30余万元, 30多件, 36万元左右, 100件以上. */
static const char *const approx_suffixes[] = {
    "左右", "以上", "余", "多", NULL,
};

/* Units a report writes inside a value cell. 万元 before 元 matters only for clarity:
 * the first characters differ. */
static const char *const units[] = {
    "万元", "千元", "元", "件", "项", "个", "条", "次", "宗", NULL,
};

/* ---- the parts of a cell ---------------------------------------------------------- */

static int is_placeholder(const unsigned char *p, const unsigned char *end)
{
    size_t n;
    int mark = placeholder_mark_class(decode_cp(p, end, &n));
    if (mark != MARK_NONE) {
        for (;;) {
            p = skip_space(p + n, end);
            if (p == end) return 1;
            if (placeholder_mark_class(decode_cp(p, end, &n)) != mark) return 0;
        }
    }
    const unsigned char *q = p;
    return match_any(&q, end, placeholder_words) >= 0 && skip_space(q, end) == end;
}

/* Moves p past one bracketed annotation starting at p (an opening bracket), nested
 * brackets included. Returns NULL if the brackets never close: a cut-off annotation
 * may hide the rest of the cell, so it is not read as one. */
static const unsigned char *skip_annotation(const unsigned char *p, const unsigned char *end)
{
    size_t depth = 0;
    while (p < end) {
        size_t n;
        int32_t cp = decode_cp(p, end, &n);
        p += n;
        if (is_open_bracket(cp))
            depth++;
        else if (is_close_bracket(cp) && depth > 0 && --depth == 0)
            return p;
    }
    return NULL;
}

/* The value as it is being built: digits without sign, then '.' and the fraction. */
typedef struct {
    char text[sizeof(((nb_number *)0)->value)];
    size_t len;
    int overflow;          /* more characters than value[] can hold: the cell is TEXT */
    int any_nonzero;       /* a nonzero digit was seen: "-0" and "-0.00" lose the sign */
    unsigned significant;  /* digits from the first nonzero one to the last printed */
} value_builder;

static void value_add(value_builder *v, char c)
{
    if (v->len + 1 >= sizeof v->text) {
        v->overflow = 1;
        return;
    }
    v->text[v->len++] = c;
}

/* Reads the digits of the number at p: digits with correctly grouped thousands
 * separators, then an optional '.' and at least one digit. Nothing inside may be
 * whitespace. Returns the position after the number, or NULL if it is not one. */
static const unsigned char *read_digits(const unsigned char *p, const unsigned char *end,
                                        value_builder *v, unsigned *flags)
{
    size_t int_digits = 0, group_len = 0, separators = 0;
    int leading_zero = 0, bad_grouping = 0;
    size_t n;

    while (p < end) {
        int32_t cp = decode_cp(p, end, &n);
        int d = digit_value(cp, flags);
        if (d >= 0) {
            if (int_digits == 0 && d == 0) leading_zero = 1;
            if (d != 0 || v->any_nonzero) {
                /* Leading zeros are dropped: "007" is 7. */
                v->any_nonzero = 1;
                v->significant++;
                value_add(v, (char)('0' + d));
            }
            int_digits++;
            group_len++;
        } else if (is_thousands_sep(cp) && int_digits > 0) {
            /* "1,234" and "12,345,678" only; "1,23" or "0,123" may be two numbers or a
             * decimal comma, so they are not read. */
            if (separators == 0 ? (group_len > 3 || leading_zero) : group_len != 3)
                bad_grouping = 1;
            if (cp == 0xFF0C) *flags |= NB_FLAG_FULLWIDTH;
            separators++;
            group_len = 0;
        } else {
            break;
        }
        p += n;
    }
    if (int_digits == 0) return NULL;
    if (separators > 0) {
        if (group_len != 3) bad_grouping = 1;
        *flags |= NB_FLAG_THOUSANDS;
    }
    if (bad_grouping) return NULL;
    if (!v->any_nonzero) value_add(v, '0');

    if (p < end && is_decimal_point(decode_cp(p, end, &n))) {
        if (p[0] != '.') *flags |= NB_FLAG_FULLWIDTH;
        p += n;
        value_add(v, '.');
        size_t frac_digits = 0;
        while (p < end) {
            int d = digit_value(decode_cp(p, end, &n), flags);
            if (d < 0) break;
            /* Trailing zeros stay: "1.50" is printed with that precision. */
            if (d != 0 || v->any_nonzero) {
                v->any_nonzero = 1;
                v->significant++;
            }
            value_add(v, (char)('0' + d));
            frac_digits++;
            p += n;
        }
        if (frac_digits == 0) return NULL; /* "5." is not how a number ends */
    }
    return p;
}

/* The nearest double to a plain decimal. Up to 15 significant digits and small
 * exponents this is exact-then-correctly-rounded (the mantissa and the power of ten are
 * both exact doubles, one multiplication or division rounds once); beyond that it is a
 * best effort, which is what NB_FLAG_TOO_LARGE warns about. Done by hand rather than
 * with strtod because strtod follows the locale's decimal point. */
static double decimal_to_double(const char *s)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    int negative = *s == '-';
    if (negative) s++;
    uint64_t mantissa = 0;
    int kept = 0, exponent = 0, in_fraction = 0;
    for (; *s; s++) {
        if (*s == '.') {
            in_fraction = 1;
            continue;
        }
        if (kept < 19 && (mantissa > 0 || *s != '0' || in_fraction)) {
            mantissa = mantissa * 10 + (uint64_t)(*s - '0');
            if (mantissa > 0) kept++;
            if (in_fraction) exponent--;
        } else if (!in_fraction && kept >= 19) {
            exponent++; /* integer digits beyond what the mantissa holds */
        }
    }
    double x = (double)mantissa;
    while (exponent > 22) {
        x *= 1e22;
        exponent -= 22;
    }
    while (exponent < -22) {
        x /= 1e22;
        exponent += 22;
    }
    x = exponent >= 0 ? x * pow10[exponent] : x / pow10[-exponent];
    return negative ? -x : x;
}

/* Reads the whole cell as one number; returns 0 (out untouched) if it is not one. */
static int parse_number_cell(const unsigned char *p, const unsigned char *end,
                             nb_number *out)
{
    unsigned flags = 0;
    int unit = -1;

    /* "共约36万元": a few prefixes in any order. */
    for (int i = 0; i < 4; i++) {
        if (match_any(&p, end, approx_prefixes) >= 0)
            flags |= NB_FLAG_APPROX;
        else if (match_any(&p, end, total_prefixes) >= 0)
            flags |= NB_FLAG_ANNOTATED;
        else
            break;
    }

    p = skip_space(p, end);
    if (p == end) return 0;
    size_t n;
    int32_t cp = decode_cp(p, end, &n);
    int negative = 0;
    if (cp == '-' || cp == '+' || cp == 0xFF0D || cp == 0xFF0B || cp == 0x2212) {
        /* U+2212 is the proper minus sign, not a full-width form: no flag for it. */
        if (cp == 0xFF0D || cp == 0xFF0B) flags |= NB_FLAG_FULLWIDTH;
        negative = cp != '+' && cp != 0xFF0B;
        p = skip_space(p + n, end);
    }

    value_builder v = {.len = 0};
    p = read_digits(p, end, &v, &flags);
    if (!p || v.overflow) return 0;

    /* Approximation words and one unit, in either order: 30余万元, 36万元左右. */
    for (int i = 0; i < 4; i++) {
        int u;
        if (unit < 0 && (u = match_any(&p, end, units)) >= 0) {
            unit = u;
            flags |= NB_FLAG_UNIT_STRIPPED;
        } else if (match_any(&p, end, approx_suffixes) >= 0) {
            flags |= NB_FLAG_APPROX;
        } else {
            break;
        }
    }

    /* Bracketed annotations after the number: whatever they say, numbers included, is
     * commentary on the figure ("22（其中修订16件）"). Anything else left over is not. */
    for (;;) {
        p = skip_space(p, end);
        if (p == end) break;
        if (!is_open_bracket(decode_cp(p, end, &n))) return 0;
        p = skip_annotation(p, end);
        if (!p) return 0;
        flags |= NB_FLAG_ANNOTATED;
    }

    if (v.significant > 15) flags |= NB_FLAG_TOO_LARGE;
    negative = negative && v.any_nonzero;
    if ((size_t)negative + v.len >= sizeof out->value) return 0;

    out->kind = NB_CELL_NUMBER;
    out->value[0] = '-';
    memcpy(out->value + negative, v.text, v.len);
    out->value[(size_t)negative + v.len] = '\0';
    out->number = decimal_to_double(out->value);
    if (unit >= 0) {
        size_t unit_len = strlen(units[unit]); /* every entry is shorter than unit[] */
        memcpy(out->unit, units[unit], unit_len + 1);
    }
    out->flags = flags;
    return 1;
}

/* ---- public functions -------------------------------------------------------------- */

void nb_number_parse(const char *text, size_t len, nb_number *out)
{
    out->kind = NB_CELL_TEXT;
    out->value[0] = '\0';
    out->number = 0;
    out->unit[0] = '\0';
    out->flags = 0;

    const unsigned char *p = (const unsigned char *)text;
    const unsigned char *end = text ? p + len : p;
    p = skip_space(p, end);
    if (p == end)
        out->kind = NB_CELL_BLANK;
    else if (is_placeholder(p, end))
        out->kind = NB_CELL_PLACEHOLDER;
    else
        parse_number_cell(p, end, out); /* leaves TEXT when it is not a number */
}

void nb_number_flag_names(unsigned flags, char *out, size_t outsz)
{
    static const char *const names[] = {
        "approximate", "annotated", "unit_stripped", "fullwidth", "thousands", "too_large",
    };
    if (!out || outsz == 0) return;
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(flags & (1u << i))) continue;
        size_t name_len = strlen(names[i]);
        size_t need = (len > 0) + name_len;
        /* A name that does not fit is left out whole: half a name would read as another. */
        if (len + need + 1 > outsz) break;
        if (len > 0) out[len++] = ';';
        memcpy(out + len, names[i], name_len);
        len += name_len;
        out[len] = '\0';
    }
}

void nb_number_wan_to_yuan(const char *decimal, char *out, size_t outsz)
{
    if (!out || outsz == 0) return;
    out[0] = '\0';
    if (!decimal) return;

    const char *s = decimal;
    int negative = *s == '-';
    if (negative) s++;
    const char *int_digits = s;
    while (*s >= '0' && *s <= '9') s++;
    size_t int_len = (size_t)(s - int_digits);
    const char *frac_digits = s;
    size_t frac_len = 0;
    if (*s == '.') {
        frac_digits = ++s;
        while (*s >= '0' && *s <= '9') s++;
        frac_len = (size_t)(s - frac_digits);
        if (frac_len == 0) return;
    }
    if (int_len == 0 || *s != '\0') return;

    /* Read the digits as one sequence, integer then fraction then zero padding; the
     * point moves from after int_len to after int_len + 4. */
    size_t point = int_len + 4;
    size_t total = int_len + frac_len > point ? int_len + frac_len : point;
#define DIGIT_AT(i) ((i) < int_len ? int_digits[i] : (i) - int_len < frac_len ? frac_digits[(i) - int_len] : '0')
    size_t first = 0; /* first integer digit kept: leading zeros go, one '0' stays */
    while (first + 1 < point && DIGIT_AT(first) == '0') first++;
    size_t last = total; /* one past the last fraction digit kept: trailing zeros go */
    while (last > point && DIGIT_AT(last - 1) == '0') last--;
    int nonzero = 0;
    for (size_t i = first; i < last && !nonzero; i++) nonzero = DIGIT_AT(i) != '0';
    negative = negative && nonzero;

    size_t need = (size_t)negative + (point - first) + (last > point ? 1 + last - point : 0) + 1;
    if (need > outsz) return;
    size_t o = 0;
    if (negative) out[o++] = '-';
    for (size_t i = first; i < point; i++) out[o++] = DIGIT_AT(i);
    if (last > point) {
        out[o++] = '.';
        for (size_t i = point; i < last; i++) out[o++] = DIGIT_AT(i);
    }
    out[o] = '\0';
#undef DIGIT_AT
}
