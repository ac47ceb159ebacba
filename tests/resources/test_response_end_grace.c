/* A response body left open after its terminal event: the emulator keeps
 * it open (X-Emulator-Fault: linger-ms=N) as libcurl 7.88 can over
 * HTTP/2, where the last frame of a stream waits for more bytes on the
 * connection. The stream ends about a second after the terminal event,
 * with the trace of a body that ended at once, blocking, on a multi and
 * in the function-calling loop; a body silent before its terminal event is
 * not cut; and the SSE parser's
 * "between events", which the grace waits for, is exact. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../multi/multi_common.h"
#include "stream/sse_adopt.h"

static tu_emu E;

static const char FG[] = "{\"model\":\"m\",\"input\":\"#scenario:text one two three four\"}";

/* The emulator holds the body this long after its last event; the stream
 * must end well before. */
#define LINGER "linger-ms=6000"
#define GRACE_MIN_S 0.9
#define GRACE_MAX_S 4.5

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

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct trace {
    char buf[8192];
    size_t len;
    int ends, exceptions;
    double terminal_at; /* when the terminal event was seen */
} trace;

static void add(trace *t, const oai_response_update *u)
{
    const char *d = oai_json_string(oai_json_get(u->event, "delta"));
    int n = snprintf(t->buf + t->len, sizeof t->buf - t->len, "%lld %s %s\n", u->sequence_number,
                     u->type_name, d ? d : "");
    assert_true(n > 0 && (size_t)n < sizeof t->buf - t->len);
    t->len += (size_t)n;
    if (strcmp(u->type_name, "response.completed") == 0)
        t->terminal_at = now_s();
}

static int on_event(const oai_response_update *u, void *ud)
{
    add(ud, u);
    return 0;
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

static oai_response_handler handler(trace *t)
{
    oai_response_handler h = OAI_RESPONSE_HANDLER_INIT;
    h.user_data = t;
    h.on_event = on_event;
    h.on_end = on_end;
    h.on_exception = on_exception;
    return h;
}

/* Open FG with the fault `fault` (NULL: none). */
static oai_response_stream *open_fg(oai_client *c, const char *fault, oai_response_handler *h)
{
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    o.handler = h;
    char hdr[96];
    snprintf(hdr, sizeof hdr, "X-Emulator-Fault: %s", fault ? fault : "");
    const char *hdrs[] = {hdr};
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.headers = hdrs;
    ro.n_headers = fault ? 1 : 0;
    oai_json *p;
    assert_int_equal(oai_json_parse_cstr(&p, FG), OAI_OK);
    oai_response_stream *s = NULL;
    assert_int_equal(oai_responses_stream(&s, c, p, &o, &ro), OAI_OK);
    oai_json_free(p);
    return s;
}

/* Run FG to its end by pulling; the stream's result. */
static int pull(oai_client *c, const char *fault, trace *t)
{
    oai_response_handler h = handler(t);
    oai_response_stream *s = open_fg(c, fault, &h);
    const oai_response_update *u;
    int rc;
    while ((rc = oai_response_stream_next(&u, s)) == OAI_OK)
        ;
    const oai_json *final = NULL;
    oai_response_end end;
    assert_int_equal(oai_response_stream_final_response(&final, &end, s), OAI_OK);
    assert_non_null(final);
    assert_int_equal(end, OAI_RESPONSE_END_COMPLETED);
    oai_response_stream_free(s);
    return rc;
}

static void test_blocking(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&E);
    trace ref = {0}, t = {0};
    assert_int_equal(pull(c, NULL, &ref), OAI_ITEROVER);
    assert_int_equal(pull(c, LINGER, &t), OAI_ITEROVER);
    double waited = now_s() - t.terminal_at;
    assert_true(waited >= GRACE_MIN_S);
    assert_true(waited < GRACE_MAX_S);
    assert_string_equal(t.buf, ref.buf);
    assert_int_equal(t.ends, 1);
    assert_int_equal(t.exceptions, 0);
    oai_client_free(c);
}

static void on_done(const oai_multi_msg *m, void *ud)
{
    *(int *)ud = m->result;
}

#define N_MULTI 4

static void test_multi(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&E);
    trace ref = {0};
    assert_int_equal(pull(c, NULL, &ref), OAI_ITEROVER);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    trace t[N_MULTI];
    memset(t, 0, sizeof t);
    oai_response_handler h[N_MULTI];
    oai_response_stream *s[N_MULTI];
    int result[N_MULTI];
    for (int i = 0; i < N_MULTI; i++) {
        h[i] = handler(&t[i]);
        result[i] = 1;
        s[i] = open_fg(c, LINGER, &h[i]);
        assert_int_equal(oai_multi_add_response_stream(m, s[i], on_done, &result[i]), OAI_OK);
    }
    mc_run(m, 60000);
    double done_at = now_s();
    for (int i = 0; i < N_MULTI; i++) {
        assert_int_equal(result[i], OAI_OK);
        assert_int_equal(t[i].ends, 1);
        assert_string_equal(t[i].buf, ref.buf);
        assert_true(done_at - t[i].terminal_at >= GRACE_MIN_S);
        assert_true(done_at - t[i].terminal_at < GRACE_MAX_S);
        oai_response_stream_free(s[i]);
    }
    oai_multi_free(m);
    oai_client_free(c);
}

/* Silence before the terminal event is the stall timer's business: the
 * body pauses 1.5 s after its first events and the stream reads on. */
static void test_silence_before_terminal(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&E);
    trace ref = {0}, t = {0};
    assert_int_equal(pull(c, NULL, &ref), OAI_ITEROVER);
    assert_int_equal(pull(c, "stall-body-ms=1500", &t), OAI_ITEROVER);
    assert_string_equal(t.buf, ref.buf);
    assert_int_equal(t.ends, 1);
    oai_client_free(c);
}

/* The function-calling loop: the outputs are submitted from on_completed;
 * the first body, held open, ends a second after its terminal event and
 * the follow-up is read (its request carries no fault). */
static int submit_outputs(const oai_json *resp, void *ud)
{
    oai_response_stream **s = ud;
    oai_json *outs;
    assert_int_equal(oai_json_parse_cstr(&outs, "[]"), OAI_OK);
    const oai_json *out = oai_json_get(resp, "output");
    for (const oai_json *it = oai_json_first(out); it; it = oai_json_next(it)) {
        if (strcmp(oai_json_string(oai_json_get(it, "type")), "function_call") != 0)
            continue;
        char buf[256];
        snprintf(buf, sizeof buf, "{\"call_id\":\"%s\",\"output\":\"sunny\"}",
                 oai_json_string(oai_json_get(it, "call_id")));
        oai_json *o;
        assert_int_equal(oai_json_parse_cstr(&o, buf), OAI_OK);
        assert_int_equal(oai_json_append(outs, o), OAI_OK);
        oai_json_free(o);
    }
    int rc = oai_json_first(outs) ? oai_response_stream_submit_function_outputs(*s, outs) : OAI_OK;
    oai_json_free(outs);
    return rc;
}

static void test_tool_loop(void **state)
{
    (void)state;
    oai_client *c = tu_emu_client(&E);
    oai_response_stream *s = NULL;
    oai_response_handler h = OAI_RESPONSE_HANDLER_INIT;
    h.user_data = &s;
    h.on_completed = submit_outputs;
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    o.handler = &h;
    const char *hdrs[] = {"X-Emulator-Fault: " LINGER};
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.headers = hdrs;
    ro.n_headers = 1;
    oai_json *p;
    assert_int_equal(oai_json_parse_cstr(&p, "{\"model\":\"m\",\"tools\":[{\"type\":\"function\","
                                             "\"name\":\"get_weather\",\"parameters\":{}}],"
                                             "\"input\":\"#scenario:parallel 1\"}"),
                     OAI_OK);
    tu_emu_mark(&E);
    double t0 = now_s();
    assert_int_equal(oai_responses_stream(&s, c, p, &o, &ro), OAI_OK);
    oai_json_free(p);
    assert_int_equal(oai_response_stream_until_done(s), OAI_OK);
    double took = now_s() - t0;
    assert_true(took >= GRACE_MIN_S);
    assert_true(took < GRACE_MAX_S);
    const char *text;
    assert_int_equal(oai_response_stream_output_text(&text, NULL, s), OAI_OK);
    assert_non_null(strstr(text, "sunny"));
    cJSON *log = tu_emu_log_new(&E, 2);
    assert_int_equal(cJSON_GetArraySize(log), 2); /* the follow-up went out */
    cJSON_Delete(log);
    oai_response_stream_free(s);
    oai_client_free(c);
}

static void test_between_events(void **state)
{
    (void)state;
    oai_sse_parser *p;
    assert_int_equal(oai_sse_parser_new(&p, NULL), OAI_OK);
    const oai_sse_event *ev;
    assert_true(oai__sse_parser_between_events(p));
    static const char *const partial[] = {"event: x", "event: x\n", "data: {}\n", ": note\ndata: 1",
                                          "data: 1\r"};
    for (size_t i = 0; i < sizeof partial / sizeof *partial; i++) {
        assert_int_equal(oai_sse_parser_feed(p, partial[i], strlen(partial[i])), OAI_OK);
        assert_false(oai__sse_parser_between_events(p)); /* fed, not read yet */
        assert_int_equal(oai_sse_parser_next(&ev, p), OAI_EAGAIN);
        assert_false(oai__sse_parser_between_events(p));
        oai_sse_parser_reset(p);
    }
    static const char whole[] = "data: 1\n\n: c\n\n";
    assert_int_equal(oai_sse_parser_feed(p, whole, strlen(whole)), OAI_OK);
    assert_int_equal(oai_sse_parser_next(&ev, p), OAI_OK);
    assert_int_equal(oai_sse_parser_next(&ev, p), OAI_EAGAIN);
    assert_true(oai__sse_parser_between_events(p));
    oai_sse_parser_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_between_events),
        cmocka_unit_test(test_blocking),
        cmocka_unit_test(test_multi),
        cmocka_unit_test(test_silence_before_terminal),
        cmocka_unit_test(test_tool_loop),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
