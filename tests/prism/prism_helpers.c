/* Helpers shared by the call tables (prism_calls.h). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "prism_calls.h"

const oai_json *prism_param(prism_ctx *x, const char *text)
{
    oai_json_free(x->param);
    x->param = NULL;
    if (oai_json_parse_cstr(&x->param, text) != OAI_OK) {
        fprintf(stderr, "bad JSON in a call table: %s\n", text);
        abort();
    }
    return x->param;
}

const oai_poll_options *prism_poll_options(void)
{
    static oai_poll_options o = OAI_POLL_OPTIONS_INIT;
    o.poll_interval_ms = 50;
    o.max_wait_ms = 400;
    return &o;
}

const oai_list_options *prism_list_options(void)
{
    static oai_list_options l = OAI_LIST_OPTIONS_INIT;
    l.limit = 2;
    l.order = "desc";
    l.after = "obj_after";
    l.before = "obj_before";
    return &l;
}

void prism_done(const oai_multi_msg *msg, void *user_data)
{
    (void)msg;
    ((prism_ctx *)user_data)->done = 1;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void run_multi(prism_ctx *x)
{
    long end = now_ms() + 20000;
    int running = 1;
    while ((running || !x->done) && now_ms() < end) {
        if (oai_multi_perform(x->m, &running) != OAI_OK)
            break;
        if (running || !x->done)
            oai_multi_wait(x->m, 50);
    }
    int left;
    while (oai_multi_info_read(x->m, &left))
        ;
}

void prism_settle(prism_ctx *x)
{
    x->done = 0;
    if (x->stream)
        oai_stream_until_done(x->stream);
    if (x->rstream)
        oai_response_stream_until_done(x->rstream);
    if (x->nb_stream && oai_multi_add_stream(x->m, x->nb_stream, prism_done, x) == OAI_OK)
        run_multi(x);
    if (x->poller && oai_multi_add_poller(x->m, x->poller, prism_done, x) == OAI_OK)
        run_multi(x);
    if (x->chat)
        oai_chat_stream_until_done(x->chat);
    if (x->nb_chat && oai_multi_add_chat_stream(x->m, x->nb_chat, prism_done, x) == OAI_OK)
        run_multi(x);
    if (x->request)
        run_multi(x);
    const oai_json *item;
    for (int i = 0; x->pager && i < 20 && oai_pager_next(&item, x->pager) == OAI_OK; i++)
        ;
    oai_stream_free(x->stream);
    oai_stream_free(x->nb_stream);
    oai_response_stream_free(x->rstream);
    oai_chat_stream_free(x->chat);
    oai_chat_stream_free(x->nb_chat);
    oai_poller_free(x->poller);
    oai_call_free(x->request);
    oai_response_free(x->response);
    oai_pager_free(x->pager);
    oai_json_free(x->out);
    oai_json_free(x->param);
    x->stream = NULL;
    x->nb_stream = NULL;
    x->rstream = NULL;
    x->chat = NULL;
    x->nb_chat = NULL;
    x->poller = NULL;
    x->request = NULL;
    x->response = NULL;
    x->pager = NULL;
    x->out = NULL;
    x->param = NULL;
}
