#include "base/atomicfile.h"
#include "check.h"
#include "base/csvfile.h"

#include <stdlib.h>
#include <unistd.h>

typedef struct {
    char rows[8][4][64];
    int nfields[8];
    long lines[8];
    int nrows;
} collected;

static int collect(void *ctx, char **fields, int n, long line)
{
    collected *c = ctx;
    if (c->nrows == 8) return 1;
    for (int i = 0; i < n && i < 4; i++) snprintf(c->rows[c->nrows][i], 64, "%s", fields[i]);
    c->nfields[c->nrows] = n;
    c->lines[c->nrows++] = line;
    return 0;
}

static void writes_excel_safe_csv_that_reads_back(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    nb_csv w;
    nb_csv_start(&w, f, NB_CSV_BOM);
    nb_csv_text(&w, "平东镇");
    nb_csv_text(&w, "=HYPERLINK(\"x\")");
    nb_csv_text(&w, "-18");
    nb_csv_number(&w, "96171.6");
    nb_csv_end_row(&w);
    nb_csv_text(&w, "a,b");
    nb_csv_text(&w, "line\nbreak");
    nb_csv_text(&w, "@SUM(1)");
    nb_csv_text(&w, "\tx");
    nb_csv_text(&w, "-");
    nb_csv_end_row(&w);
    fclose(f);
    CHECK(!w.failed);
    CHECK_STR(text, "\xEF\xBB\xBF平东镇,\"'=HYPERLINK(\"\"x\"\")\",-18,96171.6\r\n"
                    "\"a,b\",\"line\nbreak\",'@SUM(1),'\tx,-\r\n");

    collected c = {0};
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_csv_parse(text, len, collect, &c, &err), 0);
    CHECK_INT(c.nrows, 2);
    CHECK_STR(c.rows[0][0], "平东镇");
    CHECK_STR(c.rows[0][1], "'=HYPERLINK(\"x\")");
    CHECK_STR(c.rows[1][1], "line\nbreak");
    CHECK_INT(c.lines[1], 2);
    free(text);
    nb_buf_free(&err);
}

/* Found by fuzz_csv: libcsv trims spaces and tabs around unquoted fields, and a text
 * starting with an apostrophe and a formula character lost its apostrophe on reading. */
static const char *const tricky[] = {" pad ", "x\t", "\ty", "'=x", "''=x", "'-", "'", "''",
                                     "=", "-", "'abc", "@", "a b"};
enum { NTRICKY = sizeof tricky / sizeof tricky[0] };

static int check_tricky_row(void *ctx, char **fields, int n, long line)
{
    (void)line;
    CHECK_INT(n, NTRICKY);
    for (int i = 0; i < n && i < NTRICKY; i++) CHECK_STR(nb_csv_unguard(fields[i]), tricky[i]);
    ++*(int *)ctx;
    return 0;
}

static void every_field_reads_back_as_written(void)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    nb_csv w;
    nb_csv_start(&w, f, 0);
    for (int i = 0; i < NTRICKY; i++) nb_csv_text(&w, tricky[i]);
    nb_csv_end_row(&w);
    fclose(f);
    CHECK_STR(text, "\" pad \",\"x\t\",'\ty,''=x,'''=x,'-,','',=,-,'abc,@,a b\r\n");
    int rows = 0;
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_csv_parse(text, len, check_tricky_row, &rows, &err), 0);
    CHECK_INT(rows, 1);
    free(text);
    nb_buf_free(&err);
}

/* A record whose first field is quoted and holds a line break starts on the line of its
 * opening quote (messages about townships.csv named the line after). */
static void a_record_starts_where_its_first_field_does(void)
{
    collected c = {0};
    nb_buf err = NB_BUF_INIT;
    const char *text = "name,slug\r\n\"城东\n镇\",chengdong\r\nx,y\r\n";
    CHECK_INT(nb_csv_parse(text, strlen(text), collect, &c, &err), 0);
    CHECK_INT(c.nrows, 3);
    CHECK_INT(c.lines[1], 2);
    CHECK_INT(c.lines[2], 4);
    nb_buf_free(&err);
}

static void reports_malformed_csv_with_its_line(void)
{
    collected c = {0};
    nb_buf err = NB_BUF_INIT;
    const char *bad = "a,b\nc,\"unterminated\n";
    CHECK_INT(nb_csv_parse(bad, strlen(bad), collect, &c, &err), -1);
    CHECK_STR(err.data, "line 2: unterminated quoted field");
    nb_buf_free(&err);
}

static void atomic_write_replaces_whole_or_not_at_all(void)
{
    char dir[] = "/tmp/nb-atomic-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char path[256];
    snprintf(path, sizeof path, "%s/sub/out.csv", dir);
    nb_buf err = NB_BUF_INIT, back = NB_BUF_INIT;
    CHECK_INT(nb_atomic_write(path, "old\r\n", 5, &err), 0);
    nb_atomic a;
    CHECK_INT(nb_atomic_open(&a, path, &err), 0);
    fputs("half of the new", a.f);
    fflush(a.f);
    CHECK_INT(nb_buf_read_file(&back, path), 0);
    CHECK_STR(back.data, "old\r\n"); /* the target is untouched until commit */
    nb_atomic_abort(&a);
    nb_buf_clear(&back);
    CHECK_INT(nb_buf_read_file(&back, path), 0);
    CHECK_STR(back.data, "old\r\n");
    CHECK_INT(nb_atomic_write(path, "new\r\n", 5, &err), 0);
    nb_buf_clear(&back);
    CHECK_INT(nb_buf_read_file(&back, path), 0);
    CHECK_STR(back.data, "new\r\n");
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    CHECK_INT(system(cmd), 0);
    nb_buf_free(&err);
    nb_buf_free(&back);
}

int main(void)
{
    writes_excel_safe_csv_that_reads_back();
    every_field_reads_back_as_written();
    a_record_starts_where_its_first_field_does();
    reports_malformed_csv_with_its_line();
    atomic_write_replaces_whole_or_not_at_all();
    return check_done();
}
