/* pgint: what the parts of pagegrid share; internal (pagegrid.h is the contract), included
 * by pagegrid.c and the pg*.c files only.
 *
 * pagegrid.c reads the pages, in order, and puts what they hold into the doc; pglattice.c
 * reads ruled tables; pgtext.c makes text of glyphs and holds a page's free text as lines
 * of fragments; pgaligned.c reads tables without rulings from them, with pgrows.c (which
 * row each label goes to) and pgspell.c (what the templates print over a table);
 * pgtable.c holds tables as rows of cells and joins one running onto the next page.
 *
 * Tolerances are in points or in font sizes: a glyph is about one size wide (CJK) or half
 * of it (digits), a gap of a size or more between two glyphs of a line separates cells. */
#ifndef NB_PGINT_H
#define NB_PGINT_H

#include <math.h>
#include <stdint.h>

#include "pipeline/read/files/pagegrid.h"

static const float SNAP = 2.0f;       /* lines this close are one grid line */

/* ---- tables as rows of cells, until they go into the doc (pgtable.c) ---- */

typedef struct {
    char *text;          /* malloc'ed, NUL-terminated */
    int col, colspan, rowspan;
    float x0, x1;        /* on the page, for joining a row cut by a page break */
    unsigned marks;
    unsigned char cut;   /* a row label cut by the page break (aligned tables) */
    unsigned char cont;  /* the rest of it, at the top of the next page */
    unsigned char unsure_col; /* a figure's cell in doubt only for its column (no grid fits) */
} tcell;

typedef struct {
    tcell *cells;
    int n, cap;
} trow;

typedef struct {
    trow *rows;
    int nrows, cap;
    float x0, x1;        /* outer extent */
    int open_top, open_bottom; /* no line drawn above the first row / under the last */
    int soft_left, soft_right; /* an outer edge where text ends, not where a line is */
    int ruled;
    int uncertain;       /* cells marked */
} table;

trow *pg_table_new_row(table *t);
tcell *pg_row_add(trow *r, const char *text, size_t len, int col, int colspan, int rowspan, float x0, float x1);
void pg_table_free(table *t);
int pg_is_label(const char *text);
/* A table running onto the next page. */
int pg_same_frame(const table *t, const table *u);
int pg_same_columns(const table *t, const table *u);
void pg_join_tables(table *t, table *u);
void pg_settle_table(table *t, const table *u);

/* ---- text of a set of glyphs (pgtext.c) ---- */

static inline int is_alnum_ascii(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

int pg_split_lines(const nb_pg_glyph **g, int n, int *starts);
void pg_line_text(const nb_pg_glyph **g, int a, int b, nb_buf *out);
void pg_compose(const nb_pg_glyph **g, int n, nb_buf *out, int *scratch);

/* ---- ruled tables (pglattice.c) ---- */

typedef struct {
    float pos, a, b; /* horizontal: y, x0..x1; vertical: x, y0..y1 */
} seg1;

static inline int uf_find(int *p, int i)
{
    while (p[i] != i) i = p[i] = p[p[i]];
    return i;
}

static inline void uf_union(int *p, int a, int b)
{
    a = uf_find(p, a), b = uf_find(p, b);
    if (a != b) p[a < b ? b : a] = a < b ? a : b;
}

typedef struct {
    float *xs, *ys;     /* grid lines, sorted */
    int nx, ny;
    int open_top, open_bottom;
    int soft_left, soft_right; /* an edge found from text, not from lines */
    int *root;          /* per lattice cell: its merged cell's root (row-major) */
    int *r0, *c0, *r1, *c1, *count; /* per root: extent and lattice cells */
    const nb_pg_glyph **glyphs; /* grouped by root */
    int *gstart, *gfill;
} lattice;

int pg_merge_collinear(seg1 *s, int n);
void pg_lattice_free(lattice *l);
int pg_lattice_build(seg1 *h, int nh, seg1 *v, int nv, float ext_left, float ext_right, lattice *l);
int pg_locate(const float *p, int n, float x);
table *pg_lattice_table(lattice *l, nb_buf *scratch, int *iscratch);

/* ---- text outside ruled tables: lines, fragments (pgtext.c) ---- */

typedef struct {
    int a, b;           /* glyphs g[a..b) of the page's free glyphs */
    float x0, x1, base, size;
    char *text;
    nb_cell_kind kind;
    int has_digit;
    int role;           /* in an aligned table: ROLE_* */
    int col;            /* its column, -1 if none */
    int line;
    unsigned marks;
} frag;

typedef struct {
    int f0, f1;         /* fragments */
    float x0, x1, base, size;
    int kind;           /* LINE_* */
} tline;

enum { ROLE_LABEL, ROLE_VALUE, ROLE_HEAD };
enum { LINE_DATA, LINE_LABEL, LINE_HEAD };

/* How far apart (in font sizes) two lines of one table may stand: rows padded, or three
 * label lines tall (a Word table). */
#define ROW_REACH 5.0f

static inline int is_digit_cp(uint32_t cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

static inline int is_wide(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

int pg_stands_apart(const nb_pg_glyph **g, int a, int b, int i, int (*kind)(uint32_t), float min_gap);
int pg_fragment_end(const nb_pg_glyph **g, int a, int b);

typedef struct {
    const nb_pg_glyph **g;
    int ng;
    frag *f;
    int nf, capf;
    tline *l;
    int nl;
    nb_buf scratch;
    int *iscratch;
} textpage;

void pg_textpage_free(textpage *tp);
void pg_add_frag(textpage *tp, int a, int b, int line);
void pg_textpage_build(textpage *tp);

typedef struct {
    int *items;
    int n, cap;
} intlist;

void pg_il_push(intlist *l, int v);

/* ---- aligned tables (pgaligned.c, with pgrows.c and pgspell.c) ---- */

/* A value cell of an aligned table: fragments of one column, one or more lines. */
typedef struct {
    int col;
    float first, last;  /* baselines of its first and last line */
    int f[4], nf;       /* its fragments, top to bottom */
    int row;
    unsigned marks;
    int wrapped;        /* one figure wrapped over its lines: their digits read as one */
} vcell;

typedef struct {
    float first, last, center;
} vrow;

typedef struct {
    float lo, hi;       /* x extent */
    int id;
} colspan_t;

static inline int overlaps(float a0, float a1, float b0, float b1)
{
    return a0 < b1 - 0.5f && b0 < a1 - 0.5f;
}

/* Whether two extents share at least half of the narrower one (a header over a column,
 * not one touching its edge). */
static inline int shares(float a0, float a1, float b0, float b1)
{
    float common = fminf(a1, b1) - fmaxf(a0, b0);
    return common > 0 && common >= 0.5f * fminf(a1 - a0, b1 - b0);
}

/* The columns of the last aligned table's last section with a header (or with the
 * template's count of figure columns), for a table continued on the next page, or in a
 * part of its own, without repeating it. */
enum { MAX_CARRY = 64 };
typedef struct {
    colspan_t cols[MAX_CARRY];
    int n;
} carry_cols;

table *pg_read_aligned(textpage *tp, int la, int lb, int *used_a, int *used_b, carry_cols *carry);

/* Which row each label goes to (pgrows.c). */
void pg_split_at_items(textpage *tp, intlist *labels);
int pg_split_at_neighbours(textpage *tp, intlist *labels);
void pg_place_labels(textpage *tp, intlist *labels, const vrow *rows, int nrows, float tol, int *frow,
                     int *fprimary, unsigned *fmarks, int *uncertain_row);
int pg_template_columns(textpage *tp, const intlist *labels);
int pg_rows_from_template(textpage *tp, const intlist *labels, vrow **rowsp, int *nrowsp, vcell *cells, int nc,
                          float tol, int *frow, int *fprimary, int **uncertain_row, int *lead_col, int *cut_row);

/* What the templates print over a table (pgspell.c). */
#define SPELL_MAX_LEAVES 32
int pg_is_marker(const char *text);
int pg_unlabelled_columns(const textpage *tp, const intlist *heads);
int pg_spelled_leaves(const textpage *tp, const intlist *heads, const int *spanning, colspan_t *hl);

#endif
