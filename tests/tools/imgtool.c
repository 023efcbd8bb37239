/* imgtool: the picture conversions the OCR tests make their inputs with, by Leptonica
 * (the library nianbao reads pictures with, which writes them through libpng, libjpeg
 * and giflib). Test tool, not part of nianbao.
 *
 *   imgtool IN OUT FORMAT [QUALITY]   FORMAT: png, jpeg (QUALITY 1-100), gif, bmp
 *   imgtool --crop MARGIN IN OUT      cut the white border down to MARGIN pixels (PNG out)
 */
#include <leptonica/allheaders.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(const char *what, const char *path)
{
    fprintf(stderr, "imgtool: %s: %s\n", path, what);
    return 1;
}

int main(int argc, char **argv)
{
    setMsgSeverity(L_SEVERITY_ERROR);
    if (argc == 5 && !strcmp(argv[1], "--crop")) {
        int margin = atoi(argv[2]);
        PIX *pix = pixRead(argv[3]);
        if (!pix) return fail("cannot read", argv[3]);
        PIX *gray = pixConvertTo8(pix, 0), *bin = pixThresholdToBinary(gray, 250);
        BOX *fg = NULL;
        if (pixClipToForeground(bin, NULL, &fg) != 0 || !fg) return fail("blank picture", argv[3]);
        l_int32 x, y, w, h, pw, ph;
        boxGetGeometry(fg, &x, &y, &w, &h);
        pixGetDimensions(pix, &pw, &ph, NULL);
        int x0 = x - margin < 0 ? 0 : x - margin, y0 = y - margin < 0 ? 0 : y - margin;
        int x1 = x + w + margin > pw ? pw : x + w + margin, y1 = y + h + margin > ph ? ph : y + h + margin;
        BOX *b = boxCreate(x0, y0, x1 - x0, y1 - y0);
        PIX *out = pixClipRectangle(pix, b, NULL);
        int rc = !out || pixWrite(argv[4], out, IFF_PNG) != 0;
        boxDestroy(&b);
        boxDestroy(&fg);
        pixDestroy(&out);
        pixDestroy(&bin);
        pixDestroy(&gray);
        pixDestroy(&pix);
        return rc ? fail("cannot write", argv[4]) : 0;
    }
    if (argc < 4) {
        fprintf(stderr, "usage: imgtool IN OUT png|jpeg|gif|bmp [QUALITY] | imgtool --crop MARGIN IN OUT\n");
        return 2;
    }
    PIX *pix = pixRead(argv[1]);
    if (!pix) return fail("cannot read", argv[1]);
    int rc;
    if (!strcmp(argv[3], "jpeg")) {
        PIX *rgb = pixConvertTo32(pix);
        rc = pixWriteJpeg(argv[2], rgb, argc > 4 ? atoi(argv[4]) : 75, 0);
        pixDestroy(&rgb);
    } else if (!strcmp(argv[3], "gif")) {
        PIX *g = pixConvertTo8(pix, 0); /* GIF holds 256 colours: a grey screenshot fits */
        rc = pixWrite(argv[2], g, IFF_GIF);
        pixDestroy(&g);
    } else if (!strcmp(argv[3], "bmp")) {
        rc = pixWrite(argv[2], pix, IFF_BMP);
    } else {
        rc = pixWrite(argv[2], pix, IFF_PNG);
    }
    pixDestroy(&pix);
    return rc ? fail("cannot write", argv[2]) : 0;
}
