/* oai_multi level 1 and level 2 with plain requests against oai-emulator:
 * many requests in flight on one thread, completion callbacks and the
 * message queue, retry back-off as the merged deadline (never a sleep),
 * wakeup from another thread, an error result, and a poll()-driven
 * level-2 loop fed by the socket and timer callbacks. */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "emu.h"
#include "oai.h"
#include "testutil.h"
#include "loop2.h"

static tu_emu g_emu;

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int setup(void **state)
{
    (void)state;
    return tu_emu_start(&g_emu, NULL) ? -1 : 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_emu_stop(&g_emu);
    return 0;
}

/* Perform and wait until nothing runs (bounded). */
static void run_all(oai_multi *m, int64_t max_ms)
{
    int64_t end = mono_ms() + max_ms;
    int running = 1;
    while (running) {
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        if (running) {
            assert_true(mono_ms() < end);
            assert_int_equal(oai_multi_wait(m, 1000), OAI_OK);
        }
    }
}

#define N_REQ 100

typedef struct done_log {
    int count;
    int ok;
    oai_call *seen[N_REQ];
} done_log;

static void on_done(const oai_multi_msg *msg, void *ud)
{
    done_log *d = ud;
    assert_int_equal(msg->kind, OAI_MULTI_CALL);
    assert_ptr_equal(msg->user_data, ud);
    if (d->count < N_REQ)
        d->seen[d->count] = msg->object;
    d->count++;
    d->ok += msg->result == OAI_OK;
}

static void test_many_requests(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    /* one multi per client */
    oai_multi *m2;
    assert_int_equal(oai_multi_new(&m2, c, NULL), OAI_EINVAL);

    oai_call *r[N_REQ];
    done_log d;
    memset(&d, 0, sizeof d);
    oai_json *body = NULL;
    assert_int_equal(oai_json_parse_cstr(&body, "{\"metadata\":{\"k\":\"v\"}}"), OAI_OK);
    tu_emu_mark(&g_emu);
    for (int i = 0; i < N_REQ; i++)
        assert_int_equal(oai_multi_request(&r[i], m, "POST", "/threads", NULL, body, NULL,
                                           on_done, &d),
                         OAI_OK);
    oai_json_free(body);
    /* nothing is sent before the first perform */
    assert_int_equal(d.count, 0);
    int running = 0;
    assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
    assert_true(running > 0);
    run_all(m, 20000);
    assert_int_equal(d.count, N_REQ);
    assert_int_equal(d.ok, N_REQ);

    /* the queue holds the same completions, each request once */
    int seen[N_REQ] = {0};
    int left = -1, n = 0;
    const oai_multi_msg *msg;
    while ((msg = oai_multi_info_read(m, &left))) {
        for (int i = 0; i < N_REQ; i++)
            if (msg->object == r[i])
                seen[i]++;
        assert_int_equal(msg->result, OAI_OK);
        n++;
        assert_int_equal(left, N_REQ - n);
    }
    assert_int_equal(n, N_REQ);
    for (int i = 0; i < N_REQ; i++) {
        assert_int_equal(seen[i], 1);
        const oai_response *resp;
        assert_int_equal(oai_call_result(&resp, r[i]), OAI_OK);
        assert_int_equal(oai_response_status(resp), 200);
        const char *id = oai_json_path_string(oai_response_json(resp), "id");
        assert_non_null(id);
        assert_int_equal(strncmp(id, "thread_", 7), 0);
        oai_call_free(r[i]);
    }
    cJSON *log = tu_emu_log_new(&g_emu, N_REQ);
    assert_int_equal(cJSON_GetArraySize(log), N_REQ);
    cJSON_Delete(log);
    oai_multi_free(m);
    /* the client is blocking again */
    oai_json *t = NULL;
    assert_int_equal(oai_threads_create(&t, c, NULL, NULL), OAI_OK);
    oai_json_free(t);
    oai_client_free(c);
}

static void free_in_done(const oai_multi_msg *msg, void *ud)
{
    int *calls = ud;
    (*calls)++;
    assert_int_equal(msg->result, OAI_ENOTFOUND);
    const oai_response *resp = (const oai_response *)1;
    assert_int_equal(oai_call_result(&resp, msg->object), OAI_ENOTFOUND);
    assert_null(resp);
    assert_int_equal(oai_call_error(msg->object)->http_status, 404);
    /* a completion callback may free its object; perform is refused */
    int running;
    assert_int_equal(oai_multi_perform(NULL, &running), OAI_EINVAL);
    oai_call_free(msg->object);
}

static void test_error_and_free_in_callback(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    oai_call *r;
    int calls = 0;
    assert_int_equal(oai_multi_request(&r, m, "GET", "/assistants/asst_missing", NULL, NULL, NULL,
                                       free_in_done, &calls),
                     OAI_OK);
    run_all(m, 10000);
    assert_int_equal(calls, 1);
    /* its queued message went with it */
    assert_null(oai_multi_info_read(m, NULL));
    oai_multi_free(m);
    oai_client_free(c);
}

/* 503 with retry-after-ms: 300, then 200. The back-off is the multi's
 * deadline: the timeout says so, and the loop only waits in wait(). */
static void test_retry_backoff_is_a_timer(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    const char *hdr[] = {"X-Emulator-Fault: status=503;count=1;retry-after-ms=300"};
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.headers = hdr;
    ro.n_headers = 1;
    ro.max_retries = 2;
    oai_call *r;
    int64_t t0 = mono_ms();
    assert_int_equal(oai_multi_request(&r, m, "GET", "/assistants", NULL, NULL, &ro, NULL, NULL),
                     OAI_OK);
    long to = -2;
    assert_int_equal(oai_multi_timeout(&to, m), OAI_OK);
    assert_int_equal(to, 0); /* a new request is due at once */
    int running = 1;
    long max_seen = -1;
    int64_t end = t0 + 10000;
    while (running) {
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        if (!running)
            break;
        assert_int_equal(oai_multi_timeout(&to, m), OAI_OK);
        if (to >= 250 && to <= 300)
            max_seen = to; /* the back-off after the 503 */
        assert_true(mono_ms() < end);
        assert_int_equal(oai_multi_wait(m, 1000), OAI_OK);
    }
    int64_t took = mono_ms() - t0;
    const oai_response *resp;
    int rc = oai_call_result(&resp, r);
    assert_int_equal(rc, OAI_OK);
    assert_int_equal(oai_response_status(resp), 200);
    assert_true(max_seen >= 250 && max_seen <= 300);
    assert_true(took >= 295);
    assert_true(took < 5000);
    oai_call_free(r);
    oai_multi_free(m);
    oai_client_free(c);
}

static void *wake_later(void *arg)
{
    struct timespec ts = {0, 100 * 1000000L};
    nanosleep(&ts, NULL);
    oai_multi_wakeup(arg);
    return NULL;
}

static void test_wakeup_from_another_thread(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    long to = 0;
    assert_int_equal(oai_multi_timeout(&to, m), OAI_OK);
    assert_int_equal(to, -1); /* idle: no deadline at all */
    pthread_t th;
    int64_t t0 = mono_ms();
    assert_int_equal(pthread_create(&th, NULL, wake_later, m), 0);
    assert_int_equal(oai_multi_wait(m, 10000), OAI_OK);
    int64_t took = mono_ms() - t0;
    pthread_join(th, NULL);
    assert_true(took >= 90);
    assert_true(took < 5000);
    assert_int_equal(oai_multi_wait(m, -1), OAI_EINVAL);
    oai_multi_free(m);
    oai_client_free(c);
}

/* ---- level 2 with poll() ---------------------------------------------- */

static void test_level2_poll_loop(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    loop2 l;
    oai_multi_options mo = loop2_init(&l);
    oai_multi *m;
    mo.timer_cb = NULL;
    assert_int_equal(oai_multi_new(&m, c, &mo), OAI_EINVAL); /* timer_cb missing */
    mo.timer_cb = loop2_timer_cb;
    assert_int_equal(oai_multi_new(&m, c, &mo), OAI_OK);
    int running = 0;
    assert_int_equal(oai_multi_perform(m, &running), OAI_OK);

    enum { N = 40 };
    oai_call *r[N];
    done_log d;
    memset(&d, 0, sizeof d);
    for (int i = 0; i < N; i++)
        assert_int_equal(oai_multi_request(&r[i], m, "GET", "/assistants", NULL, NULL, NULL, on_done,
                                           &d),
                         OAI_OK);
    /* starting requests armed the timer to fire at once */
    assert_true(l.timer_calls > 0);
    assert_int_equal(l.timer, 0);
    int64_t end = mono_ms() + 20000;
    running = N;
    while (running) {
        assert_true(mono_ms() < end);
        loop2_round(m, &l, &running);
    }
    assert_int_equal(d.count, N);
    assert_int_equal(d.ok, N);
    for (int i = 0; i < N; i++)
        oai_call_free(r[i]);
    oai_multi_free(m);
    oai_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_requests),
        cmocka_unit_test(test_error_and_free_in_callback),
        cmocka_unit_test(test_retry_backoff_is_a_timer),
        cmocka_unit_test(test_wakeup_from_another_thread),
        cmocka_unit_test(test_level2_poll_loop),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
