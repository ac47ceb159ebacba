/* The Responses and Conversations REST calls against oai-emulator: every
 * endpoint, its request as logged (no OpenAI-Beta header), the pagers, the
 * views of a Response object, the API's error for cancelling a foreground
 * response, argument checks. */
#include "res_common.h"

static oai_json *create(const char *body)
{
    oai_json *p = res_json(body), *r = NULL;
    assert_int_equal(oai_responses_create(&r, g_c, p, NULL), OAI_OK);
    oai_json_free(p);
    return r;
}

/* Walk the pager to its end (freed): how many items it gave. */
static int walk(oai_pager *p)
{
    const oai_json *it;
    int n = 0, rc;
    while ((rc = oai_pager_next(&it, p)) == OAI_OK)
        n++;
    assert_int_equal(rc, OAI_ITEROVER);
    oai_pager_free(p);
    return n;
}

static void create_retrieve_delete(void **state)
{
    (void)state;
    oai_json *r = create("{\"model\":\"gpt-4o\",\"input\":\"#scenario:text "
                         "Hello there.\",\"metadata\":{\"k\":\"v\"}}");
    assert_string_equal(oai_responses_status(r), "completed");
    cJSON *e = res_expect("POST", "/responses", 0);
    assert_string_equal(res_body_str(e, "input"),
                        "#scenario:text Hello there.");
    assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(e, "body"), "stream"));
    cJSON_Delete(e);
    char *text = NULL;
    assert_int_equal(oai_responses_output_text(&text, r), OAI_OK);
    assert_string_equal(text, "Hello there.");
    oai_free(text);
    oai_responses_usage_counts u;
    assert_int_equal(oai_responses_usage(&u, r), 1);
    assert_true(u.output_tokens > 0);
    assert_int_equal(u.total_tokens, u.input_tokens + u.output_tokens);
    assert_null(oai_responses_error(r));
    assert_null(oai_responses_incomplete_reason(r));
    char id[80];
    snprintf(id, sizeof id, "%s", oai_json_path_string(r, "id"));
    oai_json_free(r);

    static const char *const inc[] = {"message.output_text.logprobs", NULL};
    assert_int_equal(oai_responses_retrieve(&r, g_c, id, inc, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(r, "id"), id);
    char path[160];
    snprintf(path, sizeof path, "/responses/%s", id);
    e = res_expect("GET", path, 0);
    assert_string_equal(tu_emu_str(e, "raw_query"),
                        "include%5B%5D=message.output_text.logprobs");
    cJSON_Delete(e);
    oai_json_free(r);

    assert_int_equal(oai_responses_delete(&r, g_c, id, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(r, "object"), "response.deleted");
    assert_true(oai_json_bool(oai_json_get(r, "deleted"), 0));
    cJSON_Delete(res_expect("DELETE", path, 0));
    oai_json_free(r);
    assert_int_equal(oai_responses_retrieve(&r, g_c, id, NULL, NULL),
                     OAI_ENOTFOUND);
    assert_null(r);
}

static void views(void **state)
{
    (void)state;
    oai_json *r =
        create("{\"model\":\"gpt-4o\",\"input\":\"#scenario:incomplete\"}");
    assert_string_equal(oai_responses_status(r), "incomplete");
    assert_string_equal(oai_responses_incomplete_reason(r),
                        "max_output_tokens");
    oai_json_free(r);
    r = create("{\"model\":\"gpt-4o\",\"input\":\"#scenario:fail\"}");
    assert_string_equal(oai_responses_status(r), "failed");
    assert_string_equal(oai_json_path_string(oai_responses_error(r), "code"),
                        "server_error");
    oai_json_free(r);
    /* text spread over two messages and a refusal part, parsed by hand */
    oai_json *doc = res_json(
        "{\"status\":\"completed\",\"output\":[{\"type\":\"reasoning\"},"
        "{\"type\":\"message\",\"content\":[{\"type\":\"output_text\","
        "\"text\":\"a\"},{\"type\":\"refusal\",\"refusal\":\"no\"},"
        "{\"type\":\"output_text\",\"text\":\"b\"}]},{\"type\":\"message\","
        "\"content\":[{\"type\":\"output_text\",\"text\":\"c\"}]}],"
        "\"error\":null,\"usage\":null}");
    char *text = NULL;
    assert_int_equal(oai_responses_output_text(&text, doc), OAI_OK);
    assert_string_equal(text, "abc");
    oai_free(text);
    assert_int_equal(oai_json_size(oai_responses_output(doc)), 3);
    assert_null(oai_responses_error(doc));
    oai_responses_usage_counts u;
    assert_int_equal(oai_responses_usage(&u, doc), 0);
    assert_int_equal(u.total_tokens, 0);
    oai_json_free(doc);
    doc = res_json("{\"output\":[]}");
    assert_int_equal(oai_responses_output_text(&text, doc), OAI_OK);
    assert_string_equal(text, "");
    oai_free(text);
    oai_json_free(doc);
    assert_int_equal(oai_responses_output_text(&text, NULL), OAI_EINVAL);
    assert_null(text);
    assert_null(oai_responses_status(NULL));
    assert_null(oai_responses_output(NULL));
}

static void cancel(void **state)
{
    (void)state;
    oai_json *r = create("{\"model\":\"gpt-4o\",\"input\":\"#scenario:long "
                         "400 20\",\"background\":true}");
    assert_string_equal(oai_responses_status(r), "queued");
    char id[80], path[160];
    snprintf(id, sizeof id, "%s", oai_json_path_string(r, "id"));
    oai_json_free(r);
    assert_int_equal(oai_responses_cancel(&r, g_c, id, NULL), OAI_OK);
    assert_string_equal(oai_responses_status(r), "cancelled");
    snprintf(path, sizeof path, "/responses/%s/cancel", id);
    cJSON *e = res_expect("POST", path, 0);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(e, "body")));
    cJSON_Delete(e);
    oai_json_free(r);

    /* a foreground response cannot be cancelled: the API's 400, as is */
    r = create("{\"model\":\"gpt-4o\",\"input\":\"hi\"}");
    snprintf(id, sizeof id, "%s", oai_json_path_string(r, "id"));
    oai_json_free(r);
    assert_int_equal(oai_responses_cancel(&r, g_c, id, NULL), OAI_EBADREQUEST);
    assert_null(r);
    const oai_error *err = oai_client_last_error(g_c);
    assert_int_equal(err->http_status, 400);
    assert_non_null(
        strstr(err->message, "Cannot cancel a synchronous response"));
}

static void input_items(void **state)
{
    (void)state;
    oai_json *r = create(
        "{\"model\":\"gpt-4o\",\"input\":[{\"role\":\"user\",\"content\":"
        "\"one\"},{\"role\":\"user\",\"content\":\"two\"},{\"role\":\"user\","
        "\"content\":\"three\"}]}");
    char id[80], path[160];
    snprintf(id, sizeof id, "%s", oai_json_path_string(r, "id"));
    oai_json_free(r);
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 2;
    lo.order = "asc";
    oai_json *page = NULL;
    assert_int_equal(oai_responses_input_items_list(&page, g_c, id, &lo, NULL),
                     OAI_OK);
    assert_int_equal(oai_json_size(oai_json_get(page, "data")), 2);
    assert_true(oai_json_bool(oai_json_get(page, "has_more"), 0));
    oai_json_free(page);
    snprintf(path, sizeof path, "/responses/%s/input_items", id);
    cJSON *e = res_expect("GET", path, 0);
    assert_string_equal(tu_emu_str(e, "raw_query"), "limit=2&order=asc");
    cJSON_Delete(e);

    oai_pager *p = NULL;
    assert_int_equal(
        oai_responses_input_items_list_pager(&p, g_c, id, &lo, NULL), OAI_OK);
    assert_int_equal(walk(p), 3);

    lo.before = "x"; /* not a parameter of this list */
    RES_EXPECT_EINVAL(oai_responses_input_items_list(&page, g_c, id, &lo, NULL),
                      "before");
}

static void conversations(void **state)
{
    (void)state;
    oai_json *p = res_json(
        "{\"items\":[{\"type\":\"message\",\"role\":\"user\",\"content\":"
        "\"first\"}],\"metadata\":{\"topic\":\"demo\"}}");
    oai_json *conv = NULL;
    assert_int_equal(oai_conversations_create(&conv, g_c, p, NULL), OAI_OK);
    oai_json_free(p);
    cJSON_Delete(res_expect("POST", "/conversations", 0));
    char cid[80], path[200];
    snprintf(cid, sizeof cid, "%s", oai_json_path_string(conv, "id"));
    assert_int_equal(strncmp(cid, "conv_", 5), 0);
    oai_json_free(conv);

    assert_int_equal(oai_conversations_retrieve(&conv, g_c, cid, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(conv, "metadata.topic"), "demo");
    oai_json_free(conv);
    snprintf(path, sizeof path, "/conversations/%s", cid);
    cJSON_Delete(res_expect("GET", path, 0));

    p = res_json("{\"metadata\":{\"topic\":\"other\"}}");
    assert_int_equal(oai_conversations_update(&conv, g_c, cid, p, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(conv, "metadata.topic"), "other");
    oai_json_free(conv);
    oai_json_free(p);
    cJSON_Delete(res_expect("POST", path, 0));

    /* a response in the conversation appends its input and output */
    char body[256];
    snprintf(body, sizeof body,
             "{\"model\":\"gpt-4o\",\"input\":\"#scenario:text Noted.\","
             "\"conversation\":\"%s\"}",
             cid);
    oai_json *r = create(body);
    assert_string_equal(oai_json_path_string(r, "conversation.id"), cid);
    oai_json_free(r);

    oai_json *items = res_json(
        "[{\"type\":\"message\",\"role\":\"user\",\"content\":\"later\"}]");
    oai_json *added = NULL;
    static const char *const inc[] = {"message.output_text.logprobs", NULL};
    assert_int_equal(
        oai_conversation_items_create(&added, g_c, cid, items, inc, NULL),
        OAI_OK);
    oai_json_free(items);
    assert_int_equal(oai_json_size(oai_json_get(added, "data")), 1);
    char item[80];
    snprintf(item, sizeof item, "%s", oai_json_path_string(added, "data.0.id"));
    oai_json_free(added);
    snprintf(path, sizeof path, "/conversations/%s/items", cid);
    cJSON *e = res_expect("POST", path, 0);
    assert_string_equal(tu_emu_str(e, "raw_query"),
                        "include%5B%5D=message.output_text.logprobs");
    assert_true(cJSON_IsArray(
        cJSON_GetObjectItem(cJSON_GetObjectItem(e, "body"), "items")));
    cJSON_Delete(e);

    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 1;
    lo.order = "asc";
    oai_json *page = NULL;
    assert_int_equal(oai_conversation_items_list(&page, g_c, cid, &lo, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(page, "data.0.content.0.text"),
                        "first");
    oai_json_free(page);
    oai_pager *pg = NULL;
    assert_int_equal(
        oai_conversation_items_list_pager(&pg, g_c, cid, &lo, NULL), OAI_OK);
    assert_int_equal(walk(pg),
                     4); /* first, the reply's input and output, later */

    oai_json *one = NULL;
    assert_int_equal(
        oai_conversation_items_retrieve(&one, g_c, cid, item, NULL, NULL),
        OAI_OK);
    assert_string_equal(oai_json_path_string(one, "id"), item);
    oai_json_free(one);
    snprintf(path, sizeof path, "/conversations/%s/items/%s", cid, item);
    cJSON_Delete(res_expect("GET", path, 0));
    assert_int_equal(oai_conversation_items_delete(&one, g_c, cid, item, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(one, "id"), cid);
    oai_json_free(one);
    cJSON_Delete(res_expect("DELETE", path, 0));
    assert_int_equal(
        oai_conversation_items_retrieve(&one, g_c, cid, item, NULL, NULL),
        OAI_ENOTFOUND);

    assert_int_equal(oai_conversations_delete(&conv, g_c, cid, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(conv, "object"),
                        "conversation.deleted");
    oai_json_free(conv);
    assert_int_equal(oai_conversations_create(&conv, g_c, NULL, NULL), OAI_OK);
    oai_json_free(conv);
    e = res_expect("POST", "/conversations", 0);
    assert_true(cJSON_IsObject(cJSON_GetObjectItem(e, "body")));
    cJSON_Delete(e);
}

static void argument_checks(void **state)
{
    (void)state;
    oai_json *out = NULL;
    oai_json *arr = res_json("[]"), *obj = res_json("{\"stream\":true}");
    RES_EXPECT_EINVAL(oai_responses_create(&out, g_c, NULL, NULL), "params");
    RES_EXPECT_EINVAL(oai_responses_create(&out, g_c, obj, NULL),
                      "stream: true");
    RES_EXPECT_EINVAL(oai_responses_retrieve(&out, g_c, "", NULL, NULL),
                      "`response_id` but received ''");
    RES_EXPECT_EINVAL(oai_responses_cancel(&out, g_c, NULL, NULL),
                      "response_id");
    RES_EXPECT_EINVAL(oai_conversations_update(&out, g_c, "conv_1", NULL, NULL),
                      "params");
    RES_EXPECT_EINVAL(
        oai_conversation_items_create(&out, g_c, "conv_1", obj, NULL, NULL),
        "items");
    RES_EXPECT_EINVAL(
        oai_conversation_items_delete(&out, g_c, "conv_1", "", NULL),
        "`item_id`");
    assert_null(out);
    assert_int_equal(oai_responses_delete(NULL, g_c, "x", NULL), OAI_EINVAL);
    assert_int_equal(oai_conversations_retrieve(&out, NULL, "x", NULL),
                     OAI_EINVAL);
    oai_json_free(arr);
    oai_json_free(obj);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_retrieve_delete),
        cmocka_unit_test(views),
        cmocka_unit_test(cancel),
        cmocka_unit_test(input_items),
        cmocka_unit_test(conversations),
        cmocka_unit_test(argument_checks),
    };
    return cmocka_run_group_tests(tests, res_setup, res_teardown);
}
