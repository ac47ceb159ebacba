/* /vector_stores */
#include "oai/vector_stores.h"

#include "resources/rest.h"

#define ONE "/vector_stores/%s"

enum { CREATE, RETRIEVE, UPDATE, LIST, DELETE, SEARCH };

static const oai__endpoint ep[] = {
    [CREATE] = {"POST", "/vector_stores", .flags = OAI__REST_PARAMS_OPT},
    [RETRIEVE] = {"GET", ONE, .ids = {"vector_store_id"}},
    [UPDATE] = {"POST", ONE, .ids = {"vector_store_id"},
                .flags = OAI__REST_PARAMS},
    [LIST] = {"GET", "/vector_stores", .list = OAI__LIST_BEFORE},
    [DELETE] = {"DELETE", ONE, .ids = {"vector_store_id"}},
    [SEARCH] = {"POST", ONE "/search", .ids = {"vector_store_id"},
                .flags = OAI__REST_PARAMS},
};

int oai_vector_stores_create(oai_json **out, oai_client *c,
                             const oai_json *params,
                             const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[CREATE], params, NULL, opts);
}

int oai_vector_stores_retrieve(oai_json **out, oai_client *c,
                               const char *vector_store_id,
                               const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[RETRIEVE], NULL, NULL, opts,
                          vector_store_id);
}

int oai_vector_stores_update(oai_json **out, oai_client *c,
                             const char *vector_store_id,
                             const oai_json *params,
                             const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[UPDATE], params, NULL, opts,
                          vector_store_id);
}

int oai_vector_stores_list(oai_json **out, oai_client *c,
                           const oai_list_options *list,
                           const oai_request_options *opts)
{
    return oai__rest_page(out, NULL, c, &ep[LIST], list, NULL, opts);
}

int oai_vector_stores_list_pager(oai_pager **out, oai_client *c,
                                 const oai_list_options *list,
                                 const oai_request_options *opts)
{
    return oai__rest_page(NULL, out, c, &ep[LIST], list, NULL, opts);
}

int oai_vector_stores_delete(oai_json **out, oai_client *c,
                             const char *vector_store_id,
                             const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[DELETE], NULL, NULL, opts,
                          vector_store_id);
}

int oai_vector_stores_search(oai_json **out, oai_client *c,
                             const char *vector_store_id,
                             const oai_json *params,
                             const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[SEARCH], params, NULL, opts,
                          vector_store_id);
}
