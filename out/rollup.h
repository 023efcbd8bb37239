/* rollup: all townships' reports -> the county's figures and their CSV outputs.
 *
 *   <out>/<year>/county_table2.csv, county_table3.csv, county_table4.csv
 *       the official layout (Chinese row and column labels, 表三's three header rows with
 *       申请人情况 and 法人或其他组织) summed over the townships of that year, followed by
 *       notes: how many townships were included and which, which are missing, how many
 *       blank or placeholder cells were counted as 0, how many cells were left out — and
 *       each of those cells by name (township, cell, its text as printed, why) — and the
 *       included townships whose own report has error findings. The year's layout is the
 *       template most of its reports use; a report in the other format contributes the
 *       cells both formats share. Amounts are summed in the column's unit: 采购总金额 in
 *       元, 本年收费金额 in 万元. An amount whose unit nobody states is left out, except 0:
 *       zero is zero in any unit; so is a figure of more than 15 significant digits, which
 *       no sum of doubles keeps exact.
 *   <out>/overview.csv
 *       one row per registered township-year in scope, with the key figures, template,
 *       publish date, whether it was on time, the number of findings, the source URL, the
 *       status (summary.h: ok, late, image_only, attachment_only, unreadable — the
 *       scope's found-but-unread reports —, unknown, missing) and the county's
 *       administrative code.
 * (anomalies.csv is written by anomalies.h; the workbook and the HTML report read the
 * same figures through nb_rollup_year, nb_county_notes and nb_rollup_overview.)
 *
 * Every file is UTF-8 with BOM, CRLF, written atomically. */
#ifndef NB_ROLLUP_H
#define NB_ROLLUP_H

#include "base/buf.h"
#include "pipeline/check/checks.h"
#include "pipeline/check/summary.h"
#include "pipeline/report.h"

typedef struct nb_rollup nb_rollup;

/* A roll-up of the county's township-years in scope, fed one report at a time: it keeps
 * the sums of each year, a summary of each report and the cells it could not count,
 * never the reports, so memory grows by about 1.5 KB per township-year whatever the
 * reports hold. county_code may be "" (county.ini's optional code). */
nb_rollup *nb_rollup_new(const nb_check_scope *scope, const char *county_code);
void nb_rollup_free(nb_rollup *ru);
/* Adds one township-year (at most one report per township-year). */
void nb_rollup_add(nb_rollup *ru, const nb_report *r);
/* The summaries of the reports added, in the order added (for nb_checks_county). */
const nb_summary *nb_rollup_summaries(const nb_rollup *ru, int *n);
const nb_check_scope *nb_rollup_scope(const nb_rollup *ru);
const char *nb_rollup_county_code(const nb_rollup *ru);

typedef struct {
    double sum;
    int counted;  /* reports whose number went into the sum */
    int as_zero;  /* blank or placeholder cells counted as 0 */
    int left_out; /* missing, unreadable or unit-less cells: named in nb_county_year.left_out */
} nb_cell_sum;

/* One cell a county table could not count. */
typedef struct {
    char township[128];
    nb_table_id table;
    const nb_row *row;    /* of the report's template; NULL with col when the whole table is missing */
    const nb_column *col; /* NULL: the report lacks the whole table */
    char *raw;            /* the cell as printed (cut at 120 characters), "" when not found */
    const char *why;      /* in Chinese, for the notes */
} nb_left_out;

/* One year of the county, as its tables print it. */
typedef struct {
    int year;
    const nb_template *tpl; /* the year's layout; NULL when no township reported */
    nb_cell_sum *cells;     /* per cell of tpl, in nb_report value order */
    int nreports;
    nb_buf included, other_format, missing; /* township names, "、"-separated */
    const nb_left_out **left_out;           /* the cells of this layout left out */
    int nleft_out;
} nb_county_year;

void nb_rollup_year(const nb_rollup *ru, int year, nb_county_year *out);
void nb_county_year_free(nb_county_year *y);
/* The cell (table, row key, column key) of the year's layout, or NULL. */
const nb_cell_sum *nb_county_year_cell(const nb_county_year *y, nb_table_id table, const char *row_key,
                                       const char *col_key);
/* The column header a county table prints: the label, with （元） for an amount summed in 元. */
const char *nb_county_column_header(const nb_column *col, char *buf, size_t n);
/* The title row of a county table: "示例县2021年度 三、收到和处理…（12个乡镇合计，2021年版格式）". */
void nb_county_table_title(const nb_rollup *ru, const nb_county_year *y, nb_table_id table, char *buf, size_t n);

/* The notes below a county table, row by row (at most 4 fields each; `numbers` has bit i
 * set when field i is a count). Every writer prints the same notes. */
typedef struct {
    char *field[4];
    int n;
    unsigned numbers;
} nb_note_row;

typedef struct {
    nb_note_row *rows;
    int n, cap;
} nb_notes;

void nb_county_notes(const nb_county_year *y, nb_table_id table, const nb_findings *findings, nb_notes *out);
void nb_notes_free(nb_notes *notes);

/* One registered township-year. */
typedef struct {
    const char *township;
    int year;
    nb_status status;
    const nb_summary *summary; /* NULL without a report */
    const char *source_url;    /* the report's or the unreadable page's, "" when none */
    int late;                  /* 1 late, 0 on time, -1 unknown (no report or no date) */
    int findings;              /* every finding about it */
    int errors, warnings;      /* those not acknowledged */
} nb_overview_row;

/* Every registered township-year in scope, in the registry's order, each township's years
 * in order; *n rows; free() the array (it points into ru and findings). */
nb_overview_row *nb_rollup_overview(const nb_rollup *ru, const nb_findings *findings, int *n);

/* Writes the county tables of each year in scope that has a report, and the overview.
 * A file that cannot be written does not stop the others. Returns 0, or -1 with one line
 * "<file>: <reason>" per failure in err. */
int nb_rollup_write(const char *outdir, const nb_rollup *ru, const nb_findings *findings, nb_buf *err);

#endif
