/* /threads and POST /threads/runs */
#include "oai/threads.h"

#include "resources/rest.h"

int oai_threads_create(oai_json **out, oai_client *c, const oai_json *params,
                       const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", OAI__REST_PARAMS_OPT, NULL, params,
                        opts, "/threads", NULL);
}

int oai_threads_retrieve(oai_json **out, oai_client *c, const char *thread_id,
                         const oai_request_options *opts)
{
    return oai__rest_op(out, c, "GET", 0, NULL, NULL, opts, "/threads/%s",
                        "thread_id", thread_id, NULL);
}

int oai_threads_update(oai_json **out, oai_client *c, const char *thread_id,
                       const oai_json *params, const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", OAI__REST_PARAMS, NULL, params, opts,
                        "/threads/%s", "thread_id", thread_id, NULL);
}

int oai_threads_delete(oai_json **out, oai_client *c, const char *thread_id,
                       const oai_request_options *opts)
{
    return oai__rest_op(out, c, "DELETE", 0, NULL, NULL, opts, "/threads/%s",
                        "thread_id", thread_id, NULL);
}

int oai_threads_create_and_run(oai_json **out, oai_client *c,
                               const oai_json *params,
                               const oai_request_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return OAI_EINVAL;
    int rc = oai__rest_check_no_stream(c, params);
    return rc ? rc
              : oai__rest_op(out, c, "POST", OAI__REST_PARAMS, NULL, params,
                             opts, "/threads/runs", NULL);
}
