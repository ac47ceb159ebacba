/* The change list (stream/changes.h) and the records the accumulator
 * builds from each event (stream/acc.h), read directly: kinds, indices,
 * borrowed text and snapshots, the error record, and the step tree a tool
 * call outlives. */
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "oai.h"
#include "stream/acc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static void list_grows_and_resets(void **state)
{
    (void)state;
    oai__changes c = {0};
    for (int i = 0; i < 100; i++) {
        oai__change *r = oai__changes_add(&c, i);
        assert_non_null(r);
        assert_int_equal(r->kind, i);
        assert_true(r->index[0] == -1 && r->index[1] == -1 &&
                    r->index[2] == -1);
        assert_null(r->text);
        assert_null(r->snap);
        r->index[1] = i;
    }
    assert_int_equal(c.n, 100);
    assert_int_equal(c.v[57].index[1], 57);
    oai__change *v = c.v;
    size_t cap = c.cap;
    oai__changes_reset(&c);
    assert_int_equal(c.n, 0);
    for (int i = 0; i < 100; i++)
        assert_non_null(oai__changes_add(&c, i));
    assert_ptr_equal(c.v, v); /* a warm list does not allocate */
    assert_int_equal(c.cap, cap);
    oai__changes_free(&c);
    assert_null(c.v);
}

/* Parse `json` as the event's own data and apply it. */
static const oai__changes *apply(oai_accumulator *a, const char *name,
                                 const char *json)
{
    oai_event_type t = oai_event_type_from_name(name);
    cJSON *data = oai__acc_parse(a, t, json, strlen(json));
    assert_non_null(data);
    const oai__changes *ch = NULL;
    assert_int_equal(oai__acc_apply(a, t, data, strlen(json), &ch), OAI_OK);
    assert_non_null(ch);
    return ch;
}

static const char *value_of(const cJSON *text)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(text, "value");
    return cJSON_IsString(v) ? v->valuestring : "";
}

static void expect_kinds(const oai__changes *ch, const int *kinds, size_t n)
{
    assert_int_equal(ch->n, n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(ch->v[i].kind, kinds[i]);
}
#define EXPECT(ch, ...)                                                        \
    do {                                                                       \
        const int k_[] = {__VA_ARGS__};                                        \
        expect_kinds(ch, k_, sizeof k_ / sizeof k_[0]);                        \
    } while (0)

#define DELTA(i, text)                                                         \
    "{\"id\":\"m1\",\"delta\":{\"content\":[{\"index\":" #i                    \
    ",\"type\":\"text\",\"text\":{\"value\":\"" text "\"}}]}}"

static void message_records(void **state)
{
    (void)state;
    oai_accumulator *a;
    assert_int_equal(oai_accumulator_new(&a, NULL), OAI_OK);
    const oai__changes *ch = apply(a, "thread.message.created",
                                   "{\"id\":\"m1\",\"content\":[]}");
    EXPECT(ch, OAI__CH_MESSAGE_CREATED);
    assert_ptr_equal(ch->v[0].snap, oai__acc_message(a));

    ch = apply(a, "thread.message.delta", DELTA(0, "Hel"));
    EXPECT(ch, OAI__CH_TEXT_CREATED, OAI__CH_TEXT_DELTA, OAI__CH_MESSAGE_DELTA);
    assert_string_equal(value_of(ch->v[0].snap), "Hel");
    assert_int_equal(ch->v[1].index[0], 0);
    assert_string_equal(ch->v[1].id, "m1");
    assert_string_equal(ch->v[2].id, "m1");
    assert_int_equal(ch->v[1].len, 3);
    assert_memory_equal(ch->v[1].text, "Hel", 3);
    assert_ptr_equal(ch->v[1].snap, ch->v[0].snap);

    ch = apply(a, "thread.message.delta", DELTA(0, "lo"));
    EXPECT(ch, OAI__CH_TEXT_DELTA, OAI__CH_MESSAGE_DELTA);
    assert_string_equal(value_of(ch->v[0].snap), "Hello");
    assert_string_equal(value_of(ch->v[0].delta), "lo");

    /* a new block: its created and delta come before the previous done */
    ch = apply(a, "thread.message.delta", DELTA(1, "Bye"));
    EXPECT(ch, OAI__CH_TEXT_CREATED, OAI__CH_TEXT_DELTA, OAI__CH_TEXT_DONE,
           OAI__CH_MESSAGE_DELTA);
    assert_int_equal(ch->v[0].index[0], 1);
    assert_int_equal(ch->v[2].index[0], 0);
    assert_string_equal(value_of(ch->v[2].snap), "Hello");

    /* the last done comes from the server's completed message */
    ch = apply(a, "thread.message.completed",
               "{\"id\":\"m1\",\"content\":[{\"type\":\"text\",\"text\":{"
               "\"value\":\"Hello\"}},{\"type\":\"text\",\"text\":{\"value\":"
               "\"Bye!\"}}]}");
    EXPECT(ch, OAI__CH_TEXT_DONE, OAI__CH_MESSAGE_DONE);
    assert_string_equal(value_of(ch->v[0].snap), "Bye!");
    assert_ptr_equal(ch->v[1].snap, oai__acc_message(a));

    /* warm: a thousand more deltas never grow the list */
    apply(a, "thread.message.created", "{\"id\":\"m2\",\"content\":[]}");
    apply(a, "thread.message.delta", DELTA(0, "x"));
    size_t cap = a->changes.cap;
    for (int i = 0; i < 1000; i++)
        apply(a, "thread.message.delta", DELTA(0, "x"));
    assert_int_equal(a->changes.cap, cap);
    oai_accumulator_free(a);
}

/* Two content deltas for one index in one event leave a block that is no
 * longer text: the list ends in an error record, while the public apply
 * still succeeds. */
static void error_record(void **state)
{
    (void)state;
    static const char delta[] =
        "{\"id\":\"m1\",\"delta\":{\"content\":[{\"index\":0,\"type\":"
        "\"text\",\"text\":{\"value\":\"a\"}},{\"index\":0,\"type\":"
        "\"image_file\"}]}}";
    oai_accumulator *a;
    assert_int_equal(oai_accumulator_new(&a, NULL), OAI_OK);
    apply(a, "thread.message.created", "{\"id\":\"m1\",\"content\":[]}");
    const oai__changes *ch = apply(a, "thread.message.delta", delta);
    EXPECT(ch, OAI__CH_ERROR);
    assert_int_equal(ch->err.pub.code, OAI_EACCUMULATE);
    assert_non_null(strstr(ch->err.pub.message, "not text"));

    oai_json *d = NULL;
    assert_int_equal(oai_json_parse(&d, delta, strlen(delta)), OAI_OK);
    assert_int_equal(oai_accumulator_apply(a, "thread.message.delta", d),
                     OAI_OK);
    oai_json_free(d);
    oai_accumulator_free(a);
}

#define STEP(status)                                                           \
    "{\"id\":\"s1\",\"status\":\"" status "\",\"step_details\":{\"type\":"    \
    "\"tool_calls\",\"tool_calls\":[]}}"
#define CALL(i, args)                                                          \
    "{\"id\":\"s1\",\"delta\":{\"step_details\":{\"type\":\"tool_calls\","     \
    "\"tool_calls\":[{\"index\":" #i ",\"type\":\"function\",\"function\":{"  \
    "\"arguments\":\"" args "\"}}]}}}"

static const char *arguments_of(const cJSON *call)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(call, "function");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(f, "arguments");
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* The step tree holding the current tool call is replaced (in_progress):
 * the call's done record still reads the accumulated call, and the old
 * tree is released once the call moves on (ASan checks both). */
static void tool_call_records(void **state)
{
    (void)state;
    oai_accumulator *a;
    assert_int_equal(oai_accumulator_new(&a, NULL), OAI_OK);
    const oai__changes *ch =
        apply(a, "thread.run.step.created", STEP("in_progress"));
    EXPECT(ch, OAI__CH_STEP_CREATED);
    assert_int_equal(ch->v[0].index[0], 0);

    ch = apply(a, "thread.run.step.delta", CALL(0, "a"));
    EXPECT(ch, OAI__CH_TOOL_CALL_CREATED, OAI__CH_STEP_DELTA);
    ch = apply(a, "thread.run.step.delta", CALL(0, "b"));
    EXPECT(ch, OAI__CH_TOOL_CALL_DELTA, OAI__CH_STEP_DELTA);
    assert_string_equal(arguments_of(ch->v[0].snap), "ab");

    ch = apply(a, "thread.run.step.in_progress", STEP("in_progress"));
    EXPECT(ch, OAI__CH_STEP_UPDATED);
    assert_non_null(a->tc_kept);

    ch = apply(a, "thread.run.step.delta", CALL(1, "c"));
    EXPECT(ch, OAI__CH_TOOL_CALL_DONE, OAI__CH_TOOL_CALL_CREATED,
           OAI__CH_STEP_DELTA);
    assert_string_equal(arguments_of(ch->v[0].snap), "ab");
    assert_string_equal(ch->v[0].id, "s1");
    assert_int_equal(ch->v[0].index[0], 0);
    assert_int_equal(ch->v[1].index[0], 1);

    ch = apply(a, "thread.run.step.completed", STEP("completed"));
    EXPECT(ch, OAI__CH_TOOL_CALL_DONE, OAI__CH_STEP_DONE);
    assert_string_equal(arguments_of(ch->v[0].snap), "c");

    /* the replaced tree the last done read lives until the next event */
    ch = apply(a, "thread.run.completed", "{\"id\":\"r1\"}");
    EXPECT(ch, OAI__CH_RUN);
    assert_string_equal(ch->v[0].id, "r1");
    assert_null(a->tc_kept);
    oai_accumulator_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_grows_and_resets),
        cmocka_unit_test(message_records),
        cmocka_unit_test(error_record),
        cmocka_unit_test(tool_call_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
