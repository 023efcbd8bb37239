/* store: per-township results and silent revisions (see store.h). */
#include "out/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/anomalies.h"
#include "base/atomicfile.h"
#include "base/csvfile.h"
#include "out/tidy.h"

void nb_store_path(const char *outdir, const char *slug, int year, nb_buf *path)
{
    nb_buf_printf(path, "%s/townships/%d/%s.csv", outdir, year, slug);
}

int nb_store_get(const char *outdir, const char *slug, int year, nb_report *out, nb_buf *err)
{
    nb_buf path = NB_BUF_INIT, data = NB_BUF_INIT;
    nb_store_path(outdir, slug, year, &path);
    int rc = 1;
    if (nb_buf_read_file(&data, path.data) != 0) {
        rc = errno == ENOENT ? 0 : -1;
        if (rc) nb_buf_printf(err, "%s: cannot read: %s", path.data, strerror(errno));
    } else {
        nb_buf why = NB_BUF_INIT;
        if (nb_tidy_read(data.data, data.len, out, &why) != 0) {
            nb_buf_printf(err, "%s: %s", path.data, why.data);
            rc = -1;
        }
        nb_buf_free(&why);
    }
    nb_buf_free(&path);
    nb_buf_free(&data);
    return rc;
}

/* The stored CSV of r, in memory: compared with what is stored before anything is
 * written or parsed (a nightly run re-extracts every page and most change nothing). */
static void render_report(const nb_report *r, char **data, size_t *len)
{
    FILE *f = nb_xmemstream(data, len);
    nb_csv w;
    nb_csv_start(&w, f, NB_CSV_BOM);
    nb_tidy_write_header(&w);
    nb_tidy_write_report(&w, r);
    nb_xmemstream_close(f);
}

int nb_store_put(const char *outdir, const char *slug, const nb_report *r, nb_findings *revisions, nb_buf *err)
{
    nb_buf path = NB_BUF_INIT, stored = NB_BUF_INIT;
    nb_store_path(outdir, slug, r->year, &path);
    char *csv;
    size_t len;
    render_report(r, &csv, &len);
    int rc = 0;
    /* An unreadable old result (edited by hand, say) is replaced, not compared. */
    int had = nb_buf_read_file(&stored, path.data) == 0;
    if (had && stored.len == len && !memcmp(stored.data, csv, len)) goto out;
    nb_report old;
    nb_buf why = NB_BUF_INIT;
    if (had && nb_tidy_read(stored.data, stored.len, &old, &why) == 0) {
        if (old.content_sha256[0] && r->content_sha256[0] && strcmp(old.content_sha256, r->content_sha256)) {
            size_t before = revisions->n;
            nb_checks_revision(&old, r, revisions);
            if (revisions->n > before) {
                nb_buf keep = NB_BUF_INIT;
                nb_buf_printf(&keep, "%s/raw/%s/%d/%s-%d-%.16s.csv", outdir, slug, r->year, slug, r->year,
                              old.content_sha256);
                rc = nb_atomic_write(keep.data, stored.data, stored.len, err);
                nb_buf_free(&keep);
            }
        }
        nb_report_free(&old);
    }
    nb_buf_free(&why);
    if (rc == 0) rc = nb_atomic_write(path.data, csv, len, err);
out:
    free(csv);
    nb_buf_free(&stored);
    nb_buf_free(&path);
    return rc;
}

int nb_store_read_revisions(const char *outdir, nb_findings *findings, nb_buf *err)
{
    nb_buf path = NB_BUF_INIT;
    nb_buf_printf(&path, "%s/revisions.csv", outdir);
    int rc = nb_anomalies_read(path.data, findings, err);
    nb_buf_free(&path);
    return rc;
}

int nb_store_add_revisions(const char *outdir, const nb_findings *revisions, nb_buf *err)
{
    if (!revisions->n) return 0;
    nb_findings all = {0};
    int rc = nb_store_read_revisions(outdir, &all, err);
    if (rc == 0) {
        for (size_t i = 0; i < revisions->n; i++) *nb_findings_add(&all, revisions->items[i].rule->id, NULL) = revisions->items[i];
        nb_buf path = NB_BUF_INIT;
        nb_buf_printf(&path, "%s/revisions.csv", outdir);
        rc = nb_anomalies_write(path.data, &all, err);
        nb_buf_free(&path);
    }
    nb_findings_free(&all);
    return rc;
}
