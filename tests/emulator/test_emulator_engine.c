/* oai-emulator's streams through liboai's stream engine: every scenario
 * ends as it should (no engine error, or the api_error of the error
 * scenarios), and the callback sequences of the text, tool-call,
 * submit-tool-outputs and file-search streams have the shape of the real
 * recordings' expected traces (corpus/expected/real/openai-dotnet). A shape
 * is the list of events with the callbacks each fired, runs of identical
 * entries collapsed (the number of deltas differs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_harness.h"
#include "oai.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "trace.h"

static emu_proc P;
static oai_client *C;
static char g_asst[64], g_vs[64];

#define REAL "real/openai-dotnet/AssistantsTests/"

/* ---- shapes ------------------------------------------------------------ */

typedef struct rec {
    char *p;
    size_t len, cap;
    oai_stream *s;
    int submit; /* answer requires_action in the same stream */
} rec;

static void add(rec *r, const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b);
    if (r->len + n + 1 > r->cap) {
        r->cap = (r->len + n + 1) * 2;
        r->p = realloc(r->p, r->cap);
        assert_non_null(r->p);
    }
    memcpy(r->p + r->len, a, strlen(a));
    memcpy(r->p + r->len + strlen(a), b, strlen(b) + 1);
    r->len += n;
}

/* "|event,cb,cb|event,cb" → the same with consecutive equal entries merged */
static char *collapse(const char *flat)
{
    char *out = calloc(1, strlen(flat) + 1), *prev = NULL;
    char *copy = strdup(flat), *save = NULL;
    for (char *e = strtok_r(copy, "|", &save); e; e = strtok_r(NULL, "|", &save)) {
        if (prev && strcmp(prev, e) == 0)
            continue;
        strcat(out, "|");
        strcat(out, e);
        prev = e;
    }
    char *res = strdup(out);
    free(out);
    free(copy);
    return res;
}

/* The shape of an expected trace file of the corpus. */
static char *trace_shape(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/expected/%s", OAI_CORPUS_DIR, rel);
    char *text = read_all(path, NULL);
    assert_non_null(text);
    rec r = { 0 };
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        cJSON *j = cJSON_Parse(line);
        assert_non_null(j);
        const char *cb = jstr(j, "cb");
        if (cb && strcmp(cb, "on_event") == 0)
            add(&r, "|", jstr(j, "event"));
        else if (cb && strcmp(cb, "on_end") == 0)
            add(&r, "|", "on_end");
        else if (cb)
            add(&r, ",", cb);
        cJSON_Delete(j);
    }
    free(text);
    char *s = collapse(r.p);
    free(r.p);
    return s;
}

#define R ((rec *)ud)
static int h_event(const oai_event *ev, void *ud)
{
    add(R, "|", oai_event_name(ev));
    if (R->submit && oai_event_type_of(ev) == OAI_EVENT_RUN_REQUIRES_ACTION) {
        /* answer every call; the follow-up flows through this same stream */
        const oai_json *calls =
            oai_json_path(oai_run_json(oai_event_run(ev)), "required_action.submit_tool_outputs.tool_calls");
        oai_json *outs = NULL;
        assert_int_equal(oai_json_parse_cstr(&outs, "[]"), OAI_OK);
        for (size_t i = 0; i < oai_json_size(calls); i++) {
            char o[200];
            snprintf(o, sizeof o, "{\"tool_call_id\":\"%s\",\"output\":\"22C\"}",
                     oai_json_path_string(oai_json_at(calls, i), "id"));
            assert_int_equal(oai_json_append_raw(outs, o), OAI_OK);
        }
        assert_int_equal(oai_stream_submit_tool_outputs(R->s, outs), OAI_OK);
        oai_json_free(outs);
        R->submit = 0;
    }
    return 0;
}
static int h_rs_created(const oai_run_step *x, void *ud) { (void)x; add(R, ",", "on_run_step_created"); return 0; }
static int h_rs_delta(const oai_json *d, const oai_run_step *x, void *ud) { (void)d; (void)x; add(R, ",", "on_run_step_delta"); return 0; }
static int h_rs_done(const oai_run_step *x, void *ud) { (void)x; add(R, ",", "on_run_step_done"); return 0; }
static int h_msg_created(const oai_message *x, void *ud) { (void)x; add(R, ",", "on_message_created"); return 0; }
static int h_msg_delta(const oai_json *d, const oai_message *x, void *ud) { (void)d; (void)x; add(R, ",", "on_message_delta"); return 0; }
static int h_msg_done(const oai_message *x, void *ud) { (void)x; add(R, ",", "on_message_done"); return 0; }
static int h_text_created(const oai_text *x, void *ud) { (void)x; add(R, ",", "on_text_created"); return 0; }
static int h_text_delta(const oai_text_delta *d, const oai_text *t, void *ud) { (void)d; (void)t; add(R, ",", "on_text_delta"); return 0; }
static int h_text_done(const oai_text *x, void *ud) { (void)x; add(R, ",", "on_text_done"); return 0; }
static int h_img_done(const oai_json *x, void *ud) { (void)x; add(R, ",", "on_image_file_done"); return 0; }
static int h_tc_created(const oai_tool_call *x, void *ud) { (void)x; add(R, ",", "on_tool_call_created"); return 0; }
static int h_tc_delta(const oai_json *d, const oai_tool_call *x, void *ud) { (void)d; (void)x; add(R, ",", "on_tool_call_delta"); return 0; }
static int h_tc_done(const oai_tool_call *x, void *ud) { (void)x; add(R, ",", "on_tool_call_done"); return 0; }
static void h_timeout(void *ud) { add(R, ",", "on_timeout"); }
static void h_exc(const oai_error *e, void *ud) { (void)e; add(R, ",", "on_exception"); }
static void h_end(void *ud) { add(R, "|", "on_end"); }
#undef R

static oai_stream_options options(oai_assistant_handler *h, rec *r)
{
    oai_assistant_handler z = OAI_ASSISTANT_HANDLER_INIT;
    *h = z;
    h->user_data = r;
    h->on_event = h_event;
    h->on_run_step_created = h_rs_created;
    h->on_run_step_delta = h_rs_delta;
    h->on_run_step_done = h_rs_done;
    h->on_message_created = h_msg_created;
    h->on_message_delta = h_msg_delta;
    h->on_message_done = h_msg_done;
    h->on_text_created = h_text_created;
    h->on_text_delta = h_text_delta;
    h->on_text_done = h_text_done;
    h->on_image_file_done = h_img_done;
    h->on_tool_call_created = h_tc_created;
    h->on_tool_call_delta = h_tc_delta;
    h->on_tool_call_done = h_tc_done;
    h->on_timeout = h_timeout;
    h->on_exception = h_exc;
    h->on_end = h_end;
    oai_stream_options o = OAI_STREAM_OPTIONS_INIT;
    o.handler = h;
    return o;
}

/* ---- fixtures ---------------------------------------------------------- */

static int setup(void **state)
{
    (void)state;
    static const char *const args[] = {"--step-ms", "2", "--delta-ms", "1", "--file-process-ms", "10", NULL};
    emu_start(&P, args);
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = P.base_url;
    o.max_retries = 0;
    if (oai_client_new(&C, &o, NULL, 0) != OAI_OK)
        return -1;
    cJSON *a = emu_call(&P, "POST", "/assistants",
                        "{\"model\":\"gpt-4o\",\"tools\":[{\"type\":\"code_interpreter\"},{\"type\":\"file_search\"},"
                        "{\"type\":\"function\",\"function\":{\"name\":\"get_current_weather\",\"parameters\":"
                        "{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}}}}}]}",
                        200);
    snprintf(g_asst, sizeof g_asst, "%s", jstr(a, "id"));
    cJSON_Delete(a);
    const char *txt = "The emulator keeps its files in memory.";
    cJSON *f = emu_upload(&P, "notes.txt", txt, strlen(txt), "assistants", 200);
    char body[200];
    snprintf(body, sizeof body, "{\"name\":\"kb\",\"file_ids\":[\"%s\"]}", jstr(f, "id"));
    cJSON *vs = emu_call(&P, "POST", "/vector_stores", body, 200);
    snprintf(g_vs, sizeof g_vs, "%s", jstr(vs, "id"));
    char path[200];
    snprintf(path, sizeof path, "/vector_stores/%s", g_vs);
    cJSON_Delete(emu_wait_field(&P, path, "status", "completed", 5000));
    cJSON_Delete(vs);
    cJSON_Delete(f);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    oai_client_free(C);
    return emu_stop(&P) == 0 ? 0 : -1;
}

/* A thread whose only message is `text` (with the vector store attached). */
static void new_thread(char *tid, const char *text)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}],\"tool_resources\":{\"file_search\":"
             "{\"vector_store_ids\":[\"%s\"]}}}",
             text, g_vs);
    cJSON *t = emu_call(&P, "POST", "/threads", body, 200);
    snprintf(tid, 64, "%s", jstr(t, "id"));
    cJSON_Delete(t);
}

/* Stream a run of `text` through the engine; returns until_done's code and
 * the shape in *shape; *status gets the final run status (or ""). */
static int run_scenario(const char *text, int submit, char **shape, char *status)
{
    char tid[64], body[128];
    new_thread(tid, text);
    snprintf(body, sizeof body, "{\"assistant_id\":\"%s\"}", g_asst);
    oai_json *params = NULL;
    assert_int_equal(oai_json_parse_cstr(&params, body), OAI_OK);
    rec r = { 0 };
    r.submit = submit;
    oai_assistant_handler h;
    oai_stream_options so = options(&h, &r);
    assert_int_equal(oai_runs_stream(&r.s, C, tid, params, NULL, &so, NULL), OAI_OK);
    int rc = oai_stream_until_done(r.s);
    const oai_run *run = NULL;
    status[0] = '\0';
    if (oai_stream_final_run(&run, r.s) == OAI_OK)
        snprintf(status, 32, "%s", oai_run_status(run));
    if (rc != OAI_OK)
        assert_string_equal(trace_error_kind(oai_stream_error(r.s)), "api_error");
    oai_stream_free(r.s);
    oai_json_free(params);
    *shape = collapse(r.p);
    free(r.p);
    return rc;
}

/* ---- tests --------------------------------------------------------------- */

static void text_like_real(void **state)
{
    (void)state;
    char *shape, status[32];
    assert_int_equal(run_scenario("How are you today?", 0, &shape, status), OAI_OK);
    assert_string_equal(status, "completed");
    char *want = trace_shape(REAL "StreamingRunWorks@aa5213ff/02_POST_threads.x.runs.trace.jsonl");
    assert_string_equal(shape, want);
    free(want);
    free(shape);
}

static void file_search_like_real(void **state)
{
    (void)state;
    char *shape, status[32];
    assert_int_equal(run_scenario("#scenario:file_search", 0, &shape, status), OAI_OK);
    assert_string_equal(status, "completed");
    char *want = trace_shape(REAL "FileSearchStreamingWorks@aa5213ff/03_POST_threads.x.runs.trace.jsonl");
    assert_string_equal(shape, want);
    free(want);
    free(shape);
}

/* create-and-run with a function call, then the outputs in their own
 * stream, each like the service's pair of recordings */
static void tool_call_like_real(void **state)
{
    (void)state;
    char body[400];
    snprintf(body, sizeof body,
             "{\"assistant_id\":\"%s\",\"thread\":{\"messages\":[{\"role\":\"user\",\"content\":"
             "\"#scenario:function get_current_weather\"}]}}",
             g_asst);
    oai_json *params = NULL;
    assert_int_equal(oai_json_parse_cstr(&params, body), OAI_OK);
    rec r = { 0 };
    oai_assistant_handler h;
    oai_stream_options so = options(&h, &r);
    assert_int_equal(oai_threads_create_and_run_stream(&r.s, C, params, &so, NULL), OAI_OK);
    assert_int_equal(oai_stream_until_done(r.s), OAI_OK);
    const oai_run *run = NULL;
    assert_int_equal(oai_stream_final_run(&run, r.s), OAI_OK);
    assert_string_equal(oai_run_status(run), "requires_action");
    char tid[64], rid[64], call[64];
    snprintf(tid, sizeof tid, "%s", oai_json_path_string(oai_run_json(run), "thread_id"));
    snprintf(rid, sizeof rid, "%s", oai_run_id(run));
    snprintf(call, sizeof call, "%s",
             oai_json_path_string(oai_run_json(run), "required_action.submit_tool_outputs.tool_calls.0.id"));
    oai_stream_free(r.s);
    oai_json_free(params);
    char *shape = collapse(r.p);
    char *want = trace_shape(REAL "StreamingToolCall()@aa5213ff/01_POST_threads.runs.trace.jsonl");
    assert_string_equal(shape, want);
    free(want);
    free(shape);
    free(r.p);

    snprintf(body, sizeof body, "[{\"tool_call_id\":\"%s\",\"output\":\"22C\"}]", call);
    oai_json *outs = NULL;
    assert_int_equal(oai_json_parse_cstr(&outs, body), OAI_OK);
    rec r2 = { 0 };
    so = options(&h, &r2);
    assert_int_equal(oai_runs_submit_tool_outputs_stream(&r2.s, C, tid, rid, outs, &so, NULL), OAI_OK);
    assert_int_equal(oai_stream_until_done(r2.s), OAI_OK);
    assert_int_equal(oai_stream_final_run(&run, r2.s), OAI_OK);
    assert_string_equal(oai_run_status(run), "completed");
    oai_stream_free(r2.s);
    oai_json_free(outs);
    shape = collapse(r2.p);
    want = trace_shape(REAL "StreamingToolCall()@aa5213ff/02_POST_threads.x.runs.x.submit_tool_outputs.trace.jsonl");
    assert_string_equal(shape, want);
    free(want);
    free(shape);
    free(r2.p);
}

/* Every other scenario: the engine ends it without error (the error
 * scenarios with the server's api_error), with the run's final status. */
static void every_scenario_ends_cleanly(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int submit, rc;
        const char *status, *must;
    } cases[] = {
        {"#scenario:code", 0, OAI_OK, "completed", "on_tool_call_done"},
        {"#scenario:code", 0, OAI_OK, "completed", "on_image_file_done"},
        {"#scenario:parallel 3", 1, OAI_OK, "completed", "thread.run.requires_action"},
        {"#scenario:function", 1, OAI_OK, "completed", "on_tool_call_delta"},
        {"#scenario:fail", 0, OAI_OK, "failed", "thread.run.failed"},
        {"#scenario:incomplete", 0, OAI_OK, "incomplete", "thread.message.incomplete"},
        {"#scenario:cancelled", 0, OAI_OK, "cancelled", "thread.run.cancelled"},
        {"#scenario:expired", 0, OAI_OK, "expired", "thread.run.expired"},
        /* a failed stream has no final run */
        {"#scenario:error", 0, OAI_ESTREAM, "", "on_exception|on_end"},
        {"#scenario:error bare", 0, OAI_ESTREAM, "", "on_exception|on_end"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *shape, status[32];
        int rc = run_scenario(cases[i].text, cases[i].submit, &shape, status);
        if (rc != cases[i].rc || strcmp(status, cases[i].status) != 0 || !strstr(shape, cases[i].must))
            fail_msg("%s: rc %d status '%s' shape %s", cases[i].text, rc, status, shape);
        /* nothing after on_end, and on_end once */
        const char *end = strstr(shape, "|on_end");
        assert_non_null(end);
        assert_string_equal(end, "|on_end");
        free(shape);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_like_real),
        cmocka_unit_test(file_search_like_real),
        cmocka_unit_test(tool_call_like_real),
        cmocka_unit_test(every_scenario_ends_cleanly),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
