/** @file
 * oai/assistant_handler.h - the push interface of an assistant stream: a
 * table of hooks, named and ordered like openai-python's
 * AssistantEventHandler.
 *
 *     oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
 *     h.on_text_delta = print_delta;
 *     h.user_data = &my_state;
 *     opts.handler = &h;            // copied when the stream is created
 *
 * NULL hooks are skipped. Every hook gets `user_data` last.
 *
 * Order for one event: on_event first, then on_text_created for content
 * blocks the event created, then the event's own hooks (a run-step delta's
 * tool-call hooks before on_run_step_delta; a message delta's text hooks
 * before on_message_delta; on_tool_call_done before on_run_step_done;
 * on_text_done / on_image_file_done before on_message_done). on_end comes
 * exactly once, last, when the stream ends for any reason after iteration
 * started (also when the caller aborts or frees it early).
 *
 * Return values: 0 continues. Any other value from an event hook stops the
 * stream: on_exception (code OAI_EUSER) and on_end follow, and the
 * iteration call returns the hook's value if it is negative, else OAI_EUSER.
 * on_timeout, on_exception and on_end report an end that has already been
 * decided, so they return nothing.
 *
 * Lifetimes: everything passed to a hook is borrowed until the hook
 * returns; copy what you keep (oai_json_dup()). A delta never shares memory
 * with a snapshot. Snapshots passed to hooks already include the event.
 *
 * Inside a hook you may read any snapshot or accessor of the stream, call
 * oai_stream_abort() and oai_stream_submit_tool_outputs(). You must not call
 * oai_stream_next(), oai_stream_until_done() or the final accessors (they
 * return OAI_EINVAL), nor oai_stream_free() on the same stream.
 */
#ifndef OAI_ASSISTANT_HANDLER_H
#define OAI_ASSISTANT_HANDLER_H

#include "common.h"
#include "errors.h"
#include "json.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OAI_ASSISTANT_HANDLER_VERSION 1 /**< of oai_assistant_handler */

/** The hooks of an assistant stream (see above). */
typedef struct oai_assistant_handler {
    unsigned int
        version;     /**< OAI_ASSISTANT_HANDLER_VERSION (0 is accepted too) */
    void *user_data; /**< passed as the last argument of every hook */

    /** Every event, first, including unknown names. */
    int (*on_event)(const oai_event *ev, void *user_data);

    /** A run step was created (the event's step). */
    int (*on_run_step_created)(const oai_run_step *step, void *user_data);
    /** A run-step delta (the raw `delta` object) and the accumulated step. */
    int (*on_run_step_delta)(const oai_json *delta,
                             const oai_run_step *snapshot, void *user_data);
    /** A run step reached completed/failed/cancelled/expired (the event's
     * step). */
    int (*on_run_step_done)(const oai_run_step *step, void *user_data);

    /** A message was created (the event's message). */
    int (*on_message_created)(const oai_message *msg, void *user_data);
    /** A message delta (the raw `delta` object) and the accumulated message. */
    int (*on_message_delta)(const oai_json *delta, const oai_message *snapshot,
                            void *user_data);
    /** A message completed or became incomplete (the server's message). */
    int (*on_message_done)(const oai_message *msg, void *user_data);

    /** A text block was created; `text` already holds its first fragment.
     *  May be NULL when the block carries no `text` object. */
    int (*on_text_created)(const oai_text *text, void *user_data);
    /** A text fragment and the accumulated text of its block (also for
     *  empty fragments). */
    int (*on_text_delta)(const oai_text_delta *delta, const oai_text *snapshot,
                         void *user_data);
    /** A text block is finished: at the next block (accumulated text) or at
     *  message completion (the server's final text, with annotations). */
    int (*on_text_done)(const oai_text *text, void *user_data);
    /** An image_file block is finished (its `image_file` object). */
    int (*on_image_file_done)(const oai_json *image_file, void *user_data);

    /** A tool call's first delta; the snapshot already includes it. */
    int (*on_tool_call_created)(const oai_tool_call *call, void *user_data);
    /** A later delta of the current tool call (the raw ToolCallDelta, with
     *  its `index`) and the accumulated tool call. */
    int (*on_tool_call_delta)(const oai_json *delta,
                              const oai_tool_call *snapshot, void *user_data);
    /** A tool call is finished (fully accumulated): when the next tool call
     *  starts, when its step ends, or when the run reaches a terminal
     *  status such as requires_action. Exactly once per tool call. */
    int (*on_tool_call_done)(const oai_tool_call *call, void *user_data);

    /** The stream ended (normally, by error, abort or early free). Once. */
    void (*on_end)(void *user_data);
    /** A read timeout happened while reading the stream; on_exception with
     *  code OAI_ETIMEOUT and on_end follow. */
    void (*on_timeout)(void *user_data);
    /** The stream failed while iterating: err->code says why (OAI_ESTREAM
     *  for an `error` event, OAI_EPROTOCOL, OAI_EACCUMULATE, OAI_ETIMEOUT,
     *  OAI_EUSER, OAI_ELIMIT, or a transport error). on_end follows. */
    void (*on_exception)(const oai_error *err, void *user_data);
    /* new hooks are only appended; OAI_ASSISTANT_HANDLER_VERSION grows */
} oai_assistant_handler;

/** Initialiser of oai_assistant_handler: the current version, every other field
 * default. */
#define OAI_ASSISTANT_HANDLER_INIT                                             \
    {                                                                          \
        .version = OAI_ASSISTANT_HANDLER_VERSION                               \
    }

#ifdef __cplusplus
}
#endif
#endif /* OAI_ASSISTANT_HANDLER_H */
