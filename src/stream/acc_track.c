/* What each applied event means to a handler, semantics.md §3.2-§3.3 with
 * the tracking resets of DEV-1 and DEV-2 and the range check of DEV-13:
 * the accumulator follows the content block and the tool call that the
 * deltas continue, and appends one change record per hook, in hook order.
 * Records are built after the event is merged, so every snapshot they
 * point to is already in its final state for this event. */
#include <string.h>

#include "core/json.h"
#include "stream/acc.h"
#include "stream/merge.h"

static int str_is(const cJSON *o, const char *key, const char *want)
{
    const cJSON *v = oai__get(o, key);
    return cJSON_IsString(v) && strcmp(v->valuestring, want) == 0;
}

/* The id of the message, run step or run a record is about. */
static const char *id_of(const cJSON *o)
{
    const cJSON *id = oai__get(o, "id");
    return cJSON_IsString(id) ? id->valuestring : NULL;
}

static int emit(oai_accumulator *a, int kind, const char *id,
                const cJSON *delta, const cJSON *snap, long long index)
{
    oai__change *r = oai__changes_add(&a->changes, kind);
    if (!r)
        return oai__error_nomem(&a->err);
    r->id = id;
    r->delta = delta;
    r->snap = snap;
    r->index[0] = index;
    return OAI_OK;
}

/* Returned after the error record: no record follows it. */
#define STOPPED 1

/* The last record: the stream cannot go on (a->changes.err says why). */
static int emit_error(oai_accumulator *a)
{
    int rc = emit(a, OAI__CH_ERROR, NULL, NULL, NULL, -1);
    return rc ? rc : STOPPED;
}

void oai__acc_track_begin(oai_accumulator *a)
{
    oai__changes_reset(&a->changes);
    if (a->tc_kept && a->tc_kept != a->tc_root) {
        /* the last records pointing into it were read */
        oai__json_delete(a->tc_kept);
        a->tc_kept = NULL;
    }
}

void oai__acc_track_free(oai_accumulator *a)
{
    oai__changes_free(&a->changes);
    oai__json_delete(a->tc_kept);
}

void oai__acc_keep_tc_root(oai_accumulator *a, cJSON *old)
{
    if (a->tc_kept && a->tc_kept != old)
        oai__json_delete(a->tc_kept);
    a->tc_kept = old;
}

static void set_tc(oai_accumulator *a, cJSON *tc, cJSON *root)
{
    a->tc = tc;
    a->tc_root = tc ? root : NULL;
}

static void clear_tc(oai_accumulator *a)
{
    a->has_tc_index = 0;
    set_tc(a, NULL, NULL);
}

static void clear_content(oai_accumulator *a)
{
    a->has_content_index = 0;
    a->content = NULL;
}

/* on_tool_call_done for the current tool call, if any */
static int tc_done(oai_accumulator *a)
{
    return a->tc ? emit(a, OAI__CH_TOOL_CALL_DONE, id_of(a->tc_root), NULL,
                        a->tc, a->tc_index)
                 : OAI_OK;
}

static int block_done(oai_accumulator *a, const char *id, const cJSON *block,
                      long long i)
{
    if (str_is(block, "type", "text"))
        return emit(a, OAI__CH_TEXT_DONE, id, NULL, oai__get(block, "text"), i);
    if (str_is(block, "type", "image_file"))
        return emit(a, OAI__CH_IMAGE_FILE_DONE, id, NULL,
                    oai__get(block, "image_file"), i);
    return OAI_OK;
}

int oai__acc_track_run(oai_accumulator *a, oai_event_type t)
{
    int rc = emit(a, OAI__CH_RUN, id_of(a->run), NULL, a->run, -1);
    switch (t) {
    case OAI_EVENT_RUN_REQUIRES_ACTION:
    case OAI_EVENT_RUN_COMPLETED:
    case OAI_EVENT_RUN_INCOMPLETE:
    case OAI_EVENT_RUN_FAILED:
    case OAI_EVENT_RUN_CANCELLED:
    case OAI_EVENT_RUN_EXPIRED:
        if (rc == OAI_OK)
            rc = tc_done(a);
        clear_tc(a);
        return rc;
    default:
        return rc;
    }
}

int oai__acc_track_step(oai_accumulator *a, oai_event_type t, long at)
{
    const oai__idmap_entry *e = &a->steps.v[at];
    const cJSON *step = e->tree; /* NULL while it is text */
    const char *id = step ? id_of(step) : e->id;
    int rc;
    switch (t) {
    case OAI_EVENT_RUN_STEP_CREATED:
        clear_tc(a);
        return emit(a, OAI__CH_STEP_CREATED, id, NULL, step, at);
    case OAI_EVENT_RUN_STEP_IN_PROGRESS:
        return emit(a, OAI__CH_STEP_UPDATED, id, NULL, step, at);
    default: /* the step ended */
        if ((rc = tc_done(a)) == OAI_OK)
            rc = emit(a, OAI__CH_STEP_DONE, id, NULL, step, at);
        clear_tc(a);
        return rc;
    }
}

static int tool_call_changes(oai_accumulator *a, const cJSON *calls,
                             cJSON *snap)
{
    cJSON *list = oai__get(oai__get(snap, "step_details"), "tool_calls");
    const cJSON *d;
    cJSON_ArrayForEach(d, calls)
    {
        long long i;
        if (oai__entry_index(d, &i, &a->changes.err) != OAI_OK)
            return emit_error(a);
        cJSON *tc = oai__slot(list, i);
        int rc;
        if (a->has_tc_index && i == a->tc_index) {
            rc = emit(a, OAI__CH_TOOL_CALL_DELTA, id_of(snap), d, tc, i);
        } else if ((rc = tc_done(a)) == OAI_OK) {
            a->has_tc_index = 1;
            a->tc_index = i;
            rc = emit(a, OAI__CH_TOOL_CALL_CREATED, id_of(snap), NULL, tc, i);
        }
        if (rc)
            return rc;
        set_tc(a, tc, snap);
    }
    return OAI_OK;
}

int oai__acc_track_step_delta(oai_accumulator *a, const cJSON *delta, long at)
{
    cJSON *snap = a->steps.v[at].tree;
    const cJSON *sd = oai__get(delta, "step_details");
    const cJSON *calls = oai__get(sd, "tool_calls");
    if (str_is(sd, "type", "tool_calls") && cJSON_IsArray(calls) &&
        str_is(oai__get(snap, "step_details"), "type", "tool_calls")) {
        int rc = tool_call_changes(a, calls, snap);
        if (rc)
            return rc == STOPPED ? OAI_OK : rc;
    }
    return emit(a, OAI__CH_STEP_DELTA, id_of(snap), delta, snap, at);
}

int oai__acc_track_message(oai_accumulator *a, oai_event_type t,
                           const cJSON *msg)
{
    if (t == OAI_EVENT_MESSAGE_CREATED) {
        clear_content(a);
        return emit(a, OAI__CH_MESSAGE_CREATED, id_of(msg), NULL, msg, -1);
    }
    const char *id = id_of(msg);
    const cJSON *list = oai__get(msg, "content");
    int rc = OAI_OK;
    if (a->has_content_index && cJSON_IsArray(list) &&
        a->content_index < (long long)cJSON_GetArraySize(list))
        rc = block_done(a, id, cJSON_GetArrayItem(list, (int)a->content_index),
                        a->content_index);
    if (rc == OAI_OK)
        rc = emit(a, OAI__CH_MESSAGE_DONE, id, NULL, msg, -1);
    clear_content(a);
    return rc;
}

static int text_delta(oai_accumulator *a, const char *id,
                      const oai__acc_note *n, const cJSON *text)
{
    if (!str_is(n->block, "type", "text")) {
        oai__error_set(&a->changes.err, OAI_EACCUMULATE,
                       "The snapshot associated with this text delta is not "
                       "text or missing");
        return emit_error(a);
    }
    int rc = emit(a, OAI__CH_TEXT_DELTA, id, text, oai__get(n->block, "text"),
                  n->index);
    const cJSON *v = oai__get(text, "value");
    if (rc == OAI_OK && cJSON_IsString(v)) {
        oai__change *r = &a->changes.v[a->changes.n - 1];
        r->text = v->valuestring;
        r->len = oai__json_str_len(v);
    }
    return rc;
}

int oai__acc_track_message_delta(oai_accumulator *a, const cJSON *delta,
                                 const cJSON *msg)
{
    const char *id = id_of(msg);
    int rc = OAI_OK;
    for (size_t k = 0; k < a->n_notes && rc == OAI_OK; k++) {
        const oai__acc_note *n = &a->notes[k];
        if (n->fresh && str_is(n->block, "type", "text"))
            rc = emit(a, OAI__CH_TEXT_CREATED, id, NULL,
                      oai__get(n->block, "text"), n->index);
    }
    for (size_t k = 0; k < a->n_notes && rc == OAI_OK; k++) {
        const oai__acc_note *n = &a->notes[k];
        const cJSON *text = oai__get(n->delta, "text");
        if (text && !cJSON_IsNull(text) && str_is(n->delta, "type", "text")) {
            if ((rc = text_delta(a, id, n, text)) != OAI_OK)
                return rc == STOPPED ? OAI_OK : rc;
        }
        if (!a->has_content_index || n->index != a->content_index) {
            if (a->content)
                rc = block_done(a, id, a->content, a->content_index);
            a->has_content_index = 1;
            a->content_index = n->index;
        }
        a->content = n->block;
    }
    return rc ? rc : emit(a, OAI__CH_MESSAGE_DELTA, id, delta, msg, -1);
}
