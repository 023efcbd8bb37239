/* summary: a report reduced to what the county level keeps (see summary.h). */
#include "pipeline/check/summary.h"

#include "pipeline/check/checks.h"

#include <stdio.h>
#include <string.h>

const nb_key_figure nb_key_figures[NB_KEY_COUNT] = {
    [NB_KEY_RECEIVED] = {NB_T3, "new_received", "本年新收政府信息公开申请数量"},
    [NB_KEY_CARRIED_OVER] = {NB_T3, "carried_over", "上年结转政府信息公开申请数量"},
    [NB_KEY_GRANTED] = {NB_T3, "res_granted", "予以公开数量"},
    [NB_KEY_PARTLY_GRANTED] = {NB_T3, "res_partial", "部分公开数量"},
    [NB_KEY_HANDLED] = {NB_T3, "res_total", "本年度办理结果总计"},
    [NB_KEY_CARRIED_FORWARD] = {NB_T3, "carry_forward", "结转下年度继续办理数量"},
    [NB_KEY_REVIEWS] = {NB_T4, "review", "行政复议总计"},
    [NB_KEY_SUITS_DIRECT] = {NB_T4, "suit_direct", "未经复议直接起诉总计"},
    [NB_KEY_SUITS_AFTER_REVIEW] = {NB_T4, "suit_after_review", "复议后起诉总计"},
    [NB_KEY_DENIED] = {NB_T3, "res_denied_", "不予公开数量"},
    [NB_KEY_FEES] = {NB_T2, "art20_8.admin_fees", "本年收费金额（万元）"},
};

static void set_number(nb_key_value *kv, double x)
{
    kv->ok = 1;
    kv->number = x;
    nb_checks_format_number(x, kv->value, sizeof kv->value);
}

/* The rows of （三）不予公开, added up: known when every one of them is a number, blank
 * or placeholder (those count 0, as in the county tables) and at least one is a number. */
static void denied(const nb_report *r, nb_key_value *kv)
{
    const char *prefix = nb_key_figures[NB_KEY_DENIED].row;
    double sum = 0;
    int numbers = 0;
    for (int k = 0; k < r->tpl->nrows; k++) {
        const nb_row *row = &r->tpl->rows[k];
        if (row->table != NB_T3 || strncmp(row->key, prefix, strlen(prefix))) continue;
        const nb_value *v = nb_report_find(r, NB_T3, row->key, "total");
        if (!v || !v->found || v->num.kind == NB_CELL_TEXT) return;
        if (v->num.kind == NB_CELL_NUMBER) sum += v->num.number, numbers++;
    }
    if (numbers) set_number(kv, sum);
}

/* 本年收费金额 in 万元: its column's unit, unless the cell says 元. */
static void fees(const nb_report *r, nb_key_value *kv)
{
    const nb_value *v = nb_report_find(r, NB_T2, nb_key_figures[NB_KEY_FEES].row, "fee_amount_wan");
    if (!v || !v->found || v->num.kind != NB_CELL_NUMBER) return;
    if (!strcmp(v->unit, "元")) set_number(kv, v->num.number / 10000);
    else set_number(kv, v->num.number), snprintf(kv->value, sizeof kv->value, "%s", v->num.value);
}

static const char *const status_names[NB_STATUS_COUNT][2] = {
    [NB_STATUS_OK] = {"ok", "按时"},
    [NB_STATUS_LATE] = {"late", "逾期"},
    [NB_STATUS_IMAGE_ONLY] = {"image_only", "仅图片"},
    [NB_STATUS_ATTACHMENT_ONLY] = {"attachment_only", "仅附件"},
    [NB_STATUS_UNREADABLE] = {"unreadable", "无法读取"},
    [NB_STATUS_UNKNOWN] = {"unknown", "未知"},
    [NB_STATUS_MISSING] = {"missing", "缺失"},
};

const char *nb_status_name(nb_status s)
{
    return (unsigned)s < NB_STATUS_COUNT ? status_names[s][0] : "";
}

const char *nb_status_zh(nb_status s)
{
    return (unsigned)s < NB_STATUS_COUNT ? status_names[s][1] : "";
}

int nb_summary_late(const nb_summary *s, int deadline_month, int deadline_day)
{
    if (!s->publish_date[0]) return -1;
    char deadline[24];
    snprintf(deadline, sizeof deadline, "%04d-%02d-%02d", s->year + 1, deadline_month, deadline_day);
    return strcmp(s->publish_date, deadline) > 0;
}

nb_status nb_summary_status(const nb_summary *s, int deadline_month, int deadline_day)
{
    if (s->source == NB_SOURCE_IMAGE) return NB_STATUS_IMAGE_ONLY;
    if (s->source == NB_SOURCE_ATTACHMENT) return NB_STATUS_ATTACHMENT_ONLY;
    return nb_summary_late(s, deadline_month, deadline_day) == 1 ? NB_STATUS_LATE : NB_STATUS_OK;
}

void nb_summary_of(const nb_report *r, nb_summary *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->county, sizeof out->county, "%s", r->county);
    snprintf(out->township, sizeof out->township, "%s", r->township);
    out->year = r->year;
    out->tpl = r->tpl;
    snprintf(out->publish_date, sizeof out->publish_date, "%s", r->publish_date);
    snprintf(out->source_url, sizeof out->source_url, "%s", r->source_url);
    out->source = r->source;
    /* figures read from a picture (OCR): some table was published only as an image */
    for (int i = 0; i < r->nvalues && out->source == NB_SOURCE_PAGE; i++)
        if (r->values[i].found && (r->values[i].marks & NB_MARK_OCR)) out->source = NB_SOURCE_IMAGE;
    denied(r, &out->keys[NB_KEY_DENIED]);
    fees(r, &out->keys[NB_KEY_FEES]);
    for (int k = 0; k <= NB_KEY_SUITS_AFTER_REVIEW; k++) {
        const nb_value *v = nb_report_find(r, nb_key_figures[k].table, nb_key_figures[k].row, "total");
        nb_key_value *kv = &out->keys[k];
        kv->ok = v && v->found && v->num.kind == NB_CELL_NUMBER;
        if (!kv->ok) continue;
        kv->number = v->num.number;
        snprintf(kv->value, sizeof kv->value, "%s", v->num.value);
    }
}
