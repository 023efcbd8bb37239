/* xlsxdoc: a workbook's visible sheets -> cells (see xlsxdoc.h). */
#include "pipeline/read/files/xlsxdoc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/arena.h"
#include "pipeline/number.h"
#include "pipeline/read/files/ooxml.h"
#include "pipeline/read/files/xlsxnum.h"
#include "pipeline/read/match.h"

/* ---- reading parts ---- */

static int is_element(xmlTextReaderPtr r, const char *local)
{
    if (xmlTextReaderNodeType(r) != XML_READER_TYPE_ELEMENT) return 0;
    const xmlChar *name = xmlTextReaderConstLocalName(r);
    if (!name || strcmp((const char *)name, local)) return 0;
    /* SpreadsheetML, transitional or strict; not the x14 extensions that reuse names */
    const xmlChar *ns = xmlTextReaderConstNamespaceUri(r);
    return !ns || !strcmp((const char *)ns, "http://schemas.openxmlformats.org/spreadsheetml/2006/main") ||
           !strcmp((const char *)ns, "http://purl.oclc.org/ooxml/spreadsheetml/main") ||
           strstr((const char *)ns, "/relationships") != NULL;
}

static int is_end(xmlTextReaderPtr r, const char *local)
{
    const xmlChar *name = xmlTextReaderConstLocalName(r);
    return xmlTextReaderNodeType(r) == XML_READER_TYPE_END_ELEMENT && name && !strcmp((const char *)name, local);
}

static int is_text(xmlTextReaderPtr r)
{
    int t = xmlTextReaderNodeType(r);
    return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA || t == XML_READER_TYPE_WHITESPACE ||
           t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

static void add_text(xmlTextReaderPtr r, nb_buf *to)
{
    const xmlChar *v = xmlTextReaderConstValue(r);
    if (v) nb_buf_adds(to, (const char *)v);
}

static int truthy(const char *v)
{
    return !strcmp(v, "1") || !strcasecmp(v, "true");
}

/* Phonetic guides (<rPh>) hold a reading of the text, not the text: skipped with all
 * inside them. Returns 1 while the reader is inside one. */
static int phonetic(xmlTextReaderPtr r, int *skip_depth)
{
    if (*skip_depth >= 0) {
        if (is_end(r, "rPh") && xmlTextReaderDepth(r) == *skip_depth) *skip_depth = -1;
        return 1;
    }
    if (is_element(r, "rPh") && !xmlTextReaderIsEmptyElement(r)) {
        *skip_depth = xmlTextReaderDepth(r);
        return 1;
    }
    return 0;
}

/* ---- the workbook: sheets, where they are, styles, shared strings ---- */

typedef struct {
    char name[128];
    char rid[64];
    int hidden;
    char path[512];
} sheet_ref;

typedef struct {
    int date1904;
    sheet_ref *sheets;
    int nsheets;
    char strings_path[512], styles_path[512];
    int *xf_format; /* cellXfs index -> numFmtId */
    int nxf, capxf, in_cellxfs;
    struct {
        int id;
        const char *code;
    } *formats;
    int nformats, capformats;
    const char **strings; /* the shared strings */
    int nstrings, capstrings;
    nb_buf si;
    int in_si, in_t, skip_depth;
    nb_arena arena;
    nb_buf *error;
} book;

static int on_workbook(xmlTextReaderPtr r, void *ctx)
{
    book *b = ctx;
    char v[128];
    if (is_element(r, "workbookPr")) {
        b->date1904 = nb_ooxml_attr(r, "date1904", v, sizeof v) && truthy(v);
    } else if (is_element(r, "sheet")) {
        if (b->nsheets == NB_XLSXDOC_MAX_SHEETS) {
            nb_buf_printf(b->error, "the workbook has more than %d sheets: not read", NB_XLSXDOC_MAX_SHEETS);
            return -1;
        }
        sheet_ref *s = &b->sheets[b->nsheets++];
        memset(s, 0, sizeof *s);
        nb_ooxml_attr(r, "name", s->name, sizeof s->name);
        nb_ooxml_attr(r, "id", s->rid, sizeof s->rid);
        s->hidden = nb_ooxml_attr(r, "state", v, sizeof v) && strcmp(v, "visible");
    }
    return 0;
}

/* A relationship's target, relative to xl/ unless absolute in the package. */
static void part_path(const char *target, char *out, size_t outsz)
{
    if (target[0] == '/') snprintf(out, outsz, "%s", target + 1);
    else snprintf(out, outsz, "xl/%s", target);
}

static int on_rels(xmlTextReaderPtr r, void *ctx)
{
    book *b = ctx;
    if (!is_element(r, "Relationship")) return 0;
    char id[64], target[400], type[256], mode[32];
    nb_ooxml_attr(r, "Id", id, sizeof id);
    nb_ooxml_attr(r, "Target", target, sizeof target);
    nb_ooxml_attr(r, "Type", type, sizeof type);
    if (nb_ooxml_attr(r, "TargetMode", mode, sizeof mode) && !strcmp(mode, "External")) return 0;
    size_t tl = strlen(type);
    if (tl >= 14 && !strcmp(type + tl - 14, "/sharedStrings")) part_path(target, b->strings_path, sizeof b->strings_path);
    else if (tl >= 7 && !strcmp(type + tl - 7, "/styles")) part_path(target, b->styles_path, sizeof b->styles_path);
    for (int i = 0; i < b->nsheets; i++)
        if (!strcmp(b->sheets[i].rid, id)) part_path(target, b->sheets[i].path, sizeof b->sheets[i].path);
    return 0;
}

static int on_styles(xmlTextReaderPtr r, void *ctx)
{
    book *b = ctx;
    char v[1024];
    if (is_element(r, "numFmt")) {
        if (b->nformats == b->capformats) {
            b->capformats = b->capformats ? 2 * b->capformats : 32;
            b->formats = nb_xrealloc(b->formats, sizeof *b->formats * (size_t)b->capformats);
        }
        nb_ooxml_attr(r, "numFmtId", v, sizeof v);
        b->formats[b->nformats].id = atoi(v);
        nb_ooxml_attr(r, "formatCode", v, sizeof v);
        b->formats[b->nformats++].code = nb_arena_strndup(&b->arena, v, strlen(v));
    } else if (is_element(r, "cellXfs")) {
        b->in_cellxfs = !xmlTextReaderIsEmptyElement(r);
    } else if (is_end(r, "cellXfs")) {
        b->in_cellxfs = 0;
    } else if (b->in_cellxfs && is_element(r, "xf")) {
        if (b->nxf == b->capxf) {
            b->capxf = b->capxf ? 2 * b->capxf : 64;
            b->xf_format = nb_xrealloc(b->xf_format, sizeof *b->xf_format * (size_t)b->capxf);
        }
        b->xf_format[b->nxf++] = nb_ooxml_attr(r, "numFmtId", v, sizeof v) ? atoi(v) : 0;
    }
    return 0;
}

static void push_string(book *b)
{
    if (b->nstrings == b->capstrings) {
        b->capstrings = b->capstrings ? 2 * b->capstrings : 256;
        b->strings = nb_xrealloc(b->strings, sizeof *b->strings * (size_t)b->capstrings);
    }
    b->strings[b->nstrings++] = nb_arena_strndup(&b->arena, nb_buf_str(&b->si), b->si.len);
    nb_buf_clear(&b->si);
}

static int on_strings(xmlTextReaderPtr r, void *ctx)
{
    book *b = ctx;
    if (phonetic(r, &b->skip_depth)) return 0;
    if (is_element(r, "si")) {
        nb_buf_clear(&b->si);
        if (xmlTextReaderIsEmptyElement(r)) push_string(b);
        else b->in_si = 1;
    } else if (is_end(r, "si")) {
        if (b->in_si) push_string(b);
        b->in_si = 0;
    } else if (b->in_si && is_element(r, "t")) {
        b->in_t = !xmlTextReaderIsEmptyElement(r);
    } else if (is_end(r, "t")) {
        b->in_t = 0;
    } else if (b->in_si && b->in_t && is_text(r)) {
        add_text(r, &b->si);
        if (b->si.len > NB_XLSXDOC_MAX_XML) return -1; /* cannot happen: the part is capped */
    }
    return 0;
}

static const char *format_of(const book *b, int style)
{
    int id = style >= 0 && style < b->nxf ? b->xf_format[style] : 0;
    for (int i = b->nformats - 1; i >= 0; i--)
        if (b->formats[i].id == id) return b->formats[i].code;
    const char *code = nb_xlsxnum_builtin(id);
    return code ? code : "General";
}

/* ---- a sheet ---- */

enum { BLANK, LABEL, FIGURE };

typedef struct {
    int row, col, rowspan, colspan;
    const char *text;   /* NULL: a blank cell the sheet writes (a border, a style) */
    unsigned char kind; /* BLANK, LABEL, FIGURE */
    unsigned char row_label;
} xcell;

typedef struct {
    int r1, c1, r2, c2;
} range;

typedef struct {
    book *b;
    const sheet_ref *ref;
    nb_arena *arena;
    xcell *cells;
    int n, cap;
    int *total;         /* cells of the whole workbook so far */
    range *merges;
    int nmerges, capmerges;
    unsigned char hidden_cols[16384];
    int *hidden_rows;
    int nhidden_rows, caphidden_rows;
    int in_data, row, row_hidden, next_col;
    /* the cell being read */
    int in_cell, c_row, c_col, style, has_formula, has_value;
    char type[16];
    nb_buf v, f, inline_text;
    nb_buf *target;     /* what the text nodes go to */
    int skip_depth;
    /* formulas without a computed value: how many, and the first few */
    int uncached;
    nb_buf uncached_refs;
    nb_buf *error;
} sheet;

/* "B3" -> column 1, row 2; returns 0, or -1 when it is no cell reference. */
static int parse_ref(const char *s, int *row, int *col)
{
    long c = 0, r = 0;
    int letters = 0, digits = 0;
    for (; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'); s++, letters++) {
        c = c * 26 + ((*s | 0x20) - 'a' + 1);
        if (c > 16384) return -1;
    }
    if (*s == '$') s++;
    for (; *s >= '0' && *s <= '9'; s++, digits++) {
        r = r * 10 + (*s - '0');
        if (r > 1048576) return -1;
    }
    if (!letters || !digits || *s || r < 1) return -1;
    *row = (int)r - 1, *col = (int)c - 1;
    return 0;
}

static void col_name(int col, char *out)
{
    char rev[8];
    int n = 0;
    for (col++; col > 0 && n < 7; col = (col - 1) / 26) rev[n++] = (char)('A' + (col - 1) % 26);
    for (int i = 0; i < n; i++) out[i] = rev[n - 1 - i];
    out[n] = '\0';
}

static int col_hidden(const sheet *s, int col)
{
    return col >= 0 && col < 16384 && s->hidden_cols[col];
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int row_hidden(const sheet *s, int row)
{
    return s->nhidden_rows && bsearch(&row, s->hidden_rows, (size_t)s->nhidden_rows, sizeof(int), cmp_int) != NULL;
}

static int end_cell(sheet *s)
{
    s->in_cell = 0, s->target = NULL;
    if (s->row_hidden || col_hidden(s, s->c_col)) return 0;
    if (++*s->total > NB_XLSXDOC_MAX_CELLS) {
        nb_buf_printf(s->error, "the workbook has more than %d cells: not read", NB_XLSXDOC_MAX_CELLS);
        return -1;
    }
    char shown[512];
    const char *text = NULL;
    const char *v = nb_buf_str(&s->v);
    if (!strcmp(s->type, "s")) {
        char *end;
        errno = 0;
        long i = strtol(v, &end, 10);
        text = s->has_value && !*end && !errno && i >= 0 && i < s->b->nstrings ? s->b->strings[i] : "?";
    } else if (!strcmp(s->type, "inlineStr")) {
        text = nb_buf_str(&s->inline_text);
    } else if (!strcmp(s->type, "b")) {
        text = s->has_value ? (truthy(v) ? "TRUE" : "FALSE") : NULL;
    } else if (!strcmp(s->type, "str") || !strcmp(s->type, "e") || !strcmp(s->type, "d")) {
        text = s->has_value ? v : NULL;
    } else if (s->has_value && s->v.len) {
        char *end;
        double x = strtod(v, &end);
        if (*end || end == v) {
            text = v; /* not a number after all: shown as written */
        } else {
            nb_xlsxnum_show(x, format_of(s->b, s->style), s->b->date1904, shown, sizeof shown);
            text = shown;
        }
    }
    int uncached = !text && s->has_formula;
    if (uncached) {
        /* Never computed here: the formula is what the cell says. */
        nb_buf_clear(&s->v);
        nb_buf_printf(&s->v, "=%s", s->f.len ? s->f.data : "?");
        text = s->v.data;
        char name[8];
        col_name(s->c_col, name);
        if (s->uncached++ < 5) nb_buf_printf(&s->uncached_refs, "%s%s%d", s->uncached > 1 ? ", " : "", name, s->c_row + 1);
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->cells = nb_xrealloc(s->cells, sizeof *s->cells * (size_t)s->cap);
    }
    xcell *c = &s->cells[s->n++];
    memset(c, 0, sizeof *c);
    c->row = s->c_row, c->col = s->c_col, c->rowspan = c->colspan = 1;
    c->text = text ? nb_arena_strndup(s->arena, text, strlen(text)) : NULL;
    c->kind = uncached ? FIGURE : BLANK; /* settled for the rest once the sheet is read */
    return 0;
}

static int on_sheet(xmlTextReaderPtr r, void *ctx)
{
    sheet *s = ctx;
    char v[64];
    if (s->in_cell && phonetic(r, &s->skip_depth)) return 0;
    if (s->in_cell) {
        if (is_text(r)) {
            if (s->target) add_text(r, s->target);
        } else if (is_element(r, "v")) {
            s->has_value = 1;
            s->target = xmlTextReaderIsEmptyElement(r) ? NULL : &s->v;
        } else if (is_element(r, "f")) {
            s->has_formula = 1;
            s->target = xmlTextReaderIsEmptyElement(r) ? NULL : &s->f;
        } else if (is_element(r, "t")) {
            s->target = xmlTextReaderIsEmptyElement(r) ? NULL : &s->inline_text;
        } else if (is_end(r, "v") || is_end(r, "f") || is_end(r, "t")) {
            s->target = NULL;
        } else if (is_end(r, "c")) {
            return end_cell(s);
        }
        return 0;
    }
    if (is_element(r, "col")) {
        if (nb_ooxml_attr(r, "hidden", v, sizeof v) && truthy(v)) {
            int lo = nb_ooxml_attr(r, "min", v, sizeof v) ? atoi(v) : 0;
            int hi = nb_ooxml_attr(r, "max", v, sizeof v) ? atoi(v) : 0;
            if (hi > 16384) hi = 16384;
            if (lo >= 1 && hi >= lo) memset(s->hidden_cols + lo - 1, 1, (size_t)(hi - lo + 1));
        }
    } else if (is_element(r, "sheetData")) {
        s->in_data = !xmlTextReaderIsEmptyElement(r);
    } else if (is_end(r, "sheetData")) {
        s->in_data = 0;
    } else if (s->in_data && is_element(r, "row")) {
        int row = nb_ooxml_attr(r, "r", v, sizeof v) ? atoi(v) - 1 : s->row + 1;
        s->row = row >= 0 && row < 1048576 ? row : s->row + 1;
        s->next_col = 0;
        s->row_hidden = nb_ooxml_attr(r, "hidden", v, sizeof v) && truthy(v);
        if (s->row_hidden && s->nhidden_rows < 1048576) {
            if (s->nhidden_rows == s->caphidden_rows) {
                s->caphidden_rows = s->caphidden_rows ? 2 * s->caphidden_rows : 64;
                s->hidden_rows = nb_xrealloc(s->hidden_rows, sizeof(int) * (size_t)s->caphidden_rows);
            }
            s->hidden_rows[s->nhidden_rows++] = s->row;
        }
    } else if (s->in_data && is_element(r, "c")) {
        int row, col;
        if (!nb_ooxml_attr(r, "r", v, sizeof v) || parse_ref(v, &row, &col) != 0) row = s->row, col = s->next_col;
        s->c_row = row, s->c_col = col, s->next_col = col + 1;
        if (!nb_ooxml_attr(r, "t", s->type, sizeof s->type)) strcpy(s->type, "n");
        s->style = nb_ooxml_attr(r, "s", v, sizeof v) ? atoi(v) : 0;
        s->has_formula = s->has_value = 0;
        nb_buf_clear(&s->v);
        nb_buf_clear(&s->f);
        nb_buf_clear(&s->inline_text);
        s->target = NULL;
        s->skip_depth = -1;
        s->in_cell = 1;
        if (xmlTextReaderIsEmptyElement(r)) return end_cell(s);
    } else if (is_element(r, "mergeCell")) {
        char ref[64];
        nb_ooxml_attr(r, "ref", ref, sizeof ref);
        char *colon = strchr(ref, ':');
        range m;
        if (!colon) return 0;
        *colon = '\0';
        if (parse_ref(ref, &m.r1, &m.c1) != 0 || parse_ref(colon + 1, &m.r2, &m.c2) != 0) return 0;
        if (m.r2 < m.r1) { int t = m.r1; m.r1 = m.r2; m.r2 = t; }
        if (m.c2 < m.c1) { int t = m.c1; m.c1 = m.c2; m.c2 = t; }
        if (m.r1 == m.r2 && m.c1 == m.c2) return 0;
        if (s->nmerges == NB_XLSXDOC_MAX_MERGES) {
            nb_buf_printf(s->error, "sheet \"%s\" has more than %d merged cells: not read", s->ref->name,
                          NB_XLSXDOC_MAX_MERGES);
            return -1;
        }
        if (s->nmerges == s->capmerges) {
            s->capmerges = s->capmerges ? 2 * s->capmerges : 64;
            s->merges = nb_xrealloc(s->merges, sizeof *s->merges * (size_t)s->capmerges);
        }
        s->merges[s->nmerges++] = m;
    }
    return 0;
}

/* ---- the grid ---- */

static int cmp_cell(const void *a, const void *b)
{
    const xcell *x = a, *y = b;
    if (x->row != y->row) return (x->row > y->row) - (x->row < y->row);
    return (x->col > y->col) - (x->col < y->col);
}

/* Sorted distinct values of v[0..n). */
static int distinct(int *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_int);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!k || v[k - 1] != v[i]) v[k++] = v[i];
    return k;
}

/* The index of the first of v[0..n) >= x. */
static int lower(const int *v, int n, int x)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (v[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* What a cell is to a reader of the table: a label, a figure (a number, a placeholder,
 * unreadable text with digits that is no label and no sentence: what match.h takes
 * where a figure belongs) or blank. */
static void classify(xcell *c, nb_arena *arena)
{
    if (c->kind == FIGURE || !c->text) return;
    size_t len = strlen(c->text);
    nb_number n;
    nb_number_parse(c->text, len, &n);
    if (n.kind == NB_CELL_BLANK) {
        c->kind = BLANK;
        return;
    }
    if (n.kind != NB_CELL_TEXT) {
        c->kind = FIGURE;
        return;
    }
    nb_cell probe = {.text = c->text, .len = len};
    nb_label_key_make(arena, c->text, len, &probe.key);
    int digit = strpbrk(c->text, "0123456789") != NULL;
    int sentence = len >= 120 || strstr(c->text, "。") != NULL;
    int label = nb_match_is_template_label(&probe);
    c->kind = digit && !label && !sentence ? FIGURE : LABEL;
    c->row_label = label && nb_match_is_row_label(&probe);
}

typedef struct {
    int first, last;    /* the row's first and last column that a cell covers, -1 if none */
    int present;        /* cells the sheet writes, blank or not */
    int covered;        /* places under a merge from another row or column */
    int data;           /* a figure or a template row's label */
    int first_figure;   /* column of the first figure, or INT_MAX */
} row_info;

static void add(nb_doc *d, const xcell *c, int col, int table)
{
    const char *t = c && c->text ? c->text : "";
    nb_doc_add_cell(d, t, strlen(t), col, c ? c->colspan : 1, c ? c->rowspan : 1, table, 1);
}

static int build(sheet *s, nb_doc *d, nb_buf *error)
{
    if (!s->n && !s->nmerges) return 0;
    if (s->nhidden_rows) qsort(s->hidden_rows, (size_t)s->nhidden_rows, sizeof(int), cmp_int);
    /* Merge origins are cells too (a blank one when the sheet writes none). */
    for (int m = 0; m < s->nmerges; m++) {
        const range *g = &s->merges[m];
        if (row_hidden(s, g->r1) || col_hidden(s, g->c1)) continue;
        if (s->n == s->cap) {
            s->cap = s->cap ? 2 * s->cap : 256;
            s->cells = nb_xrealloc(s->cells, sizeof *s->cells * (size_t)s->cap);
        }
        s->cells[s->n++] = (xcell){g->r1, g->c1, 1, 1, NULL, BLANK, 2 /* a merge's own, dropped if written */};
    }
    if (!s->n) return 0; /* only merges of hidden rows or columns */
    qsort(s->cells, (size_t)s->n, sizeof *s->cells, cmp_cell);
    int k = 0; /* one cell per place: the written one over the merge's stand-in */
    for (int i = 0; i < s->n; i++) {
        if (k && s->cells[k - 1].row == s->cells[i].row && s->cells[k - 1].col == s->cells[i].col) {
            if (s->cells[k - 1].row_label == 2) s->cells[k - 1] = s->cells[i];
            continue;
        }
        s->cells[k++] = s->cells[i];
    }
    s->n = k;
    int *rows = nb_xmalloc(sizeof(int) * (size_t)s->n), *cols = nb_xmalloc(sizeof(int) * (size_t)s->n);
    for (int i = 0; i < s->n; i++) rows[i] = s->cells[i].row, cols[i] = s->cells[i].col;
    int nr = distinct(rows, s->n), nc = distinct(cols, s->n);
    int rc = 0;
    int *slot = NULL;
    row_info *info = NULL;
    unsigned char *fig = NULL, *lab = NULL, *hdr = NULL;
    int *spanned = NULL;
    if ((long long)nr * nc > NB_XLSXDOC_MAX_GRID) {
        nb_buf_printf(error, "sheet \"%s\" spreads its cells over more than %d places: not read", s->ref->name,
                      NB_XLSXDOC_MAX_GRID);
        rc = -1;
        goto done;
    }
    /* slot: the cell at each (row, column) that holds something; -1 none, -2-i under the
     * merge of cell i */
    slot = nb_xmalloc(sizeof(int) * (size_t)nr * (size_t)nc);
    for (long i = 0; i < (long)nr * nc; i++) slot[i] = -1;
    for (int i = 0; i < s->n; i++) {
        s->cells[i].row_label = 0;
        s->cells[i].row = lower(rows, nr, s->cells[i].row); /* from here on: grid places */
        s->cells[i].col = lower(cols, nc, s->cells[i].col);
        slot[(long)s->cells[i].row * nc + s->cells[i].col] = i;
    }
    long budget = 2L * nr * nc + 1000;
    for (int m = 0; m < s->nmerges; m++) {
        const range *g = &s->merges[m];
        if (row_hidden(s, g->r1) || col_hidden(s, g->c1)) continue;
        int r1 = lower(rows, nr, g->r1), c1 = lower(cols, nc, g->c1);
        int r2 = lower(rows, nr, g->r2 + 1) - 1, c2 = lower(cols, nc, g->c2 + 1) - 1;
        int origin = slot[(long)r1 * nc + c1];
        if (origin < 0) continue; /* inside another merge: overlapping merges are invalid */
        for (int r = r1; r <= r2; r++)
            for (int c = c1; c <= c2; c++) {
                if (r == r1 && c == c1) continue;
                if (--budget < 0) {
                    nb_buf_printf(error, "sheet \"%s\" has overlapping merged cells beyond measure: not read",
                                  s->ref->name);
                    rc = -1;
                    goto done;
                }
                slot[(long)r * nc + c] = -2 - origin; /* what a merge covers is not shown */
            }
        s->cells[origin].rowspan = r2 - r1 + 1, s->cells[origin].colspan = c2 - c1 + 1;
    }
    for (int i = 0; i < s->n; i++) classify(&s->cells[i], s->arena);

    info = nb_xcalloc((size_t)nr, sizeof *info);
    for (int r = 0; r < nr; r++) {
        row_info *ri = &info[r];
        ri->first = ri->last = -1, ri->first_figure = nc;
        for (int c = 0; c < nc; c++) {
            int i = slot[(long)r * nc + c];
            ri->covered += i < -1;
            if (i < 0) continue;
            const xcell *x = &s->cells[i];
            if (ri->first < 0) ri->first = c;
            if (c + x->colspan - 1 > ri->last) ri->last = c + x->colspan - 1;
            ri->present++;
            if (x->kind == FIGURE && c < ri->first_figure) ri->first_figure = c;
            ri->data |= x->kind == FIGURE || x->row_label;
        }
    }
    /* spanned[r]: a merge runs on from row r into the rows after it */
    spanned = nb_xcalloc((size_t)nr + 1, sizeof *spanned);
    for (int m = 0; m < s->nmerges; m++) {
        if (s->merges[m].r2 <= s->merges[m].r1) continue;
        spanned[lower(rows, nr, s->merges[m].r1)]++;
        spanned[lower(rows, nr, s->merges[m].r2)]--;
    }
    for (int r = 1; r <= nr; r++) spanned[r] += spanned[r - 1];
    fig = nb_xcalloc((size_t)nc, 1), lab = nb_xcalloc((size_t)nc, 1), hdr = nb_xcalloc((size_t)nc, 1);
    for (int top = 0; top < nr;) {
        /* A block: rows in a table (several cells, or a figure, or a row's label), none
         * of them apart from the one before by an empty row a merge does not span. */
        int end = top;
        while (end < nr && (info[end].present >= 2 || info[end].data || (!info[end].present && info[end].covered))) {
            if (end > top && rows[end] > rows[end - 1] + 1) {
                int hidden = 1;
                for (int g = rows[end - 1] + 1; g < rows[end] && hidden; g++) hidden = row_hidden(s, g);
                if (!spanned[end - 1] && !hidden) break;
            }
            end++;
        }
        if (end == top) { /* a heading, a paragraph: what it says */
            if (info[top].present) {
                nb_doc_new_row(d);
                for (int c = 0; c < nc; c++) {
                    int i = slot[(long)top * nc + c];
                    if (i >= 0 && s->cells[i].kind != BLANK) add(d, &s->cells[i], c, -1);
                }
            }
            top++;
            continue;
        }
        int table = d->ntables++, lo = nc, hi = -1;
        memset(fig, 0, (size_t)nc), memset(lab, 0, (size_t)nc), memset(hdr, 0, (size_t)nc);
        for (int r = top; r < end; r++) {
            if (info[r].first >= 0 && info[r].first < lo) lo = info[r].first;
            if (info[r].last > hi) hi = info[r].last;
            int text_before = 0; /* in this row or spanning it from above */
            for (int c = 0; c < nc; c++) {
                int i = slot[(long)r * nc + c];
                if (i < -1) {
                    text_before |= s->cells[-2 - i].kind != BLANK;
                    continue;
                }
                if (i < 0 || s->cells[i].kind == BLANK) continue;
                const xcell *x = &s->cells[i];
                for (int k2 = c; k2 < c + x->colspan && k2 < nc; k2++) {
                    if (info[r].data && x->kind == FIGURE) fig[k2] = 1;
                    if (info[r].data && x->kind == LABEL && c < info[r].first_figure) lab[k2] = 1;
                }
                if (!info[r].data && text_before) /* a header over columns of figures */
                    for (int k2 = c; k2 < c + x->colspan && k2 < nc; k2++) hdr[k2] = 1;
                text_before = 1;
            }
        }
        for (int r = top; r < end; r++) {
            nb_doc_new_row(d);
            if (!info[r].data) { /* a header row: its words, not its blanks */
                for (int c = 0; c < nc; c++) {
                    int i = slot[(long)r * nc + c];
                    if (i >= 0 && s->cells[i].kind != BLANK) add(d, &s->cells[i], c, table);
                }
                continue;
            }
            /* A row of figures over the block's columns; the blanks between its label and
             * its first figure judged by their columns (see xlsxdoc.h). */
            size_t label_end = 0; /* the doc's cells after the row's label */
            int doubt = 0;
            for (int c = lo; c <= hi; c++) {
                int i = slot[(long)r * nc + c];
                if (i < -1) continue;
                const xcell *x = i >= 0 ? &s->cells[i] : NULL;
                int blank = !x || x->kind == BLANK;
                if (blank && label_end && c < info[r].first_figure) {
                    int value = fig[c] || hdr[c], label = lab[c];
                    if (label && !value) continue; /* under a label printed over it */
                    doubt |= !value || label;
                }
                add(d, x, c, table);
                if (!blank && x->kind == LABEL && c < info[r].first_figure) label_end = d->ncells;
            }
            /* Which column each cell after the label is, is in doubt. */
            for (size_t i = label_end; doubt && i < d->ncells; i++) d->cells[i].marks |= NB_MARK_UNCERTAIN;
        }
        top = end;
    }
done:
    free(rows);
    free(cols);
    free(slot);
    free(info);
    free(spanned);
    free(fig);
    free(lab);
    free(hdr);
    return rc;
}

static void sheet_free(sheet *s)
{
    free(s->cells);
    free(s->merges);
    free(s->hidden_rows);
    nb_buf_free(&s->v);
    nb_buf_free(&s->f);
    nb_buf_free(&s->inline_text);
    nb_buf_free(&s->uncached_refs);
}

/* ---- the whole ---- */

static void book_free(book *b)
{
    free(b->sheets);
    free(b->xf_format);
    free(b->formats);
    free(b->strings);
    nb_buf_free(&b->si);
    nb_arena_free(&b->arena);
}

int nb_xlsxdoc_parse(const char *bytes, size_t len, nb_doc *d, nb_buf *warnings, nb_buf *error)
{
    zip_t *z = nb_ooxml_open(bytes, len, "Excel file (.xlsx)", error);
    if (!z) return -1;
    book b;
    memset(&b, 0, sizeof b);
    b.error = error;
    b.skip_depth = -1;
    b.sheets = nb_xcalloc(NB_XLSXDOC_MAX_SHEETS, sizeof *b.sheets);
    snprintf(b.strings_path, sizeof b.strings_path, "xl/sharedStrings.xml");
    snprintf(b.styles_path, sizeof b.styles_path, "xl/styles.xml");
    int rc = nb_ooxml_stream(z, "xl/workbook.xml", NB_XLSXDOC_MAX_XML, on_workbook, &b, error);
    if (rc == 1) nb_buf_adds(error, "not an Excel workbook: the archive has no xl/workbook.xml");
    if (rc == 0) rc = nb_ooxml_stream(z, "xl/_rels/workbook.xml.rels", NB_XLSXDOC_MAX_XML, on_rels, &b, error);
    if (rc == 1) rc = 0; /* without relationships, the usual names below */
    if (rc == 0 && nb_ooxml_stream(z, b.styles_path, NB_XLSXDOC_MAX_XML, on_styles, &b, error) < 0) rc = -1;
    if (rc == 0 && nb_ooxml_stream(z, b.strings_path, NB_XLSXDOC_MAX_XML, on_strings, &b, error) < 0) rc = -1;
    int total = 0, read = 0;
    nb_arena arena = NB_ARENA_INIT;
    for (int i = 0; rc == 0 && i < b.nsheets; i++) {
        sheet_ref *ref = &b.sheets[i];
        if (ref->hidden) {
            nb_buf_printf(warnings, "sheet \"%s\" is hidden: not read\n", ref->name);
            continue;
        }
        if (!ref->path[0]) snprintf(ref->path, sizeof ref->path, "xl/worksheets/sheet%d.xml", i + 1);
        sheet s;
        memset(&s, 0, sizeof s);
        s.b = &b, s.ref = ref, s.arena = &arena, s.total = &total, s.error = error, s.row = -1, s.skip_depth = -1;
        int got = nb_ooxml_stream(z, ref->path, NB_XLSXDOC_MAX_XML, on_sheet, &s, error);
        if (got == 1) {
            nb_buf_printf(warnings, "sheet \"%s\": its part %s is missing from the archive\n", ref->name, ref->path);
        } else if (got < 0 || build(&s, d, error) != 0) {
            rc = -1;
        } else {
            read++;
            if (s.uncached)
                nb_buf_printf(warnings,
                              "sheet \"%s\": %d formula%s without a computed value (%s%s): not computed here, "
                              "unreadable (open and save the file in Excel or WPS to compute them)\n",
                              ref->name, s.uncached, s.uncached == 1 ? "" : "s", nb_buf_str(&s.uncached_refs),
                              s.uncached > 5 ? ", ..." : "");
        }
        sheet_free(&s);
    }
    if (rc == 0 && read == 0) {
        nb_buf_adds(error, b.nsheets ? "the workbook has no visible sheet that could be read"
                                     : "the workbook lists no sheet");
        rc = -1;
    }
    nb_arena_free(&arena);
    book_free(&b);
    zip_close(z);
    return rc;
}
