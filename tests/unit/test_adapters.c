/* The CMS adapters (trs, hanweb, gkmlpt) and auto's choice, on pages shaped like the
 * real ones (tests/integration/cms_portal.py serves whole portals of them). */
#include <stdlib.h>

#include "check.h"
#include "scrapers/scraper.h"

static const char *const report = "平东镇2019年政府信息公开工作年度报告";

static nb_scraper_listing read_page(const nb_scraper *s, const char *html, const char *url, int *rc)
{
    nb_scraper_listing l = {0};
    nb_buf err = NB_BUF_INIT;
    *rc = s->listing(html, strlen(html), url, &l, &err);
    nb_buf_free(&err);
    return l;
}

static void trs_pagers(void)
{
    int rc;
    /* the old form, 0-based, with the numbers in variables; a first page with no report
     * (only a 解读) still lists every page */
    const char *old = "<ul><li><a href='./202001/t20200118_1.html'>平东镇2019年政府信息公开工作年度报告解读</a></li></ul>"
                      "<script>function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}</script>"
                      "<script>var countPage = 4//共多少页\nvar currentPage = 0;\n"
                      "createPageHTML(countPage, currentPage, \"index\", \"html\");</script>";
    nb_scraper_listing l = read_page(&nb_scraper_trs, old, "http://x.gov.cn/zwgk/gknb/index.html", &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(l.report_count, 0);
    CHECK_INT(l.request_count, 3);
    if (l.request_count == 3) {
        CHECK_STR(l.requests[0].url, "http://x.gov.cn/zwgk/gknb/index_1.html");
        CHECK_STR(l.requests[2].url, "http://x.gov.cn/zwgk/gknb/index_3.html");
        CHECK(l.requests[0].post == NULL && l.requests[0].kind == NB_SCRAPER_HTML);
    }
    nb_scraper_listing_free(&l);

    /* the six-argument form, 1-based (currentPage 1 on the first page), another name;
     * report links relative to the page, the title attribute when the text is cut */
    char six[512];
    snprintf(six, sizeof six,
             "<a href='./202401/t20240118_11520599.html' title='%s'>平东镇2019年政府信息…</a>"
             "<script>createPageHTML('page_div', 3, 1, 'dezlist', 'shtml', 55);</script>", report);
    l = read_page(&nb_scraper_trs, six, "https://x.gov.cn/nb/dezlist.shtml", &rc);
    CHECK_INT(l.report_count, 1);
    if (l.report_count == 1) {
        CHECK_STR(l.reports[0].url, "https://x.gov.cn/nb/202401/t20240118_11520599.html");
        CHECK_STR(l.reports[0].text, report);
    }
    CHECK_INT(l.request_count, 2);
    if (l.request_count == 2) {
        CHECK_STR(l.requests[0].url, "https://x.gov.cn/nb/dezlist_2.shtml");
        CHECK_STR(l.requests[1].url, "https://x.gov.cn/nb/dezlist_3.shtml");
    }
    nb_scraper_listing_free(&l);
    /* a folder URL is the first page too */
    l = read_page(&nb_scraper_trs, six, "https://x.gov.cn/nb/", &rc);
    CHECK_INT(l.request_count, 2);
    nb_scraper_listing_free(&l);

    /* a later page lists nothing more: the first page listed them all */
    l = read_page(&nb_scraper_trs, "<script>createPageHTML(4, 2, \"index\", \"html\");</script>",
                  "http://x.gov.cn/zwgk/gknb/index_2.html", &rc);
    CHECK_INT(l.request_count, 0);
    nb_scraper_listing_free(&l);

    /* a call whose page count is absurd or whose names are not file names is not believed */
    l = read_page(&nb_scraper_trs, "<script>createPageHTML(99999, 0, \"index\", \"html\");"
                                   "createPageHTML(3, 0, \"../../etc\", \"html\");</script>",
                  "http://x.gov.cn/a/index.html", &rc);
    CHECK_INT(l.request_count, 0);
    nb_scraper_listing_free(&l);
    CHECK(nb_scraper_trs.recognise(six, strlen(six), "https://x.gov.cn/nb/dezlist.shtml"));
    CHECK(!nb_scraper_trs.recognise("<p>no pager</p>", 15, "https://x.gov.cn/nb/"));
}

/* A Hanweb column page: records inline, jpage options, param_ fields. */
static const char *hanweb_page =
    "<html><body><div id='4407'><script type=\"text/xml\"><datastore>"
    "<nextgroup><![CDATA[<a href=\"/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=/&columnid=1229"
    "&unitid=4407&webname=示例县&permissiontype=0\"></a>]]></nextgroup><recordset>"
    "<record><![CDATA[<li><a title='平东镇2019年政府信息公开工作年度报告' href='/art/2020/1/18/art_1229_1.html'>"
    "平东镇2019年…</a><span>2020-01-18</span></li>]]></record>"
    "<record><![CDATA[<li><a href=\"/art/2020/1/18/art_1229_2.html\">城东镇2019年政府信息公开工作年度报告解读</a></li>]]>"
    "</record>"
    "<record><![CDATA[<li><a href=\"/art/2020/1/18/art_1229_3.pdf\" title=\"城东镇2020年度政府信息公开年报\">"
    "城东镇2020年度政府信息公开年报</a></li>]]></record>"
    "</recordset></datastore></script></div>"
    "<a href='/art/2020/1/1/art_9_9.html'>附城镇2019年政府信息公开工作年度报告</a>" /* outside the data */
    "<script>var param_4407 = {col:1,appid:1,webid:3,path:'/',columnid:1229,sourceContentType:1,unitid:'4407',"
    "webname:'示例县 人民政府',permissiontype:0};"
    "$('#4407').jpage({proxyUrl:'/module/web/jpage/dataproxy.jsp',perPage:10,totalRecord:45,groupSize:2});"
    "</script></body></html>";

static void hanweb_records_and_data_proxy(void)
{
    int rc;
    nb_scraper_listing l = read_page(&nb_scraper_hanweb, hanweb_page, "http://x.gov.cn/col/col1229/index.html", &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(l.report_count, 2); /* the 解读 record is not a report; links outside the data are not read */
    if (l.report_count == 2) {
        CHECK_STR(l.reports[0].url, "http://x.gov.cn/art/2020/1/18/art_1229_1.html");
        CHECK_STR(l.reports[0].text, report);
        CHECK_STR(l.reports[1].url, "http://x.gov.cn/art/2020/1/18/art_1229_3.pdf");
    }
    /* 3 records inline, 45 in all, 20 per request: 4-23, 24-43, 44-45 */
    CHECK_INT(l.request_count, 3);
    if (l.request_count == 3) {
        CHECK_STR(l.requests[0].url, "http://x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=23&perpage=10");
        CHECK_STR(l.requests[2].url, "http://x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=44&endrecord=45&perpage=10");
        CHECK_STR(l.requests[0].post, "col=1&appid=1&webid=3&path=%2F&columnid=1229&sourceContentType=1&unitid=4407"
                                      "&webname=%E7%A4%BA%E4%BE%8B%E5%8E%BF+%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C"
                                      "&permissiontype=0");
        CHECK(l.requests[0].kind == NB_SCRAPER_XML);
    }
    nb_scraper_listing_free(&l);

    /* the data proxy's answer: a datastore document, entity-escaped records read too */
    nb_scraper_request req = {.url = "http://x.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=4&endrecord=23&perpage=10",
                              .post = "col=1", .kind = NB_SCRAPER_XML};
    const char *answer = "<?xml version=\"1.0\" encoding=\"GBK\"?><datastore><recordset>"
                         "<record><![CDATA[<li><a href='/art/2021/1/5/art_1229_7.html'>联安镇2020年政府信息公开工作年度报告</a></li>]]></record>"
                         "<record>&lt;li&gt;&lt;a href=&quot;/art/2021/1/5/art_1229_8.html&quot;&gt;海城镇2020年政府信息公开工作年度报告"
                         "&lt;/a&gt;&lt;/li&gt;</record></recordset><totalrecord>45</totalrecord></datastore>";
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_scraper_hanweb.data(&req, answer, strlen(answer), &l, &err), 0);
    CHECK_INT(l.report_count, 2);
    if (l.report_count == 2) CHECK_STR(l.reports[1].url, "http://x.gov.cn/art/2021/1/5/art_1229_8.html");
    CHECK_INT(l.request_count, 0);
    nb_scraper_listing_free(&l);
    /* a login page instead of data is a failure, not an empty column */
    nb_buf_clear(&err);
    CHECK_INT(nb_scraper_hanweb.data(&req, "<html><body>请登录</body></html>", 33, &l, &err), -1);
    CHECK(strstr(err.data, "not a Hanweb datastore") != NULL);
    nb_scraper_listing_free(&l);
    nb_buf_free(&err);

    /* without param_ fields the <nextgroup> link's query gives them */
    char *no_param = strdup(hanweb_page);
    char *p = strstr(no_param, "var param_4407");
    memcpy(p, "var other_4407", 14);
    l = read_page(&nb_scraper_hanweb, no_param, "http://x.gov.cn/col/col1229/index.html", &rc);
    CHECK_INT(l.request_count, 3);
    if (l.request_count)
        CHECK_STR(l.requests[0].post, "appid=1&webid=3&path=/&columnid=1229&unitid=4407&webname=示例县&permissiontype=0");
    nb_scraper_listing_free(&l);
    free(no_param);

    CHECK(nb_scraper_hanweb.recognise(hanweb_page, strlen(hanweb_page), "http://x.gov.cn/col/col1229/index.html"));
    /* a page without a datastore: its ordinary links */
    l = read_page(&nb_scraper_hanweb, "<a href='/a.html'>平东镇2019年政府信息公开工作年度报告</a>", "http://x.gov.cn/", &rc);
    CHECK_INT(l.report_count, 1);
    nb_scraper_listing_free(&l);
}

static const char *gkmlpt_index = "<html><head><script>window._CONFIG = {SID: '755031', ROOT: '/gkmlpt/'};</script>"
                                   "</head><body><div id='app'></div><script src='/gkmlpt/app.js'></script></body></html>";

static void gkmlpt_api(void)
{
    int rc;
    nb_scraper_listing l = read_page(&nb_scraper_gkmlpt, gkmlpt_index, "http://www.x.gov.cn/twn/gkmlpt/index#2590", &rc);
    CHECK_INT(rc, 0);
    CHECK_INT(l.request_count, 1);
    if (l.request_count == 1) {
        CHECK_STR(l.requests[0].url, "http://www.x.gov.cn/twn/gkmlpt/api/all/2590?page=1&sid=755031");
        CHECK(l.requests[0].kind == NB_SCRAPER_JSON);
    }
    nb_scraper_listing_free(&l);
    l = read_page(&nb_scraper_gkmlpt, gkmlpt_index, "http://www.x.gov.cn/gkmlpt/index", &rc);
    if (l.request_count == 1) CHECK_STR(l.requests[0].url, "http://www.x.gov.cn/gkmlpt/api/all/0?page=1&sid=755031");
    nb_scraper_listing_free(&l);
    CHECK(nb_scraper_gkmlpt.recognise(gkmlpt_index, strlen(gkmlpt_index), "http://www.x.gov.cn/gkmlpt/index"));
    CHECK(!nb_scraper_gkmlpt.recognise(gkmlpt_index, strlen(gkmlpt_index), "http://www.x.gov.cn/zwgk/index.html"));

    /* page 1: its articles, and every other page at once (55 articles, 20 a page) */
    nb_scraper_request req = {.url = "http://www.x.gov.cn/gkmlpt/api/all/2590?page=1&sid=755031", .kind = NB_SCRAPER_JSON};
    char json[2048];
    snprintf(json, sizeof json,
             "{\"total\": 55, \"articles\": [{\"id\": 1, \"title\": \"%s\", \"url\": "
             "\"http://www.x.gov.cn/gkmlpt/content/2/2590/post_1.html\", \"create_time\": 1580000000},"
             "{\"id\": 2, \"title\": \"\\u5e73\\u4e1c\\u9547\\u0032\\u0030\\u0032\\u0030\\u5e74\\u653f\\u5e9c\\u4fe1\\u606f"
             "\\u516c\\u5f00\\u5de5\\u4f5c\\u5e74\\u5ea6\\u62a5\\u544a\", \"url\": \"/gkmlpt/content/2/2590/post_2.html\"},"
             "{\"id\": 3, \"title\": \"关于做好2020年政府信息公开工作年度报告的通知\", \"url\": \"/x/post_3.html\"},"
             "{\"id\": 4, \"title\": 7}, \"not an object\"%s]}",
             report, "");
    /* 20 articles a page: pad the array up to 20 entries with news items */
    nb_buf padded = NB_BUF_INIT;
    nb_buf_add(&padded, json, strlen(json) - 2);
    for (int i = 5; i <= 20; i++)
        nb_buf_printf(&padded, ",{\"id\": %d, \"title\": \"新闻%d\", \"url\": \"/n/%d.html\"}", i, i, i);
    nb_buf_adds(&padded, "]}");
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_scraper_gkmlpt.data(&req, padded.data, padded.len, &l, &err), 0);
    CHECK_INT(l.report_count, 2);
    if (l.report_count == 2) {
        CHECK_STR(l.reports[0].text, report);
        CHECK_STR(l.reports[0].date, "2020-01-26"); /* 1580000000: 2020-01-26 08:53 in China */
        CHECK_STR(l.reports[1].date, "");
        CHECK_STR(l.reports[1].url, "http://www.x.gov.cn/gkmlpt/content/2/2590/post_2.html");
        CHECK_STR(l.reports[1].text, "平东镇2020年政府信息公开工作年度报告");
    }
    CHECK_INT(l.request_count, 2);
    if (l.request_count == 2) CHECK_STR(l.requests[1].url, "http://www.x.gov.cn/gkmlpt/api/all/2590?page=3&sid=755031");
    nb_scraper_listing_free(&l);
    /* page 2 lists no further pages */
    req.url = "http://www.x.gov.cn/gkmlpt/api/all/2590?page=2&sid=755031";
    CHECK_INT(nb_scraper_gkmlpt.data(&req, padded.data, padded.len, &l, &err), 0);
    CHECK_INT(l.request_count, 0);
    nb_scraper_listing_free(&l);
    /* a create_time past year 9999 (or before 1990) is no date, not a garbled one */
    static const char far_times[] = "{\"articles\": [{\"title\": \"某镇2020年政府信息公开工作年度报告\", \"url\": \"/a.html\", "
                                    "\"create_time\": 9000000000000000000}, {\"title\": \"某乡2020年政府信息公开工作年度报告\", "
                                    "\"url\": \"/b.html\", \"create_time\": 86400}]}";
    CHECK_INT(nb_scraper_gkmlpt.data(&req, far_times, strlen(far_times), &l, &err), 0);
    CHECK_INT(l.report_count, 2);
    for (size_t i = 0; i < l.report_count; i++) CHECK_STR(l.reports[i].date, "");
    nb_scraper_listing_free(&l);
    /* what is not the API's answer is a failure that says so */
    nb_buf_clear(&err);
    CHECK_INT(nb_scraper_gkmlpt.data(&req, "<html>维护中</html>", 22, &l, &err), -1);
    CHECK(strstr(err.data, "answered no JSON") != NULL);
    nb_buf_clear(&err);
    CHECK_INT(nb_scraper_gkmlpt.data(&req, "{\"total\": 3}", 12, &l, &err), -1);
    CHECK(strstr(err.data, "without \"articles\"") != NULL);
    nb_scraper_listing_free(&l);
    nb_buf_free(&err);
    nb_buf_free(&padded);
}

static void auto_picks_the_family(void)
{
    const char *trs = "<script>createPageHTML(3, 0, \"index\", \"html\");</script>";
    const char *plain = "<a href='index_2.html'>下一页</a>";
    CHECK_STR(nb_scraper_recognise(gkmlpt_index, strlen(gkmlpt_index), "http://x.gov.cn/gkmlpt/index")->name, "gkmlpt");
    CHECK_STR(nb_scraper_recognise(hanweb_page, strlen(hanweb_page), "http://x.gov.cn/col/col1229/index.html")->name,
              "hanweb");
    CHECK_STR(nb_scraper_recognise(trs, strlen(trs), "http://x.gov.cn/gknb/index.html")->name, "trs");
    CHECK_STR(nb_scraper_recognise(plain, strlen(plain), "http://x.gov.cn/gknb/index.html")->name, "generic");
    CHECK(nb_scraper_find("auto") != NULL && nb_scraper_find("auto")->listing == NULL);
    CHECK(nb_scraper_find("auto")->meta != NULL); /* report pages are read the generic way */
}

int main(void)
{
    trs_pagers();
    hanweb_records_and_data_proxy();
    gkmlpt_api();
    auto_picks_the_family();
    return check_done();
}
