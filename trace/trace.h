/*
 * trace.h - the canonical trace of an assistant stream: one JSON line per
 * hook call, then one line with everything the stream's final accessors
 * return. Written on the public API only; `oai replay --trace` prints it
 * and the conformance tests compare it with the corpus's expected traces.
 *
 * Lines:
 *   {"cb":"<hook>", ...}  one per hook call, with the hook's arguments
 *   {"final":{"run":RUN,"messages":MSGS,"run_steps":STEPS,
 *             "text_deltas":TEXT,"error":KIND}}
 * KIND is null when the stream ended normally, else trace_error_kind() of
 * the stream's error.
 */
#ifndef TRACE_H
#define TRACE_H

#include <stdio.h>

#include "oai.h"

typedef struct trace_printer {
    FILE *out;
    int write_failed; /* a line could not be built or written */
} trace_printer;

/* Point `h`'s hooks (all of them) at a printer writing to `out`. */
void trace_printer_attach(oai_assistant_handler *h, trace_printer *t,
                          FILE *out);

/* Drain `s` through the text-deltas iterator (feeding it from `next_chunk`
 * when it is detached and needs bytes), then print the final line.
 * next_chunk returns 1 after feeding more bytes or ending the input, 0 when
 * it has nothing more. Returns the stream's final code (OAI_OK or error). */
int trace_printer_run(trace_printer *t, oai_stream *s,
                      int (*next_chunk)(void *ctx, oai_stream *s), void *ctx);

/* The word the trace uses for the error that ended a stream: "api_error"
 * (an `error` event), "decode_error" (bad SSE, UTF-8 or JSON),
 * "accumulate_error" (a delta that cannot be applied), "limit" (a size
 * limit), "timeout", "user_abort" (a hook asked to stop) or "transport"
 * (any other failure). NULL for a NULL error or code 0. */
const char *trace_error_kind(const oai_error *err);

#endif
