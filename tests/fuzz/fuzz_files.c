/* fuzz_files: bytes -> the PDF reader (MuPDF), the Word and the Excel readers (libzip, libxml2), as
 * nb_extract_page hands them files. Promises checked: each ends with 0 and a doc whose
 * cells are valid UTF-8, or -1 and a reason; neither prints (MuPDF's and libxml2's
 * messages are kept); memory stays under the readers' caps (the sanitizer build and
 * libFuzzer's -rss_limit_mb check it). */
#include <string.h>

#include "fuzz.h"
#include "pipeline/read/files/docxdoc.h"
#include "pipeline/read/files/pdfdoc.h"
#include "pipeline/read/files/xlsxdoc.h"

static void check_doc(const nb_doc *d)
{
    for (size_t i = 0; i < d->ncells; i++) {
        FUZZ_ASSERT(fuzz_valid_utf8(d->cells[i].text, d->cells[i].len));
        FUZZ_ASSERT(d->cells[i].table >= -1 && d->cells[i].table < d->ntables);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *bytes = (const char *)data;
    for (int reader = 0; reader < 3; reader++) {
        nb_doc d;
        nb_doc_init(&d);
        nb_buf warnings = NB_BUF_INIT, error = NB_BUF_INIT;
        int rc = reader == 0   ? nb_pdfdoc_parse(bytes, size, &d, &warnings, &error)
                 : reader == 1 ? nb_docxdoc_parse(bytes, size, &d, &error)
                               : nb_xlsxdoc_parse(bytes, size, &d, &warnings, &error);
        FUZZ_ASSERT(rc == 0 || rc == -1);
        if (rc != 0) FUZZ_ASSERT(error.len > 0);
        else check_doc(&d);
        nb_buf_free(&warnings);
        nb_buf_free(&error);
        nb_doc_free(&d);
    }
    return 0;
}
