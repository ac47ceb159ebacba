/* Two Responses accumulators fed the same events, one with the delta fast
 * path and one without it, compared after every apply: the return code,
 * the error, the update (type, sequence number, every change: kind,
 * indices, item id, appended text), the last sequence number and the
 * warnings, and as JSON the event, every node a change points at, the
 * snapshot, the final response and output_text (the trees of the first 64
 * events and of every 16th after, which keeps long streams fast: a
 * difference stays in the snapshot). Used by the differential fuzz target
 * and its unit test. */
#ifndef OAI_FUZZ_RESP_TWIN_H
#define OAI_FUZZ_RESP_TWIN_H

#include <stddef.h>

#include "oai/response_accumulate.h"

typedef struct resp_twin resp_twin;

/* NULL when out of memory; opts may be NULL. */
resp_twin *resp_twin_new(const oai_response_accumulator_options *opts);
/* Make both read the next events as the suffix of a resumed stream (as a
 * response stream does after it reconnects): sequence numbers must follow
 * on, and a repeated event is dropped. */
void resp_twin_resume(resp_twin *t);
/* Apply one event to both: NULL when they agree, else a description of
 * the first difference (static). */
const char *resp_twin_apply(resp_twin *t, const char *name, const char *data,
                            size_t len);
/* The snapshots and final responses after the last event: NULL when they
 * agree. */
const char *resp_twin_end(resp_twin *t);
/* Events the fast side applied by the fast path so far. */
unsigned long long resp_twin_fast_hits(const resp_twin *t);
void resp_twin_free(resp_twin *t);

#endif
