/* Two chat accumulators, with and without the fast path (chat_twin.h). */
#include "chat_twin.h"

#include <stdlib.h>
#include <string.h>

#include "oai/json.h"
#include "stream/chat_acc.h"
#include "twin_util.h"

struct chat_twin {
    oai_chat_accumulator *fast, *full;
    long events;
    int deep; /* compare the trees of this event */
};

chat_twin *chat_twin_new(const oai_chat_accumulator_options *opts)
{
    chat_twin *t = calloc(1, sizeof *t);
    if (!t || oai_chat_accumulator_new(&t->fast, opts) != OAI_OK ||
        oai_chat_accumulator_new(&t->full, opts) != OAI_OK) {
        chat_twin_free(t);
        return NULL;
    }
    t->full->fast.disabled = 1;
    return t;
}

void chat_twin_free(chat_twin *t)
{
    if (!t)
        return;
    oai_chat_accumulator_free(t->fast);
    oai_chat_accumulator_free(t->full);
    free(t);
}

unsigned long long chat_twin_fast_hits(const chat_twin *t)
{
    return t->fast->fast.hits;
}

/* Both NULL, both the given node, or neither and the same JSON: the
 * snapshot and its choices are compared once, whole. */
static int same_place(const oai_json *x, const oai_json *y, const oai_json *px,
                      const oai_json *py)
{
    if (x == px || y == py)
        return x == px && y == py;
    return tw_same_json(x, y);
}

static const char *same_change(const chat_twin *t, const oai_chat_change *x,
                               const oai_chat_change *y)
{
    if (x->kind != y->kind || x->choice != y->choice ||
        x->tool_index != y->tool_index)
        return "a change record's kind or indices";
    if (x->delta_len != y->delta_len ||
        !tw_same_text(x->delta, y->delta, x->delta_len))
        return "a change record's delta";
    if (!t->deep)
        return NULL;
    const oai_json *sx = oai_chat_accumulator_snapshot(t->fast);
    const oai_json *sy = oai_chat_accumulator_snapshot(t->full);
    const oai_json *cx = oai_chat_accumulator_choice(t->fast, x->choice);
    const oai_json *cy = oai_chat_accumulator_choice(t->full, y->choice);
    if (!tw_same_json(x->delta_node, y->delta_node) ||
        !same_place(x->node, y->node, sx, sy) ||
        !same_place(x->choice_node, y->choice_node, cx, cy))
        return "a change record's nodes";
    return NULL;
}

static const char *same_update(const chat_twin *t, const oai_chat_update *x,
                               const oai_chat_update *y)
{
    if (!x || !y)
        return x == y ? NULL : "one update missing";
    if (x->chunk_number != y->chunk_number || x->done != y->done ||
        x->n_changes != y->n_changes)
        return "the update's number, done flag or record count";
    if (!tw_same_json(x->chunk, y->chunk))
        return "the update's chunk";
    for (size_t i = 0; i < x->n_changes; i++) {
        const char *d = same_change(t, &x->changes[i], &y->changes[i]);
        if (d)
            return d;
    }
    return NULL;
}

static const char *same_error(const oai_chat_accumulator *x,
                              const oai_chat_accumulator *y)
{
    return tw_same_error(oai_chat_accumulator_error(x),
                         oai_chat_accumulator_error(y))
               ? NULL
               : "the error";
}

/* The snapshots and the final completions. */
static const char *same_trees(chat_twin *t)
{
    if (!tw_same_json(oai_chat_accumulator_snapshot(t->fast),
                      oai_chat_accumulator_snapshot(t->full)) ||
        oai_chat_accumulator_chunks(t->fast) !=
            oai_chat_accumulator_chunks(t->full))
        return "the snapshot";
    const oai_json *fx = NULL, *fy = NULL;
    int rx = oai_chat_accumulator_final(t->fast, &fx);
    int ry = oai_chat_accumulator_final(t->full, &fy);
    if (rx != ry || same_error(t->fast, t->full) || !tw_same_json(fx, fy))
        return "the final completion";
    return NULL;
}

const char *chat_twin_apply(chat_twin *t, const char *name, const char *data,
                            size_t len)
{
    const oai_chat_update *x = NULL, *y = NULL;
    int rx = oai_chat_accumulator_apply(t->fast, name, data, len, &x);
    int ry = oai_chat_accumulator_apply(t->full, name, data, len, &y);
    t->deep = t->events < 64 || t->events % 16 == 0;
    t->events++;
    const char *d = rx != ry ? "the return code" : NULL;
    if (!d)
        d = same_error(t->fast, t->full);
    if (!d)
        d = same_update(t, x, y);
    if (!d && t->deep)
        d = same_trees(t);
    return d;
}

const char *chat_twin_end(chat_twin *t)
{
    t->deep = 1;
    return same_trees(t);
}
