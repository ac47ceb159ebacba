/** @file
 * oai/types.h - typed read-only views of assistant stream objects.
 *
 * Every view is borrowed: it belongs to the stream (or accumulator) that
 * handed it out and is valid for as long as that owner documents (a hook's
 * arguments until the hook returns; see oai/stream.h). Each view has a
 * `_json` accessor giving the full object as an oai_json view, so fields
 * without a dedicated accessor stay reachable. To keep an object, copy it:
 * oai_json_dup(&copy, oai_message_json(msg)).
 *
 * All accessors accept NULL and then return NULL (or the documented
 * fallback). String accessors return NULL when the field is absent or not
 * a string. None of them allocates; all may be called from inside hooks.
 */
#ifndef OAI_TYPES_H
#define OAI_TYPES_H

#include "common.h"
#include "json.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The 24 named assistant stream events, plus unknown
 *  names and the end sentinel. */
typedef enum oai_event_type {
    OAI_EVENT_UNKNOWN = 0, /**< any other name, or no `event:` line */
    OAI_EVENT_THREAD_CREATED,
    OAI_EVENT_RUN_CREATED,
    OAI_EVENT_RUN_QUEUED,
    OAI_EVENT_RUN_IN_PROGRESS,
    OAI_EVENT_RUN_REQUIRES_ACTION,
    OAI_EVENT_RUN_COMPLETED,
    OAI_EVENT_RUN_INCOMPLETE,
    OAI_EVENT_RUN_FAILED,
    OAI_EVENT_RUN_CANCELLING,
    OAI_EVENT_RUN_CANCELLED,
    OAI_EVENT_RUN_EXPIRED,
    OAI_EVENT_RUN_STEP_CREATED,
    OAI_EVENT_RUN_STEP_IN_PROGRESS,
    OAI_EVENT_RUN_STEP_DELTA,
    OAI_EVENT_RUN_STEP_COMPLETED,
    OAI_EVENT_RUN_STEP_FAILED,
    OAI_EVENT_RUN_STEP_CANCELLED,
    OAI_EVENT_RUN_STEP_EXPIRED,
    OAI_EVENT_MESSAGE_CREATED,
    OAI_EVENT_MESSAGE_IN_PROGRESS,
    OAI_EVENT_MESSAGE_DELTA,
    OAI_EVENT_MESSAGE_COMPLETED,
    OAI_EVENT_MESSAGE_INCOMPLETE,
    OAI_EVENT_ERROR, /**< `error`: turned into a stream error, never delivered
                      */
    OAI_EVENT_DONE   /**< `[DONE]`: ends the stream, never delivered */
} oai_event_type;

typedef struct oai_event oai_event;       /**< one stream event */
typedef struct oai_run oai_run;           /**< a Run object */
typedef struct oai_run_step oai_run_step; /**< a RunStep object */
typedef struct oai_message oai_message;   /**< a Message object */
typedef struct oai_text oai_text; /**< a message content block's `text` */
typedef struct oai_text_delta oai_text_delta; /**< a content delta's `text` */
typedef struct oai_tool_call oai_tool_call;   /**< a tool call of a run step */

/** The wire name of an event type ("thread.run.created", ...); "unknown"
 *  for OAI_EVENT_UNKNOWN, "error", "done". Static storage. */
OAI_EXTERN const char *oai_event_type_name(oai_event_type t);
/** The event type for a wire name; OAI_EVENT_UNKNOWN if none matches. */
OAI_EXTERN oai_event_type oai_event_type_from_name(const char *name);

/** The type of an event; OAI_EVENT_UNKNOWN for NULL. */
OAI_EXTERN oai_event_type oai_event_type_of(const oai_event *ev);
/** The event name as received (also unknown names); NULL without `event:`. */
OAI_EXTERN const char *oai_event_name(const oai_event *ev);
/** The event's parsed `data` (any JSON value for unknown events). A
 *  stream leaves the data of some events unparsed until it is asked for
 *  (thread.created, thread.message.in_progress, and the run and run step
 *  events but step deltas): the first call that asks parses it, so it
 *  returns NULL also when memory runs out then. The same holds for the
 *  typed views below. */
OAI_EXTERN const oai_json *oai_event_json(const oai_event *ev);
/** The raw `data` text of the event and its length in *len (may be NULL). */
OAI_EXTERN const char *oai_event_raw(const oai_event *ev, size_t *len);
/** The event's data as a run / run step / message, or NULL when the event
 *  is not of that family (thread.run.*, thread.run.step.* except delta,
 *  thread.message.* except delta). @{ */
OAI_EXTERN const oai_run *oai_event_run(const oai_event *ev);
OAI_EXTERN const oai_run_step *oai_event_run_step(const oai_event *ev);
OAI_EXTERN const oai_message *oai_event_message(const oai_event *ev);
/** @} */

OAI_EXTERN const char *oai_run_id(const oai_run *r);     /**< the run's `id` */
OAI_EXTERN const char *oai_run_status(const oai_run *r); /**< `status` */
OAI_EXTERN const char *oai_run_thread_id(const oai_run *r); /**< `thread_id` */
OAI_EXTERN const oai_json *oai_run_json(const oai_run *r); /**< the whole run */

OAI_EXTERN const char *
oai_run_step_id(const oai_run_step *st); /**< the step's `id` */
OAI_EXTERN const char *
oai_run_step_status(const oai_run_step *st); /**< `status` */
/** "message_creation" or "tool_calls". */
OAI_EXTERN const char *oai_run_step_type(const oai_run_step *st);
OAI_EXTERN const oai_json *
oai_run_step_json(const oai_run_step *st); /**< the whole step */

OAI_EXTERN const char *
oai_message_id(const oai_message *m); /**< the message's `id` */
OAI_EXTERN const char *
oai_message_status(const oai_message *m);                      /**< `status` */
OAI_EXTERN const char *oai_message_role(const oai_message *m); /**< `role` */
OAI_EXTERN const oai_json *
oai_message_json(const oai_message *m); /**< the whole message */

/** The text's `value` (NUL-terminated), NULL if absent. */
OAI_EXTERN const char *oai_text_value(const oai_text *t);
/** Length of the value in bytes; O(1) for accumulated text. */
OAI_EXTERN size_t oai_text_value_len(const oai_text *t);
/** The text's `annotations` array, NULL if absent. */
OAI_EXTERN const oai_json *oai_text_annotations(const oai_text *t);
OAI_EXTERN const oai_json *
oai_text_json(const oai_text *t); /**< the whole `text` */

/** The fragment this delta adds, NULL if the delta has no `value`. */
OAI_EXTERN const char *oai_text_delta_value(const oai_text_delta *d);
OAI_EXTERN const oai_json *
oai_text_delta_json(const oai_text_delta *d); /**< the whole delta `text` */

OAI_EXTERN const char *
oai_tool_call_id(const oai_tool_call *tc); /**< the call's `id` */
/** "function", "code_interpreter", "file_search", ... */
OAI_EXTERN const char *oai_tool_call_type(const oai_tool_call *tc);
/** The tool call's `index` in its step, or -1 if it has none. */
OAI_EXTERN int64_t oai_tool_call_index(const oai_tool_call *tc);
/** Accumulated `function.arguments` or `code_interpreter.input`; NULL for
 *  other types or when absent. */
OAI_EXTERN const char *oai_tool_call_input(const oai_tool_call *tc);
OAI_EXTERN const oai_json *
oai_tool_call_json(const oai_tool_call *tc); /**< the whole tool call */

#ifdef __cplusplus
}
#endif
#endif /* OAI_TYPES_H */
