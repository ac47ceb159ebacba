/** @file
 * oai/chat_handler.h - the push interface of a chat stream
 * (oai/chat_stream.h): a table of hooks, one per event of the official
 * Chat Completions streaming helpers.
 *
 *     oai_chat_handler h = OAI_CHAT_HANDLER_INIT;
 *     h.on_content_delta = print_delta;
 *     h.user_data = &my_state;
 *     opts.handler = &h;            // copied when the stream is created
 *
 * NULL hooks are skipped. Every hook gets `user_data` last.
 *
 * Order for one chunk: the chunk is first merged into the snapshot, then
 * on_chunk runs, then the hooks of the helper events the chunk raised, in
 * the order the accumulator lists them (oai/chat_accumulate.h, "Events"):
 * per choice its content, refusal and logprobs deltas, the done events of
 * a finished choice or of a tool call another one follows, and the
 * arguments deltas of its function tool calls. on_end comes exactly once,
 * last, when the stream ends for any reason after iteration started (also
 * when the caller aborts or frees it early).
 *
 * Each hook receives the change record (oai/chat_accumulate.h): its
 * choice index (`c->choice`), its tool-call index (`c->tool_index`), the
 * snapshot's choice (`c->choice_node`) and the snapshot node it changed
 * (`c->node`).
 *
 * Return values: 0 continues. Any other value from an event hook stops the
 * stream: on_exception (code OAI_EUSER, or the hook's value if it is a
 * negative OAI_E* code) and on_end follow, and the iteration call returns
 * that code. on_timeout, on_exception and on_end return nothing: the
 * stream is ending whatever they would say.
 *
 * Lifetimes: everything passed to a hook is borrowed until the hook
 * returns; copy what you keep (oai_json_dup()). Snapshots passed to hooks
 * already include the chunk.
 *
 * Inside a hook you may read any accessor of the stream, call
 * oai_chat_stream_abort() and oai_chat_stream_submit_tool_outputs(). You
 * must not call the iteration calls or the final accessor (they return
 * OAI_EINVAL), nor oai_chat_stream_free() on the same stream.
 */
#ifndef OAI_CHAT_HANDLER_H
#define OAI_CHAT_HANDLER_H

#include "chat_accumulate.h"
#include "common.h"
#include "errors.h"
#include "json.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OAI_CHAT_HANDLER_VERSION 1 /**< of oai_chat_handler */

/** A text delta (content or refusal): the appended `delta` (`len` bytes,
 *  NUL-terminated) and the accumulated text so far, `snapshot` (the delta
 *  included). */
typedef int (*oai_chat_delta_fn)(const char *delta, size_t len,
                                 const char *snapshot, const oai_chat_change *c,
                                 void *user_data);
/** A text is finished: its final value. */
typedef int (*oai_chat_done_fn)(const char *text, const oai_chat_change *c,
                                void *user_data);
/** Log probabilities: `tokens` is the array the chunk brought (NULL for a
 *  done event), `all` every token so far. */
typedef int (*oai_chat_logprobs_fn)(const oai_json *tokens, const oai_json *all,
                                    const oai_chat_change *c, void *user_data);

/** The hooks of a chat stream (see above). */
typedef struct oai_chat_handler {
    unsigned int version; /**< OAI_CHAT_HANDLER_VERSION (0 is accepted too) */
    void *user_data;      /**< passed as the last argument of every hook */

    /** Every chunk, after it was merged: the chunk as received and the
     *  snapshot of the chat completion (also `u`, the whole update). */
    int (*on_chunk)(const oai_json *chunk, const oai_json *snapshot,
                    const oai_chat_update *u, void *user_data);

    oai_chat_delta_fn on_content_delta; /**< content.delta */
    oai_chat_done_fn on_content_done;   /**< content.done */
    oai_chat_delta_fn on_refusal_delta; /**< refusal.delta */
    oai_chat_done_fn on_refusal_done;   /**< refusal.done */

    /** tool_calls.function.arguments.delta: the fragment, the arguments
     *  accumulated so far, and the tool call (`c->node`: id, type,
     *  function name and arguments). */
    int (*on_tool_call_arguments_delta)(const char *delta, size_t len,
                                        const char *arguments,
                                        const oai_chat_change *c,
                                        void *user_data);
    /** tool_calls.function.arguments.done: the whole tool call. */
    int (*on_tool_call_arguments_done)(const oai_json *tool_call,
                                       const oai_chat_change *c,
                                       void *user_data);

    oai_chat_logprobs_fn on_logprobs_content_delta; /**< of the content */
    oai_chat_logprobs_fn on_logprobs_content_done;
    oai_chat_logprobs_fn on_logprobs_refusal_delta; /**< of the refusal */
    oai_chat_logprobs_fn on_logprobs_refusal_done;

    /** The stream ended (normally, by error, abort or early free). Once. */
    void (*on_end)(void *user_data);
    /** A read or stall timeout happened; on_exception with code
     *  OAI_ETIMEOUT and on_end follow. */
    void (*on_timeout)(void *user_data);
    /** The stream failed while iterating: err->code says why
     *  (OAI_ESTREAM for an error payload, OAI_EPROTOCOL for undecodable
     *  data, OAI_EACCUMULATE, OAI_ETRANSPORT, OAI_ETIMEOUT, OAI_EUSER,
     *  OAI_ELIMIT, ...) and err->message how. on_end follows. */
    void (*on_exception)(const oai_error *err, void *user_data);
    /* new hooks are only appended; OAI_CHAT_HANDLER_VERSION grows */
} oai_chat_handler;

/** Initialiser of oai_chat_handler: the current version, every other field
 * default. */
#define OAI_CHAT_HANDLER_INIT                                                  \
    {                                                                          \
        .version = OAI_CHAT_HANDLER_VERSION                                    \
    }

#ifdef __cplusplus
}
#endif
#endif /* OAI_CHAT_HANDLER_H */
