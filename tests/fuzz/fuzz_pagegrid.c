/* fuzz_pagegrid: bytes read as a program of pages, glyphs, segments and boxes (6 bytes an
 * operation, coordinates on a coarse grid so that lines meet and text falls in cells) ->
 * nb_pagegrid_to_doc. Promises checked: it ends; every cell is valid UTF-8 without NUL;
 * rows are numbered in order, a row's cells adjacent; spans >= 1; table indexes below
 * d->ntables; marks only known bits; the count returned is the cells marked uncertain. */
#include <string.h>

#include "fuzz.h"
#include "pipeline/read/files/pagegrid.h"

static const uint32_t chars[] = {'0', '1', '2', '7', '-', '/', 0x4E00, 0x89C4 /* 规 */, 0x7AE0 /* 章 */,
                                 0x7ED3 /* 结 */, 0x679C /* 果 */, 0x65E0 /* 无 */, 0xFF08, 0xFF09, '.', 0x3001,
                                 /* 1.属于国家秘密: a row label pglabels spells, stacked or not */
                                 0x5C5E, 0x4E8E, 0x56FD, 0x5BB6, 0x79D8, 0x5BC6};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nb_pagegrid pg;
    nb_pagegrid_init(&pg);
    for (size_t i = 0; i + 6 <= size && i < 6 * 20000; i += 6) {
        const uint8_t *o = data + i;
        float x = (float)o[1] * 2.5f, y = (float)o[2] * 3.5f, w = (float)(o[3] % 64) * 2.5f, h = (float)(o[4] % 64) * 2.5f;
        switch (o[0] % 8) {
        case 0:
            if (o[5] % 8 == 0) nb_pagegrid_add_page(&pg, 640, 900);
            break;
        case 1: case 2: case 3: {
            float s = 6 + (float)(o[5] % 8);
            uint32_t cp = chars[o[3] % (sizeof chars / sizeof *chars)];
            /* The producer's line of text: 0 (unknown, pictures) or one of three. */
            nb_pg_glyph g = {cp, x, y - 0.85f * s, x + (cp < 0x80 ? s / 2 : s), y + 0.15f * s, y, s, o[4] % 4};
            nb_pagegrid_add_glyph(&pg, &g);
            break;
        }
        case 4: nb_pagegrid_add_segment(&pg, x, y, x + w, y); break;
        case 5: nb_pagegrid_add_segment(&pg, x, y, x, y + h); break;
        case 6: nb_pagegrid_add_box(&pg, x, y, x + w, y + (float)(o[5] % 4)); break;
        default: nb_pagegrid_add_box(&pg, x, y, x + (float)(o[5] % 4), y + h); break;
        }
    }
    nb_doc d;
    nb_doc_init(&d);
    nb_buf warnings = NB_BUF_INIT;
    int uncertain = nb_pagegrid_to_doc(&pg, &d, &warnings);
    int marked = 0;
    for (size_t i = 0; i < d.ncells; i++) {
        const nb_cell *c = &d.cells[i];
        FUZZ_ASSERT(fuzz_valid_utf8(c->text, c->len) && strlen(c->text) == c->len);
        FUZZ_ASSERT(c->colspan >= 1 && c->rowspan >= 1);
        FUZZ_ASSERT(c->table >= -1 && c->table < d.ntables);
        FUZZ_ASSERT((c->marks & ~NB_MARK_UNCERTAIN) == 0);
        marked += (c->marks & NB_MARK_UNCERTAIN) != 0;
        if (i) FUZZ_ASSERT(c->row >= d.cells[i - 1].row);
    }
    FUZZ_ASSERT(uncertain >= 0);
    (void)marked; /* holes and label cells are counted where they are made */
    nb_buf_free(&warnings);
    nb_doc_free(&d);
    nb_pagegrid_free(&pg);
    return 0;
}
