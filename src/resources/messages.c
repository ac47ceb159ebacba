/* /threads/{thread_id}/messages */
#include "oai/messages.h"

#include "resources/rest.h"

#define LIST_FIELDS (OAI__LIST_BEFORE | OAI__LIST_RUN_ID)

int oai_messages_create(oai_json **out, oai_client *c, const char *thread_id,
                        const oai_json *params, const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", OAI__REST_PARAMS, NULL, params, opts,
                        "/threads/%s/messages", "thread_id", thread_id, NULL);
}

int oai_messages_retrieve(oai_json **out, oai_client *c, const char *thread_id,
                          const char *message_id,
                          const oai_request_options *opts)
{
    return oai__rest_op(out, c, "GET", 0, NULL, NULL, opts,
                        "/threads/%s/messages/%s", "thread_id", thread_id,
                        "message_id", message_id, NULL);
}

int oai_messages_update(oai_json **out, oai_client *c, const char *thread_id,
                        const char *message_id, const oai_json *params,
                        const oai_request_options *opts)
{
    return oai__rest_op(out, c, "POST", OAI__REST_PARAMS, NULL, params, opts,
                        "/threads/%s/messages/%s", "thread_id", thread_id,
                        "message_id", message_id, NULL);
}

int oai_messages_list(oai_json **out, oai_client *c, const char *thread_id,
                      const oai_list_options *list,
                      const oai_request_options *opts)
{
    return oai__list_op(out, c, 0, list, LIST_FIELDS, opts,
                        "/threads/%s/messages", "thread_id", thread_id, NULL);
}

int oai_messages_list_pager(oai_pager **out, oai_client *c,
                            const char *thread_id, const oai_list_options *list,
                            const oai_request_options *opts)
{
    return oai__pager_op(out, c, 0, list, LIST_FIELDS, opts,
                         "/threads/%s/messages", "thread_id", thread_id, NULL);
}

int oai_messages_delete(oai_json **out, oai_client *c, const char *thread_id,
                        const char *message_id, const oai_request_options *opts)
{
    return oai__rest_op(out, c, "DELETE", 0, NULL, NULL, opts,
                        "/threads/%s/messages/%s", "thread_id", thread_id,
                        "message_id", message_id, NULL);
}
