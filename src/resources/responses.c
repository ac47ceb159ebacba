/* /responses (non-streaming): create, retrieve, delete, cancel, input items */
#include "oai/responses.h"

#include "core/error.h"
#include "core/json.h"
#include "http/request.h"
#include "resources/rest.h"

#define RESPONSE_PATH "/responses/%s"

int oai_responses_create(oai_json **out, oai_client *c, const oai_json *params,
                         const oai_request_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return OAI_EINVAL;
    int rc = oai__rest_check_object(c, "params", params, 0);
    if (!rc && oai_json_bool(oai_json_get(params, "stream"), 0))
        rc = oai__rest_invalid(c, "`stream: true` is not supported here; use "
                                  "the streaming functions of "
                                  "oai/response_stream.h");
    if (!rc)
        rc = oai__rest_op(out, c, "POST", OAI__REST_PARAMS, NULL, params, opts,
                          "/responses", NULL);
    return rc;
}

int oai_responses_retrieve(oai_json **out, oai_client *c,
                           const char *response_id, const char *const *include,
                           const oai_request_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return OAI_EINVAL;
    oai__strbuf q = {0};
    int rc = oai__query_add_include(&q, include) ? oai__rest_nomem(c) : OAI_OK;
    if (!rc)
        rc = oai__rest_op(out, c, "GET", 0, q.p, NULL, opts, RESPONSE_PATH,
                          "response_id", response_id, NULL);
    oai__strbuf_free(&q);
    return rc;
}

int oai_responses_delete(oai_json **out, oai_client *c, const char *response_id,
                         const oai_request_options *opts)
{
    return oai__rest_op(out, c, "DELETE", 0, NULL, NULL, opts, RESPONSE_PATH,
                        "response_id", response_id, NULL);
}

int oai_responses_cancel(oai_json **out, oai_client *c, const char *response_id,
                         const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", 0, NULL, NULL, opts,
                        "/responses/%s/cancel", "response_id", response_id,
                        NULL);
}

int oai_responses_input_items_list(oai_json **out, oai_client *c,
                                   const char *response_id,
                                   const oai_list_options *list,
                                   const oai_request_options *opts)
{
    return oai__list_op(out, c, 0, list, OAI__LIST_INCLUDE, opts,
                        "/responses/%s/input_items", "response_id", response_id,
                        NULL);
}

int oai_responses_input_items_list_pager(oai_pager **out, oai_client *c,
                                         const char *response_id,
                                         const oai_list_options *list,
                                         const oai_request_options *opts)
{
    return oai__pager_op(out, c, 0, list, OAI__LIST_INCLUDE, opts,
                         "/responses/%s/input_items", "response_id",
                         response_id, NULL);
}
