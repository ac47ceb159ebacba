/* chat_bench.h - the Chat Completions rows of stream_bench: a synthetic
 * chat stream (n content deltas, or one tool call of n argument deltas,
 * then the finish chunk, the usage chunk and [DONE]) made on the fly, and
 * the passes over it. */
#ifndef CHAT_BENCH_H
#define CHAT_BENCH_H

#include <stddef.h>

/* Feed the stream through a detached oai_chat_stream with do-nothing hooks
 * (and build its final completion); *events gets the chunks delivered,
 * *snap_bytes the final completion's JSON size. Nanoseconds of engine
 * time (synthesis excluded), or a negative value on failure. */
double chat_engine_pass(long n, int tool, long *events, size_t *snap_bytes, double *rss_mib);
/* Only parse each chunk's JSON with cJSON: nanoseconds, *events chunks. */
double chat_floor_pass(long n, int tool, long *events);
/* Write the stream to stdout; 0 or 1. */
int chat_emit(long n, int tool);

#endif
