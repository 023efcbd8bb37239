/* anomalies: findings as CSV, the format of DIR/anomalies.csv (and DIR/revisions.csv):
 *   severity,rule,county,township,year,table,row_key,col_key,expected,actual,message,source_url,acknowledged
 * acknowledged is "yes" for a finding muted by acknowledged.csv (ack.h), else empty; a
 * file of an earlier version, without that column, still reads.
 * UTF-8 with BOM, CRLF, text neutralised against formula injection. */
#ifndef NB_ANOMALIES_H
#define NB_ANOMALIES_H

#include "base/buf.h"
#include "pipeline/check/checks.h"

/* Writes findings (sorted by severity, township, year, rule) to path atomically. */
int nb_anomalies_write(const char *path, nb_findings *findings, nb_buf *err);
/* Appends the findings of the CSV at path to findings; a missing file adds none.
 * Returns 0 or -1 with "path:line: reason" in err. */
int nb_anomalies_read(const char *path, nb_findings *findings, nb_buf *err);

#endif
