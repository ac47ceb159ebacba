/* Internal: the library's one monotonic clock. Every deadline (timeouts,
 * retry back-off, stall and poll waits) is compared against it. */
#ifndef OAI_CORE_CLOCK_H
#define OAI_CORE_CLOCK_H

#include <stdint.h>

/* Milliseconds since an arbitrary fixed point; never goes backwards. */
int64_t oai__now_ms(void);

#endif
