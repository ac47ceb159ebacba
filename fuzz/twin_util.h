/* What the differential fuzz targets (fast path on against off) compare:
 * JSON trees, texts and errors. */
#ifndef OAI_FUZZ_TWIN_UTIL_H
#define OAI_FUZZ_TWIN_UTIL_H

#include <stddef.h>

#include "oai/errors.h"
#include "oai/json.h"

/* Whether two trees hold the same JSON, member order, keys and numbers to
 * the bit included (both NULL too). */
int tw_same_json(const oai_json *x, const oai_json *y);
/* Both NULL or the same C string. */
int tw_same_str(const char *x, const char *y);
/* Both NULL or the same n bytes, each followed by a NUL. */
int tw_same_text(const char *x, const char *y, size_t n);
/* Both the same error: code, message, type, API code and param. */
int tw_same_error(const oai_error *a, const oai_error *b);

#endif
