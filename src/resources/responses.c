/* /responses (non-streaming): create, retrieve, delete, cancel, input items */
#include "oai/responses.h"

#include "resources/rest.h"

#define ONE "/responses/%s"

enum { CREATE, RETRIEVE, DELETE, CANCEL, INPUT_ITEMS };

static const oai__endpoint ep[] = {
    [CREATE] = {"POST", "/responses", .flags = OAI__REST_PARAMS,
                .no_stream = "`stream: true` is not supported here: this "
                             "call returns the response as JSON"},
    [RETRIEVE] = {"GET", ONE, .ids = {"response_id"}},
    [DELETE] = {"DELETE", ONE, .ids = {"response_id"}},
    [CANCEL] = {"POST", ONE "/cancel", .ids = {"response_id"}},
    [INPUT_ITEMS] = {"GET", ONE "/input_items", .ids = {"response_id"}},
};

OAI__REST_BODY(oai_responses_create, CREATE, params)
OAI__REST_ID_INC(oai_responses_retrieve, RETRIEVE, response_id)
OAI__REST_ID(oai_responses_delete, DELETE, response_id)
OAI__REST_ID(oai_responses_cancel, CANCEL, response_id)
OAI__REST_LIST_ID_INC(oai_responses_input_items_list,
                      oai_responses_input_items_list_pager, INPUT_ITEMS,
                      response_id)
