/* The canonical trace of spec/trace.md, written on the public handler API
 * only, so the tests reuse it as is. */
#ifndef OAI_CLI_TRACE_H
#define OAI_CLI_TRACE_H

#include <stdio.h>

#include "oai.h"

typedef struct oai_trace {
    FILE *out;
    int write_failed;
} oai_trace;

/* Point `h`'s hooks (all of them) at a trace writer printing to `out`. */
void oai_trace_handler(oai_assistant_handler *h, oai_trace *t, FILE *out);

/* Drain `s` through the text-deltas iterator (feeding it from `next_chunk`
 * when it is detached and needs bytes), then print the final line.
 * next_chunk returns 1 after feeding more bytes or ending the input, 0 when
 * it has nothing more. Returns the stream's final code (OAI_OK or error). */
int oai_trace_run(oai_trace *t, oai_stream *s,
                  int (*next_chunk)(void *ctx, oai_stream *s), void *ctx);

#endif
