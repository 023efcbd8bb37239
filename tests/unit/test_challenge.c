/* Anti-robot challenges told apart from pages (scrapers/challenge.h). */
#include "check.h"
#include "scrapers/challenge.h"

static int is_challenge(long status, const char *cookies, const char *body, const char *expect_what)
{
    nb_buf what = NB_BUF_INIT;
    int yes = nb_challenge_recognise(status, cookies, body, strlen(body), &what);
    if (yes && expect_what) CHECK_STR(what.data, expect_what);
    nb_buf_free(&what);
    return yes;
}

int main(void)
{
    const char *ruishu = "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">"
                         "<script type=\"text/javascript\" src=\"/4QbVtADbnLVIc/c.FxJzG50F.js\"></script>"
                         "<script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=41852;</script></head>"
                         "<body><script>(function(){})();</script></body></html>";
    const char *jsl = "<html><body><script>document.cookie=('_')+('_')+('j')+('s')+('l')+'=1;path=/';"
                      "location.href=location.pathname+location.search</script></body></html>";
    /* 瑞数: 412 with its script and cookies; named */
    CHECK(is_challenge(412, "FSSBBIl1UgzbN7N80S FSSBBIl1UgzbN7N80T", ruishu, "HTTP 412, 瑞数/Rivers Security"));
    CHECK(is_challenge(202, "", ruishu, "HTTP 202, 瑞数/Rivers Security"));
    /* the cookie alone names it, whatever the body */
    CHECK(is_challenge(412, "NfBCSins2OywO", "<html><body>请稍候</body></html>", "HTTP 412, 瑞数/Rivers Security"));
    /* 加速乐: 521 with __jsluid */
    CHECK(is_challenge(521, "__jsluid_s", jsl, "HTTP 521, 加速乐/Jiasule"));
    /* a 200 that is only such a script */
    CHECK(is_challenge(200, "", jsl, "HTTP 200"));
    CHECK(is_challenge(200, "", ruishu, "HTTP 200, 瑞数/Rivers Security"));

    /* not challenges: a catalogue drawn by script (no marks), a 404 page that says so, a
     * listing, a 412 page with words, a 503 */
    CHECK(!is_challenge(200, "", "<html><head><script>window._CONFIG = {SID: '1'};</script></head>"
                                 "<body><div id='app'></div><script src='/app.js'></script></body></html>", NULL));
    CHECK(!is_challenge(404, "", "<html><body><h1>404</h1><p>您访问的页面不存在，请返回首页</p></body></html>", NULL));
    CHECK(!is_challenge(200, "", "<ul><li><a href='a.html'>平东镇2019年政府信息公开工作年度报告</a></li></ul>"
                                 "<script>document.cookie='a=1';location.reload()</script>"
                                 "<p>示例县人民政府办公室主办，地址：示例县人民路1号，电话0660-1234567</p>", NULL));
    CHECK(!is_challenge(412, "", "<html><body><p>Precondition Failed: the If-Match header did not match the "
                                 "current version of the resource</p></body></html>", NULL));
    CHECK(!is_challenge(503, "", "<html><body>Service Unavailable, try later</body></html>", NULL));
    CHECK(!is_challenge(200, "", "", NULL));
    return check_done();
}
