/* pglabels: the label column of a table printed without rulings -> the template labels it
 * spells, cell by cell (for pagegrid.h).
 *
 * Without rulings nothing on the page says where one row's label ends and the next one's
 * begins: a narrow column prints "1.属于国家秘密" and "2.其他法律行政法规禁止公开" a few
 * characters (or one) per line, the lines evenly spaced, and the group labels beside them
 * ("（三）不予公开", "三、本年度办理结果") interleave with them line by line. The report
 * templates (template.h) know every label the tables print, so the fragments are grouped
 * into cells by spelling: a cell starts with a fragment that begins a label and goes on
 * with the fragments right under it (in its column, on the next lines) that continue that
 * label, until it is complete. A fragment that spells no label is left ungrouped: the
 * caller then knows the column is not the template's and reads it some other way.
 *
 * Labels compare as code points without spaces, full-width forms folded to ASCII. */
#ifndef NB_PGLABELS_H
#define NB_PGLABELS_H

typedef struct {
    const char *text;     /* as printed, NUL-terminated */
    float x0, x1;         /* horizontal extent */
    float base, size;     /* baseline and font size */
    int line;             /* lines numbered top to bottom; fragments come in (line, x) order */
} nb_pgl_frag;

enum {
    NB_PGL_ROW = 1,       /* the label of a template row (a row of figures) */
    NB_PGL_OTHER = 2,     /* a group's, a section's or a header's label */
};

typedef struct {
    int role;             /* NB_PGL_ROW and/or NB_PGL_OTHER: "（六）其他处理" is a row of the
                             2019 format and a group over three rows in the 2021 one */
    float first, last;    /* baselines of its first and last line */
    float x0, x1;
    int nfrags;
    int ncols;            /* a row label: the figures its row has in the template (0 when
                             the templates differ: 行政许可 has 3 in 2019, 1 in 2021) */
    int cut;              /* only the beginning of its label: the last cell, at the bottom
                             (a row cut by a page break goes on on the next page) */
} nb_pgl_cell;

/* Groups the n fragments f into cells: cell_of[k] is fragment k's cell, or -1 when it
 * begins or continues no label. A label whose beginning reaches the last line of the
 * fragments is a cell (cut) when it begins one label only; the end of a group's label at
 * the top of its column, beside the row labels (its beginning on the page before), is a
 * cell of role NB_PGL_OTHER, and so is the beginning of one cut after a character beside the
 * last row label (cut). cells (room for n) receives the cells, in the order of
 * their first fragments. Returns the number of cells. */
int nb_pglabels_group(const nb_pgl_frag *f, int n, int *cell_of, nb_pgl_cell *cells);

#endif
