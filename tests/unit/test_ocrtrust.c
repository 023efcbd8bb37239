/* ocrtrust: broken identities point at the OCR'd figures to doubt, and nothing else
 * changes. */
#include "check.h"
#include "pipeline/ocrtrust.h"

#include <stdio.h>

static void set(nb_report *r, nb_table_id t, const char *row, const char *col, double n, unsigned ocr)
{
    nb_value *v = nb_report_find(r, t, row, col);
    v->found = 1;
    v->num.kind = NB_CELL_NUMBER;
    v->num.number = n;
    snprintf(v->num.value, sizeof v->num.value, "%g", n);
    v->marks = ocr;
}

/* Table 三 of the 2021 format, every identity holding: each result row has n in 自然人
 * and 总计, (七)总计 their sum, 新收 = 总计 (nothing carried). */
static void balanced(nb_report *r, unsigned ocr)
{
    nb_report_init(r, &nb_template_2021);
    const nb_template *t = r->tpl;
    double sum = 0;
    for (int i = 0; i < t->nrows; i++) {
        const nb_row *row = &t->rows[i];
        if (row->table != NB_T3) continue;
        for (int c = 0; row->columns[c]; c++) set(r, NB_T3, row->key, row->columns[c]->key, 0, ocr);
        if (!strncmp(row->key, "res_", 4) && strcmp(row->key, "res_total")) {
            set(r, NB_T3, row->key, "natural_person", 2, ocr);
            set(r, NB_T3, row->key, "total", 2, ocr);
            sum += 2;
        }
    }
    const char *ends[] = {"res_total", "new_received"};
    for (int k = 0; k < 2; k++) {
        set(r, NB_T3, ends[k], "natural_person", sum, ocr);
        set(r, NB_T3, ends[k], "total", sum, ocr);
    }
    const char *groups[] = {"review", "suit_direct", "suit_after_review"};
    const char *cols[] = {"upheld", "corrected", "other", "pending", "total"};
    for (int g = 0; g < 3; g++)
        for (int c = 0; c < 5; c++) set(r, NB_T4, groups[g], cols[c], c == 0 || c == 4 ? 1 : 0, ocr);
}

static int uncertain(const nb_report *r)
{
    int n = 0;
    for (int i = 0; i < r->nvalues; i++) n += (r->values[i].marks & NB_MARK_OCR_UNCERTAIN) != 0;
    return n;
}

static void identities_that_hold_doubt_nothing(void)
{
    nb_report r;
    balanced(&r, NB_MARK_OCR);
    CHECK_INT(nb_ocrtrust_mark(&r), 0);
    CHECK_INT(uncertain(&r), 0);
    nb_report_free(&r);
}

static void a_misread_figure_is_where_broken_identities_cross(void)
{
    nb_report r;
    balanced(&r, NB_MARK_OCR);
    /* 2 read as 7 in （一）予以公开 / 自然人: its row (I1) and its column (I3) break. */
    set(&r, NB_T3, "res_granted", "natural_person", 7, NB_MARK_OCR);
    CHECK_INT(nb_ocrtrust_mark(&r), 1);
    CHECK_INT(uncertain(&r), 1);
    CHECK_INT(nb_report_find(&r, NB_T3, "res_granted", "natural_person")->marks, NB_MARK_OCR | NB_MARK_OCR_UNCERTAIN);
    CHECK_STR(nb_report_find(&r, NB_T3, "res_granted", "natural_person")->num.value, "7"); /* not repaired */
    nb_report_free(&r);
}

static void where_nothing_crosses_every_ocr_figure_is_doubted(void)
{
    nb_report r;
    balanced(&r, NB_MARK_OCR);
    set(&r, NB_T4, "review", "upheld", 4, NB_MARK_OCR); /* I4 alone breaks */
    CHECK_INT(nb_ocrtrust_mark(&r), 5);
    CHECK(nb_report_find(&r, NB_T4, "review", "total")->marks & NB_MARK_OCR_UNCERTAIN);
    CHECK(!(nb_report_find(&r, NB_T4, "suit_direct", "total")->marks & NB_MARK_OCR_UNCERTAIN));
    nb_report_free(&r);
}

static void figures_read_from_text_are_left_alone(void)
{
    nb_report r;
    balanced(&r, 0); /* an HTML page */
    set(&r, NB_T3, "res_granted", "natural_person", 7, 0);
    CHECK_INT(nb_ocrtrust_mark(&r), 0);
    CHECK_INT(uncertain(&r), 0);
    nb_report_free(&r);
}

int main(void)
{
    identities_that_hold_doubt_nothing();
    a_misread_figure_is_where_broken_identities_cross();
    where_nothing_crosses_every_ocr_figure_is_doubted();
    figures_read_from_text_are_left_alone();
    return check_done();
}
