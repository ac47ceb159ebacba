/* /threads/{thread_id}/runs (non-streaming) */
#include "oai/runs.h"

#include "resources/rest.h"

#define ALL "/threads/%s/runs"
#define ONE "/threads/%s/runs/%s"

enum { CREATE, RETRIEVE, UPDATE, LIST, CANCEL, SUBMIT_TOOL_OUTPUTS };

static const oai__endpoint ep[] = {
    [CREATE] = {"POST", ALL, .ids = {"thread_id"}, .flags = OAI__REST_PARAMS,
                .no_stream = OAI__REST_USE_RUN_STREAM},
    [RETRIEVE] = {"GET", ONE, .ids = {"thread_id", "run_id"}},
    [UPDATE] = {"POST", ONE, .ids = {"thread_id", "run_id"},
                .flags = OAI__REST_PARAMS},
    [LIST] = {"GET", ALL, .ids = {"thread_id"}, .list = OAI__LIST_BEFORE},
    [CANCEL] = {"POST", ONE "/cancel", .ids = {"thread_id", "run_id"}},
    [SUBMIT_TOOL_OUTPUTS] = {"POST", ONE "/submit_tool_outputs",
                             .ids = {"thread_id", "run_id"},
                             .array = "tool_outputs"},
};

int oai_runs_create(oai_json **out, oai_client *c, const char *thread_id,
                    const oai_json *params, const char *const *include,
                    const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[CREATE], params, include, opts,
                          thread_id);
}

int oai_runs_retrieve(oai_json **out, oai_client *c, const char *thread_id,
                      const char *run_id, const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[RETRIEVE], NULL, NULL, opts, thread_id,
                          run_id);
}

int oai_runs_update(oai_json **out, oai_client *c, const char *thread_id,
                    const char *run_id, const oai_json *params,
                    const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[UPDATE], params, NULL, opts, thread_id,
                          run_id);
}

int oai_runs_list(oai_json **out, oai_client *c, const char *thread_id,
                  const oai_list_options *list, const oai_request_options *opts)
{
    return oai__rest_page(out, NULL, c, &ep[LIST], list, NULL, opts, thread_id);
}

int oai_runs_list_pager(oai_pager **out, oai_client *c, const char *thread_id,
                        const oai_list_options *list,
                        const oai_request_options *opts)
{
    return oai__rest_page(NULL, out, c, &ep[LIST], list, NULL, opts, thread_id);
}

int oai_runs_cancel(oai_json **out, oai_client *c, const char *thread_id,
                    const char *run_id, const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[CANCEL], NULL, NULL, opts, thread_id,
                          run_id);
}

int oai_runs_submit_tool_outputs(oai_json **out, oai_client *c,
                                 const char *thread_id, const char *run_id,
                                 const oai_json *tool_outputs,
                                 const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[SUBMIT_TOOL_OUTPUTS], tool_outputs, NULL,
                          opts, thread_id, run_id);
}

int oai__tool_outputs_body(cJSON **out, oai_client *c,
                           const oai_json *tool_outputs, int stream)
{
    int rc = oai__rest_array_body(out, c, "tool_outputs", tool_outputs);
    if (!rc && stream && !cJSON_AddTrueToObject(*out, "stream")) {
        cJSON_Delete(*out);
        *out = NULL;
        rc = oai__rest_nomem(c);
    }
    return rc;
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
