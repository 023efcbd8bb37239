/* fetch: discover the county's report pages and bring them home (discover + fetch +
 * archive, no extraction). Prints nothing when all is well, so cron stays silent;
 * failures are one stderr line each, warnings only for what is new since last run. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "harvest.h"

static const char *usage_line =
    "nianbao fetch -c county.ini [-o DIR] [--township NAME]... [--year Y|Y1-Y2] [-v|-q]";

int cmd_fetch(int argc, char **argv)
{
    char *config_path = NULL, *out_dir = "out", *years = NULL;
    nb_strlist townships = {0}, operands = {0};
    int verbose = 0, quiet = 0, help = 0;
    const nb_option opts[] = {
        {'c', "config", NB_OPT_STRING, "FILE", &config_path, "the county's configuration (county.ini)"},
        {'o', "out", NB_OPT_STRING, "DIR", &out_dir, "output folder (default: out)"},
        {0, "township", NB_OPT_LIST, "NAME", &townships, "only this township (name, slug or alias); repeatable"},
        {0, "year", NB_OPT_STRING, "Y|Y1-Y2", &years, "only these years"},
        {'v', "verbose", NB_OPT_FLAG, NULL, &verbose, "say what was found and fetched"},
        {'q', "quiet", NB_OPT_FLAG, NULL, &quiet, "print failures only, no warnings"},
        {0, NULL, 0, NULL, NULL, NULL},
    };
    int rc = nb_opts_parse(argc, argv, usage_line, opts, &operands, &help);
    if (rc >= 0) goto done;
    rc = NB_EXIT_USAGE;
    if (operands.count) {
        fprintf(stderr, "nianbao fetch: unexpected argument '%s'\n", operands.items[0]);
        nb_opts_usage(usage_line, opts, stderr);
        goto done;
    }
    if (!config_path) {
        fprintf(stderr, "nianbao fetch: which county? give -c county.ini\n");
        nb_opts_usage(usage_line, opts, stderr);
        goto done;
    }
    if (verbose && quiet) {
        fprintf(stderr, "nianbao fetch: -v and -q contradict each other\n");
        goto done;
    }
    nb_config cfg;
    nb_buf err = NB_BUF_INIT;
    if (nb_config_load(config_path, &cfg, &err) != 0) {
        fprintf(stderr, "%s\n", err.data);
        nb_buf_free(&err);
        goto done;
    }
    nb_select sel;
    if (nb_config_select(&cfg, townships.items, townships.count, years, &sel, &err) != 0) {
        fprintf(stderr, "nianbao fetch: %s\n", err.data);
        nb_buf_free(&err);
        nb_config_free(&cfg);
        goto done;
    }
    nb_harvest h;
    nb_harvest_opts ho = {.cfg = &cfg, .sel = &sel, .out_dir = out_dir};
    if (nb_harvest_run(&ho, &h, &err) != 0) {
        fprintf(stderr, "nianbao fetch: %s\n", err.data);
        rc = NB_EXIT_PARTIAL;
    } else {
        nb_cmd_report_harvest("nianbao fetch", &cfg, &sel, &h, out_dir, verbose, quiet, townships.count || years);
        rc = h.failure_count ? NB_EXIT_PARTIAL : NB_EXIT_OK;
    }
    nb_harvest_free(&h);
    nb_select_free(&sel);
    nb_config_free(&cfg);
    nb_buf_free(&err);
done:
    nb_strlist_free(&townships);
    nb_strlist_free(&operands);
    return rc;
}
