/* The poll loop for background responses against the scripted loopback
 * server (exact request sequences and arrival times): the creating POST
 * with "background": true, the header interval read once, the custom
 * interval, the terminal set, an unknown or missing status returned at
 * once, max_wait, cancellation from another thread, progress on status
 * changes, and the same rules for a poller on a multi. */
#include <stdio.h>
#include <string.h>

#include "cancel_later.h"
#include "scripted.h"

/* Queue a response object with `status` (NULL: no status member) and an
 * optional openai-poll-after-ms value. */
static void push_resp(const char *status, const char *after_hdr)
{
    static char body[256], hdr[128];
    if (status)
        snprintf(body, sizeof body,
                 "{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"%s\","
                 "\"background\":true}",
                 status);
    else
        snprintf(body, sizeof body,
                 "{\"id\":\"resp_1\",\"object\":\"response\"}");
    ts_reply r = {.status = 200, .body = body};
    if (after_hdr) {
        snprintf(hdr, sizeof hdr, "openai-poll-after-ms: %s\r\n", after_hdr);
        r.headers = hdr;
    }
    ts_push(g_s, &r);
}

static oai_json *params(const char *text)
{
    oai_json *p = NULL;
    assert_int_equal(oai_json_parse_cstr(&p, text), OAI_OK);
    return p;
}

/* The first openai-poll-after-ms decides the spacing, later ones are
 * ignored; GETs carry the helper header and no OpenAI-Beta. */
static void header_interval_read_once(void **state)
{
    (void)state;
    push_resp("queued", "120");
    push_resp("in_progress", "900");
    push_resp("in_progress", NULL);
    push_resp("completed", NULL);
    oai_json *r = NULL;
    assert_int_equal(oai_responses_poll(&r, g_c, "resp_1", NULL), OAI_OK);
    assert_string_equal(oai_responses_status(r), "completed");
    oai_json_free(r);
    assert_int_equal(ts_nrequests(g_s), 4);
    for (int i = 1; i < 4; i++) {
        assert_true(gap(i) >= 115);
        assert_true(gap(i) < 800); /* never the 900 of the second answer */
    }
    for (int i = 0; i < 4; i++) {
        const ts_request *g = ts_request_at(g_s, i);
        assert_string_equal(g->method, "GET");
        assert_string_equal(g->target, "/v1/responses/resp_1");
        assert_string_equal(ts_req_header(g, "X-Stainless-Poll-Helper"),
                            "true");
        assert_null(ts_req_header(g, "X-Stainless-Custom-Poll-Interval"));
        assert_null(ts_req_header(g, "OpenAI-Beta"));
    }
}

/* create_and_poll: the POST sends the caller's params plus
 * "background": true and no poll headers; the first GET follows at once;
 * poll_interval_ms wins over the header and is announced. */
static void create_custom_interval(void **state)
{
    (void)state;
    push_resp("queued", NULL); /* the POST's answer */
    push_resp("queued", "250");
    push_resp("in_progress", NULL);
    push_resp("completed", NULL);
    oai_json *p = params("{\"model\":\"gpt-4o\",\"input\":\"hi\","
                         "\"background\":true,\"store\":true}");
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 50;
    oai_json *r = NULL;
    assert_int_equal(oai_responses_create_and_poll(&r, g_c, p, &po), OAI_OK);
    assert_string_equal(oai_responses_status(r), "completed");
    oai_json_free(r);
    oai_json_free(p);
    assert_int_equal(ts_nrequests(g_s), 4);
    const ts_request *post = ts_request_at(g_s, 0);
    assert_string_equal(post->method, "POST");
    assert_string_equal(post->target, "/v1/responses");
    assert_non_null(strstr(post->body, "\"background\":true"));
    assert_non_null(strstr(post->body, "\"model\":\"gpt-4o\""));
    assert_null(strstr(post->body, "stream"));
    assert_null(ts_req_header(post, "X-Stainless-Poll-Helper"));
    assert_null(ts_req_header(post, "OpenAI-Beta"));
    assert_true(gap(1) < 300); /* first GET immediate (generous bound) */
    for (int i = 2; i < 4; i++) {
        assert_true(gap(i) >= 45);
        assert_true(gap(i) < 240); /* the custom interval, not 250 */
    }
    for (int i = 1; i < 4; i++)
        assert_string_equal(ts_req_header(ts_request_at(g_s, i),
                                          "X-Stainless-Custom-Poll-Interval"),
                            "50");
}

/* background is added when absent; params without it are fine. */
static void create_adds_background(void **state)
{
    (void)state;
    push_resp("queued", NULL);
    push_resp("completed", NULL);
    oai_json *p = params("{\"model\":\"gpt-4o\",\"input\":\"hi\"}");
    oai_json *r = NULL;
    assert_int_equal(oai_responses_create_and_poll(&r, g_c, p, NULL), OAI_OK);
    oai_json_free(r);
    oai_json_free(p);
    assert_string_equal(ts_request_at(g_s, 0)->body,
                        "{\"model\":\"gpt-4o\",\"input\":\"hi\","
                        "\"background\":true}");
}

/* Every terminal status costs exactly one GET, and so does an unknown
 * status or none at all: never a loop on something not understood. */
static void terminal_and_unknown_one_get(void **state)
{
    (void)state;
    static const char *const stop[] = {"completed",         "failed",
                                       "cancelled",         "incomplete",
                                       "paused_for_review", NULL};
    for (size_t i = 0; i < 6; i++) {
        push_resp(stop[i], "5000");
        oai_json *r = NULL;
        assert_int_equal(oai_responses_poll(&r, g_c, "resp_1", NULL), OAI_OK);
        if (stop[i])
            assert_string_equal(oai_responses_status(r), stop[i]);
        else
            assert_null(oai_responses_status(r));
        oai_json_free(r);
        assert_int_equal(ts_nrequests(g_s), (int)i + 1);
    }
}

static void deadline(void **state)
{
    (void)state;
    for (int i = 0; i < 40; i++)
        push_resp("in_progress", "60");
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.max_wait_ms = 300;
    oai_json *r = NULL;
    int64_t t0 = ts_now_ms();
    assert_int_equal(oai_responses_poll(&r, g_c, "resp_1", &po),
                     OAI_EPOLLTIMEOUT);
    int64_t took = ts_now_ms() - t0;
    assert_true(took >= 295 && took < 2500);
    assert_non_null(r); /* the last response seen */
    assert_string_equal(oai_responses_status(r), "in_progress");
    oai_json_free(r);
    const oai_error *e = oai_client_last_error(g_c);
    assert_int_equal(e->code, OAI_EPOLLTIMEOUT);
    assert_non_null(strstr(e->message, "in_progress"));
    assert_true(ts_nrequests(g_s) >= 4);
}

/* A token set from another thread ends the 5 s wait at once. */
static void cancel_from_other_thread(void **state)
{
    (void)state;
    push_resp("queued", NULL);
    push_resp("queued", NULL);
    oai_cancel *tok = NULL;
    assert_int_equal(oai_cancel_new(&tok), OAI_OK);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 5000;
    po.cancel = tok;
    cancel_later k;
    cancel_later_start(&k, tok, 200);
    oai_json *p = params("{\"model\":\"gpt-4o\",\"input\":\"hi\"}");
    oai_json *r = NULL;
    int64_t t0 = ts_now_ms();
    assert_int_equal(oai_responses_create_and_poll(&r, g_c, p, &po),
                     OAI_ECANCELLED);
    int64_t took = ts_now_ms() - t0;
    cancel_later_join(&k);
    assert_true(took >= 190 && took < 2000);
    assert_string_equal(oai_responses_status(r), "queued");
    oai_json_free(r);
    oai_json_free(p);
    assert_int_equal(ts_nrequests(g_s), 2); /* POST, one GET */
    oai_cancel_free(tok);
}

typedef struct seen {
    int n;
    char trail[160];
} seen;

static int record(const oai_poll_progress *p, void *ud)
{
    seen *s = ud;
    assert_int_equal(p->phase, OAI_POLL_PHASE_POLL);
    assert_int_equal((int)p->polls, ++s->n);
    if (p->status_changed)
        snprintf(s->trail + strlen(s->trail),
                 sizeof s->trail - strlen(s->trail), "%s%s",
                 *s->trail ? ">" : "", p->status);
    return 0;
}

/* The progress callback sees every poll and which ones changed status. */
static void progress_status_changes(void **state)
{
    (void)state;
    push_resp("queued", "10");
    push_resp("queued", NULL);
    push_resp("in_progress", NULL);
    push_resp("in_progress", NULL);
    push_resp("completed", NULL);
    seen s = {0, ""};
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.progress = record;
    po.user_data = &s;
    oai_json *r = NULL;
    assert_int_equal(oai_responses_poll(&r, g_c, "resp_1", &po), OAI_OK);
    oai_json_free(r);
    assert_int_equal(s.n, 5);
    assert_string_equal(s.trail, "queued>in_progress>completed");
}

static void done_cb(const oai_multi_msg *msg, void *ud)
{
    (void)msg;
    ++*(int *)ud;
}

/* The poller form: same requests, result borrowed from the poller. */
static void poller_on_multi(void **state)
{
    (void)state;
    push_resp("queued", NULL);
    push_resp("in_progress", "30");
    push_resp("completed", NULL);
    oai_json *p = params("{\"model\":\"gpt-4o\",\"input\":\"hi\"}");
    oai_poller *pl = NULL;
    assert_int_equal(oai_poller_responses_create_and_poll(&pl, g_c, p, NULL),
                     OAI_OK);
    oai_json_free(p);
    assert_int_equal(ts_nrequests(g_s), 0); /* creation sends nothing */
    oai_multi *m = NULL;
    assert_int_equal(oai_multi_new(&m, g_c, NULL), OAI_OK);
    int done = 0;
    assert_int_equal(oai_multi_add_poller(m, pl, done_cb, &done), OAI_OK);
    int running = 1;
    while (running) {
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        if (running)
            oai_multi_wait(m, 1000);
    }
    assert_int_equal(done, 1);
    const oai_json *r = NULL;
    assert_int_equal(oai_poller_result(&r, pl), OAI_OK);
    assert_string_equal(oai_responses_status(r), "completed");
    assert_int_equal(oai_poller_polls(pl), 2);
    assert_true(gap(2) >= 25);
    oai_poller_free(pl);
    oai_multi_free(m);
    assert_int_equal(ts_nrequests(g_s), 3);
}

static void argument_checks(void **state)
{
    (void)state;
    oai_json *r = (oai_json *)1;
    assert_int_equal(oai_responses_poll(&r, g_c, "", NULL), OAI_EINVAL);
    assert_null(r);
    assert_string_equal(
        oai_client_last_error(g_c)->message,
        "Expected a non-empty value for `response_id` but received ''");
    assert_int_equal(oai_responses_create_and_poll(&r, g_c, NULL, NULL),
                     OAI_EINVAL);
    oai_json *p = params("{\"model\":\"m\",\"stream\":true}");
    assert_int_equal(oai_responses_create_and_poll(&r, g_c, p, NULL),
                     OAI_EINVAL);
    assert_non_null(strstr(oai_client_last_error(g_c)->message, "stream"));
    oai_json_free(p);
    p = params("{\"model\":\"m\",\"background\":false}");
    assert_int_equal(oai_responses_create_and_poll(&r, g_c, p, NULL),
                     OAI_EINVAL);
    assert_non_null(strstr(oai_client_last_error(g_c)->message, "background"));
    oai_poller *pl = (oai_poller *)1;
    assert_int_equal(oai_poller_responses_create_and_poll(&pl, g_c, p, NULL),
                     OAI_EINVAL);
    assert_null(pl);
    oai_json_free(p);
    assert_int_equal(oai_poller_responses_poll(&pl, g_c, NULL, NULL),
                     OAI_EINVAL);
    assert_int_equal(ts_nrequests(g_s), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(header_interval_read_once, fresh),
        cmocka_unit_test_setup(create_custom_interval, fresh),
        cmocka_unit_test_setup(create_adds_background, fresh),
        cmocka_unit_test_setup(terminal_and_unknown_one_get, fresh),
        cmocka_unit_test_setup(deadline, fresh),
        cmocka_unit_test_setup(cancel_from_other_thread, fresh),
        cmocka_unit_test_setup(progress_status_changes, fresh),
        cmocka_unit_test_setup(poller_on_multi, fresh),
        cmocka_unit_test_setup(argument_checks, fresh),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
