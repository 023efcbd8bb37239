/* gumbo_floor: the floor of the extraction benchmark. Reads each page, gumbo-parses it
 * whole and frees the tree, nothing else: what any extractor built on gumbo pays at
 * least if it parses every byte. Same gumbo options as nianbao (parse errors not kept).
 *
 *     gumbo_floor [--files-from LIST] [PAGE...]
 *
 * Prints the number of pages and bytes; time it from outside (bench/bench.py). */
#include <gumbo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *b = malloc(cap);
    size_t got;
    while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) b = realloc(b, cap *= 2);
    }
    fclose(f);
    *len = n;
    return b;
}

static int parse(const char *path, size_t *bytes)
{
    size_t len;
    char *page = slurp(path, &len);
    if (!page) {
        fprintf(stderr, "gumbo_floor: cannot read %s\n", path);
        return 1;
    }
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;
    GumboOutput *out = gumbo_parse_with_options(&options, page, len);
    gumbo_destroy_output(&options, out);
    free(page);
    *bytes += len;
    return 0;
}

int main(int argc, char **argv)
{
    size_t pages = 0, bytes = 0;
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--files-from") && i + 1 < argc) {
            FILE *list = strcmp(argv[++i], "-") ? fopen(argv[i], "r") : stdin;
            if (!list) {
                fprintf(stderr, "gumbo_floor: cannot read %s\n", argv[i]);
                return 2;
            }
            char line[4096];
            while (fgets(line, sizeof line, list)) {
                line[strcspn(line, "\r\n")] = '\0';
                if (!line[0]) continue;
                failed |= parse(line, &bytes);
                pages++;
            }
            if (list != stdin) fclose(list);
        } else {
            failed |= parse(argv[i], &bytes);
            pages++;
        }
    }
    printf("%zu pages, %zu bytes\n", pages, bytes);
    return failed;
}
