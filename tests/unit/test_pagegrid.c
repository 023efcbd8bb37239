/* pagegrid: printed pages (glyphs and lines placed by hand, as a PDF draws them) as rows
 * of cells. The real PDFs are in tests/integration/test_extract_files.py; these pin the
 * rules one at a time. */
#include "base/utf8.h"
#include "check.h"
#include "pipeline/read/files/pagegrid.h"

static nb_pagegrid pg;
static nb_doc doc;

/* The producer's line of text the next glyphs are drawn in (0: not known). */
static int drawing_run;

/* Prints text from x on baseline y, each character a size wide (CJK) or half of it. */
static void print(float x, float y, const char *text)
{
    const float size = 10;
    for (size_t i = 0; text[i];) {
        uint32_t cp;
        i += nb_utf8_decode((const unsigned char *)text + i, strlen(text + i), &cp);
        float w = cp < 0x80 ? size / 2 : size;
        nb_pg_glyph g = {cp, x, y - 8.5f, x + w, y + 1.5f, y, size, drawing_run};
        nb_pagegrid_add_glyph(&pg, &g);
        x += w;
    }
}

/* A row of a table of three figure columns (header 甲 乙 丙): its label from x 100, its
 * figures (NULL: none) at 250, 310 and 370. */
static void row3(float y, const char *label, const char *a, const char *b, const char *c)
{
    if (label) print(100, y, label);
    if (a) print(250, y, a);
    if (b) print(310, y, b);
    if (c) print(370, y, c);
}

static void hline(float x0, float x1, float y)
{
    nb_pagegrid_add_segment(&pg, x0, y, x1, y);
}

static void vline(float x, float y0, float y1)
{
    nb_pagegrid_add_box(&pg, x - 0.5f, y0, x + 0.5f, y1); /* drawn as a thin filled box */
}

static void start(void)
{
    nb_pagegrid_free(&pg);
    nb_pagegrid_init(&pg);
}

static nb_buf warnings;

static int read_doc(void)
{
    nb_doc_free(&doc);
    nb_doc_init(&doc);
    nb_buf_clear(&warnings);
    return nb_pagegrid_to_doc(&pg, &doc, &warnings);
}

/* Rows as "a|b" joined by " / "; a cell spanning shows {colspan x rowspan}, an uncertain
 * one a trailing "?". */
static const char *layout(void)
{
    static char out[4096];
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < doc.ncells && o + doc.cells[i].len + 16 < sizeof out; i++) {
        const nb_cell *c = &doc.cells[i];
        if (i) o += (size_t)snprintf(out + o, sizeof out - o, "%s", c->row == doc.cells[i - 1].row ? "|" : " / ");
        o += (size_t)snprintf(out + o, sizeof out - o, "%s", c->text);
        if (c->colspan > 1 || c->rowspan > 1) o += (size_t)snprintf(out + o, sizeof out - o, "{%dx%d}", c->colspan, c->rowspan);
        if (c->marks & NB_MARK_UNCERTAIN) o += (size_t)snprintf(out + o, sizeof out - o, "?");
    }
    return out;
}

/* A grid of lines: xs and ys, every line drawn. */
static void grid(const float *xs, int nx, const float *ys, int ny)
{
    for (int i = 0; i < ny; i++) hline(xs[0], xs[nx - 1], ys[i]);
    for (int i = 0; i < nx; i++) vline(xs[i], ys[0], ys[ny - 1]);
}

static void ruled_table(void)
{
    /* Three columns; the header's first two cells are one (no line between them); a blank
     * cell stays a cell; a label wraps over two lines inside its cell. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 90, "二、主动公开政府信息情况");
    hline(100, 400, 100), hline(100, 400, 120), hline(100, 400, 150), hline(100, 400, 170);
    vline(100, 100, 170), vline(400, 100, 170);
    vline(200, 120, 170); /* not in the header row */
    vline(300, 100, 170);
    print(110, 114, "信息内容");
    print(310, 114, "总数");
    print(110, 132, "本年新");
    print(110, 145, "制作数量");
    print(310, 140, "5");
    print(110, 164, "规章");
    print(210, 164, "3");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "二、主动公开政府信息情况 / 信息内容{2x1}|总数 / 本年新制作数量||5 / 规章|3|");
    CHECK_INT(doc.ntables, 1);
    CHECK_INT(doc.cells[1].table, 0);
    CHECK_INT(doc.cells[0].table, -1);
}

static void stacked_header_in_narrow_cells(void)
{
    /* 结/果/维/持 one character per line in a narrow column, next to another. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    float xs[] = {100, 115, 130}, ys[] = {100, 150, 170};
    grid(xs, 3, ys, 3);
    const char *a[] = {"结", "果", "维", "持"}, *b[] = {"结", "果", "纠", "正"};
    for (int i = 0; i < 4; i++) print(102, 112 + 11 * i, a[i]), print(117, 112 + 11 * i, b[i]);
    print(104, 164, "1"), print(119, 164, "2");
    read_doc();
    CHECK_STR(layout(), "结果维持|结果纠正 / 1|2");
}

static void merged_cell_that_is_no_rectangle(void)
{
    /* An L-shaped region: the lines do not say where the cell is. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    hline(100, 300, 100), hline(100, 300, 200), hline(200, 300, 150);
    vline(100, 100, 200), vline(300, 100, 200), vline(200, 150, 200);
    print(110, 120, "甲");
    print(210, 180, "7");
    CHECK_INT(read_doc(), 1);
    CHECK(strstr(layout(), "?") != NULL);
    CHECK(strstr(nb_buf_str(&warnings), "1 cells could not be placed") != NULL);
}

static void table_over_two_pages(void)
{
    /* The header repeated on the second page goes; the row cut by the page break (no
     * line under it, none over its rest) is one row; the page number is dropped. */
    start();
    float xs[] = {100, 250, 300, 350};
    nb_pagegrid_add_page(&pg, 600, 800);
    float ys1[] = {680, 700, 720};
    grid(xs, 4, ys1, 3);
    vline(100, 720, 760), vline(250, 720, 760), vline(300, 720, 760), vline(350, 720, 760); /* open bottom */
    print(110, 694, "项目"), print(255, 694, "甲"), print(305, 694, "乙");
    print(110, 714, "一、本年新收"), print(255, 714, "1"), print(305, 714, "2");
    print(110, 740, "（二）部分公开（区分"), print(255, 740, "3"), print(305, 740, "4");
    print(290, 790, "- 4 -");
    nb_pagegrid_add_page(&pg, 600, 800);
    vline(100, 40, 60), vline(250, 40, 60), vline(300, 40, 60), vline(350, 40, 60); /* open top */
    float ys2[] = {60, 80, 100, 120};
    grid(xs, 4, ys2, 4);
    print(110, 54, "处理的）");
    print(110, 74, "项目"), print(255, 74, "甲"), print(305, 74, "乙");
    print(110, 94, "四、结转"), print(255, 94, "5"), print(305, 94, "6");
    print(110, 114, "五、其他"), print(305, 114, "7");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙 / 一、本年新收|1|2 / （二）部分公开（区分处理的）|3|4 / 项目|甲|乙 / 四、结转|5|6 / 五、其他||7");
    CHECK_INT(doc.ntables, 1);
}

static void repeated_header_dropped(void)
{
    start();
    float xs[] = {100, 250, 300};
    float ys1[] = {700, 720, 740}, ys2[] = {40, 60, 80};
    nb_pagegrid_add_page(&pg, 600, 800);
    grid(xs, 3, ys1, 3);
    print(110, 714, "项目"), print(255, 714, "甲");
    print(110, 734, "规章"), print(255, 734, "1");
    nb_pagegrid_add_page(&pg, 600, 800);
    grid(xs, 3, ys2, 3);
    print(110, 54, "项目"), print(255, 54, "甲");
    print(110, 74, "行政许可"), print(255, 74, "2");
    read_doc();
    CHECK_STR(layout(), "项目|甲 / 规章|1 / 行政许可|2");
    CHECK_INT(doc.ntables, 1);
}

static void aligned_table(void)
{
    /* No lines: the columns come from the figures and the header; a row with one figure
     * keeps it in its column, blanks before it. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "项目"), print(200, 100, "甲"), print(260, 100, "乙"), print(320, 100, "丙");
    print(100, 120, "一、本年新收"), print(200, 120, "11"), print(260, 120, "12"), print(320, 120, "13");
    print(100, 140, "四、结转"), print(320, 140, "7");
    print(100, 160, "二、上年结转"), print(200, 160, "21"), print(260, 160, "22"), print(320, 160, "23");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙|丙 / 一、本年新收|11|12|13 / 四、结转|||7 / 二、上年结转|21|22|23");
}

static void aligned_table_column_in_doubt(void)
{
    /* No header, and a figure standing between two columns: it cannot be placed, and it
     * is marked, never read into a column silently. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 120, "一、本年新收"), print(200, 120, "11"), print(300, 120, "12");
    print(100, 140, "四、结转"), print(250, 140, "7");
    print(100, 160, "二、上年结转"), print(200, 160, "21"), print(300, 160, "22");
    CHECK(read_doc() > 0);
    const char *l = layout();
    CHECK(strstr(l, "7?") != NULL);
}

static void labels_wrapped_around_their_figures(void)
{
    /* Cells centred vertically: a two-line label sits half a line above and below its
     * figures; a three-line one a line. The middle alignment explains every line. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "项目"), print(200, 100, "甲"), print(260, 100, "乙");
    print(100, 124, "一、本年新收"), print(100, 136, "申请数量");
    print(200, 130, "11"), print(260, 130, "12");
    print(100, 156, "（二）部分"), print(100, 168, "公开（区分"), print(100, 180, "处理的）");
    print(200, 168, "21"), print(260, 168, "22");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙 / 一、本年新收申请数量|11|12 / （二）部分公开（区分处理的）|21|22");
}

static void template_labels_stacked_with_a_blank_row(void)
{
    /* No lines, the row labels a character or two per line in a narrow column, the
     * group's label interleaved beside them, figures centred on their rows, and a row
     * with no figure at all: the labels the template knows give the rows, the blank row
     * is a row of blank cells (not dropped, its neighbours' figures not moved into it). */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "项目"), print(200, 100, "甲"), print(260, 100, "乙"), print(320, 100, "丙");
    print(60, 124, "（三）"), print(100, 124, "1.属");
    print(60, 136, "不予"), print(100, 136, "于国");
    print(60, 148, "公开"), print(100, 148, "家秘"), print(200, 142, "31"), print(260, 142, "32"), print(320, 142, "33");
    print(100, 160, "密");
    print(100, 172, "2.其"), print(100, 184, "他法"), print(100, 196, "律行"), print(100, 208, "政法");
    print(100, 220, "规禁"), print(100, 232, "止公"), print(100, 244, "开");
    print(100, 256, "3.危"), print(100, 268, "及“三"), print(100, 280, "安全"), print(100, 292, "一稳");
    print(200, 280, "51"), print(260, 280, "52"), print(320, 280, "53");
    print(100, 304, "定”");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙|丙 / （三）不予公开|1.属于国家秘密|31|32|33 / 2.其他法律行政法规禁止公开||| / "
                        "3.危及“三安全一稳定”|51|52|53");
}

static void template_label_cut_by_the_page_break(void)
{
    /* The last row's label cut by the page break, its figures printed beside the rest of
     * it on the next page: one row, its figures in it. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "项目"), print(250, 100, "甲"), print(310, 100, "乙"), print(370, 100, "丙");
    print(100, 124, "1.属于国家秘密"), print(250, 124, "31"), print(310, 124, "32"), print(370, 124, "33");
    print(100, 136, "2.其他法律");
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "行政法规禁"), print(250, 106, "41"), print(310, 106, "42"), print(370, 106, "43");
    print(100, 112, "止公开");
    print(100, 124, "3.危及“三安全一稳定”"), print(250, 124, "51"), print(310, 124, "52"), print(370, 124, "53");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙|丙 / 1.属于国家秘密|31|32|33 / 2.其他法律行政法规禁止公开|41|42|43 / "
                        "3.危及“三安全一稳定”|51|52|53");
}

static void figure_against_its_label(void)
{
    /* A Word table narrower than its text: the first figure printed a third of a size
     * after the end of its row's label reads with it; it is a figure of the row. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "项目"), print(175, 100, "甲"), print(230, 100, "乙"), print(290, 100, "丙");
    print(100, 124, "1.属于国家秘密"), print(173, 124, "31"), print(230, 124, "32"), print(290, 124, "33");
    print(100, 148, "2.重复申请"), print(173, 148, "41"), print(230, 148, "42"), print(290, 148, "43");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙|丙 / 1.属于国家秘密|31|32|33 / 2.重复申请|41|42|43");
}

static void header_alone_over_a_figure_with_its_unit(void)
{
    /* A table's header at the bottom of a page, its one row of figures on the next, one
     * of them printed with its unit: one table, the figures under their header. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 740, "第二十条第（九）项");
    print(100, 760, "信息内容"), print(200, 760, "采购项目数量"), print(300, 760, "采购总金额");
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 60, "政府集中采购"), print(220, 60, "1021"), print(320, 60, "70487元");
    print(100, 100, "三、收到和处理政府信息公开申请情况");
    CHECK_INT(read_doc(), 0);
    CHECK(strstr(layout(), "信息内容|采购项目数量|采购总金额 / 政府集中采购|1021|70487元") != NULL);
    /* The row under it may hold one figure and a blank: still the header's. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 740, "第二十条第（八）项");
    print(100, 760, "信息内容"), print(200, 760, "上一年项目数量"), print(320, 760, "本年增/减");
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 60, "行政事业性收费"), print(230, 60, "5");
    print(100, 100, "三、收到和处理政府信息公开申请情况");
    CHECK_INT(read_doc(), 0);
    CHECK(strstr(layout(), "信息内容|上一年项目数量|本年增/减 / 行政事业性收费|5| / 三、") != NULL);
}

static void label_cut_by_the_page_break_in_padded_rows(void)
{
    /* Rows padded apart (rules under them, none drawn across): the rest of a label cut by
     * the page break stands three lines over the next row's label, and is still its. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 700, "项目"), print(250, 700, "甲"), print(310, 700, "乙"), print(370, 700, "丙");
    print(100, 730, "6.属于四类过程性信息"), print(250, 730, "61"), print(310, 730, "62"), print(370, 730, "63");
    print(100, 760, "7.属于行政执"), print(250, 760, "71"), print(310, 760, "72"), print(370, 760, "73");
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 60, "法案卷");
    print(100, 94, "8.属于行政查询事项"), print(250, 94, "81"), print(310, 94, "82"), print(370, 94, "83");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙|丙 / 6.属于四类过程性信息|61|62|63 / 7.属于行政执法案卷|71|72|73 / "
                        "8.属于行政查询事项|81|82|83");
}

static void header_cell_cut_apart(void)
{
    /* A header cell whose two lines stand further apart than lines do, with the lines of
     * its neighbours' cells between them (a header row cut by a page break and read
     * together again): still one column's header, every figure under its own. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "结果"), print(140, 100, "其他");
    print(180, 116, "结果"), print(220, 116, "总计");
    print(100, 128, "维持"), print(140, 128, "结果");
    print(180, 132, "纠正");
    print(105, 160, "1"), print(145, 160, "2"), print(185, 160, "3"), print(225, 160, "4");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "结果维持|其他结果|结果纠正|总计 / 1|2|3|4");
}

static void figures_of_two_columns_touching(void)
{
    /* A Word table narrower than its figures: two of them print touching, a third of a
     * point apart where the digits of one figure abut. Two figures, each in its column. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "项目"), print(200, 100, "甲"), print(226, 100, "乙"), print(252, 100, "丙");
    print(100, 120, "规章"), print(200, 120, "23173"), print(225.3f, 120, "23194"), print(252, 120, "7");
    print(100, 140, "行政规范性文件"), print(200, 140, "1"), print(226, 140, "2"), print(252, 140, "3");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙|丙 / 规章|23173|23194|7 / 行政规范性文件|1|2|3");
}

static void table_four_by_its_count(void)
{
    /* Table 四 in a column too narrow for its header (the leaves' text runs together,
     * no column shows): its 15 figures are the template's 15 cells, in order. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "行政复议"), print(300, 100, "行政诉讼");
    for (int i = 0; i < 3; i++) print(100 + 125.0f * (float)i, 112, "结果结果其他尚未总计");
    for (int i = 0; i < 15; i++) {
        char figure[8];
        snprintf(figure, sizeof figure, "%d", 501 + i);
        print(100 + 25.0f * (float)i, 130, figure);
    }
    CHECK_INT(read_doc(), 0);
    CHECK(strstr(layout(), " / 501|502|503|504|505|506|507|508|509|510|511|512|513|514|515") != NULL);
}

static void table_four_first_cell_a_slash(void)
{
    /* Table 四's first cell "/", every other figure right of it: the figures' columns
     * start there, the "/" is no row label (which would move every figure a cell on). */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "行政复议"), print(300, 100, "行政诉讼");
    for (int i = 0; i < 15; i++) print(100 + 25.0f * (float)i, 112, i % 5 == 4 ? "总计" : "结果");
    print(107.5f, 130, "/");
    for (int i = 1; i < 15; i++) {
        char figure[8];
        snprintf(figure, sizeof figure, "%d", 501 + i);
        print(100 + 25.0f * (float)i, 130, figure);
    }
    read_doc();
    CHECK(strstr(layout(), " / /|502|503|504|505|506|507|508|509|510|511|512|513|514|515") != NULL);
}

/* Table 四's header squeezed: three groups of five cells 20 wide, each cell's label two
 * characters a line, the cells of a line abutting ("结果结果其他尚未" over
 * "维持纠正结果审结", 总计 on a line between), figures under all but the third cell of
 * each group. last_line replaces the last header line (NULL: as printed). */
static void squeezed_table_four(const char *last_line)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 80, "行政复议"), print(200, 80, "行政诉讼");
    print(200, 92, "未经复议直接起诉"), print(300, 92, "复议后起诉");
    for (int i = 0; i < 3; i++) {
        float x = 100 + 100.0f * (float)i;
        print(x, 104, "结果结果其他尚未");
        print(x + 80, 110, "总计");
        print(x, 116, last_line ? last_line : "维持纠正结果审结");
        for (int c = 0; c < 5; c++) {
            char figure[8];
            snprintf(figure, sizeof figure, "%d", 10 * (i + 1) + c + 1);
            if (c != 2) print(x + 20.0f * (float)c + 5, 136, figure);
        }
    }
}

static void table_four_header_spelled_from_the_template(void)
{
    /* Nothing on the page parts the cells, but their characters spell the template's
     * fifteen labels in one way only: those are the columns, the blanks kept. */
    squeezed_table_four(NULL);
    CHECK_INT(read_doc(), 0);
    CHECK(strstr(layout(), " / 11|12||14|15|21|22||24|25|31|32||34|35") != NULL);
}

static void table_four_header_that_spells_no_label(void)
{
    /* A character off the template (审 printed as 宙): no reading, every figure flagged. */
    squeezed_table_four("维持纠正结果宙结");
    CHECK_INT(read_doc(), 12);
    CHECK(strstr(layout(), "11?|12?|14?") != NULL);
}

static void group_label_touching_the_row_label(void)
{
    /* A narrow group column: "三、本" of 三、本年度办理结果 prints a point and a half
     * before "（一）予以公开" and reads as one fragment with it; the group's next line
     * ends where the next row label's line, right under it, starts. Cut there: the row is
     * its template row, the group its own cell. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(57, 80, "项目"), print(420, 80, "甲"), print(460, 80, "乙");
    print(57, 100, "三、本"), print(88.5f, 100, "（一）予以公开"), print(420, 100, "101"), print(460, 100, "102");
    print(57, 114, "年度办");
    print(88.5f, 126, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）");
    print(420, 126, "201"), print(460, 126, "202");
    print(57, 131, "理结果");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙 / 三、本年度办理结果|（一）予以公开|101|102 / "
                        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）|201|202");
}

static void group_label_touching_two_row_label_lines(void)
{
    /* "（六" and "）其" of （六）其他处理 print against the row label's lines; the item
     * number cuts the first ("（六1.申请人无"), whose two pieces then show where the next
     * line is cut. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(57, 80, "项目"), print(500, 80, "甲"), print(540, 80, "乙");
    print(57, 100, "（六"), print(78.5f, 100, "1.申请人无正当理由");
    print(57, 114, "）其"), print(78.5f, 114, "逾期不补正、行政机");
    print(500, 121, "11"), print(540, 121, "12");
    print(57, 128, "他处"), print(78.5f, 128, "关不再处理其政府信");
    print(62, 142, "理"), print(78.5f, 142, "息公开申请");
    print(78.5f, 160, "3.其他"), print(500, 160, "31"), print(540, 160, "32");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙 / （六）其他处理|1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请|11|12 / "
                        "3.其他|31|32");
}

static void header_cells_printed_close(void)
{
    /* Narrow columns: three header cells of two lines each, a third of a size apart, read
     * as one fragment a line (less than the half size that parts two cells' text). The
     * characters of one cell abut, and the other line shows the same gaps: they part the
     * cells, and the column left blank keeps its header and cells. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "信息内容"), print(200, 100, "甲乙"), print(223, 100, "丙丁"), print(246, 100, "戊己");
    print(200, 112, "子丑"), print(223, 112, "寅卯"), print(246, 112, "辰巳");
    print(100, 132, "规章"), print(205, 132, "1"), print(251, 132, "3");
    print(100, 152, "行政规范性文件"), print(205, 152, "4"), print(251, 152, "6");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "信息内容|甲乙子丑|丙丁寅卯|戊己辰巳 / 规章|1||3 / 行政规范性文件|4||6");
}

static void group_label_cut_by_the_page_break(void)
{
    /* A row label and its group's label both cut by the page break: the group's rest
     * stands beside the next rows, which keep their labels and figures, certain. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 700, "项目"), print(300, 700, "甲"), print(360, 700, "乙");
    print(160, 730, "8.属于行政查询事项"), print(300, 730, "81"), print(360, 730, "82");
    print(100, 760, "（四）无"), print(160, 760, "1.本机关不掌握相关政府"), print(300, 760, "11"), print(360, 760, "12");
    nb_pagegrid_add_page(&pg, 600, 800);
    print(160, 60, "信息");
    print(160, 90, "2.没有现成信息需要另行制作"), print(300, 90, "21"), print(360, 90, "22");
    print(100, 100, "法提供");
    print(160, 120, "3.补正后申请内容仍不明确"), print(300, 120, "31"), print(360, 120, "32");
    CHECK_INT(read_doc(), 0);
    const char *l = layout();
    CHECK(strstr(l, "1.本机关不掌握相关政府信息|11|12 / ") != NULL);
    CHECK(strstr(l, "|2.没有现成信息需要另行制作|21|22 / 3.补正后申请内容仍不明确|31|32") != NULL);
}

static void figure_touching_its_label(void)
{
    /* Squeezed further: the figure prints 0.8 points after the label's last character,
     * whose own characters abut. Still a figure of the row, not a part of its label. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "项目"), print(175, 100, "甲"), print(230, 100, "乙"), print(290, 100, "丙");
    print(100, 124, "1.属于国家秘密"), print(170.8f, 124, "31"), print(230, 124, "32"), print(290, 124, "33");
    print(100, 148, "2.重复申请"), print(175, 148, "41"), print(230, 148, "42"), print(290, 148, "43");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙|丙 / 1.属于国家秘密|31|32|33 / 2.重复申请|41|42|43");
}

static void corner_cell_interleaved_with_the_header(void)
{
    /* The header's corner cell wrapped over three lines, interleaved with the lines of
     * the header beside it: all three are the header's, none the first row's label. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(57, 100, "信息内容说明");
    print(195, 108, "法人或其他组织");
    print(57, 116, "为第一项加");
    print(57, 124, "第二项之和");
    print(200, 130, "甲"), print(260, 130, "乙");
    print(57, 160, "规章"), print(200, 160, "1"), print(260, 160, "2");
    print(57, 180, "行政规范性文件"), print(200, 180, "3"), print(260, 180, "4");
    CHECK_INT(read_doc(), 0);
    CHECK(strstr(layout(), "信息内容说明为第一项加第二项之和|甲|乙 / 规章|1|2 / 行政规范性文件|3|4") != NULL);
}

static void group_label_touching_two_row_labels(void)
{
    /* "理结果" of 三、本年度办理结果 against the next row's label, "三、本" against the
     * first one's: the first cut (by the lines around it) shows where the second is. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(57, 80, "项目"), print(420, 80, "甲"), print(460, 80, "乙");
    print(57, 100, "三、本"), print(88.5f, 100, "（一）予以公开"), print(420, 100, "101"), print(460, 100, "102");
    print(57, 114, "年度办");
    print(57, 128, "理结果"), print(88.5f, 128, "（二）部分公开");
    print(88.5f, 142, "（区分处理的，"), print(420, 149, "201"), print(460, 149, "202");
    print(88.5f, 156, "只计这一情形，"), print(88.5f, 170, "不计其他情形）");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙 / 三、本年度办理结果|（一）予以公开|101|102 / "
                        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）|201|202");
}

static void label_rest_over_two_lines_at_the_top(void)
{
    /* The rest of a row label cut by the page break, over two lines at the top of the
     * next page, the lower one three lines over the next row: the row's label still. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 700, "项目"), print(250, 700, "甲"), print(310, 700, "乙"), print(370, 700, "丙");
    print(100, 730, "2.其他法律行政法规禁止公开"), print(250, 730, "21"), print(310, 730, "22"), print(370, 730, "23");
    print(100, 760, "3.危及“三"), print(250, 760, "31"), print(310, 760, "32"), print(370, 760, "33");
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 50, "安全一稳");
    print(100, 62, "定”");
    print(100, 98, "4.保护第三方合法权益"), print(250, 98, "41"), print(310, 98, "42"), print(370, 98, "43");
    CHECK_INT(read_doc(), 0);
    CHECK(strstr(layout(), " / 3.危及“三安全一稳定”|31|32|33 / 4.保护第三方合法权益|41|42|43") != NULL);
}

static void justified_prose_keeps_its_figures(void)
{
    /* A justified line spreads its characters a tenth of a size apart, digits too: that is
     * no gap between two figures, "12" stays 12. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    const char *chars[] = {"本", "年", "共", "收", "到", "申", "请", "1", "2", "件"};
    float x = 100;
    for (int i = 0; i < 10; i++) {
        print(x, 100, chars[i]);
        x += (chars[i][0] & 0x80 ? 10 : 5) + 1;
    }
    read_doc();
    CHECK_STR(layout(), "本年共收到申请12件");
}

static void two_character_header_spread_over_its_cell(void)
{
    /* "总  计" spread over its cell, its characters a third of a size apart: one header,
     * its column's. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "项目"), print(200, 100, "甲"), print(250, 100, "总"), print(263, 100, "计");
    print(100, 120, "规章"), print(200, 120, "1"), print(257, 120, "2");
    print(100, 140, "行政规范性文件"), print(200, 140, "3"), print(257, 140, "4");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|总 计 / 规章|1|2 / 行政规范性文件|3|4");
}

static void header_with_a_space_typed_in_it(void)
{
    /* "本年 新收", a space typed in one header cell (a third of a size): no line around
     * shows two columns there, so it is one column's header, never a column of its own. */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "项目"), print(200, 100, "本年"), print(223, 100, "新收"), print(300, 100, "结转");
    print(100, 120, "规章"), print(225, 120, "1"), print(305, 120, "2");
    print(100, 140, "行政规范性文件"), print(225, 140, "3"), print(305, 140, "4");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|本年 新收|结转 / 规章|1|2 / 行政规范性文件|3|4");
}

static void part_of_table_two_left_blank(void)
{
    /* Table 二's part 第二十条第（五）项 with its only figure left blank, then the next
     * part: two parts, the blank row a row of its own with a blank cell under its header
     * (not the next part's header read into it, every cell flagged). */
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(120, 40, "信息内容"), print(250, 40, "本年制发件数"), print(320, 40, "本年废止件数"), print(390, 40, "现行有效件数");
    print(120, 60, "规章"), print(270, 60, "1"), print(340, 60, "2"), print(410, 60, "3");
    print(230, 80, "第二十条第（五）项");
    print(120, 100, "信息内容"), print(320, 100, "本年处理决定数量");
    print(120, 120, "行政许可");
    print(230, 140, "第二十条第（六）项");
    print(120, 160, "信息内容"), print(320, 160, "本年处理决定数量");
    print(120, 180, "行政处罚"), print(355, 180, "2");
    print(120, 200, "行政强制");
    CHECK_INT(read_doc(), 0);
    CHECK(strstr(layout(), "信息内容|本年处理决定数量 / 行政许可| / 第二十条第（六）项 / 信息内容|本年处理决定数量 / "
                           "行政处罚|2 / 行政强制|") != NULL);
}

/* Two lines of text the PDF draws one after the other, a quarter of a character apart,
 * or a twentieth (LibreOffice's narrowest columns, their padding squeezed out): two
 * cells' texts (a group's label and the next column's), though closer than any gap that
 * splits text by itself. Drawn as one line of text, the same gap splits nothing. */
static void texts_drawn_apart_are_two_cells(void)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    drawing_run = 1, print(50, 100, "三、本");
    drawing_run = 2, print(82.5f, 100, "（三");
    drawing_run = 0;
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "三、本 （三");
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    drawing_run = 1, print(50, 100, "三、本");
    drawing_run = 2, print(80.5f, 100, "（三");
    drawing_run = 0;
    read_doc();
    CHECK_STR(layout(), "三、本 （三");
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    drawing_run = 1, print(50, 100, "三、本"), print(82.5f, 100, "（三");
    drawing_run = 0;
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "三、本（三");
}

/* R1's table 二: header cells one grid column left of the figures they head, the first
 * column blank all the way down. The two figure columns stand under the last header cell,
 * not under the first two: as many header cells as columns does not make them theirs. */
static void header_cells_beside_their_figures(void)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(50, 100, "信息内容"), print(200, 100, "本年新制作数量"), print(290, 100, "本年新公开数量");
    print(370, 100, "对外公开总数量");
    print(50, 130, "规章"), print(430, 130, "5888");
    print(50, 160, "规范性文件"), print(380, 160, "0"), print(437.5f, 160, "0");
    read_doc();
    CHECK(strstr(layout(), "5888?") != NULL);
    CHECK(strstr(layout(), "规范性文件|0?|0?") != NULL);
}

/* A column narrower than a figure: "1902" fills a line, "9" centred under it, the row's
 * label on the same two lines, the row's other figures centred between them (or on the
 * first line); the next row's figure in the column is wide_below. */
static void figure_wrapped_in_its_column(int others_centred, const char *wide_below)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "项目"), print(200, 100, "甲"), print(230, 100, "乙"), print(260, 100, "丙");
    print(100, 118, "1.属于国家"), print(200, 118, "1902");
    print(100, 130, "秘密"), print(207.5f, 130, "9");
    float y = others_centred ? 124 : 118;
    print(232.5f, y, "7"), print(262.5f, y, "5");
    print(100, 150, "2.重复申请"), print(200, 150, wide_below), print(230, 150, "12"), print(260, 150, "13");
}

static void figure_wrapped_over_two_lines(void)
{
    figure_wrapped_in_its_column(1, "11");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙|丙 / 1.属于国家秘密|19029|7|5 / 2.重复申请|11|12|13");
    /* Not so when the row's other figures stand on the first line (the lines may be two
     * rows), or when the column holds a wider figure (the first line may be a figure of
     * its own): never 19029. */
    figure_wrapped_in_its_column(0, "11");
    read_doc();
    CHECK(strstr(layout(), "19029") == NULL);
    figure_wrapped_in_its_column(1, "11111");
    read_doc();
    CHECK(strstr(layout(), "19029") == NULL);
}

/* A row cut by the page break is printed from its top: "1902" and the row's other figures
 * on its first line, "9" alone under "1902", the label's next line lower still. One
 * figure; not so when the second line holds a figure under none wrapped (two rows). */
static void figure_wrapped_in_a_cut_row(void)
{
    for (int two_rows = 0; two_rows < 2; two_rows++) {
        start();
        nb_pagegrid_add_page(&pg, 600, 800);
        print(100, 100, "项目"), print(200, 100, "甲"), print(230, 100, "乙"), print(260, 100, "丙");
        print(100, 150, "2.重复申请"), print(200, 150, "11"), print(230, 150, "12"), print(260, 150, "13");
        print(100, 170, "1.属于"), print(200, 170, "1902"), print(232.5f, 170, "7"), print(262.5f, 170, "5");
        print(207.5f, 182, "9");
        if (two_rows) print(262.5f, 182, "6");
        print(100, 190, "国家秘密");
        read_doc();
        CHECK_INT(strstr(layout(), "19029") != NULL, !two_rows);
    }
}

/* A table without row labels (table 四) whose first cells are blank: its first header
 * cells stand left of every figure, above them only; they head columns, and the figures
 * stay under their own header cells, not one column to the left. */
static void first_columns_blank_in_a_table_without_labels(void)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 100, "维持"), print(150, 100, "纠正"), print(200, 100, "其他"), print(250, 100, "总计");
    print(205, 130, "9"), print(255, 130, "21");
    read_doc();
    CHECK_STR(layout(), "维持|纠正|其他|总计 / ||9|21");
}

/* A row the page break cut between its cells (as Word and WeasyPrint break a row whose
 * label needs more lines than the page has left): its figures the page's last line, its
 * label the next page's first. One row, the figures under their own columns, certain. */
static void row_broken_between_its_label_and_figures(void)
{
    for (int next_page = 1; next_page >= 0; next_page--) {
        start();
        nb_pagegrid_add_page(&pg, 600, 800);
        row3(700, "项目", "甲", "乙", "丙");
        row3(730, "5.属于三类内部事务信息", "51", "52", "53");
        row3(760, NULL, "61", "62", "63");
        if (!next_page) break;
        nb_pagegrid_add_page(&pg, 600, 800);
        row3(60, "6.属于四类过程性信息", NULL, NULL, NULL);
        row3(90, "7.属于行政执法案卷", "71", "72", "73");
        CHECK_INT(read_doc(), 0);
        CHECK_STR(layout(), "项目|甲|乙|丙 / 5.属于三类内部事务信息|51|52|53 / 6.属于四类过程性信息|61|62|63 / "
                            "7.属于行政执法案卷|71|72|73");
    }
    /* Without the next page, the figures have no label: they stay flagged, no row's. */
    CHECK_INT(read_doc(), 4);
    CHECK(strstr(layout(), "5.属于三类内部事务信息|51|52|53 / ?|61?|62?|63?") != NULL);
}

/* A row's figures printed a line above its label, between it and the row above
 * (LibreOffice, a page's last row): the row of the one neighbouring label left without
 * figures; with two such neighbours, neither label's. */
static void figures_a_line_above_their_label(void)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    row3(100, "项目", "甲", "乙", "丙");
    row3(124, "（六）其他处理", "61", "62", "63");
    row3(150, NULL, "71", "72", "73");
    print(100, 160, "（七）总计");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙|丙 / （六）其他处理|61|62|63 / （七）总计|71|72|73");
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    row3(100, "项目", "甲", "乙", "丙");
    print(100, 124, "1.信访举报投诉类申请");
    row3(135, NULL, "11", "12", "13");
    print(100, 146, "2.重复申请");
    read_doc();
    CHECK(strstr(layout(), "/ 1.信访举报投诉类申请|11") == NULL && strstr(layout(), "/ 2.重复申请|11") == NULL);
}

/* A table's last row label over two lines, its group's label interleaved beside it, the
 * label reaching past where a wide figure of another row begins: the second line goes on
 * with the labels above it, it heads nothing. */
static void last_label_line_beside_its_group(void)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(120, 100, "项目"), print(190, 100, "甲"), print(240, 100, "乙");
    print(120, 124, "3.其他"), print(172, 124, "23131"), print(240, 124, "32");
    print(60, 148, "（五"), print(120, 148, "4.无正当理由"), print(190, 148, "41"), print(240, 148, "42");
    print(60, 160, "）不"), print(120, 160, "大量反复申请");
    read_doc();
    CHECK(strstr(layout(), "4.无正当理由大量反复申请|41|42") != NULL);
}

/* The top of a page going on with a table: the rest of a row label cut by the page
 * break over several narrow lines, then the next row's label lines with its group's label
 * interleaved beside them (lines of several fragments, none a figure) above its figures:
 * all of them the table's, not free text. */
static void label_lines_above_the_first_figures_of_a_page(void)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    row3(700, "项目", "甲", "乙", "丙");
    print(60, 724, "（六"), row3(724, "1.申请人无", "11", "12", "13");
    nb_pagegrid_add_page(&pg, 600, 800);
    /* Lines 16 points apart; the figures halfway between two of the label's lines. */
    const char *rest[] = {"正当理由逾", "期不补正、", "行政机关不", "再处理其政", "府信息公开", "申请"};
    for (int i = 0; i < 6; i++) print(100, 60 + 16.0f * (float)i, rest[i]);
    print(60, 172, "）其"), print(100, 172, "2.申请人逾");
    print(60, 188, "他处"), print(100, 188, "期未按收费");
    print(60, 204, "理"), print(100, 204, "通知要求缴");
    print(100, 220, "纳费用、行"), row3(228, NULL, "21", "22", "23");
    const char *rest2[] = {"政机关不再", "处理其政府", "信息公开申", "请"};
    for (int i = 0; i < 4; i++) print(100, 236 + 16.0f * (float)i, rest2[i]);
    row3(316, "3.其他", "31", "32", "33");
    CHECK_INT(read_doc(), 0);
    CHECK(strstr(layout(), "|1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请|11|12|13 / ") != NULL);
    CHECK(strstr(layout(), "|2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请|21|22|23 / 3.其他|31|32|33") != NULL);
}

/* Two parts of a table on one page, laid out with other column widths (LibreOffice's two
 * tables), the second part's first figure printed against its label: the parts are read
 * each with its own columns from that row on, every cell certain. */
static void second_grid_starting_with_a_figure_against_its_label(void)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(20, 100, "项目"), print(160, 100, "甲"), print(202, 100, "乙"), print(244, 100, "丙");
    print(20, 124, "1.属于国家秘密"), print(150, 124, "110001"), print(192, 124, "110002"), print(234, 124, "110003");
    print(10, 148, "2.其他法律行政法规禁止公开"), print(150, 148, "120001"), print(192, 148, "120002"), print(234, 148, "120003");
    print(65, 172, "4.保护第三方合法权益"), print(166, 172, "140001"), print(202, 172, "140002"), print(244, 172, "140003");
    print(20, 196, "5.属于三类内部事务信息"), print(166, 196, "150001"), print(202, 196, "150002"), print(244, 196, "150003");
    CHECK_INT(read_doc(), 0);
    CHECK(strstr(layout(), "4.保护第三方合法权益|140001|140002|140003 / 5.属于三类内部事务信息|150001|150002|150003") != NULL);
}

/* A figure reaching across two columns of the rows around it ("1200012000012" over 甲's
 * and 乙's figures) is in neither for sure: flagged, not settled into the one its middle
 * falls in. */
static void figure_across_two_columns(void)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(20, 100, "项目"), print(160, 100, "甲"), print(202, 100, "乙"), print(244, 100, "丙");
    print(20, 124, "1.属于国家秘密"), print(150, 124, "110001"), print(192, 124, "110002"), print(234, 124, "110003");
    print(10, 148, "2.其他法律行政法规禁止公开"), print(160, 148, "1200012000012"), print(234, 148, "120003");
    print(20, 172, "3.危及“三安全一稳定”"), print(150, 172, "130001"), print(192, 172, "130002"), print(234, 172, "130003");
    CHECK(read_doc() > 0);
    CHECK(strstr(layout(), "1200012000012?") != NULL);
    CHECK(strstr(layout(), "3.危及“三安全一稳定”|130001|130002|130003") != NULL);
}

/* Table 三's header with two cells run together ("商业企业 科研机构" one text: six cells
 * for the template's seven columns) over rows whose figures leave columns blank: which
 * columns the figures stand in is not known, they are flagged (placed under the six
 * cells one for one, every figure right of the joined cell was a column off). */
static void header_cells_run_together_over_blank_columns(void)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(10, 100, "项目"), print(200, 100, "自然人"), print(240, 100, "商业企业"), print(283, 100, "科研机构");
    print(340, 100, "社会公益组织"), print(410, 100, "法律服务机构"), print(480, 100, "其他"), print(520, 100, "总计");
    print(10, 124, "一、本年新收政府信息公开申请数量"), print(210, 124, "38"), print(255, 124, "85"), print(435, 124, "0");
    print(10, 148, "二、上年结转政府信息公开申请数量"), print(365, 148, "18"), print(435, 148, "0"), print(525, 148, "0");
    read_doc();
    CHECK(strstr(layout(), "|38?|85?|") != NULL);
    CHECK(strstr(layout(), "|18?|0?|") != NULL);
}

/* A figure of the last row pushed alone onto the next page ("251000" over "元": its
 * lines did not fit): it joins its blank cell, flagged; the row's other cells stay. */
static void figure_pushed_onto_the_next_page(void)
{
    /* Pushed alone: "251000" over "元"; text that is no figure ("无此项") stays text. */
    const char *next_page[][2] = {{"251000", "政府集中采购|12|251000元? / 三、"}, {"无此项", "政府集中采购|12| / 无此项"}};
    for (int i = 0; i < 2; i++) {
        start();
        nb_pagegrid_add_page(&pg, 600, 800);
        print(100, 715, "信息内容"), print(250, 715, "采购项目数量"), print(370, 715, "采购总金额");
        print(100, 740, "政府集中采购"), print(270, 740, "3"), print(380, 740, "9000");
        print(100, 760, "政府集中采购"), print(270, 760, "12");
        nb_pagegrid_add_page(&pg, 600, 800);
        print(375, 60, next_page[i][0]);
        if (i == 0) print(385, 74, "元");
        print(100, 110, "三、收到和处理政府信息公开申请情况");
        read_doc();
        CHECK(strstr(layout(), next_page[i][1]) != NULL);
    }
}

/* A row label cut by the page break whose rest is printed against the corner cell of the
 * header repeated on the next page ("一稳定”" and "项目" one text): the rest is the
 * label's, the header is dropped as repeated, the row certain. */
static void label_rest_glued_to_the_repeated_header(void)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    row3(700, "项目", "甲", "乙", "丙");
    row3(730, "2.其他法律行政法规禁止公开", "21", "22", "23");
    row3(760, "3.危及“三安全", "31", "32", "33");
    nb_pagegrid_add_page(&pg, 600, 800);
    row3(60, "一稳定”项目", "甲", "乙", "丙");
    row3(90, "4.保护第三方合法权益", "41", "42", "43");
    CHECK_INT(read_doc(), 0);
    CHECK_STR(layout(), "项目|甲|乙|丙 / 2.其他法律行政法规禁止公开|21|22|23 / 3.危及“三安全一稳定”|31|32|33 / "
                        "4.保护第三方合法权益|41|42|43");
}

/* A part of table 二 of one row whose other figures are blank: one figure under its
 * header cell is a table, not a line of text. */
static void part_of_one_row_with_one_figure(void)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(200, 100, "第二十条第（八）项");
    print(100, 120, "信息内容"), print(250, 120, "本年收费金额（单位：万元）");
    print(100, 140, "行政事业性收费"), print(300, 140, "0.5");
    print(100, 180, "三、收到和处理政府信息公开申请情况");
    read_doc();
    CHECK(strstr(layout(), "信息内容|本年收费金额（单位：万元） / 行政事业性收费|0.5 / 三、") != NULL);
}

/* A table's last row low in the bottom margin is no page number: the header over it stays
 * with it, not moved to the next page as a header left alone. */
static void last_row_in_the_bottom_margin(void)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    print(200, 700, "第二十条第（六）项");
    print(100, 730, "信息内容"), print(220, 730, "上一年项目数量"), print(330, 730, "本年增/减"), print(420, 730, "处理决定数量");
    print(100, 760, "行政处罚"), print(350, 760, "0");
    nb_pagegrid_add_page(&pg, 600, 800);
    print(100, 60, "行政强制"), print(250, 60, "10"), print(350, 60, "17"), print(445, 60, "20");
    read_doc();
    CHECK(strstr(layout(), "处理决定数量 / 行政处罚||0| / 行政强制|10|17|20") != NULL);
}

/* A row label and its group's label both cut by the page break, their rests printed at
 * the next page's top as one text ("理结果" and "（区分处理的…" with a space between):
 * the group's part is left out of the row label, which then spells its template label. */
static void rests_of_two_labels_printed_as_one(void)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    row3(700, "项目", "甲", "乙", "丙");
    row3(730, "（一）予以公开", "11", "12", "13");
    print(30, 760, "三、本年度办"), row3(760, "（二）部分公开", "21", "22", "23");
    nb_pagegrid_add_page(&pg, 600, 800);
    print(30, 60, "理结果（区分处理的，只");
    print(100, 72, "计这一情形，不计"), print(100, 84, "其他情形）");
    row3(110, "1.属于国家秘密", "31", "32", "33");
    read_doc();
    CHECK(strstr(layout(), "（二）部分公开（区分处理的，只计这一情形，不计其他情形）|21|22|23") != NULL);
}

static void hostile_coordinates(void)
{
    start();
    nb_pagegrid_add_page(&pg, 600, 800);
    nb_pg_glyph g = {'1', 0.0f / 0.0f, 0, 1, 1, 0, 10, 0};
    nb_pagegrid_add_glyph(&pg, &g);
    g = (nb_pg_glyph){'1', 1e30f, 0, 1e30f, 1, 0, 10, 0};
    nb_pagegrid_add_glyph(&pg, &g);
    nb_pagegrid_add_segment(&pg, 1.0f / 0.0f, 0, 1, 0);
    nb_pagegrid_add_box(&pg, -1e20f, 0, 1e20f, 1);
    read_doc();
    CHECK_INT(doc.ncells, 0);
}

int main(void)
{
    nb_pagegrid_init(&pg);
    nb_doc_init(&doc);
    ruled_table();
    stacked_header_in_narrow_cells();
    merged_cell_that_is_no_rectangle();
    table_over_two_pages();
    repeated_header_dropped();
    aligned_table();
    aligned_table_column_in_doubt();
    labels_wrapped_around_their_figures();
    template_labels_stacked_with_a_blank_row();
    template_label_cut_by_the_page_break();
    figure_against_its_label();
    header_alone_over_a_figure_with_its_unit();
    label_cut_by_the_page_break_in_padded_rows();
    header_cell_cut_apart();
    figures_of_two_columns_touching();
    table_four_by_its_count();
    table_four_first_cell_a_slash();
    table_four_header_spelled_from_the_template();
    table_four_header_that_spells_no_label();
    group_label_touching_the_row_label();
    group_label_touching_two_row_label_lines();
    header_cells_printed_close();
    group_label_cut_by_the_page_break();
    figure_touching_its_label();
    corner_cell_interleaved_with_the_header();
    group_label_touching_two_row_labels();
    label_rest_over_two_lines_at_the_top();
    justified_prose_keeps_its_figures();
    two_character_header_spread_over_its_cell();
    header_with_a_space_typed_in_it();
    part_of_table_two_left_blank();
    texts_drawn_apart_are_two_cells();
    header_cells_beside_their_figures();
    figure_wrapped_over_two_lines();
    figure_wrapped_in_a_cut_row();
    first_columns_blank_in_a_table_without_labels();
    row_broken_between_its_label_and_figures();
    figure_pushed_onto_the_next_page();
    label_rest_glued_to_the_repeated_header();
    figures_a_line_above_their_label();
    last_label_line_beside_its_group();
    label_lines_above_the_first_figures_of_a_page();
    second_grid_starting_with_a_figure_against_its_label();
    figure_across_two_columns();
    header_cells_run_together_over_blank_columns();
    part_of_one_row_with_one_figure();
    last_row_in_the_bottom_margin();
    rests_of_two_labels_printed_as_one();
    hostile_coordinates();
    nb_pagegrid_free(&pg);
    nb_doc_free(&doc);
    nb_buf_free(&warnings);
    return check_done();
}
