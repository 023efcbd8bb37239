#include "check.h"
#include "base/url.h"

static void resolves_links_as_browsers_do(void)
{
    nb_buf out = NB_BUF_INIT, err = NB_BUF_INIT;
    const char *base = "http://www.gdhf.gov.cn/gdhf/zwgk/gknb/index.html";
    CHECK_INT(nb_url_resolve(base, "content/post_1.html", &out, &err), 0);
    CHECK_STR(out.data, "http://www.gdhf.gov.cn/gdhf/zwgk/gknb/content/post_1.html");
    CHECK_INT(nb_url_resolve(base, "../gknb/./x.html#part", &out, &err), 0);
    CHECK_STR(out.data, "http://www.gdhf.gov.cn/gdhf/zwgk/gknb/x.html");
    CHECK_INT(nb_url_resolve(base, "//other.gov.cn/a", &out, &err), 0);
    CHECK_STR(out.data, "http://other.gov.cn/a");
    CHECK_INT(nb_url_resolve(base, "\n  /a b\t.html ", &out, &err), 0);
    CHECK_STR(out.data, "http://www.gdhf.gov.cn/a%20b.html");
    CHECK_INT(nb_url_resolve("file:///m/gknb/index.html", "content/p.html", &out, &err), 0);
    CHECK_STR(out.data, "file:///m/gknb/content/p.html");
    CHECK_INT(nb_url_resolve(base, "javascript:void(0)", &out, &err), -1);
    CHECK_INT(nb_url_resolve(base, "mailto:a@b.cn", &out, &err), -1);
    CHECK_INT(nb_url_resolve(base, "ftp://x.cn/a", &out, &err), -1);
    CHECK(strstr(err.data, "only http, https and file") != NULL);
    CHECK_INT(nb_url_resolve(base, "#top", &out, &err), -1);
    CHECK_INT(nb_url_resolve(base, "   ", &out, &err), -1);
    nb_buf_free(&out);
    nb_buf_free(&err);
}

static void hosts_and_file_urls(void)
{
    nb_buf out = NB_BUF_INIT;
    CHECK_INT(nb_url_host("http://WWW.GDHF.gov.cn:8080/x", &out), 0);
    CHECK_STR(out.data, "www.gdhf.gov.cn");
    CHECK_INT(nb_url_host("file:///tmp/x", &out), 0);
    CHECK_STR(out.data, "");
    CHECK_INT(nb_url_host("not a url", &out), -1);
    CHECK(nb_url_is_file("FILE:///x") && !nb_url_is_file("http://x"));
    nb_url_from_path("/tmp/海丰 mirror/index.html", &out);
    CHECK_STR(out.data, "file:///tmp/%E6%B5%B7%E4%B8%B0%20mirror/index.html");
    nb_buf_free(&out);
}

/* A site is host + port: another port of the portal's host is another server. */
static void sites_are_host_and_port(void)
{
    CHECK(nb_url_same_site("http://gdhf.gov.cn/a", "http://GDHF.gov.cn:80/b"));
    CHECK(nb_url_same_site("http://gdhf.gov.cn/a", "https://gdhf.gov.cn/b"));   /* 80 <-> 443 */
    CHECK(nb_url_same_site("http://127.0.0.1:8123/a", "http://127.0.0.1:8123/b"));
    CHECK(!nb_url_same_site("http://127.0.0.1:8123/a", "http://127.0.0.1:8124/a"));
    CHECK(!nb_url_same_site("http://gdhf.gov.cn/a", "http://gdhf.gov.cn:8080/a"));
    CHECK(!nb_url_same_site("http://gdhf.gov.cn:8080/a", "https://gdhf.gov.cn:8080/a"));
    CHECK(!nb_url_same_site("http://gdhf.gov.cn/a", "https://gdhf.gov.cn:8443/a"));
    CHECK(!nb_url_same_site("http://gdhf.gov.cn/a", "http://www.gdhf.gov.cn/a"));
    CHECK(!nb_url_same_site("file:///m/a", "file:///m/b"));
    CHECK(!nb_url_same_site("http://gdhf.gov.cn/a", "not a url"));
}

int main(void)
{
    resolves_links_as_browsers_do();
    hosts_and_file_urls();
    sites_are_host_and_port();
    return check_done();
}
