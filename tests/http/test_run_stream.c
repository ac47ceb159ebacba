/* The stream helpers over HTTP: request shape (§5), events through the
 * stream engine, tool outputs chained into the same stream, errors before
 * the stream, read timeout while streaming. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "http_common.h"
#include "trace.h"

static int setup(void **state)
{
    http_clean_env();
    *state = ts_start();
    return 0;
}

static int teardown(void **state)
{
    ts_stop(*state);
    return 0;
}

#define RUN(status) "{\"id\":\"run_1\",\"object\":\"thread.run\",\"thread_id\":\"thread_1\"," \
                    "\"status\":\"" status "\"}"

static const char FIRST[] =
    "event: thread.run.created\ndata: " RUN("queued") "\n\n"
    "event: thread.run.requires_action\ndata: {\"id\":\"run_1\",\"object\":\"thread.run\","
    "\"thread_id\":\"thread_1\",\"status\":\"requires_action\",\"required_action\":{\"type\":"
    "\"submit_tool_outputs\",\"submit_tool_outputs\":{\"tool_calls\":[{\"id\":\"call_1\","
    "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}}\n\n"
    "event: done\ndata: [DONE]\n\n";

static const char SECOND[] =
    "event: thread.message.created\ndata: {\"id\":\"msg_1\",\"object\":\"thread.message\","
    "\"role\":\"assistant\",\"content\":[],\"status\":\"in_progress\"}\n\n"
    "event: thread.message.delta\ndata: {\"id\":\"msg_1\",\"object\":\"thread.message.delta\","
    "\"delta\":{\"content\":[{\"index\":0,\"type\":\"text\",\"text\":{\"value\":\"Sunny\"}}]}}\n\n"
    "event: thread.run.completed\ndata: " RUN("completed") "\n\n"
    "event: done\ndata: [DONE]\n\n";

typedef struct counts {
    int end, timeout, exception;
    char order[16]; /* hooks in call order: T(imeout) X(exception) E(nd) */
} counts;

static void seen(counts *n, char c)
{
    size_t k = strlen(n->order);
    if (k + 1 < sizeof n->order)
        n->order[k] = c;
}

static void on_end(void *ud)
{
    ((counts *)ud)->end++;
    seen(ud, 'E');
}

static void on_timeout(void *ud)
{
    ((counts *)ud)->timeout++;
    seen(ud, 'T');
}

static void on_exception(const oai_error *e, void *ud)
{
    (void)e;
    ((counts *)ud)->exception++;
    seen(ud, 'X');
}

static void stream_with_tool_outputs(void **state)
{
    ts_server *s = *state;
    ts_reply a = {.status = 200, .headers = "Content-Type: text/event-stream\r\nx-request-id: r1\r\n",
                  .body = FIRST, .chunked = 1, .pause_at = 50, .pause_ms = 50};
    ts_reply b = {.status = 200, .headers = "Content-Type: text/event-stream\r\n", .body = SECOND,
                  .chunked = 1};
    ts_push(s, &a);
    ts_push(s, &b);
    oai_client *c = http_client(s, 0);
    oai_json *params;
    assert_int_equal(oai_json_parse_cstr(&params, "{\"assistant_id\":\"asst_1\",\"stream\":false}"),
                     OAI_OK);
    counts n = {0};
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.user_data = &n;
    h.on_end = on_end;
    oai_stream_options so = OAI_STREAM_OPTIONS_INIT;
    so.handler = &h;
    const char *include[] = {"step_details.tool_calls[*].file_search.results[*].content", NULL};
    oai_stream *st = NULL;
    assert_int_equal(oai_runs_stream(&st, c, "thread_1", params, include, &so, NULL), OAI_OK);
    oai_json_free(params);

    const oai_event *ev;
    int rc, submitted = 0, events = 0;
    while ((rc = oai_stream_next(&ev, st)) == OAI_OK) {
        events++;
        if (oai_event_type_of(ev) == OAI_EVENT_RUN_REQUIRES_ACTION) {
            oai_json *outs;
            assert_int_equal(oai_json_parse_cstr(&outs, "[{\"tool_call_id\":\"call_1\","
                                                        "\"output\":\"sunny\"}]"), OAI_OK);
            assert_int_equal(oai_stream_submit_tool_outputs(st, outs), OAI_OK);
            oai_json_free(outs);
            submitted = 1;
        }
    }
    assert_int_equal(rc, OAI_ITEROVER);
    assert_true(submitted);
    assert_int_equal(events, 5);
    assert_int_equal(n.end, 1);
    const oai_run *run = NULL;
    assert_int_equal(oai_stream_final_run(&run, st), OAI_OK);
    assert_string_equal(oai_run_status(run), "completed");
    oai_stream_free(st);

    assert_int_equal(ts_nrequests(s), 2);
    const ts_request *q = ts_request_at(s, 0);
    assert_string_equal(q->method, "POST");
    assert_string_equal(q->target, "/v1/threads/thread_1/runs?include%5B%5D=step_details."
                                   "tool_calls%5B%2A%5D.file_search.results%5B%2A%5D.content");
    assert_string_equal(q->body, "{\"assistant_id\":\"asst_1\",\"stream\":true}");
    assert_string_equal(ts_req_header(q, "X-Stainless-Stream-Helper"),
                        "threads.runs.create_and_stream");
    assert_string_equal(ts_req_header(q, "X-Stainless-Custom-Event-Handler"), "true");
    assert_string_equal(ts_req_header(q, "OpenAI-Beta"), "assistants=v2");
    assert_string_equal(ts_req_header(q, "Accept"), "application/json");
    assert_string_equal(ts_req_header(q, "Content-Type"), "application/json");
    q = ts_request_at(s, 1);
    assert_string_equal(q->target, "/v1/threads/thread_1/runs/run_1/submit_tool_outputs");
    assert_string_equal(q->body, "{\"tool_outputs\":[{\"tool_call_id\":\"call_1\",\"output\":"
                                 "\"sunny\"}],\"stream\":true}");
    assert_string_equal(ts_req_header(q, "X-Stainless-Stream-Helper"),
                        "threads.runs.submit_tool_outputs_stream");
    assert_string_equal(ts_req_header(q, "X-Stainless-Custom-Event-Handler"), "true");
    oai_client_free(c);
}

static void create_and_run_and_submit_helpers(void **state)
{
    ts_server *s = *state;
    ts_reply b = {.status = 200, .body = SECOND, .chunked = 1};
    ts_push(s, &b);
    ts_push(s, &b);
    oai_client *c = http_client(s, 0);
    oai_json *params;
    oai_json_parse_cstr(&params, "{\"assistant_id\":\"asst_1\",\"thread\":{\"messages\":[]}}");
    oai_stream *st = NULL;
    assert_int_equal(oai_threads_create_and_run_stream(&st, c, params, NULL, NULL), OAI_OK);
    const char *text;
    size_t len;
    assert_int_equal(oai_stream_next_text(&text, &len, st), OAI_OK);
    assert_string_equal(text, "Sunny");
    assert_int_equal(oai_stream_until_done(st), OAI_OK);
    oai_stream_free(st);
    oai_json_free(params);
    const ts_request *q = ts_request_at(s, 0);
    assert_string_equal(q->target, "/v1/threads/runs");
    assert_string_equal(q->body,
                        "{\"assistant_id\":\"asst_1\",\"thread\":{\"messages\":[]},\"stream\":true}");
    assert_string_equal(ts_req_header(q, "X-Stainless-Stream-Helper"),
                        "threads.create_and_run_stream");
    assert_string_equal(ts_req_header(q, "X-Stainless-Custom-Event-Handler"), "false");

    oai_json *outs;
    oai_json_parse_cstr(&outs, "[{\"tool_call_id\":\"c\",\"output\":\"o\"}]");
    assert_int_equal(oai_runs_submit_tool_outputs_stream(&st, c, "thread 1", "run_1", outs, NULL,
                                                         NULL), OAI_OK);
    assert_int_equal(oai_stream_until_done(st), OAI_OK);
    oai_stream_free(st);
    q = ts_request_at(s, 1);
    assert_string_equal(q->target, "/v1/threads/thread%201/runs/run_1/submit_tool_outputs");
    assert_string_equal(ts_req_header(q, "X-Stainless-Stream-Helper"),
                        "threads.runs.submit_tool_outputs_stream");

    /* argument errors: nothing sent */
    assert_int_equal(oai_runs_submit_tool_outputs_stream(&st, c, "thread_1", "", outs, NULL, NULL),
                     OAI_EINVAL);
    assert_null(st);
    assert_string_equal(oai_client_last_error(c)->message,
                        "Expected a non-empty value for `run_id` but received ''");
    assert_int_equal(oai_runs_stream(&st, c, "thread_1", outs, NULL, NULL, NULL), OAI_EINVAL);
    oai_stream_options bad = OAI_STREAM_OPTIONS_INIT;
    bad.version = 77;
    assert_int_equal(oai_threads_create_and_run_stream(&st, c, params = NULL, &bad, NULL),
                     OAI_EINVAL);
    assert_int_equal(ts_nrequests(s), 2);
    oai_json_free(outs);
    oai_client_free(c);
}

static void error_before_stream(void **state)
{
    ts_server *s = *state;
    ts_reply e = {.status = 404, .headers = "x-request-id: req_nf\r\n",
                  .body = "{\"error\":{\"message\":\"No thread found with id 'thread_x'.\","
                          "\"type\":\"invalid_request_error\"}}"};
    ts_push(s, &e);
    oai_client *c = http_client(s, OAI_RETRIES_DEFAULT);
    oai_json *params;
    oai_json_parse_cstr(&params, "{\"assistant_id\":\"asst_1\"}");
    counts n = {0};
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.user_data = &n;
    h.on_end = on_end;
    h.on_exception = on_exception;
    oai_stream_options so = OAI_STREAM_OPTIONS_INIT;
    so.handler = &h;
    oai_stream *st = (oai_stream *)1;
    assert_int_equal(oai_runs_stream(&st, c, "thread_x", params, NULL, &so, NULL), OAI_ENOTFOUND);
    assert_null(st);
    assert_int_equal(n.end + n.exception, 0); /* no hook for a failed call */
    const oai_error *err = oai_client_last_error(c);
    assert_string_equal(err->message, "404 No thread found with id 'thread_x'.");
    assert_string_equal(err->request_id, "req_nf");
    assert_int_equal(ts_nrequests(s), 1);
    oai_json_free(params);
    oai_client_free(c);
}

/* A server that answers "stream": true with the run object as JSON (a mock
 * server does): the call fails at once and says what it got. */
static void json_instead_of_stream(void **state)
{
    ts_server *s = *state;
    ts_reply j = {.status = 200, .headers = "Content-Type: application/json\r\n",
                  .body = RUN("queued")};
    ts_push(s, &j);
    oai_client *c = http_client(s, OAI_RETRIES_DEFAULT);
    oai_json *params;
    oai_json_parse_cstr(&params, "{\"assistant_id\":\"asst_1\"}");
    oai_stream *st = (oai_stream *)1;
    assert_int_equal(oai_runs_stream(&st, c, "thread_1", params, NULL, NULL, NULL), OAI_EPROTOCOL);
    assert_null(st);
    assert_string_equal(oai_client_last_error(c)->message,
                        "expected text/event-stream, got application/json");
    assert_int_equal(ts_nrequests(s), 1);
    oai_json_free(params);
    oai_client_free(c);
}

/* The same on a multi: the call returns before the answer, and the stream
 * ends with that error. */
static void json_instead_of_stream_on_multi(void **state)
{
    ts_server *s = *state;
    ts_reply j = {.status = 200, .headers = "Content-Type: application/json\r\n",
                  .body = RUN("queued")};
    ts_push(s, &j);
    oai_client *c = http_client(s, OAI_RETRIES_DEFAULT);
    oai_multi *m = NULL;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    oai_json *params;
    oai_json_parse_cstr(&params, "{\"assistant_id\":\"asst_1\"}");
    oai_stream *st = NULL;
    assert_int_equal(oai_runs_stream(&st, c, "thread_1", params, NULL, NULL, NULL), OAI_OK);
    assert_int_equal(oai_multi_add_stream(m, st, NULL, NULL), OAI_OK);
    const oai_multi_msg *msg = NULL;
    int running = 1, left;
    for (int i = 0; i < 500 && !msg; i++) {
        assert_int_equal(oai_multi_perform(m, &running), OAI_OK);
        msg = oai_multi_info_read(m, &left);
        if (!msg)
            oai_multi_wait(m, 20);
    }
    assert_non_null(msg);
    assert_int_equal(msg->result, OAI_EPROTOCOL);
    assert_string_equal(oai_stream_error(st)->message,
                        "expected text/event-stream, got application/json");
    oai_stream_free(st);
    oai_multi_free(m);
    oai_json_free(params);
    oai_client_free(c);
}

static void read_timeout_while_streaming(void **state)
{
    ts_server *s = *state;
    ts_reply a = {.status = 200, .body = SECOND, .chunked = 1, .pause_at = 120, .pause_ms = 3000};
    ts_push(s, &a);
    oai_client *c = http_client(s, 0);
    oai_json *params;
    oai_json_parse_cstr(&params, "{\"assistant_id\":\"asst_1\"}");
    counts n = {0};
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.user_data = &n;
    h.on_end = on_end;
    h.on_timeout = on_timeout;
    h.on_exception = on_exception;
    oai_stream_options so = OAI_STREAM_OPTIONS_INIT;
    so.handler = &h;
    oai_request_options ro = OAI_REQUEST_OPTIONS_INIT;
    ro.read_timeout_ms = 300;
    oai_stream *st = NULL;
    assert_int_equal(oai_runs_stream(&st, c, "thread_1", params, NULL, &so, &ro), OAI_OK);
    int64_t t0 = ts_now_ms();
    int rc = oai_stream_until_done(st);
    int64_t took = ts_now_ms() - t0;
    assert_int_equal(rc, OAI_ETIMEOUT);
    assert_true(took >= 250 && took < 2500);
    assert_int_equal(n.timeout, 1);
    assert_int_equal(n.exception, 1);
    assert_int_equal(n.end, 1);
    assert_string_equal(n.order, "TXE"); /* semantics §3.4 */
    assert_string_equal(oai_stream_error(st)->message, "Request timed out.");
    assert_string_equal(trace_error_kind(oai_stream_error(st)), "timeout");
    oai_stream_free(st);
    oai_json_free(params);
    oai_client_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(stream_with_tool_outputs, setup, teardown),
        cmocka_unit_test_setup_teardown(create_and_run_and_submit_helpers, setup, teardown),
        cmocka_unit_test_setup_teardown(error_before_stream, setup, teardown),
        cmocka_unit_test_setup_teardown(json_instead_of_stream, setup, teardown),
        cmocka_unit_test_setup_teardown(json_instead_of_stream_on_multi, setup, teardown),
        cmocka_unit_test_setup_teardown(read_timeout_while_streaming, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
