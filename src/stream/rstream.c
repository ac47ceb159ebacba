/* oai_response_stream: creation, iteration and accessors on top of the
 * shared stream object (stream.c). */
#include "stream/rstream.h"

#include <string.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/json.h"
#include "stream/merge.h"
#include "stream/resp_acc.h"
#include "stream/typed.h"

static int check_options(const oai_response_stream_options *o)
{
    if (!o)
        return OAI_OK;
    if (o->version < 1 || o->version > OAI_RESPONSE_STREAM_OPTIONS_VERSION ||
        o->stall_timeout_ms < 0)
        return OAI_EINVAL;
    if (o->handler && o->handler->version > OAI_RESPONSE_HANDLER_VERSION)
        return OAI_EINVAL;
    return OAI_OK;
}

static void free_side(void *side)
{
    struct oai__rstream *r = side;
    if (!r)
        return;
    oai_response_accumulator_free(r->acc);
    oai__json_delete(r->history);
    oai__free(r);
}

static int event(oai_stream *s, const oai_sse_event *sev)
{
    struct oai__rstream *r = s->resp;
    const oai_response_update *u = NULL;
    int rc = oai_response_accumulator_apply(r->acc, sev->name, sev->data,
                                            sev->data_len, &u);
    if (rc)
        return oai__typed_failed(s, &r->acc->err, rc);
    if (u->type == OAI_RESPONSE_EVENT_DONE_SENTINEL)
        return 0;
    if (r->acc->dropped)
        return 2;
    if (s->src && oai_response_accumulator_final(r->acc, NULL))
        s->end_seen_ms = oai__now_ms(); /* the body's end is due */
    r->resume_attempts = 0;
    s->update = u;
    rc = oai__rstream_dispatch(s, u);
    return rc < 0 ? rc : 1;
}

/* A fresh accumulator: the first one, and one for each follow-up body. */
static int fresh_accumulator(struct oai__rstream *r)
{
    oai_response_accumulator *acc = NULL;
    int rc = oai_response_accumulator_new(&acc, &r->ao);
    if (rc)
        return rc;
    oai_response_accumulator_free(r->acc);
    r->acc = acc;
    return OAI_OK;
}

static int next_body(oai_stream *s)
{
    struct oai__rstream *r = s->resp;
    if (fresh_accumulator(r))
        return oai__error_nomem(&s->err);
    r->resume_attempts = 0;
    r->body_start_ms = oai__now_ms();
    return OAI_OK;
}

static void warm(const oai_stream *s, oai__warm *w)
{
    const struct oai__rstream *r = s->resp;
    oai__warm_add(w, r, sizeof *r); /* the hooks */
    oai__resp_acc_warm(r->acc, w);
}

static const oai__stream_kind RESPONSE_STREAM = {
    event, next_body, oai__rstream_resumable, oai__rstream_resume, free_side,
    0,     warm};

int oai__rstream_new(oai_stream **out, const oai_response_stream_options *opts,
                     const oai__stream_source *src, void *ctx)
{
    oai__typed_settings t;
    int rc = oai__typed_begin(out, check_options(opts), &t);
    if (rc)
        return rc;
    struct oai__rstream *r = oai__calloc(1, sizeof *r);
    if (!r)
        return OAI_ENOMEM;
    r->ao =
        (oai_response_accumulator_options)OAI_RESPONSE_ACCUMULATOR_OPTIONS_INIT;
    if (opts) {
        t.so.max_event_size = r->ao.max_event_size = opts->max_event_size;
        t.so.max_snapshot_bytes = r->ao.max_snapshot_bytes =
            opts->max_snapshot_bytes;
        t.so.stall_timeout_ms = opts->stall_timeout_ms;
        if (opts->handler)
            r->h = *opts->handler;
    }
    OAI__TYPED_END_HOOKS(&t, &r->h);
    if (oai__rstream_resume_options(r, opts))
        rc = OAI_EINVAL;
    else
        rc = fresh_accumulator(r);
    if (rc) {
        free_side(r);
        return rc;
    }
    return oai__typed_new(out, &t, &RESPONSE_STREAM, r, src, ctx);
}

int oai_response_stream_new(oai_response_stream **out,
                            const oai_response_stream_options *opts)
{
    return oai__rstream_new((oai_stream **)(void *)out, opts, NULL, NULL);
}

int oai_response_stream_next(const oai_response_update **out,
                             oai_response_stream *rs)
{
    if (!out)
        return OAI_EINVAL;
    const void *u;
    int rc = oai__typed_next(&u, OAI__RS(rs));
    *out = u;
    return rc;
}

int oai_response_stream_next_text(const char **out, size_t *len,
                                  oai_response_stream *rs)
{
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!out || !rs)
        return OAI_EINVAL;
    for (;;) {
        const oai_response_update *u;
        int rc = oai_response_stream_next(&u, rs);
        if (rc)
            return rc;
        if (u->type != OAI_RESPONSE_EVENT_OUTPUT_TEXT_DELTA)
            continue;
        const cJSON *d = oai__get(oai__cj(u->event), "delta");
        if (cJSON_IsString(d) && d->valuestring[0]) {
            *out = d->valuestring;
            if (len)
                *len = oai__json_str_len(d);
            return OAI_OK;
        }
    }
}

const oai_response_update *
oai_response_stream_current_event(const oai_response_stream *s)
{
    return s ? OAI__RS(s)->update : NULL;
}

const oai_json *
oai_response_stream_current_response(const oai_response_stream *s)
{
    return s ? oai_response_accumulator_snapshot(OAI__RS(s)->resp->acc) : NULL;
}

const oai_json *oai_response_stream_current_item(const oai_response_stream *s)
{
    const oai_response_update *u = oai_response_stream_current_event(s);
    if (!u)
        return NULL;
    if (u->n_changes && u->changes[0].item)
        return u->changes[0].item;
    const cJSON *oi = oai__get(oai__cj(u->event), "output_index");
    return cJSON_IsNumber(oi)
               ? oai_response_stream_item(s, (long long)oi->valuedouble)
               : NULL;
}

const oai_json *oai_response_stream_item(const oai_response_stream *s,
                                         long long output_index)
{
    return s ? oai_response_accumulator_item(OAI__RS(s)->resp->acc,
                                             output_index)
             : NULL;
}

int oai_response_stream_final_response(const oai_json **out,
                                       oai_response_end *end,
                                       oai_response_stream *rs)
{
    if (out)
        *out = NULL;
    if (end)
        *end = OAI_RESPONSE_END_NONE;
    oai_stream *s = OAI__RS(rs);
    int rc = out ? oai__stream_drain(s) : OAI_EINVAL;
    if (rc)
        return rc;
    *out = oai_response_accumulator_final(s->resp->acc, end);
    if (!*out)
        return oai__error_set(&s->err, OAI_ENOTREADY,
                              "the stream ended without response.completed, "
                              "response.incomplete or response.failed");
    return OAI_OK;
}

int oai_response_stream_output_text(const char **text, size_t *len,
                                    oai_response_stream *s)
{
    if (!s)
        return OAI_EINVAL;
    return oai_response_accumulator_output_text(OAI__RS(s)->resp->acc, text,
                                                len);
}

long long oai_response_stream_last_sequence_number(const oai_response_stream *s)
{
    return s ? oai_response_accumulator_last_sequence_number(
                   OAI__RS(s)->resp->acc)
             : -1;
}

const char *oai_response_stream_response_id(const oai_response_stream *s)
{
    return s ? oai_response_accumulator_response_id(OAI__RS(s)->resp->acc)
             : NULL;
}

OAI__TYPED_SHARED_CALLS(oai_response_stream, oai_response_stream_feed,
                        oai_response_stream_feed_end,
                        oai_response_stream_until_done,
                        oai_response_stream_abort, oai_response_stream_error,
                        oai_response_stream_free)
