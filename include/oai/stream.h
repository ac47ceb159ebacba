/** @file
 * oai/stream.h - an assistant stream: pull events one by one, or let the
 * stream push them into an oai_assistant_handler, or both at once.
 *
 * A stream is created by a request helper of the client (it then reads its
 * HTTP response), or detached with oai_stream_new() and fed bytes by the
 * caller (own transport, recorded files, fuzzing).
 *
 *     const oai_event *ev;
 *     int rc;
 *     while ((rc = oai_stream_next(&ev, s)) == OAI_OK)
 *         ...;                       // hooks for ev already ran
 *     if (rc != OAI_ITEROVER) fprintf(stderr, "%s\n",
 * oai_stream_error(s)->message); oai_stream_free(s);
 *
 * The stream decodes Server-Sent Events (oai/sse.h), interprets them
 * (`[DONE]` ends the stream, `error` events and unnamed
 * events carrying a truthy `error` become stream errors, unknown event
 * names are delivered as OAI_EVENT_UNKNOWN), accumulates snapshots
 * (oai/accumulate.h) and runs the hooks (oai/assistant_handler.h) before
 * the event is returned.
 *
 * Lifetimes: an event returned by oai_stream_next() and a string returned
 * by oai_stream_next_text() are valid until the next iteration call on the
 * stream, oai_stream_abort() or oai_stream_free(). Objects returned by the
 * oai_stream_current_*() accessors are valid until the next event is
 * processed. Objects and arrays returned by the oai_stream_final_*()
 * accessors stay valid until oai_stream_free(). The error returned by
 * oai_stream_error() until the next call on the stream.
 *
 * A stream is not thread-safe: use it from one thread at a time.
 */
#ifndef OAI_STREAM_H
#define OAI_STREAM_H

#include "assistant_handler.h"
#include "common.h"
#include "errors.h"
#include "json.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OAI_STREAM_OPTIONS_VERSION 2 /**< of oai_stream_options */

/** Stream options. Zero fields mean "default". Version 1 (without
 *  stall_timeout_ms) is still accepted. */
typedef struct oai_stream_options {
    unsigned int version;                 /**< OAI_STREAM_OPTIONS_VERSION */
    const oai_assistant_handler *handler; /**< hooks, copied; NULL for none */
    size_t max_event_size;     /**< longest SSE line and largest event data
                                    (default 16 MiB); beyond: OAI_ELIMIT */
    size_t max_snapshot_bytes; /**< event bytes applied to snapshots
                                    (default 256 MiB); beyond: OAI_ELIMIT */
    size_t max_snapshots;      /**< messages + run steps kept (default 65536) */
    /** Stall timeout: the longest time without an *event* (from the
     *  stream's creation, then between events), ms; 0 = none. Separate from
     *  the byte idle timeout (read_timeout_ms), which keep-alive comments
     *  reset: a stream that only sends comments is ended with OAI_ETIMEOUT
     *  (on_timeout, on_exception, on_end). Enforced by
     *  blocking reads of client-made streams and by a multi (a timer);
     *  not for detached streams. Since version 2. */
    long stall_timeout_ms;
} oai_stream_options;

/** Initialiser of oai_stream_options: the current version, every other field
 * default. */
#define OAI_STREAM_OPTIONS_INIT                                                \
    {                                                                          \
        OAI_STREAM_OPTIONS_VERSION, NULL, 0, 0, 0, 0                           \
    }

/** An assistant stream (opaque). */
typedef struct oai_stream oai_stream;

/**
 * Create a detached stream: the caller supplies the bytes of the response
 * body with oai_stream_feed() and oai_stream_feed_end().
 * @param[out] out the stream; free with oai_stream_free().
 * @param opts options (copied, also the handler) or NULL.
 * @return OAI_OK, OAI_EINVAL (out NULL, unknown options or handler
 *         version), OAI_ENOMEM, OAI_ERROR (library initialisation failed).
 */
OAI_EXTERN int oai_stream_new(oai_stream **out, const oai_stream_options *opts);

/**
 * Give a detached stream the next `len` bytes of the body (copied). Nothing
 * is parsed until the next iteration call. Not for streams made by the
 * client. May be called from inside a hook.
 * @return OAI_OK, OAI_EINVAL (NULL arguments, not detached, or after
 *         oai_stream_feed_end()), OAI_ENOMEM.
 */
OAI_EXTERN int oai_stream_feed(oai_stream *s, const void *buf, size_t len);

/** Mark the end of a detached stream's body. OAI_OK or OAI_EINVAL. */
OAI_EXTERN int oai_stream_feed_end(oai_stream *s);

/**
 * Process the next event: run its hooks, then return it.
 * @param[out] out the event (borrowed, see above); NULL unless OAI_OK.
 * @return OAI_OK; OAI_ITEROVER when the stream ended normally (`[DONE]` or
 *         end of body; on_end has run) and on every later call;
 *         OAI_EAGAIN when no complete event is buffered yet: detached
 *         streams, and streams of a client driven by a multi (oai/multi.h;
 *         the response may not even have started: a failure before it
 *         starts is returned here without any hook, as the creating call
 *         of a blocking client would have returned it); a negative error after
 * on_exception and on_end ran: OAI_ESTREAM (server error event; message, type,
 * api_code, param in oai_stream_error()), OAI_EPROTOCOL (bad SSE, UTF-8 or
 * JSON), OAI_EACCUMULATE, OAI_ELIMIT, OAI_ETRANSPORT, OAI_ETIMEOUT (read
 *         timeout, after on_timeout), OAI_EUSER or a hook's negative
 *         value, OAI_ENOMEM; the same error on every later call.
 *         OAI_ECANCELLED after oai_stream_abort(). OAI_EINVAL for NULL
 *         arguments or a call from inside a hook.
 */
OAI_EXTERN int oai_stream_next(const oai_event **out, oai_stream *s);

/**
 * Text-deltas iteration (openai-python's `text_deltas`): the next non-empty
 * text fragment of any `thread.message.delta`, in order. Other events are
 * processed silently (their hooks still run). Drives the same cursor as
 * oai_stream_next().
 * @param[out] out the fragment, NUL-terminated; borrowed until the next
 *        iteration call.
 * @param[out] len its length in bytes (may be NULL).
 * @return as oai_stream_next().
 */
OAI_EXTERN int oai_stream_next_text(const char **out, size_t *len,
                                    oai_stream *s);

/**
 * Consume every remaining event (running the hooks).
 * @return OAI_OK when the stream ended normally, else as oai_stream_next()
 *         (OAI_EAGAIN for a detached stream that needs more bytes).
 */
OAI_EXTERN int oai_stream_until_done(oai_stream *s);

/** The event whose hooks are running; NULL outside hooks. Borrowed. */
OAI_EXTERN const oai_event *oai_stream_current_event(const oai_stream *s);
/** The run of the latest thread.run.* event of any status, or NULL. The
 *  run is parsed from its text at the first call that asks for it (see
 *  oai_accumulator_run()): NULL also when memory runs out then. */
OAI_EXTERN const oai_run *oai_stream_current_run(const oai_stream *s);
/** The message being accumulated; after its completion the server's
 *  message, until the next one is created. NULL before the first. */
OAI_EXTERN const oai_message *oai_stream_current_message(const oai_stream *s);
/** The snapshot of the run step in progress (set by created/in_progress,
 *  cleared when it ends), or NULL; parsed at the first call that asks for
 *  it, as the run: NULL also when memory runs out then. */
OAI_EXTERN const oai_run_step *oai_stream_current_run_step(const oai_stream *s);

/**
 * Drain the stream, then give the last run received.
 * @param[out] out the run, valid until oai_stream_free().
 * @return OAI_OK; OAI_ENOTREADY ("No final run object found"); OAI_ENOMEM
 *         when the run's text could not be parsed for lack of memory; or
 *         the stream's error as oai_stream_until_done().
 */
OAI_EXTERN int oai_stream_final_run(const oai_run **out, oai_stream *s);

/**
 * Drain the stream, then give the messages in first-creation order (each
 * the server's completed/incomplete object if that arrived, else the
 * accumulated snapshot).
 * @param[out] out array of *n messages, valid until oai_stream_free().
 * @param[out] n number of messages.
 * @return OAI_OK; OAI_ENOTREADY ("No messages found"); or the stream's
 *         error as oai_stream_until_done(); OAI_ENOMEM.
 */
OAI_EXTERN int oai_stream_final_messages(const oai_message *const **out,
                                         size_t *n, oai_stream *s);

/**
 * Drain the stream, then give the run steps in first-creation order, each
 * as of its last event.
 * @param[out] out array of *n steps, valid until oai_stream_free().
 * @param[out] n number of steps.
 * @return OAI_OK; OAI_ENOTREADY ("No run steps found"); or the stream's
 *         error; OAI_ENOMEM (also when a step kept as its text could not be
 *         parsed).
 */
OAI_EXTERN int oai_stream_final_run_steps(const oai_run_step *const **out,
                                          size_t *n, oai_stream *s);

/**
 * Answer a run that requires action, continuing in this same stream: the
 * follow-up response's events flow through the same hooks and snapshots
 * after the current response ends, so one oai_stream_until_done() covers
 * the whole tool loop. May be called from inside a hook.
 * @param tool_outputs array of {"tool_call_id","output"} objects (copied).
 * @return OAI_OK; OAI_EINVAL (NULL arguments; a detached stream, which has
 *         no transport; the stream has ended; no run is waiting in
 *         requires_action; outputs already submitted); or the request's
 *         error. oai_stream_error() has the detail; the stream itself
 *         stays usable.
 */
OAI_EXTERN int oai_stream_submit_tool_outputs(oai_stream *s,
                                              const oai_json *tool_outputs);

/**
 * Stop the stream: the response is closed, on_end runs (if iteration had
 * started and the stream had not ended), later iteration calls return
 * OAI_ECANCELLED. From inside a hook the remaining hooks of the event are
 * skipped and on_end runs when the hook returns. Idempotent; NULL is fine.
 */
OAI_EXTERN void oai_stream_abort(oai_stream *s);

/** Why the last call failed (code 0 if none). Borrowed, see above. */
OAI_EXTERN const oai_error *oai_stream_error(const oai_stream *s);

/**
 * Free the stream and everything it handed out. If iteration started and
 * the stream has not ended, on_end runs first. NULL is fine. Never call it
 * from inside one of the stream's own hooks.
 */
OAI_EXTERN void oai_stream_free(oai_stream *s);

#ifdef __cplusplus
}
#endif
#endif /* OAI_STREAM_H */
