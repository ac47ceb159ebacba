/** @file
 * oai/chat_accumulate.h - I/O-free accumulation of a Chat Completions
 * stream (`stream: true`) into the snapshot of its chat completion, with
 * the typed events of the official streaming helpers.
 *
 * Decode the body with oai/sse.h and hand every event to the accumulator.
 * Each apply tells what the chunk was and what it changed:
 *
 *     oai_chat_accumulator *a;
 *     oai_chat_accumulator_new(&a, NULL);
 *     ... for each SSE event ev:
 *         const oai_chat_update *u;
 *         rc = oai_chat_accumulator_apply(a, ev->name, ev->data,
 *                                         ev->data_len, &u);
 *         if (rc != OAI_OK) break;   // oai_chat_accumulator_error(a)
 *         if (u->done) break;        // `data: [DONE]`
 *         for (size_t i = 0; i < u->n_changes; i++) use(&u->changes[i]);
 *     const oai_json *completion;
 *     rc = oai_chat_accumulator_final(a, &completion);
 *     oai_chat_accumulator_free(a);
 *
 * Servers often end the body without the blank line after the last event;
 * official clients still deliver that event. To do the same, feed the SSE
 * parser "\n\n" before oai_sse_parser_finish().
 *
 * Decoding. The data `[DONE]` ends the stream: the update has `done` set
 * and every later apply changes nothing. An event named `error`, or data
 * that is a JSON object with a truthy `error` member (an object with
 * `message`, `type`, `code`, `param`, or a plain string), fails the apply
 * with OAI_ESTREAM, even when the object also carries choices. Any other
 * JSON object is a chunk, whatever its `object` member says and whether it
 * has choices or not (a chunk without a `choices` array has none). Unknown
 * members anywhere are kept, never an error.
 *
 * Accumulation. The first chunk's members (but `choices` and
 * `obfuscation`) start the snapshot; every later chunk with a truthy `id`
 * overwrites the snapshot's top-level members with its own, null values
 * included (so a `"usage": null` after the usage chunk erases the usage),
 * while a chunk with an empty or missing `id` changes only choices. Choices
 * are addressed by their `index` (0..127) and kept in index order in the
 * snapshot's `choices`; a choice gets `index`, `finish_reason`, `message`,
 * `logprobs` and the chunk's other choice members, which later chunks
 * replace; a `message` member next to `delta` is ignored. `finish_reason`
 * is set by a non-null value and never reset. In the message: `content`
 * is appended when it is a string (other types are ignored), `refusal`
 * when non-empty, `role` replaced when non-empty (a choice whose first
 * delta has none becomes "assistant"), `reasoning_content` and `reasoning`
 * appended when strings; `audio` appends `data` and `transcript` and sets
 * `id` and `expires_at`; the legacy `function_call` sets a non-empty
 * `name` and appends `arguments`; any other member replaces the previous
 * value. Tool calls are merged by their `index` (0..127; a delta without
 * one continues the call last seen in its choice, or 0) into
 * `message.tool_calls`, kept in index order, each with its `index`: `id`
 * and `type` replace when truthy (a call whose first delta has `function`
 * but no `type` gets "function"), `function.name` replaces when non-empty,
 * `function.arguments` is appended; a `custom` tool call likewise keeps
 * `custom.name` and appends `custom.input`. The first non-null `logprobs` of a
 * choice is copied; later ones append their `content` and `refusal`
 * arrays. Every text grows in place: a text of n deltas costs O(n) whatever
 * n, and applying a chunk costs O(its size) plus the size of the members
 * it replaces.
 *
 * Events. Each update's change list starts with one CHUNK record, then,
 * per choice of the chunk in its order, a TOOL_CALL record per tool-call
 * entry of its delta (not an event of the helper), then the helper events in
 * the order the official helper emits them: content, refusal and logprobs
 * deltas (only when the message's role is "assistant"); when the choice has a
 * finish reason, the done events of content, refusal, logprobs and the current
 * tool call (each at most once); for every tool-call entry that moves to
 * another index, the done events not fired yet and the previous tool
 * call's done event (again on every move: interleaved calls may be
 * reported twice); then an arguments delta per tool-call entry of type
 * "function", even an empty one (custom tool calls raise none). A tool
 * call opened by the chunk that finishes its choice gets no done event.
 *
 * The final completion (oai_chat_accumulator_final()) is the snapshot as
 * a `chat.completion`: `object` "chat.completion", `system_fingerprint`
 * only when non-empty, each choice with `finish_reason` (null when none
 * came, "stop" for an audio choice whose last delta only set
 * `audio.expires_at` and whose audio is complete), `logprobs`, and a
 * message with `role`, `content` and `refusal` (null when never set), and
 * its `tool_calls` without indices, each with `id` (`call_oai_<choice>_<k>`
 * when the stream sent none), `type` and `function` (or `custom`).
 *
 * Lifetimes. Every pointer returned here, and every pointer inside an
 * oai_chat_update, is borrowed from the accumulator and stays valid until
 * its next apply or its free (the final completion: until the next apply,
 * final or free). An accumulator is not thread-safe.
 */
#ifndef OAI_CHAT_ACCUMULATE_H
#define OAI_CHAT_ACCUMULATE_H

#include "common.h"
#include "errors.h"
#include "json.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OAI_CHAT_ACCUMULATOR_OPTIONS_VERSION 1 /**< of the options */

/** Limits; zero fields mean "default". */
typedef struct oai_chat_accumulator_options {
    unsigned int version;      /**< OAI_CHAT_ACCUMULATOR_OPTIONS_VERSION */
    size_t max_event_size;     /**< largest event data in bytes (default
                                    16 MiB); beyond it OAI_ELIMIT */
    size_t max_snapshot_bytes; /**< chunk data merged into the snapshot in
                                    total (default 256 MiB); beyond it
                                    OAI_ELIMIT */
} oai_chat_accumulator_options;

/** Initialiser of the options: the current version, every other field
 * default. */
#define OAI_CHAT_ACCUMULATOR_OPTIONS_INIT                                      \
    {                                                                          \
        OAI_CHAT_ACCUMULATOR_OPTIONS_VERSION, 0, 0                             \
    }

/** What one change record reports. */
typedef enum oai_chat_change_kind {
    OAI_CHAT_CHANGE_CHUNK = 1,     /**< a chunk was merged; node: the
                                        snapshot, choice -1 */
    OAI_CHAT_CHANGE_CONTENT_DELTA, /**< node: the accumulated content */
    OAI_CHAT_CHANGE_CONTENT_DONE,  /**< node: the whole content */
    OAI_CHAT_CHANGE_REFUSAL_DELTA, /**< node: the accumulated refusal */
    OAI_CHAT_CHANGE_REFUSAL_DONE,  /**< node: the whole refusal */
    OAI_CHAT_CHANGE_LOGPROBS_CONTENT_DELTA, /**< delta_node: the chunk's
                                                 tokens; node: all of them */
    OAI_CHAT_CHANGE_LOGPROBS_CONTENT_DONE,  /**< node: all the tokens */
    OAI_CHAT_CHANGE_LOGPROBS_REFUSAL_DELTA, /**< as the content ones */
    OAI_CHAT_CHANGE_LOGPROBS_REFUSAL_DONE,
    OAI_CHAT_CHANGE_TOOL_ARGUMENTS_DELTA, /**< node: the tool call, with
                                               the accumulated arguments */
    OAI_CHAT_CHANGE_TOOL_ARGUMENTS_DONE,  /**< node: the whole tool call */
    OAI_CHAT_CHANGE_TOOL_CALL /**< a tool-call entry of the delta was merged,
                                   whatever its type; node: the tool call,
                                   delta: its arguments fragment */
} oai_chat_change_kind;

/** One change record. */
typedef struct oai_chat_change {
    oai_chat_change_kind kind;
    long long choice;            /**< choices[].index; -1 for CHUNK */
    long long tool_index;        /**< tool-call index for TOOL_*, else -1 */
    const char *delta;           /**< text the chunk appended (content,
                                      refusal, arguments deltas; "" when the
                                      fragment was empty), else NULL */
    size_t delta_len;            /**< bytes in `delta` */
    const oai_json *delta_node;  /**< the chunk's logprobs tokens (LOGPROBS_*
                                      _DELTA), else NULL */
    const oai_json *node;        /**< the snapshot node (see the kind) */
    const oai_json *choice_node; /**< the snapshot's choice; NULL for CHUNK */
} oai_chat_change;

/** One applied event. */
typedef struct oai_chat_update {
    const oai_json *chunk;  /**< the chunk as received; NULL when none */
    long long chunk_number; /**< 0, 1, ... for chunks; -1 when none */
    int done;               /**< 1 for `[DONE]` and any event after it */
    const oai_chat_change *changes; /**< see "Events" above */
    size_t n_changes;
} oai_chat_update;

/** Chunk-to-completion accumulator (opaque). */
typedef struct oai_chat_accumulator oai_chat_accumulator;

/**
 * Create an accumulator.
 * @param[out] out the accumulator; free with oai_chat_accumulator_free().
 * @param opts limits (copied), or NULL for the defaults.
 * @return OAI_OK, OAI_EINVAL (out NULL or unknown options version),
 *         OAI_ENOMEM, OAI_ERROR (library initialisation failed).
 */
OAI_EXTERN int
oai_chat_accumulator_new(oai_chat_accumulator **out,
                         const oai_chat_accumulator_options *opts);

/**
 * Decode and apply one SSE event.
 * @param name the SSE event name, or NULL.
 * @param data the event's data, `len` bytes (the caller keeps it).
 * @param[out] out what the event was and changed (borrowed); set on OAI_OK,
 *         else NULL, except when the chunk was merged and only its helper
 *         events failed (OAI_EACCUMULATE): then it holds the chunk and the
 *         records raised before the failure, as the official helper has
 *         emitted them before it throws.
 * @return OAI_OK;
 *         OAI_ESTREAM (an error event or payload; kind "api_error");
 *         OAI_EPROTOCOL (the data is not JSON, raw control characters in
 *         its strings included; kind "decode_error");
 *         OAI_EACCUMULATE (JSON that is not an object, a choice or tool-call
 *         entry that is not an object or has an index outside 0..127, a
 *         tool call without `type` or `function` when its done or delta
 *         event is due, `tool_calls` that is not an array; kind
 *         "accumulate_error");
 *         OAI_ELIMIT (a limit passed; kind "limit"); OAI_ENOMEM;
 *         OAI_EINVAL (a NULL, or data NULL with len > 0).
 *         oai_chat_accumulator_error() has the detail. After a failure the
 *         snapshot may hold part of the failed chunk; it stays consistent
 *         and readable.
 */
OAI_EXTERN int oai_chat_accumulator_apply(oai_chat_accumulator *a,
                                          const char *name, const char *data,
                                          size_t len,
                                          const oai_chat_update **out);

/** The current snapshot (a chat completion built from the chunks), NULL
 *  before the first chunk. */
OAI_EXTERN const oai_json *
oai_chat_accumulator_snapshot(const oai_chat_accumulator *a);
/** The snapshot's choice with this index, or NULL. O(1). */
OAI_EXTERN const oai_json *
oai_chat_accumulator_choice(const oai_chat_accumulator *a, long long index);
/** The finish reason of that choice, NULL while it has none. O(1). */
OAI_EXTERN const char *
oai_chat_accumulator_finish_reason(const oai_chat_accumulator *a,
                                   long long index);
/** Number of chunks applied so far. */
OAI_EXTERN long long oai_chat_accumulator_chunks(const oai_chat_accumulator *a);

/**
 * Build the final completion from the snapshot. O(size of the snapshot).
 * @param[out] out the completion (borrowed, see Lifetimes); NULL on error.
 * @return OAI_OK; OAI_ENOTREADY (no chunk yet; kind "no_chunks");
 *         OAI_EACCUMULATE (a choice without role, a tool call without
 *         `type` or function name, a legacy `function_call` without name or
 *         arguments; kind "finalize_error"; or a completion without choices
 *         or whose first choice's role is not "assistant"; kind
 *         "accumulate_error"); OAI_ENOMEM; OAI_EINVAL.
 */
OAI_EXTERN int oai_chat_accumulator_final(oai_chat_accumulator *a,
                                          const oai_json **out);

/** Detail of the last failed call (code 0 if none). */
OAI_EXTERN const oai_error *
oai_chat_accumulator_error(const oai_chat_accumulator *a);
/** Free the accumulator and everything it holds. NULL is fine. */
OAI_EXTERN void oai_chat_accumulator_free(oai_chat_accumulator *a);

#ifdef __cplusplus
}
#endif
#endif /* OAI_CHAT_ACCUMULATE_H */
