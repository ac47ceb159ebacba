/* oai_response_stream: creation, iteration and accessors on top of the
 * shared stream object (stream.c). */
#include "stream/rstream.h"

#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "stream/merge.h"
#include "stream/resp_acc.h"

static int check_options(const oai_response_stream_options *o)
{
    if (!o)
        return OAI_OK;
    if (o->version != OAI_RESPONSE_STREAM_OPTIONS_VERSION ||
        o->stall_timeout_ms < 0)
        return OAI_EINVAL;
    if (o->handler && o->handler->version > OAI_RESPONSE_HANDLER_VERSION)
        return OAI_EINVAL;
    return OAI_OK;
}

int oai__rstream_new(oai_stream **out, const oai_response_stream_options *opts,
                     const oai__stream_source *src, void *ctx)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    if (check_options(opts))
        return OAI_EINVAL;
    oai_stream_options so = OAI_STREAM_OPTIONS_INIT;
    oai_response_accumulator_options ao = OAI_RESPONSE_ACCUMULATOR_OPTIONS_INIT;
    if (opts) {
        so.max_event_size = ao.max_event_size = opts->max_event_size;
        so.max_snapshot_bytes = ao.max_snapshot_bytes =
            opts->max_snapshot_bytes;
        so.stall_timeout_ms = opts->stall_timeout_ms;
    }
    oai_response_accumulator *acc = NULL;
    int rc = oai_response_accumulator_new(&acc, &ao);
    struct oai__rstream *r = rc == OAI_OK ? oai__calloc(1, sizeof *r) : NULL;
    if (!r) {
        oai_response_accumulator_free(acc);
        return rc ? rc : OAI_ENOMEM;
    }
    r->acc = acc;
    r->ao = ao;
    if (opts && opts->handler)
        r->h = *opts->handler;
    oai_stream *s = NULL;
    rc = oai__stream_create_responses(&s, &so, src, ctx, r);
    if (rc) {
        oai__rstream_free(r);
        return rc;
    }
    /* the end of the stream is the shared object's: its end hooks */
    s->h.user_data = r->h.user_data;
    s->h.on_end = r->h.on_end;
    s->h.on_timeout = r->h.on_timeout;
    s->h.on_exception = r->h.on_exception;
    *out = s;
    return OAI_OK;
}

void oai__rstream_free(struct oai__rstream *r)
{
    if (!r)
        return;
    oai_response_accumulator_free(r->acc);
    oai__json_delete(r->request);
    oai__json_delete(r->history);
    oai__free(r);
}

int oai__rstream_set_request(oai_stream *s, const cJSON *body)
{
    cJSON *copy = cJSON_Duplicate(body, 1);
    if (!copy)
        return OAI_ENOMEM;
    oai__json_delete(s->resp->request);
    s->resp->request = copy;
    return OAI_OK;
}

int oai__rstream_event(oai_stream *s, const oai_sse_event *sev)
{
    struct oai__rstream *r = s->resp;
    const oai_response_update *u = NULL;
    r->u = NULL;
    int rc = oai_response_accumulator_apply(r->acc, sev->name, sev->data,
                                            sev->data_len, &u);
    if (rc) {
        oai__error_copy(&s->err, &r->acc->err);
        if (rc == OAI_ESTREAM && s->request_id[0])
            oai__error_set_request_id(&s->err, s->request_id,
                                      strlen(s->request_id));
        return rc;
    }
    if (u->type == OAI_RESPONSE_EVENT_DONE_SENTINEL)
        return 0;
    r->u = u;
    rc = oai__rstream_dispatch(s, u);
    return rc < 0 ? rc : 1;
}

int oai__rstream_next_body(oai_stream *s)
{
    struct oai__rstream *r = s->resp;
    oai_response_accumulator *acc = NULL;
    int rc = oai_response_accumulator_new(&acc, &r->ao);
    if (rc)
        return oai__error_set(&s->err, rc, "out of memory");
    oai_response_accumulator_free(r->acc);
    r->acc = acc;
    r->u = NULL;
    return OAI_OK;
}

int oai_response_stream_new(oai_response_stream **out,
                            const oai_response_stream_options *opts)
{
    return oai__rstream_new((oai_stream **)(void *)out, opts, NULL, NULL);
}

int oai_response_stream_feed(oai_response_stream *s, const void *buf,
                             size_t len)
{
    return oai_stream_feed(OAI__RS(s), buf, len);
}

int oai_response_stream_feed_end(oai_response_stream *s)
{
    return oai_stream_feed_end(OAI__RS(s));
}

int oai_response_stream_next(const oai_response_update **out,
                             oai_response_stream *rs)
{
    if (out)
        *out = NULL;
    const oai_event *ev;
    if (!out)
        return OAI_EINVAL;
    int rc = oai_stream_next(&ev, OAI__RS(rs));
    if (rc == OAI_OK)
        *out = OAI__RS(rs)->resp->u;
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

int oai_response_stream_until_done(oai_response_stream *s)
{
    return oai_stream_until_done(OAI__RS(s));
}

const oai_response_update *
oai_response_stream_current_event(const oai_response_stream *s)
{
    return s ? OAI__RS(s)->resp->u : NULL;
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
    if (!out || !s)
        return OAI_EINVAL;
    if (s->in_hook)
        return oai__error_set(&s->err, OAI_EINVAL,
                              "a final accessor must not be called from "
                              "inside a hook");
    int rc = oai_stream_until_done(s);
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

void oai_response_stream_abort(oai_response_stream *s)
{
    oai_stream_abort(OAI__RS(s));
}

const oai_error *oai_response_stream_error(const oai_response_stream *s)
{
    return oai_stream_error(OAI__RS(s));
}

void oai_response_stream_free(oai_response_stream *s)
{
    oai_stream_free(OAI__RS(s));
}
