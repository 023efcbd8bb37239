/* fetch: a small scheduler around libcurl's multi interface (see fetch.h).
 *
 * libcurl runs the transfers; this file decides when each may start. Politeness is
 * per host and outlives a batch (discovery walks listing pages in rounds, then fetches
 * the reports, and the server should not feel the seams). Redirects are followed by
 * hand rather than with CURLOPT_FOLLOWLOCATION so that every hop is checked against the
 * portal's hosts before a byte is sent to it, and counts against the same host limits.
 * One thread, one poll loop: the bottleneck is the server's patience, not the CPU. */
#define _GNU_SOURCE /* strcasestr */
#include "pipeline/fetch/fetch.h"

#include <ctype.h>
#include <curl/curl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/url.h"

#define MAX_REDIRECTS 5
#define MAX_RETRY_AFTER_S 120
#define LOW_SPEED_BYTES 100
#define LOW_SPEED_SECONDS 30 /* a stall is caught this soon even when timeout_s is larger */

typedef struct {
    char *name;
    int active;
    double next_start_ms; /* monotonic time before which no transfer may start */
} host_state;

struct nb_fetcher {
    nb_fetch_opts opts;
    double deadline_ms;   /* monotonic; 0: none (max_run_s) */
    CURLM *multi;
    host_state *hosts;
    size_t host_count;
    uint64_t rng;
};

enum { PENDING, RUNNING, FINISHED };

typedef struct {
    nb_fetch_req *req;
    int state;
    size_t host;          /* politeness is charged to the original URL's host */
    double not_before_ms; /* retry backoff */
    CURL *easy;
    struct curl_slist *headers;
    nb_buf url;           /* this hop's URL */
    char **visited;       /* redirect hops, for loop detection */
    int redirects;
    int hop;              /* the next start follows a redirect: not a new attempt */
    int too_big;
    int excess;           /* the server sent more than its Content-Length */
    int as_get;           /* a POST redirected by 301/302/303 goes on as a GET */
    long long max_bytes;
    long retry_after_s;   /* -1 when the server said nothing */
    double started_ms;
    char errbuf[CURL_ERROR_SIZE];
} slot;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static size_t host_index(nb_fetcher *f, const char *url)
{
    nb_buf host = NB_BUF_INIT;
    if (nb_url_host(url, &host) != 0) nb_buf_adds(&host, "?");
    const char *name = nb_buf_str(&host);
    for (size_t i = 0; i < f->host_count; i++)
        if (!strcmp(f->hosts[i].name, name)) {
            nb_buf_free(&host);
            return i;
        }
    f->hosts = nb_xrealloc(f->hosts, sizeof *f->hosts * (f->host_count + 1));
    f->hosts[f->host_count] = (host_state){.name = nb_xstrdup(name)};
    nb_buf_free(&host);
    return f->host_count++;
}

nb_fetcher *nb_fetch_new(const nb_fetch_opts *opts)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    nb_fetcher *f = nb_xcalloc(1, sizeof *f);
    f->opts = *opts;
    if (f->opts.concurrency < 1) f->opts.concurrency = 1;
    f->multi = curl_multi_init();
    if (opts->max_run_s > 0) f->deadline_ms = now_ms() + opts->max_run_s * 1000.0;
    f->rng = (uint64_t)time(NULL) * 0x9E3779B97F4A7C15ull ^ (uint64_t)getpid();
    if (!f->rng) f->rng = 1;
    return f;
}

void nb_fetch_free(nb_fetcher *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->host_count; i++) free(f->hosts[i].name);
    free(f->hosts);
    curl_multi_cleanup(f->multi);
    free(f);
    curl_global_cleanup();
}

void nb_fetch_req_free(nb_fetch_req *r)
{
    nb_buf_free(&r->final_url);
    nb_buf_free(&r->etag_out);
    nb_buf_free(&r->last_modified_out);
    nb_buf_free(&r->content_type);
    nb_buf_free(&r->cookies);
    nb_buf_free(&r->body);
    nb_buf_free(&r->reason);
}

void nb_fetch_charset(const char *content_type, char *out, size_t cap)
{
    out[0] = '\0';
    const char *p = content_type ? strcasestr(content_type, "charset=") : NULL;
    if (!p || !cap) return;
    p += 8;
    if (*p == '"' || *p == '\'') p++;
    size_t n = 0;
    while (p[n] && p[n] != ';' && p[n] != '"' && p[n] != '\'' && !isspace((unsigned char)p[n]) && n + 1 < cap)
        n++;
    memcpy(out, p, n);
    out[n] = '\0';
}

static double jitter(nb_fetcher *f, double range)
{
    f->rng ^= f->rng << 13, f->rng ^= f->rng >> 7, f->rng ^= f->rng << 17;
    return range * (double)(f->rng % 10000) / 10000.0;
}

static size_t on_body(char *data, size_t size, size_t count, void *p)
{
    slot *s = p;
    size_t n = size * count;
    if ((long long)(s->req->body.len + n) > s->max_bytes) {
        s->too_big = 1;
        return 0; /* makes libcurl stop with CURLE_WRITE_ERROR */
    }
    nb_buf_add(&s->req->body, data, n);
    return n;
}

/* libcurl says that a server sent more than its Content-Length only in its verbose
 * log; the body it keeps is then a cut copy of something, not the page. */
static int on_debug(CURL *e, curl_infotype type, char *data, size_t size, void *p)
{
    (void)e;
    slot *s = p;
    if (type == CURLINFO_TEXT && size >= 12 && !strncmp(data, "Excess found", 12)) s->excess = 1;
    return 0;
}

static void set_header_value(nb_buf *dst, const char *v, size_t n)
{
    while (n && isspace((unsigned char)*v)) v++, n--;
    while (n && isspace((unsigned char)v[n - 1])) n--;
    nb_buf_clear(dst);
    nb_buf_add(dst, v, n);
}

static size_t on_header(char *data, size_t size, size_t count, void *p)
{
    slot *s = p;
    size_t n = size * count;
    const char *colon = memchr(data, ':', n);
    if (!colon) return n;
    size_t name_len = (size_t)(colon - data);
    const char *v = colon + 1;
    size_t vlen = n - name_len - 1;
    if (name_len == 4 && !strncasecmp(data, "ETag", 4)) set_header_value(&s->req->etag_out, v, vlen);
    else if (name_len == 13 && !strncasecmp(data, "Last-Modified", 13))
        set_header_value(&s->req->last_modified_out, v, vlen);
    else if (name_len == 12 && !strncasecmp(data, "Content-Type", 12))
        set_header_value(&s->req->content_type, v, vlen);
    else if (name_len == 10 && !strncasecmp(data, "Set-Cookie", 10)) {
        while (vlen && isspace((unsigned char)*v)) v++, vlen--;
        size_t name = 0;
        while (name < vlen && v[name] != '=' && v[name] != ';' && !isspace((unsigned char)v[name])) name++;
        if (name) {
            if (s->req->cookies.len) nb_buf_addc(&s->req->cookies, ' ');
            nb_buf_add(&s->req->cookies, v, name);
        }
    }
    else if (name_len == 11 && !strncasecmp(data, "Retry-After", 11)) {
        nb_buf tmp = NB_BUF_INIT;
        set_header_value(&tmp, v, vlen);
        char *end;
        long secs = strtol(nb_buf_str(&tmp), &end, 10);
        if (end != tmp.data && !*end) {
            s->retry_after_s = secs < 0 ? 0 : secs;
        } else {
            time_t when = curl_getdate(nb_buf_str(&tmp), NULL);
            if (when > 0) s->retry_after_s = when > time(NULL) ? (long)(when - time(NULL)) : 0;
        }
        nb_buf_free(&tmp);
    }
    return n;
}

static void reset_response(nb_fetch_req *r)
{
    nb_buf_clear(&r->etag_out);
    nb_buf_clear(&r->last_modified_out);
    nb_buf_clear(&r->content_type);
    nb_buf_clear(&r->cookies);
    nb_buf_clear(&r->body);
    r->status = 0;
}

static int start(nb_fetcher *f, slot *s, double now, nb_buf *err)
{
    const nb_fetch_opts *o = &f->opts;
    nb_fetch_req *r = s->req;
    reset_response(r);
    s->too_big = 0;
    s->excess = 0;
    s->retry_after_s = -1;
    s->errbuf[0] = '\0';
    s->max_bytes = o->max_bytes > 0 ? o->max_bytes : (1LL << 40);
    CURL *e = curl_easy_init();
    if (!e) {
        nb_buf_adds(err, "libcurl cannot create a transfer");
        return -1;
    }
    curl_easy_setopt(e, CURLOPT_URL, s->url.data);
    curl_easy_setopt(e, CURLOPT_PRIVATE, s);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, s);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, s);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, s->errbuf);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug);
    curl_easy_setopt(e, CURLOPT_DEBUGDATA, s);
    curl_easy_setopt(e, CURLOPT_VERBOSE, 1L); /* for on_debug: nothing is printed */
    curl_easy_setopt(e, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : "nianbao");
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "gzip, deflate");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https,file");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s->max_bytes);
    long timeout = o->timeout_s > 0 ? o->timeout_s : 30;
    curl_easy_setopt(e, CURLOPT_TIMEOUT, timeout);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, timeout < 15 ? timeout : 15L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, (long)LOW_SPEED_BYTES);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, timeout < LOW_SPEED_SECONDS ? timeout : (long)LOW_SPEED_SECONDS);
    if (o->ca_file && *o->ca_file) curl_easy_setopt(e, CURLOPT_CAINFO, o->ca_file);
    if (o->proxy && *o->proxy) curl_easy_setopt(e, CURLOPT_PROXY, o->proxy);
    if (r->post && !s->as_get && !nb_url_is_file(s->url.data))
        curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, r->post); /* form-urlencoded */
    curl_slist_free_all(s->headers);
    s->headers = NULL;
    if (!nb_url_is_file(s->url.data)) {
        nb_buf h = NB_BUF_INIT;
        if (r->etag && *r->etag) {
            nb_buf_printf(&h, "If-None-Match: %s", r->etag);
            s->headers = curl_slist_append(s->headers, h.data);
        }
        if (r->last_modified && *r->last_modified) {
            nb_buf_clear(&h);
            nb_buf_printf(&h, "If-Modified-Since: %s", r->last_modified);
            s->headers = curl_slist_append(s->headers, h.data);
        }
        nb_buf_free(&h);
        if (s->headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, s->headers);
    }
    CURLMcode mc = curl_multi_add_handle(f->multi, e);
    if (mc != CURLM_OK) {
        nb_buf_printf(err, "libcurl: %s", curl_multi_strerror(mc));
        curl_easy_cleanup(e);
        return -1;
    }
    s->easy = e;
    s->state = RUNNING;
    s->started_ms = now;
    host_state *h = &f->hosts[s->host];
    h->active++;
    if (!nb_url_is_file(s->url.data)) h->next_start_ms = now + f->opts.delay_ms;
    return 0;
}

static int site_allowed(const nb_fetcher *f, const nb_fetch_req *r, const char *url)
{
    for (int i = 0; i < f->opts.site_count; i++)
        if (nb_url_same_site(f->opts.sites[i], url)) return 1;
    return nb_url_same_site(r->url, url);
}

/* Why the file:// URL must not be read (a reason into why), or 0 when it may. */
static int file_refused(const nb_fetcher *f, const char *url, nb_buf *why)
{
    char *path = nb_url_file_path(url);
    char real[PATH_MAX];
    struct stat st;
    int refused = 1;
    if (!path || !realpath(path, real)) {
        nb_buf_adds(why, "cannot read the file");
    } else if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        nb_buf_adds(why, "not a regular file (a FIFO, a device or a folder is not a page)");
    } else {
        for (int i = 0; i < f->opts.file_root_count && refused; i++) refused = !nb_path_under(real, f->opts.file_roots[i]);
        if (refused) nb_buf_printf(why, "outside the mirror: the file is %s", real);
    }
    free(path);
    return refused;
}

typedef enum { END_OK, END_RETRY, END_FAIL, END_REDIRECT } ending;

/* Decides what a finished transfer means; for END_REDIRECT s->url holds the next hop. */
static ending judge(nb_fetcher *f, slot *s, CURLcode rc, double now)
{
    nb_fetch_req *r = s->req;
    long timeout = f->opts.timeout_s > 0 ? f->opts.timeout_s : 30;
    nb_buf_clear(&r->reason);
    if (rc == CURLE_OK) {
        long status = 0;
        curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &status);
        r->status = status;
        if (s->excess) {
            nb_buf_printf(&r->reason, "the server sent more than its Content-Length: the body is not the page");
            return END_RETRY;
        }
        if (nb_url_is_file(s->url.data) || (status >= 200 && status < 300)) return END_OK;
        if (status == 304) {
            if (!(r->etag && *r->etag) && !(r->last_modified && *r->last_modified)) {
                nb_buf_printf(&r->reason, "HTTP 304 (not modified) to a request that asked no such question");
                return END_FAIL;
            }
            r->not_modified = 1;
            return END_OK;
        }
        if (status >= 300 && status < 400) {
            char *location = NULL;
            curl_easy_getinfo(s->easy, CURLINFO_REDIRECT_URL, &location);
            if (!location) {
                nb_buf_printf(&r->reason, "HTTP %ld without a Location to follow", status);
                return END_FAIL;
            }
            nb_buf next = NB_BUF_INIT;
            nb_buf_adds(&next, location);
            ending e = END_REDIRECT;
            if (strncasecmp(location, "http://", 7) && strncasecmp(location, "https://", 8)) {
                nb_buf_printf(&r->reason, "redirected to %s: only http and https redirects are followed",
                              location);
                e = END_FAIL;
            } else if (!site_allowed(f, r, location)) {
                nb_buf_printf(&r->reason, "redirected to another site (host and port): %s", location);
                e = END_FAIL;
            } else {
                for (int i = 0; i < s->redirects && e == END_REDIRECT; i++)
                    if (!strcmp(s->visited[i], location)) {
                        nb_buf_printf(&r->reason, "redirect loop: %s leads back to %s", s->url.data, location);
                        e = END_FAIL;
                    }
                if (e == END_REDIRECT && s->redirects >= MAX_REDIRECTS) {
                    nb_buf_printf(&r->reason, "too many redirects (more than %d)", MAX_REDIRECTS);
                    e = END_FAIL;
                }
            }
            if (e == END_REDIRECT) {
                s->visited = nb_xrealloc(s->visited, sizeof(char *) * (size_t)(s->redirects + 1));
                s->visited[s->redirects++] = nb_xstrdup(s->url.data);
                if (status == 301 || status == 302 || status == 303) s->as_get = 1;
                nb_buf_clear(&s->url);
                nb_buf_adds(&s->url, next.data);
            }
            nb_buf_free(&next);
            return e;
        }
        nb_buf_printf(&r->reason, "HTTP %ld", status);
        if (status == 429 || status >= 500) {
            if (s->retry_after_s > MAX_RETRY_AFTER_S) {
                nb_buf_printf(&r->reason, ", server asks to wait %ld s", s->retry_after_s);
                return END_FAIL;
            }
            return END_RETRY;
        }
        return END_FAIL;
    }
    switch (rc) {
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
        if (s->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
            nb_buf_printf(&r->reason, "body larger than max_bytes (%lld bytes)", s->max_bytes);
            return END_FAIL;
        }
        break;
    case CURLE_OPERATION_TIMEDOUT:
        if (now - s->started_ms >= timeout * 1000.0 - 50)
            nb_buf_printf(&r->reason, "timed out after %ld s", timeout);
        else
            nb_buf_printf(&r->reason, "stalled: under %d bytes/s for %d s", LOW_SPEED_BYTES,
                          LOW_SPEED_SECONDS);
        return END_RETRY;
    case CURLE_PARTIAL_FILE: {
        curl_off_t got = 0, expected = 0;
        curl_easy_getinfo(s->easy, CURLINFO_SIZE_DOWNLOAD_T, &got);
        curl_easy_getinfo(s->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected);
        if (expected > 0)
            nb_buf_printf(&r->reason, "truncated body: %lld of %lld bytes arrived", (long long)got,
                          (long long)expected);
        else
            nb_buf_printf(&r->reason, "truncated body: the connection closed early");
        return END_RETRY;
    }
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        nb_buf_printf(&r->reason, "%s", s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc));
        return END_RETRY;
    case CURLE_FILE_COULDNT_READ_FILE:
        nb_buf_printf(&r->reason, "cannot read the file");
        return END_FAIL;
    case CURLE_BAD_CONTENT_ENCODING:
        nb_buf_printf(&r->reason, "corrupt compressed body: %s", s->errbuf[0] ? s->errbuf : "bad encoding");
        return END_FAIL;
    default:
        break;
    }
    nb_buf_printf(&r->reason, "%s", s->errbuf[0] ? s->errbuf : curl_easy_strerror(rc));
    return END_FAIL;
}

static void end_transfer(nb_fetcher *f, slot *s)
{
    curl_multi_remove_handle(f->multi, s->easy);
    curl_easy_cleanup(s->easy);
    s->easy = NULL;
    f->hosts[s->host].active--;
}

static void finish(slot *s, int ok, nb_fetch_done_fn done, void *ctx)
{
    nb_fetch_req *r = s->req;
    r->ok = ok;
    nb_buf_clear(&r->final_url);
    nb_buf_adds(&r->final_url, s->url.data);
    if (!ok && r->status < 400) nb_buf_clear(&r->body); /* an error page is kept: it may say why */
    if (!ok && r->attempts > 1) nb_buf_printf(&r->reason, " (%d attempts)", r->attempts);
    s->state = FINISHED;
    if (done) done(r, ctx);
}

static double backoff_ms(nb_fetcher *f, const slot *s)
{
    if (s->retry_after_s >= 0) return s->retry_after_s * 1000.0;
    double base = f->opts.backoff_ms > 0 ? f->opts.backoff_ms : 0;
    for (int i = 1; i < s->req->attempts && base < 3600e3; i++) base *= 2;
    return base + jitter(f, base / 2);
}

int nb_fetch_run(nb_fetcher *f, nb_fetch_req *reqs, size_t n, nb_fetch_done_fn done, void *ctx, nb_buf *err)
{
    slot *slots = nb_xcalloc(n ? n : 1, sizeof *slots);
    for (size_t i = 0; i < n; i++) {
        slots[i].req = &reqs[i];
        slots[i].host = host_index(f, reqs[i].url);
        nb_buf_adds(&slots[i].url, reqs[i].url);
        reqs[i].ok = reqs[i].not_modified = 0;
        reqs[i].attempts = 0;
        nb_buf_clear(&reqs[i].reason);
    }
    size_t finished = 0;
    int rc = 0;
    while (finished < n) {
        double now = now_ms();
        double wait = 1000;
        if (f->deadline_ms && now >= f->deadline_ms) {
            for (size_t i = 0; i < n; i++) {
                slot *s = &slots[i];
                if (s->state == FINISHED) continue;
                if (s->easy) end_transfer(f, s);
                nb_buf_clear(&s->req->reason);
                nb_buf_printf(&s->req->reason, "%s when the run's time limit (max_run_s = %d) was reached",
                              s->state == RUNNING ? "stopped" : "not fetched", f->opts.max_run_s);
                s->req->attempts = 0; /* the limit, not the server, ended it */
                finish(s, 0, done, ctx);
                finished++;
            }
            break;
        }
        if (f->deadline_ms && f->deadline_ms - now < wait) wait = f->deadline_ms - now;
        for (size_t i = 0; i < n; i++) {
            slot *s = &slots[i];
            if (s->state != PENDING) continue;
            host_state *h = &f->hosts[s->host];
            double ready = s->not_before_ms;
            if (!nb_url_is_file(s->url.data) && h->next_start_ms > ready) ready = h->next_start_ms;
            if (h->active >= f->opts.concurrency) continue;
            if (ready > now) {
                if (ready - now < wait) wait = ready - now;
                continue;
            }
            /* Judged when it is about to start, not on every turn it waits: realpath()
             * walks the whole path, and was most of an unchanged night's CPU on a mirror. */
            if (nb_url_is_file(s->url.data)) {
                nb_buf_clear(&s->req->reason);
                if (file_refused(f, s->url.data, &s->req->reason)) {
                    s->req->attempts = 1;
                    finish(s, 0, done, ctx);
                    finished++;
                    continue;
                }
            }
            if (!s->hop) s->req->attempts++;
            s->hop = 0;
            if (start(f, s, now, err) != 0) {
                rc = -1;
                goto out;
            }
        }
        int running = 0;
        curl_multi_perform(f->multi, &running);
        CURLMsg *m;
        int left;
        int ended = 0;
        while ((m = curl_multi_info_read(f->multi, &left))) {
            if (m->msg != CURLMSG_DONE) continue;
            slot *s = NULL;
            curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&s);
            CURLcode result = m->data.result;
            double t = now_ms();
            ending e = judge(f, s, result, t);
            end_transfer(f, s);
            ended = 1;
            if (e == END_OK || e == END_FAIL) {
                finish(s, e == END_OK, done, ctx);
                finished++;
            } else if (e == END_REDIRECT) {
                s->state = PENDING;
                s->hop = 1;
                s->not_before_ms = t;
            } else if (s->req->attempts <= f->opts.retries) {
                s->state = PENDING;
                s->not_before_ms = t + backoff_ms(f, s);
            } else {
                finish(s, 0, done, ctx);
                finished++;
            }
        }
        if (finished >= n || ended) continue;
        int timeout_ms = (int)(wait < 1 ? 1 : wait);
        if (running) {
            long curl_timeout = -1;
            curl_multi_timeout(f->multi, &curl_timeout);
            if (curl_timeout >= 0 && curl_timeout < timeout_ms) timeout_ms = (int)curl_timeout;
        }
        CURLMcode mc = curl_multi_poll(f->multi, NULL, 0, timeout_ms, NULL);
        if (mc != CURLM_OK) {
            nb_buf_printf(err, "libcurl: %s", curl_multi_strerror(mc));
            rc = -1;
            break;
        }
    }
out:
    for (size_t i = 0; i < n; i++) {
        slot *s = &slots[i];
        if (s->easy) end_transfer(f, s);
        curl_slist_free_all(s->headers);
        for (int k = 0; k < s->redirects; k++) free(s->visited[k]);
        free(s->visited);
        nb_buf_free(&s->url);
    }
    free(slots);
    return rc;
}
