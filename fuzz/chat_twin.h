/* Two chat accumulators fed the same events, one with the delta fast path
 * and one without it, compared after every apply: the return code, the
 * error, the update with every change record (kinds, indices, delta
 * bytes), and as JSON the chunk, every node a record points at, the
 * snapshot and the final completion (the trees of the first 64 events and
 * of every 16th after, which keeps long streams fast: a difference stays
 * in the snapshot). Used by the differential fuzz target and its unit
 * test. */
#ifndef OAI_FUZZ_CHAT_TWIN_H
#define OAI_FUZZ_CHAT_TWIN_H

#include <stddef.h>

#include "oai/chat_accumulate.h"

typedef struct chat_twin chat_twin;

/* NULL when out of memory; opts may be NULL. */
chat_twin *chat_twin_new(const oai_chat_accumulator_options *opts);
/* Apply one event to both: NULL when they agree, else a description of
 * the first difference (static). */
const char *chat_twin_apply(chat_twin *t, const char *name, const char *data,
                            size_t len);
/* The snapshots and final completions after the last event: NULL when
 * they agree, else what differs. */
const char *chat_twin_end(chat_twin *t);
/* Chunks the fast side applied by the fast path so far. */
unsigned long long chat_twin_fast_hits(const chat_twin *t);
void chat_twin_free(chat_twin *t);

#endif
