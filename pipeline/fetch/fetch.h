/* pipeline/fetch/: the network and the archive: the polite scheduler, the archive and its
 * manifest, the output folder's lock.
 *
 * fetch: bring a batch of URLs home politely and reliably (libcurl multi interface).
 *
 * A fetcher remembers, per host, how many transfers are running and when the last one
 * started, across batches: at most `concurrency` transfers per host at once and
 * `delay_ms` between two starts to one host (file:// URLs are local and wait for no
 * one). Every request gets:
 *   - a total timeout (timeout_s), a connect timeout (at most 15 s) and a low-speed
 *     limit (under 100 bytes/s for 30 s ends the transfer, which matters when
 *     timeout_s is raised for large pages on slow links);
 *   - retries (up to `retries` more attempts) with exponential backoff from backoff_ms
 *     plus up to 50% random jitter, on timeouts, connection errors, truncated bodies,
 *     HTTP 429 and 5xx; a Retry-After of up to 120 s is honoured (a longer one is a
 *     failure that says so); never on 404 or other 4xx;
 *   - Accept-Encoding gzip/deflate, and a cap of max_bytes on the decompressed body,
 *     so a gzip bomb stops there;
 *   - redirects followed here, not by libcurl, at most 5, only over http/https and only
 *     to the sites of opts.sites or the request's own site (host and port: another port
 *     of the portal's host is another server); a loop is named as such;
 *   - protocols http, https and file only; TLS verification always on (opts.ca_file
 *     names other certificates to trust; opts.proxy a proxy, else libcurl reads the
 *     usual http_proxy/https_proxy/no_proxy environment);
 *   - a POST with a form body when the request carries one (a CMS's data endpoint); a file:// URL is
 *     read only when it is a regular file whose real path (symbolic links resolved) lies
 *     in one of opts.file_roots, so a FIFO, a device or a link out of the mirror is a
 *     failure, never a hang or a leak;
 *   - a conditional GET (If-None-Match / If-Modified-Since) when the request carries
 *     the ETag / Last-Modified of a copy the caller still has; 304 then means "reuse",
 *     and a 304 to a request that was not conditional is a failure;
 *   - a body longer than the Content-Length the server announced is a failure (and
 *     retried): what arrived cannot be trusted to be the page;
 *   - opts.max_run_s bounds the whole fetcher's life: a portal that accepts connections
 *     and never answers cannot hold a run (and its lock) for long.
 * Nothing is printed: each request ends with ok=1 or a one-line reason. */
#ifndef NB_FETCH_H
#define NB_FETCH_H

#include <stddef.h>

#include "base/buf.h"

typedef struct {
    int concurrency;        /* transfers per host at once, >= 1 */
    int delay_ms;           /* between starts to one host */
    int timeout_s;          /* whole transfer, per attempt */
    int retries;            /* extra attempts after the first */
    int backoff_ms;         /* wait before the first retry; doubles each time */
    long long max_bytes;    /* cap on the decompressed body */
    const char *user_agent;
    char *const *sites;     /* URLs whose sites (url.h: host + port) redirects may go to,
                               besides the request's own */
    int site_count;
    char *const *file_roots; /* real paths of the folders file:// URLs may be read from;
                                none: no file:// URL is read */
    int file_root_count;
    int max_run_s;          /* 0, or the seconds after nb_fetch_new when every transfer
                               still waiting or running ends as failed */
    const char *ca_file;    /* certificates to trust instead of the system's, or NULL */
    const char *proxy;      /* proxy URL, or NULL: libcurl's usual environment
                               (http_proxy, https_proxy, no_proxy) decides */
} nb_fetch_opts;

typedef struct {
    /* set by the caller */
    const char *url;
    const char *etag;          /* of the copy the caller has, or NULL/"" */
    const char *last_modified; /* of the copy the caller has, or NULL/"" */
    const char *post;          /* a form body (application/x-www-form-urlencoded): the
                                  request is a POST (never conditional; a 301/302/303
                                  redirect is followed with a GET, as browsers do); NULL: GET */
    void *user;                /* the caller's, untouched */

    /* set by nb_fetch_run */
    int ok;                    /* the body arrived (or, with not_modified, needs no refetch) */
    int not_modified;          /* HTTP 304 */
    long status;               /* the last HTTP status; 0 for file:// or when none came */
    int attempts;              /* requests sent, redirect hops not counted */
    nb_buf final_url;          /* after redirects */
    nb_buf etag_out, last_modified_out, content_type; /* response headers, "" if absent */
    nb_buf cookies;            /* the names of the cookies the answer sets, space-separated */
    nb_buf body;               /* decompressed, as served; also kept when an HTTP status
                                  failed the request (4xx/5xx: what the error page says) */
    nb_buf reason;             /* why it failed, one line, e.g. "HTTP 404" */
} nb_fetch_req;

typedef struct nb_fetcher nb_fetcher;

nb_fetcher *nb_fetch_new(const nb_fetch_opts *opts);
void nb_fetch_free(nb_fetcher *f);

/* Fetches all n requests and returns when every one has ended. `done` (may be NULL) is
 * called as each request ends, in completion order; it may take or free the request's
 * buffers (the caller frees the rest with nb_fetch_req_free). Returns 0, or -1 with err
 * when libcurl itself cannot run (requests then may not have ended). */
typedef void (*nb_fetch_done_fn)(nb_fetch_req *req, void *ctx);
int nb_fetch_run(nb_fetcher *f, nb_fetch_req *reqs, size_t n, nb_fetch_done_fn done, void *ctx,
                 nb_buf *err);

void nb_fetch_req_free(nb_fetch_req *r);

/* The charset parameter of a Content-Type value ("text/html; charset=GBK" -> "GBK")
 * into out (cap bytes); "" if none. */
void nb_fetch_charset(const char *content_type, char *out, size_t cap);

#endif
