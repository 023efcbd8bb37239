/* cellocr: one cell, read as a figure and, when in doubt, as Chinese text (see
 * cellocr.h).
 *
 * Both Tesseract readers keep the whole page and are pointed at one rectangle at a time,
 * so a cell costs no copy. The glyph count (connected ink, pieces of one character
 * joined) is the reading's independent witness: a figure reader that printed five
 * characters for four glyphs has invented one. */
#include "pipeline/ocr/cellocr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

#include "base/utf8.h"

struct nb_cellocr {
    TessBaseAPI *figures; /* eng, digits and figure symbols, one line */
    TessBaseAPI *text;    /* chi_sim, a block */
    PIX *page;
};

/* What a figure is printed with. The em dash and 约/万元 need the Chinese reader. */
static const char FIGURE_CHARS[] = "0123456789.,-/%";

/* A figure reading needs every character at least this sure to be kept at all
 * (FIGURE_SURE), to stand without the Chinese reader's confirmation (FIGURE_ALONE; a 0
 * whose glyph is one ring: ZERO_SURE). On the test pictures the digits reader was never
 * wrong at 97 or more with one character per glyph; at 94 it took a 1 for a 4. */
enum { FIGURE_SURE = 75, TEXT_SURE = 60, ZERO_SURE = 95, FIGURE_ALONE = 97 };

static TessBaseAPI *start(const char *lang, nb_buf *err)
{
    TessBaseAPI *api = TessBaseAPICreate();
    /* Tesseract's own messages would go to stderr; library code never prints. */
    /* Cells are dark on light: reading each line again inverted, in case it is light on
     * dark (Tesseract's default when a line reads poorly), would only double the cost. */
    char *names[] = {"debug_file", "user_defined_dpi", "tessedit_do_invert"};
    char *values[] = {"/dev/null", "300", "0"};
    if (TessBaseAPIInit4(api, NULL, lang, OEM_LSTM_ONLY, NULL, 0, names, values, 3, 0) != 0) {
        nb_buf_printf(err, "Tesseract cannot load its %s language data (apt-get install tesseract-ocr-%s)",
                      lang, strcmp(lang, "chi_sim") ? lang : "chi-sim");
        TessBaseAPIDelete(api);
        return NULL;
    }
    return api;
}

nb_cellocr *nb_cellocr_open(nb_buf *err)
{
    nb_cellocr *o = nb_xcalloc(1, sizeof *o);
    o->figures = start("eng", err);
    o->text = o->figures ? start("chi_sim", err) : NULL;
    if (!o->text) {
        nb_cellocr_close(o);
        return NULL;
    }
    TessBaseAPISetVariable(o->figures, "tessedit_char_whitelist", FIGURE_CHARS);
    TessBaseAPISetPageSegMode(o->figures, PSM_SINGLE_LINE);
    TessBaseAPISetPageSegMode(o->text, PSM_SINGLE_BLOCK);
    return o;
}

void nb_cellocr_close(nb_cellocr *o)
{
    if (!o) return;
    if (o->figures) TessBaseAPIEnd(o->figures), TessBaseAPIDelete(o->figures);
    if (o->text) TessBaseAPIEnd(o->text), TessBaseAPIDelete(o->text);
    free(o);
}

void nb_cellocr_set_page(nb_cellocr *o, PIX *gray)
{
    o->page = gray;
    if (!gray) { /* the page is going away: let Tesseract drop its copy of the last cell */
        TessBaseAPIClear(o->figures);
        TessBaseAPIClear(o->text);
    }
}

typedef struct {
    char text[NB_CELLOCR_TEXT_MAX];
    int min_conf; /* lowest symbol confidence; 0 when nothing was read */
    int nsymbols;
} reading;

/* Appends s to r->text, turning line breaks into single spaces. */
static void append(reading *r, const char *s, size_t *n)
{
    for (; *s && *n + 1 < sizeof r->text; s++) {
        char c = *s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s;
        if (c == ' ' && (*n == 0 || r->text[*n - 1] == ' ')) continue;
        r->text[(*n)++] = c;
    }
}

/* Reads the picture `glyphs` (the ink of one cell on a white margin). */
static void run(TessBaseAPI *api, PIX *glyphs, reading *r)
{
    memset(r, 0, sizeof *r);
    TessBaseAPISetImage2(api, glyphs);
    if (TessBaseAPIRecognize(api, NULL) != 0) return;
    TessResultIterator *it = TessBaseAPIGetIterator(api);
    size_t n = 0;
    int min_conf = 100, first = 1;
    if (it) {
        do {
            char *sym = TessResultIteratorGetUTF8Text(it, RIL_SYMBOL);
            if (!sym) continue;
            TessPageIterator *pit = TessResultIteratorGetPageIterator(it);
            /* Words are separated by a space only where a Latin letter or digit meets
             * another: Chinese text has none, and Tesseract's words are its guesses. */
            if (!first && TessPageIteratorIsAtBeginningOf(pit, RIL_WORD) && n && (unsigned char)r->text[n - 1] < 0x80 &&
                (unsigned char)sym[0] < 0x80)
                append(r, " ", &n);
            first = 0;
            append(r, sym, &n);
            TessDeleteText(sym);
            int conf = (int)TessResultIteratorConfidence(it, RIL_SYMBOL);
            if (conf < min_conf) min_conf = conf;
            r->nsymbols++;
        } while (TessResultIteratorNext(it, RIL_SYMBOL));
        TessResultIteratorDelete(it);
    }
    while (n && r->text[n - 1] == ' ') n--;
    r->text[n] = '\0';
    r->min_conf = r->nsymbols ? min_conf : 0;
}

/* ---- the ink ---- */

typedef struct {
    int x0, y0, x1, y1; /* bounding box of the ink, page coordinates, inclusive-exclusive */
    int glyphs;         /* connected pieces, those stacked above each other joined */
    int lines;          /* rows of ink separated by a blank band */
    int dash;           /* one flat bar: a dash */
    int ring;           /* one piece around one hole, taller than wide: how a 0 looks */
} ink_info;

typedef struct {
    int x0, x1, y0, y1;
} span;

static int cmp_span(const void *a, const void *b)
{
    const span *x = a, *y = b;
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

/* Measures the ink of the rectangle; returns 0 when there is none worth reading. */
static int measure(PIX *ink, int x0, int y0, int x1, int y1, ink_info *out)
{
    memset(out, 0, sizeof *out);
    if (x1 <= x0 || y1 <= y0) return 0;
    BOX *box = boxCreate(x0, y0, x1 - x0, y1 - y0);
    PIX *cut = pixClipRectangle(ink, box, NULL);
    boxDestroy(&box);
    /* Close hairline gaps across strokes (thin strokes of small type, enlarged, break
     * into pieces), only vertically: neighbouring digits must not fuse. */
    PIX *crop = cut ? pixCloseSafeBrick(NULL, cut, 1, 3) : NULL;
    pixDestroy(&cut);
    if (!crop) return 0;
    BOXA *parts = pixConnComp(crop, NULL, 8);
    int n = parts ? boxaGetCount(parts) : 0;
    span *s = nb_xmalloc(sizeof *s * (size_t)(n ? n : 1));
    int m = 0, bx0 = 1 << 30, by0 = 1 << 30, bx1 = -1, by1 = -1;
    for (int i = 0; i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(parts, i, &x, &y, &w, &h);
        if (w * h < 6 && w < 3 && h < 3) continue; /* a speck: JPEG noise, dust */
        s[m++] = (span){x, x + w, y, y + h};
        if (x < bx0) bx0 = x;
        if (y < by0) by0 = y;
        if (x + w > bx1) bx1 = x + w;
        if (y + h > by1) by1 = y + h;
    }
    boxaDestroy(&parts);
    if (m == 0) {
        pixDestroy(&crop);
        free(s);
        return 0;
    }
    /* Lines: bands of rows with ink, separated by blank rows; a band much shorter than
     * the tallest is a piece of a broken glyph or a mark, not a line of its own. */
    int *rows = nb_xcalloc((size_t)(by1 - by0 + 1), sizeof *rows);
    for (int i = 0; i < m; i++)
        for (int y = s[i].y0; y < s[i].y1; y++) rows[y - by0] = 1;
    int bands[64][2], nb = 0;
    for (int y = 0; y < by1 - by0 && nb < 64;) {
        if (!rows[y]) {
            y++;
            continue;
        }
        int start = y;
        while (y < by1 - by0 && rows[y]) y++;
        bands[nb][0] = start, bands[nb][1] = y, nb++;
    }
    free(rows);
    int tallest = 0, lines = 0;
    for (int i = 0; i < nb; i++)
        if (bands[i][1] - bands[i][0] > tallest) tallest = bands[i][1] - bands[i][0];
    for (int i = 0; i < nb; i++) lines += (bands[i][1] - bands[i][0]) * 5 >= tallest * 2;
    /* Glyphs: pieces overlapping horizontally by more than half of the narrower one are
     * parts of one character (a broken stroke, the two parts of 约). */
    qsort(s, (size_t)m, sizeof *s, cmp_span);
    int glyphs = 0, gx1 = -1, gx0 = 0;
    for (int i = 0; i < m; i++) {
        int overlap = (gx1 < s[i].x1 ? gx1 : s[i].x1) - s[i].x0;
        int narrower = s[i].x1 - s[i].x0 < gx1 - gx0 ? s[i].x1 - s[i].x0 : gx1 - gx0;
        if (glyphs && overlap * 2 > narrower) {
            if (s[i].x1 > gx1) gx1 = s[i].x1;
            continue;
        }
        glyphs++;
        gx0 = s[i].x0, gx1 = s[i].x1;
    }
    out->x0 = x0 + bx0, out->y0 = y0 + by0, out->x1 = x0 + bx1, out->y1 = y0 + by1;
    out->glyphs = glyphs;
    out->lines = lines;
    /* A dash: one thin, solid, flat bar (closing can fuse a row of digits into one
     * piece, but never into a thin one). */
    out->dash = m == 1 && (bx1 - bx0) >= 3 * (by1 - by0) && (by1 - by0) * 6 <= (bx1 - bx0);
    if (m == 1 && (bx1 - bx0) * 10 >= (by1 - by0) * 4 && (bx1 - bx0) * 10 <= (by1 - by0) * 9) {
        /* Holes: the white regions of the piece, framed in white, less the outside. */
        BOX *fg = boxCreate(bx0, by0, bx1 - bx0, by1 - by0);
        PIX *piece = pixClipRectangle(crop, fg, NULL), *framed = piece ? pixAddBorder(piece, 1, 0) : NULL;
        PIX *white = framed ? pixInvert(NULL, framed) : NULL;
        l_int32 regions = 0;
        if (white) pixCountConnComp(white, 4, &regions);
        out->ring = regions == 2;
        boxDestroy(&fg);
        pixDestroy(&piece);
        pixDestroy(&framed);
        pixDestroy(&white);
    }
    pixDestroy(&crop);
    free(s);
    return 1;
}

/* A figure as the digits reader prints one: digits with separators, or a lone slash. */
static int is_figure(const char *t)
{
    if (!strcmp(t, "/")) return 1;
    const char *p = t;
    if (*p == '-') p++;
    int digits = 0;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') digits++;
        else if (*p != '.' && *p != ',') return 0;
    }
    return digits > 0 && t[strlen(t) - 1] != '.' && t[strlen(t) - 1] != ',';
}

int nb_cellocr_cjk_chars(const char *t)
{
    int n = 0;
    size_t len = strlen(t);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += nb_utf8_decode((const unsigned char *)t + i, len - i, &cp);
        n += cp >= 0x3400 && cp <= 0x9FFF;
    }
    return n;
}

int nb_cellocr_is_figure(const char *text)
{
    return is_figure(text) || !strcmp(text, "—");
}

/* The Chinese reader's text with its spaces removed, when that is a figure. */
static int as_figure(const char *t, char *out, size_t outsz)
{
    size_t n = 0;
    for (; *t && n + 1 < outsz; t++)
        if (*t != ' ') out[n++] = *t;
    out[n] = '\0';
    return is_figure(out);
}


static void read_glyphs(nb_cellocr *o, PIX *glyphs, const ink_info *in, nb_cellocr_result *out);

void nb_cellocr_read(nb_cellocr *o, PIX *ink, int x0, int y0, int x1, int y1, nb_cellocr_result *out)
{
    memset(out, 0, sizeof *out);
    ink_info in;
    if (!measure(ink, x0, y0, x1, y1, &in)) {
        return;
    }
    if (in.dash) { /* one flat bar in a cell: a dash, which the readers take for 一 */
        snprintf(out->text, sizeof out->text, "—");
        out->confidence = 100;
        return;
    }
    /* The ink, cut from the cell (with the rulings erased), on a white margin as wide
     * as a line of it is tall: Tesseract reads nothing from a glyph cut too close, and
     * the cell's own margin is often thin. */
    int edge = 2;
    int rx0 = in.x0 - edge < x0 ? x0 : in.x0 - edge, ry0 = in.y0 - edge < y0 ? y0 : in.y0 - edge;
    int rx1 = in.x1 + edge > x1 ? x1 : in.x1 + edge, ry1 = in.y1 + edge > y1 ? y1 : in.y1 + edge;
    BOX *box = boxCreate(rx0, ry0, rx1 - rx0, ry1 - ry0);
    PIX *cut = pixClipRectangle(o->page, box, NULL);
    boxDestroy(&box);
    int margin = (in.y1 - in.y0) / in.lines + 4;
    PIX *glyphs = cut ? pixAddBorder(cut, margin, 0xff) : NULL;
    pixDestroy(&cut);
    if (!glyphs) return;
    read_glyphs(o, glyphs, &in, out);
    pixDestroy(&glyphs);
}

/* A glyph or three on one line read as neither a figure nor words: a figure the readers
 * did not make out (a 1 taken for 工) as likely as anything. The placeholders 无 and 空
 * are what they seem. */
static int odd_mark(const char *text, const ink_info *in)
{
    if (in->lines != 1 || in->glyphs > 3 || nb_cellocr_is_figure(text)) return 0;
    if (!strcmp(text, "无") || !strcmp(text, "空")) return 0;
    return nb_cellocr_cjk_chars(text) < 2;
}

/* resized: a copy of glyphs at another size made here, freed by the caller */
static void read_with(nb_cellocr *o, PIX *glyphs, const ink_info *inp, nb_cellocr_result *out, PIX **resized)
{
    PIX *original = glyphs;
    ink_info in = *inp;
    reading fig = {0}, txt;
    int have_fig = 0;
    /* A line wider than six of its heights, or of more than ten glyphs, is words: no
     * figure of a report is that long (1,234,567 is about 4.5 heights, 约90万元 4). The
     * digits reader would spend more time on a label than on a figure, for nothing. */
    int wordy = in.x1 - in.x0 > 6 * (in.y1 - in.y0) || in.glyphs > 10;
    if (in.lines == 1 && !wordy) {
        run(o->figures, glyphs, &fig);
        out->reads++;
        have_fig = is_figure(fig.text);
        /* One glyph or two that the digits reader gave nothing for: at some sizes (a 2
         * some 20 pixels tall on a scan's grey paper, a 1 of WenQuanYi) its layout
         * analysis takes the glyph for a speck, and at another size it reads it sure.
         * A figure found so is confirmed by the Chinese reader at that size. */
        static const float sizes[] = {1.5f, 0.5f};
        for (int k = 0; k < 2 && !have_fig && in.glyphs <= 2; k++) {
            PIX *other = pixScale(original, sizes[k], sizes[k]);
            if (!other) break;
            pixDestroy(resized);
            *resized = glyphs = other;
            run(o->figures, glyphs, &fig);
            out->reads++;
            have_fig = is_figure(fig.text);
        }
        if (!have_fig && *resized) { /* no figure at any size: the Chinese reader's turn, as printed */
            pixDestroy(resized);
            glyphs = original;
        }
    }
    int fig_sure = have_fig && fig.min_conf >= FIGURE_SURE && fig.nsymbols == in.glyphs;
    if (fig_sure && !*resized && (fig.min_conf >= FIGURE_ALONE || (fig.min_conf >= ZERO_SURE && !strcmp(fig.text, "0") && in.ring))) {
        /* A figure read with near certainty, one character per glyph (a 0 whose glyph is
         * one ring a little less sure): the second reader would double the cost of a
         * table, and on the test pictures, where it disagreed with such a reading, it
         * was the one wrong (35 figures flagged for nothing). */
        snprintf(out->text, sizeof out->text, "%s", fig.text);
        out->confidence = fig.min_conf;
        return;
    }
    run(o->text, glyphs, &txt);
    out->reads++;
    char compact[NB_CELLOCR_TEXT_MAX];
    if (have_fig && as_figure(txt.text, compact, sizeof compact)) {
        /* Two readers of a figure: certain only when they agree and one of them matched
         * the glyphs one for one. */
        int agree = !strcmp(compact, fig.text);
        const reading *keep = agree || fig.min_conf >= txt.min_conf ? &fig : &txt;
        snprintf(out->text, sizeof out->text, "%s", keep == &fig ? fig.text : compact);
        out->confidence = keep->min_conf;
        out->uncertain = !agree || (fig.nsymbols != in.glyphs && txt.nsymbols != in.glyphs);
        return;
    }
    if (have_fig && nb_cellocr_cjk_chars(txt.text) > 0)
        snprintf(out->words, sizeof out->words, "%s", txt.text);
    if (fig_sure) { /* the second reader saw no figure there: the first one is alone */
        snprintf(out->text, sizeof out->text, "%s", fig.text);
        out->confidence = fig.min_conf;
        out->uncertain = 1;
        return;
    }
    if (have_fig && !txt.text[0]) { /* only the figure reader saw something */
        snprintf(out->text, sizeof out->text, "%s", fig.text);
        out->confidence = fig.min_conf;
        out->uncertain = 1;
        return;
    }
    if (have_fig && nb_cellocr_cjk_chars(txt.text) < 2) {
        /* A figure to one reader, a character or some marks to the other (a 6 taken for
         * 看): the figure, in doubt. Two Chinese characters or more make it text. */
        snprintf(out->text, sizeof out->text, "%s", fig.text);
        out->confidence = fig.min_conf;
        out->uncertain = 1;
        return;
    }
    snprintf(out->text, sizeof out->text, "%s", txt.text);
    out->confidence = txt.min_conf;
    out->uncertain = txt.min_conf < TEXT_SURE || !txt.text[0] || odd_mark(txt.text, &in);
}

static void read_glyphs(nb_cellocr *o, PIX *glyphs, const ink_info *in, nb_cellocr_result *out)
{
    PIX *resized = NULL;
    read_with(o, glyphs, in, out, &resized);
    pixDestroy(&resized);
}
