/* pagemeta: title, body, year and publish date of a page (see pagemeta.h).
 *
 * The sources are tried from the most to the least explicit: a CMS's <meta> tags say
 * exactly what they mean; a labelled date ("发布时间：") in the page comes next; a bare
 * date is only trusted right under the title, where portals print it. */
#include "pipeline/read/pagemeta.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/utf8.h"
#include "pipeline/title.h"

static const char *const title_metas[] = {"ArticleTitle", "Title", "og:title", "dc.title", NULL};
static const char *const date_metas[] = {"PubDate", "pubdate", "publishdate", "PublishDate",
                                         "firstpublishedtime", "article:published_time",
                                         "dc.date", "DC.Date.Created", NULL};
/* Labels that introduce the publish date; a date after any other label is not it. The
 * generic ones are only believed in short cells ("日期：2020-02-18"), not in narrative. */
static const struct {
    const char *label;
    size_t max_cell;
} date_labels[] = {{"发布时间", 200}, {"发布日期", 200}, {"公开日期", 200}, {"发文日期", 200},
                   {"发布于", 200}, {"日期", 60}, {"时间", 60}, {NULL, 0}};
static const char *const body_labels[] = {"来源", "发布机构", "发布单位", "信息来源", NULL};
/* Words that make a date another kind of date: 采集时间, 成文日期, 页面生成时间, 更新时间. */
static const char *const other_date_kinds[] = {"采集", "成文", "生成", "更新", NULL};

static int names_other_date_kind(const char *text)
{
    for (const char *const *k = other_date_kinds; *k; k++)
        if (strstr(text, *k)) return 1;
    return 0;
}

/* Skips the separator after a label: ASCII or full-width colons and spaces. */
static const char *skip_label_separator(const char *p)
{
    for (;;) {
        if (*p == ':' || *p == ' ') p++;
        else if (!strncmp(p, "：", 3) || !strncmp(p, "\xE3\x80\x80", 3)) p += 3;
        else return p;
    }
}

static int read_int(const char **p, int max_digits)
{
    int v = 0, n = 0;
    while (n < max_digits && **p >= '0' && **p <= '9') v = v * 10 + (*(*p)++ - '0'), n++;
    return n ? v : -1;
}

/* Accepts an ASCII separator or one of 年/月. */
static int skip_sep(const char **p, const char *cjk)
{
    if (**p == '-' || **p == '/' || **p == '.') {
        (*p)++;
        return 1;
    }
    if (cjk && !strncmp(*p, cjk, strlen(cjk))) {
        *p += strlen(cjk);
        return 1;
    }
    return 0;
}

size_t nb_pagemeta_parse_date(const char *text, char out[11])
{
    const char *p = text;
    int y = read_int(&p, 4);
    if (y < 1990 || y > 2100 || !skip_sep(&p, "年")) return 0;
    int m = read_int(&p, 2);
    if (m < 1 || m > 12 || !skip_sep(&p, "月")) return 0;
    int d = read_int(&p, 2);
    if (!nb_date_exists(y, m, d)) return 0; /* 2024-02-31 is a typo, not a date */
    if (!strncmp(p, "日", 3)) p += 3;
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return (size_t)(p - text);
}

/* The first date anywhere in text. */
static int find_date(const char *text, char out[11])
{
    for (const char *p = text; *p; p++)
        if (*p >= '1' && *p <= '2' && (p == text || p[-1] < '0' || p[-1] > '9') &&
            nb_pagemeta_parse_date(p, out))
            return 1;
    return 0;
}

/* "发布时间：2020-02-18" in one cell, or "发布时间" with the date in the next cell. */
static int labelled_date(const nb_doc *d, size_t from, size_t to, char out[11])
{
    for (size_t i = from; i < d->ncells && i < to; i++) {
        const char *text = d->cells[i].text;
        for (int k = 0; date_labels[k].label; k++) {
            const char *label = date_labels[k].label;
            const char *at = d->cells[i].len <= date_labels[k].max_cell ? strstr(text, label) : NULL;
            if (!at) continue;
            /* The label must not be part of another kind of date: 采集时间, 成文日期. */
            int other = 0;
            for (const char *const *k = other_date_kinds; *k && !other; k++)
                other = at - text >= (ptrdiff_t)strlen(*k) && !strncmp(at - strlen(*k), *k, strlen(*k));
            if (other) continue;
            const char *rest = skip_label_separator(at + strlen(label));
            if (nb_pagemeta_parse_date(rest, out)) return 1;
            if (*rest == '\0' && i + 1 < d->ncells && nb_pagemeta_parse_date(d->cells[i + 1].text, out)) return 1;
        }
    }
    return 0;
}

/* Copies text into a fixed field as one line: whitespace runs (newlines and tabs of a
 * <title> or <meta> included) become one space, ends trimmed, and a text too long is cut
 * between characters, never inside one (found by fuzz_extract: a 300-byte title was cut
 * mid-character, and its newlines reached the CSV). */
static void copy(char *dst, size_t cap, const char *src)
{
    size_t o = 0, len = src ? strlen(src) : 0;
    int space = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = nb_utf8_decode((const unsigned char *)src + i, len - i, &cp);
        if (nb_utf8_is_space(cp)) {
            space = o > 0;
        } else {
            size_t need = n + (space ? 1 : 0);
            if (o + need >= cap) break;
            if (space) dst[o++] = ' ', space = 0;
            memcpy(dst + o, src + i, n);
            o += n;
        }
        i += n;
    }
    if (cap) dst[o] = '\0';
}

void nb_pagemeta_read(const nb_doc *d, nb_report *r)
{
    /* The title: the CMS's own field, the <title>, or the first report-like text. */
    const char *candidates[3] = {nb_doc_meta(d, title_metas), d->title, NULL};
    size_t title_cell = d->ncells;
    for (size_t i = 0; i < d->ncells && i < 400; i++) {
        nb_title t;
        if (d->cells[i].len < 300 && nb_title_parse(d->cells[i].text, &t) && t.is_report && t.year) {
            candidates[2] = d->cells[i].text;
            title_cell = i;
            break;
        }
    }
    nb_title best = {0};
    for (int k = 0; k < 3; k++) {
        nb_title t;
        if (!candidates[k] || !nb_title_parse(candidates[k], &t)) continue;
        if (!r->title[0] || (t.is_report && !best.is_report)) {
            copy(r->title, sizeof r->title, candidates[k]);
            best = t;
        }
        if (best.is_report && best.year) break;
    }
    copy(r->township, sizeof r->township, best.township);
    copy(r->county, sizeof r->county, best.county);
    r->year = best.year;

    /* A title without the county ("平东镇2019年…"): the source line often names it
     * ("来源: 海丰县平东镇人民政府"). */
    if (!r->county[0]) {
        for (size_t i = 0; i < d->ncells && i < 400 && !r->county[0]; i++) {
            for (const char *const *l = body_labels; *l; l++) {
                const char *at = strstr(d->cells[i].text, *l);
                if (!at || d->cells[i].len > 200) continue;
                /* The body alone: "来源：海丰县平东镇人民政府　发布时间：…" */
                char body[192];
                const char *from = skip_label_separator(at + strlen(*l));
                size_t n = 0;
                while (from[n] && from[n] != ' ' && strncmp(from + n, "\xE3\x80\x80", 3) && n < sizeof body - 1) n++;
                n = nb_utf8_boundary(from, n);
                memcpy(body, from, n);
                body[n] = '\0';
                nb_title t;
                if (nb_title_parse_body(body, &t) && t.county[0] &&
                    (!r->township[0] || !strcmp(t.township, r->township))) {
                    copy(r->county, sizeof r->county, t.county);
                    break;
                }
            }
        }
    }

    const char *meta_date = nb_doc_meta(d, date_metas);
    if (meta_date && find_date(meta_date, r->publish_date)) return;
    /* Near the title first (a sidebar of other articles' dates is no publish date): the
     * title may stand several times (a crawler's header, the heading, an info table), so
     * near each of them; then a bare date right under one; then a labelled date
     * anywhere. A date with a weekday is the site's clock ("2025年12月30日 星期二"). */
    size_t titles[8], ntitles = 0;
    for (size_t i = title_cell; i < d->ncells && i < 2000 && ntitles < 8; i++) {
        nb_title t;
        if (d->cells[i].len < 300 && strstr(d->cells[i].text, "年") && nb_title_parse(d->cells[i].text, &t) &&
            t.is_report && t.year == r->year)
            titles[ntitles++] = i;
    }
    for (size_t k = 0; k < ntitles; k++)
        if (labelled_date(d, titles[k], titles[k] + 16, r->publish_date)) return;
    for (size_t k = 0; k < ntitles; k++)
        for (size_t i = titles[k] + 1; i < d->ncells && i <= titles[k] + 6; i++)
            if (d->cells[i].len < 40 && !names_other_date_kind(d->cells[i].text) && !strstr(d->cells[i].text, "星期") &&
                find_date(d->cells[i].text, r->publish_date))
                return;
    labelled_date(d, 0, d->ncells, r->publish_date);
}
