/* wordtable: rows from the lines of figures, columns from where the figures stand
 * (see wordtable.h). */
#include "pipeline/ocr/wordtable.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* More ink than this share of the picture is a photo or a dark graphic, not printed text. */
#define MAX_INK_SHARE 0.20
enum { MAX_WORDS = 3000 };

typedef struct {
    int x0, y0, x1, y1;
    char *text;      /* as read; "" when the reader saw nothing */
    int uncertain;   /* the reading is in doubt */
    int figure;      /* the text is a figure, or holds digits */
    char *words;     /* a figure in doubt that the Chinese reader read as Chinese: that
                        reading (a header's 人 read as a 4), or NULL */
    int band;        /* the line of figures it belongs to, or -1 */
    int done;
} word;

/* A figure as a report prints one: digits (or a placeholder / or —), with 约 before
 * and 万元 or 元 after. "3.其他" is a label. */
static int figure_like(const char *t)
{
    char core[NB_CELLOCR_TEXT_MAX + 8];
    if (!strncmp(t, "约", strlen("约"))) t += strlen("约");
    snprintf(core, sizeof core, "%s", t);
    size_t n = strlen(core);
    static const char *const units[] = {"万元", "元", "%"};
    for (int u = 0; u < 3; u++) {
        size_t k = strlen(units[u]);
        if (n > k && !strcmp(core + n - k, units[u])) core[n -= k] = '\0';
    }
    return nb_cellocr_is_figure(core);
}

static int find_root(int *parent, int i)
{
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Words: the pieces of ink of the page joined when they stand on one line less than
 * a character apart (the characters of a label, the digits of a figure); figures of
 * neighbouring columns stand farther apart. Long thin pieces (rules drawn above or under
 * the table) are no words. Returns the number; *out is malloc'ed. */
static int find_words(PIX *bin, int char_h, word **out, PIX *rules)
{
    *out = NULL;
    BOXA *boxes = pixConnComp(bin, NULL, 8);
    int n = boxes ? boxaGetCount(boxes) : 0, m = 0;
    int (*b)[4] = nb_xmalloc(sizeof *b * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        l_int32 x, y, w, h;
        boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h);
        if (w * h < 6 && w < 3 && h < 3) continue;                /* a speck */
        if (h > 3 * char_h || (w > 4 * char_h && h * 4 < char_h)) { /* a rule, a frame */
            pixRasterop(rules, x, y, w, h, PIX_SRC | PIX_DST, bin, x, y);
            continue;
        }
        b[m][0] = x, b[m][1] = y, b[m][2] = x + w, b[m][3] = y + h, m++;
    }
    boxaDestroy(&boxes);
    if (m > MAX_WORDS * 8) m = MAX_WORDS * 8;
    qsort(b, (size_t)m, sizeof *b, cmp_int); /* by left edge (the first of the four) */
    int *parent = nb_xmalloc(sizeof *parent * (size_t)(m ? m : 1));
    for (int i = 0; i < m; i++) parent[i] = i;
    int gap = char_h;
    for (int i = 0; i < m; i++)
        for (int j = i + 1; j < m && b[j][0] - b[i][2] <= gap; j++) {
            int top = b[i][1] > b[j][1] ? b[i][1] : b[j][1], bottom = b[i][3] < b[j][3] ? b[i][3] : b[j][3];
            int hi = b[i][3] - b[i][1], hj = b[j][3] - b[j][1], lower = hi < hj ? hi : hj;
            /* on one line: overlapping by half the shorter one, or their middles less
             * than half a character apart (一 and 、 of 一、, a point, a comma) */
            int mid_gap = abs((b[i][1] + b[i][3]) - (b[j][1] + b[j][3])) / 2;
            if (bottom - top < (lower + 1) / 2 && mid_gap > char_h / 2) continue;
            int dx = b[j][0] > b[i][2] ? b[j][0] - b[i][2] : b[i][0] > b[j][2] ? b[i][0] - b[j][2] : 0;
            if (dx > gap) continue;
            int a = find_root(parent, i), c = find_root(parent, j);
            if (a != c) parent[a < c ? c : a] = a < c ? a : c;
        }
    word *w = nb_xcalloc((size_t)(m ? m : 1), sizeof *w);
    int *slot = nb_xmalloc(sizeof *slot * (size_t)(m ? m : 1)), nw = 0;
    for (int i = 0; i < m; i++) slot[i] = -1;
    for (int i = 0; i < m; i++) {
        int r = find_root(parent, i);
        if (slot[r] < 0) {
            if (nw >= MAX_WORDS) continue;
            slot[r] = nw;
            w[nw++] = (word){.x0 = b[i][0], .y0 = b[i][1], .x1 = b[i][2], .y1 = b[i][3], .band = -1};
            continue;
        }
        word *g = &w[slot[r]];
        if (b[i][0] < g->x0) g->x0 = b[i][0];
        if (b[i][1] < g->y0) g->y0 = b[i][1];
        if (b[i][2] > g->x1) g->x1 = b[i][2];
        if (b[i][3] > g->y1) g->y1 = b[i][3];
    }
    free(slot);
    free(parent);
    free(b);
    *out = w;
    return nw;
}

typedef struct {
    int y0, y1, mid;
    int block;
} band;

typedef struct {
    int x0, x1, mid;
} column;

static int cmp_word_x(const void *a, const void *b)
{
    const word *x = *(const word *const *)a, *y = *(const word *const *)b;
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

static int cmp_word_y(const void *a, const void *b)
{
    const word *x = a, *y = b;
    int mx = x->y0 + x->y1, my = y->y0 + y->y1;
    return (mx > my) - (mx < my);
}

/* The words left of the figures as label cells: lines standing over each other (a
 * label wrapped in its cell) are one label, read line by line; labels side by side (a heading spanning rows
 * beside an item) are cells of their own. Returns the number of cells made. */
static int emit_labels(nb_ocrcells *out, int row, word **ws, int n)
{
    if (n == 0) return 0;
    int *parent = nb_xmalloc(sizeof *parent * (size_t)n);
    for (int i = 0; i < n; i++) parent[i] = i;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            const word *a = ws[i], *b = ws[j];
            int h = a->y1 - a->y0 > b->y1 - b->y0 ? a->y1 - a->y0 : b->y1 - b->y0;
            int same_line = abs((a->y0 + a->y1) / 2 - (b->y0 + b->y1) / 2) <= h / 2;
            int dx = b->x0 > a->x1 ? b->x0 - a->x1 : a->x0 > b->x1 ? a->x0 - b->x1 : 0;
            int dy = b->y0 > a->y1 ? b->y0 - a->y1 : a->y0 > b->y1 ? a->y0 - b->y1 : 0;
            if ((same_line && dx <= h / 2) || (!same_line && dx == 0 && dy <= h)) {
                int r = find_root(parent, i), q = find_root(parent, j);
                if (r != q) parent[r < q ? q : r] = r < q ? r : q;
            }
        }
    int cells = 0;
    nb_buf text = NB_BUF_INIT;
    for (int i = 0; i < n; i++) { /* ws is sorted by x0: a label's first word comes first */
        if (find_root(parent, i) != i) continue;
        /* its words in reading order: by line, then left to right */
        word **mine = nb_xmalloc(sizeof *mine * (size_t)n);
        int m = 0, uncertain = 0;
        for (int j = 0; j < n; j++)
            if (find_root(parent, j) == i) mine[m++] = ws[j];
        for (int a = 1; a < m; a++)
            for (int b = a; b > 0; b--) {
                const word *p = mine[b - 1], *q = mine[b];
                int h = p->y1 - p->y0, pm = (p->y0 + p->y1) / 2, qm = (q->y0 + q->y1) / 2;
                int later = abs(pm - qm) <= h / 2 ? p->x0 > q->x0 : pm > qm;
                if (!later) break;
                mine[b - 1] = mine[b], mine[b] = (word *)p;
            }
        nb_buf_clear(&text);
        for (int j = 0; j < m; j++) {
            nb_buf_adds(&text, mine[j]->text);
            uncertain |= mine[j]->uncertain;
        }
        nb_ocrcells_add(out, 0, row, cells++, 1, 1, NB_MARK_OCR | (uncertain ? NB_MARK_OCR_UNCERTAIN : 0), text.data);
        free(mine);
    }
    nb_buf_free(&text);
    free(parent);
    return cells;
}

/* Cells of one row, in reading order: the words left of the figures (labels) one cell
 * each, then one cell per column, blank where no word stands in it. A row whose words
 * do not fall one per column is given in word order, every value in doubt. */
static void emit_row(nb_ocrcells *out, int row, word **ws, int n, const column *cols, int ncols, int label_edge)
{
    qsort(ws, (size_t)n, sizeof *ws, cmp_word_x);
    int col = 0, first_value = n;
    for (int i = 0; i < n; i++)
        if ((ws[i]->x0 + ws[i]->x1) / 2 >= label_edge) {
            first_value = i;
            break;
        }
    col = emit_labels(out, row, ws, first_value);
    int *at = nb_xmalloc(sizeof *at * (size_t)(ncols ? ncols : 1)), clean = ncols > 0;
    for (int k = 0; k < ncols; k++) at[k] = -1;
    for (int i = first_value; i < n && clean; i++) {
        int mid = (ws[i]->x0 + ws[i]->x1) / 2, hit = -1;
        for (int k = 0; k < ncols && hit < 0; k++)
            if (mid >= cols[k].x0 && mid <= cols[k].x1) hit = k;
        if (hit < 0 || at[hit] >= 0) clean = 0;
        else at[hit] = i;
    }
    if (clean) {
        for (int k = 0; k < ncols; k++) {
            const word *w = at[k] >= 0 ? ws[at[k]] : NULL;
            nb_ocrcells_add(out, 0, row, col++, 1, 1, NB_MARK_OCR | (w && w->uncertain ? NB_MARK_OCR_UNCERTAIN : 0),
                            w ? w->text : "");
        }
    } else {
        for (int i = first_value; i < n; i++)
            nb_ocrcells_add(out, 0, row, col++, 1, 1, NB_MARK_OCR | NB_MARK_OCR_UNCERTAIN, ws[i]->text);
    }
    free(at);
}

/* Three lines of three words or more: a table, before anything is read. A paragraph's
 * line is one word or two (Chinese text has no spaces), and a scanned page of text
 * would otherwise cost a reading of every line. */
static int several_columns(const word *words, int n, int char_h)
{
    int *mids = nb_xmalloc(sizeof *mids * (size_t)(n ? n : 1)), wide = 0;
    for (int i = 0; i < n; i++) mids[i] = (words[i].y0 + words[i].y1) / 2;
    qsort(mids, (size_t)n, sizeof *mids, cmp_int);
    for (int i = 0; i < n && wide < 3;) {
        int j = i;
        while (j < n && mids[j] - mids[i] <= char_h / 2) j++;
        wide += j - i >= 3;
        i = j;
    }
    free(mids);
    return wide >= 3;
}

int nb_wordtable_read(nb_cellocr *ocr, PIX *gray, PIX *bin, int char_h, nb_ocrcells *out, int *reads)
{
    l_int32 w, h, inked = 0;
    pixGetDimensions(bin, &w, &h, NULL);
    pixCountPixels(bin, &inked, NULL);
    if (w < 1 || h < 1 || (double)inked / ((double)w * h) > MAX_INK_SHARE) return 0;
    word *words;
    /* The rules of a table printed with a line above and under it only, erased before
     * the words are read (a word right under one reads as nothing). */
    PIX *rules = pixCreateTemplate(bin);
    int n = find_words(bin, char_h, &words, rules);
    if (!several_columns(words, n, char_h)) { /* a page of text, a banner: no OCR at all */
        pixDestroy(&rules);
        free(words);
        return 0;
    }
    PIX *wide = pixDilateBrick(NULL, rules, 5, 5);
    PIX *page = pixCopy(NULL, gray), *ink = pixSubtract(NULL, bin, wide);
    pixSetMasked(page, wide, 0xff);
    pixDestroy(&wide);
    pixDestroy(&rules);
    /* Read every word; a table needs figures, counted before anything else is built. */
    int figures = 0, pad = char_h / 4;
    nb_cellocr_set_page(ocr, page);
    for (int i = 0; i < n; i++) {
        word *wd = &words[i];
        nb_cellocr_result r;
        int x0 = wd->x0 - pad < 0 ? 0 : wd->x0 - pad, y0 = wd->y0 - pad < 0 ? 0 : wd->y0 - pad;
        int x1 = wd->x1 + pad > w ? w : wd->x1 + pad, y1 = wd->y1 + pad > h ? h : wd->y1 + pad;
        nb_cellocr_read(ocr, ink, x0, y0, x1, y1, &r);
        *reads += r.reads;
        wd->text = nb_xstrdup(r.text);
        wd->words = r.words[0] ? nb_xstrdup(r.words) : NULL;
        wd->uncertain = r.uncertain;
        /* Rows and columns are built on sure figures with digits only: a lone character
         * of a header (人, 结) can pass the digits reader as a 4 or a 5, in doubt, and
         * the 一 of a label as a dash. */
        wd->figure = r.text[0] && !r.uncertain && figure_like(r.text) && strpbrk(r.text, "0123456789");
        figures += wd->figure;
    }
    nb_cellocr_set_page(ocr, NULL);
    pixDestroy(&page);
    pixDestroy(&ink);
    int is_table = figures >= 6;
    if (!is_table) goto done;
    qsort(words, (size_t)n, sizeof *words, cmp_word_y);

    /* Rows: the lines of figures (a label beside them may run over two lines, and a
     * heading spanning rows stands between them: neither makes a row). */
    band *bands = nb_xmalloc(sizeof *bands * (size_t)n);
    int nbands = 0;
    for (int i = 0; i < n; i++) {
        word *wd = &words[i];
        if (!wd->figure) continue;
        int mid = (wd->y0 + wd->y1) / 2;
        if (nbands && mid - bands[nbands - 1].mid <= char_h / 2) {
            band *b = &bands[nbands - 1];
            if (wd->y0 < b->y0) b->y0 = wd->y0;
            if (wd->y1 > b->y1) b->y1 = wd->y1;
        } else {
            bands[nbands++] = (band){wd->y0, wd->y1, mid, 0};
        }
        wd->band = nbands - 1;
    }
    /* Every other word joins the line of figures it overlaps most, if any. */
    for (int i = 0; i < n; i++) {
        word *wd = &words[i];
        if (wd->figure) continue;
        int best = -1, best_overlap = 0;
        for (int k = 0; k < nbands; k++) {
            int top = wd->y0 > bands[k].y0 ? wd->y0 : bands[k].y0, bottom = wd->y1 < bands[k].y1 ? wd->y1 : bands[k].y1;
            if (bottom - top > best_overlap) best_overlap = bottom - top, best = k;
        }
        wd->band = best;
    }
    /* Blocks: runs of rows under one header. A word that is no figure, stands between
     * two lines of figures and to the right of the labels is a header (table 二's
     * items each have their own): the columns start again below it. */
    int label_edge_all = w;
    for (int i = 0; i < n; i++)
        if (words[i].figure && words[i].x0 < label_edge_all) label_edge_all = words[i].x0;
    int block = 0;
    for (int k = 1; k < nbands; k++) {
        for (int i = 0; i < n; i++) {
            const word *wd = &words[i];
            int mid = (wd->y0 + wd->y1) / 2;
            if (wd->band < 0 && !wd->figure && wd->text[0] && mid > bands[k - 1].y1 && mid < bands[k].y0 &&
                wd->x1 > label_edge_all + char_h) {
                block++;
                break;
            }
        }
        bands[k].block = block;
    }
    int nblocks = block + 1;
    /* Columns of each block: where its figures stand, their middles clustered. */
    column **cols = nb_xcalloc((size_t)nblocks, sizeof *cols);
    int *ncols = nb_xcalloc((size_t)nblocks, sizeof *ncols), *edge = nb_xmalloc(sizeof *edge * (size_t)nblocks);
    int *mids = nb_xmalloc(sizeof *mids * (size_t)n);
    for (int bl = 0; bl < nblocks; bl++) {
        int m = 0;
        edge[bl] = w;
        for (int i = 0; i < n; i++)
            if (words[i].figure && words[i].band >= 0 && bands[words[i].band].block == bl) {
                mids[m++] = (words[i].x0 + words[i].x1) / 2;
                if (words[i].x0 < edge[bl]) edge[bl] = words[i].x0;
            }
        edge[bl] -= char_h / 2;
        qsort(mids, (size_t)m, sizeof *mids, cmp_int);
        cols[bl] = nb_xmalloc(sizeof **cols * (size_t)(m ? m : 1));
        for (int i = 0; i < m;) {
            int j = i;
            while (j + 1 < m && mids[j + 1] - mids[j] <= char_h) j++;
            cols[bl][ncols[bl]++] = (column){mids[i], mids[j], (mids[i] + mids[j]) / 2};
            i = j + 1;
        }
        /* A column reaches halfway to its neighbours' figures. */
        int prev_x1 = 0;
        for (int k = 0; k < ncols[bl]; k++) {
            column *c = &cols[bl][k];
            int lo = k ? (prev_x1 + c->x0) / 2 : c->x0 - 2 * char_h;
            int hi = k + 1 < ncols[bl] ? (c->x1 + cols[bl][k + 1].x0) / 2 : c->x1 + 2 * char_h;
            prev_x1 = c->x1;
            c->x0 = lo, c->x1 = hi;
        }
    }
    free(mids);

    /* Words in no line of figures are headers, not values: a figure there in doubt that
     * the Chinese reader read as Chinese is that (the matcher takes a run of figures
     * after table 四's header for its values). */
    for (int i = 0; i < n; i++)
        if (words[i].band < 0 && words[i].words) {
            free(words[i].text);
            words[i].text = words[i].words;
            words[i].words = NULL;
        }
    /* For the same reason a header's lone character in doubt (持 of 结果维持 wrapped)
     * is not marked as a figure that could not be made out: it stands in no row of
     * figures, and the matcher would take it for one. */
    for (int i = 0; i < n; i++) {
        const char *t = words[i].text;
        if (words[i].band < 0 && !figure_like(t) && nb_cellocr_cjk_chars(t) > 0 && !strpbrk(t, "0123456789"))
            words[i].uncertain = 0;
    }
    /* Emit: rows top to bottom; words in no line of figures are rows of their own,
     * lines of words within a character's height of each other. */
    word **row = nb_xmalloc(sizeof *row * (size_t)n);
    int nrow_out = 0;
    for (int i = 0; i < n; i++) {
        if (words[i].done || !words[i].text[0]) continue;
        int nr = 0;
        if (words[i].band >= 0) {
            int k = words[i].band, bl = bands[k].block;
            for (int j = i; j < n; j++)
                if (words[j].band == k && !words[j].done && words[j].text[0]) row[nr++] = &words[j], words[j].done = 1;
            emit_row(out, nrow_out++, row, nr, cols[bl], ncols[bl], edge[bl]);
        } else {
            /* (by their tops: a header over two lines belongs to the row of its first) */
            int top = words[i].y0;
            for (int j = 0; j < n; j++)
                if (words[j].band < 0 && !words[j].done && words[j].text[0] && abs(words[j].y0 - top) <= char_h / 2)
                    row[nr++] = &words[j], words[j].done = 1;
            qsort(row, (size_t)nr, sizeof *row, cmp_word_x);
            for (int c = 0; c < nr; c++)
                nb_ocrcells_add(out, 0, nrow_out, c, 1, 1, NB_MARK_OCR | (row[c]->uncertain ? NB_MARK_OCR_UNCERTAIN : 0),
                                row[c]->text);
            nrow_out++;
        }
    }
    free(row);
    for (int bl = 0; bl < nblocks; bl++) free(cols[bl]);
    free(cols);
    free(ncols);
    free(edge);
    free(bands);
done:
    for (int i = 0; i < n; i++) free(words[i].text), free(words[i].words);
    free(words);
    return is_table;
}
