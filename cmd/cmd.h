/* cmd/: the subcommands: argument tables, exit codes and what a person sees.
 *
 * cmd: what the subcommands share: the exit statuses cron sees, the option table that
 * parses arguments and writes --help, and the subcommand entry points. */
#ifndef NB_CMD_H
#define NB_CMD_H

#include <stdio.h>
#include <string.h>

#include "pipeline/config.h"
#include "scrapers/harvest.h"
#include "pipeline/fetch/lock.h"

enum {
    NB_EXIT_OK = 0,      /* everything processed; anomalies are data, not failures */
    NB_EXIT_PARTIAL = 1, /* some inputs failed; the rest were written */
    NB_EXIT_USAGE = 2,   /* usage or configuration error */
    NB_EXIT_LOCKED = 3,  /* another run holds the output folder's lock */
    NB_EXIT_CHALLENGED = 4, /* the portal answered with an anti-robot challenge: reports could
                               not be listed or fetched; nothing unseen is called missing */
    NB_EXIT_FINDINGS = 5,   /* run --fail-on: a finding nobody acknowledged is that severe */
};

typedef struct {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
} nb_command;

/* One row per option. A NULL `arg` means a flag (sets *(int *)target = 1); otherwise the
 * option takes a value: NB_OPT_STRING stores the string, NB_OPT_LIST appends it to an
 * nb_strlist (base/buf.h). */
typedef enum { NB_OPT_FLAG, NB_OPT_STRING, NB_OPT_LIST } nb_opt_kind;

typedef struct {
    char short_name;      /* 0 if none */
    const char *long_name;
    nb_opt_kind kind;
    const char *arg;      /* placeholder shown in --help, e.g. "NAME" */
    void *target;
    const char *help;
} nb_option;

/* Parses argv[1..] against the table; operands (non-options, and "-") are returned in
 * order in *operands. Prints usage and returns NB_EXIT_USAGE on a bad option, 0 on
 * --help (after printing it, with *help_shown = 1), -1 when parsing went fine. */
int nb_opts_parse(int argc, char **argv, const char *usage_line, const nb_option *opts,
                  nb_strlist *operands, int *help_shown);
void nb_opts_usage(const char *usage_line, const nb_option *opts, FILE *to);

int cmd_extract(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_discover(int argc, char **argv);

/* A command working on a county (fetch, run): its common options (-c, -o, --township,
 * --year, -v, -q), the loaded configuration and selection, and the output folder's lock. */
typedef struct {
    const char *who;                 /* "nianbao run", prefixes messages */
    char *config_path, *out_dir, *years;
    nb_strlist townships;
    int verbose, quiet;
    nb_config cfg;
    nb_select sel;
    nb_lock lock;
    int loaded, selected;
} nb_county_job;

/* Parses argv (the common options plus `extra`, a table ending with a NULL long_name, or
 * NULL), loads the configuration and the selection and takes the lock. Returns -1 when
 * the job is ready to run, otherwise the exit status (after printing why); then the job
 * is already closed. */
int nb_county_job_open(nb_county_job *j, const char *who, const char *usage_line, int argc, char **argv,
                       const nb_option *extra);
void nb_county_job_close(nb_county_job *j);

/* The length in bytes of the first max_chars characters of UTF-8 text, for quoting page
 * text in a one-line message (a link or cell can hold a megabyte); *cut tells whether
 * text goes on. */
static inline int nb_cmd_excerpt(const char *text, int max_chars, int *cut)
{
    int bytes = 0, chars = 0;
    while (text[bytes] && chars < max_chars) {
        bytes++;
        while ((text[bytes] & 0xC0) == 0x80) bytes++;
        chars++;
    }
    *cut = text[bytes] != '\0';
    return bytes;
}

/* Prints each line of a multi-line message on stderr as "<who>: <line>". */
static inline void nb_cmd_print_lines(const char *who, const char *lines)
{
    while (*lines) {
        size_t n = strcspn(lines, "\n");
        if (n) fprintf(stderr, "%s: %.*s\n", who, (int)n, lines);
        lines += n + (lines[n] == '\n');
    }
}

/* What fetch and run print about a harvest (warnings unless quiet, counts when
 * verbose, every failure); who prefixes each line ("nianbao run"). */
void nb_cmd_report_harvest(const char *who, const nb_config *cfg, const nb_select *sel, const nb_harvest *h,
                           const char *out_dir, int verbose, int quiet, int asked_for_some);

#endif
