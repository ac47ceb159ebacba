/* /assistants */
#include "oai/assistants.h"

#include "resources/rest.h"

enum { CREATE, RETRIEVE, UPDATE, LIST, DELETE };

static const oai__endpoint ep[] = {
    [CREATE] = {"POST", "/assistants", .flags = OAI__REST_PARAMS},
    [RETRIEVE] = {"GET", "/assistants/%s", .ids = {"assistant_id"}},
    [UPDATE] = {"POST", "/assistants/%s", .ids = {"assistant_id"},
                .flags = OAI__REST_PARAMS},
    [LIST] = {"GET", "/assistants", .list = OAI__LIST_BEFORE},
    [DELETE] = {"DELETE", "/assistants/%s", .ids = {"assistant_id"}},
};

int oai_assistants_create(oai_json **out, oai_client *c, const oai_json *params,
                          const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[CREATE], params, NULL, opts);
}

int oai_assistants_retrieve(oai_json **out, oai_client *c,
                            const char *assistant_id,
                            const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[RETRIEVE], NULL, NULL, opts,
                          assistant_id);
}

int oai_assistants_update(oai_json **out, oai_client *c,
                          const char *assistant_id, const oai_json *params,
                          const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[UPDATE], params, NULL, opts,
                          assistant_id);
}

int oai_assistants_list(oai_json **out, oai_client *c,
                        const oai_list_options *list,
                        const oai_request_options *opts)
{
    return oai__rest_page(out, NULL, c, &ep[LIST], list, NULL, opts);
}

int oai_assistants_list_pager(oai_pager **out, oai_client *c,
                              const oai_list_options *list,
                              const oai_request_options *opts)
{
    return oai__rest_page(NULL, out, c, &ep[LIST], list, NULL, opts);
}

int oai_assistants_delete(oai_json **out, oai_client *c,
                          const char *assistant_id,
                          const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[DELETE], NULL, NULL, opts, assistant_id);
}
