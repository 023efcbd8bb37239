/* ack: findings a person has looked at and muted, from acknowledged.csv in the output
 * folder. The file is written by people (in a spreadsheet), one finding a row:
 *
 *   rule,township,year,cell,note,who,date
 *   I2,南塘镇,2020,t3/new_received/total,已与乡镇核实，原表如此,张三,2025-03-02
 *
 * rule, township (the registered name) and year say which finding; cell narrows it to one
 * cell as the county report and the workbook print it ("t3/new_received/total", a row
 * "t2/art20_1.regulations", or empty: every finding of that rule for that township-year).
 * note, who and date are for people and are shown beside the muted finding.
 *
 * A muted finding is not dropped: it stays in every list, marked acknowledged, and only
 * stops counting for `--fail-on` and for the summary's "new errors". The design choice:
 * muting is an explicit, reviewable file beside the outputs, never a setting that hides
 * a rule everywhere.
 *
 * The file may be UTF-8 (with or without BOM) or GB18030/GBK, as spreadsheets on Chinese
 * Windows save CSV. A row naming an unknown rule, a township not in the registry, a year
 * that is not a number or a cell no template has is an error ("file:line: reason"): a
 * mistyped acknowledgement would otherwise mute nothing, silently. */
#ifndef NB_ACK_H
#define NB_ACK_H

#include <stddef.h>

#include "base/buf.h"
#include "pipeline/check/checks.h"

typedef struct {
    const nb_rule *rule;
    char *township, *cell, *note, *who, *date;
    int year;
    long line;   /* in acknowledged.csv, for messages */
    int matched; /* findings it muted in the last nb_acks_apply */
} nb_ack;

typedef struct {
    nb_ack *items;
    size_t n, cap;
} nb_acks;

/* Reads path (a missing file is an empty list). scope gives the registered townships.
 * Returns 0, or -1 with "path:line: reason" in err (acks is then empty). */
int nb_acks_read(const char *path, const nb_check_scope *scope, nb_acks *acks, nb_buf *err);
void nb_acks_free(nb_acks *acks);

/* Marks every finding an acknowledgement matches (finding->ack = 1 + its index; the
 * first matching row wins) and counts the matches on each row. */
void nb_acks_apply(nb_acks *acks, nb_findings *findings);

/* The acknowledgement muting f, or NULL. */
const nb_ack *nb_acks_of(const nb_acks *acks, const nb_finding *f);

#endif
