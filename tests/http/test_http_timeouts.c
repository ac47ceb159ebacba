/* Connect, per-attempt and idle timeouts fire within tolerance (the lower
 * bound tight, the upper bound generous for a loaded machine). */
#include "testutil.h"

#include <stdio.h>
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

static oai_client *client_with(const char *url, long connect_ms,
                               long timeout_ms, long idle_ms, int retries)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = TEST_KEY;
    o.base_url = url;
    o.connect_timeout_ms = connect_ms;
    o.timeout_ms = timeout_ms;
    o.read_timeout_ms = idle_ms;
    o.max_retries = retries;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    return c;
}

static int timed_get(oai_client *c, int64_t *took)
{
    oai_response *r = NULL;
    int64_t t0 = ts_now_ms();
    int rc = oai_client_request(&r, c, "GET", "/threads/t", NULL, NULL, NULL);
    *took = ts_now_ms() - t0;
    oai_response_free(r);
    return rc;
}

static void check_window(int64_t took, long lo, long hi)
{
    if (took < lo || took > hi)
        fail_msg("took %lld ms, expected %ld..%ld", (long long)took, lo, hi);
}

/* A client with these timeouts gets the queued answer, no sooner than
 * at_least ms. */
static void expect_answer(ts_server *s, long connect_ms, long idle_ms,
                          int64_t at_least)
{
    oai_client *c = client_with(ts_url(s), connect_ms, 0, idle_ms, 0);
    int64_t took;
    assert_int_equal(timed_get(c, &took), OAI_OK);
    assert_true(took >= at_least);
    oai_client_free(c);
}

/* A client with these timeouts times out after 290 to `within` ms. */
static void expect_timeout(const char *url, long connect_ms, long timeout_ms,
                           long idle_ms, long within)
{
    oai_client *c = client_with(url, connect_ms, timeout_ms, idle_ms, 0);
    int64_t took;
    assert_int_equal(timed_get(c, &took), OAI_ETIMEOUT);
    check_window(took, 290, within);
    const oai_error *e = oai_client_last_error(c);
    assert_string_equal(e->message, "Request timed out.");
    assert_int_not_equal(e->transport_code, 0);
    oai_client_free(c);
}

static void headers_too_late(void **state)
{
    ts_server *s = *state;
    ts_reply slow = {.status = 200, .body = "{}", .delay_ms = 3000};
    ts_push(s, &slow);
    expect_timeout(ts_url(s), 0, 300, 0, 2000);
}

static void idle_body(void **state)
{
    ts_server *s = *state;
    ts_reply stall = {.status = 200,
                      .body = "{\"a\":\"0123456789\"}",
                      .pause_at = 5,
                      .pause_ms = 3000};
    ts_push(s, &stall);
    expect_timeout(ts_url(s), 0, 0, 300, 2000);
}

static void slow_but_steady_is_fine(void **state)
{
    ts_server *s = *state;
    /* 400 ms before headers, then 400 ms mid-body: within a 700 ms idle
     * timeout each time, although 800 ms in total */
    ts_reply r = {.status = 200,
                  .body = "{\"a\":1}",
                  .delay_ms = 400,
                  .pause_at = 3,
                  .pause_ms = 400};
    ts_push(s, &r);
    expect_answer(s, 0, 700, 790);
}

static void timeout_is_retried(void **state)
{
    ts_server *s = *state;
    ts_reply slow = {.status = 200, .body = "{}", .delay_ms = 2000};
    ts_reply ok = {.status = 200, .body = "{\"second\":true}"};
    ts_push(s, &slow);
    ts_push(s, &ok);
    oai_client *c = client_with(ts_url(s), 0, 300, 0, 1);
    int64_t took;
    assert_int_equal(timed_get(c, &took), OAI_OK);
    assert_true(ts_wait_requests(s, 2, 100));
    assert_string_equal(
        ts_req_header(ts_request_at(s, 1), "X-Stainless-Retry-Count"), "1");
    oai_client_free(c);
}

static void connect_timeout(void **state)
{
    (void)state;
    ts_stuck k;
    ts_stuck_open(&k);
    expect_timeout(k.url, 300, 0, 0, 2500);
    ts_stuck_close(&k);
}

/* The connect timeout ends once the request is out: an answer slower than
 * it is waited for. */
static void slow_answer_after_connect(void **state)
{
    ts_server *s = *state;
    ts_reply slow = {.status = 200, .body = "{}", .delay_ms = 800};
    ts_push(s, &slow);
    expect_answer(s, 300, 0, 790);
}

/* A redirect starts connecting again: to a host that never accepts, the
 * connect timeout ends it; on the same connection, a slow answer is fine. */
static void redirect_connect_timeout(void **state)
{
    ts_server *s = *state;
    ts_stuck k;
    ts_stuck_open(&k);
    char loc[96];
    snprintf(loc, sizeof loc, "Location: http://127.0.0.1:%d/v1/threads/t\r\n",
             k.port);
    ts_reply moved = {.status = 302, .headers = loc};
    ts_push(s, &moved);
    /* the total timeout, past the window, ends it should the connect
     * timeout not run again */
    expect_timeout(ts_url(s), 300, 3000, 0, 2500);
    ts_stuck_close(&k);
}

static void redirect_then_slow_answer(void **state)
{
    ts_server *s = *state;
    ts_reply moved = {.status = 302, .headers = "Location: /v1/threads/u\r\n"};
    ts_reply slow = {.status = 200, .body = "{}", .delay_ms = 800};
    ts_push(s, &moved);
    ts_push(s, &slow);
    expect_answer(s, 300, 0, 790);
    assert_true(ts_wait_requests(s, 2, 100));
    assert_string_equal(ts_request_at(s, 1)->target, "/v1/threads/u");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(headers_too_late, setup, teardown),
        cmocka_unit_test_setup_teardown(idle_body, setup, teardown),
        cmocka_unit_test_setup_teardown(slow_but_steady_is_fine, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(timeout_is_retried, setup, teardown),
        cmocka_unit_test_setup_teardown(connect_timeout, setup, teardown),
        cmocka_unit_test_setup_teardown(slow_answer_after_connect, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(redirect_connect_timeout, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(redirect_then_slow_answer, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
