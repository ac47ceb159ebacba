/* /vector_stores/{vector_store_id}/files */
#include "oai/vector_store_files.h"

#include "core/error.h"
#include "core/json.h"
#include "http/request.h"
#include "resources/rest.h"

#define LIST_FIELDS (OAI__LIST_BEFORE | OAI__LIST_FILTER)

int oai__vector_store_file_body(cJSON **out, oai_client *c, const char *file_id,
                                const oai_json *params)
{
    *out = NULL;
    int rc = oai__rest_check_object(c, "params", params, 1);
    if (rc)
        return rc;
    if (oai_json_get(params, "file_id"))
        return oai__rest_invalid(
            c, "pass the file id as the `file_id` argument, not in `params`");
    /* file_id first, then the caller's members in their order */
    cJSON *body = cJSON_CreateObject();
    int ok = body && cJSON_AddStringToObject(body, "file_id", file_id);
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

int oai_vector_store_files_create(oai_json **out, oai_client *c,
                                  const char *vector_store_id,
                                  const char *file_id, const oai_json *params,
                                  const oai_request_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return OAI_EINVAL;
    int rc = oai__rest_check_id(c, "vector_store_id", vector_store_id);
    if (!rc)
        rc = oai__rest_check_id(c, "file_id", file_id);
    cJSON *body = NULL;
    if (!rc)
        rc = oai__vector_store_file_body(&body, c, file_id, params);
    if (!rc)
        rc = oai__rest_op(out, c, "POST", 0, NULL, oai__view(body), opts,
                          "/vector_stores/%s/files", "vector_store_id",
                          vector_store_id, NULL);
    cJSON_Delete(body);
    return rc;
}

int oai_vector_store_files_retrieve(oai_json **out, oai_client *c,
                                    const char *vector_store_id,
                                    const char *file_id,
                                    const oai_request_options *opts)
{
    return oai__rest_op(out, c, "GET", 0, NULL, NULL, opts,
                        "/vector_stores/%s/files/%s", "vector_store_id",
                        vector_store_id, "file_id", file_id, NULL);
}

int oai_vector_store_files_update(oai_json **out, oai_client *c,
                                  const char *vector_store_id,
                                  const char *file_id, const oai_json *params,
                                  const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", OAI__REST_PARAMS, NULL, params, opts,
                        "/vector_stores/%s/files/%s", "vector_store_id",
                        vector_store_id, "file_id", file_id, NULL);
}

int oai_vector_store_files_list(oai_json **out, oai_client *c,
                                const char *vector_store_id,
                                const oai_list_options *list,
                                const oai_request_options *opts)
{
    return oai__list_op(out, c, 0, list, LIST_FIELDS, opts,
                        "/vector_stores/%s/files", "vector_store_id",
                        vector_store_id, NULL);
}

int oai_vector_store_files_list_pager(oai_pager **out, oai_client *c,
                                      const char *vector_store_id,
                                      const oai_list_options *list,
                                      const oai_request_options *opts)
{
    return oai__pager_op(out, c, 0, list, LIST_FIELDS, opts,
                         "/vector_stores/%s/files", "vector_store_id",
                         vector_store_id, NULL);
}

int oai_vector_store_files_delete(oai_json **out, oai_client *c,
                                  const char *vector_store_id,
                                  const char *file_id,
                                  const oai_request_options *opts)
{
    return oai__rest_op(out, c, "DELETE", 0, NULL, NULL, opts,
                        "/vector_stores/%s/files/%s", "vector_store_id",
                        vector_store_id, "file_id", file_id, NULL);
}

int oai_vector_store_files_content(oai_json **out, oai_client *c,
                                   const char *vector_store_id,
                                   const char *file_id,
                                   const oai_request_options *opts)
{
    return oai__rest_op(out, c, "GET", 0, NULL, NULL, opts,
                        "/vector_stores/%s/files/%s/content", "vector_store_id",
                        vector_store_id, "file_id", file_id, NULL);
}
