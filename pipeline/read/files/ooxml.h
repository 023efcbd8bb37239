/* ooxml: the Office Open XML package that .docx and .xlsx files are (a zip of XML parts),
 * and the legacy Office files LibreOffice turns into one. Shared by docxdoc.h and
 * xlsxdoc.h so that both say the same thing about the same damage.
 *
 * The zip is opened from memory with libzip; a part is read either whole (capped) or
 * streamed through libxml2's xmlTextReader straight from the zip, so that a sheet of a
 * workbook never needs the whole part (or a tree of it) in memory. Either way a part
 * stops at its cap: a zip bomb unpacks no further than that. libxml2 never loads
 * external entities or the network and keeps its nesting and entity-expansion limits;
 * its messages are never printed (the first one is kept for the error).
 *
 * A legacy file (.doc, .wps, .xls, .et, .rtf) is converted by LibreOffice, run headless as
 * a child process when it is installed (found on PATH at run time as soffice or
 * libreoffice), in a private temporary folder with its own profile, killed after
 * NB_OOXML_CONVERT_SECONDS. Without it the error names the package to install. */
#ifndef NB_OOXML_H
#define NB_OOXML_H

#include <libxml/xmlreader.h>
#include <stddef.h>
#include <zip.h>

#include "base/buf.h"

enum { NB_OOXML_CONVERT_SECONDS = 120 };

/* Opens the zip in bytes (which must outlive it; close with zip_close). what names the
 * kind of file for the error ("Word file (.docx)"): NULL with "not a readable <what>: ..."
 * in error when the bytes are no zip or a damaged one. */
zip_t *nb_ooxml_open(const char *bytes, size_t len, const char *what, nb_buf *error);

/* Reads part name of z into out, at most cap bytes. Returns 0, 1 when the part is not
 * there, -1 with error set when it cannot be read or is larger than cap. */
int nb_ooxml_read(zip_t *z, const char *name, size_t cap, nb_buf *out, nb_buf *error);

/* Streams part name of z (at most cap bytes unpacked) through libxml2's reader, calling
 * on_node for every node in document order. on_node returns 0 to go on, 1 to stop early
 * (not an error), -1 to fail (it has written the reason to error). Returns 0, 1 when the
 * part is not there, -1 with the reason in error: damaged, larger than cap, not
 * well-formed XML, or on_node's. */
int nb_ooxml_stream(zip_t *z, const char *name, size_t cap, int (*on_node)(xmlTextReaderPtr r, void *ctx),
                    void *ctx, nb_buf *error);

/* Copies the value of attribute local (any namespace) of the reader's current element
 * into out (cut to outsz-1 bytes); returns 1, or 0 (out "") when it has none. */
int nb_ooxml_attr(xmlTextReaderPtr r, const char *local, char *out, size_t outsz);

/* The libxml2 parser options of every part: no network, no messages printed. */
int nb_ooxml_xml_options(void);

/* What LibreOffice converts from and to. */
typedef struct {
    const char *what;       /* for messages: "a legacy Word/WPS file (.doc, .wps)" */
    const char *input_ext;  /* the name the bytes are given, which LibreOffice's filter
                               detection reads as a hint: "doc", "xls" */
    const char *target;     /* --convert-to: "docx:MS Word 2007 XML" */
    const char *output_ext; /* what it writes: "docx" */
    const char *package;    /* the Debian package that brings the filter */
} nb_ooxml_legacy;

extern const nb_ooxml_legacy nb_ooxml_word; /* .doc, .wps, .rtf -> .docx (Writer) */
extern const nb_ooxml_legacy nb_ooxml_excel; /* .xls, .et -> .xlsx (Calc) */

/* Converts a legacy file to the package's bytes in out. Returns 0, or -1 with the reason
 * in error (LibreOffice is not installed, it failed or timed out). */
int nb_ooxml_convert(const char *bytes, size_t len, const nb_ooxml_legacy *kind, nb_buf *out, nb_buf *error);

#endif
