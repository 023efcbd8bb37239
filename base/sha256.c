/* sha256: one call into libcrypto's EVP interface (see sha256.h for why not our own). */
#include "base/sha256.h"

#include <openssl/evp.h>
#include <stdlib.h>

void nb_sha256_hex_of(const void *data, size_t len, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    /* Fails only when libcrypto cannot allocate or has no SHA-256: nothing to go on with. */
    if (!EVP_Digest(data, len, digest, &n, EVP_sha256(), NULL) || n != 32) abort();
    for (unsigned i = 0; i < 32; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}
