/* The chat accumulator on hand-written chunks: decoding and its error
 * classes, the merge rules, the helper events and their order, the final
 * completion, limits and argument checks. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "oai/chat_accumulate.h"
#include "trace.h"

static oai_chat_accumulator *acc(size_t max_event, size_t max_bytes)
{
    oai_chat_accumulator_options o = OAI_CHAT_ACCUMULATOR_OPTIONS_INIT;
    o.max_event_size = max_event;
    o.max_snapshot_bytes = max_bytes;
    oai_chat_accumulator *a = NULL;
    assert_int_equal(oai_chat_accumulator_new(&a, &o), OAI_OK);
    return a;
}

static int put(oai_chat_accumulator *a, const char *name, const char *data,
               const oai_chat_update **u)
{
    const oai_chat_update *dummy;
    return oai_chat_accumulator_apply(a, name, data, strlen(data),
                                      u ? u : &dummy);
}

/* Apply chunk data that must be accepted; its update. */
static const oai_chat_update *ok(oai_chat_accumulator *a, const char *data)
{
    const oai_chat_update *u = NULL;
    int rc = put(a, NULL, data, &u);
    if (rc != OAI_OK)
        fail_msg("apply: %d %s", rc, oai_chat_accumulator_error(a)->message);
    return u;
}

/* The update's records as "kind:choice:tool" words, for order checks. */
static const char *records(const oai_chat_update *u)
{
    static const char *const names[] = {"",   "chunk", "c+",  "c.",  "r+",
                                        "r.", "lc+",   "lc.", "lr+", "lr.",
                                        "t+", "t.",    "tc"};
    static char buf[1024];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < u->n_changes && n < sizeof buf - 40; i++) {
        const oai_chat_change *c = &u->changes[i];
        if (c->kind == OAI_CHAT_CHANGE_CHUNK)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%schunk",
                                  i ? " " : "");
        else if (c->tool_index >= 0)
            n += (size_t)snprintf(buf + n, sizeof buf - n, " %s%lld.%lld",
                                  names[c->kind], c->choice, c->tool_index);
        else
            n += (size_t)snprintf(buf + n, sizeof buf - n, " %s%lld",
                                  names[c->kind], c->choice);
    }
    return buf;
}

static void expect_error(const char *name, const char *data, int code,
                         const char *kind, const char *msg)
{
    oai_chat_accumulator *a = acc(0, 0);
    const oai_chat_update *u = (const oai_chat_update *)1;
    assert_int_equal(put(a, name, data, &u), code);
    assert_null(u);
    const oai_error *e = oai_chat_accumulator_error(a);
    assert_int_equal(e->code, code);
    assert_string_equal(trace_error_kind(e), kind);
    if (msg)
        assert_non_null(strstr(e->message, msg));
    oai_chat_accumulator_free(a);
}

static void error_classes(void **state)
{
    (void)state;
    expect_error(NULL, "{not json", OAI_EPROTOCOL, "decode_error", "not JSON");
    expect_error("error",
                 "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\","
                 "\"code\":500}}",
                 OAI_ESTREAM, "api_error", "boom");
    expect_error("error", "plain text", OAI_ESTREAM, "api_error", "plain text");
    expect_error(NULL, "{\"error\":\"quota exceeded\"}", OAI_ESTREAM,
                 "api_error", "quota exceeded");
    expect_error(NULL,
                 "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{}}],"
                 "\"error\":{\"message\":\"late\"}}",
                 OAI_ESTREAM, "api_error", "late");
    expect_error(NULL, "[1,2]", OAI_EACCUMULATE, "accumulate_error",
                 "not a JSON object");
    expect_error(NULL, "{\"choices\":[{\"index\":128,\"delta\":{}}]}",
                 OAI_EACCUMULATE, "accumulate_error", "index");
    expect_error(NULL, "{\"choices\":[{\"index\":1.5,\"delta\":{}}]}",
                 OAI_EACCUMULATE, "accumulate_error", "index");
    expect_error(NULL, "{\"choices\":[{\"index\":\"0\",\"delta\":{}}]}",
                 OAI_EACCUMULATE, "accumulate_error", "index");
    expect_error(NULL, "{\"choices\":[null]}", OAI_EACCUMULATE,
                 "accumulate_error", "not an object");
    expect_error(NULL,
                 "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":{"
                 "\"index\":0}}}]}",
                 OAI_EACCUMULATE, "accumulate_error", "not an array");
    expect_error(NULL,
                 "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[7]}}]}",
                 OAI_EACCUMULATE, "accumulate_error", "not an object");
    expect_error(NULL,
                 "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{"
                 "\"index\":-1}]}}]}",
                 OAI_EACCUMULATE, "accumulate_error", "index");
    expect_error(NULL, "{\"choices\":[{\"index\":0,\"message\":null}]}",
                 OAI_EACCUMULATE, "accumulate_error", NULL);
    /* a tool call that never got a type cannot be reported done: the chunk
     * is merged and its records so far come with the error */
    oai_chat_accumulator *p = acc(0, 0);
    const oai_chat_update *u;
    u = ok(p, "{\"id\":\"e\",\"choices\":[{\"index\":0,\"delta\":{\"tool_"
              "calls\":[{\"index\":0,\"id\":\"q\"}]}}]}");
    assert_int_equal(
        put(p, NULL,
            "{\"id\":\"e\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":"
            "[{\"index\":1,"
            "\"type\":\"function\",\"function\":{\"name\":\"n\"}}]}}]}",
            &u),
        OAI_EACCUMULATE);
    assert_non_null(u);
    assert_string_equal(records(u), "chunk tc0.1");
    assert_string_equal(trace_error_kind(oai_chat_accumulator_error(p)),
                        "accumulate_error");
    oai_chat_accumulator_free(p);
    /* a falsy error member is not an error */
    oai_chat_accumulator *a = acc(0, 0);
    assert_int_equal(
        put(a, NULL, "{\"id\":\"a\",\"error\":null,\"choices\":[]}", NULL),
        OAI_OK);
    oai_chat_accumulator_free(a);
}

static void limits_and_arguments(void **state)
{
    (void)state;
    oai_chat_accumulator *a = acc(32, 0);
    const oai_chat_update *u;
    assert_int_equal(put(a, NULL,
                         "{\"id\":\"a\",\"choices\":[],\"padding\":"
                         "\"xxxxxxxxxxxxxxxxxxxxxx\"}",
                         &u),
                     OAI_ELIMIT);
    assert_string_equal(trace_error_kind(oai_chat_accumulator_error(a)), "limit");
    u = ok(a, "{\"choices\":[]}");
    oai_chat_accumulator_free(a);

    a = acc(0, 40);
    u = ok(a, "{\"id\":\"a\",\"choices\":[]}");
    assert_int_equal(put(a, NULL, "{\"id\":\"a\",\"choices\":[]}", &u),
                     OAI_ELIMIT);
    oai_chat_accumulator_free(a);

    oai_chat_accumulator_options bad = OAI_CHAT_ACCUMULATOR_OPTIONS_INIT;
    bad.version = 99;
    assert_int_equal(oai_chat_accumulator_new(&a, &bad), OAI_EINVAL);
    assert_null(a);
    assert_int_equal(oai_chat_accumulator_new(NULL, NULL), OAI_EINVAL);
    assert_int_equal(oai_chat_accumulator_new(&a, NULL), OAI_OK);
    assert_int_equal(oai_chat_accumulator_apply(a, NULL, NULL, 3, &u),
                     OAI_EINVAL);
    assert_int_equal(oai_chat_accumulator_apply(NULL, NULL, "{}", 2, &u),
                     OAI_EINVAL);
    const oai_json *f;
    assert_int_equal(oai_chat_accumulator_final(a, &f), OAI_ENOTREADY);
    assert_int_equal(oai_chat_accumulator_error(a)->code, OAI_ENOTREADY);
    assert_null(oai_chat_accumulator_snapshot(a));
    assert_null(oai_chat_accumulator_choice(a, 0));
    assert_null(oai_chat_accumulator_finish_reason(a, 0));
    oai_chat_accumulator_free(a);
    oai_chat_accumulator_free(NULL);
}

static void content_events_and_final(void **state)
{
    (void)state;
    oai_chat_accumulator *a = acc(0, 0);
    const oai_chat_update *u;
    u = ok(a,
           "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":"
           "\"m\",\"created\":1,"
           "\"system_fingerprint\":\"\",\"obfuscation\":\"zz\",\"usage\":null,"
           "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
           "\"content\":\"\"}}]}");
    assert_string_equal(records(u),
                        "chunk"); /* empty content: no delta event */
    assert_int_equal(u->chunk_number, 0);
    u = ok(a, "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
              "\"Hé\"}}]}");
    assert_string_equal(records(u), "chunk c+0");
    assert_int_equal(u->changes[1].delta_len, 3);
    assert_string_equal(oai_json_string(u->changes[1].node), "Hé");
    u = ok(a, "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
              "\"llo\",\"reasoning\":\"a\","
              "\"x_vendor\":1},\"finish_reason\":\"stop\"}]}");
    assert_string_equal(records(u), "chunk c+0 c.0");
    assert_string_equal(oai_chat_accumulator_finish_reason(a, 0), "stop");
    /* the usage chunk, then a usage-null chunk that erases it, then a chunk
     * without id that changes no top-level member */
    u = ok(a, "{\"id\":\"c1\",\"choices\":[],\"usage\":{\"total_tokens\":3}}");
    u = ok(a, "{\"id\":\"c1\",\"choices\":[],\"usage\":null}");
    u = ok(a,
           "{\"id\":\"\",\"model\":\"other\",\"usage\":{\"total_tokens\":9}}");
    u = ok(a, "[DONE]");
    assert_true(u->done);
    u = ok(a, "{\"id\":\"late\",\"choices\":[]}");
    assert_true(u->done);
    assert_int_equal(u->n_changes, 0);
    assert_int_equal(oai_chat_accumulator_chunks(a), 6);
    const oai_json *f;
    assert_int_equal(oai_chat_accumulator_final(a, &f), OAI_OK);
    char *s = oai_json_serialize(f, 0);
    assert_string_equal(
        s,
        "{\"id\":\"c1\",\"model\":\"m\",\"created\":1,\"usage\":null,"
        "\"choices\":[{\"message\":{\"reasoning\":\"a\",\"x_vendor\":1,"
        "\"role\":\"assistant\","
        "\"content\":\"Héllo\",\"refusal\":null},\"index\":0,\"logprobs\":null,"
        "\"finish_reason\":\"stop\"}],\"object\":\"chat.completion\"}");
    oai_free(s);
    oai_chat_accumulator_free(a);
}

/* Servers without role, tool-call index or type; interleaved and sparse
 * tool calls; reasoning text with a non-string value in between. */
static void tool_calls_and_defaults(void **state)
{
    (void)state;
    oai_chat_accumulator *a = acc(0, 0);
    const oai_chat_update *u;
    u = ok(
        a,
        "{\"id\":\"t\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\","
        "\"reasoning_content\":\"x\"}}]}");
    assert_string_equal(records(u), "chunk c+0"); /* role defaulted */
    u = ok(a, "{\"id\":\"t\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_"
              "content\":[1],"
              "\"tool_calls\":[{\"function\":{\"name\":\"f\",\"arguments\":\"{"
              "\\\"a\\\"\"}}]}}]}");
    assert_string_equal(records(u), "chunk tc0.0 c.0 t+0.0");
    u = ok(
        a,
        "{\"id\":\"t\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_"
        "content\":\"y\","
        "\"tool_calls\":[{\"index\":2,\"id\":\"call_2\",\"type\":\"function\","
        "\"function\":{\"name\":\"g\",\"arguments\":\"\"}}]}}]}");
    assert_string_equal(records(u), "chunk tc0.2 t.0.0 t+0.2");
    u = ok(a, "{\"id\":\"t\",\"choices\":[{\"index\":0,\"delta\":{\"tool_"
              "calls\":[{\"index\":0,"
              "\"function\":{\"arguments\":\":1}\"}},{\"function\":{"
              "\"arguments\":\"{}\"}}]}}]}");
    /* back to 0 reports 2 done and 0 again (not finished yet); the entry
     * without index continues 0 */
    assert_string_equal(records(u), "chunk tc0.0 tc0.0 t.0.2 t+0.0 t+0.0");
    assert_int_equal(u->changes[4].delta_len, 3);
    u = ok(a, "{\"id\":\"t\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_"
              "reason\":\"tool_calls\"}]}");
    assert_string_equal(records(u), "chunk t.0.0");
    const oai_json *f;
    assert_int_equal(oai_chat_accumulator_final(a, &f), OAI_OK);
    const oai_json *msg = oai_json_path(f, "choices.0.message");
    assert_string_equal(oai_json_path_string(msg, "content"), "Hi");
    assert_string_equal(oai_json_path_string(msg, "reasoning_content"), "xy");
    assert_int_equal(oai_json_size(oai_json_get(msg, "tool_calls")), 2);
    assert_string_equal(oai_json_path_string(msg, "tool_calls.0.id"),
                        "call_oai_0_0");
    assert_string_equal(oai_json_path_string(msg, "tool_calls.0.type"),
                        "function");
    assert_string_equal(
        oai_json_path_string(msg, "tool_calls.0.function.arguments"),
        "{\"a\":1}{}");
    assert_string_equal(oai_json_path_string(msg, "tool_calls.1.id"), "call_2");
    assert_null(oai_json_path(msg, "tool_calls.1.index"));
    oai_chat_accumulator_free(a);
}

/* n > 1 out of order, logprobs, refusal, Azure's annotation choices. */
static void choices_logprobs_refusal(void **state)
{
    (void)state;
    oai_chat_accumulator *a = acc(0, 0);
    const oai_chat_update *u;
    u = ok(a,
           "{\"id\":\"n\",\"choices\":[{\"index\":2,\"delta\":{\"role\":"
           "\"assistant\",\"refusal\":\"No\"},"
           "\"logprobs\":{\"content\":null,\"refusal\":[{\"t\":1}]}},"
           "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"A\"},"
           "\"logprobs\":{\"content\":[{\"t\":2}]}}]}");
    assert_string_equal(records(u), "chunk r+2 lr+2 c+0 lc+0");
    /* choices by index, with a gap at 1 and nothing past the highest */
    assert_non_null(oai_chat_accumulator_choice(a, 0));
    assert_non_null(oai_chat_accumulator_choice(a, 2));
    assert_null(oai_chat_accumulator_choice(a, 1));
    assert_null(oai_chat_accumulator_choice(a, 3));
    assert_null(oai_chat_accumulator_choice(a, -1));
    assert_null(oai_chat_accumulator_choice(a, 1000));
    u = ok(
        a,
        "{\"id\":\"n\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"B\"},"
        "\"logprobs\":{\"content\":[{\"t\":3}]},\"finish_reason\":\"length\"},"
        "{\"index\":2,\"delta\":{\"refusal\":\".\"},\"finish_reason\":\"stop\"}"
        ","
        "{\"index\":1,\"content_filter_results\":{\"hate\":{\"filtered\":false}"
        "}}]}");
    assert_string_equal(records(u), "chunk c+0 lc+0 c.0 lc.0 r+2 r.2 lr.2");
    assert_int_equal(oai_json_size(u->changes[4].node), 2);
    const oai_json *snap = oai_chat_accumulator_snapshot(a);
    assert_int_equal(oai_json_int(oai_json_path(snap, "choices.0.index"), -1),
                     0);
    assert_int_equal(oai_json_int(oai_json_path(snap, "choices.1.index"), -1),
                     1);
    assert_int_equal(oai_json_int(oai_json_path(snap, "choices.2.index"), -1),
                     2);
    assert_null(oai_chat_accumulator_finish_reason(a, 1));
    const oai_json *f;
    /* choice 1 never had a delta, hence no role */
    assert_int_equal(oai_chat_accumulator_final(a, &f), OAI_EACCUMULATE);
    assert_int_equal(oai_chat_accumulator_error(a)->code, OAI_EACCUMULATE);
    assert_non_null(
        strstr(oai_chat_accumulator_error(a)->message, "role for choice 1"));
    u = ok(a, "{\"id\":\"n\",\"choices\":[{\"index\":1,\"delta\":{\"role\":"
              "\"assistant\"}}]}");
    assert_int_equal(oai_chat_accumulator_final(a, &f), OAI_OK);
    assert_true(oai_json_is_null(oai_json_path(f, "choices.1.finish_reason")));
    assert_true(
        oai_json_is_null(oai_json_path(f, "choices.1.message.content")));
    assert_string_equal(oai_json_path_string(f, "choices.2.message.refusal"),
                        "No.");
    assert_int_equal(
        oai_json_size(oai_json_path(f, "choices.0.logprobs.content")), 2);
    oai_chat_accumulator_free(a);

    /* the highest index a choice may have */
    a = acc(0, 0);
    ok(a, "{\"id\":\"n\",\"choices\":[{\"index\":127,\"delta\":{\"role\":"
          "\"assistant\",\"content\":\"Z\"}}]}");
    assert_string_equal(
        oai_json_path_string(oai_chat_accumulator_choice(a, 127),
                             "message.content"),
        "Z");
    assert_null(oai_chat_accumulator_choice(a, 126));
    assert_int_equal(oai_json_size(oai_json_path(
                         oai_chat_accumulator_snapshot(a), "choices")),
                     1);
    oai_chat_accumulator_free(a);
}

/* Custom tools: input appended, no helper events, final `custom` body. */
static void custom_tool(void **state)
{
    (void)state;
    oai_chat_accumulator *a = acc(0, 0);
    const oai_chat_update *u;
    u = ok(a, "{\"id\":\"a\",\"choices\":[{\"index\":0,\"delta\":{\"role\":"
              "\"assistant\",\"tool_calls\":"
              "[{\"index\":0,\"id\":\"call_c\",\"type\":\"custom\",\"custom\":{"
              "\"name\":\"g\",\"input\":\"ab\"}}]}}]}");
    assert_string_equal(records(u), "chunk tc0.0");
    u = ok(
        a,
        "{\"id\":\"a\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{"
        "\"index\":0,"
        "\"custom\":{\"input\":\"cd\"}}]},\"finish_reason\":\"tool_calls\"}]}");
    assert_string_equal(records(u), "chunk tc0.0");
    const oai_json *f;
    assert_int_equal(oai_chat_accumulator_final(a, &f), OAI_OK);
    const oai_json *tc = oai_json_path(f, "choices.0.message.tool_calls.0");
    assert_string_equal(oai_json_path_string(tc, "custom.input"), "abcd");
    assert_string_equal(oai_json_path_string(tc, "custom.name"), "g");
    assert_null(oai_json_get(tc, "function"));
    oai_chat_accumulator_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_classes),
        cmocka_unit_test(limits_and_arguments),
        cmocka_unit_test(content_events_and_final),
        cmocka_unit_test(tool_calls_and_defaults),
        cmocka_unit_test(choices_logprobs_refusal),
        cmocka_unit_test(custom_tool),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
