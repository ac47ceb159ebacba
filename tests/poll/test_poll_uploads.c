/* Batch upload-and-poll against the scripted loopback server, which records
 * when each request arrived and answers each after a fixed delay, so the
 * uploads in flight can be counted on the server side: never more than
 * max_concurrency, and that many are reached. Also: uploaded ids in input
 * order after the given ones (DEV-10), no batch when an upload fails (the
 * lowest input position's error, naming the file), unreadable files
 * rejected before any request, cancellation during uploads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "upload_server.h"

#define UPLOAD_DELAY_MS 200

/* The multipart filename of an upload request. */
static const char *filename_of(const ts_request *r, char *buf, size_t cap)
{
    const char *p = strstr(r->body, "filename=\"");
    assert_non_null(p);
    p += 10;
    size_t n = strcspn(p, "\"");
    assert_true(n < cap);
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

static void concurrency_and_order(void **state)
{
    (void)state;
    enum { N = 8, MAXC = 3 };
    static const char *const names[N] = {"f0.txt", "f1.txt", "f2.txt",
                                         "f3.txt", "f4.txt", "f5.txt",
                                         "f6.txt", "f7.txt"};
    oai_upload files[N];
    for (int i = 0; i < N; i++)
        files[i] = mem_file(names[i]);
    push_uploads(N, -1, -1, UPLOAD_DELAY_MS);
    ts_reply create = {.status = 200,
                       .body = "{\"id\":\"vsfb_1\",\"status\":\"in_progress\","
                               "\"file_counts\":{\"in_progress\":1}}"};
    ts_push(g_s, &create);
    ts_reply done = {
        .status = 200,
        .body = "{\"id\":\"vsfb_1\",\"status\":\"completed\","
                "\"file_counts\":{\"in_progress\":0,\"completed\":9}}"};
    ts_push(g_s, &done);

    const char *given[] = {"pre"};
    oai_json *params = NULL, *batch = NULL;
    assert_int_equal(
        oai_json_parse_cstr(&params,
                            "{\"chunking_strategy\":{\"type\":\"auto\"}}"),
        OAI_OK);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.max_concurrency = MAXC;
    int64_t t0 = ts_now_ms();
    assert_int_equal(oai_file_batches_upload_and_poll(
                         &batch, g_c, "vs_1", files, N, given, 1, params, &po),
                     OAI_OK);
    int64_t took = ts_now_ms() - t0;
    assert_string_equal(oai_json_path_string(batch, "status"), "completed");
    oai_json_free(batch);
    oai_json_free(params);
    assert_int_equal(ts_nrequests(g_s), N + 2);
    /* three waves of uploads, each answered after the delay */
    assert_true(took >= 3 * UPLOAD_DELAY_MS - 10);

    /* server side: in flight = from arrival until the answer */
    int max_overlap = 0;
    for (int i = 0; i < N; i++) {
        int64_t at = ts_request_at(g_s, i)->at_ms;
        int overlap = 0;
        for (int j = 0; j < N; j++) {
            int64_t s = ts_request_at(g_s, j)->at_ms;
            if (s <= at && at < s + UPLOAD_DELAY_MS)
                overlap++;
        }
        if (overlap > max_overlap)
            max_overlap = overlap;
        const ts_request *r = ts_request_at(g_s, i);
        assert_string_equal(r->method, "POST");
        assert_string_equal(r->target, "/v1/files");
        assert_null(ts_req_header(r, "OpenAI-Beta"));
        assert_non_null(
            strstr(ts_req_header(r, "Content-Type"), "multipart/form-data"));
        assert_non_null(
            strstr(r->body, "name=\"purpose\"\r\n\r\nassistants\r\n"));
    }
    assert_true(max_overlap <= MAXC);
    assert_int_equal(max_overlap, MAXC);

    /* the batch: given id, then uploaded ids in input order (DEV-10) */
    char expect[512] = "{\"file_ids\":[\"pre\"";
    for (int f = 0; f < N; f++) {
        for (int k = 0; k < N; k++) {
            char fn[64];
            if (strcmp(filename_of(ts_request_at(g_s, k), fn, sizeof fn),
                       names[f]) == 0) {
                char id[32];
                snprintf(id, sizeof id, ",\"file-%d\"", k);
                strcat(expect, id);
            }
        }
    }
    strcat(expect, "],\"chunking_strategy\":{\"type\":\"auto\"}}");
    const ts_request *cr = ts_request_at(g_s, N);
    assert_string_equal(cr->target, "/v1/vector_stores/vs_1/file_batches");
    assert_string_equal(cr->body, expect);
    assert_string_equal(ts_req_header(cr, "OpenAI-Beta"), "assistants=v2");
    const ts_request *gr = ts_request_at(g_s, N + 1);
    assert_string_equal(gr->target,
                        "/v1/vector_stores/vs_1/file_batches/vsfb_1");
    assert_string_equal(ts_req_header(gr, "X-Stainless-Poll-Helper"), "true");
}

static void default_concurrency_is_five(void **state)
{
    (void)state;
    enum { N = 7 };
    oai_upload files[N];
    for (int i = 0; i < N; i++)
        files[i] = mem_file("x.txt");
    push_uploads(N, -1, -1, UPLOAD_DELAY_MS);
    ts_reply done = {
        .status = 200,
        .body = "{\"id\":\"vsfb_1\",\"file_counts\":{\"in_progress\":0}}"};
    ts_push(g_s, &done);
    ts_push(g_s, &done);
    oai_json *batch = NULL;
    assert_int_equal(oai_file_batches_upload_and_poll(
                         &batch, g_c, "vs_1", files, N, NULL, 0, NULL, NULL),
                     OAI_OK);
    oai_json_free(batch);
    int max_overlap = 0;
    for (int i = 0; i < N; i++) {
        int overlap = 0;
        for (int j = 0; j < N; j++) {
            int64_t s = ts_request_at(g_s, j)->at_ms,
                    at = ts_request_at(g_s, i)->at_ms;
            overlap += s <= at && at < s + UPLOAD_DELAY_MS;
        }
        max_overlap = overlap > max_overlap ? overlap : max_overlap;
    }
    assert_int_equal(max_overlap, 5);
}

/* Sequential uploads (max_concurrency 1) make the failing one known: the
 * second file fails, the third is still uploaded, no batch is created. */
static void failed_upload_creates_no_batch(void **state)
{
    (void)state;
    oai_upload files[3] = {mem_file("a.txt"), mem_file("b.txt"),
                           mem_file("c.txt")};
    push_uploads(3, 1, 1, UPLOAD_DELAY_MS);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.max_concurrency = 1;
    oai_json *batch = (oai_json *)1;
    assert_int_equal(oai_file_batches_upload_and_poll(
                         &batch, g_c, "vs_1", files, 3, NULL, 0, NULL, &po),
                     OAI_EBADREQUEST);
    assert_null(batch);
    assert_true(ts_wait_requests(g_s, 3, 2000));
    assert_int_equal(ts_nrequests(g_s), 3); /* all uploads, no batch */
    const oai_error *e = oai_client_last_error(g_c);
    assert_int_equal(e->http_status, 400);
    assert_string_equal(
        e->message,
        "upload of files[1] 'b.txt' failed: 400 Invalid file format.");
    assert_string_equal(e->param, "file");
}

/* Two failures at once: the lowest input position's error is returned,
 * whatever the completion order. */
static void lowest_position_error_wins(void **state)
{
    (void)state;
    enum { N = 4 };
    oai_upload files[N] = {mem_file("a.txt"), mem_file("b.txt"),
                           mem_file("c.txt"), mem_file("d.txt")};
    push_uploads(N, 1, 2, UPLOAD_DELAY_MS); /* the 2nd and 3rd arrivals fail */
    oai_json *batch = NULL;
    assert_int_equal(oai_file_batches_upload_and_poll(
                         &batch, g_c, "vs_1", files, N, NULL, 0, NULL, NULL),
                     OAI_EBADREQUEST);
    assert_int_equal(ts_nrequests(g_s), N);
    /* which files got the failing answers */
    char lowest[160] = "";
    for (int pos = 0; pos < N && !lowest[0]; pos++) {
        for (int k = 1; k <= 2; k++) {
            char fn[64];
            if (strcmp(filename_of(ts_request_at(g_s, k), fn, sizeof fn),
                       files[pos].filename) == 0)
                snprintf(lowest, sizeof lowest,
                         "upload of files[%d] '%s' failed", pos, fn);
        }
    }
    assert_non_null(strstr(oai_client_last_error(g_c)->message, lowest));
}

static void unreadable_file_before_any_request(void **state)
{
    (void)state;
    oai_upload files[2] = {mem_file("a.txt"), OAI_UPLOAD_INIT};
    files[1].path = "/nonexistent/dir/report.pdf";
    oai_json *batch = NULL;
    assert_int_equal(oai_file_batches_upload_and_poll(
                         &batch, g_c, "vs_1", files, 2, NULL, 0, NULL, NULL),
                     OAI_EFILE);
    assert_non_null(strstr(oai_client_last_error(g_c)->message,
                           "/nonexistent/dir/report.pdf"));
    assert_non_null(strstr(oai_client_last_error(g_c)->message, "files[1]"));
    assert_int_equal(ts_nrequests(g_s), 0);
}

static int cancel_on_first_upload_report(const oai_poll_progress *p, void *ud)
{
    (void)ud;
    return p->phase == OAI_POLL_PHASE_UPLOAD && p->upload_done;
}

static void progress_cancels_uploads(void **state)
{
    (void)state;
    oai_upload files[4] = {mem_file("a.txt"), mem_file("b.txt"),
                           mem_file("c.txt"), mem_file("d.txt")};
    push_uploads(4, -1, -1, UPLOAD_DELAY_MS);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.max_concurrency = 1;
    po.progress = cancel_on_first_upload_report;
    oai_json *batch = NULL;
    assert_int_equal(oai_file_batches_upload_and_poll(
                         &batch, g_c, "vs_1", files, 4, NULL, 0, NULL, &po),
                     OAI_ECANCELLED);
    assert_null(batch);
    assert_int_equal(ts_nrequests(g_s), 1);
}

static void *trigger_later(void *tok)
{
    struct timespec ts = {0, 60 * 1000000L};
    nanosleep(&ts, NULL);
    oai_cancel_trigger(tok);
    return NULL;
}

/* A token set while several uploads are in flight aborts them all at
 * once: no batch, no wait for the slow answers. */
static void cancel_with_uploads_in_flight(void **state)
{
    (void)state;
    oai_upload files[3] = {mem_file("a.txt"), mem_file("b.txt"),
                           mem_file("c.txt")};
    for (int k = 0; k < 3; k++) {
        ts_reply r = {
            .status = 200, .body = "{\"id\":\"file-x\"}", .delay_ms = 3000};
        ts_push(g_s, &r);
    }
    oai_cancel *tok = NULL;
    assert_int_equal(oai_cancel_new(&tok), OAI_OK);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.cancel = tok;
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, trigger_later, tok), 0);
    int64_t t0 = ts_now_ms();
    oai_json *batch = NULL;
    assert_int_equal(oai_file_batches_upload_and_poll(
                         &batch, g_c, "vs_1", files, 3, NULL, 0, NULL, &po),
                     OAI_ECANCELLED);
    int64_t took = ts_now_ms() - t0;
    pthread_join(th, NULL);
    assert_null(batch);
    assert_true(took >= 55 && took < 1500);
    oai_cancel_free(tok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(concurrency_and_order, start, stop),
        cmocka_unit_test_setup_teardown(default_concurrency_is_five, start,
                                        stop),
        cmocka_unit_test_setup_teardown(failed_upload_creates_no_batch, start,
                                        stop),
        cmocka_unit_test_setup_teardown(lowest_position_error_wins, start,
                                        stop),
        cmocka_unit_test_setup_teardown(unreadable_file_before_any_request,
                                        start, stop),
        cmocka_unit_test_setup_teardown(progress_cancels_uploads, start, stop),
        cmocka_unit_test_setup_teardown(cancel_with_uploads_in_flight, start,
                                        stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
