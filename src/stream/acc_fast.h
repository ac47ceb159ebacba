/* The delta fast path of the Assistants accumulator.
 *
 * Text streams are mostly `thread.message.delta` events that repeat the
 * previous one byte for byte but for the text fragment (stream/tmpl.h).
 * After a full apply of such an event whose only effect a repeat would
 * have is to append its fragment to one text block, the event's bytes and
 * tree are kept as a template. A next delta that fits it is read into
 * that tree in place (the tree is then what cJSON would have parsed, for
 * the hooks and accessors that see it) and applied by appending the
 * fragment: the change list of the kept event is the list of the repeat,
 * every record pointing to the same nodes, only the text record's
 * fragment is new. Everything else takes the full parse and apply. */
#ifndef OAI_STREAM_ACC_FAST_H
#define OAI_STREAM_ACC_FAST_H

#include <cJSON.h>
#include <stddef.h>

#include "oai/accumulate.h"
#include "stream/tmpl.h"

/* What oai__acc_fast_apply() returns to leave an event to the full
 * apply. */
#define OAI__ACC_FAST_MISS 1

typedef struct oai__acc_fast {
    int armed;    /* the template holds the last event, applied in full or
                     here */
    int hit;      /* the event being applied was read into the template */
    int disabled; /* every event takes the full path */
    long frag_len;
    const char *raw; /* the text of the delta being applied */
    size_t raw_len;
    cJSON *text;             /* the snapshot text the fragment goes to */
    unsigned long long hits; /* events applied here */
    oai__tmpl t;
} oai__acc_fast;

struct oai_accumulator;

/* Read the text of an event of type `t` into the template tree when it is
 * a message delta that fits: 1 then (the accumulator's event tree is its
 * parse), 0 when the full parse must read it, -1 when out of memory (the
 * tree then holds part of the text). Disarms the template until
 * the apply, which may learn from `text`: it must stay valid until then. */
int oai__acc_fast_parse(struct oai_accumulator *a, oai_event_type t,
                        const char *text, size_t len);

/* Apply the event of a hit, of `cost` bytes: OAI_OK with the change list
 * in a->changes, an error as the full apply reports it, or
 * OAI__ACC_FAST_MISS for the full apply to take it. */
int oai__acc_fast_apply(struct oai_accumulator *a, size_t cost);

/* After a full apply of a message delta that succeeded: keep it as the
 * template when a repeat would only append its fragment. OAI_OK, or
 * OAI_ENOMEM (reported in the accumulator's error) when the template's
 * bytes could not be kept. */
int oai__acc_fast_learn(struct oai_accumulator *a);

#endif
