/** @file
 * oai/errors.h - error codes and the error detail object.
 *
 * Every fallible function returns int: OAI_OK (0) or a negative OAI_E* code.
 * The codes mirror the official SDKs' error classes. Rich detail (HTTP
 * status, the API's message, type, code, param, request id) lives on the
 * object that failed: oai_client_last_error(), oai_stream_error(), ...
 */
#ifndef OAI_ERRORS_H
#define OAI_ERRORS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Return codes: OAI_OK (0) or a negative error. */
typedef enum oai_code {
    OAI_OK = 0,
    OAI_ERROR = -1,      /**< generic failure (OpenAIError) */
    OAI_ENOMEM = -2,     /**< an allocation failed */
    OAI_EINVAL = -3,     /**< invalid argument, detected before any request */
    OAI_EFILE = -4,      /**< a local file could not be read or written */
    OAI_ETRANSPORT = -5, /**< connection failed or broke (APIConnectionError) */
    OAI_ETIMEOUT = -6,  /**< connect, total or idle timeout (APITimeoutError) */
    OAI_EPROTOCOL = -7, /**< malformed SSE, invalid UTF-8 or invalid JSON */
    OAI_EBADREQUEST = -8,     /**< HTTP 400 */
    OAI_EAUTH = -9,           /**< HTTP 401 */
    OAI_EPERM = -10,          /**< HTTP 403 */
    OAI_ENOTFOUND = -11,      /**< HTTP 404 */
    OAI_ECONFLICT = -12,      /**< HTTP 409 */
    OAI_EUNPROCESSABLE = -13, /**< HTTP 422 */
    OAI_ERATELIMIT = -14,     /**< HTTP 429 */
    OAI_ESERVER = -15,        /**< HTTP >= 500 */
    OAI_ESTATUS = -16,        /**< any other HTTP status >= 400 */
    OAI_ESTREAM = -17,      /**< the server sent an `error` event in a stream */
    OAI_EACCUMULATE = -18,  /**< a delta could not be applied to its snapshot */
    OAI_ELIMIT = -19,       /**< a configured size limit was exceeded */
    OAI_EUSER = -20,        /**< a callback returned non-zero to stop */
    OAI_ECANCELLED = -21,   /**< cancelled by the caller */
    OAI_EPOLLTIMEOUT = -22, /**< a polling deadline (max_wait_ms) passed */
    OAI_ITEROVER = -23,     /**< iteration ended normally; not a failure */
    OAI_EAGAIN = -24,       /**< non-blocking: nothing ready yet */
    OAI_ENOTREADY = -25,    /**< a result was asked for that does not exist
                                 ("No final run object found", ...) */
    OAI_PAUSE = -26 /**< reserved: a future hook return for back-pressure */
} oai_code;

/**
 * Error detail. The library owns it; callers read it through a const pointer
 * that stays valid until the owning object's next call or its destruction.
 * Absent string fields are NULL, absent numbers are 0. Fields are only ever
 * appended, so the layout is stable. The message never contains the API key.
 */
typedef struct oai_error {
    int code;               /**< the OAI_E* value */
    int http_status;        /**< HTTP status, 0 if none */
    const char *message;    /**< human-readable; never NULL when code != 0 */
    const char *type;       /**< the API error's `type` */
    const char *api_code;   /**< the API error's `code` */
    const char *param;      /**< the API error's `param` */
    const char *request_id; /**< the `x-request-id` response header */
    long retry_after_ms;    /**< the server's retry hint, -1 if none */
    int transport_code;     /**< the libcurl CURLcode, 0 if none */
} oai_error;

/** A static description of an OAI_E* code. Never NULL. */
OAI_EXTERN const char *oai_strerror(int code);

/** The OAI_E* code an HTTP status >= 400 maps to; OAI_OK below 400. */
OAI_EXTERN int oai_code_from_http_status(int status);

#ifdef __cplusplus
}
#endif
#endif /* OAI_ERRORS_H */
