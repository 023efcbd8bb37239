/* pgspell: what the report templates print over a table without rulings, read by its
 * text: the markers (a table's or a part's title, never the header of one column) and the
 * header cells of the rows without labels (table 四), spelled out of the characters of a
 * header printed past reading (below). */
#include "pipeline/read/files/pgint.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "pipeline/read/label.h"
#include "pipeline/template.h"

/* The table of template t that prints text (its core, label.h) over it or a part of it
 * (template.h markers), or -1. */
static int marker_table(const nb_template *t, const char *core)
{
    char m[128];
    for (int tb = 0; tb < NB_TABLE_COUNT; tb++)
        for (int k = 0; t->markers[tb][k]; k++) {
            nb_label_core(t->markers[tb][k], strlen(t->markers[tb][k]), m, sizeof m);
            if (!strcmp(core, m)) return tb;
        }
    return -1;
}

/* A label the templates print over a table or a part of it, whose text never heads a
 * single column. */
int pg_is_marker(const char *text)
{
    char core[128];
    nb_label_core(text, strlen(text), core, sizeof core);
    if (!core[0]) return 0;
    for (const nb_template *const *t = nb_templates; *t; t++)
        if (marker_table(*t, core) >= 0) return 1;
    return 0;
}

/* How many figures a section without row labels has by the template, when its header
 * names a table whose rows have no labels (table 四: one run of 15 figures) and the
 * templates agree; else 0. */
int pg_unlabelled_columns(const textpage *tp, const intlist *heads)
{
    int expected = -1;
    char core[128];
    for (int i = 0; i < heads->n && expected != 0; i++) {
        const char *text = tp->f[heads->items[i]].text;
        nb_label_core(text, strlen(text), core, sizeof core);
        for (const nb_template *const *t = nb_templates; *t && core[0] && expected != 0; t++) {
            int tb = marker_table(*t, core), n = 0;
            for (int r = 0; tb >= 0 && r < (*t)->nrows; r++)
                if ((int)(*t)->rows[r].table == tb && !(*t)->rows[r].label) n += nb_row_ncolumns(&(*t)->rows[r]);
            if (n > 0) expected = expected < 0 || expected == n ? n : 0;
        }
    }
    return expected > 0 ? expected : 0;
}

/* ---- A header squeezed past reading, spelled from the template ----
 *
 * Table 四's fifteen header cells, printed in columns too narrow for them, wrap a
 * character or two per line, and the lines of neighbouring cells run together
 * ("结果结果其他尚未" over "维持纠正结果审结"): no gap says where one cell ends. The
 * template knows the cells' labels in printed order, so the header's characters are dealt
 * out to them: each cell takes, line by line from the top, a run of characters that goes
 * on spelling its label, each run under the one before, each cell right of the one
 * before, every character taken. Only when exactly one such reading exists are its cells'
 * extents the columns; else the header stays unread (and its figures flagged). */

#define SPELL_MAX_CHARS 16
#define SPELL_MAX_ROWS 24
#define SPELL_MAX_STEPS 200000

typedef struct {
    const nb_pg_glyph **g;  /* a printed line of the header, by x */
    int n;
} glyph_row;

typedef struct {
    const glyph_row *rows;
    int nrows;
    uint32_t (*label)[SPELL_MAX_CHARS];
    const int *len;
    int nleaves;
    int pos[SPELL_MAX_ROWS]; /* per line, the first character no cell has taken */
    colspan_t cur[SPELL_MAX_LEAVES], found[SPELL_MAX_LEAVES];
    int readings;
    long steps;
} speller;

static void spell_leaf(speller *s, int k, float prev_hi);

/* Cell k, its first c characters taken down to line r (lo..hi so far, last run
 * run0..run1), takes the rest from line r on. */
static void spell_runs(speller *s, int k, int r, int c, float lo, float hi, float run0, float run1, float prev_hi)
{
    if (s->readings > 1) return;
    if (++s->steps > SPELL_MAX_STEPS) {
        s->readings = 2; /* too many ways to try: not certain */
        return;
    }
    if (c == s->len[k]) {
        s->cur[k] = (colspan_t){lo, hi, k};
        spell_leaf(s, k + 1, hi);
        return;
    }
    if (r == s->nrows) return;
    spell_runs(s, k, r + 1, c, lo, hi, run0, run1, prev_hi);
    const glyph_row *row = &s->rows[r];
    int p = s->pos[r];
    if (p >= row->n || row->g[p]->x0 < prev_hi - 0.5f) return;
    for (int m = 1; p + m <= row->n && c + m <= s->len[k] && row->g[p + m - 1]->cp == s->label[k][c + m - 1]; m++) {
        float x0 = row->g[p]->x0, x1 = row->g[p + m - 1]->x1;
        if (c > 0 && !overlaps(x0, x1, run0, run1)) continue;
        s->pos[r] += m;
        spell_runs(s, k, r + 1, c + m, fminf(lo, x0), fmaxf(hi, x1), x0, x1, prev_hi);
        s->pos[r] -= m;
    }
}

/* Cells k on, right of prev_hi. */
static void spell_leaf(speller *s, int k, float prev_hi)
{
    /* A character left of the cells dealt so far would never be taken. */
    for (int r = 0; r < s->nrows; r++)
        if (s->pos[r] < s->rows[r].n && s->rows[r].g[s->pos[r]]->x0 < prev_hi - 0.5f) return;
    if (k == s->nleaves) {
        for (int r = 0; r < s->nrows; r++)
            if (s->pos[r] < s->rows[r].n) return;
        if (++s->readings == 1) memcpy(s->found, s->cur, sizeof s->found);
        return;
    }
    spell_runs(s, k, 0, 0, FLT_MAX, -FLT_MAX, 0, 0, prev_hi);
}

/* The labels of the cells of the unlabelled rows (table 四) of the table the header
 * fragments name, in printed order, as code points: their number, or 0 when no header
 * names one or the templates differ. */
static int leaf_labels(const textpage *tp, const intlist *heads, uint32_t (*label)[SPELL_MAX_CHARS], int *len)
{
    const char *first[SPELL_MAX_LEAVES];
    int n = -1;
    char core[128];
    for (int i = 0; i < heads->n && n != 0; i++) {
        const char *text = tp->f[heads->items[i]].text;
        nb_label_core(text, strlen(text), core, sizeof core);
        for (const nb_template *const *t = nb_templates; *t && core[0] && n != 0; t++) {
            int tb = marker_table(*t, core), k = 0, same = 1;
            if (tb < 0) continue;
            for (int r = 0; r < (*t)->nrows; r++) {
                const nb_row *row = &(*t)->rows[r];
                if ((int)row->table != tb || row->label) continue;
                for (int c = 0; row->columns[c]; c++, k++) {
                    if (k >= SPELL_MAX_LEAVES) return 0;
                    if (n < 0) first[k] = row->columns[c]->label;
                    else same &= k < n && !strcmp(first[k], row->columns[c]->label);
                }
            }
            if (k == 0) continue;
            n = n < 0 || (same && k == n) ? k : 0;
        }
    }
    for (int k = 0; k < n; k++) {
        const unsigned char *p = (const unsigned char *)first[k];
        size_t left = strlen(first[k]);
        for (len[k] = 0; left;) {
            if (len[k] == SPELL_MAX_CHARS) return 0;
            size_t step = nb_utf8_decode(p, left, &label[k][len[k]++]);
            p += step, left -= step;
        }
    }
    return n > 0 ? n : 0;
}

static int cmp_glyph_row_order(const void *a, const void *b)
{
    const nb_pg_glyph *x = *(const nb_pg_glyph *const *)a, *y = *(const nb_pg_glyph *const *)b;
    if (fabsf(x->base - y->base) > 0.1f * fmaxf(x->size, y->size)) return x->base < y->base ? -1 : 1;
    return x->x0 < y->x0 ? -1 : x->x0 > y->x0;
}

/* The characters (not spaces) of the header over the figures, but for the templates'
 * markers (行政复议, 复议后起诉), in lines (one baseline each). Run-together cells
 * span columns: they are taken too. */
static int header_glyph_rows(const textpage *tp, const intlist *heads, const int *spanning, const nb_pg_glyph **g,
                             glyph_row *rows)
{
    int ng = 0, nrows = 0;
    for (int i = 0; i < heads->n; i++) {
        const frag *f = &tp->f[heads->items[i]];
        if (spanning[i] == 2 || pg_is_marker(f->text)) continue;
        for (int k = f->a; k < f->b; k++)
            if (tp->g[k]->cp != ' ' && tp->g[k]->cp != 0x3000) g[ng++] = tp->g[k];
    }
    qsort(g, (size_t)ng, sizeof *g, cmp_glyph_row_order);
    for (int i = 0; i < ng; i++) {
        int same = nrows > 0 && fabsf(g[i]->base - rows[nrows - 1].g[0]->base) <= 0.1f * g[i]->size;
        if (!same && nrows == SPELL_MAX_ROWS) return -1;
        if (!same) rows[nrows++] = (glyph_row){&g[i], 0};
        rows[nrows - 1].n++;
    }
    return nrows;
}

/* The header cells of an unlabelled section (table 四) read by spelling the template's
 * labels: their extents into hl (room for SPELL_MAX_LEAVES), their number; 0 when the
 * header does not spell them in exactly one way. */
int pg_spelled_leaves(const textpage *tp, const intlist *heads, const int *spanning, colspan_t *hl)
{
    uint32_t label[SPELL_MAX_LEAVES][SPELL_MAX_CHARS];
    int len[SPELL_MAX_LEAVES];
    int n = leaf_labels(tp, heads, label, len);
    if (n == 0) return 0;
    int ng = 0;
    for (int i = 0; i < heads->n; i++) ng += tp->f[heads->items[i]].b - tp->f[heads->items[i]].a;
    const nb_pg_glyph **g = nb_xmalloc(sizeof *g * (size_t)(ng ? ng : 1));
    glyph_row rows[SPELL_MAX_ROWS];
    speller s = {0};
    s.nrows = header_glyph_rows(tp, heads, spanning, g, rows);
    s.rows = rows, s.label = label, s.len = len, s.nleaves = n;
    if (s.nrows > 0) spell_leaf(&s, 0, -FLT_MAX);
    free(g);
    if (s.readings != 1) return 0;
    memcpy(hl, s.found, sizeof *hl * (size_t)n);
    return n;
}
