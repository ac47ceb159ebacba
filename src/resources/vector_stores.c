/* /vector_stores */
#include "oai/vector_stores.h"

#include "resources/rest.h"

#define ONE "/vector_stores/%s"

enum { CREATE, RETRIEVE, UPDATE, LIST, DELETE, SEARCH };

static const oai__endpoint ep[] = {
    [CREATE] = {"POST", "/vector_stores", .flags = OAI__REST_PARAMS_OPT},
    [RETRIEVE] = {"GET", ONE, .ids = {"vector_store_id"}},
    [UPDATE] = {"POST", ONE, .ids = {"vector_store_id"},
                .flags = OAI__REST_PARAMS},
    [LIST] = {"GET", "/vector_stores", .list = OAI__LIST_BEFORE},
    [DELETE] = {"DELETE", ONE, .ids = {"vector_store_id"}},
    [SEARCH] = {"POST", ONE "/search", .ids = {"vector_store_id"},
                .flags = OAI__REST_PARAMS},
};

OAI__REST_BODY(oai_vector_stores_create, CREATE, params)
OAI__REST_ID(oai_vector_stores_retrieve, RETRIEVE, vector_store_id)
OAI__REST_ID_BODY(oai_vector_stores_update, UPDATE, vector_store_id, params)
OAI__REST_LIST(oai_vector_stores_list, oai_vector_stores_list_pager, LIST)
OAI__REST_ID(oai_vector_stores_delete, DELETE, vector_store_id)
OAI__REST_ID_BODY(oai_vector_stores_search, SEARCH, vector_store_id, params)
