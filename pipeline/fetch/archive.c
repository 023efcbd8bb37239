/* archive: content-addressed gzip store and the manifest (see archive.h).
 *
 * Naming files by their content makes "never overwrite" free: the same page maps to the
 * same name and is not written twice, a changed page maps to a new name. The manifest
 * is the only mutable index, and it is replaced whole, atomically. */
#include "pipeline/fetch/archive.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "base/atomicfile.h"
#include "base/csvfile.h"
#include "base/hash.h"
#include "base/sha256.h"

static int gzip(const void *data, size_t len, nb_buf *out, nb_buf *err)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    /* windowBits 15 + 16: a gzip wrapper; deflate writes time 0 and no name. */
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        nb_buf_adds(err, "zlib cannot start compressing");
        return -1;
    }
    nb_buf_reserve(out, deflateBound(&z, (uLong)len));
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    int rc;
    do {
        nb_buf_reserve(out, 65536);
        z.next_out = (Bytef *)out->data + out->len;
        z.avail_out = (uInt)(out->cap - out->len - 1);
        rc = deflate(&z, Z_FINISH);
        out->len = (size_t)((char *)z.next_out - out->data);
    } while (rc == Z_OK || rc == Z_BUF_ERROR);
    out->data[out->len] = '\0';
    deflateEnd(&z);
    if (rc != Z_STREAM_END) {
        nb_buf_printf(err, "zlib cannot compress (%d)", rc);
        return -1;
    }
    return 0;
}

int nb_archive_store(const char *out_dir, const char *slug, int year, const char *ext, const void *body,
                     size_t len, char sha_hex[65], nb_buf *relpath, nb_buf *err)
{
    nb_sha256_hex_of(body, len, sha_hex);
    nb_buf_clear(relpath);
    nb_buf_printf(relpath, "raw/%s/%d/%s-%d-%.16s.%s.gz", slug, year, slug, year, sha_hex, ext);
    if (nb_archive_exists(out_dir, relpath->data)) return 0;
    nb_buf path = NB_BUF_INIT, packed = NB_BUF_INIT;
    nb_buf_printf(&path, "%s/%s", out_dir, relpath->data);
    int rc = gzip(body, len, &packed, err);
    if (rc == 0) rc = nb_atomic_write(path.data, packed.data, packed.len, err);
    nb_buf_free(&path);
    nb_buf_free(&packed);
    return rc;
}

int nb_archive_exists(const char *out_dir, const char *relpath)
{
    if (!relpath || !*relpath) return 0;
    nb_buf path = NB_BUF_INIT;
    nb_buf_printf(&path, "%s/%s", out_dir, relpath);
    struct stat st;
    int ok = stat(path.data, &st) == 0 && S_ISREG(st.st_mode);
    nb_buf_free(&path);
    return ok;
}

void nb_archive_now(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    char zone[8];
    strftime(zone, sizeof zone, "%z", &tm); /* +0800 */
    size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
    if (strlen(zone) == 5) snprintf(out + n, 32 - n, "%.3s:%.2s", zone, zone + 3);
}

/* --- manifest --- */

enum { F_TOWNSHIP, F_YEAR, F_URL, F_FINAL, F_STATUS, F_ETAG, F_LASTMOD, F_FETCHED, F_BYTES, F_SHA,
       F_ARCHIVE, F_OUTCOME, F_V1_COUNT, F_KIND = F_V1_COUNT, F_PARENT, F_V2_COUNT,
       F_FILES_RULE = F_V2_COUNT, F_LISTED_DATE, F_COUNT };

void nb_manifest_set(char **field, const char *value)
{
    char *copy = nb_xstrdup(value ? value : "");
    free(*field);
    *field = copy;
}

static void row_free(nb_manifest_row *r)
{
    free(r->township), free(r->url), free(r->final_url), free(r->etag), free(r->last_modified);
    free(r->fetched_at), free(r->sha256), free(r->archive), free(r->outcome);
    free(r->kind), free(r->parent), free(r->files_rule), free(r->listed_date);
}

void nb_manifest_free(nb_manifest *m)
{
    for (size_t i = 0; i < m->count; i++) row_free(&m->rows[i]);
    free(m->rows);
    free(m->by_url);
    memset(m, 0, sizeof *m);
}

/* A county's archive can hold 10,000s of pages, each looked up by url when the manifest
 * is read and again when the harvest records it: a scan per lookup would be quadratic. */
/* The slot holding url, or the empty slot where it would go. */
static size_t *url_slot(const nb_manifest *m, const char *url)
{
    for (size_t i = (size_t)nb_hash_str(url) & (m->nslots - 1);; i = (i + 1) & (m->nslots - 1))
        if (!m->by_url[i] || !strcmp(m->rows[m->by_url[i] - 1].url, url)) return &m->by_url[i];
}

static void reindex(nb_manifest *m, size_t nslots)
{
    free(m->by_url);
    m->by_url = nb_xcalloc(nslots, sizeof *m->by_url);
    m->nslots = nslots;
    for (size_t i = 0; i < m->count; i++) *url_slot(m, m->rows[i].url) = i + 1;
}

nb_manifest_row *nb_manifest_find(const nb_manifest *m, const char *url)
{
    if (!m->nslots) return NULL;
    size_t at = *url_slot(m, url);
    return at ? &m->rows[at - 1] : NULL;
}

nb_manifest_row *nb_manifest_put(nb_manifest *m, const char *url)
{
    nb_manifest_row *r = nb_manifest_find(m, url);
    if (r) return r;
    if (m->count == m->cap) {
        m->cap = m->cap ? 2 * m->cap : 64;
        m->rows = nb_xrealloc(m->rows, sizeof *m->rows * m->cap);
    }
    r = &m->rows[m->count++];
    memset(r, 0, sizeof *r);
    char **fields[] = {&r->township, &r->url, &r->final_url, &r->etag, &r->last_modified,
                       &r->fetched_at, &r->sha256, &r->archive, &r->outcome, &r->parent, &r->files_rule,
                       &r->listed_date};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) nb_manifest_set(fields[i], "");
    nb_manifest_set(&r->url, url);
    nb_manifest_set(&r->kind, "page");
    if (2 * m->count > m->nslots) reindex(m, m->nslots ? 2 * m->nslots : 128);
    else *url_slot(m, url) = m->count;
    return r;
}

typedef struct {
    nb_manifest *m;
    const char *path;
    nb_buf *err;
    int header_seen;
    int fields;     /* per row: F_COUNT, or F_V2_COUNT / F_V1_COUNT for an earlier nianbao's */
} read_state;

static int parse_number(const char *s, long long *out)
{
    if (!*s) return *out = 0, 0;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*end || errno || v < 0) return -1;
    *out = v;
    return 0;
}

static int on_row(void *ctx, char **f, int n, long line)
{
    read_state *st = ctx;
    if (!st->header_seen) {
        st->header_seen = 1;
        nb_buf h = NB_BUF_INIT;
        for (int i = 0; i < n; i++) nb_buf_printf(&h, "%s%s", i ? "," : "", f[i]);
        const char *header = h.data ? h.data : "";
        st->fields = !strcmp(header, NB_MANIFEST_HEADER)      ? F_COUNT
                     : !strcmp(header, NB_MANIFEST_HEADER_V2) ? F_V2_COUNT
                     : !strcmp(header, NB_MANIFEST_HEADER_V1) ? F_V1_COUNT
                                                              : 0;
        int ok = st->fields != 0;
        nb_buf_free(&h);
        if (!ok) {
            nb_buf_printf(st->err, "%s:%ld: not a manifest of this nianbao (expected the header %s)", st->path,
                          line, NB_MANIFEST_HEADER);
            return 1;
        }
        return 0;
    }
    if (n == 1 && !f[0][0]) return 0;
    long long year, status, bytes;
    if (n != st->fields) {
        nb_buf_printf(st->err, "%s:%ld: %d fields, expected %d", st->path, line, n, st->fields);
        return 1;
    }
    if (parse_number(f[F_YEAR], &year) || parse_number(f[F_STATUS], &status) ||
        parse_number(f[F_BYTES], &bytes) || !f[F_URL][0]) {
        nb_buf_printf(st->err, "%s:%ld: year, status or bytes is not a number, or the url is empty", st->path,
                      line);
        return 1;
    }
    nb_manifest_row *r = nb_manifest_put(st->m, nb_csv_unguard(f[F_URL]));
    nb_manifest_set(&r->township, nb_csv_unguard(f[F_TOWNSHIP]));
    nb_manifest_set(&r->final_url, nb_csv_unguard(f[F_FINAL]));
    nb_manifest_set(&r->etag, nb_csv_unguard(f[F_ETAG]));
    nb_manifest_set(&r->last_modified, nb_csv_unguard(f[F_LASTMOD]));
    nb_manifest_set(&r->fetched_at, nb_csv_unguard(f[F_FETCHED]));
    nb_manifest_set(&r->sha256, nb_csv_unguard(f[F_SHA]));
    nb_manifest_set(&r->archive, nb_csv_unguard(f[F_ARCHIVE]));
    nb_manifest_set(&r->outcome, nb_csv_unguard(f[F_OUTCOME]));
    if (st->fields >= F_V2_COUNT) {
        nb_manifest_set(&r->kind, f[F_KIND][0] ? nb_csv_unguard(f[F_KIND]) : "page");
        nb_manifest_set(&r->parent, nb_csv_unguard(f[F_PARENT]));
    }
    if (st->fields >= F_COUNT) {
        nb_manifest_set(&r->files_rule, nb_csv_unguard(f[F_FILES_RULE]));
        nb_manifest_set(&r->listed_date, nb_csv_unguard(f[F_LISTED_DATE]));
    }
    r->year = (int)year;
    r->status = (long)status;
    r->bytes = bytes;
    return 0;
}

int nb_manifest_read(const char *path, nb_manifest *m, nb_buf *err)
{
    memset(m, 0, sizeof *m);
    nb_buf data = NB_BUF_INIT;
    if (nb_buf_read_file(&data, path) != 0) {
        int missing = errno == ENOENT;
        if (!missing) nb_buf_printf(err, "%s: cannot read: %s", path, strerror(errno));
        nb_buf_free(&data);
        return missing ? 0 : -1;
    }
    read_state st = {.m = m, .path = path, .err = err};
    nb_buf csv_err = NB_BUF_INIT;
    int rc = nb_csv_parse(data.data, data.len, on_row, &st, &csv_err);
    if (rc < 0) nb_buf_printf(err, "%s:%s", path, csv_err.data);
    nb_buf_free(&csv_err);
    nb_buf_free(&data);
    if (rc != 0) {
        nb_manifest_free(m);
        return -1;
    }
    return 0;
}

static int row_order(const void *a, const void *b)
{
    const nb_manifest_row *x = a, *y = b;
    int c = strcmp(x->township, y->township);
    if (!c) c = (x->year > y->year) - (x->year < y->year);
    if (!c) c = strcmp(x->url, y->url);
    return c;
}

int nb_manifest_write(const char *path, nb_manifest *m, nb_buf *err)
{
    if (m->count) {
        qsort(m->rows, m->count, sizeof *m->rows, row_order);
        reindex(m, m->nslots);
    }
    nb_atomic a;
    if (nb_atomic_open(&a, path, err) != 0) return -1;
    nb_csv w;
    nb_csv_start(&w, a.f, NB_CSV_BOM);
    fputs(NB_MANIFEST_HEADER "\r\n", a.f);
    for (size_t i = 0; i < m->count; i++) {
        const nb_manifest_row *r = &m->rows[i];
        nb_csv_text(&w, r->township);
        nb_csv_int(&w, r->year);
        nb_csv_text(&w, r->url);
        nb_csv_text(&w, r->final_url);
        if (r->status) nb_csv_int(&w, r->status);
        else nb_csv_number(&w, "");
        nb_csv_text(&w, r->etag);
        nb_csv_text(&w, r->last_modified);
        nb_csv_text(&w, r->fetched_at);
        nb_csv_int(&w, r->bytes);
        nb_csv_text(&w, r->sha256);
        nb_csv_text(&w, r->archive);
        nb_csv_text(&w, r->outcome);
        nb_csv_text(&w, r->kind);
        nb_csv_text(&w, r->parent);
        nb_csv_text(&w, r->files_rule);
        nb_csv_text(&w, r->listed_date);
        nb_csv_end_row(&w);
    }
    if (w.failed) {
        nb_buf_printf(err, "%s: cannot write: %s", path, strerror(errno));
        nb_atomic_abort(&a);
        return -1;
    }
    return nb_atomic_commit(&a, err);
}
