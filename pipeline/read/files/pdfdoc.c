/* pdfdoc: MuPDF -> glyphs and rulings -> cells (see pdfdoc.h).
 *
 * One device sees each page once: text calls go on to MuPDF's structured-text device
 * (which groups characters and gives each its box), paths are walked here and their
 * straight pieces handed to pagegrid. A second interpretation of the page, or a display
 * list, would cost as much again. */
#include "pipeline/read/files/pdfdoc.h"

#include <mupdf/fitz.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/read/files/pagegrid.h"

/* ---- MuPDF's memory, capped ---- */

typedef struct {
    size_t used, cap;
    int refused;
} budget;

typedef union {
    size_t size;
    max_align_t align;
} header;

static void *cap_malloc(void *user, size_t n)
{
    budget *b = user;
    if (n > b->cap - b->used || n > SIZE_MAX - sizeof(header)) {
        b->refused = 1;
        return NULL;
    }
    header *h = malloc(sizeof *h + n);
    if (!h) return NULL;
    h->size = n;
    b->used += n;
    return h + 1;
}

static void cap_free(void *user, void *p)
{
    if (!p) return;
    budget *b = user;
    header *h = (header *)p - 1;
    b->used -= h->size;
    free(h);
}

static void *cap_realloc(void *user, void *p, size_t n)
{
    if (!p) return cap_malloc(user, n);
    if (!n) {
        cap_free(user, p);
        return NULL;
    }
    budget *b = user;
    header *h = (header *)p - 1;
    size_t old = h->size;
    if (n > old && (n - old > b->cap - b->used || n > SIZE_MAX - sizeof(header))) {
        b->refused = 1;
        return NULL;
    }
    header *g = realloc(h, sizeof *g + n);
    if (!g) return NULL;
    g->size = n;
    b->used = b->used - old + n;
    return g + 1;
}

/* MuPDF's warnings (a repaired cross-reference table, a missing font) are not ours to
 * print; the first one is kept for the error message when opening fails. */
typedef struct {
    char first[200];
    int count;
} messages;

static void on_message(void *user, const char *message)
{
    messages *m = user;
    if (!m->count++) snprintf(m->first, sizeof m->first, "%s", message);
}

/* ---- the device ---- */

typedef struct {
    fz_device super;
    fz_device *text;     /* the structured-text device */
    nb_pagegrid *pg;
    fz_matrix ctm;
    fz_point cur, start;
    fz_rect sub;         /* bounding box of the filled subpath being walked */
    int filling, has_sub;
} page_device;

static void flush_sub(page_device *d)
{
    if (d->filling && d->has_sub) nb_pagegrid_add_box(d->pg, d->sub.x0, d->sub.y0, d->sub.x1, d->sub.y1);
    d->has_sub = 0;
}

static void grow_sub(page_device *d, fz_point p)
{
    if (!d->has_sub) d->sub = fz_make_rect(p.x, p.y, p.x, p.y), d->has_sub = 1;
    else d->sub = fz_include_point_in_rect(d->sub, p);
}

static void w_moveto(fz_context *ctx, void *arg, float x, float y)
{
    (void)ctx;
    page_device *d = arg;
    flush_sub(d);
    d->cur = d->start = fz_transform_point_xy(x, y, d->ctm);
    grow_sub(d, d->cur);
}

static void w_lineto(fz_context *ctx, void *arg, float x, float y)
{
    (void)ctx;
    page_device *d = arg;
    fz_point p = fz_transform_point_xy(x, y, d->ctm);
    if (!d->filling) nb_pagegrid_add_segment(d->pg, d->cur.x, d->cur.y, p.x, p.y);
    grow_sub(d, p);
    d->cur = p;
}

static void w_curveto(fz_context *ctx, void *arg, float x1, float y1, float x2, float y2, float x3, float y3)
{
    (void)ctx, (void)x1, (void)y1, (void)x2, (void)y2;
    page_device *d = arg;
    /* A curve draws no ruling; a filled shape with one is no thin box either. */
    d->cur = fz_transform_point_xy(x3, y3, d->ctm);
    grow_sub(d, d->cur);
    grow_sub(d, fz_transform_point_xy(x1, y1, d->ctm));
}

static void w_closepath(fz_context *ctx, void *arg)
{
    (void)ctx;
    page_device *d = arg;
    if (!d->filling) nb_pagegrid_add_segment(d->pg, d->cur.x, d->cur.y, d->start.x, d->start.y);
    d->cur = d->start;
}

static void w_rectto(fz_context *ctx, void *arg, float x0, float y0, float x1, float y1)
{
    page_device *d = arg;
    w_moveto(ctx, arg, x0, y0);
    w_lineto(ctx, arg, x1, y0);
    w_lineto(ctx, arg, x1, y1);
    w_lineto(ctx, arg, x0, y1);
    w_closepath(ctx, arg);
    flush_sub(d);
}

static const fz_path_walker walker = {w_moveto, w_lineto, w_curveto, w_closepath, NULL, NULL, NULL, w_rectto};

/* White or transparent paint draws nothing a reader sees. */
static int invisible(fz_context *ctx, fz_colorspace *cs, const float *color, float alpha)
{
    if (alpha < 0.1f) return 1;
    if (!cs || !color) return 0;
    int n = fz_colorspace_n(ctx, cs);
    if (fz_colorspace_is_cmyk(ctx, cs)) {
        for (int i = 0; i < n; i++)
            if (color[i] > 0.05f) return 0;
        return 1;
    }
    if (fz_colorspace_is_gray(ctx, cs) || fz_colorspace_is_rgb(ctx, cs)) {
        for (int i = 0; i < n; i++)
            if (color[i] < 0.95f) return 0;
        return 1;
    }
    return 0;
}

static void dev_fill_path(fz_context *ctx, fz_device *dev, const fz_path *path, int even_odd, fz_matrix ctm,
                          fz_colorspace *cs, const float *color, float alpha, fz_color_params cp)
{
    (void)even_odd, (void)cp;
    page_device *d = (page_device *)dev;
    if (invisible(ctx, cs, color, alpha)) return;
    d->ctm = ctm, d->filling = 1, d->has_sub = 0;
    fz_walk_path(ctx, path, &walker, d);
    flush_sub(d);
}

static void dev_stroke_path(fz_context *ctx, fz_device *dev, const fz_path *path, const fz_stroke_state *st,
                            fz_matrix ctm, fz_colorspace *cs, const float *color, float alpha, fz_color_params cp)
{
    (void)st, (void)cp;
    page_device *d = (page_device *)dev;
    if (invisible(ctx, cs, color, alpha)) return;
    d->ctm = ctm, d->filling = 0, d->has_sub = 0;
    fz_walk_path(ctx, path, &walker, d);
}

static void dev_fill_text(fz_context *ctx, fz_device *dev, const fz_text *t, fz_matrix ctm, fz_colorspace *cs,
                          const float *color, float alpha, fz_color_params cp)
{
    fz_fill_text(ctx, ((page_device *)dev)->text, t, ctm, cs, color, alpha, cp);
}

static void dev_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *t, const fz_stroke_state *st,
                            fz_matrix ctm, fz_colorspace *cs, const float *color, float alpha, fz_color_params cp)
{
    fz_stroke_text(ctx, ((page_device *)dev)->text, t, st, ctm, cs, color, alpha, cp);
}

static void dev_clip_text(fz_context *ctx, fz_device *dev, const fz_text *t, fz_matrix ctm, fz_rect scissor)
{
    fz_clip_text(ctx, ((page_device *)dev)->text, t, ctm, scissor);
}

static void dev_clip_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *t, const fz_stroke_state *st,
                                 fz_matrix ctm, fz_rect scissor)
{
    fz_clip_stroke_text(ctx, ((page_device *)dev)->text, t, st, ctm, scissor);
}

static void dev_ignore_text(fz_context *ctx, fz_device *dev, const fz_text *t, fz_matrix ctm)
{
    fz_ignore_text(ctx, ((page_device *)dev)->text, t, ctm);
}

/* ---- reading ---- */

/* The page's characters into pg: boxes from MuPDF's quads, heights from the baseline
 * and the font size (a CJK font's own ascent and descent make boxes of three lines).
 * Returns the number of characters left out because they do not run left to right. */
static int add_glyphs(fz_stext_page *st, nb_pagegrid *pg)
{
    int skipped = 0, run = 0;
    for (fz_stext_block *b = st->first_block; b; b = b->next) {
        if (b->type != FZ_STEXT_BLOCK_TEXT) continue;
        for (fz_stext_line *l = b->u.t.first_line; l; l = l->next) {
            run++;
            int horizontal = l->wmode == 0 && l->dir.x > 0.99f;
            for (fz_stext_char *c = l->first_char; c; c = c->next) {
                if (!horizontal) {
                    skipped += c->c > ' ';
                    continue;
                }
                fz_rect r = fz_rect_from_quad(c->quad);
                nb_pg_glyph g = {(uint32_t)c->c, r.x0, c->origin.y - c->size * 0.85f, r.x1,
                                 c->origin.y + c->size * 0.15f, c->origin.y, c->size, run};
                nb_pagegrid_add_glyph(pg, &g);
            }
        }
    }
    return skipped;
}

/* One MuPDF context with its memory cap and its messages kept (one per call). */
typedef struct {
    budget mem;
    fz_alloc_context alloc;
    messages msgs;
} reader;

static fz_context *open_reader(reader *r, nb_buf *error)
{
    *r = (reader){{0, NB_PDFDOC_MAX_MEMORY, 0}, {NULL, cap_malloc, cap_realloc, cap_free}, {{0}, 0}};
    r->alloc.user = &r->mem;
    fz_context *ctx = fz_new_context(&r->alloc, NULL, 16 << 20);
    if (!ctx) {
        nb_buf_adds(error, "could not start the PDF reader (MuPDF): out of memory");
        return NULL;
    }
    fz_set_warning_callback(ctx, on_message, &r->msgs);
    fz_set_error_callback(ctx, on_message, &r->msgs);
    return ctx;
}

int nb_pdfdoc_parse(const char *bytes, size_t len, nb_doc *d, nb_buf *warnings, nb_buf *error)
{
    reader rd;
    fz_context *ctx = open_reader(&rd, error);
    if (!ctx) return -1;
    nb_pagegrid pg;
    nb_pagegrid_init(&pg);
    fz_stream *stm = NULL;
    fz_document *doc = NULL;
    fz_page *page = NULL;
    fz_stext_page *st = NULL;
    page_device *dev = NULL;
    int rc = 0, skipped = 0, npages = 0, encrypted = 0;
    /* Everything fz_try changes and fz_catch or the code after reads (setjmp rules). */
    fz_var(stm), fz_var(doc), fz_var(page), fz_var(st), fz_var(dev);
    fz_var(rc), fz_var(skipped), fz_var(npages), fz_var(encrypted);
    fz_try(ctx)
    {
        fz_register_document_handlers(ctx);
        stm = fz_open_memory(ctx, (const unsigned char *)bytes, len);
        doc = fz_open_document_with_stream(ctx, "application/pdf", stm);
        if (fz_needs_password(ctx, doc) && !fz_authenticate_password(ctx, doc, "")) {
            encrypted = 1;
            fz_throw(ctx, FZ_ERROR_GENERIC, "encrypted");
        }
        npages = fz_count_pages(ctx, doc);
        int n = npages < NB_PDFDOC_MAX_PAGES ? npages : NB_PDFDOC_MAX_PAGES;
        fz_stext_options opts = {FZ_STEXT_PRESERVE_LIGATURES | FZ_STEXT_INHIBIT_SPACES, 0};
        for (int p = 0; p < n; p++) {
            page = fz_load_page(ctx, doc, p);
            fz_rect box = fz_bound_page(ctx, page);
            st = fz_new_stext_page(ctx, box);
            dev = fz_new_derived_device(ctx, page_device);
            dev->super.fill_path = dev_fill_path;
            dev->super.stroke_path = dev_stroke_path;
            dev->super.fill_text = dev_fill_text;
            dev->super.stroke_text = dev_stroke_text;
            dev->super.clip_text = dev_clip_text;
            dev->super.clip_stroke_text = dev_clip_stroke_text;
            dev->super.ignore_text = dev_ignore_text;
            dev->pg = &pg;
            dev->text = fz_new_stext_device(ctx, st, &opts);
            /* The page's own origin: MuPDF's page space has y growing downwards. */
            nb_pagegrid_add_page(&pg, box.x1 - box.x0, box.y1 - box.y0);
            fz_run_page(ctx, page, &dev->super, fz_translate(-box.x0, -box.y0), NULL);
            fz_close_device(ctx, dev->text);
            fz_close_device(ctx, &dev->super);
            skipped += add_glyphs(st, &pg);
            fz_drop_device(ctx, dev->text);
            fz_drop_device(ctx, &dev->super);
            dev = NULL;
            fz_drop_stext_page(ctx, st);
            st = NULL;
            fz_drop_page(ctx, page);
            page = NULL;
        }
    }
    fz_always(ctx)
    {
        if (dev) {
            fz_drop_device(ctx, dev->text);
            fz_drop_device(ctx, &dev->super);
        }
        fz_drop_stext_page(ctx, st);
        fz_drop_page(ctx, page);
        fz_drop_document(ctx, doc);
        fz_drop_stream(ctx, stm);
    }
    fz_catch(ctx)
    {
        rc = -1;
        if (encrypted) nb_buf_adds(error, "the PDF is encrypted: it opens only with a password");
        else if (rd.mem.refused)
            nb_buf_printf(error, "the PDF needs more than %zu MB to read: not read", NB_PDFDOC_MAX_MEMORY >> 20);
        else
            nb_buf_printf(error, "not a readable PDF: %s", rd.msgs.first[0] ? rd.msgs.first : fz_caught_message(ctx));
    }
    fz_drop_context(ctx);
    if (rc == 0 && npages <= 0) {
        nb_buf_adds(error, "the PDF has no pages");
        rc = -1;
    }
    if (rc == 0) {
        if (npages > NB_PDFDOC_MAX_PAGES)
            nb_buf_printf(warnings, "the PDF has %d pages; only the first %d were read\n", (int)npages, NB_PDFDOC_MAX_PAGES);
        size_t glyphs = 0;
        for (int p = 0; p < pg.npages; p++) glyphs += pg.pages[p].nglyphs;
        if (!glyphs)
            nb_buf_adds(warnings, "the PDF holds no text: its pages are images (a scan?)\n");
        if (skipped)
            nb_buf_printf(warnings, "%d characters of the PDF are not written left to right (rotated or vertical text) and were not read\n",
                          (int)skipped);
        nb_pagegrid_to_doc(&pg, d, warnings);
    }
    nb_pagegrid_free(&pg);
    return rc;
}

/* ---- scanned pages ---- */

/* A device that only looks: how much text a page shows, and its largest image. */
typedef struct {
    fz_device super;
    int chars;
    float image_area; /* of the largest image, in square points */
    int image_w;      /* its width in pixels, and in points on the page */
    float image_pt;
} look_device;

static void count_text(fz_context *ctx, fz_device *dev, const fz_text *t, fz_matrix ctm, fz_colorspace *cs,
                       const float *color, float alpha, fz_color_params cp)
{
    (void)ctx, (void)ctm, (void)cs, (void)color, (void)alpha, (void)cp;
    look_device *d = (look_device *)dev;
    for (const fz_text_span *s = t->head; s; s = s->next)
        for (int i = 0; i < s->len; i++) d->chars += s->items[i].ucs > ' ';
}

static void note_image(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm, float alpha,
                       fz_color_params cp)
{
    (void)alpha, (void)cp;
    look_device *d = (look_device *)dev;
    fz_rect r = fz_transform_rect(fz_unit_rect, ctm);
    float area = (r.x1 - r.x0) * (r.y1 - r.y0);
    (void)ctx;
    if (area > d->image_area) d->image_area = area, d->image_w = img->w, d->image_pt = r.x1 - r.x0;
}

/* A 1-bit scan is often drawn as a stencil mask (ImageMask), painted in black. */
static void note_mask(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm, fz_colorspace *cs,
                      const float *color, float alpha, fz_color_params cp)
{
    (void)cs, (void)color;
    note_image(ctx, dev, img, ctm, alpha, cp);
}

enum { SCAN_MAX_CHARS = 20, SCAN_DPI_MIN = 150, SCAN_DPI_MAX = 300 };

int nb_pdfdoc_scans(const char *bytes, size_t len, int max_pages, nb_pdfdoc_scan_fn fn, void *user, nb_buf *error)
{
    reader rd;
    fz_context *ctx = open_reader(&rd, error);
    if (!ctx) return -1;
    fz_stream *stm = NULL;
    fz_document *doc = NULL;
    fz_page *page = NULL;
    look_device *dev = NULL;
    fz_pixmap *pix = NULL;
    int handed = 0, failed = 0;
    fz_var(stm), fz_var(doc), fz_var(page), fz_var(dev), fz_var(pix), fz_var(handed);
    fz_try(ctx)
    {
        fz_register_document_handlers(ctx);
        stm = fz_open_memory(ctx, (const unsigned char *)bytes, len);
        doc = fz_open_document_with_stream(ctx, "application/pdf", stm);
        if (fz_needs_password(ctx, doc) && !fz_authenticate_password(ctx, doc, ""))
            fz_throw(ctx, FZ_ERROR_GENERIC, "the PDF is encrypted: it opens only with a password");
        int n = fz_count_pages(ctx, doc), stop = 0;
        if (n > NB_PDFDOC_MAX_PAGES) n = NB_PDFDOC_MAX_PAGES;
        for (int p = 0; p < n && handed < max_pages && !stop; p++) {
            page = fz_load_page(ctx, doc, p);
            fz_rect box = fz_bound_page(ctx, page);
            dev = fz_new_derived_device(ctx, look_device);
            dev->super.fill_text = count_text;
            dev->super.fill_image = note_image;
            dev->super.fill_image_mask = note_mask;
            fz_run_page(ctx, page, &dev->super, fz_identity, NULL);
            fz_close_device(ctx, &dev->super);
            float page_area = (box.x1 - box.x0) * (box.y1 - box.y0);
            if (dev->chars < SCAN_MAX_CHARS && dev->image_w > 0 && dev->image_area * 3 >= page_area) {
                int dpi = (int)(dev->image_w * 72.0f / dev->image_pt);
                dpi = dpi < SCAN_DPI_MIN ? SCAN_DPI_MIN : dpi > SCAN_DPI_MAX ? SCAN_DPI_MAX : dpi;
                pix = fz_new_pixmap_from_page(ctx, page, fz_scale(dpi / 72.0f, dpi / 72.0f), fz_device_gray(ctx), 0);
                nb_pdfdoc_scan scan = {p, fz_pixmap_width(ctx, pix), fz_pixmap_height(ctx, pix),
                                       (int)fz_pixmap_stride(ctx, pix), fz_pixmap_samples(ctx, pix), dpi};
                stop = fn(&scan, user);
                handed++;
                fz_drop_pixmap(ctx, pix);
                pix = NULL;
            }
            fz_drop_device(ctx, &dev->super);
            dev = NULL;
            fz_drop_page(ctx, page);
            page = NULL;
        }
    }
    fz_always(ctx)
    {
        fz_drop_pixmap(ctx, pix);
        if (dev) fz_drop_device(ctx, &dev->super);
        fz_drop_page(ctx, page);
        fz_drop_document(ctx, doc);
        fz_drop_stream(ctx, stm);
    }
    fz_catch(ctx)
    {
        failed = 1;
        if (rd.mem.refused)
            nb_buf_printf(error, "the PDF needs more than %zu MB to read: not read", NB_PDFDOC_MAX_MEMORY >> 20);
        else
            nb_buf_printf(error, "%s", fz_caught_message(ctx));
    }
    fz_drop_context(ctx);
    return failed ? -1 : handed;
}
