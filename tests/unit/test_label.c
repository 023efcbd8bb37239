#include "check.h"
#include "pipeline/read/label.h"

static char core[256];

static int key_of(const char *text)
{
    return nb_label_core(text, strlen(text), core, sizeof core);
}

static void annotations_numbers_and_punctuation(void)
{
    CHECK_INT(key_of("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"), 2);
    CHECK_STR(core, "部分公开");
    CHECK_INT(key_of("3、其他"), 3);
    CHECK_STR(core, "其他");
    CHECK_INT(key_of("3.其他"), 3);
    CHECK_STR(core, "其他");
    CHECK_INT(key_of("（七）总计"), 7);
    CHECK_STR(core, "总计");
    CHECK_INT(key_of("四、结转下年度继续办理"), 4);
    CHECK_STR(core, "结转下年度继续办理");
    CHECK_INT(key_of("第二十条第（一）项"), 0);
    CHECK_STR(core, "第二十条第一项");
    CHECK_INT(key_of("第二十条第(九)项"), 0);
    CHECK_STR(core, "第二十条第九项");
    key_of("上一年项目数量(指2019年事项数)");
    CHECK_STR(core, "上一年项目数量");
    key_of("本年增/减(指2020年增加或减少的事项数,减用负值表示,如-8)");
    CHECK_STR(core, "本年增/减");
    key_of("本年收费金额（单位：万元）");
    CHECK_STR(core, "本年收费金额");
    key_of("规章(设区的市、自治州人民政府应提供相关数据");
    CHECK_STR(core, "规章"); /* an annotation cut off by the page still goes */
    CHECK_INT(key_of("3.危及“三安全一稳定”"), 3);
    CHECK_STR(core, "危及三安全一稳定");
    CHECK_INT(key_of("①重复申请"), 1);
    CHECK_STR(core, "重复申请");
    CHECK_INT(key_of("十二、其他"), 12);
}

static void whitespace_and_width(void)
{
    key_of("本年新\n制作数量");
    CHECK_STR(core, "本年新制作数量");
    key_of("商 业 企\n业");
    CHECK_STR(core, "商业企业");
    CHECK_INT(key_of("(三)\xC2\xA0不予公开"), 3);
    CHECK_STR(core, "不予公开");
    CHECK_INT(key_of("\xE3\x80\x80（三）　不予公开"), 3);
    CHECK_STR(core, "不予公开");
    CHECK_INT(key_of("１．属于国家秘密"), 1);
    CHECK_STR(core, "属于国家秘密");
}

static void not_item_numbers(void)
{
    CHECK_INT(key_of("2019年度平东镇"), 0);
    CHECK_STR(core, "2019年度平东镇");
    CHECK_INT(key_of("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"), 0);
    CHECK_STR(core, "");
    CHECK_INT(key_of(""), 0);
    CHECK_STR(core, "");
    key_of("\xFF\xFE(broken");
    CHECK(strlen(core) < 16);
}

int main(void)
{
    annotations_numbers_and_punctuation();
    whitespace_and_width();
    not_item_numbers();
    return check_done();
}
