/* arena: a list of large blocks; allocation bumps a pointer (see arena.h). */
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

struct nb_arena_block {
    nb_arena_block *next;
    size_t used, size;
    _Alignas(8) unsigned char data[];
};

/* Blocks start small (a report read back from CSV holds a few KB of text; a roll-up
 * keeps thousands of them) and double up to the largest size. */
enum { FIRST_BLOCK = 4 * 1024, BLOCK_SIZE = 64 * 1024 };

void *nb_arena_alloc_uninit(nb_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    nb_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t next = !b ? FIRST_BLOCK : b->size < BLOCK_SIZE ? b->size * 2 : BLOCK_SIZE;
        size_t size = n > next / 4 ? n : next;
        nb_arena_block *nb = nb_xmalloc(sizeof *nb + size);
        nb->used = 0;
        nb->size = size;
        /* A one-off large block goes behind the current one so that the current block's
         * free space stays in use. */
        if (b && size != next) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

void *nb_arena_alloc(nb_arena *a, size_t n)
{
    void *p = nb_arena_alloc_uninit(a, n);
    memset(p, 0, (n + 7) & ~(size_t)7);
    return p;
}

char *nb_arena_strndup(nb_arena *a, const char *s, size_t n)
{
    char *p = nb_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void nb_arena_free(nb_arena *a)
{
    nb_arena_block *b = a->head;
    while (b) {
        nb_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}
