/*
 * cli_args.h - the option parser every oai subcommand uses.
 *
 * Options are long only (`--name value`, `--name=value`, flags without a
 * value), may appear anywhere among the positional arguments, and `--` ends
 * option parsing. The global options (--base-url, --api-key, --timeout,
 * --help) are accepted by every subcommand.
 */
#ifndef CLI_ARGS_H
#define CLI_ARGS_H

#include <stddef.h>

typedef enum cli_opt_kind {
    CLI_FLAG, /* dest is int *, set to 1 */
    CLI_STR,  /* dest is const char **, the last occurrence wins */
    CLI_LIST  /* dest is cli_list *, every occurrence is appended */
} cli_opt_kind;

typedef struct cli_list {
    const char **items; /* malloc'ed array of borrowed argv strings */
    size_t n;
} cli_list;

typedef struct cli_opt {
    const char *name; /* without the leading "--" */
    cli_opt_kind kind;
    void *dest;
} cli_opt;

/* Connection settings shared by all subcommands; NULL = from environment. */
typedef struct cli_global {
    const char *base_url;
    const char *api_key;
    const char *timeout; /* seconds, decimal */
    int help;
} cli_global;

/* Parses argv[first..argc) against opts (NULL-name terminated) plus the
 * global options. Positional arguments go to *pos. Returns 0, or prints a
 * message naming `cmd` to stderr and returns CLI_EXIT_USAGE. */
int cli_parse(int argc, char **argv, int first, const cli_opt *opts,
              cli_list *pos, cli_global *g, const char *cmd);

void cli_list_clear(cli_list *l);

/* Parses a duration in seconds ("1.5") into milliseconds (at least 1 for a
 * positive value). Accepts 0 only when `allow_zero`; at most one day.
 * Returns 0, or -1 when `text` is not such a number. */
int cli_seconds_ms(const char *text, int allow_zero, long *ms);

#endif /* CLI_ARGS_H */
