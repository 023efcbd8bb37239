/* acknowledged.csv: what a person writes to mute a finding, read strictly (a typo must
 * not mute nothing silently) and matched by rule, township, year and cell. */
#include "check.h"
#include "pipeline/check/ack.h"

#include <stdlib.h>
#include <unistd.h>

static const char *const towns[] = {"南塘镇", "青石镇"};
static const nb_check_scope scope = {"示例县", towns, 2, 2019, 2024, 1, 31, NULL, 0, 0};

static char path[64];

static void write_file(const char *bytes, size_t n)
{
    FILE *f = fopen(path, "wb");
    fwrite(bytes, 1, n, f);
    fclose(f);
}

/* Reads text as acknowledged.csv; returns the error message or "" on success. */
static const char *read_text(const char *text, nb_acks *acks)
{
    static char msg[512];
    write_file(text, strlen(text));
    nb_buf err = NB_BUF_INIT;
    int rc = nb_acks_read(path, &scope, acks, &err);
    snprintf(msg, sizeof msg, "%s", rc ? nb_buf_str(&err) : "");
    if (rc) CHECK_INT(acks->n, 0);
    nb_buf_free(&err);
    return msg;
}

static nb_finding finding(const char *rule, const char *township, int year, nb_table_id t, const char *row, const char *col)
{
    nb_findings f = {0};
    nb_finding x = *nb_findings_add(&f, rule, NULL);
    nb_findings_free(&f);
    snprintf(x.township, sizeof x.township, "%s", township);
    x.year = year;
    if (row) {
        x.has_table = 1, x.table = t;
        snprintf(x.row_key, sizeof x.row_key, "%s", row);
        snprintf(x.col_key, sizeof x.col_key, "%s", col ? col : "");
    }
    return x;
}

static void missing_file_mutes_nothing(void)
{
    nb_acks acks;
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_acks_read("/nonexistent/acknowledged.csv", &scope, &acks, &err), 0);
    CHECK_INT(acks.n, 0);
    nb_acks_free(&acks);
    nb_buf_free(&err);
}

static void reads_rows_and_matches(void)
{
    nb_acks acks;
    CHECK_STR(read_text("\xEF\xBB\xBFrule,township,year,cell,note,who,date\r\n"
                        "I2,南塘镇,2020,t3/new_received/total,已核实,张三,2025-03-02\r\n"
                        "M1,青石镇,2023,,乡镇已撤并,李四,2025-03-03\r\n"
                        "\r\n",
                        &acks),
              "");
    CHECK_INT(acks.n, 2);
    CHECK_STR(acks.items[0].note, "已核实");
    CHECK_INT(acks.items[1].line, 3);
    nb_findings f = {0};
    nb_finding cells[] = {
        finding("I2", "南塘镇", 2020, NB_T3, "new_received", "total"),          /* muted by row 1 */
        finding("I2", "南塘镇", 2020, NB_T3, "new_received", "natural_person"), /* another cell */
        finding("I2", "南塘镇", 2021, NB_T3, "new_received", "total"),          /* another year */
        finding("M1", "青石镇", 2023, NB_T2, NULL, NULL),                       /* muted by row 2 */
        finding("I1", "南塘镇", 2020, NB_T3, "new_received", "total"),          /* another rule */
    };
    for (size_t i = 0; i < sizeof cells / sizeof *cells; i++) *nb_findings_add(&f, cells[i].rule->id, NULL) = cells[i];
    nb_acks_apply(&acks, &f);
    CHECK_INT(f.items[0].ack, 1);
    CHECK_INT(f.items[1].ack, 0);
    CHECK_INT(f.items[2].ack, 0);
    CHECK_INT(f.items[3].ack, 2);
    CHECK_INT(f.items[4].ack, 0);
    CHECK_STR(nb_acks_of(&acks, &f.items[3])->who, "李四");
    CHECK(nb_acks_of(&acks, &f.items[1]) == NULL);
    CHECK_INT(acks.items[0].matched, 1);
    nb_acks_free(&acks);

    /* an empty cell mutes every cell of that rule, township and year */
    CHECK_STR(read_text("rule,township,year,cell\nI2,南塘镇,2020,\n", &acks), "");
    nb_acks_apply(&acks, &f);
    CHECK_INT(f.items[0].ack, 1);
    CHECK_INT(f.items[1].ack, 1);
    CHECK_INT(f.items[2].ack, 0);
    CHECK_INT(acks.items[0].matched, 2);
    nb_acks_free(&acks);
    nb_findings_free(&f);
}

static void gbk_as_spreadsheets_save_it(void)
{
    /* "rule,township,year,cell,note\nI2,南塘镇,2020,,已核实\n" in GBK */
    const char gbk[] = "rule,township,year,cell,note\nI2,\xC4\xCF\xCC\xC1\xD5\xF2,2020,,\xD2\xD1\xBA\xCB\xCA\xB5\n";
    write_file(gbk, sizeof gbk - 1);
    nb_acks acks;
    nb_buf err = NB_BUF_INIT;
    CHECK_INT(nb_acks_read(path, &scope, &acks, &err), 0);
    CHECK_INT(acks.n, 1);
    if (acks.n) CHECK_STR(acks.items[0].township, "南塘镇");
    if (acks.n) CHECK_STR(acks.items[0].note, "已核实");
    nb_acks_free(&acks);
    nb_buf_free(&err);
}

static void mistakes_are_errors_naming_the_line(void)
{
    nb_acks acks;
    char expected[512];
    snprintf(expected, sizeof expected, "%s:3: unknown rule \"I9\" (I1, I2, ... X4: see anomalies.csv)", path);
    CHECK_STR(read_text("rule,township,year,cell\nI2,南塘镇,2020,\nI9,南塘镇,2020,\n", &acks), expected);
    snprintf(expected, sizeof expected, "%s:2: \"南塘\" is not a township of the registry (write its registered name)", path);
    CHECK_STR(read_text("rule,township,year,cell\nI2,南塘,2020,\n", &acks), expected);
    snprintf(expected, sizeof expected, "%s:2: year \"二〇二〇\" is not a year", path);
    CHECK_STR(read_text("rule,township,year,cell\nI2,南塘镇,二〇二〇,\n", &acks), expected);
    snprintf(expected, sizeof expected, "%s:2: no template has the cell \"t3/new_recieved/total\" (write it as "
             "anomalies.csv names it: table/row_key/col_key, e.g. t3/new_received/total, or leave it empty)", path);
    CHECK_STR(read_text("rule,township,year,cell\nI2,南塘镇,2020,t3/new_recieved/total\n", &acks), expected);
    snprintf(expected, sizeof expected, "%s:1: no column \"cell\" in the header (rule,township,year,cell,note,who,date)", path);
    CHECK_STR(read_text("rule,township,year\nI2,南塘镇,2020\n", &acks), expected);
    snprintf(expected, sizeof expected, "%s: line 2: unterminated quoted field", path);
    CHECK_STR(read_text("rule,township,year,cell\nI2,\"南塘镇,2020,\n", &acks), expected);
    /* the cell of a row (no column) and the whole table are cells too */
    CHECK_STR(read_text("rule,township,year,cell\nS3,南塘镇,2024,t2/art20_1.regulations\nM2,南塘镇,2024,t4\n", &acks), "");
    CHECK_INT(acks.n, 2);
    nb_acks_free(&acks);
}

int main(void)
{
    snprintf(path, sizeof path, "/tmp/nb-test-ack-%ld.csv", (long)getpid());
    missing_file_mutes_nothing();
    reads_rows_and_matches();
    gbk_as_spreadsheets_save_it();
    mistakes_are_errors_naming_the_line();
    unlink(path);
    return check_done();
}
