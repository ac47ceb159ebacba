/* Responses accumulator: the input is a response stream in SSE form (the
 * recorded streams are seeds), fed in pieces split at points derived from
 * the input. Every event is applied whatever earlier applies returned, and
 * after each one the update, its change list, the snapshot, the final
 * response and output_text are read in full. The first byte can shrink
 * the limits (so OAI_ELIMIT paths run) and turn strict mode on. */
#include "fuzz_util.h"

#include "oai/response_accumulate.h"

static void check_update(oai_response_accumulator *a, const oai_response_update *u)
{
    FZ_CHECK(u != NULL && u->type_name != NULL);
    FZ_CHECK(u->n_changes <= 1);
    FZ_CHECK((u->event == NULL) == (u->type == OAI_RESPONSE_EVENT_DONE_SENTINEL));
    size_t sum = fz_walk_json(u->event);
    for (size_t i = 0; i < u->n_changes; i++) {
        const oai_response_change *c = &u->changes[i];
        FZ_CHECK(c->kind >= OAI_RESPONSE_CHANGE_RESPONSE && c->kind <= OAI_RESPONSE_CHANGE_ANNOTATION);
        FZ_CHECK(c->node != NULL);
        FZ_CHECK((c->item == NULL) == (c->kind == OAI_RESPONSE_CHANGE_RESPONSE));
        if (c->item)
            FZ_CHECK(oai_response_accumulator_item(a, c->output_index) == c->item);
        if (c->delta)
            FZ_CHECK(c->delta[c->delta_len] == '\0');
        sum += fz_walk_json(c->node) + fz_walk_json(c->item);
    }
    (void)sum;
}

static void read_all(oai_response_accumulator *a)
{
    const oai_json *snap = oai_response_accumulator_snapshot(a);
    size_t sum = fz_walk_json(snap);
    oai_response_end end;
    const oai_json *fin = oai_response_accumulator_final(a, &end);
    FZ_CHECK((fin == NULL) == (end == OAI_RESPONSE_END_NONE));
    sum += fz_walk_json(fin);
    const oai_json *out = oai_json_get(snap, "output");
    size_t n = oai_json_is_array(out) ? oai_json_size(out) : 0;
    for (long long i = 0; i < (long long)n + 2; i++)
        sum += fz_walk_json(oai_response_accumulator_item(a, i));
    const char *text;
    size_t len;
    int rc = oai_response_accumulator_output_text(a, &text, &len);
    FZ_CHECK(rc == OAI_OK || rc == OAI_ENOMEM);
    if (rc == OAI_OK)
        FZ_CHECK(text[len] == '\0');
    const char *id = oai_response_accumulator_response_id(a);
    if (id)
        sum += strlen(id);
    (void)sum;
}

/* One event, whatever earlier applies returned, then a full read. */
static void on_event(const oai_sse_event *ev, void *ctx)
{
    oai_response_accumulator *a = ctx;
    const oai_response_update *u = NULL;
    int rc = oai_response_accumulator_apply(a, ev->name, ev->data, ev->data_len, &u);
    const oai_error *e = oai_response_accumulator_error(a);
    if (rc == OAI_OK) {
        FZ_CHECK(e->code == 0);
        check_update(a, u);
    } else {
        FZ_CHECK(u == NULL);
        FZ_CHECK(rc == OAI_ESTREAM || rc == OAI_EPROTOCOL || rc == OAI_EACCUMULATE || rc == OAI_ELIMIT);
        FZ_CHECK(e->code == rc && e->message && e->message[0]);
    }
    read_all(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oai_response_accumulator_options o = OAI_RESPONSE_ACCUMULATOR_OPTIONS_INIT;
    if (size && (data[0] & 0x80)) {
        o.max_event_size = 32 + (size_t)data[0] * 8;
        o.max_snapshot_bytes = 64 + (size_t)data[0] * 32;
    }
    if (size && (data[0] & 0x40))
        o.flags = OAI_RESPONSE_ACCUMULATOR_STRICT;
    fz_rng rng;
    fz_seed(&rng, data, size);
    oai_response_accumulator *a = NULL;
    if (oai_response_accumulator_new(&a, &o) != OAI_OK)
        abort();
    fz_sse_events(data, size, &rng, on_event, a);
    oai_response_accumulator_free(a);
    return 0;
}
