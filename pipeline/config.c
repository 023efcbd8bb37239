/* config: county.ini through libinih, townships.csv through csvfile (see config.h).
 *
 * libinih calls back once per key without telling the line, so the ini is fed to it
 * through a reader that counts lines: every message can then name the line to fix.
 * Debian's libinih truncates lines longer than 200 bytes unless told otherwise; long
 * listing URLs and user agents are real, so the line buffer is made growable. */
#include "pipeline/config.h"

#include <errno.h>
#include <ini.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/csvfile.h"
#include "base/url.h"
#include "base/utf8.h"

#ifndef NB_VERSION
#define NB_VERSION "dev"
#endif

/* Limits that keep a wrong file (a log, a binary, a hostile edit) from becoming a
 * configuration: a county.ini or townships.csv is a few KB. */
#define MAX_FILE_BYTES ((size_t)16 << 20)
#define MAX_INI_LINE 8192 /* a listing URL or user agent is far shorter */
#define MAX_COUNTY_NAME 63    /* bytes: what the outputs' county fields hold */
#define MAX_TOWNSHIP_NAME 127 /* bytes: what the outputs' township fields hold */

/* Why a configured text cannot be used as one, or NULL: it must be valid UTF-8 (it goes
 * into UTF-8 CSVs and messages) without control characters (a newline or tab inside a
 * name would break a CSV row or a one-line message). */
static const char *text_problem(const char *s, char *why, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        if (u[i] < 0x20 || u[i] == 0x7F) {
            snprintf(why, cap, "holds a control character (byte 0x%02X)", u[i]);
            return why;
        }
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = nb_utf8_sequence_length(u + i, n - i);
        int ok = len > 0;
        if (!ok) {
            snprintf(why, cap, "is not valid UTF-8 (save the file as UTF-8)");
            return why;
        }
        i += len;
    }
    return NULL;
}

/* Reads a configuration file whole, with the limits above; "file: reason" in err. */
static int read_config_file(const char *path, nb_buf *text, nb_buf *err, const char *what)
{
    if (nb_buf_read_file_max(text, path, MAX_FILE_BYTES) == 0) return 0;
    if (errno == EFBIG)
        nb_buf_printf(err, "%s: larger than %zu bytes: not a %s", path, MAX_FILE_BYTES, what);
    else
        nb_buf_printf(err, "%s: cannot read: %s", path, strerror(errno));
    return -1;
}

typedef struct {
    const char *text;
    long line;         /* line of the text last handed to libinih */
    int at_line_start;
} line_reader;

static char *read_line(char *str, int num, void *stream)
{
    line_reader *r = stream;
    if (!*r->text) return NULL;
    if (r->at_line_start) r->line++;
    int n = 0;
    while (n < num - 1 && r->text[n] && r->text[n] != '\n') n++;
    if (n < num - 1 && r->text[n] == '\n') n++;
    memcpy(str, r->text, (size_t)n);
    str[n] = '\0';
    r->text += n;
    r->at_line_start = n > 0 && str[n - 1] == '\n';
    return str;
}

/* Keys that may appear at most once remember where they were set. */
enum { K_NAME, K_CODE, K_TOWNSHIPS, K_YEARS, K_DEADLINE, K_SCRAPER, K_MAX_PAGES, K_CONCURRENCY,
       K_DELAY, K_TIMEOUT, K_RETRIES, K_BACKOFF, K_MAX_BYTES, K_USER_AGENT, K_LISTING, K_MAX_RUN,
       K_ALLOWED_HOSTS, K_CA_FILE, K_PROXY, K_COUNT };

static const struct {
    const char *section, *name;
} keys[K_COUNT] = {
    [K_NAME] = {"county", "name"},           [K_CODE] = {"county", "code"},
    [K_TOWNSHIPS] = {"county", "townships"}, [K_YEARS] = {"county", "years"},
    [K_DEADLINE] = {"county", "deadline"},   [K_SCRAPER] = {"portal", "scraper"},
    [K_MAX_PAGES] = {"portal", "max_listing_pages"},
    [K_CONCURRENCY] = {"fetch", "concurrency"}, [K_DELAY] = {"fetch", "delay_ms"},
    [K_TIMEOUT] = {"fetch", "timeout_s"},    [K_RETRIES] = {"fetch", "retries"},
    [K_BACKOFF] = {"fetch", "backoff_ms"},   [K_MAX_BYTES] = {"fetch", "max_bytes"},
    [K_USER_AGENT] = {"fetch", "user_agent"}, [K_LISTING] = {"portal", "listing"},
    [K_MAX_RUN] = {"fetch", "max_run_s"},
    [K_ALLOWED_HOSTS] = {"portal", "allowed_hosts"}, [K_CA_FILE] = {"fetch", "ca_file"},
    [K_PROXY] = {"fetch", "proxy"},
};

typedef struct {
    nb_config *cfg;
    line_reader *reader;
    long key_line[K_COUNT];
    long *listing_lines;
    nb_buf msg; /* the first error, without the "file:line: " prefix */
} ini_state;

static int fail(ini_state *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(ini_state *st, const char *fmt, ...)
{
    if (!st->msg.len) {
        va_list ap;
        va_start(ap, fmt);
        nb_buf_vprintf(&st->msg, fmt, ap);
        va_end(ap);
    }
    return 0;
}

static int parse_int(const char *s, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}

int nb_config_parse_years(const char *s, int *from, int *to)
{
    char *end;
    long a = strtol(s, &end, 10), b = a;
    if (end == s) return -1;
    while (*end == ' ') end++;
    if (*end == '-') {
        const char *p = end + 1;
        while (*p == ' ') p++;
        b = strtol(p, &end, 10);
        if (end == p) return -1;
    }
    while (*end == ' ') end++;
    if (*end || a < 1990 || b > 2100 || a > b) return -1;
    *from = (int)a;
    *to = (int)b;
    return 0;
}

static char *join_path(const char *dir, const char *rel)
{
    if (rel[0] == '/' || !strcmp(dir, ".")) return nb_xstrdup(rel);
    nb_buf b = NB_BUF_INIT;
    nb_buf_printf(&b, "%s/%s", dir, rel);
    return nb_buf_detach(&b);
}

/* A listing value as an absolute URL: web URLs stay, file URLs and plain paths resolve
 * against the ini's folder. */
static int listing_url(const nb_config *cfg, const char *value, nb_buf *out, nb_buf *why)
{
    if (!strncasecmp(value, "http://", 7) || !strncasecmp(value, "https://", 8)) {
        /* parsed as the fetcher will parse it, so a typo stops here and not at 2 a.m. */
        nb_buf host = NB_BUF_INIT;
        int rc = nb_url_resolve(value, value, out, why);
        /* A #fragment names a part of a page drawn by script (gkmlpt's category:
         * …/gkmlpt/index#2590): kept for the adapter, never sent. */
        const char *fragment = strchr(value, '#');
        if (rc == 0 && fragment && fragment[1]) nb_buf_adds(out, fragment);
        if (rc == 0 && (nb_url_host(out->data, &host) != 0 || !host.len)) {
            nb_buf_printf(why, "listing \"%s\": no host name in the URL", value);
            rc = -1;
        } else if (rc != 0) {
            nb_buf_clear(why);
            nb_buf_printf(why, "listing \"%s\" is not a URL that can be fetched", value);
        }
        nb_buf_free(&host);
        return rc;
    }
    const char *path = value;
    if (!strncasecmp(value, "file:", 5)) {
        path = value + 5;
        if (!strncmp(path, "//localhost/", 12)) path += 11;
        else if (!strncmp(path, "///", 3)) path += 2;
        else if (!strncmp(path, "//", 2)) path += 2; /* file://mirror/index.html: relative */
    } else if (strstr(value, "://")) {
        nb_buf_printf(why, "listing \"%s\": only http://, https:// and file:// URLs are allowed", value);
        return -1;
    }
    char *joined = join_path(cfg->dir, path);
    char *dir_copy = nb_xstrdup(joined);
    char *base_copy = nb_xstrdup(joined);
    char real_dir[PATH_MAX];
    int rc = 0;
    /* The folder must exist; the page itself is checked when it is read. */
    if (!realpath(dirname(dir_copy), real_dir)) {
        nb_buf_printf(why, "listing \"%s\": folder %s: %s", value, dirname(base_copy), strerror(errno));
        rc = -1;
    } else {
        free(base_copy);
        base_copy = nb_xstrdup(joined);
        nb_buf abs = NB_BUF_INIT;
        nb_buf_printf(&abs, "%s/%s", strcmp(real_dir, "/") ? real_dir : "", basename(base_copy));
        nb_url_from_path(abs.data, out);
        nb_buf_free(&abs);
    }
    free(joined);
    free(dir_copy);
    free(base_copy);
    return rc;
}

/* allowed_hosts: host names (or host:port), separated by commas or spaces, each kept as
 * the site URL "http://host[:port]/" that url.h compares sites with. */
static int add_allowed_hosts(nb_config *cfg, const char *value, nb_buf *why)
{
    char *list = nb_xstrdup(value);
    char *save = NULL;
    int rc = 0;
    for (char *h = strtok_r(list, ", \t", &save); h && rc == 0; h = strtok_r(NULL, ", \t", &save)) {
        size_t n = strlen(h), host_len = strcspn(h, ":");
        int ok = host_len > 0 && host_len <= 253 && h[0] != '.' && h[0] != '-';
        for (size_t i = 0; i < host_len && ok; i++) {
            char c = h[i];
            ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
        }
        if (ok && host_len < n) {
            char *end;
            long port = strtol(h + host_len + 1, &end, 10);
            ok = end != h + host_len + 1 && !*end && port >= 1 && port <= 65535;
        }
        if (!ok) {
            nb_buf_printf(why, "allowed_hosts: \"%s\" is not a host name such as files.example.gov.cn "
                               "(or host:port; no scheme, no path)", h);
            rc = -1;
            break;
        }
        for (char *c = h; *c; c++)
            if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
        nb_buf site = NB_BUF_INIT;
        nb_buf_printf(&site, "http://%s/", h);
        cfg->allowed_hosts = nb_xrealloc(cfg->allowed_hosts, sizeof(char *) * (size_t)(cfg->allowed_host_count + 1));
        cfg->allowed_hosts[cfg->allowed_host_count++] = nb_buf_detach(&site);
    }
    free(list);
    return rc;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    ini_state *st = user;
    nb_config *cfg = st->cfg;
    int k = -1;
    for (int i = 0; i < K_COUNT; i++)
        if (!strcmp(keys[i].section, section) && !strcmp(keys[i].name, name)) k = i;
    if (k < 0) {
        if (strcmp(section, "county") && strcmp(section, "portal") && strcmp(section, "fetch"))
            return section[0] ? fail(st, "unknown section [%s] (known: [county], [portal], [fetch])", section)
                              : fail(st, "\"%s\" is outside any section", name);
        return fail(st, "unknown key \"%s\" in [%s]", name, section);
    }
    if (k != K_LISTING && k != K_ALLOWED_HOSTS && st->key_line[k])
        return fail(st, "%s is given twice (first on line %ld)", name, st->key_line[k]);
    st->key_line[k] = st->reader->line;
    if (!*value && k != K_CODE) return fail(st, "%s has no value", name);
    char why[80];
    if (text_problem(value, why, sizeof why)) return fail(st, "%s %s", name, why);
    if (k == K_NAME && strlen(value) > MAX_COUNTY_NAME)
        return fail(st, "name is longer than %d bytes", MAX_COUNTY_NAME);

    long long v = 0;
    static const struct {
        int key;
        long long lo, hi;
    } ranges[] = {
        {K_MAX_PAGES, 1, 10000},   {K_CONCURRENCY, 1, 64},        {K_DELAY, 0, 600000},
        {K_TIMEOUT, 1, 3600},      {K_RETRIES, 0, 20},            {K_BACKOFF, 0, 600000},
        {K_MAX_BYTES, 1024, 1LL << 40}, {K_MAX_RUN, 10, 7 * 86400},
    };
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
        if (ranges[i].key == k && parse_int(value, ranges[i].lo, ranges[i].hi, &v) != 0)
            return fail(st, "%s = \"%s\" is not a whole number from %lld to %lld", name, value,
                        ranges[i].lo, ranges[i].hi);

    switch (k) {
    case K_NAME: cfg->county = nb_xstrdup(value); break;
    case K_CODE: cfg->code = nb_xstrdup(value); break;
    case K_TOWNSHIPS: cfg->townships_path = join_path(cfg->dir, value); break;
    case K_YEARS:
        if (nb_config_parse_years(value, &cfg->year_from, &cfg->year_to) != 0)
            return fail(st, "years = \"%s\" is not a year (1990-2100) or a range such as 2019-2025", value);
        break;
    case K_DEADLINE: {
        int m, d;
        char extra;
        /* February has 28 days here: the deadline must exist every year */
        static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (sscanf(value, "%2d-%2d%c", &m, &d, &extra) != 2 || m < 1 || m > 12 || d < 1)
            return fail(st, "deadline = \"%s\" is not a day written MM-DD (e.g. 01-31)", value);
        if (d > days_in[m - 1])
            return fail(st, "deadline = \"%s\": month %02d has no day %d in every year", value, m, d);
        cfg->deadline_month = m, cfg->deadline_day = d;
        break;
    }
    case K_SCRAPER: /* judged by scrapers/ (nb_scraper_of_config), which sits above the model */
        free(cfg->scraper);
        cfg->scraper = nb_xstrdup(value);
        cfg->scraper_line = (int)st->reader->line;
        break;
    case K_MAX_PAGES: cfg->max_listing_pages = (int)v; break;
    case K_CONCURRENCY: cfg->concurrency = (int)v; break;
    case K_DELAY: cfg->delay_ms = (int)v; break;
    case K_TIMEOUT: cfg->timeout_s = (int)v; break;
    case K_RETRIES: cfg->retries = (int)v; break;
    case K_BACKOFF: cfg->backoff_ms = (int)v; break;
    case K_MAX_BYTES: cfg->max_bytes = v; break;
    case K_MAX_RUN: cfg->max_run_s = (int)v; break;
    case K_USER_AGENT: {
        nb_buf ua = NB_BUF_INIT;
        for (const char *p = value; *p;) {
            if (!strncmp(p, "<version>", 9)) nb_buf_adds(&ua, NB_VERSION), p += 9;
            else nb_buf_addc(&ua, *p++);
        }
        free(cfg->user_agent);
        cfg->user_agent = nb_buf_detach(&ua);
        break;
    }
    case K_ALLOWED_HOSTS: {
        nb_buf why = NB_BUF_INIT;
        int rc = add_allowed_hosts(cfg, value, &why);
        if (rc != 0) fail(st, "%s", why.data);
        nb_buf_free(&why);
        if (rc != 0) return 0;
        break;
    }
    case K_CA_FILE: {
        char *path = join_path(cfg->dir, value);
        FILE *f = fopen(path, "r");
        if (!f) {
            fail(st, "ca_file %s cannot be read: %s", path, strerror(errno));
            free(path);
            return 0;
        }
        fclose(f);
        cfg->ca_file = path;
        break;
    }
    case K_PROXY: {
        static const char *const schemes[] = {"http://", "https://", "socks4://", "socks4a://", "socks5://",
                                              "socks5h://"};
        int known = 0;
        for (size_t i = 0; i < sizeof schemes / sizeof *schemes; i++)
            known |= !strncasecmp(value, schemes[i], strlen(schemes[i])) && value[strlen(schemes[i])];
        if (!known || strpbrk(value, " \t"))
            return fail(st, "proxy = \"%s\" is not a proxy URL (http://host:port, https://…, socks5://…)", value);
        cfg->proxy = nb_xstrdup(value);
        break;
    }
    case K_LISTING: {
        nb_buf url = NB_BUF_INIT, why = NB_BUF_INIT;
        if (listing_url(cfg, value, &url, &why) != 0) {
            fail(st, "%s", why.data);
            nb_buf_free(&why);
            nb_buf_free(&url);
            return 0;
        }
        cfg->listings = nb_xrealloc(cfg->listings, sizeof(char *) * (size_t)(cfg->listing_count + 1));
        cfg->listings[cfg->listing_count++] = nb_buf_detach(&url);
        nb_buf_free(&why);
        break;
    }
    }
    return 1;
}

/* --- townships.csv --- */

typedef struct {
    nb_config *cfg;
    int col_name, col_slug, col_aliases, col_listing;
    int header_seen;
    nb_buf *err;
} csv_state;

static char *trimmed(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    return nb_xstrndup(s, n);
}

#define MAX_SLUG 64 /* bytes: it becomes part of file names, with the year and a hash */

static int slug_ok(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')) return 0;
    return 1;
}

/* A township name or alias is a word: text (see text_problem) that fits the outputs and
 * holds nothing a spreadsheet would run: no "=", and no "+", "-" or "@" in front. */
static const char *name_problem(const char *s, char *why, size_t cap)
{
    if (text_problem(s, why, cap)) return why;
    if (strlen(s) > MAX_TOWNSHIP_NAME) snprintf(why, cap, "is longer than %d bytes", MAX_TOWNSHIP_NAME);
    else if (strchr(s, '=')) snprintf(why, cap, "holds \"=\" (a spreadsheet formula, not a name)");
    else if (strchr("+-@", s[0])) snprintf(why, cap, "starts with \"%c\" (a spreadsheet formula, not a name)", s[0]);
    else return NULL;
    return why;
}

/* The text for a one-line message: control characters shown as "?", at most 40 bytes
 * (whole UTF-8 characters). Returns a static buffer, valid until the next call. */
static const char *printable(const char *s)
{
    static char out[48];
    size_t o = 0;
    for (const unsigned char *u = (const unsigned char *)s; *u && o < 40; u++) {
        if (o >= 37 && (*u & 0xC0) != 0x80) {
            memcpy(out + o, "...", 3), o += 3;
            break;
        }
        out[o++] = *u < 0x20 || *u == 0x7F ? '?' : (char)*u;
    }
    out[o] = '\0';
    return out;
}

/* Any spelling already taken by a township (name, slug or alias): its index, or -1. */
static int spelling_owner(const nb_config *cfg, const char *s)
{
    return nb_config_township(cfg, s);
}

static int on_township_row(void *ctx, char **f, int n, long line)
{
    csv_state *st = ctx;
    nb_config *cfg = st->cfg;
    const char *path = cfg->townships_path;
    if (!st->header_seen) {
        st->header_seen = 1;
        st->col_name = st->col_slug = st->col_aliases = st->col_listing = -1;
        for (int i = 0; i < n; i++) {
            char *h = trimmed(f[i]);
            if (!strcmp(h, "name")) st->col_name = i;
            else if (!strcmp(h, "slug")) st->col_slug = i;
            else if (!strcmp(h, "aliases")) st->col_aliases = i;
            else if (!strcmp(h, "listing")) st->col_listing = i;
            free(h);
        }
        if (st->col_name < 0 || st->col_slug < 0) {
            nb_buf_printf(st->err, "%s:%ld: the header must name the columns name,slug,aliases", path, line);
            return 1;
        }
        return 0;
    }
    int blank = 1;
    for (int i = 0; i < n; i++)
        if (f[i][0]) blank = 0;
    if (blank) return 0;
    char *name = st->col_name < n ? trimmed(f[st->col_name]) : nb_xstrdup("");
    char *slug = st->col_slug < n ? trimmed(f[st->col_slug]) : nb_xstrdup("");
    nb_township t = {.name = name, .slug = slug, .line = line};
    int bad = 1;
    int owner;
    char why[80];
    if (!*name) nb_buf_printf(st->err, "%s:%ld: the township has no name", path, line);
    else if (name_problem(name, why, sizeof why))
        nb_buf_printf(st->err, "%s:%ld: township name \"%s\" %s", path, line, printable(name), why);
    else if (strlen(slug) > MAX_SLUG)
        nb_buf_printf(st->err, "%s:%ld: slug \"%s\" of %s is longer than %d bytes (it becomes part of file names)",
                      path, line, printable(slug), name, MAX_SLUG);
    else if (!slug_ok(slug))
        nb_buf_printf(st->err, "%s:%ld: slug \"%s\" of %s must be ASCII letters a-z, digits and -", path,
                      line, printable(slug), name);
    else if ((owner = spelling_owner(cfg, name)) >= 0)
        nb_buf_printf(st->err, "%s:%ld: %s is already used by %s on line %ld", path, line, name,
                      cfg->townships[owner].name, cfg->townships[owner].line);
    else if ((owner = spelling_owner(cfg, slug)) >= 0)
        nb_buf_printf(st->err, "%s:%ld: slug %s is already used by %s on line %ld", path, line, slug,
                      cfg->townships[owner].name, cfg->townships[owner].line);
    else
        bad = 0;
    if (!bad && st->col_aliases >= 0 && st->col_aliases < n) {
        char *list = nb_xstrdup(f[st->col_aliases]);
        char *save = NULL;
        for (char *a = strtok_r(list, "|", &save); a && !bad; a = strtok_r(NULL, "|", &save)) {
            char *alias = trimmed(a);
            if (!*alias || !strcmp(alias, name)) {
                free(alias);
                continue;
            }
            if (name_problem(alias, why, sizeof why)) {
                nb_buf_printf(st->err, "%s:%ld: alias \"%s\" of %s %s", path, line, printable(alias), name, why);
                free(alias);
                bad = 1;
                break;
            }
            if ((owner = spelling_owner(cfg, alias)) >= 0) {
                nb_buf_printf(st->err, "%s:%ld: alias %s is already used by %s on line %ld", path, line,
                              alias, cfg->townships[owner].name, cfg->townships[owner].line);
                free(alias);
                bad = 1;
                break;
            }
            t.aliases = nb_xrealloc(t.aliases, sizeof(char *) * (size_t)(t.alias_count + 1));
            t.aliases[t.alias_count++] = alias;
        }
        free(list);
    }
    char *listing = !bad && st->col_listing >= 0 && st->col_listing < n ? trimmed(f[st->col_listing]) : NULL;
    if (listing && *listing) {
        nb_buf url = NB_BUF_INIT, lwhy = NB_BUF_INIT;
        char problem[80];
        if (text_problem(listing, problem, sizeof problem)) {
            nb_buf_printf(st->err, "%s:%ld: %s: listing %s", path, line, name, problem);
            bad = 1;
        } else if (listing_url(cfg, listing, &url, &lwhy) != 0) {
            nb_buf_printf(st->err, "%s:%ld: %s: %s", path, line, name, lwhy.data);
            bad = 1;
        } else {
            t.listing = nb_buf_detach(&url);
        }
        nb_buf_free(&url);
        nb_buf_free(&lwhy);
    }
    free(listing);
    if (bad) {
        free(t.listing);
        for (int i = 0; i < t.alias_count; i++) free(t.aliases[i]);
        free(t.aliases);
        free(name);
        free(slug);
        return 1;
    }
    cfg->townships = nb_xrealloc(cfg->townships, sizeof *cfg->townships * (size_t)(cfg->township_count + 1));
    cfg->townships[cfg->township_count++] = t;
    return 0;
}

static int load_townships(nb_config *cfg, long key_line, nb_buf *err)
{
    nb_buf data = NB_BUF_INIT;
    if (nb_buf_read_file_max(&data, cfg->townships_path, MAX_FILE_BYTES) != 0) {
        if (errno == EFBIG)
            nb_buf_printf(err, "%s: larger than %zu bytes: not a township registry", cfg->townships_path,
                          MAX_FILE_BYTES);
        else
            nb_buf_printf(err, "%s:%ld: townships file %s cannot be read: %s", cfg->path, key_line,
                          cfg->townships_path, strerror(errno));
        nb_buf_free(&data);
        return -1;
    }
    const char *nul = memchr(data.data, '\0', data.len);
    if (nul) {
        long line = 1;
        for (const char *p = data.data; p < nul; p++) line += *p == '\n';
        nb_buf_printf(err, "%s:%ld: NUL byte: not a text file (save it as CSV, UTF-8)", cfg->townships_path, line);
        nb_buf_free(&data);
        return -1;
    }
    csv_state st = {.cfg = cfg, .err = err};
    nb_buf csv_err = NB_BUF_INIT;
    int rc = nb_csv_parse(data.data, data.len, on_township_row, &st, &csv_err);
    if (rc < 0) nb_buf_printf(err, "%s:%s", cfg->townships_path, csv_err.data);
    else if (rc == 0 && !cfg->township_count)
        nb_buf_printf(err, "%s: no townships (expected a header name,slug,aliases and one row per township)",
                      cfg->townships_path);
    nb_buf_free(&csv_err);
    nb_buf_free(&data);
    return rc == 0 && cfg->township_count ? 0 : -1;
}

/* What libinih would silently misread: a NUL byte (the end of its string) and a line
 * longer than its buffer (the rest read as a line of its own). */
static int check_lines(const char *path, const nb_buf *text, nb_buf *err)
{
    long line = 1;
    size_t start = 0;
    for (size_t i = 0; i <= text->len; i++) {
        if (i < text->len && text->data[i] == '\0') {
            nb_buf_printf(err, "%s:%ld: NUL byte: not a text file", path, line);
            return -1;
        }
        if (i == text->len || text->data[i] == '\n') {
            if (i - start > MAX_INI_LINE) {
                nb_buf_printf(err, "%s:%ld: line longer than %d bytes", path, line, MAX_INI_LINE);
                return -1;
            }
            line++;
            start = i + 1;
        }
    }
    return 0;
}

int nb_config_load(const char *path, nb_config *cfg, nb_buf *err)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->path = nb_xstrdup(path);
    char *copy = nb_xstrdup(path);
    cfg->dir = nb_xstrdup(dirname(copy));
    free(copy);
    cfg->scraper = nb_xstrdup("auto");
    cfg->max_listing_pages = 50;
    cfg->concurrency = 4;
    cfg->delay_ms = 250;
    cfg->timeout_s = 30;
    cfg->retries = 3;
    cfg->backoff_ms = 1000;
    cfg->max_bytes = 20000000;
    cfg->max_run_s = 1200;
    cfg->deadline_month = 1, cfg->deadline_day = 31;
    cfg->user_agent = nb_xstrdup("nianbao/" NB_VERSION);

    nb_buf text = NB_BUF_INIT;
    if (read_config_file(path, &text, err, "county configuration") != 0 || check_lines(path, &text, err) != 0) {
        nb_buf_free(&text);
        nb_config_free(cfg);
        return -1;
    }
    ini_use_stack = false;
    ini_allow_realloc = true;
    ini_max_line = MAX_INI_LINE + 3; /* with CR, LF and NUL */
    ini_stop_on_first_error = true;
    line_reader reader = {.text = text.data, .at_line_start = 1};
    ini_state st = {.cfg = cfg, .reader = &reader};
    int line = ini_parse_stream(read_line, &reader, on_key, &st);
    int rc = -1;
    if (line > 0)
        nb_buf_printf(err, "%s:%d: %s", path, line,
                      st.msg.len ? st.msg.data : "not a [section], a key = value line or a comment");
    else if (line < 0)
        nb_buf_printf(err, "%s: cannot parse (out of memory)", path);
    else if (!cfg->county)
        nb_buf_printf(err, "%s: [county] has no name = ... (the county's name)", path);
    else if (!cfg->townships_path)
        nb_buf_printf(err, "%s: [county] has no townships = ... (the township registry, a CSV file)", path);
    else if (!st.key_line[K_YEARS])
        nb_buf_printf(err, "%s: [county] has no years = ... (e.g. 2019-2025)", path);
    else
        rc = load_townships(cfg, st.key_line[K_TOWNSHIPS], err);
    if (rc == 0 && !cfg->listing_count) {
        int own = 0;
        for (int i = 0; i < cfg->township_count; i++) own += cfg->townships[i].listing != NULL;
        if (!own) {
            nb_buf_printf(err, "%s: [portal] has no listing = ... (the URL of the reports' listing page; or give "
                               "each township's own in a listing column of %s)", path, cfg->townships_path);
            rc = -1;
        }
    }
    if (!cfg->code) cfg->code = nb_xstrdup("");
    nb_buf_free(&st.msg);
    nb_buf_free(&text);
    if (rc != 0) nb_config_free(cfg);
    return rc;
}

void nb_config_free(nb_config *cfg)
{
    for (int i = 0; i < cfg->township_count; i++) {
        nb_township *t = &cfg->townships[i];
        for (int j = 0; j < t->alias_count; j++) free(t->aliases[j]);
        free(t->aliases);
        free(t->name);
        free(t->slug);
        free(t->listing);
    }
    for (int i = 0; i < cfg->listing_count; i++) free(cfg->listings[i]);
    free(cfg->townships);
    free(cfg->listings);
    free(cfg->path);
    free(cfg->dir);
    free(cfg->county);
    free(cfg->code);
    free(cfg->townships_path);
    free(cfg->scraper);
    free(cfg->user_agent);
    for (int i = 0; i < cfg->allowed_host_count; i++) free(cfg->allowed_hosts[i]);
    free(cfg->allowed_hosts);
    free(cfg->ca_file);
    free(cfg->proxy);
    memset(cfg, 0, sizeof *cfg);
}

int nb_config_township(const nb_config *cfg, const char *key)
{
    for (int i = 0; i < cfg->township_count; i++) {
        const nb_township *t = &cfg->townships[i];
        if (!strcmp(t->name, key) || !strcmp(t->slug, key)) return i;
        for (int j = 0; j < t->alias_count; j++)
            if (!strcmp(t->aliases[j], key)) return i;
    }
    return -1;
}

int nb_config_township_in(const nb_config *cfg, const char *text)
{
    int best = -1;
    size_t best_len = 0;
    for (int i = 0; i < cfg->township_count; i++) {
        const nb_township *t = &cfg->townships[i];
        for (int j = -1; j < t->alias_count; j++) {
            const char *s = j < 0 ? t->name : t->aliases[j];
            size_t n = strlen(s);
            if (n > best_len && strstr(text, s)) best = i, best_len = n;
        }
    }
    return best;
}

int nb_config_select(const nb_config *cfg, char *const *townships, int n, const char *years,
                     nb_select *sel, nb_buf *err)
{
    memset(sel, 0, sizeof *sel);
    sel->township_count = cfg->township_count;
    sel->townships = nb_xcalloc((size_t)cfg->township_count + 1, 1);
    for (int i = 0; i < n; i++) {
        int t = nb_config_township(cfg, townships[i]);
        if (t < 0) {
            nb_buf_printf(err, "--township %s: not in %s (give a name, slug or alias from it)",
                          townships[i], cfg->townships_path);
            nb_select_free(sel);
            return -1;
        }
        sel->townships[t] = 1;
    }
    if (n == 0) memset(sel->townships, 1, (size_t)cfg->township_count);
    sel->year_from = cfg->year_from;
    sel->year_to = cfg->year_to;
    if (years) {
        int from, to;
        if (nb_config_parse_years(years, &from, &to) != 0) {
            nb_buf_printf(err, "--year %s: expected a year or a range such as 2019-2021", years);
            nb_select_free(sel);
            return -1;
        }
        if (from < cfg->year_from || to > cfg->year_to) {
            nb_buf_printf(err, "--year %s: outside the years %d-%d of %s", years, cfg->year_from,
                          cfg->year_to, cfg->path);
            nb_select_free(sel);
            return -1;
        }
        sel->year_from = from;
        sel->year_to = to;
    }
    return 0;
}

int nb_select_has(const nb_select *sel, int township, int year)
{
    return township >= 0 && township < sel->township_count && sel->townships[township] &&
           year >= sel->year_from && year <= sel->year_to;
}

void nb_select_free(nb_select *sel)
{
    free(sel->townships);
    memset(sel, 0, sizeof *sel);
}
