/* ack: acknowledged.csv, read and matched against the findings (see ack.h). */
#include "pipeline/check/ack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/csvfile.h"
#include "pipeline/read/decode.h"

enum { COL_RULE, COL_TOWNSHIP, COL_YEAR, COL_CELL, COL_NOTE, COL_WHO, COL_DATE, NCOLS };
static const char *const column_names[NCOLS] = {"rule", "township", "year", "cell", "note", "who", "date"};
enum { MAX_FILE = 16 << 20 };

typedef struct {
    const nb_check_scope *scope;
    nb_acks *acks;
    nb_buf *why; /* "line: reason" of the first problem */
    int col[NCOLS]; /* field index of each column, -1 if absent */
} reader;

static const char *field(const reader *rd, char **f, int n, int c)
{
    int at = rd->col[c];
    return at >= 0 && at < n ? nb_csv_unguard(f[at]) : "";
}

static char *trimmed(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    char *out = nb_xmalloc(n + 1);
    memcpy(out, s, n);
    out[n] = '\0';
    return out;
}

/* Whether some template has the cell "table[/row[/column]]"; "" is the whole report. */
static int known_cell(const char *cell)
{
    if (!*cell) return 1;
    char buf[256];
    snprintf(buf, sizeof buf, "%s", cell);
    char *row = strchr(buf, '/'), *col = NULL;
    if (row) *row++ = '\0', col = strchr(row, '/');
    if (col) *col++ = '\0';
    int table = -1;
    for (int t = 0; t < NB_TABLE_COUNT; t++)
        if (!strcmp(buf, nb_table_name((nb_table_id)t))) table = t;
    if (table < 0) return 0;
    if (!row) return 1;
    for (int k = 0; nb_templates[k]; k++) {
        const nb_row *r = nb_template_row(nb_templates[k], (nb_table_id)table, row);
        if (!r) continue;
        if (!col) return 1;
        for (int c = 0; r->columns[c]; c++)
            if (!strcmp(r->columns[c]->key, col)) return 1;
    }
    return 0;
}

static int registered(const nb_check_scope *scope, const char *name)
{
    for (int t = 0; t < scope->ntownships; t++)
        if (!strcmp(scope->townships[t], name)) return 1;
    return 0;
}

static void free_ack(nb_ack *a)
{
    free(a->township);
    free(a->cell);
    free(a->note);
    free(a->who);
    free(a->date);
}

static int read_header(reader *rd, char **f, int n, long line)
{
    for (int c = 0; c < NCOLS; c++) rd->col[c] = -1;
    for (int i = 0; i < n; i++) {
        char *name = trimmed(f[i]);
        for (int c = 0; c < NCOLS; c++)
            if (!strcmp(name, column_names[c]) && rd->col[c] < 0) rd->col[c] = i;
        free(name);
    }
    for (int c = COL_RULE; c <= COL_CELL; c++)
        if (rd->col[c] < 0) {
            nb_buf_printf(rd->why, "%ld: no column \"%s\" in the header (rule,township,year,cell,note,who,date)", line,
                          column_names[c]);
            return -1;
        }
    return 0;
}

static int read_row(void *ctx, char **f, int n, long line)
{
    reader *rd = ctx;
    if (line == 1) return read_header(rd, f, n, line);
    int empty = 1;
    for (int i = 0; i < n && empty; i++) empty = !f[i][0];
    if (empty) return 0;
    nb_ack a = {0};
    a.line = line;
    char *rule = trimmed(field(rd, f, n, COL_RULE)), *year = trimmed(field(rd, f, n, COL_YEAR));
    a.rule = nb_rule_find(rule);
    a.township = trimmed(field(rd, f, n, COL_TOWNSHIP));
    a.cell = trimmed(field(rd, f, n, COL_CELL));
    a.note = nb_xstrdup(field(rd, f, n, COL_NOTE));
    a.who = nb_xstrdup(field(rd, f, n, COL_WHO));
    a.date = nb_xstrdup(field(rd, f, n, COL_DATE));
    char *end;
    long y = strtol(year, &end, 10);
    int rc = -1;
    if (!a.rule)
        nb_buf_printf(rd->why, "%ld: unknown rule \"%s\" (I1, I2, ... X4: see anomalies.csv)", line, rule);
    else if (!registered(rd->scope, a.township))
        nb_buf_printf(rd->why, "%ld: \"%s\" is not a township of the registry (write its registered name)", line,
                      a.township);
    else if (!year[0] || *end || y < 1900 || y > 9999)
        nb_buf_printf(rd->why, "%ld: year \"%s\" is not a year", line, year);
    else if (!known_cell(a.cell))
        nb_buf_printf(rd->why, "%ld: no template has the cell \"%s\" (write it as anomalies.csv names it: "
                               "table/row_key/col_key, e.g. t3/new_received/total, or leave it empty)",
                      line, a.cell);
    else
        rc = 0;
    free(rule);
    free(year);
    if (rc) {
        free_ack(&a);
        return -1;
    }
    a.year = (int)y;
    nb_acks *acks = rd->acks;
    if (acks->n == acks->cap) {
        acks->cap = acks->cap ? 2 * acks->cap : 16;
        acks->items = nb_xrealloc(acks->items, acks->cap * sizeof *acks->items);
    }
    acks->items[acks->n++] = a;
    return 0;
}

int nb_acks_read(const char *path, const nb_check_scope *scope, nb_acks *acks, nb_buf *err)
{
    memset(acks, 0, sizeof *acks);
    nb_buf bytes = NB_BUF_INIT, text = NB_BUF_INIT, why = NB_BUF_INIT;
    int rc = 0;
    if (nb_buf_read_file_max(&bytes, path, MAX_FILE) != 0) {
        if (errno != ENOENT) nb_buf_printf(err, "%s: cannot read: %s", path, strerror(errno)), rc = -1;
        goto out;
    }
    /* Spreadsheets on Chinese Windows save CSV as GBK: the bytes decide, as for pages. */
    if (nb_decode_to_utf8(bytes.data, bytes.len, NULL, &text, NULL, &why) != 0) {
        nb_buf_printf(err, "%s: %s", path, why.data);
        rc = -1;
        goto out;
    }
    reader rd = {scope, acks, &why, {0}};
    int parsed = nb_csv_parse(text.data, text.len, read_row, &rd, &why);
    if (parsed != 0) {
        /* our reasons start with the line number ("7: unknown rule"), libcsv's with "line" */
        nb_buf_printf(err, "%s:%s%s", path, strncmp(nb_buf_str(&why), "line", 4) ? "" : " ",
                      why.len ? why.data : " not CSV");
        rc = -1;
    } else if (text.len && rd.col[COL_RULE] < 0) {
        nb_buf_printf(err, "%s: no header row (rule,township,year,cell,note,who,date)", path);
        rc = -1;
    }
out:
    if (rc) nb_acks_free(acks);
    nb_buf_free(&bytes);
    nb_buf_free(&text);
    nb_buf_free(&why);
    return rc;
}

void nb_acks_free(nb_acks *acks)
{
    for (size_t i = 0; i < acks->n; i++) free_ack(&acks->items[i]);
    free(acks->items);
    memset(acks, 0, sizeof *acks);
}

static int matches(const nb_ack *a, const nb_finding *f, const char *cell)
{
    return a->rule == f->rule && a->year == f->year && !strcmp(a->township, f->township) &&
           (!a->cell[0] || !strcmp(a->cell, cell));
}

void nb_acks_apply(nb_acks *acks, nb_findings *findings)
{
    for (size_t k = 0; k < acks->n; k++) acks->items[k].matched = 0;
    for (size_t i = 0; i < findings->n; i++) {
        nb_finding *f = &findings->items[i];
        char cell[200];
        nb_finding_cell(f, cell, sizeof cell);
        f->ack = 0;
        for (size_t k = 0; k < acks->n && !f->ack; k++)
            if (matches(&acks->items[k], f, cell)) f->ack = (int)k + 1, acks->items[k].matched++;
    }
}

const nb_ack *nb_acks_of(const nb_acks *acks, const nb_finding *f)
{
    return acks && f->ack > 0 && (size_t)f->ack <= acks->n ? &acks->items[f->ack - 1] : NULL;
}
