/* base/: what every stage uses and that knows nothing of reports (buffers, arena, UTF-8,
 * hashing, URLs, CSV files, atomic files).
 *
 * buf: the one growable byte string of nianbao.
 *
 * Every growing string or byte body in the project is an nb_buf; nobody writes realloc
 * arithmetic twice. The bytes are always NUL-terminated (len excludes the NUL), so
 * b.data can be handed to C string functions when the content is text.
 * An nb_buf initialised with NB_BUF_INIT (all zero) is valid and empty.
 * Allocation failure aborts: a batch tool has nothing sensible to do without memory. */
#ifndef NB_BUF_H
#define NB_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef struct {
    char *data;  /* NUL-terminated; NULL only while cap == 0 */
    size_t len;
    size_t cap;
} nb_buf;

#define NB_BUF_INIT {0}

void nb_buf_reserve(nb_buf *b, size_t extra);  /* room for len+extra bytes and the NUL */
void nb_buf_add(nb_buf *b, const void *p, size_t n);
void nb_buf_adds(nb_buf *b, const char *s);
void nb_buf_addc(nb_buf *b, char c);
void nb_buf_printf(nb_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void nb_buf_vprintf(nb_buf *b, const char *fmt, va_list ap);
void nb_buf_clear(nb_buf *b);                  /* len = 0, keeps the memory */
void nb_buf_free(nb_buf *b);                   /* back to NB_BUF_INIT */
const char *nb_buf_str(const nb_buf *b);       /* "" for an empty, never-allocated buf */
char *nb_buf_detach(nb_buf *b);                /* caller owns the string; b becomes empty */

/* Reads a whole file ("-" is standard input). Returns 0, or -1 with errno set. */
int nb_buf_read_file(nb_buf *b, const char *path);
/* Appends what f holds, at most max bytes: -1 with errno EFBIG when there is more (b then
 * holds the first max bytes), -1 with errno set on a read error, else 0. A file that
 * grows without end (a device, a pipe that never closes) costs max bytes, not all memory. */
int nb_buf_read_stream(nb_buf *b, FILE *f, size_t max);
/* The file at path (taken literally: "-" is a file named "-") through nb_buf_read_stream.
 * A folder is an error (EISDIR). */
int nb_buf_read_file_max(nb_buf *b, const char *path, size_t max);

/* Allocation helpers that abort on failure, for the rest of the code base. */
/* A growable list of strings it owns (copies). NB_STRLIST_INIT is an empty one. */
typedef struct {
    char **items;
    int count;
} nb_strlist;
#define NB_STRLIST_INIT {0}
void nb_strlist_add(nb_strlist *l, const char *s);
void nb_strlist_free(nb_strlist *l);

void *nb_xmalloc(size_t n);
void *nb_xcalloc(size_t count, size_t size);
void *nb_xrealloc(void *p, size_t n);
char *nb_xstrdup(const char *s);
char *nb_xstrndup(const char *s, size_t n);
/* A stream writing into memory (open_memstream): after nb_xmemstream_close, *data holds
 * *len bytes (NUL-terminated), which the caller frees. */
FILE *nb_xmemstream(char **data, size_t *len);
void nb_xmemstream_close(FILE *f);

#endif
