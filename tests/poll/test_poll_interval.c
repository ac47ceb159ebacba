/* The poll loop of semantics §6 and the polling vectors of Appendix D,
 * against the scripted loopback server (exact header sequences, request
 * arrival times): first GET immediate, interval chosen once, custom
 * interval header, terminal and unknown statuses, deadline, cancellation. */
#include <stdio.h>
#include <string.h>

#include "cancel_later.h"
#include "scripted.h"

static void push_obj(const char *status, const char *after_hdr)
{
    static char body[256], hdr[128];
    snprintf(body, sizeof body,
             "{\"id\":\"run_1\",\"object\":\"thread.run\",\"thread_id\":"
             "\"thread_1\","
             "\"status\":\"%s\"}",
             status);
    ts_reply r = {.status = 200, .body = body};
    if (after_hdr) {
        snprintf(hdr, sizeof hdr, "openai-poll-after-ms: %s\r\n", after_hdr);
        r.headers = hdr;
    }
    ts_push(g_s, &r);
}

static void push_raw(const char *body, const char *headers)
{
    ts_reply r = {.status = 200, .body = body, .headers = headers};
    ts_push(g_s, &r);
}

/* Appendix D row 1: header 250 then 999 → 250, 250, 250 (scaled down). */
static void header_interval_read_once(void **state)
{
    (void)state;
    push_obj("queued", "120");
    push_obj("in_progress", "900");
    push_obj("in_progress", NULL);
    push_obj("requires_action", NULL);
    oai_json *run = NULL;
    assert_int_equal(oai_runs_poll(&run, g_c, "thread_1", "run_1", NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(run, "status"), "requires_action");
    oai_json_free(run);
    assert_int_equal(ts_nrequests(g_s), 4);
    for (int i = 1; i < 4; i++) {
        assert_true(gap(i) >= 115);
        assert_true(gap(i) < 800); /* never the 900 of the second answer */
    }
    const ts_request *r = ts_request_at(g_s, 0);
    assert_string_equal(r->method, "GET");
    assert_string_equal(r->target, "/v1/threads/thread_1/runs/run_1");
    assert_string_equal(ts_req_header(r, "X-Stainless-Poll-Helper"), "true");
    assert_null(ts_req_header(r, "X-Stainless-Custom-Poll-Interval"));
    assert_string_equal(ts_req_header(r, "OpenAI-Beta"), "assistants=v2");
}

/* Row 3: queued (250), incomplete with poll_interval_ms 50 → 50, header
 * X-Stainless-Custom-Poll-Interval: 50; creation sends "stream": false and
 * no poll headers; the first GET follows the POST at once. */
static void custom_interval_and_create(void **state)
{
    (void)state;
    push_obj("queued", NULL); /* the POST's answer */
    push_obj("queued", "250");
    push_obj("incomplete", NULL);
    oai_json *params = NULL, *run = NULL;
    assert_int_equal(
        oai_json_parse_cstr(&params, "{\"assistant_id\":\"asst_1\"}"), OAI_OK);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 50;
    assert_int_equal(
        oai_runs_create_and_poll(&run, g_c, "thread_1", params, NULL, &po),
        OAI_OK);
    assert_string_equal(oai_json_path_string(run, "status"), "incomplete");
    oai_json_free(run);
    oai_json_free(params);
    assert_int_equal(ts_nrequests(g_s), 3);
    const ts_request *post = ts_request_at(g_s, 0);
    assert_string_equal(post->method, "POST");
    assert_string_equal(post->target, "/v1/threads/thread_1/runs");
    assert_non_null(strstr(post->body, "\"stream\":false"));
    assert_non_null(strstr(post->body, "\"assistant_id\":\"asst_1\""));
    assert_null(ts_req_header(post, "X-Stainless-Poll-Helper"));
    assert_true(gap(1) < 300); /* first GET immediate (generous bound) */
    assert_true(gap(2) >= 45);
    assert_true(gap(2) < 240); /* the custom interval, not the header's 250 */
    for (int i = 1; i < 3; i++) {
        const ts_request *g = ts_request_at(g_s, i);
        assert_string_equal(
            ts_req_header(g, "X-Stainless-Custom-Poll-Interval"), "50");
        assert_string_equal(ts_req_header(g, "X-Stainless-Poll-Helper"),
                            "true");
    }
}

/* Rows 4 and 6 together: an unparsable header counts as absent (DEV-9),
 * so the default 1000 ms applies, kept for an unknown status too. */
static void default_interval_unknown_status(void **state)
{
    (void)state;
    push_obj("queued", "abc");
    push_obj("weird_status", NULL);
    push_obj("completed", NULL);
    oai_json *run = NULL;
    assert_int_equal(oai_runs_poll(&run, g_c, "thread_1", "run_1", NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(run, "status"), "completed");
    oai_json_free(run);
    assert_int_equal(ts_nrequests(g_s), 3);
    assert_true(gap(1) >= 990 && gap(1) < 2500);
    assert_true(gap(2) >= 990 && gap(2) < 2500);
}

/* DEV-12: poll_interval_ms <= 0 is "not given": no custom-interval header
 * and the server's openai-poll-after-ms decides the spacing. */
static void non_positive_interval_not_given(void **state)
{
    (void)state;
    static const int given[] = {0, -5};
    for (size_t k = 0; k < 2; k++) {
        fresh(state);
        push_obj("queued", "80");
        push_obj("completed", NULL);
        oai_poll_options po = OAI_POLL_OPTIONS_INIT;
        po.poll_interval_ms = given[k];
        oai_json *run = NULL;
        assert_int_equal(oai_runs_poll(&run, g_c, "thread_1", "run_1", &po), OAI_OK);
        assert_string_equal(oai_json_path_string(run, "status"), "completed");
        oai_json_free(run);
        assert_int_equal(ts_nrequests(g_s), 2);
        assert_true(gap(1) >= 75 && gap(1) < 900); /* the header's 80, not 1000 */
        for (int i = 0; i < 2; i++)
            assert_null(ts_req_header(ts_request_at(g_s, i), "X-Stainless-Custom-Poll-Interval"));
    }
}

/* Every terminal run status costs exactly one GET. */
static void terminal_statuses_one_get(void **state)
{
    (void)state;
    static const char *const terminal[] = {"requires_action", "cancelled",
                                           "completed",       "failed",
                                           "expired",         "incomplete"};
    for (size_t i = 0; i < 6; i++) {
        push_obj(terminal[i], "5000");
        oai_json *run = NULL;
        assert_int_equal(oai_runs_poll(&run, g_c, "thread_1", "run_1", NULL),
                         OAI_OK);
        assert_string_equal(oai_json_path_string(run, "status"), terminal[i]);
        oai_json_free(run);
        assert_int_equal(ts_nrequests(g_s), (int)i + 1);
    }
}

/* §6.2: in_progress polls, cancelled is terminal; any other status
 * returns at once. */
static void vector_store_file_statuses(void **state)
{
    (void)state;
    push_raw("{\"id\":\"file_1\",\"status\":\"in_progress\"}",
             "openai-poll-after-ms: 40\r\n");
    push_raw("{\"id\":\"file_1\",\"status\":\"in_progress\"}", NULL);
    push_raw("{\"id\":\"file_1\",\"status\":\"cancelled\"}", NULL);
    push_raw("{\"id\":\"file_1\",\"status\":\"something_new\"}", NULL);
    oai_json *f = NULL;
    assert_int_equal(
        oai_vector_store_files_poll(&f, g_c, "vs_1", "file_1", NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(f, "status"), "cancelled");
    oai_json_free(f);
    assert_int_equal(ts_nrequests(g_s), 3);
    assert_string_equal(ts_request_at(g_s, 0)->target,
                        "/v1/vector_stores/vs_1/files/file_1");
    assert_true(gap(1) >= 35 && gap(2) >= 35);
    assert_int_equal(
        oai_vector_store_files_poll(&f, g_c, "vs_1", "file_1", NULL), OAI_OK);
    assert_string_equal(oai_json_path_string(f, "status"), "something_new");
    oai_json_free(f);
    assert_int_equal(ts_nrequests(g_s), 4);
}

/* §6.3: count-based; returns the batch still saying in_progress. */
static void batch_counts(void **state)
{
    (void)state;
    push_raw("{\"id\":\"vsfb_1\",\"status\":\"in_progress\",\"file_counts\":{"
             "\"in_progress\":2}}",
             "openai-poll-after-ms: 40\r\n");
    push_raw("{\"id\":\"vsfb_1\",\"status\":\"in_progress\",\"file_counts\":{"
             "\"in_progress\":0}}",
             NULL);
    oai_json *b = NULL;
    assert_int_equal(oai_file_batches_poll(&b, g_c, "vs_1", "vsfb_1", NULL),
                     OAI_OK);
    assert_string_equal(oai_json_path_string(b, "status"), "in_progress");
    assert_int_equal(
        oai_json_int(oai_json_path(b, "file_counts.in_progress"), -1), 0);
    oai_json_free(b);
    assert_int_equal(ts_nrequests(g_s), 2);
    assert_string_equal(ts_request_at(g_s, 1)->target,
                        "/v1/vector_stores/vs_1/file_batches/vsfb_1");
}

static void deadline(void **state)
{
    (void)state;
    for (int i = 0; i < 40; i++)
        push_obj("in_progress", "60");
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.max_wait_ms = 300;
    oai_json *run = NULL;
    int64_t t0 = ts_now_ms();
    assert_int_equal(oai_runs_poll(&run, g_c, "thread_1", "run_1", &po),
                     OAI_EPOLLTIMEOUT);
    int64_t took = ts_now_ms() - t0;
    assert_true(took >= 295 && took < 2500);
    assert_non_null(run); /* the last object seen */
    assert_string_equal(oai_json_path_string(run, "status"), "in_progress");
    oai_json_free(run);
    const oai_error *e = oai_client_last_error(g_c);
    assert_int_equal(e->code, OAI_EPOLLTIMEOUT);
    assert_non_null(strstr(e->message, "in_progress"));
    assert_true(ts_nrequests(g_s) >= 2);
}

/* A token set from another thread stops the wait at once, long before the
 * 5 s interval ends. */
static void cancel_from_other_thread(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++)
        push_obj("in_progress", NULL);
    oai_cancel *tok = NULL;
    assert_int_equal(oai_cancel_new(&tok), OAI_OK);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 5000;
    po.cancel = tok;
    cancel_later k;
    cancel_later_start(&k, tok, 200);
    oai_json *run = NULL;
    int64_t t0 = ts_now_ms();
    assert_int_equal(oai_runs_poll(&run, g_c, "thread_1", "run_1", &po),
                     OAI_ECANCELLED);
    int64_t took = ts_now_ms() - t0;
    cancel_later_join(&k);
    assert_true(took >= 190 && took < 2000);
    assert_non_null(run);
    oai_json_free(run);
    assert_int_equal(ts_nrequests(g_s), 1);
    assert_true(oai_cancel_is_set(tok));
    /* a set token stops the next helper before any request */
    assert_int_equal(oai_runs_poll(&run, g_c, "thread_1", "run_1", &po),
                     OAI_ECANCELLED);
    assert_null(run);
    assert_int_equal(ts_nrequests(g_s), 1);
    oai_cancel_free(tok);
}

typedef struct seen {
    unsigned polls;
    char status[32];
} seen;

static int stop_at_second(const oai_poll_progress *p, void *ud)
{
    seen *s = ud;
    assert_int_equal(p->phase, OAI_POLL_PHASE_POLL);
    s->polls = p->polls;
    snprintf(s->status, sizeof s->status, "%s", p->status ? p->status : "");
    return p->polls == 2;
}

static void progress_callback_cancels(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++)
        push_obj(i ? "in_progress" : "queued", "20");
    seen s = {0, ""};
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.progress = stop_at_second;
    po.user_data = &s;
    oai_json *run = NULL;
    assert_int_equal(oai_runs_poll(&run, g_c, "thread_1", "run_1", &po),
                     OAI_ECANCELLED);
    assert_int_equal(s.polls, 2);
    assert_string_equal(s.status, "in_progress");
    assert_non_null(run);
    oai_json_free(run);
    assert_int_equal(ts_nrequests(g_s), 2);
}

static void error_ends_polling(void **state)
{
    (void)state;
    push_obj("queued", "20");
    ts_reply r = {
        .status = 404,
        .body = "{\"error\":{\"message\":\"No run found with id 'run_1'.\","
                "\"type\":\"invalid_request_error\",\"param\":null,\"code\":"
                "null}}"};
    ts_push(g_s, &r);
    oai_json *run = (oai_json *)1;
    assert_int_equal(oai_runs_poll(&run, g_c, "thread_1", "run_1", NULL),
                     OAI_ENOTFOUND);
    assert_null(run);
    const oai_error *e = oai_client_last_error(g_c);
    assert_int_equal(e->http_status, 404);
    assert_string_equal(e->message, "404 No run found with id 'run_1'.");
}

static void argument_checks(void **state)
{
    (void)state;
    oai_json *run = (oai_json *)1;
    assert_int_equal(oai_runs_poll(&run, g_c, "", "run_1", NULL), OAI_EINVAL);
    assert_null(run);
    assert_string_equal(
        oai_client_last_error(g_c)->message,
        "Expected a non-empty value for `thread_id` but received ''");
    assert_int_equal(oai_runs_poll(&run, g_c, "thread_1", NULL, NULL),
                     OAI_EINVAL);
    assert_non_null(strstr(oai_client_last_error(g_c)->message, "`run_id`"));
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.version = 77;
    assert_int_equal(oai_runs_poll(&run, g_c, "thread_1", "run_1", &po),
                     OAI_EINVAL);
    assert_int_equal(oai_file_batches_upload_and_poll(&run, g_c, "vs_1", NULL,
                                                      0, NULL, 0, NULL, NULL),
                     OAI_EINVAL);
    assert_int_equal(ts_nrequests(g_s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(header_interval_read_once, fresh),
        cmocka_unit_test_setup(custom_interval_and_create, fresh),
        cmocka_unit_test_setup(default_interval_unknown_status, fresh),
        cmocka_unit_test_setup(non_positive_interval_not_given, fresh),
        cmocka_unit_test_setup(terminal_statuses_one_get, fresh),
        cmocka_unit_test_setup(vector_store_file_statuses, fresh),
        cmocka_unit_test_setup(batch_counts, fresh),
        cmocka_unit_test_setup(deadline, fresh),
        cmocka_unit_test_setup(cancel_from_other_thread, fresh),
        cmocka_unit_test_setup(progress_callback_cancels, fresh),
        cmocka_unit_test_setup(error_ends_polling, fresh),
        cmocka_unit_test_setup(argument_checks, fresh),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
