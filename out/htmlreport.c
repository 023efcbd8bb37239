/* htmlreport: report.html (see htmlreport.h). Plain HTML written into one buffer: the
 * page is small (tens of KB for a county), and a template engine would be one more
 * dependency for a dozen fixed sections. */
#include "out/htmlreport.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/atomicfile.h"
#include "base/utf8.h"

enum { MAX_CHANGES_LISTED = 300 };

/* ---- escaping ---- */

/* Text for an element or an attribute value: & < > " ' escaped, invalid UTF-8 and
 * control characters replaced. */
static void esc(nb_buf *o, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    for (size_t i = 0; i < len;) {
        size_t n = nb_utf8_sequence_length((const unsigned char *)s + i, len - i);
        unsigned char c = (unsigned char)s[i];
        if (!n) nb_buf_adds(o, "\xEF\xBF\xBD"), n = 1;
        else if (c == '&') nb_buf_adds(o, "&amp;");
        else if (c == '<') nb_buf_adds(o, "&lt;");
        else if (c == '>') nb_buf_adds(o, "&gt;");
        else if (c == '"') nb_buf_adds(o, "&quot;");
        else if (c == '\'') nb_buf_adds(o, "&#39;");
        else if (n == 1 && (c < 0x20 || c == 0x7F)) nb_buf_addc(o, ' ');
        else nb_buf_add(o, s + i, n);
        i += n;
    }
}

static int linkable(const char *url)
{
    return url && (!strncmp(url, "http://", 7) || !strncmp(url, "https://", 8) || !strncmp(url, "file://", 7));
}

/* <a href="url">text</a>, or the text alone when the URL is not one nianbao reads. */
static void link(nb_buf *o, const char *url, const char *text)
{
    if (!linkable(url)) {
        esc(o, text);
        return;
    }
    nb_buf_adds(o, "<a href=\"");
    esc(o, url);
    nb_buf_adds(o, "\">");
    esc(o, text);
    nb_buf_adds(o, "</a>");
}

static void number(nb_buf *o, double x)
{
    char s[64];
    nb_checks_format_number(x, s, sizeof s);
    nb_buf_adds(o, s);
}

/* ---- the figures charted ---- */

typedef struct {
    const char *name;     /* as the charts title it */
    nb_key key;           /* the township's figure (summary.h) */
    nb_table_id table;    /* the county's: the sum of these cells */
    const char *rows[2];  /* row keys, or a prefix ending in '_' (all rows starting so) */
    const char *col;
} figure;

static const figure figures[] = {
    {"本年新收申请", NB_KEY_RECEIVED, NB_T3, {"new_received", NULL}, "total"},
    {"予以公开", NB_KEY_GRANTED, NB_T3, {"res_granted", NULL}, "total"},
    {"不予公开", NB_KEY_DENIED, NB_T3, {"res_denied_", NULL}, "total"},
    {"行政复议", NB_KEY_REVIEWS, NB_T4, {"review", NULL}, "total"},
    {"行政诉讼", NB_KEY_SUITS_DIRECT, NB_T4, {"suit_direct", "suit_after_review"}, "total"},
    {"收费金额（万元）", NB_KEY_FEES, NB_T2, {"art20_8.admin_fees", NULL}, "fee_amount_wan"},
};
enum { NFIGURES = sizeof figures / sizeof *figures };

/* The county's figure for a year: the sum of its cells in the county table; 0 (not
 * known) when the year's layout has none of them (收费金额 in a 2019-format year). */
static int county_figure(const nb_county_year *y, const figure *fg, double *out)
{
    if (!y->tpl) return 0;
    double sum = 0;
    int found = 0;
    for (int k = 0; k < y->tpl->nrows; k++) {
        const nb_row *row = &y->tpl->rows[k];
        if (row->table != fg->table) continue;
        for (int i = 0; i < 2 && fg->rows[i]; i++) {
            size_t n = strlen(fg->rows[i]);
            int prefix = fg->rows[i][n - 1] == '_';
            if (prefix ? strncmp(row->key, fg->rows[i], n) : strcmp(row->key, fg->rows[i])) continue;
            const nb_cell_sum *c = nb_county_year_cell(y, fg->table, row->key, fg->col);
            if (c) sum += c->sum, found = 1;
        }
    }
    *out = sum;
    return found;
}

/* A township's figure (lawsuits: both kinds added). */
static int township_figure(const nb_summary *s, const figure *fg, double *out)
{
    if (!s) return 0;
    if (fg->key == NB_KEY_SUITS_DIRECT) {
        const nb_key_value *a = &s->keys[NB_KEY_SUITS_DIRECT], *b = &s->keys[NB_KEY_SUITS_AFTER_REVIEW];
        if (!a->ok && !b->ok) return 0;
        *out = (a->ok ? a->number : 0) + (b->ok ? b->number : 0);
        return 1;
    }
    if (!s->keys[fg->key].ok) return 0;
    *out = s->keys[fg->key].number;
    return 1;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ---- charts ---- */

typedef struct {
    int n;            /* years */
    int first_year;
    double *value;    /* per year */
    int *known;
    double *median;   /* per year, or NULL */
    int *median_known;
} series;

static void svg_polyline(nb_buf *o, const double *v, const int *known, int n, double x0, double dx, double y0,
                         double h, double max, const char *attrs)
{
    int open = 0;
    for (int i = 0; i <= n; i++) {
        if (i < n && known[i]) {
            double x = x0 + dx * i, y = y0 + h - (max > 0 ? v[i] / max * h : 0);
            if (!open) nb_buf_printf(o, "<polyline %s points=\"", attrs), open = 1;
            nb_buf_printf(o, "%.1f,%.1f ", x, y);
        } else if (open) {
            nb_buf_adds(o, "\"/>");
            open = 0;
        }
    }
}

/* A county chart: one line, a dot and its value per year, the years and how many
 * townships reported under the axis. */
static void trend_chart(nb_buf *o, const char *title, const series *s, const int *reporting, int townships)
{
    const double W = 300, H = 150, left = 12, right = 12, top = 26, bottom = 36;
    double max = 0;
    for (int i = 0; i < s->n; i++)
        if (s->known[i] && s->value[i] > max) max = s->value[i];
    double dx = s->n > 1 ? (W - left - right) / (s->n - 1) : 0, h = H - top - bottom;
    nb_buf_adds(o, "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 300 150\" "
                   "width=\"300\" height=\"150\"><title>");
    esc(o, title);
    nb_buf_adds(o, "</title>");
    nb_buf_printf(o, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" class=\"axis\"/>", left, top + h, W - right,
                  top + h);
    svg_polyline(o, s->value, s->known, s->n, left, dx, top, h, max, "class=\"line\"");
    for (int i = 0; i < s->n; i++) {
        double x = left + dx * i;
        nb_buf_printf(o, "<text x=\"%.1f\" y=\"%.0f\" class=\"year\">%d</text>", x, H - 20, s->first_year + i);
        nb_buf_printf(o, "<text x=\"%.1f\" y=\"%.0f\" class=\"count%s\">%d/%d</text>", x, H - 6,
                      reporting[i] < townships ? " short" : "", reporting[i], townships);
        if (!s->known[i]) continue;
        double y = top + h - (max > 0 ? s->value[i] / max * h : 0);
        nb_buf_printf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" class=\"dot\"/><text x=\"%.1f\" y=\"%.1f\" class=\"value\">",
                      x, y, x, y - 7);
        number(o, s->value[i]);
        nb_buf_adds(o, "</text>");
    }
    nb_buf_adds(o, "</svg><figcaption>");
    esc(o, title);
    nb_buf_adds(o, "</figcaption></figure>\n");
}

/* A township's sparkline: its figure per year, and the county median per year dashed. */
static void sparkline(nb_buf *o, const series *s)
{
    const double W = 120, H = 34, pad = 4;
    double max = 0;
    for (int i = 0; i < s->n; i++) {
        if (s->known[i] && s->value[i] > max) max = s->value[i];
        if (s->median_known[i] && s->median[i] > max) max = s->median[i];
    }
    double dx = s->n > 1 ? (W - 2 * pad) / (s->n - 1) : 0;
    nb_buf_adds(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"spark\" viewBox=\"0 0 120 34\" width=\"120\" height=\"34\">");
    svg_polyline(o, s->median, s->median_known, s->n, pad, dx, pad, H - 2 * pad, max, "class=\"median\"");
    svg_polyline(o, s->value, s->known, s->n, pad, dx, pad, H - 2 * pad, max, "class=\"line\"");
    for (int i = 0; i < s->n; i++)
        if (s->known[i])
            nb_buf_printf(o, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\" class=\"dot\"/>", pad + dx * i,
                          pad + (H - 2 * pad) - (max > 0 ? s->value[i] / max * (H - 2 * pad) : 0));
    nb_buf_adds(o, "</svg>");
}

/* ---- sections ---- */

static const char *const status_class[NB_STATUS_COUNT] = {"ok", "late", "image", "attachment", "unreadable",
                                                          "unknown", "missing"};

static void style(nb_buf *o)
{
    nb_buf_adds(o,
        "<style>\n"
        "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",\"PingFang SC\","
        "\"WenQuanYi Zen Hei\",sans-serif;color:#222;margin:24px auto;max-width:1180px;padding:0 16px;line-height:1.5;"
        "font-size:14px}\n"
        "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;border-bottom:2px solid #345;padding-bottom:3px;margin:28px 0 10px}"
        "h3{font-size:15px;margin:14px 0 4px}\n"
        ".sub{color:#555;margin:0}.note{color:#555;font-size:13px}\n"
        ".boxes{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}.box{border:1px solid #ccd;border-radius:4px;"
        "padding:8px 12px;min-width:150px}.box b{font-size:20px;display:block}\n"
        "table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #bbb;padding:3px 6px;text-align:left;"
        "vertical-align:top}th{background:#eef1f4}\n"
        "table.grid td{text-align:center;white-space:nowrap;min-width:64px}\n"
        "td.ok{background:#e3f4e3}td.late{background:#fde9c8}td.image,td.attachment{background:#dde9fb}"
        "td.unreadable{background:#f3d9f0}td.unknown{background:#eee}td.missing{background:#f8d4d4;font-weight:bold}\n"
        ".n{font-size:11px;margin-left:4px;padding:0 4px;border-radius:6px}.n.e{background:#c00;color:#fff}"
        ".n.w{background:#b35c00;color:#fff}\n"
        ".sev{display:inline-block;min-width:34px;text-align:center;border-radius:3px;font-size:12px;margin-right:6px;"
        "padding:0 3px}.sev.error{background:#c00;color:#fff}.sev.warning{background:#f0a030;color:#000}"
        ".sev.info{background:#ddd}\n"
        "ul.findings{list-style:none;padding-left:0;margin:4px 0}ul.findings li{margin:3px 0;padding:2px 0;"
        "border-bottom:1px dotted #ddd}li.ack{color:#888}li.ack .sev{background:#bbb;color:#fff}\n"
        "code{font-size:12px;background:#f3f3f3;padding:0 3px}\n"
        ".charts{display:flex;flex-wrap:wrap;gap:8px}figure.chart{margin:0;border:1px solid #dde;padding:4px}"
        "figcaption{text-align:center;font-size:13px}\n"
        "svg .axis{stroke:#999;stroke-width:1}svg .line{fill:none;stroke:#2a5d9f;stroke-width:2}"
        "svg .median{fill:none;stroke:#999;stroke-width:1.2;stroke-dasharray:3 2}svg .dot{fill:#2a5d9f}"
        "svg text{font-size:10px;text-anchor:middle;fill:#333}svg .value{font-weight:bold}svg .count{fill:#777}"
        "svg .count.short{fill:#c00}\n"
        "td.fig{white-space:nowrap}td.fig span{display:block;font-size:12px;color:#444}td.hi{background:#fde9c8}\n"
        "footer{margin-top:30px;color:#666;font-size:12px}\n"
        "@page{size:A4 landscape;margin:12mm}\n"
        "@media print{body{margin:0;max-width:none;font-size:11px}a{color:inherit;text-decoration:none}"
        "section{break-inside:auto}table.grid,figure,.township,tr{break-inside:avoid}h2,h3{break-after:avoid}"
        "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n"
        "</style>\n");
}

typedef struct {
    int reports, due, missing, unreadable;
    int by_severity[3], acknowledged;
} totals;

static void count_totals(const nb_county_view *v, totals *t)
{
    memset(t, 0, sizeof *t);
    for (int i = 0; i < v->nrows; i++) {
        t->due++;
        if (v->rows[i].summary) t->reports++;
        if (v->rows[i].status == NB_STATUS_MISSING) t->missing++;
        if (v->rows[i].status == NB_STATUS_UNREADABLE) t->unreadable++;
    }
    for (size_t i = 0; i < v->findings->n; i++) {
        const nb_finding *f = &v->findings->items[i];
        if (f->ack) t->acknowledged++;
        else t->by_severity[f->rule->severity]++;
    }
}

static void headline(nb_buf *o, const nb_county_view *v, const totals *t)
{
    const nb_check_scope *sc = nb_rollup_scope(v->ru);
    const char *code = nb_rollup_county_code(v->ru);
    nb_buf_adds(o, "<header><h1>");
    esc(o, sc->county);
    if (code[0]) nb_buf_adds(o, "（"), esc(o, code), nb_buf_adds(o, "）");
    nb_buf_adds(o, " 乡镇政府信息公开工作年度报告核查</h1>\n<p class=\"sub\">");
    nb_buf_printf(o, "%d—%d年度 · %d个乡镇 · 由 nianbao 根据各乡镇在门户网站发布的年报生成</p></header>\n", sc->year_from,
                  sc->year_to, sc->ntownships);
    nb_buf_adds(o, "<div class=\"boxes\">");
    nb_buf_printf(o, "<div class=\"box\" id=\"box-reports\">读到的年报<b>%d / %d</b>缺失 %d，无法读取 %d</div>", t->reports,
                  t->due, t->missing, t->unreadable);
    nb_buf_printf(o, "<div class=\"box\" id=\"box-findings\">待处理的异常<b>%d 错误 · %d 警告</b>提示 %d，已确认 %d</div>",
                  t->by_severity[NB_SEV_ERROR], t->by_severity[NB_SEV_WARNING], t->by_severity[NB_SEV_INFO],
                  t->acknowledged);
    nb_change_counts k;
    nb_changes_count(v->changes, &k);
    nb_buf_printf(o, "<div class=\"box\" id=\"box-changes\">本次变化<b>%d 份新年报 · %d 份修改</b>新增错误 %d，新增警告 %d，"
                     "已消除 %d</div>",
                  k.new_reports, k.revised, k.new_errors, k.new_warnings, k.resolved);
    nb_buf_adds(o, "</div>\n");
}

static void changes_section(nb_buf *o, const nb_county_view *v)
{
    nb_buf_adds(o, "<section id=\"changes\"><h2>本次变化</h2>\n");
    if (!v->had_previous) {
        /* everything is new: the sections below list it, and changes.csv item by item */
        nb_change_counts k;
        nb_changes_count(v->changes, &k);
        nb_buf_printf(o, "<p>这是第一次运行：读到 %d 份年报，发现 %d 项错误、%d 项警告，均列于下文；"
                         "逐项清单见 changes.csv。以后每次运行，这里列出与上一次相比的变化。</p></section>\n",
                      k.new_reports, k.new_errors, k.new_warnings);
        return;
    }
    if (!v->changes->n) {
        nb_buf_adds(o, "<p>与上次运行相比没有变化。</p></section>\n");
        return;
    }
    static const char *const kinds[] = {"新收到年报", "状态变化", "数字修改", "新增异常", "异常消除"};
    nb_buf_adds(o, "<table><thead><tr><th>变化</th><th>乡镇</th><th>年度</th><th>内容</th><th>来源</th></tr></thead>"
                   "<tbody>\n");
    size_t shown = v->changes->n < MAX_CHANGES_LISTED ? v->changes->n : MAX_CHANGES_LISTED;
    for (size_t i = 0; i < shown; i++) {
        const nb_change *c = &v->changes->items[i];
        nb_buf_printf(o, "<tr class=\"change %s\"><td>%s</td><td>", nb_change_kind_name(c->kind), kinds[c->kind]);
        esc(o, c->f.township);
        nb_buf_printf(o, "</td><td>%d</td><td>", c->f.year);
        if (c->f.rule) nb_buf_printf(o, "<span class=\"sev %s\">%s</span>", nb_severity_name(c->f.rule->severity),
                                     nb_severity_zh(c->f.rule->severity));
        if (c->kind == NB_CHANGE_REVISED) {
            char cell[200];
            nb_finding_cell(&c->f, cell, sizeof cell);
            nb_buf_adds(o, "<code>");
            esc(o, cell);
            nb_buf_adds(o, "</code> ");
            esc(o, c->old_value);
            nb_buf_adds(o, " → ");
            esc(o, c->new_value);
            nb_buf_adds(o, "：");
        }
        esc(o, c->f.message);
        nb_buf_adds(o, "</td><td>");
        link(o, c->f.source_url, "原文");
        nb_buf_adds(o, "</td></tr>\n");
    }
    nb_buf_adds(o, "</tbody></table>\n");
    if (shown < v->changes->n)
        nb_buf_printf(o, "<p class=\"note\">另有 %zu 项变化未列出，见 changes.csv。</p>\n", v->changes->n - shown);
    nb_buf_adds(o, "</section>\n");
}

static void coverage_section(nb_buf *o, const nb_county_view *v)
{
    const nb_check_scope *sc = nb_rollup_scope(v->ru);
    nb_buf_adds(o, "<section id=\"coverage\"><h2>年报覆盖情况</h2>\n<table class=\"grid\"><tr><th>乡镇</th>");
    for (int y = sc->year_from; y <= sc->year_to; y++) nb_buf_printf(o, "<th>%d年度</th>", y);
    nb_buf_adds(o, "</tr>\n");
    for (int i = 0; i < v->nrows; i++) {
        const nb_overview_row *r = &v->rows[i];
        if (r->year == sc->year_from) {
            nb_buf_adds(o, "<tr><th>");
            esc(o, r->township);
            nb_buf_adds(o, "</th>");
        }
        nb_buf_printf(o, "<td class=\"%s\" title=\"", status_class[r->status]);
        esc(o, r->township);
        nb_buf_printf(o, "%d年度：%s\">", r->year, nb_status_zh(r->status));
        link(o, r->source_url, nb_status_zh(r->status));
        if (r->errors) nb_buf_printf(o, "<span class=\"n e\" title=\"错误\">%d</span>", r->errors);
        if (r->warnings) nb_buf_printf(o, "<span class=\"n w\" title=\"警告\">%d</span>", r->warnings);
        nb_buf_adds(o, "</td>");
        if (r->year == sc->year_to) nb_buf_adds(o, "</tr>\n");
    }
    nb_buf_printf(o, "</table>\n<p class=\"note\">按时：在次年%d月%d日前发布（未找到发布日期的也计为按时，见提示L2）；"
                     "逾期：晚于该期限；仅图片、仅附件：表格只以图片或附件（PDF、Word）发布，数字由图片识别或从附件读出；"
                     "无法读取：找到了年报，但未能下载或读不出表格；未知：今晚未能读全年报栏目，不知是否发布；缺失：没有找到年报。格中红色数字为待处理的错误数，橙色为警告数。"
                     "点击状态打开原文。</p></section>\n",
                  sc->deadline_month, sc->deadline_day);
}

/* The findings of each township, in their order (severity first): v->findings grouped
 * once, so that a county of thousands of townships and findings is not walked per
 * township. */
typedef struct {
    const nb_finding **items; /* by township, then as in v->findings */
    size_t n;
} by_township;

static int compare_by_township(const void *pa, const void *pb)
{
    const nb_finding *a = *(const nb_finding *const *)pa, *b = *(const nb_finding *const *)pb;
    int c = strcmp(a->township, b->township);
    return c ? c : (a > b) - (a < b); /* the array's order: severity first */
}

static void group_findings(const nb_county_view *v, by_township *g)
{
    g->n = v->findings->n;
    g->items = nb_xmalloc(sizeof *g->items * (g->n ? g->n : 1));
    for (size_t i = 0; i < g->n; i++) g->items[i] = &v->findings->items[i];
    qsort(g->items, g->n, sizeof *g->items, compare_by_township);
}

/* The findings of one township: [*first, *end). */
static void township_range(const by_township *g, const char *township, size_t *first, size_t *end)
{
    size_t lo = 0, hi = g->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(g->items[mid]->township, township) < 0) lo = mid + 1;
        else hi = mid;
    }
    *first = *end = lo;
    while (*end < g->n && !strcmp(g->items[*end]->township, township)) (*end)++;
}

static void finding_item(nb_buf *o, const nb_county_view *v, const nb_finding *f)
{
    nb_buf_printf(o, "<li class=\"%s%s\"><span class=\"sev %s\">%s</span>%d年度 · %s", nb_severity_name(f->rule->severity),
                  f->ack ? " ack" : "", nb_severity_name(f->rule->severity), nb_severity_zh(f->rule->severity), f->year,
                  f->rule->id);
    char cell[200];
    nb_finding_cell(f, cell, sizeof cell);
    if (cell[0]) nb_buf_adds(o, " · <code>"), esc(o, cell), nb_buf_adds(o, "</code>");
    nb_buf_adds(o, "：");
    esc(o, f->message);
    if (f->source_url[0]) nb_buf_adds(o, " "), link(o, f->source_url, "原文");
    const nb_ack *a = nb_acks_of(v->acks, f);
    if (f->ack) {
        nb_buf_adds(o, " <span class=\"acked\">（已确认");
        if (a && a->note[0]) nb_buf_adds(o, "：") , esc(o, a->note);
        if (a && (a->who[0] || a->date[0])) {
            nb_buf_adds(o, "，");
            esc(o, a->who);
            if (a->who[0] && a->date[0]) nb_buf_adds(o, " ");
            esc(o, a->date);
        }
        nb_buf_adds(o, "）</span>");
    }
    nb_buf_adds(o, "</li>\n");
}

static void anomalies_section(nb_buf *o, const nb_county_view *v, const by_township *g)
{
    const nb_check_scope *sc = nb_rollup_scope(v->ru);
    nb_buf_adds(o, "<section id=\"anomalies\"><h2>异常情况</h2>\n");
    if (!v->findings->n) nb_buf_adds(o, "<p>没有发现异常。</p>\n");
    /* townships with open errors first, then open warnings, then the rest; each in the
     * registry's order */
    for (int level = 0; level <= 3; level++)
        for (int t = 0; t < sc->ntownships; t++) {
            size_t first, end;
            township_range(g, sc->townships[t], &first, &end);
            int worst = 3;
            for (size_t i = first; i < end; i++)
                if (!g->items[i]->ack && (int)g->items[i]->rule->severity < worst) worst = (int)g->items[i]->rule->severity;
            if (first == end || worst != level) continue;
            nb_buf_adds(o, "<div class=\"township\"><h3>");
            esc(o, sc->townships[t]);
            nb_buf_adds(o, "</h3><ul class=\"findings\">\n");
            for (size_t i = first; i < end; i++) finding_item(o, v, g->items[i]);
            nb_buf_adds(o, "</ul></div>\n");
        }
    nb_buf_adds(o, "</section>\n");
}

static void trends_section(nb_buf *o, const nb_county_view *v)
{
    const nb_check_scope *sc = nb_rollup_scope(v->ru);
    int n = sc->year_to - sc->year_from + 1;
    if (n < 1) return;
    nb_county_year *years = nb_xcalloc((size_t)n, sizeof *years);
    int *reporting = nb_xcalloc((size_t)n, sizeof *reporting);
    for (int i = 0; i < n; i++) {
        nb_rollup_year(v->ru, sc->year_from + i, &years[i]);
        reporting[i] = years[i].nreports;
    }
    nb_buf_adds(o, "<section id=\"trends\"><h2>全县趋势</h2>\n<p class=\"note\">各乡镇合计（来自各年度县汇总表）；"
                   "横轴下方为当年读到年报的乡镇数，红色表示有乡镇缺失。收费金额只在2021年版格式中填报。</p>\n"
                   "<div class=\"charts\">\n");
    double *value = nb_xcalloc((size_t)n, sizeof *value);
    int *known = nb_xcalloc((size_t)n, sizeof *known);
    for (int k = 0; k < NFIGURES; k++) {
        for (int i = 0; i < n; i++) known[i] = county_figure(&years[i], &figures[k], &value[i]);
        series s = {n, sc->year_from, value, known, NULL, NULL};
        trend_chart(o, figures[k].name, &s, reporting, sc->ntownships);
    }
    nb_buf_adds(o, "</div></section>\n");
    for (int i = 0; i < n; i++) nb_county_year_free(&years[i]);
    free(years);
    free(reporting);
    free(value);
    free(known);
}

/* Whether an outlier finding (O1, O2) names this township and figure. */
static int flagged(const by_township *g, const char *township, const figure *fg)
{
    size_t first, end;
    township_range(g, township, &first, &end);
    for (size_t i = first; i < end; i++) {
        const nb_finding *f = g->items[i];
        if (f->rule->id[0] != 'O' || !f->has_table || f->table != fg->table) continue;
        for (int r = 0; r < 2 && fg->rows[r]; r++)
            if (!strcmp(f->row_key, fg->rows[r])) return 1;
    }
    return 0;
}

static void townships_section(nb_buf *o, const nb_county_view *v, const by_township *g)
{
    const nb_check_scope *sc = nb_rollup_scope(v->ru);
    int n = sc->year_to - sc->year_from + 1;
    if (n < 1 || sc->ntownships < 1) return;
    double *median = nb_xcalloc((size_t)(n * NFIGURES), sizeof *median);
    int *median_known = nb_xcalloc((size_t)(n * NFIGURES), sizeof *median_known);
    double *work = nb_xmalloc(sizeof *work * (size_t)sc->ntownships);
    for (int k = 0; k < NFIGURES; k++)
        for (int i = 0; i < n; i++) {
            int m = 0;
            for (int r = 0; r < v->nrows; r++)
                if (v->rows[r].year == sc->year_from + i && township_figure(v->rows[r].summary, &figures[k], &work[m]))
                    m++;
            if (!m) continue;
            qsort(work, (size_t)m, sizeof *work, cmp_double);
            median[k * n + i] = m % 2 ? work[m / 2] : (work[m / 2 - 1] + work[m / 2]) / 2;
            median_known[k * n + i] = 1;
        }
    nb_buf_adds(o, "<section id=\"townships\"><h2>各乡镇与全县中位数</h2>\n<p class=\"note\">每格：蓝线为该乡镇各年度的数字，"
                   "灰色虚线为全县各乡镇同年的中位数；下方为最近一年的数字和当年中位数。橙色底色：该项有异常（明显偏高）。</p>\n"
                   "<table class=\"medians\"><thead><tr><th>乡镇</th>");
    for (int k = 0; k < NFIGURES; k++) nb_buf_adds(o, "<th>"), esc(o, figures[k].name), nb_buf_adds(o, "</th>");
    nb_buf_adds(o, "</tr></thead><tbody>\n");
    double *value = nb_xcalloc((size_t)n, sizeof *value);
    int *known = nb_xcalloc((size_t)n, sizeof *known);
    for (int t = 0; t < sc->ntownships; t++) {
        nb_buf_adds(o, "<tr><th>");
        esc(o, sc->townships[t]);
        nb_buf_adds(o, "</th>");
        for (int k = 0; k < NFIGURES; k++) {
            int latest = -1;
            for (int i = 0; i < n; i++) {
                const nb_overview_row *r = &v->rows[t * n + i];
                known[i] = township_figure(r->summary, &figures[k], &value[i]);
                if (known[i]) latest = i;
            }
            series s = {n, sc->year_from, value, known, &median[k * n], &median_known[k * n]};
            nb_buf_printf(o, "<td class=\"fig%s\">", flagged(g, sc->townships[t], &figures[k]) ? " hi" : "");
            sparkline(o, &s);
            if (latest >= 0) {
                nb_buf_printf(o, "<span>%d年：", sc->year_from + latest);
                number(o, value[latest]);
                if (median_known[k * n + latest]) nb_buf_adds(o, "（中位数 "), number(o, median[k * n + latest]),
                                                  nb_buf_adds(o, "）");
                nb_buf_adds(o, "</span>");
            } else {
                nb_buf_adds(o, "<span>无数据</span>");
            }
            nb_buf_adds(o, "</td>");
        }
        nb_buf_adds(o, "</tr>\n");
    }
    nb_buf_adds(o, "</tbody></table></section>\n");
    free(median);
    free(median_known);
    free(work);
    free(value);
    free(known);
}

void nb_htmlreport_render(const nb_county_view *v, nb_buf *o)
{
    const nb_check_scope *sc = nb_rollup_scope(v->ru);
    totals t;
    count_totals(v, &t);
    nb_buf_adds(o, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    esc(o, sc->county);
    nb_buf_printf(o, " 乡镇政府信息公开工作年度报告核查 %d—%d</title>\n", sc->year_from, sc->year_to);
    style(o);
    nb_buf_adds(o, "</head>\n<body>\n");
    headline(o, v, &t);
    changes_section(o, v);
    coverage_section(o, v);
    by_township g;
    group_findings(v, &g);
    anomalies_section(o, v, &g);
    trends_section(o, v);
    townships_section(o, v, &g);
    free(g.items);
    nb_buf_adds(o, "<footer>同一文件夹中：county.xlsx（工作簿，数字为数值格式）、overview.csv、anomalies.csv、changes.csv、"
                   "各年度 county_table2/3/4.csv 和 townships/ 下各乡镇的明细。要静音已核实的异常，在 acknowledged.csv 中"
                   "加一行（rule,township,year,cell,note,who,date）。</footer>\n</body>\n</html>\n");
}

int nb_htmlreport_write(const char *outdir, const nb_county_view *v, nb_buf *err)
{
    nb_buf page = NB_BUF_INIT, path = NB_BUF_INIT;
    nb_htmlreport_render(v, &page);
    nb_buf_printf(&path, "%s/report.html", outdir);
    int rc = nb_atomic_write(path.data, page.data, page.len, err);
    nb_buf_free(&page);
    nb_buf_free(&path);
    return rc;
}
