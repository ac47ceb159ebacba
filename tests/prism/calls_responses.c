/* Responses and Conversations (oai/responses.h, oai/conversations.h). */
#include "prism_calls.h"

#include "oai/conversations.h"
#include "oai/responses.h"

static const char *const RESPONSE_PARAMS =
    "{\"model\":\"gpt-4o\",\"input\":\"Say hello.\",\"background\":true,"
    "\"metadata\":{\"k\":\"v\"}}";
static const char *const item_include[] = {"message.output_text.logprobs",
                                           NULL};

static const oai_list_options *items_list_options(void)
{
    static oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 10;
    lo.order = "asc";
    lo.after = "msg_abc";
    lo.include = item_include;
    return &lo;
}

static void responses_create(prism_ctx *x)
{
    oai_responses_create(&x->out, x->c, prism_param(x, RESPONSE_PARAMS), NULL);
}

static void responses_create_conversation(prism_ctx *x)
{
    oai_responses_create(&x->out, x->c,
                         prism_param(x, "{\"model\":\"gpt-4o\",\"input\":"
                                        "\"hi\",\"conversation\":\"" PRISM_CONV
                                        "\"}"),
                         NULL);
}

static void responses_retrieve(prism_ctx *x)
{
    oai_responses_retrieve(&x->out, x->c, PRISM_RESP, item_include, NULL);
}

static void responses_delete(prism_ctx *x)
{
    oai_responses_delete(&x->out, x->c, PRISM_RESP, NULL);
}

static void responses_cancel(prism_ctx *x)
{
    oai_responses_cancel(&x->out, x->c, PRISM_RESP, NULL);
}

static void responses_input_items_list(prism_ctx *x)
{
    oai_responses_input_items_list(&x->out, x->c, PRISM_RESP,
                                   items_list_options(), NULL);
}

static void responses_input_items_list_pager(prism_ctx *x)
{
    oai_responses_input_items_list_pager(&x->pager, x->c, PRISM_RESP,
                                         items_list_options(), NULL);
}

static void conversations_create(prism_ctx *x)
{
    oai_conversations_create(
        &x->out, x->c,
        prism_param(x, "{\"items\":[{\"type\":\"message\",\"role\":\"user\","
                       "\"content\":\"Hello!\"}],\"metadata\":{\"topic\":"
                       "\"demo\"}}"),
        NULL);
}

static void conversations_retrieve(prism_ctx *x)
{
    oai_conversations_retrieve(&x->out, x->c, PRISM_CONV, NULL);
}

static void conversations_update(prism_ctx *x)
{
    oai_conversations_update(
        &x->out, x->c, PRISM_CONV,
        prism_param(x, "{\"metadata\":{\"topic\":\"project-x\"}}"), NULL);
}

static void conversations_delete(prism_ctx *x)
{
    oai_conversations_delete(&x->out, x->c, PRISM_CONV, NULL);
}

static void conversation_items_create(prism_ctx *x)
{
    oai_conversation_items_create(
        &x->out, x->c, PRISM_CONV,
        prism_param(x, "[{\"type\":\"message\",\"role\":\"user\","
                       "\"content\":\"Hello!\"}]"),
        item_include, NULL);
}

static void conversation_items_list(prism_ctx *x)
{
    oai_conversation_items_list(&x->out, x->c, PRISM_CONV, items_list_options(),
                                NULL);
}

static void conversation_items_list_pager(prism_ctx *x)
{
    oai_conversation_items_list_pager(&x->pager, x->c, PRISM_CONV,
                                      items_list_options(), NULL);
}

static void conversation_items_retrieve(prism_ctx *x)
{
    oai_conversation_items_retrieve(&x->out, x->c, PRISM_CONV, "msg_abc",
                                    item_include, NULL);
}

static void conversation_items_delete(prism_ctx *x)
{
    oai_conversation_items_delete(&x->out, x->c, PRISM_CONV, "msg_abc", NULL);
}

static void responses_poll(prism_ctx *x)
{
    oai_responses_poll(&x->out, x->c, PRISM_RESP, prism_poll_options());
}

static void responses_create_and_poll(prism_ctx *x)
{
    oai_responses_create_and_poll(
        &x->out, x->c, prism_param(x, RESPONSE_PARAMS), prism_poll_options());
}

static void poller_responses_poll(prism_ctx *x)
{
    oai_poller_responses_poll(&x->poller, x->nb, PRISM_RESP,
                              prism_poll_options());
}

static void poller_responses_create_and_poll(prism_ctx *x)
{
    oai_poller_responses_create_and_poll(&x->poller, x->nb,
                                         prism_param(x, RESPONSE_PARAMS),
                                         prism_poll_options());
}

const prism_call prism_calls_responses[] = {
    {"oai_responses_create", responses_create},
    {"oai_responses_create (conversation)", responses_create_conversation},
    {"oai_responses_retrieve", responses_retrieve},
    {"oai_responses_delete", responses_delete},
    {"oai_responses_cancel", responses_cancel},
    {"oai_responses_input_items_list", responses_input_items_list},
    {"oai_responses_input_items_list_pager", responses_input_items_list_pager},
    {"oai_conversations_create", conversations_create},
    {"oai_conversations_retrieve", conversations_retrieve},
    {"oai_conversations_update", conversations_update},
    {"oai_conversations_delete", conversations_delete},
    {"oai_conversation_items_create", conversation_items_create},
    {"oai_conversation_items_list", conversation_items_list},
    {"oai_conversation_items_list_pager", conversation_items_list_pager},
    {"oai_conversation_items_retrieve", conversation_items_retrieve},
    {"oai_conversation_items_delete", conversation_items_delete},
    {"oai_responses_poll", responses_poll},
    {"oai_responses_create_and_poll", responses_create_and_poll},
    {"oai_poller_responses_poll", poller_responses_poll},
    {"oai_poller_responses_create_and_poll", poller_responses_create_and_poll},
    {NULL, NULL},
};
