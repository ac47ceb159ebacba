/* oai-emulator: fault injection (X-Emulator-Fault and --fault) and replay. */
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

static int setup(void **state)
{
    (void)state;
    emu_start(&P, NULL);
    cJSON *a = emu_call(&P, "POST", "/assistants", "{\"model\":\"gpt-4o\"}", 200);
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

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void faulted(const char *method, const char *path, const char *body, const char *spec, http_res *r)
{
    char h[256];
    snprintf(h, sizeof h, "X-Emulator-Fault: %s", spec);
    const char *const hs[] = {h, NULL};
    emu_http(&P, method, path, body, hs, r);
}

static char *stream_body(void)
{
    static char b[256];
    snprintf(b, sizeof b,
             "{\"assistant_id\":\"%s\",\"thread\":{\"messages\":[{\"role\":\"user\",\"content\":\"one two three four\"}]},"
             "\"stream\":true}",
             asst_id);
    return b;
}

static void test_status_and_retry_headers(void **state)
{
    (void)state;
    http_res r;
    faulted("GET", "/assistants", NULL, "status=429;retry-after=1;retry-after-ms=1500;x-should-retry=true", &r);
    assert_int_equal(r.status, 429);
    char v[64];
    assert_string_equal(http_header(&r, "retry-after", v, sizeof v), "1");
    assert_string_equal(http_header(&r, "retry-after-ms", v, sizeof v), "1500");
    assert_string_equal(http_header(&r, "x-should-retry", v, sizeof v), "true");
    assert_non_null(http_header(&r, "x-request-id", v, sizeof v));
    cJSON *e = cJSON_Parse(r.body);
    assert_string_equal(jstr(cJSON_GetObjectItem(e, "error"), "code"), "rate_limit_exceeded");
    cJSON_Delete(e);
    http_res_free(&r);

    faulted("GET", "/assistants", NULL, "status=503;x-should-retry=false", &r);
    assert_int_equal(r.status, 503);
    assert_string_equal(http_header(&r, "x-should-retry", v, sizeof v), "false");
    e = cJSON_Parse(r.body);
    assert_string_equal(jstr(cJSON_GetObjectItem(e, "error"), "type"), "server_error");
    cJSON_Delete(e);
    http_res_free(&r);

    /* count: the first N requests carrying this exact spec fail, then it passes */
    for (int i = 0; i < 3; i++) {
        faulted("GET", "/assistants", NULL, "status=500;count=2", &r);
        assert_int_equal(r.status, i < 2 ? 500 : 200);
        http_res_free(&r);
    }
    /* streaming POSTs fail the same way before any byte of the stream */
    faulted("POST", "/threads/runs", stream_body(), "status=500;count=1", &r);
    assert_int_equal(r.status, 500);
    http_res_free(&r);
    faulted("POST", "/threads/runs", stream_body(), "status=500;count=1", &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "event: done"));
    http_res_free(&r);

    faulted("GET", "/assistants", NULL, "status=999", &r);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "X-Emulator-Fault"));
    http_res_free(&r);
    faulted("GET", "/assistants", NULL, "frobnicate=1", &r);
    assert_int_equal(r.status, 400);
    http_res_free(&r);
}

static void test_stalls(void **state)
{
    (void)state;
    http_res r;
    double t0 = now_s();
    faulted("GET", "/assistants", NULL, "stall-ms=300", &r);
    double dt = now_s() - t0;
    assert_int_equal(r.status, 200);
    assert_true(dt >= 0.29);
    assert_true(dt < 10);
    http_res_free(&r);

    /* stall mid-body: the first bytes arrive, then a pause, then the rest */
    CURL *c = curl_easy_init();
    char url[256];
    snprintf(url, sizeof url, "%s/assistants", P.base_url);
    struct curl_slist *h = curl_slist_append(NULL, "Authorization: Bearer sk-test");
    h = curl_slist_append(h, "X-Emulator-Fault: stall-body-ms=400");
    FILE *devnull = fopen("/dev/null", "w");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, devnull);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    assert_int_equal(curl_easy_perform(c), CURLE_OK);
    curl_off_t first = 0, total = 0;
    curl_easy_getinfo(c, CURLINFO_STARTTRANSFER_TIME_T, &first);
    curl_easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &total);
    assert_true(total >= 390000);
    assert_true(total - first >= 350000); /* the pause came after the first byte */
    fclose(devnull);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

static void test_cut_and_chunk(void **state)
{
    (void)state;
    http_res r;
    faulted("GET", "/assistants", NULL, "cut-after=20", &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.curl_code, CURLE_PARTIAL_FILE);
    assert_int_equal(r.len, 20);
    http_res_free(&r);

    faulted("POST", "/threads/runs", stream_body(), "cut-after=300", &r);
    assert_int_equal(r.status, 200);
    assert_true(r.curl_code != CURLE_OK);
    assert_int_equal(r.len, 300);
    assert_memory_equal(r.body, "event: thread.created\n", 22);
    http_res_free(&r);

    double t0 = now_s();
    faulted("GET", "/assistants", NULL, "chunk=16;chunk-delay-ms=10", &r);
    double dt = now_s() - t0;
    assert_int_equal(r.status, 200);
    assert_int_equal(r.curl_code, CURLE_OK);
    cJSON *l = cJSON_Parse(r.body);
    assert_string_equal(jstr(l, "object"), "list");
    cJSON_Delete(l);
    /* ceil(len/16) pieces with a 10 ms pause between them */
    assert_true(dt >= ((double)(r.len / 16) - 1) * 0.009);
    http_res_free(&r);

    faulted("POST", "/threads/runs", stream_body(), "chunk=7;chunk-delay-ms=1", &r);
    assert_int_equal(r.curl_code, CURLE_OK);
    assert_non_null(strstr(r.body, "event: done\ndata: [DONE]\n\n"));
    http_res_free(&r);
}

static void test_keepalive_and_malformed(void **state)
{
    (void)state;
    http_res r;
    faulted("POST", "/threads/runs", stream_body(), "keepalive=1", &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, ": keep-alive\n\n"));
    assert_non_null(strstr(r.body, "event: emulator.unknown_event\n"));
    assert_non_null(strstr(r.body, "event: thread.run.completed\n"));
    assert_non_null(strstr(r.body, "event: done\ndata: [DONE]\n\n"));
    http_res_free(&r);

    faulted("POST", "/threads/runs", stream_body(), "malformed=1", &r);
    assert_int_equal(r.status, 200);
    size_t n;
    char **names = sse_names(r.body, &n);
    assert_true(n > 5);
    cJSON *bad = sse_data(r.body, names[3], 0);
    assert_null(bad); /* the 4th event's data is broken JSON */
    sse_names_free(names, n);
    assert_non_null(strstr(r.body, "event: done"));
    http_res_free(&r);

    faulted("GET", "/assistants", NULL, "malformed=1", &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.curl_code, CURLE_OK);
    cJSON *j = cJSON_Parse(r.body);
    assert_null(j);
    http_res_free(&r);
}

static void test_cli_fault(void **state)
{
    (void)state;
    emu_proc q;
    static const char *const args[] = {"--fault", "status=503;count=1;retry-after=2", NULL};
    emu_start(&q, args);
    http_res r;
    emu_http(&q, "GET", "/assistants", NULL, NULL, &r);
    assert_int_equal(r.status, 503);
    char v[16];
    assert_string_equal(http_header(&r, "retry-after", v, sizeof v), "2");
    http_res_free(&r);
    emu_http(&q, "GET", "/assistants", NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    http_res_free(&r);
    assert_int_equal(emu_stop(&q), 0);
}

static void test_replay(void **state)
{
    (void)state;
    const char *dir = OAI_CORPUS_DIR "/real/openai-dotnet/AssistantsTests/StreamingToolCall()@aa5213ff";
    emu_proc q;
    const char *const args[] = {"--replay", dir, NULL};
    emu_start(&q, args);
    char *first = read_all(OAI_CORPUS_DIR "/real/openai-dotnet/AssistantsTests/StreamingToolCall()@aa5213ff/"
                                          "01_POST_threads.runs.sse",
                           NULL);
    char *second = read_all(OAI_CORPUS_DIR "/real/openai-dotnet/AssistantsTests/StreamingToolCall()@aa5213ff/"
                                           "02_POST_threads.x.runs.x.submit_tool_outputs.sse",
                            NULL);
    assert_non_null(first);
    assert_non_null(second);
    cJSON *a = emu_call(&q, "POST", "/assistants", "{\"model\":\"m\"}", 200);
    char body[256];
    snprintf(body, sizeof body, "{\"assistant_id\":\"%s\",\"stream\":true}", jstr(a, "id"));
    http_res r;
    /* recordings are used in name order, byte for byte */
    emu_http(&q, "POST", "/threads/runs", body, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, strlen(first));
    assert_memory_equal(r.body, first, r.len);
    http_res_free(&r);
    emu_http(&q, "POST", "/threads/runs", body, NULL, &r);
    assert_int_equal(r.len, strlen(second));
    assert_memory_equal(r.body, second, r.len);
    http_res_free(&r);
    /* a header picks one */
    static const char *const pick[] = {"X-Emulator-Replay: 02_POST_threads.x.runs.x.submit_tool_outputs.sse", NULL};
    emu_http(&q, "POST", "/threads/runs", body, pick, &r);
    assert_int_equal(r.len, strlen(second));
    assert_memory_equal(r.body, second, r.len);
    http_res_free(&r);
    static const char *const nope[] = {"X-Emulator-Replay: nope.sse", NULL};
    emu_http(&q, "POST", "/threads/runs", body, nope, &r);
    assert_int_equal(r.status, 404);
    http_res_free(&r);
    /* non-stream requests still use the stateful server */
    cJSON *t = emu_call(&q, "POST", "/threads", NULL, 200);
    cJSON_Delete(t);
    cJSON_Delete(a);
    free(first);
    free(second);
    assert_int_equal(emu_stop(&q), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_and_retry_headers),
        cmocka_unit_test(test_stalls),
        cmocka_unit_test(test_cut_and_chunk),
        cmocka_unit_test(test_keepalive_and_malformed),
        cmocka_unit_test(test_cli_fault),
        cmocka_unit_test(test_replay),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
