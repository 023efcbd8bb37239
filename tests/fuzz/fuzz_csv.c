/* fuzz_csv: arbitrary field bytes -> nb_csv_text / nb_csv_number -> a file that
 * nb_csv_parse (libcsv) reads back to the same fields.
 *
 * Input: the first byte gives the fields per row (2..9) and the second which fields
 * are written as numbers (bit i: field i of a row); the rest are the fields, NUL-
 * separated (fields are C strings everywhere in nianbao). Promises checked: the same
 * records come back, text fields after nb_csv_unguard, number fields as written; no
 * text field reads back starting a spreadsheet formula; the BOM is skipped. */
#include <string.h>

#include "base/csvfile.h"
#include "fuzz.h"

typedef struct {
    char **fields;
    size_t nfields, per_row;
    unsigned numbers;
    size_t next;
    long rows;
} expect;

static int on_row(void *ctx, char **fields, int n, long line)
{
    expect *e = ctx;
    (void)line;
    FUZZ_ASSERT((size_t)n == e->per_row);
    for (int i = 0; i < n; i++) {
        FUZZ_ASSERT(e->next < e->nfields);
        const char *want = e->fields[e->next++];
        int number = (e->numbers >> i) & 1;
        const char *got = number ? fields[i] : nb_csv_unguard(fields[i]);
        if (strcmp(got, want)) {
            fprintf(stderr, "row %ld field %d: wrote \"%s\", read back \"%s\"\n", e->rows, i, want, got);
            FUZZ_ASSERT(!"the field reads back as written");
        }
        if (!number) FUZZ_ASSERT(!fuzz_formula_start(fields[i]));
    }
    e->rows++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    expect e = {.per_row = 2 + data[0] % 8, .numbers = data[1]};
    /* split into fields */
    const char *p = (const char *)data + 2, *end = (const char *)data + size;
    size_t cap = 0;
    while (p <= end) {
        const char *nul = memchr(p, 0, (size_t)(end - p));
        size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
        if (e.nfields == cap) e.fields = realloc(e.fields, (cap = cap ? cap * 2 : 16) * sizeof *e.fields);
        e.fields[e.nfields] = malloc(n + 1);
        memcpy(e.fields[e.nfields], p, n);
        e.fields[e.nfields++][n] = '\0';
        p += n + 1;
    }
    /* whole rows only: pad the last one with empty fields */
    while (e.nfields % e.per_row) {
        if (e.nfields == cap) e.fields = realloc(e.fields, (cap *= 2) * sizeof *e.fields);
        e.fields[e.nfields++] = strdup("");
    }

    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    nb_csv w;
    nb_csv_start(&w, f, NB_CSV_BOM);
    for (size_t i = 0; i < e.nfields; i++) {
        if ((e.numbers >> (i % e.per_row)) & 1) nb_csv_number(&w, e.fields[i]);
        else nb_csv_text(&w, e.fields[i]);
        if (i % e.per_row == e.per_row - 1) nb_csv_end_row(&w);
    }
    FUZZ_ASSERT(!w.failed);
    fclose(f);

    nb_buf err = NB_BUF_INIT;
    int rc = nb_csv_parse(text, len, on_row, &e, &err);
    if (rc != 0) fprintf(stderr, "nb_csv_parse: %s\n", nb_buf_str(&err));
    FUZZ_ASSERT(rc == 0);
    FUZZ_ASSERT(e.next == e.nfields);

    for (size_t i = 0; i < e.nfields; i++) free(e.fields[i]);
    free(e.fields);
    free(text);
    nb_buf_free(&err);
    return 0;
}
