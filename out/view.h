/* view: everything a run knows about the county once it is rolled up and checked, as
 * the documents for people read it (the workbook, xlsx.h; the HTML report,
 * htmlreport.h). One struct, filled once by the run, so that both documents show the
 * same figures, statuses, findings and changes as the CSVs. */
#ifndef NB_VIEW_H
#define NB_VIEW_H

#include "out/changes.h"
#include "out/rollup.h"
#include "pipeline/check/ack.h"
#include "pipeline/check/checks.h"

typedef struct {
    const nb_rollup *ru;
    const nb_overview_row *rows; /* nb_rollup_overview: registry order, then year */
    int nrows;
    const nb_findings *findings; /* sorted (nb_findings_sort), acknowledgements applied */
    const nb_acks *acks;         /* the rows findings' ack fields point to */
    const nb_changes *changes;
    int had_previous;            /* whether there was a previous run to compare with */
} nb_county_view;

#endif
