/* Request header sets with "later wins" replacement by name, and lookup in
 * stored response headers. */
#ifndef OAI_HTTP_HEADERS_H
#define OAI_HTTP_HEADERS_H

#include <curl/curl.h>
#include <stddef.h>

typedef struct oai__hdrs {
    char **lines; /* "Name: value"; "Name:" marks a removed header */
    size_t n, cap;
} oai__hdrs;

/* 1 if `line` is "Name: value" with a non-empty token name and no CR/LF. */
int oai__header_line_valid(const char *line);
/* Add `line`, replacing any entry of the same name. OAI_OK, OAI_EINVAL
 * (invalid line), OAI_ENOMEM. */
int oai__hdrs_set(oai__hdrs *h, const char *line);
/* oai__hdrs_set("name: value"). */
int oai__hdrs_set2(oai__hdrs *h, const char *name, const char *value);
/* The entry for `name` (may be a removal marker), or NULL. */
const char *oai__hdrs_get(const oai__hdrs *h, const char *name);
/* A curl list of every entry (removal markers included, which tells libcurl
 * not to send its own header of that name); NULL on ENOMEM or when empty. */
struct curl_slist *oai__hdrs_slist(const oai__hdrs *h, int *enomem);
void oai__hdrs_free(oai__hdrs *h);

/* Case-insensitive comparison of the header name at the start of `line`
 * (up to ':') with `name`. */
int oai__header_name_is(const char *line, const char *name);

/* Value of `name` in a block of "name: value\0" entries, or NULL. */
const char *oai__header_find(const char *block, size_t len, const char *name);

#endif
