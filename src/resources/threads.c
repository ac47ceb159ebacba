/* /threads and POST /threads/runs */
#include "oai/threads.h"

#include "resources/rest.h"

enum { CREATE, RETRIEVE, UPDATE, DELETE, CREATE_AND_RUN };

static const oai__endpoint ep[] = {
    [CREATE] = {"POST", "/threads", .flags = OAI__REST_PARAMS_OPT},
    [RETRIEVE] = {"GET", "/threads/%s", .ids = {"thread_id"}},
    [UPDATE] = {"POST", "/threads/%s", .ids = {"thread_id"},
                .flags = OAI__REST_PARAMS},
    [DELETE] = {"DELETE", "/threads/%s", .ids = {"thread_id"}},
    [CREATE_AND_RUN] = {"POST", "/threads/runs", .flags = OAI__REST_PARAMS,
                        .no_stream = OAI__REST_USE_RUN_STREAM},
};

OAI__REST_BODY(oai_threads_create, CREATE, params)
OAI__REST_ID(oai_threads_retrieve, RETRIEVE, thread_id)
OAI__REST_ID_BODY(oai_threads_update, UPDATE, thread_id, params)
OAI__REST_ID(oai_threads_delete, DELETE, thread_id)
OAI__REST_BODY(oai_threads_create_and_run, CREATE_AND_RUN, params)
