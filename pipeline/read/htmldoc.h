/* htmldoc: an HTML page (UTF-8) -> nb_doc, with gumbo-parser.
 *
 * Tables without tables inside them become rows of cells (grid.h resolves the spans);
 * a table that holds other tables is page layout and is read like any other container.
 * Outside data tables every block element (p, div, li, h1-h6, td of a layout table, ...)
 * is one cell; <br> inside a block or a cell is a space, as in "本年新<br>制作数量".
 * <title>, <meta name|http-equiv content> and links to attachments (.pdf, .doc, .xls,
 * .wps, .ofd, .zip, images) are kept; scripts, styles and forms are skipped. */
#ifndef NB_HTMLDOC_H
#define NB_HTMLDOC_H

#include <stddef.h>

#include "pipeline/read/doc.h"

/* Fills d (initialised by the caller) from html[0..len). Returns 0. */
int nb_htmldoc_parse(const char *html, size_t len, nb_doc *d);

/* True if the text looks like HTML rather than a plain-text copy of a page: markup
 * (<html, <body, <table, <p, <div, <!doctype, <meta, <br) near its start. */
int nb_htmldoc_sniff(const char *text, size_t len);

#endif
