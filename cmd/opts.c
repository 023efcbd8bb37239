/* opts: the option table parser shared by every subcommand; --help is generated from
 * the same table, so the two cannot drift apart. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

void nb_opts_usage(const char *usage_line, const nb_option *opts, FILE *to)
{
    fprintf(to, "usage: %s\n\noptions:\n", usage_line);
    for (const nb_option *o = opts; o->long_name; o++) {
        char left[64];
        int n = o->short_name ? snprintf(left, sizeof left, "-%c, --%s", o->short_name, o->long_name)
                              : snprintf(left, sizeof left, "    --%s", o->long_name);
        if (o->kind != NB_OPT_FLAG && n > 0 && (size_t)n < sizeof left)
            snprintf(left + n, sizeof left - (size_t)n, " %s", o->arg);
        fprintf(to, "  %-26s %s\n", left, o->help);
    }
    fprintf(to, "  %-26s %s\n", "-h, --help", "show this help");
}

static const nb_option *find_long(const nb_option *opts, const char *name, size_t len)
{
    for (const nb_option *o = opts; o->long_name; o++)
        if (strlen(o->long_name) == len && !strncmp(o->long_name, name, len)) return o;
    return NULL;
}

static const nb_option *find_short(const nb_option *opts, char c)
{
    for (const nb_option *o = opts; o->long_name; o++)
        if (o->short_name == c) return o;
    return NULL;
}

static void apply(const nb_option *o, char *value)
{
    switch (o->kind) {
    case NB_OPT_FLAG: *(int *)o->target = 1; break;
    case NB_OPT_STRING: *(char **)o->target = value; break;
    case NB_OPT_LIST: nb_strlist_add(o->target, value); break;
    }
}

int nb_opts_parse(int argc, char **argv, const char *usage_line, const nb_option *opts,
                  nb_strlist *operands, int *help_shown)
{
    *help_shown = 0;
    int only_operands = 0;
    const nb_option *given[64]; /* string options seen: a second value would silently win */
    size_t ngiven = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (only_operands || a[0] != '-' || a[1] == '\0') {
            nb_strlist_add(operands, a);
            continue;
        }
        if (!strcmp(a, "--")) {
            only_operands = 1;
            continue;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            nb_opts_usage(usage_line, opts, stdout);
            *help_shown = 1;
            return 0;
        }
        const nb_option *o;
        char *value = NULL;
        if (a[1] == '-') {
            char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
            o = find_long(opts, a + 2, len);
            if (eq) value = eq + 1;
        } else {
            o = find_short(opts, a[1]);
            if (o && a[2]) {
                if (o->kind == NB_OPT_FLAG) o = NULL; /* no bundling of flags */
                else value = a + 2;
            }
        }
        if (!o) {
            fprintf(stderr, "nianbao: unknown option '%s'\n", a);
            nb_opts_usage(usage_line, opts, stderr);
            return NB_EXIT_USAGE;
        }
        if (o->kind == NB_OPT_FLAG) {
            if (value) {
                fprintf(stderr, "nianbao: option --%s takes no value\n", o->long_name);
                return NB_EXIT_USAGE;
            }
        } else if (!value) {
            if (i + 1 >= argc) {
                fprintf(stderr, "nianbao: option --%s needs %s\n", o->long_name, o->arg);
                return NB_EXIT_USAGE;
            }
            value = argv[++i];
        }
        if (o->kind == NB_OPT_STRING) {
            for (size_t k = 0; k < ngiven; k++)
                if (given[k] == o) {
                    fprintf(stderr, "nianbao: option --%s is given twice; give it once\n", o->long_name);
                    return NB_EXIT_USAGE;
                }
            if (ngiven < sizeof given / sizeof given[0]) given[ngiven++] = o;
        }
        apply(o, value);
    }
    return -1;
}
