/* generic: the adapter for portals that list reports as plain links (see scraper.h).
 *
 * Most county portals, whatever their CMS, publish a column page whose links carry the
 * report's title, either as link text or, when the text is cut short with "…", in the
 * title attribute. So the adapter reads every <a> with gumbo and lets title.c judge the
 * words; it does not depend on class names or page structure, which differ per CMS.
 * Pagination comes in two kinds: explicit links (下一页, 下页, >), and pages that draw
 * their pager with JavaScript but follow a file-name scheme (index.html, then
 * index_1.html on TRS sites or index_2.html on the Guangdong platform). The scheme is
 * only guessed from a page that held report links, and a guessed page that does not
 * exist is the caller's signal to stop. When such a page also tells how far the scheme
 * goes (a 尾页/末页 or page-number link to index_N.html, or the TRS pager script
 * createPageHTML(count, ...)), every page up to there is listed at once: a portal that
 * answers slowly is then walked in a few rounds of parallel requests instead of one
 * page after the other. */
#include <ctype.h>
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pipeline/read/htmldoc.h"
#include "pipeline/read/pagemeta.h"
#include "scrapers/scraper.h"
#include "pipeline/title.h"
#include "base/url.h"

/* Appends the text under node, turning every run of white space (including NBSP and
 * the ideographic space) into one ASCII space. */
static void text_of(const GumboNode *node, nb_buf *out)
{
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
        for (const char *p = node->v.text.text; *p;) {
            int space = isspace((unsigned char)*p);
            int n = 1;
            if (!strncmp(p, "\xC2\xA0", 2)) space = 1, n = 2;
            else if (!strncmp(p, "\xE3\x80\x80", 3)) space = 1, n = 3;
            if (space) {
                if (out->len && out->data[out->len - 1] != ' ') nb_buf_addc(out, ' ');
            } else {
                nb_buf_add(out, p, (size_t)n);
            }
            p += n;
        }
        return;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return;
    GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE) return;
    int block = tag == GUMBO_TAG_BR || tag == GUMBO_TAG_P || tag == GUMBO_TAG_DIV ||
                tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TR || tag == GUMBO_TAG_LI;
    const GumboVector *kids = &node->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) text_of(kids->data[i], out);
    if (block && out->len && out->data[out->len - 1] != ' ') nb_buf_addc(out, ' ');
}

static void trimmed_text(const GumboNode *node, nb_buf *out)
{
    nb_buf_clear(out);
    text_of(node, out);
    size_t start = 0;
    while (start < out->len && out->data[start] == ' ') start++;
    while (out->len > start && out->data[out->len - 1] == ' ') out->len--;
    memmove(out->data ? out->data : "", out->data ? out->data + start : "", out->len - start);
    out->len -= start;
    if (out->data) out->data[out->len] = '\0';
    else nb_buf_reserve(out, 0);
}

static const char *attr(const GumboNode *node, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(&node->v.element.attributes, name);
    return a ? a->value : NULL;
}

typedef void (*visit_fn)(const GumboNode *node, void *ctx);

static void walk(const GumboNode *node, visit_fn fn, void *ctx)
{
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
    fn(node, ctx);
    const GumboVector *kids = &node->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) walk(kids->data[i], fn, ctx);
}

static void find_base(const GumboNode *node, void *ctx)
{
    nb_buf *base = ctx;
    if (node->v.element.tag == GUMBO_TAG_BASE && !base->len && attr(node, "href"))
        nb_buf_adds(base, attr(node, "href"));
}

static int is_next_link(const char *text)
{
    static const char *const words[] = {"下一页", "下页", "下一頁", ">", ">>", "›", "»", "后页", "next"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcasecmp(text, words[i])) return 1;
    return 0;
}

/* A truncated link text: the portal cut the title to fit its column. */
static int looks_cut(const char *text)
{
    size_t n = strlen(text);
    return strstr(text, "…") || (n >= 3 && !strcmp(text + n - 3, "..."));
}

typedef struct {
    const char *base;
    nb_scraper_listing *out;
    nb_buf text, url, err;
    const char *page_url;
    long last_page;  /* the highest index_N.<ext> a pager link names (尾页, page numbers) */
    char last_ext[16];
    long trs_count;  /* createPageHTML(count, ...) of a TRS pager script, 0 if none */
    char trs_name[64], trs_ext[16];
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

static void on_element(const GumboNode *node, void *p)
{
    listing_ctx *c = p;
    if (node->v.element.tag != GUMBO_TAG_A) return;
    const char *href = attr(node, "href");
    if (!href) return;
    nb_buf_clear(&c->err);
    if (nb_url_resolve(c->base, href, &c->url, &c->err) != 0) return;
    trimmed_text(node, &c->text);
    const char *title_attr = attr(node, "title");
    nb_title by_text, by_attr;
    nb_title_parse(c->text.data, &by_text);
    nb_title_parse(title_attr, &by_attr);
    const char *chosen = NULL;
    if (by_attr.is_report && (!by_text.is_report || looks_cut(c->text.data) || !by_text.year))
        chosen = title_attr;
    else if (by_text.is_report)
        chosen = c->text.data;
    if (chosen) {
        for (size_t i = 0; i < c->out->report_count; i++)
            if (!strcmp(c->out->reports[i].url, c->url.data)) return;
        nb_scraper_add_report(c->out, c->url.data, chosen);
    } else if (is_next_link(c->text.data) || (title_attr && is_next_link(title_attr))) {
        nb_scraper_add_page(c->out, c->url.data);
    } else if (is_last_link(c->text.data) || is_page_number(c->text.data)) {
        char ext[16];
        long n = scheme_number(c->page_url, c->url.data, ext);
        if (n > c->last_page) {
            c->last_page = n;
            memcpy(c->last_ext, ext, sizeof ext);
        }
    }
}

/* TRS draws its pager with createPageHTML(count, current, "index", "html"): pages are
 * index.html, index_1.html ... index_<count-1>.html. */
static void find_trs_pager(const GumboNode *node, void *p)
{
    listing_ctx *c = p;
    if (node->v.element.tag != GUMBO_TAG_SCRIPT || c->trs_count) return;
    const GumboVector *kids = &node->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        const GumboNode *k = kids->data[i];
        if (k->type != GUMBO_NODE_TEXT && k->type != GUMBO_NODE_WHITESPACE) continue;
        const char *call = strstr(k->v.text.text, "createPageHTML(");
        long count, current;
        if (call && sscanf(call, "createPageHTML(%ld ,%ld , \"%63[A-Za-z0-9_-]\" , \"%15[a-z]\"", &count, &current,
                           c->trs_name, c->trs_ext) == 4 && count > 1)
            c->trs_count = count;
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
    for (long k = 1; k < c->trs_count && k <= MAX_KNOWN; k++) {
        nb_buf_clear(&url);
        nb_buf_printf(&url, "%.*s%s_%ld.%s", (int)dir, c->page_url, c->trs_name, k, c->trs_ext);
        nb_scraper_add_page(c->out, url.data);
    }
    nb_buf_free(&url);
}

static int generic_listing(const char *html, size_t len, const char *page_url, nb_scraper_listing *out,
                           nb_buf *err)
{
    GumboOutput *doc = gumbo_parse_with_options(&kGumboDefaultOptions, html, len);
    if (!doc) {
        nb_buf_printf(err, "%s: cannot parse the page", page_url);
        return -1;
    }
    nb_buf base_href = NB_BUF_INIT, base = NB_BUF_INIT, why = NB_BUF_INIT;
    walk(doc->root, find_base, &base_href);
    if (!base_href.len || nb_url_resolve(page_url, base_href.data, &base, &why) != 0) {
        nb_buf_clear(&base);
        nb_buf_adds(&base, page_url);
    }
    listing_ctx c = {.base = base.data, .out = out, .page_url = page_url};
    size_t reports_before = out->report_count;
    walk(doc->root, on_element, &c);
    if (out->report_count > reports_before) {
        guess_next_pages(page_url, out);
        walk(doc->root, find_trs_pager, &c);
        list_known_pages(&c);
    }
    gumbo_destroy_output(&kGumboDefaultOptions, doc);
    nb_buf_free(&c.text);
    nb_buf_free(&c.url);
    nb_buf_free(&c.err);
    nb_buf_free(&base_href);
    nb_buf_free(&base);
    nb_buf_free(&why);
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
