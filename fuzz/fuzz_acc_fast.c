/* The Assistants accumulator's delta fast path against the full parse and
 * apply: the input is an assistant stream in SSE form (the recorded
 * streams are seeds); every event goes to an accumulator with the fast
 * path and to one without it, and after each event both must agree on
 * everything they expose (acc_twin.h), whatever earlier events returned.
 * The first byte can shrink the limits so that the limit paths run. */
#include "fuzz_util.h"

#include <stdio.h>

#include "acc_twin.h"

static void on_event(const oai_sse_event *ev, void *ctx)
{
    const char *d =
        acc_twin_apply(ctx, ev->name, ev->name_len, ev->data, ev->data_len);
    if (d) {
        fprintf(stderr, "fast and full path differ in %s at %.200s\n", d,
                ev->data);
        FZ_CHECK(d == NULL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oai_accumulator_options o = OAI_ACCUMULATOR_OPTIONS_INIT;
    if (size && (data[0] & 0x80)) {
        o.max_snapshot_bytes = 64 + (size_t)data[0] * 16;
        o.max_snapshots = 1 + (data[0] & 7);
    }
    fz_rng rng;
    fz_seed(&rng, data, size);
    acc_twin *t = acc_twin_new(&o);
    if (!t)
        abort();
    fz_sse_events(data, size, &rng, on_event, t);
    FZ_CHECK(acc_twin_end(t) == NULL);
    acc_twin_free(t);
    return 0;
}
