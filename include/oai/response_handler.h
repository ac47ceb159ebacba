/** @file
 * oai/response_handler.h - the push interface of a response stream
 * (oai/response_stream.h): a table of hooks, one per kind of thing a
 * Responses API stream does.
 *
 *     oai_response_handler h = OAI_RESPONSE_HANDLER_INIT;
 *     h.on_text_delta = print_delta;
 *     h.user_data = &my_state;
 *     opts.handler = &h;            // copied when the stream is created
 *
 * NULL hooks are skipped. Every hook gets `user_data` last.
 *
 * Order for one event: the event is first merged into the snapshot, then
 * on_event runs, then the event's own hook (at most one per event). An
 * event that changed nothing in the snapshot (its item is absent or of
 * another kind) runs on_event only; so do unknown event types, `keepalive`
 * and the hosted-tool events this table has no hook for. on_end comes
 * exactly once, last, when the stream ends for any reason after iteration
 * started (also when the caller aborts or frees it early).
 *
 * Most hooks receive the change record of the event
 * (oai/response_accumulate.h): its output_index, its content, summary or
 * annotation index, the item id, the output item it is in (`c->item`) and the
 * snapshot node it changed
 * (`c->node`).
 *
 * Return values: 0 continues. Any other value from an event hook stops the
 * stream: on_exception (kind "user_abort") and on_end follow, and the
 * iteration call returns the hook's value if it is negative, else OAI_EUSER.
 * The return values of on_timeout, on_exception and on_end are ignored.
 *
 * Lifetimes: everything passed to a hook is borrowed until the hook
 * returns; copy what you keep (oai_json_dup()). Snapshots passed to hooks
 * already include the event.
 *
 * Inside a hook you may read any accessor of the stream, call
 * oai_response_stream_abort() and
 * oai_response_stream_submit_function_outputs(). You must not call the
 * iteration calls or the final accessors (they return OAI_EINVAL), nor
 * oai_response_stream_free() on the same stream.
 */
#ifndef OAI_RESPONSE_HANDLER_H
#define OAI_RESPONSE_HANDLER_H

#include "common.h"
#include "errors.h"
#include "json.h"
#include "response_accumulate.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OAI_RESPONSE_HANDLER_VERSION 1 /**< of oai_response_handler */

/** A lifecycle hook: `response` is the event's Response object. */
typedef int (*oai_response_lifecycle_fn)(const oai_json *response,
                                         void *user_data);
/** A hook about one snapshot node: `node` is c->node (an output item, a
 *  content or summary part, an annotation or a status string). */
typedef int (*oai_response_node_fn)(const oai_json *node,
                                    const oai_response_change *c,
                                    void *user_data);
/** A text delta: the appended `delta` (`len` bytes, NUL-terminated) and
 *  the accumulated text of its string so far, `snapshot` (the delta
 *  included). */
typedef int (*oai_response_delta_fn)(const char *delta, size_t len,
                                     const char *snapshot,
                                     const oai_response_change *c,
                                     void *user_data);
/** A text is finished: its final value. */
typedef int (*oai_response_done_fn)(const char *text,
                                    const oai_response_change *c,
                                    void *user_data);

/** The hooks of a response stream (see above). */
typedef struct oai_response_handler {
    unsigned int
        version;     /**< OAI_RESPONSE_HANDLER_VERSION (0 is accepted too) */
    void *user_data; /**< passed as the last argument of every hook */

    /** Every event, including unknown types, after it was merged. */
    int (*on_event)(const oai_response_update *u, void *user_data);

    oai_response_lifecycle_fn on_created;     /**< response.created */
    oai_response_lifecycle_fn on_queued;      /**< response.queued */
    oai_response_lifecycle_fn on_in_progress; /**< response.in_progress */
    oai_response_lifecycle_fn on_completed;   /**< response.completed */
    oai_response_lifecycle_fn on_incomplete;  /**< response.incomplete */
    oai_response_lifecycle_fn on_failed;      /**< response.failed */

    oai_response_node_fn on_output_item_added;  /**< node: the new item */
    oai_response_node_fn on_output_item_done;   /**< node: the final item */
    oai_response_node_fn on_content_part_added; /**< node: the new part */
    oai_response_node_fn on_content_part_done;  /**< node: the final part */

    oai_response_delta_fn on_text_delta; /**< response.output_text.delta */
    oai_response_done_fn on_text_done;   /**< response.output_text.done */
    /** response.output_text.annotation.added; node: the annotation. */
    oai_response_node_fn on_annotation_added;
    oai_response_delta_fn on_refusal_delta; /**< response.refusal.delta */
    oai_response_done_fn on_refusal_done;   /**< response.refusal.done */

    /** response.function_call_arguments.delta: the snapshot is the
     *  arguments so far; c->item is the accumulated function_call item. */
    oai_response_delta_fn on_function_call_arguments_delta;
    /** response.function_call_arguments.done (c->item: the call). */
    oai_response_done_fn on_function_call_arguments_done;

    /** response.reasoning_summary_text.delta / .done. */
    oai_response_delta_fn on_reasoning_summary_delta;
    oai_response_done_fn on_reasoning_summary_done;
    /** response.reasoning_text.delta / .done. */
    oai_response_delta_fn on_reasoning_text_delta;
    oai_response_done_fn on_reasoning_text_done;

    /** Progress of a hosted tool call (web_search, file_search,
     *  code_interpreter, image_generation, mcp, mcp_list_tools: the
     *  `in_progress`, `searching`, `interpreting`, `generating`,
     *  `completed` and `failed` events): node is the item's new `status`
     *  string, c->item the call (its `type` says which tool). */
    oai_response_node_fn on_tool_call_status;
    /** response.code_interpreter_call_code.delta / .done. */
    oai_response_delta_fn on_code_interpreter_code_delta;
    oai_response_done_fn on_code_interpreter_code_done;
    /** response.mcp_call_arguments.delta / .done. */
    oai_response_delta_fn on_mcp_call_arguments_delta;
    oai_response_done_fn on_mcp_call_arguments_done;
    /** response.image_generation_call.partial_image: the event itself
     *  (`partial_image_index`, `partial_image_b64`, ...), which changes no
     *  snapshot. */
    int (*on_image_generation_partial_image)(const oai_json *event,
                                             void *user_data);

    /** The stream ended (normally, by error, abort or early free). Once. */
    int (*on_end)(void *user_data);
    /** A read or stall timeout happened; on_exception with code
     *  OAI_ETIMEOUT and on_end follow. */
    int (*on_timeout)(void *user_data);
    /** The stream failed while iterating: err->code and err->kind say why
     *  ("api_error" for an `error` event, "decode_error",
     *  "accumulate_error", "transport", "timeout", "user_abort",
     *  "limit"). on_end follows. */
    int (*on_exception)(const oai_error *err, void *user_data);
    /* new hooks are only appended; OAI_RESPONSE_HANDLER_VERSION grows */
} oai_response_handler;

/** Initialiser of oai_response_handler: the current version, every other
 * field default. */
#define OAI_RESPONSE_HANDLER_INIT                                              \
    {                                                                          \
        .version = OAI_RESPONSE_HANDLER_VERSION                                \
    }

#ifdef __cplusplus
}
#endif
#endif /* OAI_RESPONSE_HANDLER_H */
