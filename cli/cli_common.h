/*
 * cli_common.h - what every oai subcommand shares: the client built from
 * flags and environment, JSON output, reading --json parameters.
 */
#ifndef CLI_COMMON_H
#define CLI_COMMON_H

#include <oai.h>
#include <stdio.h>

#include "cli_args.h"
#include "cli_exit.h"

/* Creates the client from --base-url/--api-key/--timeout, falling back to
 * OPENAI_API_KEY, OPENAI_BASE_URL, ... Reports failures itself. Returns
 * CLI_EXIT_OK with *out set, or an exit code. */
int cli_client(oai_client **out, const cli_global *g, const char *cmd);

/* Prints a JSON value (pretty) and a newline to stdout. 0 or exit code. */
int cli_print_json(const oai_json *j);

/* Parses `text` as a JSON object for --json. Reports errors. 0 or
 * CLI_EXIT_USAGE. A NULL text gives an empty object. */
int cli_json_object(oai_json **out, const char *text, const char *cmd);

/* Reports the last error of `c` for a failed call and returns the exit
 * code for `rc`. */
int cli_fail(const char *cmd, const char *what, int rc, const oai_client *c);

/* Prints a subcommand's help text to stdout and returns CLI_EXIT_OK. */
int cli_help(const char *text);

/* The common options, for help texts. */
#define CLI_GLOBAL_HELP                                                        \
    "Connection options (every subcommand):\n"                                 \
    "  --base-url URL   API base URL (default: $OPENAI_BASE_URL, else\n"       \
    "                   https://api.openai.com/v1)\n"                          \
    "  --api-key KEY    API key (default: $OPENAI_API_KEY)\n"                  \
    "  --timeout SEC    per-request timeout and stream idle timeout\n"         \
    "  --help           this help\n"

#endif /* CLI_COMMON_H */
