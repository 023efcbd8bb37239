/* ocrcache: cell lists on disk by picture hash (see ocrcache.h). */
#include "pipeline/ocr/ocrcache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>

#include "base/atomicfile.h"

/* Bumped whenever the way pictures are read changes what they give. */
#define METHOD_VERSION 1

void nb_ocrcells_add(nb_ocrcells *l, int table, int row, int col, int colspan, int rowspan,
                     unsigned marks, const char *text)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->cells = nb_xrealloc(l->cells, sizeof *l->cells * (size_t)l->cap);
    }
    char *t = nb_xstrdup(text);
    for (char *p = t; *p; p++)
        if (*p == '\t' || *p == '\n' || *p == '\r') *p = ' ';
    l->cells[l->n++] = (nb_ocrcell){table, row, col, colspan, rowspan, marks, t};
}

void nb_ocrcells_free(nb_ocrcells *l)
{
    for (int i = 0; i < l->n; i++) free(l->cells[i].text);
    free(l->cells);
    memset(l, 0, sizeof *l);
}

static int valid_key(const char *key)
{
    if (!key || strlen(key) != 64) return 0;
    for (const char *p = key; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return 0;
    return 1;
}

static void path_of(nb_buf *path, const char *dir, const char *key)
{
    nb_buf_printf(path, "%s/%.2s/%s.ocr", dir, key, key);
}

static void header(nb_buf *out)
{
    nb_buf_printf(out, "nianbao-ocr\t%d\ttesseract %s\n", METHOD_VERSION, TessVersion());
}

int nb_ocrcache_load(const char *dir, const char *key, nb_ocrcells *out)
{
    if (!dir || !valid_key(key)) return 0;
    nb_buf path = NB_BUF_INIT, data = NB_BUF_INIT, head = NB_BUF_INIT;
    path_of(&path, dir, key);
    header(&head);
    int hit = 0;
    if (nb_buf_read_file_max(&data, path.data, (size_t)64 << 20) == 0 && data.len >= head.len &&
        !memcmp(data.data, head.data, head.len)) {
        char *line = data.data + head.len;
        hit = sscanf(line, "tables\t%d\t%d\n", &out->tables, &out->unruled) == 2;
        line = strchr(line, '\n');
        while (hit && line && *++line) {
            char *end = strchr(line, '\n');
            if (!end) break;
            *end = '\0';
            int t, r, c, cs, rs, f, off = 0;
            if (sscanf(line, "%d\t%d\t%d\t%d\t%d\t%d\t%n", &t, &r, &c, &cs, &rs, &f, &off) != 6 || !off) {
                hit = 0;
                break;
            }
            nb_ocrcells_add(out, t, r, c, cs, rs, (unsigned)f & (NB_MARK_OCR | NB_MARK_OCR_UNCERTAIN), line + off);
            line = end;
        }
        if (!hit) nb_ocrcells_free(out);
    }
    nb_buf_free(&path);
    nb_buf_free(&data);
    nb_buf_free(&head);
    return hit;
}

int nb_ocrcache_store(const char *dir, const char *key, const nb_ocrcells *cells, nb_buf *err)
{
    if (!valid_key(key)) {
        nb_buf_printf(err, "%s: not a SHA-256 to file OCR results under", key ? key : "(none)");
        return -1;
    }
    nb_buf path = NB_BUF_INIT, data = NB_BUF_INIT;
    path_of(&path, dir, key);
    header(&data);
    nb_buf_printf(&data, "tables\t%d\t%d\n", cells->tables, cells->unruled);
    for (int i = 0; i < cells->n; i++) {
        const nb_ocrcell *c = &cells->cells[i];
        nb_buf_printf(&data, "%d\t%d\t%d\t%d\t%d\t%d\t%s\n", c->table, c->row, c->col, c->colspan, c->rowspan,
                      c->marks, c->text);
    }
    int rc = nb_atomic_write(path.data, data.data, data.len, err);
    nb_buf_free(&path);
    nb_buf_free(&data);
    return rc;
}
