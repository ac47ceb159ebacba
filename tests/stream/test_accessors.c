/* The current_* accessors and the event views of semantics §5 over corpus
 * stream vectors: what each accessor shows inside the hooks and after the
 * stream, for messages (two, the second created after the first completed)
 * and for a run step. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "oai.h"

typedef struct seen {
    oai_stream *s;
    int created, done, events;
    int raw_ok;
} seen;

static int on_event(const oai_event *ev, void *ud)
{
    seen *x = ud;
    x->events++;
    assert_ptr_equal(oai_stream_current_event(x->s), ev);
    /* raw is the data text; the typed view is that same object */
    size_t len;
    const char *raw = oai_event_raw(ev, &len);
    assert_non_null(raw);
    assert_int_equal(strlen(raw), len);
    oai_json *j = NULL;
    assert_int_equal(oai_json_parse(&j, raw, len), OAI_OK);
    const char *id = oai_json_path_string(j, "id");
    oai_event_type t = oai_event_type_of(ev);
    const oai_message *m = oai_event_message(ev);
    const oai_run *r = oai_event_run(ev);
    if (t == OAI_EVENT_MESSAGE_CREATED || t == OAI_EVENT_MESSAGE_COMPLETED) {
        assert_non_null(m);
        assert_string_equal(oai_message_id(m), id);
        assert_string_equal(oai_message_role(m), "assistant");
        assert_null(r);
    } else if (t == OAI_EVENT_MESSAGE_DELTA) {
        assert_null(m); /* deltas are not messages */
    } else {
        assert_non_null(r);
        assert_string_equal(oai_run_id(r), id);
        assert_null(m);
    }
    assert_null(oai_event_run_step(ev));
    oai_json_free(j);
    x->raw_ok++;
    return 0;
}

static int on_message_created(const oai_message *m, void *ud)
{
    seen *x = ud;
    const oai_message *cur = oai_stream_current_message(x->s);
    assert_non_null(cur);
    assert_string_equal(oai_message_id(cur), oai_message_id(m));
    assert_string_equal(oai_message_status(cur), "in_progress");
    x->created++;
    return 0;
}

static int on_message_done(const oai_message *m, void *ud)
{
    seen *x = ud;
    /* after completion the current message is the server's object */
    const oai_message *cur = oai_stream_current_message(x->s);
    assert_non_null(cur);
    assert_string_equal(oai_message_id(cur), oai_message_id(m));
    assert_string_equal(oai_message_status(cur), "completed");
    x->done++;
    return 0;
}

static void current_accessors(void **state)
{
    (void)state;
    size_t len;
    char *sse = tu_read_file(tu_corpus_path("vectors/dev2_two_messages.sse"), &len);
    assert_non_null(sse);
    seen x = { 0 };
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.user_data = &x;
    h.on_event = on_event;
    h.on_message_created = on_message_created;
    h.on_message_done = on_message_done;
    oai_stream_options o = OAI_STREAM_OPTIONS_INIT;
    o.handler = &h;
    assert_int_equal(oai_stream_new(&x.s, &o), OAI_OK);
    assert_null(oai_stream_current_message(x.s)); /* none before the first */
    assert_null(oai_stream_current_run(x.s));
    assert_int_equal(oai_stream_feed(x.s, sse, len), OAI_OK);
    assert_int_equal(oai_stream_feed_end(x.s), OAI_OK);
    const oai_event *ev;
    int rc;
    while ((rc = oai_stream_next(&ev, x.s)) == OAI_OK) {
        assert_null(oai_stream_current_event(x.s)); /* only while hooks run */
        if (oai_event_type_of(ev) == OAI_EVENT_MESSAGE_DELTA) {
            const oai_message *cur = oai_stream_current_message(x.s);
            assert_non_null(cur);
            assert_string_equal(oai_message_status(cur), "in_progress");
        }
    }
    assert_int_equal(rc, OAI_ITEROVER);
    assert_int_equal(x.created, 2);
    assert_int_equal(x.done, 2);
    assert_int_equal(x.events, 9);
    assert_int_equal(x.raw_ok, 9);
    /* the last message stays current after the stream; the run is the last */
    const oai_message *cur = oai_stream_current_message(x.s);
    assert_non_null(cur);
    assert_string_equal(oai_message_id(cur), "msg_2");
    assert_string_equal(oai_message_status(cur), "completed");
    assert_string_equal(oai_json_path_string(oai_message_json(cur), "content.0.text.value"), "C");
    assert_string_equal(oai_run_status(oai_stream_current_run(x.s)), "completed");
    assert_null(oai_stream_current_run_step(x.s));
    oai_stream_free(x.s);
    free(sse);
}

/* vectors/dev3_step_status.sse: the current run step is set by created and
 * in_progress and cleared by completed; step events carry a run-step view;
 * the accumulator keeps the step as of its last event (DEV-3). */
static int step_event(const oai_event *ev, void *ud)
{
    seen *x = ud;
    oai_event_type t = oai_event_type_of(ev);
    const oai_run_step *st = oai_event_run_step(ev);
    if (t == OAI_EVENT_RUN_STEP_CREATED || t == OAI_EVENT_RUN_STEP_IN_PROGRESS ||
        t == OAI_EVENT_RUN_STEP_COMPLETED) {
        assert_non_null(st);
        assert_string_equal(oai_run_step_id(st), "step_1");
        assert_string_equal(oai_run_step_type(st), "message_creation");
        assert_null(oai_event_run(ev));
        x->events++;
    } else {
        assert_null(st);
    }
    return 0;
}

static void current_run_step(void **state)
{
    (void)state;
    size_t len;
    char *sse = tu_read_file(tu_corpus_path("vectors/dev3_step_status.sse"), &len);
    assert_non_null(sse);
    seen x = { 0 };
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.user_data = &x;
    h.on_event = step_event;
    oai_stream_options o = OAI_STREAM_OPTIONS_INIT;
    o.handler = &h;
    assert_int_equal(oai_stream_new(&x.s, &o), OAI_OK);
    assert_int_equal(oai_stream_feed(x.s, sse, len), OAI_OK);
    assert_int_equal(oai_stream_feed_end(x.s), OAI_OK);
    oai_accumulator *a = NULL;
    assert_int_equal(oai_accumulator_new(&a, NULL), OAI_OK);
    const oai_event *ev;
    int rc;
    while ((rc = oai_stream_next(&ev, x.s)) == OAI_OK) {
        oai_event_type t = oai_event_type_of(ev);
        const oai_run_step *cur = oai_stream_current_run_step(x.s);
        if (t == OAI_EVENT_RUN_STEP_CREATED || t == OAI_EVENT_RUN_STEP_IN_PROGRESS) {
            assert_non_null(cur);
            assert_string_equal(oai_run_step_id(cur), "step_1");
        } else {
            assert_null(cur);
        }
        assert_int_equal(oai_accumulator_apply(a, oai_event_name(ev), oai_event_json(ev)), OAI_OK);
    }
    assert_int_equal(rc, OAI_ITEROVER);
    assert_int_equal(x.events, 3);
    assert_int_equal(oai_accumulator_run_step_count(a), 1);
    const oai_run_step *st = oai_accumulator_run_step_at(a, 0);
    assert_non_null(st);
    assert_ptr_equal(st, oai_accumulator_run_step(a, "step_1"));
    assert_string_equal(oai_run_step_status(st), "completed");
    assert_null(oai_accumulator_run_step_at(a, 1));
    assert_string_equal(oai_run_status(oai_accumulator_run(a)), "completed");
    oai_accumulator_free(a);
    oai_stream_free(x.s);
    free(sse);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(current_accessors),
        cmocka_unit_test(current_run_step),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
