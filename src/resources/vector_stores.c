/* /vector_stores */
#include "oai/vector_stores.h"

#include "resources/rest.h"

int oai_vector_stores_create(oai_json **out, oai_client *c,
                             const oai_json *params,
                             const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", OAI__REST_PARAMS_OPT, NULL, params,
                        opts, "/vector_stores", NULL);
}

int oai_vector_stores_retrieve(oai_json **out, oai_client *c,
                               const char *vector_store_id,
                               const oai_request_options *opts)
{
    return oai__rest_op(out, c, "GET", 0, NULL, NULL, opts, "/vector_stores/%s",
                        "vector_store_id", vector_store_id, NULL);
}

int oai_vector_stores_update(oai_json **out, oai_client *c,
                             const char *vector_store_id,
                             const oai_json *params,
                             const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", OAI__REST_PARAMS, NULL, params, opts,
                        "/vector_stores/%s", "vector_store_id", vector_store_id,
                        NULL);
}

int oai_vector_stores_list(oai_json **out, oai_client *c,
                           const oai_list_options *list,
                           const oai_request_options *opts)
{
    return oai__list_op(out, c, 0, list, OAI__LIST_BEFORE, opts,
                        "/vector_stores", NULL);
}

int oai_vector_stores_list_pager(oai_pager **out, oai_client *c,
                                 const oai_list_options *list,
                                 const oai_request_options *opts)
{
    return oai__pager_op(out, c, 0, list, OAI__LIST_BEFORE, opts,
                         "/vector_stores", NULL);
}

int oai_vector_stores_delete(oai_json **out, oai_client *c,
                             const char *vector_store_id,
                             const oai_request_options *opts)
{
    return oai__rest_op(out, c, "DELETE", 0, NULL, NULL, opts,
                        "/vector_stores/%s", "vector_store_id", vector_store_id,
                        NULL);
}

int oai_vector_stores_search(oai_json **out, oai_client *c,
                             const char *vector_store_id,
                             const oai_json *params,
                             const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", OAI__REST_PARAMS, NULL, params, opts,
                        "/vector_stores/%s/search", "vector_store_id",
                        vector_store_id, NULL);
}
