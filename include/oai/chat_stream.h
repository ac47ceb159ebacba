/** @file
 * oai/chat_stream.h - a Chat Completions stream: pull its chunks one by
 * one, or let the stream push its events into an oai_chat_handler, or
 * both.
 *
 *     oai_json *p;
 *     oai_json_parse_cstr(&p, "{\"model\":\"gpt-4o\",\"messages\":"
 *                             "[{\"role\":\"user\",\"content\":\"Hi\"}]}");
 *     oai_chat_stream *s;
 *     if (oai_chat_completions_stream(&s, c, p, NULL, NULL) != OAI_OK) {
 *         fprintf(stderr, "%s\n", oai_client_last_error(c)->message);
 *     } else {
 *         const char *t;
 *         int rc;
 *         while ((rc = oai_chat_stream_next_content(&t, NULL, NULL, s)) ==
 *                OAI_OK)
 *             fputs(t, stdout);
 *         if (rc != OAI_ITEROVER)
 *             fprintf(stderr, "%s\n", oai_chat_stream_error(s)->message);
 *         oai_chat_stream_free(s);
 *     }
 *
 * A stream is created by oai_chat_completions_stream() (it then reads the
 * HTTP response), or detached with oai_chat_stream_new() and fed bytes by
 * the caller (own transport, recorded files, fuzzing).
 *
 * Each chunk is decoded from Server-Sent Events (oai/sse.h), merged into
 * the snapshot of the chat completion (oai/chat_accumulate.h describes the
 * decoding, the merge, its lenience and the events), then the hooks run
 * (oai/chat_handler.h), then the chunk's update is returned. `data:
 * [DONE]` ends the body; nothing after it is read. A last event the body
 * did not terminate with a blank line is still delivered, as official
 * clients do. An error payload ends the stream with OAI_ESTREAM (kind
 * "api_error"; message, type, api_code and param in the error).
 *
 * Lifetimes: an update returned by oai_chat_stream_next(), a fragment
 * returned by oai_chat_stream_next_content(), and everything returned by
 * the accessors are valid until the next chunk is processed,
 * oai_chat_stream_abort() or oai_chat_stream_free() (the final completion:
 * until oai_chat_stream_free()). The error
 * returned by oai_chat_stream_error() until the next call on the stream.
 *
 * A stream is not thread-safe: use it from one thread at a time.
 * @since 0.2
 */
#ifndef OAI_CHAT_STREAM_H
#define OAI_CHAT_STREAM_H

#include "chat_accumulate.h"
#include "chat_handler.h"
#include "client.h"
#include "common.h"
#include "errors.h"
#include "json.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OAI_CHAT_STREAM_OPTIONS_VERSION 1 /**< of the options */

/** Chat stream options. Zero fields mean "default". */
typedef struct oai_chat_stream_options {
    unsigned int version;            /**< OAI_CHAT_STREAM_OPTIONS_VERSION */
    const oai_chat_handler *handler; /**< hooks, copied; NULL for none */
    size_t max_event_size;     /**< longest SSE line and largest event data
                                    (default 16 MiB); beyond: OAI_ELIMIT */
    size_t max_snapshot_bytes; /**< chunk bytes merged into the snapshot of
                                    one completion (default 256 MiB);
                                    beyond: OAI_ELIMIT */
    /** Stall timeout: the longest time without a chunk (from the stream's
     *  creation, then between chunks), ms; 0 = none. Separate from the
     *  byte idle timeout (the client's read_timeout_ms), which comments
     *  reset. When it passes the stream ends with OAI_ETIMEOUT
     *  (on_timeout, on_exception, on_end). Enforced by
     *  blocking reads and by a multi; not for detached streams. */
    long stall_timeout_ms;
} oai_chat_stream_options;

/** Initialiser of the options: the current version, every other field
 * default. */
#define OAI_CHAT_STREAM_OPTIONS_INIT                                           \
    {                                                                          \
        OAI_CHAT_STREAM_OPTIONS_VERSION, NULL, 0, 0, 0                         \
    }

/** A chat stream (opaque). */
typedef struct oai_chat_stream oai_chat_stream;

/* ---- requests ------------------------------------------------------------ */

/**
 * POST /chat/completions with `params` (model, messages, tools,
 * stream_options, ...) plus `"stream": true`, and return the stream
 * reading its response. The call returns once the response headers
 * arrived (retries, the client's policy, happen before that point only),
 * or at once on a client driven by a multi (oai/multi.h). An HTTP error
 * status is read fully and returned as the error, with no stream and no
 * hook called. The client's read_timeout_ms (or the request option's)
 * bounds the gap between received bytes: when it passes, the stream ends
 * with OAI_ETIMEOUT after on_timeout.
 * @param[out] out the stream (free with oai_chat_stream_free()); NULL when
 *        the call fails.
 * @param params a JSON object with a `messages` array, only read during
 *        the call (a copy is kept for the follow-up requests of
 *        oai_chat_stream_submit_tool_outputs()).
 * @param sopts copied (also its handler), or NULL.
 * @param opts per-request options (oai/client.h); follow-up requests use
 *        their retry and timeout values but not their headers.
 * @return OAI_OK; OAI_EINVAL (NULL out or client, params not an object or
 *         without a `messages` array, bad options; nothing was sent);
 *         OAI_ENOMEM; the request errors of oai/client.h. Detail in
 *         oai_client_last_error(c).
 */
OAI_EXTERN int oai_chat_completions_stream(oai_chat_stream **out, oai_client *c,
                                           const oai_json *params,
                                           const oai_chat_stream_options *sopts,
                                           const oai_request_options *opts);

/* ---- detached streams ---------------------------------------------------- */

/**
 * Create a detached stream: the caller supplies the bytes of the response
 * body with oai_chat_stream_feed() and oai_chat_stream_feed_end().
 * @param[out] out the stream; free with oai_chat_stream_free().
 * @param opts options (copied, also the handler) or NULL.
 * @return OAI_OK, OAI_EINVAL (out NULL, unknown options or handler
 *         version), OAI_ENOMEM, OAI_ERROR (library initialisation failed).
 */
OAI_EXTERN int oai_chat_stream_new(oai_chat_stream **out,
                                   const oai_chat_stream_options *opts);

/** Give a detached stream the next `len` bytes of the body (copied).
 *  OAI_OK, OAI_EINVAL (NULL arguments, not detached, after feed_end),
 *  OAI_ENOMEM. May be called from inside a hook. */
OAI_EXTERN int oai_chat_stream_feed(oai_chat_stream *s, const void *buf,
                                    size_t len);
/** Mark the end of a detached stream's body. OAI_OK or OAI_EINVAL. */
OAI_EXTERN int oai_chat_stream_feed_end(oai_chat_stream *s);

/* ---- iteration ----------------------------------------------------------- */

/**
 * Process the next chunk: merge it, run its hooks, then return it.
 * @param[out] out the chunk and what it changed (borrowed); NULL unless
 *        OAI_OK.
 * @return OAI_OK; OAI_ITEROVER when the stream ended normally (end of
 *         body or `[DONE]`; on_end has run) and on every later call;
 *         OAI_EAGAIN when no complete event is buffered yet (detached
 *         streams; streams of a client driven by a multi, whose failure
 *         before the response starts is returned here without any hook);
 *         a negative error after on_exception and on_end ran: OAI_ESTREAM
 *         (an error payload), OAI_EPROTOCOL (bad SSE, UTF-8 or JSON),
 *         OAI_EACCUMULATE (the hooks of the events raised before the
 *         failure have run), OAI_ELIMIT, OAI_ETRANSPORT, OAI_ETIMEOUT
 *         (after on_timeout), OAI_EUSER or a hook's negative value,
 *         OAI_ENOMEM; the same error on every later call. OAI_ECANCELLED
 *         after oai_chat_stream_abort(). OAI_EINVAL for NULL arguments or
 *         a call from inside a hook.
 */
OAI_EXTERN int oai_chat_stream_next(const oai_chat_update **out,
                                    oai_chat_stream *s);

/**
 * Content iteration: the next non-empty content delta of any choice, in
 * order. Other chunks are processed silently (their hooks still run).
 * Drives the same cursor as oai_chat_stream_next().
 * @param[out] out the fragment, NUL-terminated; borrowed (see above).
 * @param[out] len its length in bytes (may be NULL).
 * @param[out] choice the index of its choice (may be NULL).
 * @return as oai_chat_stream_next().
 */
OAI_EXTERN int oai_chat_stream_next_content(const char **out, size_t *len,
                                            long long *choice,
                                            oai_chat_stream *s);

/**
 * Consume every remaining chunk (running the hooks), including the
 * follow-up responses of tool outputs submitted meanwhile.
 * @return OAI_OK when the stream ended normally, else as
 *         oai_chat_stream_next() (OAI_EAGAIN for a detached stream that
 *         needs more bytes).
 */
OAI_EXTERN int oai_chat_stream_until_done(oai_chat_stream *s);

/* ---- accessors ----------------------------------------------------------- */

/** The chunk whose hooks are running, or the last one returned; NULL
 *  before the first. Borrowed. */
OAI_EXTERN const oai_chat_update *
oai_chat_stream_current_update(const oai_chat_stream *s);
/** The snapshot of the current completion (a chat completion built from
 *  the chunks so far), NULL before its first chunk. */
OAI_EXTERN const oai_json *
oai_chat_stream_current_completion(const oai_chat_stream *s);
/** The snapshot's choice with this index, or NULL. */
OAI_EXTERN const oai_json *oai_chat_stream_choice(const oai_chat_stream *s,
                                                  long long index);
/** The finish reason of that choice, NULL while it has none. */
OAI_EXTERN const char *oai_chat_stream_finish_reason(const oai_chat_stream *s,
                                                     long long index);

/** The accumulator of the current completion (oai/chat_accumulate.h),
 *  for its read-only accessors; it is replaced when a tool loop's
 *  follow-up response starts. Borrowed. */
OAI_EXTERN const oai_chat_accumulator *
oai_chat_stream_accumulator(const oai_chat_stream *s);

/**
 * Drain the stream, then give the final completion: the accumulated
 * `chat.completion` object of the last response (oai/chat_accumulate.h,
 * oai_chat_accumulator_final()).
 * @param[out] out the completion (borrowed until oai_chat_stream_free()).
 * @return OAI_OK; OAI_ENOTREADY (the body had no chunk); OAI_EACCUMULATE
 *         (the completion cannot be built: see
 *         oai_chat_accumulator_final()); or the stream's error as
 *         oai_chat_stream_until_done(). OAI_EINVAL inside a hook.
 */
OAI_EXTERN int oai_chat_stream_final_completion(const oai_json **out,
                                                oai_chat_stream *s);

/* ---- the tool loop ------------------------------------------------------- */

/**
 * Answer the tool calls of the completion that just finished with
 * `finish_reason` "tool_calls", continuing in this same stream: the
 * assistant message of its first choice (content and tool calls) and one
 * `tool` message per output are appended to the request's `messages`, the
 * request is sent again, and once the current body ends its response is
 * read by the same hooks and accessors, so one oai_chat_stream_until_done()
 * covers the whole tool loop. Answer parallel calls together, in one call.
 * May be called from inside a hook once choice 0 has its finish reason
 * (on_chunk of the finishing chunk, on_tool_call_arguments_done), or
 * between iteration calls after that chunk.
 * @param outputs an array of objects {"tool_call_id", "content"} (copied;
 *        `"role": "tool"` is added where missing).
 * @return OAI_OK; OAI_EINVAL (NULL arguments; a detached stream; choice 0
 *         has not finished with "tool_calls"; the stream has ended;
 *         outputs already submitted); OAI_EACCUMULATE (the assistant
 *         message cannot be built); OAI_ENOMEM; or the request's error.
 *         oai_chat_stream_error() has the detail; the stream itself stays
 *         usable.
 */
OAI_EXTERN int oai_chat_stream_submit_tool_outputs(oai_chat_stream *s,
                                                   const oai_json *outputs);

/* ---- ending -------------------------------------------------------------- */

/**
 * Stop the stream: the response is closed, on_end runs (if iteration had
 * started and the stream had not ended), later iteration calls return
 * OAI_ECANCELLED. From inside a hook the remaining hooks are skipped and
 * on_end runs when the hook returns. Idempotent; NULL is fine.
 */
OAI_EXTERN void oai_chat_stream_abort(oai_chat_stream *s);

/** Why the last call failed (code 0 if none). Borrowed, see above. */
OAI_EXTERN const oai_error *oai_chat_stream_error(const oai_chat_stream *s);

/**
 * Free the stream and everything it handed out. If iteration started and
 * the stream has not ended, on_end runs first. NULL is fine. Never call it
 * from inside one of the stream's own hooks.
 */
OAI_EXTERN void oai_chat_stream_free(oai_chat_stream *s);

#ifdef __cplusplus
}
#endif
#endif /* OAI_CHAT_STREAM_H */
