/* extract: saved report pages -> the template tables as tidy CSV on stdout. */
#include "cmd.h"

int cmd_extract(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "nianbao extract: not built yet\n");
    return NB_EXIT_USAGE;
}
