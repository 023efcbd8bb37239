/* xlsx: the county workbook through libxlsxwriter (see xlsx.h).
 *
 * libxlsxwriter's constant-memory mode writes each sheet's rows to disk in order and
 * cannot go back to an earlier row. So every sheet is created when the workbook is
 * opened (the tidy sheet is filled while the roll-up runs, the others at the end), and
 * the county tables, which have cells merged down several rows, are laid out as a small
 * grid in memory first and written row by row: a merged range is declared on its last
 * row, after the cells under it were written as formatted blanks. */
#include "out/xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/atomicfile.h"
#include "base/date.h"
#include "base/utf8.h"
#include "out/tidy.h"

enum { TEXT_MAX_BYTES = 32000 }; /* a cell holds at most 32,767 characters */

typedef struct {
    lxw_format *title, *head, *label, *group, *num, *count, *text, *wrap, *date, *link, *note, *error, *warning, *muted;
} formats;

struct nb_xlsx {
    nb_atomic file;
    lxw_workbook *wb;
    formats f;
    nb_check_scope scope;
    lxw_worksheet *overview, *anomalies, *changes, *tidy;
    lxw_worksheet **tables; /* per year in scope, per table */
    lxw_row_t tidy_row;
    long long tidy_dropped;
    char newest_date[11]; /* the newest publish date seen: the file's creation date */
};

/* libxlsxwriter prints its own diagnostics on stderr ("[ERROR][packager.c:1541]: …")
 * when a write fails; nianbao reports the failure itself, once, naming the file and the
 * system's reason. So its stderr is pointed at /dev/null while it opens and while it
 * writes the file (single-threaded by then: the fetch's threads have ended). */
static int hush_stderr(void)
{
    fflush(stderr);
    int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (saved >= 0 && null >= 0) dup2(null, STDERR_FILENO);
    if (null >= 0) close(null);
    return saved;
}

static void restore_stderr(int saved)
{
    if (saved < 0) return;
    dup2(saved, STDERR_FILENO);
    close(saved);
}

/* ---- cells ---- */

/* Text as a cell may hold it: valid UTF-8 (anything else becomes U+FFFD), no control
 * characters (a space instead: XML cannot carry most of them), at most TEXT_MAX_BYTES. */
static const char *cell_text(const char *s, nb_buf *buf)
{
    nb_buf_clear(buf);
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        size_t n = nb_utf8_sequence_length((const unsigned char *)s + i, len - i);
        if (buf->len + 8 > TEXT_MAX_BYTES) {
            nb_buf_adds(buf, "…");
            break;
        }
        if (!n) nb_buf_adds(buf, "\xEF\xBF\xBD"), n = 1;
        else if (n == 1 && ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)) nb_buf_addc(buf, ' ');
        else nb_buf_add(buf, s + i, n);
        i += n;
    }
    return nb_buf_str(buf);
}

static void put_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *fmt)
{
    if (!s || !*s) {
        if (fmt) worksheet_write_blank(ws, row, col, fmt);
        return;
    }
    nb_buf buf = NB_BUF_INIT;
    worksheet_write_string(ws, row, col, cell_text(s, &buf), fmt);
    nb_buf_free(&buf);
}

/* A plain decimal (nb_number.value) as a number cell; more than 15 significant digits
 * cannot be one exactly, and stay text. */
static void put_decimal(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *value, lxw_format *num,
                        lxw_format *text)
{
    if (!value || !*value) {
        if (num) worksheet_write_blank(ws, row, col, num);
        return;
    }
    int digits = 0, started = 0;
    for (const char *p = value; *p; p++) {
        if (*p >= '1' && *p <= '9') started = 1;
        if (*p >= '0' && *p <= '9' && started) digits++;
    }
    if (digits > 15) put_text(ws, row, col, value, text);
    else worksheet_write_number(ws, row, col, strtod(value, NULL), num);
}

static void put_date(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *ymd, const formats *f)
{
    int y, m, d;
    if (nb_date_parse(ymd, &y, &m, &d)) {
        lxw_datetime dt = {y, m, d, 0, 0, 0};
        worksheet_write_datetime(ws, row, col, &dt, f->date);
    } else {
        put_text(ws, row, col, ymd, f->text);
    }
}

/* Only the schemes nianbao reads pages from become links; a link a spreadsheet refuses
 * (too long, too many on a sheet) stays as text. */
static void put_link(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *url, const char *shown,
                     const formats *f)
{
    if (!url || !*url) return;
    int linkable = !strncmp(url, "http://", 7) || !strncmp(url, "https://", 8) || !strncmp(url, "file://", 7);
    nb_buf buf = NB_BUF_INIT;
    const char *clean = cell_text(url, &buf);
    if (!linkable || strcmp(clean, url) ||
        worksheet_write_url_opt(ws, row, col, url, f->link, shown ? shown : url, NULL) != LXW_NO_ERROR)
        worksheet_write_string(ws, row, col, clean, f->text);
    nb_buf_free(&buf);
}

/* ---- grids: a table with merged cells, written row by row ---- */

typedef struct {
    int row, col, rows, cols;
    char *text;
    int is_number;
    double number;
    lxw_format *fmt;
} gcell;

typedef struct {
    gcell *cells;
    int n, cap;
    int nrows, ncols;
} grid;

static gcell *grid_put(grid *g, int row, int col, int rows, int cols, const char *text, lxw_format *fmt)
{
    if (g->n == g->cap) {
        g->cap = g->cap ? 2 * g->cap : 64;
        g->cells = nb_xrealloc(g->cells, sizeof *g->cells * (size_t)g->cap);
    }
    gcell *c = &g->cells[g->n++];
    *c = (gcell){row, col, rows < 1 ? 1 : rows, cols < 1 ? 1 : cols, nb_xstrdup(text ? text : ""), 0, 0, fmt};
    if (row + c->rows > g->nrows) g->nrows = row + c->rows;
    if (col + c->cols > g->ncols) g->ncols = col + c->cols;
    return c;
}

static void grid_number(grid *g, int row, int col, int cols, double x, lxw_format *fmt)
{
    gcell *c = grid_put(g, row, col, 1, cols, "", fmt);
    c->is_number = 1;
    c->number = x;
}

static void grid_free(grid *g)
{
    for (int i = 0; i < g->n; i++) free(g->cells[i].text);
    free(g->cells);
    memset(g, 0, sizeof *g);
}

static void write_anchor(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const gcell *c)
{
    if (c->is_number) worksheet_write_number(ws, row, col, c->number, c->fmt);
    else put_text(ws, row, col, c->text, c->fmt);
}

/* How wide text shows, in the units of column widths: a Chinese character takes two. */
static double display_width(const char *s)
{
    double w = 0;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        size_t n = nb_utf8_sequence_length((const unsigned char *)s + i, len - i);
        w += n > 1 ? 2.1 : 1.1;
        i += n ? n : 1;
    }
    return w;
}

/* Writes the grid from sheet row `at` (column widths as set on the sheet, for the row
 * heights wrapped text needs: spreadsheets do not grow a row for a merged cell). Returns
 * the row after it. */
static lxw_row_t grid_emit(const grid *g, lxw_worksheet *ws, lxw_row_t at, const double *widths)
{
    double *height = nb_xcalloc((size_t)(g->nrows ? g->nrows : 1), sizeof *height);
    for (int i = 0; i < g->n; i++) {
        const gcell *x = &g->cells[i];
        if (x->is_number || !x->text[0]) continue;
        double room = 0;
        for (int c = x->col; c < x->col + x->cols; c++) room += widths[c];
        double lines = ceil(display_width(x->text) / (room > 2 ? room - 1 : 1));
        double need = 15 * lines / x->rows;
        if (need > height[x->row]) height[x->row] = need;
    }
    int cells = g->nrows * g->ncols;
    int *owner = nb_xmalloc(sizeof *owner * (size_t)(cells > 0 ? cells : 1));
    for (int i = 0; i < g->nrows * g->ncols; i++) owner[i] = -1;
    for (int i = 0; i < g->n; i++)
        for (int r = g->cells[i].row; r < g->cells[i].row + g->cells[i].rows; r++)
            for (int c = g->cells[i].col; c < g->cells[i].col + g->cells[i].cols; c++) owner[r * g->ncols + c] = i;
    for (int r = 0; r < g->nrows; r++) {
        if (height[r] > 15) worksheet_set_row(ws, at + (lxw_row_t)r, height[r] > 300 ? 300 : height[r], NULL);
        for (int c = 0; c < g->ncols; c++) {
            int i = owner[r * g->ncols + c];
            if (i < 0) continue;
            const gcell *x = &g->cells[i];
            if (x->row == r && x->col == c) write_anchor(ws, at + (lxw_row_t)r, (lxw_col_t)c, x);
            else if (x->fmt) worksheet_write_blank(ws, at + (lxw_row_t)r, (lxw_col_t)c, x->fmt);
        }
        /* merges end on this row: declared now, when no earlier row can be written again */
        for (int i = 0; i < g->n; i++) {
            const gcell *x = &g->cells[i];
            if (x->row + x->rows - 1 != r || (x->rows == 1 && x->cols == 1)) continue;
            nb_buf buf = NB_BUF_INIT;
            worksheet_merge_range(ws, at + (lxw_row_t)x->row, (lxw_col_t)x->col, at + (lxw_row_t)r,
                                  (lxw_col_t)(x->col + x->cols - 1), x->is_number ? "" : cell_text(x->text, &buf), x->fmt);
            nb_buf_free(&buf);
            if (x->rows == 1) write_anchor(ws, at + (lxw_row_t)r, (lxw_col_t)x->col, x); /* a number stays one */
        }
    }
    free(owner);
    free(height);
    return at + (lxw_row_t)g->nrows;
}

/* ---- the county tables ---- */

static int cell_index(const nb_template *t, const nb_row *row)
{
    int index = 0;
    for (int k = 0; k < t->nrows && &t->rows[k] != row; k++) index += nb_row_ncolumns(&t->rows[k]);
    return index;
}

/* k columns spread over `width` grid columns: the last takes what is left. */
static void spread(int k, int width, int c, int *at, int *span)
{
    *at = c;
    *span = c == k - 1 ? width - (k - 1) : 1;
}

static void layout_t2(grid *g, const nb_county_year *y, const formats *f, int *row)
{
    int width = 0;
    for (int k = 0; k < y->tpl->nrows; k++)
        if (y->tpl->rows[k].table == NB_T2 && nb_row_ncolumns(&y->tpl->rows[k]) > width)
            width = nb_row_ncolumns(&y->tpl->rows[k]);
    const char *block = NULL;
    for (int k = 0; k < y->tpl->nrows; k++) {
        const nb_row *r = &y->tpl->rows[k];
        if (r->table != NB_T2) continue;
        int n = nb_row_ncolumns(r);
        if (!block || strcmp(block, r->group)) {
            block = r->group;
            grid_put(g, (*row)++, 0, 1, width + 1, block, f->group);
            grid_put(g, *row, 0, 1, 1, "信息内容", f->head);
            for (int c = 0; c < n; c++) {
                char h[160];
                int at, span;
                spread(n, width, c, &at, &span);
                grid_put(g, *row, 1 + at, 1, span, nb_county_column_header(r->columns[c], h, sizeof h), f->head);
            }
            (*row)++;
        }
        grid_put(g, *row, 0, 1, 1, r->label, f->label);
        int index = cell_index(y->tpl, r);
        for (int c = 0; c < n; c++) {
            int at, span;
            spread(n, width, c, &at, &span);
            grid_number(g, *row, 1 + at, span, y->cells[index + c].sum, f->num);
        }
        (*row)++;
    }
}

/* The i-th space-separated part of a row's group ("三、本年度办理结果 （三）不予公开"). */
static void group_part(const nb_row *r, int i, char *out, size_t n)
{
    out[0] = '\0';
    const char *p = r->group;
    for (int k = 0; p && k < i; k++) p = strchr(p, ' '), p = p ? p + 1 : NULL;
    if (!p) return;
    size_t len = strcspn(p, " ");
    snprintf(out, n, "%.*s", (int)len, p);
}

static void layout_t3(grid *g, const nb_county_year *y, const formats *f, int *row)
{
    const nb_row *rows[64];
    int nr = 0;
    for (int k = 0; k < y->tpl->nrows && nr < 64; k++)
        if (y->tpl->rows[k].table == NB_T3) rows[nr++] = &y->tpl->rows[k];
    if (!nr) return;
    const nb_column *const *cols = rows[0]->columns;
    int ncols = nb_row_ncolumns(rows[0]);
    const char *corner = y->tpl->header_corner[NB_T3], *over = y->tpl->header_over_values[NB_T3];
    int top = *row, head_rows = over ? 3 : 2;
    grid_put(g, top, 0, head_rows, 3, corner ? corner : "", f->head);
    if (over) grid_put(g, top, 3, 1, ncols, over, f->head);
    int r2 = top + (over ? 1 : 0);
    for (int c = 0; c < ncols;) {
        const char *group = cols[c]->group;
        if (!group) {
            grid_put(g, r2, 3 + c, 2, 1, cols[c]->label, f->head);
            c++;
            continue;
        }
        int end = c;
        while (end < ncols && cols[end]->group && !strcmp(cols[end]->group, group)) end++;
        grid_put(g, r2, 3 + c, 1, end - c, group, f->head);
        for (int k = c; k < end; k++) grid_put(g, r2 + 1, 3 + k, 1, 1, cols[k]->label, f->head);
        c = end;
    }
    *row = top + head_rows;
    /* Label columns: the group's first part merged down its rows, the second likewise,
     * then the row's own label; a row without group spans all three. */
    for (int i = 0; i < nr; i++) {
        const nb_row *r = rows[i];
        char part0[256], part1[256];
        group_part(r, 0, part0, sizeof part0);
        group_part(r, 1, part1, sizeof part1);
        int depth = !part0[0] ? 0 : !part1[0] ? 1 : 2;
        for (int level = 0; level < depth; level++) {
            char mine[256], prev[256] = "", next[256];
            group_part(r, level, mine, sizeof mine);
            if (i > 0) group_part(rows[i - 1], level, prev, sizeof prev);
            if (i > 0 && level == 1) { /* a sub-group continues only inside the same group */
                char p0[256];
                group_part(rows[i - 1], 0, p0, sizeof p0);
                if (strcmp(p0, part0)) prev[0] = '\0';
            }
            if (!strcmp(prev, mine)) continue;
            int span = 1;
            while (i + span < nr) {
                group_part(rows[i + span], level, next, sizeof next);
                char n0[256];
                group_part(rows[i + span], 0, n0, sizeof n0);
                if (strcmp(next, mine) || strcmp(n0, part0)) break;
                span++;
            }
            grid_put(g, *row, level, span, 1, mine, f->label);
        }
        grid_put(g, *row, depth, 1, 3 - depth, r->label, f->label);
        int index = cell_index(y->tpl, r);
        for (int c = 0; r->columns[c]; c++) grid_number(g, *row, 3 + c, 1, y->cells[index + c].sum, f->num);
        (*row)++;
    }
}

static void layout_t4(grid *g, const nb_county_year *y, const formats *f, int *row)
{
    const nb_row *groups[8];
    int ng = 0;
    for (int k = 0; k < y->tpl->nrows && ng < 8; k++)
        if (y->tpl->rows[k].table == NB_T4) groups[ng++] = &y->tpl->rows[k];
    int top = *row, col = 0;
    for (int gi = 0; gi < ng;) {
        /* row 1: the first word (行政复议 / 行政诉讼) over every group that shares it */
        const char *word = groups[gi]->group;
        size_t len = strcspn(word, " ");
        int width = 0, end = gi;
        while (end < ng && strcspn(groups[end]->group, " ") == len && !strncmp(groups[end]->group, word, len))
            width += nb_row_ncolumns(groups[end++]);
        char head[256];
        snprintf(head, sizeof head, "%.*s", (int)len, word);
        grid_put(g, top, col, 1, width, head, f->head);
        for (int k = gi; k < end; k++) {
            const char *sub = strchr(groups[k]->group, ' ');
            int n = nb_row_ncolumns(groups[k]);
            if (!sub) {
                for (int c = 0; c < n; c++) grid_put(g, top + 1, col + c, 2, 1, groups[k]->columns[c]->label, f->head);
            } else {
                grid_put(g, top + 1, col, 1, n, sub + 1, f->head);
                for (int c = 0; c < n; c++) grid_put(g, top + 2, col + c, 1, 1, groups[k]->columns[c]->label, f->head);
            }
            int index = cell_index(y->tpl, groups[k]);
            for (int c = 0; c < n; c++) grid_number(g, top + 3, col + c, 1, y->cells[index + c].sum, f->num);
            col += n;
        }
        gi = end;
    }
    *row = top + 4;
}

/* Where the notes' fields go under a table, as (first column, columns) per field: the
 * tables' own columns are narrow (表三's labels take three, 表四 has fifteen figures). */
typedef struct {
    int two[2][2], four[4][2];
} note_places;

static note_places places_for(nb_table_id table, int width)
{
    if (table == NB_T3) return (note_places){{{0, 3}, {3, width - 3}}, {{0, 3}, {3, 3}, {6, 2}, {8, width - 8}}};
    if (table == NB_T4) return (note_places){{{0, 5}, {5, width - 5}}, {{0, 3}, {3, 5}, {8, 3}, {11, width - 11}}};
    return (note_places){{{0, 1}, {1, width - 1}}, {{0, 1}, {1, 1}, {2, 1}, {3, width - 3}}};
}

static void layout_notes(grid *g, const nb_county_year *y, nb_table_id table, const nb_findings *findings,
                         const formats *f, int *row)
{
    nb_notes notes;
    nb_county_notes(y, table, findings, &notes);
    note_places at = places_for(table, g->ncols);
    (*row)++;
    for (int i = 0; i < notes.n; i++) {
        const nb_note_row *r = &notes.rows[i];
        int section = r->n == 4 && (i == 0 || notes.rows[i - 1].n == 2);
        if (section && i > 0) (*row)++;
        for (int k = 0; k < r->n; k++) {
            const int *place = r->n == 4 ? at.four[k] : at.two[k < 2 ? k : 1];
            lxw_format *fmt = section ? f->head : k == 0 && r->n == 2 ? f->note : f->wrap;
            if (r->numbers & (1u << k)) {
                grid_number(g, *row, place[0], place[1], strtod(r->field[k], NULL), f->count);
            } else {
                grid_put(g, *row, place[0], 1, place[1], r->field[k], fmt);
            }
        }
        (*row)++;
    }
    nb_notes_free(&notes);
}

static void write_table_sheet(nb_xlsx *x, lxw_worksheet *ws, const nb_county_view *v, const nb_county_year *y,
                              nb_table_id table)
{
    const formats *f = &x->f;
    if (!y->tpl) {
        char text[256];
        snprintf(text, sizeof text, "%s%d年度：没有读到任何乡镇的年报", x->scope.county, y->year);
        put_text(ws, 0, 0, text, f->title);
        return;
    }
    grid g = {0};
    int row = 1;
    if (table == NB_T2) layout_t2(&g, y, f, &row);
    else if (table == NB_T3) layout_t3(&g, y, f, &row);
    else layout_t4(&g, y, f, &row);
    int width = g.ncols;
    char title[512];
    nb_county_table_title(v->ru, y, table, title, sizeof title);
    grid_put(&g, 0, 0, 1, width, title, f->title);
    layout_notes(&g, y, table, v->findings, f, &row);
    /* Column widths: the label columns as wide as their longest label (up to a limit),
     * the figures as their headers need. */
    double *widths = nb_xcalloc((size_t)width, sizeof *widths);
    for (int c = 0; c < width; c++) widths[c] = table == NB_T4 ? 10 : table == NB_T3 ? 11 : 18;
    if (table == NB_T2) widths[0] = 28;
    if (table == NB_T3) {
        widths[0] = 12, widths[1] = 16, widths[2] = 20;
        for (int i = 0; i < g.n; i++)
            if (g.cells[i].col == 2 && g.cells[i].cols == 1 && !g.cells[i].is_number && g.cells[i].row < row - 8)
                widths[2] = fmax(widths[2], fmin(display_width(g.cells[i].text) + 2, 72));
    }
    for (int c = 0; c < width; c++) worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    grid_emit(&g, ws, 0, widths);
    free(widths);
    grid_free(&g);
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
}

/* ---- the lists ---- */

static void header_row(lxw_worksheet *ws, lxw_row_t row, const char *const *names, const double *widths, int n,
                       const formats *f)
{
    for (int c = 0; c < n; c++) {
        put_text(ws, row, (lxw_col_t)c, names[c], f->head);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    }
    worksheet_freeze_panes(ws, row + 1, 0);
}

static void write_overview(nb_xlsx *x, const nb_county_view *v)
{
    lxw_worksheet *ws = x->overview;
    const formats *f = &x->f;
    const char *code = nb_rollup_county_code(v->ru);
    char title[256];
    snprintf(title, sizeof title, "%s%s%s%s 各乡镇政府信息公开工作年度报告 %d—%d年", x->scope.county, code[0] ? "（" : "",
             code, code[0] ? "）" : "", x->scope.year_from, x->scope.year_to);
    put_text(ws, 0, 0, title, f->title);
    static const char *const names[] = {"乡镇", "年度", "状态", "本年新收申请", "上年结转", "予以公开", "部分公开",
                                        "办理结果总计", "结转下年度", "不予公开", "行政复议", "行政诉讼",
                                        "收费金额（万元）", "格式", "发布日期", "按时发布", "异常", "错误", "警告",
                                        "来源"};
    static const double widths[] = {10, 6, 9, 12, 9, 9, 9, 12, 10, 9, 9, 9, 14, 6, 12, 9, 6, 6, 6, 40};
    enum { N = sizeof names / sizeof *names };
    header_row(ws, 1, names, widths, N, f);
    static const nb_key keys[] = {NB_KEY_RECEIVED, NB_KEY_CARRIED_OVER, NB_KEY_GRANTED, NB_KEY_PARTLY_GRANTED,
                                  NB_KEY_HANDLED, NB_KEY_CARRIED_FORWARD, NB_KEY_DENIED, NB_KEY_REVIEWS};
    lxw_row_t row = 2;
    for (int i = 0; i < v->nrows; i++, row++) {
        const nb_overview_row *o = &v->rows[i];
        const nb_summary *s = o->summary;
        put_text(ws, row, 0, o->township, f->text);
        worksheet_write_number(ws, row, 1, o->year, NULL);
        put_text(ws, row, 2, nb_status_zh(o->status), o->status == NB_STATUS_OK ? f->text : f->warning);
        lxw_col_t col = 3;
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++, col++)
            if (s && s->keys[keys[k]].ok) put_decimal(ws, row, col, s->keys[keys[k]].value, NULL, f->text);
        if (s && (s->keys[NB_KEY_SUITS_DIRECT].ok || s->keys[NB_KEY_SUITS_AFTER_REVIEW].ok))
            worksheet_write_number(ws, row, col, s->keys[NB_KEY_SUITS_DIRECT].number + s->keys[NB_KEY_SUITS_AFTER_REVIEW].number,
                                   NULL);
        col++;
        if (s && s->keys[NB_KEY_FEES].ok) put_decimal(ws, row, col, s->keys[NB_KEY_FEES].value, NULL, f->text);
        col++;
        if (s) {
            put_text(ws, row, col, s->tpl->name, f->text);
            if (s->publish_date[0]) put_date(ws, row, col + 1, s->publish_date, f);
        }
        col += 2;
        if (o->late >= 0) put_text(ws, row, col, o->late ? "否" : "是", o->late ? f->warning : f->text);
        col++;
        worksheet_write_number(ws, row, col++, o->findings, NULL);
        worksheet_write_number(ws, row, col++, o->errors, o->errors ? f->error : NULL);
        worksheet_write_number(ws, row, col++, o->warnings, NULL);
        put_link(ws, row, col, o->source_url, NULL, f);
    }
    worksheet_autofilter(ws, 1, 0, row > 2 ? row - 1 : 1, N - 1);
}

static void write_anomalies(nb_xlsx *x, const nb_county_view *v)
{
    lxw_worksheet *ws = x->anomalies;
    const formats *f = &x->f;
    put_text(ws, 0, 0, "异常情况（按严重程度、乡镇排列；已确认的仍列出）", f->title);
    static const char *const names[] = {"严重程度", "规则", "乡镇", "年度", "单元格", "应为", "实为", "说明",
                                        "已确认", "确认说明", "来源"};
    static const double widths[] = {8, 6, 10, 6, 30, 12, 12, 60, 7, 30, 40};
    enum { N = sizeof names / sizeof *names };
    header_row(ws, 1, names, widths, N, f);
    lxw_row_t row = 2;
    for (size_t i = 0; i < v->findings->n; i++, row++) {
        const nb_finding *fi = &v->findings->items[i];
        const nb_ack *a = nb_acks_of(v->acks, fi);
        lxw_format *sev = fi->ack ? f->muted : fi->rule->severity == NB_SEV_ERROR ? f->error
                                           : fi->rule->severity == NB_SEV_WARNING ? f->warning
                                                                                  : f->text;
        put_text(ws, row, 0, nb_severity_zh(fi->rule->severity), sev);
        put_text(ws, row, 1, fi->rule->id, f->text);
        put_text(ws, row, 2, fi->township, f->text);
        if (fi->year) worksheet_write_number(ws, row, 3, fi->year, NULL);
        char cell[200];
        nb_finding_cell(fi, cell, sizeof cell);
        put_text(ws, row, 4, cell, f->text);
        put_text(ws, row, 5, fi->expected, f->text);
        put_text(ws, row, 6, fi->actual, f->text);
        put_text(ws, row, 7, fi->message, f->text);
        if (fi->ack) put_text(ws, row, 8, "是", f->muted);
        if (a) {
            nb_buf note = NB_BUF_INIT;
            nb_buf_printf(&note, "%s%s%s%s%s", a->note, a->who[0] || a->date[0] ? "（" : "", a->who,
                          a->who[0] && a->date[0] ? "，" : "", a->date);
            if (a->who[0] || a->date[0]) nb_buf_adds(&note, "）");
            put_text(ws, row, 9, note.data, f->text);
            nb_buf_free(&note);
        }
        put_link(ws, row, 10, fi->source_url, NULL, f);
    }
    worksheet_autofilter(ws, 1, 0, row > 2 ? row - 1 : 1, N - 1);
}

static void write_changes(nb_xlsx *x, const nb_county_view *v)
{
    lxw_worksheet *ws = x->changes;
    const formats *f = &x->f;
    put_text(ws, 0, 0, v->had_previous ? "与上次运行相比的变化" : "首次运行：所有年报和异常均为新增", f->title);
    static const char *const names[] = {"变化", "乡镇", "年度", "规则", "单元格", "原值", "新值", "说明", "来源"};
    static const double widths[] = {10, 10, 6, 6, 30, 12, 12, 60, 40};
    enum { N = sizeof names / sizeof *names };
    header_row(ws, 1, names, widths, N, f);
    static const char *const kinds[] = {"新收到年报", "状态变化", "数字修改", "新增异常", "异常消除"};
    lxw_row_t row = 2;
    for (size_t i = 0; i < v->changes->n; i++, row++) {
        const nb_change *c = &v->changes->items[i];
        put_text(ws, row, 0, kinds[c->kind], c->kind == NB_CHANGE_APPEARED && c->f.rule->severity == NB_SEV_ERROR
                                                 ? f->error : f->text);
        put_text(ws, row, 1, c->f.township, f->text);
        worksheet_write_number(ws, row, 2, c->f.year, NULL);
        put_text(ws, row, 3, c->f.rule ? c->f.rule->id : "", f->text);
        char cell[200];
        nb_finding_cell(&c->f, cell, sizeof cell);
        put_text(ws, row, 4, cell, f->text);
        put_text(ws, row, 5, c->old_value, f->text);
        put_text(ws, row, 6, c->new_value, f->text);
        put_text(ws, row, 7, c->f.message, f->text);
        put_link(ws, row, 8, c->f.source_url, NULL, f);
    }
    worksheet_autofilter(ws, 1, 0, row > 2 ? row - 1 : 1, N - 1);
}

/* ---- the workbook ---- */

static lxw_format *format(lxw_workbook *wb, int bold, int border, const char *num_format)
{
    lxw_format *f = workbook_add_format(wb);
    if (bold) format_set_bold(f);
    if (border) format_set_border(f, LXW_BORDER_THIN);
    if (num_format) format_set_num_format(f, num_format);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    return f;
}

static void make_formats(lxw_workbook *wb, formats *f)
{
    f->title = format(wb, 1, 0, "@");
    format_set_font_size(f->title, 13);
    f->head = format(wb, 1, 1, "@");
    format_set_align(f->head, LXW_ALIGN_CENTER);
    format_set_text_wrap(f->head);
    format_set_bg_color(f->head, 0xEEEEEE);
    f->group = format(wb, 1, 1, "@");
    format_set_bg_color(f->group, 0xF6F6F6);
    f->label = format(wb, 0, 1, "@");
    format_set_text_wrap(f->label);
    f->num = format(wb, 0, 1, NULL);
    f->text = format(wb, 0, 0, "@");
    f->wrap = format(wb, 0, 0, "@");
    format_set_text_wrap(f->wrap);
    f->count = format(wb, 0, 0, NULL);
    format_set_align(f->count, LXW_ALIGN_LEFT);
    f->date = format(wb, 0, 0, "yyyy-mm-dd");
    f->link = format(wb, 0, 0, "@");
    format_set_underline(f->link, LXW_UNDERLINE_SINGLE);
    format_set_font_color(f->link, LXW_COLOR_BLUE);
    f->note = format(wb, 1, 0, "@");
    format_set_text_wrap(f->note);
    f->error = format(wb, 1, 0, "@");
    format_set_font_color(f->error, 0xC00000);
    f->warning = format(wb, 0, 0, "@");
    format_set_font_color(f->warning, 0xB35C00);
    f->muted = format(wb, 0, 0, "@");
    format_set_font_color(f->muted, 0x808080);
}

static const char *const table_names[NB_TABLE_COUNT] = {"表二", "表三", "表四"};

nb_xlsx *nb_xlsx_open(const char *outdir, const nb_check_scope *scope, nb_buf *err)
{
    nb_xlsx *x = nb_xcalloc(1, sizeof *x);
    nb_buf path = NB_BUF_INIT;
    nb_buf_printf(&path, "%s/county.xlsx", outdir);
    int rc = nb_atomic_open(&x->file, path.data, err);
    nb_buf_free(&path);
    if (rc != 0) {
        free(x);
        return NULL;
    }
    /* libxlsxwriter writes by file name: it is given the temporary file's, and commit
     * finds the workbook in it (the same inode atomicfile holds open). Its own scratch
     * files go in the output folder, not in a small /tmp. */
    lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = (char *)outdir};
    int saved = hush_stderr();
    errno = 0;
    x->wb = workbook_new_opt(x->file.tmp_path, &o);
    int why = errno;
    restore_stderr(saved);
    if (!x->wb) {
        nb_buf_printf(err, "%s: cannot write: %s", x->file.path, why ? strerror(why) : "libxlsxwriter failed");
        nb_atomic_abort(&x->file);
        free(x);
        return NULL;
    }
    x->scope = *scope;
    make_formats(x->wb, &x->f);
    x->overview = workbook_add_worksheet(x->wb, "概览");
    x->anomalies = workbook_add_worksheet(x->wb, "异常");
    x->changes = workbook_add_worksheet(x->wb, "变化");
    int nyears = scope->year_to >= scope->year_from ? scope->year_to - scope->year_from + 1 : 0;
    x->tables = nb_xcalloc((size_t)(nyears * NB_TABLE_COUNT + 1), sizeof *x->tables);
    for (int y = 0; y < nyears; y++)
        for (int t = 0; t < NB_TABLE_COUNT; t++) {
            char name[64];
            snprintf(name, sizeof name, "%d年%s", scope->year_from + y, table_names[t]);
            x->tables[y * NB_TABLE_COUNT + t] = workbook_add_worksheet(x->wb, name);
        }
    x->tidy = workbook_add_worksheet(x->wb, "明细");
    /* No source URL per row: 概览 links each township-year's page once (a long URL on
     * each of 200 rows a report costs a third of the sheet). */
    static const char *const names[] = {"乡镇", "年度", "格式", "表", "项目", "栏目", "数值", "原文",
                                        "单位", "标记", "行键", "列键"};
    static const double widths[] = {10, 6, 6, 5, 40, 18, 10, 16, 6, 14, 28, 16};
    header_row(x->tidy, 0, names, widths, (int)(sizeof names / sizeof *names), &x->f);
    worksheet_autofilter(x->tidy, 0, 0, 0, (lxw_col_t)(sizeof names / sizeof *names - 1));
    x->tidy_row = 1;
    return x;
}

void nb_xlsx_add_report(nb_xlsx *x, const nb_report *r)
{
    if (!x) return;
    if (r->publish_date[0] && strcmp(r->publish_date, x->newest_date) > 0)
        snprintf(x->newest_date, sizeof x->newest_date, "%s", r->publish_date);
    lxw_worksheet *ws = x->tidy;
    const formats *f = &x->f;
    const nb_template *t = r->tpl;
    for (int i = 0; i < t->nrows; i++) {
        const nb_row *row = &t->rows[i];
        for (int c = 0; row->columns[c]; c++) {
            if (x->tidy_row >= LXW_ROW_MAX - 1) { /* the last row says what was left out */
                x->tidy_dropped++;
                continue;
            }
            const nb_value *v = nb_report_value(r, row, c);
            lxw_row_t at = x->tidy_row++;
            char flags[96];
            nb_tidy_flags(v, flags, sizeof flags);
            put_text(ws, at, 0, r->township, f->text);
            worksheet_write_number(ws, at, 1, r->year, NULL);
            put_text(ws, at, 2, t->name, f->text);
            put_text(ws, at, 3, table_names[row->table], f->text);
            char label[512];
            snprintf(label, sizeof label, "%s%s%s", row->group ? row->group : "", row->group && row->label ? " " : "",
                     row->label ? row->label : "");
            put_text(ws, at, 4, label, f->text);
            put_text(ws, at, 5, row->columns[c]->label, f->text);
            if (v->found && v->num.kind == NB_CELL_NUMBER) put_decimal(ws, at, 6, v->num.value, NULL, f->text);
            put_text(ws, at, 7, v->raw, f->text);
            put_text(ws, at, 8, v->unit, f->text);
            put_text(ws, at, 9, flags, f->text);
            put_text(ws, at, 10, row->key, f->text);
            put_text(ws, at, 11, row->columns[c]->key, f->text);
        }
    }
}

void nb_xlsx_abort(nb_xlsx *x)
{
    if (!x) return;
    /* libxlsxwriter frees a workbook only by closing it: it writes into the temporary
     * file, which the abort then removes. */
    int saved = hush_stderr();
    workbook_close(x->wb);
    restore_stderr(saved);
    nb_atomic_abort(&x->file);
    free(x->tables);
    free(x);
}

int nb_xlsx_commit(nb_xlsx *x, const nb_county_view *v, nb_buf *err)
{
    if (x->tidy_dropped) {
        char text[256];
        snprintf(text, sizeof text, "……另有%lld行超出表格行数上限，未列出；见 townships/ 下各乡镇的CSV文件", x->tidy_dropped);
        put_text(x->tidy, x->tidy_row, 0, text, x->f.note);
    }
    write_overview(x, v);
    write_anomalies(x, v);
    write_changes(x, v);
    for (int year = x->scope.year_from; year <= x->scope.year_to; year++) {
        nb_county_year y;
        nb_rollup_year(v->ru, year, &y);
        for (int t = 0; t < NB_TABLE_COUNT; t++)
            write_table_sheet(x, x->tables[(year - x->scope.year_from) * NB_TABLE_COUNT + t], v, &y, (nb_table_id)t);
        nb_county_year_free(&y);
    }
    /* The creation date is the newest publish date: the same county gives the same bytes. */
    int yy = 2000, mm = 1, dd = 1;
    nb_date_parse(x->newest_date, &yy, &mm, &dd);
    struct tm tm = {.tm_year = yy - 1900, .tm_mon = mm - 1, .tm_mday = dd};
    char title[128];
    snprintf(title, sizeof title, "%s政府信息公开工作年度报告汇总", x->scope.county);
    lxw_doc_properties props = {.title = title, .author = "nianbao", .created = timegm(&tm)};
    workbook_set_properties(x->wb, &props);
    int saved = hush_stderr();
    errno = 0;
    lxw_error e = workbook_close(x->wb);
    int why = errno;
    restore_stderr(saved);
    int rc;
    if (e != LXW_NO_ERROR) {
        /* the system's reason (a full disk) when a write failed, else the library's */
        nb_buf_printf(err, "%s: cannot write: %s", x->file.path, why ? strerror(why) : lxw_strerror(e));
        nb_atomic_abort(&x->file);
        rc = -1;
    } else {
        rc = nb_atomic_commit(&x->file, err);
    }
    free(x->tables);
    free(x);
    return rc;
}
