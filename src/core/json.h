/*
 * Internal side of oai/json.h. A view is the cJSON node itself, cast; this
 * costs nothing and lets every layer hand out borrowed views.
 *
 * Growable strings. Text that a stream accumulates delta by delta must append
 * in amortised O(1), which cJSON's exact-size strings cannot do. Such a node
 * carries cJSON_IsReference (so cJSON_Delete leaves valuestring alone), its
 * length in valueint and its capacity in valuedouble. Only this module sets
 * that flag (parsing never does; cJSON_Duplicate clears it and copies the
 * text), so a flagged string node is always one of ours. Trees that may hold
 * such nodes MUST be freed with oai__json_delete() and their nodes replaced
 * with oai__json_replace(), never cJSON_Delete()/cJSON_Replace*().
 */
#ifndef OAI_CORE_JSON_H
#define OAI_CORE_JSON_H

#include <cJSON.h>
#include <stddef.h>
#include "oai/json.h"

static inline cJSON *oai__cj(const oai_json *j)
{
    return (cJSON *)(void *)j;
}
static inline const oai_json *oai__view(const cJSON *c)
{
    return (const oai_json *)(const void *)c;
}
static inline oai_json *oai__own(cJSON *c)
{
    return (oai_json *)(void *)c;
}

/* Append n bytes to string node `node` (turning it growable if needed).
 * Returns 0, OAI_ENOMEM or OAI_ELIMIT (length would pass INT_MAX). */
/* The string of a string node, "" for anything else (NULL too). */
static inline const char *oai__json_text(const oai_json *j)
{
    const cJSON *c = oai__cj(j);
    return cJSON_IsString(c) ? c->valuestring : "";
}
int oai__json_str_append(cJSON *node, const char *s, size_t n);
/* Length of a string node: O(1) for growable ones. */
size_t oai__json_str_len(const cJSON *node);
/* Free a tree that may contain growable strings. NULL is fine. */
void oai__json_delete(cJSON *root);
/* Replace child `old` of `parent` by `repl`, freeing `old` properly. */
void oai__json_replace(cJSON *parent, cJSON *old, cJSON *repl);
/* Make child `old` of `parent` what a copy of `src` would be, copying only
 * what differs: members and elements equal to src's, in the same order,
 * stay as they are (a final value that repeats what was accumulated costs
 * no second copy). Returns the node now in old's place, or NULL when out
 * of memory (old may then be partly updated, still a valid tree). */
cJSON *oai__json_sync(cJSON *parent, cJSON *old, const cJSON *src);
/* Parse exactly len bytes; NULL on error. Trailing whitespace is allowed. */
cJSON *oai__json_parse(const char *text, size_t len);
/* The same; on NULL, *nomem says whether an allocation failure (rather than
 * the text) was the cause. */
cJSON *oai__json_parse_nomem(const char *text, size_t len, int *nomem);

#endif
