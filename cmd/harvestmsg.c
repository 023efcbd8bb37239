/* harvestmsg: what `fetch` and `run` say about a harvest: warnings for links a person
 * should look at (once: only those not already in discovered.csv), the counts with -v,
 * and one line per failure. */
#include <string.h>

#include "cmd.h"

static void warn_discoveries(const char *who, const nb_harvest *h)
{
    for (size_t i = 0; i < h->found.count; i++) {
        const nb_found *f = &h->found.items[i];
        if (!f->is_new) continue;
        int cut, n = nb_cmd_excerpt(f->text, 80, &cut); /* a link text can be a megabyte */
        const char *more = cut ? "…" : "";
        if (f->status == NB_FOUND_UNREGISTERED)
            fprintf(stderr, "%s: warning: \"%.*s%s\" names no township of the registry: %s\n", who, n, f->text, more, f->url);
        else if (f->status == NB_FOUND_NO_YEAR)
            fprintf(stderr, "%s: warning: \"%.*s%s\" names no year: %s\n", who, n, f->text, more, f->url);
        else if (f->status == NB_FOUND_OFFSITE)
            fprintf(stderr, "%s: warning: \"%.*s%s\" leads outside the portal, not fetched: %s\n", who, n, f->text, more,
                    f->url);
        else if (f->status == NB_FOUND_DUPLICATE)
            fprintf(stderr, "%s: warning: more than one page for \"%.*s%s\": %s (all are kept)\n", who, n, f->text, more,
                    f->url);
    }
}

static void report_counts(const char *who, const nb_config *cfg, const nb_select *sel, const nb_harvest *h, const char *out_dir)
{
    for (int i = 0; i < h->found.walk_count; i++) {
        const nb_listing_walk *w = &h->found.walks[i];
        fprintf(stderr, "%s: listing %s%s%s%s: adapter %s, %zu page%s read, %zu report links%s\n", who, w->url,
                w->township >= 0 ? " (" : "", w->township >= 0 ? cfg->townships[w->township].name : "",
                w->township >= 0 ? "'s own)" : "", w->scraper ? w->scraper : "none", w->pages, w->pages == 1 ? "" : "s",
                w->links, w->challenged ? ", challenged" : w->failed ? ", failed" : "");
    }
    size_t by_status[NB_FOUND_OFFSITE + 1] = {0};
    for (size_t i = 0; i < h->found.count; i++) by_status[h->found.items[i].status]++;
    fprintf(stderr, "%s: %zu listing pages read, %zu report links: ", who, h->found.pages, h->found.count);
    for (int s = 0; s <= NB_FOUND_OFFSITE; s++)
        fprintf(stderr, "%s%zu %s", s ? ", " : "", by_status[s], nb_discover_status_name((nb_found_status)s));
    fprintf(stderr, "\n");
    if (h->found.count > by_status[NB_FOUND_OK])
        fprintf(stderr, "%s: %zu links not simply fetched are listed in %s/discovered.csv\n", who,
                h->found.count - by_status[NB_FOUND_OK], out_dir);
    /* This run's pages only: the manifest also keeps the outcomes of earlier runs for the
     * township-years not selected now. */
    for (size_t k = 0; k < h->found.count; k++) {
        const nb_found *f = &h->found.items[k];
        if ((f->status != NB_FOUND_OK && f->status != NB_FOUND_DUPLICATE) || !nb_select_has(sel, f->township, f->year))
            continue;
        const nb_manifest_row *r = nb_manifest_find(&h->manifest, f->url);
        if (r) fprintf(stderr, "%s: %s %d %s: %s\n", who, r->township, r->year, r->url, r->outcome);
    }
    fprintf(stderr, "%s: %zu report pages: %zu new, %zu changed, %zu unchanged, %zu failed\n", who, h->selected,
            h->added, h->changed, h->unchanged, h->failed);
}

/* With --township or --year, a person asked for particular reports: say which were
 * not found. (A full nightly run leaves that to the anomaly list.) */
static void warn_missing(const char *who, const nb_config *cfg, const nb_select *sel, const nb_harvest *h)
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
            if (!found) fprintf(stderr, "%s: warning: no report page found for %s %d\n", who, cfg->townships[t].name, y);
        }
}

void nb_cmd_report_harvest(const char *who, const nb_config *cfg, const nb_select *sel, const nb_harvest *h,
                           const char *out_dir, int verbose, int quiet, int asked_for_some)
{
    if (!quiet) warn_discoveries(who, h);
    if (!quiet && h->found.page_limit_hit)
        fprintf(stderr, "%s: warning: stopped after max_listing_pages = %d listing pages; raise it in %s if reports are missing\n",
                who, cfg->max_listing_pages, cfg->path);
    if (!quiet && asked_for_some) warn_missing(who, cfg, sel, h);
    if (verbose) report_counts(who, cfg, sel, h, out_dir);
    for (size_t i = 0; i < h->failure_count; i++) fprintf(stderr, "%s: %s\n", who, h->failures[i]);
    if (h->challenged)
        fprintf(stderr, "%s: the portal answered with an anti-robot challenge: what it hid is not called missing; "
                        "only a browser passes it (ask the portal's webmaster to let %s through, or mirror the "
                        "column to files and point listing = at them)\n",
                who, cfg->user_agent);
}
