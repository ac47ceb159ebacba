/* Two Assistants accumulators fed the same events, one with the delta fast
 * path and one without it, compared after every event: the parsed event
 * tree (what the hooks see), the return code, the error, every change
 * record (kind, index, id, appended text; as JSON the delta and snapshot
 * it points at), and the run, message and step snapshots. The trees of
 * the first 64 events and of every 16th after are compared in full, which
 * keeps long streams fast (a difference stays in the snapshots). Events
 * are decoded and applied as the stream does (stream/interpret.c). Used
 * by the differential fuzz target and its unit test. */
#ifndef OAI_FUZZ_ACC_TWIN_H
#define OAI_FUZZ_ACC_TWIN_H

#include <stddef.h>

#include "oai/accumulate.h"

typedef struct acc_twin acc_twin;

/* NULL when out of memory; opts may be NULL. */
acc_twin *acc_twin_new(const oai_accumulator_options *opts);
/* Apply one SSE event (its name of name_len bytes, or NULL) to both: NULL
 * when they agree, else a description of the first difference (static). */
const char *acc_twin_apply(acc_twin *t, const char *name, size_t name_len,
                           const char *data, size_t len);
/* The snapshots after the last event: NULL when they agree. */
const char *acc_twin_end(acc_twin *t);
/* Events the fast side applied by the fast path so far. */
unsigned long long acc_twin_fast_hits(const acc_twin *t);
void acc_twin_free(acc_twin *t);

#endif
