/* oai-emulator: runs polled and streamed, compared with the event patterns of
 * real recordings; tool outputs; cancel; run steps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu_harness.h"

#include <curl/curl.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static emu_proc P;
static char asst_id[64];

#define REAL_DIR OAI_CORPUS_DIR "/real/openai-dotnet/AssistantsTests/"

static int setup(void **state)
{
    (void)state;
    static const char *const args[] = {"--poll-after-ms", "7", NULL};
    emu_start(&P, args);
    cJSON *a = emu_call(&P, "POST", "/assistants",
                        "{\"model\":\"gpt-4o\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":"
                        "\"get_current_weather\",\"description\":\"Gets the weather\",\"parameters\":{\"type\":"
                        "\"object\",\"properties\":{\"location\":{\"type\":\"string\"},\"unit\":{\"type\":\"string\","
                        "\"enum\":[\"celsius\",\"fahrenheit\"]}}}}},{\"type\":\"function\",\"function\":{\"name\":"
                        "\"get_time\"}}]}",
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

static char *real_pattern(const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s%s", REAL_DIR, rel);
    char *body = read_all(path, NULL);
    if (!body)
        fail_msg("missing corpus file %s", path);
    char *p = sse_pattern(body);
    free(body);
    return p;
}

static char *new_thread(const char *text)
{
    cJSON *t = emu_callf(&P, "POST", "/threads", 200, "{\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}", text);
    char *id = strdup(jstr(t, "id"));
    cJSON_Delete(t);
    return id;
}

static void stream_post(const char *path, const char *body, http_res *r)
{
    emu_http(&P, "POST", path, body, NULL, r);
    assert_int_equal(r->status, 200);
    char ct[128];
    assert_non_null(http_header(r, "content-type", ct, sizeof ct));
    assert_string_equal(ct, "text/event-stream; charset=utf-8");
}

static void test_polled_run_progression(void **state)
{
    (void)state;
    /* a run that stays in_progress for about a second, so even a slow
     * client (valgrind) sees that status between queued and completed */
    char *tid = new_thread("#scenario:slow 20");
    char path[256];
    snprintf(path, sizeof path, "/threads/%s/runs", tid);
    cJSON *run = emu_callf(&P, "POST", path, 200, "{\"assistant_id\":\"%s\",\"stream\":false}", asst_id);
    assert_string_equal(jstr(run, "object"), "thread.run");
    assert_string_equal(jstr(run, "status"), "queued");
    assert_memory_equal(jstr(run, "id"), "run_", 4);
    assert_string_equal(jstr(run, "thread_id"), tid);
    assert_string_equal(jstr(run, "assistant_id"), asst_id);
    assert_string_equal(jstr(run, "model"), "gpt-4o");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(run, "tools")), 2);
    snprintf(path, sizeof path, "/threads/%s/runs/%s", tid, jstr(run, "id"));
    /* the run moves through in_progress to completed as time passes */
    int saw_in_progress = 0, polls = 0;
    const char *status = "queued";
    cJSON *cur = NULL;
    while (polls++ < 500) {
        http_res r;
        emu_http(&P, "GET", path, NULL, NULL, &r);
        assert_int_equal(r.status, 200);
        char v[32];
        assert_non_null(http_header(&r, "openai-poll-after-ms", v, sizeof v));
        assert_string_equal(v, "7");
        cJSON_Delete(cur);
        cur = cJSON_Parse(r.body);
        http_res_free(&r);
        status = jstr(cur, "status");
        if (strcmp(status, "in_progress") == 0)
            saw_in_progress = 1;
        else if (strcmp(status, "completed") == 0)
            break;
        else
            assert_string_equal(status, saw_in_progress ? "in_progress" : "queued");
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    assert_string_equal(status, "completed");
    assert_true(saw_in_progress);
    assert_true(jnum(cur, "completed_at") >= jnum(cur, "created_at"));
    assert_true(jnum(cur, "started_at") > 0);
    assert_true(cJSON_IsObject(cJSON_GetObjectItem(cur, "usage")));
    /* the reply is in the thread */
    snprintf(path, sizeof path, "/threads/%s/messages?run_id=%s", tid, jstr(run, "id"));
    cJSON *l = emu_call(&P, "GET", path, NULL, 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(l, "data")), 1);
    cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "data"), 0);
    assert_string_equal(jstr(m, "role"), "assistant");
    assert_string_equal(jstr(m, "status"), "completed");
    assert_string_equal(jstr(m, "run_id"), jstr(run, "id"));
    const char *text = jstr(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(m, "content"), 0), "text"), "value");
    char want[256] = "w1"; /* the slow scenario's reply: "w1 w2 ... w50" */
    for (int i = 2; i <= 50; i++)
        snprintf(want + strlen(want), sizeof want - strlen(want), " w%d", i);
    assert_string_equal(text, want);
    /* steps */
    snprintf(path, sizeof path, "/threads/%s/runs/%s/steps", tid, jstr(run, "id"));
    cJSON *steps = emu_call(&P, "GET", path, NULL, 200);
    cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItem(steps, "data"), 0);
    assert_string_equal(jstr(s0, "type"), "message_creation");
    assert_string_equal(jstr(s0, "status"), "completed");
    assert_string_equal(
        jstr(cJSON_GetObjectItem(cJSON_GetObjectItem(s0, "step_details"), "message_creation"), "message_id"),
        jstr(m, "id"));
    snprintf(path, sizeof path, "/threads/%s/runs/%s/steps/%s", tid, jstr(run, "id"), jstr(s0, "id"));
    cJSON *sg = emu_call(&P, "GET", path, NULL, 200);
    assert_string_equal(jstr(sg, "object"), "thread.run.step");
    snprintf(path, sizeof path, "/threads/%s/runs/%s/steps/step_nope", tid, jstr(run, "id"));
    cJSON_Delete(emu_call(&P, "GET", path, NULL, 404));
    snprintf(path, sizeof path, "/threads/%s/runs", tid);
    cJSON *rl = emu_call(&P, "GET", path, NULL, 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(rl, "data")), 1);
    cJSON *objs[] = {run, cur, l, steps, sg, rl};
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++)
        cJSON_Delete(objs[i]);
    free(tid);
}

static void test_streamed_text_matches_real(void **state)
{
    (void)state;
    char *tid = new_thread("How are you today?");
    char path[256];
    snprintf(path, sizeof path, "/threads/%s/runs", tid);
    char body[256];
    snprintf(body, sizeof body, "{\"assistant_id\":\"%s\",\"stream\":true}", asst_id);
    http_res r;
    stream_post(path, body, &r);
    char *want = real_pattern("StreamingRunWorks@aa5213ff/02_POST_threads.x.runs.sse");
    char *got = sse_pattern(r.body);
    assert_string_equal(got, want);
    /* byte-level framing: every event is "event: X\ndata: {...}\n\n", the last is done */
    size_t len = strlen(r.body);
    assert_true(len > 30);
    assert_string_equal(r.body + len - 26, "event: done\ndata: [DONE]\n\n");
    /* deltas are word-sized and add up to the completed text */
    size_t n;
    char **names = sse_names(r.body, &n);
    int deltas = 0;
    for (size_t i = 0; i < n; i++)
        deltas += strcmp(names[i], "thread.message.delta") == 0;
    sse_names_free(names, n);
    assert_true(deltas >= 5);
    char acc[512] = "";
    for (int i = 0; i < deltas; i++) {
        cJSON *d = sse_data(r.body, "thread.message.delta", i);
        cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(d, "delta"), "content"), 0);
        assert_int_equal(jnum(c, "index"), 0);
        strcat(acc, jstr(cJSON_GetObjectItem(c, "text"), "value"));
        cJSON_Delete(d);
    }
    cJSON *done = sse_data(r.body, "thread.message.completed", 0);
    assert_string_equal(
        jstr(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(done, "content"), 0), "text"), "value"), acc);
    assert_string_equal(acc, "Hello! You said: How are you today?");
    cJSON *rc = sse_data(r.body, "thread.run.completed", 0);
    assert_string_equal(jstr(rc, "status"), "completed");
    cJSON_Delete(rc);
    cJSON_Delete(done);
    free(want);
    free(got);
    http_res_free(&r);
    free(tid);
}

static void test_streamed_tool_call_matches_real(void **state)
{
    (void)state;
    char body[512];
    snprintf(body, sizeof body,
             "{\"assistant_id\":\"%s\",\"thread\":{\"messages\":[{\"role\":\"user\",\"content\":"
             "\"#scenario:function get_current_weather\"}]},\"stream\":true}",
             asst_id);
    http_res r;
    stream_post("/threads/runs", body, &r);
    char *want = real_pattern("StreamingToolCall()@aa5213ff/01_POST_threads.runs.sse");
    char *got = sse_pattern(r.body);
    assert_string_equal(got, want);
    free(want);
    free(got);
    cJSON *ra = sse_data(r.body, "thread.run.requires_action", 0);
    assert_string_equal(jstr(ra, "status"), "requires_action");
    cJSON *calls = cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(ra, "required_action"), "submit_tool_outputs"), "tool_calls");
    assert_int_equal(cJSON_GetArraySize(calls), 1);
    cJSON *call = cJSON_GetArrayItem(calls, 0);
    cJSON *fn = cJSON_GetObjectItem(call, "function");
    assert_string_equal(jstr(fn, "name"), "get_current_weather");
    cJSON *args = cJSON_Parse(jstr(fn, "arguments"));
    assert_non_null(args);
    assert_string_equal(jstr(args, "unit"), "celsius");
    cJSON_Delete(args);
    /* first step delta carries id/type/name and empty arguments, like the service */
    cJSON *d0 = sse_data(r.body, "thread.run.step.delta", 0);
    cJSON *tc0 = cJSON_GetArrayItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(d0, "delta"), "step_details"), "tool_calls"), 0);
    assert_int_equal(jnum(tc0, "index"), 0);
    assert_string_equal(jstr(tc0, "id"), jstr(call, "id"));
    assert_string_equal(jstr(cJSON_GetObjectItem(tc0, "function"), "arguments"), "");
    cJSON_Delete(d0);

    char path[256], out[512];
    snprintf(path, sizeof path, "/threads/%s/runs/%s/submit_tool_outputs", jstr(ra, "thread_id"), jstr(ra, "id"));
    /* wrong call id → 400 */
    http_res bad;
    emu_http(&P, "POST", path, "{\"tool_outputs\":[{\"tool_call_id\":\"call_wrong\",\"output\":\"x\"}]}", NULL, &bad);
    assert_int_equal(bad.status, 400);
    assert_non_null(strstr(bad.body, "call_wrong"));
    http_res_free(&bad);
    snprintf(out, sizeof out, "{\"tool_outputs\":[{\"tool_call_id\":\"%s\",\"output\":\"warm and sunny\"}],\"stream\":true}",
             jstr(call, "id"));
    http_res r2;
    stream_post(path, out, &r2);
    want = real_pattern("StreamingToolCall()@aa5213ff/02_POST_threads.x.runs.x.submit_tool_outputs.sse");
    got = sse_pattern(r2.body);
    assert_string_equal(got, want);
    free(want);
    free(got);
    cJSON *sc = sse_data(r2.body, "thread.run.step.completed", 0);
    cJSON *stc = cJSON_GetArrayItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(sc, "step_details"), "tool_calls"), 0);
    assert_string_equal(jstr(cJSON_GetObjectItem(stc, "function"), "output"), "warm and sunny");
    assert_string_equal(jstr(sc, "type"), "tool_calls");
    cJSON *mc = sse_data(r2.body, "thread.message.completed", 0);
    const char *text = jstr(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(mc, "content"), 0), "text"), "value");
    assert_non_null(strstr(text, "warm and sunny"));
    /* a second submit is refused: the run is no longer waiting */
    http_res again;
    emu_http(&P, "POST", path, out, NULL, &again);
    assert_int_equal(again.status, 400);
    http_res_free(&again);
    cJSON_Delete(mc);
    cJSON_Delete(sc);
    cJSON_Delete(ra);
    http_res_free(&r);
    http_res_free(&r2);
}

static void test_parallel_calls_polled_submit(void **state)
{
    (void)state;
    char *tid = new_thread("#scenario:parallel 3");
    char path[256];
    snprintf(path, sizeof path, "/threads/%s/runs", tid);
    cJSON *run = emu_callf(&P, "POST", path, 200, "{\"assistant_id\":\"%s\"}", asst_id);
    snprintf(path, sizeof path, "/threads/%s/runs/%s", tid, jstr(run, "id"));
    cJSON *ra = emu_wait_field(&P, path, "status", "requires_action", 5000);
    cJSON *calls = cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(ra, "required_action"), "submit_tool_outputs"), "tool_calls");
    assert_int_equal(cJSON_GetArraySize(calls), 3);
    /* a message cannot be added while the run waits */
    char mpath[256];
    snprintf(mpath, sizeof mpath, "/threads/%s/messages", tid);
    cJSON_Delete(emu_call(&P, "POST", mpath, "{\"role\":\"user\",\"content\":\"x\"}", 400));
    char body[1024] = "{\"tool_outputs\":[";
    for (int i = 0; i < 3; i++) {
        char one[160];
        snprintf(one, sizeof one, "%s{\"tool_call_id\":\"%s\",\"output\":\"out%d\"}", i ? "," : "",
                 jstr(cJSON_GetArrayItem(calls, i), "id"), i);
        strcat(body, one);
    }
    strcat(body, "]}");
    char spath[300];
    snprintf(spath, sizeof spath, "%s/submit_tool_outputs", path);
    cJSON *after = emu_call(&P, "POST", spath, body, 200);
    assert_string_equal(jstr(after, "status"), "queued");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(after, "required_action")));
    cJSON *fin = emu_wait_field(&P, path, "status", "completed", 5000);
    snprintf(mpath, sizeof mpath, "/threads/%s/messages?limit=1", tid);
    cJSON *l = emu_call(&P, "GET", mpath, NULL, 200);
    const char *text = jstr(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(
                                                    cJSON_GetObjectItem(l, "data"), 0), "content"), 0), "text"),
                            "value");
    assert_non_null(strstr(text, "out0"));
    assert_non_null(strstr(text, "out2"));
    cJSON *objs[] = {run, ra, after, fin, l};
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++)
        cJSON_Delete(objs[i]);
    free(tid);
}

static void test_cancel_mid_run(void **state)
{
    (void)state;
    char *tid = new_thread("#scenario:slow 20");
    char path[256];
    snprintf(path, sizeof path, "/threads/%s/runs", tid);
    cJSON *run = emu_callf(&P, "POST", path, 200, "{\"assistant_id\":\"%s\"}", asst_id);
    snprintf(path, sizeof path, "/threads/%s/runs/%s", tid, jstr(run, "id"));
    cJSON_Delete(emu_wait_field(&P, path, "status", "in_progress", 5000));
    char cpath[300];
    snprintf(cpath, sizeof cpath, "%s/cancel", path);
    cJSON *c = emu_call(&P, "POST", cpath, NULL, 200);
    assert_string_equal(jstr(c, "status"), "cancelling");
    cJSON *fin = emu_wait_field(&P, path, "status", "cancelled", 5000);
    assert_true(jnum(fin, "cancelled_at") > 0);
    /* cancelling a finished run is refused */
    http_res r;
    emu_http(&P, "POST", cpath, NULL, NULL, &r);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "Cannot cancel run with status 'cancelled'"));
    http_res_free(&r);
    cJSON_Delete(run);
    cJSON_Delete(c);
    cJSON_Delete(fin);
    free(tid);
}

struct sbuf {
    char *p;
    size_t n;
};

static size_t sbuf_add(char *d, size_t s, size_t m, void *u)
{
    struct sbuf *b = u;
    b->p = realloc(b->p, b->n + s * m + 1);
    memcpy(b->p + b->n, d, s * m);
    b->n += s * m;
    b->p[b->n] = '\0';
    return s * m;
}

static void test_cancel_during_stream(void **state)
{
    (void)state;
    char *tid = new_thread("#scenario:slow 30");
    char url[300], body[200];
    snprintf(url, sizeof url, "%s/threads/%s/runs", P.base_url, tid);
    snprintf(body, sizeof body, "{\"assistant_id\":\"%s\",\"stream\":true}", asst_id);
    CURLM *multi = curl_multi_init();
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Authorization: Bearer sk-test");
    h = curl_slist_append(h, "Content-Type: application/json");
    struct sbuf b = {0};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sbuf_add);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_multi_add_handle(multi, c);
    int running = 1, cancelled = 0;
    char run_id[64] = "";
    while (running) {
        curl_multi_perform(multi, &running);
        curl_multi_poll(multi, NULL, 0, 50, NULL);
        if (!cancelled && b.p && strstr(b.p, "thread.message.delta")) {
            cJSON *rc = sse_data(b.p, "thread.run.created", 0);
            snprintf(run_id, sizeof run_id, "%s", jstr(rc, "id"));
            cJSON_Delete(rc);
            char path[256];
            snprintf(path, sizeof path, "/threads/%s/runs/%s/cancel", tid, run_id);
            cJSON *cr = emu_call(&P, "POST", path, NULL, 200);
            assert_string_equal(jstr(cr, "status"), "cancelling");
            cJSON_Delete(cr);
            cancelled = 1;
        }
    }
    assert_true(cancelled);
    char *pat = sse_pattern(b.p);
    /* the stream reports the cancellation and ends normally */
    assert_non_null(strstr(pat, "thread.message.delta,thread.run.cancelling,thread.message.incomplete,"
                                "thread.run.step.cancelled,thread.run.cancelled,done"));
    free(pat);
    curl_multi_remove_handle(multi, c);
    curl_easy_cleanup(c);
    curl_multi_cleanup(multi);
    curl_slist_free_all(h);
    free(b.p);
    char path[256];
    snprintf(path, sizeof path, "/threads/%s/messages?run_id=%s", tid, run_id);
    cJSON *l = emu_call(&P, "GET", path, NULL, 200);
    cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItem(l, "data"), 0);
    assert_string_equal(jstr(m, "status"), "incomplete");
    assert_string_equal(jstr(cJSON_GetObjectItem(m, "incomplete_details"), "reason"), "run_cancelled");
    cJSON_Delete(l);
    free(tid);
}

static void test_run_errors(void **state)
{
    (void)state;
    char *tid = new_thread("hi");
    char path[256];
    snprintf(path, sizeof path, "/threads/%s/runs", tid);
    http_res r;
    emu_http(&P, "POST", path, "{}", NULL, &r);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "\"param\":\"assistant_id\""));
    http_res_free(&r);
    emu_http(&P, "POST", path, "{\"assistant_id\":\"asst_missing\"}", NULL, &r);
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(r.body, "No assistant found with id 'asst_missing'."));
    http_res_free(&r);
    char body[128];
    snprintf(body, sizeof body, "{\"assistant_id\":\"%s\",\"stream\":\"yes\"}", asst_id);
    emu_http(&P, "POST", path, body, NULL, &r);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "\"param\":\"stream\""));
    http_res_free(&r);
    emu_http(&P, "GET", "/threads/thread_x/runs/run_x", NULL, NULL, &r);
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(r.body, "No thread found with id 'thread_x'."));
    http_res_free(&r);
    snprintf(path, sizeof path, "/threads/%s/runs/run_x", tid);
    emu_http(&P, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(r.body, "No run found with id 'run_x'."));
    http_res_free(&r);
    /* a second run while one is active */
    snprintf(path, sizeof path, "/threads/%s/runs", tid);
    snprintf(body, sizeof body, "{\"assistant_id\":\"%s\"}", asst_id);
    cJSON *run = emu_call(&P, "POST", path, body, 200);
    emu_http(&P, "POST", path, body, NULL, &r);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "already has an active run"));
    http_res_free(&r);
    /* metadata update */
    snprintf(path, sizeof path, "/threads/%s/runs/%s", tid, jstr(run, "id"));
    cJSON *u = emu_call(&P, "POST", path, "{\"metadata\":{\"tag\":\"t1\"}}", 200);
    assert_string_equal(jstr(cJSON_GetObjectItem(u, "metadata"), "tag"), "t1");
    cJSON_Delete(u);
    cJSON_Delete(emu_wait_field(&P, path, "status", "completed", 5000));
    cJSON_Delete(run);
    free(tid);
}

static void test_create_and_run_polled(void **state)
{
    (void)state;
    cJSON *run = emu_callf(&P, "POST", "/threads/runs", 200,
                           "{\"assistant_id\":\"%s\",\"thread\":{\"messages\":[{\"role\":\"user\",\"content\":"
                           "\"polled create and run\"}],\"metadata\":{\"m\":\"1\"}},\"stream\":false}",
                           asst_id);
    assert_string_equal(jstr(run, "status"), "queued");
    const char *tid = jstr(run, "thread_id");
    assert_memory_equal(tid, "thread_", 7);
    char path[256];
    snprintf(path, sizeof path, "/threads/%s", tid);
    cJSON *t = emu_call(&P, "GET", path, NULL, 200);
    assert_string_equal(jstr(cJSON_GetObjectItem(t, "metadata"), "m"), "1");
    snprintf(path, sizeof path, "/threads/%s/runs/%s", tid, jstr(run, "id"));
    cJSON *fin = emu_wait_field(&P, path, "status", "completed", 5000);
    snprintf(path, sizeof path, "/threads/%s/messages?order=asc", tid);
    cJSON *l = emu_call(&P, "GET", path, NULL, 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(l, "data")), 2);
    cJSON_Delete(l);
    cJSON_Delete(fin);
    cJSON_Delete(t);
    cJSON_Delete(run);
}

/* A client that leaves mid-stream: the run still finishes, the server stays up. */
static void test_client_leaves_mid_stream(void **state)
{
    (void)state;
    char *tid = new_thread("#scenario:long 40 10");
    char url[300], body[200];
    snprintf(url, sizeof url, "%s/threads/%s/runs", P.base_url, tid);
    snprintf(body, sizeof body, "{\"assistant_id\":\"%s\",\"stream\":true}", asst_id);
    CURL *c = curl_easy_init();
    struct curl_slist *h = curl_slist_append(NULL, "Authorization: Bearer sk-test");
    h = curl_slist_append(h, "Content-Type: application/json");
    struct sbuf b = {0};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sbuf_add);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 150L);
    assert_int_equal(curl_easy_perform(c), CURLE_OPERATION_TIMEDOUT);
    curl_easy_cleanup(c);
    curl_slist_free_all(h);
    assert_non_null(b.p);
    cJSON *rc = sse_data(b.p, "thread.run.created", 0);
    assert_non_null(rc);
    char path[256];
    snprintf(path, sizeof path, "/threads/%s/runs/%s", tid, jstr(rc, "id"));
    cJSON_Delete(emu_wait_field(&P, path, "status", "completed", 10000));
    cJSON_Delete(rc);
    free(b.p);
    free(tid);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_polled_run_progression),
        cmocka_unit_test(test_streamed_text_matches_real),
        cmocka_unit_test(test_streamed_tool_call_matches_real),
        cmocka_unit_test(test_parallel_calls_polled_submit),
        cmocka_unit_test(test_cancel_mid_run),
        cmocka_unit_test(test_cancel_during_stream),
        cmocka_unit_test(test_run_errors),
        cmocka_unit_test(test_create_and_run_polled),
        cmocka_unit_test(test_client_leaves_mid_stream),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
