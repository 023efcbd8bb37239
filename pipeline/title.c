/* title: what a report title says (see title.h).
 *
 * The title is first normalised (full-width digits to ASCII, Chinese year digits such
 * as 二〇一九 to 2019, all spaces dropped), then read around two anchors: the year
 * ("2019年", "2019年度") and the disclosure phrase ("政府信息公开", "政务公开",
 * "信息公开"). The body is what stands before the year, or else between the year and
 * the phrase. Nothing after the report word is read, so a site suffix never leaks in.
 * Matching a body against a township registry is the caller's business: titles vary
 * too much for a parser to know which words are a township. */
#include "pipeline/title.h"

#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "base/utf8.h"

/* One character of a NUL-terminated string (utf8.h); returns its length in bytes. */
static int utf8_next(const char *s, uint32_t *cp)
{
    if (!*s) return *cp = 0, 1;
    return (int)nb_utf8_decode((const unsigned char *)s, strnlen(s, 4), cp);
}

static int chinese_digit(uint32_t cp)
{
    static const uint32_t digits[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
                                      0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D};
    if (cp == 0x96F6 || cp == 0x25CB || cp == 0x039F || cp == 0xFF2F) return 0; /* 零 ○ and look-alikes */
    for (int i = 0; i < 10; i++)
        if (digits[i] == cp) return i;
    return -1;
}


static void normalise(const char *text, nb_buf *out)
{
    const char *p = text;
    while (*p) {
        uint32_t cp;
        int n = utf8_next(p, &cp);
        /* Four Chinese digits in a row are a year written out (二〇一九). */
        if (chinese_digit(cp) >= 0) {
            char ascii[4];
            const char *q = p;
            int k = 0;
            while (k < 4) {
                uint32_t c;
                int m = utf8_next(q, &c);
                int d = chinese_digit(c);
                if (d < 0) break;
                ascii[k++] = (char)('0' + d);
                q += m;
            }
            uint32_t after;
            utf8_next(q, &after);
            if (k == 4 && chinese_digit(after) < 0) {
                nb_buf_add(out, ascii, 4);
                p = q;
                continue;
            }
        }
        if (cp >= 0xFF10 && cp <= 0xFF19) nb_buf_addc(out, (char)('0' + (cp - 0xFF10)));
        else if (!nb_utf8_is_space(cp)) nb_buf_add(out, p, (size_t)n);
        p += n;
    }
    if (!out->data) nb_buf_reserve(out, 0);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The first 4-digit year (1990..2100, not part of a longer number) that starts before
 * `limit`, preferring one followed by 年. Sets *start and *end (after 年/年度). */
static int find_year(const char *s, const char *limit, const char **start, const char **end)
{
    const char *fallback = NULL;
    for (const char *p = s; *p && p < limit; p++) {
        if (!is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2]) || !is_digit(p[3])) continue;
        if ((p > s && is_digit(p[-1])) || is_digit(p[4])) {
            while (is_digit(*p)) p++;
            p--;
            continue;
        }
        int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
        if (y < 1990 || y > 2100) continue;
        if (!strncmp(p + 4, "年", strlen("年"))) {
            *start = p;
            *end = p + 4 + strlen("年");
            if (!strncmp(*end, "度", strlen("度"))) *end += strlen("度");
            return y;
        }
        if (!fallback) fallback = p;
    }
    if (!fallback) return 0;
    *start = fallback;
    *end = fallback + 4;
    return (fallback[0] - '0') * 1000 + (fallback[1] - '0') * 100 + (fallback[2] - '0') * 10 +
           (fallback[3] - '0');
}

static const char *find_first(const char *s, const char *const *needles, size_t n)
{
    const char *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *hit = strstr(s, needles[i]);
        if (hit && (!best || hit < best)) best = hit;
    }
    return best;
}

static int starts_with(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

static int ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && !memcmp(s + len - n, suffix, n);
}

/* Punctuation that frames a title's parts: brackets, colons, dashes, quotes. */
static int is_frame(uint32_t cp)
{
    static const uint32_t wide[] = {0x3010, 0x3011, 0xFF08, 0xFF09, 0x300A, 0x300B, 0xFF1A,
                                    0x2014, 0x2013, 0x201C, 0x201D, 0xFF0C, 0x3001, 0x3002,
                                    0xFF0D, 0x00B7, 0x300C, 0x300D, 0xFF3B, 0xFF3D, 0x2026};
    if (cp > 0 && cp < 128) return strchr("[](){}<>:-_|/,.\"'*#", (int)cp) != NULL;
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (wide[i] == cp) return 1;
    return 0;
}

/* Trims framing punctuation and the connective 关于 from both ends of [*s, *e). */
static void trim(const char **s, const char **e)
{
    for (int changed = 1; changed && *s < *e;) {
        changed = 0;
        uint32_t cp;
        int n = utf8_next(*s, &cp);
        if (*s + n <= *e && is_frame(cp)) *s += n, changed = 1;
        else if (starts_with(*s, "关于") && *s + strlen("关于") <= *e) *s += strlen("关于"), changed = 1;
        if (*s >= *e) break;
        /* step back one character from the end */
        const char *last = *s + nb_utf8_boundary(*s, (size_t)(*e - *s - 1));
        utf8_next(last, &cp);
        if (is_frame(cp)) *e = last, changed = 1;
        else if (ends_with(*s, (size_t)(*e - *s), "关于")) *e -= strlen("关于"), changed = 1;
        else if (ends_with(*s, (size_t)(*e - *s), "的")) *e -= strlen("的"), changed = 1;
    }
}

/* Copies at most cap-1 bytes, never cutting a UTF-8 character in half. */
static void copy_text(char *dst, size_t cap, const char *s, size_t n)
{
    if (n >= cap) n = nb_utf8_boundary(s, cap - 1);
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static int is_unit(uint32_t cp)
{
    return cp == 0x53BF /* 县 */ || cp == 0x5E02 /* 市 */ || cp == 0x533A /* 区 */ ||
           cp == 0x65D7 /* 旗 */ || cp == 0x7701 /* 省 */;
}

/* Length in bytes of the leading chain of administrative names (广东省汕尾市海丰县),
 * each of 1..5 characters plus its unit character, as long as a real name follows. */
static size_t county_prefix(const char *s, size_t len)
{
    size_t taken = 0;
    for (;;) {
        size_t pos = taken;
        int chars = 0;
        size_t unit_end = 0;
        while (pos < len && chars < 6) {
            uint32_t cp;
            int n = utf8_next(s + pos, &cp);
            pos += (size_t)n;
            chars++;
            if (chars >= 2 && is_unit(cp)) {
                unit_end = pos;
                break;
            }
        }
        if (!unit_end) break;
        /* What follows must be a name of its own, not a generic word. */
        const char *rest = s + unit_end;
        size_t rest_len = len - unit_end;
        if (rest_len < 6 || !strncmp(rest, "街道", rest_len) || !strncmp(rest, "人民政府", rest_len) ||
            !strncmp(rest, "政府", rest_len))
            break;
        taken = unit_end;
    }
    return taken;
}

/* Sets body, county and township from the body text [bs, be). */
static void set_body(nb_title *out, const char *bs, const char *be)
{
    if (bs >= be) return;
    copy_text(out->body, sizeof out->body, bs, (size_t)(be - bs));
    const char *t = out->body;
    size_t tlen = strlen(t);
    if (ends_with(t, tlen, "人民政府")) tlen -= strlen("人民政府");
    else if (ends_with(t, tlen, "政府")) tlen -= strlen("政府");
    size_t c = county_prefix(t, tlen);
    if (c) copy_text(out->county, sizeof out->county, t, c);
    copy_text(out->township, sizeof out->township, t + c, tlen - c);
}

int nb_title_parse_body(const char *text, nb_title *out)
{
    memset(out, 0, sizeof *out);
    if (!text) return 0;
    nb_buf norm = NB_BUF_INIT;
    normalise(text, &norm);
    const char *bs = norm.data ? norm.data : "", *be = bs + norm.len;
    trim(&bs, &be);
    set_body(out, bs, be);
    nb_buf_free(&norm);
    return out->body[0] != '\0';
}

int nb_title_parse(const char *text, nb_title *out)
{
    memset(out, 0, sizeof *out);
    if (!text) return 0;
    nb_buf norm = NB_BUF_INIT;
    normalise(text, &norm);
    const char *s = norm.data;

    static const char *const report_words[] = {"年度报告", "年报", "工作报告"};
    static const char *const phrases[] = {"政府信息公开", "政务公开", "信息公开"};
    const char *report = find_first(s, report_words, 3);
    const char *limit = report ? report : s + norm.len;
    const char *phrase = find_first(s, phrases, 3);
    if (phrase && phrase >= limit) phrase = NULL;
    /* Pages about a report are not the report: its 解读, 图解 and 一图读懂, the notice that
     * asks for it (关于做好…年度报告编制和发布工作的通知, …报送…的函), a 公告 of its
     * publication, the 通报 of a review (抽查, 评议) of the reports. */
    static const char *const about_words[] = {"解读", "图解", "读懂", "通知", "编制", "公告", "意见",
                                              "报送", "通报", "抽查", "评议"};
    int about = find_first(s, about_words, sizeof about_words / sizeof *about_words) != NULL;
    out->is_report = report && (phrase || strstr(s, "公开")) && !about;

    const char *ys = NULL, *ye = NULL;
    out->year = find_year(s, phrase ? phrase : limit, &ys, &ye);
    if (!out->year) out->year = find_year(s, s + norm.len, &ys, &ye);
    if (ys && ys >= limit) ys = ye = NULL; /* a year after the report word dates something else */

    const char *end_of_body = phrase ? phrase : limit;
    const char *bs = s, *be = s;
    if (ys && ys < end_of_body) {
        bs = s, be = ys;
        trim(&bs, &be);
        if (bs >= be) bs = ye, be = end_of_body; /* 2019年度平东镇政府信息公开年报 */
    } else if (phrase || report) {
        bs = s, be = end_of_body;
    }
    trim(&bs, &be);
    set_body(out, bs, be);
    nb_buf_free(&norm);
    if (!out->year && !out->body[0]) {
        memset(out, 0, sizeof *out);
        return 0;
    }
    return 1;
}
