#include "check.h"
#include "pipeline/template.h"

/* The cell counts of spec/templates.md §1: 22 + 161 + 15 and 10 + 175 + 15. */
static void cell_counts_match_the_printed_templates(void)
{
    CHECK_INT(nb_template_ncells(&nb_template_2019, NB_T2), 22);
    CHECK_INT(nb_template_ncells(&nb_template_2019, NB_T3), 161);
    CHECK_INT(nb_template_ncells(&nb_template_2019, NB_T4), 15);
    CHECK_INT(nb_template_ncells(&nb_template_2021, NB_T2), 10);
    CHECK_INT(nb_template_ncells(&nb_template_2021, NB_T3), 175);
    CHECK_INT(nb_template_ncells(&nb_template_2021, NB_T4), 15);
}

/* Every key an identity names must be a row or column of its table, or the check would
 * silently compare nothing. */
static void identities_name_existing_keys(void)
{
    for (const nb_template *const *tp = nb_templates; *tp; tp++) {
        const nb_template *t = *tp;
        for (int i = 0; i < t->nidentities; i++) {
            const nb_identity *id = &t->identities[i];
            for (int side = 0; side < 2; side++) {
                for (const char *const *k = side ? id->rhs : id->lhs; *k; k++) {
                    int found = 0;
                    for (int r = 0; r < t->nrows && !found; r++) {
                        const nb_row *row = &t->rows[r];
                        if (row->table != id->table) continue;
                        if (id->axis == NB_DOWN) {
                            found = !strcmp(row->key, *k);
                        } else {
                            for (int c = 0; row->columns[c] && !found; c++)
                                found = !strcmp(row->columns[c]->key, *k);
                        }
                    }
                    if (!found) fprintf(stderr, "%s %s: unknown key %s\n", t->name, id->id, *k);
                    CHECK(found);
                }
            }
        }
    }
}

static void keys_are_unique_within_a_table(void)
{
    for (const nb_template *const *tp = nb_templates; *tp; tp++)
        for (int i = 0; i < (*tp)->nrows; i++)
            for (int j = i + 1; j < (*tp)->nrows; j++)
                CHECK(!((*tp)->rows[i].table == (*tp)->rows[j].table &&
                        !strcmp((*tp)->rows[i].key, (*tp)->rows[j].key)));
}

int main(void)
{
    cell_counts_match_the_printed_templates();
    identities_name_existing_keys();
    keys_are_unique_within_a_table();
    return check_done();
}
