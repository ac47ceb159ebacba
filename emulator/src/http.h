/* The request/response pair every resource handler works with. Handlers never
 * touch libmicrohttpd directly except through req_query*(); server.c turns an
 * emu_resp into bytes (and applies fault injection on the way). */
#ifndef EMU_HTTP_H
#define EMU_HTTP_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "multipart.h"

struct MHD_Connection;
struct sse_stream;

#define EMU_MAX_SEGS 10

typedef struct emu_req {
    struct MHD_Connection *conn;
    const char *method;
    char *path;                 /* path below /v1, e.g. "/threads/thread_x/runs" */
    char *seg[EMU_MAX_SEGS];    /* its segments */
    int nseg;
    const char *body;
    size_t body_len;
    cJSON *json;                /* parsed JSON body (NULL when none) */
    int json_bad;               /* a body was sent but is not a JSON object */
    mp_form *form;              /* multipart/form-data body, when that was sent */
} emu_req;

typedef struct emu_resp {
    int status;
    cJSON *json;                /* JSON body (owned) */
    char *raw;                  /* or raw bytes (owned), e.g. file content */
    size_t raw_len;
    const char *raw_type;       /* content type of raw */
    struct sse_stream *stream;  /* or a stream (one reference owned) */
    long poll_after_ms;         /* > 0: send openai-poll-after-ms */
} emu_resp;

/* Query parameter value or NULL. */
const char *req_query(const emu_req *rq, const char *name);
/* Whether a repeated query parameter (e.g. "include[]") has the given value. */
int req_query_has(const emu_req *rq, const char *name, const char *value);

/* Body helpers: JSON object member of the request body or NULL. */
const cJSON *req_field(const emu_req *rq, const char *name);

/* Error bodies in OpenAI's shape {"error":{"message","type","param","code"}}. */
void resp_error(emu_resp *rs, int status, const char *type, const char *param, const char *code,
                const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* 400 invalid_request_error with a param. */
void resp_bad(emu_resp *rs, const char *param, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* 404 "No <what> found with id '<id>'." */
void resp_not_found(emu_resp *rs, const char *what, const char *id);
/* 200 with a copy of j. */
void resp_json_copy(emu_resp *rs, const cJSON *j);
/* 200 {"id","object","deleted":true} */
void resp_deleted(emu_resp *rs, const char *id, const char *object);

#endif
