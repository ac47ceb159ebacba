/* /threads and /threads/{id}/messages against oai-emulator: the request of
 * each operation (method, path, query, OpenAI-Beta, body) and its result. */
#include <stdio.h>

#include "res_common.h"

static char g_thread[64], g_msg[64];

static void thread_create(void **state)
{
    (void)state;
    oai_json *t = NULL;
    /* NULL params: an empty object is sent */
    assert_int_equal(oai_threads_create(&t, g_c, NULL, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(t, "object"), "thread");
    snprintf(g_thread, sizeof g_thread, "%s", oai_json_path_string(t, "id"));
    cJSON *r = res_expect("POST", "/threads", 1);
    const cJSON *body = cJSON_GetObjectItem(r, "body");
    assert_true(cJSON_IsObject(body));
    assert_int_equal(cJSON_GetArraySize(body), 0);
    cJSON_Delete(r);
    oai_json_free(t);
}

static void thread_retrieve_update(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "/threads/%s", g_thread);
    oai_json *t = NULL;
    assert_int_equal(oai_threads_retrieve(&t, g_c, g_thread, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(t, "id"), g_thread);
    cJSON_Delete(res_expect("GET", path, 1));
    oai_json_free(t);

    oai_json *p = res_json("{\"metadata\":{\"modified\":\"true\"}}");
    assert_int_equal(oai_threads_update(&t, g_c, g_thread, p, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(t, "metadata.modified"), "true");
    cJSON *r = res_expect("POST", path, 1);
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(
            cJSON_GetObjectItem(cJSON_GetObjectItem(r, "body"), "metadata"),
            "modified")),
        "true");
    cJSON_Delete(r);
    oai_json_free(t);
    oai_json_free(p);
}

static void message_create(void **state)
{
    (void)state;
    oai_json *p = NULL;
    assert_int_equal(oai_json_new_object(&p), OAI_OK);
    oai_json_set_string(p, "role", "user");
    oai_json_set_string(p, "content", "What is \"2+2\"?");
    oai_json *m = NULL;
    assert_int_equal(oai_messages_create(&m, g_c, g_thread, p, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(m, "object"), "thread.message");
    assert_string_equal(oai_json_path_string(m, "content.0.text.value"),
                        "What is \"2+2\"?");
    snprintf(g_msg, sizeof g_msg, "%s", oai_json_path_string(m, "id"));
    char path[128];
    snprintf(path, sizeof path, "/threads/%s/messages", g_thread);
    cJSON *r = res_expect("POST", path, 1);
    assert_string_equal(res_body_str(r, "role"), "user");
    assert_string_equal(res_body_str(r, "content"), "What is \"2+2\"?");
    cJSON_Delete(r);
    oai_json_free(m);
    oai_json_free(p);
}

static void message_retrieve_update_list(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof path, "/threads/%s/messages/%s", g_thread, g_msg);
    oai_json *m = NULL;
    assert_int_equal(oai_messages_retrieve(&m, g_c, g_thread, g_msg, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(m, "id"), g_msg);
    cJSON_Delete(res_expect("GET", path, 1));
    oai_json_free(m);

    oai_json *p = res_json("{\"metadata\":{\"seen\":\"yes\"}}");
    assert_int_equal(oai_messages_update(&m, g_c, g_thread, g_msg, p, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(m, "metadata.seen"), "yes");
    cJSON_Delete(res_expect("POST", path, 1));
    oai_json_free(m);
    oai_json_free(p);

    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 10;
    lo.order = "desc";
    lo.run_id = "run_none";
    oai_json *page = NULL;
    assert_int_equal(oai_messages_list(&page, g_c, g_thread, &lo, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(page, "object"), "list");
    assert_int_equal(oai_json_size(oai_json_get(page, "data")),
                     0); /* no message of that run */
    snprintf(path, sizeof path, "/threads/%s/messages", g_thread);
    cJSON *r = res_expect("GET", path, 1);
    assert_string_equal(tu_emu_str(r, "raw_query"),
                        "limit=10&order=desc&run_id=run_none");
    cJSON_Delete(r);
    oai_json_free(page);

    assert_int_equal(oai_messages_list(&page, g_c, g_thread, NULL, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(page, "data.0.id"), g_msg);
    cJSON_Delete(res_expect("GET", path, 1));
    oai_json_free(page);
}

static void message_delete(void **state)
{
    (void)state;
    oai_json *d = NULL;
    assert_int_equal(oai_messages_delete(&d, g_c, g_thread, g_msg, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(d, "object"),
                        "thread.message.deleted");
    assert_true(oai_json_bool(oai_json_get(d, "deleted"), 0));
    char path[160];
    snprintf(path, sizeof path, "/threads/%s/messages/%s", g_thread, g_msg);
    cJSON_Delete(res_expect("DELETE", path, 1));
    oai_json_free(d);
}

static void thread_delete(void **state)
{
    (void)state;
    oai_json *d = NULL;
    assert_int_equal(oai_threads_delete(&d, g_c, g_thread, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(d, "object"), "thread.deleted");
    char path[128];
    snprintf(path, sizeof path, "/threads/%s", g_thread);
    cJSON_Delete(res_expect("DELETE", path, 1));
    oai_json_free(d);
}

static void argument_checks(void **state)
{
    (void)state;
    oai_json *o = NULL;
    oai_json *p = res_json("{\"role\":\"user\",\"content\":\"x\"}");
    RES_EXPECT_EINVAL(
        oai_threads_retrieve(&o, g_c, "", NULL),
        "Expected a non-empty value for `thread_id` but received ''");
    RES_EXPECT_EINVAL(oai_threads_update(&o, g_c, "thread_1", NULL, NULL),
                      "`params`");
    RES_EXPECT_EINVAL(oai_messages_create(&o, g_c, "", p, NULL), "`thread_id`");
    RES_EXPECT_EINVAL(
        oai_messages_retrieve(&o, g_c, "thread_1", "", NULL),
        "Expected a non-empty value for `message_id` but received ''");
    RES_EXPECT_EINVAL(oai_messages_delete(&o, g_c, "thread_1", NULL, NULL),
                      "`message_id`");
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.filter = "completed"; /* not a messages parameter */
    RES_EXPECT_EINVAL(oai_messages_list(&o, g_c, "thread_1", &lo, NULL),
                      "`filter`");
    oai_json_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(thread_create),
        cmocka_unit_test(thread_retrieve_update),
        cmocka_unit_test(message_create),
        cmocka_unit_test(message_retrieve_update_list),
        cmocka_unit_test(message_delete),
        cmocka_unit_test(thread_delete),
        cmocka_unit_test(argument_checks),
    };
    return cmocka_run_group_tests(tests, res_setup, res_teardown);
}
