/* changes: what is new since the previous run, as <out>/changes.csv and a few counts for
 * the summary line a person running nianbao by hand sees.
 *
 * The previous run is what it left in the output folder: overview.csv (the status of each
 * township-year) and anomalies.csv (its findings), read before this run replaces them.
 * So nothing beyond the outputs is kept, a first run lists every report as new, and a
 * run after a deleted anomalies.csv lists every finding as new — never silently fewer.
 *
 * changes.csv (UTF-8 with BOM, CRLF), one row per change:
 *   change,township,year,rule,severity,table,row_key,col_key,old,new,message,source_url,acknowledged
 * change is one of
 *   new_report  a township-year has a report it did not have (old: the previous status,
 *               "" when the township-year was not listed; new: its status)
 *   status      its status changed otherwise (ok -> late, unreadable -> missing, ...)
 *   revised     a figure of a report changed since it was last read (R1): old -> new
 *   appeared    a finding that the previous run did not have
 *   resolved    a finding of the previous run that is gone
 * Findings are the same when rule, township, year and cell are (their numbers may move).
 * A night the listing cannot be read whole changes nothing by itself: a missing report it
 * could not show is unseen (status unknown), neither a status change nor a resolved M1.
 * Revisions are listed as `revised` only, not also as an appeared R1 finding. */
#ifndef NB_CHANGES_H
#define NB_CHANGES_H

#include <stddef.h>

#include "base/buf.h"
#include "out/rollup.h"
#include "pipeline/check/checks.h"

typedef struct {
    char township[128];
    int year;
    char status[24];
} nb_previous_status;

/* What the previous run wrote. */
typedef struct {
    int had_overview;
    nb_previous_status *statuses;
    size_t nstatuses, capstatuses;
    nb_findings findings;
} nb_previous;

/* Reads <outdir>/overview.csv and anomalies.csv (missing files: a first run). Returns 0,
 * or -1 with "<file>:<line>: reason" in err (p is then what could be read). */
int nb_previous_read(const char *outdir, nb_previous *p, nb_buf *err);
void nb_previous_free(nb_previous *p);

typedef enum { NB_CHANGE_NEW_REPORT, NB_CHANGE_STATUS, NB_CHANGE_REVISED, NB_CHANGE_APPEARED, NB_CHANGE_RESOLVED } nb_change_kind;

typedef struct {
    nb_change_kind kind;
    nb_finding f;   /* township, year, and for findings the rule, cell, message, source URL */
    char old_value[64], new_value[64];
} nb_change;

typedef struct {
    nb_change *items;
    size_t n, cap;
} nb_changes;

/* The changes between the previous run and this one: rows (nb_rollup_overview), findings
 * (acknowledgements applied) and the revisions this run found (R1 findings). Sorted by
 * kind, then severity, township, year and cell. */
void nb_changes_find(const nb_previous *prev, const nb_overview_row *rows, int nrows, const nb_findings *findings,
                     const nb_findings *revisions, nb_changes *out);
void nb_changes_free(nb_changes *c);
const char *nb_change_kind_name(nb_change_kind k); /* "new_report", ... */

typedef struct {
    int new_reports;
    int revised;       /* township-years with revised figures */
    int new_errors;    /* appeared, not acknowledged */
    int new_warnings;
    int resolved;
} nb_change_counts;

void nb_changes_count(const nb_changes *c, nb_change_counts *out);
/* "3 new reports, 1 revised, 2 new errors, 0 new warnings, 1 resolved" */
void nb_changes_summary_line(const nb_change_counts *k, nb_buf *out);

int nb_changes_write(const char *path, const nb_changes *c, nb_buf *err);

#endif
