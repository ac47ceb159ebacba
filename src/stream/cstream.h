/* Internal: the Chat Completions side of a chat stream. A chat stream is
 * an oai_stream (stream_int.h: source, SSE decoder, limits, timeouts, end
 * and error model, chaining of follow-up bodies) whose events go to a chat
 * accumulator and an oai_chat_handler; oai_chat_stream is the public name
 * of that object. */
#ifndef OAI_STREAM_CSTREAM_H
#define OAI_STREAM_CSTREAM_H

#include <cJSON.h>

#include "oai/chat_stream.h"
#include "stream/stream_int.h"

struct oai__cstream {
    oai_chat_handler h;
    oai_chat_accumulator_options ao;
    oai_chat_accumulator *acc;
    size_t content_next;   /* next change of the update for next_content() */
    const oai_json *final; /* the final completion once built, or NULL */
};

#define OAI__CS(cs) ((oai_stream *)(void *)(cs))
#define OAI__CS_PUB(s) ((oai_chat_stream *)(void *)(s))

/* Create a chat stream reading from `src` (NULL: detached). On failure
 * nothing is destroyed: the caller still owns ctx. */
int oai__cstream_new(oai_stream **out, const oai_chat_stream_options *opts,
                     const oai__stream_source *src, void *ctx);
/* Run the hooks of the chunk just applied (cstream_dispatch.c); `n` of its
 * changes (fewer than all when the accumulator failed part-way). */
int oai__cstream_dispatch(oai_stream *s, const oai_chat_update *u, size_t n);

#endif
