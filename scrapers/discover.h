/* discover: a county portal's listing pages -> the report pages of registered
 * townships and years.
 *
 * Walks the configured listing URLs and every further listing page the adapter finds
 * (pagination), at most max_listing_pages pages per configured listing and never one
 * request twice, through the
 * caller's fetcher (so politeness spans discovery and fetching). Each page is decoded
 * to UTF-8 (decode.h) and read by the county's adapter (scraper.h). Each report-like
 * link is then judged against the registry and the years:
 *   ok           names a registered township and a year in range: to be fetched
 *   duplicate    like ok, but another URL reads as the same township-year: all of them
 *                are fetched and all are listed, so a person can tell which is right
 *   unregistered names no township of the registry (fix townships.csv's aliases?)
 *   no_year      names a township but no year
 *   out_of_range a year outside the configured years
 *   offsite      leads outside the portal (below): listed, never fetched
 * A listing URL from the config that cannot be read is a failure; a further page that
 * does not exist (HTTP 404, a missing file) is the end of the pagination. An answer
 * that is an anti-robot challenge (challenge.h), whatever its status, is a failure
 * that says so (NB_CHALLENGE_MESSAGE ...; reports could not be listed).
 *
 * The listings are the county's (county.ini) and each township's own (townships.csv);
 * the adapter is the config's, or with scraper = auto the one that recognises each
 * listing's first page (scraper.h), used for everything that listing leads to. A report
 * link on a township's own listing whose title names no township is that township's.
 *
 * The portal is what the config names and nothing else: a link (report or further
 * listing page) is followed only if it is http(s) on the site (host and port, url.h) of
 * a configured http(s) listing, or a file:// URL found on a file:// page (never on a web
 * page) inside the folder of a configured file:// listing, with no ".." in its decoded
 * path. So a page cannot lead nianbao to another server or another port of the
 * portal's host, to file:// from an http portal, or out of a mirror with ../../;
 * javascript: and other schemes are not links at all (url.h); the fetcher reads only
 * regular files inside the mirror (fetch.h). A listing page nested
 * deeper than NB_HTMLNEST_LIMIT elements is a failure, not read (htmlnest.h). */
#ifndef NB_DISCOVER_H
#define NB_DISCOVER_H

#include <stddef.h>

#include "base/buf.h"
#include "pipeline/config.h"
#include "pipeline/fetch/fetch.h"

typedef enum {
    NB_FOUND_OK,
    NB_FOUND_DUPLICATE,
    NB_FOUND_UNREGISTERED,
    NB_FOUND_NO_YEAR,
    NB_FOUND_OUT_OF_RANGE,
    NB_FOUND_OFFSITE,
} nb_found_status;

typedef struct {
    char *url;           /* absolute */
    char *text;          /* the link's title */
    int township;        /* index into cfg->townships, -1 if unregistered */
    char *named;         /* the township as the title names it (title.h), "" if none */
    int year;            /* 0 if none */
    nb_found_status status;
    int is_new;          /* not in the previous discovered.csv (set by harvest.h) */
    const char *scraper; /* the adapter that read the link (static), NULL if unknown */
    char listed_date[11]; /* the date the listing gives it (YYYY-MM-DD), "" if none */
} nb_found;

/* What the walk from one configured listing URL (and the pages it led to) read. */
typedef struct {
    const char *url;     /* the config's, not owned */
    int township;        /* a township's own listing (townships.csv): its index; else -1 */
    const char *scraper; /* the adapter that read it (auto: the one recognised), static;
                            NULL when no page of it could be read */
    size_t pages;        /* pages (and data answers) read */
    size_t links;        /* report-like links on them, whatever their status */
    int failed;          /* one of its pages could not be read */
    int challenged;      /* the portal answered one of them with an anti-robot challenge */
    int limit_hit;       /* pages of it were left unread (max_listing_pages) */
    char *note;          /* the first choice its adapter reported making (scraper.h), or NULL */
} nb_listing_walk;

typedef struct {
    nb_found *items;     /* in the order found */
    size_t count;
    size_t pages;        /* listing pages read successfully */
    int page_limit_hit;  /* pages were left unread because of max_listing_pages (per listing) */
    char **failures;     /* "URL: reason", one per listing page that failed ("URL (<township>'s
                            own listing): reason" for a page of a township's own listing) */
    size_t failure_count;
    nb_listing_walk *walks; /* one per configured listing URL, in config order: the
                               county's, then the townships' own */
    int walk_count;
    int challenged;      /* some listing answered with an anti-robot challenge */
} nb_discovery;

/* Walks the portal. Returns 0 (page failures are listed in out->failures, and whatever
 * the other pages held is still returned), or -1 with err when nothing can run (no
 * adapter, libcurl broken). */
int nb_discover(const nb_config *cfg, nb_fetcher *f, nb_discovery *out, nb_buf *err);
void nb_discovery_free(nb_discovery *d);

/* "ok", "duplicate", "unregistered", "no_year", "out_of_range", "offsite". */
const char *nb_discover_status_name(nb_found_status s);

/* True if url, found on the page from (NULL: given by the config), is inside the portal
 * as described above; the sites of the townships' listings and of allowed_hosts are the
 * portal's too. */
int nb_discover_in_scope(const nb_config *cfg, const char *url, const char *from);

/* discovered.csv: the links that were not simply fetched (every status but ok), header
 * url,text,township,year,status,scraper, UTF-8 with BOM; township is the registered name, or
 * the name the title gives when unregistered. Written atomically. */
int nb_discovery_write(const char *path, const nb_config *cfg, const nb_discovery *d, nb_buf *err);
/* The links a previous discovered.csv listed, loaded once (a hash set: a portal may list
 * thousands of links, each looked up). NB_DISCOVERY_SEEN_INIT is an empty, unloaded one. */
typedef struct {
    int loaded;
    char **slots; /* "status\x1Furl" keys, open addressing */
    size_t cap, n;
} nb_discovery_seen;
#define NB_DISCOVERY_SEEN_INIT {0}

/* True if a discovered.csv at path (previous run) lists url with this status; lets a
 * caller warn about what is new rather than repeat itself every night. Loads the file
 * into *seen on the first call (free with nb_discovery_seen_free); a missing file lists
 * nothing. */
int nb_discovery_listed(const char *path, nb_discovery_seen *seen, const char *url, nb_found_status s);
void nb_discovery_seen_free(nb_discovery_seen *seen);

#endif
