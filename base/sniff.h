/* sniff: what kind of file some bytes are, from their content (magic bytes and, for zip
 * archives, the names inside), never from a file name or a server's Content-Type: portals
 * serve PDFs as application/octet-stream and name .wps files .doc. Knows file formats,
 * not reports (extract.h hands each kind to its reader).
 *
 * Only the first bytes and, for a zip, its entry names are looked at: cheap enough to
 * run on every fetched body. Whatever is not a known binary format is NB_SNIFF_TEXT (a
 * page or a plain-text copy; decode.h and htmldoc.h tell those apart). */
#ifndef NB_SNIFF_H
#define NB_SNIFF_H

#include <stddef.h>

typedef enum {
    NB_SNIFF_TEXT,   /* HTML or plain text */
    NB_SNIFF_GZIP,   /* gzip: look again once gunzipped */
    NB_SNIFF_PDF,
    NB_SNIFF_DOCX,   /* Word 2007+ (and WPS saving as .docx): a zip with word/document.xml */
    NB_SNIFF_XLSX,   /* Excel 2007+: a zip with xl/workbook.xml */
    NB_SNIFF_OFD,    /* the Chinese fixed-layout format (GB/T 33190): a zip with OFD.xml */
    NB_SNIFF_ZIP,    /* another zip archive */
    NB_SNIFF_DOC,    /* a legacy Word or WPS Writer file (OLE2 compound file with a WordDocument stream) */
    NB_SNIFF_XLS,    /* a legacy Excel or WPS Spreadsheets file (OLE2 with a Workbook or Book stream) */
    NB_SNIFF_OLE,    /* another OLE2 compound file */
    NB_SNIFF_RTF,
    NB_SNIFF_IMAGE,  /* JPEG, PNG, GIF, BMP, TIFF, WebP */
    NB_SNIFF_ARCHIVE /* RAR, 7z */
} nb_sniff_kind;

nb_sniff_kind nb_sniff(const char *bytes, size_t len);

/* True if an OLE2 compound file (NB_SNIFF_DOC, _XLS, _OLE) names a stream called name
 * (ASCII; looked for as the UTF-16 its directory holds): "EncryptedPackage" is a .docx or
 * .xlsx saved with a password, which Office wraps in an OLE2 file. */
int nb_sniff_ole_stream(const char *bytes, size_t len, const char *name);

/* A short lowercase name: "text", "gzip", "pdf", "docx", "xlsx", "ofd", "zip", "doc",
 * "xls", "ole", "rtf", "image", "archive" (the kinds the manifest records). */
const char *nb_sniff_name(nb_sniff_kind kind);

#endif
