/* harvest: discover, fetch and archive a county's reports: the network half of the
 * pipeline, shared by `nianbao fetch` and `nianbao run`.
 *
 * In order: read DIR/manifest.csv (the ETag/Last-Modified of every copy we hold),
 * discover the portal's report links (discover.h), fetch the selected township-years
 * (fetch.h; conditional GET when the archived copy is still there), archive every body
 * (archive.h), then write DIR/manifest.csv and DIR/discovered.csv atomically. Rows of
 * the manifest outside the selection are carried over untouched.
 *
 * A listing that answers but shows no report link (a maintenance page, a redesign), or
 * less than half the reports earlier runs found for the selection, is a failure ("listing
 * <url>: ..."), never a quiet night; unlisted then tells the caller whose unseen reports
 * not to call missing, and the last good discovered.csv is kept.
 *
 * Whose: a township with a listing of its own (townships.csv) is seen completely when
 * that listing was read completely, whatever became of the county's; a township without
 * one when every county listing was. So a failed township listing leaves that township
 * unseen, a failed county listing the townships with no complete listing of their own,
 * and a listing showing far fewer reports than earlier runs (which cannot be pinned on
 * one listing) everyone.
 * Nothing is printed: the result lists what happened for the caller to report. */
#ifndef NB_HARVEST_H
#define NB_HARVEST_H

#include <stddef.h>

#include "pipeline/fetch/archive.h"
#include "pipeline/config.h"
#include "scrapers/discover.h"

typedef struct {
    const nb_config *cfg;
    const nb_select *sel;
    const char *out_dir;
    /* called after each report page ends (may be NULL): for progress bars */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
} nb_harvest_opts;

typedef struct {
    nb_discovery found;   /* everything discovery saw, with each link's status */
    nb_manifest manifest; /* as written to DIR/manifest.csv */
    size_t selected;      /* report pages fetched this run */
    size_t added, changed, unchanged, failed;
    char **failures;      /* one line each: "<township> <year> <url>: <reason>", then listing
                             pages that failed: "listing <url>: <reason>" */
    size_t failure_count;
    int listing_complete; /* every listing page was read, none came back empty, and they
                             showed about as many reports as earlier runs */
    unsigned char *unlisted; /* per registered township (config order): 1 if the listings
                             that could hold its reports were not all read completely (see
                             above), so a report of it they did not show is not "missing".
                             All 1 until the listings have been judged: a run that stopped
                             early saw no one completely */
    int challenged;       /* the portal answered a listing or a report with an anti-robot
                             challenge (challenge.h): the caller's exit says so */
} nb_harvest;

/* Returns 0 when the run went through (some pages may have failed: see failures), or
 * -1 with err when it could not run or its results could not be saved (unreadable
 * manifest, disk full); h then still tells what happened to each page it got to. */
int nb_harvest_run(const nb_harvest_opts *o, nb_harvest *h, nb_buf *err);
void nb_harvest_free(nb_harvest *h);

/* The fetch settings a config asks for (hosts: its listing URLs' hosts, owned by the
 * returned struct; free with nb_harvest_fetch_opts_free). */
void nb_harvest_fetch_opts(const nb_config *cfg, nb_fetch_opts *o);
void nb_harvest_fetch_opts_free(nb_fetch_opts *o);

#endif
