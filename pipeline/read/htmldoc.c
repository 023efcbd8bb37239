/* htmldoc: gumbo tree -> cells (see htmldoc.h).
 *
 * The walk is iterative with an explicit stack: real and hostile pages nest elements
 * deeper than a C stack should recurse. gumbo allocates from an arena freed in one go
 * after the walk: a parse makes tens of thousands of small allocations, and malloc and
 * free of each, then a walk of the tree to free it, cost a quarter of the parse. */
#include "pipeline/read/htmldoc.h"

#include <gumbo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "pipeline/read/grid.h"

typedef struct {
    const GumboNode *node;
    int leaving; /* the frame closes an element that started a block */
} frame;

typedef struct {
    frame *items;
    size_t n, cap;
} frame_stack;

static void push(frame_stack *s, const GumboNode *node, int leaving)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->items = nb_xrealloc(s->items, s->cap * sizeof *s->items);
    }
    s->items[s->n++] = (frame){node, leaving};
}

static int is_skipped(GumboTag t)
{
    return t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT ||
           t == GUMBO_TAG_TEMPLATE || t == GUMBO_TAG_IFRAME || t == GUMBO_TAG_SELECT ||
           t == GUMBO_TAG_SVG || t == GUMBO_TAG_OBJECT || t == GUMBO_TAG_TEXTAREA ||
           t == GUMBO_TAG_BUTTON || t == GUMBO_TAG_HEAD;
}

/* Elements that end one cell of text and start another outside tables. */
static int is_block(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_LI: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TABLE: case GUMBO_TAG_TR:
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_CENTER: case GUMBO_TAG_PRE: case GUMBO_TAG_HR:
    case GUMBO_TAG_FORM: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_MAIN: case GUMBO_TAG_FIGURE: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_BODY: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
        return 1;
    default:
        return 0;
    }
}

static const char *attr(const GumboNode *n, const char *name)
{
    const GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : NULL;
}

/* Appends the text under node to out; blocks and <br> become spaces. */
static void gather_text(const GumboNode *node, nb_buf *out, frame_stack *stack)
{
    size_t base = stack->n;
    push(stack, node, 0);
    while (stack->n > base) {
        const GumboNode *n = stack->items[--stack->n].node;
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
            n->type == GUMBO_NODE_CDATA) {
            nb_buf_adds(out, n->v.text.text);
            continue;
        }
        if (n->type != GUMBO_NODE_ELEMENT) continue;
        GumboTag t = n->v.element.tag;
        if (is_skipped(t)) continue;
        if (t == GUMBO_TAG_BR || is_block(t)) nb_buf_addc(out, ' ');
        const GumboVector *kids = &n->v.element.children;
        for (unsigned i = kids->length; i-- > 0;) push(stack, kids->data[i], 0);
    }
}

static int has_suffix_ci(const char *s, const char *const *suffixes)
{
    const char *end = s + strcspn(s, "?#");
    for (const char *const *x = suffixes; *x; x++) {
        size_t n = strlen(*x);
        if ((size_t)(end - s) >= n && !strncasecmp(end - n, *x, n)) return 1;
    }
    return 0;
}

static const char *const attachment_suffixes[] = {".pdf", ".doc", ".docx", ".xls", ".xlsx",
                                                  ".wps", ".et", ".ofd", ".zip", ".rar",
                                                  ".7z", NULL};
static const char *const image_suffixes[] = {".jpg", ".jpeg", ".png", ".gif", ".bmp", NULL};

typedef struct {
    nb_doc *d;
    nb_buf block;       /* text of the block being read outside data tables */
    nb_buf scratch;
    frame_stack stack;
    frame_stack inner;  /* for gather_text */
} walker;

static void flush_block(walker *w)
{
    if (w->block.len) {
        nb_doc_new_row(w->d);
        nb_doc_add_cell(w->d, w->block.data, w->block.len, 0, 1, 1, -1, 0);
        nb_buf_clear(&w->block);
    }
}

static void read_data_table(walker *w, const GumboNode *table)
{
    nb_grid g;
    nb_grid_build(table, &g);
    int index = w->d->ntables++;
    int row = -1;
    for (size_t i = 0; i < g.ncells; i++) {
        const nb_grid_cell *c = &g.cells[i];
        if (c->row != row) {
            nb_doc_new_row(w->d);
            row = c->row;
        }
        nb_buf_clear(&w->scratch);
        gather_text(c->node, &w->scratch, &w->inner);
        nb_doc_add_cell(w->d, nb_buf_str(&w->scratch), w->scratch.len, c->col, c->colspan,
                        c->rowspan, index, 1);
    }
    nb_grid_free(&g);
}

static void on_element(walker *w, const GumboNode *n);

static void read_head(walker *w, const GumboNode *head)
{
    const GumboVector *kids = &head->v.element.children;
    for (unsigned i = 0; i < kids->length; i++) {
        const GumboNode *k = kids->data[i];
        if (k->type != GUMBO_NODE_ELEMENT) continue;
        if (k->v.element.tag == GUMBO_TAG_TITLE && !w->d->title) {
            nb_buf_clear(&w->scratch);
            gather_text(k, &w->scratch, &w->inner);
            w->d->title = nb_arena_strndup(&w->d->arena, nb_buf_str(&w->scratch), w->scratch.len);
        } else if (k->v.element.tag == GUMBO_TAG_META) {
            on_element(w, k);
        }
    }
}

static void on_element(walker *w, const GumboNode *n)
{
    GumboTag t = n->v.element.tag;
    if (t == GUMBO_TAG_META) {
        const char *name = attr(n, "name");
        if (!name) name = attr(n, "http-equiv");
        if (!name) name = attr(n, "property");
        const char *content = attr(n, "content");
        if (name && content) nb_doc_add_meta(w->d, name, content);
        else if (attr(n, "charset")) nb_doc_add_meta(w->d, "charset", attr(n, "charset"));
        return;
    }
    if (t == GUMBO_TAG_HEAD) read_head(w, n);
    if (t == GUMBO_TAG_A) {
        const char *href = attr(n, "href");
        if (href && has_suffix_ci(href, attachment_suffixes)) {
            nb_buf_clear(&w->scratch);
            gather_text(n, &w->scratch, &w->inner);
            nb_doc_add_link(w->d, href, nb_buf_str(&w->scratch), 0);
        }
    } else if (t == GUMBO_TAG_IMG) {
        const char *src = attr(n, "src");
        if (src && has_suffix_ci(src, image_suffixes)) {
            const char *alt = attr(n, "alt");
            nb_doc_add_link(w->d, src, alt ? alt : "", 1);
        }
    }
}

static void *arena_allocate(void *arena, size_t n)
{
    return nb_arena_alloc_uninit(arena, n); /* gumbo, like malloc's callers, sets what it uses */
}

static void arena_deallocate(void *arena, void *p)
{
    (void)arena, (void)p; /* all at once, after the walk */
}

int nb_htmldoc_parse(const char *html, size_t len, nb_doc *d)
{
    nb_arena tree = NB_ARENA_INIT;
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0; /* parse errors are normal on these pages; do not record them */
    options.allocator = arena_allocate;
    options.deallocator = arena_deallocate;
    options.userdata = &tree;
    GumboOutput *out = gumbo_parse_with_options(&options, html, len);
    walker w = {.d = d};
    push(&w.stack, out->document, 0);
    while (w.stack.n) {
        frame f = w.stack.items[--w.stack.n];
        const GumboNode *n = f.node;
        if (f.leaving) {
            flush_block(&w);
            continue;
        }
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
            n->type == GUMBO_NODE_CDATA) {
            nb_buf_adds(&w.block, n->v.text.text);
            continue;
        }
        if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) continue;
        if (n->type == GUMBO_NODE_ELEMENT) {
            GumboTag t = n->v.element.tag;
            on_element(&w, n);
            if (is_skipped(t)) continue;
            if (t == GUMBO_TAG_BR) {
                nb_buf_addc(&w.block, ' ');
                continue;
            }
            if (t == GUMBO_TAG_TABLE && !nb_grid_has_nested_table(n)) {
                flush_block(&w);
                read_data_table(&w, n);
                continue;
            }
            if (is_block(t)) {
                flush_block(&w);
                push(&w.stack, n, 1);
            }
        }
        const GumboVector *kids = n->type == GUMBO_NODE_DOCUMENT ? &n->v.document.children
                                                                 : &n->v.element.children;
        for (unsigned i = kids->length; i-- > 0;) push(&w.stack, kids->data[i], 0);
    }
    flush_block(&w);
    nb_buf_free(&w.block);
    nb_buf_free(&w.scratch);
    free(w.stack.items);
    free(w.inner.items);
    nb_arena_free(&tree); /* the whole tree, out included */
    return 0;
}

int nb_htmldoc_sniff(const char *text, size_t len)
{
    static const char *const markers[] = {"<html", "<body", "<table", "<p>", "<p ", "<div",
                                          "<!doctype", "<meta", "<br", "<head", "<td", "<span",
                                          NULL};
    size_t limit = len < 8192 ? len : 8192;
    for (size_t i = 0; i < limit; i++) {
        if (text[i] != '<') continue;
        for (const char *const *m = markers; *m; m++) {
            size_t n = strlen(*m);
            if (i + n <= len && !strncasecmp(text + i, *m, n)) return 1;
        }
    }
    return 0;
}
