/* Multipart uploads (file streamed from disk, in-memory parts), downloads to
 * a sink, and the sink's abort. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static const char *make_file(char *path, size_t cap, const char *content, size_t len)
{
    snprintf(path, cap, "%s/oai-upload-%d-XXXXXX", "/tmp", (int)getpid());
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, len), (ssize_t)len);
    close(fd);
    return path;
}

static int contains(const char *hay, size_t n, const char *needle)
{
    size_t l = strlen(needle);
    for (size_t i = 0; i + l <= n; i++)
        if (memcmp(hay + i, needle, l) == 0)
            return 1;
    return 0;
}

static void multipart_upload(void **state)
{
    ts_server *s = *state;
    /* 200 KiB of file data so the body is sent in many pieces */
    size_t len = 200 * 1024;
    char *data = malloc(len);
    for (size_t i = 0; i < len; i++)
        data[i] = (char)('a' + i % 26);
    memcpy(data, "BEGIN", 5);
    memcpy(data + len - 3, "END", 3);
    char path[256];
    make_file(path, sizeof path, data, len);

    ts_reply e = {.status = 500, .headers = "retry-after-ms: 10\r\n"};
    ts_reply ok = {.status = 200, .body = "{\"id\":\"file_1\",\"object\":\"file\"}"};
    ts_push(s, &e);
    ts_push(s, &ok);
    oai_client *c = http_client(s, OAI_RETRIES_DEFAULT);
    oai__http_part parts[] = {
        {.name = "purpose", .data = "assistants", .data_len = (size_t)-1},
        {.name = "file", .file_path = path, .filename = "notes.txt", .content_type = "text/plain"},
    };
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.path = "/files";
    spec.parts = parts;
    spec.n_parts = 2;
    cJSON *j = NULL;
    assert_int_equal(oai__http_json(&j, c, &spec), OAI_OK);
    assert_string_equal(cJSON_GetObjectItem(j, "id")->valuestring, "file_1");
    cJSON_Delete(j);

    /* both attempts carried the whole file (re-read from disk on retry) */
    assert_int_equal(ts_nrequests(s), 2);
    for (int i = 0; i < 2; i++) {
        const ts_request *q = ts_request_at(s, i);
        assert_string_equal(q->method, "POST");
        assert_string_equal(q->target, "/v1/files");
        const char *ct = ts_req_header(q, "Content-Type");
        assert_non_null(ct);
        assert_true(strncmp(ct, "multipart/form-data; boundary=", 30) == 0);
        assert_null(ts_req_header(q, "OpenAI-Beta"));
        assert_string_equal(ts_req_header(q, "Accept"), "application/json");
        assert_true(q->body_len > len);
        assert_true(contains(q->body, q->body_len, "name=\"purpose\""));
        assert_true(contains(q->body, q->body_len, "\r\n\r\nassistants\r\n"));
        assert_true(contains(q->body, q->body_len, "name=\"file\"; filename=\"notes.txt\""));
        assert_true(contains(q->body, q->body_len, "Content-Type: text/plain"));
        assert_true(contains(q->body, q->body_len, "\r\n\r\nBEGINfghij"));
        assert_true(contains(q->body, q->body_len, "END\r\n--"));
    }
    oai_client_free(c);
    unlink(path);
    free(data);
}

static void upload_default_filename_and_memory_file(void **state)
{
    ts_server *s = *state;
    char path[256];
    make_file(path, sizeof path, "x", 1);
    ts_reply ok = {.status = 200, .body = "{}"};
    ts_push(s, &ok);
    ts_push(s, &ok);
    oai_client *c = http_client(s, 0);
    oai__http_part p1[] = {{.name = "file", .file_path = path}};
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.path = "/files";
    spec.parts = p1;
    spec.n_parts = 1;
    cJSON *j = NULL;
    assert_int_equal(oai__http_json(&j, c, &spec), OAI_OK);
    cJSON_Delete(j);
    const char *base = strrchr(path, '/') + 1;
    char want[300];
    snprintf(want, sizeof want, "filename=\"%s\"", base);
    const ts_request *q = ts_request_at(s, 0);
    assert_true(contains(q->body, q->body_len, want));

    static const char bin[] = {'a', '\0', 'b'};
    oai__http_part p2[] = {{.name = "file", .data = bin, .data_len = 3, .filename = "b.bin"}};
    spec.parts = p2;
    assert_int_equal(oai__http_json(&j, c, &spec), OAI_OK);
    cJSON_Delete(j);
    q = ts_request_at(s, 1);
    assert_true(contains(q->body, q->body_len, "filename=\"b.bin\""));
    assert_true(q->body_len > 3);
    int found = 0;
    for (size_t i = 0; i + 3 <= q->body_len; i++)
        found |= memcmp(q->body + i, bin, 3) == 0;
    assert_true(found);
    oai_client_free(c);
    unlink(path);
}

static void upload_missing_file(void **state)
{
    ts_server *s = *state;
    oai_client *c = http_client(s, 0);
    oai__http_part p[] = {{.name = "file", .file_path = "/nonexistent/dir/none.txt"}};
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.path = "/files";
    spec.parts = p;
    spec.n_parts = 1;
    cJSON *j = NULL;
    assert_int_equal(oai__http_json(&j, c, &spec), OAI_EFILE);
    assert_non_null(strstr(oai_client_last_error(c)->message, "/nonexistent/dir/none.txt"));
    oai__http_part bad[] = {{.name = "file"}};
    spec.parts = bad;
    assert_int_equal(oai__http_json(&j, c, &spec), OAI_EINVAL);
    assert_int_equal(ts_nrequests(s), 0);
    oai_client_free(c);
}

typedef struct sink_state {
    char *buf;
    size_t len, calls, stop_after;
} sink_state;

static int sink(const char *data, size_t len, void *ud)
{
    sink_state *st = ud;
    st->buf = realloc(st->buf, st->len + len + 1);
    memcpy(st->buf + st->len, data, len);
    st->len += len;
    st->calls++;
    return st->stop_after && st->calls >= st->stop_after ? 1 : 0;
}

static void download_to_sink(void **state)
{
    ts_server *s = *state;
    size_t len = 300 * 1024;
    char *data = malloc(len);
    for (size_t i = 0; i < len; i++)
        data[i] = (char)(i * 7);
    ts_reply r = {.status = 200, .headers = "Content-Type: application/octet-stream\r\n",
                  .body = data, .body_len = len, .pause_at = 1000, .pause_ms = 100};
    ts_push(s, &r);
    oai_client *c = http_client(s, OAI_RETRIES_DEFAULT);
    sink_state st = {0};
    oai__http_spec spec = OAI__HTTP_SPEC_INIT;
    spec.path = "/files/file_1/content";
    spec.sink = sink;
    spec.sink_user_data = &st;
    oai__http_response resp;
    assert_int_equal(oai__http_request(&resp, c, &spec), OAI_OK);
    assert_int_equal(resp.status, 200);
    assert_null(resp.body);
    assert_string_equal(oai__http_response_header(&resp, "content-type"),
                        "application/octet-stream");
    oai__http_response_clear(&resp);
    assert_int_equal(st.len, len);
    assert_memory_equal(st.buf, data, len);
    assert_true(st.calls >= 2);
    free(st.buf);

    /* an error status is not delivered to the sink but parsed */
    ts_reply nf = {.status = 404, .body = "{\"error\":{\"message\":\"No such File object\"}}"};
    ts_push(s, &nf);
    sink_state st2 = {0};
    spec.sink_user_data = &st2;
    assert_int_equal(oai__http_request(&resp, c, &spec), OAI_ENOTFOUND);
    assert_int_equal(resp.status, 404);
    oai__http_response_clear(&resp);
    assert_int_equal(st2.len, 0);
    assert_string_equal(oai_client_last_error(c)->message, "404 No such File object");

    /* the sink stops the transfer: OAI_EUSER, no retry */
    ts_push(s, &r);
    sink_state st3 = {.stop_after = 1};
    spec.sink_user_data = &st3;
    int before = ts_nrequests(s);
    assert_int_equal(oai__http_request(&resp, c, &spec), OAI_EUSER);
    oai__http_response_clear(&resp);
    assert_int_equal(ts_nrequests(s), before + 1);
    free(st3.buf);
    oai_client_free(c);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(multipart_upload, setup, teardown),
        cmocka_unit_test_setup_teardown(upload_default_filename_and_memory_file, setup, teardown),
        cmocka_unit_test_setup_teardown(upload_missing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(download_to_sink, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
