/* match: template detection and values read after labels, on pages given as cells. */
#include "check.h"
#include "pipeline/read/match.h"

static nb_doc doc;

/* Builds the doc from rows separated by '\n', cells by '|' (an empty cell is a blank
 * table cell); rows of one cell are like paragraphs of a flattened page. */
static void make_doc(const char *spec)
{
    nb_doc_free(&doc);
    nb_doc_init(&doc);
    const char *p = spec;
    while (*p) {
        size_t line = strcspn(p, "\n");
        nb_doc_new_row(&doc);
        int col = 0;
        for (size_t i = 0; i <= line;) {
            size_t n = strcspn(p + i, "|\n");
            if (i + n > line) n = line - i;
            nb_doc_add_cell(&doc, p + i, n, col++, 1, 1, 0, 1);
            i += n + 1;
        }
        p += line + (p[line] == '\n');
    }
}

static nb_report report;
static nb_buf warnings = NB_BUF_INIT;

static void read_as(const nb_template *t)
{
    nb_report_free(&report);
    nb_buf_clear(&warnings);
    nb_match_read(&doc, t, &report, &warnings);
}

/* The cell's value, "(blank)" / "(text)" / "(placeholder)", or "(not found)". */
static const char *val(nb_table_id t, const char *row, const char *col)
{
    const nb_value *v = nb_report_find(&report, t, row, col);
    if (!v) return "(no such cell)";
    if (!v->found) return "(not found)";
    switch (v->num.kind) {
    case NB_CELL_BLANK: return "(blank)";
    case NB_CELL_PLACEHOLDER: return "(placeholder)";
    case NB_CELL_TEXT: return "(text)";
    default: return v->num.value;
    }
}

/* ---- detection ---- */

static void detect_by_distinctive_labels(void)
{
    /* 2019: 本年新制作数量, 其他对外管理服务事项, 政府集中采购 exist only there. */
    make_doc("信息内容|本年新<br>制作数量|本年新公开数量|对外公开总数量\n规章|0|0|0\n其他对外管理服务事项|0|0|0\n政府集中采购|1|2");
    CHECK(nb_match_detect(&doc, 2022) == &nb_template_2019); /* R8: a 2022 report on the 2019 form */
    /* 2021: 本年制发件数, 本年废止件数, 现行有效件数, 本年收费金额（单位：万元）. */
    make_doc("信息内容|本年制发件数|本年废止件数|现行有效件数\n规章|0|0|0\n行政事业性收费|本年收费金额（单位：万元）");
    CHECK(nb_match_detect(&doc, 2019) == &nb_template_2021);
    /* A 2021 page prints （六）其他处理 as a group label (a 2019 row label), but its own
     * distinctive labels outnumber it. */
    make_doc("（六）其他处理|1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请|0\n"
             "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请|0\n3.其他|0");
    CHECK(nb_match_detect(&doc, 0) == &nb_template_2021);
}

static void detect_by_year_when_labels_are_shared(void)
{
    /* Table 三 and 四 labels are the same in both formats. */
    make_doc("一、本年新收政府信息公开申请数量|0\n（七）总计|0\n行政复议|行政诉讼");
    CHECK(nb_match_detect(&doc, 2020) == &nb_template_2019);
    CHECK(nb_match_detect(&doc, 2021) == &nb_template_2021);
    CHECK(nb_match_detect(&doc, 2024) == &nb_template_2021);
    CHECK(nb_match_detect(&doc, 0) == &nb_template_2019);
    /* One distinctive label of each: a tie, settled by the year. */
    make_doc("本年新制作数量\n本年制发件数");
    CHECK(nb_match_detect(&doc, 2019) == &nb_template_2019);
    CHECK(nb_match_detect(&doc, 2023) == &nb_template_2021);
}

static void detect_nothing_without_labels(void)
{
    make_doc("首页|政务公开\n平东镇2019年政府信息公开工作年度报告\n一、总体情况\n2019年，我镇……");
    CHECK(nb_match_detect(&doc, 2019) == NULL);
    make_doc("");
    CHECK(nb_match_detect(&doc, 2019) == NULL);
}

/* ---- reading ---- */

/* Labels that are also column names must carry their item number: the 总计 column is not
 * （七）总计, the 其他 column is not 3.其他. */
static void strict_labels(void)
{
    make_doc("自然人|法人或其他组织|总计\n商业企业|科研机构|社会公益组织|法律服务机构|其他\n"
             "（六）其他处理|1|2|3|4|5|6|21\n总计|8|8|8|8|8|8|48\n（七）总计|9|9|9|9|9|9|54\n"
             "四、结转下年度继续办理|0|0|0|0|0|0|0");
    read_as(&nb_template_2019);
    CHECK_STR(val(NB_T3, "res_other", "natural_person"), "1");
    CHECK_STR(val(NB_T3, "res_total", "natural_person"), "9");
    CHECK_STR(val(NB_T3, "res_total", "total"), "54");
    CHECK_STR(val(NB_T3, "carry_forward", "total"), "0");

    make_doc("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请|1|1|1|1|1|1|6\n"
             "其他|5|5|5|5|5|5|30\n3、其他|6|6|6|6|6|6|36\n（七）合计|7|7|7|7|7|7|42");
    read_as(&nb_template_2021);
    CHECK_STR(val(NB_T3, "res_other_no_fee", "legal_other"), "1");
    CHECK_STR(val(NB_T3, "res_other_other", "natural_person"), "6");
    CHECK_STR(val(NB_T3, "res_total", "total"), "42"); /* the variant （七）合计 */
}

/* A menu above the report listing 行政许可/行政处罚 with counts is not read: reading
 * starts at table 二's first marker. */
static void menu_above_the_report(void)
{
    make_doc("行政许可|125\n行政处罚|36\n二、主动公开政府信息情况\n第二十条第（五）项\n"
             "信息内容|上一年项目数量|本年增/减|处理决定数量\n行政许可|1|2|3\n其他对外管理服务事项|4|5|6");
    read_as(&nb_template_2019);
    CHECK_STR(val(NB_T2, "art20_5.licensing", "prev_items"), "1");
    CHECK_STR(val(NB_T2, "art20_5.licensing", "decisions"), "3");
    CHECK_STR(val(NB_T2, "art20_6.penalty", "prev_items"), "(not found)");
}

/* Flattened: values are the cells after the label up to the next label; a label left
 * without figures is passed over; grid positions play no part. */
static void flattened_rows(void)
{
    make_doc("第二十条第（一）项\n规章\n0\n0\n规范性文件\n1\n2\n3\n第二十条第（五）项\n行政许可\n7\n-18\n１２\n"
             "其他对外管理服务事项\n第二十条第（六）项\n行政处罚\n4\n5\n6");
    read_as(&nb_template_2019);
    CHECK_STR(val(NB_T2, "art20_1.regulations", "made_new"), "0");
    CHECK_STR(val(NB_T2, "art20_1.regulations", "published_new"), "0");
    CHECK_STR(val(NB_T2, "art20_1.regulations", "total_public"), "(not found)");
    CHECK_STR(val(NB_T2, "art20_1.normative_docs", "total_public"), "3");
    CHECK_STR(val(NB_T2, "art20_5.licensing", "prev_items"), "7");
    CHECK_STR(val(NB_T2, "art20_5.licensing", "items_delta"), "-18");
    CHECK_STR(val(NB_T2, "art20_5.licensing", "decisions"), "12");
    /* Figures left blank in a flattened table leave two labels next to each other. */
    CHECK_STR(val(NB_T2, "art20_5.other_mgmt_services", "prev_items"), "(not found)");
    CHECK_STR(val(NB_T2, "art20_6.penalty", "prev_items"), "4");
    CHECK_STR(val(NB_T2, "art20_6.penalty", "decisions"), "6");
}

/* Table rows: blanks and placeholders are figures of the row; extra cells are warned. */
static void table_rows(void)
{
    make_doc("第二十条第（一）项\n规章||/|—\n规范性文件|1|2|3|4\n");
    read_as(&nb_template_2019);
    CHECK_STR(val(NB_T2, "art20_1.regulations", "made_new"), "(blank)");
    CHECK_STR(val(NB_T2, "art20_1.regulations", "published_new"), "(placeholder)");
    CHECK_STR(val(NB_T2, "art20_1.regulations", "total_public"), "(placeholder)");
    CHECK_STR(val(NB_T2, "art20_1.normative_docs", "total_public"), "3");
    CHECK(strstr(nb_buf_str(&warnings), "规范性文件: 4 cells after the label, the template has 3") != NULL);
}

/* Unreadable cells are kept whole, never split into figures. */
static void unreadable_kept_whole(void)
{
    make_doc("第二十条第（六）项\n行政处罚\n2648-18538\n行政强制\n126\n0\n25");
    read_as(&nb_template_2019);
    CHECK_STR(val(NB_T2, "art20_6.penalty", "prev_items"), "(text)");
    CHECK_STR(nb_report_find(&report, NB_T2, "art20_6.penalty", "prev_items")->raw, "2648-18538");
    CHECK_STR(val(NB_T2, "art20_6.penalty", "items_delta"), "(not found)");
    CHECK_STR(val(NB_T2, "art20_6.coercion", "prev_items"), "126");
    CHECK_STR(val(NB_T2, "art20_6.coercion", "decisions"), "25");
}

/* Prose is never a figure, neither after a row label nor as table 四. */
static void prose_is_no_figure(void)
{
    make_doc("（七）总计\n2019年共办理申请5件，均已按时答复。\n四、政府信息公开行政复议、行政诉讼情况\n"
             "2019年，本机关未发生政府信息公开行政复议、行政诉讼案件。\n五、存在的主要问题及改进情况\n"
             "一是公开内容不够全面，二是2020年将加强培训。\n主办：某某县人民政府 电话：0660-1234567");
    read_as(&nb_template_2019);
    CHECK_STR(val(NB_T3, "res_total", "natural_person"), "(not found)");
    CHECK_STR(val(NB_T4, "review", "upheld"), "(not found)");
    CHECK(!report.tables_found[NB_T4]);
}

/* Table 四: the figures after its header fill review, suit_direct, suit_after_review;
 * a sentence right under the heading is passed over. */
static void table_four_run(void)
{
    make_doc("四、政府信息公开行政复议、行政诉讼情况\n具体情况见下表。\n行政复议|行政诉讼\n"
             "结果维持|结果纠正|其他结果|尚未审结|总计|未经复议直接起诉|复议后起诉\n"
             "结果维持|结果纠正|其他结果|尚未审结|总计|结果维持|结果纠正|其他结果|尚未审结|总计\n"
             "1|2|3|4|10|5|0|0|0|5||/|0|0|0");
    read_as(&nb_template_2021);
    CHECK_STR(val(NB_T4, "review", "upheld"), "1");
    CHECK_STR(val(NB_T4, "review", "total"), "10");
    CHECK_STR(val(NB_T4, "suit_direct", "upheld"), "5");
    CHECK_STR(val(NB_T4, "suit_after_review", "upheld"), "(blank)");
    CHECK_STR(val(NB_T4, "suit_after_review", "corrected"), "(placeholder)");
    CHECK_STR(val(NB_T4, "suit_after_review", "total"), "0");
    CHECK(report.tables_found[NB_T4]);
    CHECK(!report.tables_found[NB_T2]);
    CHECK(!(nb_report_find(&report, NB_T4, "review", "upheld")->marks & NB_MARK_UNCERTAIN));
}

/* A row of table 四's figures one short (a column blank all the way, with no header over
 * it on its page): which figure belongs where is not known, so every one is flagged. */
static void table_four_row_short_of_a_column(void)
{
    const char *head = "四、政府信息公开行政复议、行政诉讼情况\n行政复议|行政诉讼\n"
                       "结果维持|结果纠正|其他结果|尚未审结|总计|结果维持|结果纠正|其他结果|尚未审结|总计\n";
    char spec[1024];
    snprintf(spec, sizeof spec, "%s12|8|1|8|0|0|/||||||/|", head);
    make_doc(spec);
    read_as(&nb_template_2021);
    CHECK_STR(val(NB_T4, "review", "upheld"), "12");
    CHECK(nb_report_find(&report, NB_T4, "review", "upheld")->marks & NB_MARK_UNCERTAIN);
    CHECK(nb_report_find(&report, NB_T4, "suit_after_review", "pending")->marks & NB_MARK_UNCERTAIN);
    CHECK(strstr(warnings.data, "14 figures for 15 columns") != NULL);
    /* Flattened, a figure a line: the lines say nothing of columns. */
    snprintf(spec, sizeof spec, "%s12\n8\n1\n8\n0\n0\n/", head);
    make_doc(spec);
    read_as(&nb_template_2021);
    CHECK_STR(val(NB_T4, "review", "upheld"), "12");
    CHECK(!(nb_report_find(&report, NB_T4, "review", "upheld")->marks & NB_MARK_UNCERTAIN));
}

/* A row whose cells hold another row's label (a cut label's rest printed beside the
 * next row's label: two rows' texts as one row) is read, every figure flagged: whose
 * figures they are is not known. */
static void two_rows_in_one(void)
{
    make_doc("三、本年度办理结果|（三）不予公开|部分公开（区分处理的，只计这一情形，不计其他情形）|1.属于国家秘密|0||0|6245|0|83|");
    read_as(&nb_template_2021);
    const nb_value *v = nb_report_find(&report, NB_T3, "res_partial", "legal_commercial");
    CHECK(v && v->found && (v->marks & NB_MARK_UNCERTAIN));
    v = nb_report_find(&report, NB_T3, "res_partial", "legal_other");
    CHECK(v && v->found && (v->marks & NB_MARK_UNCERTAIN));
    CHECK(strstr(warnings.data, "another row's label among its cells") != NULL);
}

/* A label cut by a line break (a PDF's text) still names its row: the first piece with
 * the figures, or alone with the rest of the label in the cells before the figures. */
static void cut_labels(void)
{
    make_doc("（六）其他处理|1.申请人无正当理由逾期不补正、行政机关|1|1|1|1|1|1|6\n不再处理其政府信息公开申请\n"
             "2.申请人逾期未按收费\n通知要求缴纳费用、行政机关不再处理其政\n府信息公开申请|2|2|2|2|2|2|12\n3.其他|3|3|3|3|3|3|18");
    read_as(&nb_template_2021);
    CHECK_STR(val(NB_T3, "res_other_no_correction", "total"), "6");
    CHECK_STR(val(NB_T3, "res_other_no_fee", "natural_person"), "2");
    CHECK_STR(val(NB_T3, "res_other_no_fee", "total"), "12");
    CHECK_STR(val(NB_T3, "res_other_other", "total"), "18");
    /* Too short to mean anything, or with another item number: not the row. */
    make_doc("2.申请人逾|5|5|5|5|5|5|30\n1.申请人逾期未按收费通知要求|7|7|7|7|7|7|42\n本年新收|8|8|8|8|8|8|48");
    read_as(&nb_template_2021);
    CHECK_STR(val(NB_T3, "res_other_no_fee", "total"), "(not found)");
    CHECK_STR(val(NB_T3, "new_received", "total"), "(not found)");
    /* A cut label whose rest does not follow still reads its figures. */
    make_doc("一、本年新收政府信息\n9\n9\n9\n9\n9\n9\n54");
    read_as(&nb_template_2019);
    CHECK_STR(val(NB_T3, "new_received", "total"), "54");
}

static void template_labels(void)
{
    make_doc("（七）总计|本年新<br>制作数量|其他|二、主动公开政府信息情况|平东镇|2019");
    CHECK(nb_match_is_template_label(&doc.cells[0]));
    CHECK(nb_match_is_template_label(&doc.cells[2]));
    CHECK(nb_match_is_template_label(&doc.cells[3]));
    CHECK(!nb_match_is_template_label(&doc.cells[4]));
    CHECK(!nb_match_is_template_label(&doc.cells[5]));
}

/* ---- labels read by OCR ---- */

/* The doc as OCR gives it: every cell flagged, as imagedoc.h does. */
static void as_ocr(void)
{
    for (size_t i = 0; i < doc.ncells; i++) doc.cells[i].marks = NB_MARK_OCR;
    doc.ocr_cells = doc.ncells;
}

static void ocr_labels_are_snapped_to_the_templates(void)
{
    /* 属于 read as 居于, 不予 as 不子, 数量 as 致量: each one character off. */
    const char *page = "申请人情况\n二、上年结转政府信息公开申请致量|1|0|0|0|0|0|1\n"
                       "（三）不子公开|1.居于国家秘密|3|0|0|0|0|0|3";
    make_doc(page);
    nb_match_snap_labels(&doc); /* not OCR'd: left alone */
    read_as(&nb_template_2019);
    CHECK_STR(val(NB_T3, "res_denied_state_secret", "natural_person"), "(not found)");
    make_doc(page);
    as_ocr();
    nb_match_snap_labels(&doc);
    CHECK_STR(doc.cells[9].text, "（三）不子公开"); /* the text stays as read */
    CHECK_STR(doc.cells[9].key.core, "不予公开");
    read_as(&nb_template_2019);
    CHECK_STR(val(NB_T3, "res_denied_state_secret", "natural_person"), "3");
    CHECK_STR(val(NB_T3, "res_denied_state_secret", "total"), "3");
    CHECK_STR(val(NB_T3, "carried_over", "natural_person"), "1");
    CHECK_INT(nb_report_find(&report, NB_T3, "carried_over", "total")->marks, NB_MARK_OCR);
}

static void ocr_labels_that_could_be_two_are_not_snapped(void)
{
    /* 行政处制 is one character from 行政处罚 and from 行政强制: neither. Two characters
     * off a four-character label is too far. Figures are never compared with labels. */
    make_doc("行政处制|5|0|5\n行政强罚|6|0|6\n行攻处问|7|0|7\n1011|1|2|3");
    as_ocr();
    nb_match_snap_labels(&doc);
    CHECK_STR(doc.cells[0].key.core, "行政处制");
    CHECK_STR(doc.cells[4].key.core, "行政强罚");
    CHECK_STR(doc.cells[8].key.core, "行攻处问");
    CHECK_STR(doc.cells[12].key.core, "1011");
    /* One off, the other one far: snapped. */
    make_doc("行政处问|5|0|5");
    as_ocr();
    nb_match_snap_labels(&doc);
    CHECK_STR(doc.cells[0].key.core, "行政处罚");
}

static void an_ocr_cell_in_doubt_stands_where_a_figure_was(void)
{
    /* A 1 read as 工, in doubt: the row still has its three cells, the middle one
     * unreadable, the others in place. */
    make_doc("行政处罚|5|工|5");
    as_ocr();
    doc.cells[2].marks |= NB_MARK_OCR_UNCERTAIN;
    read_as(&nb_template_2019);
    CHECK_STR(val(NB_T2, "art20_6.penalty", "prev_items"), "5");
    CHECK_STR(val(NB_T2, "art20_6.penalty", "items_delta"), "(text)");
    CHECK_INT(nb_report_find(&report, NB_T2, "art20_6.penalty", "items_delta")->marks, NB_MARK_OCR | NB_MARK_OCR_UNCERTAIN);
    CHECK_STR(val(NB_T2, "art20_6.penalty", "decisions"), "5");
}

int main(void)
{
    nb_doc_init(&doc);
    nb_report_init(&report, &nb_template_2019);
    detect_by_distinctive_labels();
    detect_by_year_when_labels_are_shared();
    detect_nothing_without_labels();
    strict_labels();
    menu_above_the_report();
    flattened_rows();
    table_rows();
    unreadable_kept_whole();
    prose_is_no_figure();
    table_four_run();
    table_four_row_short_of_a_column();
    cut_labels();
    two_rows_in_one();
    template_labels();
    ocr_labels_are_snapped_to_the_templates();
    ocr_labels_that_could_be_two_are_not_snapped();
    an_ocr_cell_in_doubt_stands_where_a_figure_was();
    nb_report_free(&report);
    nb_buf_free(&warnings);
    nb_doc_free(&doc);
    return check_done();
}
