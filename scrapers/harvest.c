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

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/url.h"

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
    char **hosts = nb_xcalloc((size_t)cfg->listing_count + 1, sizeof *hosts);
    int n = 0;
    nb_buf host = NB_BUF_INIT;
    for (int i = 0; i < cfg->listing_count; i++)
        if (nb_url_host(cfg->listings[i], &host) == 0 && host.len) hosts[n++] = nb_xstrdup(host.data);
    nb_buf_free(&host);
    o->hosts = hosts;
    o->host_count = n;
}

void nb_harvest_fetch_opts_free(nb_fetch_opts *o)
{
    for (int i = 0; i < o->host_count; i++) free(o->hosts[i]);
    free((char **)o->hosts);
    o->hosts = NULL;
    o->host_count = 0;
}

void nb_harvest_free(nb_harvest *h)
{
    nb_discovery_free(&h->found);
    nb_manifest_free(&h->manifest);
    for (size_t i = 0; i < h->failure_count; i++) free(h->failures[i]);
    free(h->failures);
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
    int failed;   /* archiving failed: why says why */
    char sha[65];
    nb_buf rel, why;
    size_t bytes;          /* of the body */
    char fetched_at[32];   /* when it arrived */
} archived;

enum { QUEUE_MAX = 32 }; /* pages waiting for the archiver */

typedef struct {
    const nb_harvest_opts *o;
    nb_harvest *h;
    nb_fetch_req *reqs;
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

/* Archives the body of request i (any thread). */
static void archive_one(run_state *st, size_t i)
{
    nb_fetch_req *r = &st->reqs[i];
    archived *a = &st->results[i];
    if (r->ok && !r->not_modified) {
        const nb_found *f = r->user;
        const nb_township *t = &st->o->cfg->townships[f->township];
        if (nb_archive_store(st->o->out_dir, t->slug, f->year, r->body.data ? r->body.data : "", r->body.len,
                             a->sha, &a->rel, &a->why) != 0)
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
    const nb_found *f = r->user;
    const nb_township *t = &st->o->cfg->townships[f->township];
    nb_manifest_row *row = nb_manifest_put(&h->manifest, f->url);
    nb_manifest_set(&row->township, t->name);
    row->year = f->year;
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
    } else {
        const char *outcome = !row->sha256[0] ? "new" : strcmp(row->sha256, a->sha) ? "changed" : "unchanged";
        if (!strcmp(outcome, "new")) h->added++;
        else if (!strcmp(outcome, "changed")) h->changed++;
        else h->unchanged++;
        nb_manifest_set(&row->outcome, outcome);
        nb_manifest_set(&row->etag, r->etag_out.data);
        nb_manifest_set(&row->last_modified, r->last_modified_out.data);
        nb_manifest_set(&row->fetched_at, now);
        nb_manifest_set(&row->sha256, a->sha);
        nb_manifest_set(&row->archive, a->rel.data);
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

int nb_harvest_run(const nb_harvest_opts *o, nb_harvest *h, nb_buf *err)
{
    memset(h, 0, sizeof *h);
    nb_buf manifest_path = NB_BUF_INIT, discovered_path = NB_BUF_INIT;
    nb_buf_printf(&manifest_path, "%s/manifest.csv", o->out_dir);
    nb_buf_printf(&discovered_path, "%s/discovered.csv", o->out_dir);
    nb_fetch_opts fo;
    nb_harvest_fetch_opts(o->cfg, &fo);
    nb_fetcher *f = NULL;
    nb_fetch_req *reqs = NULL;
    size_t n = 0;
    int rc = -1;
    if (nb_manifest_read(manifest_path.data, &h->manifest, err) != 0) goto out;
    f = nb_fetch_new(&fo);
    if (nb_discover(o->cfg, f, &h->found, err) != 0) goto out;

    reqs = nb_xcalloc(h->found.count + 1, sizeof *reqs);
    for (size_t i = 0; i < h->found.count; i++) {
        nb_found *it = &h->found.items[i];
        if ((it->status != NB_FOUND_OK && it->status != NB_FOUND_DUPLICATE) ||
            !nb_select_has(o->sel, it->township, it->year))
            continue;
        nb_fetch_req *r = &reqs[n++];
        r->url = it->url;
        r->user = it;
        const nb_manifest_row *prev = nb_manifest_find(&h->manifest, it->url);
        /* Only ask "changed since?" when the copy the answer refers to is still here. */
        /* Copies: on_report adds manifest rows, which moves the rows in memory. */
        if (prev && nb_archive_exists(o->out_dir, prev->archive)) {
            r->etag = nb_xstrdup(prev->etag);
            r->last_modified = nb_xstrdup(prev->last_modified);
        }
    }
    h->selected = n;
    run_state st = {.o = o, .h = h, .reqs = reqs};
    st.results = nb_xcalloc(n ? n : 1, sizeof *st.results);
    st.order = nb_xcalloc(n ? n : 1, sizeof *st.order);
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
    }
    free(st.results);
    free(st.order);
    pthread_mutex_destroy(&st.lock);
    pthread_cond_destroy(&st.changed);
    if (fetched != 0) goto out;
    for (size_t i = 0; i < h->found.failure_count; i++) {
        nb_buf line = NB_BUF_INIT;
        nb_buf_printf(&line, "listing %s", h->found.failures[i]);
        add_failure(h, &line);
    }
    nb_discovery_seen previous = NB_DISCOVERY_SEEN_INIT;
    for (size_t i = 0; i < h->found.count; i++) {
        nb_found *it = &h->found.items[i];
        if (it->status != NB_FOUND_OK)
            it->is_new = !nb_discovery_listed(discovered_path.data, &previous, it->url, it->status);
    }
    nb_discovery_seen_free(&previous);
    if (nb_manifest_write(manifest_path.data, &h->manifest, err) != 0) goto out;
    /* A listing that could not be read whole (the portal is down tonight) tells less than
     * the last good walk: that one's discovered.csv stays. */
    if (!h->found.failure_count && nb_discovery_write(discovered_path.data, o->cfg, &h->found, err) != 0) goto out;
    rc = 0;
out:
    for (size_t i = 0; i < n; i++) {
        free((char *)reqs[i].etag);
        free((char *)reqs[i].last_modified);
        nb_fetch_req_free(&reqs[i]);
    }
    free(reqs);
    nb_fetch_free(f);
    nb_harvest_fetch_opts_free(&fo);
    nb_buf_free(&manifest_path);
    nb_buf_free(&discovered_path);
    return rc;
}
