/** @file
 * oai/response_accumulate.h - I/O-free accumulation of a Responses API
 * stream into the snapshot of its Response object.
 *
 * Decode the body with oai/sse.h and hand every event to the accumulator.
 * Each apply tells what the event was and what it changed:
 *
 *     oai_response_accumulator *a;
 *     oai_response_accumulator_new(&a, NULL);
 *     ... for each SSE event ev:
 *         const oai_response_update *u;
 *         rc = oai_response_accumulator_apply(a, ev->name, ev->data,
 *                                             ev->data_len, &u);
 *         if (rc != OAI_OK) break;   // oai_response_accumulator_error(a)
 *         for (size_t i = 0; i < u->n_changes; i++) use(&u->changes[i]);
 *     oai_response_end end;
 *     const oai_json *final = oai_response_accumulator_final(a, &end);
 *     oai_response_accumulator_free(a);
 *
 * Decoding. The event's type is the `type` member of its JSON data, or the
 * SSE event name when the data has none. The `[DONE]` sentinel some
 * compatible servers send is accepted and changes nothing, and so are
 * `keepalive` events. Types this library does not know are delivered with
 * no change and are never an error. An `error` event, flat
 * ({"type":"error","message":...}) or nested
 * ({"type":"error","error":{"message":...}}), fails the apply with
 * OAI_ESTREAM; the error then carries the message, type, code and param.
 * `sequence_number` is optional.
 *
 * Accumulation. Any lifecycle event (created, queued, in_progress,
 * completed, failed, incomplete) replaces the whole snapshot with a copy of
 * its `response`; the first event may be any of them, so a stream resumed
 * part-way starts from its first lifecycle event. Output items are routed
 * by `output_index`, then by `content_index`, `summary_index`,
 * `annotation_index` or `command_index`, so several items may be open at
 * once. `output_item.added` and `content_part.added` (and the summary and
 * shell command equivalents) insert; `*.delta` events append their text to
 * the string they name; `*.done` events and `output_item.done` replace it;
 * the hosted-tool progress events (`in_progress`, `searching`,
 * `interpreting`, `generating`, `completed`, `failed`) set the item's
 * `status`. An event whose item is not of the family the event is about
 * (a text delta for a function call) changes nothing. Items that never get
 * an `output_item.done` are kept as accumulated. Appending text is
 * amortised O(1): a text of n deltas accumulates in O(n) whatever n.
 *
 * Memory. A `*.done`, `content_part.done`, `output_item.done` or terminal
 * event of 64 KiB or more repeats a value the deltas built whole. By
 * default what it replaces is freed before the event is parsed, and the
 * snapshot then keeps the event's strings rather than copies, so a long
 * text is held about twice at the peak (the event's bytes and the parsed
 * event), not four times. Should such an event fail to parse, the apply
 * fails as for any malformed event and the value it was to replace is gone
 * from the snapshot. Strict mode keeps both, to compare them.
 *
 * Lenience. By default an event that names something absent from the
 * snapshot (an event before any lifecycle event, an `output_index` with no
 * item, a content or summary index with no part, a text event aimed at a
 * part of another type) changes nothing, an item
 * event whose `item_id` differs from the item's id is applied by index, an
 * `output_item.added` at a taken or skipped index is placed by its index,
 * and a lifecycle event naming another response id replaces the snapshot
 * while oai_response_accumulator_response_id() keeps the first; each such
 * event counts as a warning (oai_response_accumulator_warnings()). With
 * OAI_RESPONSE_ACCUMULATOR_STRICT each of them fails the apply with
 * OAI_EACCUMULATE instead, leaving the snapshot unchanged.
 *
 * The final response is the `response` of the last terminal event
 * (completed, incomplete or failed) as the server sent it, which may differ
 * from the accumulated snapshot (re-encrypted reasoning, items that had no
 * `output_item.done`).
 *
 * Lifetimes. Every pointer returned here, and every pointer inside an
 * oai_response_update, is borrowed from the accumulator and stays valid
 * until its next apply or its free. An accumulator is not thread-safe.
 */
#ifndef OAI_RESPONSE_ACCUMULATE_H
#define OAI_RESPONSE_ACCUMULATE_H

#include "common.h"
#include "errors.h"
#include "json.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OAI_RESPONSE_ACCUMULATOR_OPTIONS_VERSION 1 /**< of the options */

/** Fail on events that name something absent or another response id,
 *  rather than skip them with a warning. */
#define OAI_RESPONSE_ACCUMULATOR_STRICT 1u

/** Limits and flags; zero fields mean "default". */
typedef struct oai_response_accumulator_options {
    unsigned int version;      /**< OAI_RESPONSE_ACCUMULATOR_OPTIONS_VERSION */
    size_t max_event_size;     /**< largest event data in bytes (default
                                    16 MiB); beyond it OAI_ELIMIT */
    size_t max_snapshot_bytes; /**< event data merged into the snapshot since
                                    the last lifecycle event (default 256 MiB);
                                    beyond it OAI_ELIMIT */
    unsigned int flags;        /**< OAI_RESPONSE_ACCUMULATOR_STRICT or 0 */
} oai_response_accumulator_options;

/** Initialiser of the options: the current version, every other field
 * default. */
#define OAI_RESPONSE_ACCUMULATOR_OPTIONS_INIT                                  \
    {                                                                          \
        OAI_RESPONSE_ACCUMULATOR_OPTIONS_VERSION, 0, 0, 0                      \
    }

/** The event types this library knows; any other is
 *  OAI_RESPONSE_EVENT_UNKNOWN. Names drop the `response.` prefix. */
typedef enum oai_response_event_type {
    OAI_RESPONSE_EVENT_UNKNOWN = 0,
    OAI_RESPONSE_EVENT_CREATED,
    OAI_RESPONSE_EVENT_QUEUED,
    OAI_RESPONSE_EVENT_IN_PROGRESS,
    OAI_RESPONSE_EVENT_COMPLETED,
    OAI_RESPONSE_EVENT_FAILED,
    OAI_RESPONSE_EVENT_INCOMPLETE,
    OAI_RESPONSE_EVENT_OUTPUT_ITEM_ADDED,
    OAI_RESPONSE_EVENT_OUTPUT_ITEM_DONE,
    OAI_RESPONSE_EVENT_CONTENT_PART_ADDED,
    OAI_RESPONSE_EVENT_CONTENT_PART_DONE,
    OAI_RESPONSE_EVENT_OUTPUT_TEXT_DELTA,
    OAI_RESPONSE_EVENT_OUTPUT_TEXT_DONE,
    OAI_RESPONSE_EVENT_OUTPUT_TEXT_ANNOTATION_ADDED,
    OAI_RESPONSE_EVENT_REFUSAL_DELTA,
    OAI_RESPONSE_EVENT_REFUSAL_DONE,
    OAI_RESPONSE_EVENT_FUNCTION_CALL_ARGUMENTS_DELTA,
    OAI_RESPONSE_EVENT_FUNCTION_CALL_ARGUMENTS_DONE,
    OAI_RESPONSE_EVENT_CUSTOM_TOOL_CALL_INPUT_DELTA,
    OAI_RESPONSE_EVENT_CUSTOM_TOOL_CALL_INPUT_DONE,
    OAI_RESPONSE_EVENT_MCP_CALL_ARGUMENTS_DELTA,
    OAI_RESPONSE_EVENT_MCP_CALL_ARGUMENTS_DONE,
    OAI_RESPONSE_EVENT_REASONING_SUMMARY_PART_ADDED,
    OAI_RESPONSE_EVENT_REASONING_SUMMARY_PART_DONE,
    OAI_RESPONSE_EVENT_REASONING_SUMMARY_TEXT_DELTA,
    OAI_RESPONSE_EVENT_REASONING_SUMMARY_TEXT_DONE,
    OAI_RESPONSE_EVENT_REASONING_TEXT_DELTA,
    OAI_RESPONSE_EVENT_REASONING_TEXT_DONE,
    OAI_RESPONSE_EVENT_CODE_INTERPRETER_CALL_CODE_DELTA,
    OAI_RESPONSE_EVENT_CODE_INTERPRETER_CALL_CODE_DONE,
    OAI_RESPONSE_EVENT_CODE_INTERPRETER_CALL_IN_PROGRESS,
    OAI_RESPONSE_EVENT_CODE_INTERPRETER_CALL_INTERPRETING,
    OAI_RESPONSE_EVENT_CODE_INTERPRETER_CALL_COMPLETED,
    OAI_RESPONSE_EVENT_FILE_SEARCH_CALL_IN_PROGRESS,
    OAI_RESPONSE_EVENT_FILE_SEARCH_CALL_SEARCHING,
    OAI_RESPONSE_EVENT_FILE_SEARCH_CALL_COMPLETED,
    OAI_RESPONSE_EVENT_WEB_SEARCH_CALL_IN_PROGRESS,
    OAI_RESPONSE_EVENT_WEB_SEARCH_CALL_SEARCHING,
    OAI_RESPONSE_EVENT_WEB_SEARCH_CALL_COMPLETED,
    OAI_RESPONSE_EVENT_IMAGE_GENERATION_CALL_IN_PROGRESS,
    OAI_RESPONSE_EVENT_IMAGE_GENERATION_CALL_GENERATING,
    OAI_RESPONSE_EVENT_IMAGE_GENERATION_CALL_COMPLETED,
    OAI_RESPONSE_EVENT_IMAGE_GENERATION_CALL_PARTIAL_IMAGE,
    OAI_RESPONSE_EVENT_MCP_CALL_IN_PROGRESS,
    OAI_RESPONSE_EVENT_MCP_CALL_COMPLETED,
    OAI_RESPONSE_EVENT_MCP_CALL_FAILED,
    OAI_RESPONSE_EVENT_MCP_LIST_TOOLS_IN_PROGRESS,
    OAI_RESPONSE_EVENT_MCP_LIST_TOOLS_COMPLETED,
    OAI_RESPONSE_EVENT_MCP_LIST_TOOLS_FAILED,
    OAI_RESPONSE_EVENT_SHELL_CALL_COMMAND_ADDED,
    OAI_RESPONSE_EVENT_SHELL_CALL_COMMAND_DELTA,
    OAI_RESPONSE_EVENT_SHELL_CALL_COMMAND_DONE,
    OAI_RESPONSE_EVENT_SHELL_CALL_OUTPUT_CONTENT_DELTA,
    OAI_RESPONSE_EVENT_SHELL_CALL_OUTPUT_CONTENT_DONE,
    OAI_RESPONSE_EVENT_AUDIO_DELTA,
    OAI_RESPONSE_EVENT_AUDIO_DONE,
    OAI_RESPONSE_EVENT_AUDIO_TRANSCRIPT_DELTA,
    OAI_RESPONSE_EVENT_AUDIO_TRANSCRIPT_DONE,
    OAI_RESPONSE_EVENT_COMPACTION_COMPACTING,
    OAI_RESPONSE_EVENT_KEEPALIVE,    /**< `keepalive` */
    OAI_RESPONSE_EVENT_ERROR,        /**< `error` (apply fails) */
    OAI_RESPONSE_EVENT_DONE_SENTINEL /**< the `[DONE]` data line */
} oai_response_event_type;

/** The wire name of a known type ("response.output_text.delta",
 *  "keepalive", "error", "[DONE]"); "" for OAI_RESPONSE_EVENT_UNKNOWN. */
OAI_EXTERN const char *oai_response_event_type_name(oai_response_event_type t);
/** The type of a wire name; OAI_RESPONSE_EVENT_UNKNOWN for NULL or
 *  others. */
OAI_EXTERN oai_response_event_type
oai_response_event_type_from_name(const char *name);

/** How the final response ended. */
typedef enum oai_response_end {
    OAI_RESPONSE_END_NONE = 0,   /**< no terminal event yet */
    OAI_RESPONSE_END_COMPLETED,  /**< `response.completed` */
    OAI_RESPONSE_END_INCOMPLETE, /**< `response.incomplete` */
    OAI_RESPONSE_END_FAILED      /**< `response.failed` */
} oai_response_end;

/** What one change did to the snapshot. */
typedef enum oai_response_change_kind {
    OAI_RESPONSE_CHANGE_RESPONSE = 1, /**< a lifecycle event replaced the
                                           snapshot; node: the response */
    OAI_RESPONSE_CHANGE_ITEM_ADDED,   /**< node: the new output item */
    OAI_RESPONSE_CHANGE_ITEM_DONE,    /**< node: the item that replaced it */
    OAI_RESPONSE_CHANGE_PART_ADDED,   /**< a content part, summary part or
                                           shell command was inserted at
                                           `index`; node: it */
    OAI_RESPONSE_CHANGE_PART_DONE,    /**< the same, replaced */
    OAI_RESPONSE_CHANGE_TEXT_DELTA,   /**< `delta` was appended; node: the
                                           string (or, for shell output, the
                                           output entry) holding the text */
    OAI_RESPONSE_CHANGE_TEXT_DONE,    /**< a string was replaced; node: it */
    OAI_RESPONSE_CHANGE_STATUS,       /**< node: the item's new `status` */
    OAI_RESPONSE_CHANGE_ANNOTATION    /**< node: the annotation at `index` */
} oai_response_change_kind;

/** One change of the snapshot. */
typedef struct oai_response_change {
    oai_response_change_kind kind;
    long long output_index; /**< the item's output_index; -1 for RESPONSE */
    long long index;        /**< content, summary, annotation or command
                                 index; -1 when the change is not in a list */
    const char *item_id;    /**< the event's `item_id`, NULL if none */
    const char *delta;      /**< the appended text (TEXT_DELTA), else NULL */
    size_t delta_len;       /**< bytes in `delta` */
    const oai_json *node;   /**< the snapshot node changed (see the kind) */
    const oai_json *item;   /**< the output item it belongs to, NULL for
                                 RESPONSE */
} oai_response_change;

/** One applied event and its changes. */
typedef struct oai_response_update {
    oai_response_event_type type; /**< UNKNOWN for types not in the list */
    const char *type_name;        /**< the type as sent ("" if none) */
    long long sequence_number;    /**< -1 when the event has none */
    const oai_json *event;        /**< the event's data; NULL for [DONE] */
    const oai_response_change *changes; /**< what the event changed */
    size_t n_changes;                   /**< 0 for events that change nothing */
} oai_response_update;

/** Event-to-Response accumulator (opaque). */
typedef struct oai_response_accumulator oai_response_accumulator;

/**
 * Create an accumulator.
 * @param[out] out the accumulator; free with oai_response_accumulator_free().
 * @param opts limits and flags (copied), or NULL for the defaults.
 * @return OAI_OK, OAI_EINVAL (out NULL, unknown options version or flags),
 *         OAI_ENOMEM, OAI_ERROR (library initialisation failed).
 */
OAI_EXTERN int
oai_response_accumulator_new(oai_response_accumulator **out,
                             const oai_response_accumulator_options *opts);

/**
 * Decode and apply one event. O(len) plus the size of what the event
 * replaces; a delta costs amortised O(its own length).
 * @param name the SSE event name or NULL (used when the data has no type).
 * @param data the event's data text, `len` bytes (the caller keeps it).
 * @param[out] out what the event was and changed (borrowed); set on OAI_OK,
 *         else NULL.
 * @return OAI_OK;
 *         OAI_ESTREAM (an `error` event; kind "api_error");
 *         OAI_EPROTOCOL (the data is not a JSON object; kind "decode_error");
 *         OAI_EACCUMULATE (a lifecycle event without a `response` object, an
 *         item event without an `item` object, or in strict mode an event
 *         naming something absent; kind "accumulate_error");
 *         OAI_ELIMIT (a limit passed; kind "limit"); OAI_ENOMEM;
 *         OAI_EINVAL (a NULL, or data NULL with len > 0).
 *         oai_response_accumulator_error() has the detail. A failed apply
 *         leaves the snapshot consistent (on OAI_ENOMEM possibly without
 *         that event's change); later events may still be applied.
 */
OAI_EXTERN int oai_response_accumulator_apply(oai_response_accumulator *a,
                                              const char *name,
                                              const char *data, size_t len,
                                              const oai_response_update **out);

/** The current snapshot (a Response object), NULL before the first
 *  lifecycle event. */
OAI_EXTERN const oai_json *
oai_response_accumulator_snapshot(const oai_response_accumulator *a);
/** The snapshot's output item at `output_index`, or NULL. O(log n). */
OAI_EXTERN const oai_json *
oai_response_accumulator_item(const oai_response_accumulator *a,
                              long long output_index);
/**
 * The `response` of the last terminal event, or NULL before one.
 * @param[out] end how it ended (may be NULL); OAI_RESPONSE_END_NONE when
 *         there is no terminal event.
 */
OAI_EXTERN const oai_json *
oai_response_accumulator_final(const oai_response_accumulator *a,
                               oai_response_end *end);
/**
 * The text of every `output_text` part of every `message` item of the
 * snapshot, in output order, concatenated. O(size of the text).
 * @param[out] text NUL-terminated, "" without a snapshot; borrowed.
 * @param[out] len its length in bytes (may be NULL).
 * @return OAI_OK, OAI_ENOMEM, OAI_EINVAL.
 */
OAI_EXTERN int oai_response_accumulator_output_text(oai_response_accumulator *a,
                                                    const char **text,
                                                    size_t *len);
/** The last `sequence_number` seen, -1 if none. */
OAI_EXTERN long long oai_response_accumulator_last_sequence_number(
    const oai_response_accumulator *a);
/** The id of the response of the first lifecycle event, NULL before it. */
OAI_EXTERN const char *
oai_response_accumulator_response_id(const oai_response_accumulator *a);
/** Number of events skipped or routed by index so far, and the last
 *  reason (NULL when none). */
OAI_EXTERN size_t oai_response_accumulator_warnings(
    const oai_response_accumulator *a, const char **last);
/** Detail of the last failed apply (code 0 if none). */
OAI_EXTERN const oai_error *
oai_response_accumulator_error(const oai_response_accumulator *a);
/** Free the accumulator and everything it holds. NULL is fine. */
OAI_EXTERN void oai_response_accumulator_free(oai_response_accumulator *a);

#ifdef __cplusplus
}
#endif
#endif /* OAI_RESPONSE_ACCUMULATE_H */
