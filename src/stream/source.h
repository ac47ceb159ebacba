/* The byte source behind a stream: the seam where a transport plugs in.
 *
 * The HTTP layer creates a stream around its response with
 * oai__stream_new_source(). The stream asks for bytes only when its SSE
 * decoder has no complete event left, so at most one read's worth of input
 * is buffered beyond the event being decoded. */
#ifndef OAI_STREAM_SOURCE_H
#define OAI_STREAM_SOURCE_H

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/notify.h"
#include "core/strbuf.h"
#include "oai/stream.h"

typedef struct oai__stream_source {
    /* Deliver more bytes of the current response body through
     * oai__stream_deliver(s, ...). Return OAI_OK (zero or more bytes were
     * delivered; the stream calls again when it needs more), OAI_ITEROVER
     * at the end of the body, or a negative code with `err` filled:
     * OAI_ETIMEOUT for a read timeout (the stream then runs on_timeout),
     * any other code is reported as kind "transport". Required. */
    int (*pump)(void *ctx, oai_stream *s, oai__error_store *err);
    /* Start the submit-tool-outputs request for `run` (its id and
     * thread_id) with `tool_outputs` (an array; copy what you keep). The
     * stream switches to its response with next_body() once the current
     * body has ended. May be NULL (then submitting fails with OAI_EINVAL). */
    int (*submit_tool_outputs)(void *ctx, const cJSON *run,
                               const cJSON *tool_outputs,
                               oai__error_store *err);
    /* The current body ended ([DONE] or end of body) after a successful
     * submit_tool_outputs: make the follow-up response the current body.
     * An error ends the stream (on_exception, on_end) with err's code; its
     * kind is kept if set, else "transport". */
    int (*next_body)(void *ctx, oai__error_store *err);
    /* Stop reading and release the connection. Idempotent. May be NULL. */
    void (*close)(void *ctx);
    /* Free ctx; called once by oai_stream_free(). May be NULL. */
    void (*destroy)(void *ctx);
    /* Non-blocking sources (a client driven by a multi): pump() may also
     * return OAI_EAGAIN (nothing now; oai_stream_next() returns it).
     * established(): 0 while the first response has not started; a
     * failure then ends the stream without any hook (semantics §3.4:
     * errors before the stream is established fire no callbacks). NULL:
     * always established. */
    int (*established)(void *ctx);
    /* Attach the multi's readiness hook to the current and later bodies
     * (NULL detaches). May be NULL. */
    void (*set_notify)(void *ctx, oai__notify *n);
    /* Response streams: replace the current body by the stream of the
     * response `response_id` after event `starting_after` (the current
     * connection is closed), sent after a pause of delay_ms on a blocking
     * client (none on a multi's). Blocking clients return once its headers
     * arrived (an HTTP error is returned with err filled, http_status
     * set); a multi's at once. May be NULL (then a stream cannot resume). */
    int (*resume)(void *ctx, const char *response_id, long long starting_after,
                  long delay_ms, oai__error_store *err);
    /* Note what the next pump() reads (oai__warm_add). May be NULL. */
    void (*warm)(const void *ctx, oai__warm *w);
} oai__stream_source;

/* Create a stream reading from `src` (the vtable must outlive the stream;
 * ctx is handed to every call and destroyed by oai_stream_free()). On
 * failure nothing is destroyed: the caller still owns ctx. */
int oai__stream_new_source(oai_stream **out, const oai_stream_options *opts,
                           const oai__stream_source *src, void *ctx);
/* Called by pump(): append body bytes. OAI_OK or OAI_ENOMEM. */
int oai__stream_deliver(oai_stream *s, const void *buf, size_t len);
/* The same with the bytes of `b`, whose memory the stream may keep rather
 * than copy; b is left empty. */
int oai__stream_deliver_buf(oai_stream *s, oai__strbuf *b);
/* The x-request-id of the stream's response, reported on stream API errors. */
void oai__stream_set_request_id(oai_stream *s, const char *id, size_t len);

/* ---- for non-blocking drivers (src/multi/) --------------------------------
 */

/* Absolute monotonic time the stream must next be looked at even without
 * bytes: the stall timeout (no event for stall_timeout_ms) or the end of
 * the grace a body has after the event that completes it; -1 if none (or
 * ended). */
int64_t oai__stream_wake_at(const oai_stream *s);
/* Milliseconds until then (0 once passed), -1 if none. Sources bound
 * blocking waits with it. */
long oai__stream_wait_left(const oai_stream *s);
/* End the stream with OAI_ETIMEOUT if its stall deadline passed
 * (on_timeout, on_exception, on_end). Returns 1 if it did. */
int oai__stream_check_stall(oai_stream *s, int64_t now);
/* 1 once the stream ended; *result then holds OAI_ITEROVER or the error. */
int oai__stream_ended(const oai_stream *s, int *result);
/* Forward a readiness hook to the source (no-op for detached streams). */
void oai__stream_set_notify(oai_stream *s, oai__notify *n);
/* Make `w` the memory the stream's next oai_stream_next() reads while the
 * next event is an ordinary one, for the engine to prefetch as its bytes
 * arrive. The list goes stale as the stream moves on: set it again after
 * each look at the stream. */
void oai__stream_warm(const oai_stream *s, oai__warm *w);
/* Called first by oai_stream_free() (a multi detaches the stream). */
void oai__stream_set_free_hook(oai_stream *s, void (*fn)(void *ud), void *ud);
/* The free hook's data, NULL if none. */
void *oai__stream_free_hook_data(const oai_stream *s);

#endif
