/* lock: one run at a time per output folder.
 *
 * An flock(2) on <out>/.lock, held for the life of the process: the kernel releases it
 * when the process ends however it ends (kill -9 included), so a lock is never left
 * stuck. The holder writes who it is (pid, host, start time, command) into the file, so
 * a second run can say who holds it. */
#ifndef NB_LOCK_H
#define NB_LOCK_H

#include "base/buf.h"

typedef struct {
    int fd;
} nb_lock;

typedef enum { NB_LOCK_TAKEN = 0, NB_LOCK_BUSY = 1, NB_LOCK_ERROR = -1 } nb_lock_status;

/* Takes the lock of outdir (created if missing). BUSY: holder describes the holder
 * ("pid 1234 on host since 2026-11-28T03:00:00Z: nianbao run -c county.ini"). ERROR:
 * err says why (folder not writable, say). */
nb_lock_status nb_lock_take(const char *outdir, const char *command, nb_lock *lock, nb_buf *holder,
                            nb_buf *err);
void nb_lock_release(nb_lock *lock);

#endif
