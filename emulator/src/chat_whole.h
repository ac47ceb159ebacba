/* A chat.completion object built from the same deltas a stream would send,
 * so a whole answer and a streamed one agree. */
#ifndef EMU_CHAT_WHOLE_H
#define EMU_CHAT_WHOLE_H

#include "chat_gen.h"

/* The completion (caller frees): every choice's deltas merged into its
 * message, the logprobs gathered, the usage of all choices. */
cJSON *chat_whole(const chat_plan *plan, const chat_meta *meta);

#endif
