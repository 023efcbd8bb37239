/* out/: what nianbao writes: tidy CSVs and their store, county tables, the anomaly list
 * (each file atomically).
 *
 * store: the per-township results, DIR/townships/<year>/<slug>.csv, one tidy CSV per
 * township-year (tidy.h), and the record of silent revisions, revisions.csv.
 *
 * Each stored CSV is the stage boundary between extraction and the roll-up: the county
 * outputs are always rebuilt from all stored CSVs, so re-running one township never
 * shrinks the county tables. A stored CSV is replaced only by a complete new one
 * (atomicfile.h). When a page's content changed (another SHA-256) and its figures with it,
 * the old CSV is kept as DIR/raw/<slug>/<year>/<slug>-<year>-<old hash>.csv and each
 * changed cell becomes an R1 finding, appended to revisions.csv, which the roll-up
 * reads back into the anomaly list: a revision stays reported after later runs. */
#ifndef NB_STORE_H
#define NB_STORE_H

#include "base/buf.h"
#include "pipeline/check/checks.h"
#include "pipeline/report.h"

/* <output folder>/townships/<year>/<slug>.csv */
void nb_store_path(const char *outdir, const char *slug, int year, nb_buf *path);

/* Writes r as the stored result of (slug, r->year). If a result with another content
 * hash was stored and the figures differ, archives it and appends the R1 findings to
 * revisions (which the caller saves with nb_store_add_revisions). Returns 0, or -1 with
 * "<file>: <reason>" in err (the old result is then untouched). */
int nb_store_put(const char *outdir, const char *slug, const nb_report *r, nb_findings *revisions, nb_buf *err);

/* Reads the stored result of (slug, year) into out. Returns 1 if there is one, 0 if not,
 * -1 with err if it cannot be read. */
int nb_store_get(const char *outdir, const char *slug, int year, nb_report *out, nb_buf *err);

/* Appends findings to revisions.csv (rewritten atomically). */
int nb_store_add_revisions(const char *outdir, const nb_findings *revisions, nb_buf *err);
/* Reads revisions.csv into findings (a missing file adds nothing). */
int nb_store_read_revisions(const char *outdir, nb_findings *findings, nb_buf *err);

#endif
