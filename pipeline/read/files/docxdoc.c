/* docxdoc: word/document.xml -> cells (see docxdoc.h). */
#include "pipeline/read/files/docxdoc.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/read/files/ooxml.h"

/* ---- the XML ---- */

static int is_w(const xmlNode *n, const char *local)
{
    if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, local)) return 0;
    /* The transitional namespace (.../wordprocessingml/2006/main) or strict OOXML's. */
    const char *href = n->ns && n->ns->href ? (const char *)n->ns->href : "";
    return strstr(href, "wordprocessingml") != NULL;
}

static const char *w_attr(const xmlNode *n, const char *local)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, local) && a->children && a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

static const xmlNode *child(const xmlNode *n, const char *local)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is_w(c, local)) return c;
    return NULL;
}

/* Elements whose text is not the document's: deleted text, field codes, drawings,
 * properties, comments' anchors. */
static int is_skipped(const xmlNode *n)
{
    static const char *const skip[] = {"del", "moveFrom", "instrText", "delText", "drawing", "pict",
                                       "object", "rPr", "pPr", "tblPr", "trPr", "tcPr", "sectPr",
                                       "tblGrid", "commentReference", "footnoteReference",
                                       "endnoteReference", NULL};
    if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "AlternateContent")) return 1;
    for (const char *const *s = skip; *s; s++)
        if (is_w(n, *s)) return 1;
    return 0;
}

/* Appends the text under n: paragraphs (and rows, cells of a nested table) end with a
 * space, tabs and breaks are spaces. Iterative: hostile nesting must not recurse. */
static void gather(const xmlNode *n, nb_buf *out)
{
    const xmlNode *stack[256];
    int depth = 0;
    const xmlNode *cur = n->children;
    while (cur || depth) {
        if (!cur) {
            cur = stack[--depth];
            if (is_w(cur, "p") || is_w(cur, "tc")) nb_buf_addc(out, ' ');
            cur = cur->next;
            continue;
        }
        if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
            if (cur->parent && is_w(cur->parent, "t") && cur->content) nb_buf_adds(out, (const char *)cur->content);
        } else if (cur->type == XML_ELEMENT_NODE && !is_skipped(cur)) {
            if (is_w(cur, "tab") || is_w(cur, "br") || is_w(cur, "cr")) nb_buf_addc(out, ' ');
            else if (is_w(cur, "noBreakHyphen")) nb_buf_addc(out, '-');
            if (cur->children && depth < (int)(sizeof stack / sizeof *stack)) {
                stack[depth++] = cur;
                cur = cur->children;
                continue;
            }
            if (is_w(cur, "p")) nb_buf_addc(out, ' ');
        }
        cur = cur->next;
    }
}

typedef struct {
    int row, col, colspan, rowspan;
    char *text;
} xcell;

typedef struct {
    xcell *cells;
    int n, cap;
} xtable;

static int int_attr(const xmlNode *n, int def, int lo, int hi)
{
    const char *v = n ? w_attr(n, "val") : NULL;
    if (!v) return def;
    long x = strtol(v, NULL, 10);
    return x < lo ? lo : x > hi ? hi : (int)x;
}

/* The w:tc (w:tr) children of n, looking through content controls and custom XML. */
static void collect(const xmlNode *n, const char *local, const xmlNode **out, int *count, int cap, int depth)
{
    for (const xmlNode *c = n->children; c && *count < cap; c = c->next) {
        if (is_w(c, local)) out[(*count)++] = c;
        else if (depth < 8 && (is_w(c, "sdt") || is_w(c, "sdtContent") || is_w(c, "customXml")))
            collect(c, local, out, count, cap, depth + 1);
    }
}

enum { MAX_ROWS = 10000, MAX_CELLS_PER_ROW = 1000 };

static void read_table(const xmlNode *tbl, nb_doc *d, nb_buf *scratch)
{
    int index = d->ntables++;
    const xmlNode **trs = nb_xmalloc(sizeof *trs * MAX_ROWS);
    const xmlNode **tcs = nb_xmalloc(sizeof *tcs * MAX_CELLS_PER_ROW);
    int ntr = 0;
    collect(tbl, "tr", trs, &ntr, MAX_ROWS, 0);
    xtable t = {0};
    for (int r = 0; r < ntr; r++) {
        const xmlNode *trpr = child(trs[r], "trPr");
        int col = trpr ? int_attr(child(trpr, "gridBefore"), 0, 0, 1000) : 0;
        int ntc = 0;
        collect(trs[r], "tc", tcs, &ntc, MAX_CELLS_PER_ROW, 0);
        for (int k = 0; k < ntc; k++) {
            const xmlNode *tcpr = child(tcs[k], "tcPr");
            int span = tcpr ? int_attr(child(tcpr, "gridSpan"), 1, 1, 1000) : 1;
            const xmlNode *vm = tcpr ? child(tcpr, "vMerge") : NULL;
            const char *vmval = vm ? w_attr(vm, "val") : NULL;
            if (vm && (!vmval || !strcmp(vmval, "continue"))) {
                /* The cell above, in the same column, grows down over this one. */
                xcell *above = NULL;
                for (int i = t.n - 1; i >= 0 && !above; i--)
                    if (t.cells[i].col == col && t.cells[i].row + t.cells[i].rowspan == r) above = &t.cells[i];
                if (above) {
                    above->rowspan++;
                    col += span;
                    continue;
                }
            }
            nb_buf_clear(scratch);
            gather(tcs[k], scratch);
            if (t.n == t.cap) {
                t.cap = t.cap ? t.cap * 2 : 64;
                t.cells = nb_xrealloc(t.cells, sizeof *t.cells * (size_t)t.cap);
            }
            xcell *c = &t.cells[t.n++];
            c->row = r, c->col = col, c->colspan = span, c->rowspan = 1;
            c->text = nb_xmalloc(scratch->len + 1);
            memcpy(c->text, scratch->data ? scratch->data : "", scratch->len);
            c->text[scratch->len] = '\0';
            col += span;
        }
    }
    int row = -1;
    for (int i = 0; i < t.n; i++) {
        if (t.cells[i].row != row) {
            nb_doc_new_row(d);
            row = t.cells[i].row;
        }
        nb_doc_add_cell(d, t.cells[i].text, strlen(t.cells[i].text), t.cells[i].col, t.cells[i].colspan,
                        t.cells[i].rowspan, index, 1);
        free(t.cells[i].text);
    }
    free(t.cells);
    free(trs);
    free(tcs);
}

static void read_body(const xmlNode *body, nb_doc *d, nb_buf *scratch, int depth)
{
    for (const xmlNode *c = body->children; c; c = c->next) {
        if (is_w(c, "p")) {
            nb_buf_clear(scratch);
            gather(c, scratch);
            nb_doc_new_row(d);
            nb_doc_add_cell(d, scratch->data ? scratch->data : "", scratch->len, 0, 1, 1, -1, 0);
        } else if (is_w(c, "tbl")) {
            read_table(c, d, scratch);
        } else if (depth < 8 && (is_w(c, "sdt") || is_w(c, "sdtContent") || is_w(c, "customXml"))) {
            read_body(c, d, scratch, depth + 1);
        }
    }
}

int nb_docxdoc_parse(const char *bytes, size_t len, nb_doc *d, nb_buf *error)
{
    zip_t *z = nb_ooxml_open(bytes, len, "Word file (.docx)", error);
    if (!z) return -1;
    nb_buf xml = NB_BUF_INIT;
    int rc = nb_ooxml_read(z, "word/document.xml", NB_DOCXDOC_MAX_XML, &xml, error);
    if (rc == 1) nb_buf_adds(error, "not a Word document: the archive has no word/document.xml");
    zip_close(z); /* read only: discards, and frees the source */
    if (rc != 0) {
        nb_buf_free(&xml);
        return -1;
    }
    xmlDoc *doc = xmlReadMemory(xml.data ? xml.data : "", (int)xml.len, "document.xml", NULL, nb_ooxml_xml_options());
    nb_buf_free(&xml);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        nb_buf_printf(error, "word/document.xml is not well-formed XML%s%s", e && e->message ? ": " : "",
                      e && e->message ? e->message : "");
        while (error->len && (error->data[error->len - 1] == '\n' || error->data[error->len - 1] == ' '))
            error->data[--error->len] = '\0';
        return -1;
    }
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *body = root ? child(root, "body") : NULL;
    if (!body) {
        nb_buf_adds(error, "word/document.xml has no w:body");
        xmlFreeDoc(doc);
        return -1;
    }
    nb_buf scratch = NB_BUF_INIT;
    read_body(body, d, &scratch, 0);
    nb_buf_free(&scratch);
    xmlFreeDoc(doc);
    return 0;
}

