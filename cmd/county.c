/* county: what the commands that work on a county (fetch, run) share: their common
 * options, loading county.ini and the registry, the --township/--year selection, and the
 * output folder's lock. */
#include <string.h>

#include "cmd.h"
#include "scrapers/scraper.h"

enum { MAX_OPTIONS = 16 };

int nb_county_job_open(nb_county_job *j, const char *who, const char *usage_line, int argc, char **argv,
                       const nb_option *extra)
{
    memset(j, 0, sizeof *j);
    j->who = who;
    j->out_dir = "nianbao-out";
    j->lock.fd = -1;
    nb_option opts[MAX_OPTIONS] = {
        {'c', "config", NB_OPT_STRING, "FILE", &j->config_path, "the county's configuration (county.ini)"},
        {'o', "out", NB_OPT_STRING, "DIR", &j->out_dir, "output folder (default: nianbao-out)"},
        {0, "township", NB_OPT_LIST, "NAME", &j->townships, "only this township (name, slug or alias); repeatable"},
        {0, "year", NB_OPT_STRING, "Y|Y1-Y2", &j->years, "only these years"},
        {'v', "verbose", NB_OPT_FLAG, NULL, &j->verbose, "narrate what is done"},
        {'q', "quiet", NB_OPT_FLAG, NULL, &j->quiet, "print failures only: no warnings, no progress bar"},
    };
    int n = 6;
    for (const nb_option *o = extra; o && o->long_name && n < MAX_OPTIONS - 1; o++) opts[n++] = *o;
    nb_strlist operands = {0};
    int help;
    int rc = nb_opts_parse(argc, argv, usage_line, opts, &operands, &help);
    if (rc >= 0) goto out;
    rc = NB_EXIT_USAGE;
    if (operands.count) {
        fprintf(stderr, "%s: unexpected argument '%s'\n", who, operands.items[0]);
        nb_opts_usage(usage_line, opts, stderr);
        goto out;
    }
    if (!j->config_path) {
        fprintf(stderr, "%s: which county? give -c county.ini\n", who);
        nb_opts_usage(usage_line, opts, stderr);
        goto out;
    }
    if (j->verbose && j->quiet) {
        fprintf(stderr, "%s: -v and -q contradict each other\n", who);
        goto out;
    }
    nb_buf err = NB_BUF_INIT;
    if (nb_config_load(j->config_path, &j->cfg, &err) != 0) {
        fprintf(stderr, "%s\n", err.data);
    } else if (j->loaded = 1, !nb_scraper_of_config(&j->cfg, &err)) {
        fprintf(stderr, "%s\n", err.data);
    } else if (nb_config_select(&j->cfg, j->townships.items, j->townships.count, j->years, &j->sel, &err) != 0) {
        fprintf(stderr, "%s: %s\n", who, err.data);
    } else {
        j->selected = 1;
        nb_buf holder = NB_BUF_INIT, cmdline = NB_BUF_INIT;
        nb_buf_adds(&cmdline, "nianbao");
        for (int i = 0; i < argc; i++) nb_buf_printf(&cmdline, " %s", argv[i]);
        nb_lock_status ls = nb_lock_take(j->out_dir, cmdline.data, &j->lock, &holder, &err);
        if (ls == NB_LOCK_BUSY) {
            fprintf(stderr, "%s: %s is in use by another run: %s\n", who, j->out_dir, holder.data);
            rc = NB_EXIT_LOCKED;
        } else if (ls == NB_LOCK_ERROR) {
            fprintf(stderr, "%s: %s\n", who, err.data);
        } else {
            rc = -1;
        }
        nb_buf_free(&holder);
        nb_buf_free(&cmdline);
    }
    nb_buf_free(&err);
out:
    nb_strlist_free(&operands);
    if (rc != -1) nb_county_job_close(j);
    return rc;
}

void nb_county_job_close(nb_county_job *j)
{
    nb_lock_release(&j->lock);
    if (j->selected) nb_select_free(&j->sel);
    if (j->loaded) nb_config_free(&j->cfg);
    nb_strlist_free(&j->townships);
    j->selected = j->loaded = 0;
}
