/* Delta merge: every vector of semantics.md Appendix B ([N] column), plus
 * DEV-16 and the public accumulator. */
#include "testutil.h"

#include <string.h>

#include "core/json.h"
#include "oai.h"
#include "stream/merge.h"
#include "trace.h"

/* Merge delta into acc; want = expected JSON, or NULL for an error. */
static void vec(const char *acc, const char *delta, const char *want)
{
    cJSON *a = cJSON_Parse(acc), *d = cJSON_Parse(delta);
    assert_non_null(a);
    assert_non_null(d);
    oai__error_store err = {0};
    int rc = oai__merge(a, d, &err);
    if (!want) {
        if (rc != OAI_EACCUMULATE)
            fail_msg("%s + %s: expected an error, got %d", acc, delta, rc);
        assert_int_equal(err.pub.code, OAI_EACCUMULATE);
        assert_non_null(err.pub.message);
    } else {
        cJSON *w = cJSON_Parse(want);
        assert_non_null(w);
        if (rc != OAI_OK || !cJSON_Compare(a, w, 1)) {
            char *got = cJSON_PrintUnformatted(a);
            fail_msg("%s + %s: got %s (rc %d), want %s", acc, delta, got, rc, want);
        }
        cJSON_Delete(w);
    }
    /* the delta is untouched and shares nothing with the result */
    cJSON *d2 = cJSON_Parse(delta);
    assert_true(cJSON_Compare(d, d2, 1));
    cJSON_Delete(d2);
    cJSON_Delete(d);
    oai__json_delete(a);
    oai__error_clear(&err);
}

static void appendix_b(void **state)
{
    (void)state;
    vec("{\"a\":\"x\"}", "{\"a\":\"y\"}", "{\"a\":\"xy\"}");
    vec("{\"n\":1,\"f\":1.5}", "{\"n\":2,\"f\":0.25}", "{\"n\":3,\"f\":1.75}");
    vec("{\"b\":true}", "{\"b\":true}", "{\"b\":true}");
    vec("{\"b\":true}", "{\"b\":false}", "{\"b\":false}");
    vec("{\"index\":0,\"type\":\"a\"}", "{\"index\":3,\"type\":\"b\"}", "{\"index\":3,\"type\":\"b\"}");
    vec("{\"a\":null}", "{\"a\":\"x\"}", "{\"a\":\"x\"}");
    vec("{\"a\":\"x\"}", "{\"a\":null}", "{\"a\":\"x\"}");
    vec("{}", "{\"a\":{\"b\":1}}", "{\"a\":{\"b\":1}}");
    vec("{\"a\":\"x\"}", "{\"a\":5}", "{\"a\":\"x\"}");
    vec("{\"f\":{\"arguments\":\"{\",\"name\":\"n\"}}", "{\"f\":{\"arguments\":\"}\"}}",
        "{\"f\":{\"arguments\":\"{}\",\"name\":\"n\"}}");
    vec("{\"l\":[1,2]}", "{\"l\":[3]}", "{\"l\":[1,2,3]}");
    vec("{\"l\":[]}", "{\"l\":[{\"index\":1,\"v\":\"a\"},{\"index\":0,\"v\":\"b\"}]}",
        "{\"l\":[{\"index\":1,\"v\":\"a\"},{\"index\":0,\"v\":\"b\"}]}");
    vec("{\"l\":[{\"index\":0,\"v\":\"a\"}]}", "{\"l\":[{\"index\":0,\"v\":\"b\"},{\"index\":1,\"v\":\"c\"}]}",
        "{\"l\":[{\"index\":0,\"v\":\"ab\"},{\"index\":1,\"v\":\"c\"}]}");
    vec("{\"l\":[{\"index\":0,\"v\":\"a\"}]}", "{\"l\":[{\"index\":5,\"v\":\"z\"}]}",
        "{\"l\":[{\"index\":0,\"v\":\"a\"},{\"index\":5,\"v\":\"z\"}]}");
    vec("{\"l\":[{\"index\":0,\"v\":\"a\"},{\"index\":5,\"v\":\"z\"}]}", "{\"l\":[{\"index\":5,\"v\":\"!\"}]}",
        "{\"l\":[{\"index\":0,\"v\":\"a\"},{\"index\":5,\"v\":\"z!\"}]}");
    vec("{}", "{\"l\":[{\"index\":0,\"a\":\"x\"},{\"index\":0,\"a\":\"y\"}]}", "{\"l\":[{\"index\":0,\"a\":\"xy\"}]}");
    vec("{\"l\":[{\"index\":0,\"a\":\"x\"}]}", "{\"l\":[{\"index\":0,\"a\":\"y\"},{\"index\":0,\"a\":\"z\"}]}",
        "{\"l\":[{\"index\":0,\"a\":\"xyz\"}]}");
    vec("{\"l\":[{\"index\":0,\"a\":\"x\"},{\"index\":1,\"a\":\"y\"}]}", "{\"l\":[{\"index\":-1,\"a\":\"!\"}]}", NULL);
    vec("{\"l\":[{\"index\":0}]}", "{\"l\":[\"x\"]}", NULL);
    vec("{\"l\":[{\"index\":0}]}", "{\"l\":[{\"v\":1}]}", NULL);
    vec("{\"l\":[{\"index\":0}]}", "{\"l\":[{\"index\":\"0\"}]}", NULL);
    vec("{\"l\":[{\"index\":0},5]}", "{\"l\":[{\"index\":1}]}", NULL);
    vec("{\"l\":[1]}", "{\"l\":\"x\"}", "{\"l\":[1]}");
}

static void more_rules(void **state)
{
    (void)state;
    /* DEV-16: null index/type keep the old value */
    vec("{\"index\":2,\"type\":\"t\"}", "{\"index\":null,\"type\":null}", "{\"index\":2,\"type\":\"t\"}");
    /* null into null, new key null */
    vec("{\"a\":null}", "{\"a\":null,\"b\":null}", "{\"a\":null,\"b\":null}");
    /* slot(): an entry without `index` is matched by position */
    vec("{\"l\":[{\"id\":\"a\",\"v\":\"1\"}]}", "{\"l\":[{\"index\":0,\"v\":\"2\"}]}",
        "{\"l\":[{\"id\":\"a\",\"v\":\"12\",\"index\":0}]}");
    /* index 1.0 is an integer, 1.5 is not */
    vec("{\"l\":[{\"index\":1,\"v\":\"a\"}]}", "{\"l\":[{\"index\":1.0,\"v\":\"b\"}]}", "{\"l\":[{\"index\":1,\"v\":\"ab\"}]}");
    vec("{\"l\":[{\"index\":1}]}", "{\"l\":[{\"index\":1.5}]}", NULL);
    /* nested lists merge by index too (code_interpreter outputs) */
    vec("{\"ci\":{\"input\":\"a\",\"outputs\":[]}}",
        "{\"ci\":{\"input\":\"b\",\"outputs\":[{\"index\":0,\"type\":\"logs\",\"logs\":\"x\"}]}}",
        "{\"ci\":{\"input\":\"ab\",\"outputs\":[{\"index\":0,\"type\":\"logs\",\"logs\":\"x\"}]}}");
    /* bool vs number is another combination: kept */
    vec("{\"n\":1}", "{\"n\":true}", "{\"n\":1}");
}

/* Appending many fragments: the node grows in place (amortised O(1)). */
static void growable_append(void **state)
{
    (void)state;
    cJSON *a = cJSON_Parse("{\"v\":\"\"}");
    cJSON *d = cJSON_Parse("{\"v\":\"0123456789\"}");
    oai__error_store err = {0};
    for (int i = 0; i < 100000; i++)
        assert_int_equal(oai__merge(a, d, &err), OAI_OK);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, "v");
    assert_int_equal(oai__json_str_len(v), 1000000);
    assert_int_equal(strlen(v->valuestring), 1000000);
    cJSON_Delete(d);
    oai__json_delete(a);
}

static void accumulator_api(void **state)
{
    (void)state;
    oai_accumulator *a;
    assert_int_equal(oai_accumulator_new(&a, NULL), OAI_OK);
    oai_json *j;
    assert_null(oai_accumulator_message(a));
    assert_int_equal(oai_json_parse_cstr(&j, "{\"id\":\"m\",\"delta\":{\"content\":[]}}"), OAI_OK);
    assert_int_equal(oai_accumulator_apply(a, "thread.message.delta", j), OAI_EACCUMULATE);
    assert_string_equal(oai_accumulator_error(a)->message,
                        "Encountered a message delta with no previous snapshot");
    oai_json_free(j);
    oai_json_parse_cstr(&j, "{\"id\":\"msg_1\",\"status\":\"in_progress\",\"content\":[]}");
    assert_int_equal(oai_accumulator_apply(a, "thread.message.created", j), OAI_OK);
    oai_json_free(j);
    oai_json_parse_cstr(&j, "{\"id\":\"msg_1\",\"delta\":{\"content\":[{\"index\":0,\"type\":\"text\","
                            "\"text\":{\"value\":\"Hel\",\"annotations\":[]}}]}}");
    assert_int_equal(oai_accumulator_apply(a, "thread.message.delta", j), OAI_OK);
    oai_json_free(j);
    oai_json_parse_cstr(&j, "{\"id\":\"msg_1\",\"delta\":{\"content\":[{\"index\":0,\"type\":\"text\","
                            "\"text\":{\"value\":\"lo\"}}]}}");
    assert_int_equal(oai_accumulator_apply(a, "thread.message.delta", j), OAI_OK);
    oai_json_free(j);
    const oai_message *m = oai_accumulator_message(a);
    assert_string_equal(oai_json_path_string(oai_message_json(m), "content.0.text.value"), "Hello");
    assert_int_equal(oai_accumulator_message_count(a), 1);
    assert_ptr_equal(oai_accumulator_message_at(a, 0), m);
    oai_json_parse_cstr(&j, "{\"id\":\"step_x\",\"delta\":{}}");
    assert_int_equal(oai_accumulator_apply(a, "thread.run.step.delta", j), OAI_EACCUMULATE);
    oai_json_free(j);
    oai_json_parse_cstr(&j, "{\"id\":\"step_1\",\"status\":\"completed\"}");
    assert_int_equal(oai_accumulator_apply(a, "thread.run.step.completed", j), OAI_OK); /* DEV-15 */
    oai_json_free(j);
    assert_int_equal(oai_accumulator_run_step_count(a), 1);
    assert_string_equal(oai_run_step_status(oai_accumulator_run_step(a, "step_1")), "completed");
    oai_json_parse_cstr(&j, "[1]");
    assert_int_equal(oai_accumulator_apply(a, "thread.run.created", j), OAI_EACCUMULATE);
    oai_json_free(j);
    assert_null(oai_accumulator_run(a));
    assert_int_equal(oai_accumulator_apply(NULL, "x", NULL), OAI_EINVAL);
    oai_accumulator_free(a);
    oai_accumulator_free(NULL);

    /* limits */
    oai_accumulator_options o = OAI_ACCUMULATOR_OPTIONS_INIT;
    o.max_snapshots = 1;
    assert_int_equal(oai_accumulator_new(&a, &o), OAI_OK);
    oai_json_parse_cstr(&j, "{\"id\":\"m1\"}");
    assert_int_equal(oai_accumulator_apply(a, "thread.message.created", j), OAI_OK);
    oai_json_free(j);
    oai_json_parse_cstr(&j, "{\"id\":\"m2\"}");
    assert_int_equal(oai_accumulator_apply(a, "thread.message.created", j), OAI_ELIMIT);
    assert_string_equal(trace_error_kind(oai_accumulator_error(a)), "limit");
    oai_json_free(j);
    oai_accumulator_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(appendix_b),
        cmocka_unit_test(more_rules),
        cmocka_unit_test(growable_append),
        cmocka_unit_test(accumulator_api),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
