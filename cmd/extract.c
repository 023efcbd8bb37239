/* extract: saved report pages -> the template tables as tidy CSV on stdout; problems on
 * stderr, one line each, naming the file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/check/checks.h"
#include "cmd.h"
#include "base/csvfile.h"
#include "pipeline/ocr/cellocr.h"
#include "pipeline/read/extract.h"
#include "out/tidy.h"

static const char usage_line[] =
    "nianbao extract [--township NAME] [--year YEAR] [--county NAME] [--url URL] [--page-url URL] [--ocr-cache DIR] [--files-from LIST] FILE...\n"
    "FILE: an HTML page (optionally gzip-compressed), a plain-text copy of one, a PDF, a Word document\n"
    "(.docx; .doc and .wps through LibreOffice), an Excel workbook (.xlsx; .xls and .et through\n"
    "LibreOffice), or a picture of the tables (PNG, JPEG, GIF, BMP; read by OCR), told apart by their\n"
    "content; - reads stdin";

/* The largest page read, unless --max-bytes says otherwise: county.ini's default
 * max_bytes, so that every page nianbao fetched can be extracted; real report pages are
 * 10-300 KB. Without a limit a mistaken argument (a disk image, /dev/zero) would be read
 * into memory whole. */
#define DEFAULT_MAX_BYTES 20000000ULL

typedef struct {
    char *township, *county, *url, *page_url, *year, *charset, *max_bytes, *files_from, *ocr_cache;
    int bom, whole_page;
    size_t limit;
    nb_picture_options picture;
    nb_cellocr *ocr; /* Tesseract's readers, started by the first picture that needs them */
} extract_args;

static void apply_overrides(const extract_args *a, nb_report *r)
{
    if (a->township) snprintf(r->township, sizeof r->township, "%s", a->township);
    if (a->county) snprintf(r->county, sizeof r->county, "%s", a->county);
    if (a->url) snprintf(r->source_url, sizeof r->source_url, "%s", a->url);
    if (a->page_url) snprintf(r->page_url, sizeof r->page_url, "%s", a->page_url);
    if (a->year) r->year = atoi(a->year);
}

static void report_problems(const char *file, const nb_report *r)
{
    for (int t = 0; t < NB_TABLE_COUNT; t++)
        if (!r->tables_found[t])
            fprintf(stderr, "%s: table %s (%s) not found\n", file, nb_table_name((nb_table_id)t), nb_table_title((nb_table_id)t));
    for (int i = 0; i < r->tpl->nrows; i++) {
        const nb_row *row = &r->tpl->rows[i];
        if (!r->tables_found[row->table]) continue;
        for (int c = 0; row->columns[c]; c++) {
            const nb_value *v = nb_report_value(r, row, c);
            if (!v->found)
                fprintf(stderr, "%s: %s %s/%s: cell not found in the page\n", file, nb_table_name(row->table), row->key, row->columns[c]->key);
            else if (v->num.kind == NB_CELL_TEXT) {
                int cut, n = nb_cmd_excerpt(v->raw, 60, &cut);
                fprintf(stderr, "%s: %s %s/%s: unreadable cell \"%.*s%s\"\n", file, nb_table_name(row->table), row->key,
                        row->columns[c]->key, n, v->raw, cut ? "…" : "");
            }
        }
    }
    nb_findings findings = {0};
    nb_checks_identities(r, &findings);
    for (size_t i = 0; i < findings.n; i++) {
        const nb_finding *f = &findings.items[i];
        fprintf(stderr, "%s: %s %s %s/%s: expected %s, actual %s: %s\n", file, f->rule->id, nb_table_name(f->table),
                f->row_key, f->col_key, f->expected, f->actual, f->message);
    }
    nb_findings_free(&findings);
    if (!r->year) fprintf(stderr, "%s: report year not found in the page; give --year\n", file);
}

/* Returns 0 when the page's tables were extracted, 1 otherwise. */
static int extract_file(const char *file, extract_args *a, nb_csv *w, int *header_written)
{
    nb_buf bytes = NB_BUF_INIT;
    errno = 0;
    int rc = strcmp(file, "-") == 0 ? nb_buf_read_stream(&bytes, stdin, a->limit)
                                    : nb_buf_read_file_max(&bytes, file, a->limit);
    if (rc != 0) {
        if (errno == EFBIG)
            fprintf(stderr, "%s: larger than %zu bytes: not read (--max-bytes raises the limit)\n", file, a->limit);
        else
            fprintf(stderr, "%s: cannot read: %s\n", file, strerror(errno));
        nb_buf_free(&bytes);
        return 1;
    }
    nb_extract_options opt = {.http_charset = a->charset, .max_bytes = a->limit,
                              .year_hint = a->year ? atoi(a->year) : 0, .whole_page = a->whole_page,
                              .picture = &a->picture};
    nb_extract_diag diag = {0};
    nb_report r;
    nb_extract_status st = nb_extract_page(bytes.data, bytes.len, &opt, &r, &diag);
    nb_cmd_print_lines(file, nb_buf_str(&diag.warnings));
    int failed = st != NB_EXTRACT_OK;
    if (st == NB_EXTRACT_OK) {
        apply_overrides(a, &r);
        if (!*header_written) nb_tidy_write_header(w), *header_written = 1;
        nb_tidy_write_report(w, &r);
        report_problems(file, &r);
        nb_report_free(&r);
    } else if (st == NB_EXTRACT_NO_TABLES && diag.attachments.len) {
        fprintf(stderr, "%s: %s; the report may be in its attachments: %s\n", file, diag.error.data, diag.attachments.data);
    } else {
        fprintf(stderr, "%s: %s\n", file, nb_buf_str(&diag.error));
    }
    nb_extract_diag_free(&diag);
    nb_buf_free(&bytes);
    return failed;
}

int cmd_extract(int argc, char **argv)
{
    extract_args a = {0};
    const nb_option options[] = {
        {0, "township", NB_OPT_STRING, "NAME", &a.township, "the reporting body, when the page does not name it"},
        {0, "year", NB_OPT_STRING, "YEAR", &a.year, "the report year, when the page does not say"},
        {0, "county", NB_OPT_STRING, "NAME", &a.county, "the county, when the page does not name it"},
        {0, "url", NB_OPT_STRING, "URL", &a.url, "where the page was published (source_url column)"},
        {0, "page-url", NB_OPT_STRING, "URL", &a.page_url, "for a file: the report page that links it (meta row page_url)"},
        {0, "charset", NB_OPT_STRING, "NAME", &a.charset, "the charset the server declared (default: from the page)"},
        {0, "bom", NB_OPT_FLAG, NULL, &a.bom, "start the output with a UTF-8 byte-order mark (for Excel)"},
        {0, "max-bytes", NB_OPT_STRING, "N", &a.max_bytes, "refuse a page larger than N bytes, also once gunzipped (default 20000000)"},
        {0, "files-from", NB_OPT_STRING, "LIST", &a.files_from, "also the pages named in LIST, one path a line (- reads the names from stdin)"},
        {0, "ocr-cache", NB_OPT_STRING, "DIR", &a.ocr_cache, "keep what OCR read from each picture in DIR, by the picture's SHA-256, and read it from there next time"},
        {0, "whole-page", NB_OPT_FLAG, NULL, &a.whole_page, "parse the whole page, not its reduced copy (same output, slower; for comparisons)"},
        {0},
    };
    nb_strlist files = {0};
    int help;
    int rc = nb_opts_parse(argc, argv, usage_line, options, &files, &help);
    if (rc >= 0) {
        nb_strlist_free(&files);
        return rc;
    }
    if (a.year && (atoi(a.year) < 1990 || atoi(a.year) > 2100)) {
        fprintf(stderr, "nianbao extract: --year %s is not a report year\n", a.year);
        nb_strlist_free(&files);
        return NB_EXIT_USAGE;
    }
    a.limit = (size_t)DEFAULT_MAX_BYTES;
    if (a.max_bytes) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(a.max_bytes, &end, 10);
        if (end == a.max_bytes || *end || errno || n < 1024 || a.max_bytes[0] == '-') {
            fprintf(stderr, "nianbao extract: --max-bytes %s is not a number of bytes (at least 1024)\n", a.max_bytes);
            nb_strlist_free(&files);
            return NB_EXIT_USAGE;
        }
        a.limit = n > (size_t)-1 / 2 ? (size_t)-1 / 2 : (size_t)n;
    }
    FILE *list = NULL; /* read as the pages are extracted: memory stays flat however long */
    if (a.files_from && !(list = strcmp(a.files_from, "-") ? fopen(a.files_from, "r") : stdin)) {
        fprintf(stderr, "nianbao extract: cannot read %s: %s\n", a.files_from, strerror(errno));
        nb_strlist_free(&files);
        return NB_EXIT_USAGE;
    }
    if (files.count == 0 && !list) {
        nb_opts_usage(usage_line, options, stderr);
        nb_strlist_free(&files);
        return NB_EXIT_USAGE;
    }
    a.picture.cache_dir = a.ocr_cache;
    a.picture.ocr = &a.ocr;
    nb_csv w;
    nb_csv_start(&w, stdout, a.bom ? NB_CSV_BOM : 0);
    int header_written = 0, failures = 0;
    for (int i = 0; i < files.count; i++) failures += extract_file(files.items[i], &a, &w, &header_written);
    nb_strlist_free(&files);
    if (list) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, list)) != -1) {
            while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
            if (n > 0) failures += extract_file(line, &a, &w, &header_written);
        }
        free(line);
        if (list != stdin) fclose(list);
    }
    nb_cellocr_close(a.ocr);
    if (fflush(stdout) != 0 || w.failed) {
        fprintf(stderr, "nianbao extract: cannot write the output: %s\n", strerror(errno));
        return NB_EXIT_PARTIAL;
    }
    return failures ? NB_EXIT_PARTIAL : NB_EXIT_OK;
}
