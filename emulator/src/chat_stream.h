/* A streamed chat completion: the chunks of every choice, one choice per
 * chunk and interleaved by index as OpenAI sends them, paced by scheduler
 * timers, then the usage chunk (stream_options.include_usage) and
 * "data: [DONE]". */
#ifndef EMU_CHAT_STREAM_H
#define EMU_CHAT_STREAM_H

#include "chat_gen.h"
#include "sse.h"

/* Stream the completion into s. plan and meta->model are taken. */
void chat_stream_start(sse_stream *s, chat_plan *plan, chat_meta *meta,
                       int include_usage, int obfuscate);

/* Release the streams still running (shutdown: their timers are dropped). */
void chat_stream_free_all(void);

#endif
