/* summary: what the county level keeps of a township-year once its report has been
 * checked and summed: whose it is, where it came from, and the key figures the overview
 * prints and the outlier rule compares across townships. About 1.3 KB against the
 * report's 30 KB, so a county of any size is rolled up one report at a time. */
#ifndef NB_SUMMARY_H
#define NB_SUMMARY_H

#include "pipeline/report.h"

/* The key figures: each the 总计 (total) column of one row, but for the last two, which
 * the county report charts: the sum of the （三）不予公开 rows' 总计, and 本年收费金额 in
 * 万元 (2021 format only; the 2019 format counts fee items, not money). */
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
    NB_KEY_DENIED,            /* 不予公开 (the sum of its eight rows) */
    NB_KEY_FEES,              /* 行政事业性收费 本年收费金额, 万元 */
    NB_KEY_COUNT
} nb_key;

typedef struct {
    nb_table_id table;
    const char *row;     /* row key in both templates (NB_KEY_DENIED: the rows' key prefix) */
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
    nb_source_kind source;     /* the report's; NB_SOURCE_IMAGE when any figure was read by OCR */
    nb_key_value keys[NB_KEY_COUNT];
} nb_summary;

void nb_summary_of(const nb_report *r, nb_summary *out);

/* What became of a registered township-year, as the overview and the coverage grid of
 * the county report tell it. A report read from images or from an attachment says so
 * before its timeliness (the figures came the hard way; on_time still says whether it
 * was late); a page that was found but could not be read is not missing. */
typedef enum {
    NB_STATUS_OK,              /* the report, published by the deadline (or no date found) */
    NB_STATUS_LATE,            /* published after the deadline */
    NB_STATUS_IMAGE_ONLY,      /* tables published only as pictures: figures read by OCR */
    NB_STATUS_ATTACHMENT_ONLY, /* its tables were read from an attachment (PDF, Word...) */
    NB_STATUS_UNREADABLE,      /* the report was found, but could not be fetched or read */
    NB_STATUS_UNKNOWN,         /* not seen: the listing could not be read whole tonight */
    NB_STATUS_MISSING,         /* no report page was found */
    NB_STATUS_COUNT
} nb_status;

const char *nb_status_name(nb_status s); /* "ok", "late", "image_only", ... as in overview.csv */
const char *nb_status_zh(nb_status s);   /* 按时, 逾期, 仅图片, 仅附件, 无法读取, 未知, 缺失 */
/* The status of a stored report (source kind, then publish date against the deadline
 * for year Y: deadline_month-deadline_day of Y+1). */
nb_status nb_summary_status(const nb_summary *s, int deadline_month, int deadline_day);
/* Whether the publish date was after the deadline: 1 late, 0 on time, -1 unknown. */
int nb_summary_late(const nb_summary *s, int deadline_month, int deadline_day);

#endif
