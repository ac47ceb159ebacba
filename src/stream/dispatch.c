/* Event -> hook mapping and ordering, semantics.md §3.2-§3.3, with the
 * tracking resets of DEV-1 and DEV-2 and the range check of DEV-13. */
#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "stream/merge.h"
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
    oai__error_set_kind(&s->err, "user_abort");
    return code;
}

#define HOOK(name, ...)                                                        \
    do {                                                                       \
        if (s->h.name) {                                                       \
            s->in_hook = 1;                                                    \
            int r_ = s->h.name(__VA_ARGS__, s->h.user_data);                   \
            s->in_hook = 0;                                                    \
            if (r_ || s->aborted)                                              \
                return stop(s, r_, #name);                                     \
        }                                                                      \
    } while (0)

#define V(type, node) OAI__VIEW(type, node)

static cJSON *member(const cJSON *o, const char *key)
{
    return oai__get(o, key);
}

static int str_is(const cJSON *o, const char *key, const char *want)
{
    const cJSON *v = member(o, key);
    return cJSON_IsString(v) && strcmp(v->valuestring, want) == 0;
}

/* Point the current tool call at `tc` inside tree `root`; a tree kept
 * alive only for the previous tool call is released. */
static void set_tc(oai_stream *s, cJSON *tc, cJSON *root)
{
    s->tc = tc;
    s->tc_root = tc ? root : NULL;
    if (s->tc_hold && s->tc_hold != s->tc_root) {
        oai__json_delete(s->tc_hold);
        s->tc_hold = NULL;
    }
}

static void clear_tc(oai_stream *s)
{
    s->has_tc_index = 0;
    set_tc(s, NULL, NULL);
}

static void clear_content(oai_stream *s)
{
    s->has_content_index = 0;
    s->content = NULL;
}

void oai__stream_reset_tracking(oai_stream *s)
{
    clear_tc(s);
    clear_content(s);
    oai__free(s->step_id);
    s->step_id = NULL;
}

static int set_step_id(oai_stream *s, const cJSON *step)
{
    const cJSON *id = member(step, "id");
    oai__free(s->step_id);
    s->step_id = oai__strdup(cJSON_IsString(id) ? id->valuestring : "");
    return s->step_id ? OAI_OK
                      : oai__error_set(&s->err, OAI_ENOMEM, "out of memory");
}

static int step_delta(oai_stream *s, const cJSON *data)
{
    const cJSON *idn = member(data, "id");
    cJSON *snap =
        oai__acc_step(s->acc, cJSON_IsString(idn) ? idn->valuestring : "");
    const cJSON *delta = member(data, "delta");
    const cJSON *sd = member(delta, "step_details");
    const cJSON *calls = member(sd, "tool_calls");
    cJSON *snap_sd = member(snap, "step_details");
    if (str_is(sd, "type", "tool_calls") && cJSON_IsArray(calls) &&
        str_is(snap_sd, "type", "tool_calls")) {
        cJSON *list = member(snap_sd, "tool_calls");
        const cJSON *d;
        cJSON_ArrayForEach(d, calls)
        {
            long long i;
            int rc = oai__entry_index(d, &i, &s->err);
            if (rc)
                return rc;
            cJSON *tc = oai__slot(list, i);
            if (s->has_tc_index && i == s->tc_index) {
                HOOK(on_tool_call_delta, oai__view(d), V(oai_tool_call, tc));
            } else {
                if (s->tc)
                    HOOK(on_tool_call_done, V(oai_tool_call, s->tc));
                s->has_tc_index = 1;
                s->tc_index = i;
                set_tc(s, tc, snap);
                HOOK(on_tool_call_created, V(oai_tool_call, tc));
            }
            set_tc(s, tc, snap);
        }
    }
    HOOK(on_run_step_delta, oai__view(delta), V(oai_run_step, snap));
    return OAI_OK;
}

static int block_done(oai_stream *s, const cJSON *block)
{
    if (str_is(block, "type", "text"))
        HOOK(on_text_done, V(oai_text, member(block, "text")));
    else if (str_is(block, "type", "image_file"))
        HOOK(on_image_file_done, oai__view(member(block, "image_file")));
    return OAI_OK;
}

static int message_delta(oai_stream *s, const cJSON *data)
{
    cJSON *snap = oai__acc_message(s->acc);
    cJSON *list = member(snap, "content");
    const cJSON *delta = member(data, "delta");
    const cJSON *content = member(delta, "content");
    const cJSON *c = cJSON_IsArray(content) ? content->child : NULL;
    for (size_t k = 0; c; c = c->next, k++) {
        long long i;
        int rc = oai__entry_index(c, &i, &s->err);
        if (rc)
            return rc;
        const cJSON *text = member(c, "text");
        /* the accumulator recorded where each delta went */
        cJSON *block =
            k < s->acc->n_blocks ? s->acc->blocks[k] : oai__slot(list, i);
        if (text && !cJSON_IsNull(text) && str_is(c, "type", "text")) {
            if (!str_is(block, "type", "text")) {
                oai__error_set(&s->err, OAI_EACCUMULATE,
                               "The snapshot associated with this text delta "
                               "is not text or missing");
                oai__error_set_kind(&s->err, "accumulate_error");
                return OAI_EACCUMULATE;
            }
            HOOK(on_text_delta, V(oai_text_delta, text),
                 V(oai_text, member(block, "text")));
        }
        if (!s->has_content_index || i != s->content_index) {
            if (s->content && (rc = block_done(s, s->content)) != OAI_OK)
                return rc;
            s->has_content_index = 1;
            s->content_index = i;
        }
        s->content = block;
    }
    HOOK(on_message_delta, oai__view(delta), V(oai_message, snap));
    return OAI_OK;
}

static int message_done(oai_stream *s, const cJSON *data)
{
    const cJSON *list = member(data, "content");
    if (s->has_content_index && cJSON_IsArray(list) &&
        s->content_index < (long long)cJSON_GetArraySize(list)) {
        int rc = block_done(s, cJSON_GetArrayItem(list, (int)s->content_index));
        if (rc)
            return rc;
    }
    HOOK(on_message_done, V(oai_message, data));
    clear_content(s);
    return OAI_OK;
}

static int text_created(oai_stream *s)
{
    const oai_accumulator *a = s->acc;
    cJSON *list = member(oai__acc_message(a), "content");
    for (size_t k = 0; k < a->n_fresh; k++) {
        const cJSON *block = oai__slot(list, a->fresh[k]);
        if (str_is(block, "type", "text"))
            HOOK(on_text_created, V(oai_text, member(block, "text")));
    }
    return OAI_OK;
}

static int run_hooks(oai_stream *s, const struct oai_event *ev)
{
    const cJSON *data = ev->data;
    HOOK(on_event, ev);
    int taken = 0;
    int rc =
        oai__acc_apply_take(s->acc, ev->type, ev->data, ev->raw_len, &taken);
    if (taken)
        s->ev_owned = 0; /* the event's object is now the snapshot itself */
    if (s->tc_root && oai__acc_claim(s->acc, s->tc_root))
        s->tc_hold = s->tc_root;
    if (rc) {
        oai__error_copy(&s->err, &s->acc->err);
        return rc;
    }
    if (ev->type == OAI_EVENT_MESSAGE_DELTA && (rc = text_created(s)) != OAI_OK)
        return rc;
    switch (ev->type) {
    case OAI_EVENT_RUN_REQUIRES_ACTION:
    case OAI_EVENT_RUN_COMPLETED:
    case OAI_EVENT_RUN_INCOMPLETE:
    case OAI_EVENT_RUN_FAILED:
    case OAI_EVENT_RUN_CANCELLED:
    case OAI_EVENT_RUN_EXPIRED:
        if (s->tc)
            HOOK(on_tool_call_done, V(oai_tool_call, s->tc));
        clear_tc(s);
        return OAI_OK;
    case OAI_EVENT_RUN_STEP_CREATED:
        clear_tc(s);
        if ((rc = set_step_id(s, data)) != OAI_OK)
            return rc;
        HOOK(on_run_step_created, V(oai_run_step, data));
        return OAI_OK;
    case OAI_EVENT_RUN_STEP_IN_PROGRESS:
        return set_step_id(s, data);
    case OAI_EVENT_RUN_STEP_DELTA:
        return step_delta(s, data);
    case OAI_EVENT_RUN_STEP_COMPLETED:
    case OAI_EVENT_RUN_STEP_FAILED:
    case OAI_EVENT_RUN_STEP_CANCELLED:
    case OAI_EVENT_RUN_STEP_EXPIRED:
        if (s->tc)
            HOOK(on_tool_call_done, V(oai_tool_call, s->tc));
        HOOK(on_run_step_done, V(oai_run_step, data));
        oai__free(s->step_id);
        s->step_id = NULL;
        clear_tc(s);
        return OAI_OK;
    case OAI_EVENT_MESSAGE_CREATED:
        clear_content(s);
        HOOK(on_message_created, V(oai_message, data));
        return OAI_OK;
    case OAI_EVENT_MESSAGE_DELTA:
        return message_delta(s, data);
    case OAI_EVENT_MESSAGE_COMPLETED:
    case OAI_EVENT_MESSAGE_INCOMPLETE:
        return message_done(s, data);
    default:
        return OAI_OK;
    }
}

int oai__stream_dispatch(oai_stream *s)
{
    s->cur_event = &s->ev;
    int rc = run_hooks(s, &s->ev);
    s->cur_event = NULL;
    return rc;
}
