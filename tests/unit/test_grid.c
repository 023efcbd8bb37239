/* grid: HTML tables laid out the way browsers do, whatever the spans say. */
#include <gumbo.h>

#include "check.h"
#include "pipeline/read/grid.h"

/* The n-th <table> of the document (0-based), in document order. */
static const GumboNode *find_table(const GumboNode *n, int *n_left)
{
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) return NULL;
    if (n->type == GUMBO_NODE_ELEMENT && n->v.element.tag == GUMBO_TAG_TABLE && (*n_left)-- == 0) return n;
    const GumboVector *kids = n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children : &n->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        const GumboNode *t = find_table(kids->data[i], n_left);
        if (t) return t;
    }
    return NULL;
}

typedef struct {
    GumboOutput *out;
    nb_grid g;
    const GumboNode *table;
} laid_out;

static void lay_out_nth(laid_out *l, const char *html, int index)
{
    l->out = gumbo_parse(html);
    l->table = find_table(l->out->document, &index);
    nb_grid_build(l->table, &l->g);
}

static void lay_out(laid_out *l, const char *html)
{
    lay_out_nth(l, html, 0);
}

static void done(laid_out *l)
{
    nb_grid_free(&l->g);
    gumbo_destroy_output(&kGumboDefaultOptions, l->out);
}

/* The text of the first text node in the cell covering (row, col), "" for a blank cell,
 * "(hole)" where nothing covers it. */
static const char *text_at(const laid_out *l, int row, int col)
{
    const nb_grid_cell *c = nb_grid_at(&l->g, row, col);
    if (!c) return "(hole)";
    const GumboVector *kids = &c->node->v.element.children;
    for (unsigned i = 0; i < kids->length; i++)
        if (((const GumboNode *)kids->data[i])->type == GUMBO_NODE_TEXT)
            return ((const GumboNode *)kids->data[i])->v.text.text;
    return "";
}

/* Table 三's header (R1, T1): a 3x3 corner, 申请人情况 over seven columns, 自然人 and
 * 总计 spanning two rows around 法人或其他组织's five. */
static void table_three_header(void)
{
    laid_out l;
    lay_out(&l, "<table>"
                "<tr><td colspan=3 rowspan=3>note</td><td colspan=7>申请人情况</td></tr>"
                "<tr><td rowspan=2>自然人</td><td colspan=5>法人或其他组织</td><td rowspan=2>总计</td></tr>"
                "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
                "<tr><td colspan=3>一、本年新收</td><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td><td>7</td></tr>"
                "</table>");
    CHECK_INT(l.g.nrows, 4);
    CHECK_INT(l.g.ncols, 10);
    CHECK_INT(l.g.ncells, 2 + 3 + 5 + 8);
    CHECK_STR(text_at(&l, 2, 2), "note");
    CHECK_STR(text_at(&l, 1, 3), "自然人");
    CHECK_STR(text_at(&l, 2, 3), "自然人");
    CHECK_STR(text_at(&l, 2, 4), "商业企业");
    CHECK_STR(text_at(&l, 2, 8), "其他");
    CHECK_STR(text_at(&l, 2, 9), "总计");
    CHECK_STR(text_at(&l, 3, 3), "1");
    CHECK_STR(text_at(&l, 3, 9), "7");
    const nb_grid_cell *c = &l.g.cells[5]; /* 商业企业 */
    CHECK_INT(c->row, 2);
    CHECK_INT(c->col, 4);
    CHECK_INT(c->rowspan, 1);
    CHECK_INT(c->colspan, 1);
    c = &l.g.cells[0];
    CHECK_INT(c->rowspan, 3);
    CHECK_INT(c->colspan, 3);
    done(&l);
}

/* R1 table 二 (五): the header spans 本年增/减 over columns 3-4, the data row spans its
 * first figure over columns 2-3: the grid follows each row's own spans. */
static void data_row_spans_differ_from_header(void)
{
    laid_out l;
    lay_out(&l, "<table>"
                "<tr><td>信息内容</td><td>上一年项目数量</td><td colspan=2>本年增/减</td><td>处理决定数量</td></tr>"
                "<tr><td>行政许可</td><td colspan=2>120</td><td>-5</td><td>3050</td></tr>"
                "</table>");
    CHECK_INT(l.g.ncols, 5);
    CHECK_STR(text_at(&l, 0, 3), "本年增/减");
    CHECK_STR(text_at(&l, 1, 2), "120");
    CHECK_STR(text_at(&l, 1, 3), "-5");
    CHECK_STR(text_at(&l, 0, 4), "处理决定数量");
    CHECK_STR(text_at(&l, 1, 4), "3050");
    done(&l);
}

/* Group labels spanning rows push the next rows' cells to the right. */
static void rowspans_push_cells_right(void)
{
    laid_out l;
    lay_out(&l, "<table>"
                "<tr><td rowspan=3>三、本年度办理结果</td><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td></tr>"
                "<tr><td>2.其他法律行政法规禁止公开</td><td>5</td></tr>"
                "<tr><td colspan=2>（六）其他处理</td><td>9</td></tr>"
                "</table>");
    CHECK_STR(text_at(&l, 1, 2), "2.其他法律行政法规禁止公开");
    CHECK_STR(text_at(&l, 1, 3), "5");
    CHECK_STR(text_at(&l, 2, 1), "（六）其他处理");
    CHECK_STR(text_at(&l, 2, 2), "（六）其他处理");
    CHECK_STR(text_at(&l, 2, 3), "9");
    CHECK_STR(text_at(&l, 2, 0), "三、本年度办理结果");
    done(&l);
}

static void rowspan_zero_runs_to_the_end(void)
{
    laid_out l;
    lay_out(&l, "<table><tr><td rowspan=0>A</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td></tr></table>");
    CHECK_INT(l.g.cells[0].rowspan, 3);
    CHECK_STR(text_at(&l, 2, 0), "A");
    CHECK_STR(text_at(&l, 2, 1), "3");
    done(&l);
}

static void rowspan_past_the_last_row_is_clamped(void)
{
    laid_out l;
    lay_out(&l, "<table><tr><td rowspan=65534>A</td><td>1</td></tr><tr><td>2</td></tr></table>");
    CHECK_INT(l.g.nrows, 2);
    CHECK_INT(l.g.cells[0].rowspan, 2);
    CHECK_STR(text_at(&l, 1, 1), "2");
    done(&l);
}

/* Missing, zero, negative or non-numeric colspan: 1; "2abc": 2; huge: at most 1000. */
static void odd_colspans(void)
{
    laid_out l;
    lay_out(&l, "<table><tr><td colspan=0>a</td><td colspan=-3>b</td><td colspan=x>c</td>"
                "<td colspan=\" 2abc\">d</td><td colspan=\"\">e</td><td colspan=65534>f</td><td>g</td></tr></table>");
    int want_col[] = {0, 1, 2, 3, 5, 6, 1006};
    int want_span[] = {1, 1, 1, 2, 1, 1000, 1};
    CHECK_INT(l.g.ncells, 7);
    for (int i = 0; i < 7 && i < (int)l.g.ncells; i++) {
        CHECK_INT(l.g.cells[i].col, want_col[i]);
        CHECK_INT(l.g.cells[i].colspan, want_span[i]);
    }
    CHECK_INT(l.g.ncols, 1007);
    done(&l);
}

static void odd_rowspans(void)
{
    laid_out l;
    lay_out(&l, "<table><tr><td rowspan=-1>a</td><td rowspan=abc>b</td><td rowspan=\"2px\">c</td></tr>"
                "<tr><td>d</td><td>e</td></tr></table>");
    CHECK_INT(l.g.cells[0].rowspan, 1);
    CHECK_INT(l.g.cells[1].rowspan, 1);
    CHECK_INT(l.g.cells[2].rowspan, 2);
    CHECK_STR(text_at(&l, 1, 0), "d");
    CHECK_STR(text_at(&l, 1, 1), "e");
    CHECK_STR(text_at(&l, 1, 2), "c");
    done(&l);
}

/* Rows of different lengths leave holes, never cells made up. */
static void ragged_rows(void)
{
    laid_out l;
    lay_out(&l, "<table><tr><td>a</td><td>b</td><td>c</td><td>d</td></tr><tr><td>e</td></tr>"
                "<tr></tr><tr><td>f</td><td>g</td></tr></table>");
    CHECK_INT(l.g.nrows, 4);
    CHECK_INT(l.g.ncols, 4);
    CHECK_INT(l.g.ncells, 7);
    CHECK_STR(text_at(&l, 1, 0), "e");
    CHECK_STR(text_at(&l, 1, 1), "(hole)");
    CHECK_STR(text_at(&l, 2, 0), "(hole)");
    CHECK_STR(text_at(&l, 3, 1), "g");
    CHECK_STR(text_at(&l, 3, 3), "(hole)");
    done(&l);
}

/* <th> counts as a cell; rows come from thead, tbody and tfoot in order. */
static void sections_and_th(void)
{
    laid_out l;
    lay_out(&l, "<table><thead><tr><th>h1</th><th>h2</th></tr></thead>"
                "<tbody><tr><td>1</td><td>2</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>");
    CHECK_INT(l.g.nrows, 3);
    CHECK_STR(text_at(&l, 0, 1), "h2");
    CHECK_STR(text_at(&l, 1, 1), "2");
    CHECK_STR(text_at(&l, 2, 0), "f");
    done(&l);
}

/* A layout table holding a data table: the outer grid has the outer cells only. */
static void nested_tables_excluded(void)
{
    const char *html = "<table><tr><td>menu</td><td><table><tr><td>规章</td><td>0</td><td>0</td></tr>"
                       "<tr><td>x</td></tr></table></td></tr><tr><td>footer</td></tr></table>";
    laid_out outer, inner;
    lay_out(&outer, html);
    CHECK(nb_grid_has_nested_table(outer.table));
    CHECK_INT(outer.g.nrows, 2);
    CHECK_INT(outer.g.ncells, 3);
    CHECK_STR(text_at(&outer, 0, 0), "menu");
    CHECK_STR(text_at(&outer, 1, 0), "footer");
    lay_out_nth(&inner, html, 1);
    CHECK(!nb_grid_has_nested_table(inner.table));
    CHECK_INT(inner.g.nrows, 2);
    CHECK_INT(inner.g.ncells, 4);
    CHECK_STR(text_at(&inner, 0, 2), "0");
    done(&outer);
    done(&inner);
}

static void empty_table(void)
{
    laid_out l;
    lay_out(&l, "<table></table>");
    CHECK_INT(l.g.nrows, 0);
    CHECK_INT(l.g.ncells, 0);
    CHECK(nb_grid_at(&l.g, 0, 0) == NULL);
    done(&l);
}

int main(void)
{
    table_three_header();
    data_row_spans_differ_from_header();
    rowspans_push_cells_right();
    rowspan_zero_runs_to_the_end();
    rowspan_past_the_last_row_is_clamped();
    odd_colspans();
    odd_rowspans();
    ragged_rows();
    sections_and_th();
    nested_tables_excluded();
    empty_table();
    return check_done();
}
