/*
 * cli_stream_opts.h - the options the streaming commands share (`oai
 * chat`, `oai run`, `oai complete`): --tool, --tool-timeout,
 * --stall-timeout, --events, --text-only, --json.
 */
#ifndef CLI_STREAM_OPTS_H
#define CLI_STREAM_OPTS_H

#include "cli_args.h"

/* The longest wait for the next event by default: only a server stuck in
 * keep-alive comments goes five minutes without one. */
#define CLI_STALL_TIMEOUT_MS 300000L

typedef struct cli_stream_opts {
    const char *json, *tool_timeout, *stall_timeout;
    int events, text_only;
    cli_list tools;
    long tool_timeout_ms, stall_ms; /* set by cli_stream_opts_check() */
} cli_stream_opts;

/* The cli_opt entries of these options, for an option table. */
#define CLI_STREAM_OPT_ENTRIES(o)                                              \
    {"tool", CLI_LIST, &(o)->tools},                                           \
        {"tool-timeout", CLI_STR, &(o)->tool_timeout},                         \
        {"stall-timeout", CLI_STR, &(o)->stall_timeout},                       \
        {"events", CLI_FLAG, &(o)->events},                                    \
        {"text-only", CLI_FLAG, &(o)->text_only},                              \
    {                                                                          \
        "json", CLI_STR, &(o)->json                                            \
    }

/* Checks them and converts the timeouts; reports a usage error as `oai
 * cmd`. CLI_EXIT_OK or CLI_EXIT_USAGE. */
int cli_stream_opts_check(cli_stream_opts *o, const char *cmd);

#endif /* CLI_STREAM_OPTS_H */
