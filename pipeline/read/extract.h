/* pipeline/read/: one page or file -> cells -> template values (decode, reduce, parse,
 * grid, labels, matching, page metadata).
 *
 * extract: one saved page's (or attachment's) bytes -> a report. The stages in order:
 * gunzip (when the bytes are gzip), what the bytes are (sniff.h: from the content, never
 * a name); for a page, decode to UTF-8, HTML or plain text, for HTML the reduction of
 * prefilter.h; for a PDF pdfdoc.h, for a Word file docxdoc.h, for a workbook xlsxdoc.h
 * (a legacy .doc, .wps, .xls or .et converted by LibreOffice first, ooxml.h); then cells,
 * template detection, matching, metadata. A PDF whose text does not hold the three tables
 * has its scanned pages (no text, an image) read by OCR too (imagedoc.h), appended to its
 * text.
 * A picture (PNG, JPEG, GIF, BMP, by signature) is read by OCR (imagedoc.h) instead; its
 * labels are matched tolerantly (nb_match_snap_labels) and its figures that break an
 * identity are marked uncertain (pipeline/ocrtrust.h).
 *
 * Hostile pages end in bounded time and memory: a gzip body stops at max_bytes, HTML
 * nested deeper than NB_HTMLNEST_LIMIT elements is refused as unreadable (htmlnest.h),
 * table spans are clamped (grid.h). The caller caps the bytes it reads. */
#ifndef NB_EXTRACT_H
#define NB_EXTRACT_H

#include <stddef.h>

#include "base/buf.h"
#include "pipeline/read/decode.h"
#include "pipeline/read/doc.h"
#include "pipeline/read/files/imagedoc.h"
#include "pipeline/report.h"

typedef struct {
    const char *http_charset; /* the server's charset when known, else NULL */
    size_t max_bytes;         /* cap on a gzip body once decompressed; 0: 200 MB */
    int year_hint;            /* settles the template when the labels do not; 0 if unknown */
    int whole_page;           /* give gumbo the whole page, not its reduction (prefilter.h):
                                 same result, slower; for comparisons */
    int no_convert;           /* a legacy .doc/.wps/.xls is not handed to LibreOffice (an
                                 unreadable file instead): fuzzing, benchmarks */
    int no_ocr;               /* a PDF's scanned pages are not read by OCR (pictures
                                 given as such still are): fingerprints */
    /* Reads the page's metadata: the portal adapter's reading (scraper.h), or NULL for
     * the generic one, nb_pagemeta_read. */
    void (*read_meta)(const nb_doc *page, nb_report *r);
    /* How pictures are read (OCR cache folder, shared Tesseract readers); NULL: no cache,
     * readers started for each picture. */
    const nb_picture_options *picture;
} nb_extract_options;

typedef enum {
    NB_EXTRACT_OK = 0,        /* tables found (the report may still have anomalies) */
    NB_EXTRACT_UNREADABLE,    /* the bytes could not be read: corrupt gzip, an encrypted PDF, a
                                 truncated .docx, a .doc without LibreOffice, an image... */
    NB_EXTRACT_NO_TABLES,     /* a page, but none of the report's tables in it */
} nb_extract_status;

typedef struct {
    nb_decode_info decode;
    int is_html;
    const char *format;  /* what the bytes were: "html", "text", "pdf", "docx", "doc", ...
                            (sniff.h; a static string), NULL before reading */
    int is_picture;     /* read by OCR; picture holds what that took */
    nb_picture_stats picture;
    nb_buf warnings;    /* one line each, no file name */
    nb_buf attachments; /* NO_TABLES: the attachment/image links found, "; "-separated */
    nb_buf error;       /* UNREADABLE / NO_TABLES: why */
    /* What the page says of itself (pagemeta.h), whatever the status: a page that only
     * links its report as a file still tells when it was published, which the file does
     * not. Empty when the bytes could not be read. */
    char title[256];
    char publish_date[11];
} nb_extract_diag;

void nb_extract_diag_free(nb_extract_diag *d);

/* On NB_EXTRACT_OK, out holds the report (free with nb_report_free); otherwise out is
 * untouched and diag->error says why. */
nb_extract_status nb_extract_page(const char *bytes, size_t len, const nb_extract_options *opt,
                                  nb_report *out, nb_extract_diag *diag);

/* The stages after the cells, for a doc built by the caller: a report page's cells with
 * the cells of its table pictures appended (imagedoc.h), say. Snaps OCR'd labels, finds
 * the template, matches, reads the metadata, marks doubtful OCR'd figures. The doc's
 * label keys may be changed (OCR'd labels snapped to the templates'). */
nb_extract_status nb_extract_doc(nb_doc *doc, const nb_extract_options *opt, nb_report *out,
                                 nb_extract_diag *diag);

/* The files a report page points to where its report may be, as absolute URLs (resolved
 * against page_url) in page order, into out: none when the page holds all three tables
 * itself; else every attachment it links (.pdf, .doc, .docx, .wps, .xls, ...) and, when
 * it holds no table text, the pictures inside its report: those from the first heading
 * of the report's tables (二、主动公开… / 三、收到和处理… / 四、…行政复议…) up to the
 * heading of its part 五 or the page's end, at most 12, so the site's logo and banners
 * above the article are not fetched. A file that is not a page has no files. */
/* The harvest keeps, per archived page, which version of these rules listed its files, and
 * lists them again only for a page copy it has not seen or a version it did not list them
 * by. Bump it whenever what nb_extract_files returns for some page changes. */
#define NB_EXTRACT_FILES_RULE "1"
void nb_extract_files(const char *bytes, size_t len, const nb_extract_options *opt, const char *page_url,
                      nb_strlist *out);

/* A report page and the pictures of its tables (page order) read as one report: the
 * page's cells, then each picture's tables (imagedoc.h), matched once; any of them may
 * be gzip (archived copies). The report's
 * figures carry the ocr flags; diag->picture sums what the pictures took. */
typedef struct {
    const char *bytes;
    size_t len;
} nb_extract_part;
nb_extract_status nb_extract_with_pictures(const char *page, size_t page_len, const nb_extract_part *pictures,
                                           size_t n, const nb_extract_options *opt, nb_report *out,
                                           nb_extract_diag *diag);

/* What a page says, as a SHA-256 in hex: equal for two pages that give the same report
 * (template, every cell as printed with its unit, the page's metadata); for a page that
 * gives no report, the hash of its bytes (a later reader may read what this one cannot,
 * so no version of it is the same as another). A portal's chrome (a visit counter, a
 * per-request token) is not part of a report, so the archive can tell a revised report
 * from a page that only looks different. A picture's fingerprint is the hash of its
 * bytes (it is not read by OCR for that). */
void nb_extract_fingerprint(const char *bytes, size_t len, const nb_extract_options *opt, char hex[65]);

#endif
