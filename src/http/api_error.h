/* Turning an API error body into an oai_error (semantics §7.4-7.6, style
 * §2.4). Shared by HTTP status errors and by SSE `error` events. */
#ifndef OAI_HTTP_API_ERROR_H
#define OAI_HTTP_API_ERROR_H

#include <cJSON.h>
#include <stddef.h>

#include "core/error.h"

/* The error object inside a parsed body: root["error"] when root is an object
 * that has an "error" member, else root itself (the bare shape). NULL root →
 * NULL. Borrowed from root. */
const cJSON *oai__api_error_object(const cJSON *root);

/* Copy type / code / param of an error object into e (absent or null fields
 * are cleared; a numeric code is printed as text). */
void oai__api_error_fields(oai__error_store *e, const cJSON *err_obj);

/* The human message of an error object: its "message" string if it has one;
 * for a string error object the string; else NULL (callers then print the
 * JSON text). Borrowed. */
const char *oai__api_error_message(const cJSON *err_obj);

/*
 * Fill e for an HTTP response with status >= 400 and return its code
 * (oai_code_from_http_status). The body is stripped of surrounding
 * whitespace; message is "<status> <error.message>", or "<status> <JSON text
 * of the error>", or "<status> <raw text>" for a non-JSON body, or
 * "<status> status code (no body)" for an empty one. request_id (may be
 * NULL) and retry_after_ms (-1 = none) are stored as given.
 */
int oai__api_error_from_response(oai__error_store *e, int status,
                                 const char *body, size_t len,
                                 const char *request_id, long retry_after_ms);

#endif
