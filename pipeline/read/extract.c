/* extract: the extraction stages chained for one page (see extract.h). */
#include "pipeline/read/extract.h"

#include <string.h>

#include "base/sha256.h"
#include "pipeline/ocrtrust.h"
#include "pipeline/read/doc.h"
#include "pipeline/read/htmldoc.h"
#include "pipeline/read/htmlnest.h"
#include "pipeline/read/match.h"
#include "pipeline/read/pagemeta.h"
#include "pipeline/read/prefilter.h"
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
    int year = meta.year ? meta.year : opt ? opt->year_hint : 0;
    const nb_template *tpl = nb_match_detect(doc, year);
    if (!tpl || nb_match_read(doc, tpl, out, &diag->warnings) == 0) {
        if (tpl) nb_report_free(out);
        list_attachments(doc, &diag->attachments);
        nb_buf_adds(&diag->error, "no report tables found in the page");
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

nb_extract_status nb_extract_page(const char *bytes, size_t len, const nb_extract_options *opt,
                                  nb_report *out, nb_extract_diag *diag)
{
    nb_buf plain = NB_BUF_INIT, text = NB_BUF_INIT;
    nb_extract_status status = NB_EXTRACT_OK;
    if (nb_imagedoc_sniff(bytes, len)) return extract_picture(bytes, len, opt, out, diag);
    if (nb_decode_is_gzip(bytes, len)) {
        size_t cap = opt && opt->max_bytes ? opt->max_bytes : (size_t)200 << 20;
        if (nb_decode_gunzip(bytes, len, cap, &plain, &diag->error) != 0) {
            nb_buf_free(&plain);
            return NB_EXTRACT_UNREADABLE;
        }
        bytes = plain.data, len = plain.len;
    }
    if (nb_decode_to_utf8(bytes, len, opt ? opt->http_charset : NULL, &text, &diag->decode, &diag->error) != 0) {
        nb_buf_free(&plain);
        nb_buf_free(&text);
        return NB_EXTRACT_UNREADABLE;
    }
    nb_buf_free(&plain);
    if (diag->decode.invalid_bytes)
        nb_buf_printf(&diag->warnings, "%zu bytes are not valid %s and were replaced\n",
                      diag->decode.invalid_bytes, diag->decode.charset);

    nb_doc doc;
    nb_doc_init(&doc);
    diag->is_html = nb_htmldoc_sniff(text.data, text.len);
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
            nb_doc_free(&doc);
            nb_buf_free(&text);
            return NB_EXTRACT_UNREADABLE;
        }
        nb_htmldoc_parse(html, html_len, &doc);
        nb_buf_free(&small);
    } else {
        nb_textdoc_parse(text.data, text.len, &doc);
    }

    status = nb_extract_doc(&doc, opt, out, diag);
    nb_doc_free(&doc);
    nb_buf_free(&text);
    return status;
}

void nb_extract_fingerprint(const char *bytes, size_t len, const nb_extract_options *opt, char hex[65])
{
    nb_report r;
    nb_extract_diag diag = {0};
    nb_buf said = NB_BUF_INIT;
    /* A picture is its bytes: reading it (OCR) to fingerprint it would cost seconds. */
    nb_extract_status status = nb_imagedoc_sniff(bytes, len) ? NB_EXTRACT_UNREADABLE
                                                              : nb_extract_page(bytes, len, opt, &r, &diag);
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
