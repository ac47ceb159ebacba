/* oai_chat_completions_stream against oai-emulator: the request it sends
 * (stream, stream_options passed through), content and usage, an error
 * before the stream starts (no hook), the tool loop in one stream for a
 * single and for parallel calls (the emulator checks that every `tool`
 * message answers a call of the history), and chat streams on a multi, in
 * pull and push mode. */
#include <stdlib.h>

#include "res_common.h"
#include "trace.h"

#define TOOLS                                                                  \
    "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","          \
    "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":"  \
    "\"string\"}}}}},{\"type\":\"function\",\"function\":{\"name\":"           \
    "\"get_time\",\"parameters\":{\"type\":\"object\",\"properties\":{"        \
    "\"zone\":{\"type\":\"string\"}}}}}]"

typedef struct seen {
    char text[4096];
    int ends, exceptions, chunks, args_done, submitted, submit_rc, timeouts;
    int code;
} seen;

static int on_chunk(const oai_json *chunk, const oai_json *snap,
                    const oai_chat_update *u, void *ud)
{
    (void)chunk;
    (void)snap;
    (void)u;
    ((seen *)ud)->chunks++;
    return 0;
}

static int on_delta(const char *d, size_t len, const char *snap,
                    const oai_chat_change *c, void *ud)
{
    (void)snap;
    (void)c;
    seen *s = ud;
    strncat(s->text, d, sizeof s->text - strlen(s->text) - 1);
    (void)len;
    return 0;
}

static int on_args_done(const oai_json *call, const oai_chat_change *c,
                        void *ud)
{
    (void)call;
    (void)c;
    ((seen *)ud)->args_done++;
    return 0;
}

static void on_end(void *ud)
{
    ((seen *)ud)->ends++;
}

static void on_timeout(void *ud)
{
    ((seen *)ud)->timeouts++;
}

static void on_exception(const oai_error *e, void *ud)
{
    ((seen *)ud)->exceptions++;
    ((seen *)ud)->code = e->code;
}

static oai_chat_handler handler(seen *s)
{
    memset(s, 0, sizeof *s);
    oai_chat_handler h = OAI_CHAT_HANDLER_INIT;
    h.user_data = s;
    h.on_chunk = on_chunk;
    h.on_content_delta = on_delta;
    h.on_tool_call_arguments_done = on_args_done;
    h.on_end = on_end;
    h.on_exception = on_exception;
    return h;
}

static int start(oai_chat_stream **out, oai_client *c, const char *body,
                 seen *s)
{
    oai_chat_handler h = handler(s);
    oai_chat_stream_options o = OAI_CHAT_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_json *p = res_json(body);
    int rc = oai_chat_completions_stream(out, c, p, &o, NULL);
    oai_json_free(p);
    return rc;
}

static const char *final_content(oai_chat_stream *cs)
{
    const oai_json *f;
    assert_int_equal(oai_chat_stream_final_completion(&f, cs), OAI_OK);
    const oai_json *c0 = oai_json_first(oai_json_get(f, "choices"));
    return oai_json_string(
        oai_json_get(oai_json_get(c0, "message"), "content"));
}

static void test_text_and_usage(void **state)
{
    (void)state;
    oai_chat_stream *cs;
    seen s;
    assert_int_equal(
        start(&cs, g_c,
              "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
              "\"content\":\"#scenario:text Hello there world\"}],"
              "\"stream_options\":{\"include_usage\":true}}",
              &s),
        OAI_OK);
    assert_int_equal(oai_chat_stream_until_done(cs), OAI_OK);
    assert_string_equal(s.text, "Hello there world");
    assert_string_equal(final_content(cs), "Hello there world");
    assert_string_equal(oai_chat_stream_finish_reason(cs, 0), "stop");
    const oai_json *f;
    assert_int_equal(oai_chat_stream_final_completion(&f, cs), OAI_OK);
    assert_true(oai_json_is_object(oai_json_get(f, "usage")));
    assert_int_equal(s.ends, 1);
    assert_int_equal(s.exceptions, 0);
    oai_chat_stream_free(cs);
    cJSON *e = res_expect("POST", "/chat/completions", 0);
    const cJSON *body = cJSON_GetObjectItemCaseSensitive(e, "body");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "stream")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(body, "stream_options"),
        "include_usage")));
    cJSON_Delete(e);
}

static void test_errors_before_the_stream(void **state)
{
    (void)state;
    oai_chat_stream *cs = (oai_chat_stream *)1;
    seen s;
    assert_int_equal(start(&cs, g_c,
                           "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":"
                           "\"user\",\"content\":\"#scenario:nosuch\"}]}",
                           &s),
                     OAI_EBADREQUEST);
    assert_null(cs);
    assert_int_equal(oai_client_last_error(g_c)->http_status, 400);
    assert_int_equal(s.ends + s.exceptions + s.chunks, 0);
    RES_EXPECT_EINVAL(start(&cs, g_c, "{\"model\":\"m\"}", &s), "messages");
    oai_json *p = res_json("{\"messages\":[]}");
    assert_int_equal(oai_chat_completions_stream(NULL, g_c, p, NULL, NULL),
                     OAI_EINVAL);
    assert_int_equal(oai_chat_completions_stream(&cs, NULL, p, NULL, NULL),
                     OAI_EINVAL);
    oai_json_free(p);
}

static void test_error_payload_in_the_stream(void **state)
{
    (void)state;
    oai_chat_stream *cs;
    seen s;
    assert_int_equal(start(&cs, g_c,
                           "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":"
                           "\"user\",\"content\":\"#scenario:error\"}]}",
                           &s),
                     OAI_OK);
    assert_int_equal(oai_chat_stream_until_done(cs), OAI_ESTREAM);
    assert_string_equal(trace_error_kind(oai_chat_stream_error(cs)), "api_error");
    assert_int_equal(s.exceptions, 1);
    assert_int_equal(s.ends, 1);
    oai_chat_stream_free(cs);
}

/* A stream of `scenario` under the emulator's fault `spec`: its result. */
static int faulted(const char *scenario, const char *spec, long read_ms,
                   seen *s, char *text, size_t cap)
{
    char fault[128], body[256];
    snprintf(fault, sizeof fault, "X-Emulator-Fault: %s", spec);
    const char *const headers[] = {fault};
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.headers = headers;
    ro.n_headers = 1;
    ro.read_timeout_ms = read_ms;
    snprintf(body, sizeof body,
             "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
             "\"content\":\"%s\"}]}",
             scenario);
    oai_chat_handler h = handler(s);
    h.on_timeout = on_timeout;
    oai_chat_stream_options o = OAI_CHAT_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_json *p = res_json(body);
    oai_chat_stream *cs;
    int rc = oai_chat_completions_stream(&cs, g_c, p, &o, &ro);
    oai_json_free(p);
    assert_int_equal(rc, OAI_OK);
    rc = oai_chat_stream_until_done(cs);
    size_t n = strlen(s->text); /* truncated to the caller's buffer */
    if (n >= cap)
        n = cap - 1;
    memcpy(text, s->text, n);
    text[n] = '\0';
    oai_chat_stream_free(cs);
    return rc;
}

/* Transport faults: the text whole in 3-byte pieces; truncated JSON, a
 * cut connection and a stall each end the stream with on_exception then
 * on_end (on_timeout first for the stall). */
static void test_faults(void **state)
{
    (void)state;
    seen s;
    char text[256];
    assert_int_equal(
        faulted("#scenario:text a b c", "chunk=3", 0, &s, text, sizeof text),
        OAI_OK);
    assert_string_equal(text, "a b c");
    assert_int_equal(s.ends, 1);
    assert_int_equal(faulted("#scenario:text a b c d e f", "malformed=1", 0, &s,
                             text, sizeof text),
                     OAI_EPROTOCOL);
    assert_int_equal(s.exceptions, 1);
    assert_int_equal(s.ends, 1);
    assert_int_equal(s.code, OAI_EPROTOCOL);
    assert_int_equal(faulted("#scenario:long 200", "cut-after=700", 0, &s, text,
                             sizeof text),
                     OAI_ETRANSPORT);
    assert_int_equal(s.exceptions, 1);
    assert_int_equal(s.ends, 1);
    assert_int_equal(faulted("#scenario:text a b c", "stall-body-ms=3000", 300,
                             &s, text, sizeof text),
                     OAI_ETIMEOUT);
    assert_int_equal(s.timeouts, 1);
    assert_int_equal(s.exceptions, 1);
    assert_int_equal(s.ends, 1);
}

/* Answer every tool call of the finished completion: "out-<name>". */
static int answer(oai_chat_stream *cs)
{
    const oai_json *calls = oai_json_get(
        oai_json_get(oai_chat_stream_choice(cs, 0), "message"), "tool_calls");
    oai_json *outs = res_json("[]");
    for (const oai_json *tc = oai_json_first(calls); tc;
         tc = oai_json_next(tc)) {
        char buf[256];
        snprintf(buf, sizeof buf,
                 "{\"tool_call_id\":\"%s\",\"content\":"
                 "\"out-%s\"}",
                 oai_json_string(oai_json_get(tc, "id")),
                 oai_json_string(
                     oai_json_get(oai_json_get(tc, "function"), "name")));
        oai_json *o = res_json(buf);
        oai_json_append(outs, o);
        oai_json_free(o);
    }
    int rc = oai_chat_stream_submit_tool_outputs(cs, outs);
    oai_json_free(outs);
    return rc;
}

static void tool_loop(const char *scenario, int calls, const char *want)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
             "\"content\":\"%s\"}],\"tools\":" TOOLS "}",
             scenario);
    oai_chat_stream *cs;
    seen s;
    assert_int_equal(start(&cs, g_c, body, &s), OAI_OK);
    const oai_chat_update *u;
    int rc;
    while ((rc = oai_chat_stream_next(&u, cs)) == OAI_OK) {
        const char *fr = oai_chat_stream_finish_reason(cs, 0);
        if (fr && strcmp(fr, "tool_calls") == 0 && !s.submitted++) {
            assert_int_equal(answer(cs), OAI_OK);
            /* twice for the same completion is refused */
            assert_int_equal(answer(cs), OAI_EINVAL);
        }
    }
    assert_int_equal(rc, OAI_ITEROVER);
    assert_int_equal(s.args_done, calls);
    assert_int_equal(s.ends, 1);
    assert_int_equal(s.exceptions, 0);
    assert_string_equal(oai_chat_stream_finish_reason(cs, 0), "stop");
    assert_string_equal(final_content(cs), want);
    assert_string_equal(s.text, want);
    /* the follow-up carried the whole history */
    cJSON *e = res_expect("POST", "/chat/completions", 0);
    const cJSON *msgs = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(e, "body"), "messages");
    assert_int_equal(cJSON_GetArraySize(msgs), 2 + calls);
    const cJSON *asst = cJSON_GetArrayItem(msgs, 1);
    assert_string_equal(
        cJSON_GetObjectItemCaseSensitive(asst, "role")->valuestring,
        "assistant");
    assert_int_equal(cJSON_GetArraySize(
                         cJSON_GetObjectItemCaseSensitive(asst, "tool_calls")),
                     calls);
    assert_string_equal(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(msgs, 2), "role")
            ->valuestring,
        "tool");
    cJSON_Delete(e);
    /* the stream has ended: nothing more to answer */
    assert_int_equal(answer(cs), OAI_EINVAL);
    oai_chat_stream_free(cs);
}

static void test_tool_loop_single(void **state)
{
    (void)state;
    tool_loop("#scenario:function get_weather", 1,
              "Done: get_weather returned out-get_weather.");
}

static void test_tool_loop_parallel(void **state)
{
    (void)state;
    tool_loop("#scenario:parallel 2", 2,
              "Done: get_weather returned out-get_weather; get_time returned "
              "out-get_time.");
}

/* ---- on a multi ---------------------------------------------------------- */

static void run_multi(oai_multi *m)
{
    int running = 1;
    for (int i = 0; running && i < 100000; i++) {
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        if (running)
            assert_int_equal(oai_multi_wait(m, 1000), OAI_OK);
    }
    assert_int_equal(running, 0);
}

static void on_done(const oai_multi_msg *msg, void *ud)
{
    assert_int_equal(msg->kind, OAI_MULTI_CHAT_STREAM);
    ((seen *)ud)->code = msg->result == OAI_OK ? 1 : msg->result;
}

#define N_MULTI 8

static void test_multi_push_and_pull(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    oai_chat_stream *cs[N_MULTI];
    seen s[N_MULTI];
    for (int i = 0; i < N_MULTI; i++) {
        assert_int_equal(
            start(&cs[i], c,
                  "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":"
                  "\"user\",\"content\":\"#scenario:long 30\"}]}",
                  &s[i]),
            OAI_OK);
        assert_int_equal(oai_multi_add_chat_stream(m, cs[i], on_done, &s[i]),
                         OAI_OK);
    }
    assert_int_equal(s[0].chunks, 0); /* nothing was waited for */
    run_multi(m);
    for (int i = 0; i < N_MULTI; i++) {
        assert_int_equal(s[i].ends, 1);
        assert_int_equal(s[i].code, 1);
        assert_int_equal(strncmp(s[i].text, "w1 w2 w3", 8), 0);
        assert_string_equal(final_content(cs[i]), s[i].text);
        oai_chat_stream_free(cs[i]);
    }
    /* pull: OAI_EAGAIN until the chunks arrive */
    seen p;
    oai_chat_stream *ps;
    assert_int_equal(start(&ps, c,
                           "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":"
                           "\"user\",\"content\":\"#scenario:text a b\"}]}",
                           &p),
                     OAI_OK);
    assert_int_equal(oai_multi_add_chat_stream(m, ps, NULL, NULL), OAI_OK);
    const char *t;
    int rc, eagain = 0, running = 1;
    char text[64] = "";
    while ((rc = oai_chat_stream_next_content(&t, NULL, NULL, ps)) !=
           OAI_ITEROVER) {
        if (rc == OAI_EAGAIN) {
            eagain++;
            assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
            assert_int_equal(oai_multi_wait(m, 100), OAI_OK);
            continue;
        }
        assert_int_equal(rc, OAI_OK);
        strncat(text, t, sizeof text - strlen(text) - 1);
    }
    assert_true(eagain > 0);
    assert_string_equal(text, "a b");
    assert_int_equal(oai_multi_remove_chat_stream(m, ps), OAI_OK);
    oai_chat_stream_free(ps);
    oai_multi_free(m);
    oai_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_and_usage),
        cmocka_unit_test(test_errors_before_the_stream),
        cmocka_unit_test(test_error_payload_in_the_stream),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_tool_loop_single),
        cmocka_unit_test(test_tool_loop_parallel),
        cmocka_unit_test(test_multi_push_and_pull),
    };
    return cmocka_run_group_tests(tests, res_setup, res_teardown);
}
