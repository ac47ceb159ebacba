/** @file
 * oai/client.h - the client: configuration, per-client error detail, and the
 * raw request escape hatch.
 *
 * A client holds the configuration (API key, base URL, timeouts, retries,
 * headers) and one HTTP engine (connection cache included). Every resource,
 * stream and poller call takes the client it runs on. A client, and every
 * object created from it, is used by one thread at a time.
 *
 *     oai_client *c;
 *     char why[256];
 *     if (oai_client_new(&c, NULL, why, sizeof why) != OAI_OK) // key from
 *         fprintf(stderr, "%s\n", why);                       // the env
 *     oai_response *r;
 *     if (oai_client_request(&r, c, "GET", "/models", NULL, NULL, NULL) !=
 * OAI_OK) fprintf(stderr, "%s\n", oai_client_last_error(c)->message);
 *     ...
 *     oai_response_free(r);
 *     oai_client_free(c);
 */
#ifndef OAI_CLIENT_H
#define OAI_CLIENT_H

#include "common.h"
#include "errors.h"
#include "json.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A client (opaque): configuration and one HTTP engine. */
typedef struct oai_client oai_client;

/** Log levels, for oai_client_options.log_level and the log callback. */
typedef enum oai_log_level {
    OAI_LOG_DEFAULT =
        0,            /**< options only: take OPENAI_LOG from the environment */
    OAI_LOG_OFF = 1,  /**< nothing is logged */
    OAI_LOG_INFO = 2, /**< one line per HTTP response and per retry */
    OAI_LOG_DEBUG =
        3 /**< also request lines and headers (Authorization redacted) */
} oai_log_level;

/**
 * Receives one log line (no trailing newline). `level` is OAI_LOG_INFO or
 * OAI_LOG_DEBUG. `line` is borrowed for the call. The line never contains
 * the API key: Authorization and api-key header values are printed as
 * "<redacted>". The callback must not call into the client.
 */
typedef void (*oai_log_fn)(int level, const char *line, void *user_data);

/** Passed as max_retries to mean "use the default". */
#define OAI_RETRIES_DEFAULT (-1)

/** HTTP/2 use, the values of oai_client_options.http2. */
typedef enum oai_http2 {
    OAI_HTTP2_AUTO = 0, /**< h2 over TLS when the server accepts it (ALPN) */
    OAI_HTTP2_OFF = 1,  /**< HTTP/1.1 only */
    /** h2 from the first byte, also over http:// (no fallback) */
    OAI_HTTP2_PRIOR_KNOWLEDGE = 2
} oai_http2;

#define OAI_CLIENT_OPTIONS_VERSION 3 /**< of oai_client_options */
/**
 * Client options. Start from OAI_CLIENT_OPTIONS_INIT and set what you need;
 * a NULL / zero field means "environment, else the default". Fields are only
 * ever appended. Every string and array is copied by oai_client_new().
 * Versions 1 (without the size limits) and 2 (without http2) are still
 * accepted.
 */
typedef struct oai_client_options {
    unsigned int version; /**< OAI_CLIENT_OPTIONS_VERSION */
    /** API key. NULL: OPENAI_API_KEY; if that is unset too, oai_client_new
     *  fails. "" is allowed and sends no Authorization header. */
    const char *api_key;
    /** Base URL. NULL: OPENAI_BASE_URL (an empty value counts as unset),
     *  else "https://api.openai.com/v1". A trailing '/' is added if missing;
     *  request paths are appended to it. */
    const char *base_url;
    /** NULL: OPENAI_ORG_ID; sent as OpenAI-Organization when set. */
    const char *organization;
    /** NULL: OPENAI_PROJECT_ID; sent as OpenAI-Project when set. */
    const char *project;
    /** Retries after a failed attempt (408, 409, 429, >= 500, connection
     *  errors, timeouts). OAI_RETRIES_DEFAULT (-1): 2. 0 disables retries. */
    int max_retries;
    /** Time allowed to establish a connection, ms. 0: 5000. */
    long connect_timeout_ms;
    /** Per attempt: time until the complete response (buffered calls) or
     *  until the response headers (streams), ms. 0: 600000. */
    long timeout_ms;
    /** Idle timeout: longest gap between two received bytes, ms; this is
     *  what bounds a stalled stream. 0: 600000. */
    long read_timeout_ms;
    /** Extra headers sent with every request, each "Name: value". A header
     *  named here replaces the library's default of the same name (e.g.
     *  User-Agent); per-request headers in turn replace these. "Name:" with
     *  an empty value removes the header. NULL when n_default_headers is 0. */
    const char *const *default_headers;
    size_t n_default_headers; /**< entries in default_headers */
    /** Appended to the User-Agent after a space: "OpenAI/C 1.0.0 <suffix>". */
    const char *user_agent_suffix;
    /** TLS peer and host verification is ON unless this is non-zero. Only
     *  for test servers with self-signed certificates. */
    int tls_insecure;
    /** OAI_LOG_DEFAULT: OPENAI_LOG ("info" or "debug"; anything else is off).
     */
    int log_level;
    /** Where log lines go; NULL: stderr, one line each. */
    oai_log_fn log_fn;
    void *log_user_data; /**< passed to log_fn */
    /** Safety limits against a broken or hostile server; beyond them the
     *  request fails with OAI_ELIMIT and a message naming the option
     *  (a stream ends with that code). Since version 2.
     *  max_header_size: all header lines of one response together, bytes.
     *  0: 256 KiB. (libcurl itself refuses a single line over 100 KB.) */
    size_t max_header_size;
    /** Bytes of a response body held in memory: a whole JSON or error
     *  body, and the unread part of a stream (what arrived but was not
     *  consumed yet). Downloads to a sink are not limited. 0: 128 MiB. */
    size_t max_response_size;
    /** HTTP/2, one of oai_http2. Since version 3.
     *  OAI_HTTP2_AUTO (0): an https:// base URL offers h2 in the TLS
     *  handshake and speaks it when the server accepts, else HTTP/1.1;
     *  http:// stays HTTP/1.1. Over h2, concurrent requests to one host
     *  share connections as multiplexed streams, at most 100 on a
     *  connection (fewer where the server allows fewer): 10,000 streams
     *  need about 100 connections instead of 10,000. A new request waits
     *  for a connection being set up rather than opening its own. The cap
     *  is there because libcurl 7.88 resets (RST_STREAM) nearly every
     *  stream it ends, and servers close a connection on which too many
     *  streams are reset at once (nghttp2: more than 1,000, then 33 a
     *  second): every stream still on it would end with a transport error.
     *  With libcurl older than 8.0, whose requests only wait for the first
     *  connection being set up, the library holds back a request that
     *  would find every connection full: one opens the next connection and
     *  the others start once its response headers came (a server that
     *  answers HTTP/1.1 ends the hold). OAI_HTTP2_OFF:
     * HTTP/1.1 only, one connection per request in flight.
     * OAI_HTTP2_PRIOR_KNOWLEDGE: h2 without negotiation, also over http://
     * ("h2c"), for a server known to speak it; one that does not fails the
     * request. With libcurl older than 8.0, which cannot reuse such a
     * connection, each request gets one of its own (no multiplexing). Another
     * value: oai_client_new fails with OAI_EINVAL. */
    int http2;
} oai_client_options;

/** Initialiser of oai_client_options: the current version, every other field
 * default. */
#define OAI_CLIENT_OPTIONS_INIT                                                \
    {                                                                          \
        OAI_CLIENT_OPTIONS_VERSION, NULL, NULL, NULL, NULL,                    \
            OAI_RETRIES_DEFAULT, 0, 0, 0, NULL, 0, NULL, 0, OAI_LOG_DEFAULT,   \
            NULL, NULL, 0, 0, OAI_HTTP2_AUTO                                   \
    }

/**
 * Create a client. Options override the environment (OPENAI_API_KEY,
 * OPENAI_BASE_URL, OPENAI_ORG_ID, OPENAI_PROJECT_ID, OPENAI_LOG), which
 * overrides the defaults. Initialises the library (oai_global_init(NULL))
 * if the application did not.
 *
 * @param[out] out  the client, to free with oai_client_free(); NULL on error.
 * @param opts      NULL for all defaults; copied, may be freed afterwards.
 * @param errbuf    receives the failure message (NUL-terminated, truncated
 *                  to fit; "" on success), like libcurl's
 *                  CURLOPT_ERRORBUFFER: with no client on failure, this is
 *                  where the message goes. May be NULL when errbuf_len is 0.
 * @param errbuf_len size of errbuf in bytes.
 * @return OAI_OK;
 *         OAI_EINVAL: out is NULL, opts->version unknown, a header line
 *           without ':', a negative timeout, or no API key ("The api_key
 *           client option must be set either by passing api_key to the
 *           client or by setting the OPENAI_API_KEY environment variable");
 *         OAI_ENOMEM; OAI_ERROR (libcurl initialisation failed).
 * The message is also logged when logging is on.
 * @since 1.0 (0.1 had oai_client_new() without errbuf and
 *        oai_client_new_err())
 */
OAI_EXTERN int oai_client_new(oai_client **out, const oai_client_options *opts,
                              char *errbuf, size_t errbuf_len);

/**
 * Free a client, closing its connections. NULL is fine. Objects created from
 * the client (streams, pollers, responses) should be freed first; a stream
 * still open fails with OAI_ECANCELLED on its next read. Must not be called
 * from inside a callback of this client.
 */
OAI_EXTERN void oai_client_free(oai_client *c);

/**
 * Detail of the last failed call made on `c` (HTTP status, the API's
 * message/type/code/param, x-request-id, retry hint, CURLcode). A call that
 * succeeds resets it (code 0). Borrowed: valid until the next call on `c`
 * or oai_client_free(). Never NULL for a non-NULL client.
 */
OAI_EXTERN const oai_error *oai_client_last_error(const oai_client *c);

/** The effective base URL (always ends with '/'). Borrowed, lives with c. */
OAI_EXTERN const char *oai_client_base_url(const oai_client *c);

/* ---- per-request options ------------------------------------------------ */

#define OAI_REQUEST_OPTIONS_VERSION 1 /**< of oai_request_options */
/**
 * Options for one call; every API call that sends a request accepts one
 * (NULL = none). Copied for the call. Fields are only ever appended.
 */
typedef struct oai_request_options {
    unsigned int version; /**< OAI_REQUEST_OPTIONS_VERSION */
    /** Extra headers, each "Name: value"; they replace defaults and client
     *  default headers of the same name; "Name:" removes one. */
    const char *const *headers;
    size_t n_headers; /**< entries in headers */
    /** OAI_RETRIES_DEFAULT (-1): the client's setting. 0: no retry. */
    int max_retries;
    /** 0: the client's timeout_ms / read_timeout_ms. */
    long timeout_ms;
    long read_timeout_ms; /**< 0: the client's read_timeout_ms */
} oai_request_options;

/** Initialiser of oai_request_options: the current version, every other field
 * default. */
#define OAI_REQUEST_OPTIONS_INIT                                               \
    {                                                                          \
        OAI_REQUEST_OPTIONS_VERSION, NULL, 0, OAI_RETRIES_DEFAULT, 0, 0        \
    }

/* ---- raw requests ------------------------------------------------------- */

/** A complete HTTP response of oai_client_request(). */
typedef struct oai_response oai_response;

/**
 * Send any request to the API and wait for the whole response, with the
 * client's headers, retries and error handling. For endpoints this library
 * does not wrap.
 *
 * @param[out] out  the response on OAI_OK (free with oai_response_free()),
 *                  else NULL. Only statuses < 400 are OAI_OK.
 * @param c         the client.
 * @param method    "GET", "POST", "DELETE", ... (upper case).
 * @param path      appended to the base URL, e.g. "/threads/thread_1/runs";
 *                  a leading '/' is optional.
 * @param query     URL-encoded query string without '?', or NULL.
 * @param body      JSON body (sent with Content-Type: application/json), or
 *                  NULL for none.
 * @param opts      per-request options or NULL. OpenAI-Beta: assistants=v2
 *                  is added for assistants/threads/vector_stores paths.
 * @return OAI_OK; OAI_EINVAL (NULL argument, bad option, a base URL that
 *         is not http:// or https://); OAI_ENOMEM; OAI_ETRANSPORT
 *         ("Connection error: " and the cause, such as "Failed to connect
 *         to 127.0.0.1 port 9: Connection refused"); OAI_ETIMEOUT ("Request
 *         timed out."); an HTTP status code (OAI_EBADREQUEST ... OAI_ESERVER,
 *         OAI_ESTATUS) with the detail in oai_client_last_error(c).
 */
OAI_EXTERN int oai_client_request(oai_response **out, oai_client *c,
                                  const char *method, const char *path,
                                  const char *query, const oai_json *body,
                                  const oai_request_options *opts);

/** The HTTP status. */
OAI_EXTERN int oai_response_status(const oai_response *r);
/** The body parsed as JSON, or NULL if it was not JSON. Borrowed: lives
 *  until oai_response_free(). */
OAI_EXTERN const oai_json *oai_response_json(const oai_response *r);
/** The raw body (NUL-terminated; may contain NULs) and its length in *len
 *  (len may be NULL). Borrowed: lives until oai_response_free(). */
OAI_EXTERN const char *oai_response_body(const oai_response *r, size_t *len);
/** A response header's value (name case-insensitive; the first one if
 *  repeated), or NULL. Borrowed: lives until oai_response_free(). */
OAI_EXTERN const char *oai_response_header(const oai_response *r,
                                           const char *name);
/** Free a response. NULL is fine. */
OAI_EXTERN void oai_response_free(oai_response *r);

#ifdef __cplusplus
}
#endif
#endif /* OAI_CLIENT_H */
