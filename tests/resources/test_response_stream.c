/* The response stream calls against oai-emulator: create-and-stream
 * (request shape, hooks, final response, output text), an error before
 * the stream starts (no hook), the tool loop in one stream with parallel
 * calls (previous_response_id) and with store:false (the whole history),
 * retrieve-and-stream with starting_after, the stall timeout, and many
 * response streams on one multi. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu.h"
#include "oai.h"

static tu_emu E;

static const char TOOLS[] =
    "[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":"
    "{\"city\":{\"type\":\"string\"}}}},"
    "{\"type\":\"function\",\"name\":\"get_time\",\"parameters\":{\"type\":\"object\",\"properties\":"
    "{\"zone\":{\"type\":\"string\"}}}}]";

static int setup(void **state)
{
    (void)state;
    static const char *const args[] = {"--step-ms", "1", "--delta-ms", "1", NULL};
    return tu_emu_start(&E, args);
}

static int teardown(void **state)
{
    (void)state;
    tu_emu_stop(&E);
    return 0;
}

typedef struct rec {
    char text[4096];
    int created, completed, ends, exceptions, timeouts, items_done, dones, done_result;
    const char *kind;
    oai_response_stream *s;
    const char *answers[4]; /* outputs for the calls, in order */
    int submits, submit_rc;
} rec;

static int on_text(const char *d, size_t len, const char *snap, const oai_response_change *c, void *ud)
{
    (void)len;
    (void)snap;
    (void)c;
    strncat(((rec *)ud)->text, d, sizeof ((rec *)ud)->text - strlen(((rec *)ud)->text) - 1);
    return 0;
}
static int on_created(const oai_json *r, void *ud)
{
    (void)r;
    ((rec *)ud)->created++;
    return 0;
}
/* Answer every function_call of the response that just completed. */
static int on_completed(const oai_json *resp, void *ud)
{
    rec *r = ud;
    r->completed++;
    if (!r->answers[0] || r->submits)
        return 0; /* answer the first response only */
    oai_json *outs;
    assert_int_equal(oai_json_parse_cstr(&outs, "[]"), OAI_OK);
    int k = 0;
    const oai_json *out = oai_json_get(resp, "output");
    for (const oai_json *it = oai_json_first(out); it; it = oai_json_next(it)) {
        if (strcmp(oai_json_string(oai_json_get(it, "type")), "function_call") != 0)
            continue;
        char buf[256];
        snprintf(buf, sizeof buf, "{\"call_id\":\"%s\",\"output\":\"%s\"}",
                 oai_json_string(oai_json_get(it, "call_id")), r->answers[k++]);
        oai_json *o;
        assert_int_equal(oai_json_parse_cstr(&o, buf), OAI_OK);
        assert_int_equal(oai_json_append(outs, o), OAI_OK);
        oai_json_free(o);
    }
    if (k) {
        r->submits++;
        r->submit_rc = oai_response_stream_submit_function_outputs(r->s, outs);
    }
    oai_json_free(outs);
    return 0;
}
static int on_item_done(const oai_json *item, const oai_response_change *c, void *ud)
{
    (void)item;
    (void)c;
    ((rec *)ud)->items_done++;
    return 0;
}
static int on_end(void *ud)
{
    ((rec *)ud)->ends++;
    return 0;
}
static int on_timeout(void *ud)
{
    ((rec *)ud)->timeouts++;
    return 0;
}
static int on_exception(const oai_error *e, void *ud)
{
    ((rec *)ud)->exceptions++;
    ((rec *)ud)->kind = e->kind;
    return 0;
}

static oai_response_handler handler(rec *r)
{
    oai_response_handler h = OAI_RESPONSE_HANDLER_INIT;
    h.user_data = r;
    h.on_text_delta = on_text;
    h.on_created = on_created;
    h.on_completed = on_completed;
    h.on_output_item_done = on_item_done;
    h.on_end = on_end;
    h.on_timeout = on_timeout;
    h.on_exception = on_exception;
    return h;
}

static int start(oai_response_stream **s, oai_client *c, rec *r, const char *params, long stall_ms)
{
    oai_response_handler h = handler(r);
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    o.handler = &h;
    o.stall_timeout_ms = stall_ms;
    oai_json *p;
    assert_int_equal(oai_json_parse_cstr(&p, params), OAI_OK);
    int rc = oai_responses_stream(s, c, p, &o, NULL);
    oai_json_free(p);
    r->s = *s;
    return rc;
}

static void test_create_and_stream(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&E);
    rec r = {0};
    oai_response_stream *s;
    tu_emu_mark(&E);
    assert_int_equal(start(&s, c, &r, "{\"model\":\"m\",\"input\":\"#scenario:text one two three\"}", 0), OAI_OK);
    cJSON *req = tu_emu_last(&E);
    assert_string_equal(tu_emu_str(req, "method"), "POST");
    assert_string_equal(tu_emu_header(req, "x-stainless-stream-helper"), "responses.stream");
    assert_null(tu_emu_header(req, "openai-beta"));
    cJSON_Delete(req);
    const oai_json *fin;
    oai_response_end end;
    assert_int_equal(oai_response_stream_final_response(&fin, &end, s), OAI_OK);
    assert_int_equal(end, OAI_RESPONSE_END_COMPLETED);
    assert_string_equal(r.text, "one two three");
    const char *text;
    assert_int_equal(oai_response_stream_output_text(&text, NULL, s), OAI_OK);
    assert_string_equal(text, "one two three");
    assert_true(oai_response_stream_last_sequence_number(s) > 3);
    assert_string_equal(oai_response_stream_response_id(s), oai_json_string(oai_json_get(fin, "id")));
    assert_int_equal(r.created, 1);
    assert_int_equal(r.ends, 1);
    oai_response_stream_free(s);

    /* text iteration; an `error` event mid-stream is an api_error */
    rec f = {0};
    assert_int_equal(start(&s, c, &f, "{\"model\":\"m\",\"input\":\"#scenario:fail rate_limit_exceeded\"}", 0),
                     OAI_OK);
    const char *t;
    int rc;
    while ((rc = oai_response_stream_next_text(&t, NULL, s)) == OAI_OK)
        ;
    assert_int_equal(rc, OAI_ESTREAM);
    assert_string_equal(f.kind, "api_error");
    assert_string_equal(oai_response_stream_error(s)->api_code, "rate_limit_exceeded");
    assert_int_equal(f.ends, 1);
    oai_response_stream_free(s);
    oai_client_free(c);
}

static void test_error_before_stream(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&E);
    rec r = {0};
    oai_response_stream *s = (oai_response_stream *)&r;
    assert_int_equal(start(&s, c, &r, "{\"input\":\"no model\"}", 0), OAI_EBADREQUEST);
    assert_null(s);
    assert_int_equal(r.ends + r.exceptions + r.created, 0);
    assert_int_equal(oai_responses_retrieve_stream(&s, c, "resp_missing", -1, NULL, NULL), OAI_ENOTFOUND);
    assert_null(s);
    assert_int_equal(oai_responses_retrieve_stream(&s, c, "", -1, NULL, NULL), OAI_EINVAL);
    assert_int_equal(oai_responses_stream(&s, c, NULL, NULL, NULL), OAI_EINVAL);
    oai_client_free(c);
}

static void tool_loop(const char *store)
{
    oai_client *c = tu_emu_client(&E);
    rec r = {0};
    r.answers[0] = "sunny";
    r.answers[1] = "noon";
    char params[1024];
    snprintf(params, sizeof params, "{\"model\":\"m\",\"tools\":%s,%s\"input\":\"#scenario:parallel 2\"}", TOOLS,
             store);
    oai_response_stream *s;
    tu_emu_mark(&E);
    assert_int_equal(start(&s, c, &r, params, 0), OAI_OK);
    assert_int_equal(oai_response_stream_until_done(s), OAI_OK);
    assert_int_equal(r.submits, 1);
    assert_int_equal(r.submit_rc, OAI_OK);
    assert_int_equal(r.created, 2);
    assert_int_equal(r.completed, 2);
    assert_int_equal(r.items_done, 3); /* two calls, then the message */
    assert_int_equal(r.ends, 1);
    assert_int_equal(r.exceptions, 0);
    const char *want = "Thanks! The tools returned: get_weather returned sunny; get_time returned noon";
    assert_string_equal(r.text, want);
    const oai_json *fin;
    oai_response_end end;
    assert_int_equal(oai_response_stream_final_response(&fin, &end, s), OAI_OK);
    assert_int_equal(end, OAI_RESPONSE_END_COMPLETED);
    const char *text;
    assert_int_equal(oai_response_stream_output_text(&text, NULL, s), OAI_OK);
    assert_string_equal(text, want);
    assert_string_equal(oai_response_stream_response_id(s), oai_json_string(oai_json_get(fin, "id")));
    /* the follow-up request */
    cJSON *log = tu_emu_log_new(&E, 2);
    cJSON *follow = cJSON_GetArrayItem(log, cJSON_GetArraySize(log) - 1);
    const cJSON *body = cJSON_GetObjectItem(follow, "body");
    assert_non_null(body);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(body, "stream")));
    const cJSON *input = cJSON_GetObjectItem(body, "input");
    if (*store) {
        assert_null(cJSON_GetObjectItem(body, "previous_response_id"));
        assert_int_equal(cJSON_GetArraySize(input), 5); /* message, 2 calls, 2 outputs */
        assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(input, 1), "type")->valuestring, "function_call");
    } else {
        assert_true(cJSON_IsString(cJSON_GetObjectItem(body, "previous_response_id")));
        assert_int_equal(cJSON_GetArraySize(input), 2);
    }
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(input, cJSON_GetArraySize(input) - 1), "type")
                            ->valuestring,
                        "function_call_output");
    cJSON_Delete(log);
    /* the loop is over: nothing left to answer */
    oai_json *outs;
    assert_int_equal(oai_json_parse_cstr(&outs, "[]"), OAI_OK);
    assert_int_equal(oai_response_stream_submit_function_outputs(s, outs), OAI_EINVAL);
    oai_json_free(outs);
    oai_response_stream_free(s);
    oai_client_free(c);
}

static void test_tool_loop(void **state)
{
    (void)state;
    tool_loop("");
}

static void test_tool_loop_store_false(void **state)
{
    (void)state;
    tool_loop("\"store\":false,");
}

static void test_retrieve_stream(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&E);
    oai_json *p;
    assert_int_equal(
        oai_json_parse_cstr(&p, "{\"model\":\"m\",\"background\":true,\"input\":\"#scenario:text a b c d\"}"),
        OAI_OK);
    oai_response *resp;
    assert_int_equal(oai_client_request(&resp, c, "POST", "/responses", NULL, p, NULL), OAI_OK);
    oai_json_free(p);
    const char *id = oai_json_string(oai_json_get(oai_response_json(resp), "id"));
    assert_non_null(id);
    char path[128];
    snprintf(path, sizeof path, "/responses/%s", id);
    for (int i = 0; i < 500; i++) { /* until every event exists */
        oai_response *g;
        assert_int_equal(oai_client_request(&g, c, "GET", path, NULL, NULL, NULL), OAI_OK);
        int done = strcmp(oai_json_string(oai_json_get(oai_response_json(g), "status")), "completed") == 0;
        oai_response_free(g);
        if (done)
            break;
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
    rec r = {0};
    oai_response_handler h = handler(&r);
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_response_stream *s;
    tu_emu_mark(&E);
    assert_int_equal(oai_responses_retrieve_stream(&s, c, id, 2, &o, NULL), OAI_OK);
    cJSON *req = tu_emu_last(&E);
    assert_string_equal(tu_emu_str(req, "method"), "GET");
    assert_string_equal(tu_emu_str(cJSON_GetObjectItem(req, "query"), "starting_after"), "2");
    cJSON_Delete(req);
    const oai_response_update *u;
    assert_int_equal(oai_response_stream_next(&u, s), OAI_OK);
    assert_int_equal(u->sequence_number, 3);
    const oai_json *fin;
    oai_response_end end;
    assert_int_equal(oai_response_stream_final_response(&fin, &end, s), OAI_OK);
    assert_int_equal(end, OAI_RESPONSE_END_COMPLETED);
    assert_int_equal(r.created, 0); /* a suffix has no response.created */
    assert_int_equal(r.ends, 1);
    const char *text;
    assert_int_equal(oai_response_stream_output_text(&text, NULL, s), OAI_OK);
    assert_string_equal(text, "a b c d");
    oai_response_stream_free(s);
    /* from the start */
    rec r2 = {0};
    h = handler(&r2);
    assert_int_equal(oai_responses_retrieve_stream(&s, c, id, -1, &o, NULL), OAI_OK);
    assert_int_equal(oai_response_stream_until_done(s), OAI_OK);
    assert_int_equal(oai_response_stream_output_text(&text, NULL, s), OAI_OK);
    assert_string_equal(text, "a b c d");
    oai_response_stream_free(s);
    oai_response_free(resp);
    oai_client_free(c);
}

static void test_stall_timeout(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&E);
    rec r = {0};
    oai_response_stream *s;
    assert_int_equal(start(&s, c, &r, "{\"model\":\"m\",\"input\":\"#scenario:slow 400\"}", 100), OAI_OK);
    assert_int_equal(oai_response_stream_until_done(s), OAI_ETIMEOUT);
    assert_int_equal(r.timeouts, 1);
    assert_int_equal(r.exceptions, 1);
    assert_string_equal(r.kind, "timeout");
    assert_int_equal(r.ends, 1);
    oai_response_stream_free(s);
    oai_client_free(c);
}

static void on_done(const oai_multi_msg *m, void *ud)
{
    rec *r = ud;
    assert_int_equal(m->kind, OAI_MULTI_RESPONSE_STREAM);
    assert_ptr_equal(m->object, r->s);
    r->dones++;
    r->done_result = m->result;
}

#define N_MULTI 40

static void test_multi(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&E);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    rec *r = calloc(N_MULTI, sizeof *r);
    oai_response_stream *s[N_MULTI];
    for (int i = 0; i < N_MULTI; i++) {
        if (i % 4 == 0) { /* some run the tool loop */
            r[i].answers[0] = "sunny";
            r[i].answers[1] = "noon";
            char params[1024];
            snprintf(params, sizeof params, "{\"model\":\"m\",\"tools\":%s,\"input\":\"#scenario:parallel 2\"}",
                     TOOLS);
            assert_int_equal(start(&s[i], c, &r[i], params, 0), OAI_OK);
        } else {
            assert_int_equal(start(&s[i], c, &r[i], "{\"model\":\"m\",\"input\":\"#scenario:long 30\"}", 0), OAI_OK);
        }
        assert_int_equal(oai_multi_add_response_stream(m, s[i], on_done, &r[i]), OAI_OK);
    }
    assert_int_equal(oai_multi_add_response_stream(m, s[0], NULL, NULL), OAI_EINVAL);
    int running = 1;
    for (int guard = 0; running && guard < 100000; guard++) {
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        if (running)
            oai_multi_wait(m, 100);
    }
    assert_int_equal(running, 0);
    for (int i = 0; i < N_MULTI; i++) {
        assert_int_equal(r[i].dones, 1);
        assert_int_equal(r[i].done_result, OAI_OK);
        assert_int_equal(r[i].ends, 1);
        if (i % 4 == 0)
            assert_string_equal(r[i].text,
                                "Thanks! The tools returned: get_weather returned sunny; get_time returned noon");
        else
            assert_int_equal(strlen(r[i].text) > 0, 1);
        oai_response_stream_free(s[i]);
    }
    free(r);
    oai_multi_free(m);
    oai_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_stream), cmocka_unit_test(test_error_before_stream),
        cmocka_unit_test(test_tool_loop),         cmocka_unit_test(test_tool_loop_store_false),
        cmocka_unit_test(test_retrieve_stream),   cmocka_unit_test(test_stall_timeout),
        cmocka_unit_test(test_multi),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
