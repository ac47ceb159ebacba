/*
 * resp_stream_trace.h - the canonical trace of a Responses API stream
 * (one JSON line per event, then an end line), printed by running the body
 * through a response stream (oai/response_stream.h): what its hooks and
 * accessors see after each event. `oai replay --trace` prints it and the
 * conformance tests compare it with the corpus's expected traces.
 *
 * A delta line depends on the event after it (a run of deltas on one item
 * prints sizes, its last delta the whole item), so the body is first
 * scanned for the type and output_index of every event; then it is fed to
 * the stream in the pieces asked for, and each event's line is printed as
 * the stream delivers it, in linear time.
 */
#ifndef RESP_STREAM_TRACE_H
#define RESP_STREAM_TRACE_H

#include <stddef.h>
#include <stdio.h>

#include "oai.h"

/* 1 when `buf` looks like a Responses stream: its first event's type (JSON
 * `type`, else the SSE event name) starts with "response." or is
 * "error" / "keepalive". */
int resp_stream_trace_detect(const char *buf, size_t len);

/* Print the trace of `len` bytes fed in pieces ending at the sorted
 * offsets `cuts` (n of them; the rest goes last) to `out`. `opts` may be
 * NULL (its handler is ignored). Returns 0, or -1 when out of memory. */
int resp_stream_trace(FILE *out, const char *buf, size_t len,
                      const size_t *cuts, size_t n,
                      const oai_response_stream_options *opts);

/* The same as a malloc'd string, NULL when out of memory. */
char *resp_stream_trace_string(const char *buf, size_t len,
                               const size_t *cuts, size_t n);

#endif
