/* A large event that carries a whole final value (a text, a part, an
 * item, the response) releases what it replaces before it is parsed, so
 * the event's text, its parsed tree and the accumulated value are never
 * held at once; the merge then takes the final strings over from the
 * event instead of copying them (oai__json_lend). Lenient mode only:
 * strict mode compares the two. */
#include <string.h>

#include "core/json.h"
#include "stream/merge.h"
#include "stream/peek.h"
#include "stream/resp_acc.h"

/* Events and strings at least this large: below it nothing is worth it. */
#define RELEASE_MIN ((size_t)64 * 1024)

/* Every string of at least RELEASE_MIN bytes below `node` becomes a null
 * until the event's value replaces it. */
static void release_strings(cJSON *node)
{
    for (cJSON *c = node->child; c; c = c->next) {
        if (cJSON_IsString(c) && oai__json_str_len(c) >= RELEASE_MIN)
            oai__json_clear_string(c);
        else if (c->child)
            release_strings(c);
    }
}

/* What the event of type `t` replaces in the snapshot, or NULL. */
static cJSON *replaced(oai_response_accumulator *a, const oai__resp_type *t,
                       const char *data, size_t len)
{
    if (t->op == OAI__RESP_LIFECYCLE)
        return a->snap_tree;
    if (t->op != OAI__RESP_ITEM_DONE && t->op != OAI__RESP_PART_DONE &&
        t->op != OAI__RESP_SET)
        return NULL;
    long long oi, ix;
    long k = oai__peek_index(data, len, "output_index", &oi)
                 ? oai__resp_find(a, oi)
                 : -1;
    cJSON *item = k >= 0 ? a->items[k] : NULL;
    if (!item || (t->item_type && !oai__resp_is_type(item, t->item_type)))
        return NULL;
    if (!t->list)
        return item;
    cJSON *list = oai__get(item, t->list);
    cJSON *entry = cJSON_IsArray(list) &&
                           oai__peek_index(data, len, t->index_key, &ix) &&
                           ix <= 65535
                       ? cJSON_GetArrayItem(list, (int)ix)
                       : NULL;
    return entry && (!t->part_type || oai__resp_is_type(entry, t->part_type))
               ? entry
               : NULL;
}

void oai__resp_release(oai_response_accumulator *a, const char *data,
                       size_t len)
{
    char type[64];
    if (len < RELEASE_MIN || (a->flags & OAI_RESPONSE_ACCUMULATOR_STRICT) ||
        !a->snap_tree ||
        !oai__peek_string(data, len, "type", type, sizeof type))
        return;
    oai_response_event_type t = oai_response_event_type_from_name(type);
    if (t == OAI_RESPONSE_EVENT_CREATED || t == OAI_RESPONSE_EVENT_QUEUED ||
        t == OAI_RESPONSE_EVENT_IN_PROGRESS)
        return; /* these replace the snapshot too, but carry no text */
    cJSON *scope = replaced(a, oai__resp_type_info(t), data, len);
    if (scope)
        release_strings(scope);
}
