/* /conversations and /conversations/{conversation_id}/items */
#include "oai/conversations.h"

#include "resources/rest.h"

#define ONE "/conversations/%s"
#define ITEMS "/conversations/%s/items"
#define ITEM "/conversations/%s/items/%s"

enum {
    CREATE,
    RETRIEVE,
    UPDATE,
    DELETE,
    ITEMS_CREATE,
    ITEMS_LIST,
    ITEM_RETRIEVE,
    ITEM_DELETE
};

static const oai__endpoint ep[] = {
    [CREATE] = {"POST", "/conversations", .flags = OAI__REST_PARAMS_OPT},
    [RETRIEVE] = {"GET", ONE, .ids = {"conversation_id"}},
    [UPDATE] = {"POST", ONE, .ids = {"conversation_id"},
                .flags = OAI__REST_PARAMS},
    [DELETE] = {"DELETE", ONE, .ids = {"conversation_id"}},
    [ITEMS_CREATE] = {"POST", ITEMS, .ids = {"conversation_id"},
                      .array = "items"},
    [ITEMS_LIST] = {"GET", ITEMS, .ids = {"conversation_id"}},
    [ITEM_RETRIEVE] = {"GET", ITEM, .ids = {"conversation_id", "item_id"}},
    [ITEM_DELETE] = {"DELETE", ITEM, .ids = {"conversation_id", "item_id"}},
};

int oai_conversations_create(oai_json **out, oai_client *c,
                             const oai_json *params,
                             const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[CREATE], params, NULL, opts);
}

int oai_conversations_retrieve(oai_json **out, oai_client *c,
                               const char *conversation_id,
                               const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[RETRIEVE], NULL, NULL, opts,
                          conversation_id);
}

int oai_conversations_update(oai_json **out, oai_client *c,
                             const char *conversation_id,
                             const oai_json *params,
                             const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[UPDATE], params, NULL, opts,
                          conversation_id);
}

int oai_conversations_delete(oai_json **out, oai_client *c,
                             const char *conversation_id,
                             const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[DELETE], NULL, NULL, opts,
                          conversation_id);
}

int oai_conversation_items_create(oai_json **out, oai_client *c,
                                  const char *conversation_id,
                                  const oai_json *items,
                                  const char *const *include,
                                  const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[ITEMS_CREATE], items, include, opts,
                          conversation_id);
}

int oai_conversation_items_list(oai_json **out, oai_client *c,
                                const char *conversation_id,
                                const oai_list_options *list,
                                const char *const *include,
                                const oai_request_options *opts)
{
    return oai__rest_page(out, NULL, c, &ep[ITEMS_LIST], list, include, opts,
                          conversation_id);
}

int oai_conversation_items_list_pager(oai_pager **out, oai_client *c,
                                      const char *conversation_id,
                                      const oai_list_options *list,
                                      const char *const *include,
                                      const oai_request_options *opts)
{
    return oai__rest_page(NULL, out, c, &ep[ITEMS_LIST], list, include, opts,
                          conversation_id);
}

int oai_conversation_items_retrieve(oai_json **out, oai_client *c,
                                    const char *conversation_id,
                                    const char *item_id,
                                    const char *const *include,
                                    const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[ITEM_RETRIEVE], NULL, include, opts,
                          conversation_id, item_id);
}

int oai_conversation_items_delete(oai_json **out, oai_client *c,
                                  const char *conversation_id,
                                  const char *item_id,
                                  const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[ITEM_DELETE], NULL, NULL, opts,
                          conversation_id, item_id);
}
