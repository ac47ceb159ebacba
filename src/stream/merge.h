/* The delta merge of semantics.md §4.3 on cJSON trees. Values taken from a
 * delta are always copied, so a delta never aliases the snapshot. Strings
 * grow in place (core/json.h growable strings): trees merged into must be
 * freed with oai__json_delete(). */
#ifndef OAI_STREAM_MERGE_H
#define OAI_STREAM_MERGE_H

#include <cJSON.h>
#include <string.h>

#include "core/error.h"

/* Member `key` of object `o` (NULL if absent or `o` is not an object).
 * Like cJSON_GetObjectItemCaseSensitive, with a first-byte test before the
 * string compare: this lookup is on the per-event hot path. */
static inline cJSON *oai__get(const cJSON *o, const char *key)
{
    if (!o || (o->type & 0xFF) != cJSON_Object)
        return NULL;
    for (cJSON *c = o->child; c; c = c->next)
        if (c->string && c->string[0] == key[0] && strcmp(c->string, key) == 0)
            return c;
    return NULL;
}

/* Merge object `delta` into object `acc` key by key. On failure returns
 * OAI_EACCUMULATE (kind "accumulate_error") or OAI_ENOMEM with `err` set;
 * `acc` may then be partly merged. */
int oai__merge(cJSON *acc, const cJSON *delta, oai__error_store *err);

/* Merge list `delta` into list `acc` (rule 8). Same returns. */
int oai__merge_list(cJSON *acc, const cJSON *delta, oai__error_store *err);

/* The list entry rule 8 associates with index i (DEV-7 slot()), or NULL. */
cJSON *oai__slot(cJSON *list, long long i);

/* Check a list delta entry (object with a non-negative integer `index`) and
 * read its index. OAI_OK or OAI_EACCUMULATE with `err` set. */
int oai__entry_index(const cJSON *entry, long long *out, oai__error_store *err);

/* The integer value of a JSON number that holds one exactly, else -1 in *ok=0.
 */
int oai__json_integer(const cJSON *n, long long *out);

#endif
