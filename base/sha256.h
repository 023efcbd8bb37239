/* sha256: the SHA-256 digest, for naming archived pages and images by their content.
 *
 * OpenSSL's libcrypto computes it: the binary loads libcrypto already (libcurl's TLS), and
 * its digest uses the CPU's SHA instructions where there are any, so a hand-written copy
 * would be more code to keep and slower. */
#ifndef NB_SHA256_H
#define NB_SHA256_H

#include <stddef.h>

/* The digest of data[0..len) as 64 lower-case hex digits and a NUL. */
void nb_sha256_hex_of(const void *data, size_t len, char hex[65]);

#endif
