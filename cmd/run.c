/* run: the nightly job. discover -> fetch -> extract -> per-township CSVs -> roll-up ->
 * checks -> county outputs, under the output folder's lock. Silent when all is well;
 * failures one line each on stderr; -v narrates the stages. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "out/anomalies.h"
#include "pipeline/check/checks.h"
#include "cmd.h"
#include "pipeline/config.h"
#include "pipeline/ocr/cellocr.h"
#include "pipeline/read/extract.h"
#include "scrapers/harvest.h"
#include "progress.h"
#include "out/rollup.h"
#include "scrapers/scraper.h"
#include "out/changes.h"
#include "out/htmlreport.h"
#include "out/store.h"
#include "out/xlsx.h"
#include "base/utf8.h"
#include "pipeline/check/ack.h"

static const char *usage_line =
    "nianbao run -c county.ini [-o DIR] [--township NAME]... [--year Y|Y1-Y2] [--offline] [--summary]\n"
    "            [--fail-on error|warning|never] [-q|-v]";

typedef struct {
    const nb_config *cfg;
    const nb_select *sel;
    const char *out;
    int verbose, quiet;
    int failures;
    nb_found_unread *unread; /* reports found whose tables could not be read (F1) */
    size_t nunread;
    nb_picture_options picture; /* OCR: the cache in raw/ocr/, readers shared by the run */
    nb_cellocr *readers;
    nb_check_scope *scope;    /* the registry and years; unread filled in before the roll-up */
    nb_findings revisions;    /* the silent revisions this run found */
    nb_acks acks;             /* acknowledged.csv */
    int fail_on;              /* the severity --fail-on fails from, -1 never */
    nb_change_counts counts;  /* what changed, for the summary line */
    size_t failing;           /* unacknowledged findings at or above fail_on */
} run_state;

static nb_found_unread *add_unread(run_state *st, int township, int year, int fetched, const char *url)
{
    for (size_t i = 0; i < st->nunread; i++)
        if (st->unread[i].township == township && st->unread[i].year == year) return NULL;
    st->unread = nb_xrealloc(st->unread, sizeof *st->unread * (st->nunread + 1));
    nb_found_unread *u = &st->unread[st->nunread++];
    memset(u, 0, sizeof *u);
    u->township = township, u->year = year, u->fetched = fetched;
    nb_utf8_copy(u->url, sizeof u->url, url);
    return u;
}

/* The reports the manifest says were found but have no readable copy: a link that could
 * not be fetched, or an archived page that gave no tables in an earlier run. */
static void add_unread_from_manifest(run_state *st, const nb_manifest *m)
{
    for (size_t i = 0; i < m->count; i++) {
        const nb_manifest_row *r = &m->rows[i];
        int t = r->township ? nb_config_township(st->cfg, r->township) : -1;
        if (t < 0 || r->year < st->cfg->year_from || r->year > st->cfg->year_to) continue;
        int archived = r->archive && r->archive[0];
        const char *outcome = r->outcome ? r->outcome : "";
        nb_found_unread *u = add_unread(st, t, r->year, archived, r->url);
        if (!u) continue;
        if (archived)
            snprintf(u->why, sizeof u->why, "页面中没有读出表格（nianbao run --township %s --year %d 显示原因）",
                     st->cfg->townships[t].slug, r->year);
        else
            nb_utf8_copy(u->why, sizeof u->why, strncmp(outcome, "failed: ", 8) ? outcome : outcome + 8);
    }
}

/* A killed run may leave hidden temporary files (".<name>.tmp-<pid>") behind; with the
 * lock held no other run is writing, so they are debris. */
static void remove_stale_temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        nb_buf path = NB_BUF_INIT;
        nb_buf_printf(&path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path.data, &st) == 0) {
            if (S_ISDIR(st.st_mode)) remove_stale_temporaries(path.data);
            else if (e->d_name[0] == '.' && strstr(e->d_name, ".tmp-")) unlink(path.data);
        }
        nb_buf_free(&path);
    }
    closedir(d);
}

/* The manifest's archived pages ordered by township and year, so that each township-year
 * finds its pages by binary search (a county's manifest can hold 10,000s of rows). */
typedef struct {
    const nb_manifest_row **rows;
    size_t n;
} pages_index;

static int compare_township_year(const nb_manifest_row *a, const char *township, int year)
{
    int c = strcmp(a->township, township);
    return c ? c : (a->year > year) - (a->year < year);
}

static int compare_rows(const void *pa, const void *pb)
{
    const nb_manifest_row *a = *(const nb_manifest_row *const *)pa, *b = *(const nb_manifest_row *const *)pb;
    return compare_township_year(a, b->township, b->year);
}

static void pages_index_build(pages_index *ix, const nb_manifest *m)
{
    ix->rows = nb_xcalloc(m->count ? m->count : 1, sizeof *ix->rows);
    ix->n = 0;
    for (size_t i = 0; i < m->count; i++)
        if (m->rows[i].archive && m->rows[i].archive[0]) ix->rows[ix->n++] = &m->rows[i];
    if (ix->n) qsort(ix->rows, ix->n, sizeof *ix->rows, compare_rows);
}

/* The index of the first page of (township, year); pages of it follow while they match. */
static size_t pages_index_first(const pages_index *ix, const char *township, int year)
{
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (compare_township_year(ix->rows[mid], township, year) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The township-year's archived pages, best first: the one whose extraction found the
 * most template cells (a portal may list a report twice, once as an empty stub). */
/* The archived copy of a township-year's file at url (a picture the page links), or NULL. */
static const nb_manifest_row *row_of(const pages_index *pages, size_t first, const char *url)
{
    for (size_t i = first; i < pages->n && !compare_township_year(pages->rows[i], pages->rows[first]->township,
                                                                   pages->rows[first]->year);
         i++)
        if (!strcmp(pages->rows[i]->url, url)) return pages->rows[i];
    return NULL;
}

/* A page whose tables are pictures, read with the pictures it links that were fetched
 * (nb_extract_files gives their order on the page). Returns the status, or -1 when the
 * page has no fetched pictures. */
static int extract_with_pictures(const run_state *st, const pages_index *pages, size_t first,
                                 const nb_manifest_row *page, const nb_buf *bytes, const nb_extract_options *opt,
                                 nb_report *out, nb_extract_diag *diag)
{
    nb_strlist files = NB_STRLIST_INIT;
    nb_extract_files(bytes->data, bytes->len, opt, page->final_url && page->final_url[0] ? page->final_url : page->url,
                     &files);
    nb_extract_part *parts = nb_xcalloc((size_t)files.count + 1, sizeof *parts);
    nb_buf *held = nb_xcalloc((size_t)files.count + 1, sizeof *held);
    size_t n = 0;
    for (int k = 0; k < files.count; k++) {
        const nb_manifest_row *r = row_of(pages, first, files.items[k]);
        if (!r || strcmp(r->kind, "image")) continue;
        nb_buf path = NB_BUF_INIT;
        nb_buf_printf(&path, "%s/%s", st->out, r->archive);
        if (nb_buf_read_file(&held[n], path.data) == 0) {
            parts[n] = (nb_extract_part){held[n].data, held[n].len};
            n++;
        }
        nb_buf_free(&path);
    }
    int status = n ? (int)nb_extract_with_pictures(bytes->data, bytes->len, parts, n, opt, out, diag) : -1;
    for (size_t k = 0; k < n; k++) nb_buf_free(&held[k]);
    free(held);
    free(parts);
    nb_strlist_free(&files);
    return status;
}

static int cells_found(const nb_report *r)
{
    int found = 0;
    for (int k = 0; k < r->nvalues; k++) found += r->values[k].found;
    return found;
}

/* What a page of the township-year says of itself (nb_extract_diag). */
typedef struct {
    const char *url;
    char title[256];
    char publish_date[11];
    const char *listed_date; /* the listing's date beside the page's link */
} page_meta;

/* A report read from a file says neither when it was published nor, often, its title:
 * the page that links it does (the publish date under its title), and failing that the
 * listing, beside the link to the page or to the file itself. Names the page and fills
 * what the report lacks. */
static void meta_from_parent(nb_report *r, const nb_manifest_row *file, const page_meta *metas, size_t n)
{
    const char *listed = file->listed_date;
    if (file->parent && file->parent[0]) {
        snprintf(r->page_url, sizeof r->page_url, "%s", file->parent);
        for (size_t i = 0; i < n; i++) {
            if (strcmp(metas[i].url, file->parent)) continue;
            if (!r->publish_date[0]) snprintf(r->publish_date, sizeof r->publish_date, "%s", metas[i].publish_date);
            if (!r->title[0]) snprintf(r->title, sizeof r->title, "%s", metas[i].title);
            listed = metas[i].listed_date;
            break;
        }
    }
    if (!r->publish_date[0] && listed && listed[0]) {
        snprintf(r->publish_date, sizeof r->publish_date, "%s", listed);
        r->publish_date_listed = 1;
    }
}

/* The township-year's archived pages and files, best first: the reading that found the
 * most template cells (a portal may list a report twice, once as an empty stub; a page
 * may hold no tables and link them as a PDF or as pictures). Pictures are read with the
 * page that shows them, never alone. */
static int extract_one(run_state *st, int t, int year, const pages_index *pages, nb_findings *revisions)
{
    const nb_township *tw = &st->cfg->townships[t];
    nb_report best;
    int have_best = 0, best_found = -1, candidates = 0, reason_from_file = 0;
    nb_source_kind best_source = NB_SOURCE_PAGE;
    nb_buf why = NB_BUF_INIT, reason = NB_BUF_INIT;
    const nb_manifest_row *best_row = NULL, *last_row = NULL;
    size_t first = pages_index_first(pages, tw->name, year), end = first;
    while (end < pages->n && !compare_township_year(pages->rows[end], tw->name, year)) end++;
    page_meta *metas = nb_xcalloc(end - first + 1, sizeof *metas);
    size_t nmetas = 0;
    for (size_t i = first; i < end; i++) {
        const nb_manifest_row *row = pages->rows[i];
        if (!strcmp(row->kind, "image")) continue;
        int is_file = strcmp(row->kind, "page") != 0;
        candidates++;
        if (!last_row || is_file) last_row = row;
        nb_buf path = NB_BUF_INIT, bytes = NB_BUF_INIT;
        nb_buf_printf(&path, "%s/%s", st->out, row->archive);
        if (nb_buf_read_file(&bytes, path.data) != 0) {
            nb_buf_clear(&why);
            nb_buf_printf(&why, "%s: archived copy missing: %s", path.data, strerror(errno));
            nb_buf_clear(&reason);
            nb_buf_printf(&reason, "archived copy missing: %s", strerror(errno));
        } else {
            nb_extract_options opt = {.max_bytes = (size_t)st->cfg->max_bytes, .year_hint = year,
                                      .read_meta = nb_scraper_find(st->cfg->scraper)->meta,
                                      .picture = &st->picture};
            for (int attempt = 0; attempt < 2; attempt++) {
                nb_extract_diag diag = {0};
                nb_report r;
                int status = attempt == 0 ? (int)nb_extract_page(bytes.data, bytes.len, &opt, &r, &diag)
                             : is_file    ? -1
                                          : extract_with_pictures(st, pages, first, row, &bytes, &opt, &r, &diag);
                if (attempt == 0 && !is_file) {
                    page_meta *m = &metas[nmetas++];
                    m->url = row->url;
                    memcpy(m->title, diag.title, sizeof m->title);
                    memcpy(m->publish_date, diag.publish_date, sizeof m->publish_date);
                    m->listed_date = row->listed_date;
                }
                int complete = 0;
                if (status == NB_EXTRACT_OK) {
                    int found = cells_found(&r);
                    complete = 1;
                    for (int k = 0; k < NB_TABLE_COUNT; k++) complete &= r.tables_found[k] != 0;
                    if (found > best_found) {
                        if (have_best) nb_report_free(&best);
                        best = r, have_best = 1, best_found = found, best_row = row;
                        best_source = attempt == 1 ? NB_SOURCE_IMAGE : is_file ? NB_SOURCE_ATTACHMENT : NB_SOURCE_PAGE;
                    } else {
                        nb_report_free(&r);
                    }
                } else if (status >= 0 && (is_file || !reason_from_file)) {
                    /* a file's own reason says more than its page's "no tables" */
                    nb_buf_clear(&reason);
                    nb_buf_printf(&reason, "%s%s%s", nb_buf_str(&diag.error),
                                  diag.attachments.len ? "; attachments: " : "", nb_buf_str(&diag.attachments));
                    nb_buf_clear(&why);
                    nb_buf_printf(&why, "%s: %s", row->url, reason.data);
                    reason_from_file = is_file;
                }
                nb_extract_diag_free(&diag);
                if (complete) break; /* a page that holds its tables needs no pictures */
            }
        }
        nb_buf_free(&path);
        nb_buf_free(&bytes);
    }
    int rc = 0;
    if (!have_best) {
        if (candidates) {
            fprintf(stderr, "nianbao run: %s %d %s\n", tw->name, year, why.data);
            nb_found_unread *u = add_unread(st, t, year, 1, last_row->url);
            if (u) nb_utf8_copy(u->why, sizeof u->why, reason.data);
            rc = -1;
        }
    } else {
        snprintf(best.county, sizeof best.county, "%s", st->cfg->county);
        snprintf(best.township, sizeof best.township, "%s", tw->name);
        best.year = year;
        snprintf(best.source_url, sizeof best.source_url, "%s", best_row->url);
        best.source = best_source;
        meta_from_parent(&best, best_row, metas, nmetas);
        snprintf(best.content_sha256, sizeof best.content_sha256, "%s", best_row->sha256 ? best_row->sha256 : "");
        nb_buf err = NB_BUF_INIT;
        if (nb_store_put(st->out, tw->slug, &best, revisions, &err) != 0) {
            fprintf(stderr, "nianbao run: %s\n", err.data);
            rc = -1;
        }
        nb_buf_free(&err);
        nb_report_free(&best);
    }
    nb_buf_free(&why);
    nb_buf_free(&reason);
    free(metas);
    return rc;
}

static void extract_stage(run_state *st, const nb_manifest *m)
{
    nb_progress bar;
    nb_progress_start(&bar, "extract", !st->quiet);
    size_t total = 0, done = 0;
    for (int t = 0; t < st->cfg->township_count; t++)
        for (int y = st->sel->year_from; y <= st->sel->year_to; y++) total += nb_select_has(st->sel, t, y);
    nb_findings *revisions = &st->revisions; /* kept for changes.csv */
    pages_index pages;
    pages_index_build(&pages, m);
    for (int t = 0; t < st->cfg->township_count; t++)
        for (int y = st->sel->year_from; y <= st->sel->year_to; y++) {
            if (!nb_select_has(st->sel, t, y)) continue;
            if (extract_one(st, t, y, &pages, revisions) != 0) st->failures++;
            nb_progress_update(&bar, ++done, total);
        }
    nb_progress_end(&bar);
    free(pages.rows);
    nb_buf err = NB_BUF_INIT;
    if (nb_store_add_revisions(st->out, revisions, &err) != 0) {
        fprintf(stderr, "nianbao run: %s\n", err.data);
        st->failures++;
    }
    if (st->verbose)
        fprintf(stderr, "nianbao run: extracted %zu township-years, %zu cells revised silently\n", total, revisions->n);
    nb_buf_free(&err);
}

/* The findings that make --fail-on fail: not acknowledged, at or above its severity. */
static size_t failing(const nb_findings *f, int fail_on)
{
    size_t n = 0;
    for (size_t i = 0; i < f->n; i++)
        if (!f->items[i].ack && (int)f->items[i].rule->severity <= fail_on) n++;
    return n;
}

/* Rebuilds every county output from all stored per-township results, one report at a
 * time: each township's years in order, so that the checks across years hold two
 * reports, and the roll-up keeps only sums and summaries (the workbook's tidy sheet is
 * streamed as the reports pass). What the previous run wrote is read first, to tell
 * what changed. */
static int rollup_stage(run_state *st, const nb_manifest *m, const unsigned char *unlisted)
{
    const nb_config *cfg = st->cfg;
    add_unread_from_manifest(st, m);
    st->scope->unread = st->unread;
    st->scope->nunread = st->nunread;
    st->scope->unlisted = unlisted;
    int rc = 0;
    nb_buf err = NB_BUF_INIT;
    nb_previous prev;
    if (nb_previous_read(st->out, &prev, &err) != 0) {
        /* the outputs are rebuilt below: the changes are then told against what could be read */
        fprintf(stderr, "nianbao run: warning: %s\n", err.data);
        nb_buf_clear(&err);
    }
    nb_rollup *ru = nb_rollup_new(st->scope, cfg->code);
    nb_xlsx *xl = nb_xlsx_open(st->out, st->scope, &err);
    if (!xl) {
        fprintf(stderr, "nianbao run: %s\n", err.data);
        nb_buf_clear(&err);
        rc = -1;
    }
    nb_findings findings = {0};
    nb_report reports[2];      /* this year's and last year's */
    int have[2] = {0, 0};
    for (int t = 0; t < cfg->township_count; t++) {
        for (int y = cfg->year_from; y <= cfg->year_to; y++) {
            int cur = y & 1, prev_year = !cur;
            if (have[cur]) nb_report_free(&reports[cur]), have[cur] = 0;
            int got = nb_store_get(st->out, cfg->townships[t].slug, y, &reports[cur], &err);
            if (got < 0) {
                fprintf(stderr, "nianbao run: %s\n", err.data);
                nb_buf_clear(&err);
                st->failures++;
            }
            if (got <= 0) continue;
            have[cur] = 1;
            nb_checks_report(&reports[cur], st->scope, &findings);
            if (have[prev_year] && reports[prev_year].year == y - 1)
                nb_checks_years(&reports[cur], &reports[prev_year], &findings);
            nb_rollup_add(ru, &reports[cur]);
            nb_xlsx_add_report(xl, &reports[cur]);
        }
        for (int k = 0; k < 2; k++)
            if (have[k]) nb_report_free(&reports[k]), have[k] = 0;
    }
    int n;
    const nb_summary *summaries = nb_rollup_summaries(ru, &n);
    nb_checks_county(summaries, n, st->scope, &findings);
    if (nb_store_read_revisions(st->out, &findings, &err) != 0) {
        fprintf(stderr, "nianbao run: %s\n", err.data);
        nb_buf_clear(&err);
        st->failures++;
    }
    nb_acks_apply(&st->acks, &findings);
    nb_acks_apply(&st->acks, &st->revisions);
    nb_findings_sort(&findings);
    nb_buf path = NB_BUF_INIT;
    /* Each output on its own: one that cannot be written does not keep the others old. */
    if (nb_rollup_write(st->out, ru, &findings, &err) != 0) {
        nb_cmd_print_lines("nianbao run", err.data);
        nb_buf_clear(&err);
        rc = -1;
    }
    nb_buf_printf(&path, "%s/anomalies.csv", st->out);
    if (nb_anomalies_write(path.data, &findings, &err) != 0) {
        fprintf(stderr, "nianbao run: %s\n", err.data);
        nb_buf_clear(&err);
        rc = -1;
    }
    int nrows;
    nb_overview_row *rows = nb_rollup_overview(ru, &findings, &nrows);
    nb_changes changes;
    nb_changes_find(&prev, rows, nrows, &findings, &st->revisions, &changes);
    nb_buf_clear(&path);
    nb_buf_printf(&path, "%s/changes.csv", st->out);
    if (nb_changes_write(path.data, &changes, &err) != 0) {
        fprintf(stderr, "nianbao run: %s\n", err.data);
        nb_buf_clear(&err);
        rc = -1;
    }
    nb_county_view view = {ru, rows, nrows, &findings, &st->acks, &changes, prev.had_overview};
    if (xl && nb_xlsx_commit(xl, &view, &err) != 0) {
        fprintf(stderr, "nianbao run: %s\n", err.data);
        nb_buf_clear(&err);
        rc = -1;
    }
    if (nb_htmlreport_write(st->out, &view, &err) != 0) {
        fprintf(stderr, "nianbao run: %s\n", err.data);
        nb_buf_clear(&err);
        rc = -1;
    }
    nb_changes_count(&changes, &st->counts);
    st->failing = failing(&findings, st->fail_on);
    if (st->verbose) {
        size_t by_severity[3] = {0}, muted = 0;
        for (size_t i = 0; i < findings.n; i++) {
            by_severity[findings.items[i].rule->severity]++;
            muted += findings.items[i].ack != 0;
        }
        fprintf(stderr, "nianbao run: rolled up %d township-years; anomalies: %zu errors, %zu warnings, %zu notes, "
                        "%zu of them acknowledged (%s/anomalies.csv)\n",
                n, by_severity[NB_SEV_ERROR], by_severity[NB_SEV_WARNING], by_severity[NB_SEV_INFO], muted, st->out);
        for (size_t k = 0; k < st->acks.n; k++)
            if (!st->acks.items[k].matched)
                fprintf(stderr, "nianbao run: %s/acknowledged.csv:%ld: mutes no finding of this run\n", st->out,
                        st->acks.items[k].line);
    }
    nb_changes_free(&changes);
    free(rows);
    nb_buf_free(&path);
    nb_findings_free(&findings);
    nb_previous_free(&prev);
    nb_rollup_free(ru);
    nb_buf_free(&err);
    return rc;
}

/* --fail-on's levels: the severity findings fail the run from. */
static int parse_fail_on(const char *s)
{
    if (!s || !strcmp(s, "never")) return -1;
    if (!strcmp(s, "error")) return NB_SEV_ERROR;
    if (!strcmp(s, "warning")) return NB_SEV_WARNING;
    return -2;
}

int cmd_run(int argc, char **argv)
{
    int offline = 0, summary = 0;
    char *fail_on = NULL;
    const nb_option extra[] = {
        {0, "offline", NB_OPT_FLAG, NULL, &offline, "no network: re-extract the archived pages in DIR/raw"},
        {0, "summary", NB_OPT_FLAG, NULL, &summary,
         "print what changed in one line on stdout (the default on a terminal, unless -q)"},
        {0, "fail-on", NB_OPT_STRING, "LEVEL", &fail_on,
         "error, warning or never (default): exit 5 when a finding not acknowledged is that severe"},
        {0, NULL, 0, NULL, NULL, NULL},
    };
    nb_county_job j;
    int rc = nb_county_job_open(&j, "nianbao run", usage_line, argc, argv, extra);
    if (rc >= 0) return rc;
    run_state st = {.cfg = &j.cfg, .sel = &j.sel, .out = j.out_dir, .verbose = j.verbose, .quiet = j.quiet};
    st.fail_on = parse_fail_on(fail_on);
    if (st.fail_on == -2) {
        fprintf(stderr, "nianbao run: --fail-on takes error, warning or never, not '%s'\n", fail_on);
        nb_county_job_close(&j);
        return NB_EXIT_USAGE;
    }
    const char **names = nb_xcalloc((size_t)(j.cfg.township_count ? j.cfg.township_count : 1), sizeof *names);
    for (int t = 0; t < j.cfg.township_count; t++) names[t] = j.cfg.townships[t].name;
    nb_check_scope scope = {j.cfg.county, names, j.cfg.township_count, j.cfg.year_from, j.cfg.year_to,
                            j.cfg.deadline_month, j.cfg.deadline_day, NULL, 0, 0};
    st.scope = &scope;
    nb_buf err = NB_BUF_INIT, path = NB_BUF_INIT;
    /* People write acknowledged.csv: a mistake in it is told before anything runs. */
    nb_buf_printf(&path, "%s/acknowledged.csv", j.out_dir);
    if (nb_acks_read(path.data, &scope, &st.acks, &err) != 0) {
        fprintf(stderr, "nianbao run: %s\n", err.data);
        nb_buf_free(&err);
        nb_buf_free(&path);
        free(names);
        nb_county_job_close(&j);
        return NB_EXIT_USAGE;
    }
    remove_stale_temporaries(j.out_dir);
    /* OCR results are kept by the picture's SHA-256 beside the archive: an unchanged
     * night, or a rerun of one township, reads no picture twice */
    nb_buf ocr_cache = NB_BUF_INIT;
    nb_buf_printf(&ocr_cache, "%s/raw/ocr", j.out_dir);
    st.picture = (nb_picture_options){.cache_dir = ocr_cache.data, .ocr = &st.readers};
    nb_manifest m = {0};
    nb_harvest h;
    int harvested = 0, challenged = 0;
    const unsigned char *unlisted = NULL; /* offline: the archive is what the portal showed */
    if (!offline) {
        nb_progress bar;
        nb_progress_start(&bar, "fetch", !j.quiet);
        nb_harvest_opts ho = {.cfg = &j.cfg, .sel = &j.sel, .out_dir = j.out_dir,
                              .progress = nb_progress_callback, .progress_ctx = &bar};
        int hr = nb_harvest_run(&ho, &h, &err);
        nb_progress_end(&bar);
        harvested = 1;
        /* What happened to each page is told even when the results could not be saved
         * (a full disk): the pages' own failures come first. */
        nb_cmd_report_harvest("nianbao run", &j.cfg, &j.sel, &h, j.out_dir, j.verbose, j.quiet,
                              j.townships.count || j.years);
        st.failures += (int)h.failure_count;
        if (hr != 0) {
            fprintf(stderr, "nianbao run: %s\n", err.data);
            st.failures++;
        } else {
            m = h.manifest;
        }
        unlisted = h.unlisted; /* all townships when the harvest stopped early */
        challenged = h.challenged;
    } else {
        nb_buf_clear(&path);
        nb_buf_printf(&path, "%s/manifest.csv", j.out_dir);
        if (nb_manifest_read(path.data, &m, &err) != 0) {
            fprintf(stderr, "nianbao run: %s\n", err.data);
            st.failures++;
        }
    }
    extract_stage(&st, &m);
    if (rollup_stage(&st, &m, unlisted) != 0) st.failures++;
    /* By hand (a terminal) or when asked: what changed, in one line; cron stays quiet. */
    if (summary || (!j.quiet && isatty(STDOUT_FILENO))) {
        nb_buf line = NB_BUF_INIT;
        nb_changes_summary_line(&st.counts, &line);
        printf("%s\n", line.data);
        fflush(stdout);
        nb_buf_free(&line);
    }
    if (st.failing && !j.quiet)
        fprintf(stderr, "nianbao run: %zu %s not acknowledged (--fail-on %s): see %s/anomalies.csv\n", st.failing,
                st.fail_on == NB_SEV_ERROR ? "error(s)" : "error(s) or warning(s)", fail_on, j.out_dir);
    free(st.unread);
    nb_cellocr_close(st.readers);
    nb_buf_free(&ocr_cache);
    nb_findings_free(&st.revisions);
    nb_acks_free(&st.acks);
    free(names);
    if (harvested) nb_harvest_free(&h);
    else nb_manifest_free(&m);
    nb_buf_free(&err);
    nb_buf_free(&path);
    nb_county_job_close(&j);
    return challenged ? NB_EXIT_CHALLENGED : st.failures ? NB_EXIT_PARTIAL : st.failing ? NB_EXIT_FINDINGS : NB_EXIT_OK;
}
