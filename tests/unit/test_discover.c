/* Discovery over a file:// mirror: statuses, duplicates, pagination limits, failures. */
#include "check.h"
#include "pipeline/config.h"
#include "scrapers/discover.h"
#include "scrapers/harvest.h"

#include <stdlib.h>

static char dir[64];

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static int load(nb_config *cfg, int max_pages, const char *listing)
{
    char ini[512], path[128];
    snprintf(ini, sizeof ini,
             "[county]\nname = 海丰县\ntownships = towns.csv\nyears = 2019-2021\n[portal]\nlisting = %s\n"
             "max_listing_pages = %d\n[fetch]\ndelay_ms = 0\ntimeout_s = 2\nretries = 0\n",
             listing, max_pages);
    write_file("county.ini", ini);
    snprintf(path, sizeof path, "%s/county.ini", dir);
    nb_buf err = NB_BUF_INIT;
    int rc = nb_config_load(path, cfg, &err);
    if (rc) fprintf(stderr, "%s\n", err.data);
    nb_buf_free(&err);
    return rc;
}

static const nb_found *find(const nb_discovery *d, const char *suffix)
{
    for (size_t i = 0; i < d->count; i++) {
        size_t n = strlen(d->items[i].url), k = strlen(suffix);
        if (n >= k && !strcmp(d->items[i].url + n - k, suffix)) return &d->items[i];
    }
    return NULL;
}

static void walks_and_judges(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "mkdir -p %s/m", dir);
    CHECK_INT(system(cmd), 0);
    write_file("towns.csv", "name,slug,aliases\n平东镇,pingdong,平东\n城东镇,chengdong,\n");
    write_file("m/index.html", "<a href='a.html'>平东镇2019年政府信息公开工作年度报告</a>"
                               "<a href='b.html'>城东镇2020年度政务公开年报</a>"
                               "<a href='c.html'>城东镇2020年政府信息公开工作年度报告（更正）</a>"
                               "<a href='next.html'>下一页</a>");
    write_file("m/next.html", "<a href='d.html'>石头镇2019年政府信息公开年报</a>"
                              "<a href='e.html'>平东2017年政府信息公开年报</a>"
                              "<a href='f.html'>平东镇政府信息公开年度报告</a>"
                              "<a href='a.html'>平东镇2019年政府信息公开工作年度报告</a>"
                              "<a href='gone.html'>下一页</a>");
    nb_config cfg;
    CHECK_INT(load(&cfg, 10, "m/index.html"), 0);
    nb_fetch_opts o;
    nb_harvest_fetch_opts(&cfg, &o); /* as the commands make it: the mirror's folder readable */
    o.user_agent = "nianbao-test";   /* the fetcher outlives this config (the later ones share its mirror) */
    nb_fetcher *f = nb_fetch_new(&o);
    nb_discovery d;
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_discover(&cfg, f, &d, &err), 0);
    CHECK_INT(d.pages, 2);
    CHECK_INT(d.failure_count, 0); /* gone.html and index_*.html guesses are the end, not failures */
    CHECK_INT(d.page_limit_hit, 0);
    CHECK_INT(d.count, 6);
    const nb_found *a = find(&d, "/a.html"), *b = find(&d, "/b.html"), *c = find(&d, "/c.html");
    const nb_found *dd = find(&d, "/d.html"), *e = find(&d, "/e.html"), *ff = find(&d, "/f.html");
    CHECK(a && a->status == NB_FOUND_OK && a->township == 0 && a->year == 2019);
    CHECK(b && b->status == NB_FOUND_DUPLICATE && b->township == 1 && b->year == 2020);
    CHECK(c && c->status == NB_FOUND_DUPLICATE);
    CHECK(dd && dd->status == NB_FOUND_UNREGISTERED && !strcmp(dd->named, "石头镇"));
    CHECK(e && e->status == NB_FOUND_OUT_OF_RANGE && e->township == 0 && e->year == 2017);
    CHECK(ff && ff->status == NB_FOUND_NO_YEAR);

    char csv[128];
    snprintf(csv, sizeof csv, "%s/out/discovered.csv", dir);
    CHECK_INT(nb_discovery_write(csv, &cfg, &d, &err), 0);
    nb_discovery_seen cache = NB_DISCOVERY_SEEN_INIT;
    CHECK(nb_discovery_listed(csv, &cache, dd->url, NB_FOUND_UNREGISTERED));
    CHECK(!nb_discovery_listed(csv, &cache, dd->url, NB_FOUND_NO_YEAR));
    CHECK(!nb_discovery_listed(csv, &cache, a->url, NB_FOUND_OK));
    nb_discovery_seen_free(&cache);
    CHECK(nb_discovery_listed("/nonexistent/discovered.csv", &cache, a->url, NB_FOUND_OK) == 0);
    nb_discovery_seen_free(&cache);
    nb_buf text = NB_BUF_INIT;
    CHECK_INT(nb_buf_read_file(&text, csv), 0);
    CHECK(strstr(text.data, "\xEF\xBB\xBFurl,text,township,year,status,scraper\r\n") == text.data);
    CHECK(strstr(text.data, ",石头镇2019年政府信息公开年报,石头镇,2019,unregistered,generic\r\n") != NULL);
    CHECK(strstr(text.data, ",平东镇政府信息公开年度报告,平东镇,,no_year,generic\r\n") != NULL);
    nb_buf_free(&text);
    nb_discovery_free(&d);
    nb_config_free(&cfg);

    /* one page allowed: the second is left, and that is said */
    CHECK_INT(load(&cfg, 1, "m/index.html"), 0);
    CHECK_INT(nb_discover(&cfg, f, &d, &err), 0);
    CHECK_INT(d.pages, 1);
    CHECK_INT(d.page_limit_hit, 1);
    CHECK_INT(d.count, 3);
    nb_discovery_free(&d);
    nb_config_free(&cfg);

    /* a configured listing page that is missing is a failure */
    CHECK_INT(load(&cfg, 5, "m/nothere.html"), 0);
    CHECK_INT(nb_discover(&cfg, f, &d, &err), 0);
    CHECK_INT(d.failure_count, 1);
    if (d.failure_count) CHECK(strstr(d.failures[0], "nothere.html: cannot read the file") != NULL);
    CHECK_INT(d.count, 0);
    nb_discovery_free(&d);
    nb_config_free(&cfg);
    nb_fetch_free(f);
    nb_harvest_fetch_opts_free(&o);
    nb_buf_free(&err);
}

/* The portal is what the config names: the sites (host and port) of http(s) listings,
 * the folders of file listings, and file:// only from file:// pages. */
static void links_stay_inside_the_portal(void)
{
    char *listings[] = {"http://www.Example.gov.cn/gknb/index.html", "file:///srv/mirror/gknb/index.html"};
    nb_config cfg = {.dir = "/nonexistent-config-dir", .listings = listings, .listing_count = 2};
    const char *web = "http://www.example.gov.cn/gknb/index.html", *mirror = "file:///srv/mirror/gknb/index.html";
    CHECK(nb_discover_in_scope(&cfg, "http://www.example.gov.cn/gknb/content/post_1.html", web));
    CHECK(nb_discover_in_scope(&cfg, "https://WWW.EXAMPLE.GOV.CN/other/path.html", web)); /* https, case */
    CHECK(nb_discover_in_scope(&cfg, "http://www.example.gov.cn:80/etc/passwd", web));   /* ../../ on the portal */
    CHECK(!nb_discover_in_scope(&cfg, "https://www.example.gov.cn:8443/other/path.html", web)); /* another port */
    CHECK(!nb_discover_in_scope(&cfg, "http://www.example.gov.cn:8080/gknb/index.html", web));
    CHECK(!nb_discover_in_scope(&cfg, "http://evil.example/gknb/index.html", web));
    CHECK(!nb_discover_in_scope(&cfg, "http://www.example.gov.cn.evil.example/x.html", web));
    CHECK(!nb_discover_in_scope(&cfg, "ftp://www.example.gov.cn/x.html", web));
    CHECK(!nb_discover_in_scope(&cfg, "javascript:alert(1)", web));
    CHECK(nb_discover_in_scope(&cfg, "file:///srv/mirror/gknb/content/post_1.html", mirror));
    CHECK(nb_discover_in_scope(&cfg, "file:///srv/mirror/gknb/index_2.html", mirror));
    CHECK(nb_discover_in_scope(&cfg, "file:///srv/mirror/gknb/index.html", NULL)); /* as configured */
    /* a web page never leads to the file system, even where a mirror is configured */
    CHECK(!nb_discover_in_scope(&cfg, "file:///srv/mirror/gknb/content/post_1.html", web));
    CHECK(!nb_discover_in_scope(&cfg, "file:///srv/mirror/other/post_1.html", mirror));
    CHECK(!nb_discover_in_scope(&cfg, "file:///srv/mirror/gknbx/post_1.html", mirror));
    CHECK(!nb_discover_in_scope(&cfg, "file:///etc/passwd", mirror));
    CHECK(!nb_discover_in_scope(&cfg, "file:///srv/mirror/gknb/content/%2e%2e/%2e%2e/%2e%2e/etc/passwd", mirror));
    CHECK(!nb_discover_in_scope(&cfg, "file:///srv/mirror/gknb/%2E%2E/x.html", mirror));
    CHECK(!nb_discover_in_scope(&cfg, "file://evil.example/srv/mirror/gknb/x.html", mirror)); /* a remote file */
    /* the config's own folder is not part of the mirror (county.ini, secrets beside it) */
    cfg.dir = dir;
    char beside[256];
    snprintf(beside, sizeof beside, "file://%s/secret.txt", dir);
    CHECK(!nb_discover_in_scope(&cfg, beside, mirror));
    /* an http portal alone admits no file at all */
    nb_config http_only = {.dir = "/nonexistent", .listings = listings, .listing_count = 1};
    CHECK(!nb_discover_in_scope(&http_only, "file:///srv/mirror/gknb/content/post_1.html", NULL));
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/nb-discover-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    walks_and_judges();
    links_stay_inside_the_portal();
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK_INT(system(cmd), 0);
    return check_done();
}
