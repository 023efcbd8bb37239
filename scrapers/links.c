/* links: the report links of an HTML page or fragment, shared by the adapters (see
 * scraper.h, nb_scraper_links).
 *
 * Most portals, whatever their CMS, publish a column whose links carry the report's
 * title, either as link text or, when the text is cut short with "…", in the title
 * attribute. So every <a> is read with gumbo and title.c judges the words; nothing
 * depends on class names or page structure, which differ per CMS and per redesign.
 * The same reading serves a whole page (generic, TRS) and the HTML fragments a CMS
 * ships inside data (Hanweb's datastore records). */
#include <ctype.h>
#include <gumbo.h>
#include <string.h>
#include <strings.h>

#include "base/url.h"
#include "pipeline/read/pagemeta.h"
#include "pipeline/title.h"
#include "scrapers/scraper.h"

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

/* A truncated link text: the portal cut the title to fit its column. */
static int looks_cut(const char *text)
{
    size_t n = strlen(text);
    return strstr(text, "…") || (n >= 3 && !strcmp(text + n - 3, "..."));
}

static int has_report(const nb_scraper_listing *l, const char *url)
{
    for (size_t i = 0; i < l->report_count; i++)
        if (!strcmp(l->reports[i].url, url)) return 1;
    return 0;
}

typedef struct {
    const char *base;
    nb_scraper_listing *out;
    nb_scraper_other_fn on_other;
    void *ctx;
    nb_buf text, url, err, item;
} links_ctx;

/* The list item a link stands in: the nearest li, tr, dd or p above it, or NULL when a
 * list or table of several items comes first (their dates are the other items'). */
static const GumboNode *item_of(const GumboNode *link)
{
    for (const GumboNode *n = link->parent; n && n->type == GUMBO_NODE_ELEMENT; n = n->parent) {
        GumboTag tag = n->v.element.tag;
        if (tag == GUMBO_TAG_LI || tag == GUMBO_TAG_TR || tag == GUMBO_TAG_DD || tag == GUMBO_TAG_P) return n;
        if (tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL || tag == GUMBO_TAG_DL || tag == GUMBO_TAG_TABLE ||
            tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_BODY)
            return NULL;
    }
    return NULL;
}

/* The date the link's list item prints beside it (<li><a>…</a><span>2024-01-18</span>),
 * into date ("" if none). Only outside the link's own text, and only one: an item with
 * two different dates (a <p> of several items) says nothing for sure. */
static void date_beside(links_ctx *c, const GumboNode *link, char date[11])
{
    date[0] = '\0';
    const GumboNode *item = item_of(link);
    if (!item) return;
    trimmed_text(item, &c->item);
    const char *own = c->text.len ? strstr(c->item.data, c->text.data) : NULL;
    for (const char *p = c->item.data; *p; p++) {
        if (own && p == own) {
            p += c->text.len - 1;
            continue;
        }
        char found[11];
        size_t n = (*p >= '1' && *p <= '2' && (p == c->item.data || p[-1] < '0' || p[-1] > '9'))
                       ? nb_pagemeta_parse_date(p, found)
                       : 0;
        if (!n) continue;
        if (date[0] && strcmp(date, found)) {
            date[0] = '\0';
            return;
        }
        memcpy(date, found, sizeof found);
        p += n - 1;
    }
}

static void on_element(const GumboNode *node, void *p)
{
    links_ctx *c = p;
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
        char date[11];
        date_beside(c, node, date);
        if (!has_report(c->out, c->url.data)) nb_scraper_add_report(c->out, c->url.data, chosen, date);
    } else if (c->on_other) {
        c->on_other(c->url.data, c->text.data, title_attr, c->ctx);
    }
}

int nb_scraper_links(const char *html, size_t len, const char *base_url, nb_scraper_listing *out,
                     nb_scraper_other_fn on_other, void *ctx, nb_buf *err)
{
    GumboOutput *doc = gumbo_parse_with_options(&kGumboDefaultOptions, html, len);
    if (!doc) {
        nb_buf_printf(err, "%s: cannot parse the page", base_url);
        return -1;
    }
    nb_buf base_href = NB_BUF_INIT, base = NB_BUF_INIT, why = NB_BUF_INIT;
    walk(doc->root, find_base, &base_href);
    if (!base_href.len || nb_url_resolve(base_url, base_href.data, &base, &why) != 0) {
        nb_buf_clear(&base);
        nb_buf_adds(&base, base_url);
    }
    links_ctx c = {.base = base.data, .out = out, .on_other = on_other, .ctx = ctx};
    walk(doc->root, on_element, &c);
    gumbo_destroy_output(&kGumboDefaultOptions, doc);
    nb_buf_free(&c.text);
    nb_buf_free(&c.url);
    nb_buf_free(&c.err);
    nb_buf_free(&c.item);
    nb_buf_free(&base_href);
    nb_buf_free(&base);
    nb_buf_free(&why);
    return 0;
}

int nb_scraper_add_titled(nb_scraper_listing *l, const char *base_url, const char *url, const char *title,
                          const char *date)
{
    nb_title t;
    if (!url || !title || !nb_title_parse(title, &t) || !t.is_report) return 0;
    nb_buf abs = NB_BUF_INIT, why = NB_BUF_INIT;
    int added = 0;
    if (nb_url_resolve(base_url, url, &abs, &why) == 0 && !has_report(l, abs.data)) {
        nb_scraper_add_report(l, abs.data, title, date);
        added = 1;
    }
    nb_buf_free(&abs);
    nb_buf_free(&why);
    return added;
}

typedef struct {
    const char *type;
    nb_buf *out;
    int count;
} scripts_ctx;

static void on_script(const GumboNode *node, void *p)
{
    scripts_ctx *c = p;
    if (node->v.element.tag != GUMBO_TAG_SCRIPT) return;
    const char *type = attr(node, "type");
    if (c->type && (!type || strcasecmp(type, c->type))) return;
    const GumboVector *kids = &node->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        const GumboNode *k = kids->data[i];
        if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_WHITESPACE || k->type == GUMBO_NODE_CDATA)
            nb_buf_adds(c->out, k->v.text.text);
    }
    nb_buf_add(c->out, "", 1);
    c->count++;
}

const char *nb_scraper_script_key(const char *scripts, size_t len, const char *key, const char *after)
{
    size_t n = strlen(key);
    const char *end = scripts + len;
    for (const char *p = after ? after : scripts; p < end;) {
        const char *hit = strstr(p, key);
        if (!hit) {
            p += strlen(p) + 1; /* the next script */
            continue;
        }
        p = hit + n;
        if (hit > scripts && (isalnum((unsigned char)hit[-1]) || hit[-1] == '_')) continue;
        const char *q = p;
        if (*q == '"' || *q == '\'') q++;
        while (isspace((unsigned char)*q)) q++;
        if (*q != ':' && *q != '=') continue;
        q++;
        while (isspace((unsigned char)*q)) q++;
        return q;
    }
    return NULL;
}

int nb_scraper_scripts(const char *html, size_t len, const char *type, nb_buf *out)
{
    GumboOutput *doc = gumbo_parse_with_options(&kGumboDefaultOptions, html, len);
    if (!doc) return 0;
    scripts_ctx c = {.type = type, .out = out};
    walk(doc->root, on_script, &c);
    gumbo_destroy_output(&kGumboDefaultOptions, doc);
    return c.count;
}
