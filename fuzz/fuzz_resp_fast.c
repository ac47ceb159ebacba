/* The Responses accumulator's delta fast path against the full parse and
 * apply: the input is a response stream in SSE form (the recorded streams
 * are seeds); every event goes to an accumulator with the fast path and to
 * one without it, and after each apply both must agree on everything they
 * expose (resp_twin.h), whatever earlier applies returned. The first byte
 * can shrink the limits, turn strict mode on and resume the stream after
 * the event the second byte picks. */
#include "fuzz_util.h"

#include <stdio.h>

#include "resp_twin.h"

typedef struct run {
    resp_twin *t;
    long events, resume_at;
} run;

static void on_event(const oai_sse_event *ev, void *ctx)
{
    run *r = ctx;
    if (r->events++ == r->resume_at)
        resp_twin_resume(r->t);
    const char *d = resp_twin_apply(r->t, ev->name, ev->data, ev->data_len);
    if (d) {
        fprintf(stderr, "fast and full path differ in %s at %.200s\n", d,
                ev->data);
        FZ_CHECK(d == NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oai_response_accumulator_options o = OAI_RESPONSE_ACCUMULATOR_OPTIONS_INIT;
    run r = {NULL, 0, -1};
    if (size && (data[0] & 0x80)) {
        o.max_event_size = 32 + (size_t)data[0] * 8;
        o.max_snapshot_bytes = 64 + (size_t)data[0] * 32;
    }
    if (size && (data[0] & 0x40))
        o.flags = OAI_RESPONSE_ACCUMULATOR_STRICT;
    if (size > 1 && (data[0] & 0x20))
        r.resume_at = data[1] & 63;
    fz_rng rng;
    fz_seed(&rng, data, size);
    if (!(r.t = resp_twin_new(&o)))
        abort();
    fz_sse_events(data, size, &rng, on_event, &r);
    FZ_CHECK(resp_twin_end(r.t) == NULL);
    resp_twin_free(r.t);
    return 0;
}
