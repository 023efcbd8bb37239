/* summary: a report reduced to what the county level keeps (see summary.h). */
#include "pipeline/check/summary.h"

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
};

void nb_summary_of(const nb_report *r, nb_summary *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->county, sizeof out->county, "%s", r->county);
    snprintf(out->township, sizeof out->township, "%s", r->township);
    out->year = r->year;
    out->tpl = r->tpl;
    snprintf(out->publish_date, sizeof out->publish_date, "%s", r->publish_date);
    snprintf(out->source_url, sizeof out->source_url, "%s", r->source_url);
    for (int k = 0; k < NB_KEY_COUNT; k++) {
        const nb_value *v = nb_report_find(r, nb_key_figures[k].table, nb_key_figures[k].row, "total");
        nb_key_value *kv = &out->keys[k];
        kv->ok = v && v->found && v->num.kind == NB_CELL_NUMBER;
        if (!kv->ok) continue;
        kv->number = v->num.number;
        snprintf(kv->value, sizeof kv->value, "%s", v->num.value);
    }
}
