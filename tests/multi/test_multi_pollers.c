/* Pollers on a multi against oai-emulator (and the scripted loopback
 * server for exact header sequences): hundreds of runs polled on one
 * thread, poll spacing from the request log, the header interval kept,
 * max_wait as a timer, cancellation, removal and freeing mid-flight,
 * level 2, the merged deadline, the same requests as the blocking helpers,
 * a mix with streams and requests, and an allocation-failure sweep. */
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/time.h>

#include "loop2.h"
#include "multi_common.h"
#include "testserver.h"

static tu_emu g_emu;
static char g_asst[64];

#define POLL_AFTER_MS 80

static int setup(void **state)
{
    (void)state;
    static const char *const args[] = {"--step-ms", "5", "--delta-ms", "2", "--poll-after-ms",
                                       "80", "--file-process-ms", "150", NULL};
    if (tu_emu_start(&g_emu, args))
        return -1;
    oai_client *c = tu_emu_client(&g_emu);
    mc_assistant(c, g_asst, sizeof g_asst);
    oai_client_free(c);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_emu_stop(&g_emu);
    return 0;
}

static oai_json *js(const char *text)
{
    oai_json *j = NULL;
    assert_int_equal(oai_json_parse_cstr(&j, text), OAI_OK);
    return j;
}

/* Body of POST /threads/runs with one user message. */
static oai_json *car_params(const char *msg)
{
    char body[512];
    snprintf(body, sizeof body,
             "{\"assistant_id\":\"%s\",\"thread\":{\"messages\":[{\"role\":\"user\","
             "\"content\":\"%s\"}]}}",
             g_asst, msg);
    return js(body);
}

static double t_of(const cJSON *e)
{
    return cJSON_GetNumberValue(cJSON_GetObjectItem(e, "time_ms"));
}

/* What the done callback and the progress callback saw. */
typedef struct plog {
    int dones, result, kind;
    void *object;
    int64_t done_at;
    int reports;      /* progress reports */
    int stop_at;      /* progress returns 1 at this poll (0: never) */
    int bad_status;   /* a report without a status */
    int free_in_done; /* the done callback frees the poller */
} plog;

static void on_done(const oai_multi_msg *msg, void *ud)
{
    plog *l = ud;
    l->dones++;
    l->result = msg->result;
    l->kind = msg->kind;
    l->object = msg->object;
    l->done_at = mc_now();
    if (l->free_in_done)
        oai_poller_free(msg->object);
}

static int on_progress(const oai_poll_progress *p, void *ud)
{
    plog *l = ud;
    l->reports++;
    if (p->phase != OAI_POLL_PHASE_POLL || !p->status || !p->object ||
        p->polls != (unsigned)l->reports)
        l->bad_status = 1;
    return l->stop_at && (int)p->polls >= l->stop_at;
}

/* ---- many runs on one thread ------------------------------------------- */

static void test_many_runs(void **state)
{
    (void)state;
    enum { N = 200 };
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    tu_emu_mark(&g_emu);
    static oai_poller *p[N];
    static plog l[N];
    memset(l, 0, sizeof l);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.progress = on_progress;
    for (int i = 0; i < N; i++) {
        char msg[64];
        snprintf(msg, sizeof msg, "#scenario:text run %d", i);
        oai_json *params = car_params(msg);
        po.user_data = &l[i];
        assert_int_equal(oai_poller_threads_create_and_run_poll(&p[i], c, params, &po), OAI_OK);
        oai_json_free(params); /* copied */
        assert_int_equal(oai_multi_add_poller(m, p[i], on_done, &l[i]), OAI_OK);
    }
    int64_t t0 = mc_now();
    mc_run(m, 60000);
    int64_t took = mc_now() - t0;
    int msgs = 0;
    const oai_multi_msg *msg;
    while ((msg = oai_multi_info_read(m, NULL))) {
        assert_int_equal(msg->kind, OAI_MULTI_POLLER);
        assert_int_equal(msg->result, OAI_OK);
        msgs++;
    }
    assert_int_equal(msgs, N);
    unsigned gets = 0;
    for (int i = 0; i < N; i++) {
        assert_int_equal(l[i].dones, 1);
        assert_int_equal(l[i].result, OAI_OK);
        assert_int_equal(l[i].kind, OAI_MULTI_POLLER);
        assert_ptr_equal(l[i].object, p[i]);
        assert_int_equal(l[i].bad_status, 0);
        const oai_json *run;
        assert_int_equal(oai_poller_result(&run, p[i]), OAI_OK);
        assert_string_equal(oai_json_path_string(run, "status"), "completed");
        assert_int_equal(oai_poller_error(p[i])->code, 0);
        assert_int_equal((unsigned)l[i].reports, oai_poller_polls(p[i]));
        gets += oai_poller_polls(p[i]);
    }
    cJSON *log = tu_emu_log_new(&g_emu, N + gets);
    int posts = 0, logged_gets = 0;
    for (const cJSON *e = log->child; e; e = e->next) {
        if (!strcmp(tu_emu_str(e, "method"), "POST")) {
            assert_string_equal(tu_emu_str(e, "path"), "/v1/threads/runs");
            assert_null(tu_emu_header(e, "x-stainless-poll-helper"));
            posts++;
        } else {
            assert_string_equal(tu_emu_header(e, "x-stainless-poll-helper"), "true");
            assert_null(tu_emu_header(e, "x-stainless-custom-poll-interval"));
            logged_gets++;
        }
    }
    cJSON_Delete(log);
    assert_int_equal(posts, N);
    assert_int_equal((unsigned)logged_gets, gets);
    print_message("%d runs polled on one thread in %lld ms, %u GETs\n", N, (long long)took, gets);
    for (int i = 0; i < N; i++)
        oai_poller_free(p[i]);
    oai_multi_free(m);
    oai_client_free(c);
}

/* ---- spacing, custom interval header, max_wait ------------------------- */

/* A run that stays in_progress for 5 s, polled alone until max_wait. */
static void spacing_case(int interval, long max_wait, int expect_gap)
{
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    tu_emu_mark(&g_emu);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = interval;
    po.max_wait_ms = max_wait;
    oai_json *params = car_params("#scenario:slow 100");
    oai_poller *p;
    assert_int_equal(oai_poller_threads_create_and_run_poll(&p, c, params, &po), OAI_OK);
    oai_json_free(params);
    plog l;
    memset(&l, 0, sizeof l);
    assert_int_equal(oai_multi_add_poller(m, p, on_done, &l), OAI_OK);
    int64_t t0 = mc_now();
    mc_run(m, 10000);
    int64_t took = l.done_at - t0;
    assert_int_equal(l.dones, 1);
    const oai_json *run;
    assert_int_equal(oai_poller_result(&run, p), OAI_EPOLLTIMEOUT);
    assert_non_null(run); /* the last object seen */
    assert_string_equal(oai_json_path_string(run, "status"), "in_progress");
    assert_int_equal(oai_poller_error(p)->code, OAI_EPOLLTIMEOUT);
    char want[64];
    snprintf(want, sizeof want, "max_wait_ms=%ld", max_wait);
    assert_non_null(strstr(oai_poller_error(p)->message, want));
    assert_true(took >= max_wait - 2);
    assert_true(took < max_wait + 500);

    char path[160];
    snprintf(path, sizeof path, "/v1/threads/%s/runs/%s",
             oai_json_path_string(run, "thread_id"), oai_json_path_string(run, "id"));
    char custom[16];
    snprintf(custom, sizeof custom, "%d", interval);
    unsigned polls = oai_poller_polls(p);
    cJSON *log = tu_emu_log_new(&g_emu, 1 + polls);
    const cJSON *post = log->child;
    assert_string_equal(tu_emu_str(post, "method"), "POST");
    double prev = t_of(post), sum = 0;
    int gets = 0;
    for (const cJSON *e = post->next; e; e = e->next) {
        assert_string_equal(tu_emu_str(e, "method"), "GET");
        assert_string_equal(tu_emu_str(e, "path"), path);
        assert_string_equal(tu_emu_header(e, "x-stainless-poll-helper"), "true");
        if (interval > 0)
            assert_string_equal(tu_emu_header(e, "x-stainless-custom-poll-interval"), custom);
        else
            assert_null(tu_emu_header(e, "x-stainless-custom-poll-interval"));
        double gap = t_of(e) - prev;
        if (gets == 0) {
            assert_true(gap < 150); /* the first GET is immediate */
        } else {
            if (gap < expect_gap - 3)
                fail_msg("GET %d came %.0f ms after the previous one (interval %d)", gets, gap,
                         expect_gap);
            sum += gap;
        }
        prev = t_of(e);
        gets++;
    }
    cJSON_Delete(log);
    assert_int_equal((unsigned)gets, polls);
    assert_true(gets >= 4);
    double mean = sum / (gets - 1);
    print_message("interval %d: %d GETs, mean gap %.1f ms, deadline after %lld ms\n", expect_gap,
                  gets, mean, (long long)took);
    assert_true(mean < expect_gap * 1.6 + 20);
    oai_poller_free(p);
    oai_multi_free(m);
    oai_client_free(c);
}

static void test_spacing_custom_interval(void **state)
{
    (void)state;
    spacing_case(150, 1000, 150);
}

static void test_spacing_header_interval(void **state)
{
    (void)state;
    /* long enough for four GETs even when each answer is slow to come */
    spacing_case(0, 1000, POLL_AFTER_MS);
}

/* Exact header sequences on the scripted server: the first
 * openai-poll-after-ms is kept, later values are ignored; an unparsable
 * one counts as absent (1000 ms). */
static void push_run(ts_server *s, const char *status, const char *after)
{
    char body[256], hdr[128];
    snprintf(body, sizeof body,
             "{\"id\":\"run_1\",\"object\":\"thread.run\",\"thread_id\":\"thread_1\","
             "\"status\":\"%s\"}",
             status);
    ts_reply r = {.status = 200, .body = body};
    if (after) {
        snprintf(hdr, sizeof hdr, "openai-poll-after-ms: %s\r\n", after);
        r.headers = hdr;
    }
    ts_push(s, &r);
}

static void test_header_interval_kept(void **state)
{
    (void)state;
    ts_server *s = ts_start();
    assert_non_null(s);
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = ts_url(s);
    o.max_retries = 0;
    o.log_level = OAI_LOG_OFF;
    oai_client *c;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);

    push_run(s, "queued", "100");
    push_run(s, "in_progress", "999");
    push_run(s, "in_progress", " 7 ");
    push_run(s, "completed", "5");
    push_run(s, "in_progress", "abc");
    push_run(s, "expired", NULL);
    oai_poller *p, *q;
    assert_int_equal(oai_poller_runs_poll(&p, c, "thread_1", "run_1", NULL), OAI_OK);
    int64_t t0 = ts_now_ms();
    assert_int_equal(oai_multi_add_poller(m, p, NULL, NULL), OAI_OK);
    mc_run(m, 5000);
    const oai_json *run;
    assert_int_equal(oai_poller_result(&run, p), OAI_OK);
    assert_string_equal(oai_json_path_string(run, "status"), "completed");
    assert_int_equal(oai_poller_polls(p), 4);
    assert_true(ts_request_at(s, 0)->at_ms - t0 < 100);
    for (int i = 0; i < 4; i++) {
        const ts_request *r = ts_request_at(s, i);
        assert_string_equal(r->method, "GET");
        assert_string_equal(r->target, "/v1/threads/thread_1/runs/run_1");
        assert_string_equal(ts_req_header(r, "X-Stainless-Poll-Helper"), "true");
        assert_null(ts_req_header(r, "X-Stainless-Custom-Poll-Interval"));
        assert_string_equal(ts_req_header(r, "OpenAI-Beta"), "assistants=v2");
        if (i) {
            int64_t gap = r->at_ms - ts_request_at(s, i - 1)->at_ms;
            if (gap < 98 || gap > 400)
                fail_msg("gap %d: %lld ms, want 100", i, (long long)gap);
        }
    }
    /* DEV-9: "abc" is no interval: the default 1000 ms */
    assert_int_equal(oai_poller_runs_poll(&q, c, "thread_1", "run_1", NULL), OAI_OK);
    assert_int_equal(oai_multi_add_poller(m, q, NULL, NULL), OAI_OK);
    mc_run(m, 5000);
    assert_int_equal(oai_poller_result(&run, q), OAI_OK);
    assert_string_equal(oai_json_path_string(run, "status"), "expired");
    int64_t gap = ts_request_at(s, 5)->at_ms - ts_request_at(s, 4)->at_ms;
    if (gap < 998 || gap > 1400)
        fail_msg("gap after an unparsable header: %lld ms, want 1000", (long long)gap);
    oai_poller_free(p);
    oai_poller_free(q);
    oai_multi_free(m);
    oai_client_free(c);
    ts_stop(s);
}

/* ---- cancellation ------------------------------------------------------ */

static void test_cancel_token(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    oai_cancel *tok;
    assert_int_equal(oai_cancel_new(&tok), OAI_OK);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 5000;
    po.cancel = tok;
    oai_json *params = car_params("#scenario:slow 100");
    oai_poller *p;
    assert_int_equal(oai_poller_threads_create_and_run_poll(&p, c, params, &po), OAI_OK);
    oai_json_free(params);
    plog l;
    memset(&l, 0, sizeof l);
    assert_int_equal(oai_multi_add_poller(m, p, on_done, &l), OAI_OK);
    int running = 1;
    int64_t end = mc_now() + 5000;
    while (oai_poller_polls(p) < 1) {
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        assert_int_equal(running, 1);
        assert_true(mc_now() < end);
        oai_multi_wait(m, 100);
    }
    /* waiting 5 s for the next GET ... */
    long ms;
    assert_int_equal(oai_multi_timeout(&ms, m), OAI_OK);
    assert_true(ms > 4000);
    /* ... until the token is set: due at once */
    oai_cancel_trigger(tok);
    int64_t t = mc_now();
    assert_int_equal(oai_multi_timeout(&ms, m), OAI_OK);
    assert_int_equal(ms, 0);
    mc_run(m, 2000);
    assert_true(l.done_at - t < 200);
    assert_int_equal(l.result, OAI_ECANCELLED);
    const oai_json *run;
    assert_int_equal(oai_poller_result(&run, p), OAI_ECANCELLED);
    assert_non_null(run);
    assert_string_equal(oai_poller_error(p)->message, "polling cancelled");
    assert_int_equal(oai_poller_polls(p), 1);
    oai_poller_free(p);

    /* a token set before the start: nothing is sent */
    params = car_params("#scenario:text never");
    assert_int_equal(oai_poller_threads_create_and_run_poll(&p, c, params, &po), OAI_OK);
    oai_json_free(params);
    tu_emu_mark(&g_emu);
    assert_int_equal(oai_multi_add_poller(m, p, NULL, NULL), OAI_OK);
    mc_run(m, 2000);
    assert_int_equal(oai_poller_result(&run, p), OAI_ECANCELLED);
    assert_null(run);
    assert_int_equal(oai_poller_polls(p), 0);
    cJSON *log = tu_emu_log(&g_emu, 0);
    assert_int_equal((size_t)cJSON_GetArraySize(log), g_emu.mark);
    cJSON_Delete(log);
    oai_poller_free(p);
    oai_cancel_free(tok);
    oai_multi_free(m);
    oai_client_free(c);
}

static void test_cancel_progress(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    plog l;
    memset(&l, 0, sizeof l);
    l.stop_at = 2;
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 30;
    po.progress = on_progress;
    po.user_data = &l;
    oai_json *params = car_params("#scenario:slow 100");
    oai_poller *p;
    assert_int_equal(oai_poller_threads_create_and_run_poll(&p, c, params, &po), OAI_OK);
    oai_json_free(params);
    assert_int_equal(oai_multi_add_poller(m, p, on_done, &l), OAI_OK);
    mc_run(m, 5000);
    assert_int_equal(l.dones, 1);
    assert_int_equal(l.result, OAI_ECANCELLED);
    assert_int_equal(l.reports, 2);
    assert_int_equal(l.bad_status, 0);
    const oai_json *run;
    assert_int_equal(oai_poller_result(&run, p), OAI_ECANCELLED);
    assert_non_null(run);
    assert_string_equal(oai_poller_error(p)->message, "cancelled by the progress callback");
    assert_int_equal(oai_poller_polls(p), 2);
    oai_poller_free(p);
    oai_multi_free(m);
    oai_client_free(c);
}

/* ---- removing and freeing mid-flight ------------------------------------ */

static void test_remove_and_free_midflight(void **state)
{
    (void)state;
    enum { N = 24 };
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    oai_cancel *tok;
    assert_int_equal(oai_cancel_new(&tok), OAI_OK);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 40;
    po.cancel = tok;
    oai_poller *p[N];
    plog l[N];
    memset(l, 0, sizeof l);
    for (int i = 0; i < N; i++) {
        oai_json *params = car_params("#scenario:slow 100");
        assert_int_equal(oai_poller_threads_create_and_run_poll(&p[i], c, params, &po), OAI_OK);
        oai_json_free(params);
        assert_int_equal(oai_multi_add_poller(m, p[i], on_done, &l[i]), OAI_OK);
    }
    /* freed before anything was sent, and with the POST in flight */
    oai_poller_free(p[0]);
    p[0] = NULL;
    int running;
    assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
    assert_int_equal(running, N - 1);
    assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
    oai_poller_free(p[1]);
    p[1] = NULL;
    assert_int_equal(oai_multi_remove_poller(m, p[2]), OAI_OK);
    assert_int_equal(oai_multi_remove_poller(m, p[2]), OAI_EINVAL);
    const oai_json *run;
    assert_int_equal(oai_poller_result(&run, p[2]), OAI_ECANCELLED);
    assert_null(run);
    /* let the others poll a while: GETs in flight and waits */
    int64_t end = mc_now() + 600;
    while (mc_now() < end) {
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        oai_multi_wait(m, 20);
    }
    for (int i = 3; i < N; i++)
        assert_true(oai_poller_polls(p[i]) >= 2);
    for (int i = 3; i < 10; i++) {
        oai_poller_free(p[i]);
        p[i] = NULL;
    }
    for (int i = 10; i < 16; i++) {
        assert_int_equal(oai_multi_remove_poller(m, p[i]), OAI_OK);
        assert_int_equal(oai_poller_result(&run, p[i]), OAI_ECANCELLED);
        assert_non_null(run); /* the last object seen */
        /* a poller runs once */
        assert_int_equal(oai_multi_add_poller(m, p[i], NULL, NULL), OAI_EINVAL);
    }
    assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
    assert_int_equal(running, N - 16);
    oai_cancel_trigger(tok);
    mc_run(m, 3000);
    for (int i = 0; i < 16; i++)
        assert_int_equal(l[i].dones, 0);
    for (int i = 16; i < N; i++) {
        assert_int_equal(l[i].dones, 1);
        assert_int_equal(l[i].result, OAI_ECANCELLED);
    }
    const oai_multi_msg *msg;
    int msgs = 0;
    while ((msg = oai_multi_info_read(m, NULL)))
        msgs++;
    assert_int_equal(msgs, N - 16);
    for (int i = 0; i < N; i++)
        oai_poller_free(p[i]);
    oai_cancel_free(tok);
    oai_multi_free(m);
    oai_client_free(c);
}

static void test_free_in_done(void **state)
{
    (void)state;
    enum { N = 8 };
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    plog l[N];
    memset(l, 0, sizeof l);
    for (int i = 0; i < N; i++) {
        oai_json *params = car_params("#scenario:text bye");
        oai_poller *p;
        assert_int_equal(oai_poller_threads_create_and_run_poll(&p, c, params, NULL), OAI_OK);
        oai_json_free(params);
        l[i].free_in_done = 1;
        assert_int_equal(oai_multi_add_poller(m, p, on_done, &l[i]), OAI_OK);
    }
    mc_run(m, 20000);
    for (int i = 0; i < N; i++) {
        assert_int_equal(l[i].dones, 1);
        assert_int_equal(l[i].result, OAI_OK);
    }
    /* freed objects drop their queued messages */
    assert_null(oai_multi_info_read(m, NULL));
    oai_multi_free(m);
    oai_client_free(c);
}

/* ---- errors and arguments ---------------------------------------------- */

static void test_errors_and_arguments(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_client *c2 = tu_emu_client(&g_emu);
    oai_multi *m, *m2;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    assert_int_equal(oai_multi_new(&m2, c2, NULL), OAI_OK);
    oai_poller *p = (oai_poller *)1;

    assert_int_equal(oai_poller_runs_poll(&p, c, "", "run_1", NULL), OAI_EINVAL);
    assert_null(p);
    assert_string_equal(oai_client_last_error(c)->message,
                        "Expected a non-empty value for `thread_id` but received ''");
    assert_int_equal(oai_poller_runs_poll(NULL, c, "t", "r", NULL), OAI_EINVAL);
    assert_int_equal(oai_poller_runs_poll(&p, NULL, "t", "r", NULL), OAI_EINVAL);
    oai_poll_options bad = OAI_POLL_OPTIONS_INIT;
    bad.version = 99;
    assert_int_equal(oai_poller_runs_poll(&p, c, "t", "r", &bad), OAI_EINVAL);
    oai_json *arr = js("[1]");
    oai_json *stream_true = js("{\"assistant_id\":\"a\",\"stream\":true}");
    assert_int_equal(oai_poller_threads_create_and_run_poll(&p, c, arr, NULL), OAI_EINVAL);
    assert_int_equal(oai_poller_threads_create_and_run_poll(&p, c, stream_true, NULL),
                     OAI_EINVAL);
    assert_int_equal(oai_poller_runs_submit_tool_outputs_and_poll(&p, c, "t", "r", stream_true,
                                                                  NULL),
                     OAI_EINVAL);
    assert_int_equal(oai_poller_file_batches_create_and_poll(&p, c, "vs", NULL, NULL),
                     OAI_EINVAL);
    assert_int_equal(oai_poller_vector_store_files_create_and_poll(&p, c, "vs", "", NULL, NULL),
                     OAI_EINVAL);
    oai_json_free(arr);
    oai_json_free(stream_true);

    /* a 404 ends the poller with the request's error */
    assert_int_equal(oai_poller_runs_poll(&p, c, "thread_nope", "run_nope", NULL), OAI_OK);
    const oai_json *obj = (const oai_json *)1;
    assert_int_equal(oai_poller_result(&obj, p), OAI_ENOTREADY);
    assert_null(obj);
    assert_int_equal(oai_multi_add_poller(m2, p, NULL, NULL), OAI_EINVAL); /* other client */
    assert_int_equal(oai_multi_add_poller(NULL, p, NULL, NULL), OAI_EINVAL);
    assert_int_equal(oai_multi_remove_poller(m, p), OAI_EINVAL); /* not added */
    plog l;
    memset(&l, 0, sizeof l);
    assert_int_equal(oai_multi_add_poller(m, p, on_done, &l), OAI_OK);
    assert_int_equal(oai_multi_add_poller(m, p, on_done, &l), OAI_EINVAL);
    assert_int_equal(oai_poller_result(&obj, p), OAI_ENOTREADY);
    mc_run(m, 5000);
    assert_int_equal(l.dones, 1);
    assert_int_equal(l.result, OAI_ENOTFOUND);
    assert_int_equal(oai_poller_result(&obj, p), OAI_ENOTFOUND);
    assert_null(obj);
    assert_int_equal(oai_poller_error(p)->code, OAI_ENOTFOUND);
    assert_int_equal(oai_poller_error(p)->http_status, 404);
    assert_non_null(strstr(oai_poller_error(p)->message, "404"));
    assert_int_equal(oai_poller_polls(p), 0);
    /* after completion, removal only detaches */
    assert_int_equal(oai_multi_remove_poller(m, p), OAI_OK);
    assert_int_equal(oai_poller_result(&obj, p), OAI_ENOTFOUND);
    oai_poller_free(p);
    oai_poller_free(NULL);
    assert_null(oai_poller_error(NULL));
    assert_int_equal(oai_poller_result(NULL, NULL), OAI_EINVAL);
    oai_multi_free(m2);
    oai_multi_free(m);
    oai_client_free(c2);
    oai_client_free(c);
}

/* ---- a blocking helper beside an application multi ---------------------- */

/* The blocking helper runs its own poller on a private multi even when the
 * client has an application multi: both finish, the application's poller
 * only at its own perform calls (no callback runs inside the blocking
 * call), and the multi keeps working afterwards. */
static void test_blocking_beside_multi(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 20;
    oai_json *params = car_params("#scenario:text in the multi");
    oai_poller *p;
    assert_int_equal(oai_poller_threads_create_and_run_poll(&p, c, params, &po), OAI_OK);
    oai_json_free(params);
    plog l;
    memset(&l, 0, sizeof l);
    assert_int_equal(oai_multi_add_poller(m, p, on_done, &l), OAI_OK);
    int running;
    assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
    assert_int_equal(running, 1);

    params = car_params("#scenario:text blocking");
    oai_json *run = NULL;
    assert_int_equal(oai_threads_create_and_run_poll(&run, c, params, &po), OAI_OK);
    assert_string_equal(oai_json_path_string(run, "status"), "completed");
    oai_json_free(run);
    oai_json_free(params);
    assert_int_equal(l.dones, 0);

    mc_run(m, 10000);
    assert_int_equal(l.dones, 1);
    assert_int_equal(l.result, OAI_OK);
    const oai_json *r;
    assert_int_equal(oai_poller_result(&r, p), OAI_OK);
    assert_string_equal(oai_json_path_string(r, "status"), "completed");
    oai_poller_free(p);
    oai_multi_free(m);
    oai_client_free(c);
}

/* ---- level 2: a poll(2) loop owns the sockets and the timer ------------- */

static void test_level2(void **state)
{
    (void)state;
    enum { N = 30 };
    oai_client *c = tu_emu_client(&g_emu);
    loop2 l;
    oai_multi_options mo = loop2_init(&l);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, &mo), OAI_OK);

    /* one slow run polled every 400 ms: between GETs the timer is the
     * poller's due time */
    oai_poll_options slow = OAI_POLL_OPTIONS_INIT;
    slow.poll_interval_ms = 400;
    slow.max_wait_ms = 1500;
    oai_json *params = car_params("#scenario:slow 100");
    oai_poller *sp;
    assert_int_equal(oai_poller_threads_create_and_run_poll(&sp, c, params, &slow), OAI_OK);
    oai_json_free(params);
    plog sl;
    memset(&sl, 0, sizeof sl);
    assert_int_equal(oai_multi_add_poller(m, sp, on_done, &sl), OAI_OK);
    assert_int_equal(l.timer, 0); /* adding armed the timer: due at once */

    oai_poller *p[N];
    plog pl[N];
    memset(pl, 0, sizeof pl);
    for (int i = 0; i < N; i++) {
        params = car_params("#scenario:text level two");
        assert_int_equal(oai_poller_threads_create_and_run_poll(&p[i], c, params, NULL), OAI_OK);
        oai_json_free(params);
        assert_int_equal(oai_multi_add_poller(m, p[i], on_done, &pl[i]), OAI_OK);
    }
    int running = N + 1, checked = 0;
    int64_t end = mc_now() + 20000;
    while (running) {
        assert_true(mc_now() < end);
        loop2_round(m, &l, &running);
        /* only the slow poller left, waiting: the timer is its due time */
        if (running == 1 && oai_poller_polls(sp) == 1 && !checked) {
            long ms;
            assert_int_equal(oai_multi_timeout(&ms, m), OAI_OK);
            /* Past 250 ms and under 2 s the timeout can only be the
             * poller's next GET: once that GET is in flight (the count
             * moves only with its answer) the due time is the transfer's
             * own timeouts, seconds away, and a loaded machine can land
             * a round in that window. */
            if (ms > 250 && ms < 2000) {
                assert_true(ms <= 400);
                assert_true(l.timer > 250 && l.timer <= 400);
                checked = 1;
            }
        }
    }
    assert_true(checked);
    for (int i = 0; i < N; i++) {
        assert_int_equal(pl[i].dones, 1);
        assert_int_equal(pl[i].result, OAI_OK);
        oai_poller_free(p[i]);
    }
    assert_int_equal(sl.dones, 1);
    assert_int_equal(sl.result, OAI_EPOLLTIMEOUT);
    assert_true(oai_poller_polls(sp) >= 3);
    oai_poller_free(sp);
    oai_multi_free(m);
    oai_client_free(c);
}

/* Nothing ever becomes ready on a connection a listener never accepts:
 * only the timer the multi reports ends the request, at the connect
 * timeout. */
static void test_level2_connect_timeout(void **state)
{
    (void)state;
    ts_stuck k;
    ts_stuck_open(&k);
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = k.url;
    o.connect_timeout_ms = 300;
    o.max_retries = 0;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    loop2 l;
    oai_multi_options mo = loop2_init(&l);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, &mo), OAI_OK);
    oai_call *r;
    plog rl;
    memset(&rl, 0, sizeof rl);
    int64_t t0 = mc_now();
    assert_int_equal(oai_multi_request(&r, m, "GET", "/assistants", NULL, NULL, NULL, on_done, &rl),
                     OAI_OK);
    int running = 1;
    while (running) {
        /* the loop is never asked to sleep past the connect timeout */
        assert_true(l.timer <= 300);
        assert_true(mc_now() - t0 < 5000);
        loop2_round(m, &l, &running);
    }
    int64_t took = mc_now() - t0;
    assert_int_equal(rl.dones, 1);
    assert_int_equal(rl.result, OAI_ETIMEOUT);
    assert_true(took >= 290 && took < 2500);
    oai_call_free(r);
    oai_multi_free(m);
    oai_client_free(c);
    ts_stuck_close(&k);
}

/* ---- the merged deadline at level 1 ------------------------------------ */

static void test_merged_deadline(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    long ms;
    assert_int_equal(oai_multi_timeout(&ms, m), OAI_OK);
    assert_int_equal(ms, -1); /* nothing at all */
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 2000;
    po.max_wait_ms = 700; /* the deadline comes before the next GET */
    oai_json *params = car_params("#scenario:slow 100");
    oai_poller *p;
    assert_int_equal(oai_poller_threads_create_and_run_poll(&p, c, params, &po), OAI_OK);
    oai_json_free(params);
    int64_t t0 = mc_now();
    assert_int_equal(oai_multi_add_poller(m, p, NULL, NULL), OAI_OK);
    assert_int_equal(oai_multi_timeout(&ms, m), OAI_OK);
    assert_int_equal(ms, 0);
    int running = 1;
    while (oai_poller_polls(p) < 1) {
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        assert_true(mc_now() - t0 < 600);
        oai_multi_wait(m, 50);
    }
    assert_int_equal(oai_multi_timeout(&ms, m), OAI_OK);
    long left = 700 - (long)(mc_now() - t0);
    assert_true(ms <= left + 1 && ms >= left - 50);
    /* one wait covers the whole gap, then the deadline fires */
    for (int rounds = 0; running; rounds++) {
        assert_true(rounds < 5); /* not a busy loop */
        assert_int_equal(oai_multi_wait(m, 5000), OAI_OK);
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
    }
    int64_t took = mc_now() - t0;
    assert_true(took >= 699 && took < 900);
    const oai_json *run;
    assert_int_equal(oai_poller_result(&run, p), OAI_EPOLLTIMEOUT);
    assert_int_equal(oai_poller_polls(p), 1);
    oai_poller_free(p);
    oai_multi_free(m);
    oai_client_free(c);
}

/* ---- streams, pollers and requests on one multi -------------------------- */

static void test_mixed(void **state)
{
    (void)state;
    enum { NS = 4, NP = 12, NR = 8 };
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    oai_stream *s[NS];
    mc_rec rec[NS];
    memset(rec, 0, sizeof rec);
    for (int i = 0; i < NS; i++) {
        assert_int_equal(mc_stream(&s[i], c, g_asst, "#scenario:long 20 5", &rec[i], 0, NULL),
                         OAI_OK);
        assert_int_equal(oai_multi_add_stream(m, s[i], mc_done, &rec[i]), OAI_OK);
    }
    oai_poller *p[NP];
    plog pl[NP];
    memset(pl, 0, sizeof pl);
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 25;
    for (int i = 0; i < NP; i++) {
        oai_json *params = car_params("#scenario:text mixed");
        assert_int_equal(oai_poller_threads_create_and_run_poll(&p[i], c, params, &po), OAI_OK);
        oai_json_free(params);
        assert_int_equal(oai_multi_add_poller(m, p[i], on_done, &pl[i]), OAI_OK);
    }
    oai_call *r[NR];
    plog rl[NR];
    memset(rl, 0, sizeof rl);
    for (int i = 0; i < NR; i++)
        assert_int_equal(oai_multi_request(&r[i], m, "GET", "/assistants", "limit=1", NULL, NULL,
                                           on_done, &rl[i]),
                         OAI_OK);
    mc_run(m, 30000);
    char want[512];
    mc_expected(want, sizeof want, 20);
    for (int i = 0; i < NS; i++) {
        assert_int_equal(rec[i].dones, 1);
        assert_int_equal(rec[i].done_result, OAI_OK);
        assert_string_equal(rec[i].text, want);
        oai_stream_free(s[i]);
    }
    for (int i = 0; i < NP; i++) {
        assert_int_equal(pl[i].dones, 1);
        assert_int_equal(pl[i].kind, OAI_MULTI_POLLER);
        const oai_json *run;
        assert_int_equal(oai_poller_result(&run, p[i]), OAI_OK);
        assert_string_equal(oai_json_path_string(run, "status"), "completed");
        oai_poller_free(p[i]);
    }
    for (int i = 0; i < NR; i++) {
        assert_int_equal(rl[i].dones, 1);
        assert_int_equal(rl[i].kind, OAI_MULTI_CALL);
        assert_int_equal(rl[i].result, OAI_OK);
        oai_call_free(r[i]);
    }
    oai_multi_free(m);
    oai_client_free(c);
}

/* ---- the same requests as the blocking helpers ---------------------------- */

/* The log entries after the mark, without volatile members, so a blocking
 * call and a poller can be compared request by request. */
static cJSON *normalized_log(size_t min)
{
    cJSON *log = tu_emu_log_new(&g_emu, min);
    for (cJSON *e = log->child; e; e = e->next) {
        cJSON_DeleteItemFromObject(e, "time_ms");
        cJSON_DeleteItemFromObject(e, "request_id");
        cJSON_DeleteItemFromObject(e, "path"); /* ids differ; compared apart */
        cJSON *body = cJSON_GetObjectItem(e, "body");
        if (cJSON_GetObjectItem(body, "file_id"))
            cJSON_ReplaceItemInObject(body, "file_id", cJSON_CreateString("F"));
        cJSON *ids = cJSON_GetObjectItem(body, "file_ids");
        for (int i = 0; i < cJSON_GetArraySize(ids); i++)
            cJSON_ReplaceItemInArray(ids, i, cJSON_CreateString("F"));
    }
    return log;
}

typedef struct vs_ctx {
    char vs[64], file[64];
} vs_ctx;

static void new_vs_and_file(oai_client *c, vs_ctx *v)
{
    oai_json *vs = NULL, *f = NULL;
    assert_int_equal(oai_vector_stores_create(&vs, c, NULL, NULL), OAI_OK);
    snprintf(v->vs, sizeof v->vs, "%s", oai_json_path_string(vs, "id"));
    assert_int_equal(oai_files_create(&f, c, &(oai_upload)OAI_UPLOAD_MEMORY("n.txt", "note", 4), "assistants", NULL),
                     OAI_OK);
    snprintf(v->file, sizeof v->file, "%s", oai_json_path_string(f, "id"));
    oai_json_free(vs);
    oai_json_free(f);
}

/* Run poller `p` alone on a fresh multi of `c` to its end. */
static int run_alone(oai_client *c, oai_poller *p, const oai_json **out)
{
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    assert_int_equal(oai_multi_add_poller(m, p, NULL, NULL), OAI_OK);
    mc_run(m, 10000);
    oai_multi_free(m);
    return oai_poller_result(out, p);
}

static void compare_slices(cJSON *a, cJSON *b)
{
    /* the number of GETs depends on timing: compare the POST and the first
     * GET, and require every GET to look like the first */
    const cJSON *ea = a->child, *eb = b->child;
    assert_non_null(ea);
    assert_non_null(eb);
    for (int i = 0; i < 2; i++, ea = ea->next, eb = eb->next) {
        assert_non_null(ea);
        assert_non_null(eb);
        if (!cJSON_Compare(ea, eb, 1)) {
            char *sa = cJSON_PrintUnformatted(ea), *sb = cJSON_PrintUnformatted(eb);
            fail_msg("blocking %s\npoller   %s", sa, sb);
        }
    }
    const cJSON *first = b->child->next;
    for (const cJSON *e = first; e; e = e->next)
        assert_true(cJSON_Compare(cJSON_GetObjectItem(e, "headers"),
                                  cJSON_GetObjectItem(first, "headers"), 1));
}

static void test_same_requests_as_blocking(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    static const char *const hdrs[] = {"X-Stainless-Test: abc"};
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.headers = hdrs;
    ro.n_headers = 1;
    static const char *const include[] = {
        "step_details.tool_calls[*].file_search.results[*].content", NULL};
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 30;
    po.request = &ro;

    /* runs: create on a thread, then poll */
    for (int round = 0; round < 2; round++) {
        oai_json *t = NULL, *tp = js("{\"messages\":[{\"role\":\"user\",\"content\":"
                                      "\"#scenario:text same bytes\"}]}");
        assert_int_equal(oai_threads_create(&t, c, tp, NULL), OAI_OK);
        char tid[64];
        snprintf(tid, sizeof tid, "%s", oai_json_path_string(t, "id"));
        oai_json_free(t);
        oai_json_free(tp);
        char body[128];
        snprintf(body, sizeof body, "{\"assistant_id\":\"%s\",\"metadata\":{\"k\":\"v\"}}",
                 g_asst);
        oai_json *params = js(body);
        tu_emu_mark(&g_emu);
        static cJSON *slice[2];
        if (round == 0) {
            oai_json *run = NULL;
            assert_int_equal(oai_runs_create_and_poll(&run, c, tid, params, include, &po), OAI_OK);
            assert_string_equal(oai_json_path_string(run, "status"), "completed");
            oai_json_free(run);
        } else {
            oai_poller *p;
            assert_int_equal(oai_poller_runs_create_and_poll(&p, c, tid, params, include, &po),
                             OAI_OK);
            const oai_json *run;
            assert_int_equal(run_alone(c, p, &run), OAI_OK);
            assert_string_equal(oai_json_path_string(run, "status"), "completed");
            oai_poller_free(p);
        }
        oai_json_free(params);
        slice[round] = normalized_log(2);
        if (round == 1) {
            compare_slices(slice[0], slice[1]);
            cJSON_Delete(slice[0]);
            cJSON_Delete(slice[1]);
        }
    }

    /* vector-store files and batches: the GETs carry only the helper
     * headers, the creating POST the caller's options */
    for (int kind = 0; kind < 2; kind++) {
        cJSON *slice[2];
        for (int round = 0; round < 2; round++) {
            vs_ctx v;
            new_vs_and_file(c, &v);
            char body[128];
            snprintf(body, sizeof body, "{\"file_ids\":[\"%s\"]}", v.file);
            oai_json *bp = js(body), *fp = js("{\"attributes\":{\"a\":1}}");
            tu_emu_mark(&g_emu);
            oai_json *out = NULL;
            const oai_json *pout = NULL;
            oai_poller *p = NULL;
            if (kind == 0 && round == 0)
                assert_int_equal(
                    oai_vector_store_files_create_and_poll(&out, c, v.vs, v.file, fp, &po),
                    OAI_OK);
            else if (kind == 0)
                assert_int_equal(
                    oai_poller_vector_store_files_create_and_poll(&p, c, v.vs, v.file, fp, &po),
                    OAI_OK);
            else if (round == 0)
                assert_int_equal(oai_file_batches_create_and_poll(&out, c, v.vs, bp, &po), OAI_OK);
            else
                assert_int_equal(oai_poller_file_batches_create_and_poll(&p, c, v.vs, bp, &po),
                                 OAI_OK);
            if (p)
                assert_int_equal(run_alone(c, p, &pout), OAI_OK);
            else
                pout = out;
            assert_string_equal(oai_json_path_string(pout, "status"), "completed");
            if (kind == 1)
                assert_int_equal(
                    (int)oai_json_number(oai_json_path(pout, "file_counts.completed"), 0), 1);
            oai_json_free(out);
            oai_poller_free(p);
            oai_json_free(bp);
            oai_json_free(fp);
            slice[round] = normalized_log(2);
            const cJSON *get = slice[round]->child->next;
            assert_null(tu_emu_header(get, "x-stainless-test"));
            assert_string_equal(tu_emu_header(slice[round]->child, "x-stainless-test"), "abc");
        }
        compare_slices(slice[0], slice[1]);
        cJSON_Delete(slice[0]);
        cJSON_Delete(slice[1]);
    }
    oai_client_free(c);
}

/* ---- the tool loop, the follow-up started from a completion ------------ */

typedef struct tool_ctx {
    oai_client *c;
    oai_multi *m;
    char tid[64];
    oai_poller *second;
    int first_result, second_result, dones;
} tool_ctx;

static void on_tool_done(const oai_multi_msg *msg, void *ud)
{
    tool_ctx *t = ud;
    t->dones++;
    if (msg->object == t->second) {
        t->second_result = msg->result;
        return;
    }
    t->first_result = msg->result;
    const oai_json *run;
    if (oai_poller_result(&run, msg->object) != OAI_OK)
        return;
    char outs[256];
    snprintf(outs, sizeof outs, "[{\"tool_call_id\":\"%s\",\"output\":\"22C\"}]",
             oai_json_path_string(run, "required_action.submit_tool_outputs.tool_calls.0.id"));
    oai_json *o = js(outs);
    /* from inside the callback: create and add the follow-up */
    assert_int_equal(oai_poller_runs_submit_tool_outputs_and_poll(
                         &t->second, t->c, t->tid, oai_json_path_string(run, "id"), o, NULL),
                     OAI_OK);
    oai_json_free(o);
    assert_int_equal(oai_multi_add_poller(t->m, t->second, on_tool_done, t), OAI_OK);
}

static void test_tool_loop(void **state)
{
    (void)state;
    tool_ctx t;
    memset(&t, 0, sizeof t);
    t.c = tu_emu_client(&g_emu);
    assert_int_equal(oai_multi_new(&t.m, t.c, NULL), OAI_OK);
    oai_json *ap = js("{\"model\":\"gpt-4o\",\"tools\":[{\"type\":\"function\",\"function\":"
                      "{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
                      "\"properties\":{\"city\":{\"type\":\"string\"}}}}}]}");
    oai_json *a = NULL, *th = NULL;
    assert_int_equal(oai_assistants_create(&a, t.c, ap, NULL), OAI_OK);
    oai_json *tp = js("{\"messages\":[{\"role\":\"user\",\"content\":"
                      "\"#scenario:function get_weather\"}]}");
    assert_int_equal(oai_threads_create(&th, t.c, tp, NULL), OAI_OK);
    snprintf(t.tid, sizeof t.tid, "%s", oai_json_path_string(th, "id"));
    char body[128];
    snprintf(body, sizeof body, "{\"assistant_id\":\"%s\"}", oai_json_path_string(a, "id"));
    oai_json *rp = js(body);
    oai_poller *first;
    assert_int_equal(oai_poller_runs_create_and_poll(&first, t.c, t.tid, rp, NULL, NULL), OAI_OK);
    tu_emu_mark(&g_emu);
    assert_int_equal(oai_multi_add_poller(t.m, first, on_tool_done, &t), OAI_OK);
    mc_run(t.m, 10000);
    assert_int_equal(t.dones, 2);
    assert_int_equal(t.first_result, OAI_OK);
    assert_int_equal(t.second_result, OAI_OK);
    const oai_json *run;
    assert_int_equal(oai_poller_result(&run, first), OAI_OK);
    assert_string_equal(oai_json_path_string(run, "status"), "requires_action");
    assert_int_equal(oai_poller_result(&run, t.second), OAI_OK);
    assert_string_equal(oai_json_path_string(run, "status"), "completed");
    char sub[200];
    snprintf(sub, sizeof sub, "/v1/threads/%s/runs/%s/submit_tool_outputs", t.tid,
             oai_json_path_string(run, "id"));
    cJSON *log = tu_emu_log_new(&g_emu, 4);
    int seen = 0;
    for (const cJSON *e = log->child; e; e = e->next)
        if (!strcmp(tu_emu_str(e, "path"), sub)) {
            assert_true(cJSON_IsFalse(
                cJSON_GetObjectItem(cJSON_GetObjectItem(e, "body"), "stream")));
            assert_null(tu_emu_header(e, "x-stainless-poll-helper"));
            seen++;
        }
    assert_int_equal(seen, 1);
    cJSON_Delete(log);
    oai_poller_free(first);
    oai_poller_free(t.second);
    oai_json_free(rp);
    oai_json_free(tp);
    oai_json_free(th);
    oai_json_free(a);
    oai_json_free(ap);
    oai_multi_free(t.m);
    oai_client_free(t.c);
}

/* ---- allocation failures ------------------------------------------------ */

/* A whole life: client, multi, a poller of a finished run (one GET),
 * everything freed. Any outcome but a leak or a hang is fine. */
static int poller_life(const char *tid, const char *rid)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = g_emu.base_url;
    o.max_retries = 0;
    o.timeout_ms = 400; /* a failed allocation inside libcurl can stall */
    o.log_level = OAI_LOG_OFF;
    oai_client *c = NULL;
    int rc = oai_client_new(&c, &o, NULL, 0);
    if (rc)
        return rc;
    oai_multi *m = NULL;
    oai_poller *p = NULL;
    static const char *const hdrs[] = {"X-Sweep: 1"};
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.headers = hdrs;
    ro.n_headers = 1;
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 10;
    po.request = &ro;
    rc = oai_multi_new(&m, c, NULL);
    if (!rc)
        rc = oai_poller_runs_poll(&p, c, tid, rid, &po);
    if (!rc)
        rc = oai_multi_add_poller(m, p, NULL, NULL);
    if (!rc) {
        int running = 1;
        int64_t end = mc_now() + 3000;
        while (running && mc_now() < end) {
            oai_multi_perform(m, &running);
            if (running)
                oai_multi_wait(m, 100);
        }
        const oai_json *run;
        rc = running ? OAI_ERROR : oai_poller_result(&run, p);
        if (!rc && strcmp(oai_json_path_string(run, "status"), "completed") != 0)
            rc = OAI_ERROR;
    }
    oai_poller_free(p);
    oai_multi_free(m);
    oai_client_free(c);
    return rc;
}

static void test_alloc_failure_sweep(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_json *params = car_params("#scenario:text sweep"), *run = NULL;
    assert_int_equal(oai_threads_create_and_run_poll(&run, c, params, NULL), OAI_OK);
    char tid[64], rid[64];
    snprintf(tid, sizeof tid, "%s", oai_json_path_string(run, "thread_id"));
    snprintf(rid, sizeof rid, "%s", oai_json_path_string(run, "id"));
    oai_json_free(run);
    oai_json_free(params);
    oai_client_free(c);

    assert_int_equal(poller_life(tid, rid), OAI_OK); /* warm up */
    tu_failalloc_arm(0);
    long live0 = tu_failalloc_live();
    assert_int_equal(poller_life(tid, rid), OAI_OK);
    long total = tu_failalloc_count();
    assert_int_equal(tu_failalloc_live(), live0);
    assert_true(total > 20);
    int ok = 0;
    for (long k = 1; k <= total; k++) {
        tu_failalloc_arm(k);
        int rc = poller_life(tid, rid);
        tu_failalloc_arm(0);
        if (tu_failalloc_live() != live0)
            fail_msg("leak after failing allocation %ld of %ld (rc %d)", k, total, rc);
        ok += rc == OAI_OK;
    }
    print_message("allocation sweep: %ld allocations, %d lives still succeeded\n", total, ok);
}

int main(void)
{
    tu_failalloc_install();
    if (getenv("OAI_TEST_FILTER")) /* run one test while debugging */
        cmocka_set_test_filter(getenv("OAI_TEST_FILTER"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_runs),
        cmocka_unit_test(test_spacing_custom_interval),
        cmocka_unit_test(test_spacing_header_interval),
        cmocka_unit_test(test_header_interval_kept),
        cmocka_unit_test(test_cancel_token),
        cmocka_unit_test(test_cancel_progress),
        cmocka_unit_test(test_remove_and_free_midflight),
        cmocka_unit_test(test_free_in_done),
        cmocka_unit_test(test_errors_and_arguments),
        cmocka_unit_test(test_blocking_beside_multi),
        cmocka_unit_test(test_level2),
        cmocka_unit_test(test_level2_connect_timeout),
        cmocka_unit_test(test_merged_deadline),
        cmocka_unit_test(test_mixed),
        cmocka_unit_test(test_same_requests_as_blocking),
        cmocka_unit_test(test_tool_loop),
        cmocka_unit_test(test_alloc_failure_sweep),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
