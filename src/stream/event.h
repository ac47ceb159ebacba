/* Internal layout of oai_event and the typed views (each view is the cJSON
 * node of that object, cast). */
#ifndef OAI_STREAM_EVENT_H
#define OAI_STREAM_EVENT_H

#include <cJSON.h>

#include "oai/types.h"

struct oai_accumulator;

struct oai_event {
    oai_event_type type;
    const char *name; /* as received; NULL without `event:` */
    cJSON *data;      /* parsed data, owned by whoever built the event */
    const char *raw;  /* data text, borrowed from the SSE parser */
    size_t raw_len;
    /* While `data` is NULL for an event whose text is not parsed yet
     * (oai__acc_defer), the accumulator that parses it when asked. */
    struct oai_accumulator *lazy;
};

/* The event's data, parsed now if it was left unparsed; NULL when memory
 * runs out for that parse. */
const cJSON *oai__event_data(const struct oai_event *ev);

static inline const cJSON *oai__vcj(const void *view)
{
    return (const cJSON *)view;
}
#define OAI__VIEW(type, node) ((const type *)(const void *)(node))

/* 1 for run, run-step (not delta) and message (not delta) event types. */
int oai__event_is_run(oai_event_type t);
int oai__event_is_run_step(oai_event_type t);
int oai__event_is_message(oai_event_type t);

#endif
