/* rollup: all townships' reports -> the county's outputs.
 *
 *   <out>/<year>/county_table2.csv, county_table3.csv, county_table4.csv
 *       the official layout (Chinese row and column labels) summed over the townships of
 *       that year, followed by how many townships were included, which are missing, how
 *       many blank or placeholder cells were counted as 0, and which reports could not
 *       be summed (another template, unreadable or missing cells). The year's layout is
 *       the template most of its reports use; a report in the other format contributes
 *       the cells both formats share. Amounts are summed in the column's unit: 采购总金额
 *       in 元 (an amount of unknown unit is left out and counted), 本年收费金额 in 万元.
 *   <out>/overview.csv
 *       one row per township-year with the key figures, template, publish date, whether
 *       it was on time, the number of anomalies and the source URL.
 * (anomalies.csv is written by anomalies.h.)
 *
 * Every file is UTF-8 with BOM, CRLF, written atomically. */
#ifndef NB_ROLLUP_H
#define NB_ROLLUP_H

#include "base/buf.h"
#include "pipeline/check/checks.h"
#include "pipeline/report.h"
#include "pipeline/check/summary.h"

typedef struct nb_rollup nb_rollup;

/* A roll-up of the county's township-years in scope, fed one report at a time: it keeps
 * the sums of each year and a summary of each report, never the reports, so memory
 * grows by about 1.3 KB per township-year whatever the reports hold. */
nb_rollup *nb_rollup_new(const nb_check_scope *scope);
void nb_rollup_free(nb_rollup *ru);
/* Adds one township-year (at most one report per township-year). */
void nb_rollup_add(nb_rollup *ru, const nb_report *r);
/* The summaries of the reports added, in the order added (for nb_checks_county). */
const nb_summary *nb_rollup_summaries(const nb_rollup *ru, int *n);

/* Writes the county tables of each year in scope that has a report, and the overview
 * (each township-year's count of findings). A file that cannot be written does not stop
 * the others. Returns 0, or -1 with one line "<file>: <reason>" per failure in err. */
int nb_rollup_write(const char *outdir, const nb_rollup *ru, const nb_findings *findings, nb_buf *err);


#endif
