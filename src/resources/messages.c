/* /threads/{thread_id}/messages */
#include "oai/messages.h"

#include "resources/rest.h"

#define ALL "/threads/%s/messages"
#define ONE "/threads/%s/messages/%s"

enum { CREATE, RETRIEVE, UPDATE, LIST, DELETE };

static const oai__endpoint ep[] = {
    [CREATE] = {"POST", ALL, .ids = {"thread_id"}, .flags = OAI__REST_PARAMS},
    [RETRIEVE] = {"GET", ONE, .ids = {"thread_id", "message_id"}},
    [UPDATE] = {"POST", ONE, .ids = {"thread_id", "message_id"},
                .flags = OAI__REST_PARAMS},
    [LIST] = {"GET", ALL, .ids = {"thread_id"},
              .list = OAI__LIST_BEFORE | OAI__LIST_RUN_ID},
    [DELETE] = {"DELETE", ONE, .ids = {"thread_id", "message_id"}},
};

int oai_messages_create(oai_json **out, oai_client *c, const char *thread_id,
                        const oai_json *params, const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[CREATE], params, NULL, opts, thread_id);
}

int oai_messages_retrieve(oai_json **out, oai_client *c, const char *thread_id,
                          const char *message_id,
                          const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[RETRIEVE], NULL, NULL, opts, thread_id,
                          message_id);
}

int oai_messages_update(oai_json **out, oai_client *c, const char *thread_id,
                        const char *message_id, const oai_json *params,
                        const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[UPDATE], params, NULL, opts, thread_id,
                          message_id);
}

int oai_messages_list(oai_json **out, oai_client *c, const char *thread_id,
                      const oai_list_options *list,
                      const oai_request_options *opts)
{
    return oai__rest_page(out, NULL, c, &ep[LIST], list, NULL, opts, thread_id);
}

int oai_messages_list_pager(oai_pager **out, oai_client *c,
                            const char *thread_id, const oai_list_options *list,
                            const oai_request_options *opts)
{
    return oai__rest_page(NULL, out, c, &ep[LIST], list, NULL, opts, thread_id);
}

int oai_messages_delete(oai_json **out, oai_client *c, const char *thread_id,
                        const char *message_id, const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[DELETE], NULL, NULL, opts, thread_id,
                          message_id);
}
