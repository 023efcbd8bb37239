/* store: per-township results and silent revisions (see store.h). */
#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "anomalies.h"
#include "atomicfile.h"
#include "csvfile.h"
#include "tidy.h"

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

static int write_report(const char *path, const nb_report *r, nb_buf *err)
{
    nb_atomic a;
    if (nb_atomic_open(&a, path, err) != 0) return -1;
    nb_csv w;
    nb_csv_start(&w, a.f, NB_CSV_BOM);
    nb_tidy_write_header(&w);
    nb_tidy_write_report(&w, r);
    return nb_atomic_commit(&a, err);
}

int nb_store_put(const char *outdir, const char *slug, const nb_report *r, nb_findings *revisions, nb_buf *err)
{
    nb_buf path = NB_BUF_INIT;
    nb_store_path(outdir, slug, r->year, &path);
    nb_report old;
    int had = nb_store_get(outdir, slug, r->year, &old, err);
    int rc = 0;
    if (had < 0) {
        /* An unreadable old result (edited by hand, say) is replaced, not compared. */
        nb_buf_clear(err);
        had = 0;
    }
    if (had && old.content_sha256[0] && r->content_sha256[0] && strcmp(old.content_sha256, r->content_sha256)) {
        size_t before = revisions->n;
        nb_checks_revision(&old, r, revisions);
        if (revisions->n > before) {
            nb_buf keep = NB_BUF_INIT;
            nb_buf_printf(&keep, "%s/raw/%s/%d/%s-%d-%.16s.csv", outdir, slug, r->year, slug, r->year, old.content_sha256);
            nb_buf data = NB_BUF_INIT;
            rc = nb_buf_read_file(&data, path.data) == 0 ? nb_atomic_write(keep.data, data.data, data.len, err) : 0;
            nb_buf_free(&data);
            nb_buf_free(&keep);
        }
    }
    if (had) nb_report_free(&old);
    if (rc == 0) rc = write_report(path.data, r, err);
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
