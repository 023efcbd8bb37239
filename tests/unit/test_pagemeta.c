/* pagemeta: a page's title, body, year and publish date; never the wrong kind of date. */
#include "check.h"
#include "pipeline/read/htmldoc.h"
#include "pipeline/read/pagemeta.h"
#include "pipeline/read/textdoc.h"

static nb_report meta;

static void read_html(const char *html)
{
    nb_doc d;
    nb_doc_init(&d);
    nb_htmldoc_parse(html, strlen(html), &d);
    memset(&meta, 0, sizeof meta);
    nb_pagemeta_read(&d, &meta);
    nb_doc_free(&d);
}

static void read_text(const char *text)
{
    nb_doc d;
    nb_doc_init(&d);
    nb_textdoc_parse(text, strlen(text), &d);
    memset(&meta, 0, sizeof meta);
    nb_pagemeta_read(&d, &meta);
    nb_doc_free(&d);
}

static const char *date(const char *text)
{
    static char out[11];
    memset(out, 0, sizeof out);
    if (!nb_pagemeta_parse_date(text, out)) return "(none)";
    return out;
}

static void date_formats(void)
{
    CHECK_STR(date("2020-02-18 10:58"), "2020-02-18");
    CHECK_STR(date("2020/2/8"), "2020-02-08");
    CHECK_STR(date("2020.02.18"), "2020-02-18");
    CHECK_STR(date("2020年2月18日"), "2020-02-18");
    CHECK_STR(date("2020年02月18"), "2020-02-18");
    CHECK_STR(date("2020-13-01"), "(none)");
    CHECK_STR(date("2020-02-32"), "(none)");
    /* days a month does not have are no date (a typo is not a publish date) */
    CHECK_STR(date("2024-02-31"), "(none)");
    CHECK_STR(date("2023-02-29"), "(none)");
    CHECK_STR(date("2024-02-29"), "2024-02-29");
    CHECK_STR(date("2100-02-29"), "(none)"); /* not a leap year: divisible by 100 */
    CHECK_STR(date("2000-02-29"), "2000-02-29");
    CHECK_STR(date("2021年4月31日"), "(none)");
    CHECK_STR(date("2021年4月30日"), "2021-04-30");
    CHECK_STR(date("1899-01-01"), "(none)");
    CHECK_STR(date("2020年"), "(none)");
    CHECK_STR(date("20200218"), "(none)");
    char out[11];
    CHECK_INT(nb_pagemeta_parse_date("2020年2月18日发布", out), (int)strlen("2020年2月18日"));
}

static void meta_pubdate(void)
{
    read_html("<html><head><meta name=\"ArticleTitle\" content=\"平东镇2019年政府信息公开工作年度报告\">"
              "<meta name=\"PubDate\" content=\"2020-02-18 10:58\"></head><body>"
              "<p>发布时间：2020-03-01</p><table><tr><td>规章</td><td>0</td></tr></table></body></html>");
    CHECK_STR(meta.publish_date, "2020-02-18");
    CHECK_STR(meta.township, "平东镇");
    CHECK_INT(meta.year, 2019);
}

static void labelled_date_in_the_page(void)
{
    read_html("<html><head><title>平东镇2019年政府信息公开工作年度报告</title></head><body>"
              "<h1>平东镇2019年政府信息公开工作年度报告</h1>"
              "<div>来源：海丰县平东镇人民政府　发布时间：2020年2月18日 浏览次数：12</div></body></html>");
    CHECK_STR(meta.publish_date, "2020-02-18");
    CHECK_STR(meta.county, "海丰县");
    read_text("平东镇2019年政府信息公开工作年度报告\n发布日期: 2020/02/19\n一、总体情况\n");
    CHECK_STR(meta.publish_date, "2020-02-19");
}

/* A portal's info table: 公开日期 in one cell, the date in the next (R: 沭阳县). */
static void date_in_the_next_cell(void)
{
    read_html("<html><body><table><tr><td>索引号</td><td>014314799/2024-00002</td><td>分类</td><td>年报</td></tr>"
              "<tr><td>发布机构</td><td>沭阳县发展和改革局</td><td>公开日期</td><td>2024-01-17</td></tr></table>"
              "<h1>沭阳县发展和改革局2023年政府信息公开年度报告</h1></body></html>");
    CHECK_STR(meta.publish_date, "2024-01-17");
    CHECK_INT(meta.year, 2023);
}

/* Portals print the date bare under the title. */
static void bare_date_under_the_title(void)
{
    read_text("首页 > 政务公开\n平东镇2019年政府信息公开工作年度报告\n  • 2020-02-18 10:58\n  • 来源: 海丰县平东镇人民政府\n");
    CHECK_STR(meta.publish_date, "2020-02-18");
    /* A bare date far from the title is not trusted. */
    read_text("平东镇2019年政府信息公开工作年度报告\na\nb\nc\nd\ne\nf\ng\n2020-02-18\n");
    CHECK_STR(meta.publish_date, "");
}

/* 采集时间, 成文日期 and the like are never the publish date. */
/* A sidebar listing other articles with labelled dates comes before the report; the
 * site's clock shows today's date with its weekday. Neither is the publish date. */
static void sidebar_dates_and_the_site_clock_lose(void)
{
    read_html("<html><body><div>2025年12月30日 星期二</div>"
              "<ul><li>关于开展消防检查的通知</li><li>发布时间：2023-06-01</li></ul>"
              "<h1>平东镇2022年政府信息公开工作年度报告</h1><div>2023-01-20 09:30</div>"
              "<table><tr><td>规章</td><td>0</td></tr></table></body></html>");
    CHECK_STR(meta.publish_date, "2023-01-20");
    read_html("<html><body><h1>平东镇2022年政府信息公开工作年度报告</h1><div>2025年12月30日 星期二</div>"
              "<p>正文</p><p>日期：2023-01-18</p></body></html>");
    CHECK_STR(meta.publish_date, "2023-01-18");
}

static void other_dates_never_taken(void)
{
    read_html("<html><body><p>采集时间：2023-05-06</p><p>成文日期：2020-01-10</p>"
              "<h1>平东镇2019年政府信息公开工作年度报告</h1><p>页面生成时间：2023-05-06 12:00</p>"
              "<p>一、总体情况</p><p>2019年，我镇认真贯彻落实条例。</p></body></html>");
    CHECK_STR(meta.publish_date, "");
    read_html("<html><body><h1>平东镇2019年政府信息公开工作年度报告</h1><p>成文日期：2020-01-10</p>"
              "<p>发布日期：2020-01-15</p><p>采集时间：2023-05-06</p></body></html>");
    CHECK_STR(meta.publish_date, "2020-01-15");
    read_html("<html><head><meta name=\"firstpublishedtime\" content=\"2020-01-16 09:00:00\"></head>"
              "<body><p>采集时间：2023-05-06</p></body></html>");
    CHECK_STR(meta.publish_date, "2020-01-16");
}

static void no_title_no_date(void)
{
    read_html("<html><body><p>hello</p></body></html>");
    CHECK_STR(meta.publish_date, "");
    CHECK_INT(meta.year, 0);
    CHECK_STR(meta.township, "");
}

int main(void)
{
    date_formats();
    meta_pubdate();
    labelled_date_in_the_page();
    date_in_the_next_cell();
    bare_date_under_the_title();
    other_dates_never_taken();
    sidebar_dates_and_the_site_clock_lose();
    no_title_no_date();
    return check_done();
}
