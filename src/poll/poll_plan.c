/* Polling helper calls as data (poll_plan.h): argument checks, the
 * creating request's path, query and body, and the path to poll. */
#include "poll/poll_plan.h"

#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "resources/rest.h"

#define RUN_PATH "/threads/%s/runs/%s"
#define FILE_PATH "/vector_stores/%s/files/%s"
#define BATCH_PATH "/vector_stores/%s/file_batches/%s"

void oai__poll_plan_clear(oai__poll_plan *p)
{
    oai__free(p->create_path);
    oai__free(p->create_query);
    cJSON_Delete(p->create_body);
    oai__free(p->poll_path);
    oai__free(p->thread_id);
    oai__free(p->vs_id);
    memset(p, 0, sizeof *p);
}

static void start(oai__poll_plan *p, oai__poll_kind kind)
{
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->get_request = kind == OAI__POLL_RUN;
}

/* Copy `s` into *dst (NULL stays NULL). */
static int keep(char **dst, oai_client *c, const char *s)
{
    if (s && !(*dst = oai__strdup(s)))
        return oai__rest_nomem(c);
    return OAI_OK;
}

int oai__plan_runs_poll(oai__poll_plan *p, oai_client *c, const char *thread_id,
                        const char *run_id)
{
    start(p, OAI__POLL_RUN);
    return oai__rest_op_path(&p->poll_path, c, RUN_PATH, "thread_id", thread_id,
                             "run_id", run_id, NULL);
}

/* A copy of `params` (an object) with "stream": false. */
static int with_stream_false(cJSON **out, oai_client *c, const oai_json *params)
{
    *out = NULL;
    int rc = oai__rest_check_object(c, "params", params, 0);
    if (!rc)
        rc = oai__rest_check_no_stream(c, params);
    if (rc)
        return rc;
    cJSON *body = cJSON_Duplicate(oai__cj(params), 1);
    cJSON *f = cJSON_CreateFalse();
    if (!body || !f) {
        cJSON_Delete(body);
        cJSON_Delete(f);
        return oai__rest_nomem(c);
    }
    cJSON_DeleteItemFromObjectCaseSensitive(body, "stream");
    /* fails when copying the key fails; the item is then not linked */
    if (!cJSON_AddItemToObject(body, "stream", f)) {
        cJSON_Delete(body);
        cJSON_Delete(f);
        return oai__rest_nomem(c);
    }
    *out = body;
    return OAI_OK;
}

int oai__plan_runs_create(oai__poll_plan *p, oai_client *c,
                          const char *thread_id, const oai_json *params,
                          const char *const *include)
{
    start(p, OAI__POLL_RUN);
    int rc = oai__rest_check_id(c, "thread_id", thread_id);
    if (!rc)
        rc = with_stream_false(&p->create_body, c, params);
    oai__strbuf q = {0};
    if (!rc && oai__query_add_include(&q, include))
        rc = oai__rest_nomem(c);
    p->create_query = q.p;
    if (!rc)
        rc = oai__rest_path(&p->create_path, c, "/threads/%s/runs", thread_id);
    if (!rc)
        rc = keep(&p->thread_id, c, thread_id);
    return rc;
}

int oai__plan_threads_create_and_run(oai__poll_plan *p, oai_client *c,
                                     const oai_json *params)
{
    start(p, OAI__POLL_RUN);
    int rc = with_stream_false(&p->create_body, c, params);
    if (!rc)
        rc = keep(&p->create_path, c, "/threads/runs");
    return rc;
}

int oai__plan_submit_tool_outputs(oai__poll_plan *p, oai_client *c,
                                  const char *thread_id, const char *run_id,
                                  const oai_json *tool_outputs)
{
    start(p, OAI__POLL_RUN);
    int rc = oai__rest_check_id(c, "thread_id", thread_id);
    if (!rc)
        rc = oai__rest_check_id(c, "run_id", run_id);
    if (!rc)
        rc = oai__rest_check_array(c, "tool_outputs", tool_outputs);
    if (rc)
        return rc;
    cJSON *body = cJSON_CreateObject();
    cJSON *copy = cJSON_Duplicate(oai__cj(tool_outputs), 1);
    if (!body || !copy || !cJSON_AddItemToObject(body, "tool_outputs", copy)) {
        cJSON_Delete(body);
        cJSON_Delete(copy);
        return oai__rest_nomem(c);
    }
    p->create_body = body;
    if (!cJSON_AddFalseToObject(body, "stream"))
        return oai__rest_nomem(c);
    rc = oai__rest_path(&p->create_path, c,
                        "/threads/%s/runs/%s/submit_tool_outputs", thread_id,
                        run_id);
    if (!rc)
        rc = keep(&p->thread_id, c, thread_id);
    return rc;
}

int oai__plan_vs_file_poll(oai__poll_plan *p, oai_client *c, const char *vs_id,
                           const char *file_id)
{
    start(p, OAI__POLL_VS_FILE);
    return oai__rest_op_path(&p->poll_path, c, FILE_PATH, "vector_store_id",
                             vs_id, "file_id", file_id, NULL);
}

int oai__plan_vs_file_create(oai__poll_plan *p, oai_client *c,
                             const char *vs_id, const char *file_id,
                             const oai_json *params)
{
    start(p, OAI__POLL_VS_FILE);
    int rc = oai__rest_check_id(c, "vector_store_id", vs_id);
    if (!rc)
        rc = oai__rest_check_id(c, "file_id", file_id);
    if (!rc)
        rc = oai__vector_store_file_body(&p->create_body, c, file_id, params);
    if (!rc)
        rc = oai__rest_path(&p->create_path, c, "/vector_stores/%s/files",
                            vs_id);
    /* the answer is not needed: the file is polled by its id */
    if (!rc)
        rc = oai__rest_path(&p->poll_path, c, FILE_PATH, vs_id, file_id);
    return rc;
}

int oai__plan_batch_poll(oai__poll_plan *p, oai_client *c, const char *vs_id,
                         const char *batch_id)
{
    start(p, OAI__POLL_BATCH);
    return oai__rest_op_path(&p->poll_path, c, BATCH_PATH, "vector_store_id",
                             vs_id, "batch_id", batch_id, NULL);
}

int oai__plan_batch_create(oai__poll_plan *p, oai_client *c, const char *vs_id,
                           const oai_json *params)
{
    start(p, OAI__POLL_BATCH);
    int rc = oai__rest_check_id(c, "vector_store_id", vs_id);
    if (!rc)
        rc = oai__rest_check_object(c, "params", params, 0);
    if (!rc && !(p->create_body = cJSON_Duplicate(oai__cj(params), 1)))
        rc = oai__rest_nomem(c);
    if (!rc)
        rc = oai__rest_path(&p->create_path, c,
                            "/vector_stores/%s/file_batches", vs_id);
    if (!rc)
        rc = keep(&p->vs_id, c, vs_id);
    return rc;
}

int oai__poll_plan_target(oai__poll_plan *p, oai_client *c,
                          oai__error_store *err, const oai_json *created)
{
    if (p->poll_path)
        return OAI_OK;
    const char *id = oai_json_string(oai_json_get(created, "id"));
    int rc;
    if (p->kind == OAI__POLL_RUN) {
        const char *tid = p->thread_id;
        if (!tid)
            tid = oai_json_string(oai_json_get(created, "thread_id"));
        if (!id || !*id || !tid || !*tid)
            return oai__error_set(err, OAI_EPROTOCOL,
                                  "the created run has no `id` or `thread_id`");
        rc = oai__rest_path(&p->poll_path, c, RUN_PATH, tid, id);
    } else {
        if (!id || !*id)
            return oai__error_set(err, OAI_EPROTOCOL,
                                  "the created batch has no `id`");
        rc = oai__rest_path(&p->poll_path, c, BATCH_PATH, p->vs_id, id);
    }
    return rc ? oai__error_set(err, OAI_ENOMEM, "out of memory") : OAI_OK;
}

int oai__poll_plan_run(oai_json **out, oai__poll_ctx *x, oai__poll_plan *p)
{
    *out = NULL;
    oai_json *created = NULL;
    int rc = OAI_OK;
    if (p->create_path) {
        rc = oai__poll_check_cancel(x);
        if (!rc)
            rc = oai__rest_send(&created, x->c, "POST", p->create_path,
                                p->create_query, p->create_body, 0,
                                x->o.request, NULL, 0, NULL, NULL);
    }
    if (!rc)
        rc = oai__poll_plan_target(p, x->c, oai__client_error(x->c), created);
    oai_json_free(created);
    if (!rc)
        rc = oai__poll_until_done(out, x, p->poll_path, p->kind,
                                  p->get_request ? x->o.request : NULL);
    return rc;
}
