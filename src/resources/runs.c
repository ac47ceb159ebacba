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

OAI__REST_ID_BODY_INC(oai_runs_create, CREATE, thread_id, params)
OAI__REST_ID2(oai_runs_retrieve, RETRIEVE, thread_id, run_id)
OAI__REST_ID2_BODY(oai_runs_update, UPDATE, thread_id, run_id, params)
OAI__REST_LIST_ID(oai_runs_list, oai_runs_list_pager, LIST, thread_id)
OAI__REST_ID2(oai_runs_cancel, CANCEL, thread_id, run_id)
OAI__REST_ID2_BODY(oai_runs_submit_tool_outputs, SUBMIT_TOOL_OUTPUTS, thread_id,
                   run_id, tool_outputs)

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
