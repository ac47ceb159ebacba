/* The options of the streaming commands (cli_stream_opts.h). */
#include "cli_stream_opts.h"

#include <stdio.h>

#include "cli_exit.h"
#include "cli_tool.h"

int cli_stream_opts_check(cli_stream_opts *o, const char *cmd)
{
    const char *bad = NULL;
    if (o->events && o->text_only) {
        fprintf(stderr, "oai %s: --events and --text-only exclude each other\n",
                cmd);
        return CLI_EXIT_USAGE;
    }
    if (cli_tool_check(&o->tools, &bad) != 0) {
        fprintf(stderr, "oai %s: --tool wants NAME=COMMAND, got '%s'\n", cmd,
                bad);
        return CLI_EXIT_USAGE;
    }
    o->tool_timeout_ms = 60000;
    if (o->tool_timeout != NULL &&
        cli_seconds_ms(o->tool_timeout, 0, &o->tool_timeout_ms) != 0) {
        fprintf(stderr, "oai %s: --tool-timeout wants seconds > 0\n", cmd);
        return CLI_EXIT_USAGE;
    }
    o->stall_ms = CLI_STALL_TIMEOUT_MS;
    if (o->stall_timeout != NULL &&
        cli_seconds_ms(o->stall_timeout, 1, &o->stall_ms) != 0) {
        fprintf(stderr, "oai %s: --stall-timeout wants seconds >= 0\n", cmd);
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}
