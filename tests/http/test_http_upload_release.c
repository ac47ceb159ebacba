/* A stream request's upload buffer goes once the request is sent, not when
 * the answer starts: a stream waiting for a slow server must not hold
 * libcurl's 16 KiB for it all the while. The server here reads the whole
 * request and answers only after a pause; the body is large enough that
 * libcurl sends it through its upload buffer also over HTTP/1.1. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "http/engine.h"
#include "http/request.h"
#include "http_common.h"

#define BODY_TEXT (100 * 1024) /* past what libcurl sends with the headers */
#define ANSWER_DELAY_MS 3000

static const char SSE[] = "event: thread.run.created\ndata: {\"id\":\"run_1\"}\n\n"
                          "event: done\ndata: [DONE]\n\n";

static cJSON *large_body(void)
{
    char *text = malloc(BODY_TEXT + 1);
    assert_non_null(text);
    memset(text, 'x', BODY_TEXT);
    text[BODY_TEXT] = '\0';
    cJSON *body = cJSON_CreateObject();
    assert_non_null(body);
    assert_non_null(cJSON_AddStringToObject(body, "instructions", text));
    assert_non_null(cJSON_AddTrueToObject(body, "stream"));
    free(text);
    return body;
}

/* One bounded read: OAI_EAGAIN while the answer has not started. */
static int poll_stream(oai__http_stream *st)
{
    oai__strbuf b = {0};
    int rc = oai__http_stream_take(&b, st, 20);
    oai__strbuf_free(&b);
    return rc;
}

static void upload_buffer_goes_before_the_answer(void **state)
{
    (void)state;
    ts_server *s = ts_start();
    ts_reply r = {.status = 200,
                  .headers = "Content-Type: text/event-stream\r\n",
                  .body = SSE,
                  .delay_ms = ANSWER_DELAY_MS};
    ts_push(s, &r);
    tu_failalloc_watch_size((size_t)OAI__UPLOAD_BUFFER);
    oai_client *c = http_client(s, 0);
    assert_non_null(c);
    cJSON *body = large_body();
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.method = "POST";
    spec.path = "/threads/runs";
    spec.json = body;
    oai__http_stream *st = NULL;
    assert_int_equal(oai__http_stream_start(&st, c, &spec), OAI_OK);

    /* until the server has the whole request, the buffer may be held */
    int64_t give_up = ts_now_ms() + 5000;
    while (ts_nrequests(s) < 1 && ts_now_ms() < give_up)
        assert_int_equal(poll_stream(st), OAI_EAGAIN);
    assert_int_equal(ts_nrequests(s), 1);
    assert_true(ts_request_at(s, 0)->body_len > BODY_TEXT);
    /* then, with the answer still seconds away, it is gone */
    for (int i = 0; i < 5; i++)
        assert_int_equal(poll_stream(st), OAI_EAGAIN);
    assert_false(oai__http_stream_established(st));
    assert_true(tu_failalloc_watched_made() >= 1); /* it was there */
    assert_int_equal(tu_failalloc_watched_live(), 0);

    /* and the stream still reads its answer whole */
    char got[256] = "";
    size_t n = 0;
    for (;;) {
        oai__strbuf b = {0};
        int rc = oai__http_stream_take(&b, st, 5000);
        if (rc == OAI_OK && n + b.len < sizeof got) {
            memcpy(got + n, b.p, b.len);
            n += b.len;
        }
        oai__strbuf_free(&b);
        if (rc != OAI_OK) {
            assert_int_equal(rc, OAI_ITEROVER);
            break;
        }
    }
    assert_string_equal(got, SSE);
    oai__http_stream_close(st);
    cJSON_Delete(body);
    oai_client_free(c);
    ts_stop(s);
}

int main(void)
{
    tu_failalloc_install();
    http_clean_env();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(upload_buffer_goes_before_the_answer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
