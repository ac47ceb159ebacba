/* What the response and chat streams do the same way (typed.h). */
#include "stream/typed.h"

#include <string.h>

#include "core/json.h"

int oai__typed_begin(oai_stream **out, int options_rc, oai__typed_settings *t)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    if (options_rc)
        return options_rc;
    *t = (oai__typed_settings){OAI_STREAM_OPTIONS_INIT, NULL, NULL, NULL, NULL};
    return OAI_OK;
}

int oai__typed_new(oai_stream **out, const oai__typed_settings *t,
                   const oai__stream_kind *kind, void *side,
                   const oai__stream_source *src, void *ctx)
{
    oai_stream *s = NULL;
    int rc = oai__stream_create_typed(&s, &t->so, src, ctx, kind, side);
    if (rc) {
        kind->free_side(side);
        return rc;
    }
    /* the end of the stream is the shared object's: its end hooks */
    s->h.user_data = t->user_data;
    s->h.on_end = t->on_end;
    s->h.on_timeout = t->on_timeout;
    s->h.on_exception = t->on_exception;
    *out = s;
    return OAI_OK;
}

int oai__typed_set_request(oai_stream *s, const cJSON *body)
{
    cJSON *copy = cJSON_Duplicate(body, 1);
    if (!copy)
        return OAI_ENOMEM;
    oai__json_delete(s->request);
    s->request = copy;
    return OAI_OK;
}

int oai__typed_next(const void **out, oai_stream *s)
{
    const oai_event *ev;
    int rc = oai_stream_next(&ev, s);
    *out = rc == OAI_OK ? s->update : NULL;
    return rc;
}

int oai__typed_check_submit(oai_stream *s, const cJSON *outputs,
                            const char *detached, const char *again)
{
    if (!s)
        return OAI_EINVAL;
    return oai__stream_check_submit(s, outputs, "outputs", s->request != NULL,
                                    detached, again);
}

int oai__typed_failed(oai_stream *s, const oai__error_store *e, int rc)
{
    oai__error_copy(&s->err, e);
    if (rc == OAI_ESTREAM && s->request_id[0])
        oai__error_set_request_id(&s->err, s->request_id,
                                  strlen(s->request_id));
    return rc == OAI_OK ? rc : s->err.pub.code; /* as kept, or OAI_ENOMEM */
}
