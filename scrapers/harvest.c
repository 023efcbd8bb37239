/* harvest: the network half of the pipeline as one call (see harvest.h).
 *
 * The manifest is the memory between runs: it is read first so that unchanged pages
 * cost a 304, and written last, whole and atomically, so a run killed half-way leaves
 * the previous manifest and at worst some archive files no row points to yet (harmless:
 * the next run finds them by name and does not write them again).
 *
 * Archiving a page (SHA-256, gzip, write, fsync) takes milliseconds of CPU and disk; done
 * where a page arrives, it would stall the transfer loop, and at 8 transfers at once
 * against a slow portal the stalls add up to half the run. So arrived pages go to one
 * archiver thread through a short queue (a full queue holds the transfer loop back, so
 * memory stays bounded), and the manifest is updated from the results afterwards, in the
 * order the pages arrived, exactly as if each had been archived on arrival. */
#include "scrapers/harvest.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"
#include "base/url.h"
#include "scrapers/challenge.h"
#include "pipeline/read/extract.h"
#include "base/sniff.h"
#include "scrapers/scraper.h"

void nb_harvest_fetch_opts(const nb_config *cfg, nb_fetch_opts *o)
{
    memset(o, 0, sizeof *o);
    o->concurrency = cfg->concurrency;
    o->delay_ms = cfg->delay_ms;
    o->timeout_s = cfg->timeout_s;
    o->retries = cfg->retries;
    o->backoff_ms = cfg->backoff_ms;
    o->max_bytes = cfg->max_bytes;
    o->user_agent = cfg->user_agent;
    /* redirects may lead to the listings' sites (the county's, the townships' own, the
     * allowed hosts); file:// URLs only into their mirrors */
    int all = cfg->listing_count + cfg->township_count;
    char **sites = nb_xcalloc((size_t)(all + cfg->allowed_host_count) + 1, sizeof *sites);
    char **roots = nb_xcalloc((size_t)all + 1, sizeof *roots);
    int nsites = 0, nroots = 0;
    for (int i = 0; i < cfg->allowed_host_count; i++) sites[nsites++] = nb_xstrdup(cfg->allowed_hosts[i]);
    for (int k = 0; k < all; k++) {
        const char *listing = k < cfg->listing_count ? cfg->listings[k] : cfg->townships[k - cfg->listing_count].listing;
        if (!listing) continue;
        char *path = nb_url_file_path(listing);
        char real[PATH_MAX];
        if (!path) {
            sites[nsites++] = nb_xstrdup(listing);
        } else {
            char *slash = strrchr(path, '/');
            if (slash) slash[slash == path ? 1 : 0] = '\0';
            if (realpath(path, real)) roots[nroots++] = nb_xstrdup(real);
        }
        free(path);
    }
    o->sites = sites;
    o->site_count = nsites;
    o->file_roots = roots;
    o->file_root_count = nroots;
    o->max_run_s = cfg->max_run_s;
    o->ca_file = cfg->ca_file;
    o->proxy = cfg->proxy;
}

void nb_harvest_fetch_opts_free(nb_fetch_opts *o)
{
    for (int i = 0; i < o->site_count; i++) free(o->sites[i]);
    for (int i = 0; i < o->file_root_count; i++) free(o->file_roots[i]);
    free((char **)o->sites);
    free((char **)o->file_roots);
    o->sites = o->file_roots = NULL;
    o->site_count = o->file_root_count = 0;
}

void nb_harvest_free(nb_harvest *h)
{
    nb_discovery_free(&h->found);
    nb_manifest_free(&h->manifest);
    for (size_t i = 0; i < h->failure_count; i++) free(h->failures[i]);
    free(h->failures);
    free(h->unlisted);
    memset(h, 0, sizeof *h);
}

static void add_failure(nb_harvest *h, nb_buf *line)
{
    h->failures = nb_xrealloc(h->failures, sizeof(char *) * (h->failure_count + 1));
    h->failures[h->failure_count++] = nb_buf_detach(line);
}

/* What archiving one page gave. */
typedef struct {
    int stored;   /* a body was archived: sha and rel are set */
    int same;     /* other bytes, but the page says what the archived copy says */
    const char *kind; /* what the body is (kind_of) */
    int failed;   /* archiving failed: why says why */
    char sha[65];
    nb_buf rel, why;
    size_t bytes;          /* of the body */
    char fetched_at[32];   /* when it arrived */
} archived;

enum { QUEUE_MAX = 32 }; /* pages waiting for the archiver */

/* What one request is for: a report the listing links, or a file such a page links. */
typedef struct {
    const char *url;
    int township, year;
    const char *parent; /* the report page linking the file; NULL for what the listing links */
    const char *listed_date; /* what the listing printed beside it; NULL for a file */
} target;

typedef struct {
    const nb_harvest_opts *o;
    nb_harvest *h;
    nb_fetch_req *reqs;    /* reqs[i].user is a target */
    archived *results;     /* per request */
    size_t *order, ended;  /* request indexes in the order they ended */
    size_t done;
    /* the archiver's queue: order[archived_upto .. ended) */
    pthread_t thread;
    int threaded, closing;
    size_t archived_upto;
    pthread_mutex_t lock;
    pthread_cond_t changed;
} run_state;

/* What fetched bytes are, for the manifest's kind column: "page" for HTML and text, else
 * the file's kind from its content (sniff.h: "pdf", "docx", "image", ...). */
static const char *kind_of(const char *body, size_t len)
{
    nb_sniff_kind k = nb_sniff(body, len);
    return k == NB_SNIFF_TEXT || k == NB_SNIFF_GZIP ? "page" : nb_sniff_name(k);
}

/* True if body says what the archived copy prev says (extract.h: the fingerprint), though
 * its bytes differ: a visit counter or a token in the portal's chrome is no new version. */
static int says_the_same(run_state *st, const nb_manifest_row *prev, const target *f, const nb_fetch_req *r)
{
    char sha[65];
    nb_sha256_hex_of(r->body.data ? r->body.data : "", r->body.len, sha);
    if (!strcmp(sha, prev->sha256)) return 0; /* the same bytes: archiving them costs nothing */
    nb_buf path = NB_BUF_INIT, old = NB_BUF_INIT;
    nb_buf_printf(&path, "%s/%s", st->o->out_dir, prev->archive);
    int same = 0;
    if (nb_buf_read_file(&old, path.data) == 0) {
        char charset[32], was[65], now[65];
        nb_fetch_charset(nb_buf_str(&r->content_type), charset, sizeof charset);
        nb_extract_options opt = {.max_bytes = (size_t)st->o->cfg->max_bytes, .year_hint = f->year,
                                  .read_meta = nb_scraper_find(st->o->cfg->scraper)->meta};
        nb_extract_fingerprint(old.data, old.len, &opt, was);
        opt.http_charset = charset[0] ? charset : NULL;
        nb_extract_fingerprint(r->body.data ? r->body.data : "", r->body.len, &opt, now);
        same = !strcmp(was, now);
    }
    nb_buf_free(&path);
    nb_buf_free(&old);
    return same;
}

/* Archives the body of request i (any thread). */
static void archive_one(run_state *st, size_t i)
{
    nb_fetch_req *r = &st->reqs[i];
    archived *a = &st->results[i];
    if (r->ok && !r->not_modified) {
        const target *f = r->user;
        const nb_township *t = &st->o->cfg->townships[f->township];
        const char *body = r->body.data ? r->body.data : "";
        a->kind = kind_of(body, r->body.len);
        /* the manifest holds still while the pages arrive: rows are added after (record) */
        const nb_manifest_row *prev = nb_manifest_find(&st->h->manifest, f->url);
        if (prev && prev->sha256 && prev->sha256[0] && nb_archive_exists(st->o->out_dir, prev->archive) &&
            says_the_same(st, prev, f, r))
            a->same = 1;
        else if (nb_archive_store(st->o->out_dir, t->slug, f->year, strcmp(a->kind, "page") ? a->kind : "html", body,
                                  r->body.len, a->sha, &a->rel, &a->why) != 0)
            a->failed = 1;
        else
            a->stored = 1;
    }
    a->bytes = r->body.len;
    nb_buf_free(&r->body); /* archived: no need to hold every page in memory */
}

static void *archiver(void *p)
{
    run_state *st = p;
    pthread_mutex_lock(&st->lock);
    for (;;) {
        while (st->archived_upto == st->ended && !st->closing) pthread_cond_wait(&st->changed, &st->lock);
        if (st->archived_upto == st->ended) break;
        size_t i = st->order[st->archived_upto];
        pthread_mutex_unlock(&st->lock);
        archive_one(st, i);
        pthread_mutex_lock(&st->lock);
        st->archived_upto++;
        pthread_cond_broadcast(&st->changed);
    }
    pthread_mutex_unlock(&st->lock);
    return NULL;
}

/* Called as each report page ends (in the transfer loop): queue it for the archiver. */
static void on_report(nb_fetch_req *r, void *ctx)
{
    run_state *st = ctx;
    size_t i = (size_t)(r - st->reqs);
    nb_archive_now(st->results[i].fetched_at);
    /* A challenge is not the report, whatever status it came with: never archived. */
    nb_buf what = NB_BUF_INIT;
    if (!nb_url_is_file(r->url) &&
        nb_challenge_recognise(r->status, nb_buf_str(&r->cookies), nb_buf_str(&r->body), r->body.len, &what)) {
        r->ok = 0;
        nb_buf_clear(&r->reason);
        nb_buf_printf(&r->reason, "%s (%s); the report could not be fetched", NB_CHALLENGE_MESSAGE, what.data);
        st->h->challenged = 1;
    }
    nb_buf_free(&what);
    if (!st->threaded) {
        st->order[st->ended++] = i;
        archive_one(st, i);
    } else {
        pthread_mutex_lock(&st->lock);
        while (st->ended - st->archived_upto >= QUEUE_MAX) pthread_cond_wait(&st->changed, &st->lock);
        st->order[st->ended++] = i;
        pthread_cond_broadcast(&st->changed);
        pthread_mutex_unlock(&st->lock);
    }
    st->done++;
    if (st->o->progress) st->o->progress(st->o->progress_ctx, st->done, st->h->selected);
}

/* The manifest row of one ended request, from what the transfer and the archiver gave. */
static void record(run_state *st, size_t i)
{
    nb_harvest *h = st->h;
    nb_fetch_req *r = &st->reqs[i];
    archived *a = &st->results[i];
    const target *f = r->user;
    const nb_township *t = &st->o->cfg->townships[f->township];
    nb_manifest_row *row = nb_manifest_put(&h->manifest, f->url);
    nb_manifest_set(&row->township, t->name);
    row->year = f->year;
    nb_manifest_set(&row->parent, f->parent);
    if (f->listed_date && f->listed_date[0]) nb_manifest_set(&row->listed_date, f->listed_date);
    row->status = r->status;
    nb_manifest_set(&row->final_url, r->final_url.data);
    const char *now = a->fetched_at;
    nb_buf why = NB_BUF_INIT;
    int ok = r->ok;
    if (!ok) {
        nb_buf_adds(&why, nb_buf_str(&r->reason));
    } else if (r->not_modified) {
        if (r->etag_out.len) nb_manifest_set(&row->etag, r->etag_out.data);
        if (r->last_modified_out.len) nb_manifest_set(&row->last_modified, r->last_modified_out.data);
        nb_manifest_set(&row->fetched_at, now);
        nb_manifest_set(&row->outcome, "unchanged");
        h->unchanged++;
    } else if (a->failed) {
        ok = 0;
        nb_buf_adds(&why, nb_buf_str(&a->why));
    } else if (a->same) {
        /* the archived copy stays the page of record; the validators are the new ones,
         * so tomorrow's conditional GET can answer 304 */
        nb_manifest_set(&row->etag, r->etag_out.data);
        nb_manifest_set(&row->last_modified, r->last_modified_out.data);
        nb_manifest_set(&row->fetched_at, now);
        nb_manifest_set(&row->outcome, "unchanged");
        h->unchanged++;
    } else {
        const char *outcome = !row->sha256[0] ? "new" : strcmp(row->sha256, a->sha) ? "changed" : "unchanged";
        if (!strcmp(outcome, "new")) h->added++;
        else if (!strcmp(outcome, "changed")) h->changed++;
        else h->unchanged++;
        nb_manifest_set(&row->outcome, outcome);
        nb_manifest_set(&row->etag, r->etag_out.data);
        nb_manifest_set(&row->last_modified, r->last_modified_out.data);
        nb_manifest_set(&row->fetched_at, now);
        if (strcmp(row->archive, a->rel.data)) nb_manifest_set(&row->files_rule, ""); /* a new copy: list again */
        nb_manifest_set(&row->sha256, a->sha);
        nb_manifest_set(&row->archive, a->rel.data);
        nb_manifest_set(&row->kind, a->kind);
        row->bytes = (long long)a->bytes;
    }
    if (!ok) {
        nb_buf line = NB_BUF_INIT;
        nb_buf_printf(&line, "failed: %s", why.data);
        nb_manifest_set(&row->outcome, line.data);
        nb_buf_clear(&line);
        nb_buf_printf(&line, "%s %d %s: %s", t->name, f->year, f->url, why.data);
        add_failure(h, &line);
        h->failed++;
    }
    nb_buf_free(&why);
}

/* Reports earlier runs found for the selected township-years, per township: the
 * manifest's archived report URLs. */
static size_t *reports_known(const nb_harvest_opts *o, const nb_manifest *m)
{
    size_t *known = nb_xcalloc((size_t)o->cfg->township_count + 1, sizeof *known);
    for (size_t i = 0; i < m->count; i++) {
        const nb_manifest_row *r = &m->rows[i];
        int t = r->township ? nb_config_township(o->cfg, r->township) : -1;
        if (t >= 0 && r->archive && r->archive[0] && nb_select_has(o->sel, t, r->year)) known[t]++;
    }
    return known;
}

/* Fewer than this many known reports is too few to call a drop suspicious. */
#define MIN_KNOWN_FOR_DROP 4

/* Adds the failures of listings that answered but cannot be believed, and decides
 * whose reports the listings showed completely (harvest.h). */
static void judge_listings(const nb_harvest_opts *o, nb_harvest *h, const size_t *known_of)
{
    const nb_discovery *d = &h->found;
    const nb_config *cfg = o->cfg;
    int county_complete = 1;
    /* -1: no listing of its own; else 1 if it was read completely */
    int *own = nb_xcalloc((size_t)cfg->township_count + 1, sizeof *own);
    for (int t = 0; t < cfg->township_count; t++) own[t] = -1;
    for (int i = 0; i < d->walk_count; i++) {
        const nb_listing_walk *w = &d->walks[i];
        int complete = !w->failed && !w->limit_hit;
        if (!w->failed && !w->links) {
            nb_buf line = NB_BUF_INIT;
            nb_buf_printf(&line, "listing %s%s%s%s: %zu page%s read and no report link on %s: a maintenance page or "
                          "a new layout? Reports not found are not called missing",
                          w->url, w->township >= 0 ? " (" : "", w->township >= 0 ? cfg->townships[w->township].name : "",
                          w->township >= 0 ? "'s own listing)" : "", w->pages, w->pages == 1 ? "" : "s",
                          w->pages == 1 ? "it" : "them");
            add_failure(h, &line);
            complete = 0;
        }
        if (w->township < 0) county_complete &= complete;
        /* every township this listing is the own listing of (two may share one: it is
         * walked once, for the first) */
        for (int t = 0; w->township >= 0 && t < cfg->township_count; t++)
            if (cfg->townships[t].listing && !strcmp(cfg->townships[t].listing, w->url))
                own[t] = complete && own[t] != 0;
    }
    int believable = !d->failure_count && !d->page_limit_hit && county_complete;
    for (int t = 0; t < cfg->township_count; t++) {
        h->unlisted[t] = own[t] >= 0 ? !own[t] : !county_complete;
        believable &= !h->unlisted[t];
    }
    free(own);
    /* Among the townships the listings claim to show completely: as many reports as
     * earlier runs found? (A failed listing already explains its own shortfall.) */
    size_t found = 0, known = 0;
    for (size_t i = 0; i < d->count; i++) {
        const nb_found *f = &d->items[i];
        found += (f->status == NB_FOUND_OK || f->status == NB_FOUND_DUPLICATE) && !h->unlisted[f->township] &&
                 nb_select_has(o->sel, f->township, f->year);
    }
    for (int t = 0; t < cfg->township_count; t++) known += h->unlisted[t] ? 0 : known_of[t];
    if (known >= MIN_KNOWN_FOR_DROP && found * 2 < known) {
        nb_buf line = NB_BUF_INIT;
        nb_buf_printf(&line, "listing %s%s: %zu report links where earlier runs found %zu: the portal may be "
                      "showing part of its listing. Reports not found are not called missing",
                      d->walks[0].url, d->walk_count > 1 ? " (and the other listings)" : "", found, known);
        add_failure(h, &line);
        believable = 0;
        memset(h->unlisted, 1, (size_t)cfg->township_count);
    }
    h->listing_complete = believable;
}

/* Fetches, archives and records one batch of targets. Returns nb_fetch_run's status. */
static int fetch_batch(const nb_harvest_opts *o, nb_harvest *h, nb_fetcher *f, target *targets, size_t n,
                       nb_buf *err)
{
    nb_fetch_req *reqs = nb_xcalloc(n + 1, sizeof *reqs);
    for (size_t i = 0; i < n; i++) {
        nb_fetch_req *r = &reqs[i];
        r->url = targets[i].url;
        r->user = &targets[i];
        const nb_manifest_row *prev = nb_manifest_find(&h->manifest, targets[i].url);
        /* Only ask "changed since?" when the copy the answer refers to is still here.
         * Copies: record() adds manifest rows, which moves the rows in memory. */
        if (prev && nb_archive_exists(o->out_dir, prev->archive)) {
            r->etag = nb_xstrdup(prev->etag);
            r->last_modified = nb_xstrdup(prev->last_modified);
        }
    }
    run_state st = {.o = o, .h = h, .reqs = reqs};
    st.results = nb_xcalloc(n ? n : 1, sizeof *st.results);
    st.order = nb_xcalloc(n ? n : 1, sizeof *st.order);
    st.done = h->selected - n; /* the progress counts on from the batch before */
    pthread_mutex_init(&st.lock, NULL);
    pthread_cond_init(&st.changed, NULL);
    st.threaded = pthread_create(&st.thread, NULL, archiver, &st) == 0; /* else archive inline */
    int fetched = nb_fetch_run(f, reqs, n, on_report, &st, err);
    if (st.threaded) {
        pthread_mutex_lock(&st.lock);
        st.closing = 1;
        pthread_cond_broadcast(&st.changed);
        pthread_mutex_unlock(&st.lock);
        pthread_join(st.thread, NULL);
    }
    for (size_t k = 0; k < st.ended; k++) record(&st, st.order[k]);
    for (size_t i = 0; i < n; i++) {
        nb_buf_free(&st.results[i].rel);
        nb_buf_free(&st.results[i].why);
        free((char *)reqs[i].etag);
        free((char *)reqs[i].last_modified);
        nb_fetch_req_free(&reqs[i]);
    }
    free(st.results);
    free(st.order);
    free(reqs);
    pthread_mutex_destroy(&st.lock);
    pthread_cond_destroy(&st.changed);
    return fetched;
}

/* Appends url as a file of page unless it is outside the portal or listed already. */
static void add_file(const nb_harvest_opts *o, const target *page, const char *base, const char *url,
                     nb_strlist *owned, target **files, size_t *n)
{
    if (!nb_discover_in_scope(o->cfg, url, base)) return;
    for (size_t j = 0; j < *n; j++)
        if (!strcmp((*files)[j].url, url)) return;
    nb_strlist_add(owned, url);
    *files = nb_xrealloc(*files, sizeof **files * (*n + 1));
    (*files)[(*n)++] = (target){owned->items[owned->count - 1], page->township, page->year, page->url, NULL};
}

static int by_parent(const void *a, const void *b)
{
    return strcmp((*(nb_manifest_row *const *)a)->parent, (*(nb_manifest_row *const *)b)->parent);
}

/* The files to fetch for the report pages just fetched: for each page whose archived copy
 * does not hold all its tables, the attachments and table pictures it links
 * (nb_extract_files), inside the portal (discover.h), each once. Their URLs are kept in
 * owned. A page copy whose files were listed by today's rules is not read again (reading
 * it was most of an unchanged night's CPU): its files are the rows naming it as parent. */
static target *files_of_pages(const nb_harvest_opts *o, nb_harvest *h, const target *pages, size_t npages,
                              nb_strlist *owned, size_t *n)
{
    nb_manifest *m = &h->manifest;
    nb_manifest_row **children = nb_xcalloc(m->count + 1, sizeof *children);
    size_t nchildren = 0;
    for (size_t i = 0; i < m->count; i++)
        if (m->rows[i].parent[0]) children[nchildren++] = &m->rows[i];
    qsort(children, nchildren, sizeof *children, by_parent);

    target *files = NULL;
    *n = 0;
    for (size_t i = 0; i < npages; i++) {
        nb_manifest_row *row = nb_manifest_find(m, pages[i].url);
        if (!row || !row->archive || !row->archive[0] || strcmp(row->kind, "page")) continue;
        const char *base = row->final_url && row->final_url[0] ? row->final_url : row->url;
        if (!strcmp(row->files_rule, NB_EXTRACT_FILES_RULE)) {
            size_t lo = 0, hi = nchildren;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (strcmp(children[mid]->parent, row->url) < 0) lo = mid + 1;
                else hi = mid;
            }
            for (; lo < nchildren && !strcmp(children[lo]->parent, row->url); lo++)
                add_file(o, &pages[i], base, children[lo]->url, owned, &files, n);
            continue;
        }
        nb_buf path = NB_BUF_INIT, bytes = NB_BUF_INIT;
        nb_buf_printf(&path, "%s/%s", o->out_dir, row->archive);
        nb_strlist links = {0};
        if (nb_buf_read_file(&bytes, path.data) == 0) {
            nb_extract_options opt = {.max_bytes = (size_t)o->cfg->max_bytes, .year_hint = pages[i].year};
            nb_extract_files(bytes.data, bytes.len, &opt, base, &links);
            for (int k = 0; k < links.count; k++) add_file(o, &pages[i], base, links.items[k], owned, &files, n);
            nb_manifest_set(&row->files_rule, NB_EXTRACT_FILES_RULE);
        }
        nb_strlist_free(&links);
        nb_buf_free(&path);
        nb_buf_free(&bytes);
    }
    free(children);
    return files;
}

int nb_harvest_run(const nb_harvest_opts *o, nb_harvest *h, nb_buf *err)
{
    memset(h, 0, sizeof *h);
    h->unlisted = nb_xcalloc((size_t)o->cfg->township_count + 1, 1);
    memset(h->unlisted, 1, (size_t)o->cfg->township_count);
    nb_buf manifest_path = NB_BUF_INIT, discovered_path = NB_BUF_INIT;
    nb_buf_printf(&manifest_path, "%s/manifest.csv", o->out_dir);
    nb_buf_printf(&discovered_path, "%s/discovered.csv", o->out_dir);
    nb_fetch_opts fo;
    nb_harvest_fetch_opts(o->cfg, &fo);
    nb_fetcher *f = NULL;
    size_t *known = NULL;
    int rc = -1;
    if (nb_manifest_read(manifest_path.data, &h->manifest, err) != 0) goto out;
    known = reports_known(o, &h->manifest);
    f = nb_fetch_new(&fo);
    if (nb_discover(o->cfg, f, &h->found, err) != 0) goto out;

    size_t npages = 0;
    target *pages = nb_xcalloc(h->found.count + 1, sizeof *pages);
    for (size_t i = 0; i < h->found.count; i++) {
        nb_found *it = &h->found.items[i];
        if ((it->status == NB_FOUND_OK || it->status == NB_FOUND_DUPLICATE) &&
            nb_select_has(o->sel, it->township, it->year))
            pages[npages++] = (target){it->url, it->township, it->year, NULL, it->listed_date};
    }
    h->selected = npages;
    int fetched = fetch_batch(o, h, f, pages, npages, err);
    if (fetched == 0) {
        /* Then the files of the pages that do not hold their tables themselves. */
        nb_strlist owned = {0};
        size_t nfiles = 0;
        target *files = files_of_pages(o, h, pages, npages, &owned, &nfiles);
        h->selected += nfiles;
        fetched = fetch_batch(o, h, f, files, nfiles, err);
        free(files);
        nb_strlist_free(&owned);
    }
    free(pages);
    if (fetched != 0) goto out;
    for (size_t i = 0; i < h->found.failure_count; i++) {
        nb_buf line = NB_BUF_INIT;
        nb_buf_printf(&line, "listing %s", h->found.failures[i]);
        add_failure(h, &line);
    }
    judge_listings(o, h, known);
    if (h->found.challenged) h->challenged = 1;
    nb_discovery_seen previous = NB_DISCOVERY_SEEN_INIT;
    for (size_t i = 0; i < h->found.count; i++) {
        nb_found *it = &h->found.items[i];
        if (it->status != NB_FOUND_OK)
            it->is_new = !nb_discovery_listed(discovered_path.data, &previous, it->url, it->status);
    }
    nb_discovery_seen_free(&previous);
    if (nb_manifest_write(manifest_path.data, &h->manifest, err) != 0) goto out;
    /* a night the listing could not be read keeps the last good list */
    if (h->listing_complete && nb_discovery_write(discovered_path.data, o->cfg, &h->found, err) != 0) goto out;
    rc = 0;
out:
    free(known);
    nb_fetch_free(f);
    nb_harvest_fetch_opts_free(&fo);
    nb_buf_free(&manifest_path);
    nb_buf_free(&discovered_path);
    return rc;
}
