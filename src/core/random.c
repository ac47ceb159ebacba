#include "core/random.h"

#include "core/clock.h"

void oai__rng_seed(oai__rng *r, uint64_t salt)
{
    r->state = (uint64_t)oai__now_ms() * 0x9E3779B97F4A7C15ULL ^ salt;
    if (!r->state)
        r->state = 1;
}

double oai__rng_next(oai__rng *r)
{
    if (r->fn)
        return r->fn(r->user_data);
    /* xorshift64* */
    uint64_t s = r->state;
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    r->state = s;
    return (double)((s * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}
