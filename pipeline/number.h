/* number: one table cell's text -> a value, its unit and what a careful reader should
 * know about it. Knows nothing about HTML or about the report templates.
 *
 * The value is kept as a normalised decimal string (exactly as printed, no binary
 * rounding: "24252.311082" stays so) and also as a double for arithmetic.
 *
 * What a NUMBER cell may hold, whitespace of any kind allowed between the parts (never
 * inside the digits):
 *     [约|大约|近|将近|接近|逾|超|超过] [共|共计|合计|总计]   prefixes, any order
 *     [- | + | － | ＋ | U+2212]                            sign
 *     digits [, or ， every 3 digits] [. digits]             ASCII or full-width
 *     [余|多|左右|以上] [万元|千元|元|件|项|个|条|次|宗]       approx words and one unit, either order
 *     [（annotation）...]                                    brackets of any kind
 * Anything else is TEXT: a wrong figure is worse than a cell left for a reader. So are,
 * deliberately: two digit runs outside brackets ("12 34", "2648-18538"), digits glued
 * to a label ("规范性文件898989"), "1,23", "5.", ".5", scientific notation ("1e308"),
 * units not listed ("5人", "36万"), Chinese numerals ("十二", "〇"; not read for now),
 * and "一" (a dash to some typists, the numeral one to others).
 *
 * The value string: digits with leading zeros removed ("007" -> "7", "00.50" -> "0.50"),
 * trailing fractional zeros kept as printed ("1.50" stays "1.50"), '.' as the point, no
 * thousands separators, '-' only for a nonzero negative ("-0" -> "0", "+5" -> "5"). It
 * holds at most 47 characters; a longer number cannot be kept exactly and is TEXT. */
#ifndef NB_NUMBER_H
#define NB_NUMBER_H

#include <stddef.h>

typedef enum {
    NB_CELL_BLANK,       /* empty, only whitespace (U+00A0, U+3000, ...) or a literal "&nbsp;" */
    NB_CELL_PLACEHOLDER, /* the whole cell is a run of dashes ("-", "--", "—", "——", "－", "─"),
                            of slashes ("/", "／", "\\") or of "×", or one of 无, 空, 暂无,
                            没有, 不涉及, 不适用, 空白. A lone "0" is a NUMBER. */
    NB_CELL_NUMBER,      /* one readable number (possibly with unit, 约, annotation) */
    NB_CELL_TEXT         /* anything else: no number, or several numbers, or digits run
                            together, or bytes that are not valid UTF-8 outside brackets */
} nb_cell_kind;

/* Flags: bit set; nb_number_flag_names() spells them for the CSV `flag` column. */
enum {
    NB_FLAG_APPROX = 1u << 0,        /* 约/大约/近/逾/超/余/多/左右/以上 around the number */
    NB_FLAG_ANNOTATED = 1u << 1,     /* extra text besides the number: 22（其中修订16件）, 共36件 */
    NB_FLAG_UNIT_STRIPPED = 1u << 2, /* a unit written in the cell was removed: 70487元 */
    NB_FLAG_FULLWIDTH = 1u << 3,     /* full-width digits or signs were converted: １２ */
    NB_FLAG_THOUSANDS = 1u << 4,     /* thousands separators were removed: 1,234 */
    NB_FLAG_TOO_LARGE = 1u << 5,     /* more than 15 significant digits (first nonzero to last
                                        printed): value is exact, number only the nearest */
};

typedef struct {
    nb_cell_kind kind;
    char value[48];   /* plain decimal: digits, optional leading '-', optional '.digits'; "" unless NUMBER */
    double number;    /* the same value as a double; 0 unless NUMBER */
    char unit[16];    /* unit written in the cell, one of those listed above ("元", "万元", "件"...), or "" */
    unsigned flags;   /* 0 unless NUMBER */
} nb_number;

/* Parses cell text (UTF-8, any whitespace). Never fails: unreadable text is NB_CELL_TEXT.
 * Reads exactly len bytes (NUL bytes in them are just bytes, which make the cell TEXT);
 * text may be NULL when len is 0. No allocation; safe on any bytes. */
void nb_number_parse(const char *text, size_t len, nb_number *out);

/* Writes the names of the set flags, ';'-separated, in bit order, into out (always
 * NUL-terminated when outsz > 0): approximate, annotated, unit_stripped, fullwidth,
 * thousands, too_large. 66 bytes hold them all; a name that does not fit is left out
 * whole, with the ones after it. Unknown bits are ignored. */
void nb_number_flag_names(unsigned flags, char *out, size_t outsz);

/* Converts a plain decimal from 万元 to 元 by moving the decimal point 4 places, exactly
 * ("96171.6" -> "961716000", "0.00005" -> "0.5"). Leading zeros, trailing fractional zeros
 * and a dangling '.' are dropped; the sign stays, except on zero ("-0.00001" -> "-0.1",
 * "0" -> "0"). Input that is not a plain decimal (as in nb_number.value) and a result
 * that does not fit give "". out must hold at least 56 bytes (enough for any value). */
void nb_number_wan_to_yuan(const char *decimal, char *out, size_t outsz);

#endif
