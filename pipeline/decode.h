/* decode: raw page bytes -> UTF-8 text. Knows nothing about what the page says.
 *
 * Decides the character set from, in order of trust: a byte-order mark, the charset the
 * HTTP server declared (when known), a <meta charset> / <meta http-equiv="Content-Type">
 * in the first 4 KB, and finally the bytes themselves (valid UTF-8 stays UTF-8, otherwise
 * GB18030, the superset of GB2312 and GBK). A declaration the bytes contradict (a page
 * claiming GBK that is valid UTF-8 with multibyte characters, or claiming UTF-8 while
 * invalid as UTF-8 but valid GB18030) loses to the bytes. Conversion uses iconv; invalid
 * sequences become U+FFFD and are counted, never fatal.
 * Also undoes gzip (the archive's .gz files, or a saved .html.gz), capped in size. */
#ifndef NB_DECODE_H
#define NB_DECODE_H

#include "buf.h"

typedef struct {
    char charset[24];       /* what the bytes were read as: "UTF-8", "GB18030", "UTF-16LE", ... */
    char declared[24];      /* what the page/server claimed, "" if nothing */
    const char *decided_by; /* "bom", "http", "meta", "content" */
    size_t invalid_bytes;   /* bytes that could not be decoded and became U+FFFD */
} nb_decode_info;

/* Converts src to UTF-8 into out (replacing out's content). http_charset may be NULL.
 * A UTF-8 BOM is removed. Returns 0; -1 only when iconv has no converter for the
 * charset (then err says which). */
int nb_decode_to_utf8(const char *src, size_t len, const char *http_charset, nb_buf *out,
                      nb_decode_info *info, nb_buf *err);

/* True if the bytes start with the gzip magic number. */
int nb_decode_is_gzip(const char *src, size_t len);

/* Gunzips src into out, refusing to produce more than max_out bytes (a gzip bomb stops
 * there). Returns 0, or -1 with a reason in err ("corrupt gzip data: ...",
 * "decompressed size exceeds N bytes"). */
int nb_decode_gunzip(const char *src, size_t len, size_t max_out, nb_buf *out, nb_buf *err);

#endif
