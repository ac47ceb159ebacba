/* /vector_stores/{vector_store_id}/files */
#include "oai/vector_store_files.h"

#include "core/error.h"
#include "core/json.h"
#include "resources/rest.h"

#define ALL "/vector_stores/%s/files"
#define ONE "/vector_stores/%s/files/%s"

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

/* The body of a create call: ids[1] is the file id. */
static int create_body(cJSON **out, oai_client *c, const char *const *ids,
                       const oai_json *params)
{
    return oai__vector_store_file_body(out, c, ids[1], params);
}

enum { CREATE, RETRIEVE, UPDATE, LIST, DELETE, CONTENT };

static const oai__endpoint ep[] = {
    /* the file id is checked like a path id and goes in the body */
    [CREATE] = {"POST", ALL, .ids = {"vector_store_id", "file_id"},
                .body = create_body},
    [RETRIEVE] = {"GET", ONE, .ids = {"vector_store_id", "file_id"}},
    [UPDATE] = {"POST", ONE, .ids = {"vector_store_id", "file_id"},
                .flags = OAI__REST_PARAMS},
    [LIST] = {"GET", ALL, .ids = {"vector_store_id"},
              .list = OAI__LIST_BEFORE | OAI__LIST_FILTER},
    [DELETE] = {"DELETE", ONE, .ids = {"vector_store_id", "file_id"}},
    [CONTENT] = {"GET", ONE "/content", .ids = {"vector_store_id", "file_id"}},
};

OAI__REST_ID2_BODY(oai_vector_store_files_create, CREATE, vector_store_id,
                   file_id, params)
OAI__REST_ID2(oai_vector_store_files_retrieve, RETRIEVE, vector_store_id,
              file_id)
OAI__REST_ID2_BODY(oai_vector_store_files_update, UPDATE, vector_store_id,
                   file_id, params)
OAI__REST_LIST_ID(oai_vector_store_files_list,
                  oai_vector_store_files_list_pager, LIST, vector_store_id)
OAI__REST_ID2(oai_vector_store_files_delete, DELETE, vector_store_id, file_id)
OAI__REST_ID2(oai_vector_store_files_content, CONTENT, vector_store_id, file_id)
