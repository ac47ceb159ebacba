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

int oai_threads_create(oai_json **out, oai_client *c, const oai_json *params,
                       const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[CREATE], params, NULL, opts);
}

int oai_threads_retrieve(oai_json **out, oai_client *c, const char *thread_id,
                         const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[RETRIEVE], NULL, NULL, opts, thread_id);
}

int oai_threads_update(oai_json **out, oai_client *c, const char *thread_id,
                       const oai_json *params, const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[UPDATE], params, NULL, opts, thread_id);
}

int oai_threads_delete(oai_json **out, oai_client *c, const char *thread_id,
                       const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[DELETE], NULL, NULL, opts, thread_id);
}

int oai_threads_create_and_run(oai_json **out, oai_client *c,
                               const oai_json *params,
                               const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[CREATE_AND_RUN], params, NULL, opts);
}
