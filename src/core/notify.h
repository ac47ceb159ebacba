/* Internal: a readiness hook for non-blocking drivers (src/multi/). fn(n)
 * runs from inside the HTTP engine when a transfer it is attached to
 * received body bytes or finished; it must only record the fact (no calls
 * into the client). Embedded first in the driver's own record. */
#ifndef OAI_CORE_NOTIFY_H
#define OAI_CORE_NOTIFY_H

#include "core/warm.h"

typedef struct oai__notify oai__notify;
struct oai__notify {
    void (*fn)(oai__notify *n);
    /* what the driver's next look at the object reads: the engine fetches
     * it as body bytes arrive, before fn */
    oai__warm warm;
};

#endif
