/* checks: the anomaly rules, each with an id and a severity, producing findings that a
 * disclosure officer can read (messages in Chinese). Never repairs a figure: reports it.
 *
 * Identities I1–I4 (spec/templates.md §3.1) are checked within one report: the left side
 * as printed is `actual`, the sum of the right side `expected`. A side whose cells are
 * all blank, placeholders or missing is not checked (R1 prints no 总计 for most rows);
 * otherwise a blank or placeholder counts as 0. A side with an unreadable cell is not
 * checked either: the unreadable cell is reported on its own. */
#ifndef NB_CHECKS_H
#define NB_CHECKS_H

#include <stddef.h>

#include "report.h"

typedef enum { NB_SEV_ERROR, NB_SEV_WARNING, NB_SEV_INFO } nb_severity;

typedef struct {
    nb_severity severity;
    const char *rule;      /* "I1".."I4", ... */
    int has_table;
    nb_table_id table;
    char row_key[64];
    char col_key[64];
    char expected[64];
    char actual[64];
    char message[512];     /* Chinese, e.g. 表三"总计"列：第一项+第二项=12，第三项+第四项=11，勾稽关系不成立 */
} nb_finding;

typedef struct {
    nb_finding *items;
    size_t n, cap;
} nb_findings;

void nb_findings_free(nb_findings *f);
nb_finding *nb_findings_add(nb_findings *f, nb_severity sev, const char *rule);
const char *nb_severity_name(nb_severity s); /* "error", "warning", "info" */

/* Appends one finding per broken identity of the report's template. */
void nb_checks_identities(const nb_report *r, nb_findings *out);

/* Formats a double as the CSV and messages print numbers: no exponent, no trailing zeros. */
void nb_checks_format_number(double v, char *out, size_t outsz);

#endif
