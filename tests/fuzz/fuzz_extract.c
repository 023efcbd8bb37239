/* fuzz_extract: bytes -> nb_extract_page -> the tidy CSV (what `nianbao extract` and the
 * stored per-township files hold) written to a memory stream. Promises checked: the
 * extractor ends with one of its statuses and a reason when it fails; the CSV parses
 * back with libcsv, every record has the 14 columns, no text field starts a formula,
 * the stored form reads back (nb_tidy_read) to the same values; the checks run on it. */
#include <stdio.h>
#include <string.h>

#include "pipeline/check/checks.h"
#include "base/csvfile.h"
#include "pipeline/read/extract.h"
#include "fuzz.h"
#include "out/tidy.h"

typedef struct {
    int rows;
} csv_count;

static int on_row(void *ctx, char **fields, int n, long line)
{
    csv_count *c = ctx;
    (void)line;
    FUZZ_ASSERT(n == 14);
    for (int i = 0; i < n; i++) {
        FUZZ_ASSERT(!fuzz_formula_start(fields[i]));
        FUZZ_ASSERT(fuzz_valid_utf8(fields[i], strlen(fields[i])));
    }
    c->rows++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Pictures go to OCR, a second or more each: they are the picture tests' business
     * (tests/integration/test_ocr.py), not this fuzzer's, which would crawl. Legacy Word
     * files would start LibreOffice: not per input either. */
    if (nb_imagedoc_sniff(data, size)) return 0;
    nb_extract_options opt = {.max_bytes = 1 << 20, .year_hint = size ? 2015 + data[0] % 10 : 0, .no_convert = 1};
    nb_extract_diag diag = {0};
    nb_report r;
    nb_extract_status st = nb_extract_page((const char *)data, size, &opt, &r, &diag);
    FUZZ_ASSERT(st == NB_EXTRACT_OK || st == NB_EXTRACT_UNREADABLE || st == NB_EXTRACT_NO_TABLES);
    if (st != NB_EXTRACT_OK) {
        FUZZ_ASSERT(diag.error.len > 0);
        nb_extract_diag_free(&diag);
        return 0;
    }
    FUZZ_ASSERT(r.tpl != NULL && r.nvalues > 0);
    snprintf(r.source_url, sizeof r.source_url, "http://x/=1");
    snprintf(r.content_sha256, sizeof r.content_sha256, "%064d", 0);

    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    nb_csv w;
    nb_csv_start(&w, f, NB_CSV_BOM);
    nb_tidy_write_header(&w);
    nb_tidy_write_report(&w, &r);
    FUZZ_ASSERT(!w.failed);
    fclose(f);

    csv_count c = {0};
    nb_buf err = NB_BUF_INIT;
    FUZZ_ASSERT(nb_csv_parse(text, len, on_row, &c, &err) == 0);
    FUZZ_ASSERT(c.rows > r.nvalues);

    /* stored per-township CSVs are read back for the roll-up: same values */
    nb_report back;
    nb_buf_clear(&err);
    if (nb_tidy_read(text, len, &back, &err) != 0) {
        fprintf(stderr, "nb_tidy_read: %s\n", err.data);
        FUZZ_ASSERT(!"the tidy CSV reads back");
    }
    FUZZ_ASSERT(back.tpl == r.tpl && back.nvalues == r.nvalues);
    for (int i = 0; i < r.nvalues; i++) {
        FUZZ_ASSERT(back.values[i].found == r.values[i].found);
        FUZZ_ASSERT(back.values[i].num.kind == r.values[i].num.kind);
        FUZZ_ASSERT(!strcmp(back.values[i].num.value, r.values[i].num.value));
        FUZZ_ASSERT(!strcmp(back.values[i].raw, r.values[i].raw));
    }
    FUZZ_ASSERT(!strcmp(back.title, r.title) && !strcmp(back.publish_date, r.publish_date));

    nb_findings findings = {0};
    const char *names[] = {r.township};
    nb_check_scope scope = {.county = "县", .townships = names, .ntownships = 1, .year_from = 2019, .year_to = 2024,
                            .deadline_month = 1, .deadline_day = 31};
    nb_checks_report(&r, &scope, &findings);
    nb_summary summary;
    nb_summary_of(&r, &summary);
    nb_checks_county(&summary, 1, &scope, &findings);
    nb_checks_revision(&r, &back, &findings);
    back.year = r.year + 1;                   /* the same page as next year's: X1–X4, O2 */
    nb_checks_years(&back, &r, &findings);
    nb_report none;                     /* a revision from an empty report to this one: */
    nb_report_init(&none, r.tpl);       /* R1 quotes every cell the page holds */
    nb_checks_revision(&none, &r, &findings);
    nb_report_free(&none);
    for (size_t i = 0; i < findings.n; i++) { /* what anomalies.csv will hold */
        const nb_finding *x = &findings.items[i];
        const char *texts[] = {x->county, x->township, x->row_key, x->col_key, x->expected, x->actual,
                               x->message, x->source_url};
        for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++)
            FUZZ_ASSERT(fuzz_valid_utf8(texts[k], strlen(texts[k])));
    }
    nb_findings_free(&findings);

    nb_report_free(&back);
    nb_report_free(&r);
    free(text);
    nb_buf_free(&err);
    nb_extract_diag_free(&diag);
    return 0;
}
