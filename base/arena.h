/* arena: bump allocation for everything that lives exactly as long as one page.
 *
 * The ownership rule of nianbao: a page's cells, labels and strings are allocated from
 * the page's arena and freed all at once with it; longer-lived things are malloc'ed and
 * owned by the struct that holds them. */
#ifndef NB_ARENA_H
#define NB_ARENA_H

#include <stddef.h>

typedef struct nb_arena_block nb_arena_block;

typedef struct {
    nb_arena_block *head;
} nb_arena;

#define NB_ARENA_INIT {0}

void *nb_arena_alloc(nb_arena *a, size_t n);                /* 8-byte aligned, zeroed */
void *nb_arena_alloc_uninit(nb_arena *a, size_t n);         /* the same, not zeroed: for code
                                                               that sets what it uses (gumbo) */
char *nb_arena_strndup(nb_arena *a, const char *s, size_t n); /* NUL-terminated copy */
void nb_arena_free(nb_arena *a);

#endif
