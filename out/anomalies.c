/* anomalies: findings <-> CSV (see anomalies.h). */
#include "out/anomalies.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomicfile.h"
#include "base/csvfile.h"

static const char *const header[] = {"severity", "rule", "county", "township", "year", "table", "row_key",
                                     "col_key", "expected", "actual", "message", "source_url", "acknowledged"};
enum { NFIELDS = sizeof header / sizeof *header, NFIELDS_BEFORE_ACK = NFIELDS - 1 };

int nb_anomalies_write(const char *path, nb_findings *findings, nb_buf *err)
{
    nb_atomic a;
    if (nb_atomic_open(&a, path, err) != 0) return -1;
    nb_csv w;
    nb_csv_start(&w, a.f, NB_CSV_BOM);
    nb_csv_row(&w, header, NFIELDS);
    nb_findings_sort(findings);
    for (size_t i = 0; i < findings->n; i++) {
        const nb_finding *f = &findings->items[i];
        nb_csv_text(&w, nb_severity_name(f->rule->severity));
        nb_csv_text(&w, f->rule->id);
        nb_csv_text(&w, f->county);
        nb_csv_text(&w, f->township);
        if (f->year) nb_csv_int(&w, f->year);
        else nb_csv_number(&w, "");
        nb_csv_text(&w, f->has_table ? nb_table_name(f->table) : "");
        nb_csv_text(&w, f->row_key);
        nb_csv_text(&w, f->col_key);
        nb_csv_text(&w, f->expected);
        nb_csv_text(&w, f->actual);
        nb_csv_text(&w, f->message);
        nb_csv_text(&w, f->source_url);
        nb_csv_text(&w, f->ack ? "yes" : "");
        nb_csv_end_row(&w);
    }
    return nb_atomic_commit(&a, err);
}

typedef struct {
    nb_findings *out;
    nb_buf *err;
    const char *path;
} reader;

static int read_row(void *ctx, char **f, int n, long line)
{
    reader *rd = ctx;
    if (line == 1) return 0;
    if (n == 1 && !f[0][0]) return 0;
    if (n != NFIELDS && n != NFIELDS_BEFORE_ACK) { /* files of earlier versions lack the last column */
        nb_buf_printf(rd->err, "%s:%ld: %d fields, expected %d", rd->path, line, n, (int)NFIELDS);
        return -1;
    }
    const nb_rule *rule = NULL;
    for (const nb_rule *r = nb_rules; r->id && !rule; r++)
        if (!strcmp(r->id, f[1])) rule = r;
    if (!rule) {
        nb_buf_printf(rd->err, "%s:%ld: unknown rule \"%s\"", rd->path, line, f[1]);
        return -1;
    }
    nb_finding *x = nb_findings_add(rd->out, rule->id, NULL);
    snprintf(x->county, sizeof x->county, "%s", nb_csv_unguard(f[2]));
    snprintf(x->township, sizeof x->township, "%s", nb_csv_unguard(f[3]));
    x->year = atoi(f[4]);
    for (int t = 0; t < NB_TABLE_COUNT; t++)
        if (!strcmp(f[5], nb_table_name((nb_table_id)t))) x->has_table = 1, x->table = (nb_table_id)t;
    snprintf(x->row_key, sizeof x->row_key, "%s", f[6]);
    snprintf(x->col_key, sizeof x->col_key, "%s", f[7]);
    snprintf(x->expected, sizeof x->expected, "%s", nb_csv_unguard(f[8]));
    snprintf(x->actual, sizeof x->actual, "%s", nb_csv_unguard(f[9]));
    snprintf(x->message, sizeof x->message, "%s", nb_csv_unguard(f[10]));
    snprintf(x->source_url, sizeof x->source_url, "%s", nb_csv_unguard(f[11]));
    x->ack = n == NFIELDS && f[12][0]; /* the row that muted it is not known here: only that one did */
    return 0;
}

int nb_anomalies_read(const char *path, nb_findings *findings, nb_buf *err)
{
    nb_buf data = NB_BUF_INIT;
    if (nb_buf_read_file(&data, path) != 0) {
        nb_buf_free(&data);
        if (errno == ENOENT) return 0;
        nb_buf_printf(err, "%s: cannot read: %s", path, strerror(errno));
        return -1;
    }
    reader rd = {findings, err, path};
    nb_buf perr = NB_BUF_INIT;
    int rc = nb_csv_parse(data.data, data.len, read_row, &rd, &perr);
    if (rc == -1 && perr.len) nb_buf_printf(err, "%s: %s", path, perr.data);
    nb_buf_free(&perr);
    nb_buf_free(&data);
    return rc ? -1 : 0;
}
