/* Internal: an oai_stream whose byte source (stream/source.h) is an HTTP
 * response of the client's engine, chained to a follow-up response when
 * tool outputs are submitted mid-stream. What the requests are (paths,
 * bodies) is decided by the caller; this is the transport only. */
#ifndef OAI_HTTP_STREAM_SOURCE_H
#define OAI_HTTP_STREAM_SOURCE_H

#include <cJSON.h>

#include "oai/chat_stream.h"
#include "oai/client.h"
#include "oai/response_stream.h"
#include "oai/stream.h"

/* Build the request that submits `tool_outputs` for `run` (the run object
 * of the requires_action event) in the middle of a stream: *path
 * (oai__free) and *body (cJSON_Delete), and the helper name it is sent
 * with (static). Errors on c. */
typedef int (*oai__http_submit_fn)(char **path, cJSON **body,
                                   const char **helper, oai_client *c,
                                   const cJSON *run, const cJSON *tool_outputs);

/* Build the request that resumes the stream of response `id` after event
 * `after`: *path and *query (oai__free). Errors on c. */
typedef int (*oai__http_resume_fn)(char **path, char **query, oai_client *c,
                                   const char *id, long long after);

/* One streaming request: POST path?query with body, sent with
 * X-Stainless-Stream-Helper: helper. */
typedef struct oai__http_stream_call {
    const char *path;
    const char *query; /* or NULL */
    const cJSON *body;
    const char *helper;
    oai__http_submit_fn submit; /* NULL: submitting tool outputs fails */
    const char *method;         /* NULL: POST */
    /* typed streams: keep `body` for the tool loop, which posts the whole
     * follow-up body it builds to `path` (submit unused) */
    int keep_body;
    oai__http_resume_fn resume; /* response streams; NULL: cannot resume */
} oai__http_stream_call;

/* Create the stream (options checked before anything is sent), send the
 * request and attach its response. On a client driven by a multi it
 * returns before the response starts; otherwise once the response's 2xx
 * headers arrived (retries happen in here). Errors on c; *out NULL then. */
int oai__http_stream_new(oai_stream **out, oai_client *c,
                         const oai__http_stream_call *call,
                         const oai_stream_options *sopts,
                         const oai_request_options *ropts);

/* The same for a response stream (oai/response_stream.h); `submit` gets
 * the follow-up request body as its `run` and NULL outputs. */
int oai__http_response_stream_new(oai_stream **out, oai_client *c,
                                  const oai__http_stream_call *call,
                                  const oai_response_stream_options *sopts,
                                  const oai_request_options *ropts);

/* The same for a chat stream (oai/chat_stream.h); `submit` gets the
 * follow-up request body as its `run` and NULL outputs. */
int oai__http_chat_stream_new(oai_stream **out, oai_client *c,
                              const oai__http_stream_call *call,
                              const oai_chat_stream_options *sopts,
                              const oai_request_options *ropts);

#endif
