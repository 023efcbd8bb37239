/* sniff: magic bytes (see sniff.h).
 *
 * A zip's entry names are read from its local headers ("PK\3\4", then the name at offset
 * 30), which every writer puts in order from the start of the file: a truncated .docx
 * is still recognised as one, so that reading it can say it is cut short. An OLE2 file's
 * stream names are UTF-16 in its directory sectors; looking for them in the whole file
 * is cheaper than walking the FAT and as good for telling Word from Excel. */
#include "base/sniff.h"

#include <string.h>

static int starts(const char *b, size_t len, const char *magic, size_t n)
{
    return len >= n && !memcmp(b, magic, n);
}

static const char *find(const char *hay, size_t n, const char *needle, size_t m)
{
    if (m == 0 || n < m) return NULL;
    for (const char *p = hay, *end = hay + n - m; p <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p) + 1);
        if (!p) return NULL;
        if (!memcmp(p, needle, m)) return p;
    }
    return NULL;
}

/* The kind of zip, from the names of its entries. */
static nb_sniff_kind zip_kind(const char *b, size_t len)
{
    size_t pos = 0;
    for (int entries = 0; entries < 10000 && pos + 30 <= len; entries++) {
        if (memcmp(b + pos, "PK\3\4", 4)) break;
        const unsigned char *h = (const unsigned char *)b + pos;
        size_t name_len = h[26] | (size_t)h[27] << 8, extra = h[28] | (size_t)h[29] << 8;
        size_t csize = h[18] | (size_t)h[19] << 8 | (size_t)h[20] << 16 | (size_t)h[21] << 24;
        unsigned flags = h[6] | (unsigned)h[7] << 8;
        if (pos + 30 + name_len > len) break;
        const char *name = b + pos + 30;
        if (name_len == 17 && !memcmp(name, "word/document.xml", 17)) return NB_SNIFF_DOCX;
        if (name_len == 15 && !memcmp(name, "xl/workbook.xml", 15)) return NB_SNIFF_XLSX;
        if (name_len == 7 && !memcmp(name, "OFD.xml", 7)) return NB_SNIFF_OFD;
        /* With a data descriptor the size is known only after the data: find the next
         * header instead. */
        if (flags & 8) {
            const char *next = find(b + pos + 30 + name_len, len - pos - 30 - name_len, "PK\3\4", 4);
            if (!next) break;
            pos = (size_t)(next - b);
            continue;
        }
        pos += 30 + name_len + extra + csize;
    }
    /* Writers that put the document late, or a truncated local header chain: the
     * central directory, if it is there, names them too. */
    if (find(b, len, "word/document.xml", 17)) return NB_SNIFF_DOCX;
    if (find(b, len, "xl/workbook.xml", 15)) return NB_SNIFF_XLSX;
    return NB_SNIFF_ZIP;
}

static int has_utf16(const char *b, size_t len, const char *ascii)
{
    char w[64];
    size_t n = strlen(ascii);
    if (n == 0 || n > sizeof w / 2) return 0;
    for (size_t i = 0; i < n; i++) w[2 * i] = ascii[i], w[2 * i + 1] = 0;
    return find(b, len, w, 2 * n) != NULL;
}

nb_sniff_kind nb_sniff(const char *b, size_t len)
{
    if (starts(b, len, "\x1f\x8b", 2)) return NB_SNIFF_GZIP;
    if (starts(b, len, "%PDF-", 5)) return NB_SNIFF_PDF;
    if (starts(b, len, "PK\3\4", 4) || starts(b, len, "PK\5\6", 4)) return zip_kind(b, len);
    if (starts(b, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) {
        if (has_utf16(b, len, "WordDocument")) return NB_SNIFF_DOC;
        if (has_utf16(b, len, "Workbook") || has_utf16(b, len, "Book")) return NB_SNIFF_XLS;
        return NB_SNIFF_OLE;
    }
    if (starts(b, len, "{\\rtf", 5)) return NB_SNIFF_RTF;
    if (starts(b, len, "\xFF\xD8\xFF", 3) || starts(b, len, "\x89PNG\r\n\x1a\n", 8) || starts(b, len, "GIF87a", 6) ||
        starts(b, len, "GIF89a", 6) || starts(b, len, "II*\0", 4) || starts(b, len, "MM\0*", 4) ||
        (starts(b, len, "RIFF", 4) && len >= 12 && !memcmp(b + 8, "WEBP", 4)) ||
        (starts(b, len, "BM", 2) && len >= 26 && !memcmp(b + 6, "\0\0\0\0", 4)))
        return NB_SNIFF_IMAGE;
    if (starts(b, len, "Rar!\x1a\x07", 6) || starts(b, len, "7z\xBC\xAF\x27\x1C", 6)) return NB_SNIFF_ARCHIVE;
    /* A PDF may have a little junk before its header (the specification allows it
     * within the first 1024 bytes); a page never starts with "%PDF-" further in. */
    size_t limit = len < 1024 ? len : 1024;
    const char *p = find(b, limit, "%PDF-", 5);
    if (p && (size_t)(p - b) < 1024 && !find(b, (size_t)(p - b), "<", 1)) return NB_SNIFF_PDF;
    return NB_SNIFF_TEXT;
}

int nb_sniff_ole_stream(const char *b, size_t len, const char *name)
{
    return starts(b, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) && has_utf16(b, len, name);
}

const char *nb_sniff_name(nb_sniff_kind kind)
{
    static const char *const names[] = {"text", "gzip", "pdf", "docx", "xlsx", "ofd", "zip",
                                        "doc", "xls", "ole", "rtf", "image", "archive"};
    return (unsigned)kind < sizeof names / sizeof *names ? names[kind] : "text";
}
