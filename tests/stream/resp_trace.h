/* The canonical trace of a Responses stream (one JSON line per event, then
 * an end line), printed from the public SSE decoder and response
 * accumulator only. */
#ifndef OAI_TEST_RESP_TRACE_H
#define OAI_TEST_RESP_TRACE_H

#include <stddef.h>
#include <stdio.h>

#include "oai/response_accumulate.h"

typedef struct resp_trace resp_trace;

/* A printer writing to `out`; opts may be NULL. NULL on allocation
 * failure. */
resp_trace *resp_trace_new(FILE *out, const oai_response_accumulator_options *opts);
/* Feed body bytes. Returns 0 while the stream goes on, 1 once it ended
 * with an error (the end line is then printed; later feeds are ignored). */
int resp_trace_feed(resp_trace *t, const void *buf, size_t len);
/* End of body: prints what is pending and the end line (once). */
void resp_trace_finish(resp_trace *t);
void resp_trace_free(resp_trace *t);

/* The trace of `len` bytes fed in pieces ending at the sorted offsets
 * `cuts` (n of them; the rest goes last), as a malloc'd string. */
char *resp_trace_string(const char *buf, size_t len, const size_t *cuts, size_t n);

#endif
