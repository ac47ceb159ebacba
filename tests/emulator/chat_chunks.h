/* Reading Chat Completions stream bodies in the emulator tests: data-only SSE
 * events, comment lines, the closing [DONE]. */
#ifndef EMU_CHAT_CHUNKS_H
#define EMU_CHAT_CHUNKS_H

#include <cjson/cJSON.h>

typedef struct chat_body {
    cJSON *chunks;  /* the JSON payloads in order (an error payload included) */
    int bad;        /* payloads that are not JSON */
    int done;       /* a "data: [DONE]" event ended the body */
    int after_done; /* events after it */
    int comments;   /* ": ..." lines */
    int named;      /* events with an "event:" line */
} chat_body;

/* Parse body (LF line ends, as the emulator writes them). Free with
 * chat_body_free(). */
void chat_body_parse(const char *body, chat_body *out);
void chat_body_free(chat_body *b);

/* The accumulated text of choice `index` across the chunks: the concatenated
 * delta member `field` ("content" or "refusal"), malloc'd. */
char *chat_text(const cJSON *chunks, int index, const char *field);
/* The finish_reason of choice `index` (NULL when never sent). */
const char *chat_finish(const cJSON *chunks, int index);

#endif
