/* slug: pinyin slugs through ICU's transliterator (see slug.h). */
#include "scrapers/slug.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

/* The place-name readings first, then ICU's own Han-Latin and its ASCII folding. */
static const char RULES[] = "长 > chang; 都 > du; :: Han-Latin; :: Latin-ASCII; :: Any-Lower;";

/* The kind of township a name ends with, and how the slug says it. */
static const struct {
    const char *suffix, *slug;
} KINDS[] = {{"街道", "-jiedao"}, {"镇", ""}, {"乡", "-xiang"}};

struct nb_slugger {
    UTransliterator *t;
};

nb_slugger *nb_slug_new(void)
{
    UErrorCode status = U_ZERO_ERROR;
    UChar rules[128], id[16];
    int32_t nrules = 0;
    u_strFromUTF8(rules, (int32_t)(sizeof rules / sizeof *rules), &nrules, RULES, -1, &status);
    u_uastrcpy(id, "nianbao-slug");
    UParseError perr;
    UTransliterator *t =
        U_SUCCESS(status) ? utrans_openU(id, -1, UTRANS_FORWARD, rules, nrules, &perr, &status) : NULL;
    if (!t || U_FAILURE(status)) {
        if (t) utrans_close(t);
        return NULL;
    }
    nb_slugger *s = nb_xcalloc(1, sizeof *s);
    s->t = t;
    return s;
}

void nb_slug_free(nb_slugger *s)
{
    if (!s) return;
    utrans_close(s->t);
    free(s);
}

/* ICU's UTF-8 -> UTF-16 -> transliterate -> UTF-8, into out. Returns 0 or -1. */
static int transliterate(UTransliterator *t, const char *text, size_t len, nb_buf *out)
{
    UErrorCode status = U_ZERO_ERROR;
    /* A Han character becomes at most "zhuang " (7 units): room for 8 per input unit. */
    int32_t n = 0;
    u_strFromUTF8(NULL, 0, &n, text, (int32_t)len, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status)) return -1;
    status = U_ZERO_ERROR;
    int32_t cap = n * 8 + 16;
    UChar *buf = nb_xcalloc((size_t)cap, sizeof *buf);
    u_strFromUTF8(buf, cap, &n, text, (int32_t)len, &status);
    int32_t limit = n;
    if (U_SUCCESS(status)) utrans_transUChars(t, buf, &n, cap, 0, &limit, &status);
    int rc = -1;
    if (U_SUCCESS(status)) {
        int32_t bytes = 0;
        u_strToUTF8(NULL, 0, &bytes, buf, n, &status);
        status = U_ZERO_ERROR;
        char *utf8 = nb_xcalloc((size_t)bytes + 1, 1);
        u_strToUTF8(utf8, bytes + 1, &bytes, buf, n, &status);
        if (U_SUCCESS(status)) {
            nb_buf_add(out, utf8, (size_t)bytes);
            rc = 0;
        }
        free(utf8);
    }
    free(buf);
    return rc;
}

int nb_slug_pinyin(nb_slugger *s, const char *name, size_t max_len, nb_buf *out)
{
    nb_buf_clear(out);
    if (!s) return -1;
    if (max_len > NB_SLUG_MAX) max_len = NB_SLUG_MAX;
    size_t len = strlen(name);
    const char *kind = "";
    for (size_t i = 0; i < sizeof KINDS / sizeof *KINDS; i++) {
        size_t n = strlen(KINDS[i].suffix);
        if (len > n && !strcmp(name + len - n, KINDS[i].suffix)) {
            len -= n;
            kind = KINDS[i].slug;
            break;
        }
    }
    nb_buf latin = NB_BUF_INIT;
    if (len > 4096 || transliterate(s->t, name, len, &latin) != 0) {
        nb_buf_free(&latin);
        return -1;
    }
    /* Only what townships.csv takes: letters, digits; the syllables run together. */
    size_t room = max_len > strlen(kind) ? max_len - strlen(kind) : 0;
    for (size_t i = 0; i < latin.len && out->len < room; i++) {
        char c = latin.data[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) nb_buf_addc(out, c);
    }
    nb_buf_free(&latin);
    if (!out->len) return -1;
    nb_buf_adds(out, kind);
    return 0;
}
