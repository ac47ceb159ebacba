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
/* Free the string of string node `n` (growable or not) and make it a
 * null in place: its key and position stay. Never allocates. */
void oai__json_clear_string(cJSON *n);
/* Free a tree that may contain growable strings. NULL is fine. */
void oai__json_delete(cJSON *root);
/* Replace child `old` of `parent` by `repl`, freeing `old` properly. */
void oai__json_replace(cJSON *parent, cJSON *old, cJSON *repl);
/* Strings a snapshot took over from a parsed event that still shows them
 * (the event is handed to hooks as received): the event's nodes forget
 * them when it is freed, so each string is held once. */
typedef struct oai__json_loans {
    cJSON **v; /* event nodes whose string the snapshot owns now */
    size_t n, cap;
} oai__json_loans;
/* A new string node owning the string of `src` (a string node of a tree
 * we own, which keeps showing it until settled). NULL: out of memory. */
cJSON *oai__json_lend(oai__json_loans *l, cJSON *src);
/* Before the lending tree is freed: its nodes let go of what they lent. */
void oai__json_loans_settle(oai__json_loans *l);
void oai__json_loans_free(oai__json_loans *l);
/* Make child `old` of `parent` what a copy of `src` would be, copying only
 * what differs: members and elements equal to src's, in the same order,
 * stay as they are (a final value that repeats what was accumulated costs
 * no second copy). With `loans`, a string that differs is taken over from
 * src rather than copied. Returns the node now in old's place, or NULL
 * when out of memory (old may then be partly updated, still a valid
 * tree). */
cJSON *oai__json_sync(cJSON *parent, cJSON *old, cJSON *src,
                      oai__json_loans *loans);
/* Parse exactly len bytes; NULL on error. Trailing whitespace is allowed. */
cJSON *oai__json_parse(const char *text, size_t len);
/* The same; on NULL, *nomem says whether an allocation failure (rather than
 * the text) was the cause. */
cJSON *oai__json_parse_nomem(const char *text, size_t len, int *nomem);

#endif
