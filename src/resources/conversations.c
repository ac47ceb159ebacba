/* /conversations and /conversations/{conversation_id}/items */
#include "oai/conversations.h"

#include "core/error.h"
#include "core/json.h"
#include "http/request.h"
#include "resources/rest.h"

#define CONV_PATH "/conversations/%s"
#define ITEMS_PATH "/conversations/%s/items"
#define ITEM_PATH "/conversations/%s/items/%s"

int oai_conversations_create(oai_json **out, oai_client *c,
                             const oai_json *params,
                             const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", OAI__REST_PARAMS_OPT, NULL, params,
                        opts, "/conversations", NULL);
}

int oai_conversations_retrieve(oai_json **out, oai_client *c,
                               const char *conversation_id,
                               const oai_request_options *opts)
{
    return oai__rest_op(out, c, "GET", 0, NULL, NULL, opts, CONV_PATH,
                        "conversation_id", conversation_id, NULL);
}

int oai_conversations_update(oai_json **out, oai_client *c,
                             const char *conversation_id,
                             const oai_json *params,
                             const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", OAI__REST_PARAMS, NULL, params, opts,
                        CONV_PATH, "conversation_id", conversation_id, NULL);
}

int oai_conversations_delete(oai_json **out, oai_client *c,
                             const char *conversation_id,
                             const oai_request_options *opts)
{
    return oai__rest_op(out, c, "DELETE", 0, NULL, NULL, opts, CONV_PATH,
                        "conversation_id", conversation_id, NULL);
}

/* The `include[]` query of an items call into q (emptied first). */
static int include_query(oai__strbuf *q, oai_client *c,
                         const char *const *include)
{
    *q = (oai__strbuf){0};
    return oai__query_add_include(q, include) ? oai__rest_nomem(c) : OAI_OK;
}

int oai_conversation_items_create(oai_json **out, oai_client *c,
                                  const char *conversation_id,
                                  const oai_json *items,
                                  const char *const *include,
                                  const oai_request_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return OAI_EINVAL;
    int rc = oai__rest_check_id(c, "conversation_id", conversation_id);
    if (!rc)
        rc = oai__rest_check_array(c, "items", items);
    if (rc)
        return rc;
    cJSON *body = cJSON_CreateObject();
    cJSON *copy = cJSON_Duplicate(oai__cj(items), 1);
    if (!body || !copy || !cJSON_AddItemToObject(body, "items", copy)) {
        cJSON_Delete(body);
        cJSON_Delete(copy);
        return oai__rest_nomem(c);
    }
    oai__strbuf q;
    rc = include_query(&q, c, include);
    if (!rc)
        rc = oai__rest_op(out, c, "POST", 0, q.p, oai__view(body), opts,
                          ITEMS_PATH, "conversation_id", conversation_id, NULL);
    oai__strbuf_free(&q);
    cJSON_Delete(body);
    return rc;
}

int oai_conversation_items_list(oai_json **out, oai_client *c,
                                const char *conversation_id,
                                const oai_list_options *list,
                                const oai_request_options *opts)
{
    return oai__list_op(out, c, 0, list, OAI__LIST_INCLUDE, opts, ITEMS_PATH,
                        "conversation_id", conversation_id, NULL);
}

int oai_conversation_items_list_pager(oai_pager **out, oai_client *c,
                                      const char *conversation_id,
                                      const oai_list_options *list,
                                      const oai_request_options *opts)
{
    return oai__pager_op(out, c, 0, list, OAI__LIST_INCLUDE, opts, ITEMS_PATH,
                         "conversation_id", conversation_id, NULL);
}

int oai_conversation_items_retrieve(oai_json **out, oai_client *c,
                                    const char *conversation_id,
                                    const char *item_id,
                                    const char *const *include,
                                    const oai_request_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return OAI_EINVAL;
    oai__strbuf q;
    int rc = include_query(&q, c, include);
    if (!rc)
        rc = oai__rest_op(out, c, "GET", 0, q.p, NULL, opts, ITEM_PATH,
                          "conversation_id", conversation_id, "item_id",
                          item_id, NULL);
    oai__strbuf_free(&q);
    return rc;
}

int oai_conversation_items_delete(oai_json **out, oai_client *c,
                                  const char *conversation_id,
                                  const char *item_id,
                                  const oai_request_options *opts)
{
    return oai__rest_op(out, c, "DELETE", 0, NULL, NULL, opts, ITEM_PATH,
                        "conversation_id", conversation_id, "item_id", item_id,
                        NULL);
}
