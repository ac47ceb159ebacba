/* JSON text read as cJSON reads it, for the scans that take values out of
 * event text without building a tree (reparse.c, chat_fast*.c). */
#ifndef OAI_STREAM_JSCAN_H
#define OAI_STREAM_JSCAN_H

#include <stddef.h>

/* Past the whitespace at p (cJSON skips every byte up to the space). */
const char *oai__jscan_ws(const char *p, const char *end);

/* Past the literal of cJSON type `type` (cJSON_NULL, cJSON_True or
 * cJSON_False) at p; NULL when another text is there or for any other
 * type. */
const char *oai__jscan_literal(int type, const char *p, const char *end);

/* The closing quote of the string whose body starts at `body` (just past
 * the opening quote), or NULL when the text ends first. */
const char *oai__jscan_string_end(const char *body, const char *end);

/* Decode the body [p, end) into `out` (room for end - p bytes: decoded
 * text is never longer) as cJSON decodes it. Returns the bytes written, or
 * -1 for an escape cJSON rejects or reads oddly (a bad hex digit), left to
 * the full parse. Raw bytes, control characters and invalid UTF-8 alike,
 * are copied as they are. */
long oai__jscan_decode(const char *p, const char *end, char *out);

/* 1 when `len` bytes of `text` are one JSON object, with only whitespace
 * around it, that oai__json_parse() accepts whatever else happens (memory
 * aside). 0 when it may not: the scan takes strict JSON only, nested at
 * most 64 deep, with numbers of at most 63 characters, so it also answers
 * 0 for some texts cJSON reads; the caller then parses. */
int oai__jscan_object(const char *text, size_t len);

/* In a text oai__jscan_object() accepted: 1 with the body of the string
 * value of the first member named `key` at [*body, *body + *n), when that
 * body and every member name before it read the same raw as cJSON decodes
 * them (no escape, no NUL byte); 0 when there is no such member; -1 when
 * unsure (another value, or an escape or NUL byte on the way). */
int oai__jscan_member_string(const char *text, size_t len, const char *key,
                             const char **body, size_t *n);

#endif
