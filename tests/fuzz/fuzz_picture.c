/* fuzz_picture: picture bytes -> Leptonica's decoders -> the ruled-table finder
 * (pipeline/ocr/ruling.h), the part of the picture reader that runs before Tesseract
 * (each Tesseract call costs a good part of a second: the fuzzer would crawl). Promises
 * checked: decoding refuses rather than crashes, and every table found has cells inside
 * its grid and its box inside the picture, spans >= 1, in reading order. The first byte
 * sets the character height the finder is told. */
#include <leptonica/allheaders.h>
#include <stdint.h>

#include "fuzz.h"
#include "pipeline/ocr/ruling.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int quiet;
    if (!quiet) setMsgSeverity(L_SEVERITY_NONE), quiet = 1;
    if (size < 2) return 0;
    int char_h = 6 + data[0] % 40;
    PIX *pix = pixReadMem(data + 1, size - 1);
    if (!pix) return 0;
    int w = pixGetWidth(pix), h = pixGetHeight(pix);
    if ((long)w * h > 4000000L) { /* the reader refuses such pictures before this stage */
        pixDestroy(&pix);
        return 0;
    }
    PIX *bin = pixConvertTo1(pix, 128);
    pixDestroy(&pix);
    if (!bin) return 0;
    nb_ruling r;
    if (nb_ruling_find(bin, char_h, &r) == 0) {
        for (int t = 0; t < r.ntables; t++) {
            const nb_ruling_table *tb = &r.tables[t];
            FUZZ_ASSERT(tb->nrows >= 1 && tb->ncols >= 1);
            FUZZ_ASSERT(tb->x0 >= 0 && tb->y0 >= 0 && tb->x1 <= w && tb->y1 <= h && tb->x0 <= tb->x1 && tb->y0 <= tb->y1);
            for (int i = 0; i < tb->ncells; i++) {
                const nb_ruling_cell *c = &tb->cells[i];
                FUZZ_ASSERT(c->rowspan >= 1 && c->colspan >= 1);
                FUZZ_ASSERT(c->row >= 0 && c->row + c->rowspan <= tb->nrows);
                FUZZ_ASSERT(c->col >= 0 && c->col + c->colspan <= tb->ncols);
                if (i) {
                    const nb_ruling_cell *p = &tb->cells[i - 1];
                    FUZZ_ASSERT(p->row < c->row || (p->row == c->row && p->col < c->col));
                }
            }
        }
        nb_ruling_free(&r);
    }
    pixDestroy(&bin);
    return 0;
}
