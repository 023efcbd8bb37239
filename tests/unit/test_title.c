#include "check.h"
#include "pipeline/title.h"

typedef struct {
    const char *text;
    int is_report, year;
    const char *body, *county, *township;
} title_case;

static const title_case cases[] = {
    {"平东镇2019年政府信息公开工作年度报告", 1, 2019, "平东镇", "", "平东镇"},
    {"2019年度平东镇政府信息公开年报", 1, 2019, "平东镇", "", "平东镇"},
    {"海丰县平东镇人民政府2019年政府信息公开工作年度报告", 1, 2019, "海丰县平东镇人民政府", "海丰县", "平东镇"},
    {"平东镇2019年度政务公开年报", 1, 2019, "平东镇", "", "平东镇"},
    {"平东镇２０１９年度政府信息公开工作年度报告", 1, 2019, "平东镇", "", "平东镇"},
    {"平东镇 2019 年 政府信息公开 年度报告", 1, 2019, "平东镇", "", "平东镇"},
    {"平东镇二〇一九年政府信息公开工作年度报告", 1, 2019, "平东镇", "", "平东镇"},
    {"沭阳县发展和改革局2023年政府信息公开工作年度报告-沭阳县发改局", 1, 2023, "沭阳县发展和改革局", "沭阳县", "发展和改革局"},
    {"【平东镇】2020年政府信息公开工作年度报告", 1, 2020, "平东镇", "", "平东镇"},
    {"平东镇人民政府关于2021年度政府信息公开工作年度报告", 1, 2021, "平东镇人民政府", "", "平东镇"},
    {"2022年平东镇人民政府政府信息公开工作年度报告", 1, 2022, "平东镇人民政府", "", "平东镇"},
    {"汕尾市海丰县联安镇2025年度政府信息公开工作年度报告", 1, 2025, "汕尾市海丰县联安镇", "汕尾市海丰县", "联安镇"},
    {"联安镇2025年度政府信息公开工作年度报告", 1, 2025, "联安镇", "", "联安镇"},
    {"平东镇政府信息公开工作年度报告", 1, 0, "平东镇", "", "平东镇"},
    {"政府信息公开工作年度报告（2019年）", 1, 2019, "", "", ""},
    {"平东镇2019年政府信息公开工作年度报告解读", 0, 2019, "平东镇", "", "平东镇"},
    {"平东镇2019年工作总结", 0, 2019, "平东镇", "", "平东镇"},
    {"一图读懂平东镇2019年政府信息公开工作年度报告", 0, 2019, "一图读懂平东镇", "", "一图读懂平东镇"},
    {"关于报送2019年度政府信息公开工作年度报告的函", 0, 2019, "报送", "", "报送"},
    {"2019年度政府信息公开工作年度报告抽查情况的通报", 0, 2019, "", "", ""},
    {"平东镇2019年政府信息公开工作年度报告.pdf", 1, 2019, "平东镇", "", "平东镇"},
    {"关于做好2023年度政府信息公开工作年度报告编制和发布工作的通知", 0, 2023, "做好", "", "做好"},
    {"附城镇2018年政府信息公开工作报告", 1, 2018, "附城镇", "", "附城镇"},
    {"城东镇政府信息公开2020年报", 1, 2020, "城东镇", "", "城东镇"},
    {"平东镇2019年政府信息公开工作年度报告（2020年2月18日）", 1, 2019, "平东镇", "", "平东镇"},
    {"海丰县人民政府2019年政府信息公开工作年度报告", 1, 2019, "海丰县人民政府", "", "海丰县"},
};

static void reads_the_shapes_portals_use(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const title_case *c = &cases[i];
        nb_title t;
        int found = nb_title_parse(c->text, &t);
        if (t.is_report != c->is_report || t.year != c->year || strcmp(t.body, c->body) ||
            strcmp(t.county, c->county) || strcmp(t.township, c->township))
            fprintf(stderr, "case: %s -> report=%d year=%d body=%s county=%s township=%s\n", c->text,
                    t.is_report, t.year, t.body, t.county, t.township);
        CHECK_INT(found, 1);
        CHECK_INT(t.is_report, c->is_report);
        CHECK_INT(t.year, c->year);
        CHECK_STR(t.body, c->body);
        CHECK_STR(t.county, c->county);
        CHECK_STR(t.township, c->township);
    }
}

static void finds_nothing_in_plain_text(void)
{
    nb_title t;
    CHECK_INT(nb_title_parse("首页", &t), 0);
    CHECK_INT(t.is_report, 0);
    CHECK_INT(nb_title_parse("", &t), 0);
    CHECK_INT(nb_title_parse(NULL, &t), 0);
    CHECK_INT(nb_title_parse("下一页", &t), 0);
    /* phone numbers and ids are not years */
    CHECK_INT(nb_title_parse("电话 0660-64412019", &t), 0);
    CHECK_INT(t.year, 0);
    /* a body that fills the buffer is cut on a character boundary */
    char longtext[1024] = "";
    for (int i = 0; i < 100; i++) strcat(longtext, "镇");
    strcat(longtext, "2019年政府信息公开工作年度报告");
    CHECK_INT(nb_title_parse(longtext, &t), 1);
    CHECK_INT(strlen(t.body) % 3, 0);
    CHECK(strlen(t.body) < sizeof t.body);
}

int main(void)
{
    reads_the_shapes_portals_use();
    finds_nothing_in_plain_text();
    return check_done();
}
