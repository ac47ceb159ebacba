/* oai-emulator: the event grammar of every scenario (semantics §1.2), and the
 * objects each leaves behind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static emu_proc P;
static char asst_id[64];

#define HEAD "thread.created,thread.run.created,thread.run.queued,thread.run.in_progress,"
#define MSG_OPEN "thread.run.step.created,thread.run.step.in_progress,thread.message.created,thread.message.in_progress,"
#define MSG_CLOSE "thread.message.completed,thread.run.step.completed,"

static int setup(void **state)
{
    (void)state;
    emu_start(&P, NULL);
    cJSON *a = emu_call(&P, "POST", "/assistants",
                        "{\"model\":\"gpt-4o\",\"tools\":[{\"type\":\"code_interpreter\"},{\"type\":\"file_search\"}]}",
                        200);
    snprintf(asst_id, sizeof asst_id, "%s", jstr(a, "id"));
    cJSON_Delete(a);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(emu_stop(&P), 0);
    return 0;
}

/* create-and-run streamed with one user message; returns the body (caller frees). */
static char *run_stream(const char *text, const char *extra)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"assistant_id\":\"%s\",\"thread\":{\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]},"
             "\"stream\":true%s}",
             asst_id, text, extra ? extra : "");
    http_res r;
    emu_http(&P, "POST", "/threads/runs", body, NULL, &r);
    assert_int_equal(r.status, 200);
    free(r.headers);
    return r.body;
}

/* Whether the compact JSON text of j contains needle. */
static int json_has(const cJSON *j, const char *needle)
{
    char *s = cJSON_PrintUnformatted(j);
    int found = s && strstr(s, needle) != NULL;
    free(s);
    return found;
}

static void expect_pattern(const char *body, const char *want)
{
    char *got = sse_pattern(body);
    if (strcmp(got, want) != 0)
        fail_msg("pattern\n got: %s\nwant: %s", got, want);
    free(got);
}

static int count_events(const char *body, const char *name)
{
    size_t n;
    char **names = sse_names(body, &n);
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += strcmp(names[i], name) == 0;
    sse_names_free(names, n);
    return k;
}

static void test_code_interpreter(void **state)
{
    (void)state;
    char *b = run_stream("#scenario:code", NULL);
    expect_pattern(b, HEAD "thread.run.step.created,thread.run.step.in_progress,thread.run.step.delta,"
                           "thread.run.step.completed," MSG_OPEN "thread.message.delta," MSG_CLOSE
                           "thread.run.completed,done");
    cJSON *sc = sse_data(b, "thread.run.step.completed", 0);
    cJSON *tc = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(sc, "step_details"), "tool_calls"), 0);
    assert_string_equal(jstr(tc, "type"), "code_interpreter");
    cJSON *ci = cJSON_GetObjectItem(tc, "code_interpreter");
    assert_string_equal(jstr(ci, "input"), "import math\nprint(math.sqrt(16))");
    cJSON *outs = cJSON_GetObjectItem(ci, "outputs");
    assert_int_equal(cJSON_GetArraySize(outs), 2);
    assert_string_equal(jstr(cJSON_GetArrayItem(outs, 0), "type"), "logs");
    assert_string_equal(jstr(cJSON_GetArrayItem(outs, 0), "logs"), "4.0\n");
    assert_string_equal(jstr(cJSON_GetArrayItem(outs, 1), "type"), "image");
    const char *img = jstr(cJSON_GetObjectItem(cJSON_GetArrayItem(outs, 1), "image"), "file_id");
    assert_memory_equal(img, "file-", 5);
    /* the input arrives in pieces, outputs carry their own index */
    assert_true(count_events(b, "thread.run.step.delta") >= 10);
    cJSON *mc = sse_data(b, "thread.message.completed", 0);
    cJSON *content = cJSON_GetObjectItem(mc, "content");
    assert_int_equal(cJSON_GetArraySize(content), 2);
    assert_string_equal(jstr(cJSON_GetArrayItem(content, 0), "type"), "image_file");
    assert_string_equal(jstr(cJSON_GetObjectItem(cJSON_GetArrayItem(content, 0), "image_file"), "file_id"), img);
    assert_string_equal(jstr(cJSON_GetArrayItem(content, 1), "type"), "text");
    /* the image can be downloaded */
    char path[128];
    snprintf(path, sizeof path, "/files/%s/content", img);
    http_res r;
    emu_http(&P, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_true(r.len > 8);
    assert_memory_equal(r.body, "\x89PNG", 4);
    http_res_free(&r);
    cJSON_Delete(sc);
    cJSON_Delete(mc);
    free(b);
}

static void test_file_search(void **state)
{
    (void)state;
    const char *text = "The favorite food of Filip Carola: cake.";
    cJSON *f = emu_upload(&P, "favorite_foods.txt", text, strlen(text), "assistants", 200);
    cJSON *vs = emu_callf(&P, "POST", "/vector_stores", 200, "{\"name\":\"foods\",\"file_ids\":[\"%s\"]}", jstr(f, "id"));
    char path[256];
    snprintf(path, sizeof path, "/vector_stores/%s", jstr(vs, "id"));
    cJSON_Delete(emu_wait_field(&P, path, "status", "completed", 5000));
    cJSON *t = emu_callf(&P, "POST", "/threads", 200,
                         "{\"messages\":[{\"role\":\"user\",\"content\":\"#scenario:file_search\"}],"
                         "\"tool_resources\":{\"file_search\":{\"vector_store_ids\":[\"%s\"]}}}",
                         jstr(vs, "id"));
    snprintf(path, sizeof path, "/threads/%s/runs?include[]=step_details.tool_calls[*].file_search.results[*].content",
             jstr(t, "id"));
    char body[200];
    snprintf(body, sizeof body, "{\"assistant_id\":\"%s\",\"stream\":true}", asst_id);
    http_res r;
    emu_http(&P, "POST", path, body, NULL, &r);
    assert_int_equal(r.status, 200);
    /* same event pattern as the real FileSearchStreamingWorks recording */
    char *real = read_all(OAI_CORPUS_DIR "/real/openai-dotnet/AssistantsTests/FileSearchStreamingWorks@aa5213ff/"
                                         "03_POST_threads.x.runs.sse",
                          NULL);
    assert_non_null(real);
    char *want = sse_pattern(real);
    expect_pattern(r.body, want);
    free(want);
    free(real);
    cJSON *sc = sse_data(r.body, "thread.run.step.completed", 0);
    cJSON *tc = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(sc, "step_details"), "tool_calls"), 0);
    assert_string_equal(jstr(tc, "type"), "file_search");
    cJSON *res0 = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(tc, "file_search"), "results"), 0);
    assert_string_equal(jstr(res0, "file_id"), jstr(f, "id"));
    assert_non_null(cJSON_GetObjectItem(res0, "content")); /* include[] asked for it */
    cJSON *mc = sse_data(r.body, "thread.message.completed", 0);
    cJSON *tx = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(mc, "content"), 0), "text");
    const char *value = jstr(tx, "value");
    cJSON *ann = cJSON_GetArrayItem(cJSON_GetObjectItem(tx, "annotations"), 0);
    assert_string_equal(jstr(ann, "type"), "file_citation");
    assert_string_equal(jstr(ann, "text"), "\xE3\x80\x90" "4:0\xE2\x80\xA0" "favorite_foods.txt\xE3\x80\x91");
    assert_string_equal(jstr(cJSON_GetObjectItem(ann, "file_citation"), "file_id"), jstr(f, "id"));
    assert_non_null(strstr(value, "cake"));
    /* start/end are code-point offsets of the marker inside the text */
    const char *m = strstr(value, "\xE3\x80\x90");
    assert_non_null(m);
    long cp = 0;
    for (const char *q = value; q < m; q++)
        cp += ((unsigned char)*q & 0xC0) != 0x80;
    assert_int_equal(jnum(ann, "start_index"), cp);
    assert_int_equal(jnum(ann, "end_index"), cp + 24);
    /* steps list: content only with include[] */
    cJSON *rc = sse_data(r.body, "thread.run.created", 0);
    snprintf(path, sizeof path, "/threads/%s/runs/%s/steps?order=asc", jstr(t, "id"), jstr(rc, "id"));
    cJSON *steps = emu_call(&P, "GET", path, NULL, 200);
    cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItem(steps, "data"), 0);
    cJSON *r0 = cJSON_GetArrayItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(s0,
                            "step_details"), "tool_calls"), 0), "file_search"), "results"), 0);
    assert_non_null(r0);
    assert_null(cJSON_GetObjectItem(r0, "content"));
    cJSON_Delete(steps);
    strcat(path, "&include[]=step_details.tool_calls[*].file_search.results[*].content");
    steps = emu_call(&P, "GET", path, NULL, 200);
    assert_true(json_has(steps, "Filip Carola"));
    cJSON_Delete(steps);
    snprintf(path, sizeof path, "/threads/%s/runs/%s/steps?include[]=bogus", jstr(t, "id"), jstr(rc, "id"));
    cJSON_Delete(emu_call(&P, "GET", path, NULL, 400));
    cJSON *objs[] = {f, vs, t, sc, mc, rc};
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++)
        cJSON_Delete(objs[i]);
    http_res_free(&r);
}

static void test_failed(void **state)
{
    (void)state;
    char *b = run_stream("#scenario:fail rate_limit_exceeded", NULL);
    expect_pattern(b, HEAD "thread.run.failed,done");
    cJSON *rf = sse_data(b, "thread.run.failed", 0);
    assert_string_equal(jstr(rf, "status"), "failed");
    assert_string_equal(jstr(cJSON_GetObjectItem(rf, "last_error"), "code"), "rate_limit_exceeded");
    assert_true(jnum(rf, "failed_at") > 0);
    cJSON_Delete(rf);
    free(b);
}

static void test_incomplete(void **state)
{
    (void)state;
    char *b = run_stream("#scenario:incomplete", NULL);
    expect_pattern(b, HEAD MSG_OPEN "thread.message.delta,thread.message.incomplete,thread.run.step.completed,"
                                    "thread.run.incomplete,done");
    cJSON *ri = sse_data(b, "thread.run.incomplete", 0);
    assert_string_equal(jstr(ri, "status"), "incomplete");
    assert_string_equal(jstr(cJSON_GetObjectItem(ri, "incomplete_details"), "reason"), "max_completion_tokens");
    cJSON *mi = sse_data(b, "thread.message.incomplete", 0);
    assert_string_equal(jstr(cJSON_GetObjectItem(mi, "incomplete_details"), "reason"), "max_tokens");
    cJSON_Delete(ri);
    cJSON_Delete(mi);
    free(b);
}

static void test_cancelled(void **state)
{
    (void)state;
    char *b = run_stream("#scenario:cancelled", NULL);
    expect_pattern(b, HEAD MSG_OPEN "thread.message.delta,thread.run.cancelling,thread.message.incomplete,"
                                    "thread.run.step.cancelled,thread.run.cancelled,done");
    cJSON *rc = sse_data(b, "thread.run.cancelled", 0);
    assert_true(jnum(rc, "cancelled_at") > 0);
    cJSON_Delete(rc);
    free(b);
}

static void test_expired(void **state)
{
    (void)state;
    char *b = run_stream("#scenario:expired", NULL);
    expect_pattern(b, HEAD "thread.run.step.created,thread.run.step.in_progress,thread.run.step.expired,"
                           "thread.run.expired,done");
    free(b);
}

static void test_error_event(void **state)
{
    (void)state;
    char *b = run_stream("#scenario:error", NULL);
    expect_pattern(b, HEAD MSG_OPEN "thread.message.delta,error");
    cJSON *e = sse_data(b, "error", 0);
    cJSON *inner = cJSON_GetObjectItem(e, "error");
    assert_string_equal(jstr(inner, "type"), "server_error");
    assert_non_null(jstr(inner, "message"));
    /* the run behind the broken stream is failed */
    cJSON *rc = sse_data(b, "thread.run.created", 0);
    char path[200];
    snprintf(path, sizeof path, "/threads/%s/runs/%s", jstr(rc, "thread_id"), jstr(rc, "id"));
    cJSON *run = emu_call(&P, "GET", path, NULL, 200);
    assert_string_equal(jstr(run, "status"), "failed");
    assert_string_equal(jstr(cJSON_GetObjectItem(run, "last_error"), "code"), "server_error");
    cJSON_Delete(run);
    cJSON_Delete(rc);
    cJSON_Delete(e);
    free(b);
    /* the bare ErrorObject shape */
    b = run_stream("#scenario:error bare", NULL);
    expect_pattern(b, HEAD MSG_OPEN "thread.message.delta,error");
    e = sse_data(b, "error", 0);
    assert_null(cJSON_GetObjectItem(e, "error"));
    assert_string_equal(jstr(e, "type"), "server_error");
    assert_non_null(jstr(e, "message"));
    cJSON_Delete(e);
    free(b);
}

static void test_long(void **state)
{
    (void)state;
    char *b = run_stream("#scenario:long 200", NULL);
    expect_pattern(b, HEAD MSG_OPEN "thread.message.delta," MSG_CLOSE "thread.run.completed,done");
    assert_int_equal(count_events(b, "thread.message.delta"), 200);
    cJSON *mc = sse_data(b, "thread.message.completed", 0);
    const char *v = jstr(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(mc, "content"), 0), "text"), "value");
    assert_memory_equal(v, "w1 w2 w3", 8);
    assert_non_null(strstr(v, " w200"));
    cJSON_Delete(mc);
    free(b);
}

static void test_unknown_scenario_and_text(void **state)
{
    (void)state;
    char *b = run_stream("#scenario:nope", NULL);
    expect_pattern(b, HEAD "thread.run.failed,done");
    cJSON *rf = sse_data(b, "thread.run.failed", 0);
    assert_non_null(strstr(jstr(cJSON_GetObjectItem(rf, "last_error"), "message"), "nope"));
    cJSON_Delete(rf);
    free(b);
    b = run_stream("#scenario:text Exactly these words.", NULL);
    cJSON *mc = sse_data(b, "thread.message.completed", 0);
    assert_string_equal(
        jstr(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(mc, "content"), 0), "text"), "value"),
        "Exactly these words.");
    cJSON_Delete(mc);
    free(b);
    /* function scenario without function tools: explains itself in text */
    b = run_stream("#scenario:function", NULL);
    mc = sse_data(b, "thread.message.completed", 0);
    assert_true(json_has(mc, "No function tool"));
    cJSON_Delete(mc);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_interpreter), cmocka_unit_test(test_file_search),
        cmocka_unit_test(test_failed),           cmocka_unit_test(test_incomplete),
        cmocka_unit_test(test_cancelled),        cmocka_unit_test(test_expired),
        cmocka_unit_test(test_error_event),      cmocka_unit_test(test_long),
        cmocka_unit_test(test_unknown_scenario_and_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
