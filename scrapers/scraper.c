/* scraper: the table of portal adapters and the listing helpers they share (see
 * scraper.h). Adding an adapter is one row here and one file beside this one. */
#include "scrapers/scraper.h"

#include <stdlib.h>
#include <string.h>

static const nb_scraper *const adapters[] = {
    &nb_scraper_generic,
};

const nb_scraper *nb_scraper_find(const char *name)
{
    for (size_t i = 0; i < sizeof adapters / sizeof adapters[0]; i++)
        if (!strcmp(adapters[i]->name, name)) return adapters[i];
    return NULL;
}

const char *nb_scraper_names(void)
{
    static char names[256];
    if (!names[0])
        for (size_t i = 0; i < sizeof adapters / sizeof adapters[0]; i++) {
            if (i) strncat(names, ", ", sizeof names - strlen(names) - 1);
            strncat(names, adapters[i]->name, sizeof names - strlen(names) - 1);
        }
    return names;
}

const nb_scraper *nb_scraper_of_config(const nb_config *cfg, nb_buf *err)
{
    const nb_scraper *s = nb_scraper_find(cfg->scraper);
    if (!s)
        nb_buf_printf(err, "%s:%d: scraper = \"%s\" is not an adapter in scrapers/ (known: %s)", cfg->path,
                      cfg->scraper_line, cfg->scraper, nb_scraper_names());
    return s;
}

void nb_scraper_listing_free(nb_scraper_listing *l)
{
    for (size_t i = 0; i < l->report_count; i++) {
        free(l->reports[i].url);
        free(l->reports[i].text);
    }
    for (size_t i = 0; i < l->page_count; i++) free(l->pages[i]);
    free(l->reports);
    free(l->pages);
    memset(l, 0, sizeof *l);
}

void nb_scraper_add_report(nb_scraper_listing *l, const char *url, const char *text)
{
    l->reports = nb_xrealloc(l->reports, sizeof *l->reports * (l->report_count + 1));
    l->reports[l->report_count].url = nb_xstrdup(url);
    l->reports[l->report_count].text = nb_xstrdup(text);
    l->report_count++;
}

void nb_scraper_add_page(nb_scraper_listing *l, const char *url)
{
    for (size_t i = 0; i < l->page_count; i++)
        if (!strcmp(l->pages[i], url)) return;
    l->pages = nb_xrealloc(l->pages, sizeof *l->pages * (l->page_count + 1));
    l->pages[l->page_count++] = nb_xstrdup(url);
}
