/* Accumulator: the input is an event stream in SSE form (so the recorded
 * streams are seeds); every event with JSON data is applied, whatever its
 * name and whatever earlier applies returned, and every snapshot is read
 * after each apply. The first byte can shrink the limits so OAI_ELIMIT
 * paths run too. */
#include "fuzz_util.h"

static void read_all(const oai_accumulator *a)
{
    size_t sum = fz_walk_run(oai_accumulator_run(a));
    sum += fz_walk_message(oai_accumulator_message(a));
    size_t nm = oai_accumulator_message_count(a);
    for (size_t i = 0; i < nm; i++) {
        const oai_message *m = oai_accumulator_message_at(a, i);
        FZ_CHECK(m != NULL);
        sum += fz_walk_message(m);
    }
    FZ_CHECK(oai_accumulator_message_at(a, nm) == NULL);
    size_t ns = oai_accumulator_run_step_count(a);
    for (size_t i = 0; i < ns; i++) {
        const oai_run_step *st = oai_accumulator_run_step_at(a, i);
        FZ_CHECK(st != NULL);
        sum += fz_walk_step(st);
        const char *id = oai_run_step_id(st);
        if (id)
            FZ_CHECK(oai_accumulator_run_step(a, id) != NULL);
    }
    FZ_CHECK(oai_accumulator_run_step_at(a, ns) == NULL);
    (void)sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    oai_accumulator_options o = OAI_ACCUMULATOR_OPTIONS_INIT;
    if (size && (data[0] & 0x80)) {
        o.max_snapshot_bytes = 64 + (size_t)data[0] * 16;
        o.max_snapshots = 1 + (data[0] & 7);
    }
    oai_accumulator *a = NULL;
    oai_sse_parser *p = NULL;
    if (oai_accumulator_new(&a, &o) != OAI_OK || oai_sse_parser_new(&p, NULL) != OAI_OK)
        abort();
    FZ_CHECK(oai_sse_parser_feed(p, data, size) == OAI_OK);
    FZ_CHECK(oai_sse_parser_feed_end(p) == OAI_OK);
    const oai_sse_event *ev;
    while (oai_sse_parser_next(&ev, p) == OAI_OK) {
        oai_json *j = NULL;
        if (oai_json_parse(&j, ev->data, ev->data_len) != OAI_OK)
            continue;
        int rc = oai_accumulator_apply(a, ev->name ? ev->name : "", j);
        const oai_error *e = oai_accumulator_error(a);
        if (rc != OAI_OK) {
            FZ_CHECK(rc == OAI_EACCUMULATE || rc == OAI_ELIMIT);
            FZ_CHECK(e && e->code == rc && e->message[0] != '\0');
        }
        oai_json_free(j);
        read_all(a);
    }
    oai_sse_parser_free(p);
    oai_accumulator_free(a);
    return 0;
}
