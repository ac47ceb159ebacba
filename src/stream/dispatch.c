/* The hooks of one event: on_event, then the accumulator's change records
 * (stream/acc.h), one hook each, in the order the records come. */
#include "core/json.h"
#include "stream/stream_int.h"

static int stop(oai_stream *s, int r, const char *hook)
{
    if (r == 0 && s->aborted) {
        oai__error_set(&s->err, OAI_ECANCELLED, "the stream was aborted");
        return OAI_ECANCELLED;
    }
    int code = r < 0 && r != OAI_ITEROVER && r != OAI_EAGAIN ? r : OAI_EUSER;
    oai__error_set(&s->err, code,
                   "the %s callback returned %d to stop the stream", hook, r);
    return code;
}

int oai__stream_hook_after(oai_stream *s, int r, const char *hook)
{
    s->in_hook = 0;
    return r || s->aborted ? stop(s, r, hook) : OAI_OK;
}

#define CALL(name, ...) OAI__HOOK(s, &s->h, name, __VA_ARGS__)

#define V(type, node) OAI__VIEW(type, node)

/* Call a step hook with the step of record `c`, parsed now if the record
 * found it as text. */
#define STEP_HOOK(name, c)                                                     \
    (!s->h.name                ? OAI_OK                                        \
     : !(step = step_of(s, c)) ? oai__error_nomem(&s->err)                     \
                               : CALL(name, V(oai_run_step, step)))

static const cJSON *step_of(const oai_stream *s, const oai__change *c)
{
    return c->snap ? c->snap
                   : oai__idmap_tree(&s->acc->steps, (long)c->index[0]);
}

static int deliver(oai_stream *s, const oai__change *c)
{
    const cJSON *step;
    switch (c->kind) {
    case OAI__CH_STEP_CREATED:
        s->cur_step = c->index[0];
        return STEP_HOOK(on_run_step_created, c);
    case OAI__CH_STEP_UPDATED:
        s->cur_step = c->index[0];
        return OAI_OK;
    case OAI__CH_STEP_DELTA:
        return CALL(on_run_step_delta, oai__view(c->delta),
                    V(oai_run_step, c->snap));
    case OAI__CH_STEP_DONE: {
        int rc = STEP_HOOK(on_run_step_done, c);
        if (rc == OAI_OK)
            s->cur_step = -1;
        return rc;
    }
    case OAI__CH_TOOL_CALL_CREATED:
        return CALL(on_tool_call_created, V(oai_tool_call, c->snap));
    case OAI__CH_TOOL_CALL_DELTA:
        return CALL(on_tool_call_delta, oai__view(c->delta),
                    V(oai_tool_call, c->snap));
    case OAI__CH_TOOL_CALL_DONE:
        return CALL(on_tool_call_done, V(oai_tool_call, c->snap));
    case OAI__CH_MESSAGE_CREATED:
        return CALL(on_message_created, V(oai_message, c->snap));
    case OAI__CH_MESSAGE_DELTA:
        return CALL(on_message_delta, oai__view(c->delta),
                    V(oai_message, c->snap));
    case OAI__CH_MESSAGE_DONE:
        return CALL(on_message_done, V(oai_message, c->snap));
    case OAI__CH_TEXT_CREATED:
        return CALL(on_text_created, V(oai_text, c->snap));
    case OAI__CH_TEXT_DELTA:
        return CALL(on_text_delta, V(oai_text_delta, c->delta),
                    V(oai_text, c->snap));
    case OAI__CH_TEXT_DONE:
        return CALL(on_text_done, V(oai_text, c->snap));
    case OAI__CH_IMAGE_FILE_DONE:
        return CALL(on_image_file_done, oai__view(c->snap));
    default: /* OAI__CH_RUN: no hook */
        return OAI_OK;
    }
}

static int run_hooks(oai_stream *s, const struct oai_event *ev)
{
    int rc = CALL(on_event, ev);
    if (rc)
        return rc;
    const oai__changes *ch;
    rc = !ev->data && ev->lazy
             ? oai__acc_apply_deferred(s->acc, ev->type, ev->raw_len, &ch)
             : oai__acc_apply(s->acc, ev->type, ev->data, ev->raw_len, &ch);
    if (rc) {
        oai__error_copy(&s->err, &s->acc->err);
        return rc;
    }
    for (size_t i = 0; i < ch->n; i++) {
        if (ch->v[i].kind == OAI__CH_ERROR) {
            oai__error_copy(&s->err, &ch->err);
            return ch->err.pub.code;
        }
        if ((rc = deliver(s, &ch->v[i])) != OAI_OK)
            return rc;
    }
    return OAI_OK;
}

int oai__stream_dispatch(oai_stream *s)
{
    s->cur_event = &s->ev;
    int rc = run_hooks(s, &s->ev);
    s->cur_event = NULL;
    return rc;
}
