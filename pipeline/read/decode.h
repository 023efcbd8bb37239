/* decode: raw page bytes -> UTF-8 text. Knows nothing about what the page says.
 *
 * Decides the character set from, in order of trust: a byte-order mark, the charset the
 * HTTP server declared (when known), a <meta charset> / <meta http-equiv="Content-Type">
 * in the first 4 KB, and finally the bytes themselves (valid UTF-8 stays UTF-8, otherwise
 * GB18030, the superset of GB2312 and GBK). A declaration the bytes contradict (a page
 * claiming GBK that is valid UTF-8 with multibyte characters, or claiming UTF-8 while
 * invalid as UTF-8 but valid GB18030) loses to the bytes. Conversion uses iconv; invalid
 * sequences become U+FFFD and are counted, never fatal.
 * Also undoes gzip (the archive's .gz files, or a saved .html.gz), capped in size.
 *
 * Details a caller may rely on:
 * - GB2312/GBK/GB18030 labels (gb2312, gbk, gb_2312-80, x-gbk, cp936, ...) read as
 *   GB18030; utf8/utf-8 as UTF-8; big5 as BIG5; any other name iconv knows is used as is.
 *   A name nobody knows is recorded in `declared` and the next source decides.
 * - Any legacy charset declaration (GBK, Big5, Latin-1, ...) loses to bytes that are
 *   valid UTF-8 with multibyte sequences. Latin-1/ASCII/windows-1252 labels, a common
 *   server default on Chinese portals, also lose to bytes that read as GB18030.
 * - An undecodable byte becomes U+FFFD and decoding resumes at the next byte (next code
 *   unit for UTF-16/32). NUL bytes (U+0000) are dropped, not replaced, so the text is a
 *   C string; each one also counts in invalid_bytes.
 * - A <meta> naming a charset that does not read ASCII as ASCII (UTF-16/32, UCS-4, EBCDIC)
 *   contradicts the bytes it was read from and is taken as UTF-8, as browsers do.
 * - Output is always valid UTF-8 (whatever iconv writes is checked), NUL-terminated,
 *   without a BOM. */
#ifndef NB_DECODE_H
#define NB_DECODE_H

#include "base/buf.h"

typedef struct {
    char charset[24];       /* what the bytes were read as: "UTF-8", "GB18030", "UTF-16LE", ... */
    char declared[24];      /* what the page/server claimed (the most trusted claim), "" if nothing */
    const char *decided_by; /* "bom", "http", "meta", "content" */
    size_t invalid_bytes;   /* bytes that became U+FFFD, plus NUL bytes dropped */
} nb_decode_info;

/* Converts src to UTF-8 into out (replacing out's content). http_charset may be NULL; it
 * is the header's charset ("gbk") or the whole Content-Type value ("text/html;
 * charset=gbk"). info may be NULL. A UTF-8 BOM is removed. Returns 0; -1 only when iconv
 * has no converter for the charset decided on (a broken iconv installation: then err
 * says which and out is empty). */
int nb_decode_to_utf8(const char *src, size_t len, const char *http_charset, nb_buf *out,
                      nb_decode_info *info, nb_buf *err);

/* True if the bytes start with the gzip magic number. */
int nb_decode_is_gzip(const char *src, size_t len);

/* Gunzips src into out (replacing its content), refusing to produce more than max_out
 * bytes: a gzip bomb stops one byte past max_out, and out's allocation stays under about
 * 2 x max_out. Concatenated gzip members are joined; zlib-wrapped data is accepted too;
 * trailing zero padding is ignored. Returns 0, or -1 with a reason in err ("corrupt gzip
 * data: ...", "truncated gzip data", "decompressed size exceeds N bytes"); out then holds
 * what was decompressed before the failure. */
int nb_decode_gunzip(const char *src, size_t len, size_t max_out, nb_buf *out, nb_buf *err);

#endif
