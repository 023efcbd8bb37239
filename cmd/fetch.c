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

/* Warns about report links a person should look at, once: those a previous run did
 * not already list in discovered.csv. */
static void warn_discoveries(const nb_harvest *h, const char *out_dir)
{
    for (size_t i = 0; i < h->found.count; i++) {
        const nb_found *f = &h->found.items[i];
        if (!f->is_new) continue;
        if (f->status == NB_FOUND_UNREGISTERED)
            fprintf(stderr, "nianbao fetch: warning: \"%s\" names no township of the registry: %s\n", f->text,
                    f->url);
        else if (f->status == NB_FOUND_NO_YEAR)
            fprintf(stderr, "nianbao fetch: warning: \"%s\" names no year: %s\n", f->text, f->url);
        else if (f->status == NB_FOUND_DUPLICATE)
            fprintf(stderr, "nianbao fetch: warning: more than one page for \"%s\": %s (all are kept)\n",
                    f->text, f->url);
    }
    (void)out_dir;
}

static void report_counts(const nb_harvest *h, const char *out_dir)
{
    size_t by_status[NB_FOUND_OUT_OF_RANGE + 1] = {0};
    for (size_t i = 0; i < h->found.count; i++) by_status[h->found.items[i].status]++;
    fprintf(stderr, "nianbao fetch: %zu listing pages read, %zu report links: ", h->found.pages, h->found.count);
    for (int s = 0; s <= NB_FOUND_OUT_OF_RANGE; s++)
        fprintf(stderr, "%s%zu %s", s ? ", " : "", by_status[s], nb_discover_status_name((nb_found_status)s));
    fprintf(stderr, "\n");
    if (h->found.count > by_status[NB_FOUND_OK])
        fprintf(stderr, "nianbao fetch: %zu links not simply fetched are listed in %s/discovered.csv\n",
                h->found.count - by_status[NB_FOUND_OK], out_dir);
    for (size_t i = 0; i < h->manifest.count; i++) {
        const nb_manifest_row *r = &h->manifest.rows[i];
        for (size_t k = 0; k < h->found.count; k++)
            if (!strcmp(h->found.items[k].url, r->url)) {
                fprintf(stderr, "nianbao fetch: %s %d %s: %s\n", r->township, r->year, r->url, r->outcome);
                break;
            }
    }
    fprintf(stderr, "nianbao fetch: %zu report pages: %zu new, %zu changed, %zu unchanged, %zu failed\n",
            h->selected, h->added, h->changed, h->unchanged, h->failed);
}

/* With --township or --year, a person asked for particular reports: say which were
 * not found. (A full nightly run leaves that to the anomaly list.) */
static void warn_missing(const nb_config *cfg, const nb_select *sel, const nb_harvest *h)
{
    for (int t = 0; t < cfg->township_count; t++)
        for (int y = sel->year_from; y <= sel->year_to; y++) {
            if (!nb_select_has(sel, t, y)) continue;
            int found = 0;
            for (size_t i = 0; i < h->found.count && !found; i++) {
                const nb_found *f = &h->found.items[i];
                found = f->township == t && f->year == y &&
                        (f->status == NB_FOUND_OK || f->status == NB_FOUND_DUPLICATE);
            }
            if (!found)
                fprintf(stderr, "nianbao fetch: warning: no report page found for %s %d\n", cfg->townships[t].name, y);
        }
}

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
        if (!quiet) warn_discoveries(&h, out_dir);
        if (!quiet && h.found.page_limit_hit)
            fprintf(stderr, "nianbao fetch: warning: stopped after max_listing_pages = %d listing pages; "
                            "raise it in %s if reports are missing\n", cfg.max_listing_pages, cfg.path);
        if (!quiet && (townships.count || years)) warn_missing(&cfg, &sel, &h);
        if (verbose) report_counts(&h, out_dir);
        for (size_t i = 0; i < h.failure_count; i++) fprintf(stderr, "nianbao fetch: %s\n", h.failures[i]);
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
