/* /threads/{thread_id}/messages */
#include "oai/messages.h"

#include "resources/rest.h"

#define ALL "/threads/%s/messages"
#define ONE "/threads/%s/messages/%s"

enum { CREATE, RETRIEVE, UPDATE, LIST, DELETE };

static const oai__endpoint ep[] = {
    [CREATE] = {"POST", ALL, .ids = {"thread_id"}, .flags = OAI__REST_PARAMS},
    [RETRIEVE] = {"GET", ONE, .ids = {"thread_id", "message_id"}},
    [UPDATE] = {"POST", ONE, .ids = {"thread_id", "message_id"},
                .flags = OAI__REST_PARAMS},
    [LIST] = {"GET", ALL, .ids = {"thread_id"},
              .list = OAI__LIST_BEFORE | OAI__LIST_RUN_ID},
    [DELETE] = {"DELETE", ONE, .ids = {"thread_id", "message_id"}},
};

OAI__REST_ID_BODY(oai_messages_create, CREATE, thread_id, params)
OAI__REST_ID2(oai_messages_retrieve, RETRIEVE, thread_id, message_id)
OAI__REST_ID2_BODY(oai_messages_update, UPDATE, thread_id, message_id, params)
OAI__REST_LIST_ID(oai_messages_list, oai_messages_list_pager, LIST, thread_id)
OAI__REST_ID2(oai_messages_delete, DELETE, thread_id, message_id)
