/* fetch: discover the county's report pages and bring them home (discover + fetch +
 * archive, no extraction). Prints nothing when all is well, so cron stays silent;
 * failures are one stderr line each, warnings only for what is new since last run. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "pipeline/config.h"
#include "scrapers/harvest.h"

static const char *usage_line =
    "nianbao fetch -c county.ini [-o DIR] [--township NAME]... [--year Y|Y1-Y2] [-v|-q]";

int cmd_fetch(int argc, char **argv)
{
    nb_county_job j;
    int rc = nb_county_job_open(&j, "nianbao fetch", usage_line, argc, argv, NULL);
    if (rc >= 0) return rc;
    nb_harvest h;
    nb_buf err = NB_BUF_INIT;
    nb_harvest_opts ho = {.cfg = &j.cfg, .sel = &j.sel, .out_dir = j.out_dir};
    int hr = nb_harvest_run(&ho, &h, &err);
    /* each page's outcome is told even when the results could not be saved */
    nb_cmd_report_harvest("nianbao fetch", &j.cfg, &j.sel, &h, j.out_dir, j.verbose, j.quiet,
                          j.townships.count || j.years);
    if (hr != 0) fprintf(stderr, "nianbao fetch: %s\n", err.data);
    rc = h.challenged ? NB_EXIT_CHALLENGED : hr != 0 || h.failure_count ? NB_EXIT_PARTIAL : NB_EXIT_OK;
    nb_harvest_free(&h);
    nb_buf_free(&err);
    nb_county_job_close(&j);
    return rc;
}
