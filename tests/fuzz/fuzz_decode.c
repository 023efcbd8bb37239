/* fuzz_decode: page bytes -> nb_decode_to_utf8 under every kind of server charset, and
 * nb_decode_gunzip. The first byte picks the charset the "server" declared; the rest is
 * the page. Output must be valid UTF-8 without NUL or BOM, as long as its length says;
 * gunzip never produces more than one byte past its cap. */
#include <string.h>

#include "pipeline/read/decode.h"
#include "fuzz.h"

static const char *const http_charsets[] = {
    NULL, "utf-8", "gbk", "text/html; charset=GB2312", "iso-8859-1", "big5", "utf-16le",
    "UTF-16BE", "utf-32", "windows-1252", "x-no-such-charset", "text/html; charset=\"utf-8\"",
    "shift_jis", "", "charset=", "gb18030",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    const char *cs = http_charsets[data[0] % (sizeof http_charsets / sizeof http_charsets[0])];
    const char *src = (const char *)data + 1;
    size_t len = size - 1;

    nb_buf out = NB_BUF_INIT, err = NB_BUF_INIT;
    nb_decode_info info;
    if (nb_decode_to_utf8(src, len, cs, &out, &info, &err) == 0) {
        FUZZ_ASSERT(out.data != NULL);
        FUZZ_ASSERT(strlen(out.data) == out.len);
        FUZZ_ASSERT(fuzz_valid_utf8(out.data, out.len));
        FUZZ_ASSERT(!(out.len >= 3 && !memcmp(out.data, "\xEF\xBB\xBF", 3)));
        FUZZ_ASSERT(info.charset[0] && info.decided_by);
        FUZZ_ASSERT(memchr(info.declared, 0, sizeof info.declared));
    } else {
        FUZZ_ASSERT(err.len > 0);
    }

    size_t cap = (size_t)(data[0] + 1) * 64;
    nb_buf plain = NB_BUF_INIT;
    nb_buf_clear(&err);
    int rc = nb_decode_gunzip(src, len, cap, &plain, &err);
    FUZZ_ASSERT(plain.len <= cap + 1);
    FUZZ_ASSERT(rc == 0 ? plain.len <= cap : err.len > 0);
    /* a bomb-shaped input: the cap holds whatever the stream claims */
    nb_decode_is_gzip(src, len);

    nb_buf_free(&plain);
    nb_buf_free(&out);
    nb_buf_free(&err);
    return 0;
}
