/*
 * chat_trace.h - the canonical trace of a Chat Completions stream: one JSON
 * line per chunk (the snapshot's changed top-level members, a summary of
 * each choice of the chunk and the helper's delta events for it), the
 * helper's done events as lines of their own, then the final completion
 * and an end line. Written on the public API only (oai/sse.h and
 * oai/chat_accumulate.h); `oai replay --trace` can print it and the
 * conformance tests compare it with the corpus's expected traces.
 *
 * Lines:
 *   {"chunk":N,"set":{...},"choices":[{"index":I,...,"events":[...]}]}
 *   {"event":"content.done","choice":I,"content":TEXT}   (and the others)
 *   {"final":COMPLETION}            only when the stream ended cleanly
 *   {"end":"ok"} or {"end":"error","kind":K,"message":M}
 * Tool-call ids that no chunk carried print as "(generated)".
 */
#ifndef CHAT_TRACE_H
#define CHAT_TRACE_H

#include <stddef.h>
#include <stdio.h>

#include "oai/chat_accumulate.h"

typedef struct chat_trace chat_trace;

/* A printer writing to `out`; opts may be NULL. NULL on allocation
 * failure. */
chat_trace *chat_trace_new(FILE *out, const oai_chat_accumulator_options *opts);
/* Feed body bytes. Returns 0 while the stream goes on, 1 once it ended
 * (the end line is then printed; later feeds are ignored). */
int chat_trace_feed(chat_trace *t, const void *buf, size_t len);
/* End of body: delivers an unterminated last event, prints the final and
 * end lines (once). */
void chat_trace_finish(chat_trace *t);
/* A printer of what a chat stream (oai/chat_stream.h) delivers: chunk
 * lines read the snapshot of `acc` (borrowed: the stream's,
 * oai_chat_stream_accumulator()). Feed it with the two calls below, not
 * chat_trace_feed(). NULL on allocation failure. */
chat_trace *chat_trace_attach(FILE *out, const oai_chat_accumulator *acc);
/* Print the lines of one chunk the stream delivered (its chunk line, then
 * its done events). */
void chat_trace_update(chat_trace *t, const oai_chat_update *u);
/* Print how the stream ended: `err` (an error end line), else the final
 * completion `final` and the ok end line. Once. */
void chat_trace_end(chat_trace *t, const oai_json *final, const oai_error *err);
/* 1 when a line could not be built or written. */
int chat_trace_failed(const chat_trace *t);
void chat_trace_free(chat_trace *t);

/* The trace of `len` bytes fed in pieces ending at the sorted offsets
 * `cuts` (n of them; the rest goes last), as a malloc'd string (NULL on
 * allocation failure). */
char *chat_trace_string(const char *buf, size_t len, const size_t *cuts,
                        size_t n);

#endif
