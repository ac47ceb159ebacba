/* Vector-store file and file-batch pollers (semantics §6.2, §6.3). */
#include "oai/poll.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "http/request.h"
#include "oai/file_batches.h"
#include "oai/vector_store_files.h"
#include "poll/poll_loop.h"
#include "poll/poll_plan.h"
#include "poll/uploads.h"
#include "resources/rest.h"

/* Run a plan whose builder returned `rc`. The file/batch polls send only
 * the helper headers, not the caller's request options (§6 step 1): the
 * plans say so. */
static int run_plan(oai_json **out, oai__poll_ctx *x, oai__poll_plan *p, int rc)
{
    if (!rc)
        rc = oai__poll_plan_run(out, x, p);
    oai__poll_plan_clear(p);
    return rc;
}

static int create_file_and_poll(oai_json **out, oai__poll_ctx *x,
                                const char *vs_id, const char *file_id,
                                const oai_json *params)
{
    oai__poll_plan p;
    return run_plan(out, x, &p,
                    oai__plan_vs_file_create(&p, x->c, vs_id, file_id, params));
}

int oai_vector_store_files_poll(oai_json **out, oai_client *c,
                                const char *vector_store_id,
                                const char *file_id,
                                const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai__poll_ctx x;
    oai__poll_plan p;
    int rc = oai__poll_begin(&x, c, opts);
    if (rc)
        return rc;
    return run_plan(out, &x, &p,
                    oai__plan_vs_file_poll(&p, c, vector_store_id, file_id));
}

int oai_vector_store_files_create_and_poll(oai_json **out, oai_client *c,
                                           const char *vector_store_id,
                                           const char *file_id,
                                           const oai_json *params,
                                           const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai__poll_ctx x;
    int rc = oai__poll_begin(&x, c, opts);
    return rc ? rc
              : create_file_and_poll(out, &x, vector_store_id, file_id, params);
}

int oai_vector_store_files_upload_and_poll(oai_json **out, oai_client *c,
                                           const char *vector_store_id,
                                           const oai_upload *file,
                                           const oai_json *params,
                                           const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai__poll_ctx x;
    int rc = oai__poll_begin(&x, c, opts);
    if (!rc)
        rc = oai__rest_check_id(c, "vector_store_id", vector_store_id);
    if (!rc)
        rc = oai__rest_check_object(c, "params", params, 1);
    if (!rc && oai_json_get(params, "file_id"))
        rc = oai__rest_invalid(
            c, "`params` must not have a `file_id`: it is the uploaded file's");
    if (!rc && !file)
        rc = oai__rest_invalid(
            c, "Expected an upload source for `file` but received NULL");
    if (!rc)
        rc = oai__poll_check_cancel(&x);
    char *id = NULL;
    if (!rc)
        rc = oai__upload_many(&id, &x, file, 1, 1);
    if (!rc)
        rc = create_file_and_poll(out, &x, vector_store_id, id, params);
    oai__free(id);
    return rc;
}

int oai_file_batches_poll(oai_json **out, oai_client *c,
                          const char *vector_store_id, const char *batch_id,
                          const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai__poll_ctx x;
    oai__poll_plan p;
    int rc = oai__poll_begin(&x, c, opts);
    if (rc)
        return rc;
    return run_plan(out, &x, &p,
                    oai__plan_batch_poll(&p, c, vector_store_id, batch_id));
}

static int create_batch_and_poll(oai_json **out, oai__poll_ctx *x,
                                 const char *vs_id, const oai_json *params)
{
    oai__poll_plan p;
    return run_plan(out, x, &p,
                    oai__plan_batch_create(&p, x->c, vs_id, params));
}

int oai_file_batches_create_and_poll(oai_json **out, oai_client *c,
                                     const char *vector_store_id,
                                     const oai_json *params,
                                     const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai__poll_ctx x;
    int rc = oai__poll_begin(&x, c, opts);
    return rc ? rc : create_batch_and_poll(out, &x, vector_store_id, params);
}

/* {"file_ids": [given..., uploaded...], params...} */
static int batch_body(cJSON **out, oai_client *c, const char *const *given,
                      size_t n_given, char *const *uploaded, size_t n_uploaded,
                      const oai_json *params)
{
    cJSON *body = cJSON_CreateObject();
    cJSON *ids = cJSON_CreateArray();
    int ok = body && ids && cJSON_AddItemToObject(body, "file_ids", ids);
    if (!ok)
        cJSON_Delete(ids);
    for (size_t i = 0; ok && i < n_given; i++)
        ok = cJSON_AddItemToArray(ids, cJSON_CreateString(given[i]));
    for (size_t i = 0; ok && i < n_uploaded; i++)
        ok = cJSON_AddItemToArray(ids, cJSON_CreateString(uploaded[i]));
    for (const cJSON *m = params ? oai__cj(params)->child : NULL; ok && m;
         m = m->next) {
        cJSON *copy = cJSON_Duplicate(m, 1);
        ok = copy && cJSON_AddItemToObject(body, m->string, copy);
        if (!ok)
            cJSON_Delete(copy);
    }
    if (!ok) {
        cJSON_Delete(body);
        return oai__rest_nomem(c);
    }
    *out = body;
    return OAI_OK;
}

int oai_file_batches_upload_and_poll(oai_json **out, oai_client *c,
                                     const char *vector_store_id,
                                     const oai_upload *files, size_t n_files,
                                     const char *const *file_ids,
                                     size_t n_file_ids, const oai_json *params,
                                     const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai__poll_ctx x;
    int rc = oai__poll_begin(&x, c, opts);
    if (!rc)
        rc = oai__rest_check_id(c, "vector_store_id", vector_store_id);
    if (!rc)
        rc = oai__rest_check_object(c, "params", params, 1);
    if (!rc &&
        (oai_json_get(params, "file_ids") || oai_json_get(params, "files")))
        rc = oai__rest_invalid(
            c, "pass file ids as `file_ids`/`files` arguments, not in "
               "`params`");
    if (!rc && n_files && !files)
        rc = oai__rest_invalid(c, "`files` is NULL but `n_files` is %zu",
                               n_files);
    if (!rc && n_file_ids && !file_ids)
        rc = oai__rest_invalid(c, "`file_ids` is NULL but `n_file_ids` is %zu",
                               n_file_ids);
    for (size_t i = 0; !rc && i < n_file_ids; i++) {
        if (!file_ids[i] || !*file_ids[i])
            rc = oai__rest_invalid(
                c,
                "Expected a non-empty value for `file_ids[%zu]` but "
                "received '%s'",
                i, file_ids[i] ? file_ids[i] : "");
    }
    if (!rc && !n_files && !n_file_ids)
        rc = oai__rest_invalid(
            c, "no `files` and no `file_ids`: nothing to put in a batch");
    if (!rc)
        rc = oai__poll_check_cancel(&x);
    if (rc)
        return rc;

    char **ids = n_files ? oai__calloc(n_files, sizeof *ids) : NULL;
    if (n_files && !ids)
        return oai__rest_nomem(c);
    rc = oai__upload_many(ids, &x, files, n_files, x.o.max_concurrency);
    cJSON *body = NULL;
    if (!rc)
        rc = batch_body(&body, c, file_ids, n_file_ids, ids, n_files, params);
    if (!rc)
        rc = create_batch_and_poll(out, &x, vector_store_id, oai__view(body));
    cJSON_Delete(body);
    for (size_t i = 0; i < n_files; i++)
        oai__free(ids[i]);
    oai__free(ids);
    return rc;
}
