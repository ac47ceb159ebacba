/* The chat accumulator's delta fast path against the full apply: the input
 * is a chat stream in SSE form (the recorded streams are seeds); every
 * event goes to an accumulator with the fast path and to one without it,
 * and after each apply both must agree on everything they expose
 * (chat_twin.h), whatever earlier applies returned. The first byte can
 * shrink the limits so that the limit paths run. */
#include "fuzz_util.h"

#include <stdio.h>

#include "chat_twin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oai_chat_accumulator_options o = OAI_CHAT_ACCUMULATOR_OPTIONS_INIT;
    if (size && (data[0] & 0x80)) {
        o.max_event_size = 32 + (size_t)data[0] * 2;
        o.max_snapshot_bytes = 64 + (size_t)data[0] * 16;
    }
    chat_twin *t = chat_twin_new(&o);
    oai_sse_parser *p = NULL;
    if (!t || oai_sse_parser_new(&p, NULL) != OAI_OK)
        abort();
    oai_sse_parser_feed(p, data, size);
    oai_sse_parser_feed(p, "\n\n", 2);
    oai_sse_parser_feed_end(p);
    const oai_sse_event *ev;
    while (oai_sse_parser_next(&ev, p) == OAI_OK) {
        const char *d = chat_twin_apply(t, ev->name, ev->data, ev->data_len);
        if (d) {
            fprintf(stderr, "fast and full apply differ in %s at %.200s\n", d,
                    ev->data);
            FZ_CHECK(d == NULL);
        }
    }
    FZ_CHECK(chat_twin_end(t) == NULL);
    oai_sse_parser_free(p);
    chat_twin_free(t);
    return 0;
}
