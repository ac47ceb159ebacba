/* Snapshot accumulation, semantics.md §4.1-§4.2. */
#include "stream/acc.h"

#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "stream/event.h"
#include "stream/merge.h"

#define MAX_BYTES_DEFAULT ((size_t)256 * 1024 * 1024)
#define MAX_SNAPS_DEFAULT ((size_t)65536)

int oai_accumulator_new(oai_accumulator **out,
                        const oai_accumulator_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    if (opts && opts->version != OAI_ACCUMULATOR_OPTIONS_VERSION)
        return OAI_EINVAL;
    if (oai__ensure_global_init() != OAI_OK) /* allocator hooks for cJSON too */
        return OAI_ERROR;
    oai_accumulator *a = oai__calloc(1, sizeof *a);
    if (!a)
        return OAI_ENOMEM;
    a->max_bytes = opts && opts->max_snapshot_bytes ? opts->max_snapshot_bytes
                                                    : MAX_BYTES_DEFAULT;
    a->max_snaps =
        opts && opts->max_snapshots ? opts->max_snapshots : MAX_SNAPS_DEFAULT;
    a->cur_msg = -1;
    oai__error_clear(&a->err);
    *out = a;
    return OAI_OK;
}

static void free_retired(oai_accumulator *a)
{
    oai__json_delete(a->retired);
    a->retired = NULL;
}

void oai_accumulator_free(oai_accumulator *a)
{
    if (!a)
        return;
    free_retired(a);
    oai__free(a->fresh);
    oai__free(a->blocks);
    oai__json_delete(a->run);
    oai__idmap_clear(&a->msgs);
    oai__idmap_clear(&a->steps);
    oai__free(a);
}

int oai__acc_claim(oai_accumulator *a, const cJSON *tree)
{
    if (!tree || a->retired != tree)
        return 0;
    a->retired = NULL;
    return 1;
}

static int nomem(oai_accumulator *a)
{
    return oai__error_set(&a->err, OAI_ENOMEM,
                          "out of memory while accumulating the stream");
}

static int fail(oai_accumulator *a, const char *msg, const char *arg)
{
    oai__error_set(&a->err, OAI_EACCUMULATE, "%s%s", msg, arg ? arg : "");
    oai__error_set_kind(&a->err, "accumulate_error");
    return OAI_EACCUMULATE;
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
    return at >= 0 ? a->steps.v[at].tree : NULL;
}

void oai__acc_drop_content(oai_accumulator *a, const char *id)
{
    long at = oai__idmap_find(&a->msgs, id);
    if (at >= 0)
        oai__json_delete(cJSON_DetachItemFromObjectCaseSensitive(
            a->msgs.v[at].tree, "content"));
}

/* Store `data` (taken when `take` is set, else copied) under its id;
 * returns the entry or -1. */
static long store(oai_accumulator *a, oai__idmap *m, const cJSON *data,
                  int retire, cJSON *take)
{
    const char *id = id_of(data);
    if (oai__idmap_find(m, id) < 0 && a->msgs.n + a->steps.n >= a->max_snaps) {
        oai__error_set(&a->err, OAI_ELIMIT,
                       "more than %zu messages and run steps in one stream",
                       a->max_snaps);
        oai__error_set_kind(&a->err, "limit");
        return -1;
    }
    cJSON *copy = take ? take : cJSON_Duplicate(data, 1);
    cJSON *old = NULL;
    long at = copy ? oai__idmap_put(m, id, copy, &old) : -1;
    if (at < 0) {
        if (!take)
            cJSON_Delete(copy);
        nomem(a);
        return -1;
    }
    if (old && retire) {
        oai__json_delete(a->retired); /* cannot happen: freed at apply start */
        a->retired = old;
    } else {
        oai__json_delete(old);
    }
    return at;
}

static int add_fresh(oai_accumulator *a, long long i)
{
    if (a->n_fresh == a->cap_fresh) {
        size_t ncap = a->cap_fresh ? a->cap_fresh * 2 : 8;
        long long *f = oai__realloc(a->fresh, ncap * sizeof *f);
        if (!f)
            return nomem(a);
        a->fresh = f;
        a->cap_fresh = ncap;
    }
    a->fresh[a->n_fresh++] = i;
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
    if (!content || cJSON_IsNull(content))
        return OAI_OK;
    if (!cJSON_IsArray(content))
        return fail(a, "message delta `content` is not a list", NULL);
    cJSON *list = oai__get(snap, "content");
    if (!cJSON_IsArray(list)) {
        cJSON *empty = cJSON_CreateArray();
        if (!empty)
            return nomem(a);
        if (list)
            oai__json_replace(snap, list, empty);
        else if (!cJSON_AddItemToObject(snap, "content", empty)) {
            cJSON_Delete(empty);
            return nomem(a);
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
        if (b) {
            if (!cJSON_IsObject(b))
                return fail(a, "message content block is not an object", NULL);
            rc = oai__merge(b, c, &a->err);
        } else {
            b = cJSON_Duplicate(c, 1);
            if (!b || !cJSON_AddItemToArray(list, b)) {
                cJSON_Delete(b);
                return nomem(a);
            }
            rc = add_fresh(a, i);
        }
        if (rc)
            return rc;
        if (a->n_blocks == a->cap_blocks) {
            size_t ncap = a->cap_blocks ? a->cap_blocks * 2 : 8;
            cJSON **v = oai__realloc(a->blocks, ncap * sizeof *v);
            if (!v)
                return nomem(a);
            a->blocks = v;
            a->cap_blocks = ncap;
        }
        a->blocks[a->n_blocks++] = b;
    }
    return OAI_OK;
}

static int step_delta(oai_accumulator *a, const cJSON *data)
{
    const char *id = id_of(data);
    cJSON *snap = oai__acc_step(a, id);
    if (!snap)
        return fail(a, "Received a run step delta for an unknown step: ", id);
    const cJSON *delta = oai__get(data, "delta");
    if (!delta || cJSON_IsNull(delta))
        return OAI_OK;
    if (!cJSON_IsObject(delta))
        return fail(a, "run step delta `delta` is not an object", NULL);
    return oai__merge(snap, delta, &a->err);
}

static int apply(oai_accumulator *a, oai_event_type t, const cJSON *data,
                 size_t cost, cJSON *take, int *taken)
{
    if (a->retired)
        free_retired(a);
    a->n_fresh = 0;
    a->n_blocks = 0;
    if (a->err.pub.code)
        oai__error_clear(&a->err);
    if (t == OAI_EVENT_UNKNOWN || t == OAI_EVENT_THREAD_CREATED ||
        t >= OAI_EVENT_ERROR || t == OAI_EVENT_MESSAGE_IN_PROGRESS)
        return OAI_OK;
    if (!cJSON_IsObject(data))
        return fail(a, "event data is not an object: ", oai_event_type_name(t));
    if (cost > a->max_bytes - a->bytes) {
        oai__error_set(&a->err, OAI_ELIMIT, "stream snapshots exceed %zu bytes",
                       a->max_bytes);
        oai__error_set_kind(&a->err, "limit");
        return OAI_ELIMIT;
    }
    a->bytes += cost;
    if (oai__event_is_run(t)) {
        cJSON *copy = take ? take : cJSON_Duplicate(data, 1);
        if (!copy)
            return nomem(a);
        oai__json_delete(a->run);
        a->run = copy;
        *taken = take != NULL;
        return OAI_OK;
    }
    switch (t) {
    case OAI_EVENT_MESSAGE_CREATED:
    case OAI_EVENT_MESSAGE_COMPLETED:
    case OAI_EVENT_MESSAGE_INCOMPLETE: {
        long at = store(a, &a->msgs, data, 0, take);
        if (at < 0)
            return a->err.pub.code;
        a->cur_msg = at;
        *taken = take != NULL;
        return OAI_OK;
    }
    case OAI_EVENT_MESSAGE_DELTA:
        return message_delta(a, data);
    case OAI_EVENT_RUN_STEP_DELTA:
        return step_delta(a, data);
    default: /* created, in_progress and terminal step events (DEV-3, DEV-15) */
        if (store(a, &a->steps, data, 1, take) < 0)
            return a->err.pub.code;
        *taken = take != NULL;
        return OAI_OK;
    }
}

int oai__acc_apply(oai_accumulator *a, oai_event_type t, const cJSON *data,
                   size_t cost)
{
    int taken = 0;
    return apply(a, t, data, cost, NULL, &taken);
}

int oai__acc_apply_take(oai_accumulator *a, oai_event_type t, cJSON *data,
                        size_t cost, int *taken)
{
    *taken = 0;
    return apply(a, t, data, cost, data, taken);
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
                          d ? tree_cost(d->child) : 0);
}

const oai_run *oai_accumulator_run(const oai_accumulator *a)
{
    return a ? OAI__VIEW(oai_run, a->run) : NULL;
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
    return a && i < a->steps.n ? OAI__VIEW(oai_run_step, a->steps.v[i].tree)
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
