/* changes: the previous run's outputs against this run's results (see changes.h). */
#include "out/changes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomicfile.h"
#include "base/csvfile.h"
#include "out/anomalies.h"

/* ---- the previous overview ---- */

static int compare_statuses(const void *pa, const void *pb);

typedef struct {
    nb_previous *p;
    nb_buf *err;
    const char *path;
    int township, year, status, on_time;
} overview_reader;

static int column(char **f, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(f[i], name)) return i;
    return -1;
}

static int read_overview_row(void *ctx, char **f, int n, long line)
{
    overview_reader *rd = ctx;
    if (line == 1) {
        rd->township = column(f, n, "township");
        rd->year = column(f, n, "year");
        rd->status = column(f, n, "status");
        rd->on_time = column(f, n, "on_time");
        if (rd->township < 0 || rd->year < 0) {
            nb_buf_printf(rd->err, "%s:1: no township and year columns", rd->path);
            return -1;
        }
        return 0;
    }
    if (n == 1 && !f[0][0]) return 0;
    if (n <= rd->township || n <= rd->year || (rd->status >= 0 && n <= rd->status)) {
        nb_buf_printf(rd->err, "%s:%ld: %d fields, fewer than the header's", rd->path, line, n);
        return -1;
    }
    nb_previous *p = rd->p;
    if (p->nstatuses == p->capstatuses) {
        p->capstatuses = p->capstatuses ? 2 * p->capstatuses : 64;
        p->statuses = nb_xrealloc(p->statuses, sizeof *p->statuses * p->capstatuses);
    }
    nb_previous_status *s = &p->statuses[p->nstatuses++];
    snprintf(s->township, sizeof s->township, "%s", nb_csv_unguard(f[rd->township]));
    s->year = atoi(f[rd->year]);
    /* An overview of an earlier version lists reports only, and says on_time. */
    const char *status = rd->status >= 0 ? f[rd->status]
                         : rd->on_time >= 0 && rd->on_time < n && !strcmp(f[rd->on_time], "no") ? "late"
                                                                                              : "ok";
    snprintf(s->status, sizeof s->status, "%s", status);
    return 0;
}

int nb_previous_read(const char *outdir, nb_previous *p, nb_buf *err)
{
    memset(p, 0, sizeof *p);
    nb_buf path = NB_BUF_INIT, data = NB_BUF_INIT;
    int rc = 0;
    nb_buf_printf(&path, "%s/overview.csv", outdir);
    if (nb_buf_read_file(&data, path.data) == 0) {
        p->had_overview = 1;
        overview_reader rd = {p, err, path.data, -1, -1, -1, -1};
        nb_buf why = NB_BUF_INIT;
        if (nb_csv_parse(data.data, data.len, read_overview_row, &rd, &why) != 0) {
            if (!err->len) nb_buf_printf(err, "%s: %s", path.data, why.data);
            rc = -1;
        }
        nb_buf_free(&why);
    } else if (errno != ENOENT) {
        nb_buf_printf(err, "%s: cannot read: %s", path.data, strerror(errno));
        rc = -1;
    }
    if (p->nstatuses) qsort(p->statuses, p->nstatuses, sizeof *p->statuses, compare_statuses);
    nb_buf_clear(&path);
    nb_buf_printf(&path, "%s/anomalies.csv", outdir);
    if (rc == 0 && nb_anomalies_read(path.data, &p->findings, err) != 0) rc = -1;
    nb_buf_free(&path);
    nb_buf_free(&data);
    return rc;
}

void nb_previous_free(nb_previous *p)
{
    free(p->statuses);
    nb_findings_free(&p->findings);
    memset(p, 0, sizeof *p);
}

/* ---- finding the changes ---- */

static int compare_finding_keys(const nb_finding *a, const nb_finding *b)
{
    int c = strcmp(a->rule->id, b->rule->id);
    if (c) return c;
    if ((c = strcmp(a->township, b->township))) return c;
    if (a->year != b->year) return (a->year > b->year) - (a->year < b->year);
    if (a->has_table != b->has_table) return a->has_table - b->has_table;
    if (a->has_table && a->table != b->table) return (int)a->table - (int)b->table;
    if ((c = strcmp(a->row_key, b->row_key))) return c;
    return strcmp(a->col_key, b->col_key);
}

static int compare_finding_ptrs(const void *pa, const void *pb)
{
    return compare_finding_keys(*(const nb_finding *const *)pa, *(const nb_finding *const *)pb);
}

/* The findings other than revisions, sorted by key, for a merge walk. */
static const nb_finding **sorted_findings(const nb_findings *f, size_t *n)
{
    const nb_finding **out = nb_xmalloc(sizeof *out * (f->n ? f->n : 1));
    *n = 0;
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->items[i].rule->id, "R1")) out[(*n)++] = &f->items[i];
    qsort(out, *n, sizeof *out, compare_finding_ptrs);
    return out;
}

static nb_change *add(nb_changes *c, nb_change_kind kind)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 16;
        c->items = nb_xrealloc(c->items, sizeof *c->items * c->cap);
    }
    nb_change *x = &c->items[c->n++];
    memset(x, 0, sizeof *x);
    x->kind = kind;
    return x;
}

static int compare_statuses(const void *pa, const void *pb)
{
    const nb_previous_status *a = pa, *b = pb;
    int c = strcmp(a->township, b->township);
    return c ? c : (a->year > b->year) - (a->year < b->year);
}

/* p->statuses sorted by township and year (nb_previous_read sorts them). */
static const char *previous_status(const nb_previous *p, const char *township, int year)
{
    nb_previous_status key;
    snprintf(key.township, sizeof key.township, "%s", township);
    key.year = year;
    const nb_previous_status *s =
        p->nstatuses ? bsearch(&key, p->statuses, p->nstatuses, sizeof key, compare_statuses) : NULL;
    return s ? s->status : NULL;
}

static int has_report(const char *status)
{
    return status && strcmp(status, "missing") && strcmp(status, "unreadable") && strcmp(status, "unknown");
}

/* missing <-> unknown is no news: a night the listing cannot be read whole turns every
 * missing township-year unknown, and the next night back. */
static int unseen(const char *status)
{
    return status && (!strcmp(status, "missing") || !strcmp(status, "unknown"));
}

static nb_status status_by_name(const char *name)
{
    for (int s = 0; s < NB_STATUS_COUNT; s++)
        if (!strcmp(nb_status_name((nb_status)s), name)) return (nb_status)s;
    return NB_STATUS_COUNT;
}

static void report_changes(const nb_previous *prev, const nb_overview_row *rows, int nrows, nb_changes *out)
{
    for (int i = 0; i < nrows; i++) {
        const nb_overview_row *r = &rows[i];
        const char *now = nb_status_name(r->status), *before = previous_status(prev, r->township, r->year);
        nb_change_kind kind;
        if (has_report(now) && !has_report(before)) kind = NB_CHANGE_NEW_REPORT;
        else if (before && strcmp(before, now) && !(unseen(before) && unseen(now))) kind = NB_CHANGE_STATUS;
        else if (!before && r->status == NB_STATUS_UNREADABLE) kind = NB_CHANGE_STATUS;
        else continue; /* unchanged, or newly listed as missing (M1 tells that) */
        nb_change *c = add(out, kind);
        snprintf(c->f.township, sizeof c->f.township, "%s", r->township);
        c->f.year = r->year;
        snprintf(c->f.source_url, sizeof c->f.source_url, "%s", r->source_url);
        snprintf(c->old_value, sizeof c->old_value, "%s", before ? before : "");
        snprintf(c->new_value, sizeof c->new_value, "%s", now);
        nb_status was = before ? status_by_name(before) : NB_STATUS_COUNT;
        if (kind == NB_CHANGE_NEW_REPORT)
            snprintf(c->f.message, sizeof c->f.message, "新读到%s%d年度年报（%s）", r->township, r->year,
                     nb_status_zh(r->status));
        else
            snprintf(c->f.message, sizeof c->f.message, "%s%d年度年报：%s → %s", r->township, r->year,
                     was < NB_STATUS_COUNT ? nb_status_zh(was) : "未列出", nb_status_zh(r->status));
    }
}

/* A missing report the listing could not show tonight is unseen, not resolved. */
static int unseen_tonight(const nb_finding *f, const nb_overview_row *rows, int nrows)
{
    if (strcmp(f->rule->id, "M1")) return 0;
    for (int i = 0; i < nrows; i++)
        if (rows[i].year == f->year && !strcmp(rows[i].township, f->township)) return rows[i].status == NB_STATUS_UNKNOWN;
    return 0;
}

static const char *previous_status(const nb_previous *p, const char *township, int year);

static void finding_changes(const nb_previous *prev, const nb_findings *now, const nb_overview_row *rows,
                            int nrows, nb_changes *out)
{
    const nb_findings *before = &prev->findings;
    size_t na, nb;
    const nb_finding **a = sorted_findings(before, &na), **b = sorted_findings(now, &nb);
    size_t i = 0, k = 0;
    while (i < na || k < nb) {
        int c = i == na ? 1 : k == nb ? -1 : compare_finding_keys(a[i], b[k]);
        if (c == 0) {
            i++, k++;
        } else if (c < 0) {
            if (!unseen_tonight(a[i], rows, nrows)) add(out, NB_CHANGE_RESOLVED)->f = *a[i];
            i++;
        } else {
            /* and a missing report that was unseen last night is no newer than before it */
            const char *was = previous_status(prev, b[k]->township, b[k]->year);
            if (strcmp(b[k]->rule->id, "M1") || !was || strcmp(was, "unknown")) add(out, NB_CHANGE_APPEARED)->f = *b[k];
            k++;
        }
    }
    free(a);
    free(b);
}

static int compare_changes(const void *pa, const void *pb)
{
    const nb_change *a = pa, *b = pb;
    if (a->kind != b->kind) return (int)a->kind - (int)b->kind;
    int sa = a->f.rule ? (int)a->f.rule->severity : -1, sb = b->f.rule ? (int)b->f.rule->severity : -1;
    if (sa != sb) return sa - sb;
    int c = strcmp(a->f.township, b->f.township);
    if (c) return c;
    if (a->f.year != b->f.year) return a->f.year - b->f.year;
    if (a->f.rule && b->f.rule) return compare_finding_keys(&a->f, &b->f);
    return 0;
}

void nb_changes_find(const nb_previous *prev, const nb_overview_row *rows, int nrows, const nb_findings *findings,
                     const nb_findings *revisions, nb_changes *out)
{
    memset(out, 0, sizeof *out);
    report_changes(prev, rows, nrows, out);
    for (size_t i = 0; revisions && i < revisions->n; i++) {
        nb_change *c = add(out, NB_CHANGE_REVISED);
        c->f = revisions->items[i];
        snprintf(c->old_value, sizeof c->old_value, "%s", c->f.expected);
        snprintf(c->new_value, sizeof c->new_value, "%s", c->f.actual);
    }
    finding_changes(prev, findings, rows, nrows, out);
    if (out->n) qsort(out->items, out->n, sizeof *out->items, compare_changes);
}

void nb_changes_free(nb_changes *c)
{
    free(c->items);
    memset(c, 0, sizeof *c);
}

const char *nb_change_kind_name(nb_change_kind k)
{
    static const char *const names[] = {"new_report", "status", "revised", "appeared", "resolved"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "";
}

void nb_changes_count(const nb_changes *c, nb_change_counts *out)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < c->n; i++) {
        const nb_change *x = &c->items[i];
        switch (x->kind) {
        case NB_CHANGE_NEW_REPORT: out->new_reports++; break;
        case NB_CHANGE_STATUS: break;
        case NB_CHANGE_REVISED: {
            /* one per township-year: the revisions are sorted by township and year */
            const nb_change *p = i ? &c->items[i - 1] : NULL;
            if (!p || p->kind != NB_CHANGE_REVISED || p->f.year != x->f.year || strcmp(p->f.township, x->f.township))
                out->revised++;
            break;
        }
        case NB_CHANGE_APPEARED:
            if (x->f.ack) break;
            if (x->f.rule->severity == NB_SEV_ERROR) out->new_errors++;
            else if (x->f.rule->severity == NB_SEV_WARNING) out->new_warnings++;
            break;
        case NB_CHANGE_RESOLVED: out->resolved++; break;
        }
    }
}

static void count(nb_buf *out, int n, const char *one, const char *many)
{
    nb_buf_printf(out, "%s%d %s", out->len ? ", " : "", n, n == 1 ? one : many);
}

void nb_changes_summary_line(const nb_change_counts *k, nb_buf *out)
{
    count(out, k->new_reports, "new report", "new reports");
    count(out, k->revised, "revised", "revised");
    count(out, k->new_errors, "new error", "new errors");
    count(out, k->new_warnings, "new warning", "new warnings");
    count(out, k->resolved, "resolved", "resolved");
}

int nb_changes_write(const char *path, const nb_changes *c, nb_buf *err)
{
    nb_atomic a;
    if (nb_atomic_open(&a, path, err) != 0) return -1;
    nb_csv w;
    nb_csv_start(&w, a.f, NB_CSV_BOM);
    static const char *const header[] = {"change", "township", "year", "rule", "severity", "table", "row_key",
                                         "col_key", "old", "new", "message", "source_url", "acknowledged"};
    nb_csv_row(&w, header, (int)(sizeof header / sizeof *header));
    for (size_t i = 0; i < c->n; i++) {
        const nb_change *x = &c->items[i];
        const nb_finding *f = &x->f;
        nb_csv_text(&w, nb_change_kind_name(x->kind));
        nb_csv_text(&w, f->township);
        nb_csv_int(&w, f->year);
        nb_csv_text(&w, f->rule ? f->rule->id : "");
        nb_csv_text(&w, f->rule ? nb_severity_name(f->rule->severity) : "");
        nb_csv_text(&w, f->has_table ? nb_table_name(f->table) : "");
        nb_csv_text(&w, f->row_key);
        nb_csv_text(&w, f->col_key);
        nb_csv_text(&w, x->old_value);
        nb_csv_text(&w, x->new_value);
        nb_csv_text(&w, f->message);
        nb_csv_text(&w, f->source_url);
        nb_csv_text(&w, f->ack ? "yes" : "");
        nb_csv_end_row(&w);
    }
    return nb_atomic_commit(&a, err);
}
