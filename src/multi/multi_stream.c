/* Streams on a multi: after each tick the multi pulls every complete event
 * of a ready stream with oai_stream_next() (so its hooks run inside
 * perform / socket_action, exactly as in blocking iteration), and the
 * stall timeout and the end grace are among the multi's timers. */
#include "core/alloc.h"
#include "multi/multi_int.h"
#include "oai/stream.h"
#include "stream/source.h"

typedef struct stream_entry {
    oai__mentry e; /* first */
    oai_stream *s;
} stream_entry;

static void finish(stream_entry *se, int rc)
{
    oai__multi_complete(&se->e, rc == OAI_ITEROVER ? OAI_OK : rc);
}

static void stream_step(oai__mentry *e, int64_t now)
{
    stream_entry *se = (stream_entry *)e;
    oai_stream *s = se->s;
    int rc;
    if (oai__stream_ended(s, &rc)) {
        finish(se, rc);
        return;
    }
    const oai_event *ev;
    while ((rc = oai_stream_next(&ev, s)) == OAI_OK)
        ;
    if (rc == OAI_EAGAIN) {
        if (oai__stream_check_stall(s, now) && oai__stream_ended(s, &rc))
            finish(se, rc);
        else
            oai__stream_warm(s, &e->n.warm);
        return;
    }
    finish(se, rc);
}

static int64_t stream_deadline(const oai__mentry *e)
{
    return oai__stream_wake_at(((const stream_entry *)e)->s);
}

static const oai__mentry_vt stream_vt = {stream_step, stream_deadline};

static void release(stream_entry *se)
{
    oai__multi_detach(&se->e);
    oai__stream_set_notify(se->s, NULL);
    oai__stream_set_free_hook(se->s, NULL, NULL);
    oai__free(se);
}

/* oai_stream_free() of an added stream: leave the multi first. */
static void on_stream_free(void *ud)
{
    release(ud);
}

static int add(oai_multi *m, oai_stream *s, oai_multi_kind kind, void *obj,
               oai_multi_done_fn done, void *user_data)
{
    if (!m || !s || oai__stream_free_hook_data(s))
        return OAI_EINVAL;
    stream_entry *se = oai__calloc(1, sizeof *se);
    if (!se)
        return OAI_ENOMEM;
    se->s = s;
    oai__stream_set_free_hook(s, on_stream_free, se);
    oai__stream_set_notify(s, &se->e.n);
    oai__multi_attach(m, &se->e, &stream_vt, kind, obj, done, user_data);
    return OAI_OK;
}

int oai_multi_add_stream(oai_multi *m, oai_stream *s, oai_multi_done_fn done,
                         void *user_data)
{
    return add(m, s, OAI_MULTI_STREAM, s, done, user_data);
}

/* A response or chat stream is an oai_stream (stream/rstream.h,
 * stream/cstream.h): its add and remove calls are the plain stream's, with
 * the kind and pointer a done callback reports. */
#define TYPED_STREAM(T, kind, add_name, remove_name)                           \
    int add_name(oai_multi *m, T *s, oai_multi_done_fn done, void *user_data)  \
    {                                                                          \
        return add(m, (oai_stream *)(void *)s, kind, s, done, user_data);      \
    }                                                                          \
    int remove_name(oai_multi *m, T *s)                                        \
    {                                                                          \
        return oai_multi_remove_stream(m, (oai_stream *)(void *)s);            \
    }

TYPED_STREAM(oai_response_stream, OAI_MULTI_RESPONSE_STREAM,
             oai_multi_add_response_stream, oai_multi_remove_response_stream)
TYPED_STREAM(oai_chat_stream, OAI_MULTI_CHAT_STREAM, oai_multi_add_chat_stream,
             oai_multi_remove_chat_stream)

int oai_multi_remove_stream(oai_multi *m, oai_stream *s)
{
    if (!m || !s)
        return OAI_EINVAL;
    stream_entry *se = oai__stream_free_hook_data(s);
    if (!se || se->e.m != m)
        return OAI_EINVAL;
    int finished = se->e.finished;
    release(se);
    if (!finished)
        oai_stream_abort(s); /* on_end (once) if iteration had started */
    return OAI_OK;
}
