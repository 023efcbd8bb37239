/* pglabels: label fragments grouped by the template labels they spell. */
#include "check.h"
#include "pipeline/read/files/pglabels.h"

enum { MAXF = 64 };
static nb_pgl_frag f[MAXF];
static int nf, cell_of[MAXF];
static nb_pgl_cell cells[MAXF];

/* A fragment on line `line` (baselines 12 points apart), from x, 10 points a character. */
static void frag(int line, float x, const char *text, int chars)
{
    f[nf++] = (nb_pgl_frag){text, x, x + 10.0f * (float)chars, 100.0f + 12.0f * (float)line, 10.0f, line};
}

static int group(void)
{
    return nb_pglabels_group(f, nf, cell_of, cells);
}

static void stacked_and_interleaved(void)
{
    /* A narrow row-label column a character or two per line, the group's label beside it
     * on the same lines: each is one cell, in spite of the interleaving. */
    nf = 0;
    frag(0, 50, "（三）", 3), frag(0, 100, "1.属", 2);
    frag(1, 50, "不予", 2), frag(1, 100, "于国", 2);
    frag(2, 55, "公开", 2), frag(2, 100, "家秘", 2);
    frag(3, 105, "密", 1);
    frag(4, 100, "2.其", 2);
    frag(5, 100, "他法", 2);
    frag(6, 100, "律行", 2), frag(7, 100, "政法", 2), frag(8, 100, "规禁", 2), frag(9, 100, "止公", 2);
    frag(10, 105, "开", 1);
    CHECK_INT(group(), 3);
    CHECK_INT(cells[0].role, NB_PGL_OTHER);          /* （三）不予公开 */
    CHECK_INT(cells[1].role, NB_PGL_ROW);            /* 1.属于国家秘密 */
    CHECK_INT(cells[1].ncols, 7);
    CHECK_INT(cells[1].nfrags, 4);
    CHECK(cells[1].first == 100.0f && cells[1].last == 136.0f);
    CHECK_INT(cells[2].nfrags, 7);                   /* 2.其他法律行政法规禁止公开 */
    CHECK_INT(cells[2].cut, 0);
    for (int k = 0; k < nf; k++) CHECK(cell_of[k] >= 0);
    CHECK_INT(cell_of[2], 0);
    CHECK_INT(cell_of[4], 0);
    CHECK_INT(cell_of[3], 1);
    CHECK_INT(cell_of[6], 1);
}

static void cut_by_the_page_break(void)
{
    /* The last label's beginning, at the bottom: a cut cell of its row. */
    nf = 0;
    frag(0, 100, "1.属于国家秘密", 7);
    frag(1, 100, "2.其他法律行", 6);
    CHECK_INT(group(), 2);
    CHECK_INT(cells[1].cut, 1);
    CHECK_INT(cells[1].role, NB_PGL_ROW);
    /* Not at the bottom: text that is no label is left out. */
    nf = 0;
    frag(0, 100, "2.其他法律行", 6);
    frag(1, 100, "1.属于国家秘密", 7);
    CHECK_INT(group(), 1);
    CHECK_INT(cell_of[0], -1);
}

static void cut_beside_a_group_going_on_lower(void)
{
    /* The last row label cut by the page break while its group's label, beside it, goes
     * on a line lower ("（六）其他处理" printed a few characters a line): still cut. */
    nf = 0;
    frag(0, 100, "5.要求行政机关确认或重新出具已获取信息", 19);
    frag(1, 50, "（六）", 3), frag(1, 100, "1.申请人无正当理", 8);
    frag(2, 50, "其他处", 3), frag(2, 100, "由逾期不补正、行", 8);
    frag(3, 55, "理", 1);
    CHECK_INT(group(), 3);
    CHECK_INT(cells[2].role, NB_PGL_ROW);
    CHECK_INT(cells[2].cut, 1);
    CHECK_INT(cells[2].nfrags, 2);
}

static void text_that_is_no_label(void)
{
    nf = 0;
    frag(0, 100, "规章", 2);
    frag(1, 100, "其他主动公开文件", 8); /* a row some reports add (R11) */
    frag(2, 100, "行政许可", 4);
    CHECK_INT(group(), 2);
    CHECK_INT(cell_of[1], -1);
    CHECK_INT(cells[0].ncols, 3);
    CHECK_INT(cells[1].ncols, 0); /* 3 figures in 2019, 1 in 2021 */
}

static void row_or_group(void)
{
    /* （六）其他处理: a row of 2019, a group of 2021. */
    nf = 0;
    frag(0, 50, "（六）其他", 5), frag(1, 60, "处理", 2);
    CHECK_INT(group(), 1);
    CHECK_INT(cells[0].role, NB_PGL_ROW | NB_PGL_OTHER);
    /* A label continued on its own line right after a piece split off it. */
    nf = 0;
    frag(0, 40, "二、上年结转政府信", 9);
    frag(1, 50, "息", 1), frag(1, 60, "公开申请数量", 6);
    CHECK_INT(group(), 1);
    CHECK_INT(cells[0].nfrags, 3);
}

static void rest_of_a_group_cut_by_the_page_break(void)
{
    /* The top of a page: the rest of a row label cut by the page break ("信息", in the
     * row labels' column) stays out; the rest of the group's label beside the next rows
     * ("法提" / "供" of （四）无法提供) is one cell, a group's. */
    nf = 0;
    frag(0, 110, "信息", 2);
    frag(2, 100, "2.没有现成", 5);
    frag(3, 80, "法提", 2), frag(3, 100, "信息需要另", 5);
    frag(4, 85, "供", 1), frag(4, 100, "行制作", 3);
    CHECK_INT(group(), 2);
    CHECK_INT(cell_of[0], -1);
    CHECK_INT(cell_of[1], 0);
    CHECK_INT(cells[1].role, NB_PGL_OTHER);
    CHECK_INT(cells[1].nfrags, 2);
    CHECK_INT(cell_of[2], 1);
    CHECK_INT(cell_of[4], 1);
    /* A row label spanning both columns further down (四、结转下年度继续办理) does not
     * make the group's column the row labels'. */
    nf = 0;
    frag(0, 110, "信息", 2);
    frag(2, 100, "2.没有现成", 5);
    frag(3, 80, "法提", 2), frag(3, 100, "信息需要另", 5);
    frag(4, 85, "供", 1), frag(4, 100, "行制作", 3);
    frag(6, 60, "四、结转下年度继续办理", 11);
    group();
    CHECK(cell_of[2] >= 0 && cell_of[2] == cell_of[4]);
    CHECK_INT(cell_of[2] >= 0 ? cells[cell_of[2]].role : -1, NB_PGL_OTHER);
    /* Not at the top of its column: left out. */
    nf = 0;
    frag(0, 80, "（五）", 3), frag(0, 100, "2.没有现成", 5);
    frag(1, 80, "法提", 2), frag(1, 100, "信息需要另", 5);
    frag(2, 85, "供", 1), frag(2, 100, "行制作", 3);
    group();
    CHECK_INT(cell_of[2], -1);
    /* One character left for the next page: "供" ends （四）无法提供 alone, a group's
     * rest; "理" ends several groups' labels (（五）不予处理, （六）其他处理): left out. */
    nf = 0;
    frag(0, 85, "供", 1), frag(0, 100, "3.补正后申请", 6);
    frag(1, 100, "内容仍不明确", 6);
    group();
    CHECK_INT(cell_of[0] >= 0 ? cells[cell_of[0]].role : -1, NB_PGL_OTHER);
    nf = 0;
    frag(0, 85, "理", 1), frag(0, 100, "3.补正后申请", 6);
    frag(1, 100, "内容仍不明确", 6);
    group();
    CHECK_INT(cell_of[0], -1);
    /* ... unless only one of those groups stands over the rows beside it: "理" between
     * 3.要求提供公开出版物 and 5.要求行政机关确认… ends （五）不予处理 (（六）其他处理's rows
     * are 2021's 1.申请人无正当理由…), even a few lines down the rows. */
    nf = 0;
    frag(0, 100, "3.要求提供", 5), frag(1, 100, "公开出版物", 5);
    frag(3, 100, "4.无正当理", 5), frag(4, 100, "由大量反复", 5), frag(5, 110, "申请", 2);
    frag(6, 85, "理", 1);
    frag(7, 100, "5.要求行政", 5), frag(8, 100, "机关确认或", 5), frag(9, 100, "重新出具已", 5), frag(10, 100, "获取信息", 4);
    frag(12, 60, "（六）其他处理", 7);
    group();
    CHECK_INT(cell_of[5] >= 0 ? cells[cell_of[5]].role : -1, NB_PGL_OTHER);
    CHECK_INT(cell_of[5] >= 0 ? cells[cell_of[5]].nfrags : -1, 1);
    /* Below those rows it is beside none of them: left out. */
    nf = 0;
    frag(0, 100, "3.要求提供", 5), frag(1, 100, "公开出版物", 5);
    frag(5, 85, "理", 1);
    frag(6, 100, "（七）总计", 5);
    group();
    CHECK_INT(cell_of[2], -1);
}

static void group_cut_after_one_character(void)
{
    /* "（" of （四）无法提供 at the bottom, beside the cut 1.本机关: a group's beginning,
     * cut. Without a row label to its right it could begin a row's label: left out. */
    nf = 0;
    frag(0, 100, "8.属于行政查询事项", 9);
    frag(2, 80, "（", 1), frag(2, 100, "1.本机关", 5);
    CHECK_INT(group(), 3);
    CHECK_INT(cell_of[1] >= 0 ? cells[cell_of[1]].role : -1, NB_PGL_OTHER);
    CHECK_INT(cell_of[1] >= 0 ? cells[cell_of[1]].cut : -1, 1);
    CHECK_INT(cells[cell_of[2]].cut, 1);
    nf = 0;
    frag(0, 100, "8.属于行政查询事项", 9);
    frag(2, 80, "（", 1);
    group();
    CHECK_INT(cell_of[1], -1);
}

int main(void)
{
    stacked_and_interleaved();
    cut_by_the_page_break();
    cut_beside_a_group_going_on_lower();
    text_that_is_no_label();
    row_or_group();
    rest_of_a_group_cut_by_the_page_break();
    group_cut_after_one_character();
    return check_done();
}
