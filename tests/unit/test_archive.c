#include "pipeline/fetch/archive.h"
#include "check.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

static char dir[64];

static void gunzip_file(const char *path, nb_buf *out)
{
    gzFile g = gzopen(path, "rb");
    char chunk[4096];
    int n;
    nb_buf_clear(out);
    while (g && (n = gzread(g, chunk, sizeof chunk)) > 0) nb_buf_add(out, chunk, (size_t)n);
    if (g) gzclose(g);
}

static void stores_by_content_and_never_overwrites(void)
{
    const char *page = "<html>平东镇2019年政府信息公开工作年度报告</html>";
    char sha[65];
    nb_buf rel = NB_BUF_INIT, err = NB_BUF_INIT, back = NB_BUF_INIT, path = NB_BUF_INIT;
    CHECK_INT(nb_archive_store(dir, "pingdong", 2019, "html", page, strlen(page), sha, &rel, &err), 0);
    char expect[128];
    snprintf(expect, sizeof expect, "raw/pingdong/2019/pingdong-2019-%.16s.html.gz", sha);
    CHECK_STR(rel.data, expect);
    CHECK(nb_archive_exists(dir, rel.data));
    nb_buf_printf(&path, "%s/%s", dir, rel.data);
    gunzip_file(path.data, &back);
    CHECK_STR(back.data, page);
    struct stat before, after;
    stat(path.data, &before);

    /* the same content again: same name, file left alone */
    char sha2[65];
    CHECK_INT(nb_archive_store(dir, "pingdong", 2019, "html", page, strlen(page), sha2, &rel, &err), 0);
    CHECK_STR(sha2, sha);
    stat(path.data, &after);
    CHECK_INT(after.st_ino, before.st_ino);

    /* a changed page: a second file beside the first */
    const char *changed = "<html>平东镇2019年政府信息公开工作年度报告（更正）</html>";
    CHECK_INT(nb_archive_store(dir, "pingdong", 2019, "html", changed, strlen(changed), sha2, &rel, &err), 0);
    CHECK(strcmp(sha2, sha) != 0);
    CHECK(nb_archive_exists(dir, rel.data));
    CHECK(nb_archive_exists(dir, expect));
    CHECK(!nb_archive_exists(dir, ""));
    CHECK(!nb_archive_exists(dir, "raw/none.html.gz"));

    /* the same bytes give the same file: no time or name in the gzip header */
    char other[80];
    snprintf(other, sizeof other, "%s/again", dir);
    CHECK_INT(nb_archive_store(other, "pingdong", 2019, "html", page, strlen(page), sha2, &rel, &err), 0);
    nb_buf a = NB_BUF_INIT, b = NB_BUF_INIT, p2 = NB_BUF_INIT;
    nb_buf_printf(&p2, "%s/%s", other, rel.data);
    CHECK_INT(nb_buf_read_file(&a, path.data), 0);
    CHECK_INT(nb_buf_read_file(&b, p2.data), 0);
    CHECK(a.len == b.len && !memcmp(a.data, b.data, a.len));
    nb_buf_free(&a), nb_buf_free(&b), nb_buf_free(&p2);
    nb_buf_free(&rel), nb_buf_free(&err), nb_buf_free(&back), nb_buf_free(&path);
}

static void manifest_round_trip(void)
{
    char path[128];
    snprintf(path, sizeof path, "%s/manifest.csv", dir);
    nb_manifest m;
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_manifest_read(path, &m, &err), 0); /* missing: empty */
    CHECK_INT(m.count, 0);
    nb_manifest_row *r = nb_manifest_put(&m, "http://x.gov.cn/b.html");
    nb_manifest_set(&r->township, "平东镇");
    r->year = 2020;
    nb_manifest_set(&r->outcome, "failed: HTTP 404");
    r = nb_manifest_put(&m, "http://x.gov.cn/a.html");
    nb_manifest_set(&r->township, "平东镇");
    r->year = 2020;
    r->status = 200;
    r->bytes = 1234;
    nb_manifest_set(&r->etag, "W/\"5e4b-12,3\"");
    nb_manifest_set(&r->last_modified, "Tue, 18 Feb 2020 02:21:00 GMT");
    nb_manifest_set(&r->sha256, "ab");
    nb_manifest_set(&r->archive, "raw/pingdong/2020/x.html.gz");
    nb_manifest_set(&r->outcome, "new");
    r = nb_manifest_put(&m, "http://x.gov.cn/c.html");
    nb_manifest_set(&r->township, "城东镇");
    r->year = 2019;
    r = nb_manifest_put(&m, "http://x.gov.cn/c.pdf"); /* a file the page c.html links */
    nb_manifest_set(&r->township, "城东镇");
    r->year = 2019;
    nb_manifest_set(&r->kind, "pdf");
    nb_manifest_set(&r->parent, "http://x.gov.cn/c.html");
    nb_manifest_set(&nb_manifest_put(&m, "http://x.gov.cn/c.html")->files_rule, "1"); /* its files are listed */
    nb_manifest_set(&nb_manifest_put(&m, "http://x.gov.cn/c.html")->listed_date, "2020-01-20");
    CHECK(nb_manifest_put(&m, "http://x.gov.cn/a.html") == &m.rows[1]);
    CHECK_INT(nb_manifest_write(path, &m, &err), 0);
    nb_manifest_free(&m);

    nb_buf text = NB_BUF_INIT;
    CHECK_INT(nb_buf_read_file(&text, path), 0);
    CHECK(!strncmp(text.data, "\xEF\xBB\xBF" NB_MANIFEST_HEADER "\r\n", 3 + strlen(NB_MANIFEST_HEADER) + 2));
    nb_buf_free(&text);

    CHECK_INT(nb_manifest_read(path, &m, &err), 0);
    CHECK_INT(m.count, 4);
    if (m.count == 4) {
        /* sorted by township (bytes), year, url */
        CHECK_STR(m.rows[0].township, "城东镇");
        CHECK_STR(m.rows[0].kind, "page");
        CHECK_STR(m.rows[0].parent, "");
        CHECK_STR(m.rows[1].url, "http://x.gov.cn/c.pdf");
        CHECK_STR(m.rows[1].kind, "pdf");
        CHECK_STR(m.rows[1].parent, "http://x.gov.cn/c.html");
        CHECK_STR(m.rows[0].files_rule, "1");
        CHECK_STR(m.rows[1].files_rule, "");
        CHECK_STR(m.rows[0].listed_date, "2020-01-20");
        CHECK_STR(m.rows[1].listed_date, "");
        CHECK_STR(m.rows[2].url, "http://x.gov.cn/a.html");
        CHECK_STR(m.rows[3].url, "http://x.gov.cn/b.html");
        CHECK_STR(m.rows[2].etag, "W/\"5e4b-12,3\"");
        CHECK_INT(m.rows[2].status, 200);
        CHECK_INT(m.rows[2].bytes, 1234);
        CHECK_INT(m.rows[3].status, 0);
        CHECK_STR(m.rows[3].outcome, "failed: HTTP 404");
    }
    const nb_manifest_row *found = nb_manifest_find(&m, "http://x.gov.cn/c.html");
    CHECK(found && found->year == 2019);
    CHECK(nb_manifest_find(&m, "http://x.gov.cn/none") == NULL);
    nb_manifest_free(&m);

    /* an earlier nianbao's manifest (no kind, no parent): its rows are pages */
    FILE *f = fopen(path, "w");
    fputs(NB_MANIFEST_HEADER_V1 "\r\n平东镇,2019,http://x/a,http://x/a,200,,,,10,ab,raw/a.html.gz,new\r\n", f);
    fclose(f);
    CHECK_INT(nb_manifest_read(path, &m, &err), 0);
    CHECK_INT(m.count, 1);
    if (m.count == 1) {
        CHECK_STR(m.rows[0].kind, "page");
        CHECK_STR(m.rows[0].parent, "");
        CHECK_STR(m.rows[0].archive, "raw/a.html.gz");
        CHECK_STR(m.rows[0].files_rule, "");
    }
    nb_manifest_free(&m);

    /* the manifest before files_rule: kind and parent kept, files still to be listed */
    f = fopen(path, "w");
    fputs(NB_MANIFEST_HEADER_V2 "\r\n平东镇,2019,http://x/a.pdf,http://x/a.pdf,200,,,,10,ab,raw/a.pdf.gz,new,pdf,http://x/a\r\n", f);
    fclose(f);
    CHECK_INT(nb_manifest_read(path, &m, &err), 0);
    CHECK_INT(m.count, 1);
    if (m.count == 1) {
        CHECK_STR(m.rows[0].kind, "pdf");
        CHECK_STR(m.rows[0].parent, "http://x/a");
        CHECK_STR(m.rows[0].files_rule, "");
    }
    nb_manifest_free(&m);

    f = fopen(path, "w");
    fputs("url,sha\r\n", f);
    fclose(f);
    CHECK_INT(nb_manifest_read(path, &m, &err), -1);
    CHECK(strstr(err.data, "manifest.csv:1: not a manifest of this nianbao") != NULL);
    nb_buf_clear(&err);
    f = fopen(path, "w");
    fputs(NB_MANIFEST_HEADER "\r\n平东镇,2019,http://x/a\r\n", f);
    fclose(f);
    CHECK_INT(nb_manifest_read(path, &m, &err), -1);
    CHECK(strstr(err.data, "manifest.csv:2: 3 fields, expected 16") != NULL);
    nb_buf_free(&err);
}

/* A county's archive holds 10,000s of pages: every url is found again after the rows
 * grew many times over and after writing sorted them. */
static void a_large_manifest_finds_every_row(void)
{
    char path[128], url[64];
    snprintf(path, sizeof path, "%s/big-manifest.csv", dir);
    nb_manifest m = {0};
    nb_buf err = NB_BUF_INIT;
    enum { N = 20000 };
    for (int i = N - 1; i >= 0; i--) { /* added in the reverse of the order written */
        snprintf(url, sizeof url, "http://x.gov.cn/%05d.html", i);
        nb_manifest_row *r = nb_manifest_put(&m, url);
        nb_manifest_set(&r->township, i % 2 ? "乙镇" : "甲镇");
        r->year = 2019 + i % 7;
    }
    CHECK_INT(m.count, N);
    snprintf(url, sizeof url, "http://x.gov.cn/%05d.html", 12345);
    CHECK(nb_manifest_put(&m, url) == nb_manifest_find(&m, url) && m.count == N);
    CHECK_INT(nb_manifest_write(path, &m, &err), 0);
    int wrong = 0;
    for (int i = 0; i < N; i++) {
        snprintf(url, sizeof url, "http://x.gov.cn/%05d.html", i);
        const nb_manifest_row *r = nb_manifest_find(&m, url);
        wrong += !r || strcmp(r->url, url) || r->year != 2019 + i % 7;
    }
    CHECK_INT(wrong, 0);
    nb_manifest_free(&m);
    CHECK_INT(nb_manifest_read(path, &m, &err), 0);
    CHECK_INT(m.count, N);
    for (int i = 0; i < N; i++) {
        snprintf(url, sizeof url, "http://x.gov.cn/%05d.html", i);
        const nb_manifest_row *r = nb_manifest_find(&m, url);
        wrong += !r || strcmp(r->url, url) || strcmp(r->township, i % 2 ? "乙镇" : "甲镇");
    }
    CHECK_INT(wrong, 0);
    snprintf(url, sizeof url, "http://x.gov.cn/%05d.html", N);
    CHECK(nb_manifest_find(&m, url) == NULL);
    nb_manifest_free(&m);
    nb_buf_free(&err);
}

static void now_is_iso_8601(void)
{
    char now[32];
    nb_archive_now(now);
    CHECK_INT(strlen(now), 25);
    CHECK(now[4] == '-' && now[10] == 'T' && now[19] != 0 && now[22] == ':');
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/nb-archive-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    stores_by_content_and_never_overwrites();
    manifest_round_trip();
    a_large_manifest_finds_every_row();
    now_is_iso_8601();
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK_INT(system(cmd), 0);
    return check_done();
}
