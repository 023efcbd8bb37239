/* trs: the adapter for TRS WCM portals (see scraper.h).
 *
 * TRS publishes a column as static pages and draws the pager with a script call:
 *   createPageHTML(countPage, currentPage, "index", "html")            the old form
 *   createPageHTML('page_div', totalPages, currentPage, 'index', 'shtml', totalRecords)
 * The call says how many pages there are and how they are named; how they are numbered
 * is read from the first page's own call: currentPage 0 there means the pages after it
 * are name_1, name_2, ... (the old templates), 1 means name_2, name_3, ... (the newer
 * ones). So every page is listed from the first page at once, whatever is on it (a first
 * page holding only 解读 items still leads to the reports on page 3), and fetched in
 * parallel. Report links are ordinary links, relative to the page (./202401/t2024…html):
 * links.c reads them. The published numbers may also come through variables
 * (var countPage = 5; createPageHTML(countPage, ...)), which are looked up. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/read/pagemeta.h"
#include "scrapers/scraper.h"

enum { MAX_PAGES = 1000 }; /* a pager naming more is not believed; max_listing_pages is the real cap */

typedef struct {
    long count, current;
    char name[64], ext[16];
} pager;

/* One argument of a call: a number, a quoted string, or a name (its value looked up in
 * the script's `var name = number`). Returns the end of the argument, or NULL. */
typedef struct {
    int is_string;
    char text[64];
} arg;

static const char *skip_space(const char *p)
{
    while (*p && isspace((unsigned char)*p)) p++;
    return p;
}

static const char *read_arg(const char *p, arg *a)
{
    p = skip_space(p);
    size_t n = 0;
    a->is_string = 0;
    if (*p == '"' || *p == '\'') {
        char q = *p++;
        while (*p && *p != q && n + 1 < sizeof a->text) a->text[n++] = *p++;
        if (*p != q) return NULL;
        p++;
        a->is_string = 1;
    } else {
        while (*p && (isalnum((unsigned char)*p) || *p == '_' || *p == '$' || *p == '-' || *p == '.') &&
               n + 1 < sizeof a->text)
            a->text[n++] = *p++;
        if (!n) return NULL;
    }
    a->text[n] = '\0';
    return skip_space(p);
}

/* The number a variable was given in the scripts ("var countPage = 5"), or -1. */
static long variable(const char *scripts, size_t len, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = scripts; p < scripts + len;) {
        const char *hit = strstr(p, name);
        if (!hit) {
            p += strlen(p) + 1; /* the next script */
            continue;
        }
        const char *q = skip_space(hit + n);
        int word_start = hit == scripts || !(isalnum((unsigned char)hit[-1]) || hit[-1] == '_');
        if (word_start && *q == '=' && q[1] != '=') {
            q = skip_space(q + 1);
            char *end;
            long v = strtol(q, &end, 10);
            if (end != q) return v;
        }
        p = hit + n;
    }
    return -1;
}

static int number_of(const char *scripts, size_t len, const arg *a, long *out)
{
    if (a->is_string) return -1;
    char *end;
    long v = strtol(a->text, &end, 10);
    if (end != a->text && !*end) {
        *out = v;
        return 0;
    }
    v = variable(scripts, len, a->text);
    if (v < 0) return -1;
    *out = v;
    return 0;
}

static int name_ok(const char *s, size_t cap)
{
    size_t n = strlen(s);
    if (!n || n >= cap) return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-') return 0;
    return 1;
}

/* Reads the first createPageHTML call with usable arguments (a function definition,
 * createPageHTML(_nPageCount, ...), has none). Returns 1 if found. */
static int find_pager(const char *scripts, size_t len, pager *pg)
{
    static const char call[] = "createPageHTML(";
    for (const char *p = scripts; p < scripts + len;) {
        const char *hit = strstr(p, call);
        if (!hit) {
            p += strlen(p) + 1;
            continue;
        }
        p = hit + sizeof call - 1;
        arg args[6];
        int n = 0;
        const char *q = p;
        while (n < 6 && (q = read_arg(q, &args[n]))) {
            n++;
            if (*q == ',') q++;
            else break;
        }
        if (!q || *q != ')') continue;
        int first = (n == 6 && args[0].is_string) ? 1 : 0; /* the six-argument form starts with the div id */
        if (n - first != 4 && n - first != 5) continue;
        if (number_of(scripts, len, &args[first], &pg->count) || number_of(scripts, len, &args[first + 1], &pg->current))
            continue;
        if (!args[first + 2].is_string || !args[first + 3].is_string) continue;
        snprintf(pg->name, sizeof pg->name, "%s", args[first + 2].text);
        const char *ext = args[first + 3].text;
        if (ext[0] == '.') ext++;
        size_t ext_len = strlen(ext);
        if (ext_len >= sizeof pg->ext) continue; /* no page name ends in so long an extension */
        memcpy(pg->ext, ext, ext_len + 1);
        if (!name_ok(pg->name, sizeof pg->name) || !name_ok(pg->ext, sizeof pg->ext)) continue;
        if (pg->count < 1 || pg->count > MAX_PAGES || pg->current < 0 || pg->current > MAX_PAGES) continue;
        return 1;
    }
    return 0;
}

/* The page's own number in the scheme: 0 for name.ext (or the folder itself), k for
 * name_k.ext, -1 for another name. *dir gets the length of the folder part. */
static long own_number(const char *page_url, const pager *pg, size_t *dir)
{
    size_t len = strcspn(page_url, "?#");
    *dir = 0;
    for (size_t i = 0; i < len; i++)
        if (page_url[i] == '/') *dir = i + 1;
    const char *file = page_url + *dir;
    size_t flen = len - *dir, nlen = strlen(pg->name), elen = strlen(pg->ext);
    if (!flen) return 0;
    if (flen == nlen + 1 + elen && !strncmp(file, pg->name, nlen) && file[nlen] == '.' &&
        !strncmp(file + nlen + 1, pg->ext, elen))
        return 0;
    if (flen > nlen + 1 && !strncmp(file, pg->name, nlen) && file[nlen] == '_') {
        char *end;
        long k = strtol(file + nlen + 1, &end, 10);
        if (k >= 1 && end > file + nlen + 1 && *end == '.' && (size_t)(end + 1 - file) + elen == flen &&
            !strncmp(end + 1, pg->ext, elen))
            return k;
    }
    return -1;
}

int nb_scraper_trs_pages(const char *html, size_t len, const char *page_url, nb_scraper_listing *out)
{
    nb_buf scripts = NB_BUF_INIT;
    int listed = 0;
    pager pg;
    if (nb_scraper_scripts(html, len, NULL, &scripts) && find_pager(scripts.data, scripts.len, &pg)) {
        size_t dir;
        long self = own_number(page_url, &pg, &dir);
        /* The first page knows the numbering exactly and lists every page. A later page
         * cannot tell (name_k says currentPage k in both numberings) and adds nothing:
         * discovery starts from the first page, which has listed them all. */
        long from = pg.current + 1, to = self == 0 ? pg.current + pg.count - 1 : 0;
        nb_buf url = NB_BUF_INIT;
        for (long k = from; k <= to; k++) {
            if (k == self) continue;
            nb_buf_clear(&url);
            nb_buf_printf(&url, "%.*s%s_%ld.%s", (int)dir, page_url, pg.name, k, pg.ext);
            nb_scraper_add_page(out, url.data);
            listed++;
        }
        nb_buf_free(&url);
    }
    nb_buf_free(&scripts);
    return listed;
}

static int trs_recognise(const char *html, size_t len, const char *page_url)
{
    (void)page_url;
    nb_buf scripts = NB_BUF_INIT;
    pager pg;
    int found = nb_scraper_scripts(html, len, NULL, &scripts) && find_pager(scripts.data, scripts.len, &pg);
    nb_buf_free(&scripts);
    return found;
}

static int trs_listing(const char *html, size_t len, const char *page_url, nb_scraper_listing *out, nb_buf *err)
{
    if (nb_scraper_links(html, len, page_url, out, NULL, NULL, err) != 0) return -1;
    nb_scraper_trs_pages(html, len, page_url, out);
    return 0;
}

const nb_scraper nb_scraper_trs = {
    .name = "trs",
    .recognise = trs_recognise,
    .listing = trs_listing,
    .meta = nb_pagemeta_read,
};
