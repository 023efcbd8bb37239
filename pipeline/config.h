/* config: a county's configuration (county.ini) and its township registry (townships.csv).
 *
 * county.ini (INI, read with libinih; `;` starts a comment, also after a value):
 *   [county]  name (required), code, townships (required; path relative to the ini),
 *             years (required; "2019-2025" or "2019"), deadline (MM-DD, default 01-31:
 *             reports for year Y are due by that day of Y+1; a day every year has)
 *   [portal]  listing (required; repeatable, one URL per line), scraper (default auto),
 *             max_listing_pages (default 50), allowed_hosts (repeatable: host names or
 *             host:port, comma- or space-separated: the portal's file and image hosts,
 *             a www.-less twin; links there are the portal's too)
 *   [fetch]   concurrency (4, per host), delay_ms (250, between starts to one host),
 *             timeout_s (30), retries (3), backoff_ms (1000, first retry's wait, doubling),
 *             max_bytes (20000000, per page after decompression), user_agent
 *             (default "nianbao/<version>"; "<version>" in the value is replaced),
 *             max_run_s (1200: discovery and fetching together end by then), ca_file
 *             (certificates to trust, relative to the ini; must be readable), proxy
 *             (http://, https:// or socks5:// URL; without it libcurl's environment
 *             http_proxy/https_proxy/no_proxy applies)
 * A listing URL is http://, https:// or file://; a file URL or a plain path that is not
 * absolute ("file://mirror/index.html", "mirror/index.html") resolves against the ini's
 * folder, and is stored as an absolute file:/// URL.
 *
 * townships.csv (UTF-8, BOM allowed): a header naming the columns name, slug and
 * (optionally) aliases; other columns are ignored. aliases holds other spellings
 * separated by `|`; listing (optional) is the township's own 年报 column, a URL as in
 * county.ini, read besides the county's listings. Slugs are [a-z0-9-], at most 64 bytes; names, slugs and aliases must be unique.
 *
 * Every value, name and alias must be valid UTF-8 without control characters (no
 * newline, tab or NUL); the county name fits in 63 bytes, a township name or alias in
 * 127 (what the outputs hold); a township name or alias holds no "=" and starts with no
 * "+", "-" or "@" (a spreadsheet would take it for a formula). A county.ini line is at
 * most 8192 bytes; either file at most 16 MB.
 *
 * Every error is one line "file:line: what is wrong" (or "file: what is wrong" when no
 * line is to blame) in err, for the caller to print and exit 2 with. */
#ifndef NB_CONFIG_H
#define NB_CONFIG_H

#include "base/buf.h"

typedef struct {
    char *name;      /* official name: 平东镇 */
    char *slug;      /* ASCII, used in file names: pingdong */
    char **aliases;  /* other spellings seen in titles: 平东, 平东镇人民政府 */
    char *listing;   /* its own 年报 column (townships.csv's listing), absolute, or NULL */
    int alias_count;
    long line;       /* its line in townships.csv, for messages */
} nb_township;

typedef struct {
    char *path;           /* the ini as given */
    char *dir;            /* its folder as given ("." for a bare file name) */
    char *county;         /* [county] name */
    char *code;           /* "" if not given */
    char *townships_path; /* resolved against dir */
    int year_from, year_to;
    int deadline_month, deadline_day;

    char **listings;      /* absolute URLs */
    int listing_count;
    char *scraper;        /* as written; scrapers/ says whether it names an adapter */
    int scraper_line;     /* its line in the ini, 0 for the default */
    int max_listing_pages;
    char **allowed_hosts; /* [portal] allowed_hosts as site URLs "http://host[:port]/" */
    int allowed_host_count;

    int concurrency, delay_ms, timeout_s, retries, backoff_ms;
    int max_run_s;        /* the whole fetch stage of a run, seconds */
    long long max_bytes;
    char *user_agent;
    char *ca_file;        /* resolved against dir, NULL if not given */
    char *proxy;          /* NULL if not given */

    nb_township *townships;
    int township_count;
} nb_config;

/* Reads the ini and the township registry it names. On failure returns -1 with the
 * message in err; cfg is then empty (nb_config_free is still safe). */
int nb_config_load(const char *path, nb_config *cfg, nb_buf *err);
void nb_config_free(nb_config *cfg);

/* The township whose name, slug or alias is exactly `key`; -1 if none. */
int nb_config_township(const nb_config *cfg, const char *key);
/* The township whose name or alias occurs in `text`, the longest match winning (so
 * 城东镇 beats 东镇); -1 if none. */
int nb_config_township_in(const nb_config *cfg, const char *text);

/* Parses "2019" or "2019-2021" (spaces allowed around the dash). Returns 0 or -1. */
int nb_config_parse_years(const char *s, int *from, int *to);

/* Which township-years a command works on: what --township and --year asked for,
 * within the configured registry and years. */
typedef struct {
    unsigned char *townships; /* township_count flags */
    int township_count;
    int year_from, year_to;
} nb_select;

/* Builds a selection from repeated --township values (name, slug or alias; none means
 * all) and a --year value ("Y" or "Y1-Y2"; NULL means the configured years). An
 * unknown township or a year outside the configured range is an error in err. */
int nb_config_select(const nb_config *cfg, char *const *townships, int n, const char *years,
                     nb_select *sel, nb_buf *err);
int nb_select_has(const nb_select *sel, int township, int year);
void nb_select_free(nb_select *sel);

#endif
