/* atomicfile: temporary file + fsync + rename (see atomicfile.h). */
#include "base/atomicfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int nb_mkdirs(const char *dir, nb_buf *err)
{
    char *path = nb_xstrdup(dir);
    size_t n = strlen(path);
    for (size_t i = 1; i <= n; i++) {
        if (path[i] != '/' && path[i] != '\0') continue;
        char saved = path[i];
        path[i] = '\0';
        if (mkdir(path, 0777) != 0 && errno != EEXIST) {
            nb_buf_printf(err, "%s: cannot create folder: %s", path, strerror(errno));
            free(path);
            return -1;
        }
        path[i] = saved;
    }
    struct stat st;
    int ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    if (!ok) nb_buf_printf(err, "%s: not a folder", dir);
    free(path);
    return ok ? 0 : -1;
}

static char *parent_of(const char *path)
{
    char *copy = nb_xstrdup(path);
    char *parent = nb_xstrdup(dirname(copy));
    free(copy);
    return parent;
}

int nb_atomic_open(nb_atomic *a, const char *path, nb_buf *err)
{
    memset(a, 0, sizeof *a);
    char *parent = parent_of(path);
    int rc = nb_mkdirs(parent, err);
    if (rc == 0) {
        char *copy = nb_xstrdup(path);
        nb_buf tmp = NB_BUF_INIT;
        nb_buf_printf(&tmp, "%s/.%s.tmp-%ld", parent, basename(copy), (long)getpid());
        free(copy);
        a->tmp_path = nb_buf_detach(&tmp);
        a->path = nb_xstrdup(path);
        int fd = open(a->tmp_path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0666); /* read back by commit */
        a->f = fd >= 0 ? fdopen(fd, "w+b") : NULL;
        if (!a->f) {
            nb_buf_printf(err, "%s: cannot write: %s", path, strerror(errno));
            if (fd >= 0) close(fd);
            free(a->tmp_path);
            free(a->path);
            memset(a, 0, sizeof *a);
            rc = -1;
        }
    }
    free(parent);
    return rc;
}

static void fsync_folder_of(const char *path)
{
    char *parent = parent_of(path);
    int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd); /* best effort: some file systems refuse fsync on folders */
        close(fd);
    }
    free(parent);
}

/* Whether the file at path holds exactly the bytes of the open file fd. */
static int same_content(int fd, const char *path)
{
    struct stat mine, theirs;
    if (fstat(fd, &mine) != 0 || stat(path, &theirs) != 0 || !S_ISREG(theirs.st_mode) ||
        mine.st_size != theirs.st_size)
        return 0;
    int other = open(path, O_RDONLY | O_CLOEXEC);
    if (other < 0) return 0;
    char x[65536], y[sizeof x];
    int same = 1;
    for (off_t at = 0; same && at < mine.st_size;) {
        ssize_t n = pread(fd, x, sizeof x, at);
        same = n > 0 && pread(other, y, (size_t)n, at) == n && !memcmp(x, y, (size_t)n);
        at += n > 0 ? n : 0;
    }
    close(other);
    return same;
}

static void atomic_release(nb_atomic *a)
{
    free(a->tmp_path);
    free(a->path);
    memset(a, 0, sizeof *a);
}

int nb_atomic_commit(nb_atomic *a, nb_buf *err)
{
    if (!a->f) {
        nb_buf_printf(err, "%s: not open for writing", a->path ? a->path : "(file)");
        return -1;
    }
    int failed = ferror(a->f) || fflush(a->f) != 0;
    /* Rewriting a file with what it already holds would cost an fsync and tell backups,
     * rsync and anyone watching mtimes that something changed: a nightly run that found
     * nothing new leaves every output as it was. */
    if (!failed && same_content(fileno(a->f), a->path)) {
        nb_atomic_abort(a);
        return 0;
    }
    failed = failed || fsync(fileno(a->f)) != 0;
    int saved = errno;
    if (fclose(a->f) != 0 && !failed) failed = 1, saved = errno;
    a->f = NULL;
    if (!failed && rename(a->tmp_path, a->path) != 0) failed = 1, saved = errno;
    if (failed) {
        nb_buf_printf(err, "%s: cannot write: %s", a->path, strerror(saved ? saved : EIO));
        nb_atomic_abort(a);
        return -1;
    }
    fsync_folder_of(a->path);
    atomic_release(a);
    return 0;
}

void nb_atomic_abort(nb_atomic *a)
{
    if (a->f) fclose(a->f);
    if (a->tmp_path) unlink(a->tmp_path);
    atomic_release(a);
}

int nb_atomic_write(const char *path, const void *data, size_t len, nb_buf *err)
{
    nb_atomic a;
    if (nb_atomic_open(&a, path, err) != 0) return -1;
    if (len && fwrite(data, 1, len, a.f) != len) {
        nb_buf_printf(err, "%s: cannot write: %s", path, strerror(errno));
        nb_atomic_abort(&a);
        return -1;
    }
    return nb_atomic_commit(&a, err);
}
