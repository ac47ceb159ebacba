/* Internal: the limits the accumulators apply when their options leave
 * them at 0, as their public headers state. */
#ifndef OAI_STREAM_LIMITS_H
#define OAI_STREAM_LIMITS_H

#include <stddef.h>

#include "core/alloc.h"

#define OAI__MAX_EVENT_DEFAULT ((size_t)16 * 1024 * 1024)
#define OAI__MAX_SNAPSHOT_DEFAULT ((size_t)256 * 1024 * 1024)

/* The event and snapshot limits of options holding `event` and
 * `snapshot` (0: the default). */
static inline void oai__acc_limits(size_t *max_event, size_t *max_bytes,
                                   size_t event, size_t snapshot)
{
    *max_event = oai__size_or(event, OAI__MAX_EVENT_DEFAULT);
    *max_bytes = oai__size_or(snapshot, OAI__MAX_SNAPSHOT_DEFAULT);
}

/* The same for accumulator `a` (its max_event and max_bytes) and its
 * options `o` (max_event_size and max_snapshot_bytes; NULL: defaults). */
#define OAI__ACC_LIMITS(a, o)                                                  \
    oai__acc_limits(&(a)->max_event, &(a)->max_bytes,                          \
                    (o) ? (o)->max_event_size : 0,                             \
                    (o) ? (o)->max_snapshot_bytes : 0)

#endif
