/* hash: the one hash function of the project's small hash tables (the manifest's URL
 * index, discovery's link sets, the HTML nesting guard's tag names). FNV-1a: short keys,
 * no adversary who profits from collisions beyond a slower lookup, one multiply a byte. */
#ifndef NB_HASH_H
#define NB_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a (64 bits) of a NUL-terminated string. */
static inline uint64_t nb_hash_str(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) h = (h ^ *p) * 1099511628211ull;
    return h;
}

#endif
