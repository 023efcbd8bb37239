/* buf: growable byte strings and the abort-on-failure allocators (see buf.h). */
#include "base/buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void out_of_memory(size_t n)
{
    fprintf(stderr, "nianbao: out of memory (allocating %zu bytes)\n", n);
    abort();
}

FILE *nb_xmemstream(char **data, size_t *len)
{
    FILE *f = open_memstream(data, len);
    if (!f) out_of_memory(0);
    return f;
}

void nb_xmemstream_close(FILE *f)
{
    /* Writing into memory fails only when memory does. */
    if (ferror(f) | fclose(f)) out_of_memory(0);
}

void *nb_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) out_of_memory(n);
    return p;
}

void *nb_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) out_of_memory(count * size);
    return p;
}

void *nb_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) out_of_memory(n);
    return q;
}

char *nb_xstrdup(const char *s)
{
    return nb_xstrndup(s, strlen(s));
}

char *nb_xstrndup(const char *s, size_t n)
{
    char *p = nb_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void nb_buf_reserve(nb_buf *b, size_t extra)
{
    if (extra > (size_t)-1 - b->len - 1) out_of_memory((size_t)-1);
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
    b->data = nb_xrealloc(b->data, cap);
    b->cap = cap;
    b->data[b->len] = '\0'; /* a fresh buffer is a valid empty string at once */
}

void nb_buf_add(nb_buf *b, const void *p, size_t n)
{
    nb_buf_reserve(b, n);
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void nb_buf_adds(nb_buf *b, const char *s)
{
    nb_buf_add(b, s, strlen(s));
}

void nb_buf_addc(nb_buf *b, char c)
{
    nb_buf_add(b, &c, 1);
}

void nb_buf_vprintf(nb_buf *b, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n > 0) {
        nb_buf_reserve(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
        b->len += (size_t)n;
    }
    va_end(again);
}

void nb_buf_printf(nb_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    nb_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void nb_buf_clear(nb_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
}

void nb_buf_free(nb_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

const char *nb_buf_str(const nb_buf *b)
{
    return b->data ? b->data : "";
}

char *nb_buf_detach(nb_buf *b)
{
    char *s = b->data ? b->data : nb_xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

int nb_buf_read_stream(nb_buf *b, FILE *f, size_t max)
{
    char chunk[65536];
    size_t total = 0, n;
    int too_big = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (n > max - total) {
            nb_buf_add(b, chunk, max - total);
            too_big = 1;
            break;
        }
        nb_buf_add(b, chunk, n);
        total += n;
    }
    if (!b->data) nb_buf_reserve(b, 0);
    if (too_big) {
        errno = EFBIG;
        return -1;
    }
    if (ferror(f)) {
        if (!errno) errno = EIO;
        return -1;
    }
    return 0;
}

int nb_buf_read_file_max(nb_buf *b, const char *path, size_t max)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        errno = EISDIR;
        return -1;
    }
    errno = 0;
    int rc = nb_buf_read_stream(b, f, max);
    int saved = errno;
    fclose(f);
    errno = saved;
    return rc;
}

int nb_buf_read_file(nb_buf *b, const char *path)
{
    if (strcmp(path, "-") == 0) {
        errno = 0;
        return nb_buf_read_stream(b, stdin, (size_t)-1);
    }
    return nb_buf_read_file_max(b, path, (size_t)-1);
}

void nb_strlist_add(nb_strlist *l, const char *s)
{
    l->items = nb_xrealloc(l->items, sizeof(char *) * (size_t)(l->count + 1));
    l->items[l->count++] = nb_xstrdup(s);
}

void nb_strlist_free(nb_strlist *l)
{
    for (int i = 0; i < l->count; i++) free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->count = 0;
}
