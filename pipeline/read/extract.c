/* extract: the extraction stages chained for one page (see extract.h). */
#include "pipeline/read/extract.h"

#include <stdio.h>
#include <string.h>

#include "base/sha256.h"
#include "base/url.h"
#include "pipeline/ocrtrust.h"
#include "pipeline/read/doc.h"
#include "pipeline/read/files/docxdoc.h"
#include "pipeline/read/files/ooxml.h"
#include "pipeline/read/files/xlsxdoc.h"
#include "pipeline/read/htmldoc.h"
#include "pipeline/read/htmlnest.h"
#include "pipeline/read/match.h"
#include "pipeline/read/pagemeta.h"
#include "pipeline/read/files/pdfdoc.h"
#include "pipeline/read/prefilter.h"
#include "base/sniff.h"
#include "pipeline/read/textdoc.h"

void nb_extract_diag_free(nb_extract_diag *d)
{
    nb_buf_free(&d->warnings);
    nb_buf_free(&d->attachments);
    nb_buf_free(&d->error);
}

static void list_attachments(const nb_doc *d, nb_buf *out)
{
    for (size_t i = 0; i < d->nlinks; i++) {
        if (out->len) nb_buf_adds(out, "; ");
        nb_buf_adds(out, d->links[i].href);
        if (d->links[i].text[0]) nb_buf_printf(out, " (%s)", d->links[i].text);
    }
}

nb_extract_status nb_extract_doc(nb_doc *doc, const nb_extract_options *opt, nb_report *out,
                                 nb_extract_diag *diag)
{
    nb_extract_status status = NB_EXTRACT_OK;
    nb_match_snap_labels(doc);
    nb_report meta;
    memset(&meta, 0, sizeof meta);
    (opt && opt->read_meta ? opt->read_meta : nb_pagemeta_read)(doc, &meta);
    snprintf(diag->title, sizeof diag->title, "%s", meta.title);
    snprintf(diag->publish_date, sizeof diag->publish_date, "%s", meta.publish_date);
    int year = meta.year ? meta.year : opt ? opt->year_hint : 0;
    const nb_template *tpl = nb_match_detect(doc, year);
    if (!tpl || nb_match_read(doc, tpl, out, &diag->warnings) == 0) {
        if (tpl) nb_report_free(out);
        list_attachments(doc, &diag->attachments);
        nb_buf_printf(&diag->error, "no report tables found in the %s",
                      !diag->format || diag->is_html || !strcmp(diag->format, "text") ? "page" : "file");
        status = NB_EXTRACT_NO_TABLES;
    } else {
        memcpy(out->county, meta.county, sizeof meta.county);
        memcpy(out->township, meta.township, sizeof meta.township);
        memcpy(out->title, meta.title, sizeof meta.title);
        memcpy(out->publish_date, meta.publish_date, sizeof meta.publish_date);
        out->year = meta.year;
    }
    if (status == NB_EXTRACT_OK && doc->ocr_cells) nb_ocrtrust_mark(out);
    return status;
}

static nb_extract_status extract_picture(const char *bytes, size_t len, const nb_extract_options *opt,
                                         nb_report *out, nb_extract_diag *diag)
{
    diag->is_picture = 1;
    nb_doc doc;
    nb_doc_init(&doc);
    if (nb_imagedoc_read(bytes, len, opt ? opt->picture : NULL, &doc, &diag->picture, &diag->error) != 0) {
        nb_doc_free(&doc);
        return NB_EXTRACT_UNREADABLE;
    }
    if (diag->picture.cache_failed) {
        nb_buf_printf(&diag->warnings, "OCR results not cached: %s\n", diag->error.data);
        nb_buf_clear(&diag->error);
    }
    nb_extract_status status;
    if (doc.ntables == 0) {
        nb_buf_adds(&diag->error, "no table in the picture (OCR found no ruled table and no rows of figures)");
        status = NB_EXTRACT_NO_TABLES;
    } else {
        status = nb_extract_doc(&doc, opt, out, diag);
        if (status == NB_EXTRACT_NO_TABLES) {
            nb_buf_clear(&diag->error);
            nb_buf_printf(&diag->error, "the picture holds %d table%s, none of them a report table", doc.ntables,
                          doc.ntables == 1 ? "" : "s");
        }
    }
    nb_doc_free(&doc);
    return status;
}

/* An HTML page or a plain-text copy (decided from the content) into doc. */
static nb_extract_status read_page_text(const char *bytes, size_t len, const nb_extract_options *opt,
                                        nb_doc *doc, nb_extract_diag *diag)
{
    nb_buf text = NB_BUF_INIT;
    if (nb_decode_to_utf8(bytes, len, opt ? opt->http_charset : NULL, &text, &diag->decode, &diag->error) != 0) {
        nb_buf_free(&text);
        return NB_EXTRACT_UNREADABLE;
    }
    if (diag->decode.invalid_bytes)
        nb_buf_printf(&diag->warnings, "%zu bytes are not valid %s and were replaced\n",
                      diag->decode.invalid_bytes, diag->decode.charset);
    diag->is_html = nb_htmldoc_sniff(text.data, text.len);
    diag->format = diag->is_html ? "html" : "text";
    if (diag->is_html) {
        nb_buf small = NB_BUF_INIT;
        const char *html = text.data;
        size_t html_len = text.len;
        if (!(opt && opt->whole_page) && nb_prefilter_html(text.data, text.len, &small) == 0)
            html = small.data, html_len = small.len;
        /* gumbo's time grows with depth x tags: refuse rather than hang (htmlnest.h). The
         * depth is that of what gumbo is given: the reduction keeps every tag but text-only
         * wrappers, and its page is a fraction of the bytes to scan. */
        if (nb_htmlnest_depth(html, html_len, NB_HTMLNEST_LIMIT) > NB_HTMLNEST_LIMIT) {
            nb_buf_printf(&diag->error, "HTML nested deeper than %d elements: not read (report pages nest a few dozen)",
                          NB_HTMLNEST_LIMIT);
            nb_buf_free(&small);
            nb_buf_free(&text);
            return NB_EXTRACT_UNREADABLE;
        }
        nb_htmldoc_parse(html, html_len, doc);
        nb_buf_free(&small);
    } else {
        nb_textdoc_parse(text.data, text.len, doc);
    }
    nb_buf_free(&text);
    return NB_EXTRACT_OK;
}

/* A file that is not a page: a PDF, a Word document or a workbook (a legacy one
 * converted first), or something nianbao does not read, said so. */
static nb_extract_status read_file_kind(nb_sniff_kind kind, const char *bytes, size_t len, int convert,
                                        nb_doc *doc, nb_extract_diag *diag)
{
    nb_buf converted = NB_BUF_INIT;
    int rc = -1;
    switch (kind) {
    case NB_SNIFF_PDF:
        rc = nb_pdfdoc_parse(bytes, len, doc, &diag->warnings, &diag->error);
        break;
    case NB_SNIFF_DOC:
    case NB_SNIFF_RTF:
        if (!convert)
            nb_buf_adds(&diag->error, "a legacy Word/WPS file (.doc, .wps): not converted here");
        else if (nb_ooxml_convert(bytes, len, &nb_ooxml_word, &converted, &diag->error) == 0) {
            rc = nb_docxdoc_parse(converted.data, converted.len, doc, &diag->error);
            if (rc != 0) nb_buf_adds(&diag->error, " (in LibreOffice's conversion)");
        }
        break;
    case NB_SNIFF_DOCX:
        rc = nb_docxdoc_parse(bytes, len, doc, &diag->error);
        break;
    case NB_SNIFF_XLSX:
        rc = nb_xlsxdoc_parse(bytes, len, doc, &diag->warnings, &diag->error);
        break;
    case NB_SNIFF_XLS:
        if (!convert)
            nb_buf_adds(&diag->error, "a legacy Excel/WPS spreadsheet (.xls, .et): not converted here");
        else if (nb_ooxml_convert(bytes, len, &nb_ooxml_excel, &converted, &diag->error) == 0) {
            rc = nb_xlsxdoc_parse(converted.data, converted.len, doc, &diag->warnings, &diag->error);
            if (rc != 0) nb_buf_adds(&diag->error, " (in LibreOffice's conversion)");
        }
        break;
    case NB_SNIFF_OFD:
        nb_buf_adds(&diag->error, "an OFD document: OFD files are not read (ask for a PDF or Word copy)");
        break;
    case NB_SNIFF_IMAGE:
        nb_buf_adds(&diag->error, "an image in a format that is not read (PNG, JPEG, GIF and BMP pictures are)");
        break;
    case NB_SNIFF_OLE:
        if (nb_sniff_ole_stream(bytes, len, "EncryptedPackage"))
            nb_buf_adds(&diag->error, "an encrypted Office file (a .docx or .xlsx saved with a password): it opens "
                                      "only with the password");
        else
            nb_buf_printf(&diag->error, "a binary file (%s) of a kind that is not read", nb_sniff_name(kind));
        break;
    case NB_SNIFF_ZIP:
    case NB_SNIFF_ARCHIVE:
        nb_buf_adds(&diag->error, "an archive (zip, rar, 7z): archives are not unpacked");
        break;
    default:
        nb_buf_printf(&diag->error, "a binary file (%s) of a kind that is not read", nb_sniff_name(kind));
        break;
    }
    nb_buf_free(&converted);
    return rc == 0 ? NB_EXTRACT_OK : NB_EXTRACT_UNREADABLE;
}

static int complete(const nb_report *r)
{
    for (int t = 0; t < NB_TABLE_COUNT; t++)
        if (!r->tables_found[t]) return 0;
    return 1;
}

/* A PDF whose text did not give the three tables: its scanned pages (a page that is a
 * picture) are read by OCR, appended to its text (the headings of a PDF whose tables
 * alone are scanned) and the whole matched again. status and out are what the text gave. */
static nb_extract_status read_scans(const char *bytes, size_t len, const nb_extract_options *opt, nb_doc *doc,
                                    nb_extract_status status, nb_report *out, nb_extract_diag *diag)
{
    int tables = doc->ntables;
    nb_picture_stats stats;
    nb_buf why = NB_BUF_INIT;
    int pages = nb_imagedoc_read_pdf(bytes, len, opt ? opt->picture : NULL, doc, &stats, &why);
    if (pages < 0) {
        nb_buf_printf(&diag->warnings, "the PDF's scanned pages were not read: %s\n", why.data);
    } else if (pages > 0) {
        diag->is_picture = 1;
        diag->picture = stats;
        if (stats.cache_failed) nb_buf_printf(&diag->warnings, "OCR results not cached: %s\n", why.data);
        if (doc->ntables > tables) {
            if (status == NB_EXTRACT_OK) nb_report_free(out);
            nb_buf_clear(&diag->error);
            nb_buf_clear(&diag->attachments);
            status = nb_extract_doc(doc, opt, out, diag);
        }
    }
    nb_buf_free(&why);
    return status;
}

/* Archived copies and gzip-encoded pages are gzip: bytes and len then point at the content,
 * held in plain. Returns -1 (the reason in err) when the gzip is broken or too large. */
static int gunzipped(const char **bytes, size_t *len, const nb_extract_options *opt, nb_buf *plain, nb_buf *err)
{
    if (nb_sniff(*bytes, *len) != NB_SNIFF_GZIP) return 0;
    size_t cap = opt && opt->max_bytes ? opt->max_bytes : (size_t)200 << 20;
    if (nb_decode_gunzip(*bytes, *len, cap, plain, err) != 0) return -1;
    *bytes = plain->data ? plain->data : "", *len = plain->len;
    return 0;
}

nb_extract_status nb_extract_page(const char *bytes, size_t len, const nb_extract_options *opt,
                                  nb_report *out, nb_extract_diag *diag)
{
    nb_buf plain = NB_BUF_INIT;
    if (gunzipped(&bytes, &len, opt, &plain, &diag->error) != 0) {
        nb_buf_free(&plain);
        return NB_EXTRACT_UNREADABLE;
    }
    if (nb_imagedoc_sniff(bytes, len)) { /* an archived picture too */
        diag->format = "image";
        nb_extract_status status = extract_picture(bytes, len, opt, out, diag);
        nb_buf_free(&plain);
        return status;
    }
    nb_sniff_kind kind = nb_sniff(bytes, len);
    diag->format = nb_sniff_name(kind);
    nb_doc doc;
    nb_doc_init(&doc);
    nb_extract_status status = kind == NB_SNIFF_TEXT || kind == NB_SNIFF_GZIP
                                   ? read_page_text(bytes, len, opt, &doc, diag)
                                   : read_file_kind(kind, bytes, len, !(opt && opt->no_convert), &doc, diag);
    if (status == NB_EXTRACT_OK) status = nb_extract_doc(&doc, opt, out, diag);
    if (kind == NB_SNIFF_PDF && !(opt && opt->no_ocr) && (status == NB_EXTRACT_NO_TABLES || (status == NB_EXTRACT_OK && !complete(out))))
        status = read_scans(bytes, len, opt, &doc, status, out, diag);
    nb_buf_free(&plain);
    nb_doc_free(&doc);
    return status;
}

void nb_extract_fingerprint(const char *bytes, size_t len, const nb_extract_options *opt, char hex[65])
{
    nb_report r;
    nb_extract_diag diag = {0};
    nb_buf said = NB_BUF_INIT;
    /* A picture is its bytes: reading it (OCR) to fingerprint it would cost seconds. */
    /* So is a legacy Word or Excel file: LibreOffice's conversion costs seconds too. */
    nb_sniff_kind kind = nb_sniff(bytes, len);
    nb_extract_options no_ocr = opt ? *opt : (nb_extract_options){0};
    no_ocr.no_ocr = 1; /* nor are a scanned PDF's pages */
    nb_extract_status status = nb_imagedoc_sniff(bytes, len) || kind == NB_SNIFF_DOC || kind == NB_SNIFF_RTF ||
                                       kind == NB_SNIFF_XLS
                                   ? NB_EXTRACT_UNREADABLE
                                   : nb_extract_page(bytes, len, &no_ocr, &r, &diag);
    if (status == NB_EXTRACT_OK) {
        /* \x1F between fields: no page text holds it (decode drops control characters) */
        nb_buf_printf(&said, "report\x1F%s\x1F%s\x1F%s\x1F%d\x1F%s\x1F%s", r.tpl->name, r.county, r.township, r.year,
                      r.title, r.publish_date);
        for (int t = 0; t < NB_TABLE_COUNT; t++) nb_buf_printf(&said, "\x1F%d", r.tables_found[t]);
        for (int i = 0; i < r.nvalues; i++)
            nb_buf_printf(&said, "\x1F%d\x1F%s\x1F%s", r.values[i].found, r.values[i].raw, r.values[i].unit);
        nb_report_free(&r);
    }
    /* A page without tables is judged by its bytes: whatever it holds may be read by a
     * later reader, so no version of it may be thrown away. */
    if (status != NB_EXTRACT_OK) nb_sha256_hex_of(bytes, len, hex);
    else nb_sha256_hex_of(said.data, said.len, hex);
    nb_buf_free(&said);
    nb_extract_diag_free(&diag);
}

/* The words that open the report's table sections, and its part 五 that follows them. */
static const char *const table_headings[] = {"主动公开政府信息情况", "收到和处理政府信息公开申请",
                                             "政府信息公开行政复议", "行政复议、行政诉讼", NULL};
static const char *const after_tables[] = {"存在的主要问题", "其他需要报告的事项", NULL};
enum { MAX_PICTURES = 12 };

/* The first row that says one of words, or -1. */
static int first_row_saying(const nb_doc *d, const char *const *words, int from)
{
    for (size_t i = 0; i < d->ncells; i++)
        if (d->cells[i].row >= from)
            for (int w = 0; words[w]; w++)
                if (strstr(d->cells[i].text, words[w])) return d->cells[i].row;
    return -1;
}

void nb_extract_files(const char *bytes, size_t len, const nb_extract_options *opt, const char *page_url,
                      nb_strlist *out)
{
    nb_buf plain = NB_BUF_INIT, why = NB_BUF_INIT;
    int bad = gunzipped(&bytes, &len, opt, &plain, &why);
    nb_buf_free(&why);
    if (bad) {
        nb_buf_free(&plain);
        return;
    }
    nb_extract_diag diag = {0};
    nb_doc doc;
    nb_doc_init(&doc);
    if (nb_sniff(bytes, len) == NB_SNIFF_TEXT && !nb_imagedoc_sniff(bytes, len) &&
        read_page_text(bytes, len, opt, &doc, &diag) == NB_EXTRACT_OK) {
        nb_report r;
        int tables = 0;
        nb_extract_status status = nb_extract_doc(&doc, opt, &r, &diag);
        if (status == NB_EXTRACT_OK) {
            for (int t = 0; t < NB_TABLE_COUNT; t++) tables += r.tables_found[t] != 0;
            nb_report_free(&r);
        }
        if (tables < NB_TABLE_COUNT) {
            int from = first_row_saying(&doc, table_headings, 0);
            int to = from < 0 ? -1 : first_row_saying(&doc, after_tables, from + 1);
            int pictures = 0;
            nb_buf url = NB_BUF_INIT, why = NB_BUF_INIT;
            for (size_t i = 0; i < doc.nlinks; i++) {
                const nb_link *l = &doc.links[i];
                if (l->picture) {
                    /* pictures only where no table was read, inside the report's tables part */
                    if (status == NB_EXTRACT_OK || from < 0 || l->row < from || (to >= 0 && l->row > to) ||
                        pictures >= MAX_PICTURES)
                        continue;
                    pictures++;
                }
                if (nb_url_resolve(page_url, l->href, &url, &why) != 0) {
                    nb_buf_clear(&why);
                    continue;
                }
                int seen = 0;
                for (int k = 0; k < out->count && !seen; k++) seen = !strcmp(out->items[k], url.data);
                if (!seen) nb_strlist_add(out, url.data);
            }
            nb_buf_free(&url);
            nb_buf_free(&why);
        }
    }
    nb_doc_free(&doc);
    nb_extract_diag_free(&diag);
    nb_buf_free(&plain);
}

nb_extract_status nb_extract_with_pictures(const char *page, size_t page_len, const nb_extract_part *pictures,
                                           size_t n, const nb_extract_options *opt, nb_report *out,
                                           nb_extract_diag *diag)
{
    nb_buf plain = NB_BUF_INIT;
    if (gunzipped(&page, &page_len, opt, &plain, &diag->error) != 0) {
        nb_buf_free(&plain);
        return NB_EXTRACT_UNREADABLE;
    }
    nb_doc doc;
    nb_doc_init(&doc);
    nb_extract_status status = read_page_text(page, page_len, opt, &doc, diag);
    nb_buf_free(&plain);
    for (size_t i = 0; i < n && status == NB_EXTRACT_OK; i++) {
        nb_picture_stats stats = {0};
        nb_buf why = NB_BUF_INIT, picture = NB_BUF_INIT;
        const char *bytes = pictures[i].bytes;
        size_t len = pictures[i].len;
        if (gunzipped(&bytes, &len, opt, &picture, &why) != 0 ||
            nb_imagedoc_read(bytes, len, opt ? opt->picture : NULL, &doc, &stats, &why) != 0)
            nb_buf_printf(&diag->warnings, "picture %zu of the page not read: %s\n", i + 1, why.data);
        nb_buf_free(&picture);
        diag->picture.cells += stats.cells;
        diag->picture.uncertain += stats.uncertain;
        diag->picture.ocr_reads += stats.ocr_reads;
        diag->is_picture = 1;
        nb_buf_free(&why);
    }
    if (status == NB_EXTRACT_OK) status = nb_extract_doc(&doc, opt, out, diag);
    nb_doc_free(&doc);
    return status;
}
