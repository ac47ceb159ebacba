/* Polling helper calls as data (poll_plan.h): one builder per operation
 * (argument checks, the creating request's path, query and body, the path
 * to poll), the body made after uploads, and the poll target. */
#include "poll/poll_plan.h"

#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "resources/rest.h"

#define RUN_PATH "/threads/%s/runs/%s"
#define FILE_PATH "/vector_stores/%s/files/%s"
#define BATCH_PATH "/vector_stores/%s/file_batches/%s"
#define RESPONSE_PATH "/responses/%s"

void oai__poll_plan_clear(oai__poll_plan *p)
{
    oai__free(p->create_path);
    oai__free(p->create_query);
    cJSON_Delete(p->create_body);
    oai__free(p->poll_path);
    oai__free(p->thread_id);
    oai__free(p->vs_id);
    oai__uploads_clear(&p->uploads);
    cJSON_Delete(p->file_params);
    memset(p, 0, sizeof *p);
}

static void start(oai__poll_plan *p, oai__poll_kind kind)
{
    p->kind = kind;
    p->get_request = kind == OAI__POLL_RUN || kind == OAI__POLL_RESPONSE;
}

/* Copy `s` into *dst (NULL stays NULL). */
static int keep(char **dst, oai_client *c, const char *s)
{
    if (s && !(*dst = oai__strdup(s)))
        return oai__rest_nomem(c);
    return OAI_OK;
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

static int runs_poll(oai__poll_plan *p, oai_client *c, const oai__poll_call *k)
{
    start(p, OAI__POLL_RUN);
    return oai__rest_op_path(&p->poll_path, c, RUN_PATH, "thread_id",
                             k->thread_id, "run_id", k->run_id, NULL);
}

static int runs_create(oai__poll_plan *p, oai_client *c,
                       const oai__poll_call *k)
{
    start(p, OAI__POLL_RUN);
    int rc = oai__rest_check_id(c, "thread_id", k->thread_id);
    if (!rc)
        rc = with_stream_false(&p->create_body, c, k->params);
    oai__strbuf q = {0};
    if (!rc && oai__query_add_include(&q, k->include))
        rc = oai__rest_nomem(c);
    p->create_query = q.p;
    if (!rc)
        rc = oai__rest_path(&p->create_path, c, "/threads/%s/runs",
                            k->thread_id);
    if (!rc)
        rc = keep(&p->thread_id, c, k->thread_id);
    return rc;
}

static int threads_create_and_run(oai__poll_plan *p, oai_client *c,
                                  const oai__poll_call *k)
{
    start(p, OAI__POLL_RUN);
    int rc = with_stream_false(&p->create_body, c, k->params);
    if (!rc)
        rc = keep(&p->create_path, c, "/threads/runs");
    return rc;
}

static int submit_tool_outputs(oai__poll_plan *p, oai_client *c,
                               const oai__poll_call *k)
{
    start(p, OAI__POLL_RUN);
    int rc = oai__rest_check_id(c, "thread_id", k->thread_id);
    if (!rc)
        rc = oai__rest_check_id(c, "run_id", k->run_id);
    if (!rc)
        rc = oai__rest_check_array(c, "tool_outputs", k->params);
    if (rc)
        return rc;
    cJSON *body = cJSON_CreateObject();
    cJSON *copy = cJSON_Duplicate(oai__cj(k->params), 1);
    if (!body || !copy || !cJSON_AddItemToObject(body, "tool_outputs", copy)) {
        cJSON_Delete(body);
        cJSON_Delete(copy);
        return oai__rest_nomem(c);
    }
    p->create_body = body;
    if (!cJSON_AddFalseToObject(body, "stream"))
        return oai__rest_nomem(c);
    rc = oai__rest_path(&p->create_path, c,
                        "/threads/%s/runs/%s/submit_tool_outputs", k->thread_id,
                        k->run_id);
    if (!rc)
        rc = keep(&p->thread_id, c, k->thread_id);
    return rc;
}

static int vs_file_poll(oai__poll_plan *p, oai_client *c,
                        const oai__poll_call *k)
{
    start(p, OAI__POLL_VS_FILE);
    return oai__rest_op_path(&p->poll_path, c, FILE_PATH, "vector_store_id",
                             k->vs_id, "file_id", k->file_id, NULL);
}

/* The creating POST of a vector-store file and its poll path. */
static int vs_file_request(oai__poll_plan *p, oai_client *c, const char *vs_id,
                           const char *file_id, const oai_json *params)
{
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

static int vs_file_create(oai__poll_plan *p, oai_client *c,
                          const oai__poll_call *k)
{
    start(p, OAI__POLL_VS_FILE);
    return vs_file_request(p, c, k->vs_id, k->file_id, k->params);
}

/* The checks every upload-and-poll call starts with. */
static int start_upload(oai__poll_plan *p, oai__poll_kind kind, oai_client *c,
                        const oai__poll_call *k)
{
    start(p, kind);
    p->upload = 1;
    int rc = oai__rest_check_id(c, "vector_store_id", k->vs_id);
    if (!rc)
        rc = oai__rest_check_object(c, "params", k->params, 1);
    return rc;
}

static int vs_file_upload(oai__poll_plan *p, oai_client *c,
                          const oai__poll_call *k)
{
    int rc = start_upload(p, OAI__POLL_VS_FILE, c, k);
    if (!rc && oai_json_get(k->params, "file_id"))
        rc = oai__rest_invalid(
            c, "`params` must not have a `file_id`: it is the uploaded file's");
    if (!rc && !k->files)
        rc = oai__rest_invalid(
            c, "Expected an upload source for `file` but received NULL");
    if (!rc && k->params &&
        !(p->file_params = cJSON_Duplicate(oai__cj(k->params), 1)))
        rc = oai__rest_nomem(c);
    if (!rc)
        rc = keep(&p->vs_id, c, k->vs_id);
    return rc;
}

static int batch_poll(oai__poll_plan *p, oai_client *c, const oai__poll_call *k)
{
    start(p, OAI__POLL_BATCH);
    return oai__rest_op_path(&p->poll_path, c, BATCH_PATH, "vector_store_id",
                             k->vs_id, "batch_id", k->batch_id, NULL);
}

/* The creating POST of a batch with `body` (taken). */
static int batch_request(oai__poll_plan *p, oai_client *c, const char *vs_id,
                         cJSON *body)
{
    p->create_body = body;
    int rc = oai__rest_path(&p->create_path, c,
                            "/vector_stores/%s/file_batches", vs_id);
    if (!rc)
        rc = keep(&p->vs_id, c, vs_id);
    return rc;
}

static int batch_create(oai__poll_plan *p, oai_client *c,
                        const oai__poll_call *k)
{
    start(p, OAI__POLL_BATCH);
    int rc = oai__rest_check_id(c, "vector_store_id", k->vs_id);
    if (!rc)
        rc = oai__rest_check_object(c, "params", k->params, 0);
    if (rc)
        return rc;
    cJSON *body = cJSON_Duplicate(oai__cj(k->params), 1);
    if (!body)
        return oai__rest_nomem(c);
    return batch_request(p, c, k->vs_id, body);
}

/* Append ids[0..n) to the array `ids`: 0 when out of memory. */
static int add_ids(cJSON *ids, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!cJSON_AddItemToArray(ids, cJSON_CreateString(v[i])))
            return 0;
    return 1;
}

/* {"file_ids": [given...], params...}; the uploaded ids are appended to
 * file_ids once known (oai__poll_plan_uploaded). */
static int batch_body(cJSON **out, oai_client *c, const oai__poll_call *k)
{
    cJSON *body = k->params ? cJSON_Duplicate(oai__cj(k->params), 1)
                            : cJSON_CreateObject();
    cJSON *ids = cJSON_CreateArray();
    if (!body || !ids || !add_ids(ids, k->file_ids, k->n_file_ids) ||
        !cJSON_AddItemToObject(body, "file_ids", ids)) {
        cJSON_Delete(ids);
        cJSON_Delete(body);
        return oai__rest_nomem(c);
    }
    /* an object's members are a list: file_ids goes first */
    cJSON_DetachItemViaPointer(body, ids);
    cJSON_InsertItemInArray(body, 0, ids);
    *out = body;
    return OAI_OK;
}

static int batch_upload(oai__poll_plan *p, oai_client *c,
                        const oai__poll_call *k)
{
    int rc = start_upload(p, OAI__POLL_BATCH, c, k);
    if (!rc && (oai_json_get(k->params, "file_ids") ||
                oai_json_get(k->params, "files")))
        rc = oai__rest_invalid(
            c, "pass file ids as `file_ids`/`files` arguments, not in "
               "`params`");
    if (!rc && k->n_files && !k->files)
        rc = oai__rest_invalid(c, "`files` is NULL but `n_files` is %zu",
                               k->n_files);
    if (!rc && k->n_file_ids && !k->file_ids)
        rc = oai__rest_invalid(c, "`file_ids` is NULL but `n_file_ids` is %zu",
                               k->n_file_ids);
    for (size_t i = 0; !rc && i < k->n_file_ids; i++) {
        const char *id = k->file_ids[i];
        if (!id || !*id)
            rc = oai__rest_invalid(c,
                                   "Expected a non-empty value for "
                                   "`file_ids[%zu]` but received '%s'",
                                   i, id ? id : "");
    }
    if (!rc && !k->n_files && !k->n_file_ids)
        rc = oai__rest_invalid(
            c, "no `files` and no `file_ids`: nothing to put in a batch");
    cJSON *body = NULL;
    if (!rc)
        rc = batch_body(&body, c, k);
    return rc ? rc : batch_request(p, c, k->vs_id, body);
}

static int responses_poll(oai__poll_plan *p, oai_client *c,
                          const oai__poll_call *k)
{
    start(p, OAI__POLL_RESPONSE);
    return oai__rest_op_path(&p->poll_path, c, RESPONSE_PATH, "response_id",
                             k->response_id, NULL);
}

/* POST /responses with a copy of `params` and "background": true (the
 * response must outlive the request to be polled). */
static int responses_create(oai__poll_plan *p, oai_client *c,
                            const oai__poll_call *k)
{
    start(p, OAI__POLL_RESPONSE);
    int rc = oai__rest_check_object(c, "params", k->params, 0);
    if (!rc && oai_json_bool(oai_json_get(k->params, "stream"), 0))
        rc = oai__rest_invalid(c, "`stream: true` is not supported here: the "
                                  "response is polled, not streamed");
    if (!rc && cJSON_IsFalse(oai__cj(oai_json_get(k->params, "background"))))
        rc =
            oai__rest_invalid(c, "`background: false` cannot be polled: "
                                 "create_and_poll makes a background response");
    if (rc)
        return rc;
    cJSON *body = cJSON_Duplicate(oai__cj(k->params), 1);
    p->create_body = body;
    if (body)
        cJSON_DeleteItemFromObjectCaseSensitive(body, "background");
    if (!body || !cJSON_AddTrueToObject(body, "background"))
        return oai__rest_nomem(c);
    return keep(&p->create_path, c, "/responses");
}

typedef int (*plan_builder)(oai__poll_plan *p, oai_client *c,
                            const oai__poll_call *k);

static const plan_builder builders[OAI__OP_COUNT] = {
    [OAI__OP_RUNS_POLL] = runs_poll,
    [OAI__OP_RUNS_CREATE] = runs_create,
    [OAI__OP_THREADS_CREATE_AND_RUN] = threads_create_and_run,
    [OAI__OP_SUBMIT_TOOL_OUTPUTS] = submit_tool_outputs,
    [OAI__OP_VS_FILE_POLL] = vs_file_poll,
    [OAI__OP_VS_FILE_CREATE] = vs_file_create,
    [OAI__OP_VS_FILE_UPLOAD] = vs_file_upload,
    [OAI__OP_BATCH_POLL] = batch_poll,
    [OAI__OP_BATCH_CREATE] = batch_create,
    [OAI__OP_BATCH_UPLOAD] = batch_upload,
    [OAI__OP_RESPONSES_POLL] = responses_poll,
    [OAI__OP_RESPONSES_CREATE] = responses_create,
};

int oai__poll_plan_build(oai__poll_plan *p, oai_client *c,
                         const oai__poll_call *k, const oai_poll_options *o,
                         int copy)
{
    memset(p, 0, sizeof *p);
    int rc = builders[k->op](p, c, k);
    if (!rc && p->upload)
        rc = oai__uploads_init(&p->uploads, c, k->files, k->n_files,
                               o->max_concurrency, copy);
    return rc;
}

int oai__poll_plan_uploaded(oai__poll_plan *p, oai_client *c,
                            oai__error_store *err, char *const *ids)
{
    int rc;
    if (p->kind == OAI__POLL_VS_FILE) {
        rc = vs_file_request(p, c, p->vs_id, ids[0], oai__view(p->file_params));
    } else {
        cJSON *list =
            cJSON_GetObjectItemCaseSensitive(p->create_body, "file_ids");
        rc = add_ids(list, (const char *const *)ids, p->uploads.n)
                 ? OAI_OK
                 : oai__rest_nomem(c);
    }
    if (rc)
        oai__error_copy(err, oai__client_error(c));
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
    } else if (p->kind == OAI__POLL_RESPONSE) {
        if (!id || !*id)
            return oai__error_set(err, OAI_EPROTOCOL,
                                  "the created response has no `id`");
        rc = oai__rest_path(&p->poll_path, c, RESPONSE_PATH, id);
    } else {
        if (!id || !*id)
            return oai__error_set(err, OAI_EPROTOCOL,
                                  "the created batch has no `id`");
        rc = oai__rest_path(&p->poll_path, c, BATCH_PATH, p->vs_id, id);
    }
    return rc ? oai__error_nomem(err) : OAI_OK;
}
