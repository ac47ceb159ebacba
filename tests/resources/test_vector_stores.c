/* Vector stores, vector-store files and file batches against oai-emulator:
 * every operation's request and result. */
#include <stdio.h>

#include "res_common.h"

static char g_vs[64], g_f1[64], g_f2[64], g_batch[64];

static void upload(char *id, size_t cap, const char *name)
{
    oai_json *f = NULL;
    assert_int_equal(oai_files_create(&f, g_c, &(oai_upload)OAI_UPLOAD_MEMORY(name, "some text", 9), "assistants", NULL),
                     OAI_OK);
    snprintf(id, cap, "%s", oai_json_path_string(f, "id"));
    oai_json_free(f);
}

static void store_create_retrieve_update(void **state)
{
    (void)state;
    oai_json *p = res_json("{\"name\":\"Docs\"}"), *vs = NULL;
    assert_int_equal(oai_vector_stores_create(&vs, g_c, p, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(vs, "object"), "vector_store");
    assert_string_equal(oai_json_path_string(vs, "name"), "Docs");
    snprintf(g_vs, sizeof g_vs, "%s", oai_json_path_string(vs, "id"));
    cJSON *r = res_expect("POST", "/vector_stores", 1);
    assert_string_equal(res_body_str(r, "name"), "Docs");
    cJSON_Delete(r);
    oai_json_free(vs);
    oai_json_free(p);

    char path[128];
    snprintf(path, sizeof path, "/vector_stores/%s", g_vs);
    assert_int_equal(oai_vector_stores_retrieve(&vs, g_c, g_vs, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(vs, "id"), g_vs);
    cJSON_Delete(res_expect("GET", path, 1));
    oai_json_free(vs);

    p = res_json("{\"name\":\"Docs v2\"}");
    assert_int_equal(oai_vector_stores_update(&vs, g_c, g_vs, p, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(vs, "name"), "Docs v2");
    cJSON_Delete(res_expect("POST", path, 1));
    oai_json_free(vs);
    oai_json_free(p);

    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 2;
    oai_json *page = NULL;
    assert_int_equal(oai_vector_stores_list(&page, g_c, &lo, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(page, "data.0.id"), g_vs);
    r = res_expect("GET", "/vector_stores", 1);
    assert_string_equal(tu_emu_str(r, "raw_query"), "limit=2");
    cJSON_Delete(r);
    oai_json_free(page);
}

static void store_files(void **state)
{
    (void)state;
    upload(g_f1, sizeof g_f1, "a.txt");
    upload(g_f2, sizeof g_f2, "b.txt");
    oai_json *p = res_json("{\"attributes\":{\"lang\":\"en\"},\"chunking_"
                           "strategy\":{\"type\":\"auto\"}}");
    oai_json *f = NULL;
    assert_int_equal(
        oai_vector_store_files_create(&f, g_c, g_vs, g_f1, p, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(f, "object"), "vector_store.file");
    assert_string_equal(oai_json_path_string(f, "id"), g_f1);
    assert_string_equal(oai_json_path_string(f, "vector_store_id"), g_vs);
    char path[200];
    snprintf(path, sizeof path, "/vector_stores/%s/files", g_vs);
    cJSON *r = res_expect("POST", path, 1);
    const cJSON *body = cJSON_GetObjectItem(r, "body");
    assert_string_equal(body->child->string,
                        "file_id"); /* first, as the SDKs send it */
    assert_string_equal(res_body_str(r, "file_id"), g_f1);
    assert_non_null(cJSON_GetObjectItem(body, "attributes"));
    assert_non_null(cJSON_GetObjectItem(body, "chunking_strategy"));
    cJSON_Delete(r);
    oai_json_free(f);
    oai_json_free(p);

    snprintf(path, sizeof path, "/vector_stores/%s/files/%s", g_vs, g_f1);
    assert_int_equal(oai_vector_store_files_retrieve(&f, g_c, g_vs, g_f1, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(f, "id"), g_f1);
    cJSON_Delete(res_expect("GET", path, 1));
    oai_json_free(f);

    p = res_json("{\"attributes\":{\"lang\":\"fr\"}}");
    assert_int_equal(
        oai_vector_store_files_update(&f, g_c, g_vs, g_f1, p, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(f, "attributes.lang"), "fr");
    cJSON_Delete(res_expect("POST", path, 1));
    oai_json_free(f);
    oai_json_free(p);

    assert_int_equal(oai_vector_store_files_content(&f, g_c, g_vs, g_f1, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(f, "object"),
                        "vector_store.file_content.page");
    assert_string_equal(oai_json_path_string(f, "data.0.text"), "some text");
    char cpath[240];
    snprintf(cpath, sizeof cpath, "%s/content", path);
    cJSON_Delete(res_expect("GET", cpath, 1));
    oai_json_free(f);

    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.filter = "failed";
    oai_json *page = NULL;
    assert_int_equal(oai_vector_store_files_list(&page, g_c, g_vs, &lo, NULL),
                     OAI_OK);
    assert_int_equal(oai_json_size(oai_json_get(page, "data")), 0);
    snprintf(path, sizeof path, "/vector_stores/%s/files", g_vs);
    r = res_expect("GET", path, 1);
    assert_string_equal(tu_emu_str(r, "raw_query"), "filter=failed");
    cJSON_Delete(r);
    oai_json_free(page);
    assert_int_equal(oai_vector_store_files_list(&page, g_c, g_vs, NULL, NULL),
                     OAI_OK);
    assert_int_equal(oai_json_size(oai_json_get(page, "data")), 1);
    cJSON_Delete(res_expect("GET", path, 1));
    oai_json_free(page);
}

static void batches(void **state)
{
    (void)state;
    char body[200];
    snprintf(body, sizeof body, "{\"file_ids\":[\"%s\"]}", g_f2);
    oai_json *p = res_json(body), *b = NULL;
    assert_int_equal(oai_file_batches_create(&b, g_c, g_vs, p, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(b, "object"),
                        "vector_store.file_batch");
    snprintf(g_batch, sizeof g_batch, "%s", oai_json_path_string(b, "id"));
    char path[200];
    snprintf(path, sizeof path, "/vector_stores/%s/file_batches", g_vs);
    cJSON *r = res_expect("POST", path, 1);
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetArrayItem(
            cJSON_GetObjectItem(cJSON_GetObjectItem(r, "body"), "file_ids"),
            0)),
        g_f2);
    cJSON_Delete(r);
    oai_json_free(b);
    oai_json_free(p);

    snprintf(path, sizeof path, "/vector_stores/%s/file_batches/%s", g_vs,
             g_batch);
    assert_int_equal(oai_file_batches_retrieve(&b, g_c, g_vs, g_batch, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(b, "id"), g_batch);
    cJSON_Delete(res_expect("GET", path, 1));
    oai_json_free(b);

    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 5;
    oai_json *page = NULL;
    assert_int_equal(
        oai_file_batches_list_files(&page, g_c, g_vs, g_batch, &lo, NULL),
        OAI_OK);
    assert_string_equal(oai_json_path_string(page, "data.0.id"), g_f2);
    char fpath[240];
    snprintf(fpath, sizeof fpath, "%s/files", path);
    r = res_expect("GET", fpath, 1);
    assert_string_equal(tu_emu_str(r, "raw_query"), "limit=5");
    cJSON_Delete(r);
    oai_json_free(page);

    assert_int_equal(oai_file_batches_cancel(&b, g_c, g_vs, g_batch, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(b, "id"), g_batch);
    char cpath[240];
    snprintf(cpath, sizeof cpath, "%s/cancel", path);
    cJSON_Delete(res_expect("POST", cpath, 1));
    oai_json_free(b);
}

static void search(void **state)
{
    (void)state;
    oai_json *p = res_json("{\"query\":\"some\",\"max_num_results\":3}"),
             *res = NULL;
    assert_int_equal(oai_vector_stores_search(&res, g_c, g_vs, p, NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(res, "object"),
                        "vector_store.search_results.page");
    char path[128];
    snprintf(path, sizeof path, "/vector_stores/%s/search", g_vs);
    cJSON *r = res_expect("POST", path, 1);
    assert_string_equal(res_body_str(r, "query"), "some");
    cJSON_Delete(r);
    oai_json_free(res);
    oai_json_free(p);
}

static void deletes(void **state)
{
    (void)state;
    oai_json *d = NULL;
    assert_int_equal(oai_vector_store_files_delete(&d, g_c, g_vs, g_f1, NULL),
                     OAI_OK);
    assert_true(oai_json_bool(oai_json_get(d, "deleted"), 0));
    char path[200];
    snprintf(path, sizeof path, "/vector_stores/%s/files/%s", g_vs, g_f1);
    cJSON_Delete(res_expect("DELETE", path, 1));
    oai_json_free(d);

    assert_int_equal(oai_vector_stores_delete(&d, g_c, g_vs, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(d, "object"),
                        "vector_store.deleted");
    snprintf(path, sizeof path, "/vector_stores/%s", g_vs);
    cJSON_Delete(res_expect("DELETE", path, 1));
    oai_json_free(d);
}

static void argument_checks(void **state)
{
    (void)state;
    oai_json *o = NULL, *p = res_json("{\"file_id\":\"file_1\"}");
    RES_EXPECT_EINVAL(
        oai_vector_stores_retrieve(&o, g_c, "", NULL),
        "Expected a non-empty value for `vector_store_id` but received ''");
    RES_EXPECT_EINVAL(oai_vector_stores_search(&o, g_c, "vs_1", NULL, NULL),
                      "`params`");
    RES_EXPECT_EINVAL(
        oai_vector_store_files_create(&o, g_c, "vs_1", "", NULL, NULL),
        "Expected a non-empty value for `file_id` but received ''");
    RES_EXPECT_EINVAL(
        oai_vector_store_files_create(&o, g_c, "vs_1", "file_1", p, NULL),
        "`file_id`");
    RES_EXPECT_EINVAL(
        oai_file_batches_retrieve(&o, g_c, "vs_1", "", NULL),
        "Expected a non-empty value for `batch_id` but received ''");
    RES_EXPECT_EINVAL(oai_file_batches_create(&o, g_c, "vs_1", NULL, NULL),
                      "`params`");
    RES_EXPECT_EINVAL(
        oai_vector_store_files_content(&o, g_c, "vs_1", NULL, NULL),
        "`file_id`");
    oai_json_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(store_create_retrieve_update),
        cmocka_unit_test(store_files),
        cmocka_unit_test(batches),
        cmocka_unit_test(search),
        cmocka_unit_test(deletes),
        cmocka_unit_test(argument_checks),
    };
    return cmocka_run_group_tests(tests, res_setup, res_teardown);
}
