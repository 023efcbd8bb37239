/* progress: see progress.h. */
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

void nb_progress_start(nb_progress *p, const char *stage, int enabled)
{
    p->stage = stage;
    p->enabled = enabled && isatty(STDERR_FILENO);
    p->shown = 0;
}

void nb_progress_update(nb_progress *p, size_t done, size_t total)
{
    if (!p->enabled || total == 0) return;
    enum { WIDTH = 30 };
    size_t filled = done * WIDTH / total;
    char bar[WIDTH + 1];
    for (size_t i = 0; i < WIDTH; i++) bar[i] = i < filled ? '#' : ' ';
    bar[WIDTH] = '\0';
    fprintf(stderr, "\r%-8s [%s] %zu/%zu", p->stage, bar, done, total);
    fflush(stderr);
    p->shown = 1;
}

void nb_progress_end(nb_progress *p)
{
    if (p->shown) fprintf(stderr, "\r\033[K");
    p->shown = 0;
}

void nb_progress_callback(void *ctx, size_t done, size_t total)
{
    nb_progress_update(ctx, done, total);
}
