/* /assistants operations against oai-emulator: the request each one sends
 * (method, path, query, OpenAI-Beta, body) and the object it returns. */
#include "res_common.h"

static char g_id[64];

static void create(void **state)
{
    (void)state;
    oai_json *p = res_json("{\"model\":\"gpt-4o\",\"name\":\"Math\","
                           "\"instructions\":\"Be exact.\"}");
    oai_json *a = NULL;
    assert_int_equal(oai_assistants_create(&a, g_c, p, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(a, "object"), "assistant");
    assert_string_equal(oai_json_path_string(a, "name"), "Math");
    snprintf(g_id, sizeof g_id, "%s", oai_json_path_string(a, "id"));

    cJSON *r = res_expect("POST", "/assistants", 1);
    assert_string_equal(res_body_str(r, "model"), "gpt-4o");
    assert_string_equal(res_body_str(r, "instructions"), "Be exact.");
    /* only what the caller set is sent */
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "body")), 3);
    assert_string_equal(tu_emu_header(r, "content-type"), "application/json");
    cJSON_Delete(r);
    oai_json_free(a);
    oai_json_free(p);
}

static void retrieve(void **state)
{
    (void)state;
    oai_json *a = NULL;
    assert_int_equal(oai_assistants_retrieve(&a, g_c, g_id, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(a, "id"), g_id);
    char path[128];
    snprintf(path, sizeof path, "/assistants/%s", g_id);
    cJSON *r = res_expect("GET", path, 1);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(r, "body")));
    cJSON_Delete(r);
    oai_json_free(a);
}

static void update(void **state)
{
    (void)state;
    oai_json *p = res_json("{\"name\":\"Renamed\",\"metadata\":{\"k\":\"v\"}}");
    oai_json *a = NULL;
    assert_int_equal(oai_assistants_update(&a, g_c, g_id, p, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(a, "name"), "Renamed");
    assert_string_equal(oai_json_path_string(a, "metadata.k"), "v");
    char path[128];
    snprintf(path, sizeof path, "/assistants/%s", g_id);
    cJSON *r = res_expect("POST", path, 1);
    assert_string_equal(res_body_str(r, "name"), "Renamed");
    cJSON_Delete(r);
    oai_json_free(a);
    oai_json_free(p);
}

static void list(void **state)
{
    (void)state;
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 5;
    lo.order = "asc";
    oai_json *page = NULL;
    assert_int_equal(oai_assistants_list(&page, g_c, &lo, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(page, "object"), "list");
    assert_true(oai_json_size(oai_json_get(page, "data")) >= 1);
    cJSON *r = res_expect("GET", "/assistants", 1);
    assert_string_equal(tu_emu_str(r, "raw_query"), "limit=5&order=asc");
    cJSON_Delete(r);
    oai_json_free(page);

    /* nothing set → no query at all */
    assert_int_equal(oai_assistants_list(&page, g_c, NULL, NULL), OAI_OK);
    r = res_expect("GET", "/assistants", 1);
    assert_string_equal(tu_emu_str(r, "raw_query"), "");
    cJSON_Delete(r);
    oai_json_free(page);
}

static void delete_(void **state)
{
    (void)state;
    oai_json *d = NULL;
    assert_int_equal(oai_assistants_delete(&d, g_c, g_id, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(d, "object"), "assistant.deleted");
    assert_true(oai_json_bool(oai_json_get(d, "deleted"), 0));
    char path[128];
    snprintf(path, sizeof path, "/assistants/%s", g_id);
    cJSON_Delete(res_expect("DELETE", path, 1));
    oai_json_free(d);

    /* gone now: 404 with the API's message */
    oai_json *a = NULL;
    assert_int_equal(oai_assistants_retrieve(&a, g_c, g_id, NULL),
                     OAI_ENOTFOUND);
    assert_null(a);
    assert_int_equal(oai_client_last_error(g_c)->http_status, 404);
    cJSON_Delete(res_expect("GET", path, 1));
}

static void argument_checks(void **state)
{
    (void)state;
    oai_json *a = (oai_json *)1;
    RES_EXPECT_EINVAL(
        oai_assistants_retrieve(&a, g_c, "", NULL),
        "Expected a non-empty value for `assistant_id` but received ''");
    assert_null(a);
    RES_EXPECT_EINVAL(oai_assistants_retrieve(&a, g_c, NULL, NULL),
                      "Expected a non-empty value for `assistant_id`");
    RES_EXPECT_EINVAL(oai_assistants_delete(&a, g_c, "", NULL),
                      "`assistant_id`");
    RES_EXPECT_EINVAL(oai_assistants_create(&a, g_c, NULL, NULL), "`params`");
    oai_json *arr = res_json("[1]");
    RES_EXPECT_EINVAL(oai_assistants_update(&a, g_c, "asst_1", arr, NULL),
                      "`params`");
    oai_json_free(arr);
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.run_id = "run_1"; /* not a parameter of /assistants */
    RES_EXPECT_EINVAL(oai_assistants_list(&a, g_c, &lo, NULL), "`run_id`");
    lo.run_id = NULL;
    lo.order = "sideways";
    RES_EXPECT_EINVAL(oai_assistants_list(&a, g_c, &lo, NULL), "`order`");
    lo.order = NULL;
    lo.after = "";
    RES_EXPECT_EINVAL(oai_assistants_list(&a, g_c, &lo, NULL), "`after`");
    /* NULL out / client: nothing to report on, just the code */
    assert_int_equal(oai_assistants_retrieve(NULL, g_c, "asst_1", NULL),
                     OAI_EINVAL);
    assert_int_equal(oai_assistants_retrieve(&a, NULL, "asst_1", NULL),
                     OAI_EINVAL);
}

static void request_options_headers(void **state)
{
    (void)state;
    const char *hdrs[] = {"X-Stainless-Custom: yes"};
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.headers = hdrs;
    ro.n_headers = 1;
    oai_json *page = NULL;
    assert_int_equal(oai_assistants_list(&page, g_c, NULL, &ro), OAI_OK);
    cJSON *r = res_expect("GET", "/assistants", 1);
    assert_string_equal(tu_emu_header(r, "x-stainless-custom"), "yes");
    cJSON_Delete(r);
    oai_json_free(page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create),
        cmocka_unit_test(retrieve),
        cmocka_unit_test(update),
        cmocka_unit_test(list),
        cmocka_unit_test(delete_),
        cmocka_unit_test(argument_checks),
        cmocka_unit_test(request_options_headers),
    };
    return cmocka_run_group_tests(tests, res_setup, res_teardown);
}
