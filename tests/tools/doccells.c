/* doccells: the cells a PDF becomes (pdfdoc.h -> pagegrid.h), a row per line, for reading
 * what the PDF reader made of a file when a cell comes out wrong. Test tool, not part of
 * nianbao.
 *
 *   doccells FILE.pdf     each row: its cells as [col] text, `{cs x rs}` when spanning,
 *                         `?` when marked uncertain; free text rows start with "·"
 */
#include <stdio.h>
#include <stdlib.h>

#include "base/buf.h"
#include "pipeline/read/doc.h"
#include "pipeline/read/files/pdfdoc.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: doccells FILE.pdf\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    nb_buf in = NB_BUF_INIT, warnings = NB_BUF_INIT, error = NB_BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) nb_buf_add(&in, chunk, n);
    fclose(f);
    nb_doc d;
    nb_doc_init(&d);
    if (nb_pdfdoc_parse(in.data, in.len, &d, &warnings, &error) != 0) {
        fprintf(stderr, "%s: %s\n", argv[1], nb_buf_str(&error));
        return 1;
    }
    for (size_t i = 0; i < d.ncells; i++) {
        const nb_cell *c = &d.cells[i];
        int first = i == 0 || c->row != d.cells[i - 1].row;
        if (first) printf(i ? "\n%s" : "%s", c->table < 0 ? "· " : "");
        else printf(" | ");
        printf("[%d]%.*s", c->col, (int)c->len, c->text);
        if (c->colspan > 1 || c->rowspan > 1) printf("{%dx%d}", c->colspan, c->rowspan);
        if (c->marks & NB_MARK_UNCERTAIN) printf("?");
    }
    printf("\n");
    fflush(stdout); /* the warnings after the rows, not inside one */
    fputs(nb_buf_str(&warnings), stderr);
    nb_doc_free(&d);
    nb_buf_free(&in), nb_buf_free(&warnings), nb_buf_free(&error);
    return 0;
}
