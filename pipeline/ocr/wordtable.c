/* wordtable: rows from bands of ink, cells from wide gaps (see wordtable.h). */
#include "pipeline/ocr/wordtable.h"

#include <stdlib.h>
#include <string.h>

/* More ink than this share of the picture is a photo or a dark graphic, not printed text. */
#define MAX_INK_SHARE 0.20
enum { MAX_CELLS = 1500 };

typedef struct {
    int lo, hi;
} run;

/* Runs of nonzero counts in v[0..n), gaps shorter than min_gap bridged. Returns the count;
 * *out is allocated. */
static int runs_of(NUMA *v, int min_gap, run **out)
{
    int n = numaGetCount(v), m = 0, cap = 16;
    run *r = nb_xmalloc(sizeof *r * (size_t)cap);
    for (int i = 0; i < n;) {
        l_int32 c = 0;
        numaGetIValue(v, i, &c);
        if (!c) {
            i++;
            continue;
        }
        int start = i;
        while (i < n) {
            numaGetIValue(v, i, &c);
            if (c) {
                i++;
                continue;
            }
            int j = i; /* a gap: bridge it when short and followed by more ink */
            while (j < n && (numaGetIValue(v, j, &c), !c)) j++;
            if (j < n && j - i < min_gap) i = j;
            else break;
        }
        if (m == cap) cap *= 2, r = nb_xrealloc(r, sizeof *r * (size_t)cap);
        r[m++] = (run){start, i};
    }
    *out = r;
    return m;
}

static int has_digit(const char *t)
{
    for (; *t; t++)
        if (*t >= '0' && *t <= '9') return 1;
    return 0;
}

int nb_wordtable_read(nb_cellocr *ocr, PIX *gray, PIX *bin, int char_h, nb_ocrcells *out, int *reads)
{
    l_int32 w, h, ink = 0;
    pixGetDimensions(bin, &w, &h, NULL);
    pixCountPixels(bin, &ink, NULL);
    if (w < 1 || h < 1 || (double)ink / ((double)w * h) > MAX_INK_SHARE) return 0;
    NUMA *rows = pixCountPixelsByRow(bin, NULL);
    run *bands = NULL;
    int nbands = rows ? runs_of(rows, char_h / 4 + 1, &bands) : 0;
    numaDestroy(&rows);

    /* The cells of each band that looks like one line of text. */
    typedef struct {
        int row, x0, y0, x1, y1;
    } box;
    box *cells = NULL;
    int ncells = 0, cap = 0, nrows = 0;
    for (int b = 0; b < nbands && ncells < MAX_CELLS; b++) {
        int bh = bands[b].hi - bands[b].lo;
        if (bh < char_h / 2 || bh > 5 * char_h / 2) continue;
        BOX *strip = boxCreate(0, bands[b].lo, w, bh);
        PIX *line = pixClipRectangle(bin, strip, NULL);
        boxDestroy(&strip);
        NUMA *cols = line ? pixCountPixelsByColumn(line) : NULL;
        pixDestroy(&line);
        run *parts = NULL;
        int nparts = cols ? runs_of(cols, char_h + char_h / 5, &parts) : 0;
        numaDestroy(&cols);
        for (int i = 0; i < nparts && ncells < MAX_CELLS; i++) {
            if (ncells == cap) cap = cap ? cap * 2 : 64, cells = nb_xrealloc(cells, sizeof *cells * (size_t)cap);
            cells[ncells++] = (box){nrows, parts[i].lo, bands[b].lo, parts[i].hi, bands[b].hi};
        }
        free(parts);
        nrows += nparts > 0;
    }
    free(bands);

    /* Several rows of several cells, before any OCR is spent. */
    int wide_rows = 0;
    for (int i = 0, r = -1, n = 0; i <= ncells; i++) {
        if (i == ncells || cells[i].row != r) {
            wide_rows += n >= 3;
            if (i == ncells) break;
            r = cells[i].row, n = 0;
        }
        n++;
    }
    if (wide_rows < 3) {
        free(cells);
        return 0;
    }
    nb_ocrcells found = {0};
    int figures = 0, pad = char_h / 3;
    nb_cellocr_set_page(ocr, gray);
    for (int i = 0; i < ncells; i++) {
        nb_cellocr_result r;
        int x0 = cells[i].x0 - pad < 0 ? 0 : cells[i].x0 - pad, y0 = cells[i].y0 - pad < 0 ? 0 : cells[i].y0 - pad;
        int x1 = cells[i].x1 + pad > w ? w : cells[i].x1 + pad, y1 = cells[i].y1 + pad > h ? h : cells[i].y1 + pad;
        nb_cellocr_read(ocr, bin, x0, y0, x1, y1, &r);
        *reads += r.reads;
        if (!r.text[0]) continue;
        figures += has_digit(r.text);
        int col = 0;
        for (int k = found.n - 1; k >= 0 && found.cells[k].row == cells[i].row; k--) col++;
        nb_ocrcells_add(&found, 0, cells[i].row, col, 1, 1, NB_OCR_READ | NB_OCR_UNCERTAIN, r.text);
    }
    nb_cellocr_set_page(ocr, NULL);
    free(cells);
    int is_table = figures >= 6;
    if (is_table)
        for (int i = 0; i < found.n; i++) {
            const nb_ocrcell *c = &found.cells[i];
            nb_ocrcells_add(out, 0, c->row, c->col, 1, 1, c->ocr, c->text);
        }
    nb_ocrcells_free(&found);
    return is_table;
}
