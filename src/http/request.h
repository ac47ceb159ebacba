/*
 * Internal request API: how resources, streams and pollers talk HTTP.
 *
 * Every call goes through the client's curl multi engine: a blocking call
 * is a loop of curl_multi_perform + curl_multi_poll until its transfer is
 * done, and retry back-off is a poll timeout, never a sleep. The client's
 * headers (semantics §7.2), retry policy (§7.3) and error model (§7.4-7.6)
 * are applied here, so callers only describe the request.
 *
 * Three ways to run a request:
 *
 * 1. Buffered (JSON calls):
 *
 *        oai__http_spec spec = OAI__HTTP_SPEC_INIT;
 *        spec.method = "POST";
 *        spec.path = "/threads/thread_1/runs";    // "%s" ids: escape them
 *        spec.json = body;                         // const cJSON *, or NULL
 *        spec.opts = user_opts;                    // the caller's options
 *        cJSON *run;
 *        int rc = oai__http_json(&run, c, &spec);  // OAI_OK: run is yours
 *
 *    or oai__http_request() when response headers matter (pollers read
 *    openai-poll-after-ms):
 *
 *        oai__http_response resp;
 *        rc = oai__http_request(&resp, c, &spec);
 *        ... resp.status, resp.json, oai__http_response_header(&resp, "x")
 *        oai__http_response_clear(&resp);          // ALWAYS, whatever rc
 *
 * 2. Download to a sink: set spec.sink; a 2xx body is handed to it as it
 *    arrives instead of being buffered (resp.body stays NULL).
 *
 * 3. Streams (SSE): oai__http_stream_open() returns once the status and
 *    headers of a 2xx response are known (retrying before that point; a
 *    non-2xx response is read fully and becomes the error), then
 *    oai__http_stream_take() takes body bytes with a bounded wait.
 *
 * Failures: every function returns OAI_OK or a negative OAI_E* code, and on
 * failure the client's error (oai_client_last_error(c), or via
 * oai__client_error(c)) holds the detail: HTTP status, "<status> <message>",
 * type/api_code/param, request id, retry hint, CURLcode. Success resets the
 * client's error. Codes: OAI_EINVAL (bad spec; a base URL whose scheme is
 * not http or https, before any attempt), OAI_ENOMEM, OAI_EFILE (multipart
 * file unreadable), OAI_ETRANSPORT ("Connection error: <cause>", e.g.
 * "Connection error: Failed to connect to 127.0.0.1 port 9: Connection
 * refused"; "the server closed the connection in the middle of the
 * response" once a body had started), OAI_ETIMEOUT "Request timed out.",
 * OAI_EUSER (a sink returned non-zero), OAI_ECANCELLED (client freed under
 * an open stream), OAI_EPROTOCOL (oai__http_json: a 2xx body that is not
 * JSON; streams: a 2xx answer that is not text/event-stream, "expected
 * text/event-stream, got <type>[: <API error message>]"), and the status
 * codes
 * of oai_code_from_http_status() (OAI_EBADREQUEST ... OAI_ESERVER,
 * OAI_ESTATUS).
 *
 * Headers sent (semantics §7.2), in precedence order low to high:
 *   library defaults: Authorization: Bearer <key> (absent for key ""),
 *     Accept: application/json, Content-Type: application/json (JSON body
 *     only; multipart sets its own), OpenAI-Beta: assistants=v2 (for the
 *     Assistants API paths: assistants, threads, vector_stores),
 *     OpenAI-Organization / OpenAI-Project when configured,
 *     User-Agent: OpenAI/C <version>[ suffix], X-Stainless-Retry-Count: n;
 *   client default headers (oai_client_options.default_headers);
 *   spec.opts->headers (the end user's per-request headers);
 *   spec.headers (the library's own per-call headers);
 *   the helper headers of spec.stream_helper / spec.poll_helper
 *     (X-Stainless-Stream-Helper, X-Stainless-Custom-Event-Handler,
 *     X-Stainless-Poll-Helper, X-Stainless-Custom-Poll-Interval).
 * A later entry with the same name (case-insensitive) replaces the earlier
 * one, so no header is sent twice; "Name:" with no value removes it. The
 * list is decided in one place: http/openai_headers.c.
 *
 * Threading: one thread per client at a time. Not callable from inside a
 * sink (the sink runs inside the engine).
 */
#ifndef OAI_HTTP_REQUEST_H
#define OAI_HTTP_REQUEST_H

#include <cJSON.h>
#include <stddef.h>

#include "core/error.h"
#include "core/notify.h"
#include "core/strbuf.h"
#include "oai/client.h"

/*
 * Receives response body bytes (downloads and streams). Return 0 to go on;
 * anything else aborts the transfer and the call returns OAI_EUSER (or the
 * value itself if it is a negative OAI_E* code). `data` is borrowed.
 */
typedef int (*oai__http_sink)(const char *data, size_t len, void *user_data);

/* One multipart/form-data field. Exactly one of file_path / data. */
typedef struct oai__http_part {
    const char *name;         /* field name, e.g. "file" or "purpose" */
    const char *data;         /* in-memory value (copied) */
    size_t data_len;          /* bytes of data; (size_t)-1: strlen(data) */
    const char *file_path;    /* file streamed from disk at send time, never
                                 loaded into memory; re-read on retries */
    const char *filename;     /* filename= sent; NULL: basename of file_path
                                 (none for in-memory parts unless given) */
    const char *content_type; /* part Content-Type, or NULL */
} oai__http_part;

typedef struct oai__http_spec {
    const char *method; /* "GET", "POST", "DELETE", ...; NULL: POST if a
                           body is present, else GET */
    const char *path;   /* relative to the base URL ("/threads/t/runs");
                           may carry "?query" itself */
    const char *query;  /* URL-encoded, without '?', or NULL */

    /* Body: at most one of json / body / parts. */
    const cJSON *json; /* serialised compactly, Content-Type JSON */
    const char *body;  /* raw bytes (copied) ... */
    size_t body_len;
    const char *content_type;    /* ... and their Content-Type */
    const oai__http_part *parts; /* multipart/form-data */
    size_t n_parts;

    const char *const *headers; /* library per-call headers "Name: value" */
    size_t n_headers;
    const oai_request_options *opts; /* the end user's options, or NULL:
                                        headers, max_retries, timeouts */
    int max_retries; /* OAI_RETRIES_DEFAULT: opts, else client */

    oai__http_sink sink; /* set: a 2xx body goes here (download) */
    void *sink_user_data;

    /* The SDK helper the request belongs to (X-Stainless-* headers, sent
     * after spec.headers): */
    const char *stream_helper; /* X-Stainless-Stream-Helper: <value>, and
                                  X-Stainless-Custom-Event-Handler: true or
                                  false per custom_event_handler */
    int custom_event_handler;
    int poll_helper;      /* X-Stainless-Poll-Helper: true, and ... */
    int poll_interval_ms; /* > 0: X-Stainless-Custom-Poll-Interval: <ms> */
} oai__http_spec;

#define OAI__HTTP_SPEC_INIT                                                    \
    {                                                                          \
        NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, 0, NULL, 0, NULL,         \
            OAI_RETRIES_DEFAULT, NULL, NULL, NULL, 0, 0, 0                     \
    }

/* A buffered response. Zero-initialise or let oai__http_request() do it. */
typedef struct oai__http_response {
    int status; /* HTTP status of the final attempt, 0 if none */
    char *body; /* NUL-terminated body, NULL if empty or sunk */
    size_t body_len;
    cJSON *json;   /* body parsed as JSON, NULL if it is not JSON */
    char *headers; /* raw "name: value\0" entries of the final
                      response; use oai__http_response_header() */
    size_t headers_len;
    int retries; /* retries taken (0 = first attempt answered) */
} oai__http_response;

/*
 * Run a request to completion. Fills `out` (status, body, json, headers)
 * whenever a response arrived, including error statuses, so callers can
 * inspect it; returns OAI_OK for statuses < 400, else the status's code
 * with the client error filled. Call oai__http_response_clear() after ANY
 * return. Ownership of out->json may be taken (set it to NULL then).
 */
int oai__http_request(oai__http_response *out, oai_client *c,
                      const oai__http_spec *spec);
/* Free what a response holds and zero it (r itself is the caller's). */
void oai__http_response_clear(oai__http_response *r);
/* A response header value (case-insensitive name, first occurrence), NULL if
 * absent. Borrowed from r. */
const char *oai__http_response_header(const oai__http_response *r,
                                      const char *name);

/*
 * Convenience: oai__http_request() that returns the parsed JSON body.
 * *out is caller-owned (free with cJSON_Delete) on OAI_OK, NULL otherwise.
 * A 2xx body that is not JSON → OAI_EPROTOCOL; an empty 2xx body → JSON null.
 */
int oai__http_json(cJSON **out, oai_client *c, const oai__http_spec *spec);

/* ---- streams ------------------------------------------------------------ */

typedef struct oai__http_stream oai__http_stream;

/*
 * Send the request and wait until a 2xx response's headers arrived (retries
 * happen in here): oai__http_stream_start() and the one wait. spec.sink
 * must be NULL. On failure *out is NULL and the client error holds the
 * detail (for a non-2xx the body was read fully and parsed as an API
 * error; a 2xx whose Content-Type is present and not text/event-stream is
 * read fully too and fails with OAI_EPROTOCOL).
 * The stream keeps the client: close it before oai_client_free().
 */
int oai__http_stream_open(oai__http_stream **out, oai_client *c,
                          const oai__http_spec *spec);

/*
 * Non-blocking open (clients driven by a multi): send nothing yet, return
 * the stream at once; the engine starts the request on its next tick.
 * Until a 2xx response's headers arrived, reads return OAI_EAGAIN, or the
 * request's final error (retries exhausted, non-2xx status) once it failed.
 */
int oai__http_stream_start(oai__http_stream **out, oai_client *c,
                           const oai__http_spec *spec);
/* 1 once a 2xx response's headers arrived (the stream is established). */
int oai__http_stream_established(const oai__http_stream *s);
/* Attach a readiness hook (NULL detaches). */
void oai__http_stream_set_notify(oai__http_stream *s, oai__notify *n);
/* Note what the next oai__http_stream_take() reads (s may be NULL). */
void oai__http_stream_warm(const oai__http_stream *s, oai__warm *w);

/* Status and response headers (case-insensitive lookup), borrowed. */
int oai__http_stream_status(const oai__http_stream *s);
const char *oai__http_stream_header(const oai__http_stream *s,
                                    const char *name);

/*
 * Move every buffered or newly received body byte to *out (empty on entry;
 * the caller frees it with oai__free): no copy, and the stream keeps no
 * buffer while it waits for more. wait_ms: how long to wait for bytes; 0 =
 * don't wait (on a non-blocking client the engine is not even ticked: the
 * multi drives it), < 0 = until bytes, end or an error (always bounded by
 * the idle timeout). Returns OAI_OK with out->len > 0; OAI_EAGAIN (out
 * empty) when the wait ended with nothing new; OAI_ITEROVER at the clean end
 * of the body; OAI_ETIMEOUT (idle timeout: no byte for read_timeout_ms),
 * OAI_ETRANSPORT (connection broke), OAI_ECANCELLED (client freed),
 * OAI_ENOMEM, OAI_EINVAL (out not empty). Errors are sticky and described
 * by oai__http_stream_error(); the stream is never retried once open.
 */
int oai__http_stream_take(oai__strbuf *out, oai__http_stream *s, long wait_ms);

/* The detail of the stream's failure (code 0 when none). Borrowed. */
const oai__error_store *oai__http_stream_error(const oai__http_stream *s);

/* Abort the transfer (if still running) and free. NULL is fine. */
void oai__http_stream_close(oai__http_stream *s);

/* ---- helpers for callers ------------------------------------------------ */

/* 1 while a non-blocking driver (an oai_multi) runs c's engine: stream
 * opens return before the response starts and reads never wait. */
int oai__http_client_driven(const oai_client *c);

/* The spec of a plain request with an optional JSON body (the raw
 * requests oai_client_request and oai_multi_request, the stream helpers):
 * the arguments checked (errors on c, c's error cleared first) and spec
 * filled. OAI_OK or OAI_EINVAL. */
int oai__http_raw_spec(oai__http_spec *spec, oai_client *c, const void *out,
                       const char *method, const char *path, const char *query,
                       const cJSON *body, const oai_request_options *opts);
/* oai__http_raw_spec(), then the zeroed object of `size` bytes that a raw
 * request's result lives in: NULL with *rc the error (OAI_EINVAL, or
 * OAI_ENOMEM reported on c) when either fails. */
void *oai__http_raw_begin(oai__http_spec *spec, oai_client *c, const void *out,
                          size_t size, const char *method, const char *path,
                          const char *query, const cJSON *body,
                          const oai_request_options *opts, int *rc);

/* The client's error store: callers that fail before or after HTTP (argument
 * checks, response validation) report through it too. */
oai__error_store *oai__client_error(oai_client *c);

/* URL-escape `s` for use as one path segment or query value. Returns a new
 * string (oai__free) or NULL on ENOMEM. */
char *oai__http_escape(const char *s);

#endif /* OAI_HTTP_REQUEST_H */
