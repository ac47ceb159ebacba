/* The chat trace through a chat stream (chat_stream_trace.h). */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "chat_stream_trace.h"

#include <stdlib.h>
#include <string.h>

#include "chat_trace.h"
#include "oai.h"

int chat_stream_trace_detect(const char *buf, size_t len, int complete)
{
    oai_sse_parser *p = NULL;
    if (oai_sse_parser_new(&p, NULL) != OAI_OK)
        return 0;
    int chat = complete ? 0 : -1;
    const oai_sse_event *ev;
    if (oai_sse_parser_feed(p, buf, len) == OAI_OK &&
        (!complete || oai_sse_parser_feed_end(p) == OAI_OK) &&
        oai_sse_parser_next(&ev, p) == OAI_OK) {
        oai_json *j = NULL;
        chat = 0;
        if (oai_json_parse(&j, ev->data, ev->data_len) == OAI_OK &&
            oai_json_is_object(j)) {
            const char *object = oai_json_string(oai_json_get(j, "object"));
            chat = (object && strncmp(object, "chat.completion", 15) == 0) ||
                   (!ev->name && !oai_json_get(j, "type"));
        }
        oai_json_free(j);
    }
    oai_sse_parser_free(p);
    return chat;
}

struct chat_stream_tracer {
    oai_chat_stream *s;
    chat_trace *t;
    int ended;
};

static int on_chunk(const oai_json *chunk, const oai_json *snapshot,
                    const oai_chat_update *u, void *ud)
{
    (void)chunk;
    (void)snapshot;
    chat_trace_update(((chat_stream_tracer *)ud)->t, u);
    return 0;
}

chat_stream_tracer *chat_stream_tracer_new(FILE *out)
{
    chat_stream_tracer *tr = calloc(1, sizeof *tr);
    if (!tr)
        return NULL;
    oai_chat_handler h = OAI_CHAT_HANDLER_INIT;
    h.on_chunk = on_chunk;
    h.user_data = tr;
    oai_chat_stream_options o = OAI_CHAT_STREAM_OPTIONS_INIT;
    o.handler = &h;
    if (oai_chat_stream_new(&tr->s, &o) != OAI_OK ||
        !(tr->t = chat_trace_attach(out, oai_chat_stream_accumulator(tr->s)))) {
        chat_stream_tracer_free(tr);
        return NULL;
    }
    return tr;
}

/* Print every chunk the stream has ready, then its end once it ended. */
static void drain(chat_stream_tracer *tr)
{
    const oai_chat_update *u;
    int rc;
    while ((rc = oai_chat_stream_next(&u, tr->s)) == OAI_OK)
        ;
    if (rc == OAI_EAGAIN || tr->ended)
        return;
    tr->ended = 1;
    const oai_json *final = NULL;
    if (rc == OAI_ITEROVER &&
        oai_chat_stream_final_completion(&final, tr->s) == OAI_OK)
        chat_trace_end(tr->t, final, NULL);
    else
        chat_trace_end(tr->t, NULL, oai_chat_stream_error(tr->s));
}

int chat_stream_tracer_feed(chat_stream_tracer *tr, const void *buf, size_t len)
{
    if (!tr->ended && oai_chat_stream_feed(tr->s, buf, len) != OAI_OK)
        chat_stream_tracer_finish(tr);
    else
        drain(tr);
    return tr->ended;
}

void chat_stream_tracer_finish(chat_stream_tracer *tr)
{
    oai_chat_stream_feed_end(tr->s);
    drain(tr);
}

int chat_stream_tracer_failed(const chat_stream_tracer *tr)
{
    return chat_trace_failed(tr->t);
}

void chat_stream_tracer_free(chat_stream_tracer *tr)
{
    if (!tr)
        return;
    chat_trace_free(tr->t);
    oai_chat_stream_free(tr->s);
    free(tr);
}

int chat_stream_trace(FILE *out, const char *buf, size_t len,
                      const size_t *cuts, size_t n)
{
    chat_stream_tracer *tr = chat_stream_tracer_new(out);
    if (!tr)
        return -1;
    size_t off = 0;
    for (size_t i = 0; i <= n; i++) {
        size_t end = i < n && cuts[i] < len ? cuts[i] : len;
        if (end <= off)
            continue;
        if (chat_stream_tracer_feed(tr, buf + off, end - off))
            break;
        off = end;
    }
    chat_stream_tracer_finish(tr);
    int failed = chat_stream_tracer_failed(tr);
    chat_stream_tracer_free(tr);
    return failed ? -1 : 0;
}

char *chat_stream_trace_string(const char *buf, size_t len, const size_t *cuts,
                               size_t n)
{
    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    if (!f)
        return NULL;
    int rc = chat_stream_trace(f, buf, len, cuts, n);
    fclose(f);
    if (rc) {
        free(out);
        return NULL;
    }
    return out;
}
