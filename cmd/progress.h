/* progress: a one-line progress bar on stderr, only when stderr is a terminal (cron and
 * pipes see nothing). */
#ifndef NB_PROGRESS_H
#define NB_PROGRESS_H

#include <stddef.h>

typedef struct {
    const char *stage;
    int enabled;
    int shown;
} nb_progress;

void nb_progress_start(nb_progress *p, const char *stage, int enabled);
void nb_progress_update(nb_progress *p, size_t done, size_t total);
/* Clears the line. */
void nb_progress_end(nb_progress *p);
/* A harvest/extract progress callback: ctx is an nb_progress. */
void nb_progress_callback(void *ctx, size_t done, size_t total);

#endif
