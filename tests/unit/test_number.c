/* Tests of number.c: every cell format the spec names (templates.md §5.2) with its exact
 * expected value, the edge cases around them, and a property test over random cells.
 * Every input is parsed from a heap copy of exactly len bytes with no terminator, so
 * the sanitizer build catches any read past len. */
#include "pipeline/number.h"
#include "check.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>

static nb_number parse_bytes(const char *text, size_t len)
{
    char *copy = malloc(len ? len : 1);
    memcpy(copy, text, len);
    nb_number n;
    memset(&n, 0x5A, sizeof n); /* garbage, so a field the parser forgets shows up */
    nb_number_parse(copy, len, &n);
    free(copy);
    return n;
}

static const char *kind_name(nb_cell_kind k)
{
    switch (k) {
    case NB_CELL_BLANK: return "BLANK";
    case NB_CELL_PLACEHOLDER: return "PLACEHOLDER";
    case NB_CELL_NUMBER: return "NUMBER";
    case NB_CELL_TEXT: return "TEXT";
    }
    return "?";
}

/* One check that names the test line and the input, since the CHECK macros would only
 * name this helper's line. */
static void expect(int ok, int line, const char *text, const char *fmt, ...)
{
    check_count++;
    if (ok) return;
    check_failures++;
    fprintf(stderr, "%s:%d: input \"%s\": ", __FILE__, line, text);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void expect_kind(int line, const char *text, size_t len, nb_cell_kind kind)
{
    nb_number n = parse_bytes(text, len);
    expect(n.kind == kind, line, text, "kind %s, expected %s", kind_name(n.kind),
           kind_name(kind));
    if (kind != NB_CELL_NUMBER) {
        /* Outside NUMBER the other fields are empty, not left over. */
        expect(n.value[0] == '\0' && n.unit[0] == '\0' && n.number == 0 && n.flags == 0,
               line, text, "fields not cleared: value \"%.47s\" unit \"%.15s\" flags %u",
               n.value, n.unit, n.flags);
    }
}

static void expect_number(int line, const char *text, size_t len, const char *value,
                          const char *unit, unsigned flags)
{
    nb_number n = parse_bytes(text, len);
    expect(n.kind == NB_CELL_NUMBER, line, text, "kind %s, expected NUMBER",
           kind_name(n.kind));
    if (n.kind != NB_CELL_NUMBER) return;
    expect(strcmp(n.value, value) == 0, line, text, "value \"%s\", expected \"%s\"", n.value,
           value);
    expect(strcmp(n.unit, unit) == 0, line, text, "unit \"%s\", expected \"%s\"", n.unit,
           unit);
    char got[80], want[80];
    nb_number_flag_names(n.flags, got, sizeof got);
    nb_number_flag_names(flags, want, sizeof want);
    expect(n.flags == flags, line, text, "flags \"%s\", expected \"%s\"", got, want);
    if (!(flags & NB_FLAG_TOO_LARGE)) {
        /* Up to 15 digits the double is the correctly rounded value of the string. */
        double exact = strtod(value, NULL);
        expect(n.number == exact, line, text, "number %.17g, expected %.17g", n.number,
               exact);
    }
}

#define EXPECT_KIND(text, kind) expect_kind(__LINE__, text, sizeof(text) - 1, kind)
#define EXPECT_NUMBER(text, value, unit, flags)                                        \
    expect_number(__LINE__, text, sizeof(text) - 1, value, unit, flags)
#define EXPECT_TEXT(text) EXPECT_KIND(text, NB_CELL_TEXT)

enum {
    APPROX = NB_FLAG_APPROX,
    ANNOTATED = NB_FLAG_ANNOTATED,
    UNIT = NB_FLAG_UNIT_STRIPPED,
    FULLWIDTH = NB_FLAG_FULLWIDTH,
    THOUSANDS = NB_FLAG_THOUSANDS,
    TOO_LARGE = NB_FLAG_TOO_LARGE,
};

static void blank_cells(void)
{
    EXPECT_KIND("", NB_CELL_BLANK);
    EXPECT_KIND(" ", NB_CELL_BLANK);
    EXPECT_KIND(" \t\r\n\v\f ", NB_CELL_BLANK);
    EXPECT_KIND("\xC2\xA0", NB_CELL_BLANK);                 /* &nbsp; decoded */
    EXPECT_KIND("\xC2\xA0\xC2\xA0 \xC2\xA0", NB_CELL_BLANK);
    EXPECT_KIND("\xE3\x80\x80", NB_CELL_BLANK);             /* U+3000 */
    EXPECT_KIND("\xE3\x80\x80\xE3\x80\x80\n", NB_CELL_BLANK);
    EXPECT_KIND("\xE2\x80\x82\xE2\x80\x83\xE2\x80\x89", NB_CELL_BLANK); /* en/em/thin */
    EXPECT_KIND("\xE2\x80\x8B", NB_CELL_BLANK);             /* zero-width space */
    EXPECT_KIND("\xE2\x80\xAF", NB_CELL_BLANK);             /* narrow nbsp */
    EXPECT_KIND("\xEF\xBB\xBF", NB_CELL_BLANK);             /* BOM */
    EXPECT_KIND("&nbsp;", NB_CELL_BLANK);                   /* escaped twice by the site */
    EXPECT_KIND("&nbsp;&nbsp; \xC2\xA0", NB_CELL_BLANK);
    EXPECT_TEXT("&nbsp");                                   /* not the whole entity */
    EXPECT_TEXT("&amp;");

    nb_number n;
    nb_number_parse(NULL, 0, &n);
    CHECK_INT(n.kind, NB_CELL_BLANK);
    nb_number_parse("12", 0, &n); /* len 0 means nothing, whatever the pointer holds */
    CHECK_INT(n.kind, NB_CELL_BLANK);
}

static void placeholder_cells(void)
{
    EXPECT_KIND("/", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("\xEF\xBC\x8F", NB_CELL_PLACEHOLDER);       /* ／ */
    EXPECT_KIND("\\", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("//", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("—", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("——", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("— —", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("──", NB_CELL_PLACEHOLDER);                 /* box drawing */
    EXPECT_KIND("─", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("–", NB_CELL_PLACEHOLDER);                  /* en dash */
    EXPECT_KIND("―", NB_CELL_PLACEHOLDER);                  /* U+2015 */
    EXPECT_KIND("-", NB_CELL_PLACEHOLDER);
    EXPECT_KIND(" - ", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("--", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("-----", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("－", NB_CELL_PLACEHOLDER);                 /* full-width hyphen-minus */
    EXPECT_KIND("－－", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("-—", NB_CELL_PLACEHOLDER);                 /* mixed dashes */
    EXPECT_KIND("\xC2\xA0—\xC2\xA0", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("无", NB_CELL_PLACEHOLDER);
    EXPECT_KIND(" 无 ", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("空", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("暂无", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("暂 无", NB_CELL_PLACEHOLDER);              /* PDF text spaces CJK out */
    EXPECT_KIND("没有", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("不涉及", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("不 涉 及", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("不适用", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("×", NB_CELL_PLACEHOLDER);
    EXPECT_KIND("\xE3\x80\x80×\xE3\x80\x80", NB_CELL_PLACEHOLDER);

    /* Near misses are TEXT, not placeholders. */
    EXPECT_TEXT("-/");
    EXPECT_TEXT("无无");
    EXPECT_TEXT("无。");
    EXPECT_TEXT("暂");
    EXPECT_TEXT("+");
    EXPECT_TEXT("一");  /* a dash to some typists, the numeral one to others: not guessed */
    EXPECT_TEXT("——5");
    EXPECT_TEXT("—18"); /* an em dash is not a minus sign */
    /* A lone zero is a number, not a placeholder. */
    EXPECT_NUMBER("0", "0", "", 0);
}

static void plain_numbers(void)
{
    EXPECT_NUMBER("0 ", "0", "", 0);
    EXPECT_NUMBER("7", "7", "", 0);
    EXPECT_NUMBER("\xC2\xA0" "821\xC2\xA0", "821", "", 0);
    EXPECT_NUMBER("\xE3\x80\x80" "3119\n", "3119", "", 0);
    EXPECT_NUMBER("96171.6", "96171.6", "", 0);
    EXPECT_NUMBER("24252.311082", "24252.311082", "", 0);
    EXPECT_NUMBER("9116.36", "9116.36", "", 0);
    EXPECT_NUMBER("5949.088667", "5949.088667", "", 0);
    EXPECT_NUMBER("8040", "8040", "", 0);
    EXPECT_NUMBER("-18", "-18", "", 0);
    EXPECT_NUMBER("+5", "5", "", 0);
    EXPECT_NUMBER("- 18", "-18", "", 0);
    EXPECT_NUMBER("\xE2\x88\x92" "8", "-8", "", 0);        /* U+2212 minus sign */
    EXPECT_NUMBER("-0", "0", "", 0);
    EXPECT_NUMBER("-0.00", "0.00", "", 0);
    EXPECT_NUMBER("+0", "0", "", 0);
    EXPECT_NUMBER("007", "7", "", 0);
    EXPECT_NUMBER("000", "0", "", 0);
    EXPECT_NUMBER("00.50", "0.50", "", 0);
    EXPECT_NUMBER("1.50", "1.50", "", 0);                   /* trailing zeros as printed */
    EXPECT_NUMBER("0.05", "0.05", "", 0);
    EXPECT_NUMBER("-0.5", "-0.5", "", 0);

    /* The exact doubles, not only their strings. */
    nb_number n = parse_bytes("24252.311082", 12);
    CHECK(n.number == 24252.311082);
    n = parse_bytes("-18", 3);
    CHECK(n.number == -18.0);
    n = parse_bytes("75394432.52元", strlen("75394432.52元"));
    CHECK(n.number == 75394432.52);
    n = parse_bytes("1.50", 4);
    CHECK(n.number == 1.5);
    n = parse_bytes("0.000000000000000000000000001", 29); /* beyond the fast path */
    CHECK(fabs(n.number - 1e-27) < 1e-40);
    CHECK_STR(n.value, "0.000000000000000000000000001");
    CHECK_INT(n.flags, 0);

    /* Numbers that end badly. */
    EXPECT_TEXT("5.");
    EXPECT_TEXT(".5");
    EXPECT_TEXT("1.2.3");
    EXPECT_TEXT("--5");
    EXPECT_TEXT("+-5");
    EXPECT_TEXT("5-");
    EXPECT_TEXT("12%");
    EXPECT_TEXT("5+3");
}

static void fullwidth_numbers(void)
{
    EXPECT_NUMBER("１２", "12", "", FULLWIDTH);
    EXPECT_NUMBER("1２", "12", "", FULLWIDTH);
    EXPECT_NUMBER("０", "0", "", FULLWIDTH);
    EXPECT_NUMBER("９６１７１．６", "96171.6", "", FULLWIDTH);
    EXPECT_NUMBER("96171．6", "96171.6", "", FULLWIDTH);   /* only the point */
    EXPECT_NUMBER("－１８", "-18", "", FULLWIDTH);
    EXPECT_NUMBER("－18", "-18", "", FULLWIDTH);          /* only the sign */
    EXPECT_NUMBER("＋５", "5", "", FULLWIDTH);
    EXPECT_NUMBER("１，２３４", "1234", "", FULLWIDTH | THOUSANDS);
    /* Full-width digits inside an annotation are not the number's. */
    EXPECT_NUMBER("5（其中１件）", "5", "", ANNOTATED);
}

static void thousands_separators(void)
{
    EXPECT_NUMBER("1,234", "1234", "", THOUSANDS);
    EXPECT_NUMBER("12,345,678", "12345678", "", THOUSANDS);
    EXPECT_NUMBER("123,456.78", "123456.78", "", THOUSANDS);
    EXPECT_NUMBER("-1,000", "-1000", "", THOUSANDS);
    EXPECT_NUMBER("1,234元", "1234", "元", THOUSANDS | UNIT);
    EXPECT_NUMBER("1，234", "1234", "", THOUSANDS | FULLWIDTH);
    EXPECT_NUMBER("1,234，567", "1234567", "", THOUSANDS | FULLWIDTH);
    EXPECT_TEXT("1,23");
    EXPECT_TEXT("1,2345");
    EXPECT_TEXT("1234,567");
    EXPECT_TEXT("0,123");     /* a decimal comma, or two numbers: not read */
    EXPECT_TEXT("1,234,56");
    EXPECT_TEXT("1,,234");
    EXPECT_TEXT(",123");
    EXPECT_TEXT("123,");
    EXPECT_TEXT("1, 234");
    EXPECT_TEXT("1.234,5");
    EXPECT_TEXT("1.234.567");
    EXPECT_TEXT("12，34");    /* two numbers listed with a Chinese comma */
}

static void approximate_numbers(void)
{
    EXPECT_NUMBER("约36万元", "36", "万元", APPROX | UNIT);
    EXPECT_NUMBER("约 36 万元", "36", "万元", APPROX | UNIT);
    EXPECT_NUMBER("大约5", "5", "", APPROX);
    EXPECT_NUMBER("近30件", "30", "件", APPROX | UNIT);
    EXPECT_NUMBER("逾100", "100", "", APPROX);
    EXPECT_NUMBER("超100项", "100", "项", APPROX | UNIT);
    EXPECT_NUMBER("超过100项", "100", "项", APPROX | UNIT);
    EXPECT_NUMBER("30余件", "30", "件", APPROX | UNIT);
    EXPECT_NUMBER("30余万元", "30", "万元", APPROX | UNIT);
    EXPECT_NUMBER("30多个", "30", "个", APPROX | UNIT);
    EXPECT_NUMBER("30多", "30", "", APPROX);
    EXPECT_NUMBER("36万元左右", "36", "万元", APPROX | UNIT);
    EXPECT_NUMBER("100件以上", "100", "件", APPROX | UNIT);
    EXPECT_NUMBER("100以上", "100", "", APPROX);
    EXPECT_NUMBER("约30余件", "30", "件", APPROX | UNIT);
    /* 共/合计 only say it is a total: stripped, flagged as extra text. */
    EXPECT_NUMBER("共36件", "36", "件", ANNOTATED | UNIT);
    EXPECT_NUMBER("合计5", "5", "", ANNOTATED);
    EXPECT_NUMBER("共计 12", "12", "", ANNOTATED);
    EXPECT_NUMBER("共约36万元", "36", "万元", ANNOTATED | APPROX | UNIT);
    EXPECT_TEXT("约");
    EXPECT_TEXT("约万元");
    EXPECT_TEXT("36万余元");  /* the unit split in two is not read */
    EXPECT_TEXT("近3年");
    EXPECT_TEXT("不足5件");
}

static void numbers_with_units(void)
{
    EXPECT_NUMBER("70487元", "70487", "元", UNIT);
    EXPECT_NUMBER("152790元", "152790", "元", UNIT);
    EXPECT_NUMBER("251000元", "251000", "元", UNIT);
    EXPECT_NUMBER("75394432.52元", "75394432.52", "元", UNIT);
    EXPECT_NUMBER("3940 元", "3940", "元", UNIT);
    EXPECT_NUMBER("96171.6万元", "96171.6", "万元", UNIT);
    EXPECT_NUMBER("12千元", "12", "千元", UNIT);
    EXPECT_NUMBER("22件", "22", "件", UNIT);
    EXPECT_NUMBER("3项", "3", "项", UNIT);
    EXPECT_NUMBER("4个", "4", "个", UNIT);
    EXPECT_NUMBER("5条", "5", "条", UNIT);
    EXPECT_NUMBER("6次", "6", "次", UNIT);
    EXPECT_NUMBER("7宗", "7", "宗", UNIT);
    EXPECT_NUMBER("0件", "0", "件", UNIT);
    EXPECT_NUMBER("-18件", "-18", "件", UNIT);
    EXPECT_NUMBER("36 万 元", "36", "万元", UNIT);
    EXPECT_TEXT("36万");
    EXPECT_TEXT("5人");       /* not a unit we know: left for a reader */
    EXPECT_TEXT("5件件");
    EXPECT_TEXT("5元件");
    EXPECT_TEXT("元5");
}

static void annotated_numbers(void)
{
    EXPECT_NUMBER("22（其中修订16件）", "22", "", ANNOTATED);
    EXPECT_NUMBER("22 （其中修订16件）", "22", "", ANNOTATED);
    EXPECT_NUMBER("5(含转办)", "5", "", ANNOTATED);
    EXPECT_NUMBER("5(含转办3件)", "5", "", ANNOTATED);
    EXPECT_NUMBER("22件（其中修订16件）", "22", "件", ANNOTATED | UNIT);
    EXPECT_NUMBER("5（含转办）（另2件）", "5", "", ANNOTATED);
    EXPECT_NUMBER("5（含（转办）3）", "5", "", ANNOTATED);      /* nested */
    EXPECT_NUMBER("5(含转办）", "5", "", ANNOTATED);             /* mixed widths */
    EXPECT_NUMBER("5【注1】", "5", "", ANNOTATED);
    EXPECT_NUMBER("0（无）", "0", "", ANNOTATED);
    EXPECT_NUMBER("约36万元（含2019年结转）", "36", "万元", APPROX | UNIT | ANNOTATED);
    EXPECT_NUMBER("22（\xFF）", "22", "", ANNOTATED);            /* bad bytes inside are commentary */
    EXPECT_TEXT("22（其中修订16件");                             /* never closed */
    EXPECT_TEXT("22（其中修订16件）3");
    EXPECT_TEXT("22（其中修订16件）件");
    EXPECT_TEXT("（其中修订16件）22");
    EXPECT_TEXT("22，其中修订16件");
    EXPECT_TEXT("22）");
    EXPECT_TEXT("5(");
}

static void text_cells(void)
{
    EXPECT_TEXT("12 34");
    EXPECT_TEXT("2648-18538");
    EXPECT_TEXT("2648 -18 538");
    EXPECT_TEXT("396 0 181");
    EXPECT_TEXT("规范性文件898989");
    EXPECT_TEXT("行政许可3960181");
    EXPECT_TEXT("898989规范性文件");
    EXPECT_TEXT("见附件");
    EXPECT_TEXT("1e308");
    EXPECT_TEXT("1E5");
    EXPECT_TEXT("十二");      /* Chinese numerals are not read (yet) */
    EXPECT_TEXT("三");
    EXPECT_TEXT("〇");
    EXPECT_TEXT("0x1F");
    EXPECT_TEXT("96171 .6");
    EXPECT_TEXT("96171. 6");
    EXPECT_TEXT("1 234");
    EXPECT_TEXT("2019年");
    EXPECT_TEXT("Infinity");
    EXPECT_TEXT("NaN");
}

static void too_large_numbers(void)
{
    EXPECT_NUMBER("123456789012345", "123456789012345", "", 0); /* 15 digits: fine */
    EXPECT_NUMBER("1234567890.12345", "1234567890.12345", "", 0);
    EXPECT_NUMBER("0.000123456789012345", "0.000123456789012345", "", 0);
    EXPECT_NUMBER("1234567890123456", "1234567890123456", "", TOO_LARGE);
    EXPECT_NUMBER("12345678901234567", "12345678901234567", "", TOO_LARGE);
    EXPECT_NUMBER("1.000000000000000", "1.000000000000000", "", TOO_LARGE);
    EXPECT_NUMBER("-12,345,678,901,234,567元", "-12345678901234567", "元",
                  TOO_LARGE | THOUSANDS | UNIT);
    nb_number n = parse_bytes("12345678901234567", 17);
    CHECK(n.number == 12345678901234567.0); /* the nearest double */
    n = parse_bytes("123456789012345678901234567890", 30);
    CHECK_INT(n.kind, NB_CELL_NUMBER);
    CHECK_STR(n.value, "123456789012345678901234567890");
    CHECK(fabs(n.number / 1.2345678901234568e29 - 1) < 1e-15);

    /* 47 characters is the most value[] holds; one more and it cannot be exact. */
    const char *d47 = "12345678901234567890123456789012345678901234567";
    n = parse_bytes(d47, 47);
    CHECK_INT(n.kind, NB_CELL_NUMBER);
    CHECK_STR(n.value, d47);
    CHECK(n.flags & NB_FLAG_TOO_LARGE);
    n = parse_bytes("-1234567890123456789012345678901234567890123456", 47);
    CHECK_INT(n.kind, NB_CELL_NUMBER);
    CHECK_STR(n.value, "-1234567890123456789012345678901234567890123456");
    n = parse_bytes("-12345678901234567890123456789012345678901234567", 48);
    CHECK_INT(n.kind, NB_CELL_TEXT);
    n = parse_bytes("123456789012345678901234567890123456789012345678", 48);
    CHECK_INT(n.kind, NB_CELL_TEXT);
    CHECK_STR(n.value, "");
    /* Leading zeros do not take room. */
    n = parse_bytes("000000000000000000000000000000000000000000000000000000000000042", 63);
    CHECK_INT(n.kind, NB_CELL_NUMBER);
    CHECK_STR(n.value, "42");
}

static void invalid_bytes(void)
{
    EXPECT_TEXT("\xFF");
    EXPECT_TEXT("1\xFF");
    EXPECT_TEXT("\xFF" "1");
    EXPECT_TEXT("\xC0\xB1");           /* overlong '1' */
    EXPECT_TEXT("\xC0\xA0");           /* overlong space */
    EXPECT_TEXT("\xE0\x80\xB1");       /* overlong '1', three bytes */
    EXPECT_TEXT("\xED\xA0\x80");       /* a surrogate */
    EXPECT_TEXT("\xF4\x90\x80\x80");   /* above U+10FFFF */
    EXPECT_TEXT("\xE4\xB8");           /* truncated 3-byte sequence at the end */
    EXPECT_TEXT("12\xE4");
    EXPECT_TEXT("12\xEF\xBC");         /* truncated full-width digit */
    EXPECT_TEXT("\x80\x80\x80");
    EXPECT_TEXT("\xEF\xBF\xBD");       /* U+FFFD from the decoder */
    EXPECT_TEXT("\0");
    EXPECT_TEXT("1\0" "2");
    EXPECT_TEXT("12\0");
    EXPECT_TEXT("\0" "12");

    /* A length that stops early is obeyed: the rest is never read. */
    nb_number n;
    nb_number_parse("123456", 2, &n);
    CHECK_STR(n.value, "12");
    nb_number_parse("\xEF\xBC\x91\xEF\xBC\x92", 4, &n); /* "１" and half of "２" */
    CHECK_INT(n.kind, NB_CELL_TEXT);
    nb_number_parse("约36万元", strlen("约36万"), &n);
    CHECK_INT(n.kind, NB_CELL_TEXT);
    nb_number_parse("&nbsp;", 5, &n);
    CHECK_INT(n.kind, NB_CELL_TEXT);
}

static void flag_names(void)
{
    char buf[80];
    nb_number_flag_names(0, buf, sizeof buf);
    CHECK_STR(buf, "");
    nb_number_flag_names(NB_FLAG_APPROX, buf, sizeof buf);
    CHECK_STR(buf, "approximate");
    nb_number_flag_names(NB_FLAG_ANNOTATED, buf, sizeof buf);
    CHECK_STR(buf, "annotated");
    nb_number_flag_names(NB_FLAG_UNIT_STRIPPED, buf, sizeof buf);
    CHECK_STR(buf, "unit_stripped");
    nb_number_flag_names(NB_FLAG_FULLWIDTH, buf, sizeof buf);
    CHECK_STR(buf, "fullwidth");
    nb_number_flag_names(NB_FLAG_THOUSANDS, buf, sizeof buf);
    CHECK_STR(buf, "thousands");
    nb_number_flag_names(NB_FLAG_TOO_LARGE, buf, sizeof buf);
    CHECK_STR(buf, "too_large");
    nb_number_flag_names(NB_FLAG_TOO_LARGE | NB_FLAG_APPROX | NB_FLAG_UNIT_STRIPPED, buf,
                         sizeof buf);
    CHECK_STR(buf, "approximate;unit_stripped;too_large");
    unsigned all = NB_FLAG_APPROX | NB_FLAG_ANNOTATED | NB_FLAG_UNIT_STRIPPED |
                   NB_FLAG_FULLWIDTH | NB_FLAG_THOUSANDS | NB_FLAG_TOO_LARGE;
    nb_number_flag_names(all, buf, sizeof buf);
    CHECK_STR(buf, "approximate;annotated;unit_stripped;fullwidth;thousands;too_large");
    nb_number_flag_names(all | 0x80000000u, buf, sizeof buf); /* unknown bits: ignored */
    CHECK_STR(buf, "approximate;annotated;unit_stripped;fullwidth;thousands;too_large");
    nb_number_flag_names(all, buf, 66); /* exactly enough */
    CHECK_STR(buf, "approximate;annotated;unit_stripped;fullwidth;thousands;too_large");

    /* Too small: whole names only, always terminated. */
    memset(buf, 'x', sizeof buf);
    nb_number_flag_names(all, buf, 25);
    CHECK_STR(buf, "approximate;annotated");
    memset(buf, 'x', sizeof buf);
    nb_number_flag_names(NB_FLAG_APPROX, buf, 11);
    CHECK_STR(buf, "");
    memset(buf, 'x', sizeof buf);
    nb_number_flag_names(NB_FLAG_APPROX, buf, 1);
    CHECK_STR(buf, "");
    buf[0] = 'x';
    nb_number_flag_names(NB_FLAG_APPROX, buf, 0); /* no room: nothing written */
    CHECK_INT(buf[0], 'x');
}

static void wan_to_yuan(void)
{
    static const struct {
        const char *wan, *yuan;
    } cases[] = {
        {"96171.6", "961716000"},
        {"0.00005", "0.5"},
        {"0", "0"},
        {"24252.311082", "242523110.82"},
        {"9116.36", "91163600"},
        {"5949.088667", "59490886.67"},
        {"36", "360000"},
        {"1.5", "15000"},
        {"1.50000", "15000"},
        {"0.0001", "1"},
        {"0.00010", "1"},
        {"0.000", "0"},
        {"0.00", "0"},
        {"1.23456789", "12345.6789"},
        {"0.12", "1200"},
        {"0.000001", "0.01"},
        {"-18", "-180000"},
        {"-2.5", "-25000"},
        {"-0.00001", "-0.1"},
        {"-0", "0"},
        {"-0.00000", "0"},
        {"007.5", "75000"},
        {"12345678901234567890123456789012345678901234567",
         "123456789012345678901234567890123456789012345670000"},
    };
    char out[56];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(out, 'x', sizeof out);
        nb_number_wan_to_yuan(cases[i].wan, out, sizeof out);
        CHECK_STR(out, cases[i].yuan);
    }

    /* Not a plain decimal: empty output. */
    static const char *const invalid[] = {"", "-", ".", "1.", ".5", "1,234", "1e5", "+1",
                                          " 1", "1 ", "１", "abc", "1.2.3", "--1"};
    for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
        memset(out, 'x', sizeof out);
        nb_number_wan_to_yuan(invalid[i], out, sizeof out);
        CHECK_STR(out, "");
    }
    nb_number_wan_to_yuan(NULL, out, sizeof out);
    CHECK_STR(out, "");

    /* Too small for the result: empty rather than cut. */
    nb_number_wan_to_yuan("96171.6", out, 9);
    CHECK_STR(out, "");
    nb_number_wan_to_yuan("96171.6", out, 10);
    CHECK_STR(out, "961716000");
}

/* ---- property test over random cells --------------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 11);
}

/* A value string has the documented shape: optional '-', no leading zeros, '.' with at
 * least one digit after it, no '-0'. */
static int is_plain_decimal(const char *s)
{
    int negative = *s == '-';
    if (negative) s++;
    if (!(*s >= '0' && *s <= '9')) return 0;
    if (s[0] == '0' && s[1] >= '0' && s[1] <= '9') return 0;
    int nonzero = 0;
    while (*s >= '0' && *s <= '9') nonzero |= *s++ != '0';
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9')) return 0;
        while (*s >= '0' && *s <= '9') nonzero |= *s++ != '0';
    }
    return *s == '\0' && (!negative || nonzero);
}

static void random_cells_keep_the_invariants(void)
{
    static const char *const pieces[] = {
        "0", "1", "5", "9", "00", "123", "１", "０", ",", "，", ".", "．", "-", "－", "+",
        "＋", "约", "近", "共", "万元", "元", "件", "余", "左右", "（", "）", "(", ")", "【",
        " ", "\xC2\xA0", "\xE3\x80\x80", "&nbsp;", "—", "/", "无", "暂无", "其中", "e", "×",
        "\xFF", "\xE4\xB8", "\xC0", "\x80", "\xEF\xBC", "&", "一",
    };
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    char cell[256];
    int numbers = 0, bad = 0;
    for (int iter = 0; iter < 200000; iter++) {
        size_t len = 0;
        int parts = (int)(rng() % 8);
        for (int k = 0; k < parts; k++) {
            if (rng() % 16 == 0) {
                cell[len++] = (char)(rng() & 0xFF); /* any byte, NUL included */
            } else {
                const char *piece = pieces[rng() % npieces];
                size_t n = strlen(piece);
                memcpy(cell + len, piece, n);
                len += n;
            }
        }
        nb_number n = parse_bytes(cell, len);
        if (n.kind == NB_CELL_NUMBER) {
            numbers++;
            int ok = is_plain_decimal(n.value);
            /* The value is itself a cell that reads back as the same number. */
            nb_number again = parse_bytes(n.value, strlen(n.value));
            ok = ok && again.kind == NB_CELL_NUMBER && strcmp(again.value, n.value) == 0 &&
                 (again.flags & ~(unsigned)NB_FLAG_TOO_LARGE) == 0 &&
                 again.number == n.number;
            if (!(n.flags & NB_FLAG_TOO_LARGE)) ok = ok && n.number == strtod(n.value, NULL);
            char yuan[56];
            nb_number_wan_to_yuan(n.value, yuan, sizeof yuan);
            ok = ok && is_plain_decimal(yuan);
            if (!ok && bad++ < 5)
                fprintf(stderr, "random cell \"%.*s\" -> \"%s\"\n", (int)len, cell, n.value);
        } else {
            int ok = n.value[0] == '\0' && n.unit[0] == '\0' && n.number == 0 && n.flags == 0;
            if (!ok && bad++ < 5) fprintf(stderr, "random cell \"%.*s\" fields set\n", (int)len, cell);
        }
    }
    CHECK_INT(bad, 0);
    CHECK(numbers > 1000); /* the generator does reach the number path */
}

int main(void)
{
    blank_cells();
    placeholder_cells();
    plain_numbers();
    fullwidth_numbers();
    thousands_separators();
    approximate_numbers();
    numbers_with_units();
    annotated_numbers();
    text_cells();
    too_large_numbers();
    invalid_bytes();
    flag_names();
    wan_to_yuan();
    random_cells_keep_the_invariants();
    return check_done();
}
