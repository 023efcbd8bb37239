/* template: the national report templates as data.
 *
 * One nb_template per format (2019: 国办公开办函〔2019〕60号; 2021: 〔2021〕30号), each a
 * list of rows in the order the page prints them, the columns of each row, the labels
 * (with the variants real pages print) and the identities that hold by construction.
 * Extraction, CSV output, checks and roll-ups are all driven from these tables: a third
 * format would be one more table here. See ../shared/spec/templates.md for the sources. */
#ifndef NB_TEMPLATE_H
#define NB_TEMPLATE_H

typedef enum { NB_T2, NB_T3, NB_T4, NB_TABLE_COUNT } nb_table_id;

typedef enum {
    NB_UNIT_NONE,  /* a count, or an amount whose header states no unit */
    NB_UNIT_WAN,   /* the header states 万元 */
} nb_header_unit;

typedef struct {
    const char *key;      /* canonical key: "made_new", "natural_person", "upheld" */
    const char *label;    /* as printed in the header: "本年新制作数量" */
    const char *variants; /* other spellings seen, '|'-separated, or NULL */
    nb_header_unit unit;
    int is_money;         /* an amount: its value is also given in 元 */
    int is_signed;        /* may be negative (本年增/减) */
    const char *group;    /* the header cell printed over it and its neighbours of the same
                             group ("法人或其他组织"), or NULL */
} nb_column;

/* A row of figures. Rows without a label (table 四's three groups) take their values
 * from the run of numbers after the table's header, in order. */
typedef struct {
    nb_table_id table;
    const char *key;        /* "art20_1.regulations", "new_received", "review" */
    const char *label;      /* as printed: "规章"; NULL for an unlabelled row */
    const char *variants;   /* '|'-separated, or NULL */
    const char *group;      /* the printed group or section the row sits under, for people */
    const nb_column *const *columns; /* NULL-terminated, in printed order */
} nb_row;

/* sum(lhs) == sum(rhs), checked within each row (ACROSS: keys are column keys) or within
 * each column (DOWN: keys are row keys) of one table. */
typedef enum { NB_ACROSS, NB_DOWN } nb_identity_axis;

typedef struct {
    const char *id;           /* "I1" .. "I4" */
    nb_table_id table;
    nb_identity_axis axis;
    const char *const *lhs;   /* NULL-terminated keys */
    const char *const *rhs;
    const char *lhs_zh, *rhs_zh; /* how a disclosure officer names the two sides */
} nb_identity;

typedef struct {
    const char *name;          /* "2019", "2021": the value of the CSV `template` column */
    const char *source;        /* the notice that issued it */
    int first_year, last_year; /* report years it is meant for (last 0: still current) */
    const nb_row *rows;        /* all rows of tables 二, 三, 四 in printed order */
    int nrows;
    const nb_identity *identities;
    int nidentities;
    /* Labels that only mark where a table begins or what surrounds it (section rows,
     * headings, notes), NULL-terminated, per table. */
    const char *const *markers[NB_TABLE_COUNT];
    /* Per table, what its header prints besides the column labels (and their groups): the
     * top-left cell over the row labels and a heading over all value columns (表三:
     * the identity note and 申请人情况), NULL when none. */
    const char *header_corner[NB_TABLE_COUNT];
    const char *header_over_values[NB_TABLE_COUNT];
} nb_template;

extern const nb_template nb_template_2019;
extern const nb_template nb_template_2021;
/* All formats, oldest first, NULL-terminated. */
extern const nb_template *const nb_templates[];

const char *nb_table_name(nb_table_id t);   /* "t2", "t3", "t4" */
const char *nb_table_title(nb_table_id t);  /* "二、主动公开政府信息情况", ... */
const nb_template *nb_template_by_name(const char *name);
const nb_row *nb_template_row(const nb_template *t, nb_table_id table, const char *key);
int nb_row_ncolumns(const nb_row *r);
int nb_template_ncells(const nb_template *t, nb_table_id table);
/* Where the template puts the cell (table, row key, column key) among a report's values
 * (rows in template order, each row's columns in order), or -1 if it has no such cell. */
int nb_template_cell_index(const nb_template *tpl, nb_table_id table, const char *row_key, const char *col_key);

#endif
