/* discover: point nianbao at a county and see what it finds, before anything is fetched
 * or written: which adapter reads each listing and how many pages it walked, every
 * report link with the township and year it maps to, the titles that name no registered
 * township, the township-years no link was found for, and a proposed townships.csv (the
 * registry, then every township the titles name that it lacks, with a pinyin slug:
 * scrapers/slug.h). So a new county starts from one township line and the portal's URL.
 *
 * The report is data the person asked for, so it goes to stdout; --csv also writes the
 * proposed registry to a file (atomically). Nothing else is written, no lock is taken:
 * discover can run beside the nightly job. */
#include <stdlib.h>
#include <string.h>

#include "base/atomicfile.h"
#include "base/csvfile.h"
#include "cmd.h"
#include "pipeline/title.h"
#include "scrapers/discover.h"
#include "scrapers/harvest.h"
#include "scrapers/scraper.h"
#include "scrapers/slug.h"

static const char *usage_line = "nianbao discover -c county.ini [--csv FILE]";

/* Prints s padded to `columns` terminal columns (a Chinese character takes two). */
static void print_padded(const char *s, int columns)
{
    int width = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u; u++)
        width += *u < 0x80 ? 1 : (*u & 0xC0) == 0xC0 ? 2 : 0;
    printf("%s%*s", s, width < columns ? columns - width : 0, "");
}

/* One report link on one line (a link text can be a megabyte: excerpted). */
static void print_link(const nb_found *f, const char *township)
{
    int cut, n = nb_cmd_excerpt(f->text, 60, &cut);
    char year[8] = "-";
    if (f->year) snprintf(year, sizeof year, "%d", f->year);
    printf("  ");
    print_padded(township && *township ? township : "?", 12);
    printf(" %-5s %-10s %s  %.*s%s\n", year, f->listed_date[0] ? f->listed_date : "-", f->url, n, f->text,
           cut ? "…" : "");
}

typedef struct {
    char **names; /* township names the titles give that the registry lacks, in order found */
    char **slugs; /* the slug proposed for each */
    int count;
} name_list;

static void add_name(name_list *l, const char *name)
{
    for (int i = 0; i < l->count; i++)
        if (!strcmp(l->names[i], name)) return;
    l->names = nb_xrealloc(l->names, sizeof(char *) * (size_t)(l->count + 1));
    l->names[l->count++] = nb_xstrdup(name);
}

static int slug_taken(const nb_config *cfg, const name_list *l, int upto, const char *slug)
{
    if (nb_config_township(cfg, slug) >= 0) return 1;
    for (int i = 0; i < upto; i++)
        if (!strcmp(l->slugs[i], slug)) return 1;
    return 0;
}

/* A slug for each new name: its pinyin (slug.h), made unique with -2, -3, ...; a name
 * with no pinyin gets a placeholder tNN, said on stdout. */
static void propose_slugs(const nb_config *cfg, name_list *l)
{
    nb_slugger *sl = nb_slug_new();
    if (!sl && l->count)
        printf("\n(ICU's transliterator is not usable here: the new townships get placeholder slugs)\n");
    l->slugs = nb_xcalloc((size_t)l->count + 1, sizeof *l->slugs);
    nb_buf slug = NB_BUF_INIT;
    int next = 1;
    for (int i = 0; i < l->count; i++) {
        char candidate[NB_SLUG_MAX + 1];
        if (nb_slug_pinyin(sl, l->names[i], NB_SLUG_MAX - 4, &slug) == 0) {
            snprintf(candidate, sizeof candidate, "%s", slug.data);
            for (int k = 2; slug_taken(cfg, l, i, candidate); k++)
                snprintf(candidate, sizeof candidate, "%s-%d", slug.data, k);
        } else {
            do snprintf(candidate, sizeof candidate, "t%02d", next++);
            while (slug_taken(cfg, l, i, candidate));
            if (sl) printf("\n(no pinyin for %s: placeholder slug %s)\n", l->names[i], candidate);
        }
        l->slugs[i] = nb_xstrdup(candidate);
    }
    nb_buf_free(&slug);
    nb_slug_free(sl);
}

/* The proposed registry as CSV (with a BOM when bom): the registered townships as they
 * are, then the new names with their proposed slugs. */
static char *proposed_registry(const nb_config *cfg, const name_list *fresh, int bom, size_t *len)
{
    char *data = NULL;
    FILE *f = nb_xmemstream(&data, len);
    nb_csv w;
    nb_csv_start(&w, f, bom ? NB_CSV_BOM : 0);
    int listings = 0;
    for (int i = 0; i < cfg->township_count; i++) listings += cfg->townships[i].listing != NULL;
    static const char *const header[] = {"name", "slug", "aliases", "listing"};
    nb_csv_row(&w, header, listings ? 4 : 3);
    nb_buf aliases = NB_BUF_INIT;
    for (int i = 0; i < cfg->township_count; i++) {
        const nb_township *t = &cfg->townships[i];
        nb_buf_clear(&aliases);
        for (int k = 0; k < t->alias_count; k++) nb_buf_printf(&aliases, "%s%s", k ? "|" : "", t->aliases[k]);
        nb_csv_text(&w, t->name);
        nb_csv_text(&w, t->slug);
        nb_csv_text(&w, nb_buf_str(&aliases));
        if (listings) nb_csv_text(&w, t->listing ? t->listing : "");
        nb_csv_end_row(&w);
    }
    for (int i = 0; i < fresh->count; i++) {
        nb_csv_text(&w, fresh->names[i]);
        nb_csv_text(&w, fresh->slugs[i]);
        nb_csv_text(&w, "");
        if (listings) nb_csv_text(&w, "");
        nb_csv_end_row(&w);
    }
    nb_buf_free(&aliases);
    nb_xmemstream_close(f);
    return data;
}

int cmd_discover(int argc, char **argv)
{
    const char *config_path = NULL, *csv_path = NULL;
    const nb_option opts[] = {
        {'c', "config", NB_OPT_STRING, "FILE", &config_path, "the county's configuration (county.ini)"},
        {0, "csv", NB_OPT_STRING, "FILE", &csv_path, "also write the proposed townships.csv to FILE"},
        {0, NULL, 0, NULL, NULL, NULL},
    };
    nb_strlist operands = {0};
    int help;
    int rc = nb_opts_parse(argc, argv, usage_line, opts, &operands, &help);
    if (rc >= 0) {
        nb_strlist_free(&operands);
        return rc;
    }
    if (operands.count || !config_path) {
        if (operands.count) fprintf(stderr, "nianbao discover: unexpected argument '%s'\n", operands.items[0]);
        else fprintf(stderr, "nianbao discover: which county? give -c county.ini\n");
        nb_opts_usage(usage_line, opts, stderr);
        nb_strlist_free(&operands);
        return NB_EXIT_USAGE;
    }
    nb_strlist_free(&operands);
    nb_config cfg;
    nb_buf err = NB_BUF_INIT;
    if (nb_config_load(config_path, &cfg, &err) != 0) {
        fprintf(stderr, "%s\n", err.data);
        nb_buf_free(&err);
        return NB_EXIT_USAGE;
    }
    if (!nb_scraper_of_config(&cfg, &err)) {
        fprintf(stderr, "%s\n", err.data);
        nb_config_free(&cfg);
        nb_buf_free(&err);
        return NB_EXIT_USAGE;
    }
    nb_fetch_opts fo;
    nb_harvest_fetch_opts(&cfg, &fo);
    nb_fetcher *f = nb_fetch_new(&fo);
    nb_discovery d;
    if (nb_discover(&cfg, f, &d, &err) != 0) {
        fprintf(stderr, "nianbao discover: %s\n", err.data);
        nb_fetch_free(f);
        nb_harvest_fetch_opts_free(&fo);
        nb_config_free(&cfg);
        nb_buf_free(&err);
        return NB_EXIT_PARTIAL;
    }

    printf("%s: %s, %d-%d, %d townships registered\n\n", cfg.path, cfg.county, cfg.year_from, cfg.year_to,
           cfg.township_count);
    for (int i = 0; i < d.walk_count; i++) {
        const nb_listing_walk *w = &d.walks[i];
        printf("listing %s%s%s%s\n  adapter %s%s; %zu page%s read; %zu report links%s\n", w->url,
               w->township >= 0 ? " (" : "", w->township >= 0 ? cfg.townships[w->township].name : "",
               w->township >= 0 ? "'s own)" : "", w->scraper ? w->scraper : "none",
               w->scraper && !strcmp(cfg.scraper, "auto") ? " (recognised)" : "", w->pages, w->pages == 1 ? "" : "s",
               w->links, w->challenged ? "; CHALLENGED" : w->failed ? "; FAILED" : "");
        if (w->note) printf("  %s\n", w->note);
    }
    for (size_t i = 0; i < d.failure_count; i++) printf("  failed: %s\n", d.failures[i]);
    if (d.page_limit_hit)
        printf("  stopped after max_listing_pages = %d pages of a listing: raise it in %s\n", cfg.max_listing_pages,
               cfg.path);

    size_t ok = 0, unregistered = 0, other = 0;
    for (size_t i = 0; i < d.count; i++) {
        nb_found_status s = d.items[i].status;
        ok += s == NB_FOUND_OK || s == NB_FOUND_DUPLICATE;
        unregistered += s == NB_FOUND_UNREGISTERED;
    }
    other = d.count - ok - unregistered;
    printf("\nreport links of registered townships, years %d-%d (%zu):\n", cfg.year_from, cfg.year_to, ok);
    for (size_t i = 0; i < d.count; i++) {
        const nb_found *it = &d.items[i];
        if (it->status == NB_FOUND_OK || it->status == NB_FOUND_DUPLICATE)
            print_link(it, cfg.townships[it->township].name);
    }
    name_list fresh = {0};
    printf("\ntitles that name no registered township (%zu):\n", unregistered);
    for (size_t i = 0; i < d.count; i++) {
        const nb_found *it = &d.items[i];
        if (it->status != NB_FOUND_UNREGISTERED) continue;
        print_link(it, it->named);
        if (it->named[0]) add_name(&fresh, it->named);
    }
    printf("\nother report links, not fetched (%zu):\n", other);
    for (size_t i = 0; i < d.count; i++) {
        const nb_found *it = &d.items[i];
        if (it->status == NB_FOUND_OK || it->status == NB_FOUND_DUPLICATE || it->status == NB_FOUND_UNREGISTERED)
            continue;
        int cut, n = nb_cmd_excerpt(it->text, 60, &cut);
        printf("  %-12s                  %s  %.*s%s\n", nb_discover_status_name(it->status), it->url, n, it->text,
               cut ? "…" : "");
    }
    printf("\nregistered township-years with no report link:");
    int none = 1;
    for (int t = 0; t < cfg.township_count; t++)
        for (int y = cfg.year_from; y <= cfg.year_to; y++) {
            int found = 0;
            for (size_t i = 0; i < d.count && !found; i++)
                found = d.items[i].township == t && d.items[i].year == y &&
                        (d.items[i].status == NB_FOUND_OK || d.items[i].status == NB_FOUND_DUPLICATE);
            if (!found) printf("%s%s %d", none ? "\n  " : ", ", cfg.townships[t].name, y), none = 0;
        }
    printf("%s\n", none ? " none" : "");

    size_t len;
    propose_slugs(&cfg, &fresh);
    char *registry = proposed_registry(&cfg, &fresh, 0, &len);
    printf("\nproposed townships.csv (%d registered, %d new; new slugs are pinyin by ICU, which may read a "
           "place name's 重, 行 or 厦 the everyday way; a slug only names files: change it at will):\n%s",
           cfg.township_count, fresh.count, registry);
    free(registry);
    rc = d.challenged ? NB_EXIT_CHALLENGED : d.failure_count ? NB_EXIT_PARTIAL : NB_EXIT_OK;
    if (csv_path) {
        registry = proposed_registry(&cfg, &fresh, 1, &len);
        nb_buf_clear(&err);
        if (nb_atomic_write(csv_path, registry, len, &err) != 0) {
            fprintf(stderr, "nianbao discover: %s\n", err.data);
            if (rc == NB_EXIT_OK) rc = NB_EXIT_PARTIAL;
        }
        free(registry);
    }
    for (size_t i = 0; i < d.failure_count; i++) fprintf(stderr, "nianbao discover: listing %s\n", d.failures[i]);
    for (int i = 0; i < fresh.count; i++) free(fresh.names[i]), free(fresh.slugs[i]);
    free(fresh.names);
    free(fresh.slugs);
    nb_discovery_free(&d);
    nb_fetch_free(f);
    nb_harvest_fetch_opts_free(&fo);
    nb_config_free(&cfg);
    nb_buf_free(&err);
    return rc;
}
