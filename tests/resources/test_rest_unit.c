/* The REST layer's pure parts: path escaping, query strings, list-option
 * checks. No server needed (the client is never used for a request). */
#include <string.h>

#include "core/alloc.h"
#include "oai.h"
#include "resources/rest.h"
#include "testutil.h"

static oai_client *client(void)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = "http://127.0.0.1:9/v1";
    o.log_level = OAI_LOG_OFF;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    return c;
}

static void path_escapes_each_id(void **state)
{
    (void)state;
    oai_client *c = client();
    char *p = NULL;
    assert_int_equal(
        oai__rest_path(&p, c, "/threads/%s/runs/%s", "thr_1", "a/b?c d%"),
        OAI_OK);
    assert_string_equal(p, "/threads/thr_1/runs/a%2Fb%3Fc%20d%25");
    oai__free(p);
    assert_int_equal(oai__rest_op_path(&p, c, "/x/%s", "x_id", "", NULL),
                     OAI_EINVAL);
    assert_null(p);
    assert_string_equal(
        oai_client_last_error(c)->message,
        "Expected a non-empty value for `x_id` but received ''");
    oai_client_free(c);
}

static void query_from_list_options(void **state)
{
    (void)state;
    oai_client *c = client();
    const char *inc[] = {
        "step_details.tool_calls[*].file_search.results[*].content", NULL};
    oai_list_options o = OAI_LIST_OPTIONS_INIT;
    o.limit = 3;
    o.order = "desc";
    o.after = "msg 1";
    oai__strbuf q = {0};
    assert_int_equal(oai__query_add_list(&q, c, &o, 0), OAI_OK);
    assert_int_equal(oai__query_add_include(&q, inc), OAI_OK);
    assert_string_equal(
        q.p, "limit=3&order=desc&after=msg%201&include%5B%5D="
             "step_details.tool_calls%5B%2A%5D.file_search.results%5B%2A%5D."
             "content");
    oai__strbuf_free(&q);

    o.before = "x";
    assert_int_equal(oai__query_add_list(&q, c, &o, 0), OAI_EINVAL);
    assert_non_null(strstr(oai_client_last_error(c)->message, "`before`"));
    o.before = NULL;
    o.version = 99;
    assert_int_equal(oai__query_add_list(&q, c, &o, 0), OAI_EINVAL);
    oai__strbuf_free(&q);
    oai_client_free(c);
}

static void non_stream_calls_refuse_stream_true(void **state)
{
    (void)state;
    oai_client *c = client();
    oai_json *p = NULL, *out = (oai_json *)1;
    assert_int_equal(
        oai_json_parse_cstr(&p, "{\"assistant_id\":\"a\",\"stream\":true}"),
        OAI_OK);
    assert_int_equal(oai_runs_create(&out, c, "thr_1", p, NULL, NULL),
                     OAI_EINVAL);
    assert_null(out);
    assert_non_null(strstr(oai_client_last_error(c)->message, "stream"));
    assert_int_equal(oai_threads_create_and_run(&out, c, p, NULL), OAI_EINVAL);
    oai_json_free(p);
    oai_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(path_escapes_each_id),
        cmocka_unit_test(query_from_list_options),
        cmocka_unit_test(non_stream_calls_refuse_stream_true),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
