/* Internal side of oai/accumulate.h, used by the stream's dispatcher. */
#ifndef OAI_STREAM_ACC_H
#define OAI_STREAM_ACC_H

#include <cJSON.h>

#include "core/error.h"
#include "oai/accumulate.h"
#include "stream/idmap.h"

struct oai_accumulator {
    size_t max_bytes, max_snaps, bytes;
    cJSON *run;
    oai__idmap msgs;
    long cur_msg; /* entry of the current message snapshot, -1 */
    oai__idmap steps;
    cJSON *retired;   /* the step tree the last apply replaced (one
                         store per event, so one slot is enough) */
    long long *fresh; /* content indices the last message delta created */
    size_t n_fresh, cap_fresh;
    cJSON **blocks; /* the block each content delta of the last
                       message delta went to, in delta order */
    size_t n_blocks, cap_blocks;
    oai__error_store err;
};

/* Apply an event of known type; `cost` = bytes of its data text, counted
 * against max_snapshot_bytes. Frees the trees retired by the previous call
 * unless they were claimed. Returns as oai_accumulator_apply(). */
int oai__acc_apply(oai_accumulator *a, oai_event_type t, const cJSON *data,
                   size_t cost);
/* Same, but a tree the accumulator keeps is taken rather than copied:
 * *taken is set to 1 when `data` now belongs to the snapshots (the caller
 * may keep reading it until its next call on `a`, but must not free it). */
int oai__acc_apply_take(oai_accumulator *a, oai_event_type t, cJSON *data,
                        size_t cost, int *taken);
/* The current message snapshot / a step snapshot by id, or NULL. */
cJSON *oai__acc_message(const oai_accumulator *a);
cJSON *oai__acc_step(const oai_accumulator *a, const char *id);
/* Free the content of the message snapshot `id` (if any) that an event
 * about to be applied will replace. */
void oai__acc_drop_content(oai_accumulator *a, const char *id);
/* Take ownership of `tree` if the last apply retired it: 1 if so. */
int oai__acc_claim(oai_accumulator *a, const cJSON *tree);

#endif
