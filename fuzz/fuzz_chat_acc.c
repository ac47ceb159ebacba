/* Chat Completions accumulator: the input is a chat stream in SSE form (the
 * recorded streams are seeds), fed in pieces split at points derived from
 * the input. Every event is applied whatever earlier applies returned; after
 * each one the update and its change list, the snapshot, every choice and
 * its finish reason and the final completion are read in full. The first
 * byte can shrink the limits so that OAI_ELIMIT paths run. */
#include "fuzz_util.h"

#include "oai/chat_accumulate.h"

static void check_change(const oai_chat_accumulator *a, const oai_chat_change *c)
{
    FZ_CHECK(c->kind >= OAI_CHAT_CHANGE_CHUNK && c->kind <= OAI_CHAT_CHANGE_TOOL_CALL);
    if (c->kind == OAI_CHAT_CHANGE_CHUNK) {
        FZ_CHECK(c->choice == -1 && c->node == oai_chat_accumulator_snapshot(a));
        return;
    }
    FZ_CHECK(c->choice_node != NULL && c->choice_node == oai_chat_accumulator_choice(a, c->choice));
    int tool = c->kind >= OAI_CHAT_CHANGE_TOOL_ARGUMENTS_DELTA;
    FZ_CHECK(tool == (c->tool_index >= 0 && c->tool_index < 128));
    if (c->delta)
        FZ_CHECK(c->delta[c->delta_len] == '\0');
    (void)(fz_walk_json(c->node) + fz_walk_json(c->delta_node));
}

static void read_all(oai_chat_accumulator *a)
{
    size_t sum = fz_walk_json(oai_chat_accumulator_snapshot(a));
    /* the snapshot walk read the choices; here only their lookup */
    for (long long i = -1; i <= 128; i++) {
        const char *fr = oai_chat_accumulator_finish_reason(a, i);
        const oai_json *c = oai_chat_accumulator_choice(a, i);
        FZ_CHECK(!fr || c);
        sum += fr ? strlen(fr) : 0;
    }
    const oai_json *final = NULL;
    int rc = oai_chat_accumulator_final(a, &final);
    FZ_CHECK(rc == OAI_OK || rc == OAI_ENOTREADY || rc == OAI_EACCUMULATE || rc == OAI_ENOMEM);
    FZ_CHECK((rc == OAI_OK) == (final != NULL));
    sum += fz_walk_json(final);
    (void)sum;
}

/* One event, whatever earlier applies returned, then a full read. */
static void on_event(const oai_sse_event *ev, void *ctx)
{
    oai_chat_accumulator *a = ctx;
    const oai_chat_update *u = NULL;
    int rc = oai_chat_accumulator_apply(a, ev->name, ev->data, ev->data_len, &u);
    const oai_error *e = oai_chat_accumulator_error(a);
    if (rc == OAI_OK) {
        FZ_CHECK(e->code == 0 && u != NULL);
        FZ_CHECK((u->chunk == NULL) == (u->chunk_number < 0));
        FZ_CHECK(u->done ? u->n_changes == 0 : u->n_changes >= 1);
        (void)fz_walk_json(u->chunk);
        for (size_t i = 0; i < u->n_changes; i++)
            check_change(a, &u->changes[i]);
    } else {
        FZ_CHECK(u == NULL || (rc == OAI_EACCUMULATE && u->chunk && u->n_changes >= 1));
        FZ_CHECK(rc == OAI_ESTREAM || rc == OAI_EPROTOCOL || rc == OAI_EACCUMULATE || rc == OAI_ELIMIT);
        FZ_CHECK(e->code == rc && e->message && e->message[0]);
    }
    read_all(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oai_chat_accumulator_options o = OAI_CHAT_ACCUMULATOR_OPTIONS_INIT;
    if (size && (data[0] & 0x80)) {
        o.max_event_size = 32 + (size_t)data[0] * 8;
        o.max_snapshot_bytes = 64 + (size_t)data[0] * 32;
    }
    fz_rng rng;
    fz_seed(&rng, data, size);
    oai_chat_accumulator *a = NULL;
    if (oai_chat_accumulator_new(&a, &o) != OAI_OK)
        abort();
    fz_sse_events(data, size, &rng, on_event, a);
    oai_chat_accumulator_free(a);
    return 0;
}
