/* number: one table cell's text -> a value, its unit and what a careful reader should
 * know about it. Knows nothing about HTML or about the report templates.
 *
 * The value is kept as a normalised decimal string (exactly as printed, no binary
 * rounding: "24252.311082" stays so) and also as a double for arithmetic. */
#ifndef NB_NUMBER_H
#define NB_NUMBER_H

#include <stddef.h>

typedef enum {
    NB_CELL_BLANK,       /* empty, only whitespace or &nbsp; */
    NB_CELL_PLACEHOLDER, /* "/", "／", "—", "——", "-", "--", "－", "无", "空", "暂无", "0"-less dash runs */
    NB_CELL_NUMBER,      /* one readable number (possibly with unit, 约, annotation) */
    NB_CELL_TEXT         /* anything else: no number, or several numbers, or digits run together */
} nb_cell_kind;

/* Flags: bit set; nb_number_flag_names() spells them for the CSV `flag` column. */
enum {
    NB_FLAG_APPROX = 1u << 0,        /* 约/大约/近/逾/余/多/左右 around the number */
    NB_FLAG_ANNOTATED = 1u << 1,     /* extra text besides the number: 22（其中修订16件） */
    NB_FLAG_UNIT_STRIPPED = 1u << 2, /* a unit written in the cell was removed: 70487元 */
    NB_FLAG_FULLWIDTH = 1u << 3,     /* full-width digits or signs were converted: １２ */
    NB_FLAG_THOUSANDS = 1u << 4,     /* thousands separators were removed: 1,234 */
    NB_FLAG_TOO_LARGE = 1u << 5,     /* more digits than a double holds exactly (> 15) */
};

typedef struct {
    nb_cell_kind kind;
    char value[48];   /* plain decimal: digits, optional leading '-', optional '.digits'; "" unless NUMBER */
    double number;    /* the same value as a double; 0 unless NUMBER */
    char unit[16];    /* unit written in the cell: "元", "万元", "件", "项", "个", "条", or "" */
    unsigned flags;
} nb_number;

/* Parses cell text (UTF-8, any whitespace). Never fails: unreadable text is NB_CELL_TEXT. */
void nb_number_parse(const char *text, size_t len, nb_number *out);

/* Writes the names of the set flags, ';'-separated, into out (always NUL-terminated). */
void nb_number_flag_names(unsigned flags, char *out, size_t outsz);

/* Converts a plain decimal from 万元 to 元 by moving the decimal point 4 places, exactly
 * ("96171.6" -> "961716000", "0.00005" -> "0.5"). out must hold at least 56 bytes. */
void nb_number_wan_to_yuan(const char *decimal, char *out, size_t outsz);

#endif
