/* csvfile: Excel-safe CSV writing and CSV reading via libcsv (see csvfile.h).
 *
 * libcsv's writer always quotes; we quote only the fields that need it, so the files stay
 * readable in a text editor and in diffs, and hand those fields to libcsv. */
#include "base/csvfile.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

void nb_csv_start(nb_csv *w, FILE *f, unsigned options)
{
    w->f = f;
    w->fields_in_row = 0;
    w->failed = 0;
    if ((options & NB_CSV_BOM) && fputs("\xEF\xBB\xBF", f) == EOF) w->failed = 1;
}

static void separator(nb_csv *w)
{
    if (w->fields_in_row++ && fputc(',', w->f) == EOF) w->failed = 1;
}

/* Quoted: a field holding a separator, quote or line end, and one that starts or ends
 * with a space or tab, which CSV readers (libcsv among them) trim from unquoted fields. */
static int needs_quotes(const char *s, size_t n)
{
    if (n && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')) return 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n') return 1;
    return 0;
}

static void put_field(nb_csv *w, const char *s, size_t n)
{
    separator(w);
    if (needs_quotes(s, n)) {
        if (csv_fwrite(w->f, s, n) != 0) w->failed = 1;
    } else if (n && fwrite(s, 1, n, w->f) != n) {
        w->failed = 1;
    }
}

/* "-18", "+3", "-0.5": a spreadsheet reads these as numbers, which is what they are. */
static int is_plain_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) i++;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) digits++;
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) digits++;
    return digits > 0 && i == n;
}

/* True if the field gets an apostrophe: it starts like a formula (a lone "-", a
 * placeholder, or "=" is no formula: only text after the sign is; a plain number stays a
 * number), or it starts with an apostrophe that nb_csv_unguard would otherwise take for
 * the guard ("'=x" is written "''=x", so that it reads back as "'=x"). */
static int needs_guard(const char *s, size_t n)
{
    while (n > 1 && s[0] == '\'') s++, n--;
    return n > 1 && strchr("=+-@\t\r", s[0]) && !is_plain_number(s, n);
}

void nb_csv_textn(nb_csv *w, const char *s, size_t n)
{
    if (needs_guard(s, n)) {
        nb_buf guarded = NB_BUF_INIT;
        nb_buf_addc(&guarded, '\'');
        nb_buf_add(&guarded, s, n);
        put_field(w, guarded.data, guarded.len);
        nb_buf_free(&guarded);
        return;
    }
    put_field(w, s, n);
}

const char *nb_csv_unguard(const char *field)
{
    return field[0] == '\'' && needs_guard(field + 1, strlen(field + 1)) ? field + 1 : field;
}

void nb_csv_text(nb_csv *w, const char *s)
{
    nb_csv_textn(w, s ? s : "", s ? strlen(s) : 0);
}

void nb_csv_number(nb_csv *w, const char *s)
{
    put_field(w, s ? s : "", s ? strlen(s) : 0);
}

void nb_csv_int(nb_csv *w, long long v)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%lld", v);
    nb_csv_number(w, tmp);
}

void nb_csv_end_row(nb_csv *w)
{
    if (fputs("\r\n", w->f) == EOF) w->failed = 1;
    w->fields_in_row = 0;
}

void nb_csv_row(nb_csv *w, const char *const *fields, int n)
{
    for (int i = 0; i < n; i++) nb_csv_text(w, fields[i]);
    nb_csv_end_row(w);
}

typedef struct {
    nb_csv_row_fn row_fn;
    void *ctx;
    char **fields;
    int nfields, capfields;
    long line, record_line;
    int stop;
} reader;

static void on_field(void *s, size_t n, void *data)
{
    reader *r = data;
    if (r->stop) return;
    if (r->nfields == r->capfields) {
        r->capfields = r->capfields ? r->capfields * 2 : 16;
        r->fields = nb_xrealloc(r->fields, sizeof(char *) * (size_t)r->capfields);
    }
    r->fields[r->nfields++] = nb_xstrndup(s ? s : "", s ? n : 0);
}

static void clear_fields(reader *r)
{
    for (int i = 0; i < r->nfields; i++) free(r->fields[i]);
    r->nfields = 0;
}

static void on_record(int c, void *data)
{
    (void)c;
    reader *r = data;
    if (!r->stop) r->stop = r->row_fn(r->ctx, r->fields, r->nfields, r->record_line);
    clear_fields(r);
}

int nb_csv_parse(const char *data, size_t len, nb_csv_row_fn row_fn, void *ctx, nb_buf *err)
{
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) data += 3, len -= 3;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        nb_buf_adds(err, "cannot initialise the CSV parser");
        return -1;
    }
    reader r = {.row_fn = row_fn, .ctx = ctx, .line = 1, .record_line = 1};
    int rc = 0;
    /* Feed line by line so that a record's starting line is known for messages. */
    size_t pos = 0;
    while (pos < len && !r.stop) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t chunk = nl ? (size_t)(nl - (data + pos)) + 1 : len - pos;
        if (csv_parse(&p, data + pos, chunk, on_field, on_record, &r) != chunk) {
            nb_buf_printf(err, "line %ld: %s", r.line, csv_strerror(csv_error(&p)));
            rc = -1;
            break;
        }
        pos += chunk;
        r.line++;
        /* The next record starts on the next line unless this one goes on: a quoted
         * field with a line break, even as its first field (libcsv's pstate 0 is
         * "row not begun"). */
        if (r.nfields == 0 && p.pstate == 0) r.record_line = r.line;
    }
    if (rc == 0 && !r.stop && csv_fini(&p, on_field, on_record, &r) != 0) {
        nb_buf_printf(err, "line %ld: unterminated quoted field", r.record_line);
        rc = -1;
    }
    if (rc == 0 && r.stop) rc = r.stop;
    clear_fields(&r);
    free(r.fields);
    csv_free(&p);
    return rc;
}
