/* wordtable: rows from bands of ink, cells from wide gaps (see wordtable.h). */
#include "pipeline/ocr/wordtable.h"

#include <stdlib.h>
#include <string.h>

/* More ink than this share of the picture is a photo or a dark graphic, not printed text. */
#define MAX_INK_SHARE 0.20
enum { MAX_CELLS = 1500 };

static int has_digit(const char *t)
{
    for (; *t; t++)
        if (*t >= '0' && *t <= '9') return 1;
    return 0;
}

static int cmp_middle(const void *a, const void *b)
{
    const nb_cellocr_box *x = a, *y = b;
    int mx = x->y0 + x->y1, my = y->y0 + y->y1;
    return (mx > my) - (mx < my);
}

static int cmp_left(const void *a, const void *b)
{
    const nb_cellocr_box *x = a, *y = b;
    return (x->x0 > y->x0) - (x->x0 < y->x0);
}

int nb_wordtable_read(nb_cellocr *ocr, PIX *gray, PIX *bin, int char_h, nb_ocrcells *out, int *reads)
{
    l_int32 w, h, ink = 0;
    pixGetDimensions(bin, &w, &h, NULL);
    pixCountPixels(bin, &ink, NULL);
    if (w < 1 || h < 1 || (double)ink / ((double)w * h) > MAX_INK_SHARE) return 0;
    nb_cellocr_box *words = NULL;
    int n = nb_cellocr_words(ocr, gray, &words), m = 0;
    /* Words of text size only: no specks, no pictures. */
    for (int i = 0; i < n; i++) {
        int wh = words[i].y1 - words[i].y0;
        if (wh >= char_h / 2 && wh <= 5 * char_h / 2 && words[i].x1 - words[i].x0 >= 2) words[m++] = words[i];
    }
    n = m;
    qsort(words, (size_t)n, sizeof *words, cmp_middle);
    /* Rows: words whose middles lie within half a character of the row's first. */
    int *row_of = nb_xmalloc(sizeof *row_of * (size_t)(n ? n : 1)), nrows = 0;
    for (int i = 0, first = 0; i < n; i++) {
        if (i == 0 || (words[i].y0 + words[i].y1) - (words[first].y0 + words[first].y1) > char_h) nrows++, first = i;
        row_of[i] = nrows - 1;
    }
    /* Cells: within a row, words closer than a character are one cell (Chinese text is
     * split into words by guess). */
    nb_cellocr_box *cells = nb_xmalloc(sizeof *cells * (size_t)(n ? n : 1));
    int *cell_row = nb_xmalloc(sizeof *cell_row * (size_t)(n ? n : 1)), ncells = 0, wide_rows = 0;
    for (int i = 0; i < n;) {
        int j = i;
        while (j < n && row_of[j] == row_of[i]) j++;
        qsort(words + i, (size_t)(j - i), sizeof *words, cmp_left);
        int before = ncells;
        for (int k = i; k < j && ncells < MAX_CELLS; k++) {
            if (ncells > before && words[k].x0 - cells[ncells - 1].x1 < char_h) {
                nb_cellocr_box *c = &cells[ncells - 1];
                if (words[k].x1 > c->x1) c->x1 = words[k].x1;
                if (words[k].y0 < c->y0) c->y0 = words[k].y0;
                if (words[k].y1 > c->y1) c->y1 = words[k].y1;
                continue;
            }
            cells[ncells] = words[k];
            cell_row[ncells++] = row_of[i];
        }
        wide_rows += ncells - before >= 3;
        i = j;
    }
    free(words);
    free(row_of);
    /* Several rows of several cells, before any figure is read. */
    if (wide_rows < 3) {
        free(cells);
        free(cell_row);
        return 0;
    }
    nb_ocrcells found = {0};
    int figures = 0, pad = char_h / 4;
    nb_cellocr_set_page(ocr, gray);
    for (int i = 0, col = 0; i < ncells; i++) {
        if (i && cell_row[i] != cell_row[i - 1]) col = 0;
        nb_cellocr_result r;
        int x0 = cells[i].x0 - pad < 0 ? 0 : cells[i].x0 - pad, y0 = cells[i].y0 - pad < 0 ? 0 : cells[i].y0 - pad;
        int x1 = cells[i].x1 + pad > w ? w : cells[i].x1 + pad, y1 = cells[i].y1 + pad > h ? h : cells[i].y1 + pad;
        nb_cellocr_read(ocr, bin, x0, y0, x1, y1, &r);
        *reads += r.reads;
        if (!r.text[0]) continue;
        figures += has_digit(r.text);
        nb_ocrcells_add(&found, 0, cell_row[i], col++, 1, 1, NB_MARK_OCR | NB_MARK_OCR_UNCERTAIN, r.text);
    }
    nb_cellocr_set_page(ocr, NULL);
    free(cells);
    free(cell_row);
    int is_table = figures >= 6;
    if (is_table)
        for (int i = 0; i < found.n; i++) {
            const nb_ocrcell *c = &found.cells[i];
            nb_ocrcells_add(out, 0, c->row, c->col, 1, 1, c->marks, c->text);
        }
    nb_ocrcells_free(&found);
    return is_table;
}
