/* sha256: the SHA-256 digest (FIPS 180-4), for naming archived pages by their content.
 *
 * Small and dependency-free on purpose: nianbao needs a content hash, not a crypto
 * library. Feed bytes in any number of pieces, then take the digest.
 *
 *   nb_sha256 h; nb_sha256_init(&h); nb_sha256_update(&h, body, len);
 *   char hex[65]; nb_sha256_hex(&h, hex);   // "e3b0c442..." (64 lower-case hex digits)
 */
#ifndef NB_SHA256_H
#define NB_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t state[8];
    uint64_t total;          /* bytes fed so far */
    unsigned char block[64]; /* pending partial block */
    size_t used;             /* bytes in block */
} nb_sha256;

void nb_sha256_init(nb_sha256 *h);
void nb_sha256_update(nb_sha256 *h, const void *data, size_t len);
/* Finishes the digest; h must be initialised again before reuse. */
void nb_sha256_final(nb_sha256 *h, unsigned char digest[32]);
/* Finishes the digest as 64 lower-case hex digits and a NUL. */
void nb_sha256_hex(nb_sha256 *h, char hex[65]);
/* One call for a whole byte string. */
void nb_sha256_hex_of(const void *data, size_t len, char hex[65]);

#endif
