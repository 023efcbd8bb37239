#include "base/buf.h"
#include "check.h"

#include <stdlib.h>

static void grows_and_stays_terminated(void)
{
    nb_buf b = NB_BUF_INIT;
    CHECK_STR(nb_buf_str(&b), "");
    for (int i = 0; i < 1000; i++) nb_buf_addc(&b, 'x');
    CHECK_INT(b.len, 1000);
    CHECK_INT(b.data[1000], 0);
    nb_buf_clear(&b);
    nb_buf_printf(&b, "%s=%d", "年", 2019);
    CHECK_STR(b.data, "年=2019");
    char *s = nb_buf_detach(&b);
    CHECK_STR(s, "年=2019");
    CHECK(b.data == NULL && b.len == 0);
    free(s);
}

static void reads_a_file_and_reports_a_missing_one(void)
{
    nb_buf b = NB_BUF_INIT;
    CHECK_INT(nb_buf_read_file(&b, "/nonexistent/nianbao"), -1);
    const char *path = "test_buf.tmp";
    FILE *f = fopen(path, "wb");
    fputs("平东镇\n", f);
    fclose(f);
    CHECK_INT(nb_buf_read_file(&b, path), 0);
    CHECK_STR(b.data, "平东镇\n");
    remove(path);
    nb_buf_free(&b);
}

int main(void)
{
    grows_and_stays_terminated();
    reads_a_file_and_reports_a_missing_one();
    return check_done();
}
