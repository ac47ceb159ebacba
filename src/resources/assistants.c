/* /assistants */
#include "oai/assistants.h"

#include "resources/rest.h"

enum { CREATE, RETRIEVE, UPDATE, LIST, DELETE };

static const oai__endpoint ep[] = {
    [CREATE] = {"POST", "/assistants", .flags = OAI__REST_PARAMS},
    [RETRIEVE] = {"GET", "/assistants/%s", .ids = {"assistant_id"}},
    [UPDATE] = {"POST", "/assistants/%s", .ids = {"assistant_id"},
                .flags = OAI__REST_PARAMS},
    [LIST] = {"GET", "/assistants", .list = OAI__LIST_BEFORE},
    [DELETE] = {"DELETE", "/assistants/%s", .ids = {"assistant_id"}},
};

OAI__REST_BODY(oai_assistants_create, CREATE, params)
OAI__REST_ID(oai_assistants_retrieve, RETRIEVE, assistant_id)
OAI__REST_ID_BODY(oai_assistants_update, UPDATE, assistant_id, params)
OAI__REST_LIST(oai_assistants_list, oai_assistants_list_pager, LIST)
OAI__REST_ID(oai_assistants_delete, DELETE, assistant_id)
