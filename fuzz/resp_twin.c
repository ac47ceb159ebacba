/* Two Responses accumulators, with and without the fast path
 * (resp_twin.h). */
#include "resp_twin.h"

#include <stdlib.h>
#include <string.h>

#include "stream/resp_acc.h"
#include "twin_util.h"

struct resp_twin {
    oai_response_accumulator *fast, *full;
    long events;
    int deep; /* compare the trees of this event */
};

resp_twin *resp_twin_new(const oai_response_accumulator_options *opts)
{
    resp_twin *t = calloc(1, sizeof *t);
    if (!t || oai_response_accumulator_new(&t->fast, opts) != OAI_OK ||
        oai_response_accumulator_new(&t->full, opts) != OAI_OK) {
        resp_twin_free(t);
        return NULL;
    }
    t->full->fast.disabled = 1;
    return t;
}

void resp_twin_free(resp_twin *t)
{
    if (!t)
        return;
    oai_response_accumulator_free(t->fast);
    oai_response_accumulator_free(t->full);
    free(t);
}

void resp_twin_resume(resp_twin *t)
{
    t->fast->resumed = t->full->resumed = 1;
}

unsigned long long resp_twin_fast_hits(const resp_twin *t)
{
    return t->fast->fast.hits;
}

static const char *same_change(const resp_twin *t, const oai_response_change *x,
                               const oai_response_change *y)
{
    if (x->kind != y->kind || x->output_index != y->output_index ||
        x->index != y->index || !tw_same_str(x->item_id, y->item_id))
        return "a change's kind, indices or item id";
    if (x->delta_len != y->delta_len ||
        !tw_same_text(x->delta, y->delta, x->delta_len))
        return "a change's delta";
    if (t->deep &&
        (!tw_same_json(x->node, y->node) || !tw_same_json(x->item, y->item)))
        return "a change's nodes";
    return NULL;
}

static const char *same_update(const resp_twin *t, const oai_response_update *x,
                               const oai_response_update *y)
{
    if (!x || !y)
        return x == y ? NULL : "one update missing";
    if (x->type != y->type || !tw_same_str(x->type_name, y->type_name) ||
        x->sequence_number != y->sequence_number ||
        x->n_changes != y->n_changes)
        return "the update's type, sequence number or change count";
    if (!tw_same_json(x->event, y->event))
        return "the update's event";
    for (size_t i = 0; i < x->n_changes; i++) {
        const char *d = same_change(t, &x->changes[i], &y->changes[i]);
        if (d)
            return d;
    }
    return NULL;
}

/* The state besides the trees. */
static const char *same_state(const resp_twin *t)
{
    const oai_response_accumulator *a = t->fast, *b = t->full;
    const char *wa, *wb;
    if (oai_response_accumulator_last_sequence_number(a) !=
            oai_response_accumulator_last_sequence_number(b) ||
        oai_response_accumulator_warnings(a, &wa) !=
            oai_response_accumulator_warnings(b, &wb) ||
        !tw_same_str(wa, wb) ||
        !tw_same_str(oai_response_accumulator_response_id(a),
                     oai_response_accumulator_response_id(b)))
        return "the sequence number, warnings or response id";
    return NULL;
}

/* The snapshots, the final responses and output_text. */
static const char *same_trees(resp_twin *t)
{
    if (!tw_same_json(oai_response_accumulator_snapshot(t->fast),
                      oai_response_accumulator_snapshot(t->full)))
        return "the snapshot";
    oai_response_end ex, ey;
    const oai_json *fx = oai_response_accumulator_final(t->fast, &ex);
    const oai_json *fy = oai_response_accumulator_final(t->full, &ey);
    if (ex != ey || !tw_same_json(fx, fy))
        return "the final response";
    const char *tx, *ty;
    size_t nx, ny;
    int rx = oai_response_accumulator_output_text(t->fast, &tx, &nx);
    int ry = oai_response_accumulator_output_text(t->full, &ty, &ny);
    if (rx != ry || (rx == OAI_OK && (nx != ny || !tw_same_text(tx, ty, nx))))
        return "output_text";
    return NULL;
}

const char *resp_twin_apply(resp_twin *t, const char *name, const char *data,
                            size_t len)
{
    const oai_response_update *x = NULL, *y = NULL;
    int rx = oai_response_accumulator_apply(t->fast, name, data, len, &x);
    int ry = oai_response_accumulator_apply(t->full, name, data, len, &y);
    t->deep = t->events < 64 || t->events % 16 == 0;
    t->events++;
    const char *d = rx != ry ? "the return code" : NULL;
    if (!d && !tw_same_error(oai_response_accumulator_error(t->fast),
                             oai_response_accumulator_error(t->full)))
        d = "the error";
    if (!d)
        d = same_update(t, x, y);
    if (!d)
        d = same_state(t);
    if (!d && t->deep)
        d = same_trees(t);
    return d;
}

const char *resp_twin_end(resp_twin *t)
{
    const char *d = same_state(t);
    return d ? d : same_trees(t);
}
