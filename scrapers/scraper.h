/* scrapers/: the portal: adapters for its page layouts, discovery over its listing pages,
 * and the harvest that fetches and archives the reports.
 *
 * scraper: the adapter interface between a portal's page layout and discovery.
 *
 * An adapter knows how one family of portals lays out its pages: which links on a
 * listing page are report links, which lead to further listing pages, and where a
 * report page states its title, publish date and source. It knows nothing about the
 * network, the township registry or years in range: it reads one page (already decoded
 * to UTF-8) and returns what is on it. A portal with another layout gets a new file in
 * scrapers/ and a row in the table of scraper.c; the pipeline does not change.
 *
 * Adapters: "generic" (scrapers/generic.c): any page whose report links carry the
 * report title as link text or title attribute; pagination by 下一页/下页/> links and
 * by the index.html, index_1.html | index_2.html, ... scheme of TRS and the Guangdong
 * government-site platform. */
#ifndef NB_SCRAPER_H
#define NB_SCRAPER_H

#include <stddef.h>

#include "base/buf.h"
#include "pipeline/config.h"
#include "pipeline/read/doc.h"
#include "pipeline/report.h"

typedef struct {
    char *url;  /* absolute, without #fragment */
    char *text; /* the title as the link shows it (or its title attribute, when fuller) */
} nb_scraper_link;

typedef struct {
    nb_scraper_link *reports; /* links that read as an annual disclosure report, page order */
    size_t report_count;
    char **pages;             /* further listing pages this page leads to, absolute */
    size_t page_count;
} nb_scraper_listing;

typedef struct {
    const char *name;
    /* Reads one listing page (UTF-8 HTML) found at page_url and appends its report-like
     * links and further listing pages to out. Returns 0, or -1 with a reason in err. */
    int (*listing)(const char *html, size_t len, const char *page_url, nb_scraper_listing *out,
                   nb_buf *err);
    /* Reads a report page's own metadata (title, county, township, year, publish date)
     * from its cells into those fields of r, leaving what the page does not tell empty.
     * The extractor calls it on every report page it reads for this portal. */
    void (*meta)(const nb_doc *page, nb_report *r);
} nb_scraper;

/* The adapter with that name (as in county.ini's `scraper =`), NULL if none. */
const nb_scraper *nb_scraper_find(const char *name);
/* The adapter county.ini's `scraper =` names, or NULL with "county.ini:LINE: ..." in err
 * (the config records the name and its line; judging it is this layer's business). */
const nb_scraper *nb_scraper_of_config(const nb_config *cfg, nb_buf *err);
/* The names of all adapters, ", "-separated, for messages. */
const char *nb_scraper_names(void);

void nb_scraper_listing_free(nb_scraper_listing *l);
/* For adapters: appends a link or a page (copies the strings). */
void nb_scraper_add_report(nb_scraper_listing *l, const char *url, const char *text);
void nb_scraper_add_page(nb_scraper_listing *l, const char *url);

extern const nb_scraper nb_scraper_generic;

#endif
