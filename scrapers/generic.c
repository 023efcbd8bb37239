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

/* "2020-02-18", "2020年2月18日", "2020/2/18", "2020.02.18" at or after s (within
 * `window` bytes) -> "2020-02-18". Returns 1 if found. */
static int find_date(const char *s, size_t window, char out[11])
{
    size_t n = strnlen(s, window);
    for (size_t i = 0; i + 8 <= n; i++) {
        int y, m, d, used = 0;
        if (!isdigit((unsigned char)s[i]) || (i > 0 && isdigit((unsigned char)s[i - 1]))) continue;
        char buf[64];
        size_t take = n - i < sizeof buf - 1 ? n - i : sizeof buf - 1;
        memcpy(buf, s + i, take);
        buf[take] = '\0';
        if ((sscanf(buf, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 ||
             sscanf(buf, "%4d/%2d/%2d%n", &y, &m, &d, &used) == 3 ||
             sscanf(buf, "%4d.%2d.%2d%n", &y, &m, &d, &used) == 3 ||
             sscanf(buf, "%4d年%2d月%2d%n", &y, &m, &d, &used) == 3) &&
            y >= 1990 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
            snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
            return 1;
        }
    }
    return 0;
}

typedef struct {
    nb_scraper_meta *out;
    const char *meta_title, *meta_date, *meta_source;
    const GumboNode *title, *heading;
    nb_buf text;
} meta_ctx;

static void on_meta_element(const GumboNode *node, void *p)
{
    meta_ctx *c = p;
    GumboTag tag = node->v.element.tag;
    if (tag == GUMBO_TAG_META) {
        const char *name = attr(node, "name"), *content = attr(node, "content");
        if (!name || !content) return;
        if (!strcasecmp(name, "ArticleTitle")) c->meta_title = content;
        else if (!strcasecmp(name, "PubDate") || !strcasecmp(name, "publishdate") ||
                 !strcasecmp(name, "firstpublishedtime"))
            c->meta_date = content;
        else if (!strcasecmp(name, "ContentSource")) c->meta_source = content;
    } else if (tag == GUMBO_TAG_TITLE && !c->title) {
        c->title = node;
    } else if ((tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2) && !c->heading) {
        nb_buf t = NB_BUF_INIT;
        trimmed_text(node, &t);
        nb_title parsed;
        nb_title_parse(t.data, &parsed);
        if (parsed.is_report) c->heading = node;
        nb_buf_free(&t);
    }
}

static void copy_field(char *dst, size_t cap, const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) s++, n--;
    while (n && isspace((unsigned char)s[n - 1])) n--;
    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

/* The value after a label such as "来源：" in the page text, up to the next gap. */
static void labelled_value(const char *text, const char *const *labels, size_t nlabels, char *dst,
                           size_t cap)
{
    for (size_t i = 0; i < nlabels && !dst[0]; i++) {
        const char *hit = strstr(text, labels[i]);
        if (!hit) continue;
        const char *v = hit + strlen(labels[i]);
        if (!strncmp(v, "：", strlen("："))) v += strlen("：");
        else if (*v == ':') v++;
        else continue;
        while (*v == ' ') v++;
        const char *end = v;
        while (*end && *end != ' ' && end - v < 96) end++;
        copy_field(dst, cap, v, (size_t)(end - v));
    }
}

static int generic_meta(const char *html, size_t len, nb_scraper_meta *out)
{
    memset(out, 0, sizeof *out);
    GumboOutput *doc = gumbo_parse_with_options(&kGumboDefaultOptions, html, len);
    if (!doc) return 0;
    meta_ctx c = {.out = out};
    walk(doc->root, on_meta_element, &c);
    nb_buf t = NB_BUF_INIT;
    if (c.meta_title) {
        copy_field(out->title, sizeof out->title, c.meta_title, strlen(c.meta_title));
    } else if (c.heading || c.title) {
        trimmed_text(c.heading ? c.heading : c.title, &t);
        copy_field(out->title, sizeof out->title, t.data, t.len);
    }
    if (c.meta_date) find_date(c.meta_date, strlen(c.meta_date), out->published);
    if (c.meta_source) copy_field(out->source, sizeof out->source, c.meta_source, strlen(c.meta_source));
    if (!out->published[0] || !out->source[0]) {
        nb_buf_clear(&t);
        text_of(doc->root, &t);
        if (!out->published[0]) {
            static const char *const labels[] = {"发布时间", "发布日期", "发文日期", "成文日期", "时间", "日期"};
            for (size_t i = 0; i < sizeof labels / sizeof labels[0] && !out->published[0]; i++) {
                const char *hit = strstr(nb_buf_str(&t), labels[i]);
                if (hit) find_date(hit + strlen(labels[i]), 48, out->published);
            }
        }
        if (!out->source[0]) {
            static const char *const labels[] = {"信息来源", "来源", "发布机构"};
            labelled_value(nb_buf_str(&t), labels, 3, out->source, sizeof out->source);
        }
    }
    nb_buf_free(&t);
    gumbo_destroy_output(&kGumboDefaultOptions, doc);
    return out->title[0] || out->published[0] || out->source[0];
}

const nb_scraper nb_scraper_generic = {
    .name = "generic",
    .listing = generic_listing,
    .meta = generic_meta,
};
