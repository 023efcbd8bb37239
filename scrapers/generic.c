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
 * exist is the caller's signal to stop. */
#include <ctype.h>
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "htmldoc.h"
#include "pagemeta.h"
#include "scraper.h"
#include "title.h"
#include "url.h"

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
} listing_ctx;

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
    listing_ctx c = {.base = base.data, .out = out};
    size_t reports_before = out->report_count;
    walk(doc->root, on_element, &c);
    if (out->report_count > reports_before) guess_next_pages(page_url, out);
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
