/* Two Assistants accumulators, with and without the fast path
 * (acc_twin.h). */
#include "acc_twin.h"

#include <stdlib.h>
#include <string.h>

#include "core/json.h"
#include "stream/acc.h"
#include "twin_util.h"

struct acc_twin {
    oai_accumulator *fast, *full;
    long events;
    int deep; /* compare the trees of this event */
};

acc_twin *acc_twin_new(const oai_accumulator_options *opts)
{
    acc_twin *t = calloc(1, sizeof *t);
    if (!t || oai_accumulator_new(&t->fast, opts) != OAI_OK ||
        oai_accumulator_new(&t->full, opts) != OAI_OK) {
        acc_twin_free(t);
        return NULL;
    }
    t->full->fast.disabled = 1;
    return t;
}

void acc_twin_free(acc_twin *t)
{
    if (!t)
        return;
    oai_accumulator_free(t->fast);
    oai_accumulator_free(t->full);
    free(t);
}

unsigned long long acc_twin_fast_hits(const acc_twin *t)
{
    return t->fast->fast.hits;
}

static int same_tree(const cJSON *x, const cJSON *y)
{
    return tw_same_json(oai__view(x), oai__view(y));
}

static const char *same_change(const acc_twin *t, const oai__change *x,
                               const oai__change *y)
{
    if (x->kind != y->kind || memcmp(x->index, y->index, sizeof x->index))
        return "a change record's kind or indices";
    if (!tw_same_str(x->id, y->id) || x->len != y->len ||
        !tw_same_text(x->text, y->text, x->len))
        return "a change record's id or text";
    if (t->deep &&
        (!same_tree(x->delta, y->delta) || !same_tree(x->snap, y->snap)))
        return "a change record's nodes";
    return NULL;
}

static const char *same_changes(const acc_twin *t, const oai__changes *x,
                                const oai__changes *y)
{
    if (!x || !y)
        return x == y ? NULL : "one change list missing";
    if (x->n != y->n)
        return "the number of change records";
    for (size_t i = 0; i < x->n; i++) {
        const char *d = same_change(t, &x->v[i], &y->v[i]);
        if (d)
            return d;
        if (x->v[i].kind == OAI__CH_ERROR &&
            !tw_same_error(&x->err.pub, &y->err.pub))
            return "the error record";
    }
    return NULL;
}

/* The run, message and step snapshots. */
static const char *same_snapshots(const acc_twin *t)
{
    const oai_accumulator *a = t->fast, *b = t->full;
    if (!tw_same_json(oai_run_json(oai_accumulator_run(a)),
                      oai_run_json(oai_accumulator_run(b))))
        return "the run";
    size_t n = oai_accumulator_message_count(a);
    if (n != oai_accumulator_message_count(b) ||
        oai_accumulator_run_step_count(a) != oai_accumulator_run_step_count(b))
        return "the number of messages or steps";
    for (size_t i = 0; i < n; i++)
        if (!tw_same_json(oai_message_json(oai_accumulator_message_at(a, i)),
                          oai_message_json(oai_accumulator_message_at(b, i))))
            return "a message";
    for (size_t i = 0; i < oai_accumulator_run_step_count(a); i++)
        if (!tw_same_json(oai_run_step_json(oai_accumulator_run_step_at(a, i)),
                          oai_run_step_json(oai_accumulator_run_step_at(b, i))))
            return "a run step";
    return NULL;
}

const char *acc_twin_apply(acc_twin *t, const char *name, size_t name_len,
                           const char *data, size_t len)
{
    t->deep = t->events < 64 || t->events % 16 == 0;
    t->events++;
    if (len >= 6 && memcmp(data, "[DONE]", 6) == 0)
        return NULL;
    int exact = !name || strlen(name) == name_len;
    oai_event_type type = name && exact && !strncmp(name, "thread.", 7)
                              ? oai_event_type_from_name(name)
                              : OAI_EVENT_UNKNOWN;
    cJSON *x = oai__acc_parse(t->fast, type, data, len);
    cJSON *y = oai__acc_parse(t->full, type, data, len);
    if (!same_tree(x, y))
        return "the event's tree";
    if (!x || (name && exact && !strcmp(name, "error")) ||
        (type != OAI_EVENT_UNKNOWN && !cJSON_IsObject(x)))
        return NULL; /* the stream stops before the apply */
    const oai__changes *cx = NULL, *cy = NULL;
    int rx = oai__acc_apply(t->fast, type, x, len, &cx);
    int ry = oai__acc_apply(t->full, type, y, len, &cy);
    if (rx != ry)
        return "the return code";
    if (!tw_same_error(oai_accumulator_error(t->fast),
                       oai_accumulator_error(t->full)))
        return "the error";
    const char *d = same_changes(t, cx, cy);
    return d || !t->deep ? d : same_snapshots(t);
}

const char *acc_twin_end(acc_twin *t)
{
    return same_snapshots(t);
}
