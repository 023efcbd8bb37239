/* The fetcher on file:// URLs (no network): outcomes, caps, no retry for missing files.
 * The HTTP behaviour (retries, redirects, 304, politeness) is tested against a real
 * server in tests/integration/test_fetch.py. */
#include "check.h"
#include "pipeline/fetch/fetch.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];
static int done_calls;

static void count_done(nb_fetch_req *r, void *ctx)
{
    (void)r;
    (void)ctx;
    done_calls++;
}

static void fetches_files(void)
{
    char small[128], big[128], missing[128];
    snprintf(small, sizeof small, "%s/small.html", dir);
    snprintf(big, sizeof big, "%s/big.html", dir);
    FILE *f = fopen(small, "w");
    fputs("<html>平东镇</html>", f);
    fclose(f);
    f = fopen(big, "w");
    for (int i = 0; i < 5000; i++) fputs("0123456789", f);
    fclose(f);
    char u_small[160], u_big[160], u_missing[160];
    snprintf(u_small, sizeof u_small, "file://%s", small);
    snprintf(u_big, sizeof u_big, "file://%s", big);
    snprintf(missing, sizeof missing, "%s/none.html", dir);
    snprintf(u_missing, sizeof u_missing, "file://%s", missing);

    char *roots[] = {dir};
    nb_fetch_opts o = {.concurrency = 2, .timeout_s = 5, .retries = 3, .backoff_ms = 5000, .max_bytes = 10000,
                       .user_agent = "test", .file_roots = roots, .file_root_count = 1};
    nb_fetcher *fe = nb_fetch_new(&o);
    nb_fetch_req reqs[5] = {{.url = u_small}, {.url = u_big}, {.url = u_missing}, {.url = u_small},
                            {.url = "ftp://127.0.0.1/x"}};
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_fetch_run(fe, reqs, 5, count_done, NULL, &err), 0);
    CHECK_INT(done_calls, 5);
    CHECK_INT(reqs[0].ok, 1);
    CHECK_STR(reqs[0].body.data, "<html>平东镇</html>");
    CHECK_STR(reqs[0].final_url.data, u_small);
    CHECK_INT(reqs[0].status, 0);
    CHECK_INT(reqs[0].attempts, 1);
    CHECK_INT(reqs[1].ok, 0);
    CHECK_STR(reqs[1].reason.data, "body larger than max_bytes (10000 bytes)");
    CHECK_INT(reqs[1].body.len, 0);
    CHECK_INT(reqs[2].ok, 0);
    CHECK_STR(reqs[2].reason.data, "cannot read the file"); /* no retry: the backoff would take 5 s */
    CHECK_INT(reqs[2].attempts, 1);
    CHECK_INT(reqs[3].ok, 1);
    CHECK_INT(reqs[4].ok, 0);
    CHECK(reqs[4].reason.len > 0);
    for (int i = 0; i < 5; i++) nb_fetch_req_free(&reqs[i]);

    /* a fetcher serves several batches */
    nb_fetch_req again = {.url = u_small};
    CHECK_INT(nb_fetch_run(fe, &again, 1, NULL, NULL, &err), 0);
    CHECK_INT(again.ok, 1);
    nb_fetch_req_free(&again);
    CHECK_INT(nb_fetch_run(fe, NULL, 0, NULL, NULL, &err), 0);
    nb_fetch_free(fe);
    nb_buf_free(&err);
}

/* Inside a mirror only regular files are read: a FIFO would hang the run (holding its
 * lock) and a symbolic link could lead out of the mirror. */
static void reads_only_regular_files_inside_the_mirror(void)
{
    char mirror[96], fifo[128], link[128], secret[128], inner[128];
    snprintf(mirror, sizeof mirror, "%s/mirror", dir);
    snprintf(fifo, sizeof fifo, "%s/fifo.html", mirror);
    snprintf(link, sizeof link, "%s/link.html", mirror);
    snprintf(secret, sizeof secret, "%s/secret.txt", dir);
    snprintf(inner, sizeof inner, "%s/inner.html", mirror);
    CHECK_INT(mkdir(mirror, 0700), 0);
    CHECK_INT(mkfifo(fifo, 0600), 0);
    FILE *f = fopen(secret, "w");
    fputs("秘密", f);
    fclose(f);
    f = fopen(inner, "w");
    fputs("<html>inner</html>", f);
    fclose(f);
    CHECK_INT(symlink(secret, link), 0);
    char u_fifo[160], u_link[160], u_dev[] = "file:///dev/zero", u_secret[160], u_inner[160];
    snprintf(u_fifo, sizeof u_fifo, "file://%s", fifo);
    snprintf(u_link, sizeof u_link, "file://%s", link);
    snprintf(u_secret, sizeof u_secret, "file://%s", secret);
    snprintf(u_inner, sizeof u_inner, "file://%s", inner);
    char *roots[] = {mirror};
    nb_fetch_opts o = {.concurrency = 2, .timeout_s = 2, .max_bytes = 10000, .file_roots = roots, .file_root_count = 1};
    nb_fetcher *fe = nb_fetch_new(&o);
    nb_fetch_req reqs[5] = {{.url = u_fifo}, {.url = u_link}, {.url = u_dev}, {.url = u_secret}, {.url = u_inner}};
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_fetch_run(fe, reqs, 5, NULL, NULL, &err), 0);
    CHECK_INT(reqs[0].ok, 0);
    CHECK_STR(reqs[0].reason.data, "not a regular file (a FIFO, a device or a folder is not a page)");
    CHECK_INT(reqs[1].ok, 0);
    CHECK(!strncmp(reqs[1].reason.data, "outside the mirror: the file is ", 32));
    CHECK_INT(reqs[2].ok, 0);
    CHECK_INT(reqs[3].ok, 0);
    CHECK_INT(reqs[3].body.len, 0);
    CHECK_INT(reqs[4].ok, 1);
    CHECK_STR(reqs[4].body.data, "<html>inner</html>");
    for (int i = 0; i < 5; i++) nb_fetch_req_free(&reqs[i]);
    nb_fetch_free(fe);

    /* no mirror configured: no file at all */
    nb_fetch_opts web = {.concurrency = 1, .timeout_s = 2, .max_bytes = 10000};
    fe = nb_fetch_new(&web);
    nb_fetch_req one = {.url = u_inner};
    CHECK_INT(nb_fetch_run(fe, &one, 1, NULL, NULL, &err), 0);
    CHECK_INT(one.ok, 0);
    nb_fetch_req_free(&one);
    nb_fetch_free(fe);
    nb_buf_free(&err);
}

static void reads_charset_parameter(void)
{
    char cs[32];
    nb_fetch_charset("text/html; charset=GBK", cs, sizeof cs);
    CHECK_STR(cs, "GBK");
    nb_fetch_charset("text/html;Charset=\"utf-8\"; q=1", cs, sizeof cs);
    CHECK_STR(cs, "utf-8");
    nb_fetch_charset("text/html", cs, sizeof cs);
    CHECK_STR(cs, "");
    nb_fetch_charset(NULL, cs, sizeof cs);
    CHECK_STR(cs, "");
    nb_fetch_charset("text/html; charset=averyveryverylongcharsetnamethatdoesnotfit", cs, 8);
    CHECK_STR(cs, "averyve");
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/nb-fetch-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    fetches_files();
    reads_only_regular_files_inside_the_mirror();
    reads_charset_parameter();
    char cmd[96];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK_INT(system(cmd), 0);
    return check_done();
}
