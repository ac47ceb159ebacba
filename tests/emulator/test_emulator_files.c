/* oai-emulator: files (multipart), vector stores, vector-store files with
 * asynchronous ingestion, file batches, search. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu_harness.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static emu_proc P;

static int setup(void **state)
{
    (void)state;
    static const char *const args[] = {"--file-process-ms", "60", NULL};
    emu_start(&P, args);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(emu_stop(&P), 0);
    return 0;
}

static void test_files(void **state)
{
    (void)state;
    const char *txt = "hello file\nsecond line\n";
    cJSON *f = emu_upload(&P, "notes.txt", txt, strlen(txt), "assistants", 200);
    assert_string_equal(jstr(f, "object"), "file");
    assert_memory_equal(jstr(f, "id"), "file-", 5);
    assert_string_equal(jstr(f, "purpose"), "assistants");
    assert_string_equal(jstr(f, "filename"), "notes.txt");
    assert_int_equal(jnum(f, "bytes"), strlen(txt));
    assert_string_equal(jstr(f, "status"), "processed");
    cJSON *f2 = emu_upload(&P, "data.jsonl", "{}\n", 3, "batch", 200);
    /* a client that quotes the boundary (the .NET SDK does) */
    const char *raw = "--b0undary=X\r\nContent-Disposition: form-data; name=purpose\r\n\r\nvision\r\n"
                      "--b0undary=X\r\nContent-Disposition: form-data; name=file; filename=\"pic.png\"\r\n"
                      "Content-Type: image/png\r\n\r\nPNGDATA\r\n--b0undary=X--\r\n";
    static const char *const mh[] = {"Content-Type: multipart/form-data; boundary=\"b0undary=X\"", NULL};
    http_res r;
    emu_http(&P, "POST", "/files", raw, mh, &r);
    assert_int_equal(r.status, 200);
    cJSON *f3 = cJSON_Parse(r.body);
    assert_string_equal(jstr(f3, "filename"), "pic.png");
    assert_int_equal(jnum(f3, "bytes"), 7);
    assert_string_equal(jstr(f3, "purpose"), "vision");
    http_res_free(&r);

    /* errors */
    cJSON *e = emu_upload(&P, "x.txt", "x", 1, NULL, 400);
    assert_string_equal(jstr(cJSON_GetObjectItem(e, "error"), "param"), "purpose");
    cJSON_Delete(e);
    e = emu_upload(&P, NULL, NULL, 0, "assistants", 400);
    assert_string_equal(jstr(cJSON_GetObjectItem(e, "error"), "param"), "file");
    cJSON_Delete(e);
    e = emu_upload(&P, "x.txt", "x", 1, "nonsense", 400);
    cJSON_Delete(e);

    char path[200];
    snprintf(path, sizeof path, "/files/%s", jstr(f, "id"));
    cJSON *g = emu_call(&P, "GET", path, NULL, 200);
    assert_string_equal(jstr(g, "filename"), "notes.txt");
    snprintf(path, sizeof path, "/files/%s/content", jstr(f, "id"));
    emu_http(&P, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.len, strlen(txt));
    assert_memory_equal(r.body, txt, r.len);
    http_res_free(&r);

    cJSON *l = emu_call(&P, "GET", "/files?purpose=batch", NULL, 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(l, "data")), 1);
    assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "data"), 0), "id"), jstr(f2, "id"));
    cJSON_Delete(l);
    l = emu_call(&P, "GET", "/files?order=asc&limit=2", NULL, 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(l, "data")), 2);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(l, "has_more")));
    cJSON_Delete(l);

    snprintf(path, sizeof path, "/files/%s", jstr(f2, "id"));
    cJSON *d = emu_call(&P, "DELETE", path, NULL, 200);
    assert_string_equal(jstr(d, "object"), "file");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "deleted")));
    emu_http(&P, "GET", path, NULL, NULL, &r);
    assert_int_equal(r.status, 404);
    cJSON *nf = cJSON_Parse(r.body);
    char want[128];
    snprintf(want, sizeof want, "No such File object: %s", jstr(f2, "id"));
    assert_string_equal(jstr(cJSON_GetObjectItem(nf, "error"), "message"), want);
    assert_string_equal(jstr(cJSON_GetObjectItem(nf, "error"), "param"), "id");
    cJSON_Delete(nf);
    http_res_free(&r);
    cJSON *objs[] = {f, f2, f3, g, d};
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++)
        cJSON_Delete(objs[i]);
}

static void check_counts(const cJSON *o, int in_progress, int completed, int failed, int cancelled)
{
    cJSON *c = cJSON_GetObjectItem(o, "file_counts");
    assert_int_equal(jnum(c, "in_progress"), in_progress);
    assert_int_equal(jnum(c, "completed"), completed);
    assert_int_equal(jnum(c, "failed"), failed);
    assert_int_equal(jnum(c, "cancelled"), cancelled);
    assert_int_equal(jnum(c, "total"), in_progress + completed + failed + cancelled);
}

static void test_vector_stores_and_files(void **state)
{
    (void)state;
    cJSON *good = emu_upload(&P, "good.txt", "apples and pears", 16, "assistants", 200);
    cJSON *bad = emu_upload(&P, "bad.txt", "broken #fail file", 17, "assistants", 200);
    cJSON *vs = emu_callf(&P, "POST", "/vector_stores", 200, "{\"name\":\"kb\",\"file_ids\":[\"%s\"],\"metadata\":{\"a\":\"1\"}}",
                          jstr(good, "id"));
    assert_string_equal(jstr(vs, "object"), "vector_store");
    assert_memory_equal(jstr(vs, "id"), "vs_", 3);
    assert_string_equal(jstr(vs, "status"), "in_progress");
    check_counts(vs, 1, 0, 0, 0);
    char vpath[128], path[256];
    snprintf(vpath, sizeof vpath, "/vector_stores/%s", jstr(vs, "id"));
    cJSON *done = emu_wait_field(&P, vpath, "status", "completed", 5000);
    check_counts(done, 0, 1, 0, 0);
    assert_int_equal(jnum(done, "usage_bytes"), 16);
    cJSON_Delete(done);

    /* add the failing file: in_progress, then failed with last_error */
    snprintf(path, sizeof path, "%s/files", vpath);
    cJSON *vf = emu_callf(&P, "POST", path, 200, "{\"file_id\":\"%s\"}", jstr(bad, "id"));
    assert_string_equal(jstr(vf, "object"), "vector_store.file");
    assert_string_equal(jstr(vf, "status"), "in_progress");
    assert_string_equal(jstr(vf, "id"), jstr(bad, "id"));
    assert_string_equal(jstr(vf, "vector_store_id"), jstr(vs, "id"));
    snprintf(path, sizeof path, "%s/files/%s", vpath, jstr(bad, "id"));
    http_res r;
    emu_http(&P, "GET", path, NULL, NULL, &r);
    char v[32];
    assert_non_null(http_header(&r, "openai-poll-after-ms", v, sizeof v));
    http_res_free(&r);
    cJSON *failed = emu_wait_field(&P, path, "status", "failed", 5000);
    assert_non_null(jstr(cJSON_GetObjectItem(failed, "last_error"), "code"));
    cJSON_Delete(failed);
    cJSON *vs2 = emu_call(&P, "GET", vpath, NULL, 200);
    check_counts(vs2, 0, 1, 1, 0);
    cJSON_Delete(vs2);
    snprintf(path, sizeof path, "%s/files?filter=failed", vpath);
    cJSON *l = emu_call(&P, "GET", path, NULL, 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(l, "data")), 1);
    cJSON_Delete(l);
    snprintf(path, sizeof path, "%s/files?filter=weird", vpath);
    cJSON_Delete(emu_call(&P, "GET", path, NULL, 400));
    /* attributes update, delete */
    snprintf(path, sizeof path, "%s/files/%s", vpath, jstr(good, "id"));
    cJSON *u = emu_call(&P, "POST", path, "{\"attributes\":{\"lang\":\"en\"}}", 200);
    assert_string_equal(jstr(cJSON_GetObjectItem(u, "attributes"), "lang"), "en");
    cJSON_Delete(u);
    /* search finds the completed file */
    snprintf(path, sizeof path, "%s/search", vpath);
    cJSON *s = emu_call(&P, "POST", path, "{\"query\":\"pears\"}", 200);
    assert_string_equal(jstr(s, "object"), "vector_store.search_results.page");
    cJSON *hit = cJSON_GetArrayItem(cJSON_GetObjectItem(s, "data"), 0);
    assert_string_equal(jstr(hit, "file_id"), jstr(good, "id"));
    assert_string_equal(jstr(hit, "filename"), "good.txt");
    assert_true(jnum(hit, "score") > 0);
    cJSON_Delete(s);
    s = emu_call(&P, "POST", path, "{\"query\":\"zebra\"}", 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(s, "data")), 0);
    cJSON_Delete(s);
    cJSON_Delete(emu_call(&P, "POST", path, "{}", 400));

    snprintf(path, sizeof path, "%s/files/%s", vpath, jstr(bad, "id"));
    cJSON *d = emu_call(&P, "DELETE", path, NULL, 200);
    assert_string_equal(jstr(d, "object"), "vector_store.file.deleted");
    cJSON_Delete(d);
    cJSON_Delete(emu_call(&P, "GET", path, NULL, 404));
    vs2 = emu_call(&P, "GET", vpath, NULL, 200);
    check_counts(vs2, 0, 1, 0, 0);
    cJSON_Delete(vs2);

    /* update, list, delete the store */
    cJSON *up = emu_call(&P, "POST", vpath, "{\"name\":\"kb2\"}", 200);
    assert_string_equal(jstr(up, "name"), "kb2");
    cJSON_Delete(up);
    l = emu_call(&P, "GET", "/vector_stores", NULL, 200);
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(l, "data")) >= 1);
    cJSON_Delete(l);
    d = emu_call(&P, "DELETE", vpath, NULL, 200);
    assert_string_equal(jstr(d, "object"), "vector_store.deleted");
    cJSON_Delete(d);
    emu_http(&P, "GET", vpath, NULL, NULL, &r);
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(r.body, "No vector store found with id"));
    http_res_free(&r);
    cJSON_Delete(good);
    cJSON_Delete(bad);
    cJSON_Delete(vs);
    cJSON_Delete(vf);
}

static void test_file_batches(void **state)
{
    (void)state;
    cJSON *a = emu_upload(&P, "a.txt", "alpha", 5, "assistants", 200);
    cJSON *b = emu_upload(&P, "b.txt", "beta", 4, "assistants", 200);
    cJSON *c = emu_upload(&P, "c.txt", "#fail gamma", 11, "assistants", 200);
    cJSON *vs = emu_call(&P, "POST", "/vector_stores", "{\"name\":\"batches\"}", 200);
    char path[256];
    snprintf(path, sizeof path, "/vector_stores/%s/file_batches", jstr(vs, "id"));
    cJSON *batch = emu_callf(&P, "POST", path, 200, "{\"file_ids\":[\"%s\",\"%s\"],\"files\":[{\"file_id\":\"%s\"}]}",
                             jstr(a, "id"), jstr(b, "id"), jstr(c, "id"));
    assert_string_equal(jstr(batch, "object"), "vector_store.file_batch");
    assert_memory_equal(jstr(batch, "id"), "vsfb_", 5);
    assert_string_equal(jstr(batch, "status"), "in_progress");
    assert_string_equal(jstr(batch, "vector_store_id"), jstr(vs, "id"));
    check_counts(batch, 3, 0, 0, 0);
    char bpath[300];
    snprintf(bpath, sizeof bpath, "%s/%s", path, jstr(batch, "id"));
    cJSON *fin = emu_wait_field(&P, bpath, "status", "completed", 5000);
    check_counts(fin, 0, 2, 1, 0);
    cJSON_Delete(fin);
    char fpath[400];
    snprintf(fpath, sizeof fpath, "%s/files?order=asc", bpath);
    cJSON *l = emu_call(&P, "GET", fpath, NULL, 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(l, "data")), 3);
    cJSON_Delete(l);
    snprintf(fpath, sizeof fpath, "%s/files?filter=failed", bpath);
    l = emu_call(&P, "GET", fpath, NULL, 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(l, "data")), 1);
    assert_string_equal(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(l, "data"), 0), "id"), jstr(c, "id"));
    cJSON_Delete(l);
    /* cancelling a finished batch is refused; a fresh one can be cancelled */
    snprintf(fpath, sizeof fpath, "%s/cancel", bpath);
    cJSON_Delete(emu_call(&P, "POST", fpath, NULL, 400));
    cJSON *b2 = emu_callf(&P, "POST", path, 200, "{\"file_ids\":[\"%s\"]}", jstr(a, "id"));
    snprintf(bpath, sizeof bpath, "%s/%s", path, jstr(b2, "id"));
    snprintf(fpath, sizeof fpath, "%s/cancel", bpath);
    cJSON *cn = emu_call(&P, "POST", fpath, NULL, 200);
    assert_string_equal(jstr(cn, "status"), "cancelling");
    check_counts(cn, 0, 0, 0, 1);
    cJSON_Delete(cn);
    cJSON_Delete(emu_wait_field(&P, bpath, "status", "cancelled", 5000));
    /* errors */
    cJSON_Delete(emu_call(&P, "POST", path, "{}", 400));
    cJSON_Delete(emu_call(&P, "POST", path, "{\"file_ids\":[\"file-missing\"]}", 404));
    snprintf(fpath, sizeof fpath, "%s/vsfb_missing", path);
    cJSON_Delete(emu_call(&P, "GET", fpath, NULL, 404));
    cJSON *objs[] = {a, b, c, vs, batch, b2};
    for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++)
        cJSON_Delete(objs[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_vector_stores_and_files),
        cmocka_unit_test(test_file_batches),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
