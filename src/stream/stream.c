/* oai_stream: life cycle, iteration and accessors. Bytes come from a source
 * (source.h) or, for detached streams, from oai_stream_feed(); events are
 * decoded by the SSE parser, interpreted (interpret.c) and dispatched to
 * the hooks (dispatch.c) one at a time, on demand. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/json.h"
#include "stream/merge.h"
#include "stream/sse_adopt.h"
#include "stream/stream_int.h"

static int check_options(const oai_stream_options *o)
{
    if (!o)
        return OAI_OK;
    if (o->version < 1 || o->version > OAI_STREAM_OPTIONS_VERSION)
        return OAI_EINVAL;
    if (o->version >= 2 && o->stall_timeout_ms < 0)
        return OAI_EINVAL;
    if (o->handler && o->handler->version > OAI_ASSISTANT_HANDLER_VERSION)
        return OAI_EINVAL;
    return OAI_OK;
}

static int create(oai_stream **out, const oai_stream_options *opts,
                  const oai__stream_source *src, void *ctx,
                  const oai__stream_kind *kind, void *side)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    if (check_options(opts))
        return OAI_EINVAL;
    oai_sse_options so = OAI_SSE_OPTIONS_INIT;
    oai_accumulator_options ao = OAI_ACCUMULATOR_OPTIONS_INIT;
    if (opts) {
        so.max_line_size = so.max_event_size = opts->max_event_size;
        ao.max_snapshot_bytes = opts->max_snapshot_bytes;
        ao.max_snapshots = opts->max_snapshots;
    }
    /* the parts initialise the library before anything is allocated */
    oai_sse_parser *sse = NULL;
    oai_accumulator *acc = NULL;
    int rc = oai_sse_parser_new(&sse, &so);
    if (rc == OAI_OK && !kind) /* a typed stream has its own */
        rc = oai_accumulator_new(&acc, &ao);
    oai_stream *s = rc == OAI_OK ? oai__calloc(1, sizeof *s) : NULL;
    if (!s) {
        oai_sse_parser_free(sse);
        oai_accumulator_free(acc);
        return rc ? rc : OAI_ENOMEM;
    }
    s->sse = sse;
    s->acc = acc;
    s->kind = kind;
    s->side = side;
    if (opts && opts->handler)
        s->h = *opts->handler;
    oai__error_clear(&s->err);
    s->src = src;
    s->src_ctx = ctx;
    s->cur_step = -1;
    if (opts && opts->version >= 2)
        s->stall_ms = opts->stall_timeout_ms;
    s->last_event_ms = oai__now_ms();
    *out = s;
    return OAI_OK;
}

int oai_stream_new(oai_stream **out, const oai_stream_options *opts)
{
    return create(out, opts, NULL, NULL, NULL, NULL);
}

int oai__stream_new_source(oai_stream **out, const oai_stream_options *opts,
                           const oai__stream_source *src, void *ctx)
{
    if (!src || !src->pump)
        return OAI_EINVAL;
    return create(out, opts, src, ctx, NULL, NULL);
}

int oai__stream_create_typed(oai_stream **out, const oai_stream_options *opts,
                             const oai__stream_source *src, void *ctx,
                             const oai__stream_kind *kind, void *side)
{
    if (src && !src->pump)
        return OAI_EINVAL;
    return create(out, opts, src, ctx, kind, side);
}

/* How long a body may stay open, silent, after the event that completes
 * it. A response is complete at its terminal event, and its body ends
 * there or after an event or two more. Over HTTP/2, libcurl 7.88
 * leaves a stream whose last frame did not fit the transfer's receive
 * buffer unfinished until more bytes arrive on the connection, which may
 * be never: its body would not end until a timeout or the server closing
 * the connection. */
#define OAI__END_GRACE_MS 1000

/* The current body completed and then stayed silent for the grace, with
 * nothing of a further event read: it is taken as ended. */
static int body_overdue(const oai_stream *s)
{
    return s->end_seen_ms &&
           oai__now_ms() - s->end_seen_ms >= OAI__END_GRACE_MS &&
           oai__sse_parser_between_events(s->sse);
}

static int finish_body(oai_stream *s)
{
    if (s->kind && s->kind->terminate_last_event) {
        int rc = oai_sse_parser_feed(s->sse, "\n\n", 2);
        if (rc)
            return rc;
    }
    return oai_sse_parser_feed_end(s->sse);
}

int oai__stream_deliver(oai_stream *s, const void *buf, size_t len)
{
    return oai_sse_parser_feed(s->sse, buf, len);
}

int oai__stream_deliver_buf(oai_stream *s, oai__strbuf *b)
{
    return oai__sse_parser_adopt(s->sse, b);
}

void oai__stream_set_request_id(oai_stream *s, const char *id, size_t len)
{
    oai__strlcpy_utf8(s->request_id, sizeof s->request_id, id ? id : "",
                      id ? len : 0);
}

int oai_stream_feed(oai_stream *s, const void *buf, size_t len)
{
    if (!s || s->src || s->fed_end)
        return OAI_EINVAL;
    return oai_sse_parser_feed(s->sse, buf, len);
}

int oai_stream_feed_end(oai_stream *s)
{
    if (!s || s->src)
        return OAI_EINVAL;
    s->fed_end = 1;
    return finish_body(s);
}

static void close_source(oai_stream *s)
{
    if (s->src && s->src->close)
        s->src->close(s->src_ctx);
}

static void call_end(oai_stream *s)
{
    if (s->h.on_end) {
        s->in_hook = 1;
        s->h.on_end(s->h.user_data);
        s->in_hook = 0;
    }
}

static int end_ok(oai_stream *s)
{
    s->state = OAI__ST_ENDED;
    s->result = OAI_ITEROVER;
    close_source(s);
    call_end(s);
    return OAI_ITEROVER;
}

static int end_error(oai_stream *s, int rc)
{
    s->state = OAI__ST_ENDED;
    s->result = rc;
    close_source(s);
    if (rc != OAI_ECANCELLED && s->h.on_exception) {
        s->in_hook = 1;
        s->h.on_exception(&s->err.pub, s->h.user_data);
        s->in_hook = 0;
    }
    call_end(s);
    return rc;
}

static int source_failed(oai_stream *s, int rc)
{
    if (s->err.pub.code != rc)
        oai__error_set(&s->err, rc, "%s", oai_strerror(rc));
    if (s->src && s->src->established && !s->src->established(s->src_ctx)) {
        /* the response never started (non-blocking creation): as for a
         * blocking creating call, no hook runs */
        s->state = OAI__ST_ENDED;
        s->result = rc;
        close_source(s);
        return rc;
    }
    if (rc == OAI_ETIMEOUT && s->h.on_timeout) {
        s->in_hook = 1;
        s->h.on_timeout(s->h.user_data);
        s->in_hook = 0;
    }
    return end_error(s, rc);
}

static int resumable(const oai_stream *s)
{
    return s->kind && s->kind->resumable && s->kind->resumable(s);
}

static void clear_event(oai_stream *s)
{
    memset(&s->ev, 0, sizeof s->ev);
    s->text_next = NULL;
}

static int in_hook(oai_stream *s, const char *what)
{
    return oai__error_set(&s->err, OAI_EINVAL,
                          "%s must not be called from inside a hook", what);
}

int oai_stream_next(const oai_event **out, oai_stream *s)
{
    if (out)
        *out = NULL;
    if (!out || !s)
        return OAI_EINVAL;
    if (s->in_hook)
        return in_hook(s, "oai_stream_next");
    if (s->state == OAI__ST_ENDED)
        return s->result;
    s->state = OAI__ST_RUNNING;
    clear_event(s);
    for (;;) {
        const oai_sse_event *sev = NULL;
        int rc =
            s->body_done ? OAI_ITEROVER : oai_sse_parser_next(&sev, s->sse);
        if (rc == OAI_OK) {
            s->update = NULL;
            rc = s->kind ? s->kind->event(s, sev)
                         : oai__stream_interpret(s, sev);
            if (rc == 0) {
                s->body_done = 1; /* [DONE]: nothing after it is read */
                continue;
            }
            if (rc == 2) /* a repeat of a resumed stream: dropped */
                continue;
            if (rc < 0 || (s->acc && (rc = oai__stream_dispatch(s)) < 0))
                return end_error(s, rc);
            if (s->stall_ms) /* a clock read per event only when it counts */
                s->last_event_ms = oai__now_ms();
            *out = &s->ev;
            return OAI_OK;
        }
        if (rc == OAI_EAGAIN) {
            if (!s->src)
                return OAI_EAGAIN;
            rc = s->src->pump(s->src_ctx, s, &s->err);
            if ((rc == OAI_OK || rc == OAI_EAGAIN) && body_overdue(s))
                rc = OAI_ITEROVER;
            if ((rc == OAI_ITEROVER || (rc < 0 && rc != OAI_EAGAIN)) &&
                resumable(s)) {
                rc = s->kind->resume(s, rc);
                if (rc < 0)
                    return source_failed(s, rc);
                continue;
            }
            if (rc == OAI_ITEROVER)
                finish_body(s);
            else if (rc != OAI_EAGAIN && rc < 0)
                return source_failed(s, rc);
            if (s->stall_ms && oai__stream_check_stall(s, oai__now_ms()))
                return s->result;
            if (rc == OAI_EAGAIN)
                return OAI_EAGAIN;
            continue;
        }
        if (rc == OAI_ITEROVER) {
            if (!s->chain_pending)
                return end_ok(s);
            s->chain_pending = 0;
            s->body_done = 0;
            s->end_seen_ms = 0;
            rc = s->src->next_body ? s->src->next_body(s->src_ctx, &s->err)
                                   : OAI_ETRANSPORT;
            if (rc < 0)
                return source_failed(s, rc);
            s->update = NULL;
            if (s->kind && (rc = s->kind->next_body(s)) < 0)
                return end_error(s, rc);
            oai_sse_parser_reset(s->sse);
            continue;
        }
        oai__error_copy(&s->err, (const oai__error_store *)(const void *)
                                     oai_sse_parser_error(s->sse));
        return end_error(s, rc);
    }
}

int oai_stream_until_done(oai_stream *s)
{
    if (!s)
        return OAI_EINVAL;
    const oai_event *ev;
    int rc;
    while ((rc = oai_stream_next(&ev, s)) == OAI_OK)
        ;
    return rc == OAI_ITEROVER ? OAI_OK : rc;
}

int oai_stream_next_text(const char **out, size_t *len, oai_stream *s)
{
    if (out)
        *out = NULL;
    if (len)
        *len = 0;
    if (!out || !s)
        return OAI_EINVAL;
    for (;;) {
        while (s->text_next) {
            const cJSON *c = s->text_next;
            s->text_next = c->next;
            const cJSON *type = oai__get(c, "type");
            const cJSON *text = oai__get(c, "text");
            const cJSON *v =
                cJSON_IsObject(text) ? oai__get(text, "value") : NULL;
            if (cJSON_IsString(type) &&
                strcmp(type->valuestring, "text") == 0 && cJSON_IsString(v) &&
                v->valuestring[0]) {
                *out = v->valuestring;
                if (len)
                    *len = oai__json_str_len(v);
                return OAI_OK;
            }
        }
        const oai_event *ev;
        int rc = oai_stream_next(&ev, s);
        if (rc)
            return rc;
        if (ev->type == OAI_EVENT_MESSAGE_DELTA) {
            const cJSON *d = oai__get(ev->data, "delta");
            const cJSON *content =
                cJSON_IsObject(d) ? oai__get(d, "content") : NULL;
            s->text_next = cJSON_IsArray(content) ? content->child : NULL;
        }
    }
}

const oai_event *oai_stream_current_event(const oai_stream *s)
{
    return s ? s->cur_event : NULL;
}
const oai_run *oai_stream_current_run(const oai_stream *s)
{
    return s ? oai_accumulator_run(s->acc) : NULL;
}

const oai_message *oai_stream_current_message(const oai_stream *s)
{
    return s ? oai_accumulator_message(s->acc) : NULL;
}

const oai_run_step *oai_stream_current_run_step(const oai_stream *s)
{
    return s && s->cur_step >= 0
               ? oai_accumulator_run_step_at(s->acc, (size_t)s->cur_step)
               : NULL;
}

int oai__stream_drain(oai_stream *s)
{
    if (!s)
        return OAI_EINVAL;
    if (s->in_hook)
        return in_hook(s, "a final accessor");
    return oai_stream_until_done(s);
}

static int not_ready(oai_stream *s, const char *msg)
{
    return oai__error_set(&s->err, OAI_ENOTREADY, "%s", msg);
}

int oai_stream_final_run(const oai_run **out, oai_stream *s)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    int rc = oai__stream_drain(s);
    if (rc)
        return rc;
    if (!oai__acc_has_run(s->acc))
        return not_ready(s, "No final run object found");
    *out = oai_accumulator_run(s->acc);
    return *out ? OAI_OK : oai__error_nomem(&s->err);
}

/* The message (steps 0) or run step snapshots once the stream is drained,
 * in an array the stream keeps until the next call (*out NULL on
 * failure); OAI_EINVAL, untouched, when out or n is NULL. */
static int finals(const void *const **out, size_t *n, oai_stream *s, int steps)
{
    if (!out || !n)
        return OAI_EINVAL;
    *out = NULL;
    *n = 0;
    int rc = oai__stream_drain(s);
    if (rc)
        return rc;
    const oai__idmap *m = steps ? &s->acc->steps : &s->acc->msgs;
    const void ***arr = steps ? &s->finals_steps : &s->finals_msgs;
    if (!m->n)
        return not_ready(s, steps ? "No run steps found" : "No messages found");
    const void **v = oai__realloc((void *)*arr, m->n * sizeof *v);
    if (!v)
        return oai__error_nomem(&s->err);
    *arr = v;
    for (size_t i = 0; i < m->n; i++)
        if (!(v[i] = oai__idmap_tree(m, (long)i)))
            return oai__error_nomem(&s->err); /* parsing a kept text */
    *out = v;
    *n = m->n;
    return OAI_OK;
}

int oai_stream_final_messages(const oai_message *const **out, size_t *n,
                              oai_stream *s)
{
    return finals((const void *const **)(void *)out, n, s, 0);
}

int oai_stream_final_run_steps(const oai_run_step *const **out, size_t *n,
                               oai_stream *s)
{
    return finals((const void *const **)(void *)out, n, s, 1);
}

int oai__stream_check_submit(oai_stream *s, const cJSON *outputs,
                             const char *name, int has_request,
                             const char *detached, const char *again)
{
    if (!cJSON_IsArray(outputs))
        return oai__error_set(&s->err, OAI_EINVAL, "%s must be a JSON array",
                              name);
    if (!s->src || !s->src->submit_tool_outputs || !has_request)
        return oai__error_set(&s->err, OAI_EINVAL, "%s", detached);
    if (s->state == OAI__ST_ENDED)
        return oai__error_set(&s->err, OAI_EINVAL,
                              "the stream has already ended");
    if (s->chain_pending)
        return oai__error_set(&s->err, OAI_EINVAL, "%s", again);
    return OAI_OK;
}

int oai_stream_submit_tool_outputs(oai_stream *s, const oai_json *tool_outputs)
{
    if (!s)
        return OAI_EINVAL;
    int rc = oai__stream_check_submit(
        s, oai__cj(tool_outputs), "tool_outputs", 1,
        "this stream has no transport (created with oai_stream_new); submit "
        "the tool outputs with a client and read the stream it returns",
        "tool outputs were already submitted for this run");
    if (rc)
        return rc;
    /* from on_event the requires_action run is not accumulated yet */
    const cJSON *run;
    int unparsed; /* the run's text could not be parsed: out of memory */
    if (s->cur_event && s->cur_event->type == OAI_EVENT_RUN_REQUIRES_ACTION) {
        run = oai__event_data(s->cur_event);
        unparsed = !run;
    } else {
        run = oai__acc_run(s->acc);
        unparsed = !run && oai__acc_has_run(s->acc);
    }
    if (unparsed)
        return oai__error_nomem(&s->err);
    const cJSON *status = oai__get(run, "status");
    if (!cJSON_IsString(status) ||
        strcmp(status->valuestring, "requires_action") != 0)
        return oai__error_set(
            &s->err, OAI_EINVAL,
            "no run of this stream is waiting for tool outputs");
    return oai__stream_submit(s, run, oai__cj(tool_outputs));
}

int oai__stream_submit(oai_stream *s, const cJSON *run, const cJSON *outputs)
{
    int rc = s->src->submit_tool_outputs(s->src_ctx, run, outputs, &s->err);
    if (rc == OAI_OK)
        s->chain_pending = 1;
    return rc;
}

void oai_stream_abort(oai_stream *s)
{
    if (!s || s->aborted)
        return;
    s->aborted = 1;
    if (s->in_hook || s->state == OAI__ST_ENDED)
        return; /* inside a hook the dispatcher ends the stream on return */
    oai__error_set(&s->err, OAI_ECANCELLED, "the stream was aborted");
    if (s->state == OAI__ST_RUNNING) {
        end_error(s, OAI_ECANCELLED);
    } else {
        s->state = OAI__ST_ENDED;
        s->result = OAI_ECANCELLED;
        close_source(s);
    }
    clear_event(s);
}

const oai_error *oai_stream_error(const oai_stream *s)
{
    return s ? &s->err.pub : NULL;
}

int64_t oai__stream_wake_at(const oai_stream *s)
{
    if (s->state == OAI__ST_ENDED)
        return -1;
    int64_t stall = s->stall_ms ? s->last_event_ms + s->stall_ms : -1;
    int64_t end = s->end_seen_ms ? s->end_seen_ms + OAI__END_GRACE_MS : -1;
    return stall < 0 || (end >= 0 && end < stall) ? end : stall;
}

long oai__stream_wait_left(const oai_stream *s)
{
    int64_t at = oai__stream_wake_at(s);
    if (at < 0)
        return -1;
    int64_t left = at - oai__now_ms();
    return left < 0 ? 0 : (long)left;
}

int oai__stream_check_stall(oai_stream *s, int64_t now)
{
    if (!s->stall_ms || s->state == OAI__ST_ENDED || s->in_hook ||
        now < s->last_event_ms + s->stall_ms)
        return 0;
    oai__error_set(&s->err, OAI_ETIMEOUT,
                   "no event for %ld ms (stall_timeout_ms)", s->stall_ms);
    int rc = OAI_ETIMEOUT;
    if (resumable(s)) {
        rc = s->kind->resume(s, OAI_ETIMEOUT);
        if (rc == OAI_OK)
            return 0;
    }
    if (rc != OAI_ETIMEOUT) { /* the resume failed otherwise */
        s->state = OAI__ST_RUNNING;
        clear_event(s);
        end_error(s, rc);
        return 1;
    }
    /* the response had started or not: either way the caller is told,
     * through the hooks of a read timeout (semantics §3.4 order) */
    s->state = OAI__ST_RUNNING;
    if (s->h.on_timeout) {
        s->in_hook = 1;
        s->h.on_timeout(s->h.user_data);
        s->in_hook = 0;
    }
    clear_event(s);
    end_error(s, OAI_ETIMEOUT);
    return 1;
}

int oai__stream_ended(const oai_stream *s, int *result)
{
    if (s->state != OAI__ST_ENDED)
        return 0;
    *result = s->result;
    return 1;
}

void oai__stream_set_notify(oai_stream *s, oai__notify *n)
{
    if (s->src && s->src->set_notify)
        s->src->set_notify(s->src_ctx, n);
}

void oai__stream_warm(const oai_stream *s, oai__warm *w)
{
    w->n = 0;
    oai__warm_add(w, s, offsetof(struct oai_stream, finals_msgs));
    if (s->src && s->src->warm)
        s->src->warm(s->src_ctx, w);
    oai__sse_parser_warm(s->sse, w);
    if (s->acc)
        oai__acc_warm(s->acc, w);
    else if (s->kind && s->kind->warm)
        s->kind->warm(s, w);
}

void oai__stream_set_free_hook(oai_stream *s, void (*fn)(void *ud), void *ud)
{
    s->free_hook = fn;
    s->free_hook_ud = ud;
}

void *oai__stream_free_hook_data(const oai_stream *s)
{
    return s->free_hook_ud;
}

void oai_stream_free(oai_stream *s)
{
    if (!s)
        return;
    if (s->free_hook)
        s->free_hook(s->free_hook_ud);
    if (s->state == OAI__ST_RUNNING) { /* DEV-11: the caller stopped early */
        s->state = OAI__ST_ENDED;
        close_source(s);
        call_end(s);
    }
    if (s->src && s->src->destroy)
        s->src->destroy(s->src_ctx);
    oai_sse_parser_free(s->sse);
    oai_accumulator_free(s->acc);
    if (s->kind)
        s->kind->free_side(s->side);
    oai__json_delete(s->request);
    oai__free((void *)s->finals_msgs);
    oai__free((void *)s->finals_steps);
    oai__error_clear(&s->err);
    oai__free(s);
}
