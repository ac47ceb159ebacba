/* /conversations: create, retrieve, update (metadata), delete, and the items of
 * a conversation: create, list, retrieve, delete. */
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "objects.h"
#include "pagination.h"
#include "resp_items.h"
#include "store.h"
#include "util.h"

#define MAX_ITEMS_PER_CALL 20

static obj *find(emu_resp *rs, const char *id)
{
    obj *c = store_get(K_CONV, id);
    if (!c)
        resp_error(rs, 404, "invalid_request_error", NULL, NULL,
                   "Conversation with id '%s' not found.", id);
    return c;
}

/* The items of a create call: an optional array of at most MAX_ITEMS_PER_CALL.
 */
static cJSON *items_param(emu_req *rq, emu_resp *rs, int required)
{
    const cJSON *items = req_field(rq, "items");
    if (required && !items) {
        resp_bad(rs, "items", "Missing required parameter: 'items'.");
        return NULL;
    }
    if (items && !cJSON_IsNull(items) && !cJSON_IsArray(items)) {
        resp_bad(rs, "items", "Invalid type for 'items': expected an array.");
        return NULL;
    }
    if (cJSON_GetArraySize(items) > MAX_ITEMS_PER_CALL) {
        resp_error(rs, 400, "invalid_request_error", "items",
                   "array_above_max_length",
                   "Invalid 'items': array too long. Expected an array with "
                   "maximum length %d, but got an array "
                   "with length %d instead.",
                   MAX_ITEMS_PER_CALL, cJSON_GetArraySize(items));
        return NULL;
    }
    return items_normalize(rs, items, "items");
}

void conv_create(emu_req *rq, emu_resp *rs)
{
    if (check_metadata(rs, req_field(rq, "metadata"), "metadata") < 0)
        return;
    cJSON *items = items_param(rq, rs, 0);
    if (!items)
        return;
    char id[64];
    make_id(id, sizeof id, "conv_", 48);
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "id", id);
    cJSON_AddStringToObject(c, "object", "conversation");
    cJSON_AddNumberToObject(c, "created_at", (double)now_s());
    const cJSON *md = req_field(rq, "metadata");
    cJSON_AddItemToObject(c, "metadata",
                          md && !cJSON_IsNull(md) ? json_dup(md)
                                                  : cJSON_CreateObject());
    obj *o = store_add(K_CONV, id, NULL, c);
    items_store(K_CONV_ITEM, o->id, items);
    cJSON_Delete(items);
    resp_json_copy(rs, o->j);
}

void conv_get(emu_req *rq, emu_resp *rs)
{
    obj *c = find(rs, rq->seg[1]);
    if (c)
        resp_json_copy(rs, c->j);
}

void conv_update(emu_req *rq, emu_resp *rs)
{
    obj *c = find(rs, rq->seg[1]);
    if (!c)
        return;
    const cJSON *md = req_field(rq, "metadata");
    if (!md) {
        resp_bad(rs, "metadata", "Missing required parameter: 'metadata'.");
        return;
    }
    if (check_metadata(rs, md, "metadata") < 0)
        return;
    json_set(c->j, "metadata",
             cJSON_IsNull(md) ? cJSON_CreateObject() : json_dup(md));
    resp_json_copy(rs, c->j);
}

void conv_delete(emu_req *rq, emu_resp *rs)
{
    obj *c = find(rs, rq->seg[1]);
    if (!c)
        return;
    store_del(c);
    resp_deleted(rs, rq->seg[1], "conversation.deleted");
}

static void list_of(emu_resp *rs, cJSON *data)
{
    cJSON *list = cJSON_CreateObject();
    cJSON_AddStringToObject(list, "object", "list");
    cJSON_AddItemToObject(list, "data", data);
    int n = cJSON_GetArraySize(data);
    const char *first = n ? json_str(cJSON_GetArrayItem(data, 0), "id") : NULL;
    const char *last =
        n ? json_str(cJSON_GetArrayItem(data, n - 1), "id") : NULL;
    cJSON_AddItemToObject(list, "first_id",
                          first ? cJSON_CreateString(first)
                                : cJSON_CreateNull());
    cJSON_AddItemToObject(list, "last_id",
                          last ? cJSON_CreateString(last) : cJSON_CreateNull());
    cJSON_AddBoolToObject(list, "has_more", 0);
    cJSON_Delete(rs->json);
    rs->json = list;
    rs->status = 200;
}

void conv_items_create(emu_req *rq, emu_resp *rs)
{
    obj *c = find(rs, rq->seg[1]);
    if (!c)
        return;
    cJSON *items = items_param(rq, rs, 1);
    if (!items)
        return;
    items_store(K_CONV_ITEM, c->id, items);
    list_of(rs, items);
}

void conv_items_list(emu_req *rq, emu_resp *rs)
{
    obj *c = find(rs, rq->seg[1]);
    if (!c)
        return;
    size_t n;
    obj **items = store_list(K_CONV_ITEM, c->id, &n);
    page_respond(rs, rq, items, n, NULL);
    free(items);
}

static obj *find_item(emu_req *rq, emu_resp *rs, obj **conv)
{
    *conv = find(rs, rq->seg[1]);
    if (!*conv)
        return NULL;
    obj *it = items_get(K_CONV_ITEM, (*conv)->id, rq->seg[3]);
    if (!it)
        resp_error(rs, 404, "invalid_request_error", NULL, NULL,
                   "Item with id '%s' not found.", rq->seg[3]);
    return it;
}

void conv_item_get(emu_req *rq, emu_resp *rs)
{
    obj *c;
    obj *it = find_item(rq, rs, &c);
    if (it)
        resp_json_copy(rs, it->j);
}

/* Deleting an item answers with the conversation, as the API does. */
void conv_item_delete(emu_req *rq, emu_resp *rs)
{
    obj *c;
    obj *it = find_item(rq, rs, &c);
    if (!it)
        return;
    store_del(it);
    resp_json_copy(rs, c->j);
}
