/* replay: runs a fuzz target's LLVMFuzzerTestOneInput over files, without libFuzzer, so
 * the ordinary (and the sanitizer) build replays the seeds and every crash input fuzzing
 * once found. Arguments are files or folders (their regular files, non-recursively).
 * Prints how many inputs ran; a failed invariant or a sanitizer report aborts. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "fuzz.h"

static int run_file(const char *path)
{
    nb_buf b = NB_BUF_INIT;
    if (nb_buf_read_file(&b, path) != 0) {
        fprintf(stderr, "%s: cannot read\n", path);
        return -1;
    }
    LLVMFuzzerTestOneInput((const uint8_t *)b.data, b.len);
    nb_buf_free(&b);
    return 0;
}

int main(int argc, char **argv)
{
    int ran = 0, failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "%s: no such file or folder\n", argv[i]);
            failed++;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            failed += run_file(argv[i]) != 0;
            ran++;
            continue;
        }
        DIR *d = opendir(argv[i]);
        struct dirent *e;
        while (d && (e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            nb_buf path = NB_BUF_INIT;
            nb_buf_printf(&path, "%s/%s", argv[i], e->d_name);
            if (stat(path.data, &st) == 0 && S_ISREG(st.st_mode)) {
                failed += run_file(path.data) != 0;
                ran++;
            }
            nb_buf_free(&path);
        }
        if (d) closedir(d);
    }
    printf("%d inputs replayed\n", ran);
    return failed ? 1 : 0;
}
