/* imagedoc: OCR'd cells into a doc (see imagedoc.h). */
#include "pipeline/read/files/imagedoc.h"

#include <leptonica/allheaders.h>
#include <string.h>

#include "base/sha256.h"
#include "pipeline/read/files/pdfdoc.h"

int nb_imagedoc_sniff(const void *bytes, size_t len)
{
    return nb_picture_sniff(bytes, len) != NB_PICTURE_NONE;
}

void nb_imagedoc_append(const nb_ocrcells *cells, nb_doc *out)
{
    int base = out->ntables, last_table = -1, last_row = -1;
    for (int i = 0; i < cells->n; i++) {
        const nb_ocrcell *c = &cells->cells[i];
        if (c->table != last_table || c->row != last_row) nb_doc_new_row(out);
        last_table = c->table, last_row = c->row;
        nb_doc_add_cell(out, c->text, strlen(c->text), c->col, c->colspan, c->rowspan, base + c->table, 1);
        out->cells[out->ncells - 1].marks = c->marks;
    }
    out->ntables += cells->tables;
    out->ocr_cells += cells->n;
}

int nb_imagedoc_read(const void *bytes, size_t len, const nb_picture_options *opt, nb_doc *out,
                     nb_picture_stats *stats, nb_buf *err)
{
    nb_ocrcells cells = {0};
    int rc = nb_picture_read(bytes, len, opt, &cells, stats, err);
    if (rc == 0) nb_imagedoc_append(&cells, out);
    nb_ocrcells_free(&cells);
    return rc;
}

int nb_imagedoc_read_pix(struct Pix *pix, const char *key, const nb_picture_options *opt, nb_doc *out,
                         nb_picture_stats *stats, nb_buf *err)
{
    nb_ocrcells cells = {0};
    int rc = nb_picture_read_pix(pix, key, opt, &cells, stats, err);
    if (rc == 0) nb_imagedoc_append(&cells, out);
    nb_ocrcells_free(&cells);
    return rc;
}

/* ---- scanned PDFs ---- */

typedef struct {
    const nb_picture_options *opt;
    nb_ocrcells cells;   /* every page's, tables numbered across pages */
    nb_picture_stats sum;
    nb_buf *err;
    int failed;
} scans;

static int read_scan(const nb_pdfdoc_scan *scan, void *user)
{
    scans *s = user;
    PIX *pix = pixCreate(scan->w, scan->h, 8);
    if (!pix) {
        nb_buf_printf(s->err, "page %d: out of memory for its picture", scan->page + 1);
        return s->failed = 1;
    }
    l_uint32 *data = pixGetData(pix);
    int wpl = pixGetWpl(pix);
    for (int y = 0; y < scan->h; y++)
        for (int x = 0; x < scan->w; x++) SET_DATA_BYTE(data + y * wpl, x, scan->samples[(size_t)y * scan->stride + x]);
    nb_ocrcells page = {0};
    nb_picture_stats st;
    nb_buf why = NB_BUF_INIT;
    int rc = nb_picture_read_pix(pix, NULL, s->opt, &page, &st, &why);
    pixDestroy(&pix);
    if (rc != 0) {
        nb_buf_printf(s->err, "page %d: %s", scan->page + 1, why.data);
        s->failed = 1;
    } else {
        for (int i = 0; i < page.n; i++) {
            const nb_ocrcell *c = &page.cells[i];
            nb_ocrcells_add(&s->cells, s->cells.tables + c->table, c->row, c->col, c->colspan, c->rowspan,
                            c->marks, c->text);
        }
        s->cells.tables += page.tables;
        s->cells.unruled += page.unruled;
        s->sum.ocr_reads += st.ocr_reads;
        if (st.angle != 0) s->sum.angle = st.angle;
        if (st.scale > s->sum.scale) s->sum.scale = st.scale;
    }
    nb_ocrcells_free(&page);
    nb_buf_free(&why);
    return s->failed;
}

static void count_cells(const nb_ocrcells *cells, nb_picture_stats *st)
{
    st->cells = cells->n;
    for (int i = 0; i < cells->n; i++) st->uncertain += (cells->cells[i].marks & NB_MARK_OCR_UNCERTAIN) != 0;
}

int nb_imagedoc_read_pdf(const void *bytes, size_t len, const nb_picture_options *opt, nb_doc *out,
                         nb_picture_stats *stats, nb_buf *err)
{
    nb_picture_stats local;
    nb_picture_stats *st = stats ? stats : &local;
    memset(st, 0, sizeof *st);
    st->scale = 1;
    char key[65];
    nb_sha256_hex_of(bytes, len, key);
    const char *cache = opt ? opt->cache_dir : NULL;
    scans s = {0};
    if (cache && nb_ocrcache_load(cache, key, &s.cells)) {
        st->cached = 1;
        count_cells(&s.cells, st);
        nb_imagedoc_append(&s.cells, out);
        int pages = s.cells.n ? 1 : 0; /* the cache keeps cells, not pages: some were read */
        nb_ocrcells_free(&s.cells);
        return pages;
    }
    /* The pages share one pair of readers (and the caller's, when it has some); each
     * page is cached with the whole PDF, not alone. */
    nb_cellocr *readers = NULL;
    nb_picture_options each = opt ? *opt : (nb_picture_options){0};
    each.cache_dir = NULL;
    if (!each.ocr) each.ocr = &readers;
    s.opt = &each;
    s.err = err;
    s.sum.scale = 1;
    int pages = nb_pdfdoc_scans(bytes, len, NB_IMAGEDOC_MAX_SCANS, read_scan, &s, err);
    nb_cellocr_close(readers);
    if (pages < 0 || s.failed) {
        nb_ocrcells_free(&s.cells);
        return -1;
    }
    *st = s.sum;
    count_cells(&s.cells, st);
    if (pages > 0) {
        nb_imagedoc_append(&s.cells, out);
        nb_buf why = NB_BUF_INIT;
        if (cache && nb_ocrcache_store(cache, key, &s.cells, &why) != 0) {
            st->cache_failed = 1;
            nb_buf_adds(err, why.data);
        }
        nb_buf_free(&why);
    }
    nb_ocrcells_free(&s.cells);
    return pages;
}
