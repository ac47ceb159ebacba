/* /threads/{thread_id}/runs (non-streaming) */
#include "oai/runs.h"

#include "core/error.h"
#include "core/json.h"
#include "http/request.h"
#include "resources/rest.h"

int oai_runs_create(oai_json **out, oai_client *c, const char *thread_id,
                    const oai_json *params, const char *const *include,
                    const oai_request_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return OAI_EINVAL;
    int rc = oai__rest_check_id(c, "thread_id", thread_id);
    if (!rc)
        rc = oai__rest_check_no_stream(c, params);
    oai__strbuf q = {0};
    if (!rc && oai__query_add_include(&q, include))
        rc = oai__rest_nomem(c);
    if (!rc)
        rc = oai__rest_op(out, c, "POST", OAI__REST_PARAMS, q.p, params, opts,
                          "/threads/%s/runs", "thread_id", thread_id, NULL);
    oai__strbuf_free(&q);
    return rc;
}

int oai_runs_retrieve(oai_json **out, oai_client *c, const char *thread_id,
                      const char *run_id, const oai_request_options *opts)
{
    return oai__rest_op(out, c, "GET", 0, NULL, NULL, opts,
                        "/threads/%s/runs/%s", "thread_id", thread_id, "run_id",
                        run_id, NULL);
}

int oai_runs_update(oai_json **out, oai_client *c, const char *thread_id,
                    const char *run_id, const oai_json *params,
                    const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", OAI__REST_PARAMS, NULL, params, opts,
                        "/threads/%s/runs/%s", "thread_id", thread_id, "run_id",
                        run_id, NULL);
}

int oai_runs_list(oai_json **out, oai_client *c, const char *thread_id,
                  const oai_list_options *list, const oai_request_options *opts)
{
    return oai__list_op(out, c, 0, list, OAI__LIST_BEFORE, opts,
                        "/threads/%s/runs", "thread_id", thread_id, NULL);
}

int oai_runs_list_pager(oai_pager **out, oai_client *c, const char *thread_id,
                        const oai_list_options *list,
                        const oai_request_options *opts)
{
    return oai__pager_op(out, c, 0, list, OAI__LIST_BEFORE, opts,
                         "/threads/%s/runs", "thread_id", thread_id, NULL);
}

int oai_runs_cancel(oai_json **out, oai_client *c, const char *thread_id,
                    const char *run_id, const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", 0, NULL, NULL, opts,
                        "/threads/%s/runs/%s/cancel", "thread_id", thread_id,
                        "run_id", run_id, NULL);
}

int oai_runs_submit_tool_outputs(oai_json **out, oai_client *c,
                                 const char *thread_id, const char *run_id,
                                 const oai_json *tool_outputs,
                                 const oai_request_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return OAI_EINVAL;
    int rc = oai__tool_outputs_check(c, thread_id, run_id, tool_outputs);
    if (rc)
        return rc;
    cJSON *body;
    rc = oai__tool_outputs_body(&body, c, tool_outputs, 0);
    if (rc)
        return rc;
    rc = oai__rest_op(out, c, "POST", 0, NULL, oai__view(body), opts,
                      "/threads/%s/runs/%s/submit_tool_outputs", "thread_id",
                      thread_id, "run_id", run_id, NULL);
    cJSON_Delete(body);
    return rc;
}

int oai__tool_outputs_body(cJSON **out, oai_client *c,
                           const oai_json *tool_outputs, int stream)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *copy = cJSON_Duplicate(oai__cj(tool_outputs), 1);
    if (!body || !copy || !cJSON_AddItemToObject(body, "tool_outputs", copy)) {
        cJSON_Delete(copy);
        copy = NULL;
    }
    if (!copy || (stream && !cJSON_AddTrueToObject(body, "stream"))) {
        cJSON_Delete(body);
        *out = NULL;
        return oai__rest_nomem(c);
    }
    *out = body;
    return OAI_OK;
}

int oai__tool_outputs_check(oai_client *c, const char *thread_id,
                            const char *run_id, const oai_json *tool_outputs)
{
    int rc = oai__rest_check_id(c, "thread_id", thread_id);
    if (!rc)
        rc = oai__rest_check_id(c, "run_id", run_id);
    if (!rc)
        rc = oai__rest_check_array(c, "tool_outputs", tool_outputs);
    return rc;
}
