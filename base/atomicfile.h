/* atomicfile: files that are either the old version or the complete new one.
 *
 * Every output nianbao writes goes through here: the content is written to a hidden
 * temporary file in the same folder (".<name>.tmp-<pid>"), flushed and fsync'ed, then
 * renamed over the target and the folder fsync'ed. A run killed at any point (even
 * kill -9) leaves at most a stray temporary file, never a half-written output. A file
 * that already holds exactly the new content is left alone (same inode, same mtime). */
#ifndef NB_ATOMICFILE_H
#define NB_ATOMICFILE_H

#include <stdio.h>

#include "base/buf.h"

typedef struct {
    char *path;
    char *tmp_path;
    FILE *f;
} nb_atomic;

/* Creates missing parent folders, opens the temporary file for writing (a->f).
 * Returns 0, or -1 with "<path>: <reason>" in err. */
int nb_atomic_open(nb_atomic *a, const char *path, nb_buf *err);
/* Flushes, fsyncs and renames into place (or, when the target already holds the same
 * bytes, drops the temporary file and leaves the target untouched). On any failure the target is untouched, the
 * temporary file removed, and -1 returned with "<path>: <reason>" in err. */
int nb_atomic_commit(nb_atomic *a, nb_buf *err);
/* Drops the temporary file; the target is untouched. Safe after a failed commit. */
void nb_atomic_abort(nb_atomic *a);

/* Writes a whole byte string atomically. */
int nb_atomic_write(const char *path, const void *data, size_t len, nb_buf *err);

/* mkdir -p. Returns 0, or -1 with "<dir>: <reason>" in err. */
int nb_mkdirs(const char *dir, nb_buf *err);

#endif
