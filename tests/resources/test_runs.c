/* Runs and run steps against oai-emulator: create (include[] query, no
 * stream flag), retrieve, update, list, cancel, submit_tool_outputs,
 * create-and-run, step retrieve/list. The emulator's scenario messages
 * drive a run to requires_action. */
#include <stdio.h>

#include "res_common.h"

static char g_asst[64], g_thread[64], g_run[64];

static const char *const k_include[] = {
    "step_details.tool_calls[*].file_search.results[*].content", NULL};

static void make_thread(const char *text)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}", text);
    oai_json *p = res_json(body), *t = NULL;
    assert_int_equal(oai_threads_create(&t, g_c, p, NULL), OAI_OK);
    snprintf(g_thread, sizeof g_thread, "%s", oai_json_path_string(t, "id"));
    oai_json_free(t);
    oai_json_free(p);
}

static int setup(void **state)
{
    if (res_setup(state))
        return -1;
    oai_json *p = NULL, *a = NULL;
    oai_json_parse_cstr(
        &p, "{\"model\":\"gpt-4o\",\"tools\":[{\"type\":\"function\","
            "\"function\":{\"name\":\"get_weather\"}}]}");
    if (oai_assistants_create(&a, g_c, p, NULL) != OAI_OK)
        return -1;
    snprintf(g_asst, sizeof g_asst, "%s", oai_json_path_string(a, "id"));
    oai_json_free(a);
    oai_json_free(p);
    return 0;
}

static void create(void **state)
{
    (void)state;
    make_thread("#scenario:function get_weather");
    char body[128];
    snprintf(body, sizeof body,
             "{\"assistant_id\":\"%s\",\"metadata\":{\"n\":\"1\"}}", g_asst);
    oai_json *p = res_json(body), *run = NULL;
    tu_emu_mark(&g_emu);
    assert_int_equal(oai_runs_create(&run, g_c, g_thread, p, k_include, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(run, "object"), "thread.run");
    assert_string_equal(oai_json_path_string(run, "thread_id"), g_thread);
    snprintf(g_run, sizeof g_run, "%s", oai_json_path_string(run, "id"));
    char path[128];
    snprintf(path, sizeof path, "/threads/%s/runs", g_thread);
    cJSON *r = res_expect("POST", path, 1);
    assert_string_equal(res_body_str(r, "assistant_id"), g_asst);
    assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "body"), "stream"));
    assert_string_equal(
        tu_emu_str(r, "raw_query"),
        "include%5B%5D=step_details.tool_calls%5B%2A%5D.file_search.results"
        "%5B%2A%5D.content");
    cJSON_Delete(r);
    oai_json_free(run);
    oai_json_free(p);
}

static void retrieve_until_requires_action(void **state)
{
    (void)state;
    oai_json *run = NULL;
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 20;
    po.max_wait_ms = 10000;
    assert_int_equal(oai_runs_poll(&run, g_c, g_thread, g_run, &po), OAI_OK);
    assert_string_equal(oai_json_path_string(run, "status"), "requires_action");
    oai_json_free(run);
    assert_int_equal(oai_runs_retrieve(&run, g_c, g_thread, g_run, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(run, "id"), g_run);
    char path[160];
    snprintf(path, sizeof path, "/threads/%s/runs/%s", g_thread, g_run);
    cJSON *r = res_expect("GET", path, 1);
    assert_null(
        tu_emu_header(r, "x-stainless-poll-helper")); /* a plain retrieve */
    cJSON_Delete(r);
    oai_json_free(run);
}

static void update_and_list(void **state)
{
    (void)state;
    oai_json *p = res_json("{\"metadata\":{\"n\":\"2\"}}"), *run = NULL;
    assert_int_equal(oai_runs_update(&run, g_c, g_thread, g_run, p, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(run, "metadata.n"), "2");
    char path[160];
    snprintf(path, sizeof path, "/threads/%s/runs/%s", g_thread, g_run);
    cJSON_Delete(res_expect("POST", path, 1));
    oai_json_free(run);
    oai_json_free(p);

    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 1;
    oai_json *page = NULL;
    assert_int_equal(oai_runs_list(&page, g_c, g_thread, &lo, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(page, "data.0.id"), g_run);
    snprintf(path, sizeof path, "/threads/%s/runs", g_thread);
    cJSON *r = res_expect("GET", path, 1);
    assert_string_equal(tu_emu_str(r, "raw_query"), "limit=1");
    cJSON_Delete(r);
    oai_json_free(page);
}

static void steps(void **state)
{
    (void)state;
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.order = "asc";
    oai_json *page = NULL;
    assert_int_equal(oai_run_steps_list(&page, g_c, g_thread, g_run, &lo, k_include, NULL),
                     OAI_OK);
    assert_true(oai_json_size(oai_json_get(page, "data")) >= 1);
    const char *step = oai_json_path_string(page, "data.0.id");
    assert_non_null(step);
    char path[200];
    snprintf(path, sizeof path, "/threads/%s/runs/%s/steps", g_thread, g_run);
    cJSON *r = res_expect("GET", path, 1);
    assert_string_equal(
        tu_emu_str(r, "raw_query"),
        "order=asc&include%5B%5D=step_details.tool_calls%5B%2A%5D.file_search."
        "results%5B%2A%5D.content");
    cJSON_Delete(r);

    oai_json *s = NULL;
    assert_int_equal(
        oai_run_steps_retrieve(&s, g_c, g_thread, g_run, step, k_include, NULL),
        OAI_OK);
    assert_string_equal(oai_json_path_string(s, "object"), "thread.run.step");
    assert_string_equal(oai_json_path_string(s, "id"), step);
    char spath[260];
    snprintf(spath, sizeof spath, "%s/%s", path, step);
    r = res_expect("GET", spath, 1);
    assert_non_null(strstr(tu_emu_str(r, "raw_query"), "include%5B%5D="));
    cJSON_Delete(r);
    oai_json_free(s);
    oai_json_free(page);
}

static void submit_tool_outputs(void **state)
{
    (void)state;
    oai_json *run = NULL;
    assert_int_equal(oai_runs_retrieve(&run, g_c, g_thread, g_run, NULL),
                     OAI_OK);
    const char *call = oai_json_path_string(
        run, "required_action.submit_tool_outputs.tool_calls.0.id");
    assert_non_null(call);
    oai_json *outs = NULL;
    assert_int_equal(oai_json_new_array(&outs), OAI_OK);
    oai_json *o = NULL;
    assert_int_equal(oai_json_new_object(&o), OAI_OK);
    oai_json_set_string(o, "tool_call_id", call);
    oai_json_set_string(o, "output", "22C");
    oai_json_append(outs, o);
    oai_json_free(o);
    oai_json_free(run);

    assert_int_equal(
        oai_runs_submit_tool_outputs(&run, g_c, g_thread, g_run, outs, NULL),
        OAI_OK);
    assert_string_equal(oai_json_path_string(run, "id"), g_run);
    char path[200];
    snprintf(path, sizeof path, "/threads/%s/runs/%s/submit_tool_outputs",
             g_thread, g_run);
    cJSON *r = res_expect("POST", path, 1);
    const cJSON *body = cJSON_GetObjectItem(r, "body");
    assert_int_equal(cJSON_GetArraySize(body), 1); /* tool_outputs only */
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(
            cJSON_GetArrayItem(cJSON_GetObjectItem(body, "tool_outputs"), 0),
            "output")),
        "22C");
    cJSON_Delete(r);
    oai_json_free(run);
    oai_json *bad = res_json("{\"tool_outputs\":[]}");
    RES_EXPECT_EINVAL(
        oai_runs_submit_tool_outputs(&run, g_c, g_thread, g_run, bad, NULL),
        "`tool_outputs`");
    oai_json_free(bad);
    oai_json_free(outs);
}

static void cancel(void **state)
{
    (void)state;
    make_thread("#scenario:slow 5000");
    char body[128];
    snprintf(body, sizeof body, "{\"assistant_id\":\"%s\"}", g_asst);
    oai_json *p = res_json(body), *run = NULL;
    assert_int_equal(oai_runs_create(&run, g_c, g_thread, p, NULL, NULL),
                     OAI_OK);
    char run_id[64];
    snprintf(run_id, sizeof run_id, "%s", oai_json_path_string(run, "id"));
    oai_json_free(run);
    assert_int_equal(oai_runs_cancel(&run, g_c, g_thread, run_id, NULL),
                     OAI_OK);
    const char *st = oai_json_path_string(run, "status");
    assert_true(!strcmp(st, "cancelling") || !strcmp(st, "cancelled"));
    char path[200];
    snprintf(path, sizeof path, "/threads/%s/runs/%s/cancel", g_thread, run_id);
    cJSON *r = res_expect("POST", path, 1);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(r, "body")));
    cJSON_Delete(r);
    oai_json_free(run);
    oai_json_free(p);
}

static void create_and_run(void **state)
{
    (void)state;
    char body[256];
    snprintf(
        body, sizeof body,
        "{\"assistant_id\":\"%s\",\"thread\":{\"messages\":[{\"role\":\"user\","
        "\"content\":\"hi\"}]}}",
        g_asst);
    oai_json *p = res_json(body), *run = NULL;
    assert_int_equal(oai_threads_create_and_run(&run, g_c, p, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(run, "object"), "thread.run");
    assert_non_null(oai_json_path_string(run, "thread_id"));
    cJSON *r = res_expect("POST", "/threads/runs", 1);
    assert_string_equal(res_body_str(r, "assistant_id"), g_asst);
    assert_true(cJSON_IsObject(
        cJSON_GetObjectItem(cJSON_GetObjectItem(r, "body"), "thread")));
    cJSON_Delete(r);
    oai_json_free(run);
    oai_json_free(p);
}

static void argument_checks(void **state)
{
    (void)state;
    oai_json *o = NULL, *p = res_json("{\"assistant_id\":\"a\"}");
    RES_EXPECT_EINVAL(
        oai_runs_create(&o, g_c, "", p, NULL, NULL),
        "Expected a non-empty value for `thread_id` but received ''");
    RES_EXPECT_EINVAL(
        oai_runs_retrieve(&o, g_c, "thread_1", "", NULL),
        "Expected a non-empty value for `run_id` but received ''");
    RES_EXPECT_EINVAL(oai_runs_cancel(&o, g_c, NULL, "run_1", NULL),
                      "`thread_id`");
    RES_EXPECT_EINVAL(
        oai_run_steps_retrieve(&o, g_c, "thread_1", "run_1", "", NULL, NULL),
        "Expected a non-empty value for `step_id` but received ''");
    RES_EXPECT_EINVAL(oai_run_steps_list(&o, g_c, "thread_1", NULL, NULL, NULL, NULL),
                      "`run_id`");
    RES_EXPECT_EINVAL(oai_threads_create_and_run(&o, g_c, NULL, NULL),
                      "`params`");
    oai_json_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create),
        cmocka_unit_test(retrieve_until_requires_action),
        cmocka_unit_test(update_and_list),
        cmocka_unit_test(steps),
        cmocka_unit_test(submit_tool_outputs),
        cmocka_unit_test(cancel),
        cmocka_unit_test(create_and_run),
        cmocka_unit_test(argument_checks),
    };
    return cmocka_run_group_tests(tests, setup, res_teardown);
}
