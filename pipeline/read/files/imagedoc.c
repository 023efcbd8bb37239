/* imagedoc: OCR'd cells into a doc (see imagedoc.h). */
#include "pipeline/read/files/imagedoc.h"

#include <string.h>

int nb_imagedoc_sniff(const void *bytes, size_t len)
{
    return nb_picture_sniff(bytes, len) != NB_PICTURE_NONE;
}

void nb_imagedoc_append(const nb_ocrcells *cells, nb_doc *out)
{
    int base = out->ntables, last_table = -1, last_row = -1;
    for (int i = 0; i < cells->n; i++) {
        const nb_ocrcell *c = &cells->cells[i];
        if (c->table != last_table || c->row != last_row) nb_doc_new_row(out);
        last_table = c->table, last_row = c->row;
        nb_doc_add_cell(out, c->text, strlen(c->text), c->col, c->colspan, c->rowspan, base + c->table, 1);
        out->cells[out->ncells - 1].marks = c->marks;
    }
    out->ntables += cells->tables;
    out->ocr_cells += cells->n;
}

int nb_imagedoc_read(const void *bytes, size_t len, const nb_picture_options *opt, nb_doc *out,
                     nb_picture_stats *stats, nb_buf *err)
{
    nb_ocrcells cells = {0};
    int rc = nb_picture_read(bytes, len, opt, &cells, stats, err);
    if (rc == 0) nb_imagedoc_append(&cells, out);
    nb_ocrcells_free(&cells);
    return rc;
}

int nb_imagedoc_read_pix(struct Pix *pix, const char *key, const nb_picture_options *opt, nb_doc *out,
                         nb_picture_stats *stats, nb_buf *err)
{
    nb_ocrcells cells = {0};
    int rc = nb_picture_read_pix(pix, key, opt, &cells, stats, err);
    if (rc == 0) nb_imagedoc_append(&cells, out);
    nb_ocrcells_free(&cells);
    return rc;
}
