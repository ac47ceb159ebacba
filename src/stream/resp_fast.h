/* The delta fast path of the Responses accumulator.
 *
 * Responses streams are mostly appending deltas (`response.output_text.
 * delta`, `response.function_call_arguments.delta`, reasoning deltas ...)
 * that repeat the previous one byte for byte but for the fragment, the
 * `obfuscation` padding and the `sequence_number`, one more each time
 * (stream/tmpl.h). After a full apply of such an event whose only effect
 * a repeat would have is to append its fragment, its bytes and tree are
 * kept as a template; a next event that fits it, with the next sequence
 * number, is read into that tree in place and applied by appending the
 * fragment: the update is the template event's, with the new fragment and
 * sequence number. Everything else, a gap in the sequence numbers too,
 * takes the full parse and apply. */
#ifndef OAI_STREAM_RESP_FAST_H
#define OAI_STREAM_RESP_FAST_H

#include <cJSON.h>
#include <stddef.h>

#include "stream/tmpl.h"

/* What oai__resp_fast_apply() returns to leave an event to the full
 * apply. */
#define OAI__RESP_FAST_MISS 1

typedef struct oai__resp_fast {
    int armed;               /* the template holds the last event */
    int disabled;            /* every event takes the full path */
    size_t n_warn;           /* warnings before the apply being learnt */
    cJSON *text;             /* the snapshot text the fragment goes to */
    unsigned long long hits; /* events applied here */
    oai__tmpl t;
} oai__resp_fast;

struct oai_response_accumulator;

/* Apply `len` bytes of `data` when they fit the template, as
 * oai_response_accumulator_apply() does: OAI_OK with the update in a->upd,
 * an error as the full apply reports it, or OAI__RESP_FAST_MISS for the
 * full apply to take them (the event tree may then hold part of them: it
 * is parsed again). Disarms the template unless it applied the event. */
int oai__resp_fast_apply(struct oai_response_accumulator *a, const char *data,
                         size_t len);

/* After a full apply of `len` bytes of `data` that succeeded: keep them as
 * the template when a repeat would only append their fragment. OAI_OK, or
 * OAI_ENOMEM (reported in the accumulator's error) when the template's
 * bytes could not be kept. */
int oai__resp_fast_learn(struct oai_response_accumulator *a, const char *data,
                         size_t len);

#endif
