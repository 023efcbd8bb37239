/* hanweb: the adapter for 大汉 Hanweb JCMS portals (see scraper.h).
 *
 * A Hanweb column page (col/col<ID>/index.html) ships its first records inside the page
 * as data, not as markup:
 *   <div id="4407"><script type="text/xml"><datastore>
 *     <nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&...">]]></nextgroup>
 *     <recordset><record><![CDATA[<li><a href="/art/2024/1/22/art_1229_1.html" title="…">…</a>
 *     </li>]]></record>…</recordset></datastore></script></div>
 * and a jpage script holds the rest: the record count and page size
 * ($('#4407').jpage({totalRecord:120, perPage:15, groupSize:3, proxyUrl:'…'})) and the
 * form fields (var param_4407 = {col:1, webid:1, columnid:1229, unitid:4407, …}).
 * jpage then POSTs those fields to /module/web/jpage/dataproxy.jsp?startrecord=S&
 * endrecord=E&perpage=P and gets a datastore document back, a group of pages at a time.
 * The adapter asks for every group at once from the column page (the count is known),
 * so they come in parallel within the fetcher's limits.
 *
 * Some sites page the proxy by page number instead: the column page's own script builds
 * …/dataproxy.jsp?page=N&perpage=P (a `page=` or `page:` key in the script that names the
 * proxy, where the record form says `startrecord`). The adapter reads which form the
 * script uses, never guesses from the site. In the page form it asks for the pages the column page does not
 * hold; when neither the script nor the inline datastore says how many records there are,
 * it asks for one page, and that answer's <totalrecord> tells the rest (asked at once).
 * Without any count it goes on page by page while pages come back full. Either way it
 * stops at <totalrecord>: a site that answers pages past the end with the last page
 * again is not walked to max_listing_pages.
 *
 * The datastore is XML and is read with libxml2 (recovering from what real portals get
 * wrong, never loading anything from the network); each record is an HTML fragment read
 * by links.c, so attribute order and markup inside records do not matter. Without
 * param_ fields, the query of the datastore's <nextgroup> link gives the same fields. A
 * page without a datastore is read for its ordinary links. */
#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/url.h"
#include "pipeline/read/pagemeta.h"
#include "scrapers/scraper.h"

#define DEFAULT_PROXY "/module/web/jpage/dataproxy.jsp"
enum { DEFAULT_PER_PAGE = 15, DEFAULT_GROUP = 3, MAX_REQUESTS = 1000 };

#ifndef XML_PARSE_IGNORE_ENC
#define XML_PARSE_IGNORE_ENC 0
#endif

typedef struct {
    nb_buf fragments; /* the records' HTML, one after the other */
    int records;
    long total;       /* <totalrecord>, -1 if absent */
    nb_buf nextgroup; /* the <nextgroup> markup, "" if absent */
} datastore;

static void datastore_free(datastore *d)
{
    nb_buf_free(&d->fragments);
    nb_buf_free(&d->nextgroup);
}

static void collect(xmlNode *node, datastore *d)
{
    for (xmlNode *n = node; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        const char *name = (const char *)n->name;
        if (!strcasecmp(name, "record") || !strcasecmp(name, "totalrecord") || !strcasecmp(name, "nextgroup")) {
            xmlChar *content = xmlNodeGetContent(n);
            const char *text = content ? (const char *)content : "";
            if (!strcasecmp(name, "record")) {
                nb_buf_adds(&d->fragments, text);
                nb_buf_addc(&d->fragments, '\n');
                d->records++;
            } else if (!strcasecmp(name, "totalrecord")) {
                char *end;
                long v = strtol(text, &end, 10);
                if (end != text && v >= 0) d->total = v;
            } else if (!d->nextgroup.len) {
                nb_buf_adds(&d->nextgroup, text);
            }
            xmlFree(content);
            continue;
        }
        collect(n->children, d);
    }
}

/* Reads a <datastore> document (UTF-8). Returns 0, or -1 when the text is not one. */
static int read_datastore(const char *xml, size_t len, datastore *d, nb_buf *err)
{
    memset(d, 0, sizeof *d);
    d->total = -1;
    if (len > INT_MAX) {
        nb_buf_adds(err, "datastore too large");
        return -1;
    }
    xmlInitParser();
    xmlDoc *doc = xmlReadMemory(xml, (int)len, "datastore.xml", "UTF-8",
                                XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                    XML_PARSE_IGNORE_ENC);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || strcasecmp((const char *)root->name, "datastore")) {
        nb_buf_adds(err, "not a Hanweb datastore (no <datastore> element)");
        if (doc) xmlFreeDoc(doc);
        return -1;
    }
    collect(root->children, d);
    xmlFreeDoc(doc);
    return 0;
}

/* --- the jpage script --- */

static const char *skip_space(const char *p)
{
    while (*p && isspace((unsigned char)*p)) p++;
    return p;
}

/* A JavaScript literal or name at p: a quoted string (quotes dropped), a number, or a
 * word. Returns the end, or NULL. */
static const char *read_value(const char *p, nb_buf *out)
{
    nb_buf_clear(out);
    p = skip_space(p);
    if (*p == '"' || *p == '\'') {
        char q = *p++;
        while (*p && *p != q) {
            if (*p == '\\' && p[1]) p++;
            nb_buf_addc(out, *p++);
        }
        return *p == q ? p + 1 : NULL;
    }
    const char *start = p;
    while (*p && (isalnum((unsigned char)*p) || *p == '_' || *p == '$' || *p == '.' || *p == '-')) p++;
    if (p == start) return NULL;
    nb_buf_add(out, start, (size_t)(p - start));
    return p;
}

static void form_escape(nb_buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *u = (const unsigned char *)s; *u; u++) {
        if (isalnum(*u) || strchr("-_.*", *u)) nb_buf_addc(out, (char)*u);
        else if (*u == ' ') nb_buf_addc(out, '+');
        else nb_buf_addc(out, '%'), nb_buf_addc(out, hex[*u >> 4]), nb_buf_addc(out, hex[*u & 15]);
    }
}

/* The fields of the first `param_<id> = {k: v, ...}` object in the scripts, as a form
 * body. Returns 1 if found. */
static int param_fields(const char *scripts, size_t len, nb_buf *form)
{
    nb_buf key = NB_BUF_INIT, value = NB_BUF_INIT;
    int found = 0;
    for (const char *p = scripts; p < scripts + len && !found;) {
        const char *hit = strstr(p, "param_");
        if (!hit) {
            p += strlen(p) + 1;
            continue;
        }
        const char *q = hit + 6;
        while (isalnum((unsigned char)*q) || *q == '_') q++;
        q = skip_space(q);
        p = q;
        if (*q != '=') continue;
        q = skip_space(q + 1);
        if (*q != '{') continue;
        q++;
        nb_buf_clear(form);
        int ok = 1;
        for (;;) {
            q = skip_space(q);
            if (*q == '}') break;
            if (!(q = read_value(q, &key))) { ok = 0; break; }
            q = skip_space(q);
            if (*q != ':') { ok = 0; break; }
            if (!(q = read_value(q + 1, &value))) { ok = 0; break; }
            if (form->len) nb_buf_addc(form, '&');
            form_escape(form, key.data);
            nb_buf_addc(form, '=');
            form_escape(form, value.data);
            q = skip_space(q);
            if (*q == ',') q++;
            else if (*q != '}') { ok = 0; break; }
        }
        found = ok && form->len;
    }
    nb_buf_free(&key);
    nb_buf_free(&value);
    return found;
}

/* The value given to option `name` (name: value, or name = value) in the scripts, as
 * text; "" if none. */
static void option(const char *scripts, size_t len, const char *name, nb_buf *out)
{
    nb_buf_clear(out);
    for (const char *q = NULL; (q = nb_scraper_script_key(scripts, len, name, q));) {
        if (read_value(q, out) && out->len) return;
        nb_buf_clear(out);
    }
}

static long option_number(const char *scripts, size_t len, const char *name, long fallback)
{
    nb_buf v = NB_BUF_INIT;
    option(scripts, len, name, &v);
    char *end;
    long n = v.len ? strtol(v.data, &end, 10) : -1;
    if (!v.len || *end || n < 0) n = fallback;
    nb_buf_free(&v);
    return n;
}

/* Without param_ fields: the query of the <nextgroup> link, its paging keys dropped. */
static int nextgroup_fields(const char *nextgroup, nb_buf *form)
{
    const char *href = strstr(nextgroup, "href=");
    if (!href) return 0;
    href += 5;
    char q = (*href == '"' || *href == '\'') ? *href++ : 0;
    const char *query = strchr(href, '?');
    if (!query) return 0;
    query++;
    nb_buf_clear(form);
    for (const char *p = query; *p && *p != q && !(q == 0 && isspace((unsigned char)*p));) {
        size_t n = strcspn(p, q ? (q == '"' ? "&\"" : "&'") : "& \t\r\n>");
        static const char *const paging[] = {"page=", "startrecord=", "endrecord=", "perpage="};
        int skip = 0;
        for (size_t i = 0; i < 4; i++)
            if (!strncmp(p, paging[i], strlen(paging[i]))) skip = 1;
        if (!skip && n) {
            if (form->len) nb_buf_addc(form, '&');
            nb_buf_add(form, p, n);
        }
        p += n;
        if (*p == '&') p++;
        else break;
    }
    return form->len > 0;
}

/* How the column's data proxy is paged: by record range (jpage's own form) or by page
 * number (a site's own script). */
typedef enum { BY_RECORDS, BY_PAGE } paging;

/* The form the scripts that ask the proxy use (those naming dataproxy; datastores left
 * out: their <nextgroup> link always says page=1, and a page's other scripts may well
 * have a `page` of their own). */
static paging paging_of(const char *scripts, size_t len)
{
    int records = 0, pages = 0;
    for (const char *p = scripts; p < scripts + len; p += strlen(p) + 1) {
        if (strstr(p, "<datastore") || !strstr(p, "dataproxy")) continue;
        records |= strstr(p, "startrecord") != NULL;
        pages |= nb_scraper_script_key(p, strlen(p), "page", NULL) != NULL;
    }
    return pages && !records ? BY_PAGE : BY_RECORDS;
}

/* The proxy URL without its paging keys (a proxyUrl may carry page=1 of its own). */
static void without_paging(const char *url, nb_buf *out)
{
    nb_buf_clear(out);
    size_t q = strcspn(url, "?#");
    nb_buf_add(out, url, q);
    if (url[q] != '?') return;
    int first = 1;
    for (const char *p = url + q + 1; *p && *p != '#';) {
        size_t n = strcspn(p, "&#");
        if (n && strncmp(p, "page=", 5) && strncmp(p, "perpage=", 8)) {
            nb_buf_addc(out, first ? '?' : '&');
            nb_buf_add(out, p, n);
            first = 0;
        }
        p += n;
        if (*p == '&') p++;
    }
}

/* Asks for pages first..last of the proxy in the page form. */
static void ask_pages(nb_scraper_listing *out, const char *base_url, const char *proxy_url, long first, long last,
                      long per_page, const char *form)
{
    nb_buf url = NB_BUF_INIT, abs = NB_BUF_INIT, why = NB_BUF_INIT, proxy = NB_BUF_INIT;
    without_paging(proxy_url, &proxy);
    for (long k = first; k <= last && k - first < MAX_REQUESTS; k++) {
        nb_buf_clear(&url);
        nb_buf_clear(&abs);
        nb_buf_printf(&url, "%s%cpage=%ld&perpage=%ld", proxy.data, strchr(proxy.data, '?') ? '&' : '?', k, per_page);
        if (nb_url_resolve(base_url, url.data, &abs, &why) == 0)
            nb_scraper_add_request(out, abs.data, form, NB_SCRAPER_XML);
    }
    nb_buf_free(&url);
    nb_buf_free(&abs);
    nb_buf_free(&why);
    nb_buf_free(&proxy);
}

static int hanweb_recognise(const char *html, size_t len, const char *page_url)
{
    (void)page_url;
    nb_buf xml = NB_BUF_INIT;
    int found = 0;
    if (nb_scraper_scripts(html, len, "text/xml", &xml))
        for (const char *p = xml.data; p < xml.data + xml.len && !found; p += strlen(p) + 1)
            found = strstr(p, "<datastore") != NULL;
    nb_buf_free(&xml);
    return found;
}

static int hanweb_listing(const char *html, size_t len, const char *page_url, nb_scraper_listing *out, nb_buf *err)
{
    nb_buf xml = NB_BUF_INIT, scripts = NB_BUF_INIT, form = NB_BUF_INIT, proxy = NB_BUF_INIT, url = NB_BUF_INIT,
           why = NB_BUF_INIT;
    int rc = 0, stores = 0, records = 0;
    long total = -1;
    nb_buf nextgroup = NB_BUF_INIT;
    nb_scraper_scripts(html, len, "text/xml", &xml);
    for (const char *p = xml.data; p && p < xml.data + xml.len; p += strlen(p) + 1) {
        const char *start = strstr(p, "<datastore");
        if (!start) continue;
        datastore d;
        nb_buf_clear(&why);
        if (read_datastore(start, strlen(start), &d, &why) != 0) continue;
        stores++;
        records += d.records;
        if (d.total > total) total = d.total;
        if (!nextgroup.len) nb_buf_adds(&nextgroup, nb_buf_str(&d.nextgroup));
        if (d.fragments.len && nb_scraper_links(d.fragments.data, d.fragments.len, page_url, out, NULL, NULL, err))
            rc = -1;
        datastore_free(&d);
    }
    if (!stores) {
        rc = nb_scraper_links(html, len, page_url, out, NULL, NULL, err);
        goto out;
    }
    nb_scraper_scripts(html, len, NULL, &scripts);
    total = option_number(scripts.data, scripts.len, "totalRecord", total);
    long per_page = option_number(scripts.data, scripts.len, "perPage", DEFAULT_PER_PAGE);
    long group = option_number(scripts.data, scripts.len, "groupSize", DEFAULT_GROUP);
    if (per_page < 1 || per_page > 10000) per_page = DEFAULT_PER_PAGE;
    if (group < 1 || group > 100) group = DEFAULT_GROUP;
    option(scripts.data, scripts.len, "proxyUrl", &proxy);
    if (!proxy.len) nb_buf_adds(&proxy, DEFAULT_PROXY);
    int have_form = param_fields(scripts.data, scripts.len, &form) || nextgroup_fields(nb_buf_str(&nextgroup), &form);
    if (have_form && paging_of(scripts.data, scripts.len) == BY_PAGE) {
        /* the pages the column page holds are those its records fill */
        long first = records / per_page + 1, last = total < 0 ? first : (total + per_page - 1) / per_page;
        if (total < 0 || total > records) ask_pages(out, page_url, proxy.data, first, last, per_page, form.data);
    } else if (total > records && have_form) {
        long step = per_page * group;
        int asked = 0;
        for (long start = records + 1; start <= total && asked < MAX_REQUESTS; start += step, asked++) {
            long end = start + step - 1 < total ? start + step - 1 : total;
            nb_buf_clear(&url);
            nb_buf_printf(&url, "%s%cstartrecord=%ld&endrecord=%ld&perpage=%ld", proxy.data,
                          strchr(proxy.data, '?') ? '&' : '?', start, end, per_page);
            nb_buf abs = NB_BUF_INIT;
            nb_buf_clear(&why);
            if (nb_url_resolve(page_url, url.data, &abs, &why) == 0)
                nb_scraper_add_request(out, abs.data, form.data, NB_SCRAPER_XML);
            nb_buf_free(&abs);
        }
    }
out:
    nb_buf_free(&xml);
    nb_buf_free(&scripts);
    nb_buf_free(&form);
    nb_buf_free(&proxy);
    nb_buf_free(&url);
    nb_buf_free(&why);
    nb_buf_free(&nextgroup);
    return rc;
}

static int hanweb_data(const nb_scraper_request *req, const char *text, size_t len, nb_scraper_listing *out,
                       nb_buf *err)
{
    const char *start = strstr(text, "<datastore");
    datastore d;
    nb_buf why = NB_BUF_INIT;
    if (!start || read_datastore(start, len - (size_t)(start - text), &d, &why) != 0) {
        nb_buf_printf(err, "the data proxy's answer is not a Hanweb datastore");
        nb_buf_free(&why);
        return -1;
    }
    nb_buf_free(&why);
    int rc = 0;
    if (d.fragments.len && nb_scraper_links(d.fragments.data, d.fragments.len, req->url, out, NULL, NULL, err) != 0)
        rc = -1;
    /* The page form: this answer tells how many pages there are, or (no count) whether
     * there is another one. The record form asked for everything from the column page. */
    long page = nb_scraper_query_number(req->url, "page"), per_page = nb_scraper_query_number(req->url, "perpage");
    if (rc == 0 && page >= 1 && per_page >= 1) {
        if (d.total >= 0) {
            long last = (d.total + per_page - 1) / per_page;
            if (last > page) ask_pages(out, req->url, req->url, page + 1, last, per_page, req->post);
        } else if (d.records >= per_page) {
            ask_pages(out, req->url, req->url, page + 1, page + 1, per_page, req->post);
        }
    }
    datastore_free(&d);
    return rc;
}

const nb_scraper nb_scraper_hanweb = {
    .name = "hanweb",
    .recognise = hanweb_recognise,
    .listing = hanweb_listing,
    .data = hanweb_data,
    .meta = nb_pagemeta_read,
};
