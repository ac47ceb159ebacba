/*
 * chat_stream_trace.h - the canonical Chat Completions trace (chat_trace.h)
 * printed by running the body through a chat stream (oai/chat_stream.h):
 * what its hooks and accessors see. `oai replay --trace` prints it and the
 * conformance tests compare it with the corpus's expected traces.
 */
#ifndef CHAT_STREAM_TRACE_H
#define CHAT_STREAM_TRACE_H

#include <stddef.h>
#include <stdio.h>

/* 1 when `buf` looks like a Chat Completions stream: its first event's
 * data is a JSON object whose `object` starts with "chat.completion", or
 * a data-only frame (no SSE event name) without a `type` member; else 0.
 * When `complete` is 0, `buf` is the start of a body: -1 while it holds
 * no complete event yet. */
int chat_stream_trace_detect(const char *buf, size_t len, int complete);

/* A printer fed as the body arrives (oai replay). */
typedef struct chat_stream_tracer chat_stream_tracer;
/* NULL on allocation failure. */
chat_stream_tracer *chat_stream_tracer_new(FILE *out);
/* Feed body bytes, printing the lines of every chunk they complete.
 * Returns 0 while the stream goes on, 1 once it ended (its end line is
 * printed; later feeds change nothing). */
int chat_stream_tracer_feed(chat_stream_tracer *tr, const void *buf,
                            size_t len);
/* End of body: the last lines and the end line (once). */
void chat_stream_tracer_finish(chat_stream_tracer *tr);
/* 1 when a line could not be built or written. */
int chat_stream_tracer_failed(const chat_stream_tracer *tr);
void chat_stream_tracer_free(chat_stream_tracer *tr);

/* Print the trace of `len` bytes fed in pieces ending at the sorted
 * offsets `cuts` (n of them; the rest goes last) to `out`. Returns 0, or
 * -1 when out of memory or a line could not be written. */
int chat_stream_trace(FILE *out, const char *buf, size_t len,
                      const size_t *cuts, size_t n);

/* The same as a malloc'd string, NULL when out of memory. */
char *chat_stream_trace_string(const char *buf, size_t len, const size_t *cuts,
                               size_t n);

#endif
