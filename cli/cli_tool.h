/*
 * cli_tool.h - answering function calls with local commands (--tool).
 *
 * `--tool NAME=COMMAND` maps a function name to a shell command. The
 * command runs through /bin/sh -c with the call's arguments JSON on its
 * stdin; its stdout (trailing newline removed) becomes the tool output.
 * Its stderr passes through to ours.
 */
#ifndef CLI_TOOL_H
#define CLI_TOOL_H

#include <oai.h>
#include <stddef.h>

#include "cli_args.h"
#include "cli_display.h"

/* Finds the command for `name` among "NAME=COMMAND" specs; NULL if none. */
const char *cli_tool_find(const cli_list *specs, const char *name);

/* Checks that every spec has the NAME=COMMAND form; 0 or -1. */
int cli_tool_check(const cli_list *specs, const char **bad);

/* Runs `command` with `input` on stdin and collects stdout into *out
 * (malloc'ed, NUL-terminated, caller frees). Kills the command after
 * timeout_ms. *status receives the exit status (or 128+signal, or -1 on
 * timeout). Returns 0 when the command ran (whatever its status), -1 if it
 * could not be started or its output could not be collected. */
int cli_tool_run(char **out, size_t *out_len, int *status, const char *command,
                 const char *input, size_t input_len, long timeout_ms);

/* Answer a call of function `name` with its --tool command from `specs`:
 * runs it with `args` on stdin. On success *out is its output (free()).
 * Otherwise the problem is reported on stderr as "oai CMD: ..." and the
 * exit code returned (CLI_EXIT_LOCAL: no command for the function, it
 * failed, timed out or printed a NUL byte). */
int cli_tool_answer(char **out, const char *cmd, const cli_list *specs,
                    const char *name, const char *args, long timeout_ms);

/* Answers one function call ({id, function: {name, arguments}}) with the
 * --tool command of its name: appends {"tool_call_id": id, key: output} to
 * the array `outputs` and shows the call on `disp` (NULL: not shown).
 * Returns a CLI exit code; failures are reported on stderr as `oai cmd`. */
int cli_tool_answer_call(oai_json *outputs, const char *key,
                         const oai_json *call, const cli_list *tools,
                         long timeout_ms, const char *cmd, cli_display *disp);

#endif /* CLI_TOOL_H */
