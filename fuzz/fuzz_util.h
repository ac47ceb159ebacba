/* Helpers shared by the fuzz targets: a tiny deterministic PRNG to derive
 * split points from the input, and walkers that read every byte a view
 * exposes so the sanitizers see any dangling or unterminated data. */
#ifndef OAI_FUZZ_UTIL_H
#define OAI_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "oai.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort with a message: libFuzzer and the replay driver report it as a
 * crash with the input that caused it. */
#define FZ_CHECK(cond)                                                        \
    do {                                                                      \
        if (!(cond))                                                          \
            fz_fail(__FILE__, __LINE__, #cond);                               \
    } while (0)

void fz_fail(const char *file, int line, const char *what);

typedef struct fz_rng {
    uint64_t s;
} fz_rng;

static inline uint32_t fz_next(fz_rng *r)
{
    /* xorshift64*: enough to spread split points, fully deterministic */
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return (uint32_t)((r->s * 0x2545F4914F6CDD1DULL) >> 32);
}

/* Seed from up to the first 8 bytes; returns how many bytes were used. */
static inline size_t fz_seed(fz_rng *r, const uint8_t *data, size_t size)
{
    size_t n = size < 8 ? size : 8;
    uint64_t s = 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < n; i++)
        s = (s << 8 | data[i]) ^ (s >> 56);
    r->s = s ? s : 1;
    return n;
}

/* Feed data[0..size) to a new SSE parser in pieces of 1 to 97 bytes drawn
 * from `rng`, then its end, calling `on_event` for each event as soon as
 * it is complete (the way a socket reader drives the parser). */
void fz_sse_events(const uint8_t *data, size_t size, fz_rng *rng,
                   void (*on_event)(const oai_sse_event *ev, void *ctx),
                   void *ctx);

/* Touch every string, key and number under `j`; returns a checksum so the
 * compiler cannot drop the reads. */
size_t fz_walk_json(const oai_json *j);
/* Read every accessor of the typed views. */
size_t fz_walk_run(const oai_run *r);
size_t fz_walk_step(const oai_run_step *st);
size_t fz_walk_message(const oai_message *m);
size_t fz_walk_event(const oai_event *ev);

#endif
