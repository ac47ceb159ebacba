/* Internal: uniform numbers in [0,1) for the retry back-off jitter, from
 * a small per-client generator or from a source a test installs. */
#ifndef OAI_CORE_RANDOM_H
#define OAI_CORE_RANDOM_H

#include <stdint.h>

typedef double (*oai__random_fn)(void *user_data);

typedef struct oai__rng {
    uint64_t state;
    oai__random_fn fn; /* set: numbers come from here instead */
    void *user_data;
} oai__rng;

/* Seed from `salt` and the clock (jitter only needs to be spread, not
 * secret). */
void oai__rng_seed(oai__rng *r, uint64_t salt);
/* The next number in [0,1). */
double oai__rng_next(oai__rng *r);

#endif
