/* tidy: a report as tidy CSV rows, one per template cell, with the columns
 *   county,township,year,template,table,row_key,col_key,row_label,col_label,value,raw,unit,flag,source_url
 * followed by
 *   - a `derived` row per amount, the value in 元 (col_key `<column>_yuan`): 约36万元 ->
 *     360000; left empty with flag `unit_unknown` when neither cell nor header names a unit;
 *   - `meta` rows: row_key `page`, col_key `title` and `publish_date`, the text in `raw`.
 *
 * flag vocabulary (';'-separated): not_found, blank, placeholder, unreadable,
 * approximate, annotated, unit_stripped, fullwidth, thousands, too_large, derived,
 * unit_unknown. */
#ifndef NB_TIDY_H
#define NB_TIDY_H

#include "csvfile.h"
#include "report.h"

extern const char *const nb_tidy_header[]; /* NULL-terminated */

void nb_tidy_write_header(nb_csv *w);
void nb_tidy_write_report(nb_csv *w, const nb_report *r);

/* The flag text of one value (not_found, blank, ... as above) into out. */
void nb_tidy_flags(const nb_value *v, char *out, size_t outsz);

#endif
