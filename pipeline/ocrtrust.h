/* ocrtrust: which figures read from a picture deserve doubt, judged by the template's
 * identities. Knows the templates (template.h) and a report's values (report.h), not how
 * they were read.
 *
 * A misread digit breaks the identities its cell takes part in: a figure of table 三
 * sits in a row sum (I1) and in a column balance (I2 or I3), so the cell where broken
 * identities cross is the one to doubt; where they do not cross (table 四's I4, say),
 * every OCR'd cell of the broken identity is. Those cells gain NB_MARK_OCR_UNCERTAIN. Nothing
 * is changed otherwise: a figure is never "repaired" to make an identity hold, and the
 * broken identity is reported by the checks like any other. A value printed blank
 * counts as 0 here, as an OCR'd blank may be a digit the reader missed. */
#ifndef NB_OCRTRUST_H
#define NB_OCRTRUST_H

#include "pipeline/report.h"

/* Marks the doubtful OCR'd values of r; returns how many gained NB_MARK_OCR_UNCERTAIN. */
int nb_ocrtrust_mark(nb_report *r);

#endif
