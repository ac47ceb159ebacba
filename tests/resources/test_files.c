/* /files against oai-emulator: multipart uploads from memory and from a
 * path (no OpenAI-Beta), retrieve, list with purpose, content download to
 * a callback and to a file, delete, argument and file errors. */
#include <stdio.h>
#include <stdlib.h>

#include "res_common.h"

static char g_file[64];
static const char k_text[] = "line one\nline two\n";

static const cJSON *part(const cJSON *entry, const char *name)
{
    const cJSON *mp = cJSON_GetObjectItem(entry, "multipart");
    for (const cJSON *p = mp ? mp->child : NULL; p; p = p->next)
        if (!strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(p, "name")), name))
            return p;
    return NULL;
}

static void create_from_memory(void **state)
{
    (void)state;
    oai_json *f = NULL;
    assert_int_equal(oai_files_create(&f, g_c, &(oai_upload)OAI_UPLOAD_MEMORY("notes.txt", k_text, sizeof k_text - 1), "assistants", NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(f, "object"), "file");
    assert_string_equal(oai_json_path_string(f, "filename"), "notes.txt");
    assert_int_equal(oai_json_int(oai_json_get(f, "bytes"), -1),
                     (int64_t)sizeof k_text - 1);
    snprintf(g_file, sizeof g_file, "%s", oai_json_path_string(f, "id"));
    cJSON *r = res_expect("POST", "/files", 0);
    assert_non_null(strstr(tu_emu_header(r, "content-type"),
                           "multipart/form-data; boundary="));
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(part(r, "purpose"), "value")),
        "assistants");
    const cJSON *fp = part(r, "file");
    assert_non_null(fp);
    assert_string_equal(
        cJSON_GetStringValue(cJSON_GetObjectItem(fp, "filename")), "notes.txt");
    assert_int_equal((int)cJSON_GetNumberValue(cJSON_GetObjectItem(fp, "size")),
                     (int)sizeof k_text - 1);
    cJSON_Delete(r);
    oai_json_free(f);
}

static void create_from_path(void **state)
{
    (void)state;
    char path[512];
    tu_emu_path(&g_emu, "report.md", path, sizeof path);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    for (int i = 0; i < 1000; i++)
        fprintf(fp, "row %04d\n", i);
    fclose(fp);
    oai_json *f = NULL;
    assert_int_equal(
        oai_files_create(&f, g_c, &(oai_upload)OAI_UPLOAD_PATH(path), "assistants", NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(f, "filename"), "report.md");
    assert_int_equal(oai_json_int(oai_json_get(f, "bytes"), -1), 9000);
    cJSON *r = res_expect("POST", "/files", 0);
    assert_int_equal(
        (int)cJSON_GetNumberValue(cJSON_GetObjectItem(part(r, "file"), "size")),
        9000);
    cJSON_Delete(r);
    oai_json_free(f);

    /* an explicit filename replaces the path's last component */
    oai_upload u = OAI_UPLOAD_INIT;
    u.path = path;
    u.filename = "renamed.md";
    assert_int_equal(oai_files_create(&f, g_c, &u, "assistants", NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(f, "filename"), "renamed.md");
    cJSON_Delete(res_expect("POST", "/files", 0));
    oai_json_free(f);
}

static void retrieve_and_list(void **state)
{
    (void)state;
    oai_json *f = NULL;
    assert_int_equal(oai_files_retrieve(&f, g_c, g_file, NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(f, "id"), g_file);
    char path[128];
    snprintf(path, sizeof path, "/files/%s", g_file);
    cJSON_Delete(res_expect("GET", path, 0));
    oai_json_free(f);

    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.purpose = "assistants";
    lo.order = "asc";
    oai_json *page = NULL;
    assert_int_equal(oai_files_list(&page, g_c, &lo, NULL), OAI_OK);
    assert_int_equal(oai_json_size(oai_json_get(page, "data")), 3);
    assert_string_equal(oai_json_path_string(page, "data.0.id"), g_file);
    cJSON *r = res_expect("GET", "/files", 0);
    assert_string_equal(tu_emu_str(r, "raw_query"),
                        "order=asc&purpose=assistants");
    cJSON_Delete(r);
    oai_json_free(page);

    lo.purpose = "batch";
    assert_int_equal(oai_files_list(&page, g_c, &lo, NULL), OAI_OK);
    assert_int_equal(oai_json_size(oai_json_get(page, "data")), 0);
    cJSON_Delete(res_expect("GET", "/files", 0));
    oai_json_free(page);
}

typedef struct collect {
    char buf[256];
    size_t len;
    int calls;
} collect;

static int collect_cb(const void *data, size_t len, void *ud)
{
    collect *c = ud;
    assert_true(c->len + len < sizeof c->buf);
    memcpy(c->buf + c->len, data, len);
    c->len += len;
    c->calls++;
    return 0;
}

static int stop_cb(const void *data, size_t len, void *ud)
{
    (void)data;
    (void)len;
    (void)ud;
    return 1;
}

static void content(void **state)
{
    (void)state;
    collect col = {{0}, 0, 0};
    assert_int_equal(oai_files_content(g_c, g_file, collect_cb, &col, NULL),
                     OAI_OK);
    assert_int_equal(col.len, sizeof k_text - 1);
    assert_memory_equal(col.buf, k_text, col.len);
    char path[128];
    snprintf(path, sizeof path, "/files/%s/content", g_file);
    cJSON_Delete(res_expect("GET", path, 0));

    char out[512];
    tu_emu_path(&g_emu, "downloaded.txt", out, sizeof out);
    assert_int_equal(oai_files_content_to_path(g_c, g_file, out, NULL), OAI_OK);
    size_t n = 0;
    char *got = tu_read_file(out, &n);
    assert_non_null(got);
    assert_int_equal(n, sizeof k_text - 1);
    assert_memory_equal(got, k_text, n);
    free(got);
    cJSON_Delete(res_expect("GET", path, 0));

    assert_int_equal(oai_files_content(g_c, g_file, stop_cb, NULL, NULL),
                     OAI_EUSER);
    cJSON_Delete(tu_emu_last(&g_emu));

    /* an error status never reaches the callback */
    col.len = 0;
    col.calls = 0;
    assert_int_equal(
        oai_files_content(g_c, "file-missing", collect_cb, &col, NULL),
        OAI_ENOTFOUND);
    assert_int_equal(col.calls, 0);
    assert_int_equal(oai_client_last_error(g_c)->http_status, 404);
    cJSON_Delete(tu_emu_last(&g_emu));

    assert_int_equal(
        oai_files_content_to_path(g_c, g_file, "/nonexistent/dir/x", NULL),
        OAI_EFILE);
    assert_non_null(
        strstr(oai_client_last_error(g_c)->message, "/nonexistent/dir/x"));
}

static void delete_(void **state)
{
    (void)state;
    oai_json *d = NULL;
    assert_int_equal(oai_files_delete(&d, g_c, g_file, NULL), OAI_OK);
    assert_true(oai_json_bool(oai_json_get(d, "deleted"), 0));
    assert_string_equal(oai_json_path_string(d, "id"), g_file);
    char path[128];
    snprintf(path, sizeof path, "/files/%s", g_file);
    cJSON_Delete(res_expect("DELETE", path, 0));
    oai_json_free(d);
}

static void argument_checks(void **state)
{
    (void)state;
    oai_json *f = NULL;
    RES_EXPECT_EINVAL(
        oai_files_create(&f, g_c, &(oai_upload)OAI_UPLOAD_MEMORY("", "x", 1), "assistants", NULL),
        "`file.filename`");
    RES_EXPECT_EINVAL(
        oai_files_create(&f, g_c, &(oai_upload)OAI_UPLOAD_MEMORY("a.txt", "x", 1), "", NULL),
        "Expected a non-empty value for `purpose` but received ''");
    RES_EXPECT_EINVAL(oai_files_create(&f, g_c, &(oai_upload)OAI_UPLOAD_MEMORY("a.txt", NULL, 5), "assistants", NULL),
                      "`file.data`");
    RES_EXPECT_EINVAL(oai_files_create(&f, g_c, NULL, "assistants", NULL),
                      "`file`");
    RES_EXPECT_EINVAL(
        oai_files_retrieve(&f, g_c, "", NULL),
        "Expected a non-empty value for `file_id` but received ''");
    RES_EXPECT_EINVAL(oai_files_content(g_c, "file_1", NULL, NULL, NULL),
                      "write callback");
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.before = "file_1"; /* /files has no `before` */
    RES_EXPECT_EINVAL(oai_files_list(&f, g_c, &lo, NULL), "`before`");

    tu_emu_mark(&g_emu);
    assert_int_equal(oai_files_create(&f, g_c, &(oai_upload)OAI_UPLOAD_PATH("/nonexistent/a.pdf"), "assistants", NULL),
                     OAI_EFILE);
    assert_non_null(
        strstr(oai_client_last_error(g_c)->message, "'/nonexistent/a.pdf'"));
    assert_int_equal(
        oai_files_create(&f, g_c, &(oai_upload)OAI_UPLOAD_PATH("/tmp"), "assistants", NULL),
        OAI_EFILE);
    cJSON *after = tu_emu_log(&g_emu, 0);
    assert_int_equal((size_t)cJSON_GetArraySize(after), g_emu.mark);
    cJSON_Delete(after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_from_memory),
        cmocka_unit_test(create_from_path),
        cmocka_unit_test(retrieve_and_list),
        cmocka_unit_test(content),
        cmocka_unit_test(delete_),
        cmocka_unit_test(argument_checks),
    };
    return cmocka_run_group_tests(tests, res_setup, res_teardown);
}
