/* Clients and streams used from many threads at once, against one
 * oai-emulator, after one shared oai_global_init() (make check-tsan runs
 * it under ThreadSanitizer): every thread has its own client, streams runs
 * with hooks, makes REST calls and blocks in a polled run; a multi's wait
 * is woken from another thread while its streams run; blocking polls on
 * several threads are cancelled from another thread. Worker threads never
 * call cmocka (its failure jumps are per thread): they record the first
 * failure and the main thread reports it. */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "../multi/multi_common.h"

#define N_THREADS 8
#define ROUNDS 3
#define N_WORDS 12

static tu_emu g_emu;
static char g_asst[64];

typedef struct worker {
    int idx;
    oai_client *c;
    int streams, polls;
    char err[512];
} worker;

static int failf(worker *w, const char *fmt, ...)
{
    if (!w->err[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(w->err, sizeof w->err, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int setup(void **state)
{
    (void)state;
    /* one initialisation for the whole process, before any thread */
    if (oai_global_init(NULL) != OAI_OK)
        return -1;
    static const char *const args[] = {"--step-ms", "3", "--delta-ms", "2",
                                       "--poll-after-ms", "20", NULL};
    if (tu_emu_start(&g_emu, args))
        return -1;
    oai_client *c = tu_emu_client(&g_emu);
    if (!c)
        return -1;
    mc_assistant(c, g_asst, sizeof g_asst);
    oai_client_free(c);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_emu_stop(&g_emu);
    oai_global_cleanup();
    return 0;
}

static oai_json *parse_fmt(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    oai_json *j = NULL;
    return oai_json_parse_cstr(&j, buf) == OAI_OK ? j : NULL;
}

/* A new thread holding one user message; its id into `id`. */
static int new_thread(worker *w, char *id, size_t cap, const char *text)
{
    oai_json *p = parse_fmt("{\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}", text);
    oai_json *t = NULL;
    int rc = p ? oai_threads_create(&t, w->c, p, NULL) : OAI_ENOMEM;
    if (!rc)
        snprintf(id, cap, "%s", oai_json_path_string(t, "id"));
    oai_json_free(t);
    oai_json_free(p);
    return rc ? failf(w, "thread %d: threads_create: %s", w->idx, oai_strerror(rc)) : 0;
}

/* Stream a run with text hooks, check what they saw, then read the run and
 * the reply back with REST calls. */
static int stream_round(worker *w, int round)
{
    char tid[64], msg[64], want[512];
    snprintf(msg, sizeof msg, "#scenario:long %d 1", N_WORDS);
    mc_expected(want, sizeof want, N_WORDS);
    if (new_thread(w, tid, sizeof tid, msg))
        return -1;
    oai_json *p = parse_fmt("{\"assistant_id\":\"%s\"}", g_asst);
    mc_rec rec;
    memset(&rec, 0, sizeof rec);
    oai_assistant_handler h = mc_handler(&rec);
    oai_stream_options so = OAI_STREAM_OPTIONS_INIT;
    so.handler = &h;
    oai_stream *s = NULL;
    int rc = oai_runs_stream(&s, w->c, tid, p, NULL, &so, NULL);
    oai_json_free(p);
    if (rc)
        return failf(w, "thread %d round %d: runs_stream: %s", w->idx, round, oai_strerror(rc));
    rc = oai_stream_until_done(s);
    const oai_run *run = NULL;
    char run_id[64] = "";
    if (!rc && (rc = oai_stream_final_run(&run, s)) == OAI_OK)
        snprintf(run_id, sizeof run_id, "%s", oai_run_id(run));
    oai_stream_free(s);
    if (rc)
        return failf(w, "thread %d round %d: stream: %s", w->idx, round, oai_strerror(rc));
    if (strcmp(rec.text, want) != 0 || rec.deltas != N_WORDS || rec.ends != 1 || rec.exceptions)
        return failf(w, "thread %d round %d: hooks saw \"%s\" (%d deltas, %d ends, %d exceptions)",
                     w->idx, round, rec.text, rec.deltas, rec.ends, rec.exceptions);

    oai_json *r = NULL;
    rc = oai_runs_retrieve(&r, w->c, tid, run_id, NULL);
    const char *st = rc ? NULL : oai_json_path_string(r, "status");
    int ok = st && strcmp(st, "completed") == 0;
    oai_json_free(r);
    if (!ok)
        return failf(w, "thread %d round %d: runs_retrieve: %s, status %s", w->idx, round,
                     oai_strerror(rc), st ? st : "(none)");
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.order = "desc";
    lo.limit = 1;
    oai_json *page = NULL;
    rc = oai_messages_list(&page, w->c, tid, &lo, NULL);
    const char *text = rc ? NULL : oai_json_path_string(page, "data.0.content.0.text.value");
    ok = text && strcmp(text, want) == 0;
    oai_json_free(page);
    if (!ok)
        return failf(w, "thread %d round %d: messages_list: %s", w->idx, round, oai_strerror(rc));
    w->streams++;
    return 0;
}

/* A blocking create-and-poll of a short text run. */
static int poll_round(worker *w, int round)
{
    char tid[64], msg[96], want[32];
    snprintf(want, sizeof want, "t%d r%d", w->idx, round);
    snprintf(msg, sizeof msg, "#scenario:text %s", want);
    if (new_thread(w, tid, sizeof tid, msg))
        return -1;
    oai_json *p = parse_fmt("{\"assistant_id\":\"%s\"}", g_asst), *run = NULL;
    int rc = oai_runs_create_and_poll(&run, w->c, tid, p, NULL, NULL);
    const char *st = rc ? NULL : oai_json_path_string(run, "status");
    int ok = st && strcmp(st, "completed") == 0;
    oai_json_free(run);
    oai_json_free(p);
    if (!ok)
        return failf(w, "thread %d round %d: create_and_poll: %s, status %s", w->idx, round,
                     oai_strerror(rc), st ? st : "(none)");
    w->polls++;
    return 0;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    w->c = tu_emu_client(&g_emu);
    if (!w->c) {
        failf(w, "thread %d: no client", w->idx);
        return NULL;
    }
    for (int r = 0; r < ROUNDS; r++)
        if (stream_round(w, r) || poll_round(w, r))
            break;
    oai_client_free(w->c);
    return NULL;
}

static void join_and_check(pthread_t *th, worker *w, int n)
{
    for (int i = 0; i < n; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    for (int i = 0; i < n; i++)
        if (w[i].err[0])
            fail_msg("%s", w[i].err);
}

static void clients_on_many_threads(void **state)
{
    (void)state;
    pthread_t th[N_THREADS];
    worker w[N_THREADS];
    memset(w, 0, sizeof w);
    for (int i = 0; i < N_THREADS; i++) {
        w[i].idx = i;
        assert_int_equal(pthread_create(&th[i], NULL, worker_main, &w[i]), 0);
    }
    join_and_check(th, w, N_THREADS);
    for (int i = 0; i < N_THREADS; i++) {
        assert_int_equal(w[i].streams, ROUNDS);
        assert_int_equal(w[i].polls, ROUNDS);
    }
}

/* ---- a multi woken from another thread --------------------------------- */

#define MULTI_STREAMS 6

typedef struct waker {
    oai_multi *m;
    atomic_int stop;
    atomic_long wakeups;
} waker;

static void *waker_main(void *arg)
{
    waker *k = arg;
    struct timespec ts = {0, 1000000L};
    while (!atomic_load(&k->stop)) {
        if (oai_multi_wakeup(k->m) == OAI_OK)
            atomic_fetch_add(&k->wakeups, 1);
        nanosleep(&ts, NULL);
    }
    return NULL;
}

typedef struct multi_job {
    int idx;
    long waker_calls;
    char err[512];
} multi_job;

/* One multi with several streams, driven with long waits that only the
 * other thread's wakeups (and the traffic) end early. */
static void *multi_main(void *arg)
{
    multi_job *j = arg;
    worker fw = {.idx = j->idx};
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m = NULL;
    if (!c || oai_multi_new(&m, c, NULL) != OAI_OK) {
        snprintf(j->err, sizeof j->err, "multi %d: no client or multi", j->idx);
        oai_client_free(c);
        return NULL;
    }
    mc_rec rec[MULTI_STREAMS];
    oai_stream *s[MULTI_STREAMS] = {0};
    memset(rec, 0, sizeof rec);
    char msg[64], want[512];
    snprintf(msg, sizeof msg, "#scenario:long %d 2", N_WORDS);
    mc_expected(want, sizeof want, N_WORDS);
    waker k = {.m = m};
    pthread_t wt;
    int have_waker = pthread_create(&wt, NULL, waker_main, &k) == 0;
    if (!have_waker)
        failf(&fw, "multi %d: pthread_create", j->idx);
    for (int i = 0; i < MULTI_STREAMS && !fw.err[0]; i++) {
        int rc = mc_stream(&s[i], c, g_asst, msg, &rec[i], 0, NULL);
        if (!rc)
            rc = oai_multi_add_stream(m, s[i], mc_done, &rec[i]);
        if (rc)
            failf(&fw, "multi %d: stream %d: %s", j->idx, i, oai_strerror(rc));
    }
    int64_t end = mc_now() + 60000;
    int running = 1;
    while (!fw.err[0] && running) {
        int rc = oai_multi_perform(m, &running);
        if (!rc && running)
            rc = oai_multi_wait(m, 10000);
        if (rc)
            failf(&fw, "multi %d: perform/wait: %s", j->idx, oai_strerror(rc));
        else if (mc_now() > end)
            failf(&fw, "multi %d: streams did not finish", j->idx);
    }
    if (have_waker) {
        atomic_store(&k.stop, 1);
        pthread_join(wt, NULL);
    }
    j->waker_calls = atomic_load(&k.wakeups);
    for (int i = 0; i < MULTI_STREAMS && !fw.err[0]; i++)
        if (strcmp(rec[i].text, want) != 0 || rec[i].ends != 1 || rec[i].dones != 1 ||
            rec[i].done_result != OAI_OK)
            failf(&fw, "multi %d stream %d: \"%s\" ends %d dones %d result %d", j->idx, i,
                  rec[i].text, rec[i].ends, rec[i].dones, rec[i].done_result);
    for (int i = 0; i < MULTI_STREAMS; i++)
        oai_stream_free(s[i]);
    oai_multi_free(m);
    oai_client_free(c);
    memcpy(j->err, fw.err, sizeof j->err);
    return NULL;
}

static void multi_woken_from_other_threads(void **state)
{
    (void)state;
    enum { N = 3 };
    pthread_t th[N];
    multi_job j[N];
    memset(j, 0, sizeof j);
    for (int i = 0; i < N; i++) {
        j[i].idx = i;
        assert_int_equal(pthread_create(&th[i], NULL, multi_main, &j[i]), 0);
    }
    for (int i = 0; i < N; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    for (int i = 0; i < N; i++) {
        if (j[i].err[0])
            fail_msg("%s", j[i].err);
        assert_true(j[i].waker_calls > 0);
    }
}

/* ---- blocking polls cancelled from another thread ---------------------- */

#define N_POLLERS 4

static atomic_int g_polling; /* pollers past their first poll GET */

typedef struct poller_job {
    worker w;
    oai_cancel *tok;
    int rc, counted;
    int64_t took_ms;
} poller_job;

static int on_progress(const oai_poll_progress *pr, void *ud)
{
    poller_job *p = ud;
    if (pr->phase == OAI_POLL_PHASE_POLL && !p->counted) {
        p->counted = 1;
        atomic_fetch_add(&g_polling, 1);
    }
    return 0;
}

static void *poller_main(void *arg)
{
    poller_job *p = arg;
    worker *w = &p->w;
    w->c = tu_emu_client(&g_emu);
    char tid[64];
    if (!w->c || new_thread(w, tid, sizeof tid, "#scenario:slow 100000")) {
        failf(w, "poller %d: setup failed", w->idx);
        oai_client_free(w->c);
        return NULL;
    }
    oai_json *params = parse_fmt("{\"assistant_id\":\"%s\"}", g_asst), *run = NULL;
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 20000; /* far longer than the test may take */
    po.cancel = p->tok;
    po.progress = on_progress;
    po.user_data = p;
    int64_t t0 = mc_now();
    p->rc = oai_runs_create_and_poll(&run, w->c, tid, params, NULL, &po);
    p->took_ms = mc_now() - t0;
    /* stop the endless run so the emulator stays quiet */
    const char *rid = run ? oai_json_path_string(run, "id") : NULL;
    oai_json *cancelled = NULL;
    if (rid && oai_runs_cancel(&cancelled, w->c, tid, rid, NULL) != OAI_OK)
        failf(w, "poller %d: runs_cancel failed", w->idx);
    if (!rid)
        failf(w, "poller %d: no run seen (rc %s)", w->idx, oai_strerror(p->rc));
    oai_json_free(cancelled);
    oai_json_free(run);
    oai_json_free(params);
    oai_client_free(w->c);
    return NULL;
}

/* Trigger once every poller waits out its interval (or after 30 s, which
 * the pollers' checks then report). */
static void *trigger_when_all_wait(void *tok)
{
    struct timespec ts = {0, 5 * 1000000L};
    int64_t end = mc_now() + 30000;
    while (atomic_load(&g_polling) < N_POLLERS && mc_now() < end)
        nanosleep(&ts, NULL);
    nanosleep(&ts, NULL); /* into the wait after the first poll */
    oai_cancel_trigger(tok);
    return NULL;
}

static void polls_cancelled_from_another_thread(void **state)
{
    (void)state;
    oai_cancel *tok = NULL;
    assert_int_equal(oai_cancel_new(&tok), OAI_OK);
    pthread_t th[N_POLLERS], trig;
    poller_job p[N_POLLERS];
    memset(p, 0, sizeof p);
    atomic_store(&g_polling, 0); /* before any poller can count itself */
    for (int i = 0; i < N_POLLERS; i++) {
        p[i].w.idx = i;
        p[i].tok = tok; /* one token shared by every poller */
        assert_int_equal(pthread_create(&th[i], NULL, poller_main, &p[i]), 0);
    }
    assert_int_equal(pthread_create(&trig, NULL, trigger_when_all_wait, tok), 0);
    for (int i = 0; i < N_POLLERS; i++)
        assert_int_equal(pthread_join(th[i], NULL), 0);
    assert_int_equal(pthread_join(trig, NULL), 0);
    assert_true(oai_cancel_is_set(tok));
    for (int i = 0; i < N_POLLERS; i++) {
        if (p[i].w.err[0])
            fail_msg("%s", p[i].w.err);
        assert_int_equal(p[i].rc, OAI_ECANCELLED);
        assert_int_equal(p[i].counted, 1);
        /* woken out of the 20 s wait, not at its end */
        assert_true(p[i].took_ms < 15000);
    }
    oai_cancel_free(tok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clients_on_many_threads),
        cmocka_unit_test(multi_woken_from_other_threads),
        cmocka_unit_test(polls_cancelled_from_another_thread),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
