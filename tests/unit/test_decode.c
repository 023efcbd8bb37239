/* Tests for decode: every charset path and every gzip failure, with inputs made in the
 * test by the real iconv and the real zlib, so the expected bytes are what portals send. */
#include "check.h"
#include "pipeline/read/decode.h"

#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#define TITLE "平东镇2019年政府信息公开工作年度报告"
#define FFFD "\xEF\xBF\xBD"

/* ---- helpers ---- */

/* utf8 text re-encoded in charset by iconv (the way a GBK portal stores the page). */
static void encode(nb_buf *out, const char *charset, const char *utf8)
{
    iconv_t cd = iconv_open(charset, "UTF-8");
    if (cd == (iconv_t)-1) {
        fprintf(stderr, "test setup: no iconv converter to %s\n", charset);
        exit(2);
    }
    char *in = (char *)utf8;
    size_t in_left = strlen(utf8);
    nb_buf_reserve(out, in_left * 4 + 16);
    char *o = out->data + out->len;
    size_t o_left = out->cap - out->len - 1;
    if (iconv(cd, &in, &in_left, &o, &o_left) == (size_t)-1) {
        fprintf(stderr, "test setup: cannot encode \"%s\" in %s\n", utf8, charset);
        exit(2);
    }
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    iconv_close(cd);
}

/* A page: head (ASCII, may hold a <meta>), the title in charset, then a tail. */
static nb_buf page(const char *head, const char *charset, const char *tail)
{
    nb_buf b = NB_BUF_INIT;
    nb_buf_adds(&b, head);
    encode(&b, charset, "<title>" TITLE "</title><p>本机关2019年共收到政府信息公开申请36件。</p>");
    nb_buf_adds(&b, tail);
    return b;
}

static const char expected_body[] =
    "<title>" TITLE "</title><p>本机关2019年共收到政府信息公开申请36件。</p>";

/* Independent strict UTF-8 check (decoding to code points) for the output invariant. */
static int valid_utf8(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n;
        if (u[i] < 0x80) cp = u[i], n = 1;
        else if ((u[i] & 0xE0) == 0xC0) cp = u[i] & 0x1F, n = 2;
        else if ((u[i] & 0xF0) == 0xE0) cp = u[i] & 0x0F, n = 3;
        else if ((u[i] & 0xF8) == 0xF0) cp = u[i] & 0x07, n = 4;
        else return 0;
        if (i + n > len) return 0;
        for (size_t k = 1; k < n; k++) {
            if ((u[i + k] & 0xC0) != 0x80) return 0;
            cp = cp << 6 | (u[i + k] & 0x3F);
        }
        static const uint32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min_for_length[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
        i += n;
    }
    return 1;
}

typedef struct {
    int rc;
    nb_buf text;
    nb_decode_info info;
    nb_buf err;
} decoded;

static decoded decode(const char *src, size_t len, const char *http_charset)
{
    decoded d;
    memset(&d, 0, sizeof d);
    d.rc = nb_decode_to_utf8(src, len, http_charset, &d.text, &d.info, &d.err);
    /* The invariants, checked on every call. */
    CHECK(d.text.data != NULL);
    CHECK(valid_utf8(d.text.data, d.text.len));
    CHECK_INT(strlen(d.text.data), d.text.len);
    return d;
}

static void decoded_free(decoded *d)
{
    nb_buf_free(&d->text);
    nb_buf_free(&d->err);
}

/* The text after the last '>' of the ASCII head, i.e. what the test put in the charset. */
static const char *after(const decoded *d, const char *head_end)
{
    const char *p = strstr(d->text.data, head_end);
    return p ? p + strlen(head_end) : "(head not found)";
}

static void gzip_bytes(nb_buf *out, const char *src, size_t len, int window_bits)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit2(&zs, 9, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) exit(2);
    zs.next_in = (Bytef *)src;
    zs.avail_in = (uInt)len;
    int rc;
    do {
        nb_buf_reserve(out, 65536);
        zs.next_out = (Bytef *)out->data + out->len;
        zs.avail_out = 65536;
        rc = deflate(&zs, Z_FINISH);
        out->len += 65536 - zs.avail_out;
    } while (rc == Z_OK);
    if (rc != Z_STREAM_END) exit(2);
    out->data[out->len] = '\0';
    deflateEnd(&zs);
}

/* ---- charsets ---- */

static void utf8_passes_through_unchanged(void)
{
    const char *src = "<html><head><title>" TITLE "</title></head><body>申请36件</body></html>";
    decoded d = decode(src, strlen(src), NULL);
    CHECK_INT(d.rc, 0);
    CHECK_STR(d.text.data, src);
    CHECK_STR(d.info.charset, "UTF-8");
    CHECK_STR(d.info.declared, "");
    CHECK_STR(d.info.decided_by, "content");
    CHECK_INT(d.info.invalid_bytes, 0);
    decoded_free(&d);

    /* Declared UTF-8 and true: the declaration gets the credit. */
    const char *meta = "<meta charset=\"utf-8\"><p>" TITLE "</p>";
    d = decode(meta, strlen(meta), NULL);
    CHECK_STR(d.text.data, meta);
    CHECK_STR(d.info.charset, "UTF-8");
    CHECK_STR(d.info.declared, "utf-8");
    CHECK_STR(d.info.decided_by, "meta");
    decoded_free(&d);

    /* info and err are optional. */
    nb_buf text = NB_BUF_INIT;
    CHECK_INT(nb_decode_to_utf8(src, strlen(src), "gbk", &text, NULL, NULL), 0);
    CHECK_STR(text.data, src);
    nb_buf_free(&text);

    /* Empty input is an empty string, not a NULL. */
    d = decode("", 0, NULL);
    CHECK_INT(d.rc, 0);
    CHECK_STR(d.text.data, "");
    CHECK_INT(d.text.len, 0);
    decoded_free(&d);
    d = decode(NULL, 0, NULL);
    CHECK_STR(d.text.data, "");
    decoded_free(&d);
}

static void utf8_bom_is_removed(void)
{
    const char src[] = "\xEF\xBB\xBF" "<p>" TITLE "</p>";
    decoded d = decode(src, sizeof src - 1, "gbk"); /* the BOM outranks the server */
    CHECK_STR(d.text.data, "<p>" TITLE "</p>");
    CHECK_STR(d.info.charset, "UTF-8");
    CHECK_STR(d.info.decided_by, "bom");
    CHECK_STR(d.info.declared, "gbk");
    CHECK_INT(d.info.invalid_bytes, 0);
    decoded_free(&d);

    /* A BOM alone is an empty text. */
    d = decode("\xEF\xBB\xBF", 3, NULL);
    CHECK_STR(d.text.data, "");
    decoded_free(&d);
}

static void gbk_declared_by_meta_charset(void)
{
    const char *heads[] = {
        "<html><head><meta charset=gbk>",
        "<html><head><META CHARSET=\"GB2312\">",
        "<html><head><meta  charset = 'gb_2312-80' />",
        "<html><head><meta charset=x-gbk>",
        "<html><head><meta charset=cp936>",
        "<html><head><meta charset=\"GB18030\">",
    };
    const char *names[] = {"gbk", "GB2312", "gb_2312-80", "x-gbk", "cp936", "GB18030"};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        nb_buf src = page(heads[i], "GBK", "</html>");
        decoded d = decode(src.data, src.len, NULL);
        CHECK_INT(d.rc, 0);
        CHECK(strstr(d.text.data, TITLE) != NULL);
        CHECK_STR(d.info.charset, "GB18030");
        CHECK_STR(d.info.declared, names[i]);
        CHECK_STR(d.info.decided_by, "meta");
        CHECK_INT(d.info.invalid_bytes, 0);
        nb_buf_free(&src);
        decoded_free(&d);
    }

    /* The whole output, byte for byte. */
    nb_buf src = page("<meta charset=gbk>", "GBK", "</html>");
    decoded d = decode(src.data, src.len, NULL);
    nb_buf want = NB_BUF_INIT;
    nb_buf_printf(&want, "<meta charset=gbk>%s</html>", expected_body);
    CHECK_STR(d.text.data, want.data);
    nb_buf_free(&want);
    nb_buf_free(&src);
    decoded_free(&d);

    /* GBK-only characters under a GB2312 label still decode (read as GB18030): 镕 and
     * 堃 are not in GB2312. */
    nb_buf b = NB_BUF_INIT;
    nb_buf_adds(&b, "<meta charset=gb2312>");
    encode(&b, "GBK", "朱镕基 堃");
    d = decode(b.data, b.len, NULL);
    CHECK_STR(d.text.data, "<meta charset=gb2312>朱镕基 堃");
    CHECK_INT(d.info.invalid_bytes, 0);
    nb_buf_free(&b);
    decoded_free(&d);
}

static void gbk_declared_by_http_equiv(void)
{
    const char *heads[] = {
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">",
        "<META HTTP-EQUIV=Content-Type CONTENT='text/html;charset=GBK'>",
        "<meta content=\"text/html; charset = gbk\" http-equiv=\"content-type\" />",
        "<meta\nhttp-equiv=\"Content-Type\"\ncontent=\"text/html;\n charset=gb2312\">",
    };
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        nb_buf src = page(heads[i], "GBK", "");
        decoded d = decode(src.data, src.len, NULL);
        CHECK_STR(after(&d, ">"), "<title>" TITLE "</title><p>本机关2019年共收到政府信息公开申请36件。</p>");
        CHECK_STR(d.info.charset, "GB18030");
        CHECK_STR(d.info.decided_by, "meta");
        nb_buf_free(&src);
        decoded_free(&d);
    }
}

static void meta_scan_limits(void)
{
    /* A commented-out meta is not a declaration; the live one after it is. */
    nb_buf src = page("<!-- <meta charset=big5> --><meta charset=gbk>", "GBK", "");
    decoded d = decode(src.data, src.len, NULL);
    CHECK_STR(d.info.declared, "gbk");
    CHECK_STR(d.info.decided_by, "meta");
    nb_buf_free(&src);
    decoded_free(&d);

    /* A meta beyond the first 4096 bytes is not looked at (the bytes decide instead). */
    nb_buf late = NB_BUF_INIT;
    for (int i = 0; i < 5000; i++) nb_buf_addc(&late, ' ');
    nb_buf_adds(&late, "<meta charset=big5>");
    encode(&late, "GBK", TITLE);
    d = decode(late.data, late.len, NULL);
    CHECK_STR(d.info.declared, "");
    CHECK_STR(d.info.charset, "GB18030");
    CHECK_STR(d.info.decided_by, "content");
    CHECK(strstr(d.text.data, TITLE) != NULL);
    nb_buf_free(&late);
    decoded_free(&d);

    /* Other metas and "charset" without '=' are skipped; a page may not smuggle iconv
     * suffixes in a name. */
    nb_buf odd = page("<meta name=\"description\" content=\"charset\">"
                      "<meta charset=\"gbk//IGNORE\">",
                      "GBK", "");
    d = decode(odd.data, odd.len, NULL);
    CHECK_STR(d.info.declared, "gbk");
    CHECK_STR(d.info.charset, "GB18030");
    nb_buf_free(&odd);
    decoded_free(&d);
}

static void http_charset_wins_over_meta(void)
{
    /* Server says GBK, the page says Big5: GBK it is. */
    nb_buf src = page("<meta charset=big5>", "GBK", "");
    decoded d = decode(src.data, src.len, "GBK");
    CHECK_STR(after(&d, "<meta charset=big5>"), expected_body);
    CHECK_STR(d.info.charset, "GB18030");
    CHECK_STR(d.info.declared, "GBK");
    CHECK_STR(d.info.decided_by, "http");
    decoded_free(&d);

    /* The whole Content-Type value is accepted as well. */
    d = decode(src.data, src.len, "text/html; charset=\"gb2312\"");
    CHECK_STR(d.info.declared, "gb2312");
    CHECK_STR(d.info.decided_by, "http");
    CHECK_STR(d.info.charset, "GB18030");
    decoded_free(&d);

    /* A Content-Type without a charset declares nothing: the meta decides. Big5 holds
     * traditional characters only, hence the traditional text. */
    nb_buf big5 = NB_BUF_INIT;
    nb_buf_adds(&big5, "<meta charset=gbk>");
    encode(&big5, "BIG5", "平東鎮政府資訊公開年度報告");
    d = decode(big5.data, big5.len, "text/html");
    CHECK_STR(d.info.decided_by, "meta");
    CHECK_STR(d.info.charset, "GB18030");
    decoded_free(&d);

    /* Server says Big5, the meta GBK: Big5. */
    d = decode(big5.data, big5.len, "big5");
    CHECK_STR(d.info.decided_by, "http");
    CHECK_STR(d.info.charset, "BIG5");
    CHECK_STR(d.text.data, "<meta charset=gbk>平東鎮政府資訊公開年度報告");
    CHECK_INT(d.info.invalid_bytes, 0);
    decoded_free(&d);
    nb_buf_free(&big5);
    nb_buf_free(&src);

    /* An empty header value is no declaration. */
    nb_buf gbk = page("<meta charset=gbk>", "GBK", "");
    d = decode(gbk.data, gbk.len, "");
    CHECK_STR(d.info.decided_by, "meta");
    decoded_free(&d);
    nb_buf_free(&gbk);
}

static void undeclared_gbk_detected_from_content(void)
{
    nb_buf src = page("<html><head>", "GBK", "</html>");
    decoded d = decode(src.data, src.len, NULL);
    nb_buf want = NB_BUF_INIT;
    nb_buf_printf(&want, "<html><head>%s</html>", expected_body);
    CHECK_STR(d.text.data, want.data);
    CHECK_STR(d.info.charset, "GB18030");
    CHECK_STR(d.info.declared, "");
    CHECK_STR(d.info.decided_by, "content");
    CHECK_INT(d.info.invalid_bytes, 0);
    nb_buf_free(&want);
    nb_buf_free(&src);
    decoded_free(&d);

    /* A name nobody knows is recorded, and the bytes decide. */
    src = page("<meta charset=\"x-no-such-charset\">", "GBK", "");
    d = decode(src.data, src.len, NULL);
    CHECK_INT(d.rc, 0);
    CHECK_STR(d.info.declared, "x-no-such-charset");
    CHECK_STR(d.info.charset, "GB18030");
    CHECK_STR(d.info.decided_by, "content");
    CHECK_STR(after(&d, ">"), expected_body);
    decoded_free(&d);

    /* An unknown HTTP charset falls back to the meta, and is still what was declared. */
    nb_buf_free(&src);
    src = page("<meta charset=gbk>", "GBK", "");
    d = decode(src.data, src.len, "klingon");
    CHECK_STR(d.info.declared, "klingon");
    CHECK_STR(d.info.decided_by, "meta");
    CHECK_STR(d.info.charset, "GB18030");
    decoded_free(&d);
    nb_buf_free(&src);
}

static void page_claiming_gbk_that_is_utf8(void)
{
    const char *src = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">"
                      "<title>" TITLE "</title>";
    decoded d = decode(src, strlen(src), NULL);
    CHECK_STR(d.text.data, src);
    CHECK_STR(d.info.charset, "UTF-8");
    CHECK_STR(d.info.declared, "gb2312");
    CHECK_STR(d.info.decided_by, "content");
    CHECK_INT(d.info.invalid_bytes, 0);
    decoded_free(&d);

    /* Same when the server makes the false claim. */
    d = decode(src, strlen(src), "GBK");
    CHECK_STR(d.text.data, src);
    CHECK_STR(d.info.charset, "UTF-8");
    CHECK_STR(d.info.decided_by, "content");
    decoded_free(&d);

    /* "联通" in GBK (C1 AA CD A8) looks like UTF-8 to a lax validator; it is GBK. */
    nb_buf b = NB_BUF_INIT;
    nb_buf_adds(&b, "<meta charset=gbk>");
    encode(&b, "GBK", "联通");
    CHECK_STR(b.data + strlen("<meta charset=gbk>"), "\xC1\xAA\xCD\xA8");
    d = decode(b.data, b.len, NULL);
    CHECK_STR(d.text.data, "<meta charset=gbk>联通");
    CHECK_STR(d.info.charset, "GB18030");
    CHECK_STR(d.info.decided_by, "meta");
    decoded_free(&d);
    nb_buf_free(&b);

    /* Pure ASCII under a GBK label: nothing contradicts the label. */
    const char *ascii = "<meta charset=gbk><p>2019</p>";
    d = decode(ascii, strlen(ascii), NULL);
    CHECK_STR(d.text.data, ascii);
    CHECK_STR(d.info.charset, "GB18030");
    CHECK_STR(d.info.decided_by, "meta");
    decoded_free(&d);
}

static void page_claiming_utf8_that_is_gbk(void)
{
    nb_buf src = page("<meta charset=\"UTF-8\">", "GBK", "");
    decoded d = decode(src.data, src.len, NULL);
    CHECK_STR(after(&d, "<meta charset=\"UTF-8\">"), expected_body);
    CHECK_STR(d.info.charset, "GB18030");
    CHECK_STR(d.info.declared, "UTF-8");
    CHECK_STR(d.info.decided_by, "content");
    CHECK_INT(d.info.invalid_bytes, 0);
    decoded_free(&d);

    d = decode(src.data, src.len, "utf-8");
    CHECK_STR(d.info.charset, "GB18030");
    CHECK_STR(d.info.declared, "utf-8");
    CHECK_STR(d.info.decided_by, "content");
    decoded_free(&d);
    nb_buf_free(&src);

    /* Server default ISO-8859-1 on a GBK page: a label, not a fact. */
    src = page("<html>", "GBK", "");
    d = decode(src.data, src.len, "ISO-8859-1");
    CHECK_STR(after(&d, "<html>"), expected_body);
    CHECK_STR(d.info.charset, "GB18030");
    CHECK_STR(d.info.declared, "ISO-8859-1");
    CHECK_STR(d.info.decided_by, "content");
    decoded_free(&d);
    nb_buf_free(&src);

    /* ...while real Latin-1 text under that label stays Latin-1 (read as windows-1252). */
    const char latin[] = "caf\xE9, cr\xE8me br\xFBl\xE9" "e. \x80" "5";
    d = decode(latin, sizeof latin - 1, "iso-8859-1");
    CHECK_STR(d.text.data, "café, crème brûlée. €5");
    CHECK_STR(d.info.charset, "WINDOWS-1252");
    CHECK_STR(d.info.decided_by, "http");
    decoded_free(&d);
}

static void invalid_bytes_become_replacement_characters(void)
{
    /* UTF-8 with a stray byte and a sequence cut off by the end of the page (a size
     * cap): UTF-8 still reads it with fewer invalid bytes than GB18030 does, so only the
     * bad bytes are replaced. */
    const char src[] = "<td>平东镇</td><td>收到申请</td>\xFF<td>36件</td>"
                       "<td>本年度办理结果</td><td>予以公开</td><td>年\xE5\xB9";
    decoded d = decode(src, sizeof src - 1, NULL);
    CHECK_STR(d.text.data, "<td>平东镇</td><td>收到申请</td>" FFFD "<td>36件</td>"
                           "<td>本年度办理结果</td><td>予以公开</td><td>年" FFFD FFFD);
    CHECK_STR(d.info.charset, "UTF-8");
    CHECK_STR(d.info.decided_by, "content");
    CHECK_INT(d.info.invalid_bytes, 3);
    decoded_free(&d);

    /* Overlong forms and surrogates are not UTF-8. */
#define CELLS "<td>平东镇</td><td>申请人</td><td>自然人</td><td>本机关</td><td>已公开</td><td>无此信</td>"
    const char bad[] = "<meta charset=utf-8>" CELLS "a\xC0\xAF" "b\xED\xA0\x80" "c";
    d = decode(bad, sizeof bad - 1, NULL);
    CHECK_STR(d.text.data, "<meta charset=utf-8>" CELLS "a" FFFD FFFD "b" FFFD FFFD FFFD "c");
    CHECK_STR(d.info.decided_by, "meta");
    CHECK_INT(d.info.invalid_bytes, 5);
    decoded_free(&d);

    /* On a snippet that short, GB18030 reads the same bytes with fewer invalid bytes: the
     * comparison is meant for pages, and a few bytes can go either way. */
    const char snippet[] = "a\xC0\xAF" "b\xED\xA0\x80" "c";
    d = decode(snippet, sizeof snippet - 1, NULL);
    CHECK_STR(d.info.charset, "GB18030");
    CHECK_INT(d.info.invalid_bytes, 1);
    decoded_free(&d);

    /* GBK with a lead byte followed by a space, and an 0xFF: one byte each. */
    nb_buf b = NB_BUF_INIT;
    nb_buf_adds(&b, "<meta charset=gbk>");
    encode(&b, "GBK", "平东镇");
    nb_buf_adds(&b, "\x81 x\xFF");
    encode(&b, "GBK", "年报");
    nb_buf_adds(&b, "\xB0"); /* a lead byte cut off by the end of the page */
    d = decode(b.data, b.len, NULL);
    CHECK_STR(d.text.data, "<meta charset=gbk>平东镇" FFFD " x" FFFD "年报" FFFD);
    CHECK_STR(d.info.charset, "GB18030");
    CHECK_INT(d.info.invalid_bytes, 3);
    decoded_free(&d);
    nb_buf_free(&b);
}

static void nul_bytes_are_dropped_and_counted(void)
{
    const char src[] = "<p>平\0东\0\0镇</p>";
    decoded d = decode(src, sizeof src - 1, NULL);
    CHECK_STR(d.text.data, "<p>平东镇</p>");
    CHECK_INT(d.text.len, strlen("<p>平东镇</p>"));
    CHECK_STR(d.info.charset, "UTF-8");
    CHECK_INT(d.info.invalid_bytes, 3);
    decoded_free(&d);

    /* Text after a NUL is not lost on the iconv path either. */
    nb_buf b = NB_BUF_INIT;
    nb_buf_adds(&b, "<meta charset=gbk>");
    encode(&b, "GBK", "平东镇");
    nb_buf_add(&b, "\0", 1);
    encode(&b, "GBK", "2019年");
    d = decode(b.data, b.len, NULL);
    CHECK_STR(d.text.data, "<meta charset=gbk>平东镇2019年");
    CHECK_STR(d.info.charset, "GB18030");
    CHECK_INT(d.info.invalid_bytes, 1);
    decoded_free(&d);

    /* Undeclared: NULs weigh the same in both readings, and are dropped in either. */
    const char mixed[] = "<td>平东镇</td>\0<td>年报\xFF</td>";
    d = decode(mixed, sizeof mixed - 1, NULL);
    CHECK_STR(d.text.data, "<td>平东镇</td><td>年报" FFFD "</td>");
    CHECK_STR(d.info.charset, "UTF-8");
    CHECK_INT(d.info.invalid_bytes, 2);
    decoded_free(&d);
    nb_buf_clear(&b);
    encode(&b, "GBK", "平东镇");
    nb_buf_add(&b, "\0", 1);
    encode(&b, "GBK", "2019年");
    d = decode(b.data, b.len, NULL);
    CHECK_STR(d.text.data, "平东镇2019年");
    CHECK_STR(d.info.charset, "GB18030");
    CHECK_STR(d.info.decided_by, "content");
    CHECK_INT(d.info.invalid_bytes, 1);
    decoded_free(&d);
    nb_buf_free(&b);

    /* A NUL-only input. */
    d = decode("\0\0\0", 3, NULL);
    CHECK_STR(d.text.data, "");
    CHECK_INT(d.info.invalid_bytes, 3);
    decoded_free(&d);
}

static void utf16_with_bom(void)
{
    const char *text = "<html><title>" TITLE "</title></html>";
    nb_buf le = NB_BUF_INIT;
    nb_buf_add(&le, "\xFF\xFE", 2);
    encode(&le, "UTF-16LE", text);
    decoded d = decode(le.data, le.len, NULL);
    CHECK_INT(d.rc, 0);
    CHECK_STR(d.text.data, text);
    CHECK_STR(d.info.charset, "UTF-16LE");
    CHECK_STR(d.info.decided_by, "bom");
    CHECK_INT(d.info.invalid_bytes, 0);
    decoded_free(&d);

    /* A lone surrogate is skipped as one code unit, so the rest stays aligned; an odd
     * trailing byte is one invalid byte. */
    nb_buf_add(&le, "\x00\xD8", 2);
    encode(&le, "UTF-16LE", "年");
    nb_buf_addc(&le, 'x');
    d = decode(le.data, le.len, NULL);
    nb_buf want = NB_BUF_INIT;
    nb_buf_printf(&want, "%s" FFFD "年" FFFD, text);
    CHECK_STR(d.text.data, want.data);
    CHECK_INT(d.info.invalid_bytes, 3);
    decoded_free(&d);
    nb_buf_free(&want);
    nb_buf_free(&le);

    nb_buf be = NB_BUF_INIT;
    nb_buf_add(&be, "\xFE\xFF", 2);
    encode(&be, "UTF-16BE", text);
    d = decode(be.data, be.len, "gbk");
    CHECK_STR(d.text.data, text);
    CHECK_STR(d.info.charset, "UTF-16BE");
    CHECK_STR(d.info.decided_by, "bom");
    decoded_free(&d);
    nb_buf_free(&be);

    /* Without a BOM, UTF-16 is believed from the server only ("utf-16" read as LE, as
     * browsers do). */
    nb_buf bare = NB_BUF_INIT;
    encode(&bare, "UTF-16LE", text);
    d = decode(bare.data, bare.len, "utf-16");
    CHECK_STR(d.text.data, text);
    CHECK_STR(d.info.charset, "UTF-16LE");
    CHECK_STR(d.info.decided_by, "http");
    decoded_free(&d);
    nb_buf_free(&bare);

    /* A <meta charset=utf-16> on an ASCII-readable page means UTF-8 (as in browsers). */
    const char *meta16 = "<meta charset=utf-16><p>" TITLE "</p>";
    d = decode(meta16, strlen(meta16), NULL);
    CHECK_STR(d.text.data, meta16);
    CHECK_STR(d.info.charset, "UTF-8");
    decoded_free(&d);
}

static void other_iconv_charsets_pass_through(void)
{
    nb_buf sjis = NB_BUF_INIT;
    nb_buf_adds(&sjis, "<meta charset=shift_jis>");
    encode(&sjis, "SHIFT_JIS", "東京都");
    decoded d = decode(sjis.data, sjis.len, NULL);
    CHECK_STR(d.text.data, "<meta charset=shift_jis>東京都");
    CHECK_STR(d.info.charset, "SHIFT_JIS");
    CHECK_STR(d.info.decided_by, "meta");
    decoded_free(&d);
    nb_buf_free(&sjis);
}

/* Found by fuzz_decode: a <meta> naming a charset that does not read ASCII as ASCII
 * (UCS-4, EBCDIC) contradicts itself, so the bytes decide; and what iconv writes is
 * checked (glibc writes UCS-4 values above U+10FFFF in 5- and 6-byte forms). */
static void meta_naming_a_charset_that_cannot_be(void)
{
    const char page[] = "<meta charset=\"ucs-4\"><p>平东镇</p>";
    decoded d = decode(page, sizeof page - 1, NULL);
    CHECK_STR(d.text.data, page);
    CHECK_STR(d.info.charset, "UTF-8");
    CHECK_STR(d.info.declared, "ucs-4");
    decoded_free(&d);
    const char ebcdic[] = "<meta charset=IBM037><p>abc</p>";
    d = decode(ebcdic, sizeof ebcdic - 1, NULL);
    CHECK_STR(d.text.data, ebcdic);
    decoded_free(&d);
    /* the same from the server: believed, and whatever iconv makes of it is UTF-8 */
    const char huge[] = "\x7f\xff\xff\xff\x00\x00\x00" "A"; /* UCS-4BE: 0x7FFFFFFF, then A */
    d = decode(huge, sizeof huge - 1, "ucs-4");
    CHECK(strstr(d.text.data, "\xEF\xBF\xBD") != NULL);
    CHECK(strchr(d.text.data, 'A') != NULL);
    CHECK(d.info.invalid_bytes > 0);
    decoded_free(&d);
}

/* A real page, and the same page as a GBK portal would serve it. */
static void real_page_roundtrip(void)
{
    const char *dir = getenv("NB_FIXTURES");
    if (!dir) dir = "tests/fixtures";
    nb_buf path = NB_BUF_INIT, raw = NB_BUF_INIT;
    nb_buf_printf(&path, "%s/real/pingtan-2019.html", dir);
    if (nb_buf_read_file(&raw, path.data) != 0) {
        fprintf(stderr, "skipping real_page_roundtrip: cannot read %s\n", path.data);
        nb_buf_free(&path);
        return;
    }
    decoded d = decode(raw.data, raw.len, NULL);
    CHECK_INT(d.text.len, raw.len);
    CHECK(memcmp(d.text.data, raw.data, raw.len) == 0);
    CHECK_STR(d.info.charset, "UTF-8");
    CHECK_STR(d.info.decided_by, "meta");

    /* Re-encode as GB18030 with the meta rewritten, as an old CMS would. */
    nb_buf gb = NB_BUF_INIT;
    encode(&gb, "GB18030", raw.data);
    char *m = strstr(gb.data, "charset=\"utf-8\"");
    CHECK(m != NULL);
    if (m) memcpy(m, "charset=\"gbk\"  ", 15); /* same length keeps the rest in place */
    decoded g = decode(gb.data, gb.len, NULL);
    CHECK_STR(g.info.charset, "GB18030");
    CHECK_STR(g.info.decided_by, "meta");
    CHECK_INT(g.info.invalid_bytes, 0);
    CHECK_INT(g.text.len, raw.len);
    char *rm = strstr(raw.data, "charset=\"utf-8\"");
    if (rm) memcpy(rm, "charset=\"gbk\"  ", 15);
    CHECK(g.text.len == raw.len && memcmp(g.text.data, raw.data, raw.len) == 0);
    decoded_free(&g);
    decoded_free(&d);
    nb_buf_free(&gb);
    nb_buf_free(&raw);
    nb_buf_free(&path);
}

/* Random bytes under every kind of declaration: no crash, and the invariants hold. */
static void random_bytes_never_break_the_output(void)
{
    uint32_t seed = 2019;
    const char *claims[] = {NULL, "utf-8", "gbk", "big5", "iso-8859-1", "utf-16", "shift_jis", "bogus"};
    nb_buf src = NB_BUF_INIT;
    for (int round = 0; round < 3000; round++) {
        nb_buf_clear(&src);
        if (round % 3 == 0) nb_buf_adds(&src, "<meta charset=gbk>");
        size_t n = (round * 7919u) % 300;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            unsigned char c = (unsigned char)(seed >> 16);
            if (round % 2) c = (c & 1) ? (unsigned char)(0x80 | c) : (unsigned char)('a' + c % 26);
            nb_buf_addc(&src, (char)c);
        }
        decoded d = decode(src.data, src.len, claims[round % 8]);
        CHECK_INT(d.rc, 0);
        decoded_free(&d);
    }
    nb_buf_free(&src);
}

/* ---- gzip ---- */

static void gzip_roundtrip(void)
{
    nb_buf plain = page("<meta charset=gbk>", "GBK", "</html>");
    nb_buf gz = NB_BUF_INIT, out = NB_BUF_INIT, err = NB_BUF_INIT;
    gzip_bytes(&gz, plain.data, plain.len, 15 + 16);
    CHECK(nb_decode_is_gzip(gz.data, gz.len));
    CHECK(!nb_decode_is_gzip(plain.data, plain.len));
    CHECK(!nb_decode_is_gzip("\x1F", 1));
    CHECK(!nb_decode_is_gzip(NULL, 0));
    CHECK_INT(nb_decode_gunzip(gz.data, gz.len, 1 << 20, &out, &err), 0);
    CHECK_INT(out.len, plain.len);
    CHECK(memcmp(out.data, plain.data, plain.len) == 0);
    CHECK_INT(out.data[out.len], 0);

    /* gunzip then decode: the archive's path. */
    decoded d = decode(out.data, out.len, NULL);
    CHECK_STR(after(&d, "<meta charset=gbk>"), "<title>" TITLE "</title><p>本机关2019年共收到政府信息公开申请36件。</p></html>");
    decoded_free(&d);

    /* Exactly max_out bytes is allowed; one fewer is not. */
    CHECK_INT(nb_decode_gunzip(gz.data, gz.len, plain.len, &out, &err), 0);
    CHECK_INT(out.len, plain.len);
    CHECK_INT(nb_decode_gunzip(gz.data, gz.len, plain.len - 1, &out, &err), -1);
    nb_buf want = NB_BUF_INIT;
    nb_buf_printf(&want, "decompressed size exceeds %zu bytes", plain.len - 1);
    CHECK_STR(err.data, want.data);
    CHECK_INT(out.len, plain.len);
    nb_buf_free(&want);

    /* zlib-wrapped data is accepted too, and trailing zero padding is ignored. */
    nb_buf z = NB_BUF_INIT;
    gzip_bytes(&z, plain.data, plain.len, 15);
    CHECK_INT(nb_decode_gunzip(z.data, z.len, 1 << 20, &out, &err), 0);
    CHECK_INT(out.len, plain.len);
    nb_buf_add(&gz, "\0\0\0\0\0\0\0\0", 8);
    CHECK_INT(nb_decode_gunzip(gz.data, gz.len, 1 << 20, &out, &err), 0);
    CHECK_INT(out.len, plain.len);

    /* An empty gzip file is an empty text. */
    nb_buf empty = NB_BUF_INIT;
    gzip_bytes(&empty, "", 0, 15 + 16);
    CHECK_INT(nb_decode_gunzip(empty.data, empty.len, 100, &out, &err), 0);
    CHECK_INT(out.len, 0);
    CHECK_STR(out.data, "");

    nb_buf_free(&empty);
    nb_buf_free(&z);
    nb_buf_free(&plain);
    nb_buf_free(&gz);
    nb_buf_free(&out);
    nb_buf_free(&err);
}

static void gzip_bomb_stops_at_the_cap(void)
{
    /* 50 MB of zeros, compressed in pieces so the test itself stays small. */
    const size_t total = (size_t)50 << 20, piece = (size_t)1 << 20;
    char *zeros = calloc(1, piece);
    nb_buf gz = NB_BUF_INIT, out = NB_BUF_INIT, err = NB_BUF_INIT;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    CHECK_INT(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    for (size_t done = 0; done < total; done += piece) {
        zs.next_in = (Bytef *)zeros;
        zs.avail_in = (uInt)piece;
        int flush = done + piece >= total ? Z_FINISH : Z_NO_FLUSH;
        int rc;
        do {
            nb_buf_reserve(&gz, 65536);
            zs.next_out = (Bytef *)gz.data + gz.len;
            zs.avail_out = 65536;
            rc = deflate(&zs, flush);
            gz.len += 65536 - zs.avail_out;
        } while (zs.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    }
    deflateEnd(&zs);
    CHECK(gz.len < 100000);

    const size_t max_out = (size_t)1 << 20;
    CHECK_INT(nb_decode_gunzip(gz.data, gz.len, max_out, &out, &err), -1);
    CHECK_STR(err.data, "decompressed size exceeds 1048576 bytes");
    CHECK(out.len <= max_out + 1);
    CHECK(out.cap <= 2 * max_out + 64);
    CHECK_INT(out.data[out.len], 0);

    /* With room for all of it, it is all there. */
    CHECK_INT(nb_decode_gunzip(gz.data, gz.len, total, &out, &err), 0);
    CHECK_INT(out.len, total);
    CHECK(memcmp(out.data, zeros, piece) == 0);

    free(zeros);
    nb_buf_free(&gz);
    nb_buf_free(&out);
    nb_buf_free(&err);
}

static void truncated_and_corrupt_gzip(void)
{
    nb_buf plain = page("<html>", "GBK", "</html>");
    nb_buf gz = NB_BUF_INIT, out = NB_BUF_INIT, err = NB_BUF_INIT;
    gzip_bytes(&gz, plain.data, plain.len, 15 + 16);

    /* Cut anywhere, including inside the trailer: truncated. */
    size_t cuts[] = {1, 2, 10, gz.len / 2, gz.len - 4, gz.len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        nb_buf_clear(&err);
        CHECK_INT(nb_decode_gunzip(gz.data, cuts[i], 1 << 20, &out, &err), -1);
        CHECK_STR(err.data, "truncated gzip data");
    }
    CHECK_INT(nb_decode_gunzip("", 0, 1 << 20, &out, &err), -1);
    CHECK_STR(err.data, "truncated gzip data");

    /* A damaged CRC. */
    nb_buf bad = NB_BUF_INIT;
    nb_buf_add(&bad, gz.data, gz.len);
    bad.data[bad.len - 8] ^= 0x55;
    CHECK_INT(nb_decode_gunzip(bad.data, bad.len, 1 << 20, &out, &err), -1);
    CHECK_STR(err.data, "corrupt gzip data: incorrect data check");

    /* Not compressed at all. */
    CHECK_INT(nb_decode_gunzip(plain.data, plain.len, 1 << 20, &out, &err), -1);
    CHECK_STR(err.data, "corrupt gzip data: incorrect header check");

    /* A damaged block type in the deflate data. */
    nb_buf_clear(&bad);
    nb_buf_add(&bad, gz.data, gz.len);
    bad.data[10] = (char)0xFF; /* first deflate byte: BTYPE 11 is reserved */
    CHECK_INT(nb_decode_gunzip(bad.data, bad.len, 1 << 20, &out, &err), -1);
    CHECK_STR(err.data, "corrupt gzip data: invalid block type");

    /* Garbage after a complete member. */
    nb_buf_clear(&bad);
    nb_buf_add(&bad, gz.data, gz.len);
    nb_buf_adds(&bad, "garbage");
    CHECK_INT(nb_decode_gunzip(bad.data, bad.len, 1 << 20, &out, &err), -1);
    CHECK_STR(err.data, "corrupt gzip data: trailing garbage after the compressed data");

    nb_buf_free(&bad);
    nb_buf_free(&plain);
    nb_buf_free(&gz);
    nb_buf_free(&out);
    nb_buf_free(&err);
}

static void concatenated_gzip_members(void)
{
    const char *parts[] = {"<html><title>", TITLE, "</title></html>"};
    nb_buf gz = NB_BUF_INIT, out = NB_BUF_INIT, err = NB_BUF_INIT;
    for (int i = 0; i < 3; i++) gzip_bytes(&gz, parts[i], strlen(parts[i]), 15 + 16);
    CHECK_INT(nb_decode_gunzip(gz.data, gz.len, 1 << 20, &out, &err), 0);
    CHECK_STR(out.data, "<html><title>" TITLE "</title></html>");

    /* The cap counts all members together. */
    CHECK_INT(nb_decode_gunzip(gz.data, gz.len, 20, &out, &err), -1);
    CHECK_STR(err.data, "decompressed size exceeds 20 bytes");

    /* A second member cut short is truncated data. */
    CHECK_INT(nb_decode_gunzip(gz.data, gz.len - 3, 1 << 20, &out, &err), -1);
    CHECK_STR(err.data, "truncated gzip data");

    nb_buf_free(&gz);
    nb_buf_free(&out);
    nb_buf_free(&err);
}

int main(void)
{
    utf8_passes_through_unchanged();
    utf8_bom_is_removed();
    gbk_declared_by_meta_charset();
    gbk_declared_by_http_equiv();
    meta_scan_limits();
    http_charset_wins_over_meta();
    undeclared_gbk_detected_from_content();
    page_claiming_gbk_that_is_utf8();
    page_claiming_utf8_that_is_gbk();
    invalid_bytes_become_replacement_characters();
    nul_bytes_are_dropped_and_counted();
    utf16_with_bom();
    other_iconv_charsets_pass_through();
    meta_naming_a_charset_that_cannot_be();
    real_page_roundtrip();
    random_bytes_never_break_the_output();
    gzip_roundtrip();
    gzip_bomb_stops_at_the_cap();
    truncated_and_corrupt_gzip();
    concatenated_gzip_members();
    return check_done();
}
