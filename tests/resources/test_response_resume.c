/* Automatic resume of response streams against oai-emulator: a background
 * stream cut (X-Emulator-Fault: cut-after=N) at a dense sample of byte
 * offsets reads on with starting_after and gives the trace of the uncut
 * stream, every event once; the same on a multi; a foreground stream is
 * never resumed (and asking for it is refused); a stream cut before its
 * first event cannot resume; a resume past the server's window fails with
 * the server's error; resume turned off ends with the transport error; a
 * stalled stream is resumed as well. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu.h"
#include "oai.h"

static tu_emu E;

static const char BG[] = "{\"model\":\"m\",\"background\":true,\"input\":\"#scenario:text "
                         "one two three four five six seven eight nine ten\"}";
static const char FG[] = "{\"model\":\"m\",\"input\":\"#scenario:text one two three\"}";

static int setup(void **state)
{
    (void)state;
    static const char *const args[] = {"--step-ms", "1", "--delta-ms", "1", NULL};
    return tu_emu_start(&E, args);
}

static int teardown(void **state)
{
    (void)state;
    tu_emu_stop(&E);
    return 0;
}

/* The trace: each event as "seq type", one a line; text deltas add the
 * delta. Built by the hooks-independent pull loop. */
typedef struct trace {
    char buf[16384];
    size_t len;
    int ends, exceptions;
} trace;

static void add(trace *t, const oai_response_update *u)
{
    const char *d = oai_json_string(oai_json_get(u->event, "delta"));
    int n = snprintf(t->buf + t->len, sizeof t->buf - t->len, "%lld %s %s\n", u->sequence_number,
                     u->type_name, d ? d : "");
    assert_true(n > 0 && (size_t)n < sizeof t->buf - t->len);
    t->len += (size_t)n;
}

static void on_end(void *ud)
{
    ((trace *)ud)->ends++;
}
static void on_exception(const oai_error *e, void *ud)
{
    (void)e;
    ((trace *)ud)->exceptions++;
}

static int open_stream(oai_response_stream **s, oai_client *c, const char *params, long cut, trace *t,
                       oai_response_stream_options *o)
{
    static oai_response_handler h;
    h = (oai_response_handler)OAI_RESPONSE_HANDLER_INIT;
    h.user_data = t;
    h.on_end = on_end;
    h.on_exception = on_exception;
    o->handler = &h;
    o->resume_backoff_ms = 1;
    char fault[64];
    snprintf(fault, sizeof fault, "X-Emulator-Fault: cut-after=%ld", cut);
    const char *hdrs[] = {fault};
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.headers = hdrs;
    ro.n_headers = cut >= 0 ? 1 : 0;
    oai_json *p;
    assert_int_equal(oai_json_parse_cstr(&p, params), OAI_OK);
    int rc = oai_responses_stream(s, c, p, o, &ro);
    oai_json_free(p);
    return rc;
}

/* Stream `params` cut after `cut` bytes (-1: not cut); the trace and the
 * final output text. Returns the stream's result. */
static int run(oai_client *c, const char *params, long cut, trace *t, char *text, size_t cap)
{
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    oai_response_stream *s;
    int rc = open_stream(&s, c, params, cut, t, &o);
    if (rc)
        return rc;
    const oai_response_update *u;
    while ((rc = oai_response_stream_next(&u, s)) == OAI_OK)
        add(t, u);
    const char *out;
    assert_int_equal(oai_response_stream_output_text(&out, NULL, s), OAI_OK);
    snprintf(text, cap, "%s", out);
    oai_response_stream_free(s);
    return rc == OAI_ITEROVER ? OAI_OK : rc;
}

/* The number of requests the emulator logged since the mark. */
static int requests_since_mark(void)
{
    cJSON *log = tu_emu_log_new(&E, 0);
    int n = cJSON_GetArraySize(log);
    cJSON_Delete(log);
    return n;
}

static void test_cut_everywhere(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&E);
    trace ref = {0};
    char ref_text[256];
    assert_int_equal(run(c, BG, -1, &ref, ref_text, sizeof ref_text), OAI_OK);
    assert_string_equal(ref_text, "one two three four five six seven eight nine ten");
    int resumed = 0, unresumable = 0;
    for (long cut = 0;; cut += 23) {
        trace t = {0};
        char text[256];
        tu_emu_mark(&E);
        int rc = run(c, BG, cut, &t, text, sizeof text);
        int requests = requests_since_mark();
        assert_int_equal(t.ends, 1);
        if (rc == OAI_EPROTOCOL && t.len == 0) { /* cut before the first event */
            unresumable++;
            continue;
        }
        assert_int_equal(rc, OAI_OK);
        assert_string_equal(t.buf, ref.buf); /* every event once, in order */
        assert_string_equal(text, ref_text);
        if (requests == 1)
            break; /* the cut fell past the end of the body */
        resumed++;
    }
    assert_true(resumed > 20);
    assert_true(unresumable >= 1);
    oai_client_free(c);
}

static void test_foreground_and_options(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&E);
    trace t = {0};
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    oai_response_stream *s;
    o.resume = OAI_RESPONSE_RESUME_ON; /* refused for a foreground stream */
    assert_int_equal(open_stream(&s, c, FG, -1, &t, &o), OAI_EINVAL);
    assert_non_null(strstr(oai_client_last_error(c)->message, "background"));
    assert_null(s);
    o.resume = 7;
    assert_int_equal(open_stream(&s, c, BG, -1, &t, &o), OAI_EINVAL);
    /* a foreground stream that is cut is not resumed */
    tu_emu_mark(&E);
    char text[256];
    assert_int_equal(run(c, FG, 300, &t, text, sizeof text), OAI_ETRANSPORT);
    assert_int_equal(requests_since_mark(), 1);
    /* nor a background one with resume off */
    trace t2 = {0};
    o = (oai_response_stream_options)OAI_RESPONSE_STREAM_OPTIONS_INIT;
    o.resume = OAI_RESPONSE_RESUME_OFF;
    tu_emu_mark(&E);
    assert_int_equal(open_stream(&s, c, BG, 300, &t2, &o), OAI_OK);
    assert_int_equal(oai_response_stream_until_done(s), OAI_ETRANSPORT);
    assert_int_equal(requests_since_mark(), 1);
    assert_int_equal(t2.exceptions, 1);
    oai_response_stream_free(s);
    oai_client_free(c);
}

static void test_past_window(void **state)
{
    (void)state;
    tu_emu e;
    static const char *const args[] = {"--step-ms", "1", "--delta-ms", "20", "--resume-window-ms", "1", NULL};
    assert_int_equal(tu_emu_start(&e, args), 0);
    oai_client *c = tu_emu_client(&e);
    trace t = {0};
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    oai_response_stream *s;
    assert_int_equal(open_stream(&s, c, BG, 2000, &t, &o), OAI_OK);
    int rc = oai_response_stream_until_done(s);
    assert_int_equal(rc, OAI_EBADREQUEST);
    assert_non_null(strstr(oai_response_stream_error(s)->message, "can no longer be streamed"));
    assert_int_equal(t.exceptions, 1);
    assert_int_equal(t.ends, 1);
    oai_response_stream_free(s);
    /* the client's own window: no request is sent past it */
    trace t2 = {0};
    o = (oai_response_stream_options)OAI_RESPONSE_STREAM_OPTIONS_INIT;
    o.resume_window_ms = 1;
    assert_int_equal(open_stream(&s, c, BG, 2000, &t2, &o), OAI_OK);
    const oai_response_update *u;
    assert_int_equal(oai_response_stream_next(&u, s), OAI_OK);
    struct timespec ts = {0, 5000000}; /* the window passes */
    nanosleep(&ts, NULL);
    assert_int_equal(oai_response_stream_until_done(s), OAI_ETIMEOUT);
    assert_non_null(strstr(oai_response_stream_error(s)->message, "resume window"));
    oai_response_stream_free(s);
    oai_client_free(c);
    tu_emu_stop(&e);
}

/* A stream that stalls past stall_timeout_ms is resumed too (the
 * emulator's pause holds the response back: the resumed requests may
 * stall as well until it ends). */
static void test_stall(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&E);
    trace ref = {0}, t = {0};
    char ref_text[256];
    assert_int_equal(run(c, BG, -1, &ref, ref_text, sizeof ref_text), OAI_OK);
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    o.stall_timeout_ms = 150;
    oai_response_handler h = OAI_RESPONSE_HANDLER_INIT;
    h.user_data = &t;
    h.on_end = on_end;
    o.handler = &h;
    const char *hdrs[] = {"X-Emulator-Fault: stall-body-ms=400"};
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.headers = hdrs;
    ro.n_headers = 1;
    oai_json *p;
    assert_int_equal(oai_json_parse_cstr(&p, BG), OAI_OK);
    oai_response_stream *s;
    tu_emu_mark(&E);
    assert_int_equal(oai_responses_stream(&s, c, p, &o, &ro), OAI_OK);
    oai_json_free(p);
    const oai_response_update *u;
    int rc;
    while ((rc = oai_response_stream_next(&u, s)) == OAI_OK)
        add(&t, u);
    assert_int_equal(rc, OAI_ITEROVER);
    assert_string_equal(t.buf, ref.buf);
    assert_true(requests_since_mark() >= 2);
    oai_response_stream_free(s);
    oai_client_free(c);
}

static void on_done(const oai_multi_msg *m, void *ud)
{
    *(int *)ud = m->result;
}

#define N_MULTI 24

static void test_multi(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&E);
    trace ref = {0};
    char ref_text[256];
    assert_int_equal(run(c, BG, -1, &ref, ref_text, sizeof ref_text), OAI_OK);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    trace *t = calloc(N_MULTI, sizeof *t);
    int result[N_MULTI];
    oai_response_stream *s[N_MULTI];
    oai_response_stream_options o[N_MULTI];
    for (int i = 0; i < N_MULTI; i++) {
        o[i] = (oai_response_stream_options)OAI_RESPONSE_STREAM_OPTIONS_INIT;
        result[i] = 1;
        assert_int_equal(open_stream(&s[i], c, BG, 800 + 37 * i, &t[i], &o[i]), OAI_OK);
        assert_int_equal(oai_multi_add_response_stream(m, s[i], on_done, &result[i]), OAI_OK);
    }
    int running = 1;
    for (int guard = 0; running && guard < 100000; guard++) {
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        if (running)
            oai_multi_wait(m, 100);
    }
    assert_int_equal(running, 0);
    for (int i = 0; i < N_MULTI; i++) {
        assert_int_equal(result[i], OAI_OK);
        assert_int_equal(t[i].ends, 1);
        const char *text;
        assert_int_equal(oai_response_stream_output_text(&text, NULL, s[i]), OAI_OK);
        assert_string_equal(text, ref_text);
        oai_response_stream_free(s[i]);
    }
    free(t);
    oai_multi_free(m);
    oai_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cut_everywhere),
        cmocka_unit_test(test_foreground_and_options),
        cmocka_unit_test(test_past_window),
        cmocka_unit_test(test_stall),
        cmocka_unit_test(test_multi),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
