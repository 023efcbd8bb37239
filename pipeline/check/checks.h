/* pipeline/check/: the anomaly rules and the per-report summaries they compare across
 * townships and years.
 *
 * checks: the anomaly rules. Each rule has an id and a severity (the table nb_rules);
 * each finding names the township, year, cell, the expected and actual value and says in
 * Chinese what a disclosure officer should look at. Never repairs a figure: reports it.
 *
 * Identities I1–I4 (spec/templates.md §3.1) are checked within one report: the left side
 * as printed is `actual`, the sum of the right side `expected`. A side whose cells are
 * all blank, placeholders or missing is not checked (R1 prints no 总计 for most rows);
 * otherwise a blank or placeholder counts as 0. A side with an unreadable cell is not
 * checked either: the unreadable cell is reported on its own (U1).
 *
 * Outliers: a township's key figure (applications received, handled, reviews, lawsuits)
 * is an outlier in the county (O1) when it exceeds the median of the county's townships
 * that year by more than max(5 × 1.4826 × MAD, 20), MAD being their median absolute
 * deviation, with at least 6 townships reporting; and against its own history (O2) when it
 * is at least 10 times last year's figure and at least 20 more. */
#ifndef NB_CHECKS_H
#define NB_CHECKS_H

#include <stddef.h>

#include "pipeline/report.h"
#include "pipeline/check/summary.h"

typedef enum { NB_SEV_ERROR, NB_SEV_WARNING, NB_SEV_INFO } nb_severity;

typedef struct {
    const char *id;       /* "I1" */
    nb_severity severity;
    const char *what;     /* one line for the README and --help */
} nb_rule;

extern const nb_rule nb_rules[]; /* terminated by an entry with id NULL */

typedef struct {
    const nb_rule *rule;
    char county[64];
    char township[128];
    int year;
    int has_table;
    nb_table_id table;
    char row_key[64];
    char col_key[64];
    char expected[64];
    char actual[64];
    char message[512];     /* Chinese, e.g. 表三“总计”列：第一项+第二项=12，第三项+第四项=11，勾稽关系不成立 */
    char source_url[512];
    int ack;               /* 0, or 1 + the index of the acknowledged.csv row muting it (ack.h) */
} nb_finding;

typedef struct {
    nb_finding *items;
    size_t n, cap;
} nb_findings;

void nb_findings_free(nb_findings *f);
/* Adds a finding of rule id (which must be in nb_rules), about report r when given. */
nb_finding *nb_findings_add(nb_findings *f, const char *rule_id, const nb_report *r);
const char *nb_severity_name(nb_severity s); /* "error", "warning", "info" */
const char *nb_severity_zh(nb_severity s);   /* 错误, 警告, 提示 */
/* The rule with this id, or NULL. */
const nb_rule *nb_rule_find(const char *id);
/* The cell a finding is about, as acknowledged.csv and the county report spell it:
 * "t3/new_received/total", "t2/art20_1.regulations" (a row), "" (the whole report). */
void nb_finding_cell(const nb_finding *f, char *out, size_t outsz);
/* Sorts by severity, then township, year, rule, table, row and column. */
void nb_findings_sort(nb_findings *f);

/* A registered township-year with no report read although its report was found: the
 * link could not be fetched, or the page or file could not be read. Never "missing". */
typedef struct {
    int township;      /* index into the scope's townships */
    int year;
    int fetched;       /* 1: fetched but not readable; 0: could not be fetched */
    char url[512];
    char why[256];     /* one line */
} nb_found_unread;

/* What the checks need to know about the county beyond the reports. */
typedef struct {
    const char *county;
    const char *const *townships; /* registered names */
    int ntownships;
    int year_from, year_to;
    int deadline_month, deadline_day; /* reports for year Y are due by this day of Y+1 */
    const nb_found_unread *unread;    /* F1 instead of M1 for these township-years */
    size_t nunread;
    const unsigned char *unlisted;    /* per township (index as townships), NULL: none. 1:
                                         the listings that could hold its reports were not
                                         all read completely this run, so a report they did
                                         not show is not "missing" (scrapers/harvest.h) */
} nb_check_scope;

/* True if the listings did not show this township's reports completely (scope->unlisted). */
int nb_check_scope_unlisted(const nb_check_scope *scope, int township);

/* The rules that need one report only: I1–I4, S3, N1, T1, M2, M3, U1, L1, L2. */
void nb_checks_report(const nb_report *r, const nb_check_scope *scope, nb_findings *out);
/* The identities alone (what `nianbao extract` reports). */
void nb_checks_identities(const nb_report *r, nb_findings *out);
/* The rules between a township's report and its report of the year before (prev->year ==
 * cur->year - 1): X1–X4 (across years) and O2 (against its own history). */
void nb_checks_years(const nb_report *cur, const nb_report *prev, nb_findings *out);
/* The rules across the county's township-years, from their summaries (in any order, at
 * most one per township-year): M1 (missing: registered, in range, no report, and the
 * listings that could hold it read completely), F1 (no report read, but found: scope->unread) and O1
 * (outliers among the townships). */
void nb_checks_county(const nb_summary *summaries, int n, const nb_check_scope *scope, nb_findings *out);
/* R1: the figures of a township-year changed between two versions of its page. */
void nb_checks_revision(const nb_report *before, const nb_report *after, nb_findings *out);

/* Formats a double as the CSV and messages print numbers: no exponent, no trailing zeros. */
void nb_checks_format_number(double v, char *out, size_t outsz);

#endif
