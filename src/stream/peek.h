/* A look at one member of a JSON object's text without parsing it. */
#ifndef OAI_STREAM_PEEK_H
#define OAI_STREAM_PEEK_H

#include <stddef.h>

/* Copy the top-level "id" string of the JSON object text s[0..n) into
 * out (NUL-terminated). Returns 1 when found as a plain string (no escapes)
 * shorter than cap, 0 otherwise (also for text that is not valid up to the
 * member). Members before "id" are skipped without allocating. */
int oai__peek_id(const char *s, size_t n, char *out, size_t cap);

#endif
