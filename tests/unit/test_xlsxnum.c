/* xlsxnum: what a spreadsheet's number cell shows, as a reader takes it. */
#include "check.h"
#include "pipeline/read/files/xlsxnum.h"

static const char *show(double v, const char *format)
{
    static char out[128];
    nb_xlsxnum_show(v, format, 0, out, sizeof out);
    return out;
}

int main(void)
{
    /* floating point as stored, General: the figure Excel shows */
    CHECK_STR(show(12.000000000000002, NULL), "12");
    CHECK_STR(show(0.1 + 0.2, "General"), "0.3");
    CHECK_STR(show(1e-3, NULL), "0.001");
    CHECK_STR(show(1e-5, NULL), "0.00001");
    CHECK_STR(show(96171.6, NULL), "96171.6");
    CHECK_STR(show(19029, NULL), "19029");
    CHECK_STR(show(0, NULL), "0");
    CHECK_STR(show(-0.0, NULL), "0");
    CHECK_STR(show(-5, NULL), "-5");
    CHECK_STR(show(123456789012345678.0, NULL), "123456789012346000"); /* 15 digits, as Excel */
    CHECK_STR(show(1e30, NULL), "1E+30");                                /* refused by number.h */
    /* decimals as the format shows them, rounded on the decimal value */
    CHECK_STR(show(12, "0.00"), "12.00");
    CHECK_STR(show(2.675, "0.00"), "2.68");
    CHECK_STR(show(0.5, "0"), "1");
    CHECK_STR(show(9.96, "0.0"), "10.0");
    CHECK_STR(show(0.04, "0.0"), "0.0");
    CHECK_STR(show(-0.04, "0.0"), "0.0");
    CHECK_STR(show(999.5, "#,##0"), "1000");
    /* thousands separators, currency, negatives' and zero's sections: the value */
    CHECK_STR(show(70487, "#,##0"), "70487");
    CHECK_STR(show(1234567.5, "#,##0.00"), "1234567.50");
    CHECK_STR(show(-1234, "#,##0_);[Red](#,##0)"), "-1234");
    CHECK_STR(show(0, "_-* #,##0_-;-* #,##0_-;_-* \"-\"_-;_-@_-"), "0");
    CHECK_STR(show(36.5, "[$\xC2\xA5-804]#,##0.00"), "36.50");
    CHECK_STR(show(36.5, "\xEF\xBF\xA5#,##0.0"), "36.5");
    /* units printed by the format stay with the figure */
    CHECK_STR(show(70487, "#,##0\"\xE5\x85\x83\""), "70487\xE5\x85\x83");            /* 元 */
    CHECK_STR(show(3, "0\\\xE4\xBB\xB6"), "3\xE4\xBB\xB6");                          /* \件 */
    CHECK_STR(show(12.5, "0.0\"\xE4\xB8\x87\xE5\x85\x83\""), "12.5\xE4\xB8\x87\xE5\x85\x83"); /* 万元 */
    /* percent: what it shows, which no count is */
    CHECK_STR(show(0.25, "0%"), "25%");
    CHECK_STR(show(0.03, "0.00%"), "3.00%");
    /* dates and times as text */
    CHECK_STR(show(43851, "yyyy-mm-dd"), "2020-01-21");
    CHECK_STR(show(43851, "yyyy\"\xE5\xB9\xB4\"m\"\xE6\x9C\x88\"d\"\xE6\x97\xA5\""), "2020-01-21");
    CHECK_STR(show(43851, "[$-804]yyyy/m/d"), "2020-01-21");
    CHECK_STR(show(43851.5, "yyyy-mm-dd h:mm"), "2020-01-21 12:00");
    CHECK_STR(show(0.75, "h:mm:ss"), "18:00:00");
    CHECK_STR(show(1.5, "[h]:mm"), "36:00");
    CHECK_STR(show(1.5, "yyyy-mm-dd hh:mm"), "1900-01-01 12:00");
    CHECK_STR(show(59, "yyyy-mm-dd"), "1900-02-28");
    CHECK_STR(show(60, "yyyy-mm-dd"), "1900-02-29");
    CHECK_STR(show(61, "yyyy-mm-dd"), "1900-03-01");
    char out[64];
    nb_xlsxnum_show(42389, "yyyy-mm-dd", 1, out, sizeof out);
    CHECK_STR(out, "2020-01-21"); /* the 1904 system counts 1462 days fewer */
    /* scientific and fractions: the plain figure */
    CHECK_STR(show(1234, "0.00E+00"), "1234");
    CHECK_STR(show(0.5, "# ?/?"), "0.5");
    CHECK_STR(show(7, "@"), "7");
    /* built-in formats */
    CHECK_STR(nb_xlsxnum_builtin(3), "#,##0");
    CHECK_STR(show(43851, nb_xlsxnum_builtin(14)), "2020-01-21");
    CHECK(nb_xlsxnum_builtin(164) == NULL);
    return check_done();
}
