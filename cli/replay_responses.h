/*
 * replay_responses.h - `oai replay` of a Responses API stream: the
 * canonical trace (--trace) or a human display (text as it arrives, the
 * reasoning summary, tool activity).
 */
#ifndef CLI_REPLAY_RESPONSES_H
#define CLI_REPLAY_RESPONSES_H

#include <stddef.h>
#include <stdio.h>

/* Replay the body whose first `head_len` bytes are `head` (already read)
 * and whose rest is read from `f` in `chunk`-byte pieces. Returns the exit
 * status. */
int cli_replay_responses(FILE *f, const char *path, const char *head,
                         size_t head_len, size_t chunk, int trace_mode);

#endif
