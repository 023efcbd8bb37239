/* scrapers/: the portal: adapters for its page layouts, discovery over its listing pages,
 * and the harvest that fetches and archives the reports.
 *
 * scraper: the adapter interface between a portal's page layout and discovery.
 *
 * An adapter knows how one family of portals lays out its listings: which links on a
 * listing page are report links, and which further requests list more of them. It
 * knows nothing about the network, the township registry or years in range: it reads
 * one answer (already decoded to UTF-8) and returns what is in it. A portal with
 * another layout gets a new file in scrapers/ and a row in the table of scraper.c; the
 * pipeline does not change.
 *
 * A further request is not always a page: a content-management system may list the
 * rest of a column through a data endpoint (a POST answering XML, a JSON API). So an
 * adapter asks for requests: a URL, an optional form body to POST, and the kind of
 * answer it expects. Discovery sends them through the polite fetcher like any page and
 * hands each answer back to the adapter that asked: HTML pages to `listing`, XML and JSON
 * answers to `data`.
 *
 * Adapters (each row of scraper.c):
 *   generic  any page whose report links carry the report title as link text or title
 *            attribute; pagination by 下一页/下页/> links and by the index.html,
 *            index_1.html | index_2.html, ... schemes (generic.c)
 *   trs      TRS WCM: the pager script createPageHTML(...) in its four- and six-argument
 *            forms says how many pages there are and how they are named (trs.c)
 *   hanweb   大汉 Hanweb JCMS: records inline in <script type="text/xml"><datastore>,
 *            the rest from the jpage data proxy (POST, datastore XML), by record range
 *            or by page number as the column page's script asks (hanweb.c)
 *   gkmlpt   Guangdong's 政府信息公开目录 platform: the site id from /gkmlpt/index, the
 *            年报 category from the URL's #fragment or the index's category tree, the
 *            list from its JSON API (gkmlpt.c)
 *   auto     no reader of its own: discovery asks each adapter's `recognise` about each
 *            configured listing page, in the table's order, and falls back to generic. */
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
    char date[11]; /* the date the listing gives the item (YYYY-MM-DD), "" if none: for a
                      report that does not print its own publish date (a file linked straight) */
} nb_scraper_link;

/* What the answer to a request is: how discovery checks it and which reader gets it. */
typedef enum {
    NB_SCRAPER_HTML, /* a listing page: to `listing` (nesting-checked first) */
    NB_SCRAPER_XML,  /* an XML document: to `data` */
    NB_SCRAPER_JSON, /* a JSON document: to `data` */
} nb_scraper_kind;

typedef struct {
    char *url;            /* absolute */
    char *post;           /* a form body (application/x-www-form-urlencoded) to POST; NULL: GET */
    nb_scraper_kind kind;
} nb_scraper_request;

typedef struct {
    nb_scraper_link *reports;     /* links that read as an annual disclosure report, in order */
    size_t report_count;
    nb_scraper_request *requests; /* further listing requests this answer leads to */
    size_t request_count;
    char *note;                   /* a choice the adapter made reading it, for the person
                                     (gkmlpt: which category and why), or NULL */
} nb_scraper_listing;

typedef struct nb_scraper {
    const char *name;
    /* True if a listing page (UTF-8 HTML found at page_url) is laid out the way this
     * adapter reads: scraper = auto asks. NULL: never chosen by auto. */
    int (*recognise)(const char *html, size_t len, const char *page_url);
    /* Reads one listing page (UTF-8 HTML) found at page_url and appends its report-like
     * links and further listing requests to out. Returns 0, or -1 with a reason in err.
     * NULL only for auto. */
    int (*listing)(const char *html, size_t len, const char *page_url, nb_scraper_listing *out,
                   nb_buf *err);
    /* Reads the (UTF-8) answer to an XML or JSON request this adapter asked for. Returns
     * 0, or -1 with a reason in err (an answer that is not what was asked for). NULL if
     * the adapter asks for pages only. */
    int (*data)(const nb_scraper_request *req, const char *text, size_t len, nb_scraper_listing *out,
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
/* For auto: the first adapter of the table that recognises the page, else generic. */
const nb_scraper *nb_scraper_recognise(const char *html, size_t len, const char *page_url);

void nb_scraper_listing_free(nb_scraper_listing *l);
/* For adapters: appends a link (date YYYY-MM-DD or "" / NULL) or a request (copies the
 * strings; a request already listed, same URL, body and kind, is not added twice). */
void nb_scraper_add_report(nb_scraper_listing *l, const char *url, const char *text, const char *date);
void nb_scraper_add_request(nb_scraper_listing *l, const char *url, const char *post, nb_scraper_kind kind);
/* A further listing page: a GET answered with HTML. */
void nb_scraper_add_page(nb_scraper_listing *l, const char *url);
/* Sets the listing's note (printf-style; replaces an earlier one). */
void nb_scraper_note(nb_scraper_listing *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The report links of an HTML page or fragment (links.c): every <a> whose text or title
 * attribute reads as an annual disclosure report (title.h), resolved against base_url
 * (or the page's <base href>), each URL once, with the date its list item (li, tr, dd,
 * p) prints beside it when it prints one. The other links go to on_other (may be
 * NULL) with their resolved URL, text and title attribute (NULL if none), for an
 * adapter's own pagination. Returns 0, or -1 with err when the HTML cannot be parsed. */
typedef void (*nb_scraper_other_fn)(const char *url, const char *text, const char *title, void *ctx);
int nb_scraper_links(const char *html, size_t len, const char *base_url, nb_scraper_listing *out,
                     nb_scraper_other_fn on_other, void *ctx, nb_buf *err);
/* Appends a link found some other way (a JSON record): a report if its title reads as
 * one; url is resolved against base_url; date as nb_scraper_add_report. Returns 1 if added. */
int nb_scraper_add_titled(nb_scraper_listing *l, const char *base_url, const char *url, const char *title,
                          const char *date);

/* The text of every <script> element of a page, in order, each followed by a NUL byte,
 * into out; only those whose type attribute is type (NULL: any). For adapters whose
 * pagers and records live in scripts. Returns the number of scripts found. */
int nb_scraper_scripts(const char *html, size_t len, const char *type, nb_buf *out);
/* Where the scripts (as nb_scraper_scripts collects them, or one NUL-terminated script)
 * give `key` a value: key standing as a name of its own (not inside a longer name such as
 * perpage for page; quoted or not) followed by : or =. Returns the text after the sign
 * and any spaces, or NULL when there is no (further) such place; `after` (NULL: from the
 * start) goes on past an earlier find. */
const char *nb_scraper_script_key(const char *scripts, size_t len, const char *key, const char *after);

/* The value of query key `name` in url as a number (0 to 10^6), or -1. */
long nb_scraper_query_number(const char *url, const char *name);

/* The further pages a TRS pager script (createPageHTML, trs.c) on this page names, added
 * to out (from the first page: all of them; from a later page: none); returns how many.
 * Shared with generic, which meets the script on other CMSs. */
int nb_scraper_trs_pages(const char *html, size_t len, const char *page_url, nb_scraper_listing *out);

extern const nb_scraper nb_scraper_generic, nb_scraper_trs, nb_scraper_hanweb, nb_scraper_gkmlpt,
    nb_scraper_auto;

#endif
