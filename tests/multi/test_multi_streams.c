/* Streams on a multi (level 1) against oai-emulator: many concurrent
 * streams with their hooks firing inside perform and every text intact,
 * pull mode with OAI_EAGAIN, a request failing before the stream starts
 * (no hook), the stall timeout as a timer (on_timeout → on_exception →
 * on_end), and removal mid-flight (on_end once). */
#include <stdlib.h>

#include "multi_common.h"
#include "trace.h"

static tu_emu g_emu;
static char g_asst[64];

static int setup(void **state)
{
    (void)state;
    if (mc_emulator_with_assistant(&g_emu, g_asst, sizeof g_asst))
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tu_emu_stop(&g_emu);
    return 0;
}

#define N_STREAMS 120
#define N_WORDS 40

static void test_many_streams_push(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    mc_rec *rec = calloc(N_STREAMS, sizeof *rec);
    oai_stream *s[N_STREAMS];
    char msg[64];
    snprintf(msg, sizeof msg, "#scenario:long %d 3", N_WORDS);
    int64_t t0 = mc_now();
    for (int i = 0; i < N_STREAMS; i++) {
        assert_int_equal(mc_stream(&s[i], c, g_asst, msg, &rec[i], 0, NULL), OAI_OK);
        assert_int_equal(oai_multi_add_stream(m, s[i], mc_done, &rec[i]), OAI_OK);
    }
    assert_int_equal(oai_multi_add_stream(m, s[0], NULL, NULL), OAI_EINVAL);
    /* creation did not wait for anything */
    assert_true(mc_now() - t0 < 2000);
    assert_int_equal(rec[0].deltas, 0);
    mc_run(m, 60000);
    char want[1024];
    mc_expected(want, sizeof want, N_WORDS);
    for (int i = 0; i < N_STREAMS; i++) {
        assert_string_equal(rec[i].text, want);
        assert_int_equal(rec[i].deltas, N_WORDS);
        assert_int_equal(rec[i].ends, 1);
        assert_int_equal(rec[i].exceptions, 0);
        assert_int_equal(rec[i].dones, 1);
        assert_int_equal(rec[i].done_result, OAI_OK);
        const oai_run *run;
        assert_int_equal(oai_stream_final_run(&run, s[i]), OAI_OK);
        assert_string_equal(oai_json_string(oai_json_get((const oai_json *)run, "status")),
                            "completed");
    }
    int n = 0;
    while (oai_multi_info_read(m, NULL))
        n++;
    assert_int_equal(n, N_STREAMS);
    for (int i = 0; i < N_STREAMS; i++)
        oai_stream_free(s[i]);
    for (int i = 0; i < N_STREAMS; i++)
        assert_int_equal(rec[i].ends, 1);
    free(rec);
    oai_multi_free(m);
    oai_client_free(c);
}

static void test_pull_mode_eagain(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    oai_stream *s;
    assert_int_equal(mc_stream(&s, c, g_asst, "#scenario:long 25 3", NULL, 0, NULL), OAI_OK);
    const oai_event *ev;
    /* nothing sent yet */
    assert_int_equal(oai_stream_next(&ev, s), OAI_EAGAIN);
    char text[1024] = "";
    int eagain = 1, rc, running;
    int64_t end = mc_now() + 20000;
    for (;;) {
        assert_true(mc_now() < end);
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        while ((rc = oai_stream_next(&ev, s)) == OAI_OK)
            if (oai_event_type_of(ev) == OAI_EVENT_MESSAGE_DELTA) {
                const char *t = oai_json_path_string(oai_event_json(ev), "delta.content.0.text.value");
                strncat(text, t ? t : "", sizeof text - strlen(text) - 1);
            }
        if (rc != OAI_EAGAIN)
            break;
        eagain++;
        assert_int_equal(oai_multi_wait(m, 1000), OAI_OK);
    }
    assert_int_equal(rc, OAI_ITEROVER);
    assert_true(eagain > 1);
    char want[512];
    mc_expected(want, sizeof want, 25);
    assert_string_equal(text, want);
    oai_stream_free(s);
    oai_multi_free(m);
    oai_client_free(c);
}

static void test_failure_before_start_runs_no_hook(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    mc_rec r;
    memset(&r, 0, sizeof r);
    oai_stream *s;
    assert_int_equal(mc_stream(&s, c, "asst_missing", "hi", &r, 0, NULL), OAI_OK);
    assert_int_equal(oai_multi_add_stream(m, s, mc_done, &r), OAI_OK);
    mc_run(m, 10000);
    assert_int_equal(r.dones, 1);
    assert_int_equal(r.done_result, OAI_ENOTFOUND);
    assert_int_equal(oai_stream_error(s)->http_status, 404);
    assert_int_equal(r.ends + r.exceptions + r.deltas, 0);
    const oai_event *ev;
    assert_int_equal(oai_stream_next(&ev, s), OAI_ENOTFOUND);
    oai_stream_free(s);
    assert_int_equal(r.ends, 0);
    oai_multi_free(m);
    oai_client_free(c);
}

/* Deltas 800 ms apart, stall timeout 250 ms, idle timeout 10 s: the stall
 * timer of the multi ends the stream, the loop only waits in wait(). */
static void test_stall_timeout(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    mc_rec r;
    memset(&r, 0, sizeof r);
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.read_timeout_ms = 10000;
    oai_stream *s;
    assert_int_equal(mc_stream(&s, c, g_asst, "#scenario:slow 800", &r, 250, &ro), OAI_OK);
    assert_int_equal(oai_multi_add_stream(m, s, mc_done, &r), OAI_OK);
    int64_t t0 = mc_now();
    mc_run(m, 10000);
    assert_int_equal(r.dones, 1);
    assert_int_equal(r.done_result, OAI_ETIMEOUT);
    assert_int_equal(r.timeouts, 1);
    assert_int_equal(r.exceptions, 1);
    assert_int_equal(r.last_code, OAI_ETIMEOUT);
    assert_int_equal(r.ends, 1);
    assert_int_equal(r.order_bad, 0);
    assert_string_equal(trace_error_kind(oai_stream_error(s)), "timeout");
    /* the run's first events came quickly, then nothing for 250 ms */
    int64_t last = r.last_delta_ms ? r.last_delta_ms : t0;
    assert_true(r.timeout_ms - last >= 240);
    assert_true(r.timeout_ms - t0 < 5000);
    oai_stream_free(s);
    assert_int_equal(r.ends, 1);
    oai_multi_free(m);
    oai_client_free(c);
}

/* The stall timeout also bounds a blocking read. */
static void test_stall_timeout_blocking(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    mc_rec r;
    memset(&r, 0, sizeof r);
    oai_stream *s;
    assert_int_equal(mc_stream(&s, c, g_asst, "#scenario:slow 800", &r, 250, NULL), OAI_OK);
    int64_t t0 = mc_now();
    assert_int_equal(oai_stream_until_done(s), OAI_ETIMEOUT);
    assert_true(mc_now() - t0 < 5000);
    assert_int_equal(r.timeouts, 1);
    assert_int_equal(r.ends, 1);
    assert_int_equal(r.order_bad, 0);
    oai_stream_free(s);
    oai_client_free(c);
}

static void test_remove_mid_flight(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&g_emu);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    mc_rec r, r2;
    memset(&r, 0, sizeof r);
    memset(&r2, 0, sizeof r2);
    oai_stream *s, *s2;
    assert_int_equal(mc_stream(&s, c, g_asst, "#scenario:slow 50", &r, 0, NULL), OAI_OK);
    assert_int_equal(mc_stream(&s2, c, g_asst, "#scenario:slow 50", &r2, 0, NULL), OAI_OK);
    assert_int_equal(oai_multi_add_stream(m, s, mc_done, &r), OAI_OK);
    assert_int_equal(oai_multi_add_stream(m, s2, mc_done, &r2), OAI_OK);
    int64_t end = mc_now() + 10000;
    int running;
    while (r.deltas < 3 || r2.deltas < 3) {
        assert_true(mc_now() < end);
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        assert_int_equal(oai_multi_wait(m, 200), OAI_OK);
    }
    assert_int_equal(oai_multi_remove_stream(m, s), OAI_OK);
    assert_int_equal(r.ends, 1);
    assert_int_equal(oai_multi_remove_stream(m, s), OAI_EINVAL);
    /* freeing an added stream removes it too: on_end once */
    oai_stream_free(s2);
    assert_int_equal(r2.ends, 1);
    assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
    assert_int_equal(running, 0);
    int d = r.deltas;
    oai_multi_wait(m, 100);
    assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
    assert_int_equal(r.deltas, d);
    const oai_event *ev;
    assert_int_equal(oai_stream_next(&ev, s), OAI_ECANCELLED);
    oai_stream_free(s);
    assert_int_equal(r.ends, 1);
    assert_int_equal(r.dones + r2.dones, 0);
    assert_null(oai_multi_info_read(m, NULL));
    oai_multi_free(m);
    oai_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_many_streams_push),
        cmocka_unit_test(test_pull_mode_eagain),
        cmocka_unit_test(test_failure_before_start_runs_no_hook),
        cmocka_unit_test(test_stall_timeout),
        cmocka_unit_test(test_stall_timeout_blocking),
        cmocka_unit_test(test_remove_mid_flight),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
