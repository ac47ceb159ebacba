/* Snapshot accumulation, semantics.md §4.1-§4.2: the accumulator's life
 * cycle, the events' trees and the snapshots. What each change means to
 * the handler is told by acc_track.c. */
#include "stream/acc.h"

#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "stream/limits.h"
#include "stream/event.h"
#include "stream/jscan.h"
#include "stream/merge.h"
#include "stream/peek.h"

#define MAX_SNAPS_DEFAULT ((size_t)65536)

int oai_accumulator_new(oai_accumulator **out,
                        const oai_accumulator_options *opts)
{
    int rc;
    oai_accumulator *a = oai__object_new(
        out, !opts || opts->version == OAI_ACCUMULATOR_OPTIONS_VERSION,
        sizeof *a, &rc);
    if (!a)
        return rc;
    a->max_bytes = oai__size_or(opts ? opts->max_snapshot_bytes : 0,
                                OAI__MAX_SNAPSHOT_DEFAULT);
    a->max_snaps =
        oai__size_or(opts ? opts->max_snapshots : 0, MAX_SNAPS_DEFAULT);
    a->cur_msg = -1;
    oai__error_clear(&a->err);
    *out = a;
    return OAI_OK;
}

void oai_accumulator_free(oai_accumulator *a)
{
    if (!a)
        return;
    oai__acc_track_free(a);
    oai__free(a->notes);
    oai__tmpl_free(&a->fast.t);
    oai__json_delete(a->event);
    oai__json_delete(a->run);
    oai__free(a->run_text);
    oai__idmap_clear(&a->msgs);
    oai__idmap_clear(&a->steps);
    oai__error_clear(&a->err);
    oai__free(a);
}

static int fail(oai_accumulator *a, const char *msg, const char *arg)
{
    oai__error_set(&a->err, OAI_EACCUMULATE, "%s%s", msg, arg ? arg : "");
    return OAI_EACCUMULATE;
}

static int limit(oai_accumulator *a, const char *fmt, size_t max)
{
    oai__error_set(&a->err, OAI_ELIMIT, fmt, max);
    return OAI_ELIMIT;
}

static const char *id_of(const cJSON *o)
{
    const cJSON *id = oai__get(o, "id");
    return cJSON_IsString(id) ? id->valuestring : "";
}

cJSON *oai__acc_message(const oai_accumulator *a)
{
    return a->cur_msg >= 0 ? a->msgs.v[a->cur_msg].tree : NULL;
}

cJSON *oai__acc_step(const oai_accumulator *a, const char *id)
{
    long at = id ? oai__idmap_find(&a->steps, id) : -1;
    return at >= 0 ? oai__idmap_tree(&a->steps, at) : NULL;
}

/* Events at least this large that complete a message release the content
 * they replace before they are parsed. */
#define RELEASE_MIN ((size_t)64 * 1024)

static void release_content(oai_accumulator *a, const char *text, size_t len)
{
    char id[256];
    long at = oai__peek_string(text, len, "id", id, sizeof id)
                  ? oai__idmap_find(&a->msgs, id)
                  : -1;
    if (at < 0)
        return;
    a->content = NULL; /* may point into the released content */
    oai__json_delete(
        cJSON_DetachItemFromObjectCaseSensitive(a->msgs.v[at].tree, "content"));
}

cJSON *oai__acc_parse(oai_accumulator *a, oai_event_type t, const char *text,
                      size_t len)
{
    a->deferred = OAI__DEFER_NONE;
    int fast = oai__acc_fast_parse(a, t, text, len);
    if (fast > 0)
        return a->event;
    oai__reparse_done(&a->reparse, a->event, a->event_is_delta);
    a->event = NULL;
    if (fast < 0) /* as the parse fails */
        return NULL;
    if (len >= RELEASE_MIN &&
        (t == OAI_EVENT_MESSAGE_COMPLETED || t == OAI_EVENT_MESSAGE_INCOMPLETE))
        release_content(a, text, len);
    int nomem;
    a->event_is_delta = t == OAI_EVENT_MESSAGE_DELTA;
    return a->event = oai__reparse(&a->reparse, text, len, &nomem);
}

int oai__acc_defer(oai_accumulator *a, oai_event_type t, const char *text,
                   size_t len)
{
    int step = oai__event_is_run_step(t);
    if (!step && !oai__event_is_run(t) && t != OAI_EVENT_THREAD_CREATED &&
        t != OAI_EVENT_MESSAGE_IN_PROGRESS)
        return 0;
    if (!oai__jscan_object(text, len))
        return 0;
    /* a step is stored under its id: one that reads the same raw */
    if (step && oai__jscan_member_string(text, len, "id", &a->defer_id,
                                         &a->defer_id_len) != 1)
        return 0;
    oai__acc_fast_parse(a, t, text, len); /* disarms, as before a parse */
    oai__reparse_done(&a->reparse, a->event, a->event_is_delta);
    a->event = NULL;
    a->event_is_delta = 0;
    a->defer_text = text;
    a->defer_len = len;
    a->deferred = OAI__DEFER_TEXT;
    return 1;
}

cJSON *oai__acc_event_data(oai_accumulator *a)
{
    if (a->deferred == OAI__DEFER_RUN)
        return oai__acc_run(a);
    if (a->deferred == OAI__DEFER_STEP)
        return oai__idmap_tree(&a->steps, a->defer_at);
    if (a->deferred == OAI__DEFER_TEXT && !a->event) {
        int nomem;
        a->event = oai__json_parse_nomem(a->defer_text, a->defer_len, &nomem);
    }
    return a->event;
}

cJSON *oai__acc_run(const oai_accumulator *ca)
{
    if (!ca)
        return NULL;
    /* parsing the kept text changes no snapshot: the accumulator was not
     * defined const by whoever lends it out so */
    oai_accumulator *a = (oai_accumulator *)(void *)ca;
    return oai__parse_kept(&a->run, &a->run_text, &a->run_len);
}

int oai__acc_has_run(const oai_accumulator *a)
{
    return a->run || a->run_text;
}

static void set_run(oai_accumulator *a, cJSON *tree, char *text, size_t len)
{
    oai__json_delete(a->run);
    oai__free(a->run_text);
    a->run = tree;
    a->run_text = text;
    a->run_len = len;
}

/* The tree to keep for `data`: the event's own tree, else a copy. */
static cJSON *keep(oai_accumulator *a, const cJSON *data)
{
    return data == a->event ? a->event : cJSON_Duplicate(data, 1);
}

/* `tree` from keep() now belongs to the snapshots, or failed to. */
static int kept(oai_accumulator *a, cJSON *tree, int ok)
{
    if (ok && tree == a->event)
        a->event = NULL;
    else if (!ok && tree != a->event)
        cJSON_Delete(tree);
    return ok ? OAI_OK : oai__error_nomem(&a->err);
}

/* The tree a stored snapshot replaced is freed, unless the current tool
 * call still lives in it. */
static void drop_replaced(oai_accumulator *a, cJSON *old)
{
    if (old && old == a->tc_root)
        oai__acc_keep_tc_root(a, old);
    else
        oai__json_delete(old);
}

/* Store `data` under its id; returns the entry or -1 (error set). */
static long store(oai_accumulator *a, oai__idmap *m, const cJSON *data)
{
    const char *id = id_of(data);
    if (oai__idmap_find(m, id) < 0 && a->msgs.n + a->steps.n >= a->max_snaps) {
        limit(a, "more than %zu messages and run steps in one stream",
              a->max_snaps);
        return -1;
    }
    cJSON *copy = keep(a, data);
    cJSON *old = NULL;
    long at = copy ? oai__idmap_put(m, id, copy, &old) : -1;
    if (kept(a, copy, at >= 0) != OAI_OK)
        return -1;
    drop_replaced(a, old);
    return at;
}

/* Store the text of the step event left unparsed under its id, as store()
 * stores a tree; `text` is taken, also on failure. */
static long store_step_text(oai_accumulator *a, char *text, size_t len)
{
    char small[128];
    size_t n = a->defer_id_len;
    char *id = n < sizeof small ? small : oai__malloc(n + 1);
    long at = -1;
    if (!id) {
        oai__free(text);
        oai__error_nomem(&a->err);
        return -1;
    }
    memcpy(id, a->defer_id, n);
    id[n] = '\0';
    cJSON *old = NULL;
    if (oai__idmap_find(&a->steps, id) < 0 &&
        a->msgs.n + a->steps.n >= a->max_snaps)
        limit(a, "more than %zu messages and run steps in one stream",
              a->max_snaps);
    else if ((at = oai__idmap_put_text(&a->steps, id, text, len, &old)) < 0)
        oai__error_nomem(&a->err);
    if (at < 0)
        oai__free(text);
    drop_replaced(a, old);
    if (id != small)
        oai__free(id);
    return at;
}

static int note(oai_accumulator *a, const cJSON *c, cJSON *b, long long i,
                int fresh)
{
    if (a->n_notes == a->cap_notes) {
        size_t ncap = a->cap_notes ? a->cap_notes * 2 : 2;
        oai__acc_note *v = oai__realloc(a->notes, ncap * sizeof *v);
        if (!v)
            return oai__error_nomem(&a->err);
        a->notes = v;
        a->cap_notes = ncap;
    }
    a->notes[a->n_notes++] = (oai__acc_note){c, b, i, fresh};
    return OAI_OK;
}

/* Merge the content deltas into the message snapshot, noting where each
 * went. */
static int merge_content(oai_accumulator *a, cJSON *snap, const cJSON *content)
{
    cJSON *list = oai__get(snap, "content");
    if (!cJSON_IsArray(list)) {
        cJSON *empty = cJSON_CreateArray();
        if (!empty)
            return oai__error_nomem(&a->err);
        if (list)
            oai__json_replace(snap, list, empty);
        else if (!cJSON_AddItemToObject(snap, "content", empty)) {
            cJSON_Delete(empty);
            return oai__error_nomem(&a->err);
        }
        list = empty;
    }
    const cJSON *c;
    cJSON_ArrayForEach(c, content)
    {
        long long i;
        int rc = oai__entry_index(c, &i, &a->err);
        if (rc)
            return rc;
        cJSON *b = oai__slot(list, i);
        int fresh = !b;
        if (b) {
            if (!cJSON_IsObject(b))
                return fail(a, "message content block is not an object", NULL);
            rc = oai__merge(b, c, &a->err);
        } else if (!(b = cJSON_Duplicate(c, 1)) ||
                   !cJSON_AddItemToArray(list, b)) {
            cJSON_Delete(b);
            return oai__error_nomem(&a->err);
        }
        if (rc || (rc = note(a, c, b, i, fresh)) != OAI_OK)
            return rc;
    }
    return OAI_OK;
}

static int message_delta(oai_accumulator *a, const cJSON *data)
{
    cJSON *snap = oai__acc_message(a);
    if (!snap)
        return fail(a, "Encountered a message delta with no previous snapshot",
                    NULL);
    const cJSON *delta = oai__get(data, "delta");
    const cJSON *content =
        cJSON_IsObject(delta) ? oai__get(delta, "content") : NULL;
    int rc = OAI_OK;
    if (content && !cJSON_IsNull(content)) {
        if (!cJSON_IsArray(content))
            return fail(a, "message delta `content` is not a list", NULL);
        rc = merge_content(a, snap, content);
    }
    return rc ? rc : oai__acc_track_message_delta(a, delta, snap);
}

static int step_delta(oai_accumulator *a, const cJSON *data)
{
    const char *id = id_of(data);
    long at = oai__idmap_find(&a->steps, id);
    if (at < 0)
        return fail(a, "Received a run step delta for an unknown step: ", id);
    cJSON *snap = oai__idmap_tree(&a->steps, at);
    if (!snap)
        return oai__error_nomem(&a->err);
    const cJSON *delta = oai__get(data, "delta");
    if (delta && !cJSON_IsNull(delta)) {
        if (!cJSON_IsObject(delta))
            return fail(a, "run step delta `delta` is not an object", NULL);
        int rc = oai__merge(snap, delta, &a->err);
        if (rc)
            return rc;
    }
    return oai__acc_track_step_delta(a, delta, at);
}

static int apply(oai_accumulator *a, oai_event_type t, const cJSON *data,
                 size_t cost)
{
    if (t == OAI_EVENT_UNKNOWN || t == OAI_EVENT_THREAD_CREATED ||
        t >= OAI_EVENT_ERROR || t == OAI_EVENT_MESSAGE_IN_PROGRESS)
        return OAI_OK;
    if (!cJSON_IsObject(data))
        return fail(a, "event data is not an object: ", oai_event_type_name(t));
    if (cost > a->max_bytes - a->bytes)
        return limit(a, "stream snapshots exceed %zu bytes", a->max_bytes);
    a->bytes += cost;
    if (oai__event_is_run(t)) {
        cJSON *copy = keep(a, data);
        int rc = kept(a, copy, copy != NULL);
        if (rc)
            return rc;
        set_run(a, copy, NULL, 0);
        return oai__acc_track_run(a, t);
    }
    switch (t) {
    case OAI_EVENT_MESSAGE_CREATED:
    case OAI_EVENT_MESSAGE_COMPLETED:
    case OAI_EVENT_MESSAGE_INCOMPLETE: {
        long at = store(a, &a->msgs, data);
        if (at < 0)
            return a->err.pub.code;
        a->cur_msg = at;
        return oai__acc_track_message(a, t, a->msgs.v[at].tree);
    }
    case OAI_EVENT_MESSAGE_DELTA:
        return message_delta(a, data);
    case OAI_EVENT_RUN_STEP_DELTA:
        return step_delta(a, data);
    default: /* created, in_progress and terminal step events (DEV-3, DEV-15) */
    {
        long at = store(a, &a->steps, data);
        if (at < 0)
            return a->err.pub.code;
        return oai__acc_track_step(a, t, at);
    }
    }
}

static void begin_full_apply(oai_accumulator *a)
{
    a->fast.hit = a->fast.armed = 0;
    oai__acc_track_begin(a);
    a->n_notes = 0;
}

static int end_apply(oai_accumulator *a, int rc, const oai__changes **changes)
{
    a->fast.raw = NULL;
    if (changes)
        *changes = rc ? NULL : &a->changes;
    return rc;
}

int oai__acc_apply(oai_accumulator *a, oai_event_type t, const cJSON *data,
                   size_t cost, const oai__changes **changes)
{
    if (a->err.pub.code)
        oai__error_clear(&a->err);
    int fast = a->fast.hit && data == a->event ? oai__acc_fast_apply(a, cost)
                                               : OAI__ACC_FAST_MISS;
    int rc = fast;
    if (fast == OAI__ACC_FAST_MISS) {
        begin_full_apply(a);
        rc = apply(a, t, data, cost);
        if (rc == OAI_OK && data && data == a->event)
            rc = oai__acc_fast_learn(a);
    }
    return end_apply(a, rc, changes);
}

/* What apply() does with an object of type `t` it does not read. */
static int apply_text(oai_accumulator *a, oai_event_type t, size_t cost)
{
    int run = oai__event_is_run(t);
    if (!run && !oai__event_is_run_step(t))
        return OAI_OK; /* thread.created, thread.message.in_progress */
    if (cost > a->max_bytes - a->bytes)
        return limit(a, "stream snapshots exceed %zu bytes", a->max_bytes);
    a->bytes += cost;
    size_t len = a->defer_len;
    char *text = oai__malloc(len ? len : 1);
    if (!text)
        return oai__error_nomem(&a->err);
    memcpy(text, a->defer_text, len);
    if (run) {
        set_run(a, NULL, text, len);
        a->deferred = OAI__DEFER_RUN;
        return oai__acc_track_run(a, t);
    }
    long at = store_step_text(a, text, len);
    if (at < 0)
        return a->err.pub.code;
    a->deferred = OAI__DEFER_STEP;
    a->defer_at = at;
    return oai__acc_track_step(a, t, at);
}

int oai__acc_apply_deferred(oai_accumulator *a, oai_event_type t, size_t cost,
                            const oai__changes **changes)
{
    if (a->err.pub.code)
        oai__error_clear(&a->err);
    begin_full_apply(a);
    return end_apply(a, apply_text(a, t, cost), changes);
}

/* Rough size of a parsed value, for the byte limit of the public apply. */
static size_t tree_cost(const cJSON *n)
{
    size_t c = 0;
    for (; n; n = n->next) {
        c += 8 + (n->string ? strlen(n->string) : 0);
        if (cJSON_IsString(n) && n->valuestring)
            c += oai__json_str_len(n);
        if (n->child)
            c += tree_cost(n->child);
    }
    return c;
}

int oai_accumulator_apply(oai_accumulator *a, const char *name,
                          const oai_json *data)
{
    if (!a || !name)
        return OAI_EINVAL;
    const cJSON *d = oai__cj(data);
    return oai__acc_apply(a, oai_event_type_from_name(name), d,
                          d ? tree_cost(d->child) : 0, NULL);
}

const oai_run *oai_accumulator_run(const oai_accumulator *a)
{
    return a ? OAI__VIEW(oai_run, oai__acc_run(a)) : NULL;
}

const oai_message *oai_accumulator_message(const oai_accumulator *a)
{
    return a ? OAI__VIEW(oai_message, oai__acc_message(a)) : NULL;
}

size_t oai_accumulator_message_count(const oai_accumulator *a)
{
    return a ? a->msgs.n : 0;
}
size_t oai_accumulator_run_step_count(const oai_accumulator *a)
{
    return a ? a->steps.n : 0;
}

const oai_message *oai_accumulator_message_at(const oai_accumulator *a,
                                              size_t i)
{
    return a && i < a->msgs.n ? OAI__VIEW(oai_message, a->msgs.v[i].tree)
                              : NULL;
}

const oai_run_step *oai_accumulator_run_step_at(const oai_accumulator *a,
                                                size_t i)
{
    return a && i < a->steps.n
               ? OAI__VIEW(oai_run_step, oai__idmap_tree(&a->steps, (long)i))
               : NULL;
}

const oai_run_step *oai_accumulator_run_step(const oai_accumulator *a,
                                             const char *id)
{
    return a ? OAI__VIEW(oai_run_step, oai__acc_step(a, id)) : NULL;
}

const oai_error *oai_accumulator_error(const oai_accumulator *a)
{
    return a ? &a->err.pub : NULL;
}
