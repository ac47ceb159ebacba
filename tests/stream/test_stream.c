/* Stream behaviour: error classes (kind, on_exception then on_end exactly
 * once, sticky result), hooks stopping the stream, abort, DEV-11, the
 * text-deltas iterator, final accessors, hook re-entrancy, and the byte
 * source seam (timeouts, transport errors, chained tool-output bodies). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oai.h"
#include "stream/source.h"
#include "trace.h"

typedef struct rec {
    char log[16384];
    size_t n;
    const char *stop_at; /* hook name that stops */
    int stop_ret;
    int abort_at_stop;   /* call oai_stream_abort instead of returning */
    oai_stream *s;
    int ends, exceptions, outside_ok;
    const char *submit_json; /* submit these outputs at requires_action */
    int submit_rc;
} rec;

static int note(rec *r, const char *what)
{
    int n = snprintf(r->log + r->n, sizeof r->log - r->n, "%s;", what);
    if (n > 0 && (size_t)n < sizeof r->log - r->n)
        r->n += (size_t)n;
    if (r->s && !oai_stream_current_event(r->s) && strcmp(what, "on_end") && strncmp(what, "on_exc", 6) &&
        strcmp(what, "on_timeout"))
        r->outside_ok = 0; /* every event hook must see the current event */
    if (r->stop_at && strcmp(r->stop_at, what) == 0) {
        if (r->abort_at_stop) {
            oai_stream_abort(r->s);
            return 0;
        }
        return r->stop_ret;
    }
    return 0;
}

#define UD ((rec *)ud)
static int h_event(const oai_event *ev, void *ud)
{
    rec *r = ud;
    if (r->submit_json && oai_event_type_of(ev) == OAI_EVENT_RUN_REQUIRES_ACTION) {
        oai_json *out;
        oai_json_parse_cstr(&out, r->submit_json);
        r->submit_rc = oai_stream_submit_tool_outputs(r->s, out);
        oai_json_free(out);
    }
    const oai_event *e2;
    assert_int_equal(oai_stream_next(&e2, r->s), OAI_EINVAL); /* no re-entry */
    return note(r, "on_event");
}
static int h_rs_created(const oai_run_step *x, void *ud) { (void)x; return note(UD, "on_run_step_created"); }
static int h_rs_delta(const oai_json *d, const oai_run_step *x, void *ud) { (void)d; (void)x; return note(UD, "on_run_step_delta"); }
static int h_rs_done(const oai_run_step *x, void *ud) { (void)x; return note(UD, "on_run_step_done"); }
static int h_msg_created(const oai_message *x, void *ud) { (void)x; return note(UD, "on_message_created"); }
static int h_msg_delta(const oai_json *d, const oai_message *x, void *ud) { (void)d; (void)x; return note(UD, "on_message_delta"); }
static int h_msg_done(const oai_message *x, void *ud) { (void)x; return note(UD, "on_message_done"); }
static int h_text_created(const oai_text *x, void *ud) { (void)x; return note(UD, "on_text_created"); }
static int h_text_done(const oai_text *x, void *ud) { (void)x; return note(UD, "on_text_done"); }
static int h_img_done(const oai_json *x, void *ud) { (void)x; return note(UD, "on_image_file_done"); }
static int h_tc_created(const oai_tool_call *x, void *ud) { (void)x; return note(UD, "on_tool_call_created"); }
static int h_tc_delta(const oai_json *d, const oai_tool_call *x, void *ud) { (void)d; (void)x; return note(UD, "on_tool_call_delta"); }

static int h_text_delta(const oai_text_delta *d, const oai_text *snap, void *ud)
{
    /* a delta never aliases snapshot memory */
    const char *dv = oai_text_delta_value(d), *sv = oai_text_value(snap);
    if (dv && sv)
        assert_true(dv + strlen(dv) <= sv || dv >= sv + strlen(sv) + 1);
    return note(UD, "on_text_delta");
}

static int h_tc_done(const oai_tool_call *x, void *ud)
{
    char buf[256];
    const char *in = oai_tool_call_input(x);
    snprintf(buf, sizeof buf, "on_tool_call_done(%s)", in ? in : "-");
    return note(UD, buf);
}

static void h_end(void *ud)
{
    UD->ends++;
    note(UD, "on_end");
}
static void h_timeout(void *ud) { note(UD, "on_timeout"); }
static void h_exc(const oai_error *e, void *ud)
{
    char buf[128];
    UD->exceptions++;
    assert_non_null(e->message);
    /* a code below the library's own is a hook's return value, passed on */
    if (e->code < OAI_PAUSE)
        snprintf(buf, sizeof buf, "on_exception(%d)", e->code);
    else
        snprintf(buf, sizeof buf, "on_exception(%s)", trace_error_kind(e) ? trace_error_kind(e) : "?");
    note(UD, buf);
}

static void handler(oai_assistant_handler *h, rec *r)
{
    oai_assistant_handler z = OAI_ASSISTANT_HANDLER_INIT;
    *h = z;
    h->user_data = r;
    h->on_event = h_event;
    h->on_run_step_created = h_rs_created;
    h->on_run_step_delta = h_rs_delta;
    h->on_run_step_done = h_rs_done;
    h->on_message_created = h_msg_created;
    h->on_message_delta = h_msg_delta;
    h->on_message_done = h_msg_done;
    h->on_text_created = h_text_created;
    h->on_text_delta = h_text_delta;
    h->on_text_done = h_text_done;
    h->on_image_file_done = h_img_done;
    h->on_tool_call_created = h_tc_created;
    h->on_tool_call_delta = h_tc_delta;
    h->on_tool_call_done = h_tc_done;
    h->on_end = h_end;
    h->on_timeout = h_timeout;
    h->on_exception = h_exc;
}

static oai_stream *detached(rec *r, size_t max_event)
{
    memset(r, 0, sizeof *r);
    r->outside_ok = 1;
    oai_assistant_handler h;
    handler(&h, r);
    oai_stream_options o = OAI_STREAM_OPTIONS_INIT;
    o.handler = &h;
    o.max_event_size = max_event;
    oai_stream *s;
    assert_int_equal(oai_stream_new(&s, &o), OAI_OK);
    r->s = s;
    return s;
}

#define RUN_CREATED "event: thread.run.created\ndata: {\"id\":\"run_1\",\"object\":\"thread.run\",\"status\":\"queued\"}\n\n"
#define RUN_DONE "event: thread.run.completed\ndata: {\"id\":\"run_1\",\"status\":\"completed\"}\n\n"
#define MSG_CREATED "event: thread.message.created\ndata: {\"id\":\"msg_1\",\"status\":\"in_progress\",\"content\":[]}\n\n"
#define DELTA(i, v) "event: thread.message.delta\ndata: {\"id\":\"msg_1\",\"delta\":{\"content\":[{\"index\":" #i ",\"type\":\"text\",\"text\":{\"value\":\"" v "\"}}]}}\n\n"
#define DONE "event: done\ndata: [DONE]\n\n"

/* Feed all, drain; returns the final code of until_done. */
static int drain_all(oai_stream *s, const char *sse)
{
    assert_int_equal(oai_stream_feed(s, sse, strlen(sse)), OAI_OK);
    assert_int_equal(oai_stream_feed_end(s), OAI_OK);
    return oai_stream_until_done(s);
}

static void expect_failure(const char *sse, size_t max_event, int code, const char *kind, const char *log_tail)
{
    rec r;
    oai_stream *s = detached(&r, max_event);
    int rc = drain_all(s, sse);
    if (rc != code)
        fail_msg("%s: rc %d want %d (%s)", sse, rc, code, oai_stream_error(s)->message);
    const oai_error *e = oai_stream_error(s);
    assert_int_equal(e->code, code);
    assert_string_equal(trace_error_kind(e), kind);
    assert_int_equal(r.ends, 1);
    assert_int_equal(r.exceptions, 1);
    size_t tl = strlen(log_tail);
    if (r.n < tl || strcmp(r.log + r.n - tl, log_tail) != 0)
        fail_msg("log '%s' does not end with '%s'", r.log, log_tail);
    /* sticky, and final accessors report it */
    const oai_event *ev;
    assert_int_equal(oai_stream_next(&ev, s), code);
    const oai_run *run;
    assert_int_equal(oai_stream_final_run(&run, s), code);
    assert_int_equal(r.ends, 1);
    oai_stream_free(s);
    assert_int_equal(r.ends, 1);
}

static void error_classes(void **state)
{
    (void)state;
    const char *tail_api = "on_event;on_exception(api_error);on_end;";
    expect_failure(RUN_CREATED "event: thread.run.in_progress\ndata: {\"id\":\n\n" DONE, 0, OAI_EPROTOCOL,
                   "decode_error", "on_event;on_exception(decode_error);on_end;");
    expect_failure(RUN_CREATED "event: thread.run.in_progress\ndata: {\"x\":\"\xC3\x28\"}\n\n", 0, OAI_EPROTOCOL,
                   "decode_error", "on_event;on_exception(decode_error);on_end;");
    expect_failure(RUN_CREATED "data: not json\n\n", 0, OAI_EPROTOCOL, "decode_error",
                   "on_event;on_exception(decode_error);on_end;");
    expect_failure(RUN_CREATED "event: thread.run.queued\ndata: [1]\n\n", 0, OAI_EPROTOCOL, "decode_error",
                   "on_event;on_exception(decode_error);on_end;");
    expect_failure(RUN_CREATED "event: thread.run.queued\ndata: {\"pad\":\"01234567890123456789012345678901234567890123456789012345678901234567890123456789\"}\n\n",
                   70, OAI_ELIMIT, "limit", "on_event;on_exception(limit);on_end;");
    expect_failure(RUN_CREATED "event: thread.run.step.delta\ndata: {\"id\":\"step_x\",\"delta\":{}}\n\n", 0,
                   OAI_EACCUMULATE, "accumulate_error", "on_event;on_event;on_exception(accumulate_error);on_end;");
    expect_failure(RUN_CREATED DELTA(0, "x"), 0, OAI_EACCUMULATE, "accumulate_error",
                   "on_event;on_event;on_exception(accumulate_error);on_end;");
    expect_failure(RUN_CREATED "event: error\ndata: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":\"x\"}}\n\n",
                   0, OAI_ESTREAM, "api_error", tail_api);
    expect_failure(RUN_CREATED "event: error\ndata: {\"code\":\"server_error\",\"message\":\"bare boom\"}\n\n", 0,
                   OAI_ESTREAM, "api_error", tail_api);
    expect_failure(RUN_CREATED "data: {\"error\":{\"message\":\"boom\"}}\n\n", 0, OAI_ESTREAM, "api_error", tail_api);
    expect_failure(RUN_CREATED "event: error\ndata: oops\n\n", 0, OAI_EPROTOCOL, "decode_error",
                   "on_event;on_exception(decode_error);on_end;");
}

static void api_error_fields(void **state)
{
    (void)state;
    rec r;
    oai_stream *s = detached(&r, 0);
    assert_int_equal(drain_all(s, "event: error\ndata: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\","
                                  "\"code\":\"x\",\"param\":\"p\"}}\n\n"),
                     OAI_ESTREAM);
    const oai_error *e = oai_stream_error(s);
    assert_string_equal(e->message, "boom");
    assert_string_equal(e->type, "server_error");
    assert_string_equal(e->api_code, "x");
    assert_string_equal(e->param, "p");
    assert_int_equal(e->http_status, 0);
    assert_string_equal(r.log, "on_exception(api_error);on_end;");
    oai_stream_free(s);

    s = detached(&r, 0);
    assert_int_equal(drain_all(s, "event: error\ndata: {\"code\":\"rate\",\"message\":\"\"}\n\n"), OAI_ESTREAM);
    assert_string_equal(oai_stream_error(s)->message, "An error occurred during streaming");
    assert_string_equal(oai_stream_error(s)->api_code, "rate");
    oai_stream_free(s);

    /* thread.* with an error key and unknown names are not errors */
    s = detached(&r, 0);
    assert_int_equal(drain_all(s, "event: thread.run.failed\ndata: {\"id\":\"r\",\"status\":\"failed\",\"error\":{\"m\":1}}\n\n"
                                  "event: ping\ndata: {\"error\":false}\n\nevent: future\ndata: 5\n\n"),
                     OAI_OK);
    assert_string_equal(r.log, "on_event;on_event;on_event;on_end;");
    oai_stream_free(s);
}

static void hooks_stop(void **state)
{
    (void)state;
    const char *sse = RUN_CREATED MSG_CREATED DELTA(0, "a") RUN_DONE DONE;
    rec r;
    oai_stream *s = detached(&r, 0);
    r.stop_at = "on_message_created";
    r.stop_ret = 1;
    assert_int_equal(drain_all(s, sse), OAI_EUSER);
    assert_string_equal(r.log, "on_event;on_event;on_message_created;on_exception(user_abort);on_end;");
    assert_string_equal(trace_error_kind(oai_stream_error(s)), "user_abort");
    oai_stream_free(s);

    s = detached(&r, 0);
    r.stop_at = "on_text_delta";
    r.stop_ret = -77;
    assert_int_equal(drain_all(s, sse), -77);
    assert_string_equal(r.log, "on_event;on_event;on_message_created;on_event;on_text_created;on_text_delta;"
                               "on_exception(-77);on_end;");
    assert_string_equal(oai_stream_error(s)->message, "the on_text_delta callback returned -77 to stop the stream");
    assert_int_equal(r.ends, 1);
    oai_stream_free(s);

    /* on_event stopping: nothing else of that event runs */
    s = detached(&r, 0);
    r.stop_at = "on_event";
    r.stop_ret = 5;
    assert_int_equal(drain_all(s, sse), OAI_EUSER);
    assert_string_equal(r.log, "on_event;on_exception(user_abort);on_end;");
    assert_null(oai_stream_current_run(s)); /* not accumulated */
    oai_stream_free(s);

    /* oai_stream_abort() from a hook: on_end only */
    s = detached(&r, 0);
    r.stop_at = "on_message_created";
    r.abort_at_stop = 1;
    assert_int_equal(drain_all(s, sse), OAI_ECANCELLED);
    assert_string_equal(r.log, "on_event;on_event;on_message_created;on_end;");
    const oai_event *ev;
    assert_int_equal(oai_stream_next(&ev, s), OAI_ECANCELLED);
    oai_stream_free(s);
    assert_int_equal(r.ends, 1);
}

static void early_close_dev11(void **state)
{
    (void)state;
    const char *sse = RUN_CREATED MSG_CREATED RUN_DONE DONE;
    rec r;
    /* never started: no on_end */
    oai_stream *s = detached(&r, 0);
    assert_int_equal(oai_stream_feed(s, sse, strlen(sse)), OAI_OK);
    oai_stream_free(s);
    assert_int_equal(r.ends, 0);
    /* started, then freed: on_end once */
    s = detached(&r, 0);
    assert_int_equal(oai_stream_feed(s, sse, strlen(sse)), OAI_OK);
    const oai_event *ev;
    assert_int_equal(oai_stream_next(&ev, s), OAI_OK);
    assert_int_equal(oai_event_type_of(ev), OAI_EVENT_RUN_CREATED);
    assert_null(oai_stream_current_event(s));
    oai_stream_free(s);
    assert_int_equal(r.ends, 1);
    assert_string_equal(r.log, "on_event;on_end;");
    /* only EAGAIN so far still counts as started */
    s = detached(&r, 0);
    assert_int_equal(oai_stream_next(&ev, s), OAI_EAGAIN);
    oai_stream_free(s);
    assert_int_equal(r.ends, 1);
    /* abort outside hooks */
    s = detached(&r, 0);
    assert_int_equal(oai_stream_feed(s, sse, strlen(sse)), OAI_OK);
    assert_int_equal(oai_stream_next(&ev, s), OAI_OK);
    oai_stream_abort(s);
    oai_stream_abort(s);
    assert_int_equal(r.ends, 1);
    assert_int_equal(oai_stream_next(&ev, s), OAI_ECANCELLED);
    oai_stream_free(s);
    assert_int_equal(r.ends, 1);
    /* normal end then free: still once */
    s = detached(&r, 0);
    assert_int_equal(drain_all(s, sse), OAI_OK);
    assert_int_equal(oai_stream_next(&ev, s), OAI_ITEROVER);
    oai_stream_free(s);
    assert_int_equal(r.ends, 1);
    assert_true(r.outside_ok);
}

static void text_deltas(void **state)
{
    (void)state;
    const char *sse = MSG_CREATED DELTA(0, "Hi") DELTA(0, "")
        "event: thread.message.delta\ndata: {\"id\":\"msg_1\",\"delta\":{\"content\":[{\"index\":0,\"type\":\"text\","
        "\"text\":{\"value\":\" there\"}},{\"index\":1,\"type\":\"text\",\"text\":{\"value\":\"X\"}}]}}\n\n" DONE;
    rec r;
    oai_stream *s = detached(&r, 0);
    const char *want[] = { "Hi", " there", "X" };
    const char *t;
    size_t len;
    /* EAGAIN before any bytes, then byte by byte */
    assert_int_equal(oai_stream_next_text(&t, &len, s), OAI_EAGAIN);
    size_t fed = 0, got = 0, total = strlen(sse);
    for (;;) {
        int rc = oai_stream_next_text(&t, &len, s);
        if (rc == OAI_EAGAIN) {
            if (fed < total)
                oai_stream_feed(s, sse + fed++, 1);
            else
                oai_stream_feed_end(s);
            continue;
        }
        if (rc == OAI_ITEROVER)
            break;
        assert_int_equal(rc, OAI_OK);
        assert_true(got < 3);
        assert_int_equal(len, strlen(want[got]));
        assert_string_equal(t, want[got++]);
    }
    assert_int_equal(got, 3);
    assert_int_equal(oai_stream_next_text(&t, &len, s), OAI_ITEROVER);
    assert_int_equal(r.ends, 1);
    oai_stream_free(s);
}

static void final_accessors(void **state)
{
    (void)state;
    rec r;
    oai_stream *s = detached(&r, 0);
    assert_int_equal(oai_stream_feed(s, DONE, strlen(DONE)), OAI_OK);
    const oai_run *run;
    /* detached without end of input: the drain needs more bytes */
    assert_int_equal(oai_stream_feed_end(s), OAI_OK);
    assert_int_equal(oai_stream_final_run(&run, s), OAI_ENOTREADY);
    assert_string_equal(oai_stream_error(s)->message, "No final run object found");
    const oai_message *const *msgs;
    const oai_run_step *const *steps;
    size_t n;
    assert_int_equal(oai_stream_final_messages(&msgs, &n, s), OAI_ENOTREADY);
    assert_string_equal(oai_stream_error(s)->message, "No messages found");
    assert_int_equal(oai_stream_final_run_steps(&steps, &n, s), OAI_ENOTREADY);
    assert_string_equal(oai_stream_error(s)->message, "No run steps found");
    oai_stream_free(s);

    /* handwritten C: requires_action, two tool calls */
    size_t len;
    char *c = tu_read_file(tu_corpus_path("handwritten/C.sse"), &len);
    assert_non_null(c);
    s = detached(&r, 0);
    oai_stream_feed(s, c, len);
    oai_stream_feed_end(s);
    assert_int_equal(oai_stream_final_run(&run, s), OAI_OK);
    assert_string_equal(oai_run_status(run), "requires_action");
    assert_int_equal(oai_stream_final_messages(&msgs, &n, s), OAI_ENOTREADY);
    assert_int_equal(oai_stream_final_run_steps(&steps, &n, s), OAI_OK);
    assert_int_equal(n, 1);
    assert_string_equal(oai_run_step_status(steps[0]), "in_progress");
    const oai_run_step *cur = oai_stream_current_run_step(s);
    assert_non_null(cur);
    assert_int_equal(oai_json_size(oai_json_path(oai_run_step_json(cur), "step_details.tool_calls")), 2);
    assert_string_equal(oai_json_path_string(oai_run_step_json(cur), "step_details.tool_calls.0.function.arguments"),
                        "{\"x\":1}");
    assert_true(strstr(r.log, "on_tool_call_done({\"x\":1});") != NULL);
    assert_true(strstr(r.log, "on_tool_call_done({});on_end;") != NULL);
    /* submitting on a detached stream is refused with a clear message */
    oai_json *out;
    oai_json_parse_cstr(&out, "[{\"tool_call_id\":\"call_a\",\"output\":\"1\"}]");
    assert_int_equal(oai_stream_submit_tool_outputs(s, out), OAI_EINVAL);
    assert_non_null(strstr(oai_stream_error(s)->message, "no transport"));
    oai_json_free(out);
    oai_stream_free(s);
    free(c);
}

/* A tool call whose step snapshot is replaced (in_progress, DEV-3) while it
 * is current: the done hook still gets the accumulated call. */
static void tool_call_survives_step_replacement(void **state)
{
    (void)state;
    const char *sse =
        "event: thread.run.step.created\ndata: {\"id\":\"s1\",\"status\":\"in_progress\",\"step_details\":{\"type\":\"tool_calls\",\"tool_calls\":[]}}\n\n"
        "event: thread.run.step.delta\ndata: {\"id\":\"s1\",\"delta\":{\"step_details\":{\"type\":\"tool_calls\",\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"ab\"}}]}}}\n\n"
        "event: thread.run.step.in_progress\ndata: {\"id\":\"s1\",\"status\":\"in_progress\",\"step_details\":{\"type\":\"tool_calls\",\"tool_calls\":[]}}\n\n"
        "event: thread.run.step.completed\ndata: {\"id\":\"s1\",\"status\":\"completed\",\"step_details\":{\"type\":\"tool_calls\",\"tool_calls\":[]}}\n\n"
        DONE;
    rec r;
    oai_stream *s = detached(&r, 0);
    assert_int_equal(drain_all(s, sse), OAI_OK);
    assert_string_equal(r.log, "on_event;on_run_step_created;on_event;on_tool_call_created;on_run_step_delta;"
                               "on_event;on_event;on_tool_call_done(ab);on_run_step_done;on_end;");
    oai_stream_free(s);
}

/* ---- a scripted byte source ------------------------------------------ */

typedef struct script {
    const char *bodies[3];
    int body, pos, fail_code; /* fail after the first body's bytes */
    int closed, destroyed, submitted;
    char run_id[32];
} script;

static int sc_pump(void *ctx, oai_stream *s, oai__error_store *err)
{
    script *sc = ctx;
    const char *b = sc->bodies[sc->body];
    size_t len = strlen(b);
    if ((size_t)sc->pos < len) {
        size_t n = len - (size_t)sc->pos < 5 ? len - (size_t)sc->pos : 5;
        oai__stream_deliver(s, b + sc->pos, n);
        sc->pos += (int)n;
        return OAI_OK;
    }
    if (sc->fail_code)
        return oai__error_set(err, sc->fail_code, "scripted failure");
    return OAI_ITEROVER;
}

static int sc_submit(void *ctx, const cJSON *run, const cJSON *outputs, oai__error_store *err)
{
    (void)err;
    script *sc = ctx;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(run, "id");
    snprintf(sc->run_id, sizeof sc->run_id, "%s", id->valuestring);
    assert_true(cJSON_IsArray(outputs));
    sc->submitted++;
    return OAI_OK;
}

static int sc_next_body(void *ctx, oai__error_store *err)
{
    (void)err;
    script *sc = ctx;
    sc->body++;
    sc->pos = 0;
    return sc->bodies[sc->body] ? OAI_OK : OAI_ETRANSPORT;
}

static void sc_close(void *ctx) { ((script *)ctx)->closed++; }
static void sc_destroy(void *ctx) { ((script *)ctx)->destroyed++; }

static const oai__stream_source script_source = { sc_pump, sc_submit, sc_next_body, sc_close, sc_destroy,
                                                  NULL, NULL, NULL, NULL };

static oai_stream *sourced(rec *r, script *sc)
{
    memset(r, 0, sizeof *r);
    r->outside_ok = 1;
    oai_assistant_handler h;
    handler(&h, r);
    oai_stream_options o = OAI_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_stream *s;
    assert_int_equal(oai__stream_new_source(&s, &o, &script_source, sc), OAI_OK);
    r->s = s;
    return s;
}

static void source_failures(void **state)
{
    (void)state;
    rec r;
    script sc = { { RUN_CREATED, NULL, NULL }, 0, 0, OAI_ETIMEOUT, 0, 0, 0, "" };
    oai_stream *s = sourced(&r, &sc);
    assert_int_equal(oai_stream_until_done(s), OAI_ETIMEOUT);
    assert_string_equal(r.log, "on_event;on_timeout;on_exception(timeout);on_end;");
    assert_string_equal(trace_error_kind(oai_stream_error(s)), "timeout");
    assert_int_equal(sc.closed, 1);
    oai_stream_free(s);
    assert_int_equal(sc.destroyed, 1);

    script sc2 = { { RUN_CREATED, NULL, NULL }, 0, 0, OAI_ETRANSPORT, 0, 0, 0, "" };
    s = sourced(&r, &sc2);
    assert_int_equal(oai_stream_until_done(s), OAI_ETRANSPORT);
    assert_string_equal(r.log, "on_event;on_exception(transport);on_end;");
    assert_string_equal(oai_stream_error(s)->message, "scripted failure");
    oai_stream_free(s);

    /* EOF without [DONE] is a normal end */
    script sc3 = { { RUN_CREATED, NULL, NULL }, 0, 0, 0, 0, 0, 0, "" };
    s = sourced(&r, &sc3);
    assert_int_equal(oai_stream_until_done(s), OAI_OK);
    assert_string_equal(r.log, "on_event;on_end;");
    oai_stream_free(s);
}

static void chained_tool_outputs(void **state)
{
    (void)state;
    const char *first =
        RUN_CREATED
        "event: thread.run.step.created\ndata: {\"id\":\"s1\",\"status\":\"in_progress\",\"step_details\":{\"type\":\"tool_calls\",\"tool_calls\":[]}}\n\n"
        "event: thread.run.step.delta\ndata: {\"id\":\"s1\",\"delta\":{\"step_details\":{\"type\":\"tool_calls\",\"tool_calls\":[{\"index\":0,\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}}\n\n"
        "event: thread.run.requires_action\ndata: {\"id\":\"run_1\",\"status\":\"requires_action\"}\n\n" DONE
        "event: thread.run.completed\ndata: {\"id\":\"never\"}\n\n";
    const char *second =
        "event: thread.run.step.completed\ndata: {\"id\":\"s1\",\"status\":\"completed\",\"step_details\":{\"type\":\"tool_calls\",\"tool_calls\":[]}}\n\n"
        MSG_CREATED DELTA(0, "ok")
        "event: thread.message.completed\ndata: {\"id\":\"msg_1\",\"status\":\"completed\",\"content\":[{\"type\":\"text\",\"text\":{\"value\":\"ok\",\"annotations\":[]}}]}\n\n"
        RUN_DONE DONE;
    rec r;
    script sc = { { first, second, NULL }, 0, 0, 0, 0, 0, 0, "" };
    oai_stream *s = sourced(&r, &sc);
    r.submit_json = "[{\"tool_call_id\":\"c1\",\"output\":\"42\"}]";
    assert_int_equal(oai_stream_until_done(s), OAI_OK);
    assert_int_equal(r.submit_rc, OAI_OK);
    assert_int_equal(sc.submitted, 1);
    assert_string_equal(sc.run_id, "run_1");
    assert_string_equal(r.log,
                        "on_event;on_event;on_run_step_created;on_event;on_tool_call_created;on_run_step_delta;"
                        "on_event;on_tool_call_done({});"
                        "on_event;on_run_step_done;on_event;on_message_created;on_event;on_text_created;"
                        "on_text_delta;on_message_delta;on_event;on_text_done;on_message_done;on_event;on_end;");
    const oai_run *run;
    assert_int_equal(oai_stream_final_run(&run, s), OAI_OK);
    assert_string_equal(oai_run_status(run), "completed");
    const oai_run_step *const *steps;
    size_t n;
    assert_int_equal(oai_stream_final_run_steps(&steps, &n, s), OAI_OK);
    assert_int_equal(n, 1);
    assert_string_equal(oai_run_step_status(steps[0]), "completed");
    /* after the end: refused */
    oai_json *out;
    oai_json_parse_cstr(&out, "[]");
    assert_int_equal(oai_stream_submit_tool_outputs(s, out), OAI_EINVAL);
    oai_json_free(out);
    oai_stream_free(s);
    assert_int_equal(r.ends, 1);

    /* not waiting for outputs, and twice */
    script sc2 = { { first, second, NULL }, 0, 0, 0, 0, 0, 0, "" };
    s = sourced(&r, &sc2);
    oai_json_parse_cstr(&out, "[]");
    const oai_event *ev;
    assert_int_equal(oai_stream_next(&ev, s), OAI_OK);
    assert_int_equal(oai_stream_submit_tool_outputs(s, out), OAI_EINVAL);
    while (oai_stream_next(&ev, s) == OAI_OK && oai_event_type_of(ev) != OAI_EVENT_RUN_REQUIRES_ACTION)
        ;
    assert_int_equal(oai_stream_submit_tool_outputs(s, out), OAI_OK);
    assert_int_equal(oai_stream_submit_tool_outputs(s, out), OAI_EINVAL);
    oai_json_free(out);
    assert_int_equal(oai_stream_until_done(s), OAI_OK);
    oai_stream_free(s);
}

static void misuse(void **state)
{
    (void)state;
    oai_stream *s;
    oai_stream_options o = OAI_STREAM_OPTIONS_INIT;
    o.version = 7;
    assert_int_equal(oai_stream_new(&s, &o), OAI_EINVAL);
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.version = 9;
    o.version = OAI_STREAM_OPTIONS_VERSION;
    o.handler = &h;
    assert_int_equal(oai_stream_new(&s, &o), OAI_EINVAL);
    assert_int_equal(oai_stream_new(&s, NULL), OAI_OK);
    const oai_event *ev;
    assert_int_equal(oai_stream_next(NULL, s), OAI_EINVAL);
    assert_int_equal(oai_stream_feed(s, NULL, 3), OAI_EINVAL);
    oai_stream_feed_end(s);
    assert_int_equal(oai_stream_feed(s, "x", 1), OAI_EINVAL);
    assert_int_equal(oai_stream_next(&ev, s), OAI_ITEROVER);
    oai_stream_free(s);
    oai_stream_free(NULL);
    oai_stream_abort(NULL);
    assert_null(oai_stream_error(NULL));
    assert_int_equal(oai_event_type_from_name("thread.run.step.delta"), OAI_EVENT_RUN_STEP_DELTA);
    assert_string_equal(oai_event_type_name(OAI_EVENT_MESSAGE_INCOMPLETE), "thread.message.incomplete");
    assert_int_equal(oai_event_type_from_name("thread.nope"), OAI_EVENT_UNKNOWN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_classes),
        cmocka_unit_test(api_error_fields),
        cmocka_unit_test(hooks_stop),
        cmocka_unit_test(early_close_dev11),
        cmocka_unit_test(text_deltas),
        cmocka_unit_test(final_accessors),
        cmocka_unit_test(tool_call_survives_step_replacement),
        cmocka_unit_test(source_failures),
        cmocka_unit_test(chained_tool_outputs),
        cmocka_unit_test(misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
