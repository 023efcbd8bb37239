/* gkmlpt: the adapter for Guangdong's 政府信息公开目录 platform (see scraper.h).
 *
 * Every county, town and bureau site of the province carries the same catalogue under
 * <site>/gkmlpt/. Its pages are drawn by JavaScript; the list itself comes from a JSON
 * API: GET <site>/gkmlpt/api/all/<category>?page=N&sid=<SID> answers
 *   {"total": 123, "articles": [{"id": …, "title": "…", "url": "http://…/post_1.html",
 *                                "create_time": 1580000000, "publisher": "…"}, …]}
 * The site id SID is in the index page's script (window._CONFIG = {SID: '755031', …});
 * the category is the number after # in the catalogue URL a browser shows
 * (…/gkmlpt/index#2590). Without one, the category is looked up in the catalogue's
 * tree, which the same script carries as JSON:
 *   TREE: [{"id": 2584, "name": "年度报告", "jump_url": "", "children": [
 *            {"id": 2590, "name": "政府信息公开年报", "children": []}, …]}, …]
 * The 年报 category is the one whose name says 年报 or 年度报告 (and not 解读), best
 * one that also says 政府信息公开 and has no sub-categories, the first such in the
 * tree's order; a category that only links elsewhere (jump_url) is passed over. With no
 * tree, or no such name in it, the whole catalogue (category 0) is listed: its titles
 * still tell reports from the rest. The listing's note says which category was chosen
 * and how, for discover to show.
 * From the index page the adapter asks for page 1; page 1 tells the total and the page
 * size, and all other pages are asked for at once.
 *
 * The JSON is read with jansson (a small, well-kept parser: JSON has enough corners, such
 * as escapes, surrogates and nesting, that hand-written readers get wrong). */
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pipeline/read/pagemeta.h"
#include "scrapers/scraper.h"

enum { MAX_PAGES = 1000 };

/* The SID the index page's script gives (SID: '755031', "SID":"755031", SID = 755031),
 * into sid; 1 if found. */
static int find_sid(const char *scripts, size_t len, char *sid, size_t cap)
{
    for (const char *q = NULL; (q = nb_scraper_script_key(scripts, len, "SID", q));) {
        if (*q == '"' || *q == '\'') q++;
        size_t n = 0;
        while ((isalnum((unsigned char)q[n]) || q[n] == '_' || q[n] == '-') && n + 1 < cap) n++;
        if (!n) continue;
        memcpy(sid, q, n);
        sid[n] = '\0';
        return 1;
    }
    return 0;
}

/* The part of url before "/gkmlpt/" (the site), or 0 if it has none. */
static size_t site_length(const char *url)
{
    const char *g = strstr(url, "/gkmlpt/");
    size_t query = strcspn(url, "?#");
    return g && (size_t)(g - url) < query ? (size_t)(g - url) : 0;
}

static int gkmlpt_recognise(const char *html, size_t len, const char *page_url)
{
    if (!site_length(page_url)) return 0;
    nb_buf scripts = NB_BUF_INIT;
    char sid[64];
    int found = nb_scraper_scripts(html, len, NULL, &scripts) && find_sid(scripts.data, scripts.len, sid, sizeof sid);
    nb_buf_free(&scripts);
    return found;
}

/* The API URL of one page of a category. */
static void api_url(nb_buf *out, const char *site, size_t site_len, long category, long page, const char *sid)
{
    nb_buf_clear(out);
    nb_buf_printf(out, "%.*s/gkmlpt/api/all/%ld?page=%ld&sid=%s", (int)site_len, site, category, page, sid);
}

static const char *string_of(json_t *obj, const char *key);

/* --- the category tree --- */

/* The JSON array given to TREE in the scripts (TREE: [...], "TREE":[...]), into out
 * (a copy, for jansson). Returns 1 if found. */
static int find_tree(const char *scripts, size_t len, nb_buf *out)
{
    for (const char *q = NULL; (q = nb_scraper_script_key(scripts, len, "TREE", q));) {
        if (*q != '[') continue;
        /* to the matching bracket, strings skipped */
        int depth = 0;
        char quote = 0;
        const char *e = q;
        for (; *e; e++) {
            if (quote) {
                if (*e == '\\' && e[1]) e++;
                else if (*e == quote) quote = 0;
            } else if (*e == '"' || *e == '\'') {
                quote = *e;
            } else if (*e == '[' || *e == '{') {
                depth++;
            } else if ((*e == ']' || *e == '}') && --depth == 0) {
                break;
            }
        }
        if (!*e) return 0;
        nb_buf_clear(out);
        nb_buf_add(out, q, (size_t)(e - q) + 1);
        return 1;
    }
    return 0;
}

static long id_of(json_t *node)
{
    json_t *id = json_object_get(node, "id");
    if (json_is_integer(id)) return (long)json_integer_value(id);
    if (json_is_string(id)) {
        char *end;
        long v = strtol(json_string_value(id), &end, 10);
        if (end != json_string_value(id) && !*end) return v;
    }
    return -1;
}

/* The best 年报 category under nodes (see the top of this file): its node and score. */
static void best_category(json_t *nodes, int depth, json_t **best, int *best_score)
{
    if (!json_is_array(nodes) || depth > 32) return;
    for (size_t i = 0; i < json_array_size(nodes); i++) {
        json_t *n = json_array_get(nodes, i);
        if (!json_is_object(n)) continue;
        const char *name = string_of(n, "name");
        const char *jump = string_of(n, "jump_url");
        json_t *children = json_object_get(n, "children");
        int leaf = !json_is_array(children) || !json_array_size(children);
        if (name && (!jump || !*jump) && id_of(n) >= 0 && (strstr(name, "年报") || strstr(name, "年度报告")) &&
            !strstr(name, "解读")) {
            int score = 1 + 2 * (strstr(name, "政府信息公开") != NULL) + leaf;
            if (score > *best_score) *best = n, *best_score = score;
        }
        best_category(children, depth + 1, best, best_score);
    }
}

/* The 年报 category from the index page's tree, with a note on the listing saying
 * how it was chosen; 0 (the whole catalogue) when there is none. */
static long category_from_tree(const char *scripts, size_t len, nb_scraper_listing *out)
{
    nb_buf text = NB_BUF_INIT;
    if (!find_tree(scripts, len, &text)) {
        nb_buf_free(&text);
        nb_scraper_note(out,
                        "category 0 (the whole catalogue): no # in the URL and no category tree on the index page");
        return 0;
    }
    json_error_t jerr;
    json_t *tree = json_loadb(text.data, text.len, 0, &jerr);
    nb_buf_free(&text);
    json_t *best = NULL;
    int score = 0;
    best_category(tree, 0, &best, &score);
    long category = 0;
    if (!tree)
        nb_scraper_note(out, "category 0 (the whole catalogue): the index page's category tree is not JSON (%s)",
                        jerr.text);
    else if (!best)
        nb_scraper_note(out, "category 0 (the whole catalogue): no category in the index page's tree is named 年报 "
                             "or 年度报告");
    else {
        category = id_of(best);
        nb_scraper_note(out, "category %ld \"%s\", chosen from the index page's category tree by its name", category,
                        string_of(best, "name"));
    }
    json_decref(tree);
    return category;
}

static int gkmlpt_listing(const char *html, size_t len, const char *page_url, nb_scraper_listing *out, nb_buf *err)
{
    size_t site = site_length(page_url);
    nb_buf scripts = NB_BUF_INIT;
    char sid[64];
    int found = nb_scraper_scripts(html, len, NULL, &scripts) && find_sid(scripts.data, scripts.len, sid, sizeof sid);
    if (!site || !found) {
        /* not the catalogue's index: read it as any page */
        nb_buf_free(&scripts);
        return nb_scraper_links(html, len, page_url, out, NULL, NULL, err);
    }
    const char *hash = strchr(page_url, '#');
    long category = -1;
    if (hash) {
        char *end;
        long c = strtol(hash + 1, &end, 10);
        if (end != hash + 1 && !*end && c >= 0) category = c;
    }
    if (category >= 0) nb_scraper_note(out, "category %ld, from the URL (#%ld)", category, category);
    else category = category_from_tree(scripts.data, scripts.len, out);
    nb_buf_free(&scripts);
    nb_buf url = NB_BUF_INIT;
    api_url(&url, page_url, site, category, 1, sid);
    nb_scraper_add_request(out, url.data, NULL, NB_SCRAPER_JSON);
    nb_buf_free(&url);
    return 0;
}

static const char *string_of(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The day an article was published, as its record gives it: create_time in seconds (or
 * milliseconds) since 1970 — a day in China's time, UTC+8 — or a "2024-01-18 …" text. */
static void record_date(json_t *article, char date[11])
{
    date[0] = '\0';
    static const char *const keys[] = {"publish_time", "create_time"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys && !date[0]; i++) {
        json_t *v = json_object_get(article, keys[i]);
        if (json_is_string(v)) {
            nb_pagemeta_parse_date(json_string_value(v), date);
        } else if (json_is_integer(v) && json_integer_value(v) > 0) {
            long long t = json_integer_value(v);
            if (t > 100000000000LL) t /= 1000;
            time_t china = (time_t)(t + 8 * 3600);
            struct tm tm;
            char day[32];
            /* Through the text reader, so a create_time of year 292277026 (found by
             * fuzz_data) is no date, as the same year printed would be none. */
            if (gmtime_r(&china, &tm) && strftime(day, sizeof day, "%Y-%m-%d", &tm))
                nb_pagemeta_parse_date(day, date);
        }
    }
}

static int gkmlpt_data(const nb_scraper_request *req, const char *text, size_t len, nb_scraper_listing *out,
                       nb_buf *err)
{
    json_error_t jerr;
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK, &jerr);
    json_t *articles = json_is_object(root) ? json_object_get(root, "articles") : NULL;
    if (!json_is_array(articles)) {
        if (!root) nb_buf_printf(err, "the catalogue's API answered no JSON (%s, line %d)", jerr.text, jerr.line);
        else nb_buf_printf(err, "the catalogue's API answered JSON without \"articles\"");
        json_decref(root);
        return -1;
    }
    size_t count = json_array_size(articles);
    for (size_t i = 0; i < count; i++) {
        json_t *a = json_array_get(articles, i);
        if (!json_is_object(a)) continue;
        const char *url = string_of(a, "url");
        if (!url || !*url) url = string_of(a, "post_url");
        char date[11];
        record_date(a, date);
        nb_scraper_add_titled(out, req->url, url, string_of(a, "title"), date);
    }
    /* Page 1 leads to the others: total / page size pages in all. */
    json_t *t = json_object_get(root, "total");
    long long total = json_is_integer(t) ? json_integer_value(t) : json_is_string(t) ? atoll(json_string_value(t)) : 0;
    long page = nb_scraper_query_number(req->url, "page");
    size_t site = site_length(req->url);
    const char *sid = strstr(req->url, "sid=");
    char *category_end;
    const char *category_start = site ? req->url + site + strlen("/gkmlpt/api/all/") : NULL;
    long category = category_start && !strncmp(req->url + site, "/gkmlpt/api/all/", 16)
                        ? strtol(category_start, &category_end, 10)
                        : -1;
    if (page == 1 && count && total > (long long)count && sid && category >= 0) {
        long long pages = (total + (long long)count - 1) / (long long)count;
        if (pages > MAX_PAGES) pages = MAX_PAGES;
        char sid_value[64];
        size_t n = strcspn(sid + 4, "&#");
        snprintf(sid_value, sizeof sid_value, "%.*s", (int)(n < sizeof sid_value ? n : sizeof sid_value - 1), sid + 4);
        nb_buf url = NB_BUF_INIT;
        for (long k = 2; k <= pages; k++) {
            api_url(&url, req->url, site, category, k, sid_value);
            nb_scraper_add_request(out, url.data, NULL, NB_SCRAPER_JSON);
        }
        nb_buf_free(&url);
    }
    json_decref(root);
    return 0;
}

const nb_scraper nb_scraper_gkmlpt = {
    .name = "gkmlpt",
    .recognise = gkmlpt_recognise,
    .listing = gkmlpt_listing,
    .data = gkmlpt_data,
    .meta = nb_pagemeta_read,
};
