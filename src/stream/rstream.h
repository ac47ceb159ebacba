/* Internal: the Responses side of a response stream. A response stream is
 * an oai_stream (stream_int.h: source, SSE decoder, limits, timeouts, end
 * and error model, chaining of follow-up bodies) whose events go to a
 * response accumulator and an oai_response_handler instead of the
 * Assistants ones; oai_response_stream is the public name of that object. */
#ifndef OAI_STREAM_RSTREAM_H
#define OAI_STREAM_RSTREAM_H

#include <cJSON.h>

#include "oai/response_stream.h"
#include "stream/stream_int.h"

struct oai__rstream {
    oai_response_handler h;
    oai_response_accumulator_options ao;
    oai_response_accumulator *acc;
    const oai_response_update *u; /* the last event delivered, or NULL */
    cJSON *request; /* the body to repeat for function outputs, or NULL */
    cJSON *history; /* store:false: every input and output item so far */
};

#define OAI__RS(rs) ((oai_stream *)(void *)(rs))
#define OAI__RS_PUB(s) ((oai_response_stream *)(void *)(s))

/* Create a response stream reading from `src` (NULL: detached). On
 * failure nothing is destroyed: the caller still owns ctx. */
int oai__rstream_new(oai_stream **out, const oai_response_stream_options *opts,
                     const oai__stream_source *src, void *ctx);
/* Keep a copy of the request body the tool loop repeats. OAI_OK or
 * OAI_ENOMEM. */
int oai__rstream_set_request(oai_stream *s, const cJSON *body);
/* Run the hooks of the event just applied (rstream_dispatch.c). */
int oai__rstream_dispatch(oai_stream *s, const oai_response_update *u);

#endif
