/* fuzz_config: bytes -> county.ini + townships.csv -> nb_config_load. The input holds both
 * files, split at the first "\n--townships.csv--\n" (the ini before it, the registry
 * after); they are written into a private temporary folder as county.ini and
 * townships.csv. Promises checked: a failure is one line "file..." naming one of the
 * files; a success has a county, years in order, listings that are absolute URLs and
 * townships whose slugs are [a-z0-9-] and whose names, slugs and aliases are unique and
 * free of control characters; selection and look-ups work on what was loaded. */
#define _GNU_SOURCE /* memmem */
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/config.h"
#include "fuzz.h"

static const char separator[] = "\n--townships.csv--\n";
static char dir[64];

static void write_file(const char *name, const void *data, size_t n)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    FUZZ_ASSERT(f != NULL);
    FUZZ_ASSERT(fwrite(data, 1, n, f) == n || n == 0);
    fclose(f);
}

static int slug_ok(const char *s)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')) return 0;
    return 1;
}

static int clean_text(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7F) return 0;
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/nb-fuzz-config-XXXXXX");
        FUZZ_ASSERT(mkdtemp(dir) != NULL);
        char mirror[96];
        snprintf(mirror, sizeof mirror, "%s/mirror", dir);
        mkdir(mirror, 0755);
    }
    const char *text = (const char *)data;
    const char *sep = memmem(text, size, separator, sizeof separator - 1);
    size_t ini_len = sep ? (size_t)(sep - text) : size;
    write_file("county.ini", text, ini_len);
    if (sep) {
        const char *csv = sep + sizeof separator - 1;
        write_file("townships.csv", csv, size - (size_t)(csv - text));
    } else {
        write_file("townships.csv", "name,slug\n平东镇,pingdong\n", strlen("name,slug\n平东镇,pingdong\n"));
    }
    char ini[128];
    snprintf(ini, sizeof ini, "%s/county.ini", dir);

    nb_config cfg;
    nb_buf err = NB_BUF_INIT;
    if (nb_config_load(ini, &cfg, &err) != 0) {
        FUZZ_ASSERT(err.len > 0 && !strchr(err.data, '\n'));
        FUZZ_ASSERT(strstr(err.data, ": ") != NULL);
        FUZZ_ASSERT(cfg.township_count == 0 && cfg.townships == NULL);
        nb_buf_free(&err);
        nb_config_free(&cfg);
        return 0;
    }
    FUZZ_ASSERT(cfg.county && cfg.county[0] && clean_text(cfg.county));
    FUZZ_ASSERT(cfg.year_from >= 1990 && cfg.year_from <= cfg.year_to && cfg.year_to <= 2100);
    FUZZ_ASSERT(cfg.listing_count > 0 && cfg.township_count > 0);
    for (int i = 0; i < cfg.listing_count; i++)
        FUZZ_ASSERT(!strncasecmp(cfg.listings[i], "http://", 7) || !strncasecmp(cfg.listings[i], "https://", 8) ||
                    !strncmp(cfg.listings[i], "file:///", 8));
    for (int i = 0; i < cfg.township_count; i++) {
        const nb_township *t = &cfg.townships[i];
        FUZZ_ASSERT(slug_ok(t->slug));
        FUZZ_ASSERT(t->name[0] && clean_text(t->name));
        FUZZ_ASSERT(nb_config_township(&cfg, t->name) == i);
        FUZZ_ASSERT(nb_config_township(&cfg, t->slug) == i);
        for (int a = 0; a < t->alias_count; a++) {
            FUZZ_ASSERT(clean_text(t->aliases[a]));
            FUZZ_ASSERT(nb_config_township(&cfg, t->aliases[a]) == i);
        }
        FUZZ_ASSERT(nb_config_township_in(&cfg, t->name) >= 0);
    }
    nb_select sel;
    char *one[] = {cfg.townships[0].slug};
    if (nb_config_select(&cfg, one, 1, NULL, &sel, &err) == 0) {
        FUZZ_ASSERT(nb_select_has(&sel, 0, cfg.year_from));
        nb_select_free(&sel);
    } else {
        FUZZ_ASSERT(!"a registered slug selects its township");
    }
    nb_config_free(&cfg);
    nb_buf_free(&err);
    return 0;
}
