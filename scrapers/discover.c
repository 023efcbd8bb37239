/* discover: walk the listing pages, judge each report link (see discover.h).
 *
 * Pages are fetched in rounds, each round being every page the previous round pointed
 * to: the fetcher can then overlap transfers while staying within its per-host limits,
 * and the walk stays breadth-first, so max_listing_pages cuts off the deepest pages. */
#include "scrapers/discover.h"

#include <curl/curl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/atomicfile.h"
#include "base/csvfile.h"
#include "base/hash.h"
#include "pipeline/read/decode.h"
#include "pipeline/read/htmlnest.h"
#include "scrapers/challenge.h"
#include "scrapers/scraper.h"
#include "pipeline/title.h"
#include "base/url.h"

const char *nb_discover_status_name(nb_found_status s)
{
    switch (s) {
    case NB_FOUND_OK: return "ok";
    case NB_FOUND_DUPLICATE: return "duplicate";
    case NB_FOUND_UNREGISTERED: return "unregistered";
    case NB_FOUND_NO_YEAR: return "no_year";
    case NB_FOUND_OUT_OF_RANGE: return "out_of_range";
    case NB_FOUND_OFFSITE: return "offsite";
    }
    return "?";
}

void nb_discovery_free(nb_discovery *d)
{
    for (size_t i = 0; i < d->count; i++) {
        free(d->items[i].url);
        free(d->items[i].text);
        free(d->items[i].named);
    }
    for (size_t i = 0; i < d->failure_count; i++) free(d->failures[i]);
    for (int i = 0; i < d->walk_count; i++) free(d->walks[i].note);
    free(d->items);
    free(d->failures);
    free(d->walks);
    memset(d, 0, sizeof *d);
}

/* A set of strings (open addressing, base/hash.h): a listing page can hold tens of thousands
 * of links, and every link is checked against what was already seen. */
typedef nb_discovery_seen strset;

static int strset_has(const strset *set, const char *s)
{
    if (!set->cap) return 0;
    for (size_t i = (size_t)nb_hash_str(s) & (set->cap - 1);; i = (i + 1) & (set->cap - 1)) {
        if (!set->slots[i]) return 0;
        if (!strcmp(set->slots[i], s)) return 1;
    }
}

/* Adds a copy of s; returns 1 if it was not there yet. */
static int strset_add(strset *set, const char *s)
{
    if (strset_has(set, s)) return 0;
    if ((set->n + 1) * 2 > set->cap) {
        strset bigger = {.loaded = set->loaded, .cap = set->cap ? set->cap * 2 : 64};
        bigger.slots = nb_xcalloc(bigger.cap, sizeof *bigger.slots);
        for (size_t i = 0; i < set->cap; i++)
            if (set->slots[i]) {
                size_t j = (size_t)nb_hash_str(set->slots[i]) & (bigger.cap - 1);
                while (bigger.slots[j]) j = (j + 1) & (bigger.cap - 1);
                bigger.slots[j] = set->slots[i];
            }
        bigger.n = set->n;
        free(set->slots);
        *set = bigger;
    }
    size_t i = (size_t)nb_hash_str(s) & (set->cap - 1);
    while (set->slots[i]) i = (i + 1) & (set->cap - 1);
    set->slots[i] = nb_xstrdup(s);
    set->n++;
    return 1;
}

void nb_discovery_seen_free(nb_discovery_seen *set)
{
    for (size_t i = 0; i < set->cap; i++) free(set->slots[i]);
    free(set->slots);
    memset(set, 0, sizeof *set);
}

/* A listing request waiting to be sent: what to ask (scraper.h), which configured
 * listing it descends from, and the adapter that reads its answer (NULL: auto decides on
 * the answer). */
typedef struct {
    nb_scraper_request req;
    int origin;
    const nb_scraper *adapter;
} pending;

/* Requests in the order found, and a set of their keys to tell at once whether one is
 * there (a POST differs from a GET of the same URL by its body). */
typedef struct {
    pending *items;
    size_t count;
    strset set;
} queue;

static void request_key(nb_buf *key, const nb_scraper_request *r)
{
    nb_buf_clear(key);
    nb_buf_printf(key, "%d\x1F%s\x1F%s", (int)r->kind, r->url, r->post ? r->post : "");
}

static int queue_has(const queue *q, const nb_scraper_request *r)
{
    nb_buf key = NB_BUF_INIT;
    request_key(&key, r);
    int has = strset_has(&q->set, key.data);
    nb_buf_free(&key);
    return has;
}

static void queue_add(queue *q, const nb_scraper_request *r, int origin, const nb_scraper *adapter)
{
    nb_buf key = NB_BUF_INIT;
    request_key(&key, r);
    int added = strset_add(&q->set, key.data);
    nb_buf_free(&key);
    if (!added) return;
    q->items = nb_xrealloc(q->items, sizeof *q->items * (q->count + 1));
    q->items[q->count++] = (pending){
        .req = {.url = nb_xstrdup(r->url), .post = r->post ? nb_xstrdup(r->post) : NULL, .kind = r->kind},
        .origin = origin,
        .adapter = adapter,
    };
}

static void queue_free(queue *q)
{
    for (size_t i = 0; i < q->count; i++) {
        free(q->items[i].req.url);
        free(q->items[i].req.post);
    }
    free(q->items);
    nb_discovery_seen_free(&q->set);
    memset(q, 0, sizeof *q);
}

static void add_failure(nb_discovery *d, const char *url, const char *reason)
{
    nb_buf line = NB_BUF_INIT;
    nb_buf_printf(&line, "%s: %s", url, reason);
    d->failures = nb_xrealloc(d->failures, sizeof(char *) * (d->failure_count + 1));
    d->failures[d->failure_count++] = nb_buf_detach(&line);
}

/* True if path has a "." or ".." segment (as decoded: %2e%2e counts). */
static int has_dot_segment(const char *path)
{
    for (const char *p = path; *p;) {
        const char *seg = p;
        size_t n = strcspn(p, "/");
        if ((n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.')) return 1;
        p += n + (p[n] == '/');
    }
    return 0;
}

/* True if the file:// url lies in the folder of the file:// listing. */
static int in_mirror(const char *path, const char *listing)
{
    char *folder = nb_url_file_path(listing);
    int ok = 0;
    if (folder) {
        char *slash = strrchr(folder, '/');
        if (slash) slash[slash == folder ? 1 : 0] = '\0';
        ok = nb_path_under(path, folder);
    }
    free(folder);
    return ok;
}

int nb_discover_in_scope(const nb_config *cfg, const char *url, const char *from)
{
    if (!nb_url_is_file(url)) {
        if (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8)) return 0;
        for (int i = 0; i < cfg->listing_count; i++)
            if (nb_url_same_site(cfg->listings[i], url)) return 1;
        for (int i = 0; i < cfg->township_count; i++)
            if (cfg->townships[i].listing && nb_url_same_site(cfg->townships[i].listing, url)) return 1;
        for (int i = 0; i < cfg->allowed_host_count; i++)
            if (nb_url_same_site(cfg->allowed_hosts[i], url)) return 1;
        return 0;
    }
    /* A web page never leads to the file system, whatever else the config holds. */
    if (from && !nb_url_is_file(from)) return 0;
    char *path = nb_url_file_path(url);
    int ok = 0;
    if (path && !has_dot_segment(path))
        for (int i = 0; i < cfg->listing_count + cfg->township_count && !ok; i++) {
            const char *l = i < cfg->listing_count ? cfg->listings[i] : cfg->townships[i - cfg->listing_count].listing;
            ok = l && nb_url_is_file(l) && in_mirror(path, l);
        }
    free(path);
    return ok;
}

static void judge_link(const nb_config *cfg, nb_discovery *d, strset *urls, const nb_scraper_link *link,
                       const char *page_url, const nb_listing_walk *walk)
{
    if (!strset_add(urls, link->url)) return;
    nb_title t;
    nb_title_parse(link->text, &t);
    /* The body is the most reliable place for the name; the whole title catches shapes
     * the title reader could not split. */
    int township = t.body[0] ? nb_config_township_in(cfg, t.body) : -1;
    if (township < 0) township = nb_config_township_in(cfg, link->text);
    /* A township's own column titles its reports "2019年政府信息公开工作年度报告": the
     * column says whose they are, unless the title names another. */
    if (township < 0 && !t.township[0]) township = walk->township;
    nb_found f = {
        .url = nb_xstrdup(link->url),
        .text = nb_xstrdup(link->text),
        .township = township,
        .named = nb_xstrdup(t.township),
        .year = t.year,
        .scraper = walk->scraper,
    };
    memcpy(f.listed_date, link->date, sizeof f.listed_date);
    if (!nb_discover_in_scope(cfg, link->url, page_url)) f.status = NB_FOUND_OFFSITE;
    else if (township < 0) f.status = NB_FOUND_UNREGISTERED;
    else if (!t.year) f.status = NB_FOUND_NO_YEAR;
    else if (t.year < cfg->year_from || t.year > cfg->year_to) f.status = NB_FOUND_OUT_OF_RANGE;
    else f.status = NB_FOUND_OK;
    d->items = nb_xrealloc(d->items, sizeof *d->items * (d->count + 1));
    d->items[d->count++] = f;
}

static int compare_township_year(const void *pa, const void *pb)
{
    const nb_found *a = *(const nb_found *const *)pa, *b = *(const nb_found *const *)pb;
    return a->township != b->township ? (a->township < b->township ? -1 : 1) : (a->year > b->year) - (a->year < b->year);
}

/* Sorted by township-year, so that thousands of links cost n log n, not n^2. */
static void mark_duplicates(nb_discovery *d)
{
    nb_found **ok = nb_xcalloc(d->count + 1, sizeof *ok);
    size_t n = 0;
    for (size_t i = 0; i < d->count; i++)
        if (d->items[i].status == NB_FOUND_OK || d->items[i].status == NB_FOUND_DUPLICATE) ok[n++] = &d->items[i];
    qsort(ok, n, sizeof *ok, compare_township_year);
    for (size_t i = 0; i + 1 < n; i++)
        if (!compare_township_year(&ok[i], &ok[i + 1])) ok[i]->status = ok[i + 1]->status = NB_FOUND_DUPLICATE;
    free(ok);
}

/* A page the pagination led to but that is not there: the end of the listing. */
static int is_missing(const nb_fetch_req *r)
{
    return r->status == 404 || r->status == 410 || !strcmp(nb_buf_str(&r->reason), "cannot read the file");
}

/* Why an answer cannot be read as a listing, or NULL: a challenge, a nesting bomb. */
static const char *unreadable(const nb_fetch_req *r, const nb_buf *text, const nb_scraper_request *req, nb_buf *why)
{
    nb_buf what = NB_BUF_INIT;
    if (!nb_url_is_file(r->url) &&
        nb_challenge_recognise(r->status, nb_buf_str(&r->cookies), nb_buf_str(&r->body), r->body.len, &what)) {
        nb_buf_clear(why);
        nb_buf_printf(why, "%s (%s); reports could not be listed", NB_CHALLENGE_MESSAGE, what.data);
        nb_buf_free(&what);
        return why->data;
    }
    nb_buf_free(&what);
    if (text && req->kind == NB_SCRAPER_HTML && nb_htmlnest_depth(text->data, text->len, NB_HTMLNEST_LIMIT) > NB_HTMLNEST_LIMIT) {
        nb_buf_clear(why);
        nb_buf_printf(why, "HTML nested deeper than %d elements: not read", NB_HTMLNEST_LIMIT);
        return why->data;
    }
    return NULL;
}

static void walk_failed(const nb_config *cfg, nb_discovery *out, nb_listing_walk *walk, const char *url,
                        const char *reason)
{
    if (walk->township >= 0) {
        /* whose listing it is: what its failure leaves unseen is that township's */
        nb_buf named = NB_BUF_INIT;
        nb_buf_printf(&named, "%s (%s's own listing)", url, cfg->townships[walk->township].name);
        add_failure(out, named.data, reason);
        nb_buf_free(&named);
    } else {
        add_failure(out, url, reason);
    }
    walk->failed = 1;
    if (!strncmp(reason, NB_CHALLENGE_MESSAGE, strlen(NB_CHALLENGE_MESSAGE))) walk->challenged = 1, out->challenged = 1;
}

int nb_discover(const nb_config *cfg, nb_fetcher *f, nb_discovery *out, nb_buf *err)
{
    memset(out, 0, sizeof *out);
    const nb_scraper *scraper = nb_scraper_find(cfg->scraper);
    if (!scraper) {
        nb_buf_printf(err, "no adapter named %s in scrapers/", cfg->scraper);
        return -1;
    }
    queue seen = {0}, frontier = {0};
    strset urls = {0}; /* report links already judged */
    /* One walk per configured listing: the county's, then the townships' own columns. */
    out->walks = nb_xcalloc((size_t)(cfg->listing_count + cfg->township_count) + 1, sizeof *out->walks);
    for (int i = 0; i < cfg->listing_count + cfg->township_count; i++) {
        int township = i < cfg->listing_count ? -1 : i - cfg->listing_count;
        const char *url = township < 0 ? cfg->listings[i] : cfg->townships[township].listing;
        nb_scraper_request first = {.url = (char *)url, .kind = NB_SCRAPER_HTML};
        if (!url || queue_has(&frontier, &first)) continue; /* a listing named twice is walked once */
        out->walks[out->walk_count] =
            (nb_listing_walk){.url = url, .township = township, .scraper = scraper->listing ? scraper->name : NULL};
        queue_add(&frontier, &first, out->walk_count++, scraper->listing ? scraper : NULL);
    }
    size_t given = frontier.count; /* the first round holds the configured pages */
    /* max_listing_pages holds per listing: a county of township columns gets as many
     * pages for each as a county with one column */
    size_t *budget = nb_xcalloc((size_t)out->walk_count + 1, sizeof *budget);
    for (int i = 0; i < out->walk_count; i++) budget[i] = (size_t)cfg->max_listing_pages;
    int rc = 0;
    int first_round = 1;
    while (frontier.count && rc == 0) {
        size_t n = 0;
        nb_fetch_req *reqs = nb_xcalloc(frontier.count, sizeof *reqs);
        pending **asked = nb_xcalloc(frontier.count, sizeof *asked);
        size_t seen_before = seen.count;
        for (size_t i = 0; i < frontier.count; i++) {
            if (queue_has(&seen, &frontier.items[i].req)) continue;
            if (!budget[frontier.items[i].origin]) {
                out->page_limit_hit = 1; /* left unread */
                out->walks[frontier.items[i].origin].limit_hit = 1;
                continue;
            }
            budget[frontier.items[i].origin]--;
            queue_add(&seen, &frontier.items[i].req, frontier.items[i].origin, frontier.items[i].adapter);
            n++;
        }
        for (size_t i = 0; i < n; i++) { /* seen.items moved while growing: point in afterwards */
            asked[i] = &seen.items[seen_before + i];
            reqs[i].url = asked[i]->req.url;
            reqs[i].post = asked[i]->req.post;
        }
        queue next = {0};
        if (n && nb_fetch_run(f, reqs, n, NULL, NULL, err) != 0) rc = -1;
        for (size_t i = 0; i < n && rc == 0; i++) {
            nb_fetch_req *r = &reqs[i];
            pending *p = asked[i];
            nb_listing_walk *walk = &out->walks[p->origin];
            nb_buf text = NB_BUF_INIT, why = NB_BUF_INIT;
            if (!r->ok) {
                if (unreadable(r, NULL, &p->req, &why)) walk_failed(cfg, out, walk, r->url, why.data);
                else if (!(is_missing(r) && !(first_round && i < given)))
                    walk_failed(cfg, out, walk, r->url, r->reason.data);
                nb_buf_free(&why);
                continue;
            }
            char charset[32];
            nb_fetch_charset(nb_buf_str(&r->content_type), charset, sizeof charset);
            nb_decode_info info;
            nb_scraper_listing listing = {0};
            if (nb_decode_to_utf8(r->body.data ? r->body.data : "", r->body.len, charset[0] ? charset : NULL,
                                  &text, &info, &why) != 0) {
                walk_failed(cfg, out, walk, r->url, why.data);
            } else if (unreadable(r, &text, &p->req, &why)) {
                walk_failed(cfg, out, walk, r->url, why.data);
            } else {
                if (!p->adapter) { /* auto: this listing's own page says which family it is */
                    p->adapter = nb_scraper_recognise(text.data, text.len, r->final_url.data);
                    if (!walk->scraper) walk->scraper = p->adapter->name;
                }
                int read = p->req.kind == NB_SCRAPER_HTML
                               ? p->adapter->listing(text.data, text.len, r->final_url.data, &listing, &why)
                               : p->adapter->data ? p->adapter->data(&p->req, text.data, text.len, &listing, &why)
                                                  : (nb_buf_adds(&why, "no reader for this answer"), -1);
                if (read != 0) {
                    walk_failed(cfg, out, walk, r->url, why.data);
                } else {
                    out->pages++;
                    walk->pages++;
                    if (listing.note && !walk->note) walk->note = nb_xstrdup(listing.note);
                    walk->links += listing.report_count;
                    for (size_t k = 0; k < listing.report_count; k++)
                        judge_link(cfg, out, &urls, &listing.reports[k], r->final_url.data, walk);
                    for (size_t k = 0; k < listing.request_count; k++) {
                        const nb_scraper_request *q = &listing.requests[k];
                        if (nb_discover_in_scope(cfg, q->url, r->final_url.data) && !queue_has(&seen, q) &&
                            !queue_has(&next, q))
                            queue_add(&next, q, p->origin, p->adapter);
                    }
                }
            }
            nb_scraper_listing_free(&listing);
            nb_buf_free(&text);
            nb_buf_free(&why);
        }
        for (size_t i = 0; i < n; i++) nb_fetch_req_free(&reqs[i]);
        free(reqs);
        free(asked);
        queue_free(&frontier);
        frontier = next;
        first_round = 0;
    }
    free(budget);
    queue_free(&frontier);
    queue_free(&seen);
    nb_discovery_seen_free(&urls);
    mark_duplicates(out);
    if (rc != 0) nb_discovery_free(out);
    return rc;
}

int nb_discovery_write(const char *path, const nb_config *cfg, const nb_discovery *d, nb_buf *err)
{
    nb_atomic a;
    if (nb_atomic_open(&a, path, err) != 0) return -1;
    nb_csv w;
    nb_csv_start(&w, a.f, NB_CSV_BOM);
    static const char *const header[] = {"url", "text", "township", "year", "status", "scraper"};
    nb_csv_row(&w, header, 6);
    for (size_t i = 0; i < d->count; i++) {
        const nb_found *f = &d->items[i];
        if (f->status == NB_FOUND_OK) continue;
        nb_csv_text(&w, f->url);
        nb_csv_text(&w, f->text);
        nb_csv_text(&w, f->township >= 0 ? cfg->townships[f->township].name : f->named);
        if (f->year) nb_csv_int(&w, f->year);
        else nb_csv_number(&w, "");
        nb_csv_text(&w, nb_discover_status_name(f->status));
        nb_csv_text(&w, f->scraper ? f->scraper : "");
        nb_csv_end_row(&w);
    }
    if (w.failed) {
        nb_buf_printf(err, "%s: cannot write", path);
        nb_atomic_abort(&a);
        return -1;
    }
    return nb_atomic_commit(&a, err);
}

static void listed_key(nb_buf *key, const char *status, const char *url)
{
    nb_buf_clear(key);
    nb_buf_printf(key, "%s\x1F%s", status, url);
}

static int on_listed(void *ctx, char **f, int n, long line)
{
    nb_discovery_seen *seen = ctx;
    if (line > 1 && n >= 5) {
        nb_buf key = NB_BUF_INIT;
        listed_key(&key, f[4], nb_csv_unguard(f[0]));
        strset_add(seen, key.data);
        nb_buf_free(&key);
    }
    return 0;
}

int nb_discovery_listed(const char *path, nb_discovery_seen *seen, const char *url, nb_found_status s)
{
    if (!seen->loaded) {
        nb_buf data = NB_BUF_INIT, err = NB_BUF_INIT;
        if (nb_buf_read_file(&data, path) == 0) nb_csv_parse(data.data, data.len, on_listed, seen, &err);
        seen->loaded = 1;
        nb_buf_free(&data);
        nb_buf_free(&err);
    }
    nb_buf key = NB_BUF_INIT;
    listed_key(&key, nb_discover_status_name(s), url);
    int found = strset_has(seen, key.data);
    nb_buf_free(&key);
    return found;
}
