/* oai_chat_stream: creation, iteration and accessors on top of the shared
 * stream object (stream.c). */
#include "stream/cstream.h"

#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "stream/chat_acc.h"
#include "stream/typed.h"

static int check_options(const oai_chat_stream_options *o)
{
    if (!o)
        return OAI_OK;
    if (o->version != OAI_CHAT_STREAM_OPTIONS_VERSION ||
        o->stall_timeout_ms < 0)
        return OAI_EINVAL;
    if (o->handler && o->handler->version > OAI_CHAT_HANDLER_VERSION)
        return OAI_EINVAL;
    return OAI_OK;
}

static int accumulator_failed(oai_stream *s, int rc)
{
    return oai__typed_failed(s,
                             (const oai__error_store *)(const void *)
                                 oai_chat_accumulator_error(s->chat->acc),
                             rc);
}

static void free_side(void *side)
{
    struct oai__cstream *r = side;
    if (!r)
        return;
    oai_chat_accumulator_free(r->acc);
    oai__free(r);
}

static int event(oai_stream *s, const oai_sse_event *sev)
{
    struct oai__cstream *r = s->chat;
    const oai_chat_update *u = NULL;
    r->content_next = 0;
    int rc = oai_chat_accumulator_apply(r->acc, sev->name, sev->data,
                                        sev->data_len, &u);
    if (u && u->done)
        return 0;
    if (u) { /* also a chunk whose helper events failed part-way: the
                events before the failure are delivered first */
        s->update = u;
        int hrc = oai__cstream_dispatch(s, u, u->n_changes);
        if (hrc < 0)
            return hrc;
    }
    return rc ? accumulator_failed(s, rc) : 1;
}

/* A fresh accumulator: the first one, and one for each follow-up body. */
static int fresh_accumulator(struct oai__cstream *r)
{
    oai_chat_accumulator *acc = NULL;
    int rc = oai_chat_accumulator_new(&acc, &r->ao);
    if (rc)
        return rc;
    oai_chat_accumulator_free(r->acc);
    r->acc = acc;
    r->final = NULL;
    return OAI_OK;
}

static int next_body(oai_stream *s)
{
    return fresh_accumulator(s->chat) ? oai__error_nomem(&s->err) : OAI_OK;
}

static void warm(const oai_stream *s, oai__warm *w)
{
    const struct oai__cstream *cs = s->chat;
    oai__warm_add(w, cs, sizeof *cs); /* the hooks */
    oai__chat_acc_warm(cs->acc, w);
}

static const oai__stream_kind CHAT_STREAM = {event,     next_body, NULL, NULL,
                                             free_side, 1,         warm};

int oai__cstream_new(oai_stream **out, const oai_chat_stream_options *opts,
                     const oai__stream_source *src, void *ctx)
{
    oai__typed_settings t;
    int rc = oai__typed_begin(out, check_options(opts), &t);
    if (rc)
        return rc;
    struct oai__cstream *r = oai__calloc(1, sizeof *r);
    if (!r)
        return OAI_ENOMEM;
    r->ao = (oai_chat_accumulator_options)OAI_CHAT_ACCUMULATOR_OPTIONS_INIT;
    if (opts) {
        t.so.max_event_size = r->ao.max_event_size = opts->max_event_size;
        r->ao.max_snapshot_bytes = opts->max_snapshot_bytes;
        t.so.stall_timeout_ms = opts->stall_timeout_ms;
        if (opts->handler)
            r->h = *opts->handler;
    }
    OAI__TYPED_END_HOOKS(&t, &r->h);
    rc = fresh_accumulator(r);
    if (rc) {
        free_side(r);
        return rc;
    }
    return oai__typed_new(out, &t, &CHAT_STREAM, r, src, ctx);
}

int oai_chat_stream_new(oai_chat_stream **out,
                        const oai_chat_stream_options *opts)
{
    return oai__cstream_new((oai_stream **)(void *)out, opts, NULL, NULL);
}

int oai_chat_stream_next(const oai_chat_update **out, oai_chat_stream *cs)
{
    if (!out)
        return OAI_EINVAL;
    const void *u;
    int rc = oai__typed_next(&u, OAI__CS(cs));
    *out = u;
    return rc;
}

int oai_chat_stream_next_content(const char **out, size_t *len,
                                 long long *choice, oai_chat_stream *cs)
{
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (choice)
        *choice = -1;
    if (!out || !cs)
        return OAI_EINVAL;
    oai_stream *s = OAI__CS(cs);
    for (;;) {
        const oai_chat_update *u = s->update;
        while (u && s->chat->content_next < u->n_changes) {
            const oai_chat_change *c = &u->changes[s->chat->content_next++];
            if (c->kind == OAI_CHAT_CHANGE_CONTENT_DELTA && c->delta_len) {
                *out = c->delta;
                if (len)
                    *len = c->delta_len;
                if (choice)
                    *choice = c->choice;
                return OAI_OK;
            }
        }
        int rc = oai_chat_stream_next(&u, cs);
        if (rc)
            return rc;
    }
}

const oai_chat_update *oai_chat_stream_current_update(const oai_chat_stream *s)
{
    return s ? OAI__CS(s)->update : NULL;
}

const oai_json *oai_chat_stream_current_completion(const oai_chat_stream *s)
{
    return s ? oai_chat_accumulator_snapshot(OAI__CS(s)->chat->acc) : NULL;
}

const oai_json *oai_chat_stream_choice(const oai_chat_stream *s,
                                       long long index)
{
    return s ? oai_chat_accumulator_choice(OAI__CS(s)->chat->acc, index) : NULL;
}

const char *oai_chat_stream_finish_reason(const oai_chat_stream *s,
                                          long long index)
{
    return s ? oai_chat_accumulator_finish_reason(OAI__CS(s)->chat->acc, index)
             : NULL;
}

const oai_chat_accumulator *
oai_chat_stream_accumulator(const oai_chat_stream *s)
{
    return s ? OAI__CS(s)->chat->acc : NULL;
}

int oai_chat_stream_final_completion(const oai_json **out, oai_chat_stream *cs)
{
    if (out)
        *out = NULL;
    oai_stream *s = OAI__CS(cs);
    int rc = out ? oai__stream_drain(s) : OAI_EINVAL;
    if (rc)
        return rc;
    /* built once: a second build would free the first one handed out */
    if (!s->chat->final &&
        (rc = oai_chat_accumulator_final(s->chat->acc, &s->chat->final)))
        return accumulator_failed(s, rc);
    *out = s->chat->final;
    return OAI_OK;
}

OAI__TYPED_SHARED_CALLS(oai_chat_stream, oai_chat_stream_feed,
                        oai_chat_stream_feed_end, oai_chat_stream_until_done,
                        oai_chat_stream_abort, oai_chat_stream_error,
                        oai_chat_stream_free)
