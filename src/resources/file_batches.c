/* /vector_stores/{vector_store_id}/file_batches */
#include "oai/file_batches.h"

#include "resources/rest.h"

#define LIST_FIELDS (OAI__LIST_BEFORE | OAI__LIST_FILTER)

int oai_file_batches_create(oai_json **out, oai_client *c,
                            const char *vector_store_id, const oai_json *params,
                            const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", OAI__REST_PARAMS, NULL, params, opts,
                        "/vector_stores/%s/file_batches", "vector_store_id",
                        vector_store_id, NULL);
}

int oai_file_batches_retrieve(oai_json **out, oai_client *c,
                              const char *vector_store_id, const char *batch_id,
                              const oai_request_options *opts)
{
    return oai__rest_op(out, c, "GET", 0, NULL, NULL, opts,
                        "/vector_stores/%s/file_batches/%s", "vector_store_id",
                        vector_store_id, "batch_id", batch_id, NULL);
}

int oai_file_batches_cancel(oai_json **out, oai_client *c,
                            const char *vector_store_id, const char *batch_id,
                            const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", 0, NULL, NULL, opts,
                        "/vector_stores/%s/file_batches/%s/cancel",
                        "vector_store_id", vector_store_id, "batch_id",
                        batch_id, NULL);
}

int oai_file_batches_list_files(oai_json **out, oai_client *c,
                                const char *vector_store_id,
                                const char *batch_id,
                                const oai_list_options *list,
                                const oai_request_options *opts)
{
    return oai__list_op(out, c, 0, list, LIST_FIELDS, opts,
                        "/vector_stores/%s/file_batches/%s/files",
                        "vector_store_id", vector_store_id, "batch_id",
                        batch_id, NULL);
}

int oai_file_batches_list_files_pager(oai_pager **out, oai_client *c,
                                      const char *vector_store_id,
                                      const char *batch_id,
                                      const oai_list_options *list,
                                      const oai_request_options *opts)
{
    return oai__pager_op(out, c, 0, list, LIST_FIELDS, opts,
                         "/vector_stores/%s/file_batches/%s/files",
                         "vector_store_id", vector_store_id, "batch_id",
                         batch_id, NULL);
}
