/* docxdoc: a Word document -> cells (doc.h).
 *
 * A .docx (Word 2007+, and WPS when it saves .docx) is a zip of XML: libzip opens it
 * from memory, libxml2 parses word/document.xml, and the body is walked in order. A
 * paragraph is a row of one cell; a table (w:tbl) is rows of cells laid out on its grid:
 * w:gridBefore skips columns, w:gridSpan widens a cell, w:vMerge="continue" extends the
 * cell above downwards (a rowspan), exactly as htmldoc.h lays out an HTML table. Cells of
 * a table nested in a cell are that cell's text. The title property (docProps/core.xml) is
 * not read: it is often a template's or an older report's.
 *
 * A legacy .doc or .wps (OLE2) is converted to .docx by LibreOffice first
 * (nb_ooxml_convert with nb_ooxml_word, ooxml.h).
 *
 * Bounded on hostile files: word/document.xml is read only up to NB_DOCXDOC_MAX_XML
 * bytes (a zip bomb stops there); libxml2 never loads external entities or the network
 * and keeps its nesting limit; its messages are never printed (ooxml.h). */
#ifndef NB_DOCXDOC_H
#define NB_DOCXDOC_H

#include <stddef.h>

#include "base/buf.h"
#include "pipeline/read/doc.h"

#define NB_DOCXDOC_MAX_XML ((size_t)64 << 20)

/* Fills d (initialised by the caller) from the .docx in bytes. Returns 0, or -1 with the
 * reason in error (a damaged or truncated zip, no word/document.xml, broken XML). */
int nb_docxdoc_parse(const char *bytes, size_t len, nb_doc *d, nb_buf *error);

#endif
