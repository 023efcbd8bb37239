/* pipeline/: the model every stage shares: the templates, a report, a county's
 * configuration, numbers as printed, report titles.
 *
 * report: one report page as read: which template it follows, every template cell's
 * value, and the page's metadata. What the extractor produces and the checks, the CSV
 * writer and the roll-up consume. */
#ifndef NB_REPORT_H
#define NB_REPORT_H

#include "base/arena.h"
#include "pipeline/number.h"
#include "pipeline/template.h"

typedef struct {
    int found;        /* the cell was located in the page */
    const char *raw;  /* its text as printed, whitespace collapsed ("" if not found); owned
                         by the report's arena */
    nb_number num;    /* parsed raw */
    char unit[16];    /* the cell's unit, or else the unit its header states; "" if none */
    unsigned marks;   /* how the cell was read and what the reader could not settle: NB_MARK_* */
} nb_value;

/* Marks: how a value was read and what the reader could not settle about it, not about
 * its text (number.h's flags are). Every reader sets them on its cells (doc.h) and they
 * reach the value unchanged; they go to the CSV's flag column after the number's flags,
 * spelled by nb_report_mark_names(). The OCR bits are also stored in the OCR cache
 * (pipeline/ocr/ocrcache), so their values never change. */
enum {
    NB_MARK_OCR = 1u << 0,           /* ocr: read from a picture by OCR (pipeline/ocr) */
    NB_MARK_OCR_UNCERTAIN = 1u << 1, /* ocr_uncertain: the reading had low confidence, two
                                        readers disagreed, the cell's place in the picture's
                                        table is a guess, or an identity the value takes
                                        part in does not hold (ocrtrust.h) */
    NB_MARK_UNCERTAIN = 1u << 2,     /* uncertain_cell: the reader could not place the cell
                                        in its table with certainty (a PDF table without
                                        rulings whose lines do not line up); the value may
                                        belong to a neighbouring cell */
};

/* Appends the names of the set marks to out (NUL-terminated, outsz > 0), each preceded
 * by ';' when out is not empty. Unknown bits are ignored. */
void nb_report_mark_names(unsigned marks, char *out, size_t outsz);
/* The marks named in a ';'-separated flag list (the inverse, for reading CSVs back). */
unsigned nb_report_marks_from_names(const char *flags);

/* Where the report's tables were read from. The readers set it; the overview's status is
 * derived from it (image_only, attachment_only), so a report read from a PDF or by OCR
 * is told apart from one whose page holds the tables. */
typedef enum {
    NB_SOURCE_PAGE,       /* the report page itself (HTML or text): the default */
    NB_SOURCE_ATTACHMENT, /* a linked file (PDF, Word, ...): the page holds no tables */
    NB_SOURCE_IMAGE,      /* images of the tables, read by OCR */
} nb_source_kind;

const char *nb_source_kind_name(nb_source_kind k); /* "page", "attachment", "image" */
/* The kind named so, or -1. */
int nb_source_kind_parse(const char *name);

typedef struct {
    const nb_template *tpl;
    nb_value *values;      /* one per template cell: rows in template order, each row's
                              columns in order; index with nb_report_value() */
    int nvalues;
    int tables_found[NB_TABLE_COUNT];

    /* Page metadata; "" or 0 when unknown. */
    char county[64];
    char township[128];
    int year;
    char title[256];
    char publish_date[11]; /* YYYY-MM-DD */
    int publish_date_listed; /* the date is the listing's: the report printed none */
    char source_url[512];  /* what the tables were read from: the page, or the file */
    char page_url[512];    /* the report page linking that file; "" when the tables are in the page */
    char content_sha256[65]; /* hash of the page as fetched, when known (silent revisions) */
    nb_source_kind source;

    nb_arena arena;        /* the raw texts */
} nb_report;

void nb_report_init(nb_report *r, const nb_template *tpl);
void nb_report_free(nb_report *r);
/* Sets v->raw to a copy of text[0..len) owned by r. */
void nb_report_set_raw(nb_report *r, nb_value *v, const char *text, size_t len);

/* The value of (row, column index) or NULL if the template has no such cell. */
nb_value *nb_report_value(const nb_report *r, const nb_row *row, int col);
/* The same by keys: table, row key, column key. */
nb_value *nb_report_find(const nb_report *r, nb_table_id table, const char *row_key,
                         const char *col_key);

#endif
