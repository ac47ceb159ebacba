/* Pieces of the scenario "model" shared by the Assistants runs (scenarios.c)
 * and the Responses engine (resp_scenarios.c). */
#ifndef EMU_SCENARIO_UTIL_H
#define EMU_SCENARIO_UTIL_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "store.h"

/* Arguments for a function tool: a JSON object (malloc'd text) with a plausible
 * value for every property of fn["parameters"]. */
char *scenario_fake_arguments(const cJSON *fn);
/* The first completed file of the given vector stores (NULL when none) and the
 * start of its text, on one line, in snippet ("no indexed content" when there
 * is none). */
obj *scenario_pick_file(const char *const *vs_ids, int nvs, char *snippet,
                        size_t snippet_size);

/* A parsed "#scenario:<name> [args]" message. */
typedef struct scenario_cmd {
    char name[32];
    const char *args; /* points into the message, spaces skipped */
} scenario_cmd;

/* Parse text (leading blanks skipped). Returns 1 for a scenario command, else 0
 * with *reply set to the echo answer of an ordinary message. */
int scenario_parse(const char *text, scenario_cmd *cmd, char *reply,
                   size_t reply_size);
/* "function [NAME] [N]" / "parallel [N]": the call count (default 1 / 2); NAME
 * into fname ("" when absent). */
long scenario_function_args(const scenario_cmd *cmd, char *fname,
                            size_t fname_size);
/* "long N [MS]" / "slow [MS]": the delta count (1..1000000; slow: 50);
 * *delta_ms receives MS when given (slow: default 100), else stays as it is. */
long scenario_long_args(const scenario_cmd *cmd, long *delta_ms);
/* "fail [CODE]": CODE into code (default "server_error"). */
void scenario_code_arg(const scenario_cmd *cmd, char *code, size_t code_size);

/* {"code": code, "message": message}: a run's last_error, a response's error.
 */
cJSON *scenario_error_obj(const char *code, const char *message);
/* The next word-sized piece of *text ("Hello", then " world": leading blanks
 * belong to the piece), malloc'd, and *text moved past it; NULL at the end. */
char *scenario_next_piece(const char **text);

/* Function arguments stream in 8-byte pieces: the one at off into piece. */
void scenario_args_piece(const char *args, size_t off, char piece[9]);

#endif
