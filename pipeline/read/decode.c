/* decode: raw page bytes -> UTF-8 text, and gzip -> raw bytes (see decode.h).
 *
 * Why it is shaped this way:
 * - Most pages are already UTF-8, and the pipeline decodes ~100k of them in a benchmark
 *   run, so valid UTF-8 is recognised by one validation pass (ASCII skipped a word at a
 *   time) and copied with one memcpy; iconv is only opened for other charsets.
 * - Declarations lie. Portals serve GBK pages as "UTF-8", UTF-8 pages under a copied
 *   <meta charset=gb2312>, and Chinese pages under a server-default ISO-8859-1. The bytes
 *   have the last word where they are unambiguous: a whole page that is valid UTF-8 and
 *   contains multibyte sequences is UTF-8 whatever it claims (legacy encodings of real
 *   Chinese text are practically never valid UTF-8; the validator is strict, so the
 *   classic GBK "联通" trap, C1 AA CD A8, is rejected as overlong); a page that is not valid
 *   UTF-8 is tried as GB18030 and the reading with fewer undecodable bytes wins.
 * - GB2312 and GBK labels are read as GB18030, their superset: portals write "gb2312" on
 *   pages that use GBK-only characters (e.g. rare characters in place names).
 * - Nothing is fatal in the text: an undecodable byte becomes U+FFFD and decoding goes on
 *   one byte later (one code unit later for UTF-16/32, so the rest stays aligned). NUL
 *   bytes (U+0000) are dropped and counted with the invalid bytes, so C string functions
 *   downstream see the whole text. The output is always valid UTF-8.
 * - The UTF-8 repair is done here, not by iconv, so that "how many bytes are invalid as
 *   UTF-8" means the same thing in the sniffing comparison and in the output.
 * - gunzip bounds its output before it is produced, not after: a gzip bomb stops one
 *   byte past max_out. */
#include "pipeline/read/decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/utf8.h"

#define META_SCAN_BYTES 4096 /* where a <meta> charset must appear (as browsers' prescan) */
#define MAX_NAME 64          /* longer charset names are not names */

static const char replacement_char[] = "\xEF\xBF\xBD"; /* U+FFFD in UTF-8 */

static void set_error(nb_buf *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_error(nb_buf *err, const char *fmt, ...)
{
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    nb_buf_clear(err);
    nb_buf_vprintf(err, fmt, ap);
    va_end(ap);
}

/* Copies with truncation into a fixed info field; names are ASCII, so no UTF-8 is cut. */
static void copy_field(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Locale-independent: a page's bytes must not be folded by the user's locale. */
static char ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static int ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* ---- UTF-8 ---- */

/* True if none of the 8 bytes is >= 0x80 or 0x00: the common case inside HTML markup. */
static int word_is_plain_ascii(const unsigned char *s)
{
    uint64_t w;
    memcpy(&w, s, sizeof w);
    const uint64_t high_bits = 0x8080808080808080ull, ones = 0x0101010101010101ull;
    int has_high = (w & high_bits) != 0;
    int has_zero = ((w - ones) & ~w & high_bits) != 0;
    return !has_high && !has_zero;
}

typedef struct {
    int valid;          /* the whole input is well-formed UTF-8 (NULs included) */
    int multibyte;      /* it contains at least one well-formed multibyte sequence */
    size_t invalid;     /* bytes that are not part of a well-formed sequence */
    size_t nuls;        /* 0x00 bytes */
    size_t high;        /* bytes >= 0x80 */
} utf8_scan;

/* One pass over the input, stopping early once more than max_invalid bytes are invalid
 * (the counts are then partial): "is it valid?" passes 0, exact counts need SIZE_MAX. */
static utf8_scan scan_utf8(const char *src, size_t len, size_t max_invalid)
{
    const unsigned char *s = (const unsigned char *)src;
    utf8_scan r = {1, 0, 0, 0, 0};
    size_t i = 0;
    while (i < len) {
        while (i + 8 <= len && word_is_plain_ascii(s + i)) i += 8;
        if (i >= len) break;
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == 0) r.nuls++;
            i++;
            continue;
        }
        size_t n = nb_utf8_sequence_length(s + i, len - i);
        if (n) {
            r.multibyte = 1;
            r.high += n;
            i += n;
        } else {
            r.valid = 0;
            r.invalid++;
            r.high++;
            i++;
            if (r.invalid > max_invalid) break;
        }
    }
    return r;
}

/* Appends src as UTF-8: well-formed runs copied in bulk, each invalid byte -> U+FFFD,
 * NULs dropped. Both counted in *invalid. */
static void append_utf8_repaired(nb_buf *out, const char *src, size_t len, size_t *invalid)
{
    const unsigned char *s = (const unsigned char *)src;
    nb_buf_reserve(out, len);
    size_t run = 0, i = 0;
    while (i < len) {
        while (i + 8 <= len && word_is_plain_ascii(s + i)) i += 8;
        if (i >= len) break;
        size_t n = s[i] ? nb_utf8_sequence_length(s + i, len - i) : 0;
        if (n) {
            i += n;
            continue;
        }
        nb_buf_add(out, src + run, i - run);
        if (s[i]) nb_buf_add(out, replacement_char, 3);
        (*invalid)++;
        i++;
        run = i;
    }
    nb_buf_add(out, src + run, len - run);
}

/* ---- iconv ---- */

/* Drops the NULs iconv produced from index `from` on (a 0x00 byte in UTF-8 output is
 * always U+0000). */
static void drop_nuls(nb_buf *out, size_t from, size_t *invalid)
{
    char *p = memchr(out->data + from, '\0', out->len - from);
    if (!p) return;
    char *w = p;
    for (const char *r = p; r < out->data + out->len; r++) {
        if (*r) *w++ = *r;
        else (*invalid)++;
    }
    out->len = (size_t)(w - out->data);
    out->data[out->len] = '\0';
}

/* Appends src converted by cd to UTF-8. An undecodable or truncated sequence becomes
 * U+FFFD and decoding resumes `unit` bytes later. */
static void append_iconv(iconv_t cd, const char *src, size_t len, size_t unit, nb_buf *out,
                         size_t *invalid)
{
    size_t start = out->len;
    char *in = (char *)src; /* iconv's prototype is not const-correct */
    size_t in_left = len;
    /* GBK/GB18030 Chinese grows 2 -> 3 bytes; markup stays 1 -> 1. */
    nb_buf_reserve(out, len + len / 2 + 16);
    iconv(cd, NULL, NULL, NULL, NULL);
    for (int flushing = 0;;) {
        char *o = out->data + out->len;
        size_t o_left = out->cap - out->len - 1;
        size_t rc = flushing ? iconv(cd, NULL, NULL, &o, &o_left)
                             : iconv(cd, &in, &in_left, &o, &o_left);
        int e = errno;
        out->len = (size_t)(o - out->data);
        if (rc == (size_t)-1 && e == E2BIG) {
            /* Grow past the current capacity so every retry makes progress. */
            nb_buf_reserve(out, (out->cap - out->len) + in_left + 64);
            continue;
        }
        if (rc == (size_t)-1 && !flushing && in_left > 0) { /* EILSEQ, or EINVAL: cut off */
            size_t skip = unit < in_left ? unit : in_left;
            in += skip;
            in_left -= skip;
            *invalid += skip;
            nb_buf_add(out, replacement_char, 3);
            continue;
        }
        if (flushing) break;
        if (in_left == 0) flushing = 1;
    }
    out->data[out->len] = '\0';
    drop_nuls(out, start, invalid);
    /* iconv's "UTF-8" is not always UTF-8: glibc writes UCS-4/UTF-32 values above
     * U+10FFFF in the old 5- and 6-byte forms (found by fuzz_decode). What it wrote is
     * checked, and repaired like any other invalid UTF-8. */
    if (!scan_utf8(out->data + start, out->len - start, 0).valid) {
        char *converted = nb_xstrndup(out->data + start, out->len - start);
        size_t n = out->len - start;
        out->len = start;
        append_utf8_repaired(out, converted, n, invalid);
        free(converted);
    }
}

/* Converts with the named charset into out (appending). Returns -1 if iconv has no
 * converter for it. */
static int convert_charset(const char *iconv_name, size_t unit, const char *src, size_t len,
                           nb_buf *out, size_t *invalid)
{
    iconv_t cd = iconv_open("UTF-8", iconv_name);
    if (cd == (iconv_t)-1) return -1;
    append_iconv(cd, src, len, unit, out, invalid);
    iconv_close(cd);
    return 0;
}

/* True if the charset reads ASCII markup as that markup (what a <meta> found by
 * scanning for ASCII bytes implies). */
static int ascii_compatible(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1) return 0;
    char probe[] = "<meta charset=\"x\">", got[64];
    char *in = probe, *o = got;
    size_t in_left = sizeof probe - 1, o_left = sizeof got;
    size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
    iconv_close(cd);
    return rc != (size_t)-1 && in_left == 0 && (size_t)(o - got) == sizeof probe - 1 &&
           !memcmp(got, probe, sizeof probe - 1);
}

static int iconv_knows(const char *name)
{
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1) return 0;
    iconv_close(cd);
    return 1;
}

/* ---- charset names ---- */

typedef enum {
    CS_NONE,  /* nothing usable declared: the bytes decide */
    CS_UTF8,
    CS_GB,    /* the GB2312/GBK/GB18030 family, read as GB18030 */
    CS_BIG5,
    CS_LATIN, /* Latin-1 / ASCII labels: on Chinese pages a server default, not a fact */
    CS_WIDE,  /* UTF-16/32 without a BOM, only believed from HTTP */
    CS_OTHER, /* any other name iconv knows, passed through */
} charset_kind;

/* Labels from the WHATWG Encoding Standard for the encodings Chinese portals use. Latin
 * labels map to windows-1252 as in browsers. */
static const struct {
    const char *label;
    charset_kind kind;
    const char *iconv_name;
    size_t unit;
} charset_labels[] = {
    {"utf-8", CS_UTF8, "UTF-8", 1},
    {"utf8", CS_UTF8, "UTF-8", 1},
    {"unicode-1-1-utf-8", CS_UTF8, "UTF-8", 1},
    {"unicode11utf8", CS_UTF8, "UTF-8", 1},
    {"unicode20utf8", CS_UTF8, "UTF-8", 1},
    {"x-unicode20utf8", CS_UTF8, "UTF-8", 1},
    {"gb2312", CS_GB, "GB18030", 1},
    {"gb_2312", CS_GB, "GB18030", 1},
    {"gb_2312-80", CS_GB, "GB18030", 1},
    {"gb-2312", CS_GB, "GB18030", 1},
    {"x-gb2312", CS_GB, "GB18030", 1},
    {"csgb2312", CS_GB, "GB18030", 1},
    {"csiso58gb231280", CS_GB, "GB18030", 1},
    {"iso-ir-58", CS_GB, "GB18030", 1},
    {"chinese", CS_GB, "GB18030", 1},
    {"euc-cn", CS_GB, "GB18030", 1},
    {"gbk", CS_GB, "GB18030", 1},
    {"x-gbk", CS_GB, "GB18030", 1},
    {"cp936", CS_GB, "GB18030", 1},
    {"ms936", CS_GB, "GB18030", 1},
    {"windows-936", CS_GB, "GB18030", 1},
    {"gb18030", CS_GB, "GB18030", 1},
    {"big5", CS_BIG5, "BIG5", 1},
    {"big-5", CS_BIG5, "BIG5", 1},
    {"cn-big5", CS_BIG5, "BIG5", 1},
    {"csbig5", CS_BIG5, "BIG5", 1},
    {"x-x-big5", CS_BIG5, "BIG5", 1},
    {"iso-8859-1", CS_LATIN, "WINDOWS-1252", 1},
    {"iso8859-1", CS_LATIN, "WINDOWS-1252", 1},
    {"iso_8859-1", CS_LATIN, "WINDOWS-1252", 1},
    {"latin1", CS_LATIN, "WINDOWS-1252", 1},
    {"l1", CS_LATIN, "WINDOWS-1252", 1},
    {"us-ascii", CS_LATIN, "WINDOWS-1252", 1},
    {"ascii", CS_LATIN, "WINDOWS-1252", 1},
    {"windows-1252", CS_LATIN, "WINDOWS-1252", 1},
    {"cp1252", CS_LATIN, "WINDOWS-1252", 1},
    {"utf-16", CS_WIDE, "UTF-16LE", 2}, /* browsers read BOM-less "utf-16" as LE */
    {"utf-16le", CS_WIDE, "UTF-16LE", 2},
    {"utf-16be", CS_WIDE, "UTF-16BE", 2},
    {"ucs-2", CS_WIDE, "UTF-16LE", 2},
    {"unicode", CS_WIDE, "UTF-16LE", 2}, /* what Windows tools write for UTF-16LE */
    {"unicodefffe", CS_WIDE, "UTF-16BE", 2},
    {"utf-32", CS_WIDE, "UTF-32", 4},
    {"utf-32le", CS_WIDE, "UTF-32LE", 4},
    {"utf-32be", CS_WIDE, "UTF-32BE", 4},
};

typedef struct {
    charset_kind kind;
    char iconv_name[MAX_NAME];
    size_t unit;
    const char *source; /* "http" or "meta" */
} declaration;

/* Name characters of real charset labels. Anything else (notably '/', which would let a
 * page append iconv's //IGNORE or //TRANSLIT) ends the name. */
static int charset_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_' || c == '.' || c == ':';
}

/* Reads a name starting at s (up to end); returns its length (0 if none). */
static size_t read_charset_name(const char *s, const char *end, char name[MAX_NAME])
{
    size_t n = 0;
    while (s + n < end && charset_name_char(s[n]) && n < MAX_NAME - 1) {
        name[n] = s[n];
        n++;
    }
    name[n] = '\0';
    return n;
}

/* Classifies a declared name; returns 0 if neither our table nor iconv knows it. */
static int classify_charset(const char *name, const char *source, declaration *d)
{
    char lower[MAX_NAME];
    size_t n = 0;
    for (; name[n] && n < MAX_NAME - 1; n++) lower[n] = ascii_lower(name[n]);
    lower[n] = '\0';
    for (size_t i = 0; i < sizeof charset_labels / sizeof charset_labels[0]; i++) {
        if (strcmp(lower, charset_labels[i].label) != 0) continue;
        d->kind = charset_labels[i].kind;
        copy_field(d->iconv_name, sizeof d->iconv_name, charset_labels[i].iconv_name);
        d->unit = charset_labels[i].unit;
        d->source = source;
        return 1;
    }
    if (!iconv_knows(name)) return 0;
    d->kind = CS_OTHER;
    for (n = 0; name[n] && n < MAX_NAME - 1; n++) {
        char c = name[n];
        d->iconv_name[n] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
    }
    d->iconv_name[n] = '\0';
    d->unit = 1;
    d->source = source;
    return 1;
}

/* Finds "charset" [ws] "=" [ws] [quote] name inside one tag's attributes. */
static size_t charset_in_tag(const char *s, const char *end, char name[MAX_NAME])
{
    static const char key[] = "charset";
    for (const char *q = s; q + 7 <= end; q++) {
        size_t k = 0;
        while (k < 7 && ascii_lower(q[k]) == key[k]) k++;
        if (k < 7) continue;
        const char *v = q + 7;
        while (v < end && ascii_space(*v)) v++;
        if (v >= end || *v != '=') continue;
        v++;
        while (v < end && ascii_space(*v)) v++;
        if (v < end && (*v == '"' || *v == '\'')) v++;
        while (v < end && ascii_space(*v)) v++;
        size_t n = read_charset_name(v, end, name);
        if (n) return n;
    }
    return 0;
}

/* The charset value of an HTTP header: accepts a bare name ("gbk", "\"GBK\"") or a whole
 * Content-Type value ("text/html; charset=gbk"; "text/html" alone declares nothing). */
static size_t http_charset_name(const char *header, char name[MAX_NAME])
{
    const char *end = header + strlen(header);
    size_t n = charset_in_tag(header, end, name);
    if (n || memchr(header, '/', (size_t)(end - header))) return n;
    while (header < end && (ascii_space(*header) || *header == '"' || *header == '\'')) header++;
    return read_charset_name(header, end, name);
}

/* The first <meta ...charset=...> in the first META_SCAN_BYTES, skipping comments (a
 * commented-out meta is a common leftover of template edits). */
static size_t meta_charset_name(const char *src, size_t len, char name[MAX_NAME])
{
    const char *end = src + (len < META_SCAN_BYTES ? len : META_SCAN_BYTES);
    const char *p = src;
    while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
        if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *q = p + 4;
            while (q + 3 <= end && memcmp(q, "-->", 3) != 0) q++;
            if (q + 3 > end) return 0;
            p = q + 3;
            continue;
        }
        if (end - p >= 6 && ascii_lower(p[1]) == 'm' && ascii_lower(p[2]) == 'e' &&
            ascii_lower(p[3]) == 't' && ascii_lower(p[4]) == 'a' &&
            (ascii_space(p[5]) || p[5] == '/')) {
            const char *tag_end = memchr(p + 5, '>', (size_t)(end - p - 5));
            if (!tag_end) tag_end = end;
            size_t n = charset_in_tag(p + 5, tag_end, name);
            if (n) return n;
            p = tag_end;
            continue;
        }
        p++;
    }
    return 0;
}

/* The most trusted usable declaration: HTTP, then <meta>. A name nobody knows is
 * recorded and skipped. info->declared gets the most trusted claim made. */
static declaration find_declaration(const char *src, size_t len, const char *http_charset,
                                    nb_decode_info *info)
{
    declaration d = {CS_NONE, "", 1, NULL};
    char name[MAX_NAME];
    if (http_charset && http_charset_name(http_charset, name)) {
        copy_field(info->declared, sizeof info->declared, name);
        if (classify_charset(name, "http", &d)) return d;
    }
    if (meta_charset_name(src, len, name)) {
        if (!info->declared[0]) copy_field(info->declared, sizeof info->declared, name);
        if (classify_charset(name, "meta", &d)) {
            /* A <meta> readable as ASCII cannot be in UTF-16/32 (nor in UCS-4, EBCDIC or
             * any other charset that does not read ASCII as ASCII); browsers read UTF-8. */
            if (d.kind == CS_WIDE || (d.kind == CS_OTHER && !ascii_compatible(d.iconv_name))) {
                d.kind = CS_UTF8;
                copy_field(d.iconv_name, sizeof d.iconv_name, "UTF-8");
                d.unit = 1;
            }
            return d;
        }
    }
    d.kind = CS_NONE;
    return d;
}

/* ---- the decision ---- */

static void decided(nb_decode_info *info, const char *charset, const char *by)
{
    copy_field(info->charset, sizeof info->charset, charset);
    info->decided_by = by;
}

/* UTF-8 input: one memcpy when the scan found nothing to repair. */
static void emit_utf8(const char *src, size_t len, const utf8_scan *scan, nb_buf *out,
                      size_t *invalid)
{
    if (scan->valid && scan->nuls == 0) {
        nb_buf_add(out, src, len);
        return;
    }
    append_utf8_repaired(out, src, len, invalid);
}

/* Tries src as GB18030 into out; returns its undecodable-byte count, or (size_t)-1 (out
 * untouched) if there is no converter. */
static size_t try_gb18030(const char *src, size_t len, nb_buf *out)
{
    size_t gb_invalid = 0;
    nb_buf_clear(out);
    if (convert_charset("GB18030", 1, src, len, out, &gb_invalid) != 0) return (size_t)-1;
    return gb_invalid;
}

static int no_converter(const char *charset, nb_buf *out, nb_buf *err)
{
    nb_buf_clear(out);
    set_error(err, "no iconv converter from %s to UTF-8", charset);
    return -1;
}

static int decode(const char *src, size_t len, const char *http_charset, nb_buf *out,
                  nb_decode_info *info, nb_buf *err);

int nb_decode_to_utf8(const char *src, size_t len, const char *http_charset, nb_buf *out,
                      nb_decode_info *info, nb_buf *err)
{
    int rc = decode(src, len, http_charset, out, info, err);
    /* U+FEFF at the start of the text is a byte-order mark whatever put it there: a
     * second BOM, or one that NUL bytes dropped before it hid from the check above
     * (found by fuzz_decode). */
    size_t skip = 0;
    while (out->len - skip >= 3 && !memcmp(out->data + skip, "\xEF\xBB\xBF", 3)) skip += 3;
    if (skip) {
        memmove(out->data, out->data + skip, out->len - skip + 1);
        out->len -= skip;
    }
    return rc;
}

static int decode(const char *src, size_t len, const char *http_charset, nb_buf *out,
                  nb_decode_info *info, nb_buf *err)
{
    nb_decode_info scratch;
    if (!info) info = &scratch;
    memset(info, 0, sizeof *info);
    info->decided_by = "content";
    nb_buf_clear(out);
    nb_buf_reserve(out, 0); /* out->data is a string even for empty input */
    if (!src) {
        src = "";
        len = 0;
    }

    declaration d = find_declaration(src, len, http_charset, info);
    const unsigned char *u = (const unsigned char *)src;

    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        decided(info, "UTF-8", "bom");
        append_utf8_repaired(out, src + 3, len - 3, &info->invalid_bytes);
        return 0;
    }
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        const char *charset = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        decided(info, charset, "bom");
        if (convert_charset(charset, 2, src + 2, len - 2, out, &info->invalid_bytes) != 0)
            return no_converter(charset, out, err);
        return 0;
    }

    if (d.kind == CS_WIDE) {
        decided(info, d.iconv_name, d.source);
        if (convert_charset(d.iconv_name, d.unit, src, len, out, &info->invalid_bytes) != 0)
            return no_converter(d.iconv_name, out, err);
        return 0;
    }

    if (d.kind == CS_NONE || d.kind == CS_UTF8) {
        const char *by = d.kind == CS_UTF8 ? d.source : "content";
        utf8_scan scan = scan_utf8(src, len, 0);
        if (!scan.valid) {
            /* GB18030 first: a GBK page usually reads with no invalid byte, and then the
             * UTF-8 count can stop at its first one. NULs count the same in both readings
             * (gb_invalid includes them), so stopping past gb_invalid is safe. */
            size_t gb_invalid = try_gb18030(src, len, out);
            if (gb_invalid != (size_t)-1) scan = scan_utf8(src, len, gb_invalid);
            if (gb_invalid != (size_t)-1 && gb_invalid < scan.invalid + scan.nuls) {
                decided(info, "GB18030", "content");
                info->invalid_bytes = gb_invalid;
                return 0;
            }
            nb_buf_clear(out);
        }
        decided(info, "UTF-8", by);
        emit_utf8(src, len, &scan, out, &info->invalid_bytes);
        return 0;
    }

    /* A legacy charset was declared (GB, Big5, Latin, or another iconv name). Only the
     * Latin labels need full counts, for the GB18030 comparison below. */
    utf8_scan scan = scan_utf8(src, len, d.kind == CS_LATIN ? SIZE_MAX : 0);
    if (scan.valid && scan.multibyte) {
        decided(info, "UTF-8", "content");
        emit_utf8(src, len, &scan, out, &info->invalid_bytes);
        return 0;
    }
    if (scan.valid && d.kind != CS_OTHER) {
        /* Pure ASCII reads the same in every ASCII-compatible charset. */
        decided(info, d.iconv_name, d.source);
        emit_utf8(src, len, &scan, out, &info->invalid_bytes);
        return 0;
    }
    if (d.kind == CS_LATIN) {
        /* Windows-1252 decodes any byte, so "fewer invalid bytes" cannot choose; GB18030
         * wins when nearly all the high bytes form characters (a Latin page would fail on
         * most accented letters followed by spaces or punctuation). */
        size_t gb_invalid = try_gb18030(src, len, out);
        size_t gb_undecodable = gb_invalid > scan.nuls ? gb_invalid - scan.nuls : 0;
        if (gb_invalid != (size_t)-1 && gb_undecodable * 8 <= scan.high) {
            decided(info, "GB18030", "content");
            info->invalid_bytes = gb_invalid;
            return 0;
        }
        nb_buf_clear(out);
    }
    decided(info, d.iconv_name, d.source);
    if (convert_charset(d.iconv_name, d.unit, src, len, out, &info->invalid_bytes) != 0)
        return no_converter(d.iconv_name, out, err);
    return 0;
}

/* ---- gzip ---- */

#define GUNZIP_CHUNK ((size_t)256 * 1024)

int nb_decode_is_gzip(const char *src, size_t len)
{
    return src && len >= 2 && (unsigned char)src[0] == 0x1F && (unsigned char)src[1] == 0x8B;
}

/* The gzip trailer's ISIZE (size mod 2^32 of the last member): a hint that saves the
 * reallocations on honest files. A lie only costs those, never the bound. */
static size_t gzip_size_hint(const char *src, size_t len)
{
    if (len < 18 || !nb_decode_is_gzip(src, len)) return 0;
    const unsigned char *t = (const unsigned char *)src + len - 4;
    return (size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16 | (size_t)t[3] << 24;
}

static int only_zeros(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i]) return 0;
    return 1;
}

int nb_decode_gunzip(const char *src, size_t len, size_t max_out, nb_buf *out, nb_buf *err)
{
    nb_buf_clear(out);
    /* Deflate cannot expand more than ~1032:1, so a trailer claiming more is a lie. */
    size_t hint = gzip_size_hint(src, len);
    if (hint > max_out) hint = max_out;
    if (len < (size_t)-1 / 1032 && hint > len * 1032) hint = len * 1032;
    nb_buf_reserve(out, hint);

    z_stream zs;
    memset(&zs, 0, sizeof zs);
    /* 15 + 32: the largest window, and accept both gzip and zlib headers. */
    if (inflateInit2(&zs, 15 + 32) != Z_OK) {
        set_error(err, "cannot initialise zlib: %s", zs.msg ? zs.msg : "out of memory");
        return -1;
    }
    const unsigned char *in = (const unsigned char *)src;
    size_t in_left = src ? len : 0; /* not yet handed to zlib */
    int status = 0;
    for (;;) {
        if (zs.avail_in == 0 && in_left > 0) {
            uInt n = in_left > UINT32_MAX ? UINT32_MAX : (uInt)in_left;
            zs.next_in = (Bytef *)in;
            zs.avail_in = n;
            in += n;
            in_left -= n;
        }
        /* Room for at most one byte past max_out: enough to know it was exceeded. */
        size_t allowed = max_out - out->len;
        size_t room = allowed < GUNZIP_CHUNK ? allowed + 1 : GUNZIP_CHUNK;
        /* Fill the room already there before growing: keeps the size-hint allocation
         * the only one, and nb_buf's doubling under ~2 x max_out. */
        size_t free_space = out->cap - out->len - 1;
        if (free_space == 0) {
            nb_buf_reserve(out, room);
            free_space = out->cap - out->len - 1;
        }
        if (room > free_space) room = free_space;
        zs.next_out = (Bytef *)out->data + out->len;
        zs.avail_out = (uInt)room;
        int rc = inflate(&zs, Z_NO_FLUSH);
        out->len += room - zs.avail_out;
        out->data[out->len] = '\0';
        if (out->len > max_out) {
            set_error(err, "decompressed size exceeds %zu bytes", max_out);
            status = -1;
            break;
        }
        if (rc == Z_STREAM_END) {
            size_t rest = zs.avail_in + in_left;
            if (rest == 0) break;
            const unsigned char *next = zs.next_in;
            /* Another member follows (gzip -c a b, or appended writes)... */
            if (zs.avail_in >= 2 && next[0] == 0x1F && next[1] == 0x8B) {
                inflateReset(&zs);
                continue;
            }
            /* ...or block padding, which gzip(1) also ignores. */
            if (only_zeros(next, zs.avail_in) && only_zeros(in, in_left)) break;
            set_error(err, "corrupt gzip data: trailing garbage after the compressed data");
            status = -1;
            break;
        }
        if (rc == Z_OK) continue;
        if (rc == Z_BUF_ERROR && zs.avail_in == 0 && in_left == 0) {
            set_error(err, "truncated gzip data");
            status = -1;
            break;
        }
        if (rc == Z_MEM_ERROR) {
            set_error(err, "corrupt gzip data: out of memory in zlib");
        } else if (rc == Z_NEED_DICT) {
            set_error(err, "corrupt gzip data: needs a preset dictionary");
        } else {
            set_error(err, "corrupt gzip data: %s", zs.msg ? zs.msg : "invalid stream");
        }
        status = -1;
        break;
    }
    inflateEnd(&zs);
    return status;
}
