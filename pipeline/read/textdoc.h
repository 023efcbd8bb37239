/* textdoc: a plain-text copy of a report page (UTF-8) -> nb_doc.
 *
 * Text comes as people get it:
 *  - one table cell per paragraph, paragraphs separated by blank lines (what a browser's
 *    "select all, copy" of a report page gives; a cell may wrap onto a second line);
 *  - one cell per line;
 *  - one table row per line, cells separated by tabs, '|' (Markdown tables) or runs of
 *    two or more spaces (a PDF's text, a copied table).
 * In each cell, trailing numbers separated by single spaces ("规章 0 0 0") are cells of
 * their own; digits written together ("2648-18538") are never split. Page furniture of a
 * printed document ("-4-", "第 4 页") is dropped. */
#ifndef NB_TEXTDOC_H
#define NB_TEXTDOC_H

#include <stddef.h>

#include "pipeline/read/doc.h"

/* Fills d (initialised by the caller) from text[0..len). Returns 0. */
int nb_textdoc_parse(const char *text, size_t len, nb_doc *d);

#endif
