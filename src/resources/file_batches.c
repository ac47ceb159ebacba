/* /vector_stores/{vector_store_id}/file_batches */
#include "oai/file_batches.h"

#include "resources/rest.h"

#define ONE "/vector_stores/%s/file_batches/%s"

enum { CREATE, RETRIEVE, CANCEL, LIST_FILES };

static const oai__endpoint ep[] = {
    [CREATE] = {"POST", "/vector_stores/%s/file_batches",
                .ids = {"vector_store_id"}, .flags = OAI__REST_PARAMS},
    [RETRIEVE] = {"GET", ONE, .ids = {"vector_store_id", "batch_id"}},
    [CANCEL] = {"POST", ONE "/cancel", .ids = {"vector_store_id", "batch_id"}},
    [LIST_FILES] = {"GET", ONE "/files", .ids = {"vector_store_id", "batch_id"},
                    .list = OAI__LIST_BEFORE | OAI__LIST_FILTER},
};

int oai_file_batches_create(oai_json **out, oai_client *c,
                            const char *vector_store_id, const oai_json *params,
                            const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[CREATE], params, NULL, opts,
                          vector_store_id);
}

int oai_file_batches_retrieve(oai_json **out, oai_client *c,
                              const char *vector_store_id, const char *batch_id,
                              const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[RETRIEVE], NULL, NULL, opts,
                          vector_store_id, batch_id);
}

int oai_file_batches_cancel(oai_json **out, oai_client *c,
                            const char *vector_store_id, const char *batch_id,
                            const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[CANCEL], NULL, NULL, opts,
                          vector_store_id, batch_id);
}

int oai_file_batches_list_files(oai_json **out, oai_client *c,
                                const char *vector_store_id,
                                const char *batch_id,
                                const oai_list_options *list,
                                const oai_request_options *opts)
{
    return oai__rest_page(out, NULL, c, &ep[LIST_FILES], list, NULL, opts,
                          vector_store_id, batch_id);
}

int oai_file_batches_list_files_pager(oai_pager **out, oai_client *c,
                                      const char *vector_store_id,
                                      const char *batch_id,
                                      const oai_list_options *list,
                                      const oai_request_options *opts)
{
    return oai__rest_page(NULL, out, c, &ep[LIST_FILES], list, NULL, opts,
                          vector_store_id, batch_id);
}
