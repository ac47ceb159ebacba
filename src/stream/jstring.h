/* JSON string bodies read as cJSON reads them, for the scans that take
 * strings out of event text without building a tree (reparse.c,
 * chat_fast.c). */
#ifndef OAI_STREAM_JSTRING_H
#define OAI_STREAM_JSTRING_H

#include <stddef.h>

/* The closing quote of the string whose body starts at `body` (just past
 * the opening quote), or NULL when the text ends first. */
const char *oai__jstring_end(const char *body, const char *end);

/* Decode the body [p, end) into `out` (room for end - p bytes: decoded
 * text is never longer) as cJSON decodes it. Returns the bytes written, or
 * -1 for an escape cJSON rejects or reads oddly (a bad hex digit), left to
 * the full parse. Raw bytes, control characters and invalid UTF-8 alike,
 * are copied as they are. */
long oai__jstring_decode(const char *p, const char *end, char *out);

#endif
