/* summary: what the county level keeps of a township-year once its report has been
 * checked and summed: whose it is, where it came from, and the key figures the overview
 * prints and the outlier rule compares across townships. About 1.3 KB against the
 * report's 30 KB, so a county of any size is rolled up one report at a time. */
#ifndef NB_SUMMARY_H
#define NB_SUMMARY_H

#include "pipeline/report.h"

/* The key figures, each the 总计 (total) column of one row. */
typedef enum {
    NB_KEY_RECEIVED,          /* 本年新收政府信息公开申请数量 */
    NB_KEY_CARRIED_OVER,      /* 上年结转政府信息公开申请数量 */
    NB_KEY_GRANTED,           /* 予以公开 */
    NB_KEY_PARTLY_GRANTED,    /* 部分公开 */
    NB_KEY_HANDLED,           /* 本年度办理结果总计 */
    NB_KEY_CARRIED_FORWARD,   /* 结转下年度继续办理 */
    NB_KEY_REVIEWS,           /* 行政复议总计 */
    NB_KEY_SUITS_DIRECT,      /* 未经复议直接起诉总计 */
    NB_KEY_SUITS_AFTER_REVIEW,/* 复议后起诉总计 */
    NB_KEY_COUNT
} nb_key;

typedef struct {
    nb_table_id table;
    const char *row;     /* row key in both templates */
    const char *name_zh; /* as a finding's message names it */
} nb_key_figure;

extern const nb_key_figure nb_key_figures[NB_KEY_COUNT];

typedef struct {
    int ok;          /* the cell holds a readable number */
    double number;
    char value[48];  /* as nb_number.value */
} nb_key_value;

typedef struct {
    char county[64];
    char township[128];
    int year;
    const nb_template *tpl;
    char publish_date[11];
    char source_url[512];
    nb_key_value keys[NB_KEY_COUNT];
} nb_summary;

void nb_summary_of(const nb_report *r, nb_summary *out);

#endif
