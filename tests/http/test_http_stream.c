/* Streams over HTTP: open at headers, bounded reads, errors before and after
 * the stream started, idle timeout, no retry once bytes reached the caller. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "http/request.h"
#include "http_common.h"

static int setup(void **state)
{
    http_clean_env();
    *state = ts_start();
    return 0;
}

static int teardown(void **state)
{
    ts_stop(*state);
    return 0;
}

static const char SSE[] =
    "event: thread.run.created\ndata: {\"id\":\"run_1\",\"status\":\"queued\"}\n\n"
    "event: thread.message.delta\ndata: {\"delta\":{\"content\":[{\"index\":0,\"type\":\"text\","
    "\"text\":{\"value\":\"Hi\"}}]}}\n\n"
    "event: done\ndata: [DONE]\n\n";

static oai__http_spec stream_spec(cJSON **body)
{
    *body = cJSON_Parse("{\"assistant_id\":\"asst_1\",\"stream\":true}");
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.method = "POST";
    spec.path = "/threads/thread_1/runs";
    spec.json = *body;
    return spec;
}

/* Take what the stream has into buf (cap bytes at most); *n bytes. */
static int take(oai__http_stream *st, char *buf, size_t cap, long wait_ms, size_t *n)
{
    oai__strbuf b = {0};
    int rc = oai__http_stream_take(&b, st, wait_ms);
    *n = 0;
    if (rc == OAI_OK) {
        assert_true(b.len > 0 && b.len <= cap);
        memcpy(buf, b.p, b.len);
        *n = b.len;
    } else {
        assert_null(b.p);
    }
    oai__strbuf_free(&b);
    return rc;
}

/* Read everything; returns the final code, fills buf. */
static int drain(oai__http_stream *st, char *buf, size_t cap, size_t *total, int *reads)
{
    *total = 0;
    *reads = 0;
    for (;;) {
        size_t n = 0;
        int rc = take(st, buf + *total, cap - *total - 1, 5000, &n);
        if (rc == OAI_OK) {
            assert_true(n > 0);
            *total += n;
            (*reads)++;
            continue;
        }
        buf[*total] = '\0';
        return rc;
    }
}

static void stream_opens_at_headers(void **state)
{
    ts_server *s = *state;
    ts_reply r = {.status = 200,
                  .headers = "Content-Type: text/event-stream\r\nx-request-id: req_s\r\n",
                  .body = SSE, .chunked = 1, .pause_at = 40, .pause_ms = 500};
    ts_push(s, &r);
    oai_client *c = http_client(s, 0);
    cJSON *body;
    oai__http_spec spec = stream_spec(&body);
    oai__http_stream *st = NULL;
    int64_t t0 = ts_now_ms();
    assert_int_equal(oai__http_stream_open(&st, c, &spec), OAI_OK);
    int64_t opened = ts_now_ms() - t0;
    assert_true(opened < 450); /* did not wait for the paused body */
    assert_int_equal(oai__http_stream_status(st), 200);
    assert_string_equal(oai__http_stream_header(st, "x-request-id"), "req_s");
    assert_string_equal(oai__http_stream_header(st, "content-type"), "text/event-stream");

    /* nothing more arrives while the server pauses: a zero wait says so */
    char buf[4096];
    size_t n = 0, total = 0;
    int rc = take(st, buf, sizeof buf, 0, &n);
    assert_true(rc == OAI_OK || rc == OAI_EAGAIN);
    total = n;
    int reads;
    size_t rest;
    assert_int_equal(drain(st, buf + total, sizeof buf - total, &rest, &reads), OAI_ITEROVER);
    total += rest;
    assert_int_equal(total, strlen(SSE));
    buf[total] = '\0';
    assert_string_equal(buf, SSE);
    assert_true(ts_now_ms() - t0 >= 480);
    /* the end is sticky */
    assert_int_equal(take(st, buf, sizeof buf, 0, &n), OAI_ITEROVER);
    assert_int_equal(oai__http_stream_error(st)->pub.code, 0);
    oai__http_stream_close(st);

    const ts_request *q = ts_request_at(s, 0);
    assert_string_equal(ts_req_header(q, "Accept"), "application/json");
    assert_string_equal(ts_req_header(q, "OpenAI-Beta"), "assistants=v2");
    assert_string_equal(q->body, "{\"assistant_id\":\"asst_1\",\"stream\":true}");
    cJSON_Delete(body);
    oai_client_free(c);
}

static void stream_error_status(void **state)
{
    ts_server *s = *state;
    size_t len;
    char *err = tu_read_file(
        tu_corpus_path("real/ruby-openai/runs_streamed_create@77f63597/01_POST_threads.x.runs.json"),
        &len);
    if (!err)
        fail_msg("corpus file missing under tests/corpus (scripts/refresh-corpus)");
    ts_reply r = {.status = 400, .headers = "x-request-id: req_400\r\n", .body = err};
    ts_push(s, &r);
    free(err);
    oai_client *c = http_client(s, OAI_RETRIES_DEFAULT);
    cJSON *body;
    oai__http_spec spec = stream_spec(&body);
    oai__http_stream *st = (oai__http_stream *)1;
    assert_int_equal(oai__http_stream_open(&st, c, &spec), OAI_EBADREQUEST);
    assert_null(st);
    const oai_error *e = oai_client_last_error(c);
    assert_string_equal(e->message, "400 Run creation requires a Thread with a user message or an "
                                    "assistant with instructions.");
    assert_string_equal(e->api_code, "invalid_thread");
    assert_string_equal(e->request_id, "req_400");
    assert_int_equal(ts_nrequests(s), 1); /* 400 is not retried */
    cJSON_Delete(body);
    oai_client_free(c);
}

static void stream_retried_before_start(void **state)
{
    ts_server *s = *state;
    ts_reply e = {.status = 500, .headers = "retry-after-ms: 20\r\n"};
    ts_reply ok = {.status = 200, .body = SSE, .chunked = 1};
    ts_push(s, &e);
    ts_push(s, &ok);
    oai_client *c = http_client(s, OAI_RETRIES_DEFAULT);
    cJSON *body;
    oai__http_spec spec = stream_spec(&body);
    oai__http_stream *st = NULL;
    assert_int_equal(oai__http_stream_open(&st, c, &spec), OAI_OK);
    char buf[4096];
    size_t total;
    int reads;
    assert_int_equal(drain(st, buf, sizeof buf, &total, &reads), OAI_ITEROVER);
    assert_string_equal(buf, SSE);
    oai__http_stream_close(st);
    assert_int_equal(ts_nrequests(s), 2);
    assert_string_equal(ts_req_header(ts_request_at(s, 1), "X-Stainless-Retry-Count"), "1");
    cJSON_Delete(body);
    oai_client_free(c);
}

static void stream_cut_is_not_retried(void **state)
{
    ts_server *s = *state;
    ts_reply r = {.status = 200, .body = SSE, .chunked = 1, .cut = 1, .cut_at = 30};
    ts_push(s, &r);
    oai_client *c = http_client(s, OAI_RETRIES_DEFAULT);
    cJSON *body;
    oai__http_spec spec = stream_spec(&body);
    oai__http_stream *st = NULL;
    assert_int_equal(oai__http_stream_open(&st, c, &spec), OAI_OK);
    char buf[4096];
    size_t total;
    int reads;
    assert_int_equal(drain(st, buf, sizeof buf, &total, &reads), OAI_ETRANSPORT);
    assert_int_equal(total, 30);
    assert_true(strncmp(buf, SSE, 30) == 0);
    assert_string_equal(oai__http_stream_error(st)->pub.message,
                        "the server closed the connection in the middle of the response");
    size_t n;
    assert_int_equal(take(st, buf, sizeof buf, 0, &n), OAI_ETRANSPORT);
    oai__http_stream_close(st);
    assert_int_equal(ts_nrequests(s), 1);
    cJSON_Delete(body);
    oai_client_free(c);
}

static void stream_idle_timeout(void **state)
{
    ts_server *s = *state;
    ts_reply r = {.status = 200, .body = SSE, .chunked = 1, .pause_at = 20, .pause_ms = 3000};
    ts_push(s, &r);
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = TEST_KEY;
    o.base_url = ts_url(s);
    o.read_timeout_ms = 300;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    cJSON *body;
    oai__http_spec spec = stream_spec(&body);
    oai__http_stream *st = NULL;
    assert_int_equal(oai__http_stream_open(&st, c, &spec), OAI_OK);
    char buf[4096];
    size_t total;
    int reads;
    int64_t t0 = ts_now_ms();
    assert_int_equal(drain(st, buf, sizeof buf, &total, &reads), OAI_ETIMEOUT);
    int64_t took = ts_now_ms() - t0;
    assert_int_equal(total, 20);
    assert_true(took >= 250 && took < 2000);
    assert_string_equal(oai__http_stream_error(st)->pub.message, "Request timed out.");
    oai__http_stream_close(st);
    assert_int_equal(ts_nrequests(s), 1);
    cJSON_Delete(body);
    oai_client_free(c);
}

static void client_freed_under_open_stream(void **state)
{
    ts_server *s = *state;
    ts_reply r = {.status = 200, .body = SSE, .chunked = 1, .pause_at = 10, .pause_ms = 300};
    ts_push(s, &r);
    oai_client *c = http_client(s, 0);
    cJSON *body;
    oai__http_spec spec = stream_spec(&body);
    oai__http_stream *st = NULL;
    assert_int_equal(oai__http_stream_open(&st, c, &spec), OAI_OK);
    oai_client_free(c);
    char buf[4096];
    size_t n = 0;
    int rc;
    /* bytes that had arrived may still be read; then the cancellation */
    while ((rc = take(st, buf, sizeof buf, 100, &n)) == OAI_OK)
        ;
    assert_int_equal(rc, OAI_ECANCELLED);
    oai__http_stream_close(st);
    cJSON_Delete(body);
}

/* Open a stream answered with r, which must fail with OAI_EPROTOCOL and no
 * stream; the client's error. */
static const oai_error *open_refused(ts_server *s, oai_client *c, const ts_reply *r)
{
    ts_push(s, r);
    cJSON *body;
    oai__http_spec spec = stream_spec(&body);
    oai__http_stream *st = (oai__http_stream *)1;
    assert_int_equal(oai__http_stream_open(&st, c, &spec), OAI_EPROTOCOL);
    assert_null(st);
    cJSON_Delete(body);
    return oai_client_last_error(c);
}

/* A 2xx answer that is not an event stream (a mock server answering
 * "stream": true with the JSON object) fails at open and says what came. */
static void stream_answered_with_json(void **state)
{
    ts_server *s = *state;
    ts_reply r = {.status = 200,
                  .headers = "Content-Type: application/json\r\nx-request-id: req_j\r\n",
                  .body = "{\"id\":\"run_1\",\"object\":\"thread.run\"}"};
    oai_client *c = http_client(s, OAI_RETRIES_DEFAULT);
    const oai_error *e = open_refused(s, c, &r);
    assert_string_equal(e->message, "expected text/event-stream, got application/json");
    assert_int_equal(e->http_status, 200);
    assert_string_equal(e->request_id, "req_j");
    assert_int_equal(ts_nrequests(s), 1); /* not retried */
    oai_client_free(c);
}

/* ...and when that body is an API error, the error inside is reported. */
static void stream_answered_with_api_error(void **state)
{
    ts_server *s = *state;
    ts_reply r = {.status = 200,
                  .headers = "Content-Type: application/json; charset=utf-8\r\n",
                  .body = "{\"error\":{\"message\":\"No such thread\",\"type\":"
                          "\"invalid_request_error\",\"code\":\"not_found\"}}"};
    oai_client *c = http_client(s, OAI_RETRIES_DEFAULT);
    const oai_error *e = open_refused(s, c, &r);
    assert_string_equal(e->message,
                        "expected text/event-stream, got application/json: No such thread");
    assert_string_equal(e->type, "invalid_request_error");
    assert_string_equal(e->api_code, "not_found");
    oai_client_free(c);
}

/* Started without waiting (a multi's way), the same failure is the read's. */
static void stream_start_answered_with_html(void **state)
{
    ts_server *s = *state;
    ts_reply r = {.status = 200, .headers = "Content-Type: text/html\r\n", .body = "<html/>"};
    ts_push(s, &r);
    oai_client *c = http_client(s, OAI_RETRIES_DEFAULT);
    cJSON *body;
    oai__http_spec spec = stream_spec(&body);
    oai__http_stream *st = NULL;
    assert_int_equal(oai__http_stream_start(&st, c, &spec), OAI_OK);
    char buf[4096];
    size_t n = 0;
    int rc;
    while ((rc = take(st, buf, sizeof buf, 5000, &n)) == OAI_EAGAIN)
        ;
    assert_int_equal(rc, OAI_EPROTOCOL);
    assert_int_equal(oai__http_stream_established(st), 0);
    assert_string_equal(oai__http_stream_error(st)->pub.message,
                        "expected text/event-stream, got text/html");
    oai__http_stream_close(st);
    cJSON_Delete(body);
    oai_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(stream_opens_at_headers, setup, teardown),
        cmocka_unit_test_setup_teardown(stream_error_status, setup, teardown),
        cmocka_unit_test_setup_teardown(stream_retried_before_start, setup, teardown),
        cmocka_unit_test_setup_teardown(stream_cut_is_not_retried, setup, teardown),
        cmocka_unit_test_setup_teardown(stream_idle_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(client_freed_under_open_stream, setup, teardown),
        cmocka_unit_test_setup_teardown(stream_answered_with_json, setup, teardown),
        cmocka_unit_test_setup_teardown(stream_answered_with_api_error, setup, teardown),
        cmocka_unit_test_setup_teardown(stream_start_answered_with_html, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
