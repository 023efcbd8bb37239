/* nianbao: the command-line tool. Picks the subcommand from the table below; each
 * subcommand lives in its own file and owns its options. */
#include "cmd.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static const nb_command commands[] = {
    {"run", "the nightly job: fetch, extract, roll up and check a county into its output folder", cmd_run},
    {"extract", "extract the report tables of saved pages as CSV on stdout", cmd_extract},
    {"fetch", "find the townships' reports on the portal and archive them in the output folder's raw/", cmd_fetch},
    {"discover", "show what the portal lists (adapter, pages, report links, townships) and propose townships.csv; writes nothing", cmd_discover},
};

static void usage(FILE *to)
{
    fprintf(to, "usage: nianbao <command> [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(to, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(to, "\n'nianbao <command> --help' describes a command's options.\n");
}

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    /* Every page is parsed into memory freed when the page is done. By default glibc
     * hands the freed top of the heap back to the kernel after each page and takes it
     * again for the next, and the kernel zeroes every page of it each time: an eighth of
     * the extraction time. Keeping up to 32 MB for the next page costs no more than one
     * page's peak. */
    mallopt(M_TRIM_THRESHOLD, 32 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
    /* Tesseract (OCR of table pictures) parallelises with OpenMP, whose threads spin
     * while they wait: on the cell-sized pieces nianbao reads that makes a picture cost
     * three to four times the CPU for no gain in time. OpenMP reads its settings when the
     * program loads, so the limit is set here and the program started again, once (the
     * same process: exec keeps the pid). A user's own OMP_THREAD_LIMIT is kept. */
    if (!getenv("OMP_THREAD_LIMIT") && setenv("OMP_THREAD_LIMIT", "1", 1) == 0) execv("/proc/self/exe", argv);
    /* Past a file size limit (ulimit -f) the kernel would kill the run with SIGXFSZ and
     * no word; ignored, the write fails with EFBIG and the run says which file. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return NB_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("nianbao %s\n", NB_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "nianbao: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return NB_EXIT_USAGE;
}
