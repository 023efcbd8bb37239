#include "check.h"
#include "base/sha256.h"

#include <stdlib.h>

static void known_vectors(void)
{
    char hex[65];
    nb_sha256_hex_of("", 0, hex);
    CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    nb_sha256_hex_of("abc", 3, hex);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    nb_sha256_hex_of(two_blocks, strlen(two_blocks), hex);
    CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* A million 'a': the FIPS 180-2 long vector, several thousand blocks. */
static void million_a(void)
{
    char *a = malloc(1000000);
    memset(a, 'a', 1000000);
    char hex[65];
    nb_sha256_hex_of(a, 1000000, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

int main(void)
{
    known_vectors();
    million_a();
    return check_done();
}
