/* sniff: what some bytes are, from their content. */
#include "check.h"
#include "base/sniff.h"

static nb_sniff_kind of(const char *bytes, size_t len)
{
    return nb_sniff(bytes, len);
}

#define KIND(lit) of(lit, sizeof lit - 1)

/* A zip with one entry named name (stored, empty), as the local header writes it. */
static size_t zip_with(const char *name, char *out)
{
    size_t n = strlen(name);
    memset(out, 0, 30);
    memcpy(out, "PK\3\4", 4);
    out[26] = (char)n;
    memcpy(out + 30, name, n);
    memcpy(out + 30 + n, "PK\1\2", 4);
    return 34 + n;
}

int main(void)
{
    CHECK_INT(KIND("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj"), NB_SNIFF_PDF);
    CHECK_INT(KIND("\r\n\r\n%PDF-1.4\n"), NB_SNIFF_PDF);              /* a little junk first */
    CHECK_INT(KIND("<html><body>%PDF-1.4 is a version</body></html>"), NB_SNIFF_TEXT);
    CHECK_INT(KIND("\x1f\x8b\x08\x00"), NB_SNIFF_GZIP);
    CHECK_INT(KIND("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0"), NB_SNIFF_DOC);
    CHECK_INT(KIND("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....W\0o\0r\0k\0b\0o\0o\0k\0"), NB_SNIFF_XLS);
    CHECK_INT(KIND("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1...."), NB_SNIFF_OLE);
    CHECK_INT(KIND("{\\rtf1\\ansi"), NB_SNIFF_RTF);
    CHECK_INT(KIND("\x89PNG\r\n\x1a\n...."), NB_SNIFF_IMAGE);
    CHECK_INT(KIND("\xFF\xD8\xFF\xE0"), NB_SNIFF_IMAGE);
    CHECK_INT(KIND("Rar!\x1a\x07\x01\x00"), NB_SNIFF_ARCHIVE);
    CHECK_INT(KIND("平安镇2019年政府信息公开工作年度报告\n规章 0 0 0\n"), NB_SNIFF_TEXT);
    CHECK_INT(of("", 0), NB_SNIFF_TEXT);
    char z[128];
    CHECK_INT(of(z, zip_with("word/document.xml", z)), NB_SNIFF_DOCX);
    CHECK_INT(of(z, zip_with("xl/workbook.xml", z)), NB_SNIFF_XLSX);
    CHECK_INT(of(z, zip_with("OFD.xml", z)), NB_SNIFF_OFD);
    CHECK_INT(of(z, zip_with("readme.txt", z)), NB_SNIFF_ZIP);
    /* A .docx cut short after its first entry's header is still a .docx (so that reading
     * it can say it is cut short). */
    size_t n = zip_with("word/document.xml", z);
    CHECK_INT(of(z, n - 4), NB_SNIFF_DOCX);
    CHECK_STR(nb_sniff_name(NB_SNIFF_DOCX), "docx");
    CHECK_STR(nb_sniff_name(NB_SNIFF_PDF), "pdf");
    CHECK_STR(nb_sniff_name((nb_sniff_kind)99), "text");
    /* a .xlsx saved with a password: an OLE2 file whose directory names EncryptedPackage */
    {
        static const char enc[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1....E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
        CHECK(nb_sniff_ole_stream(enc, sizeof enc - 1, "EncryptedPackage"));
        CHECK(!nb_sniff_ole_stream(enc, sizeof enc - 1, "WordDocument"));
        CHECK(!nb_sniff_ole_stream("PK\3\4E\0n\0c\0", 10, "Enc"));
        CHECK_INT(KIND(enc), NB_SNIFF_OLE);
    }
    return check_done();
}
