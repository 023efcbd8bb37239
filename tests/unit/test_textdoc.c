/* textdoc: plain-text copies of report pages as cells and rows. */
#include "check.h"
#include "pipeline/read/textdoc.h"

static nb_doc doc;

static void parse(const char *text)
{
    nb_doc_free(&doc);
    nb_doc_init(&doc);
    nb_textdoc_parse(text, strlen(text), &doc);
}

/* The cells as "a|b|c" per row, rows separated by " / ". */
static const char *layout(void)
{
    static char out[4096];
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < doc.ncells && o + doc.cells[i].len + 4 < sizeof out; i++) {
        if (i) o += (size_t)snprintf(out + o, sizeof out - o, "%s", doc.cells[i].row == doc.cells[i - 1].row ? "|" : " / ");
        o += (size_t)snprintf(out + o, sizeof out - o, "%s", doc.cells[i].text);
    }
    return out;
}

/* A browser's copy: one cell per paragraph; a paragraph of two lines is one wrapped
 * label; indentation goes. */
static void paragraph_mode(void)
{
    parse("  规章\n\n  0\n\n  本年新\n制作数量\n\n  (三) 不予公开\n\n  0 \n\n");
    CHECK_STR(layout(), "规章 / 0 / 本年新 制作数量 / (三) 不予公开 / 0");
    /* A long run of lines without blank lines between is a list, one cell per line. */
    parse("a\n\nb\n\nc\n\nd\n\n头部\n底部\n首页\n政务公开\n\ne\n\n");
    CHECK_STR(layout(), "a / b / c / d / 头部 / 底部 / 首页 / 政务公开 / e");
}

static void line_mode(void)
{
    /* One cell per line: an empty line is an empty cell, so a lone figure after blank
     * cells stays in its column (issue 12), the seventh here, not the first. */
    parse("规章\n0\n0\n0\n规范性文件\r\n12\r\n\n3\n");
    CHECK_STR(layout(), "规章 / 0 / 0 / 0 / 规范性文件 / 12 /  / 3");
    CHECK_INT(doc.cells[doc.ncells - 1].row - doc.cells[0].row, 7);
    parse("四、结转下年度继续办理\n\n\n\n\n\n\n7\n（七）总计\n");
    CHECK_STR(layout(), "四、结转下年度继续办理 /  /  /  /  /  /  / 7 / （七）总计");
    /* A long run of empty lines is only space. */
    parse("规章\n\n\n\n\n\n\n\n\n\n\n\n\n\n0\n");
    CHECK_STR(layout(), "规章 / 0");
}

/* A browser's copy with a cell per paragraph: an empty cell is an empty paragraph, three
 * blank lines where cells are one apart; an even run cannot be read so and is marked. */
static void paragraph_blank_cells(void)
{
    parse("四、结转下年度继续办理\n\n1\n\n\n\n2\n\n3\n\n规章\n\n0\n\n");
    CHECK_STR(layout(), "四、结转下年度继续办理 / 1 /  / 2 / 3 / 规章 / 0");
    CHECK_INT(doc.cells[2].marks, 0);
    parse("四、结转下年度继续办理\n\n1\n\n\n\n\n2\n\n3\n\n规章\n\n0\n\n");
    CHECK_STR(layout(), "四、结转下年度继续办理 / 1 /  / 2 / 3 / 规章 / 0");
    CHECK_INT(doc.cells[2].marks, NB_MARK_UNCERTAIN);
}

/* A header printed a character per line in narrow columns, the columns interleaved on
 * each line: read as one row, each column top to bottom. */
static void stacked_header(void)
{
    parse("行政复议\n结  结  其  尚\n果  果  他  未\n维  纠  结  审\n持  正  果  结\n1 2 3 4\n");
    CHECK_STR(layout(), "行政复议 / 结果维持|结果纠正|其他结果|尚未审结 / 1|2|3|4");
    /* Placeholders are figures, not characters of a header. */
    parse("规章 无\n规范性文件 无\n");
    CHECK_STR(layout(), "规章|无 / 规范性文件|无");
}

/* Runs of spaces cannot show a blank cell, but the columns of a PDF's text can: a row
 * with fewer figures than the rows around it puts each under the figure it stands
 * under; one that stands under none is marked, not read from the left. */
static void figures_under_their_columns(void)
{
    parse("一、本年新收    1    2    3    4    5    6    21\n"
          "四、结转下年度继续办理" "                         7\n" /* under 21 */
          "二、上年结转    1    2    3    4    5    6    21\n");
    CHECK_STR(layout(), "一、本年新收|1|2|3|4|5|6|21 / 四、结转下年度继续办理|||||||7 / 二、上年结转|1|2|3|4|5|6|21");
    CHECK_INT(doc.cells[15].marks, 0);
    parse("一、本年新收    1    2    3\n"
          "四、结转下年度继续办理      7\n");
    CHECK_STR(layout(), "一、本年新收|1|2|3 / 四、结转下年度继续办理|7");
    CHECK_INT(doc.cells[5].marks, NB_MARK_UNCERTAIN);
}

static void tabs(void)
{
    parse("信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n规范性文件\t\t5\t6\n");
    /* A blank cell between two tabs stays a (blank) cell: the figures keep their columns. */
    CHECK_STR(layout(), "信息内容|本年新制作数量|本年新公开数量|对外公开总数量 / 规章|0|0|0 / 规范性文件||5|6");
    CHECK(nb_doc_same_row(&doc, 4, 7));
    CHECK(!nb_doc_same_row(&doc, 3, 4));
    CHECK_INT(doc.cells[9].len, 0);
    /* A browser's copy of rows under a group label starts with a tab; trailing tabs too. */
    parse("\t2.重复申请\t0\t\t\n\t\t\n3.其他\t\t\t1\n");
    CHECK_STR(layout(), "2.重复申请|0 / 3.其他|||1");
}

static void markdown(void)
{
    parse("| 信息内容 | 上一年项目数量 | 本年增/减 |\n|---|:---:|---|\n| 行政事业性收费 | 35 | -18 |\n");
    CHECK_STR(layout(), "信息内容|上一年项目数量|本年增/减 / 行政事业性收费|35|-18");
    parse("| 规范性文件 |  | 5 |   |\n|\n");
    CHECK_STR(layout(), "规范性文件||5");
    parse("+------+----+\n| 规章 | 0 |\n+======+====+\n");
    CHECK_STR(layout(), "规章|0");
    /* "---" alone is a placeholder cell, a long line of dashes a separator. */
    parse("规章\n---\n0\n----------\n=====\n--\n");
    CHECK_STR(layout(), "规章 / --- / 0 / --");
}

/* A PDF's text: cells separated by runs of spaces (ASCII or U+3000); single spaces stay
 * inside a cell. */
static void multi_space(void)
{
    parse("（一）予以公开    7   0  0\n1.属于国家秘密\xE3\x80\x80" "3\n政府 集中采购  13  约36万元\n");
    CHECK_STR(layout(), "（一）予以公开|7|0|0 / 1.属于国家秘密|3 / 政府 集中采购|13|约36万元");
    /* Between spaces a blank cell cannot be told from the gap. */
    parse("规章    5        6\n");
    CHECK_STR(layout(), "规章|5|6");
}

/* Numbers at the end of a cell, separated by single spaces, are cells of their own;
 * numbers written together never split; labels with spaces in them stay whole. */
static void trailing_numbers(void)
{
    parse("规章 0 0 0\n行政处罚 2648 -18 538\n采购 13 约36万元\n收费 / —\n");
    CHECK_STR(layout(), "规章|0|0|0 / 行政处罚|2648|-18|538 / 采购|13|约36万元 / 收费|/|—");
    parse("行政处罚2648-18538\n2648-18538\n规范性文件898989\n（三） 不予公开\n二、 主动公开 2019年\n");
    CHECK_STR(layout(), "行政处罚2648-18538 / 2648-18538 / 规范性文件898989 / （三） 不予公开 / 二、 主动公开 2019年");
    parse("0 0 0\n");
    CHECK_STR(layout(), "0|0|0");
}

/* Page furniture of a printed page is dropped; lone numbers and negatives are not. */
static void page_furniture(void)
{
    parse("（四）无\n-4-\n法提供\n- 12 -\n第 5 页\n第5页\n－３－\n4\n-4\n第一页\n");
    CHECK_STR(layout(), "（四）无 / 法提供 / 4 / -4 / 第一页");
}

static void empty_and_blank(void)
{
    parse("");
    CHECK_INT(doc.ncells, 0);
    parse("\n\n   \n\t\n");
    CHECK_INT(doc.ncells, 0);
    parse("no newline at end");
    CHECK_STR(layout(), "no newline at end");
}

int main(void)
{
    nb_doc_init(&doc);
    paragraph_mode();
    line_mode();
    paragraph_blank_cells();
    stacked_header();
    figures_under_their_columns();
    tabs();
    markdown();
    multi_space();
    trailing_numbers();
    page_furniture();
    empty_and_blank();
    nb_doc_free(&doc);
    return check_done();
}
