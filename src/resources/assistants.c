/* /assistants */
#include "oai/assistants.h"

#include "resources/rest.h"

int oai_assistants_create(oai_json **out, oai_client *c, const oai_json *params,
                          const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", OAI__REST_PARAMS, NULL, params, opts,
                        "/assistants", NULL);
}

int oai_assistants_retrieve(oai_json **out, oai_client *c,
                            const char *assistant_id,
                            const oai_request_options *opts)
{
    return oai__rest_op(out, c, "GET", 0, NULL, NULL, opts, "/assistants/%s",
                        "assistant_id", assistant_id, NULL);
}

int oai_assistants_update(oai_json **out, oai_client *c,
                          const char *assistant_id, const oai_json *params,
                          const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", OAI__REST_PARAMS, NULL, params, opts,
                        "/assistants/%s", "assistant_id", assistant_id, NULL);
}

int oai_assistants_list(oai_json **out, oai_client *c,
                        const oai_list_options *list,
                        const oai_request_options *opts)
{
    return oai__list_op(out, c, 0, list, OAI__LIST_BEFORE, opts, "/assistants",
                        NULL);
}

int oai_assistants_list_pager(oai_pager **out, oai_client *c,
                              const oai_list_options *list,
                              const oai_request_options *opts)
{
    return oai__pager_op(out, c, 0, list, OAI__LIST_BEFORE, opts, "/assistants",
                         NULL);
}

int oai_assistants_delete(oai_json **out, oai_client *c,
                          const char *assistant_id,
                          const oai_request_options *opts)
{
    return oai__rest_op(out, c, "DELETE", 0, NULL, NULL, opts, "/assistants/%s",
                        "assistant_id", assistant_id, NULL);
}
