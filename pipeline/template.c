/* template: the 2019 and 2021 report formats as static tables (see template.h).
 * Every label, key and span here is sourced in ../shared/spec/templates.md §1–§3. */
#include "pipeline/template.h"

#include <string.h>

#define COLUMNS(...) ((const nb_column *const[]){__VA_ARGS__, NULL})
#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ---- table 二 columns ---- */
static const nb_column made_new = {"made_new", "本年新制作数量", NULL, NB_UNIT_NONE, 0, 0, NULL};
static const nb_column published_new = {"published_new", "本年新公开数量", NULL, NB_UNIT_NONE, 0, 0, NULL};
static const nb_column total_public = {"total_public", "对外公开总数量", "对外公开总数", NB_UNIT_NONE, 0, 0, NULL};
static const nb_column prev_items = {"prev_items", "上一年项目数量", "上年项目数量", NB_UNIT_NONE, 0, 0, NULL};
static const nb_column items_delta = {"items_delta", "本年增/减", "本年增减|本年增加/减少", NB_UNIT_NONE, 0, 1, NULL};
static const nb_column decisions_2019 = {"decisions", "处理决定数量", "本年处理决定数量", NB_UNIT_NONE, 0, 0, NULL};
static const nb_column proc_projects = {"proc_projects", "采购项目数量", NULL, NB_UNIT_NONE, 0, 0, NULL};
static const nb_column proc_amount = {"proc_amount", "采购总金额", NULL, NB_UNIT_NONE, 1, 0, NULL};
static const nb_column issued = {"issued", "本年制发件数", NULL, NB_UNIT_NONE, 0, 0, NULL};
static const nb_column repealed = {"repealed", "本年废止件数", NULL, NB_UNIT_NONE, 0, 0, NULL};
static const nb_column in_force = {"in_force", "现行有效件数", NULL, NB_UNIT_NONE, 0, 0, NULL};
static const nb_column decisions_2021 = {"decisions", "本年处理决定数量", "处理决定数量", NB_UNIT_NONE, 0, 0, NULL};
static const nb_column fee_amount_wan = {"fee_amount_wan", "本年收费金额（单位：万元）", NULL, NB_UNIT_WAN, 1, 0, NULL};

/* ---- table 三 columns (both formats) ---- */
static const nb_column natural_person = {"natural_person", "自然人", NULL, NB_UNIT_NONE, 0, 0, NULL};
static const nb_column legal_commercial = {"legal_commercial", "商业企业", NULL, NB_UNIT_NONE, 0, 0, "法人或其他组织"};
static const nb_column legal_research = {"legal_research", "科研机构", NULL, NB_UNIT_NONE, 0, 0, "法人或其他组织"};
static const nb_column legal_public_interest = {"legal_public_interest", "社会公益组织", NULL, NB_UNIT_NONE, 0, 0, "法人或其他组织"};
static const nb_column legal_legal_services = {"legal_legal_services", "法律服务机构", NULL, NB_UNIT_NONE, 0, 0, "法人或其他组织"};
static const nb_column legal_other = {"legal_other", "其他", NULL, NB_UNIT_NONE, 0, 0, "法人或其他组织"};
static const nb_column t3_total = {"total", "总计", NULL, NB_UNIT_NONE, 0, 0, NULL};
#define T3_COLUMNS COLUMNS(&natural_person, &legal_commercial, &legal_research, \
                           &legal_public_interest, &legal_legal_services, &legal_other, &t3_total)

/* ---- table 四 columns (both formats) ---- */
static const nb_column upheld = {"upheld", "结果维持", NULL, NB_UNIT_NONE, 0, 0, NULL};
static const nb_column corrected = {"corrected", "结果纠正", NULL, NB_UNIT_NONE, 0, 0, NULL};
static const nb_column other_result = {"other", "其他结果", NULL, NB_UNIT_NONE, 0, 0, NULL};
static const nb_column pending = {"pending", "尚未审结", NULL, NB_UNIT_NONE, 0, 0, NULL};
static const nb_column t4_total = {"total", "总计", NULL, NB_UNIT_NONE, 0, 0, NULL};
#define T4_COLUMNS COLUMNS(&upheld, &corrected, &other_result, &pending, &t4_total)

#define ART20_1 "第二十条第（一）项"
#define ART20_5 "第二十条第（五）项"
#define ART20_6 "第二十条第（六）项"
#define ART20_8 "第二十条第（八）项"
#define ART20_9 "第二十条第（九）项"
#define RESULTS "三、本年度办理结果"
#define DENIED RESULTS " （三）不予公开"
#define UNABLE RESULTS " （四）无法提供"
#define NOTPROC RESULTS " （五）不予处理"
#define OTHER RESULTS " （六）其他处理"

/* Table 三 rows shared by both formats, in printed order, up to （五）. */
#define T3_HEAD_ROWS                                                                              \
    {NB_T3, "new_received", "一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请", NULL, T3_COLUMNS}, \
    {NB_T3, "carried_over", "二、上年结转政府信息公开申请数量", "上年结转政府信息公开申请", NULL, T3_COLUMNS}, \
    {NB_T3, "res_granted", "（一）予以公开", NULL, RESULTS, T3_COLUMNS},                                \
    {NB_T3, "res_partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", NULL, RESULTS, T3_COLUMNS}, \
    {NB_T3, "res_denied_state_secret", "1.属于国家秘密", NULL, DENIED, T3_COLUMNS},                    \
    {NB_T3, "res_denied_law_prohibited", "2.其他法律行政法规禁止公开", NULL, DENIED, T3_COLUMNS},       \
    {NB_T3, "res_denied_security_stability", "3.危及“三安全一稳定”", NULL, DENIED, T3_COLUMNS},         \
    {NB_T3, "res_denied_third_party", "4.保护第三方合法权益", NULL, DENIED, T3_COLUMNS},               \
    {NB_T3, "res_denied_internal_affairs", "5.属于三类内部事务信息", NULL, DENIED, T3_COLUMNS},        \
    {NB_T3, "res_denied_process_info", "6.属于四类过程性信息", NULL, DENIED, T3_COLUMNS},              \
    {NB_T3, "res_denied_enforcement_file", "7.属于行政执法案卷", NULL, DENIED, T3_COLUMNS},            \
    {NB_T3, "res_denied_admin_query", "8.属于行政查询事项", NULL, DENIED, T3_COLUMNS},                 \
    {NB_T3, "res_unable_not_held", "1.本机关不掌握相关政府信息", NULL, UNABLE, T3_COLUMNS},            \
    {NB_T3, "res_unable_needs_creation", "2.没有现成信息需要另行制作", NULL, UNABLE, T3_COLUMNS},      \
    {NB_T3, "res_unable_still_unclear", "3.补正后申请内容仍不明确", NULL, UNABLE, T3_COLUMNS},         \
    {NB_T3, "res_notproc_petition", "1.信访举报投诉类申请", NULL, NOTPROC, T3_COLUMNS},                \
    {NB_T3, "res_notproc_repeat", "2.重复申请", NULL, NOTPROC, T3_COLUMNS},                            \
    {NB_T3, "res_notproc_publication", "3.要求提供公开出版物", NULL, NOTPROC, T3_COLUMNS},             \
    {NB_T3, "res_notproc_excessive", "4.无正当理由大量反复申请", NULL, NOTPROC, T3_COLUMNS},           \
    {NB_T3, "res_notproc_confirm_reissue", "5.要求行政机关确认或重新出具已获取信息", NULL, NOTPROC, T3_COLUMNS}

#define T3_TAIL_ROWS                                                                       \
    {NB_T3, "res_total", "（七）总计", "（七）合计", RESULTS, T3_COLUMNS},                  \
    {NB_T3, "carry_forward", "四、结转下年度继续办理", "结转下年度继续办理政府信息公开申请", NULL, T3_COLUMNS}

#define T4_ROWS                                                              \
    {NB_T4, "review", NULL, NULL, "行政复议", T4_COLUMNS},                   \
    {NB_T4, "suit_direct", NULL, NULL, "行政诉讼 未经复议直接起诉", T4_COLUMNS}, \
    {NB_T4, "suit_after_review", NULL, NULL, "行政诉讼 复议后起诉", T4_COLUMNS}

static const nb_row rows_2019[] = {
    {NB_T2, "art20_1.regulations", "规章", NULL, ART20_1, COLUMNS(&made_new, &published_new, &total_public)},
    {NB_T2, "art20_1.normative_docs", "规范性文件", "行政规范性文件", ART20_1, COLUMNS(&made_new, &published_new, &total_public)},
    {NB_T2, "art20_5.licensing", "行政许可", NULL, ART20_5, COLUMNS(&prev_items, &items_delta, &decisions_2019)},
    {NB_T2, "art20_5.other_mgmt_services", "其他对外管理服务事项", "其他对外管理服务", ART20_5, COLUMNS(&prev_items, &items_delta, &decisions_2019)},
    {NB_T2, "art20_6.penalty", "行政处罚", NULL, ART20_6, COLUMNS(&prev_items, &items_delta, &decisions_2019)},
    {NB_T2, "art20_6.coercion", "行政强制", NULL, ART20_6, COLUMNS(&prev_items, &items_delta, &decisions_2019)},
    {NB_T2, "art20_8.admin_fees", "行政事业性收费", NULL, ART20_8, COLUMNS(&prev_items, &items_delta)},
    {NB_T2, "art20_9.central_procurement", "政府集中采购", NULL, ART20_9, COLUMNS(&proc_projects, &proc_amount)},
    T3_HEAD_ROWS,
    {NB_T3, "res_other", "（六）其他处理", NULL, RESULTS, T3_COLUMNS},
    T3_TAIL_ROWS,
    T4_ROWS,
};

static const nb_row rows_2021[] = {
    {NB_T2, "art20_1.regulations", "规章", NULL, ART20_1, COLUMNS(&issued, &repealed, &in_force)},
    {NB_T2, "art20_1.normative_docs", "行政规范性文件", "规范性文件", ART20_1, COLUMNS(&issued, &repealed, &in_force)},
    {NB_T2, "art20_5.licensing", "行政许可", NULL, ART20_5, COLUMNS(&decisions_2021)},
    {NB_T2, "art20_6.penalty", "行政处罚", NULL, ART20_6, COLUMNS(&decisions_2021)},
    {NB_T2, "art20_6.coercion", "行政强制", NULL, ART20_6, COLUMNS(&decisions_2021)},
    {NB_T2, "art20_8.admin_fees", "行政事业性收费", NULL, ART20_8, COLUMNS(&fee_amount_wan)},
    T3_HEAD_ROWS,
    {NB_T3, "res_other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", NULL, OTHER, T3_COLUMNS},
    {NB_T3, "res_other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", NULL, OTHER, T3_COLUMNS},
    {NB_T3, "res_other_other", "3.其他", NULL, OTHER, T3_COLUMNS},
    T3_TAIL_ROWS,
    T4_ROWS,
};

#define T3_COLUMN_KEYS "natural_person", "legal_commercial", "legal_research", \
    "legal_public_interest", "legal_legal_services", "legal_other"
#define RESULT_KEYS "res_granted", "res_partial", "res_denied_state_secret",                     \
    "res_denied_law_prohibited", "res_denied_security_stability", "res_denied_third_party",      \
    "res_denied_internal_affairs", "res_denied_process_info", "res_denied_enforcement_file",     \
    "res_denied_admin_query", "res_unable_not_held", "res_unable_needs_creation",                \
    "res_unable_still_unclear", "res_notproc_petition", "res_notproc_repeat",                    \
    "res_notproc_publication", "res_notproc_excessive", "res_notproc_confirm_reissue"

#define I1 {"I1", NB_T3, NB_ACROSS, KEYS("total"), KEYS(T3_COLUMN_KEYS), "总计", "自然人与法人或其他组织各列之和"}
#define I2 {"I2", NB_T3, NB_DOWN, KEYS("new_received", "carried_over"), KEYS("res_total", "carry_forward"), \
            "第一项+第二项", "第三项+第四项"}
#define I4 {"I4", NB_T4, NB_ACROSS, KEYS("total"), KEYS("upheld", "corrected", "other", "pending"), \
            "总计", "结果维持+结果纠正+其他结果+尚未审结"}

static const nb_identity identities_2019[] = {
    I1, I2,
    {"I3", NB_T3, NB_DOWN, KEYS("res_total"), KEYS(RESULT_KEYS, "res_other"), "（七）总计", "（一）至（六）各项之和"},
    I4,
};

static const nb_identity identities_2021[] = {
    I1, I2,
    {"I3", NB_T3, NB_DOWN, KEYS("res_total"),
     KEYS(RESULT_KEYS, "res_other_no_correction", "res_other_no_fee", "res_other_other"),
     "（七）总计", "（一）至（六）各项之和"},
    I4,
};

static const char *const t2_markers[] = {"二、主动公开政府信息情况", ART20_1, ART20_5, ART20_6, ART20_8,
                                         ART20_9, "信息内容", NULL};
static const char *const t3_markers[] = {"三、收到和处理政府信息公开申请情况", "申请人情况",
                                         "法人或其他组织", RESULTS, "（三）不予公开", "（四）无法提供",
                                         "（五）不予处理", NULL};
static const char *const t4_markers[] = {"四、政府信息公开行政复议、行政诉讼情况",
                                         "四、政府信息公开行政法复议、行政诉讼情况", "行政复议",
                                         "行政诉讼", "未经复议直接起诉", "复议后起诉", NULL};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define T3_CORNER "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

const nb_template nb_template_2019 = {
    "2019", "国办公开办函〔2019〕60号", 2019, 2020,
    rows_2019, COUNT(rows_2019), identities_2019, COUNT(identities_2019),
    {t2_markers, t3_markers, t4_markers},
    {NULL, T3_CORNER, NULL},
    {NULL, "申请人情况", NULL},
};

const nb_template nb_template_2021 = {
    "2021", "国办公开办函〔2021〕30号", 2021, 0,
    rows_2021, COUNT(rows_2021), identities_2021, COUNT(identities_2021),
    {t2_markers, t3_markers, t4_markers},
    {NULL, T3_CORNER, NULL},
    {NULL, "申请人情况", NULL},
};

const nb_template *const nb_templates[] = {&nb_template_2019, &nb_template_2021, NULL};

const char *nb_table_name(nb_table_id t)
{
    static const char *const names[] = {"t2", "t3", "t4"};
    return t < NB_TABLE_COUNT ? names[t] : "?";
}

const char *nb_table_title(nb_table_id t)
{
    static const char *const titles[] = {"二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                         "四、政府信息公开行政复议、行政诉讼情况"};
    return t < NB_TABLE_COUNT ? titles[t] : "?";
}

const nb_template *nb_template_by_name(const char *name)
{
    for (const nb_template *const *t = nb_templates; *t; t++)
        if (!strcmp((*t)->name, name)) return *t;
    return NULL;
}

const nb_row *nb_template_row(const nb_template *t, nb_table_id table, const char *key)
{
    for (int i = 0; i < t->nrows; i++)
        if (t->rows[i].table == table && !strcmp(t->rows[i].key, key)) return &t->rows[i];
    return NULL;
}

int nb_row_ncolumns(const nb_row *r)
{
    int n = 0;
    while (r->columns[n]) n++;
    return n;
}

int nb_template_ncells(const nb_template *t, nb_table_id table)
{
    int n = 0;
    for (int i = 0; i < t->nrows; i++)
        if (t->rows[i].table == table) n += nb_row_ncolumns(&t->rows[i]);
    return n;
}

int nb_template_cell_index(const nb_template *tpl, nb_table_id table, const char *row_key, const char *col_key)
{
    int index = 0;
    for (int i = 0; i < tpl->nrows; i++) {
        const nb_row *row = &tpl->rows[i];
        if (row->table == table && !strcmp(row->key, row_key))
            for (int c = 0; row->columns[c]; c++)
                if (!strcmp(row->columns[c]->key, col_key)) return index + c;
        index += nb_row_ncolumns(row);
    }
    return -1;
}
