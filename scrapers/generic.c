/* generic: the adapter for portals that list reports as plain links (see scraper.h).
 *
 * The report links are what links.c finds: every <a> whose text or title attribute
 * reads as a report, whatever the CMS. Pagination comes in two kinds: explicit links (下一页, 下页, >), and pages that draw
 * their pager with JavaScript but follow a file-name scheme (index.html, then
 * index_1.html on TRS sites or index_2.html on the Guangdong platform). The scheme is
 * only guessed from a page that held report links, and a guessed page that does not
 * exist is the caller's signal to stop. When such a page also tells how far the scheme
 * goes (a 尾页/末页 or page-number link to index_N.html, or the TRS pager script
 * createPageHTML(...), read by trs.c), every page up to there is listed at once: a portal that
 * answers slowly is then walked in a few rounds of parallel requests instead of one
 * page after the other. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pipeline/read/pagemeta.h"
#include "scrapers/scraper.h"

static int is_next_link(const char *text)
{
    static const char *const words[] = {"下一页", "下页", "下一頁", ">", ">>", "›", "»", "后页", "next"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcasecmp(text, words[i])) return 1;
    return 0;
}

typedef struct {
    nb_scraper_listing *out;
    const char *page_url;
    long last_page;  /* the highest index_N.<ext> a pager link names (尾页, page numbers) */
    char last_ext[16];
} listing_ctx;

static int is_last_link(const char *text)
{
    static const char *const words[] = {"尾页", "末页", "最后一页", "尾 页", "末 页", "last", ">|", ">>|"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcasecmp(text, words[i])) return 1;
    return 0;
}

static int is_page_number(const char *text)
{
    size_t n = strlen(text);
    return n >= 1 && n <= 4 && strspn(text, "0123456789") == n;
}

/* The length of url's folder part (through the last '/' before any query). */
static size_t folder_length(const char *url)
{
    size_t len = strcspn(url, "?#"), dir = 0;
    for (size_t i = 0; i < len; i++)
        if (url[i] == '/') dir = i + 1;
    return dir;
}

/* N if url is index_N.<ext> in the folder of page_url, else -1; ext gets <ext>. */
static long scheme_number(const char *page_url, const char *url, char ext[16])
{
    size_t dir = folder_length(page_url);
    if (folder_length(url) != dir || strncmp(url, page_url, dir)) return -1;
    long n;
    int consumed = 0;
    const char *name = url + dir;
    if (sscanf(name, "index_%ld.%15[a-z]%n", &n, ext, &consumed) == 2 && name[consumed] == '\0' && n >= 1) return n;
    return -1;
}

/* A link that is not a report: maybe the pager's. */
static void on_other(const char *url, const char *text, const char *title, void *p)
{
    listing_ctx *c = p;
    if (is_next_link(text) || (title && is_next_link(title))) {
        nb_scraper_add_page(c->out, url);
    } else if (is_last_link(text) || is_page_number(text)) {
        char ext[16];
        long n = scheme_number(c->page_url, url, ext);
        if (n > c->last_page) {
            c->last_page = n;
            memcpy(c->last_ext, ext, sizeof ext);
        }
    }
}

/* index.html -> index_1.html and index_2.html; index_N.html -> index_N+1.html; a folder
 * URL counts as its index.html. */
static void guess_next_pages(const char *page_url, nb_scraper_listing *out)
{
    const char *query = strpbrk(page_url, "?#");
    size_t len = query ? (size_t)(query - page_url) : strlen(page_url);
    const char *slash = page_url;
    for (const char *p = page_url; p < page_url + len; p++)
        if (*p == '/') slash = p + 1;
    size_t dir_len = (size_t)(slash - page_url);
    char name[128];
    size_t name_len = len - dir_len;
    if (name_len >= sizeof name) return;
    memcpy(name, slash, name_len);
    name[name_len] = '\0';
    char ext[16] = "html";
    long n = 0;
    int consumed = 0;
    if (name_len == 0) {
        n = 0;
    } else if (sscanf(name, "index.%15[a-z]%n", ext, &consumed) == 1 && (size_t)consumed == name_len) {
        n = 0;
    } else if (sscanf(name, "index_%ld.%15[a-z]%n", &n, ext, &consumed) == 2 && (size_t)consumed == name_len &&
               n >= 1) {
    } else {
        return;
    }
    nb_buf next = NB_BUF_INIT;
    for (long k = n + 1; k <= (n == 0 ? 2 : n + 1); k++) {
        nb_buf_clear(&next);
        nb_buf_printf(&next, "%.*sindex_%ld.%s", (int)dir_len, page_url, k, ext);
        nb_scraper_add_page(out, next.data);
    }
    nb_buf_free(&next);
}

/* Every page of the scheme the pager says exists, after this one (at most MAX_KNOWN:
 * the caller's max_listing_pages is the real limit). */
enum { MAX_KNOWN = 1000 };

static void list_known_pages(listing_ctx *c)
{
    char ext[16];
    long self = scheme_number(c->page_url, c->page_url, ext);
    size_t dir = folder_length(c->page_url);
    nb_buf url = NB_BUF_INIT;
    for (long k = (self > 0 ? self + 1 : 2); k <= c->last_page && k - self <= MAX_KNOWN; k++) {
        nb_buf_clear(&url);
        nb_buf_printf(&url, "%.*sindex_%ld.%s", (int)dir, c->page_url, k, c->last_ext);
        nb_scraper_add_page(c->out, url.data);
    }
    nb_buf_free(&url);
}

static int generic_listing(const char *html, size_t len, const char *page_url, nb_scraper_listing *out,
                           nb_buf *err)
{
    listing_ctx c = {.out = out, .page_url = page_url};
    size_t reports_before = out->report_count;
    if (nb_scraper_links(html, len, page_url, out, on_other, &c, err) != 0) return -1;
    if (out->report_count > reports_before) {
        guess_next_pages(page_url, out);
        nb_scraper_trs_pages(html, len, page_url, out);
        list_known_pages(&c);
    }
    return 0;
}

/* --- report page metadata --- */

/* The generic layout (title in <meta name="ArticleTitle"> or <title> or the page, the
 * date near it) is exactly what the extractor's own reading understands. */

const nb_scraper nb_scraper_generic = {
    .name = "generic",
    .listing = generic_listing,
    .meta = nb_pagemeta_read,
};
