/* match: template rows found by label, values read after them (see match.h).
 *
 * The templates' labels are turned into label keys once (label.h), so matching a cell is
 * a string comparison of two normalised cores. */
#include "pipeline/read/match.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/read/label.h"
#include "base/utf8.h"
#include "pipeline/number.h"

enum { MAX_SPELLINGS = 6 };

typedef struct {
    nb_label_key keys[MAX_SPELLINGS]; /* the label and its variants */
    int nkeys;
    int strict; /* the core is also a column label: the item number must agree */
} spelling_set;

typedef struct {
    const nb_template *tpl;
    spelling_set *rows;                 /* per template row; nkeys 0 for unlabelled rows */
    nb_label_key *markers[NB_TABLE_COUNT];
    int nmarkers[NB_TABLE_COUNT];
    const char **distinctive;           /* cores found in no other template */
    int ndistinctive;
} compiled_template;

static struct {
    compiled_template templates[8];
    int ntemplates;
    const char **all_cores;             /* every label of every template, sorted */
    int nall;
    nb_arena arena;
} labels;

static pthread_once_t labels_once = PTHREAD_ONCE_INIT;

static void key_of(const char *text, nb_label_key *out)
{
    nb_label_key_make(&labels.arena, text, strlen(text), out);
}

/* Adds label and each '|'-separated variant to the set. */
static void add_spellings(spelling_set *s, const char *label, const char *variants)
{
    if (label) key_of(label, &s->keys[s->nkeys++]);
    while (variants && *variants && s->nkeys < MAX_SPELLINGS) {
        size_t n = strcspn(variants, "|");
        nb_label_key_make(&labels.arena, variants, n, &s->keys[s->nkeys++]);
        variants += n + (variants[n] == '|');
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

typedef struct {
    const char **items;
    int n, cap;
} core_list;

static void add_core(core_list *l, const char *core)
{
    if (!core[0]) return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 128;
        l->items = nb_xrealloc(l->items, sizeof *l->items * (size_t)l->cap);
    }
    l->items[l->n++] = core;
}

/* Every core a template prints: row labels, column labels, markers. */
static void cores_of(const compiled_template *ct, core_list *out)
{
    const nb_template *t = ct->tpl;
    for (int i = 0; i < t->nrows; i++) {
        for (int k = 0; k < ct->rows[i].nkeys; k++) add_core(out, ct->rows[i].keys[k].core);
        for (int c = 0; t->rows[i].columns[c]; c++) {
            spelling_set s = {0};
            add_spellings(&s, t->rows[i].columns[c]->label, t->rows[i].columns[c]->variants);
            for (int k = 0; k < s.nkeys; k++) add_core(out, s.keys[k].core);
        }
    }
    for (int tb = 0; tb < NB_TABLE_COUNT; tb++)
        for (int m = 0; m < ct->nmarkers[tb]; m++) add_core(out, ct->markers[tb][m].core);
}

static int has_core(const core_list *l, const char *core)
{
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->items[i], core)) return 1;
    return 0;
}

static void compile_labels(void)
{
    for (const nb_template *const *tp = nb_templates; *tp && labels.ntemplates < 8; tp++) {
        compiled_template *ct = &labels.templates[labels.ntemplates++];
        const nb_template *t = *tp;
        ct->tpl = t;
        ct->rows = nb_arena_alloc(&labels.arena, sizeof *ct->rows * (size_t)t->nrows);
        for (int i = 0; i < t->nrows; i++) add_spellings(&ct->rows[i], t->rows[i].label, t->rows[i].variants);
        for (int tb = 0; tb < NB_TABLE_COUNT; tb++) {
            int n = 0;
            while (t->markers[tb][n]) n++;
            ct->markers[tb] = nb_arena_alloc(&labels.arena, sizeof(nb_label_key) * (size_t)(n ? n : 1));
            for (int m = 0; m < n; m++) key_of(t->markers[tb][m], &ct->markers[tb][m]);
            ct->nmarkers[tb] = n;
        }
        /* A row label whose core is also a column label of its table needs its number. */
        for (int i = 0; i < t->nrows; i++) {
            spelling_set *s = &ct->rows[i];
            for (int j = 0; j < t->nrows && !s->strict; j++) {
                if (t->rows[j].table != t->rows[i].table) continue;
                for (int c = 0; t->rows[j].columns[c] && !s->strict; c++) {
                    char core[128];
                    const char *label = t->rows[j].columns[c]->label;
                    nb_label_core(label, strlen(label), core, sizeof core);
                    for (int k = 0; k < s->nkeys; k++)
                        if (!strcmp(s->keys[k].core, core)) s->strict = 1;
                }
            }
        }
    }
    core_list all = {0};
    core_list *each = nb_xcalloc((size_t)labels.ntemplates, sizeof *each);
    for (int i = 0; i < labels.ntemplates; i++) {
        cores_of(&labels.templates[i], &each[i]);
        for (int k = 0; k < each[i].n; k++) add_core(&all, each[i].items[k]);
    }
    for (int i = 0; i < labels.ntemplates; i++) {
        core_list mine = {0};
        for (int k = 0; k < each[i].n; k++) {
            int elsewhere = 0;
            for (int j = 0; j < labels.ntemplates && !elsewhere; j++)
                elsewhere = j != i && has_core(&each[j], each[i].items[k]);
            if (!elsewhere && !has_core(&mine, each[i].items[k])) add_core(&mine, each[i].items[k]);
        }
        labels.templates[i].distinctive = mine.items;
        labels.templates[i].ndistinctive = mine.n;
    }
    for (int i = 0; i < labels.ntemplates; i++) free(each[i].items);
    free(each);
    qsort(all.items, (size_t)all.n, sizeof *all.items, cmp_str);
    labels.all_cores = all.items;
    labels.nall = all.n;
}

static const compiled_template *compiled(const nb_template *t)
{
    pthread_once(&labels_once, compile_labels);
    for (int i = 0; i < labels.ntemplates; i++)
        if (labels.templates[i].tpl == t) return &labels.templates[i];
    return NULL;
}

/* ---- labels read by OCR ---- */

enum { MAX_LABEL_CHARS = 96 };

/* The code points of s, at most MAX_LABEL_CHARS; returns how many. */
static int code_points(const char *s, uint32_t *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    int k = 0;
    for (size_t i = 0; i < n && k < MAX_LABEL_CHARS;) {
        i += nb_utf8_decode(p + i, n - i, &out[k]);
        k++;
    }
    return k;
}

/* Levenshtein distance of a[0..na) and b[0..nb), or a value above limit as soon as it
 * cannot be within limit. */
static int edit_distance(const uint32_t *a, int na, const uint32_t *b, int nb, int limit)
{
    if (abs(na - nb) > limit) return limit + 1;
    int prev[MAX_LABEL_CHARS + 1], cur[MAX_LABEL_CHARS + 1];
    for (int j = 0; j <= nb; j++) prev[j] = j;
    for (int i = 1; i <= na; i++) {
        cur[0] = i;
        int row_min = cur[0];
        for (int j = 1; j <= nb; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            if (cur[j] < row_min) row_min = cur[j];
        }
        if (row_min > limit) return limit + 1;
        memcpy(prev, cur, sizeof(int) * (size_t)(nb + 1));
    }
    return prev[nb];
}

static int cjk_count(const uint32_t *cp, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++) k += cp[i] >= 0x3400 && cp[i] <= 0x9FFF;
    return k;
}

/* Two spellings of one label: one holds the other (a shortened or annotated form). */
static int same_label(const char *a, const char *b)
{
    return strstr(a, b) || strstr(b, a);
}

void nb_match_snap_labels(nb_doc *d)
{
    pthread_once(&labels_once, compile_labels);
    if (!d->ocr_cells) return;
    uint32_t cell[MAX_LABEL_CHARS], tpl[MAX_LABEL_CHARS];
    for (size_t i = 0; i < d->ncells; i++) {
        nb_cell *c = &d->cells[i];
        if (!(c->marks & NB_MARK_OCR) || !c->key.core[0] || nb_match_is_template_label(c)) continue;
        nb_number num;
        nb_number_parse(c->text, c->len, &num);
        if (num.kind != NB_CELL_TEXT) continue; /* a figure, a blank, a placeholder */
        int n = code_points(c->key.core, cell);
        if (cjk_count(cell, n) < 2) continue;
        /* The nearest label, and the nearest of a different meaning: a label's shorter
         * spelling (上年结转政府信息公开申请 for …申请数量) is the same label. */
        int best = 1 << 20, rival = 1 << 20;
        const char *pick = NULL;
        for (int k = 0; k < labels.nall; k++) {
            const char *core = labels.all_cores[k];
            if (k && !strcmp(core, labels.all_cores[k - 1])) continue;
            int m = code_points(core, tpl);
            if (m <= 3) continue;
            int dist = edit_distance(cell, n, tpl, m, m / 4 + 2);
            if (dist > m / 4) continue;
            if (dist < best) {
                if (pick && !same_label(pick, core)) rival = best;
                best = dist, pick = core;
            } else if (dist < rival && !same_label(pick, core)) {
                rival = dist;
            }
        }
        if (pick && rival > best) c->key.core = pick; /* the templates' arena lives on */
    }
}

int nb_match_is_template_label(const nb_cell *c)
{
    pthread_once(&labels_once, compile_labels);
    const char *core = c->key.core;
    if (!core[0]) return 0;
    return bsearch(&core, labels.all_cores, (size_t)labels.nall, sizeof *labels.all_cores, cmp_str) != NULL;
}

static int matches(const nb_cell *c, const spelling_set *s)
{
    for (int k = 0; k < s->nkeys; k++)
        if (!strcmp(c->key.core, s->keys[k].core) && (!s->strict || c->key.number == s->keys[k].number))
            return 1;
    return 0;
}

int nb_match_is_row_label(const nb_cell *c)
{
    pthread_once(&labels_once, compile_labels);
    if (!c->key.core[0]) return 0;
    for (int t = 0; t < labels.ntemplates; t++)
        for (int i = 0; i < labels.templates[t].tpl->nrows; i++)
            if (labels.templates[t].tpl->rows[i].label && matches(c, &labels.templates[t].rows[i])) return 1;
    return 0;
}

/* A label cut by a line break: a PDF's text prints the long (六) labels of 2021 as
 * "1.申请人无正当理由逾期不补正、行政机关" with the figures, then "不再处理其政府信息公开申请"
 * on the next line. A cell whose core begins a spelling of row r, with the same item
 * number, at least MIN_CUT_CHARS characters long, and beginning no spelling of any other
 * row, stands for row r's label. Returns that spelling, or NULL. */
enum { MIN_CUT_CHARS = 6 };

static const nb_label_key *cut_label(const compiled_template *ct, int r, const nb_cell *c)
{
    const char *core = c->key.core;
    size_t n = strlen(core);
    if (nb_utf8_count(core) < MIN_CUT_CHARS) return NULL;
    const nb_label_key *hit = NULL;
    for (int i = 0; i < ct->tpl->nrows; i++) {
        const spelling_set *s = &ct->rows[i];
        for (int k = 0; k < s->nkeys; k++) {
            const nb_label_key *key = &s->keys[k];
            if (key->number != c->key.number || strlen(key->core) <= n || strncmp(key->core, core, n)) continue;
            if (i != r) return NULL; /* it begins another row's label too */
            hit = key;
        }
    }
    return hit;
}

static int matches_marker(const nb_cell *c, const compiled_template *ct, nb_table_id tb)
{
    for (int m = 0; m < ct->nmarkers[tb]; m++)
        if (c->key.core[0] && !strcmp(c->key.core, ct->markers[tb][m].core)) return 1;
    return 0;
}

const nb_template *nb_match_detect(const nb_doc *d, int year_hint)
{
    pthread_once(&labels_once, compile_labels);
    int best = -1, best_votes = 0, tie = 0;
    for (int i = 0; i < labels.ntemplates; i++) {
        const compiled_template *ct = &labels.templates[i];
        int votes = 0;
        for (size_t c = 0; c < d->ncells; c++) {
            const char *core = d->cells[c].key.core;
            if (!core[0]) continue;
            for (int k = 0; k < ct->ndistinctive; k++)
                if (!strcmp(core, ct->distinctive[k])) {
                    votes++;
                    break;
                }
        }
        if (votes > best_votes) best = i, best_votes = votes, tie = 0;
        else if (votes == best_votes && votes > 0) tie = 1;
    }
    if (best >= 0 && !tie) return labels.templates[best].tpl;
    /* No distinctive label, or as many of each: the page has only the labels both formats
     * share (or none). Then the year decides, if the shared labels are there at all. */
    int any_label = 0;
    for (size_t c = 0; c < d->ncells && !any_label; c++) any_label = nb_match_is_template_label(&d->cells[c]);
    if (!any_label) return NULL;
    const nb_template *pick = nb_templates[0];
    for (const nb_template *const *t = nb_templates; *t; t++)
        if (year_hint >= (*t)->first_year) pick = *t;
    return pick;
}

/* ---- reading values ---- */

typedef struct {
    const nb_doc *d;
    nb_number *parsed;   /* lazily parsed cells */
    unsigned char *done;
} reader;

static const nb_number *parsed(reader *rd, size_t i)
{
    if (!rd->done[i]) {
        nb_number_parse(rd->d->cells[i].text, rd->d->cells[i].len, &rd->parsed[i]);
        rd->done[i] = 1;
    }
    return &rd->parsed[i];
}

static int has_digit(const nb_cell *c)
{
    for (size_t i = 0; i < c->len; i++)
        if (c->text[i] >= '0' && c->text[i] <= '9') return 1;
    return strstr(c->text, "０") || strstr(c->text, "１") || strstr(c->text, "２") ||
           strstr(c->text, "３") || strstr(c->text, "４") || strstr(c->text, "５") ||
           strstr(c->text, "６") || strstr(c->text, "７") || strstr(c->text, "８") ||
           strstr(c->text, "９");
}

/* Prose: a sentence ("2019年，本机关未发生行政复议案件。") or a long run of text. No
 * table cell of the templates reads like that; a report's narrative does. */
static int is_narrative(const nb_cell *c)
{
    return c->len >= 120 || strstr(c->text, "。") != NULL;
}

/* A cell that can stand where a figure belongs: a number, a blank, a placeholder, or
 * unreadable text with digits in it that is neither a label nor prose ("2648-18538",
 * "见附件1"). */
static int is_value_like(reader *rd, size_t i)
{
    const nb_number *n = parsed(rd, i);
    if (n->kind != NB_CELL_TEXT) return 1;
    const nb_cell *c = &rd->d->cells[i];
    /* A cell OCR could not make out (a 1 read as 工) stands where a figure was. */
    int doubtful = (c->marks & NB_MARK_OCR_UNCERTAIN) != 0;
    return (has_digit(c) || doubtful) && !nb_match_is_template_label(c) && !is_narrative(c);
}

static void take(reader *rd, size_t i, nb_report *out, nb_value *v)
{
    v->found = 1;
    nb_report_set_raw(out, v, rd->d->cells[i].text, rd->d->cells[i].len);
    v->num = *parsed(rd, i);
    v->marks = rd->d->cells[i].marks;
}

static const char *table_zh(nb_table_id t)
{
    static const char *const zh[] = {"表二", "表三", "表四"};
    return zh[t];
}

/* Reads a labelled row whose label is cell at. Returns the index after the last cell
 * consumed, or 0 if the label is not followed by anything a row of figures could hold
 * (a menu entry, a header repeated) and so is not this row. */
static size_t read_labelled(reader *rd, size_t at, const nb_row *row, const nb_label_key *cut,
                            nb_report *out, nb_buf *warnings)
{
    const nb_doc *d = rd->d;
    int ncols = nb_row_ncolumns(row);
    size_t next = at + 1;
    if (cut && !nb_doc_same_row(d, at, next)) {
        /* The rest of a cut label, in cells of its own before the figures. */
        size_t have = strlen(d->cells[at].key.core), full = strlen(cut->core);
        while (next < d->ncells && have < full && !is_value_like(rd, next)) {
            const char *more = d->cells[next].key.core;
            size_t n = strlen(more);
            if (!n || have + n > full || strncmp(cut->core + have, more, n)) break;
            have += n;
            next++;
        }
        at = next - 1;
    }
    if (nb_doc_same_row(d, at, next)) { /* a table row: the rest of it */
        size_t end = next;
        while (nb_doc_same_row(d, at, end)) end++;
        int nvalue = 0, other_row = 0;
        for (size_t i = next; i < end; i++)
            nvalue += is_value_like(rd, i), other_row |= nb_match_is_template_label(&d->cells[i]);
        if (nvalue == 0) return 0;
        int col = 0;
        for (size_t i = next; i < end && col < ncols; i++) take(rd, i, out, nb_report_value(out, row, col++));
        if (other_row) {
            /* Another row's label among the cells: two rows' texts read as one row (a cut
             * label's rest printed beside the next row's), whose figures these are is
             * not known. */
            for (int c = 0; c < col; c++) nb_report_value(out, row, c)->marks |= NB_MARK_UNCERTAIN;
            nb_buf_printf(warnings, "%s %s: another row's label among its cells: its figures are flagged (uncertain_cell)\n",
                          table_zh(row->table), row->label);
        } else if ((int)(end - next) > ncols)
            nb_buf_printf(warnings, "%s %s: %d cells after the label, the template has %d; the extra ones were ignored\n",
                          table_zh(row->table), row->label, (int)(end - next), ncols);
        return end;
    }
    /* A flattened table: the value-like cells that follow, up to the next label. */
    size_t i = next;
    int col = 0;
    while (i < d->ncells && col < ncols && is_value_like(rd, i)) take(rd, i++, out, nb_report_value(out, row, col++));
    if (col == 0) {
        /* Figures left blank in a flattened table leave nothing between two labels; the
         * label still counts when the next cell is another template label. */
        if (i < d->ncells && nb_match_is_template_label(&d->cells[i])) return next;
        return 0;
    }
    return i;
}

/* Table 四: after its header, the run of figures fills the unlabelled rows in order. */
static size_t read_unlabelled(reader *rd, size_t from, const compiled_template *ct, int first_row,
                              nb_report *out, nb_buf *warnings)
{
    const nb_doc *d = rd->d;
    nb_table_id tb = ct->tpl->rows[first_row].table;
    size_t i = from;
    while (i < d->ncells && !matches_marker(&d->cells[i], ct, tb)) i++;
    if (i == d->ncells) return from;
    i++;
    /* Lines right under the heading may introduce the table ("具体情况如下。"). */
    while (i < d->ncells && is_narrative(&d->cells[i])) i++;
    /* Skip the header: markers, column labels, anything without a figure. Prose after
     * that means the table is not there: a heading over nothing (R12), the next
     * section's text. */
    while (i < d->ncells && !is_value_like(rd, i)) {
        if (is_narrative(&d->cells[i])) return from;
        i++;
    }
    size_t start = i;
    int wanted = 0;
    for (int r = first_row; r < ct->tpl->nrows && ct->tpl->rows[r].table == tb && !ct->tpl->rows[r].label; r++) {
        const nb_row *row = &ct->tpl->rows[r];
        wanted += nb_row_ncolumns(row);
        for (int c = 0; row->columns[c] && i < d->ncells && is_value_like(rd, i); c++)
            take(rd, i++, out, nb_report_value(out, row, c));
    }
    /* One row of a table's figures ending short of the template's columns lost a column
     * (left blank, with no header over it on its page): which one, the row does not say. */
    int one_row = i > start && d->cells[start].table >= 0 && nb_doc_same_row(d, start, i - 1) &&
                  (i == d->ncells || !nb_doc_same_row(d, start, i));
    if (one_row && i - start < (size_t)wanted) {
        for (int r = first_row; r < ct->tpl->nrows && ct->tpl->rows[r].table == tb && !ct->tpl->rows[r].label; r++)
            for (int c = 0; ct->tpl->rows[r].columns[c]; c++) {
                nb_value *v = nb_report_value(out, &ct->tpl->rows[r], c);
                if (v->found) v->marks |= NB_MARK_UNCERTAIN;
            }
        nb_buf_printf(warnings, "%s: a row of %zu figures for %d columns: which column is missing is not known (flag uncertain_cell)\n",
                      table_zh(tb), i - start, wanted);
    }
    return i;
}

/* The unit a money column's header states ("采购总金额（万元）"), if the page prints one. */
static void header_units(reader *rd, const nb_template *t, nb_report *out)
{
    for (int r = 0; r < t->nrows; r++) {
        const nb_row *row = &t->rows[r];
        for (int c = 0; row->columns[c]; c++) {
            const nb_column *col = row->columns[c];
            nb_value *v = nb_report_value(out, row, c);
            if (col->unit == NB_UNIT_WAN) snprintf(v->unit, sizeof v->unit, "万元");
            if (!col->is_money) continue;
            char core[128];
            nb_label_core(col->label, strlen(col->label), core, sizeof core);
            for (size_t i = 0; i < rd->d->ncells; i++) {
                const nb_cell *cell = &rd->d->cells[i];
                if (strcmp(cell->key.core, core)) continue;
                if (strstr(cell->text, "万元")) snprintf(v->unit, sizeof v->unit, "万元");
                else if (strstr(cell->text, "元")) snprintf(v->unit, sizeof v->unit, "元");
                break;
            }
        }
    }
}

int nb_match_read(const nb_doc *d, const nb_template *tpl, nb_report *out, nb_buf *warnings)
{
    const compiled_template *ct = compiled(tpl);
    nb_report_init(out, tpl);
    reader rd = {d, nb_xcalloc(d->ncells ? d->ncells : 1, sizeof(nb_number)),
                 nb_xcalloc(d->ncells ? d->ncells : 1, 1)};
    header_units(&rd, tpl, out);
    /* Start at the first marker of table 二 (or, when the page has none, of the first
     * table that has one), so that a site menu listing "行政许可" above the report is not
     * read as the row. */
    size_t cursor = d->ncells;
    for (int tb = 0; tb < NB_TABLE_COUNT && cursor == d->ncells; tb++)
        for (cursor = 0; cursor < d->ncells && !matches_marker(&d->cells[cursor], ct, (nb_table_id)tb);) cursor++;
    if (cursor == d->ncells) cursor = 0;
    for (int r = 0; r < tpl->nrows; r++) {
        const nb_row *row = &tpl->rows[r];
        if (!row->label) {
            cursor = read_unlabelled(&rd, cursor, ct, r, out, warnings);
            while (r + 1 < tpl->nrows && !tpl->rows[r + 1].label && tpl->rows[r + 1].table == row->table) r++;
            continue;
        }
        for (size_t i = cursor; i < d->ncells; i++) {
            const nb_label_key *cut = NULL;
            if (!matches(&d->cells[i], &ct->rows[r]) && !(cut = cut_label(ct, r, &d->cells[i]))) continue;
            size_t after = read_labelled(&rd, i, row, cut, out, warnings);
            if (after) {
                cursor = after;
                break;
            }
        }
    }
    int found = 0;
    for (int i = 0; i < out->nvalues; i++) {
        nb_value *v = &out->values[i];
        if (!v->found) continue;
        found++;
        if (v->num.unit[0]) snprintf(v->unit, sizeof v->unit, "%s", v->num.unit);
    }
    for (int r = 0; r < tpl->nrows; r++) {
        const nb_row *row = &tpl->rows[r];
        for (int c = 0; row->columns[c]; c++)
            if (nb_report_value(out, row, c)->found) out->tables_found[row->table] = 1;
    }
    free(rd.parsed);
    free(rd.done);
    return found;
}
