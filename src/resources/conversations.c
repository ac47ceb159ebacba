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

OAI__REST_BODY(oai_conversations_create, CREATE, params)
OAI__REST_ID(oai_conversations_retrieve, RETRIEVE, conversation_id)
OAI__REST_ID_BODY(oai_conversations_update, UPDATE, conversation_id, params)
OAI__REST_ID(oai_conversations_delete, DELETE, conversation_id)
OAI__REST_ID_BODY_INC(oai_conversation_items_create, ITEMS_CREATE,
                      conversation_id, items)
OAI__REST_LIST_ID_INC(oai_conversation_items_list,
                      oai_conversation_items_list_pager, ITEMS_LIST,
                      conversation_id)
OAI__REST_ID2_INC(oai_conversation_items_retrieve, ITEM_RETRIEVE,
                  conversation_id, item_id)
OAI__REST_ID2(oai_conversation_items_delete, ITEM_DELETE, conversation_id,
              item_id)
