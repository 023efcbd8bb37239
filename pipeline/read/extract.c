/* extract: the extraction stages chained for one page (see extract.h). */
#include "pipeline/read/extract.h"

#include <string.h>

#include "pipeline/read/doc.h"
#include "pipeline/read/docxdoc.h"
#include "pipeline/read/htmldoc.h"
#include "pipeline/read/htmlnest.h"
#include "pipeline/read/match.h"
#include "pipeline/read/pagemeta.h"
#include "pipeline/read/pdfdoc.h"
#include "pipeline/read/prefilter.h"
#include "pipeline/read/sniff.h"
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

/* A file that is not a page: a PDF, a Word document (a legacy one converted first), or
 * something nianbao does not read, said so. */
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
        else if (nb_docxdoc_convert_legacy(bytes, len, &converted, &diag->error) == 0) {
            rc = nb_docxdoc_parse(converted.data, converted.len, doc, &diag->error);
            if (rc != 0) nb_buf_adds(&diag->error, " (in LibreOffice's conversion)");
        }
        break;
    case NB_SNIFF_DOCX:
        rc = nb_docxdoc_parse(bytes, len, doc, &diag->error);
        break;
    case NB_SNIFF_XLSX:
    case NB_SNIFF_XLS:
        nb_buf_adds(&diag->error, "a spreadsheet (Excel/WPS): spreadsheets are not read");
        break;
    case NB_SNIFF_OFD:
        nb_buf_adds(&diag->error, "an OFD document: OFD files are not read (ask for a PDF or Word copy)");
        break;
    case NB_SNIFF_IMAGE:
        nb_buf_adds(&diag->error, "an image: images are not read");
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

nb_extract_status nb_extract_page(const char *bytes, size_t len, const nb_extract_options *opt,
                                  nb_report *out, nb_extract_diag *diag)
{
    nb_buf plain = NB_BUF_INIT;
    nb_extract_status status = NB_EXTRACT_OK;
    nb_sniff_kind kind = nb_sniff(bytes, len);
    if (kind == NB_SNIFF_GZIP) {
        size_t cap = opt && opt->max_bytes ? opt->max_bytes : (size_t)200 << 20;
        if (nb_decode_gunzip(bytes, len, cap, &plain, &diag->error) != 0) {
            nb_buf_free(&plain);
            return NB_EXTRACT_UNREADABLE;
        }
        bytes = plain.data ? plain.data : "", len = plain.len;
        kind = nb_sniff(bytes, len);
    }
    diag->format = nb_sniff_name(kind);
    nb_doc doc;
    nb_doc_init(&doc);
    status = kind == NB_SNIFF_TEXT || kind == NB_SNIFF_GZIP ? read_page_text(bytes, len, opt, &doc, diag)
                                                            : read_file_kind(kind, bytes, len, !(opt && opt->no_convert), &doc, diag);
    nb_buf_free(&plain);
    if (status != NB_EXTRACT_OK) {
        nb_doc_free(&doc);
        return status;
    }

    nb_report meta;
    memset(&meta, 0, sizeof meta);
    (opt && opt->read_meta ? opt->read_meta : nb_pagemeta_read)(&doc, &meta);
    int year = meta.year ? meta.year : opt ? opt->year_hint : 0;
    const nb_template *tpl = nb_match_detect(&doc, year);
    if (!tpl || nb_match_read(&doc, tpl, out, &diag->warnings) == 0) {
        if (tpl) nb_report_free(out);
        list_attachments(&doc, &diag->attachments);
        nb_buf_printf(&diag->error, "no report tables found in the %s", diag->is_html || !strcmp(diag->format, "text") ? "page" : "file");
        status = NB_EXTRACT_NO_TABLES;
    } else {
        memcpy(out->county, meta.county, sizeof meta.county);
        memcpy(out->township, meta.township, sizeof meta.township);
        memcpy(out->title, meta.title, sizeof meta.title);
        memcpy(out->publish_date, meta.publish_date, sizeof meta.publish_date);
        out->year = meta.year;
    }
    nb_doc_free(&doc);
    return status;
}
