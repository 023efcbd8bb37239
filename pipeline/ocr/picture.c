/* picture: pictures of tables read by OCR (see picture.h).
 *
 * The stages: decode (Leptonica), grey, measure the text, enlarge, straighten, binarise,
 * find ruled tables, erase the rulings, read each cell; or, without rulings, read words
 * and align them. Every stage works on a new picture, so each can be looked at alone. */
#include "pipeline/ocr/picture.h"

#include <leptonica/allheaders.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/sha256.h"

#include <zlib.h>
#include "pipeline/ocr/ruling.h"
#include "pipeline/ocr/wordtable.h"

nb_picture_format nb_picture_sniff(const void *bytes, size_t len)
{
    const unsigned char *b = bytes;
    if (len >= 8 && !memcmp(b, "\x89PNG\r\n\x1a\n", 8)) return NB_PICTURE_PNG;
    if (len >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return NB_PICTURE_JPEG;
    if (len >= 6 && (!memcmp(b, "GIF87a", 6) || !memcmp(b, "GIF89a", 6))) return NB_PICTURE_GIF;
    if (len >= 14 && b[0] == 'B' && b[1] == 'M') return NB_PICTURE_BMP;
    return NB_PICTURE_NONE;
}

const char *nb_picture_format_name(nb_picture_format f)
{
    static const char *const names[] = {"", "PNG", "JPEG", "GIF", "BMP"};
    return f >= NB_PICTURE_NONE && f <= NB_PICTURE_BMP ? names[f] : "";
}

/* Text is read best at about this character height (pixels). */
enum { TARGET_CHAR_H = 24 };
#define MAX_SCALED_PIXELS 60e6

/* Darker than this (0..255) is ink. The paper is the median grey (a table is mostly
 * paper), the ink the darkest percent; the cut sits well towards the paper, so that the
 * thin, anti-aliased strokes of small type stay whole (a 7 broken in three is no 7). */
static int ink_threshold(PIX *gray)
{
    NUMA *hist = pixGetGrayHistogram(gray, 1);
    if (!hist) return 180;
    double total = 0, seen = 0;
    l_float32 v;
    for (int i = 0; i < 256; i++) numaGetFValue(hist, i, &v), total += v;
    int dark = -1, paper = -1;
    for (int i = 0; i < 256 && paper < 0; i++) {
        numaGetFValue(hist, i, &v);
        seen += v;
        if (dark < 0 && seen >= total * 0.01) dark = i;
        if (seen >= total * 0.5) paper = i;
    }
    numaDestroy(&hist);
    if (dark < 0 || paper < 0 || paper - dark < 40) return 180; /* hardly any contrast */
    return dark + (paper - dark) * 7 / 10;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* The median height of what looks like characters (pieces about as wide as tall or
 * narrower, not tiny, not huge); 0 if there is no text. */
static int char_height(PIX *bin)
{
    BOXA *boxes = pixConnComp(bin, NULL, 8);
    int n = boxes ? boxaGetCount(boxes) : 0, m = 0;
    int *h = nb_xmalloc(sizeof *h * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        l_int32 x, y, bw, bh;
        boxaGetBoxGeometry(boxes, i, &x, &y, &bw, &bh);
        if (bh >= 6 && bh <= 120 && bw >= 2 && bw <= 2 * bh) h[m++] = bh;
    }
    boxaDestroy(&boxes);
    int med = 0;
    if (m) {
        qsort(h, (size_t)m, sizeof *h, cmp_int);
        med = h[m / 2];
    }
    free(h);
    return med;
}

typedef struct {
    PIX *gray; /* enlarged, straightened */
    PIX *bin;
    int char_h;
    int threshold;
} page;

static void page_free(page *p)
{
    pixDestroy(&p->gray);
    pixDestroy(&p->bin);
}

static int prepare(PIX *pix, page *p, nb_picture_stats *st, nb_buf *err)
{
    memset(p, 0, sizeof *p);
    PIX *gray = pixGetDepth(pix) == 32 ? pixConvertRGBToLuminance(pix) : pixConvertTo8(pix, 0);
    if (!gray) {
        nb_buf_adds(err, "the picture could not be converted to grey");
        return -1;
    }
    p->threshold = ink_threshold(gray);
    PIX *bin = pixThresholdToBinary(gray, p->threshold);
    int ch = bin ? char_height(bin) : 0;
    pixDestroy(&bin);
    double scale = 1;
    if (ch > 0 && ch < TARGET_CHAR_H) {
        scale = (double)TARGET_CHAR_H / ch;
        if (scale > 4) scale = 4;
        /* Memory: a large scan of small print is enlarged less rather than to 1 GB. */
        l_int32 w, h;
        pixGetDimensions(gray, &w, &h, NULL);
        double most = sqrt(MAX_SCALED_PIXELS / ((double)w * h));
        if (scale > most) scale = most;
    }
    if (scale > 1.05) {
        PIX *big = pixScaleGrayLI(gray, (float)scale, (float)scale);
        if (big) pixDestroy(&gray), gray = big;
    } else {
        scale = 1;
    }
    st->scale = scale;
    p->char_h = ch ? (int)lround(ch * scale) : TARGET_CHAR_H;
    p->bin = pixThresholdToBinary(gray, p->threshold);
    /* Straighten: a screenshot is straight; a scan or a photographed page is often
     * turned by a degree or two, which breaks rulings into steps. */
    l_float32 angle = 0, conf = 0;
    if (p->bin && pixFindSkew(p->bin, &angle, &conf) == 0 && conf >= 3 && fabsf(angle) >= 0.1f &&
        fabsf(angle) <= 2.5f) {
        PIX *rot = pixRotate(gray, angle * (float)M_PI / 180, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
        if (rot) {
            pixDestroy(&gray);
            gray = rot;
            pixDestroy(&p->bin);
            p->bin = pixThresholdToBinary(gray, p->threshold);
            st->angle = angle;
        }
    }
    p->gray = gray;
    if (!p->bin) {
        page_free(p);
        nb_buf_adds(err, "the picture could not be binarised");
        return -1;
    }
    return 0;
}

/* In a column of figures, a cell read as something else that is no word (a 0 read as
 * O, a 7 as 了) is in doubt: the column says a figure stood there. */
static void doubt_odd_cells(nb_ocrcells *cells, int first, int ncols)
{
    for (int col = 0; col < ncols; col++) {
        int figures = 0, filled = 0;
        for (int i = first; i < cells->n; i++) {
            const nb_ocrcell *c = &cells->cells[i];
            if (c->col != col || c->colspan != 1 || !c->text[0]) continue;
            filled++;
            figures += nb_cellocr_is_figure(c->text);
        }
        if (figures < 3 || figures * 10 < filled * 6) continue;
        for (int i = first; i < cells->n; i++) {
            nb_ocrcell *c = &cells->cells[i];
            if (c->col == col && c->colspan == 1 && c->text[0] && !nb_cellocr_is_figure(c->text) &&
                nb_cellocr_cjk_chars(c->text) < 2)
                c->marks |= NB_MARK_OCR_UNCERTAIN;
        }
    }
}

/* Reads the ruled tables of the page into cells; returns the number of tables. */
static int read_ruled(page *p, nb_cellocr *ocr, nb_ocrcells *out, nb_picture_stats *st)
{
    nb_ruling rl;
    if (nb_ruling_find(p->bin, p->char_h, &rl) != 0 || rl.ntables == 0) {
        nb_ruling_free(&rl);
        return 0;
    }
    /* Erase the rulings, a little wider than found (anti-aliased edges), from both the
     * grey picture Tesseract reads and the ink the glyphs are counted on. */
    PIX *wide = pixDilateBrick(NULL, rl.lines, 5, 5);
    PIX *clean = pixCopy(NULL, p->gray);
    pixSetMasked(clean, wide, 0xff);
    PIX *ink = pixSubtract(NULL, p->bin, wide);
    pixDestroy(&wide);
    nb_cellocr_set_page(ocr, clean);
    for (int t = 0; t < rl.ntables; t++) {
        const nb_ruling_table *tb = &rl.tables[t];
        int first = out->n;
        for (int i = 0; i < tb->ncells; i++) {
            const nb_ruling_cell *c = &tb->cells[i];
            nb_cellocr_result r;
            nb_cellocr_read(ocr, ink, c->x0, c->y0, c->x1, c->y1, &r);
            st->ocr_reads += r.reads;
            unsigned char flags = NB_MARK_OCR;
            if (r.text[0] && (r.uncertain || c->irregular)) flags |= NB_MARK_OCR_UNCERTAIN;
            nb_ocrcells_add(out, t, c->row, c->col, c->colspan, c->rowspan, flags, r.text);
        }
        doubt_odd_cells(out, first, tb->ncols);
    }
    nb_cellocr_set_page(ocr, NULL);
    pixDestroy(&clean);
    pixDestroy(&ink);
    int n = rl.ntables;
    nb_ruling_free(&rl);
    return n;
}

static void count(const nb_ocrcells *cells, nb_picture_stats *st)
{
    st->cells = cells->n;
    st->uncertain = 0;
    for (int i = 0; i < cells->n; i++) st->uncertain += (cells->cells[i].marks & NB_MARK_OCR_UNCERTAIN) != 0;
}

static pthread_once_t quiet_once = PTHREAD_ONCE_INIT;

static void quiet(void)
{
    setMsgSeverity(L_SEVERITY_NONE); /* Leptonica would print its complaints to stderr */
}

int nb_picture_read_pix(struct Pix *pix, const char *key, const nb_picture_options *opt, nb_ocrcells *out,
                        nb_picture_stats *stats, nb_buf *err)
{
    pthread_once(&quiet_once, quiet);
    nb_picture_stats local;
    nb_picture_stats *st = stats ? stats : &local;
    memset(st, 0, sizeof *st);
    st->scale = 1;
    const char *cache = opt ? opt->cache_dir : NULL;
    if (cache && key && nb_ocrcache_load(cache, key, out)) {
        st->cached = 1;
        count(out, st);
        return 0;
    }
    l_int32 w = 0, h = 0;
    pixGetDimensions(pix, &w, &h, NULL);
    long max_pixels = opt && opt->max_pixels ? opt->max_pixels : 40000000L;
    if ((long)w * h > max_pixels || w < 1 || h < 1) {
        nb_buf_printf(err, "a picture of %dx%d pixels: more than the %ld pixels nianbao reads", w, h, max_pixels);
        return -1;
    }
    nb_cellocr *ocr = opt && opt->ocr && *opt->ocr ? *opt->ocr : nb_cellocr_open(err);
    if (!ocr) return -1;
    if (opt && opt->ocr) *opt->ocr = ocr;
    page p;
    int rc = prepare(pix, &p, st, err);
    if (rc == 0) {
        out->tables = read_ruled(&p, ocr, out, st);
        if (out->tables == 0)
            out->tables = out->unruled = nb_wordtable_read(ocr, p.gray, p.bin, p.char_h, out, &st->ocr_reads);
        page_free(&p);
        count(out, st);
        /* A cache that cannot be written costs the next run time, not this result. */
        if (cache && key && nb_ocrcache_store(cache, key, out, err) != 0) st->cache_failed = 1;
    }
    if (!(opt && opt->ocr)) nb_cellocr_close(ocr);
    return rc;
}

/* The decoders of PNG and JPEG print their complaints about a damaged file to stderr,
 * which library code must not do. A PNG is checked first chunk by chunk (lengths in
 * bounds, CRCs right, IEND reached) and a JPEG for its end marker: a picture cut short
 * (the usual damage, a download stopped) is refused here, silently, with a reason. */
static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static const char *damage(nb_picture_format f, const unsigned char *b, size_t len)
{
    if (f == NB_PICTURE_PNG) {
        size_t at = 8;
        while (at + 12 <= len) {
            uint32_t n = be32(b + at);
            if (n > len - at - 12) return "a chunk runs past the end (cut short?)";
            uLong crc = crc32(0L, b + at + 4, (uInt)n + 4);
            if (crc != be32(b + at + 8 + n)) return "a chunk's checksum is wrong";
            if (!memcmp(b + at + 4, "IEND", 4)) return NULL;
            at += 12 + (size_t)n;
        }
        return "no end chunk (cut short?)";
    }
    if (f == NB_PICTURE_JPEG) {
        while (len > 2 && b[len - 1] != 0xD9) len--; /* some writers pad after the end */
        if (len < 4 || b[len - 2] != 0xFF) return "no end marker (cut short?)";
    }
    return NULL;
}

int nb_picture_read(const void *bytes, size_t len, const nb_picture_options *opt, nb_ocrcells *out,
                    nb_picture_stats *stats, nb_buf *err)
{
    pthread_once(&quiet_once, quiet);
    nb_picture_format f = nb_picture_sniff(bytes, len);
    if (f == NB_PICTURE_NONE) {
        nb_buf_adds(err, "not a PNG, JPEG, GIF or BMP picture");
        return -1;
    }
    char key[65];
    nb_sha256_hex_of(bytes, len, key);
    /* The cache answers before the picture is even decoded. */
    if (opt && opt->cache_dir && nb_ocrcache_load(opt->cache_dir, key, out)) {
        nb_picture_stats local;
        nb_picture_stats *st = stats ? stats : &local;
        memset(st, 0, sizeof *st);
        st->scale = 1;
        st->cached = 1;
        count(out, st);
        return 0;
    }
    const char *why = damage(f, bytes, len);
    if (why) {
        nb_buf_printf(err, "a damaged %s picture: %s", nb_picture_format_name(f), why);
        return -1;
    }
    PIX *pix = pixReadMem(bytes, len);
    if (!pix) {
        nb_buf_printf(err, "a damaged %s picture: it could not be decoded", nb_picture_format_name(f));
        return -1;
    }
    int rc = nb_picture_read_pix(pix, key, opt, out, stats, err);
    pixDestroy(&pix);
    return rc;
}
