/* A look at one member of a JSON object's text without parsing it. */
#ifndef OAI_STREAM_PEEK_H
#define OAI_STREAM_PEEK_H

#include <stddef.h>

/* Copy the top-level string member `key` of the JSON object text s[0..n)
 * into out (NUL-terminated). Returns 1 when found as a plain string (no
 * escapes) shorter than cap, 0 otherwise (also for text that is not valid
 * up to the member). Members before it are skipped without allocating. */
int oai__peek_string(const char *s, size_t n, const char *key, char *out,
                     size_t cap);
/* The same for a top-level member `key` that is a non-negative integer
 * written in plain digits: 1 with *out set, else 0. */
int oai__peek_index(const char *s, size_t n, const char *key, long long *out);

#endif
