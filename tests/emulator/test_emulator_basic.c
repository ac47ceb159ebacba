/* oai-emulator: startup, auth, error shapes, assistants/threads/messages CRUD,
 * pagination in both orders, request log. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "emu_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static emu_proc P;

static int setup(void **state)
{
    (void)state;
    static const char *const args[] = {"--api-key", "sk-test", NULL};
    emu_start(&P, args);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(emu_stop(&P), 0); /* clean exit on SIGTERM */
    return 0;
}

static void check_error_shape(const char *body, const char *type, const char *param, const char *msg_part)
{
    cJSON *j = cJSON_Parse(body);
    assert_non_null(j);
    cJSON *e = cJSON_GetObjectItem(j, "error");
    assert_true(cJSON_IsObject(e));
    assert_non_null(jstr(e, "message"));
    if (msg_part && !strstr(jstr(e, "message"), msg_part))
        fail_msg("message '%s' lacks '%s'", jstr(e, "message"), msg_part);
    assert_string_equal(jstr(e, "type"), type);
    cJSON *p = cJSON_GetObjectItem(e, "param");
    if (param)
        assert_string_equal(p->valuestring, param);
    else
        assert_true(cJSON_IsNull(p));
    assert_non_null(cJSON_GetObjectItem(e, "code"));
    cJSON_Delete(j);
}

static void test_listening_line(void **state)
{
    (void)state;
    char path[300];
    snprintf(path, sizeof path, "%s/stdout", P.dir);
    char *out = read_all(path, NULL);
    assert_non_null(out);
    char want[80];
    snprintf(want, sizeof want, "listening on http://127.0.0.1:%d/v1\n", P.port);
    assert_string_equal(out, want);
    free(out);
}

static void test_help(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof cmd, "'%s' --help", OAI_EMULATOR_PATH);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    assert_int_equal(pclose(f), 0);
    assert_non_null(strstr(buf, "--port"));
    assert_non_null(strstr(buf, "--step-ms"));
    assert_non_null(strstr(buf, "--fault"));
}

static void test_auth(void **state)
{
    (void)state;
    http_res r;
    static const char *const none[] = {"Authorization:", NULL};
    emu_http(&P, "GET", "/assistants", NULL, none, &r);
    assert_int_equal(r.status, 401);
    check_error_shape(r.body, "invalid_request_error", NULL, "You didn't provide an API key");
    char rid[64];
    assert_non_null(http_header(&r, "x-request-id", rid, sizeof rid));
    assert_memory_equal(rid, "req_", 4);
    http_res_free(&r);

    static const char *const wrong[] = {"Authorization: Bearer sk-wrong-secret", NULL};
    emu_http(&P, "GET", "/assistants", NULL, wrong, &r);
    assert_int_equal(r.status, 401);
    check_error_shape(r.body, "invalid_request_error", NULL, "Incorrect API key");
    assert_null(strstr(r.body, "sk-wrong-secret")); /* never echo the key */
    cJSON *j = cJSON_Parse(r.body);
    assert_string_equal(jstr(cJSON_GetObjectItem(j, "error"), "code"), "invalid_api_key");
    cJSON_Delete(j);
    http_res_free(&r);
}

static void test_not_found_and_bad_request(void **state)
{
    (void)state;
    http_res r;
    emu_http(&P, "GET", "/assistants/asst_nope", NULL, NULL, &r);
    assert_int_equal(r.status, 404);
    assert_string_equal(r.body, "{\"error\":{\"message\":\"No assistant found with id 'asst_nope'.\",\"type\":"
                                "\"invalid_request_error\",\"param\":null,\"code\":null}}");
    http_res_free(&r);

    emu_http(&P, "GET", "/threads/thread_nope/messages", NULL, NULL, &r);
    assert_int_equal(r.status, 404);
    check_error_shape(r.body, "invalid_request_error", NULL, "No thread found with id 'thread_nope'.");
    http_res_free(&r);

    emu_http(&P, "GET", "/nothing/here", NULL, NULL, &r);
    assert_int_equal(r.status, 404);
    check_error_shape(r.body, "invalid_request_error", NULL, "Invalid URL (GET /v1/nothing/here)");
    http_res_free(&r);

    emu_http(&P, "POST", "/assistants", "{\"name\":\"x\"}", NULL, &r);
    assert_int_equal(r.status, 400);
    check_error_shape(r.body, "invalid_request_error", "model", "Missing required parameter: 'model'.");
    http_res_free(&r);

    emu_http(&P, "POST", "/assistants", "{\"model\":\"m\",\"tools\":[{\"type\":\"browser\"}]}", NULL, &r);
    assert_int_equal(r.status, 400);
    check_error_shape(r.body, "invalid_request_error", "tools[0].type", "browser");
    http_res_free(&r);

    emu_http(&P, "POST", "/assistants", "{not json", NULL, &r);
    assert_int_equal(r.status, 400);
    check_error_shape(r.body, "invalid_request_error", NULL, "could not parse the JSON body");
    http_res_free(&r);

    emu_http(&P, "GET", "/assistants?limit=0", NULL, NULL, &r);
    assert_int_equal(r.status, 400);
    check_error_shape(r.body, "invalid_request_error", "limit", "integer below minimum value");
    http_res_free(&r);

    emu_http(&P, "GET", "/assistants?limit=101", NULL, NULL, &r);
    assert_int_equal(r.status, 400);
    check_error_shape(r.body, "invalid_request_error", "limit", "above maximum");
    http_res_free(&r);

    emu_http(&P, "GET", "/assistants?order=sideways", NULL, NULL, &r);
    assert_int_equal(r.status, 400);
    check_error_shape(r.body, "invalid_request_error", "order", NULL);
    http_res_free(&r);
}

static void test_assistants_crud(void **state)
{
    (void)state;
    cJSON *a = emu_call(&P, "POST", "/assistants",
                        "{\"model\":\"gpt-4o\",\"name\":\"Helper\",\"instructions\":\"Be brief.\","
                        "\"tools\":[{\"type\":\"code_interpreter\"}],\"metadata\":{\"k\":\"v\"}}",
                        200);
    const char *id = jstr(a, "id");
    assert_memory_equal(id, "asst_", 5);
    assert_int_equal(strlen(id), 29);
    assert_string_equal(jstr(a, "object"), "assistant");
    assert_string_equal(jstr(a, "name"), "Helper");
    assert_string_equal(jstr(a, "model"), "gpt-4o");
    assert_true(jnum(a, "created_at") > 1700000000);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(a, "description")));
    assert_string_equal(jstr(a, "response_format"), "auto");
    assert_int_equal(jnum(a, "temperature"), 1);
    char path[128];
    snprintf(path, sizeof path, "/assistants/%s", id);
    cJSON *g = emu_call(&P, "GET", path, NULL, 200);
    assert_string_equal(jstr(g, "instructions"), "Be brief.");
    cJSON *u = emu_call(&P, "POST", path, "{\"name\":\"Renamed\",\"metadata\":{\"a\":\"b\"}}", 200);
    assert_string_equal(jstr(u, "name"), "Renamed");
    assert_string_equal(jstr(u, "model"), "gpt-4o");
    assert_string_equal(jstr(cJSON_GetObjectItem(u, "metadata"), "a"), "b");
    cJSON *d = emu_call(&P, "DELETE", path, NULL, 200);
    assert_string_equal(jstr(d, "id"), id);
    assert_string_equal(jstr(d, "object"), "assistant.deleted");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "deleted")));
    cJSON_Delete(emu_call(&P, "GET", path, NULL, 404));
    cJSON_Delete(emu_call(&P, "DELETE", path, NULL, 404));
    cJSON_Delete(a);
    cJSON_Delete(g);
    cJSON_Delete(u);
    cJSON_Delete(d);
}

static void test_threads_and_messages(void **state)
{
    (void)state;
    cJSON *t = emu_call(&P, "POST", "/threads",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"first\"},"
                        "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"second\"}]}],"
                        "\"metadata\":{\"x\":\"1\"}}",
                        200);
    const char *tid = jstr(t, "id");
    assert_memory_equal(tid, "thread_", 7);
    assert_string_equal(jstr(t, "object"), "thread");
    assert_true(cJSON_IsObject(cJSON_GetObjectItem(t, "tool_resources")));
    char path[200];
    snprintf(path, sizeof path, "/threads/%s/messages?order=asc", tid);
    cJSON *l = emu_call(&P, "GET", path, NULL, 200);
    cJSON *data = cJSON_GetObjectItem(l, "data");
    assert_int_equal(cJSON_GetArraySize(data), 2);
    cJSON *m0 = cJSON_GetArrayItem(data, 0);
    assert_string_equal(jstr(m0, "object"), "thread.message");
    assert_string_equal(jstr(m0, "role"), "user");
    assert_string_equal(jstr(m0, "thread_id"), tid);
    cJSON *c0 = cJSON_GetArrayItem(cJSON_GetObjectItem(m0, "content"), 0);
    assert_string_equal(jstr(c0, "type"), "text");
    assert_string_equal(jstr(cJSON_GetObjectItem(c0, "text"), "value"), "first");
    assert_true(cJSON_IsArray(cJSON_GetObjectItem(cJSON_GetObjectItem(c0, "text"), "annotations")));
    cJSON *m1 = cJSON_GetArrayItem(data, 1);
    assert_string_equal(
        jstr(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(m1, "content"), 0), "text"), "value"),
        "second");

    snprintf(path, sizeof path, "/threads/%s/messages", tid);
    cJSON *m = emu_call(&P, "POST", path, "{\"role\":\"user\",\"content\":\"third\",\"metadata\":{\"k\":\"v\"}}", 200);
    const char *mid = jstr(m, "id");
    assert_memory_equal(mid, "msg_", 4);
    snprintf(path, sizeof path, "/threads/%s/messages/%s", tid, mid);
    cJSON *mu = emu_call(&P, "POST", path, "{\"metadata\":{\"k\":\"w\"}}", 200);
    assert_string_equal(jstr(cJSON_GetObjectItem(mu, "metadata"), "k"), "w");
    cJSON *mg = emu_call(&P, "GET", path, NULL, 200);
    assert_string_equal(jstr(mg, "id"), mid);
    cJSON *md = emu_call(&P, "DELETE", path, NULL, 200);
    assert_string_equal(jstr(md, "object"), "thread.message.deleted");
    cJSON_Delete(emu_call(&P, "GET", path, NULL, 404));

    snprintf(path, sizeof path, "/threads/%s/messages", tid);
    http_res r;
    emu_http(&P, "POST", path, "{\"role\":\"system\",\"content\":\"x\"}", NULL, &r);
    assert_int_equal(r.status, 400);
    check_error_shape(r.body, "invalid_request_error", "role", "system");
    http_res_free(&r);
    emu_http(&P, "POST", path, "{\"role\":\"user\"}", NULL, &r);
    assert_int_equal(r.status, 400);
    check_error_shape(r.body, "invalid_request_error", "content", "Missing required parameter");
    http_res_free(&r);

    snprintf(path, sizeof path, "/threads/%s", tid);
    cJSON *tu = emu_call(&P, "POST", path, "{\"metadata\":{\"x\":\"2\"}}", 200);
    assert_string_equal(jstr(cJSON_GetObjectItem(tu, "metadata"), "x"), "2");
    cJSON *tg = emu_call(&P, "GET", path, NULL, 200);
    assert_string_equal(jstr(cJSON_GetObjectItem(tg, "metadata"), "x"), "2");
    cJSON *td = emu_call(&P, "DELETE", path, NULL, 200);
    assert_string_equal(jstr(td, "object"), "thread.deleted");
    cJSON_Delete(emu_call(&P, "GET", path, NULL, 404));
    cJSON *objs[] = {t, l, m, mu, mg, md, tu, tg, td};
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++)
        cJSON_Delete(objs[i]);
}

static void ids_of(const cJSON *list, char ids[][40], int *n)
{
    *n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItem(list, "data"))
    {
        snprintf(ids[*n], 40, "%s", jstr(e, "id"));
        (*n)++;
    }
}

static void test_pagination(void **state)
{
    (void)state;
    cJSON *t = emu_call(&P, "POST", "/threads", "{}", 200);
    const char *tid = jstr(t, "id");
    char created[7][40];
    char path[300];
    snprintf(path, sizeof path, "/threads/%s/messages", tid);
    for (int i = 0; i < 7; i++) {
        cJSON *m = emu_callf(&P, "POST", path, 200, "{\"role\":\"user\",\"content\":\"m%d\"}", i);
        snprintf(created[i], 40, "%s", jstr(m, "id"));
        cJSON_Delete(m);
    }
    char ids[10][40];
    int n;
    /* default order is desc, default limit 20 */
    cJSON *l = emu_call(&P, "GET", path, NULL, 200);
    assert_string_equal(jstr(l, "object"), "list");
    ids_of(l, ids, &n);
    assert_int_equal(n, 7);
    assert_string_equal(ids[0], created[6]);
    assert_string_equal(jstr(l, "first_id"), created[6]);
    assert_string_equal(jstr(l, "last_id"), created[0]);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(l, "has_more")));
    cJSON_Delete(l);

    /* asc pages of 3 following after */
    snprintf(path, sizeof path, "/threads/%s/messages?order=asc&limit=3", tid);
    l = emu_call(&P, "GET", path, NULL, 200);
    ids_of(l, ids, &n);
    assert_int_equal(n, 3);
    assert_string_equal(ids[0], created[0]);
    assert_string_equal(ids[2], created[2]);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(l, "has_more")));
    cJSON_Delete(l);
    snprintf(path, sizeof path, "/threads/%s/messages?order=asc&limit=3&after=%s", tid, created[2]);
    l = emu_call(&P, "GET", path, NULL, 200);
    ids_of(l, ids, &n);
    assert_int_equal(n, 3);
    assert_string_equal(ids[0], created[3]);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(l, "has_more")));
    cJSON_Delete(l);
    snprintf(path, sizeof path, "/threads/%s/messages?order=asc&limit=3&after=%s", tid, created[5]);
    l = emu_call(&P, "GET", path, NULL, 200);
    ids_of(l, ids, &n);
    assert_int_equal(n, 1);
    assert_string_equal(ids[0], created[6]);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(l, "has_more")));
    cJSON_Delete(l);

    /* desc with after and before */
    snprintf(path, sizeof path, "/threads/%s/messages?limit=2&after=%s", tid, created[5]);
    l = emu_call(&P, "GET", path, NULL, 200);
    ids_of(l, ids, &n);
    assert_int_equal(n, 2);
    assert_string_equal(ids[0], created[4]);
    assert_string_equal(ids[1], created[3]);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(l, "has_more")));
    cJSON_Delete(l);
    snprintf(path, sizeof path, "/threads/%s/messages?limit=2&before=%s", tid, created[2]);
    l = emu_call(&P, "GET", path, NULL, 200);
    ids_of(l, ids, &n);
    assert_int_equal(n, 2);
    assert_string_equal(ids[0], created[4]);
    assert_string_equal(ids[1], created[3]);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(l, "has_more")));
    cJSON_Delete(l);
    snprintf(path, sizeof path, "/threads/%s/messages?order=asc&before=%s", tid, created[2]);
    l = emu_call(&P, "GET", path, NULL, 200);
    ids_of(l, ids, &n);
    assert_int_equal(n, 2);
    assert_string_equal(ids[0], created[0]);
    assert_string_equal(ids[1], created[1]);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(l, "has_more")));
    cJSON_Delete(l);

    /* empty list */
    cJSON *t2 = emu_call(&P, "POST", "/threads", NULL, 200);
    snprintf(path, sizeof path, "/threads/%s/messages", jstr(t2, "id"));
    l = emu_call(&P, "GET", path, NULL, 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(l, "data")), 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(l, "first_id")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(l, "last_id")));
    cJSON_Delete(l);
    cJSON_Delete(t2);
    cJSON_Delete(t);
}

static void test_request_log(void **state)
{
    (void)state;
    static const char *const h[] = {"User-Agent: OpenAI/C 0.1.0", "X-Stainless-Retry-Count: 0", NULL};
    http_res r;
    emu_http(&P, "POST", "/assistants?x=1", "{\"model\":\"log-model\"}", h, &r);
    assert_int_equal(r.status, 200);
    http_res_free(&r);
    size_t len;
    char *log = read_all(P.log_path, &len);
    assert_non_null(log);
    assert_null(strstr(log, "sk-test")); /* the key is never logged */
    /* find the line with our request */
    char *line = strstr(log, "log-model");
    assert_non_null(line);
    while (line > log && line[-1] != '\n')
        line--;
    char *eol = strchr(line, '\n');
    *eol = '\0';
    cJSON *e = cJSON_Parse(line);
    assert_non_null(e);
    assert_string_equal(jstr(e, "method"), "POST");
    assert_string_equal(jstr(e, "path"), "/v1/assistants");
    assert_string_equal(jstr(e, "raw_query"), "x=1");
    assert_string_equal(jstr(cJSON_GetObjectItem(e, "query"), "x"), "1");
    cJSON *hd = cJSON_GetObjectItem(e, "headers");
    assert_string_equal(jstr(hd, "authorization"), "matched");
    assert_string_equal(jstr(hd, "openai-beta"), "assistants=v2");
    assert_string_equal(jstr(hd, "user-agent"), "OpenAI/C 0.1.0");
    assert_string_equal(jstr(hd, "x-stainless-retry-count"), "0");
    assert_string_equal(jstr(hd, "content-type"), "application/json");
    assert_string_equal(jstr(cJSON_GetObjectItem(e, "body"), "model"), "log-model");
    assert_int_equal(jnum(e, "status"), 200);
    assert_memory_equal(jstr(e, "request_id"), "req_", 4);
    cJSON_Delete(e);
    free(log);
}

static long elapsed_ms(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* SIGINT while a stream is open: the stream's connection is closed and the
 * server exits with status 0, long before the stream would have ended. */
static void test_sigint_closes_open_stream(void **state)
{
    (void)state;
    emu_proc q;
    emu_start(&q, NULL);
    cJSON *a = emu_call(&q, "POST", "/assistants", "{\"model\":\"gpt-4o\"}", 200);
    cJSON *t = emu_call(&q, "POST", "/threads",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"#scenario:slow 500\"}]}", 200);
    char body[256], req[1024];
    int blen = snprintf(body, sizeof body, "{\"assistant_id\":\"%s\",\"stream\":true}", jstr(a, "id"));
    snprintf(req, sizeof req,
             "POST /v1/threads/%s/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sk-x\r\n"
             "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
             jstr(t, "id"), blen, body);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)q.port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    assert_int_equal(write(fd, req, strlen(req)), (ssize_t)strlen(req));
    /* read until the first delta: the stream is open and paced */
    char buf[65536];
    size_t got = 0;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    buf[0] = '\0';
    while (!strstr(buf, "thread.message.delta")) {
        struct pollfd pf = {fd, POLLIN, 0};
        assert_true(elapsed_ms(&t0) < 10000);
        if (poll(&pf, 1, 100) == 1) {
            ssize_t n = read(fd, buf + got, sizeof buf - 1 - got);
            assert_true(n > 0);
            got += (size_t)n;
            buf[got] = '\0';
        }
    }
    assert_int_equal(kill(q.pid, SIGINT), 0);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) { /* EOF on the stream (50 deltas 500 ms apart would take 25 s) */
        struct pollfd pf = {fd, POLLIN, 0};
        assert_true(elapsed_ms(&t0) < 5000);
        if (poll(&pf, 1, 100) == 1 && read(fd, buf, sizeof buf) <= 0)
            break;
    }
    close(fd);
    int st = -1;
    while (waitpid(q.pid, &st, WNOHANG) != q.pid) {
        assert_true(elapsed_ms(&t0) < 5000);
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    q.pid = 0;
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
    snprintf(req, sizeof req, "rm -rf '%s'", q.dir);
    assert_int_equal(system(req), 0);
    cJSON_Delete(a);
    cJSON_Delete(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listening_line),
        cmocka_unit_test(test_help),
        cmocka_unit_test(test_auth),
        cmocka_unit_test(test_not_found_and_bad_request),
        cmocka_unit_test(test_assistants_crud),
        cmocka_unit_test(test_threads_and_messages),
        cmocka_unit_test(test_pagination),
        cmocka_unit_test(test_request_log),
        cmocka_unit_test(test_sigint_closes_open_stream),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
