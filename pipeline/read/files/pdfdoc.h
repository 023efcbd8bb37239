/* pdfdoc: a PDF's bytes -> cells (doc.h), with MuPDF.
 *
 * MuPDF interprets each page into a device of ours that keeps two things: the characters
 * with their positions (MuPDF's structured text) and the lines the page draws (stroked
 * segments, thin filled rectangles: table rulings). pagegrid.h turns them into cells;
 * nothing goes through a flattened text dump. poppler-glib was measured beside it and
 * gives characters only, not the drawn lines (README: PDF attachments).
 *
 * Bounded on hostile files: at most NB_PDFDOC_MAX_PAGES pages are read and MuPDF may
 * allocate at most NB_PDFDOC_MAX_MEMORY bytes; MuPDF's own messages are kept, never
 * printed. A PDF that needs a password, or that MuPDF cannot open at all, is an error
 * that says so. Thread-safe: each call has its own MuPDF context. */
#ifndef NB_PDFDOC_H
#define NB_PDFDOC_H

#include <stddef.h>

#include "base/buf.h"
#include "pipeline/read/doc.h"

enum { NB_PDFDOC_MAX_PAGES = 300 };
#define NB_PDFDOC_MAX_MEMORY ((size_t)1 << 30)

/* Fills d (initialised by the caller) with the PDF's text: free text as rows of one
 * cell, tables as rows of cells (NB_MARK_UNCERTAIN where a cell could not be placed with
 * certainty). The document's Title property is not read: programs fill it with the
 * file's old name or a template's title; the title printed on the first page is there.
 * Returns 0, or -1 with the reason in error (encrypted, not a PDF MuPDF can repair, no
 * page). Problems worth a reader's attention go to warnings, one line each. */
int nb_pdfdoc_parse(const char *bytes, size_t len, nb_doc *d, nb_buf *warnings, nb_buf *error);

/* A page of a PDF that holds no text but an image covering much of it (a scanned page,
 * or a screenshot of the tables printed to PDF), drawn in grey for OCR (imagedoc.h). */
typedef struct {
    int page;                     /* numbered from 0 */
    int w, h, stride;             /* pixels; bytes per row */
    const unsigned char *samples; /* w x h grey bytes, valid during the call only */
    int dpi;                      /* drawn at the image's own resolution, within 150-300 */
} nb_pdfdoc_scan;

/* Returns 0 to go on, anything else to stop. */
typedef int (*nb_pdfdoc_scan_fn)(const nb_pdfdoc_scan *scan, void *user);

/* Hands each scanned page of the PDF (as above; at most max_pages of them, the first
 * NB_PDFDOC_MAX_PAGES pages looked at) to fn. A page counts as scanned when it holds
 * fewer than 20 characters of text and an image covers a third of it or more. Returns
 * the number handed, or -1 with the reason in error (as nb_pdfdoc_parse). */
int nb_pdfdoc_scans(const char *bytes, size_t len, int max_pages, nb_pdfdoc_scan_fn fn, void *user, nb_buf *error);

#endif
