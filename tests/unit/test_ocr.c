/* ocr: the picture stage without Tesseract's judgement in the way: format sniffing,
 * ruled tables found on grids drawn here with Leptonica (spans from missing rulings,
 * strokes that are no rulings), and the OCR cache on disk. */
#include "check.h"
#include "pipeline/ocr/ocrcache.h"
#include "pipeline/ocr/picture.h"
#include "pipeline/ocr/ruling.h"

#include <stdlib.h>
#include <unistd.h>

static void formats_come_from_the_signature(void)
{
    CHECK_INT(nb_picture_sniff("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), NB_PICTURE_PNG);
    CHECK_INT(nb_picture_sniff("\xff\xd8\xff\xe0\0\x10JFIF", 10), NB_PICTURE_JPEG);
    CHECK_INT(nb_picture_sniff("GIF89a\x01\0\x01\0", 10), NB_PICTURE_GIF);
    CHECK_INT(nb_picture_sniff("BM\x36\0\0\0\0\0\0\0\x36\0\0\0", 14), NB_PICTURE_BMP);
    CHECK_INT(nb_picture_sniff("<html><body>BM</body></html>", 28), NB_PICTURE_NONE);
    CHECK_INT(nb_picture_sniff("\x89PN", 3), NB_PICTURE_NONE); /* cut short */
    CHECK_INT(nb_picture_sniff("BM", 2), NB_PICTURE_NONE);
    CHECK_STR(nb_picture_format_name(NB_PICTURE_JPEG), "JPEG");
}

/* Draws a table: rulings 2 px wide at the given positions; skip[] lists wall pieces left
 * out to make merged cells: {x or y index, from, to, vertical}. */
typedef struct {
    int at, from, to, vertical;
} gap;

static PIX *draw(const int *xs, int nx, const int *ys, int ny, const gap *gaps, int ngaps)
{
    PIX *pix = pixCreate(xs[nx - 1] + 40, ys[ny - 1] + 40, 1);
    for (int i = 0; i < ny; i++) pixRenderLine(pix, xs[0], ys[i], xs[nx - 1], ys[i], 2, L_SET_PIXELS);
    for (int j = 0; j < nx; j++) pixRenderLine(pix, xs[j], ys[0], xs[j], ys[ny - 1], 2, L_SET_PIXELS);
    for (int g = 0; g < ngaps; g++) { /* erase a wall piece between two crossings */
        const gap *p = &gaps[g];
        if (p->vertical) pixRenderLine(pix, xs[p->at], ys[p->from] + 3, xs[p->at], ys[p->to] - 3, 4, L_CLEAR_PIXELS);
        else pixRenderLine(pix, xs[p->from] + 3, ys[p->at], xs[p->to] - 3, ys[p->at], 4, L_CLEAR_PIXELS);
    }
    return pix;
}

static const nb_ruling_cell *cell_at(const nb_ruling_table *t, int row, int col)
{
    for (int i = 0; i < t->ncells; i++)
        if (t->cells[i].row == row && t->cells[i].col == col) return &t->cells[i];
    return NULL;
}

static void spans_come_from_missing_rulings(void)
{
    /* 4 rows x 5 columns like table 三's corner: the top-left cell spans 2 rows and 2
     * columns, a header spans the 3 columns on the right. */
    int xs[] = {20, 220, 300, 380, 460, 540}, ys[] = {20, 60, 100, 140, 180};
    gap gaps[] = {{1, 0, 2, 0}, {1, 0, 1, 1}, {3, 0, 1, 1}, {4, 0, 1, 1}};
    PIX *pix = draw(xs, 6, ys, 5, gaps, 4);
    /* Characters' strokes inside cells: a short bar and a tall one, no ruling. */
    pixRenderLine(pix, 320, 120, 340, 120, 2, L_SET_PIXELS);
    pixRenderLine(pix, 250, 110, 250, 128, 2, L_SET_PIXELS);
    nb_ruling r;
    CHECK_INT(nb_ruling_find(pix, 16, &r), 0);
    CHECK_INT(r.ntables, 1);
    if (r.ntables == 1) {
        const nb_ruling_table *t = &r.tables[0];
        CHECK_INT(t->nrows, 4);
        CHECK_INT(t->ncols, 5);
        const nb_ruling_cell *corner = cell_at(t, 0, 0), *head = cell_at(t, 0, 2), *plain = cell_at(t, 2, 1);
        CHECK(corner && corner->rowspan == 2 && corner->colspan == 2 && !corner->irregular);
        CHECK(head && head->rowspan == 1 && head->colspan == 3);
        CHECK(plain && plain->rowspan == 1 && plain->colspan == 1);
        if (plain) {
            CHECK(plain->x0 >= 219 && plain->x0 <= 224 && plain->x1 >= 296 && plain->x1 <= 301);
            CHECK(plain->y0 >= 99 && plain->y0 <= 104 && plain->y1 >= 136 && plain->y1 <= 141);
        }
        CHECK_INT(t->ncells, 2 + 3 + 5 + 5 + 1 - 1); /* 14: row 1 has only its 3 small cells */
    }
    nb_ruling_free(&r);
    pixDestroy(&pix);
}

static void a_frame_is_not_a_table(void)
{
    /* A banner's frame (one box) and a box cut in two: fewer than 2 x 2 cells. */
    int xs[] = {20, 600}, ys[] = {20, 140};
    PIX *pix = draw(xs, 2, ys, 2, NULL, 0);
    nb_ruling r;
    CHECK_INT(nb_ruling_find(pix, 16, &r), 0);
    CHECK_INT(r.ntables, 0);
    nb_ruling_free(&r);
    pixDestroy(&pix);
    int xs2[] = {20, 300, 600}, ys2[] = {20, 140};
    pix = draw(xs2, 3, ys2, 2, NULL, 0);
    CHECK_INT(nb_ruling_find(pix, 16, &r), 0);
    CHECK_INT(r.ntables, 0);
    nb_ruling_free(&r);
    pixDestroy(&pix);
}

static void two_tables_are_two(void)
{
    int xs[] = {20, 120, 220}, ys[] = {20, 60, 100};
    PIX *a = draw(xs, 3, ys, 3, NULL, 0);
    PIX *both = pixCreate(260, 300, 1);
    pixRasterop(both, 0, 0, 260, 140, PIX_SRC, a, 0, 0);
    pixRasterop(both, 0, 160, 260, 140, PIX_SRC, a, 0, 0);
    nb_ruling r;
    CHECK_INT(nb_ruling_find(both, 16, &r), 0);
    CHECK_INT(r.ntables, 2);
    if (r.ntables == 2) CHECK(r.tables[0].y0 < r.tables[1].y0);
    nb_ruling_free(&r);
    pixDestroy(&a);
    pixDestroy(&both);
}

static const char KEY[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

static void the_cache_gives_back_what_it_was_given(void)
{
    char dir[] = "/tmp/nb-test-ocrcache-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    nb_ocrcells cells = {0}, back = {0};
    nb_ocrcells_add(&cells, 0, 0, 0, 3, 3, NB_MARK_OCR, "（本列数据的勾稽关系为：第一项加第二项之和）");
    nb_ocrcells_add(&cells, 0, 3, 3, 1, 1, NB_MARK_OCR | NB_MARK_OCR_UNCERTAIN, "4");
    nb_ocrcells_add(&cells, 1, 0, 2, 1, 1, NB_MARK_OCR, "");
    nb_ocrcells_add(&cells, 1, 1, 2, 1, 1, NB_MARK_OCR, "a\tb\nc"); /* never stored with a tab */
    cells.tables = 2;
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_ocrcache_load(dir, KEY, &back), 0); /* nothing there yet */
    CHECK_INT(nb_ocrcache_store(dir, KEY, &cells, &err), 0);
    CHECK_INT(nb_ocrcache_load(dir, KEY, &back), 1);
    CHECK_INT(back.n, 4);
    CHECK_INT(back.tables, 2);
    if (back.n == 4) {
        CHECK_STR(back.cells[0].text, cells.cells[0].text);
        CHECK_INT(back.cells[0].colspan, 3);
        CHECK_INT(back.cells[1].marks, NB_MARK_OCR | NB_MARK_OCR_UNCERTAIN);
        CHECK_INT(back.cells[1].row, 3);
        CHECK_STR(back.cells[2].text, "");
        CHECK_INT(back.cells[2].table, 1);
        CHECK_STR(back.cells[3].text, "a b c");
    }
    nb_ocrcells_free(&back);
    /* Another picture's key, and a key that is no SHA-256, miss. */
    CHECK_INT(nb_ocrcache_load(dir, "f123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", &back), 0);
    CHECK_INT(nb_ocrcache_load(dir, "../../etc/passwd", &back), 0);
    CHECK_INT(nb_ocrcache_store(dir, "../x", &cells, &err), -1);
    /* A damaged file is a miss, not half a table. */
    char path[256];
    snprintf(path, sizeof path, "%s/01/%s.ocr", dir, KEY);
    nb_buf data = NB_BUF_INIT;
    CHECK_INT(nb_buf_read_file(&data, path), 0);
    FILE *f = fopen(path, "w");
    fprintf(f, "%.*sgarbage line\n", (int)(strchr(strchr(data.data, '\n') + 1, '\n') - data.data + 1), data.data);
    fclose(f);
    CHECK_INT(nb_ocrcache_load(dir, KEY, &back), 0);
    CHECK_INT(back.n, 0);
    remove(path);
    snprintf(path, sizeof path, "%s/01", dir);
    rmdir(path);
    rmdir(dir);
    nb_buf_free(&data);
    nb_buf_free(&err);
    nb_ocrcells_free(&cells);
}

static void a_picture_that_is_none_is_refused(void)
{
    nb_ocrcells cells = {0};
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_picture_read("<html></html>", 13, NULL, &cells, NULL, &err), -1);
    CHECK_STR(err.data, "not a PNG, JPEG, GIF or BMP picture");
    nb_buf_clear(&err);
    CHECK_INT(nb_picture_read("\x89PNG\r\n\x1a\n\0\0\0\rIHDRxx", 18, NULL, &cells, NULL, &err), -1);
    CHECK_STR(err.data, "a damaged PNG picture: no end chunk (cut short?)");
    nb_buf_free(&err);
}

int main(void)
{
    formats_come_from_the_signature();
    spans_come_from_missing_rulings();
    a_frame_is_not_a_table();
    two_tables_are_two();
    the_cache_gives_back_what_it_was_given();
    a_picture_that_is_none_is_refused();
    return check_done();
}
