/* lock: flock on <out>/.lock (see lock.h). */
#include "pipeline/fetch/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "base/atomicfile.h"

nb_lock_status nb_lock_take(const char *outdir, const char *command, nb_lock *lock, nb_buf *holder,
                            nb_buf *err)
{
    lock->fd = -1;
    if (nb_mkdirs(outdir, err) != 0) return NB_LOCK_ERROR;
    nb_buf path = NB_BUF_INIT;
    nb_buf_printf(&path, "%s/.lock", outdir);
    int fd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        nb_buf_printf(err, "%s: cannot open: %s", path.data, strerror(errno));
        nb_buf_free(&path);
        return NB_LOCK_ERROR;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int busy = errno == EWOULDBLOCK;
        if (busy) {
            char who[512];
            ssize_t n = pread(fd, who, sizeof who - 1, 0);
            who[n > 0 ? n : 0] = '\0';
            who[strcspn(who, "\n")] = '\0';
            nb_buf_adds(holder, who[0] ? who : "another process");
        } else {
            nb_buf_printf(err, "%s: cannot lock: %s", path.data, strerror(errno));
        }
        close(fd);
        nb_buf_free(&path);
        return busy ? NB_LOCK_BUSY : NB_LOCK_ERROR;
    }
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    char when[32];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    char who[1024];
    int n = snprintf(who, sizeof who, "pid %ld on %s since %s: %s\n", (long)getpid(), host, when, command);
    if (ftruncate(fd, 0) != 0 || pwrite(fd, who, (size_t)(n < (int)sizeof who ? n : (int)sizeof who - 1), 0) < 0) {
        /* The lock holds even if the note cannot be written; only the message suffers. */
    }
    lock->fd = fd;
    nb_buf_free(&path);
    return NB_LOCK_TAKEN;
}

void nb_lock_release(nb_lock *lock)
{
    if (lock->fd >= 0) {
        /* Emptied before unlocking, so that a note is only ever read from a live holder. */
        if (ftruncate(lock->fd, 0) != 0) { /* a stale note misleads a message, nothing more */ }
        flock(lock->fd, LOCK_UN);
        close(lock->fd);
        lock->fd = -1;
    }
}
