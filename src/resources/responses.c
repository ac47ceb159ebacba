/* /responses (non-streaming): create, retrieve, delete, cancel, input items */
#include "oai/responses.h"

#include "resources/rest.h"

#define ONE "/responses/%s"

enum { CREATE, RETRIEVE, DELETE, CANCEL, INPUT_ITEMS };

static const oai__endpoint ep[] = {
    [CREATE] = {"POST", "/responses", .flags = OAI__REST_PARAMS,
                .no_stream = "`stream: true` is not supported here: this "
                             "call returns the response as JSON"},
    [RETRIEVE] = {"GET", ONE, .ids = {"response_id"}},
    [DELETE] = {"DELETE", ONE, .ids = {"response_id"}},
    [CANCEL] = {"POST", ONE "/cancel", .ids = {"response_id"}},
    [INPUT_ITEMS] = {"GET", ONE "/input_items", .ids = {"response_id"}},
};

int oai_responses_create(oai_json **out, oai_client *c, const oai_json *params,
                         const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[CREATE], params, NULL, opts);
}

int oai_responses_retrieve(oai_json **out, oai_client *c,
                           const char *response_id, const char *const *include,
                           const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[RETRIEVE], NULL, include, opts,
                          response_id);
}

int oai_responses_delete(oai_json **out, oai_client *c, const char *response_id,
                         const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[DELETE], NULL, NULL, opts, response_id);
}

int oai_responses_cancel(oai_json **out, oai_client *c, const char *response_id,
                         const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[CANCEL], NULL, NULL, opts, response_id);
}

int oai_responses_input_items_list(oai_json **out, oai_client *c,
                                   const char *response_id,
                                   const oai_list_options *list,
                                   const char *const *include,
                                   const oai_request_options *opts)
{
    return oai__rest_page(out, NULL, c, &ep[INPUT_ITEMS], list, include, opts,
                          response_id);
}

int oai_responses_input_items_list_pager(oai_pager **out, oai_client *c,
                                         const char *response_id,
                                         const oai_list_options *list,
                                         const char *const *include,
                                         const oai_request_options *opts)
{
    return oai__rest_page(NULL, out, c, &ep[INPUT_ITEMS], list, include, opts,
                          response_id);
}
