/* The Responses accumulator on hand-made events: decoding, the merge table,
 * lenient and strict handling of events that name something absent, the
 * final response, accessors, the change list and the limits. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oai/response_accumulate.h"
#include "resp_trace.h"

#define CREATED                                                                                    \
    "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\","        \
    "\"status\":\"in_progress\",\"output\":[]}}"
#define MSG_ADDED(oi, id)                                                                          \
    "{\"type\":\"response.output_item.added\",\"output_index\":" #oi ",\"item\":{\"id\":\"" id     \
    "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[]}}"
#define PART_ADDED(oi, id)                                                                         \
    "{\"type\":\"response.content_part.added\",\"output_index\":" #oi ",\"item_id\":\"" id         \
    "\",\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}}"
#define TEXT_DELTA(oi, id, d)                                                                      \
    "{\"type\":\"response.output_text.delta\",\"output_index\":" #oi ",\"item_id\":\"" id          \
    "\",\"content_index\":0,\"delta\":\"" d "\"}"

static oai_response_accumulator *new_acc(unsigned flags)
{
    oai_response_accumulator_options o = OAI_RESPONSE_ACCUMULATOR_OPTIONS_INIT;
    o.flags = flags;
    oai_response_accumulator *a = NULL;
    assert_int_equal(oai_response_accumulator_new(&a, &o), OAI_OK);
    return a;
}

static const oai_response_update *last;

static int put(oai_response_accumulator *a, const char *name, const char *data)
{
    return oai_response_accumulator_apply(a, name, data, strlen(data), &last);
}

static void ok(oai_response_accumulator *a, const char *data)
{
    int rc = put(a, NULL, data);
    if (rc != OAI_OK)
        fail_msg("apply %.120s: %d %s", data, rc, oai_response_accumulator_error(a)->message);
}

static const char *path_str(const oai_json *j, const char *path)
{
    const char *s = oai_json_path_string(j, path);
    return s ? s : "(null)";
}

static void text_items_and_changes(void **state)
{
    (void)state;
    oai_response_accumulator *a = new_acc(0);
    ok(a, CREATED);
    assert_int_equal(last->type, OAI_RESPONSE_EVENT_CREATED);
    assert_int_equal(last->n_changes, 1);
    assert_int_equal(last->changes[0].kind, OAI_RESPONSE_CHANGE_RESPONSE);
    ok(a, MSG_ADDED(0, "m0"));
    ok(a, PART_ADDED(0, "m0"));
    ok(a, MSG_ADDED(1, "m1")); /* two items open at once */
    ok(a, PART_ADDED(1, "m1"));
    ok(a, TEXT_DELTA(0, "m0", "Hel"));
    ok(a, TEXT_DELTA(1, "m1", "Wor"));
    ok(a, TEXT_DELTA(0, "m0", "lo"));
    assert_int_equal(last->n_changes, 1);
    const oai_response_change *c = &last->changes[0];
    assert_int_equal(c->kind, OAI_RESPONSE_CHANGE_TEXT_DELTA);
    assert_int_equal(c->output_index, 0);
    assert_int_equal(c->index, 0);
    assert_string_equal(c->item_id, "m0");
    assert_int_equal(c->delta_len, 2);
    assert_memory_equal(c->delta, "lo", 2);
    assert_string_equal(oai_json_string(c->node), "Hello");
    assert_ptr_equal(c->item, oai_response_accumulator_item(a, 0));
    ok(a, TEXT_DELTA(1, "m1", "ld"));
    assert_string_equal(path_str(oai_response_accumulator_snapshot(a), "output.1.content.0.text"), "World");
    const char *text;
    size_t len;
    assert_int_equal(oai_response_accumulator_output_text(a, &text, &len), OAI_OK);
    assert_string_equal(text, "HelloWorld");
    assert_int_equal(len, 10);
    /* done replaces */
    ok(a, "{\"type\":\"response.output_text.done\",\"output_index\":0,\"content_index\":0,\"text\":\"Hi\"}");
    assert_int_equal(last->changes[0].kind, OAI_RESPONSE_CHANGE_TEXT_DONE);
    assert_string_equal(path_str(oai_response_accumulator_item(a, 0), "content.0.text"), "Hi");
    ok(a, "{\"type\":\"response.output_item.done\",\"output_index\":1,\"item\":{\"id\":\"m1\",\"type\":"
          "\"message\",\"status\":\"completed\",\"content\":[{\"type\":\"output_text\",\"text\":\"W\"}]}}");
    assert_int_equal(last->changes[0].kind, OAI_RESPONSE_CHANGE_ITEM_DONE);
    assert_string_equal(path_str(oai_response_accumulator_item(a, 1), "status"), "completed");
    assert_int_equal(oai_response_accumulator_output_text(a, &text, NULL), OAI_OK);
    assert_string_equal(text, "HiW");
    assert_int_equal(oai_response_accumulator_warnings(a, NULL), 0);
    oai_response_accumulator_free(a);
}

static void tools_reasoning_and_status(void **state)
{
    (void)state;
    oai_response_accumulator *a = new_acc(0);
    ok(a, CREATED);
    ok(a, "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":{\"id\":\"fc\",\"type\":"
          "\"function_call\",\"call_id\":\"c\",\"name\":\"f\",\"arguments\":\"\"}}");
    ok(a, "{\"type\":\"response.function_call_arguments.delta\",\"output_index\":0,\"delta\":\"{\\\"a\\\"\"}");
    ok(a, "{\"type\":\"response.function_call_arguments.delta\",\"output_index\":0,\"delta\":\":1}\"}");
    assert_string_equal(path_str(oai_response_accumulator_item(a, 0), "arguments"), "{\"a\":1}");
    /* a text delta aimed at a function call changes nothing */
    ok(a, TEXT_DELTA(0, "fc", "x"));
    assert_int_equal(last->n_changes, 0);
    ok(a, "{\"type\":\"response.output_item.added\",\"output_index\":1,\"item\":{\"id\":\"rs\",\"type\":"
          "\"reasoning\",\"summary\":[]}}");
    ok(a, "{\"type\":\"response.reasoning_summary_part.added\",\"output_index\":1,\"summary_index\":0,"
          "\"part\":{\"type\":\"summary_text\",\"text\":\"\"}}");
    ok(a, "{\"type\":\"response.reasoning_summary_text.delta\",\"output_index\":1,\"summary_index\":0,"
          "\"delta\":\"think\"}");
    ok(a, "{\"type\":\"response.content_part.added\",\"output_index\":1,\"content_index\":0,"
          "\"part\":{\"type\":\"reasoning_text\",\"text\":\"\"}}");
    ok(a, "{\"type\":\"response.reasoning_text.delta\",\"output_index\":1,\"content_index\":0,\"delta\":\"r\"}");
    const oai_json *rs = oai_response_accumulator_item(a, 1);
    assert_string_equal(path_str(rs, "summary.0.text"), "think");
    assert_string_equal(path_str(rs, "content.0.text"), "r");
    ok(a, "{\"type\":\"response.output_item.added\",\"output_index\":2,\"item\":{\"id\":\"ci\",\"type\":"
          "\"code_interpreter_call\",\"code\":null}}");
    ok(a, "{\"type\":\"response.code_interpreter_call_code.delta\",\"output_index\":2,\"delta\":\"print\"}");
    ok(a, "{\"type\":\"response.code_interpreter_call.interpreting\",\"output_index\":2}");
    assert_int_equal(last->changes[0].kind, OAI_RESPONSE_CHANGE_STATUS);
    assert_string_equal(path_str(oai_response_accumulator_item(a, 2), "code"), "print");
    assert_string_equal(path_str(oai_response_accumulator_item(a, 2), "status"), "interpreting");
    ok(a, "{\"type\":\"response.output_item.added\",\"output_index\":3,\"item\":{\"id\":\"sh\",\"type\":"
          "\"shell_call\",\"call_id\":\"s\",\"action\":{\"commands\":[]}}}");
    ok(a, "{\"type\":\"response.shell_call_command.added\",\"output_index\":3,\"command_index\":0,\"command\":\"l\"}");
    ok(a, "{\"type\":\"response.shell_call_command.delta\",\"output_index\":3,\"command_index\":0,\"delta\":\"s\"}");
    assert_string_equal(path_str(oai_response_accumulator_item(a, 3), "action.commands.0"), "ls");
    ok(a, "{\"type\":\"response.output_item.added\",\"output_index\":4,\"item\":{\"id\":\"so\",\"type\":"
          "\"shell_call_output\",\"call_id\":\"s\",\"output\":[]}}");
    ok(a, "{\"type\":\"response.shell_call_output_content.delta\",\"output_index\":4,\"command_index\":0,"
          "\"delta\":{\"stdout\":\"a\"}}");
    ok(a, "{\"type\":\"response.shell_call_output_content.delta\",\"output_index\":4,\"command_index\":0,"
          "\"delta\":{\"stdout\":\"b\",\"stderr\":\"e\"}}");
    assert_string_equal(path_str(oai_response_accumulator_item(a, 4), "output.0.stdout"), "ab");
    assert_string_equal(path_str(oai_response_accumulator_item(a, 4), "output.0.stderr"), "e");
    ok(a, MSG_ADDED(5, "m"));
    ok(a, PART_ADDED(5, "m"));
    ok(a, "{\"type\":\"response.output_text.annotation.added\",\"output_index\":5,\"content_index\":0,"
          "\"annotation_index\":0,\"annotation\":{\"type\":\"url_citation\",\"url\":\"u\"}}");
    assert_int_equal(last->changes[0].kind, OAI_RESPONSE_CHANGE_ANNOTATION);
    assert_string_equal(path_str(oai_response_accumulator_item(a, 5), "content.0.annotations.0.url"), "u");
    assert_int_equal(oai_response_accumulator_warnings(a, NULL), 0);
    oai_response_accumulator_free(a);
}

static void decoding(void **state)
{
    (void)state;
    oai_response_accumulator *a = new_acc(0);
    /* the event name stands in for a missing JSON type */
    assert_int_equal(put(a, "response.created", "{\"response\":{\"id\":\"r\",\"output\":[]}}"), OAI_OK);
    assert_int_equal(last->type, OAI_RESPONSE_EVENT_CREATED);
    assert_int_equal(last->sequence_number, -1);
    assert_int_equal(oai_response_accumulator_last_sequence_number(a), -1);
    /* the JSON type wins over the name */
    assert_int_equal(put(a, "x", "{\"type\":\"keepalive\",\"sequence_number\":7}"), OAI_OK);
    assert_int_equal(last->type, OAI_RESPONSE_EVENT_KEEPALIVE);
    assert_int_equal(oai_response_accumulator_last_sequence_number(a), 7);
    assert_int_equal(put(a, NULL, "[DONE]"), OAI_OK);
    assert_int_equal(last->type, OAI_RESPONSE_EVENT_DONE_SENTINEL);
    assert_null(last->event);
    /* unknown types are delivered, never fatal, and change nothing */
    static const char *const others[] = {
        "{\"type\":\"response.keep_alive\"}",
        "{\"type\":\"response.rate_limits.updated\",\"rate_limits\":[]}",
        "{\"type\":\"response.apply_patch_call_operation_diff.delta\",\"output_index\":0,\"delta\":\"x\"}",
        "{\"no_type\":1}",
    };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        ok(a, others[i]);
        assert_int_equal(last->type, OAI_RESPONSE_EVENT_UNKNOWN);
        assert_int_equal(last->n_changes, 0);
        assert_non_null(last->event);
    }
    assert_string_equal(last->type_name, "");
    assert_int_equal(oai_response_event_type_from_name("response.output_text.delta"),
                     OAI_RESPONSE_EVENT_OUTPUT_TEXT_DELTA);
    assert_string_equal(oai_response_event_type_name(OAI_RESPONSE_EVENT_MCP_CALL_FAILED), "response.mcp_call.failed");
    /* broken JSON and non-objects are decode errors; the stream may go on */
    assert_int_equal(put(a, "response.output_text.delta", "{\"type\":"), OAI_EPROTOCOL);
    assert_string_equal(oai_response_accumulator_error(a)->kind, "decode_error");
    assert_null(last);
    assert_int_equal(put(a, NULL, "[1]"), OAI_EPROTOCOL);
    ok(a, "{\"type\":\"keepalive\"}");
    oai_response_accumulator_free(a);
}

static void api_errors(void **state)
{
    (void)state;
    oai_response_accumulator *a = new_acc(0);
    assert_int_equal(put(a, "error",
                         "{\"type\":\"error\",\"sequence_number\":2,\"error\":{\"type\":\"insufficient_quota\","
                         "\"code\":\"quota\",\"message\":\"You exceeded\",\"param\":null}}"),
                     OAI_ESTREAM);
    const oai_error *e = oai_response_accumulator_error(a);
    assert_int_equal(e->code, OAI_ESTREAM);
    assert_string_equal(e->kind, "api_error");
    assert_string_equal(e->message, "You exceeded");
    assert_string_equal(e->type, "insufficient_quota");
    assert_string_equal(e->api_code, "quota");
    assert_null(e->param);
    assert_int_equal(oai_response_accumulator_last_sequence_number(a), 2);
    /* the spec's flat shape */
    assert_int_equal(put(a, NULL, "{\"type\":\"error\",\"code\":429,\"message\":\"slow\",\"param\":\"p\"}"),
                     OAI_ESTREAM);
    e = oai_response_accumulator_error(a);
    assert_string_equal(e->message, "slow");
    assert_string_equal(e->api_code, "429");
    assert_string_equal(e->param, "p");
    assert_null(e->type);
    /* named `error`, with the error's own type in the data */
    assert_int_equal(put(a, "error", "{\"type\":\"server_error\",\"message\":\"boom\"}"), OAI_ESTREAM);
    assert_string_equal(oai_response_accumulator_error(a)->type, "server_error");
    /* no message at all */
    assert_int_equal(put(a, "error", "{}"), OAI_ESTREAM);
    assert_string_equal(oai_response_accumulator_error(a)->message, "An error occurred during streaming");
    oai_response_accumulator_free(a);
}

static void resumed_stream_and_final(void **state)
{
    (void)state;
    oai_response_accumulator *a = new_acc(0);
    oai_response_end end;
    assert_null(oai_response_accumulator_final(a, &end));
    assert_int_equal(end, OAI_RESPONSE_END_NONE);
    assert_null(oai_response_accumulator_response_id(a));
    /* a suffix starting at in_progress, with an item already there */
    ok(a, "{\"type\":\"response.in_progress\",\"sequence_number\":2,\"response\":{\"id\":\"r\",\"output\":["
          "{\"id\":\"m\",\"type\":\"message\",\"content\":[{\"type\":\"output_text\",\"text\":\"a\"}]}]}}");
    ok(a, TEXT_DELTA(0, "m", "b"));
    assert_string_equal(oai_response_accumulator_response_id(a), "r");
    /* an item that never gets output_item.done is kept */
    ok(a, MSG_ADDED(1, "m2"));
    ok(a, "{\"type\":\"response.incomplete\",\"sequence_number\":9,\"response\":{\"id\":\"r\",\"status\":"
          "\"incomplete\",\"output\":[{\"id\":\"m\",\"type\":\"message\",\"content\":[{\"type\":"
          "\"output_text\",\"text\":\"server\"}]}]}}");
    const oai_json *fin = oai_response_accumulator_final(a, &end);
    assert_int_equal(end, OAI_RESPONSE_END_INCOMPLETE);
    assert_string_equal(path_str(fin, "output.0.content.0.text"), "server");
    assert_ptr_equal(fin, oai_response_accumulator_snapshot(a));
    /* an event after the terminal one changes the snapshot, not the final */
    ok(a, TEXT_DELTA(0, "m", "!"));
    fin = oai_response_accumulator_final(a, &end);
    assert_string_equal(path_str(fin, "output.0.content.0.text"), "server");
    assert_string_equal(path_str(oai_response_accumulator_snapshot(a), "output.0.content.0.text"), "server!");
    ok(a, "{\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"status\":\"completed\",\"output\":[]}}");
    assert_non_null(oai_response_accumulator_final(a, &end));
    assert_int_equal(end, OAI_RESPONSE_END_COMPLETED);
    assert_null(oai_response_accumulator_item(a, 0));
    oai_response_accumulator_free(a);
}

/* The same malformed events: skipped with a warning by default, errors in
 * strict mode, and the snapshot unchanged either way. */
static void absent_targets(void **state)
{
    (void)state;
    static const char *const bad[] = {
        TEXT_DELTA(5, "m", "x"), /* no item at that index */
        "{\"type\":\"response.output_text.delta\",\"output_index\":0,\"item_id\":\"m\",\"content_index\":3,"
        "\"delta\":\"x\"}", /* no such part */
        TEXT_DELTA(0, "other", "x"), /* item id mismatch: applied by index when lenient */
        "{\"type\":\"response.in_progress\",\"response\":{\"id\":\"resp_2\",\"output\":[]}}", /* id changes */
        "{\"type\":\"response.output_text.delta\",\"item_id\":\"m\",\"content_index\":0,\"delta\":\"x\"}",
    };
    for (int strict = 0; strict < 2; strict++) {
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            oai_response_accumulator *a = new_acc(strict ? OAI_RESPONSE_ACCUMULATOR_STRICT : 0);
            ok(a, CREATED);
            ok(a, MSG_ADDED(0, "m"));
            ok(a, PART_ADDED(0, "m"));
            int rc = put(a, NULL, bad[i]);
            const char *warn;
            if (strict) {
                assert_int_equal(rc, OAI_EACCUMULATE);
                assert_string_equal(oai_response_accumulator_error(a)->kind, "accumulate_error");
                assert_non_null(strstr(oai_response_accumulator_error(a)->message, "`"));
                assert_string_equal(path_str(oai_response_accumulator_snapshot(a), "id"), "resp_1");
                assert_string_equal(path_str(oai_response_accumulator_item(a, 0), "content.0.text"), "");
            } else {
                assert_int_equal(rc, OAI_OK);
                assert_int_equal(oai_response_accumulator_warnings(a, &warn), 1);
                assert_non_null(warn);
                assert_string_equal(oai_response_accumulator_response_id(a), "resp_1");
            }
            oai_response_accumulator_free(a);
        }
    }
    /* before any lifecycle event */
    oai_response_accumulator *a = new_acc(OAI_RESPONSE_ACCUMULATOR_STRICT);
    assert_int_equal(put(a, NULL, MSG_ADDED(0, "m")), OAI_EACCUMULATE);
    oai_response_accumulator_free(a);
    a = new_acc(0);
    ok(a, MSG_ADDED(0, "m"));
    assert_null(oai_response_accumulator_snapshot(a));
    /* items out of order are placed by index */
    ok(a, CREATED);
    ok(a, MSG_ADDED(2, "c"));
    ok(a, MSG_ADDED(0, "a"));
    ok(a, MSG_ADDED(1, "b"));
    const oai_json *snap = oai_response_accumulator_snapshot(a);
    assert_string_equal(path_str(snap, "output.0.id"), "a");
    assert_string_equal(path_str(snap, "output.1.id"), "b");
    assert_string_equal(path_str(snap, "output.2.id"), "c");
    assert_string_equal(path_str(oai_response_accumulator_item(a, 2), "id"), "c");
    assert_int_equal(oai_response_accumulator_warnings(a, NULL), 4);
    oai_response_accumulator_free(a);
}

static void structural_errors(void **state)
{
    (void)state;
    oai_response_accumulator *a = new_acc(0);
    assert_int_equal(put(a, NULL, "{\"type\":\"response.created\",\"response\":null}"), OAI_EACCUMULATE);
    assert_string_equal(oai_response_accumulator_error(a)->kind, "accumulate_error");
    ok(a, CREATED);
    assert_int_equal(put(a, NULL, "{\"type\":\"response.output_item.added\",\"output_index\":0,\"item\":3}"),
                     OAI_EACCUMULATE);
    assert_int_equal(oai_response_accumulator_apply(NULL, NULL, "{}", 2, &last), OAI_EINVAL);
    assert_int_equal(oai_response_accumulator_apply(a, NULL, NULL, 2, &last), OAI_EINVAL);
    oai_response_accumulator_options o = OAI_RESPONSE_ACCUMULATOR_OPTIONS_INIT;
    o.flags = 8;
    oai_response_accumulator *b = NULL;
    assert_int_equal(oai_response_accumulator_new(&b, &o), OAI_EINVAL);
    o.flags = 0;
    o.version = 99;
    assert_int_equal(oai_response_accumulator_new(&b, &o), OAI_EINVAL);
    oai_response_accumulator_free(a);
}

static void limits(void **state)
{
    (void)state;
    oai_response_accumulator_options o = OAI_RESPONSE_ACCUMULATOR_OPTIONS_INIT;
    o.max_event_size = 300;
    o.max_snapshot_bytes = 600;
    oai_response_accumulator *a = NULL;
    assert_int_equal(oai_response_accumulator_new(&a, &o), OAI_OK);
    ok(a, CREATED);
    ok(a, MSG_ADDED(0, "m"));
    ok(a, PART_ADDED(0, "m"));
    char big[400];
    snprintf(big, sizeof big, TEXT_DELTA(0, "m", "%0300d"), 0);
    assert_int_equal(put(a, NULL, big), OAI_ELIMIT);
    assert_string_equal(oai_response_accumulator_error(a)->kind, "limit");
    int rc = OAI_OK;
    for (int i = 0; i < 100 && rc == OAI_OK; i++)
        rc = put(a, NULL, TEXT_DELTA(0, "m", "0123456789"));
    assert_int_equal(rc, OAI_ELIMIT);
    assert_non_null(strstr(oai_response_accumulator_error(a)->message, "600"));
    /* a lifecycle event starts the count again */
    ok(a, CREATED);
    ok(a, MSG_ADDED(0, "m"));
    oai_response_accumulator_free(a);
}

/* The trace printer ends with the kind of the first error. */
static void trace_ends(void **state)
{
    (void)state;
    static const struct {
        const char *body, *end;
    } cases[] = {
        { "data: " CREATED "\n\ndata: {\"type\":\"error\",\"message\":\"m\"}\n\n", "\"kind\":\"api_error\"" },
        { "data: " CREATED "\n\ndata: {\"type\":\"resp\xff\"}\n\n", "\"kind\":\"decode_error\"" },
        { "data: " CREATED "\n\ndata: {\"type\":\n\n", "\"kind\":\"decode_error\"" },
        { "data: " CREATED "\n\ndata: [DONE]\n\n: comment\n\n", "{\"end\":\"ok\"}" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = resp_trace_string(cases[i].body, strlen(cases[i].body), NULL, 0);
        assert_non_null(t);
        if (!strstr(t, cases[i].end))
            fail_msg("case %zu: %s", i, t);
        assert_non_null(strstr(t, "{\"type\":\"response.created\",\"seq\":0,\"response\":{"));
        free(t);
    }
}

/* A body cut at every byte offset: the trace ends cleanly (the cut is
 * the transport's to judge) and, but for its last event line, which has no
 * next event to look at, agrees with the whole body's. */
static void cut_at_every_offset(void **state)
{
    (void)state;
    static const char *const streams[] = {
        "fixtures-from-real/vercel-ai/openai/openai-error.1@23f132b4/stream.reframed.sse",
        "fixtures-from-real/vercel-ai/openai/openai-shell-tool.1@cad64458/stream.1.reframed.sse",
    };
    for (size_t s = 0; s < sizeof streams / sizeof streams[0]; s++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", OAI_RESPONSES_CORPUS_DIR, streams[s]);
        size_t len;
        char *buf = tu_read_file(path, &len);
        assert_non_null(buf);
        char *whole = resp_trace_string(buf, len, NULL, 0);
        assert_non_null(whole);
        for (size_t cut = 0; cut < len; cut++) {
            char *t = resp_trace_string(buf, cut, NULL, 0);
            assert_non_null(t);
            char *end = strrchr(t, '{'); /* the end line */
            if (strncmp(end, "{\"end\":\"ok\"}", 12) != 0 &&
                !(strstr(end, "api_error") && strstr(whole, "api_error")))
                fail_msg("%s cut at %zu: %s", streams[s], cut, end);
            /* all but the last event line */
            *end = '\0';
            if (end > t)
                end[-1] = '\0';
            char *nl = strrchr(t, '\n');
            size_t agreed = nl ? (size_t)(nl - t) + 1 : 0;
            if (strncmp(t, whole, agreed) != 0)
                fail_msg("%s cut at %zu: the trace departs from the whole body's", streams[s], cut);
            free(t);
        }
        free(whole);
        free(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_items_and_changes),
        cmocka_unit_test(tools_reasoning_and_status),
        cmocka_unit_test(decoding),
        cmocka_unit_test(api_errors),
        cmocka_unit_test(resumed_stream_and_final),
        cmocka_unit_test(absent_targets),
        cmocka_unit_test(structural_errors),
        cmocka_unit_test(limits),
        cmocka_unit_test(trace_ends),
        cmocka_unit_test(cut_at_every_offset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
