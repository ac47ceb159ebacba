/* The chat trace through a chat stream (chat_stream_trace.h). */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "chat_stream_trace.h"

#include <stdlib.h>
#include <string.h>

#include "chat_trace.h"
#include "oai.h"

int chat_stream_trace_detect(const char *buf, size_t len)
{
    oai_sse_parser *p = NULL;
    if (oai_sse_parser_new(&p, NULL) != OAI_OK)
        return 0;
    int chat = 0;
    const oai_sse_event *ev;
    if (oai_sse_parser_feed(p, buf, len) == OAI_OK &&
        oai_sse_parser_finish(p) == OAI_OK &&
        oai_sse_parser_next(&ev, p) == OAI_OK) {
        oai_json *j = NULL;
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

/* The printer is attached once the stream (and its accumulator) exist. */
typedef struct holder {
    chat_trace *t;
} holder;

static int on_chunk(const oai_json *chunk, const oai_json *snapshot,
                    const oai_chat_update *u, void *ud)
{
    (void)chunk;
    (void)snapshot;
    chat_trace_update(((holder *)ud)->t, u);
    return 0;
}

/* Print every chunk the stream has ready; the iteration's result. */
static int drain(oai_chat_stream *s)
{
    const oai_chat_update *u;
    int rc;
    while ((rc = oai_chat_stream_next(&u, s)) == OAI_OK)
        ;
    return rc;
}

static void print_end(chat_trace *t, oai_chat_stream *s, int rc)
{
    const oai_json *final = NULL;
    if (rc == OAI_ITEROVER &&
        oai_chat_stream_final_completion(&final, s) == OAI_OK)
        chat_trace_end(t, final, NULL);
    else
        chat_trace_end(t, NULL, oai_chat_stream_error(s));
}

int chat_stream_trace(FILE *out, const char *buf, size_t len,
                      const size_t *cuts, size_t n)
{
    holder hd = {NULL};
    oai_chat_handler h = OAI_CHAT_HANDLER_INIT;
    h.on_chunk = on_chunk;
    h.user_data = &hd;
    oai_chat_stream_options o = OAI_CHAT_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_chat_stream *s = NULL;
    if (oai_chat_stream_new(&s, &o) != OAI_OK)
        return -1;
    hd.t = chat_trace_attach(out, oai_chat_stream_accumulator(s));
    if (!hd.t) {
        oai_chat_stream_free(s);
        return -1;
    }
    int rc = OAI_EAGAIN;
    size_t off = 0;
    for (size_t i = 0; rc == OAI_EAGAIN && i <= n; i++) {
        size_t end = i < n && cuts[i] < len ? cuts[i] : len;
        if (end <= off)
            continue;
        if (oai_chat_stream_feed(s, buf + off, end - off) != OAI_OK)
            break;
        off = end;
        rc = drain(s);
    }
    if (rc == OAI_EAGAIN) {
        oai_chat_stream_feed_end(s);
        rc = drain(s);
    }
    print_end(hd.t, s, rc);
    int failed = chat_trace_failed(hd.t);
    chat_trace_free(hd.t);
    oai_chat_stream_free(s);
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
