/* OPENAI_LOG: what is logged at each level, to a callback or to stderr, and
 * that the API key never appears in logs or error messages. */
#include "testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http_common.h"

typedef struct captured {
    char text[65536];
    size_t len;
    int lines, debug_lines;
} captured;

static void capture(int level, const char *line, void *ud)
{
    captured *c = ud;
    c->lines++;
    c->debug_lines += level == OAI_LOG_DEBUG;
    int n = snprintf(c->text + c->len, sizeof c->text - c->len, "%s\n", line);
    if (n > 0 && c->len + (size_t)n < sizeof c->text)
        c->len += (size_t)n;
}

static int setup(void **state)
{
    http_clean_env();
    *state = ts_start();
    return 0;
}

static int teardown(void **state)
{
    ts_stop(*state);
    http_clean_env();
    return 0;
}

/* A server that echoes the key back in its error, as a careless proxy could. */
static void push_leaky_sequence(ts_server *s)
{
    ts_reply e = {.status = 500, .headers = "retry-after-ms: 5\r\n"};
    ts_reply leak = {.status = 401,
                     .body = "{\"error\":{\"message\":\"Incorrect API key provided: " TEST_KEY
                             ". Check it.\",\"type\":\"invalid_request_error\"}}"};
    ts_push(s, &e);
    ts_push(s, &leak);
}

static void debug_log_to_callback(void **state)
{
    ts_server *s = *state;
    setenv("OPENAI_LOG", "debug", 1);
    push_leaky_sequence(s);
    captured cap = {0};
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = TEST_KEY;
    o.base_url = ts_url(s);
    o.log_fn = capture;
    o.log_user_data = &cap;
    const char *hdr[] = {"X-Custom: visible"};
    o.default_headers = hdr;
    o.n_default_headers = 1;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    oai_response *r = NULL;
    assert_int_equal(oai_client_request(&r, c, "GET", "/threads/t", NULL, NULL, NULL), OAI_EAUTH);

    assert_true(cap.debug_lines > 0);
    assert_non_null(strstr(cap.text, "Authorization: <redacted>"));
    assert_non_null(strstr(cap.text, "X-Custom: visible"));
    assert_non_null(strstr(cap.text, "/v1/threads/t"));
    assert_non_null(strstr(cap.text, "Retrying request"));
    assert_non_null(strstr(cap.text, "\"401\""));
    assert_null(strstr(cap.text, TEST_KEY));
    assert_null(strstr(cap.text, "sk-test-secret"));

    const oai_error *e = oai_client_last_error(c);
    assert_int_equal(e->http_status, 401);
    assert_string_equal(e->message, "401 Incorrect API key provided: <redacted>. Check it.");
    assert_null(strstr(e->message, TEST_KEY));
    oai_client_free(c);
}

static void info_level_and_off(void **state)
{
    ts_server *s = *state;
    ts_reply ok = {.status = 200, .body = "{}"};
    ts_push(s, &ok);
    setenv("OPENAI_LOG", "info", 1);
    captured cap = {0};
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = TEST_KEY;
    o.base_url = ts_url(s);
    o.log_fn = capture;
    o.log_user_data = &cap;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    oai_response *r = NULL;
    assert_int_equal(oai_client_request(&r, c, "GET", "/files", NULL, NULL, NULL), OAI_OK);
    oai_response_free(r);
    assert_int_equal(cap.debug_lines, 0);
    assert_int_equal(cap.lines, 1);
    assert_non_null(strstr(cap.text, "HTTP Request: GET"));
    assert_non_null(strstr(cap.text, "\"200\""));
    oai_client_free(c);

    /* an unknown value and an explicit option both turn it off */
    setenv("OPENAI_LOG", "verbose", 1);
    memset(&cap, 0, sizeof cap);
    ts_push(s, &ok);
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    assert_int_equal(oai_client_request(&r, c, "GET", "/files", NULL, NULL, NULL), OAI_OK);
    oai_response_free(r);
    oai_client_free(c);
    setenv("OPENAI_LOG", "debug", 1);
    o.log_level = OAI_LOG_OFF;
    ts_push(s, &ok);
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    assert_int_equal(oai_client_request(&r, c, "GET", "/files", NULL, NULL, NULL), OAI_OK);
    oai_response_free(r);
    oai_client_free(c);
    assert_int_equal(cap.lines, 0);
}

static void debug_log_to_stderr(void **state)
{
    ts_server *s = *state;
    setenv("OPENAI_LOG", "debug", 1);
    push_leaky_sequence(s);
    char path[256];
    snprintf(path, sizeof path, "%s/oai-log-%d-XXXXXX", "/tmp", (int)getpid());
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);

    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = TEST_KEY;
    o.base_url = ts_url(s);
    oai_client *c = NULL;
    int rc_new = oai_client_new(&c, &o, NULL, 0);
    oai_response *r = NULL;
    int rc = rc_new == OAI_OK ? oai_client_request(&r, c, "GET", "/threads/t", NULL, NULL, NULL)
                              : rc_new;
    oai_client_free(c);
    /* and a failing creation is logged too, without the key */
    unsetenv("OPENAI_API_KEY");
    oai_client *none = NULL;
    int rc_missing = oai_client_new(&none, NULL, NULL, 0);

    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(fd);
    assert_int_equal(rc, OAI_EAUTH);
    assert_int_equal(rc_missing, OAI_EINVAL);
    size_t len;
    char *text = tu_read_file(path, &len);
    unlink(path);
    assert_non_null(text);
    assert_non_null(strstr(text, "[oai debug]"));
    assert_non_null(strstr(text, "[oai info] HTTP Request: GET"));
    assert_non_null(strstr(text, "Authorization: <redacted>"));
    assert_non_null(strstr(text, "The api_key client option must be set"));
    assert_null(strstr(text, TEST_KEY));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(debug_log_to_callback, setup, teardown),
        cmocka_unit_test_setup_teardown(info_level_and_off, setup, teardown),
        cmocka_unit_test_setup_teardown(debug_log_to_stderr, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
