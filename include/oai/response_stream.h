/** @file
 * oai/response_stream.h - a Responses API stream: pull its events one by
 * one, or let the stream push them into an oai_response_handler, or both.
 *
 *     oai_json *p;
 *     oai_json_parse_cstr(&p, "{\"model\":\"gpt-4.1\",\"input\":\"Hi\"}");
 *     oai_response_stream *s;
 *     if (oai_responses_stream(&s, c, p, NULL, NULL) != OAI_OK) {
 *         fprintf(stderr, "%s\n", oai_client_last_error(c)->message);
 *     } else {
 *         const char *t;
 *         int rc;
 *         while ((rc = oai_response_stream_next_text(&t, NULL, s)) == OAI_OK)
 *             fputs(t, stdout);
 *         if (rc != OAI_ITEROVER)
 *             fprintf(stderr, "%s\n", oai_response_stream_error(s)->message);
 *         oai_response_stream_free(s);
 *     }
 *
 * A stream is created by a request call below (it then reads the HTTP
 * response), or detached with oai_response_stream_new() and fed bytes by
 * the caller (own transport, recorded files, fuzzing).
 *
 * Each event is decoded from Server-Sent Events (oai/sse.h), merged into
 * the snapshot of the Response (oai/response_accumulate.h describes the
 * decoding, the merge and its lenience), then the hooks run
 * (oai/response_handler.h), then the event is returned. `keepalive`
 * events, unknown types and events after the terminal one are delivered
 * and never fatal; the `[DONE]` line some compatible servers send ends the
 * body. A response is complete at its terminal event: a body read from a
 * connection that stays open after it, sending nothing, ends one second
 * after its last event (libcurl 7.88 can hold back the end of an
 * HTTP/2 stream until more bytes arrive on its connection, which may be
 * never). An event that has begun to arrive is always read whole; one
 * sent after a second of silence is not read. An `error` event ends the
 * stream with OAI_ESTREAM (message, type, api_code and param in the
 * error).
 * `response.failed` and `response.incomplete` are not errors: they are
 * states of the final response.
 *
 * Lifetimes: an update returned by oai_response_stream_next(), a fragment
 * returned by oai_response_stream_next_text(), and everything returned by
 * the accessors (also the final response and the output text) are valid
 * until the next event is processed, oai_response_stream_abort() or
 * oai_response_stream_free(). The error returned by
 * oai_response_stream_error() until the next call on the stream.
 *
 * A stream is not thread-safe: use it from one thread at a time.
 * @since 0.2
 */
#ifndef OAI_RESPONSE_STREAM_H
#define OAI_RESPONSE_STREAM_H

#include "client.h"
#include "common.h"
#include "errors.h"
#include "json.h"
#include "response_accumulate.h"
#include "response_handler.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OAI_RESPONSE_STREAM_OPTIONS_VERSION 2 /**< of the options */

/** Whether a response stream resumes after a broken connection. */
typedef enum oai_response_resume {
    /** On for a background response (`"background": true` in the create
     *  parameters, or oai_responses_retrieve_stream()), off otherwise. */
    OAI_RESPONSE_RESUME_AUTO = 0,
    /** On; asking it for a foreground response is OAI_EINVAL. */
    OAI_RESPONSE_RESUME_ON = 1,
    /** Off: a broken connection ends the stream. */
    OAI_RESPONSE_RESUME_OFF = 2
} oai_response_resume;

/** Response stream options. Zero fields mean "default". */
typedef struct oai_response_stream_options {
    unsigned int version; /**< OAI_RESPONSE_STREAM_OPTIONS_VERSION */
    const oai_response_handler *handler; /**< hooks, copied; NULL for none */
    size_t max_event_size;     /**< longest SSE line and largest event data
                                    (default 16 MiB); beyond: OAI_ELIMIT */
    size_t max_snapshot_bytes; /**< event bytes merged into the snapshot
                                    since the last lifecycle event (default
                                    256 MiB); beyond: OAI_ELIMIT */
    /** Stall timeout: the longest time without an *event* (from the
     *  stream's creation, then between events), ms; 0 = none. Separate
     *  from the byte idle timeout (the client's read_timeout_ms), which
     *  comments reset. When it passes the stream ends with OAI_ETIMEOUT
     *  (on_timeout, on_exception, on_end), unless the
     *  stream resumes (see `resume`). Enforced by blocking reads and by a
     *  multi; not for detached streams. */
    long stall_timeout_ms;
    /* ---- version 2 ---- */
    /** Automatic resume (oai_response_resume). A stream that resumes and
     *  whose connection fails (transport error, read timeout), stalls
     *  (stall_timeout_ms) or whose body ends before the terminal event
     *  asks GET /responses/{id}?stream=true&starting_after=<the last
     *  sequence_number> and reads on from there: the hooks see every
     *  event once, in order, and the snapshot continues. An event the
     *  server repeats is dropped; a gap in the sequence numbers ends the
     *  stream with OAI_EPROTOCOL. A stream whose events carry no
     *  sequence_number cannot resume (OAI_EPROTOCOL). An HTTP error of
     *  the resume request (such as a response too old to stream again)
     *  ends the stream with that error. */
    int resume;
    /** Resume attempts in a row without an event in between (default 5);
     *  when they are used up the stream ends with the last failure. */
    int resume_max_attempts;
    /** Pause before the first attempt, doubled at each further one, ms
     *  (default 200; capped at 5 s). Blocking streams only: on a client
     *  driven by a multi the attempt is sent at once. */
    long resume_backoff_ms;
    /** How long after the response started a resume is still tried, ms
     *  (default 300000, the service's 5 minutes); after it the stream ends
     *  with OAI_ETIMEOUT. */
    long resume_window_ms;
} oai_response_stream_options;

/** Initialiser of the options: the current version, every other field
 * default. */
#define OAI_RESPONSE_STREAM_OPTIONS_INIT                                       \
    {                                                                          \
        OAI_RESPONSE_STREAM_OPTIONS_VERSION, NULL, 0, 0, 0, 0, 0, 0, 0         \
    }

/** A response stream (opaque). */
typedef struct oai_response_stream oai_response_stream;

/* ---- requests ------------------------------------------------------------ */

/**
 * POST /responses with `params` (model, input, tools, ...) plus
 * `"stream": true`, and return the stream reading its response. The call
 * returns once the response headers arrived (retries, the client's
 * policy, happen before that point only), or at once on a client driven
 * by a multi (oai/multi.h). An HTTP error status is read fully and
 * returned as the error, with no stream and no hook called.
 * The client's read_timeout_ms (or the request option's) bounds the gap
 * between received bytes: when it passes, the stream ends with
 * OAI_ETIMEOUT after on_timeout.
 * @param[out] out the stream (free with oai_response_stream_free()); NULL
 *        when the call fails.
 * @param params a JSON object, only read during the call (a copy is kept
 *        for the follow-up requests of
 *        oai_response_stream_submit_function_outputs()).
 * @param sopts copied (also its handler), or NULL.
 * @param opts per-request options (oai/client.h); follow-up requests use
 *        their retry and timeout values but not their headers.
 * With `"background": true` in params the stream resumes by itself when
 * its connection breaks (the options' `resume`).
 * @return OAI_OK; OAI_EINVAL (NULL out or client, params not an object,
 *         bad options, resume asked for without `"background": true`;
 *         nothing was sent); OAI_ENOMEM; the request errors of
 *         oai/client.h. Detail in oai_client_last_error(c).
 */
OAI_EXTERN int oai_responses_stream(oai_response_stream **out, oai_client *c,
                                    const oai_json *params,
                                    const oai_response_stream_options *sopts,
                                    const oai_request_options *opts);

/**
 * GET /responses/{response_id}?stream=true, with `&starting_after=N` when
 * starting_after >= 0: stream the events of a background response again,
 * from the start or after event N. A stream resumed after N has no
 * `response.created`: its snapshot starts at its first lifecycle event,
 * and events about items added before N change nothing (they count as
 * accumulator warnings). Otherwise as oai_responses_stream(); the stream
 * cannot submit function outputs. Automatic resume (the options' `resume`)
 * is on by default: the response is a background one.
 */
OAI_EXTERN int
oai_responses_retrieve_stream(oai_response_stream **out, oai_client *c,
                              const char *response_id, long long starting_after,
                              const oai_response_stream_options *sopts,
                              const oai_request_options *opts);

/* ---- detached streams ---------------------------------------------------- */

/**
 * Create a detached stream: the caller supplies the bytes of the response
 * body with oai_response_stream_feed() and oai_response_stream_feed_end().
 * @param[out] out the stream; free with oai_response_stream_free().
 * @param opts options (copied, also the handler) or NULL.
 * @return OAI_OK, OAI_EINVAL (out NULL, unknown options or handler
 *         version), OAI_ENOMEM, OAI_ERROR (library initialisation failed).
 */
OAI_EXTERN int oai_response_stream_new(oai_response_stream **out,
                                       const oai_response_stream_options *opts);

/** Give a detached stream the next `len` bytes of the body (copied).
 *  OAI_OK, OAI_EINVAL (NULL arguments, not detached, after feed_end),
 *  OAI_ENOMEM. May be called from inside a hook. */
OAI_EXTERN int oai_response_stream_feed(oai_response_stream *s, const void *buf,
                                        size_t len);
/** Mark the end of a detached stream's body. OAI_OK or OAI_EINVAL. */
OAI_EXTERN int oai_response_stream_feed_end(oai_response_stream *s);

/* ---- iteration ----------------------------------------------------------- */

/**
 * Process the next event: merge it, run its hooks, then return it.
 * @param[out] out the event and what it changed (borrowed); NULL unless
 *        OAI_OK.
 * @return OAI_OK; OAI_ITEROVER when the stream ended normally (end of
 *         body, `[DONE]`, or a second of silence after the terminal
 *         event; on_end has run) and on every later call;
 *         OAI_EAGAIN when no complete event is buffered yet (detached
 *         streams; streams of a client driven by a multi, whose failure
 *         before the response starts is returned here without any hook);
 *         a negative error after on_exception and on_end ran: OAI_ESTREAM
 *         (an `error` event), OAI_EPROTOCOL (bad SSE, UTF-8 or JSON),
 *         OAI_EACCUMULATE, OAI_ELIMIT, OAI_ETRANSPORT, OAI_ETIMEOUT (after
 *         on_timeout), OAI_EUSER or a hook's negative value, OAI_ENOMEM;
 *         the same error on every later call. OAI_ECANCELLED after
 *         oai_response_stream_abort(). OAI_EINVAL for NULL arguments or a
 *         call from inside a hook.
 */
OAI_EXTERN int oai_response_stream_next(const oai_response_update **out,
                                        oai_response_stream *s);

/**
 * Text iteration: the next non-empty `response.output_text.delta`
 * fragment, in order. Other events are processed silently (their hooks
 * still run). Drives the same cursor as oai_response_stream_next().
 * @param[out] out the fragment, NUL-terminated; borrowed (see above).
 * @param[out] len its length in bytes (may be NULL).
 * @return as oai_response_stream_next().
 */
OAI_EXTERN int oai_response_stream_next_text(const char **out, size_t *len,
                                             oai_response_stream *s);

/**
 * Consume every remaining event (running the hooks), including the
 * follow-up responses of function outputs submitted meanwhile.
 * @return OAI_OK when the stream ended normally, else as
 *         oai_response_stream_next() (OAI_EAGAIN for a detached stream
 *         that needs more bytes).
 */
OAI_EXTERN int oai_response_stream_until_done(oai_response_stream *s);

/* ---- accessors ----------------------------------------------------------- */

/** The event whose hooks are running, or the last one returned; NULL
 *  before the first. Borrowed. */
OAI_EXTERN const oai_response_update *
oai_response_stream_current_event(const oai_response_stream *s);
/** The snapshot of the current response (a Response object), NULL before
 *  its first lifecycle event. */
OAI_EXTERN const oai_json *
oai_response_stream_current_response(const oai_response_stream *s);
/** The output item the current event is about (as accumulated), or NULL. */
OAI_EXTERN const oai_json *
oai_response_stream_current_item(const oai_response_stream *s);
/** The output item at `output_index` of the current response, or NULL. */
OAI_EXTERN const oai_json *
oai_response_stream_item(const oai_response_stream *s, long long output_index);

/**
 * Drain the stream, then give the final response: the `response` of the
 * last terminal event as the server sent it.
 * @param[out] out the response (borrowed until oai_response_stream_free()).
 * @param[out] end how it ended: completed, incomplete or failed (may be
 *        NULL).
 * @return OAI_OK (for any of the three ends); OAI_ENOTREADY (the body
 *         ended without a terminal event); or the stream's error as
 *         oai_response_stream_until_done(). OAI_EINVAL inside a hook.
 */
OAI_EXTERN int oai_response_stream_final_response(const oai_json **out,
                                                  oai_response_end *end,
                                                  oai_response_stream *s);

/**
 * The text of every `output_text` part of every `message` item of the
 * current response so far, concatenated (the SDKs' `output_text`).
 * @param[out] text NUL-terminated, "" before any; borrowed.
 * @param[out] len its length (may be NULL).
 * @return OAI_OK, OAI_EINVAL, OAI_ENOMEM.
 */
OAI_EXTERN int oai_response_stream_output_text(const char **text, size_t *len,
                                               oai_response_stream *s);
/** The last `sequence_number` seen in the current response, -1 if none
 *  (the cursor for oai_responses_retrieve_stream()). */
OAI_EXTERN long long
oai_response_stream_last_sequence_number(const oai_response_stream *s);
/** The id of the current response, NULL before its first lifecycle event. */
OAI_EXTERN const char *
oai_response_stream_response_id(const oai_response_stream *s);

/* ---- the tool loop ------------------------------------------------------- */

/**
 * Answer the function calls of the response that just ended, continuing
 * in this same stream: once its body ends, a new POST /responses is read
 * by the same hooks and accessors, so one oai_response_stream_until_done()
 * covers the whole tool loop. Answer parallel calls together, in one call.
 * The follow-up request repeats the parameters of the first request with
 * `input` replaced: with `"store": false` in them, by the whole history
 * (the first input, every output item of every response so far, reasoning
 * items with their `encrypted_content` included, and the outputs); else by
 * the outputs alone, with `previous_response_id` set to the ended
 * response's id. May be called from inside a hook (on_completed is the
 * natural place) or between iteration calls after the terminal event.
 * @param outputs an array of objects {"call_id", "output"} (copied;
 *        `"type": "function_call_output"` is added where missing).
 * @return OAI_OK; OAI_EINVAL (NULL arguments; a stream without a request
 *         to repeat: detached or retrieved; no terminal event yet or the
 *         stream has ended; outputs already submitted); OAI_ENOMEM; or the
 *         request's error. oai_response_stream_error() has the detail; the
 *         stream itself stays usable.
 */
OAI_EXTERN int
oai_response_stream_submit_function_outputs(oai_response_stream *s,
                                            const oai_json *outputs);

/* ---- ending -------------------------------------------------------------- */

/**
 * Stop the stream: the response is closed, on_end runs (if iteration had
 * started and the stream had not ended), later iteration calls return
 * OAI_ECANCELLED. From inside a hook the remaining hooks are skipped and
 * on_end runs when the hook returns. Idempotent; NULL is fine.
 */
OAI_EXTERN void oai_response_stream_abort(oai_response_stream *s);

/** Why the last call failed (code 0 if none). Borrowed, see above. */
OAI_EXTERN const oai_error *
oai_response_stream_error(const oai_response_stream *s);

/**
 * Free the stream and everything it handed out. If iteration started and
 * the stream has not ended, on_end runs first. NULL is fine. Never call it
 * from inside one of the stream's own hooks.
 */
OAI_EXTERN void oai_response_stream_free(oai_response_stream *s);

#ifdef __cplusplus
}
#endif
#endif /* OAI_RESPONSE_STREAM_H */
