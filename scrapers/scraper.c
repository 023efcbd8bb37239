/* scraper: the table of portal adapters and the listing helpers they share (see
 * scraper.h). Adding an adapter is one row here and one file beside this one.
 *
 * The table's order is auto's order of asking: the platforms with the most specific
 * marks first (gkmlpt's site id, Hanweb's datastore), TRS's pager script after them
 * (another CMS may borrow it), and generic, which recognises nothing and reads any
 * page, last. */
#include "scrapers/scraper.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/read/pagemeta.h"

/* auto: no reader of its own; discovery picks an adapter per listing (scraper.h). */
const nb_scraper nb_scraper_auto = {
    .name = "auto",
    .meta = nb_pagemeta_read,
};

static const nb_scraper *const adapters[] = {
    &nb_scraper_gkmlpt, &nb_scraper_hanweb, &nb_scraper_trs, &nb_scraper_generic, &nb_scraper_auto,
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

const nb_scraper *nb_scraper_recognise(const char *html, size_t len, const char *page_url)
{
    for (size_t i = 0; i < sizeof adapters / sizeof adapters[0]; i++)
        if (adapters[i]->recognise && adapters[i]->recognise(html, len, page_url)) return adapters[i];
    return &nb_scraper_generic;
}

void nb_scraper_listing_free(nb_scraper_listing *l)
{
    for (size_t i = 0; i < l->report_count; i++) {
        free(l->reports[i].url);
        free(l->reports[i].text);
    }
    for (size_t i = 0; i < l->request_count; i++) {
        free(l->requests[i].url);
        free(l->requests[i].post);
    }
    free(l->reports);
    free(l->requests);
    free(l->note);
    memset(l, 0, sizeof *l);
}

void nb_scraper_add_report(nb_scraper_listing *l, const char *url, const char *text, const char *date)
{
    l->reports = nb_xrealloc(l->reports, sizeof *l->reports * (l->report_count + 1));
    nb_scraper_link *link = &l->reports[l->report_count++];
    link->url = nb_xstrdup(url);
    link->text = nb_xstrdup(text);
    snprintf(link->date, sizeof link->date, "%s", date ? date : "");
}

static int same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

void nb_scraper_add_request(nb_scraper_listing *l, const char *url, const char *post, nb_scraper_kind kind)
{
    for (size_t i = 0; i < l->request_count; i++)
        if (!strcmp(l->requests[i].url, url) && same_text(l->requests[i].post, post) && l->requests[i].kind == kind)
            return;
    l->requests = nb_xrealloc(l->requests, sizeof *l->requests * (l->request_count + 1));
    l->requests[l->request_count++] = (nb_scraper_request){
        .url = nb_xstrdup(url),
        .post = post ? nb_xstrdup(post) : NULL,
        .kind = kind,
    };
}

void nb_scraper_add_page(nb_scraper_listing *l, const char *url)
{
    nb_scraper_add_request(l, url, NULL, NB_SCRAPER_HTML);
}

long nb_scraper_query_number(const char *url, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = strchr(url, '?'); p && *p; p = strchr(p + 1, '&'))
        if (!strncmp(p + 1, name, n) && p[1 + n] == '=') {
            char *end;
            long v = strtol(p + 2 + n, &end, 10);
            return end != p + 2 + n && v >= 0 && v <= 1000000 ? v : -1;
        }
    return -1;
}

void nb_scraper_note(nb_scraper_listing *l, const char *fmt, ...)
{
    nb_buf b = NB_BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    nb_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    free(l->note);
    l->note = nb_buf_detach(&b);
}
