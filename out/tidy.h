/* tidy: a report as tidy CSV rows, one per template cell, with the columns
 *   county,township,year,template,table,row_key,col_key,row_label,col_label,value,raw,unit,flag,source_url
 * followed by
 *   - a `derived` row per amount, the value in 元 (col_key `<column>_yuan`): 约36万元 ->
 *     360000; left empty with flag `unit_unknown` when neither cell nor header names a unit;
 *   - `meta` rows: row_key `page`, col_key `title` and `publish_date` (and `sha256`, the
 *     page's content hash, when known; `source_kind`, `attachment` or `image`, when the
 *     tables were not read from the page itself), the text in `raw`.
 *
 * flag vocabulary (';'-separated): not_found, blank, placeholder, unreadable,
 * approximate, annotated, unit_stripped, fullwidth, thousands, too_large, derived,
 * unit_unknown. */
#ifndef NB_TIDY_H
#define NB_TIDY_H

#include "base/csvfile.h"
#include "pipeline/report.h"

extern const char *const nb_tidy_header[]; /* NULL-terminated */

void nb_tidy_write_header(nb_csv *w);
void nb_tidy_write_report(nb_csv *w, const nb_report *r);

/* Reads a tidy CSV as nb_tidy_write_report wrote it back into a report (values, units,
 * flags, metadata; the derived rows are recomputed, not read). Returns 0, or -1 with the
 * reason in err ("line 7: unknown template cell t3/foo/bar"). */
int nb_tidy_read(const char *data, size_t len, nb_report *out, nb_buf *err);

/* The flag text of one value (not_found, blank, ... as above) into out. */
void nb_tidy_flags(const nb_value *v, char *out, size_t outsz);

#endif
