#include "check.h"
#include "pipeline/read/htmldoc.h"
#include "scrapers/scraper.h"

static const char *listing_html =
    "<html><head><base href=\"http://www.gdhf.gov.cn/gdhf/zwgk/gknb/\"></head><body>"
    "<div class=nav><a href=\"/\">首页</a> <a href=\"javascript:void(0)\">打印</a></div>"
    "<ul>"
    "<li><a href=\"content/post_1221498.html\">联安镇2025年度政府信息公开工作年度报告</a><span>2026-01-20</span></li>"
    "<li><a href=\"./content/post_2.html#top\" title=\"2019年度平东镇政府信息公开工作年度报告\">"
    "2019年度平东镇政府信息公开工作…</a></li>"
    "<li><a href=\" content/post_3.html \">\n  海丰县城东镇人民政府\n  2020年政府信息公开工作年度报告\n</a></li>"
    "<li><a href=\"content/post_1221498.html\">联安镇2025年度政府信息公开工作年度报告</a></li>"
    "<li><a href=\"content/post_4.html\">平东镇2019年政府信息公开工作年度报告解读</a></li>"
    "<li><a href=\"content/post_5.html\">关于开展2020年统计工作的通知</a></li>"
    "<li><a href=\"mailto:x@gdhf.gov.cn\">平东镇2019年政府信息公开工作年度报告</a></li>"
    "</ul><div class=page><a href=\"index_2.html\">下一页</a> <a href=\"index_9.html\">尾页</a></div>"
    "</body></html>";

static void reads_report_links_and_pagination(void)
{
    const nb_scraper *s = nb_scraper_find("generic");
    CHECK(s != NULL);
    CHECK(nb_scraper_find("guangdong") == NULL);
    CHECK_STR(nb_scraper_names(), "gkmlpt, hanweb, trs, generic, auto");
    nb_scraper_listing l = {0};
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(s->listing(listing_html, strlen(listing_html), "http://www.gdhf.gov.cn/gdhf/zwgk/gknb/index.html",
                         &l, &err),
              0);
    CHECK_INT(l.report_count, 3);
    if (l.report_count == 3) {
        CHECK_STR(l.reports[0].url, "http://www.gdhf.gov.cn/gdhf/zwgk/gknb/content/post_1221498.html");
        CHECK_STR(l.reports[0].text, "联安镇2025年度政府信息公开工作年度报告");
        CHECK_STR(l.reports[0].date, "2026-01-20");
        CHECK_STR(l.reports[1].date, "");
        CHECK_STR(l.reports[1].url, "http://www.gdhf.gov.cn/gdhf/zwgk/gknb/content/post_2.html");
        CHECK_STR(l.reports[1].text, "2019年度平东镇政府信息公开工作年度报告"); /* the title, not the cut text */
        CHECK_STR(l.reports[2].url, "http://www.gdhf.gov.cn/gdhf/zwgk/gknb/content/post_3.html");
        CHECK_STR(l.reports[2].text, "海丰县城东镇人民政府 2020年政府信息公开工作年度报告");
    }
    /* the 下一页 link, then the Guangdong and TRS schemes guessed from index.html, then
     * every page up to the one 尾页 names (fetched in parallel, not one after the other) */
    CHECK_INT(l.request_count, 9);
    if (l.request_count == 9) {
        CHECK_STR(l.requests[0].url, "http://www.gdhf.gov.cn/gdhf/zwgk/gknb/index_2.html");
        CHECK_STR(l.requests[1].url, "http://www.gdhf.gov.cn/gdhf/zwgk/gknb/index_1.html");
        CHECK_STR(l.requests[2].url, "http://www.gdhf.gov.cn/gdhf/zwgk/gknb/index_3.html");
        CHECK_STR(l.requests[8].url, "http://www.gdhf.gov.cn/gdhf/zwgk/gknb/index_9.html");
    }
    nb_scraper_listing_free(&l);

    /* a later page guesses only its successor; a page without reports guesses nothing */
    CHECK_INT(s->listing(listing_html, strlen(listing_html), "http://www.gdhf.gov.cn/gdhf/zwgk/gknb/index_7.html",
                         &l, &err),
              0);
    CHECK_INT(l.request_count, 3);
    if (l.request_count == 3) {
        CHECK_STR(l.requests[1].url, "http://www.gdhf.gov.cn/gdhf/zwgk/gknb/index_8.html");
        CHECK_STR(l.requests[2].url, "http://www.gdhf.gov.cn/gdhf/zwgk/gknb/index_9.html");
    }
    nb_scraper_listing_free(&l);

    /* page numbers say how far the scheme goes too; links to other folders do not */
    const char *numbered = "<a href='content/1.html'>平东镇2019年政府信息公开工作年度报告</a>"
                           "<a href='index_2.shtml'>2</a><a href='index_4.shtml'>4</a><a href='../x/index_9.shtml'>9</a>";
    CHECK_INT(s->listing(numbered, strlen(numbered), "http://x.gov.cn/gknb/index.shtml", &l, &err), 0);
    CHECK_INT(l.request_count, 4);
    if (l.request_count == 4) {
        CHECK_STR(l.requests[0].url, "http://x.gov.cn/gknb/index_1.shtml");
        CHECK_STR(l.requests[1].url, "http://x.gov.cn/gknb/index_2.shtml");
        CHECK_STR(l.requests[2].url, "http://x.gov.cn/gknb/index_3.shtml");
        CHECK_STR(l.requests[3].url, "http://x.gov.cn/gknb/index_4.shtml");
    }
    nb_scraper_listing_free(&l);

    /* the TRS pager script: createPageHTML(count, current, name, ext) */
    const char *trs = "<a href='./202001/t1.html'>平东镇2019年政府信息公开工作年度报告</a>"
                      "<script>createPageHTML(4, 0, \"index\", \"html\");</script>";
    CHECK_INT(s->listing(trs, strlen(trs), "http://x.gov.cn/gknb/index.html", &l, &err), 0);
    CHECK_INT(l.request_count, 3);
    if (l.request_count == 3) {
        CHECK_STR(l.requests[0].url, "http://x.gov.cn/gknb/index_1.html");
        CHECK_STR(l.requests[1].url, "http://x.gov.cn/gknb/index_2.html");
        CHECK_STR(l.requests[2].url, "http://x.gov.cn/gknb/index_3.html");
    }
    nb_scraper_listing_free(&l);
    const char *empty = "<html><body><a href=\"index_3.html\">3</a></body></html>";
    CHECK_INT(s->listing(empty, strlen(empty), "http://x.gov.cn/gknb/index_2.html", &l, &err), 0);
    CHECK_INT(l.report_count, 0);
    CHECK_INT(l.request_count, 0);
    nb_scraper_listing_free(&l);

    /* without <base>, links resolve against the page; a folder URL counts as index.html */
    const char *plain = "<a href='../nb/p1.shtml'>附城镇2021年政府信息公开工作年度报告</a>"
                        "<a href='?page=2'>&gt;</a>";
    CHECK_INT(s->listing(plain, strlen(plain), "https://x.gov.cn/zwgk/gknb/", &l, &err), 0);
    CHECK_INT(l.report_count, 1);
    if (l.report_count) CHECK_STR(l.reports[0].url, "https://x.gov.cn/zwgk/nb/p1.shtml");
    CHECK_INT(l.request_count, 3);
    if (l.request_count == 3) {
        CHECK_STR(l.requests[0].url, "https://x.gov.cn/zwgk/gknb/?page=2");
        CHECK_STR(l.requests[1].url, "https://x.gov.cn/zwgk/gknb/index_1.html");
        CHECK_STR(l.requests[2].url, "https://x.gov.cn/zwgk/gknb/index_2.html");
    }
    nb_scraper_listing_free(&l);
    nb_buf_free(&err);
}

/* The date a listing prints beside a link is the report's publish date when the report
 * (a PDF linked straight) prints none: it must be that item's own date or none. */
static void reads_the_date_beside_each_link(void)
{
    static const struct {
        const char *item, *date;
    } cases[] = {
        {"<ul><li><a href=a.pdf>平东镇2023年政府信息公开工作年度报告</a><span>2024-01-18</span></li></ul>", "2024-01-18"},
        {"<table><tr><td><a href=a.pdf>平东镇2023年政府信息公开工作年度报告</a></td><td>2024/1/19</td></tr></table>",
         "2024-01-19"},
        {"<dl><dd><a href=a.pdf>平东镇2023年政府信息公开工作年度报告</a>（2024年1月20日）</dd></dl>", "2024-01-20"},
        /* the year in the title is not a date; a day that does not exist is none */
        {"<ul><li><a href=a.pdf>平东镇2023年政府信息公开工作年度报告</a></li></ul>", ""},
        {"<ul><li><a href=a.pdf>平东镇2023年政府信息公开工作年度报告</a><span>2024-02-30</span></li></ul>", ""},
        /* several items in one paragraph: whose date is whose is not certain */
        {"<p><a href=a.pdf>平东镇2023年政府信息公开工作年度报告</a> 2024-01-22<br>"
         "<a href=b.pdf>城东镇2023年政府信息公开工作年度报告</a> 2024-01-23</p>", ""},
        /* a link straight in the list, its date in another element: no item holds both */
        {"<div class=list><a href=a.pdf>平东镇2023年政府信息公开工作年度报告</a><span>2024-01-24</span></div>", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        nb_scraper_listing l = {0};
        nb_buf err = NB_BUF_INIT;
        CHECK_INT(nb_scraper_links(cases[i].item, strlen(cases[i].item), "http://x.gov.cn/gknb/", &l, NULL, NULL, &err),
                  0);
        CHECK(l.report_count >= 1);
        if (l.report_count >= 1) CHECK_STR(l.reports[0].date, cases[i].date);
        nb_scraper_listing_free(&l);
        nb_buf_free(&err);
    }
}

static void reads_report_page_metadata(void)
{
    const nb_scraper *s = nb_scraper_find("generic");
    const char *page = "<html><head><meta name=\"ArticleTitle\" content=\"平东镇2019年政府信息公开工作年度报告\">"
                       "<title>平东镇2019年政府信息公开工作年度报告-海丰县人民政府门户网站</title></head>"
                       "<body><h1>平东镇2019年政府信息公开工作年度报告</h1>"
                       "<p>发布时间：2020-02-18 10:21 来源：平东镇</p><table><tr><td>1</td></tr></table>"
                       "</body></html>";
    nb_doc doc;
    nb_doc_init(&doc);
    nb_htmldoc_parse(page, strlen(page), &doc);
    nb_report m;
    memset(&m, 0, sizeof m);
    s->meta(&doc, &m);
    CHECK_STR(m.title, "平东镇2019年政府信息公开工作年度报告");
    CHECK_STR(m.publish_date, "2020-02-18");
    CHECK_STR(m.township, "平东镇");
    CHECK_INT(m.year, 2019);
    nb_doc_free(&doc);
}

int main(void)
{
    reads_report_links_and_pagination();
    reads_the_date_beside_each_link();
    reads_report_page_metadata();
    return check_done();
}
