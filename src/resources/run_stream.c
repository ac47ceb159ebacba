/* The stream helpers of oai/run_stream.h: which request starts a run's
 * event stream (and which one continues it after tool outputs); the
 * transport is http/stream_source.h. */
#include "oai/run_stream.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "http/stream_source.h"
#include "resources/rest.h"

#define SUBMIT_HELPER "threads.runs.submit_tool_outputs_stream"

/* POST /threads/{thread_id}/runs/{run_id}/submit_tool_outputs with
 * {"tool_outputs": ..., "stream": true}. */
static int submit_parts(char **path, cJSON **body, oai_client *c,
                        const char *thread_id, const char *run_id,
                        const oai_json *tool_outputs)
{
    int rc = oai__rest_path(path, c, "/threads/%s/runs/%s/submit_tool_outputs",
                            thread_id, run_id);
    if (!rc)
        rc = oai__tool_outputs_body(body, c, tool_outputs, 1);
    return rc;
}

/* The follow-up of a stream that stopped at requires_action. */
static int submit_request(char **path, cJSON **body, const char **helper,
                          oai_client *c, const cJSON *run,
                          const cJSON *tool_outputs)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(run, "id");
    const cJSON *tid = cJSON_GetObjectItemCaseSensitive(run, "thread_id");
    if (!cJSON_IsString(id) || !*id->valuestring || !cJSON_IsString(tid) ||
        !*tid->valuestring)
        return oai__rest_invalid(c, "the run has no id or thread_id");
    *helper = SUBMIT_HELPER;
    return submit_parts(path, body, c, tid->valuestring, id->valuestring,
                        oai__view(tool_outputs));
}

static int start(oai_stream **out, oai_client *c, const char *path,
                 const char *query, const cJSON *body, const char *helper,
                 const oai_stream_options *sopts,
                 const oai_request_options *ropts)
{
    oai__http_stream_call call = {path,           query,  body, helper,
                                  submit_request, "POST", 0};
    return oai__http_stream_new(out, c, &call, sopts, ropts);
}

int oai__rest_stream_body(cJSON **out, oai_client *c, const oai_json *params)
{
    cJSON *body = cJSON_Duplicate(oai__cj(params), 1);
    cJSON *t = cJSON_CreateTrue();
    int ok = body && t;
    if (ok && cJSON_GetObjectItemCaseSensitive(body, "stream"))
        ok = cJSON_ReplaceItemInObjectCaseSensitive(body, "stream", t);
    else if (ok)
        ok = cJSON_AddItemToObject(body, "stream", t);
    if (!ok) {
        cJSON_Delete(t);
        cJSON_Delete(body);
        *out = NULL;
        return oai__rest_nomem(c);
    }
    *out = body;
    return OAI_OK;
}

static int begin(oai_stream **out, oai_client *c)
{
    if (out)
        *out = NULL;
    if (!c)
        return OAI_EINVAL;
    oai__error_clear(oai__client_error(c));
    if (!out)
        return oai__rest_invalid(c, "out must not be NULL");
    return OAI_OK;
}

int oai_runs_stream(oai_stream **out, oai_client *c, const char *thread_id,
                    const oai_json *params, const char *const *include,
                    const oai_stream_options *sopts,
                    const oai_request_options *opts)
{
    int rc = begin(out, c);
    if (!rc)
        rc = oai__rest_check_id(c, "thread_id", thread_id);
    if (!rc)
        rc = oai__rest_check_object(c, "params", params, 0);
    oai__strbuf q = {0};
    char *path = NULL;
    cJSON *body = NULL;
    if (!rc && oai__query_add_include(&q, include))
        rc = oai__rest_nomem(c);
    if (!rc)
        rc = oai__rest_path(&path, c, "/threads/%s/runs", thread_id);
    if (!rc)
        rc = oai__rest_stream_body(&body, c, params);
    if (!rc)
        rc = start(out, c, path, q.p, body, "threads.runs.create_and_stream",
                   sopts, opts);
    cJSON_Delete(body);
    oai__free(path);
    oai__strbuf_free(&q);
    return rc;
}

int oai_threads_create_and_run_stream(oai_stream **out, oai_client *c,
                                      const oai_json *params,
                                      const oai_stream_options *sopts,
                                      const oai_request_options *opts)
{
    int rc = begin(out, c);
    if (!rc)
        rc = oai__rest_check_object(c, "params", params, 0);
    cJSON *body = NULL;
    if (!rc)
        rc = oai__rest_stream_body(&body, c, params);
    if (!rc)
        rc = start(out, c, "/threads/runs", NULL, body,
                   "threads.create_and_run_stream", sopts, opts);
    cJSON_Delete(body);
    return rc;
}

int oai_runs_submit_tool_outputs_stream(oai_stream **out, oai_client *c,
                                        const char *thread_id,
                                        const char *run_id,
                                        const oai_json *tool_outputs,
                                        const oai_stream_options *sopts,
                                        const oai_request_options *opts)
{
    int rc = begin(out, c);
    if (!rc)
        rc = oai__tool_outputs_check(c, thread_id, run_id, tool_outputs);
    char *path = NULL;
    cJSON *body = NULL;
    if (!rc)
        rc = submit_parts(&path, &body, c, thread_id, run_id, tool_outputs);
    if (!rc)
        rc = start(out, c, path, NULL, body, SUBMIT_HELPER, sopts, opts);
    cJSON_Delete(body);
    oai__free(path);
    return rc;
}
