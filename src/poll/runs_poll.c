/* Run pollers (semantics §6.1). */
#include "oai/poll.h"

#include "core/alloc.h"
#include "core/json.h"
#include "http/request.h"
#include "oai/runs.h"
#include "poll/poll_loop.h"
#include "resources/rest.h"

static int poll_run(oai_json **out, oai__poll_ctx *x, const char *thread_id,
                    const char *run_id)
{
    char *path = NULL;
    int rc = oai__rest_op_path(&path, x->c, "/threads/%s/runs/%s", "thread_id",
                               thread_id, "run_id", run_id, NULL);
    if (!rc)
        rc = oai__poll_until_done(out, x, path, OAI__POLL_RUN, x->o.request);
    oai__free(path);
    return rc;
}

int oai_runs_poll(oai_json **out, oai_client *c, const char *thread_id,
                  const char *run_id, const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai__poll_ctx x;
    int rc = oai__poll_begin(&x, c, opts);
    return rc ? rc : poll_run(out, &x, thread_id, run_id);
}

/* A copy of `params` (an object, or NULL for {}) with "stream": false. */
static int with_stream_false(cJSON **out, oai_client *c, const oai_json *params,
                             int optional)
{
    *out = NULL;
    int rc = oai__rest_check_object(c, "params", params, optional);
    if (!rc)
        rc = oai__rest_check_no_stream(c, params);
    if (rc)
        return rc;
    cJSON *body =
        params ? cJSON_Duplicate(oai__cj(params), 1) : cJSON_CreateObject();
    cJSON *f = cJSON_CreateFalse();
    if (!body || !f) {
        cJSON_Delete(body);
        cJSON_Delete(f);
        return oai__rest_nomem(c);
    }
    cJSON_DeleteItemFromObjectCaseSensitive(body, "stream");
    cJSON_AddItemToObject(body, "stream", f);
    *out = body;
    return OAI_OK;
}

/* Poll the run just created: its id, and the thread it names (or the one
 * given). */
static int poll_created(oai_json **out, oai__poll_ctx *x, const char *thread_id,
                        oai_json *run)
{
    const char *run_id = oai_json_string(oai_json_get(run, "id"));
    if (!thread_id)
        thread_id = oai_json_string(oai_json_get(run, "thread_id"));
    int rc;
    if (!run_id || !*run_id || !thread_id || !*thread_id)
        rc = oai__error_set(oai__client_error(x->c), OAI_EPROTOCOL,
                            "the created run has no `id` or `thread_id`");
    else
        rc = poll_run(out, x, thread_id, run_id);
    oai_json_free(run);
    return rc;
}

int oai_runs_create_and_poll(oai_json **out, oai_client *c,
                             const char *thread_id, const oai_json *params,
                             const char *const *include,
                             const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai__poll_ctx x;
    cJSON *body = NULL;
    oai_json *run = NULL;
    int rc = oai__poll_begin(&x, c, opts);
    if (!rc)
        rc = oai__rest_check_id(c, "thread_id", thread_id);
    if (!rc)
        rc = with_stream_false(&body, c, params, 0);
    if (!rc)
        rc = oai__poll_check_cancel(&x);
    if (!rc)
        rc = oai_runs_create(&run, c, thread_id, oai__view(body), include,
                             x.o.request);
    cJSON_Delete(body);
    return rc ? rc : poll_created(out, &x, thread_id, run);
}

int oai_threads_create_and_run_poll(oai_json **out, oai_client *c,
                                    const oai_json *params,
                                    const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai__poll_ctx x;
    cJSON *body = NULL;
    oai_json *run = NULL;
    int rc = oai__poll_begin(&x, c, opts);
    if (!rc)
        rc = with_stream_false(&body, c, params, 0);
    if (!rc)
        rc = oai__poll_check_cancel(&x);
    if (!rc)
        rc = oai__rest_op(&run, c, "POST", OAI__REST_BETA, NULL,
                          oai__view(body), x.o.request, "/threads/runs", NULL);
    cJSON_Delete(body);
    return rc ? rc : poll_created(out, &x, NULL, run);
}

int oai_runs_submit_tool_outputs_and_poll(oai_json **out, oai_client *c,
                                          const char *thread_id,
                                          const char *run_id,
                                          const oai_json *tool_outputs,
                                          const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai__poll_ctx x;
    int rc = oai__poll_begin(&x, c, opts);
    if (!rc)
        rc = oai__rest_check_id(c, "thread_id", thread_id);
    if (!rc)
        rc = oai__rest_check_id(c, "run_id", run_id);
    if (!rc)
        rc = oai__rest_check_array(c, "tool_outputs", tool_outputs);
    if (!rc)
        rc = oai__poll_check_cancel(&x);
    if (rc)
        return rc;
    cJSON *body = cJSON_CreateObject();
    cJSON *copy = cJSON_Duplicate(oai__cj(tool_outputs), 1);
    if (!body || !copy || !cJSON_AddItemToObject(body, "tool_outputs", copy)) {
        cJSON_Delete(body);
        cJSON_Delete(copy);
        return oai__rest_nomem(c);
    }
    if (!cJSON_AddFalseToObject(body, "stream")) {
        cJSON_Delete(body);
        return oai__rest_nomem(c);
    }
    oai_json *run = NULL;
    rc = oai__rest_op(&run, c, "POST", OAI__REST_BETA, NULL, oai__view(body),
                      x.o.request, "/threads/%s/runs/%s/submit_tool_outputs",
                      "thread_id", thread_id, "run_id", run_id, NULL);
    cJSON_Delete(body);
    return rc ? rc : poll_created(out, &x, thread_id, run);
}
