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
    cJSON *history; /* store:false: every input and output item so far */
    /* automatic resume (rstream_resume.c) */
    int resume;          /* an oai_response_resume */
    int resume_max;      /* attempts in a row */
    int resume_attempts; /* made since the last event delivered */
    long resume_backoff_ms, resume_window_ms;
    int64_t body_start_ms; /* the current response's stream started */
};

#define OAI__RS(rs) ((oai_stream *)(void *)(rs))
#define OAI__RS_PUB(s) ((oai_response_stream *)(void *)(s))

/* Create a response stream reading from `src` (NULL: detached). On
 * failure nothing is destroyed: the caller still owns ctx. */
int oai__rstream_new(oai_stream **out, const oai_response_stream_options *opts,
                     const oai__stream_source *src, void *ctx);
/* Read the resume fields of the options (defaults for version 1).
 * OAI_OK or OAI_EINVAL. */
int oai__rstream_resume_options(struct oai__rstream *r,
                                const oai_response_stream_options *o);
/* The stream is of a background response: AUTO resume means on. */
void oai__rstream_set_background(oai_stream *s);
/* Resume a broken response stream (rstream_resume.c), as the stream
 * kind's resumable and resume. */
int oai__rstream_resumable(const oai_stream *s);
int oai__rstream_resume(oai_stream *s, int cause);
/* Run the hooks of the event just applied (rstream_dispatch.c). */
int oai__rstream_dispatch(oai_stream *s, const oai_response_update *u);

#endif
