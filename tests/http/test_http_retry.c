/* Retry sequences against the loopback server (semantics §7.3, Appendix D):
 * which statuses retry, X-Stainless-Retry-Count values, the computed delays
 * (fixed jitter through the injectable random source) and the real waits
 * measured at the server. */
#include "testutil.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/client_impl.h"
#include "http/request.h"
#include "http_common.h"

typedef struct observed {
    int n;
    long delay[16];
    int taken[16];
} observed;

static void observe(int retries_taken, long delay_ms, void *ud)
{
    observed *o = ud;
    if (o->n < 16) {
        o->taken[o->n] = retries_taken;
        o->delay[o->n++] = delay_ms;
    }
}

static double fixed_u(void *ud) { return *(double *)ud; }

static double g_u = 0.9;

static oai_client *client_for(const char *url, int max_retries, observed *obs)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = TEST_KEY;
    o.base_url = url;
    o.max_retries = max_retries;
    o.log_level = OAI_LOG_OFF;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    oai__client_set_random(c, fixed_u, &g_u);
    memset(obs, 0, sizeof *obs);
    oai__client_set_retry_observer(c, observe, obs);
    return c;
}

static int get(oai_client *c, const char *path)
{
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.path = path;
    oai__http_response r;
    int rc = oai__http_request(&r, c, &spec);
    oai__http_response_clear(&r);
    return rc;
}

static void check_counts(ts_server *s, int n)
{
    assert_int_equal(ts_nrequests(s), n);
    for (int i = 0; i < n; i++) {
        char want[16];
        snprintf(want, sizeof want, "%d", i);
        assert_string_equal(ts_req_header(ts_request_at(s, i), "X-Stainless-Retry-Count"), want);
        assert_int_equal(ts_req_header_count(ts_request_at(s, i), "X-Stainless-Retry-Count"), 1);
    }
}

/* The gap between request i-1 and i at the server is at least the delay
 * (minus clock granularity) and not wildly more (loaded machine: generous). */
static void check_gap(ts_server *s, int i, long delay_ms)
{
    int64_t gap = ts_request_at(s, i)->at_ms - ts_request_at(s, i - 1)->at_ms;
    if (gap < delay_ms - 5 || gap > delay_ms + 1500)
        fail_msg("gap before request %d: %lld ms, expected about %ld ms", i, (long long)gap,
                 delay_ms);
}

static int setup(void **state)
{
    http_clean_env();
    g_u = 0.9;
    *state = ts_start();
    return 0;
}

static int teardown(void **state)
{
    ts_stop(*state);
    return 0;
}

static void rate_limit_with_retry_after(void **state)
{
    ts_server *s = *state;
    ts_reply a = {.status = 429, .headers = "retry-after: 0.3\r\n",
                  .body = "{\"error\":{\"message\":\"Rate limit\"}}"};
    ts_reply b = {.status = 200, .body = "{\"ok\":true}"};
    ts_push(s, &a);
    ts_push(s, &b);
    observed obs;
    oai_client *c = client_for(ts_url(s), OAI_RETRIES_DEFAULT, &obs);
    assert_int_equal(get(c, "/threads/t1"), OAI_OK);
    check_counts(s, 2);
    assert_int_equal(obs.n, 1);
    assert_int_equal(obs.delay[0], 300);
    check_gap(s, 1, 300);
    oai_client_free(c);
}

static void retry_after_ms_header(void **state)
{
    ts_server *s = *state;
    ts_reply a = {.status = 429, .headers = "retry-after-ms: 150\r\nretry-after: 30\r\n"};
    ts_reply b = {.status = 200, .body = "{}"};
    ts_push(s, &a);
    ts_push(s, &b);
    observed obs;
    oai_client *c = client_for(ts_url(s), OAI_RETRIES_DEFAULT, &obs);
    assert_int_equal(get(c, "/threads/t1"), OAI_OK);
    assert_int_equal(obs.delay[0], 150);
    check_gap(s, 1, 150);
    oai_client_free(c);
}

static void server_errors_exhaust_retries(void **state)
{
    ts_server *s = *state;
    ts_reply e = {.status = 500, .headers = "x-request-id: req_500\r\n",
                  .body = "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"};
    for (int i = 0; i < 3; i++)
        ts_push(s, &e);
    observed obs;
    oai_client *c = client_for(ts_url(s), OAI_RETRIES_DEFAULT, &obs);
    assert_int_equal(get(c, "/threads/t1"), OAI_ESERVER);
    check_counts(s, 3);
    /* back-off 0.5 s and 1 s scaled by 1 - 0.25 * 0.9 */
    assert_int_equal(obs.n, 2);
    assert_int_equal(obs.delay[0], 388); /* 387.5 rounded up */
    assert_int_equal(obs.delay[1], 775);
    assert_int_equal(obs.taken[0], 0);
    assert_int_equal(obs.taken[1], 1);
    check_gap(s, 1, 388);
    check_gap(s, 2, 775);
    const oai_error *err = oai_client_last_error(c);
    assert_int_equal(err->code, OAI_ESERVER);
    assert_int_equal(err->http_status, 500);
    assert_string_equal(err->message, "500 boom");
    assert_string_equal(err->type, "server_error");
    assert_string_equal(err->request_id, "req_500");
    oai_client_free(c);
}

static void server_error_then_success(void **state)
{
    ts_server *s = *state;
    g_u = 0.999;
    ts_reply e = {.status = 503};
    ts_reply ok = {.status = 200, .body = "{\"id\":\"x\"}"};
    ts_push(s, &e);
    ts_push(s, &ok);
    observed obs;
    oai_client *c = client_for(ts_url(s), OAI_RETRIES_DEFAULT, &obs);
    assert_int_equal(get(c, "/threads/t1"), OAI_OK);
    check_counts(s, 2);
    assert_int_equal(obs.delay[0], 376); /* 500 * (1 - 0.24975) = 375.125 */
    assert_int_equal(oai_client_last_error(c)->code, 0);
    oai_client_free(c);
}

static void should_retry_header(void **state)
{
    ts_server *s = *state;
    g_u = 0.999;
    ts_reply no = {.status = 503, .headers = "x-should-retry: false\r\n"};
    ts_push(s, &no);
    observed obs;
    oai_client *c = client_for(ts_url(s), OAI_RETRIES_DEFAULT, &obs);
    assert_int_equal(get(c, "/threads/t1"), OAI_ESERVER);
    check_counts(s, 1);
    assert_int_equal(obs.n, 0);
    assert_string_equal(oai_client_last_error(c)->message, "503 status code (no body)");

    ts_reply yes = {.status = 400, .headers = "x-should-retry: true\r\n"};
    ts_reply ok = {.status = 200, .body = "{}"};
    ts_push(s, &yes);
    ts_push(s, &ok);
    assert_int_equal(get(c, "/threads/t1"), OAI_OK);
    assert_int_equal(ts_nrequests(s), 3);
    assert_int_equal(obs.n, 1);

    ts_reply nf = {.status = 404, .body = "{\"error\":{\"message\":\"No such thing\"}}"};
    ts_push(s, &nf);
    assert_int_equal(get(c, "/threads/t1"), OAI_ENOTFOUND);
    assert_int_equal(ts_nrequests(s), 4);
    assert_int_equal(obs.n, 1);
    oai_client_free(c);
}

static void conflict_and_timeout_statuses(void **state)
{
    ts_server *s = *state;
    g_u = 0.999;
    ts_reply a = {.status = 408}, b = {.status = 409}, ok = {.status = 200, .body = "{}"};
    ts_push(s, &a);
    ts_push(s, &b);
    ts_push(s, &ok);
    observed obs;
    oai_client *c = client_for(ts_url(s), OAI_RETRIES_DEFAULT, &obs);
    assert_int_equal(get(c, "/threads/t1"), OAI_OK);
    check_counts(s, 3);
    oai_client_free(c);
}

static void long_retry_after_falls_back(void **state)
{
    ts_server *s = *state;
    g_u = 0.999;
    ts_reply a = {.status = 429, .headers = "retry-after: 61\r\n"};
    ts_reply z = {.status = 429, .headers = "retry-after: 0\r\n"};
    ts_reply ok = {.status = 200, .body = "{}"};
    ts_push(s, &a);
    ts_push(s, &z);
    ts_push(s, &ok);
    observed obs;
    oai_client *c = client_for(ts_url(s), OAI_RETRIES_DEFAULT, &obs);
    assert_int_equal(get(c, "/threads/t1"), OAI_OK);
    assert_int_equal(obs.n, 2);
    assert_int_equal(obs.delay[0], 376);  /* back-off, not 61 s */
    assert_int_equal(obs.delay[1], 751);  /* back-off, not 0 */
    check_gap(s, 1, 376);
    oai_client_free(c);
}

static void retry_limits(void **state)
{
    ts_server *s = *state;
    ts_reply e = {.status = 500};
    ts_push(s, &e);
    observed obs;
    /* max_retries 0 on the client */
    oai_client *c = client_for(ts_url(s), 0, &obs);
    assert_int_equal(get(c, "/threads/t1"), OAI_ESERVER);
    assert_int_equal(ts_nrequests(s), 1);
    oai_client_free(c);
    /* per request: 0 retries although the client allows 2 */
    ts_push(s, &e);
    c = client_for(ts_url(s), 2, &obs);
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.max_retries = 0;
    oai_response *r = NULL;
    assert_int_equal(oai_client_request(&r, c, "GET", "/threads/t1", NULL, NULL, &ro),
                     OAI_ESERVER);
    assert_null(r);
    assert_int_equal(ts_nrequests(s), 2);
    assert_int_equal(obs.n, 0);
    /* a caller-set X-Stainless-Retry-Count is kept on every attempt */
    g_u = 0.999;
    ts_reply ok = {.status = 200, .body = "{}"};
    ts_push(s, &e);
    ts_push(s, &ok);
    const char *hdr[] = {"X-Stainless-Retry-Count: 7"};
    ro.max_retries = 1;
    ro.headers = hdr;
    ro.n_headers = 1;
    assert_int_equal(oai_client_request(&r, c, "GET", "/threads/t1", NULL, NULL, &ro), OAI_OK);
    oai_response_free(r);
    assert_string_equal(ts_req_header(ts_request_at(s, 2), "X-Stainless-Retry-Count"), "7");
    assert_string_equal(ts_req_header(ts_request_at(s, 3), "X-Stainless-Retry-Count"), "7");
    oai_client_free(c);
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, (struct sockaddr *)&a, sizeof a);
    socklen_t l = sizeof a;
    getsockname(fd, (struct sockaddr *)&a, &l);
    close(fd);
    return ntohs(a.sin_port);
}

static void connection_refused(void **state)
{
    (void)state;
    g_u = 0.999;
    char url[64], want[128];
    int port = free_port();
    snprintf(url, sizeof url, "http://127.0.0.1:%d/v1", port);
    /* the address, the port and the system's reason */
    snprintf(want, sizeof want,
             "Connection error: Failed to connect to 127.0.0.1 port %d: Connection refused", port);
    observed obs;
    oai_client *c = client_for(url, OAI_RETRIES_DEFAULT, &obs);
    int64_t t0 = ts_now_ms();
    assert_int_equal(get(c, "/threads/t1"), OAI_ETRANSPORT);
    int64_t took = ts_now_ms() - t0;
    assert_int_equal(obs.n, 2); /* attempts 0, 1, 2 */
    assert_true(took >= obs.delay[0] + obs.delay[1] - 5);
    const oai_error *e = oai_client_last_error(c);
    assert_string_equal(e->message, want);
    assert_int_equal(e->http_status, 0);
    assert_int_not_equal(e->transport_code, 0);
    oai_client_free(c);
}

static void dropped_connection_is_retried(void **state)
{
    ts_server *s = *state;
    g_u = 0.999;
    ts_reply drop = {.status = 0};
    ts_reply ok = {.status = 200, .body = "{\"fine\":1}"};
    ts_push(s, &drop);
    ts_push(s, &ok);
    observed obs;
    oai_client *c = client_for(ts_url(s), OAI_RETRIES_DEFAULT, &obs);
    assert_int_equal(get(c, "/threads/t1"), OAI_OK);
    check_counts(s, 2);
    oai_client_free(c);
}

/* A scheme other than http(s) fails at once: no attempt, no retry. */
static void unsupported_scheme(void **state)
{
    (void)state;
    observed obs;
    oai_client *c = client_for("ftp://127.0.0.1:9/v1", OAI_RETRIES_DEFAULT, &obs);
    int64_t t0 = ts_now_ms();
    assert_int_equal(get(c, "/threads/t1"), OAI_EINVAL);
    assert_true(ts_now_ms() - t0 < 1000);
    assert_int_equal(obs.n, 0);
    assert_string_equal(oai_client_last_error(c)->message,
                        "unsupported URL scheme 'ftp' (want http or https)");
    oai_client_free(c);
}

/* ...and so does a redirect to one: the same answer every time. */
static void redirect_to_unsupported_scheme(void **state)
{
    ts_server *s = *state;
    ts_reply r = {.status = 302, .headers = "Location: ftp://127.0.0.1:9/x\r\n"};
    ts_push(s, &r);
    observed obs;
    oai_client *c = client_for(ts_url(s), OAI_RETRIES_DEFAULT, &obs);
    assert_int_equal(get(c, "/threads/t1"), OAI_EINVAL);
    assert_int_equal(obs.n, 0);
    assert_int_equal(ts_nrequests(s), 1);
    const char *m = oai_client_last_error(c)->message;
    assert_true(strncmp(m, "unsupported URL scheme", 22) == 0);
    oai_client_free(c);
}

/* Without a scheme, http is assumed (as libcurl always did). */
static void schemeless_base_url(void **state)
{
    ts_server *s = *state;
    ts_reply ok = {.status = 200, .body = "{}"};
    ts_push(s, &ok);
    const char *url = ts_url(s);
    assert_true(strncmp(url, "http://", 7) == 0);
    observed obs;
    oai_client *c = client_for(url + 7, OAI_RETRIES_DEFAULT, &obs);
    assert_int_equal(get(c, "/threads/t1"), OAI_OK);
    assert_int_equal(ts_nrequests(s), 1);
    oai_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(rate_limit_with_retry_after, setup, teardown),
        cmocka_unit_test_setup_teardown(retry_after_ms_header, setup, teardown),
        cmocka_unit_test_setup_teardown(server_errors_exhaust_retries, setup, teardown),
        cmocka_unit_test_setup_teardown(server_error_then_success, setup, teardown),
        cmocka_unit_test_setup_teardown(should_retry_header, setup, teardown),
        cmocka_unit_test_setup_teardown(conflict_and_timeout_statuses, setup, teardown),
        cmocka_unit_test_setup_teardown(long_retry_after_falls_back, setup, teardown),
        cmocka_unit_test_setup_teardown(retry_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(connection_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(unsupported_scheme, setup, teardown),
        cmocka_unit_test_setup_teardown(redirect_to_unsupported_scheme, setup, teardown),
        cmocka_unit_test_setup_teardown(schemeless_base_url, setup, teardown),
        cmocka_unit_test_setup_teardown(dropped_connection_is_retried, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
