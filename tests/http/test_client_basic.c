/* Client creation and a plain JSON request through the engine. */
#include "testutil.h"

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

static void json_get_roundtrip(void **state)
{
    ts_server *s = *state;
    ts_reply r = {.status = 200,
                  .headers = "Content-Type: application/json\r\nx-request-id: req_1\r\n",
                  .body = "{\"id\":\"asst_1\",\"object\":\"assistant\"}"};
    ts_push(s, &r);
    oai_client *c = http_client(s, 0);
    assert_non_null(c);

    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.method = "GET";
    spec.path = "/assistants/asst_1";
    cJSON *j = NULL;
    assert_int_equal(oai__http_json(&j, c, &spec), OAI_OK);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "id")->valuestring, "asst_1");
    cJSON_Delete(j);
    assert_int_equal(oai_client_last_error(c)->code, 0);

    const ts_request *q = ts_request_at(s, 0);
    assert_non_null(q);
    assert_string_equal(q->method, "GET");
    assert_string_equal(q->target, "/v1/assistants/asst_1");
    assert_string_equal(ts_req_header(q, "Authorization"), "Bearer " TEST_KEY);
    assert_string_equal(ts_req_header(q, "Accept"), "application/json");
    assert_string_equal(ts_req_header(q, "OpenAI-Beta"), "assistants=v2");
    assert_string_equal(ts_req_header(q, "X-Stainless-Retry-Count"), "0");
    assert_string_equal(ts_req_header(q, "User-Agent"), "OpenAI/C " OAI_VERSION_STR);
    assert_null(ts_req_header(q, "Content-Type"));
    assert_null(ts_req_header(q, "Expect"));
    oai_client_free(c);
}

static void raw_request_escape_hatch(void **state)
{
    ts_server *s = *state;
    ts_reply r = {.status = 200, .body = "{\"data\":[],\"object\":\"list\"}"};
    ts_push(s, &r);
    oai_client *c = http_client(s, 0);
    oai_json *body;
    assert_int_equal(oai_json_parse_cstr(&body, "{\"x\":1}"), OAI_OK);
    oai_response *resp = NULL;
    assert_int_equal(oai_client_request(&resp, c, "POST", "files/search", "limit=2&order=asc",
                                        body, NULL), OAI_OK);
    assert_int_equal(oai_response_status(resp), 200);
    assert_string_equal(oai_json_path_string(oai_response_json(resp), "object"), "list");
    size_t len;
    assert_string_equal(oai_response_body(resp, &len), "{\"data\":[],\"object\":\"list\"}");
    assert_int_equal(len, strlen("{\"data\":[],\"object\":\"list\"}"));
    assert_non_null(oai_response_header(resp, "content-length"));
    oai_response_free(resp);
    oai_json_free(body);

    const ts_request *q = ts_request_at(s, 0);
    assert_string_equal(q->method, "POST");
    assert_string_equal(q->target, "/v1/files/search?limit=2&order=asc");
    assert_string_equal(q->body, "{\"x\":1}");
    assert_string_equal(ts_req_header(q, "Content-Type"), "application/json");
    assert_null(ts_req_header(q, "OpenAI-Beta")); /* not an assistants path */
    oai_client_free(c);
}

static void missing_key_fails(void **state)
{
    (void)state;
    oai_client *c = (oai_client *)1;
    char msg[512];
    assert_int_equal(oai_client_new(&c, NULL, msg, sizeof msg), OAI_EINVAL);
    assert_null(c);
    assert_string_equal(msg, "The api_key client option must be set either by passing api_key to "
                             "the client or by setting the OPENAI_API_KEY environment variable");
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.version = 99;
    o.api_key = "k";
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_EINVAL);
    assert_null(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(json_get_roundtrip, setup, teardown),
        cmocka_unit_test_setup_teardown(raw_request_escape_hatch, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_key_fails, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
