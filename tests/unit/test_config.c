#include "check.h"
#include "pipeline/config.h"
#include "scrapers/scraper.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[64];

static void write_file(const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static const char *path_of(const char *name)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static const char *townships_csv =
    "\xEF\xBB\xBFname,slug,aliases,notes\r\n"
    "平东镇,pingdong,平东|平东镇人民政府,seed page\r\n"
    "城东镇,chengdong,,\r\n"
    "\r\n"
    "联安镇, lianan ,联安,\r\n";

static void loads_a_full_config(void)
{
    write_file("towns.csv", townships_csv);
    CHECK_INT(system("mkdir -p /tmp/nb-config-test-mirror"), 0);
    nb_buf ini = NB_BUF_INIT;
    nb_buf_adds(&ini, "; the county\n[county]\nname = 海丰县\ncode = 441521   ; optional\n"
                      "townships = towns.csv\nyears = 2019-2025\ndeadline = 02-15\n\n"
                      "[portal]\nlisting = https://www.example.gov.cn/zwgk/xxgknb/index.html\n"
                      "listing = file://mirror/index.html\nlisting = /tmp/nb-config-test-mirror/a b.html\n"
                      "scraper = generic\nmax_listing_pages = 7\n[fetch]\nconcurrency = 2\n"
                      "delay_ms = 0\ntimeout_s = 5\nretries = 1\nbackoff_ms = 10\nmax_bytes = 4096\n"
                      "max_run_s = 90\nuser_agent = ");
    /* longer than libinih's default 200-byte line */
    nb_buf_adds(&ini, "nianbao/<version> (+");
    for (int i = 0; i < 30; i++) nb_buf_adds(&ini, "operator");
    nb_buf_adds(&ini, ")\n");
    write_file("county.ini", ini.data);
    CHECK_INT(system("mkdir -p /tmp/nb-config-test/mirror") , 0);
    char mirror[128];
    snprintf(mirror, sizeof mirror, "mkdir -p %s/mirror", dir);
    CHECK_INT(system(mirror), 0);

    nb_config cfg;
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_config_load(path_of("county.ini"), &cfg, &err), 0);
    CHECK_INT(err.len, 0);
    CHECK_STR(cfg.county, "海丰县");
    CHECK_STR(cfg.code, "441521");
    CHECK_INT(cfg.year_from, 2019);
    CHECK_INT(cfg.year_to, 2025);
    CHECK_INT(cfg.deadline_month, 2);
    CHECK_INT(cfg.deadline_day, 15);
    CHECK_INT(cfg.listing_count, 3);
    if (cfg.listing_count == 3) {
        CHECK_STR(cfg.listings[0], "https://www.example.gov.cn/zwgk/xxgknb/index.html");
        char expect[512];
        char real[256];
        CHECK(realpath(dir, real) != NULL);
        snprintf(expect, sizeof expect, "file://%s/mirror/index.html", real);
        CHECK_STR(cfg.listings[1], expect);
        CHECK_STR(cfg.listings[2], "file:///tmp/nb-config-test-mirror/a%20b.html");
    }
    CHECK_INT(cfg.max_listing_pages, 7);
    CHECK_INT(cfg.concurrency, 2);
    CHECK_INT(cfg.delay_ms, 0);
    CHECK_INT(cfg.timeout_s, 5);
    CHECK_INT(cfg.retries, 1);
    CHECK_INT(cfg.backoff_ms, 10);
    CHECK_INT(cfg.max_bytes, 4096);
    CHECK_INT(cfg.max_run_s, 90);
    CHECK(!strncmp(cfg.user_agent, "nianbao/" NB_VERSION " (+operator", 20 + strlen(NB_VERSION) - 1));
    CHECK_INT(strlen(cfg.user_agent), strlen("nianbao/" NB_VERSION " (+)") + 30 * 8);
    CHECK_INT(cfg.township_count, 3);
    CHECK_STR(cfg.townships[2].slug, "lianan");
    CHECK_INT(cfg.townships[2].line, 5);
    CHECK_INT(cfg.townships[0].alias_count, 2);
    CHECK_INT(cfg.townships[1].alias_count, 0);

    CHECK_INT(nb_config_township(&cfg, "平东镇"), 0);
    CHECK_INT(nb_config_township(&cfg, "pingdong"), 0);
    CHECK_INT(nb_config_township(&cfg, "平东镇人民政府"), 0);
    CHECK_INT(nb_config_township(&cfg, "联安"), 2);
    CHECK_INT(nb_config_township(&cfg, "梅陇镇"), -1);
    CHECK_INT(nb_config_township_in(&cfg, "海丰县城东镇2019年政府信息公开年报"), 1);
    CHECK_INT(nb_config_township_in(&cfg, "平东2020年年报"), 0);
    CHECK_INT(nb_config_township_in(&cfg, "梅陇镇2020年年报"), -1);

    nb_select sel;
    char *towns[] = {"pingdong", "联安"};
    CHECK_INT(nb_config_select(&cfg, towns, 2, "2020-2021", &sel, &err), 0);
    CHECK(nb_select_has(&sel, 0, 2020));
    CHECK(nb_select_has(&sel, 2, 2021));
    CHECK(!nb_select_has(&sel, 1, 2020));
    CHECK(!nb_select_has(&sel, 0, 2019));
    nb_select_free(&sel);
    CHECK_INT(nb_config_select(&cfg, NULL, 0, NULL, &sel, &err), 0);
    CHECK(nb_select_has(&sel, 1, 2019) && nb_select_has(&sel, 1, 2025) && !nb_select_has(&sel, 1, 2026));
    nb_select_free(&sel);
    char *unknown[] = {"梅陇镇"};
    CHECK_INT(nb_config_select(&cfg, unknown, 1, NULL, &sel, &err), -1);
    CHECK(strstr(err.data, "--township 梅陇镇: not in") != NULL);
    nb_buf_clear(&err);
    CHECK_INT(nb_config_select(&cfg, NULL, 0, "2030", &sel, &err), -1);
    CHECK(strstr(err.data, "--year 2030: outside the years 2019-2025") != NULL);
    nb_buf_clear(&err);
    CHECK_INT(nb_config_select(&cfg, NULL, 0, "20x", &sel, &err), -1);
    nb_config_free(&cfg);
    nb_buf_free(&err);
    nb_buf_free(&ini);
}

static const char *base_ini = "[county]\nname = 海丰县\ntownships = towns.csv\nyears = 2019-2025\n"
                              "[portal]\nlisting = http://127.0.0.1/index.html\n";

/* Loads base_ini with `extra` appended and the given townships.csv; returns the error. */
static char *error_of(const char *extra, const char *csv)
{
    nb_buf ini = NB_BUF_INIT, err = NB_BUF_INIT;
    nb_buf_printf(&ini, "%s%s", base_ini, extra);
    write_file("county.ini", ini.data);
    write_file("towns.csv", csv ? csv : townships_csv);
    nb_config cfg;
    int rc = nb_config_load(path_of("county.ini"), &cfg, &err);
    /* the adapter's name is judged by scrapers/ right after loading, as the commands do */
    if (rc == 0) CHECK(nb_scraper_of_config(&cfg, &err) == NULL);
    else CHECK_INT(rc, -1);
    nb_config_free(&cfg);
    nb_buf_free(&ini);
    /* messages start with the path; the tests compare what follows the folder */
    char *msg = nb_buf_detach(&err);
    size_t skip = strlen(dir) + 1;
    if (strlen(msg) > skip) memmove(msg, msg + skip, strlen(msg + skip) + 1);
    return msg;
}

static void expect_error(const char *extra, const char *csv, const char *expected)
{
    char *msg = error_of(extra, csv);
    CHECK_STR(msg, expected);
    free(msg);
}

static void names_file_and_line_of_each_error(void)
{
    expect_error("[fetch]\ntimeout = 3\n", NULL, "county.ini:8: unknown key \"timeout\" in [fetch]");
    expect_error("[fetch]\ntimeout_s = 3o\n", NULL,
                 "county.ini:8: timeout_s = \"3o\" is not a whole number from 1 to 3600");
    expect_error("[fetch]\nconcurrency = 0\n", NULL,
                 "county.ini:8: concurrency = \"0\" is not a whole number from 1 to 64");
    expect_error("[fetch]\nretries = 1\nretries = 2\n", NULL,
                 "county.ini:9: retries is given twice (first on line 8)");
    expect_error("[mirror]\nx = 1\n", NULL,
                 "county.ini:8: unknown section [mirror] (known: [county], [portal], [fetch])");
    expect_error("this is not ini\n", NULL,
                 "county.ini:7: not a [section], a key = value line or a comment");
    expect_error("scraper = guangdong\n", NULL,
                 "county.ini:7: scraper = \"guangdong\" is not an adapter in scrapers/ (known: gkmlpt, hanweb, trs, generic, auto)");
    expect_error("listing = ftp://example.org/x\n", NULL,
                 "county.ini:7: listing \"ftp://example.org/x\": only http://, https:// and file:// URLs are allowed");
    expect_error("[county]\ndeadline = 1月31日\n", NULL,
                 "county.ini:8: deadline = \"1月31日\" is not a day written MM-DD (e.g. 01-31)");
    expect_error("", "name,slug,aliases\n平东镇,PingDong,\n",
                 "towns.csv:2: slug \"PingDong\" of 平东镇 must be ASCII letters a-z, digits and -");
    /* a slug becomes part of file names: a long one would fail at run time ("File name too long") */
    expect_error("", "name,slug,aliases\n平东镇,pingdong-pingdong-pingdong-pingdong-pingdong-pingdong-pingdong-pingdong,\n",
                 "towns.csv:2: slug \"pingdong-pingdong-pingdong-pingdong-p...\" of 平东镇 is longer than 64 bytes (it becomes part of file names)");
    expect_error("[county]\ndeadline = 02-30\n", NULL,
                 "county.ini:8: deadline = \"02-30\": month 02 has no day 30 in every year");
    expect_error("[county]\ndeadline = 04-31\n", NULL,
                 "county.ini:8: deadline = \"04-31\": month 04 has no day 31 in every year");
    /* a listing URL that cannot be fetched is a configuration error, not a failure at run time */
    expect_error("listing = http://exa mple.gov.cn/gknb/\n", NULL,
                 "county.ini:7: listing \"http://exa mple.gov.cn/gknb/\" is not a URL that can be fetched");
    expect_error("[fetch]\nmax_run_s = 0\n", NULL,
                 "county.ini:8: max_run_s = \"0\" is not a whole number from 10 to 604800");
    expect_error("", "name,slug,aliases\n平东镇,pingdong,\n城东镇,chengdong,东镇|平东镇\n",
                 "towns.csv:3: alias 平东镇 is already used by 平东镇 on line 2");
    expect_error("", "name,slug,aliases\n平东镇,pingdong,\n城东镇,pingdong,\n",
                 "towns.csv:3: slug pingdong is already used by 平东镇 on line 2");
    expect_error("", "name,slug,aliases\n,pingdong,\n", "towns.csv:2: the township has no name");
    expect_error("", "town,code\n平东镇,1\n", "towns.csv:1: the header must name the columns name,slug,aliases");
    expect_error("", "name,slug,aliases\n平东镇,\"pingdong\n",
                 "towns.csv:line 2: unterminated quoted field");

    /* missing pieces */
    write_file("towns.csv", townships_csv);
    write_file("county.ini", "[county]\nname = 海丰县\ntownships = nowhere.csv\nyears = 2019\n"
                             "[portal]\nlisting = http://127.0.0.1/\n");
    nb_config cfg;
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_config_load(path_of("county.ini"), &cfg, &err), -1);
    CHECK(strstr(err.data, "county.ini:3: townships file ") && strstr(err.data, "nowhere.csv cannot be read: No such file"));
    nb_buf_clear(&err);
    write_file("county.ini", "[county]\nname = 海丰县\ntownships = towns.csv\nyears = 2019\n");
    CHECK_INT(nb_config_load(path_of("county.ini"), &cfg, &err), -1);
    CHECK(strstr(err.data, "county.ini: [portal] has no listing = ...") != NULL);
    nb_buf_clear(&err);
    CHECK_INT(nb_config_load(path_of("absent.ini"), &cfg, &err), -1);
    CHECK(strstr(err.data, "absent.ini: cannot read: No such file or directory") != NULL);
    nb_config_free(&cfg);
    nb_buf_free(&err);
}

/* The settings of issue 14: the default adapter, allowed_hosts as sites, a gkmlpt
 * category kept in the listing's #fragment, ca_file against the ini's folder, proxy,
 * and each township's own listing (the county's listing may then be left out). */
static void portal_settings(void)
{
    write_file("towns.csv", "name,slug,aliases,listing\n平东镇,pingdong,,http://www.x.gov.cn/pdz/gknb/index.html\n"
                            "城东镇,chengdong,,\n");
    write_file("ca.pem", "-----BEGIN CERTIFICATE-----\n");
    write_file("county.ini", "[county]\nname = 海丰县\ntownships = towns.csv\nyears = 2019\n[portal]\n"
                             "listing = http://www.x.gov.cn/gkmlpt/index#2590\n"
                             "allowed_hosts = X.gov.cn, files.x.gov.cn:8080\nallowed_hosts = img.x.gov.cn\n"
                             "[fetch]\nca_file = ca.pem\nproxy = socks5://127.0.0.1:1080\n");
    nb_config cfg;
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_config_load(path_of("county.ini"), &cfg, &err), 0);
    if (!err.len) {
        CHECK_STR(cfg.scraper, "auto");
        CHECK_STR(cfg.listings[0], "http://www.x.gov.cn/gkmlpt/index#2590");
        CHECK_INT(cfg.allowed_host_count, 3);
        if (cfg.allowed_host_count == 3) {
            CHECK_STR(cfg.allowed_hosts[0], "http://x.gov.cn/");
            CHECK_STR(cfg.allowed_hosts[1], "http://files.x.gov.cn:8080/");
        }
        CHECK_STR(cfg.ca_file, path_of("ca.pem"));
        CHECK_STR(cfg.proxy, "socks5://127.0.0.1:1080");
        CHECK_STR(cfg.townships[0].listing, "http://www.x.gov.cn/pdz/gknb/index.html");
        CHECK(cfg.townships[1].listing == NULL);
        nb_config_free(&cfg);
    }
    write_file("county.ini", "[county]\nname = 海丰县\ntownships = towns.csv\nyears = 2019\n");
    CHECK_INT(nb_config_load(path_of("county.ini"), &cfg, &err), 0);
    if (!err.len) {
        CHECK_INT(cfg.listing_count, 0);
        nb_config_free(&cfg);
    }
    nb_buf_free(&err);
    write_file("towns.csv", townships_csv);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/nb-config-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    loads_a_full_config();
    names_file_and_line_of_each_error();
    portal_settings();
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s /tmp/nb-config-test-mirror /tmp/nb-config-test", dir);
    CHECK_INT(system(cmd), 0);
    return check_done();
}
