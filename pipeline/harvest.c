/* harvest: the network half of the pipeline as one call (see harvest.h).
 *
 * The manifest is the memory between runs: it is read first so that unchanged pages
 * cost a 304, and written last, whole and atomically, so a run killed half-way leaves
 * the previous manifest and at worst some archive files no row points to yet (harmless:
 * the next run finds them by name and does not write them again). */
#include "harvest.h"

#include <stdlib.h>
#include <string.h>

#include "url.h"

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

typedef struct {
    const nb_harvest_opts *o;
    nb_harvest *h;
    size_t done;
} run_state;

/* Called as each report page ends: archive it and update its manifest row. */
static void on_report(nb_fetch_req *r, void *ctx)
{
    run_state *st = ctx;
    nb_harvest *h = st->h;
    const nb_found *f = r->user;
    const nb_township *t = &st->o->cfg->townships[f->township];
    nb_manifest_row *row = nb_manifest_put(&h->manifest, f->url);
    nb_manifest_set(&row->township, t->name);
    row->year = f->year;
    row->status = r->status;
    nb_manifest_set(&row->final_url, r->final_url.data);
    char now[32];
    nb_archive_now(now);
    nb_buf why = NB_BUF_INIT, rel = NB_BUF_INIT;
    int ok = r->ok;
    if (!ok) {
        nb_buf_adds(&why, nb_buf_str(&r->reason));
    } else if (r->not_modified) {
        if (r->etag_out.len) nb_manifest_set(&row->etag, r->etag_out.data);
        if (r->last_modified_out.len) nb_manifest_set(&row->last_modified, r->last_modified_out.data);
        nb_manifest_set(&row->fetched_at, now);
        nb_manifest_set(&row->outcome, "unchanged");
        h->unchanged++;
    } else {
        char sha[65];
        if (nb_archive_store(st->o->out_dir, t->slug, f->year, r->body.data ? r->body.data : "", r->body.len,
                             sha, &rel, &why) != 0) {
            ok = 0;
        } else {
            const char *outcome = !row->sha256[0] ? "new" : strcmp(row->sha256, sha) ? "changed" : "unchanged";
            if (!strcmp(outcome, "new")) h->added++;
            else if (!strcmp(outcome, "changed")) h->changed++;
            else h->unchanged++;
            nb_manifest_set(&row->outcome, outcome);
            nb_manifest_set(&row->etag, r->etag_out.data);
            nb_manifest_set(&row->last_modified, r->last_modified_out.data);
            nb_manifest_set(&row->fetched_at, now);
            nb_manifest_set(&row->sha256, sha);
            nb_manifest_set(&row->archive, rel.data);
            row->bytes = (long long)r->body.len;
        }
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
    nb_buf_free(&rel);
    nb_buf_free(&r->body); /* archived: no need to hold every page in memory */
    st->done++;
    if (st->o->progress) st->o->progress(st->o->progress_ctx, st->done, h->selected);
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
    run_state st = {.o = o, .h = h};
    if (nb_fetch_run(f, reqs, n, on_report, &st, err) != 0) goto out;
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
    if (nb_discovery_write(discovered_path.data, o->cfg, &h->found, err) != 0) goto out;
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
