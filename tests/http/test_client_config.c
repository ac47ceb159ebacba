/* Configuration from options and environment (semantics §7.1) and the exact
 * header set per endpoint class (§7.2). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
    http_clean_env();
    return 0;
}

static const ts_request *do_get(ts_server *s, oai_client *c, const char *path,
                                const oai_request_options *ro)
{
    ts_reply ok = {.status = 200, .body = "{}"};
    ts_push(s, &ok);
    int before = ts_nrequests(s);
    oai_response *r = NULL;
    int rc = oai_client_request(&r, c, "GET", path, NULL, NULL, ro);
    if (rc != OAI_OK)
        fail_msg("request failed: %s", oai_client_last_error(c)->message);
    oai_response_free(r);
    assert_int_equal(ts_nrequests(s), before + 1);
    return ts_request_at(s, before);
}

static void environment_is_used(void **state)
{
    ts_server *s = *state;
    setenv("OPENAI_API_KEY", "sk-from-env-000000", 1);
    setenv("OPENAI_BASE_URL", ts_url(s), 1);
    setenv("OPENAI_ORG_ID", "org-env", 1);
    setenv("OPENAI_PROJECT_ID", "proj-env", 1);
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, NULL, NULL, 0), OAI_OK);
    char want[128];
    snprintf(want, sizeof want, "%s/", ts_url(s));
    assert_string_equal(oai_client_base_url(c), want);
    const ts_request *q = do_get(s, c, "/models", NULL);
    assert_string_equal(q->target, "/v1/models");
    assert_string_equal(ts_req_header(q, "Authorization"), "Bearer sk-from-env-000000");
    assert_string_equal(ts_req_header(q, "OpenAI-Organization"), "org-env");
    assert_string_equal(ts_req_header(q, "OpenAI-Project"), "proj-env");
    oai_client_free(c);
}

static void options_override_environment(void **state)
{
    ts_server *s = *state;
    setenv("OPENAI_API_KEY", "sk-from-env-000000", 1);
    setenv("OPENAI_BASE_URL", "http://127.0.0.1:1/never", 1);
    setenv("OPENAI_ORG_ID", "org-env", 1);
    setenv("OPENAI_PROJECT_ID", "proj-env", 1);
    char base[128];
    snprintf(base, sizeof base, "%s/", ts_url(s)); /* trailing slash kept once */
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-from-options-1111";
    o.base_url = base;
    o.organization = "org-opt";
    o.project = "proj-opt";
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    assert_string_equal(oai_client_base_url(c), base);
    const ts_request *q = do_get(s, c, "threads/t_1", NULL);
    assert_string_equal(q->target, "/v1/threads/t_1");
    assert_string_equal(ts_req_header(q, "Authorization"), "Bearer sk-from-options-1111");
    assert_string_equal(ts_req_header(q, "OpenAI-Organization"), "org-opt");
    assert_string_equal(ts_req_header(q, "OpenAI-Project"), "proj-opt");
    oai_client_free(c);
}

static void defaults_and_empty_values(void **state)
{
    (void)state;
    /* empty OPENAI_BASE_URL counts as unset; empty key is allowed */
    setenv("OPENAI_BASE_URL", "", 1);
    setenv("OPENAI_API_KEY", "", 1);
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, NULL, NULL, 0), OAI_OK);
    assert_string_equal(oai_client_base_url(c), "https://api.openai.com/v1/");
    assert_int_equal(oai_client_last_error(c)->code, 0);
    assert_int_equal(oai_client_last_error(c)->retry_after_ms, -1);
    oai_client_free(c);
    /* bad options */
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "k";
    o.timeout_ms = -1;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_EINVAL);
    o.timeout_ms = 0;
    o.max_retries = -5;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_EINVAL);
    o.max_retries = 0;
    const char *bad[] = {"X-Evil: a\r\nInjected: b"};
    o.default_headers = bad;
    o.n_default_headers = 1;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_EINVAL);
    assert_null(c);
    assert_int_equal(oai_client_new(NULL, &o, NULL, 0), OAI_EINVAL);
    oai_client_free(NULL);
    assert_null(oai_client_last_error(NULL));
}

static void http2_option_values(void **state)
{
    (void)state;
    oai_client *c = NULL;
    char err[256];
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "k";
    assert_int_equal(o.http2, OAI_HTTP2_AUTO);
    o.http2 = 3;
    assert_int_equal(oai_client_new(&c, &o, err, sizeof err), OAI_EINVAL);
    assert_non_null(strstr(err, "http2"));
    o.http2 = -1;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_EINVAL);
    assert_null(c);
    /* a version 2 struct ends before http2: whatever follows is not read */
    o.version = 2;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    oai_client_free(c);
    o.version = OAI_CLIENT_OPTIONS_VERSION + 1;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_EINVAL);
    o.version = OAI_CLIENT_OPTIONS_VERSION;
    for (int v = OAI_HTTP2_AUTO; v <= OAI_HTTP2_PRIOR_KNOWLEDGE; v++) {
        o.http2 = v;
        assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
        oai_client_free(c);
    }
}

static void empty_key_sends_no_authorization(void **state)
{
    ts_server *s = *state;
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "";
    o.base_url = ts_url(s);
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    const ts_request *q = do_get(s, c, "/files", NULL);
    assert_null(ts_req_header(q, "Authorization"));
    assert_null(ts_req_header(q, "OpenAI-Organization"));
    assert_null(ts_req_header(q, "OpenAI-Project"));
    oai_client_free(c);
}

/* Every header name the request carried, lower-cased, sorted, joined by ','. */
static void header_names(const ts_request *q, char *out, size_t cap)
{
    char names[32][64];
    size_t n = 0;
    for (size_t i = 0; i < q->n_headers && n < 32; i++) {
        const char *h = q->headers[i];
        size_t l = (size_t)(strchr(h, ':') - h);
        if (l >= 64)
            l = 63;
        for (size_t k = 0; k < l; k++)
            names[n][k] = (char)(h[k] >= 'A' && h[k] <= 'Z' ? h[k] + 32 : h[k]);
        names[n][l] = '\0';
        n++;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && strcmp(names[k - 1], names[k]) > 0; k--) {
            char t[64];
            strcpy(t, names[k]);
            strcpy(names[k], names[k - 1]);
            strcpy(names[k - 1], t);
        }
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strncat(out, ",", cap - strlen(out) - 1);
        strncat(out, names[i], cap - strlen(out) - 1);
    }
}

static void header_set_per_endpoint(void **state)
{
    ts_server *s = *state;
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = TEST_KEY;
    o.base_url = ts_url(s);
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    char names[1024];

    /* GET on an assistants endpoint */
    const ts_request *q = do_get(s, c, "/assistants", NULL);
    header_names(q, names, sizeof names);
    assert_string_equal(names, "accept,authorization,host,openai-beta,user-agent,"
                               "x-stainless-retry-count");
    assert_string_equal(ts_req_header(q, "OpenAI-Beta"), "assistants=v2");

    /* GET on /files: no OpenAI-Beta */
    q = do_get(s, c, "/files/file_1", NULL);
    header_names(q, names, sizeof names);
    assert_string_equal(names, "accept,authorization,host,user-agent,x-stainless-retry-count");

    /* every beta family, and look-alikes that are not */
    const char *beta[] = {"/threads/t/runs/r/steps", "/threads/t/messages", "/vector_stores/v/files",
                          "/vector_stores/v/file_batches/b", "threads"};
    for (size_t i = 0; i < sizeof beta / sizeof beta[0]; i++)
        assert_non_null(ts_req_header(do_get(s, c, beta[i], NULL), "OpenAI-Beta"));
    const char *plain[] = {"/files", "/models", "/threadsx", "/uploads"};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        assert_null(ts_req_header(do_get(s, c, plain[i], NULL), "OpenAI-Beta"));

    /* POST with a JSON body on a beta path, through the internal API with a
     * helper header, then with the beta header removed by a "Name:" line */
    ts_reply ok = {.status = 200, .body = "{}"};
    ts_push(s, &ok);
    cJSON *body = cJSON_Parse("{\"assistant_id\":\"a\",\"stream\":false}");
    const char *helper[] = {"X-Stainless-Poll-Helper: true"};
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.path = "/threads/t/runs";
    spec.json = body;
    spec.headers = helper;
    spec.n_headers = 1;
    cJSON *out = NULL;
    assert_int_equal(oai__http_json(&out, c, &spec), OAI_OK);
    cJSON_Delete(out);
    q = ts_request_at(s, ts_nrequests(s) - 1);
    assert_string_equal(q->method, "POST");
    assert_string_equal(q->body, "{\"assistant_id\":\"a\",\"stream\":false}");
    header_names(q, names, sizeof names);
    assert_string_equal(names, "accept,authorization,content-length,content-type,host,openai-beta,"
                               "user-agent,x-stainless-poll-helper,x-stainless-retry-count");
    assert_string_equal(ts_req_header(q, "Content-Type"), "application/json");
    ts_push(s, &ok);
    const char *no_beta[] = {"OpenAI-Beta:"};
    spec.headers = no_beta;
    spec.method = "DELETE";
    spec.json = NULL;
    assert_int_equal(oai__http_json(&out, c, &spec), OAI_OK);
    cJSON_Delete(out);
    q = ts_request_at(s, ts_nrequests(s) - 1);
    assert_string_equal(q->method, "DELETE");
    assert_null(ts_req_header(q, "OpenAI-Beta"));
    assert_null(ts_req_header(q, "Content-Type"));
    cJSON_Delete(body);
    oai_client_free(c);
}

static void header_precedence(void **state)
{
    ts_server *s = *state;
    const char *defaults[] = {"User-Agent: custom-agent/1", "X-Team: blue", "OpenAI-Beta:",
                              "x-team: green"};
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = TEST_KEY;
    o.base_url = ts_url(s);
    o.default_headers = defaults;
    o.n_default_headers = 4;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    const ts_request *q = do_get(s, c, "/assistants", NULL);
    assert_string_equal(ts_req_header(q, "User-Agent"), "custom-agent/1");
    assert_int_equal(ts_req_header_count(q, "User-Agent"), 1);
    assert_string_equal(ts_req_header(q, "X-Team"), "green");
    assert_int_equal(ts_req_header_count(q, "X-Team"), 1);
    assert_null(ts_req_header(q, "OpenAI-Beta")); /* removed by "OpenAI-Beta:" */

    /* per-request headers win over client defaults */
    const char *per[] = {"x-team: red", "Accept: text/event-stream", "OpenAI-Beta: assistants=v1"};
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.headers = per;
    ro.n_headers = 3;
    q = do_get(s, c, "/assistants", &ro);
    assert_string_equal(ts_req_header(q, "X-Team"), "red");
    assert_int_equal(ts_req_header_count(q, "X-Team"), 1);
    assert_string_equal(ts_req_header(q, "Accept"), "text/event-stream");
    assert_int_equal(ts_req_header_count(q, "Accept"), 1);
    assert_string_equal(ts_req_header(q, "OpenAI-Beta"), "assistants=v1");
    oai_client_free(c);

    /* user-agent suffix */
    o.default_headers = NULL;
    o.n_default_headers = 0;
    o.user_agent_suffix = "myapp/2.0";
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    q = do_get(s, c, "/files", NULL);
    assert_string_equal(ts_req_header(q, "User-Agent"), "OpenAI/C " OAI_VERSION_STR " myapp/2.0");
    oai_client_free(c);
}

/* The helper headers come from the spec's helper fields, after the
 * per-call header lines. */
static void helper_headers(void **state)
{
    ts_server *s = *state;
    oai_client *c = http_client(s, OAI_RETRIES_DEFAULT);
    assert_non_null(c);
    ts_reply ok = {.status = 200, .body = "{}"};
    ts_push(s, &ok);
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.path = "/threads/t/runs/r";
    spec.poll_helper = 1;
    spec.poll_interval_ms = 250;
    cJSON *out = NULL;
    assert_int_equal(oai__http_json(&out, c, &spec), OAI_OK);
    cJSON_Delete(out);
    const ts_request *q = ts_request_at(s, ts_nrequests(s) - 1);
    assert_string_equal(ts_req_header(q, "X-Stainless-Poll-Helper"), "true");
    assert_string_equal(ts_req_header(q, "X-Stainless-Custom-Poll-Interval"), "250");
    assert_null(ts_req_header(q, "X-Stainless-Stream-Helper"));

    ts_push(s, &ok);
    const char *lines[] = {"X-Stainless-Custom-Event-Handler: maybe"};
    oai__http_spec st = OAI__HTTP_SPEC_INIT;
    st.path = "/threads/runs";
    st.headers = lines;
    st.n_headers = 1;
    st.stream_helper = "threads.create_and_run_stream";
    assert_int_equal(oai__http_json(&out, c, &st), OAI_OK);
    cJSON_Delete(out);
    q = ts_request_at(s, ts_nrequests(s) - 1);
    assert_string_equal(ts_req_header(q, "X-Stainless-Stream-Helper"),
                        "threads.create_and_run_stream");
    assert_string_equal(ts_req_header(q, "X-Stainless-Custom-Event-Handler"), "false");
    assert_int_equal(ts_req_header_count(q, "X-Stainless-Custom-Event-Handler"), 1);
    assert_null(ts_req_header(q, "X-Stainless-Poll-Helper"));

    st.stream_helper = "bad\r\nname";
    assert_int_equal(oai__http_json(&out, c, &st), OAI_EINVAL);
    assert_null(out);
    oai_client_free(c);
}

static void connection_reuse(void **state)
{
    ts_server *s = *state;
    oai_client *c = http_client(s, 0);
    for (int i = 0; i < 5; i++)
        do_get(s, c, "/threads/t", NULL);
    assert_int_equal(ts_nrequests(s), 5);
    assert_int_equal(ts_connections(s), 1);
    oai_client_free(c);
}

static void invalid_request_specs(void **state)
{
    ts_server *s = *state;
    oai_client *c = http_client(s, 0);
    oai_response *r = NULL;
    assert_int_equal(oai_client_request(&r, c, NULL, "/x", NULL, NULL, NULL), OAI_EINVAL);
    assert_int_equal(oai_client_request(&r, c, "GET", "/a b", NULL, NULL, NULL), OAI_EINVAL);
    assert_int_equal(oai_client_last_error(c)->code, OAI_EINVAL);
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.version = 42;
    assert_int_equal(oai_client_request(&r, c, "GET", "/x", NULL, NULL, &ro), OAI_EINVAL);
    const char *bad[] = {"NoColonHere"};
    ro.version = OAI_REQUEST_OPTIONS_VERSION;
    ro.headers = bad;
    ro.n_headers = 1;
    assert_int_equal(oai_client_request(&r, c, "GET", "/x", NULL, NULL, &ro), OAI_EINVAL);
    assert_null(r);
    assert_int_equal(ts_nrequests(s), 0);
    assert_int_equal(oai_client_request(&r, NULL, "GET", "/x", NULL, NULL, NULL), OAI_EINVAL);
    oai_client_free(c);
}

/* Proxies come from the usual environment variables (semantics §7.1). The
 * test server stands in for the proxy: it receives the absolute URL. */
static void proxy_from_environment(void **state)
{
    ts_server *s = *state;
    char proxy[64];
    snprintf(proxy, sizeof proxy, "http://127.0.0.1:%d", ts_port(s));
    setenv("http_proxy", proxy, 1);
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = "http://api.proxied.invalid/v1";
    o.max_retries = 0;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    const ts_request *q = do_get(s, c, "/models", NULL);
    assert_string_equal(q->target, "http://api.proxied.invalid/v1/models");
    assert_string_equal(ts_req_header(q, "Host"), "api.proxied.invalid");
    oai_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(environment_is_used, setup, teardown),
        cmocka_unit_test_setup_teardown(options_override_environment, setup, teardown),
        cmocka_unit_test_setup_teardown(defaults_and_empty_values, setup, teardown),
        cmocka_unit_test_setup_teardown(http2_option_values, setup, teardown),
        cmocka_unit_test_setup_teardown(empty_key_sends_no_authorization, setup, teardown),
        cmocka_unit_test_setup_teardown(header_set_per_endpoint, setup, teardown),
        cmocka_unit_test_setup_teardown(header_precedence, setup, teardown),
        cmocka_unit_test_setup_teardown(helper_headers, setup, teardown),
        cmocka_unit_test_setup_teardown(connection_reuse, setup, teardown),
        cmocka_unit_test_setup_teardown(invalid_request_specs, setup, teardown),
        cmocka_unit_test_setup_teardown(proxy_from_environment, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
