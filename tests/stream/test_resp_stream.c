/* The response stream object, detached: hook order and arguments, pull by
 * event and by text fragment, accessors and the final response of each
 * end, on_end once, malformed input (on_exception then on_end, the right
 * kind), a cut at every byte, hooks that stop or abort, and calls that are
 * refused (inside a hook, submitting without a transport). */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oai.h"

#define EV(json) "data: " json "\n\n"

static const char STREAM[] =
    EV("{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_1\",\"status\":\"in_progress\",\"output\":[]}}")
    EV("{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,\"item\":{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[]}}")
    EV("{\"type\":\"response.reasoning_summary_part.added\",\"sequence_number\":2,\"output_index\":0,\"item_id\":\"rs_1\",\"summary_index\":0,\"part\":{\"type\":\"summary_text\",\"text\":\"\"}}")
    EV("{\"type\":\"response.reasoning_summary_text.delta\",\"sequence_number\":3,\"output_index\":0,\"item_id\":\"rs_1\",\"summary_index\":0,\"delta\":\"Think\"}")
    EV("{\"type\":\"response.reasoning_summary_text.done\",\"sequence_number\":4,\"output_index\":0,\"item_id\":\"rs_1\",\"summary_index\":0,\"text\":\"Think\"}")
    EV("{\"type\":\"response.output_item.done\",\"sequence_number\":5,\"output_index\":0,\"item\":{\"type\":\"reasoning\",\"id\":\"rs_1\",\"summary\":[{\"type\":\"summary_text\",\"text\":\"Think\"}]}}")
    EV("{\"type\":\"response.output_item.added\",\"sequence_number\":6,\"output_index\":1,\"item\":{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[]}}")
    EV("{\"type\":\"response.content_part.added\",\"sequence_number\":7,\"output_index\":1,\"item_id\":\"msg_1\",\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}}")
    "event: keepalive\ndata: {\"type\":\"keepalive\",\"sequence_number\":8}\n\n"
    EV("{\"type\":\"response.output_text.delta\",\"sequence_number\":9,\"output_index\":1,\"item_id\":\"msg_1\",\"content_index\":0,\"delta\":\"Hel\"}")
    ": a comment\n\n"
    EV("{\"type\":\"response.output_text.delta\",\"sequence_number\":10,\"output_index\":1,\"item_id\":\"msg_1\",\"content_index\":0,\"delta\":\"\"}")
    EV("{\"type\":\"response.output_text.delta\",\"sequence_number\":11,\"output_index\":1,\"item_id\":\"msg_1\",\"content_index\":0,\"delta\":\"lo \xc3\xa9\"}")
    EV("{\"type\":\"response.unknown_thing\",\"sequence_number\":12}")
    EV("{\"type\":\"response.output_text.done\",\"sequence_number\":13,\"output_index\":1,\"item_id\":\"msg_1\",\"content_index\":0,\"text\":\"Hello \xc3\xa9\"}")
    EV("{\"type\":\"response.content_part.done\",\"sequence_number\":14,\"output_index\":1,\"item_id\":\"msg_1\",\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"Hello \xc3\xa9\",\"annotations\":[]}}")
    EV("{\"type\":\"response.output_item.done\",\"sequence_number\":15,\"output_index\":1,\"item\":{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hello \xc3\xa9\",\"annotations\":[]}]}}")
    EV("{\"type\":\"response.output_item.added\",\"sequence_number\":16,\"output_index\":2,\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"\"}}")
    EV("{\"type\":\"response.function_call_arguments.delta\",\"sequence_number\":17,\"output_index\":2,\"item_id\":\"fc_1\",\"delta\":\"{\\\"a\\\"\"}")
    EV("{\"type\":\"response.function_call_arguments.delta\",\"sequence_number\":18,\"output_index\":2,\"item_id\":\"fc_1\",\"delta\":\":1}\"}")
    EV("{\"type\":\"response.function_call_arguments.done\",\"sequence_number\":19,\"output_index\":2,\"item_id\":\"fc_1\",\"arguments\":\"{\\\"a\\\":1}\"}")
    EV("{\"type\":\"response.output_item.done\",\"sequence_number\":20,\"output_index\":2,\"item\":{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}")
    EV("{\"type\":\"response.completed\",\"sequence_number\":21,\"response\":{\"id\":\"resp_1\",\"status\":\"completed\",\"output\":[{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Hello \xc3\xa9\",\"annotations\":[]}]}]}}");

typedef struct rec {
    char log[4096];
    char text[256];
    char args[256];
    int events, ends, exceptions, timeouts;
    const char *kind;
    int stop_at; /* on_event number that returns 1 (0: never) */
    int abort_at;
    oai_response_stream *s;
    int inner_rc; /* what an iteration call from inside a hook returned */
} rec;

static void logf_(rec *r, const char *what)
{
    strncat(r->log, what, sizeof r->log - strlen(r->log) - 2);
    strcat(r->log, ",");
}

static int on_event(const oai_response_update *u, void *ud)
{
    rec *r = ud;
    r->events++;
    if (r->s) {
        const oai_response_update *x;
        r->inner_rc = oai_response_stream_next(&x, r->s);
        assert_ptr_equal(oai_response_stream_current_event(r->s), u);
    }
    if (r->abort_at && r->events == r->abort_at)
        oai_response_stream_abort(r->s);
    return r->stop_at && r->events == r->stop_at;
}
static int on_created(const oai_json *resp, void *ud)
{
    assert_non_null(oai_json_string(oai_json_get(resp, "id")));
    logf_(ud, "created");
    return 0;
}
static int on_completed(const oai_json *resp, void *ud)
{
    assert_string_equal(oai_json_string(oai_json_get(resp, "status")), "completed");
    logf_(ud, "completed");
    return 0;
}
static int on_item_added(const oai_json *item, const oai_response_change *c, void *ud)
{
    char b[64];
    snprintf(b, sizeof b, "item+%lld:%s", c->output_index, oai_json_string(oai_json_get(item, "type")));
    logf_(ud, b);
    return 0;
}
static int on_item_done(const oai_json *item, const oai_response_change *c, void *ud)
{
    (void)item;
    char b[32];
    snprintf(b, sizeof b, "item-%lld", c->output_index);
    logf_(ud, b);
    return 0;
}
static int on_part_added(const oai_json *part, const oai_response_change *c, void *ud)
{
    (void)part;
    assert_int_equal(c->index, 0);
    logf_(ud, "part+");
    return 0;
}
static int on_part_done(const oai_json *part, const oai_response_change *c, void *ud)
{
    (void)c;
    assert_string_equal(oai_json_string(oai_json_get(part, "text")), "Hello \xc3\xa9");
    logf_(ud, "part-");
    return 0;
}
static int on_text_delta(const char *d, size_t len, const char *snap, const oai_response_change *c, void *ud)
{
    rec *r = ud;
    assert_int_equal(strlen(d), len);
    strcat(r->text, d);
    assert_string_equal(snap, r->text);
    assert_string_equal(c->item_id, "msg_1");
    logf_(ud, "text");
    return 0;
}
static int on_text_done(const char *text, const oai_response_change *c, void *ud)
{
    (void)c;
    assert_string_equal(text, "Hello \xc3\xa9");
    logf_(ud, "text.done");
    return 0;
}
static int on_args_delta(const char *d, size_t len, const char *snap, const oai_response_change *c, void *ud)
{
    rec *r = ud;
    (void)len;
    strcat(r->args, d);
    assert_string_equal(snap, r->args);
    assert_string_equal(oai_json_string(oai_json_get(c->item, "call_id")), "call_1");
    logf_(ud, "args");
    return 0;
}
static int on_args_done(const char *args, const oai_response_change *c, void *ud)
{
    (void)c;
    assert_string_equal(args, "{\"a\":1}");
    logf_(ud, "args.done");
    return 0;
}
static int on_summary_delta(const char *d, size_t len, const char *snap, const oai_response_change *c, void *ud)
{
    (void)len;
    (void)c;
    assert_string_equal(d, "Think");
    assert_string_equal(snap, "Think");
    logf_(ud, "summary");
    return 0;
}
static int on_summary_done(const char *t, const oai_response_change *c, void *ud)
{
    (void)c;
    assert_string_equal(t, "Think");
    logf_(ud, "summary.done");
    return 0;
}
static int on_end(void *ud)
{
    ((rec *)ud)->ends++;
    logf_(ud, "end");
    return 0;
}
static int on_exception(const oai_error *e, void *ud)
{
    rec *r = ud;
    r->exceptions++;
    r->kind = e->kind;
    logf_(ud, "exception");
    return 0;
}

static oai_response_handler handler(rec *r)
{
    oai_response_handler h = OAI_RESPONSE_HANDLER_INIT;
    h.user_data = r;
    h.on_event = on_event;
    h.on_created = on_created;
    h.on_completed = on_completed;
    h.on_output_item_added = on_item_added;
    h.on_output_item_done = on_item_done;
    h.on_content_part_added = on_part_added;
    h.on_content_part_done = on_part_done;
    h.on_text_delta = on_text_delta;
    h.on_text_done = on_text_done;
    h.on_function_call_arguments_delta = on_args_delta;
    h.on_function_call_arguments_done = on_args_done;
    h.on_reasoning_summary_delta = on_summary_delta;
    h.on_reasoning_summary_done = on_summary_done;
    h.on_end = on_end;
    h.on_exception = on_exception;
    return h;
}

static oai_response_stream *make(rec *r, const char *body, size_t len, size_t chunk)
{
    oai_response_handler h = handler(r);
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_response_stream *s;
    assert_int_equal(oai_response_stream_new(&s, &o), OAI_OK);
    for (size_t off = 0; off < len; off += chunk)
        assert_int_equal(oai_response_stream_feed(s, body + off, off + chunk < len ? chunk : len - off), OAI_OK);
    assert_int_equal(oai_response_stream_feed_end(s), OAI_OK);
    return s;
}

static void test_hooks_and_accessors(void **state)
{
    (void)state;
    static const char *const want =
        "created,item+0:reasoning,summary,summary.done,item-0,item+1:message,part+,text,text,text,text.done,"
        "part-,item-1,item+2:function_call,args,args,args.done,item-2,completed,end,";
    for (size_t chunk = 1; chunk <= sizeof STREAM; chunk = chunk * 3 + 1) {
        rec r = {0};
        oai_response_stream *s = make(&r, STREAM, sizeof STREAM - 1, chunk);
        assert_null(oai_response_stream_current_response(s));
        assert_int_equal(oai_response_stream_last_sequence_number(s), -1);
        assert_int_equal(oai_response_stream_until_done(s), OAI_OK);
        assert_string_equal(r.log, want);
        assert_int_equal(r.events, 22); /* every event (0..21), not the comment */
        assert_int_equal(r.ends, 1);
        const oai_json *fin;
        oai_response_end end;
        assert_int_equal(oai_response_stream_final_response(&fin, &end, s), OAI_OK);
        assert_int_equal(end, OAI_RESPONSE_END_COMPLETED);
        /* the terminal event's response, not the accumulated one */
        assert_int_equal(oai_json_size(oai_json_get(fin, "output")), 1);
        const char *text;
        size_t len;
        assert_int_equal(oai_response_stream_output_text(&text, &len, s), OAI_OK);
        assert_string_equal(text, "Hello \xc3\xa9");
        assert_int_equal(oai_response_stream_last_sequence_number(s), 21);
        assert_string_equal(oai_response_stream_response_id(s), "resp_1");
        assert_int_equal(oai_response_stream_until_done(s), OAI_OK); /* again: still over */
        oai_response_stream_free(s);
        assert_int_equal(r.ends, 1);
    }
}

static void test_pull_events_and_text(void **state)
{
    (void)state;
    rec r = {0};
    oai_response_stream *s = make(&r, STREAM, sizeof STREAM - 1, 7);
    const oai_response_update *u;
    assert_int_equal(oai_response_stream_next(&u, s), OAI_OK);
    assert_int_equal(u->type, OAI_RESPONSE_EVENT_CREATED);
    assert_int_equal(u->sequence_number, 0);
    assert_non_null(oai_response_stream_current_response(s));
    assert_int_equal(oai_response_stream_next(&u, s), OAI_OK);
    assert_int_equal(u->type, OAI_RESPONSE_EVENT_OUTPUT_ITEM_ADDED);
    assert_string_equal(oai_json_string(oai_json_get(oai_response_stream_current_item(s), "id")), "rs_1");
    const char *t;
    size_t len;
    char text[64] = "";
    int rc, n = 0;
    while ((rc = oai_response_stream_next_text(&t, &len, s)) == OAI_OK) {
        assert_int_equal(strlen(t), len);
        strcat(text, t);
        n++;
    }
    assert_int_equal(rc, OAI_ITEROVER);
    assert_int_equal(n, 2); /* the empty delta is skipped */
    assert_string_equal(text, "Hello \xc3\xa9");
    assert_int_equal(oai_response_stream_next(&u, s), OAI_ITEROVER);
    assert_null(u);
    assert_int_equal(r.ends, 1);
    oai_response_stream_free(s);
}

/* A stream ending in `incomplete` or `failed` still has a final response;
 * one with no terminal event has none. */
static void test_final_of_each_end(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        int rc;
        oai_response_end end;
    } cases[] = {
        {EV("{\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"output\":[]}}")
             EV("{\"type\":\"response.incomplete\",\"response\":{\"id\":\"r\",\"status\":\"incomplete\"}}"),
         OAI_OK, OAI_RESPONSE_END_INCOMPLETE},
        {EV("{\"type\":\"response.failed\",\"response\":{\"id\":\"r\",\"status\":\"failed\",\"error\":{\"code\":\"x\"}}}"),
         OAI_OK, OAI_RESPONSE_END_FAILED},
        {EV("{\"type\":\"response.created\",\"response\":{\"id\":\"r\",\"output\":[]}}") "data: [DONE]\n\n"
             EV("{\"type\":\"response.completed\",\"response\":{\"id\":\"r\"}}"),
         OAI_ENOTREADY, OAI_RESPONSE_END_NONE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rec r = {0};
        oai_response_stream *s = make(&r, cases[i].body, strlen(cases[i].body), 5);
        const oai_json *fin;
        oai_response_end end;
        assert_int_equal(oai_response_stream_final_response(&fin, &end, s), cases[i].rc);
        assert_int_equal(end, cases[i].end);
        assert_int_equal(r.exceptions, 0);
        assert_int_equal(r.ends, 1);
        oai_response_stream_free(s);
    }
}

static void expect_error(const char *body, int want_rc, const char *want_kind)
{
    rec r = {0};
    oai_response_stream *s = make(&r, body, strlen(body), 3);
    assert_int_equal(oai_response_stream_until_done(s), want_rc);
    assert_int_equal(r.exceptions, 1);
    assert_int_equal(r.ends, 1);
    assert_string_equal(r.kind, want_kind);
    const char *tail = r.log + strlen(r.log) - strlen("exception,end,");
    assert_string_equal(tail, "exception,end,");
    assert_int_equal(oai_response_stream_until_done(s), want_rc); /* sticky */
    oai_response_stream_free(s);
    assert_int_equal(r.ends, 1);
}

static void test_malformed(void **state)
{
    (void)state;
    expect_error(EV("{\"type\":\"response.created\",\"response\":{\"id\":\"r\"}}") EV("{broken"), OAI_EPROTOCOL,
                 "decode_error");
    expect_error("data: {\"type\":\"response.created\",\"response\":{\"id\":\"\xff\"}}\n\n", OAI_EPROTOCOL,
                 "decode_error");
    expect_error(EV("{\"type\":\"error\",\"sequence_number\":2,\"error\":{\"type\":\"server_error\",\"code\":\"c\","
                    "\"message\":\"boom\",\"param\":null}}"),
                 OAI_ESTREAM, "api_error");
    expect_error(EV("{\"type\":\"error\",\"code\":null,\"message\":\"flat\",\"param\":null}"), OAI_ESTREAM,
                 "api_error");
    expect_error(EV("{\"type\":\"response.created\"}"), OAI_EACCUMULATE, "accumulate_error");
    /* an error event keeps message, type and code */
    rec r = {0};
    const char *body = EV("{\"type\":\"error\",\"error\":{\"type\":\"server_error\",\"code\":\"c1\","
                          "\"message\":\"boom\",\"param\":\"p\"}}");
    oai_response_stream *s = make(&r, body, strlen(body), 64);
    assert_int_equal(oai_response_stream_until_done(s), OAI_ESTREAM);
    const oai_error *e = oai_response_stream_error(s);
    assert_string_equal(e->message, "boom");
    assert_string_equal(e->type, "server_error");
    assert_string_equal(e->api_code, "c1");
    assert_string_equal(e->param, "p");
    oai_response_stream_free(s);
}

static void test_oversized_event(void **state)
{
    (void)state;
    rec r = {0};
    oai_response_handler h = handler(&r);
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    o.handler = &h;
    o.max_event_size = 64;
    oai_response_stream *s;
    assert_int_equal(oai_response_stream_new(&s, &o), OAI_OK);
    assert_int_equal(oai_response_stream_feed(s, STREAM, sizeof STREAM - 1), OAI_OK);
    assert_int_equal(oai_response_stream_until_done(s), OAI_ELIMIT);
    assert_int_equal(r.exceptions, 1);
    assert_int_equal(r.ends, 1);
    oai_response_stream_free(s);
}

/* The body cut at every byte: a clean end or an error, on_end once. */
static void test_cut_everywhere(void **state)
{
    (void)state;
    for (size_t cut = 0; cut < sizeof STREAM - 1; cut++) {
        rec r = {0};
        oai_response_stream *s = make(&r, STREAM, cut, 11);
        int rc = oai_response_stream_until_done(s);
        assert_true(rc == OAI_OK || rc == OAI_EPROTOCOL);
        assert_int_equal(r.ends, 1);
        assert_int_equal(r.exceptions, rc != OAI_OK);
        oai_response_stream_free(s);
    }
}

static void test_stop_abort_and_refusals(void **state)
{
    (void)state;
    rec r = {0};
    r.stop_at = 3;
    oai_response_stream *s = make(&r, STREAM, sizeof STREAM - 1, 1000);
    assert_int_equal(oai_response_stream_until_done(s), OAI_EUSER);
    assert_string_equal(r.kind, "user_abort");
    assert_int_equal(r.ends, 1);
    oai_response_stream_free(s);

    rec a = {0};
    a.abort_at = 2;
    s = make(&a, STREAM, sizeof STREAM - 1, 1000);
    a.s = s;
    assert_int_equal(oai_response_stream_until_done(s), OAI_ECANCELLED);
    assert_int_equal(a.inner_rc, OAI_EINVAL); /* iteration inside a hook */
    assert_int_equal(a.ends, 1);
    assert_int_equal(a.exceptions, 0);
    oai_response_stream_free(s);

    /* submitting needs a request to repeat */
    rec b = {0};
    s = make(&b, STREAM, sizeof STREAM - 1, 1000);
    assert_int_equal(oai_response_stream_until_done(s), OAI_OK);
    oai_json *outs;
    assert_int_equal(oai_json_parse_cstr(&outs, "[{\"call_id\":\"call_1\",\"output\":\"x\"}]"), OAI_OK);
    assert_int_equal(oai_response_stream_submit_function_outputs(s, outs), OAI_EINVAL);
    oai_json_free(outs);
    oai_response_stream_free(s);

    /* freed early: on_end once */
    rec c = {0};
    s = make(&c, STREAM, sizeof STREAM - 1, 1000);
    const oai_response_update *u;
    assert_int_equal(oai_response_stream_next(&u, s), OAI_OK);
    oai_response_stream_free(s);
    assert_int_equal(c.ends, 1);

    oai_response_stream_options bad = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    bad.version = 99;
    assert_int_equal(oai_response_stream_new(&s, &bad), OAI_EINVAL);
    assert_null(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hooks_and_accessors), cmocka_unit_test(test_pull_events_and_text),
        cmocka_unit_test(test_final_of_each_end),   cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_oversized_event),     cmocka_unit_test(test_cut_everywhere),
        cmocka_unit_test(test_stop_abort_and_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
