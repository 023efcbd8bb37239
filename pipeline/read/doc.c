/* doc: the page-as-cells container (see doc.h). */
#include "pipeline/read/doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/utf8.h"

void nb_doc_init(nb_doc *d)
{
    memset(d, 0, sizeof *d);
    d->nrows = -1;
}

void nb_doc_free(nb_doc *d)
{
    free(d->cells);
    free(d->metas);
    free(d->links);
    nb_arena_free(&d->arena);
    memset(d, 0, sizeof *d);
}

void nb_doc_new_row(nb_doc *d)
{
    d->nrows++;
}

/* Collapses every run of whitespace (of any kind, see utf8.h) into one ASCII space and
 * trims both ends; NUL bytes are dropped. Returns the new length. */
static size_t collapse(const char *text, size_t len, char *out)
{
    size_t o = 0;
    int pending_space = 0;
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        if (s[i] < 0x80) { /* ASCII fast path */
            unsigned char ch = s[i++];
            if (ch == ' ' || (ch >= '\t' && ch <= '\r')) {
                pending_space = o > 0;
                continue;
            }
            if (ch == 0) continue;
            if (pending_space) out[o++] = ' ', pending_space = 0;
            out[o++] = (char)ch;
            continue;
        }
        uint32_t cp;
        size_t n = nb_utf8_decode(s + i, len - i, &cp);
        if (nb_utf8_is_space(cp)) {
            pending_space = o > 0;
        } else {
            if (pending_space) out[o++] = ' ', pending_space = 0;
            memcpy(out + o, s + i, n);
            o += n;
        }
        i += n;
    }
    out[o] = '\0';
    return o;
}

void nb_doc_add_cell(nb_doc *d, const char *text, size_t len, int col, int colspan, int rowspan,
                     int table, int keep_empty)
{
    char *clean = nb_arena_alloc(&d->arena, len + 1);
    size_t n = collapse(text, len, clean);
    if (n == 0 && !keep_empty) return;
    if (d->ncells == d->capcells) {
        d->capcells = d->capcells ? d->capcells * 2 : 256;
        d->cells = nb_xrealloc(d->cells, d->capcells * sizeof *d->cells);
    }
    if (d->nrows < 0) d->nrows = 0;
    nb_cell *c = &d->cells[d->ncells++];
    c->text = clean;
    c->len = n;
    nb_label_key_make(&d->arena, clean, n, &c->key);
    c->row = d->nrows;
    c->col = col;
    c->colspan = colspan;
    c->rowspan = rowspan;
    c->table = table;
    c->marks = 0;
}

void nb_doc_add_meta(nb_doc *d, const char *name, const char *content)
{
    if (d->nmetas == d->capmetas) {
        d->capmetas = d->capmetas ? d->capmetas * 2 : 16;
        d->metas = nb_xrealloc(d->metas, d->capmetas * sizeof *d->metas);
    }
    d->metas[d->nmetas].name = nb_arena_strndup(&d->arena, name, strlen(name));
    d->metas[d->nmetas].content = nb_arena_strndup(&d->arena, content, strlen(content));
    d->nmetas++;
}

void nb_doc_add_link(nb_doc *d, const char *href, const char *text, int picture)
{
    if (d->nlinks == d->caplinks) {
        d->caplinks = d->caplinks ? d->caplinks * 2 : 16;
        d->links = nb_xrealloc(d->links, d->caplinks * sizeof *d->links);
    }
    d->links[d->nlinks].href = nb_arena_strndup(&d->arena, href, strlen(href));
    char *clean = nb_arena_alloc(&d->arena, strlen(text) + 1);
    collapse(text, strlen(text), clean);
    d->links[d->nlinks].text = clean;
    d->links[d->nlinks].picture = picture;
    d->links[d->nlinks].row = d->nrows;
    d->nlinks++;
}

const char *nb_doc_meta(const nb_doc *d, const char *const *names)
{
    for (const char *const *n = names; *n; n++)
        for (size_t i = 0; i < d->nmetas; i++)
            if (!strcasecmp(d->metas[i].name, *n) && d->metas[i].content[0])
                return d->metas[i].content;
    return NULL;
}
