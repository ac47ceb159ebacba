/* oai_chat_stream fed by the caller: the order of the hooks, pull by
 * update and by content fragment, the accessors and the final completion,
 * the end model (on_exception then on_end, once) for malformed input, an
 * error payload, a hook that stops, abort and early free; and allocation
 * failure at every allocation of a chat stream's life. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oai.h"
#include "trace.h"

typedef struct rec {
    char log[4096];
    int ends, exceptions, stop_at_chunk, chunks, final_in_hook;
    int code;
    char kind[32];
} rec;

static void logf_(rec *r, const char *what, const char *arg)
{
    size_t n = strlen(r->log);
    snprintf(r->log + n, sizeof r->log - n, "%s%s%s%s", n ? "," : "", what,
             arg ? "=" : "", arg ? arg : "");
}

static int on_chunk(const oai_json *chunk, const oai_json *snap,
                    const oai_chat_update *u, void *ud)
{
    rec *r = ud;
    assert_non_null(chunk);
    assert_non_null(snap);
    assert_int_equal(u->chunk_number, r->chunks);
    logf_(r, "chunk", NULL);
    return ++r->chunks == r->stop_at_chunk;
}

static int on_content_delta(const char *d, size_t len, const char *snap,
                            const oai_chat_change *c, void *ud)
{
    assert_int_equal(strlen(d), len);
    assert_int_equal(c->kind, OAI_CHAT_CHANGE_CONTENT_DELTA);
    logf_(ud, "content.delta", d);
    logf_(ud, "snapshot", snap);
    return 0;
}

static int on_content_done(const char *t, const oai_chat_change *c, void *ud)
{
    (void)c;
    logf_(ud, "content.done", t);
    return 0;
}

static int on_args_delta(const char *d, size_t len, const char *args,
                         const oai_chat_change *c, void *ud)
{
    (void)len;
    assert_int_equal(c->tool_index, 0);
    logf_(ud, "args.delta", d);
    logf_(ud, "args", args);
    return 0;
}

static int on_args_done(const oai_json *call, const oai_chat_change *c,
                        void *ud)
{
    (void)c;
    const oai_json *fn = oai_json_get(call, "function");
    logf_(ud, "args.done", oai_json_string(oai_json_get(fn, "name")));
    return 0;
}

static void on_end(void *ud)
{
    rec *r = ud;
    r->ends++;
    logf_(r, "end", NULL);
}

static void on_exception(const oai_error *e, void *ud)
{
    rec *r = ud;
    r->exceptions++;
    r->code = e->code;
    const char *kind = trace_error_kind(e);
    snprintf(r->kind, sizeof r->kind, "%s", kind ? kind : "");
    logf_(r, "exception", kind);
}

static oai_chat_stream *open_stream(rec *r, oai_chat_handler *h)
{
    memset(r, 0, sizeof *r);
    *h = (oai_chat_handler)OAI_CHAT_HANDLER_INIT;
    h->user_data = r;
    h->on_chunk = on_chunk;
    h->on_content_delta = on_content_delta;
    h->on_content_done = on_content_done;
    h->on_tool_call_arguments_delta = on_args_delta;
    h->on_tool_call_arguments_done = on_args_done;
    h->on_end = on_end;
    h->on_exception = on_exception;
    oai_chat_stream_options o = OAI_CHAT_STREAM_OPTIONS_INIT;
    o.handler = h;
    oai_chat_stream *s = NULL;
    assert_int_equal(oai_chat_stream_new(&s, &o), OAI_OK);
    return s;
}

static void feed_all(oai_chat_stream *s, const char *body)
{
    assert_int_equal(oai_chat_stream_feed(s, body, strlen(body)), OAI_OK);
    assert_int_equal(oai_chat_stream_feed_end(s), OAI_OK);
}

#define CHUNK(delta, finish)                                                   \
    "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1," \
    "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":" delta               \
    ",\"finish_reason\":" finish "}]}\n\n"

#define TEXT                                                                   \
    CHUNK("{\"role\":\"assistant\",\"content\":\"Hel\"}", "null")              \
    CHUNK("{\"content\":\"lo\"}", "null")                                      \
    CHUNK("{}", "\"stop\"") "data: [DONE]\n\n"

static void test_hooks_and_pull(void **state)
{
    (void)state;
    rec r;
    oai_chat_handler h;
    oai_chat_stream *s = open_stream(&r, &h);
    assert_null(oai_chat_stream_current_completion(s));
    feed_all(s, TEXT "data: {\"ignored\":true}\n\n");
    const char *t;
    size_t len;
    long long choice;
    assert_int_equal(oai_chat_stream_next_content(&t, &len, &choice, s),
                     OAI_OK);
    assert_string_equal(t, "Hel");
    assert_int_equal(len, 3);
    assert_int_equal(choice, 0);
    assert_int_equal(oai_chat_stream_next_content(&t, &len, NULL, s), OAI_OK);
    assert_string_equal(t, "lo");
    assert_null(oai_chat_stream_finish_reason(s, 0));
    const oai_chat_update *u;
    assert_int_equal(oai_chat_stream_next(&u, s), OAI_OK);
    assert_ptr_equal(u, oai_chat_stream_current_update(s));
    assert_string_equal(oai_chat_stream_finish_reason(s, 0), "stop");
    assert_non_null(oai_chat_stream_choice(s, 0));
    assert_null(oai_chat_stream_choice(s, 1));
    assert_int_equal(oai_chat_stream_next(&u, s), OAI_ITEROVER);
    assert_null(u);
    assert_int_equal(oai_chat_stream_next(&u, s), OAI_ITEROVER);
    assert_string_equal(r.log, "chunk,content.delta=Hel,snapshot=Hel,"
                               "chunk,content.delta=lo,snapshot=Hello,"
                               "chunk,content.done=Hello,end");
    const oai_json *final, *again;
    assert_int_equal(oai_chat_stream_final_completion(&final, s), OAI_OK);
    assert_int_equal(oai_chat_stream_final_completion(&again, s), OAI_OK);
    assert_ptr_equal(final, again);
    assert_string_equal(oai_json_string(oai_json_get(final, "object")),
                        "chat.completion");
    const oai_json *c0 = oai_json_first(oai_json_get(final, "choices"));
    assert_string_equal(
        oai_json_string(oai_json_get(oai_json_get(c0, "message"), "content")),
        "Hello");
    oai_chat_stream_free(s);
    assert_int_equal(r.ends, 1);
    assert_int_equal(r.exceptions, 0);
}

/* Official clients deliver a last event the body did not terminate. */
static void test_unterminated_last_event(void **state)
{
    (void)state;
    rec r;
    oai_chat_handler h;
    oai_chat_stream *s = open_stream(&r, &h);
    static const char body[] =
        CHUNK("{\"role\":\"assistant\",\"content\":\"a\"}", "\"stop\"");
    assert_int_equal(oai_chat_stream_feed(s, body, strlen(body) - 2), OAI_OK);
    const oai_chat_update *u;
    assert_int_equal(oai_chat_stream_next(&u, s), OAI_EAGAIN);
    assert_int_equal(oai_chat_stream_feed_end(s), OAI_OK);
    assert_int_equal(oai_chat_stream_until_done(s), OAI_OK);
    assert_int_equal(r.chunks, 1);
    assert_string_equal(oai_chat_stream_finish_reason(s, 0), "stop");
    oai_chat_stream_free(s);
}

static void test_tool_call_hooks(void **state)
{
    (void)state;
    rec r;
    oai_chat_handler h;
    oai_chat_stream *s = open_stream(&r, &h);
    feed_all(s,
             CHUNK("{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,"
                   "\"id\":\"call_1\",\"type\":\"function\",\"function\":{"
                   "\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}}]}",
                   "null") CHUNK("{\"tool_calls\":[{\"index\":0,\"function\":{"
                                 "\"arguments\":\":1}\"}}]}",
                                 "null") CHUNK("{}", "\"tool_calls\""));
    assert_int_equal(oai_chat_stream_until_done(s), OAI_OK);
    assert_string_equal(r.log, "chunk,args.delta={\"a\",args={\"a\","
                               "chunk,args.delta=:1},args={\"a\":1},"
                               "chunk,args.done=f,end");
    /* a detached stream has no request to continue */
    oai_json *outs;
    assert_int_equal(oai_json_parse_cstr(&outs, "[{\"tool_call_id\":\"call_1\","
                                                "\"content\":\"x\"}]"),
                     OAI_OK);
    assert_int_equal(oai_chat_stream_submit_tool_outputs(s, outs), OAI_EINVAL);
    assert_int_equal(oai_chat_stream_error(s)->code, OAI_EINVAL);
    oai_json_free(outs);
    oai_chat_stream_free(s);
}

/* A malformed chunk, an error payload and a failing accumulation each end
 * the stream with on_exception then on_end, and the same error after. */
static void expect_failure(const char *body, int code, const char *kind,
                           int chunks)
{
    rec r;
    oai_chat_handler h;
    oai_chat_stream *s = open_stream(&r, &h);
    feed_all(s, body);
    assert_int_equal(oai_chat_stream_until_done(s), code);
    assert_int_equal(oai_chat_stream_until_done(s), code);
    const oai_json *final;
    assert_int_equal(oai_chat_stream_final_completion(&final, s), code);
    assert_null(final);
    assert_int_equal(r.exceptions, 1);
    assert_int_equal(r.ends, 1);
    assert_int_equal(r.code, code);
    assert_string_equal(r.kind, kind);
    assert_int_equal(r.chunks, chunks);
    assert_string_equal(trace_error_kind(oai_chat_stream_error(s)), kind);
    oai_chat_stream_free(s);
    assert_int_equal(r.ends, 1);
}

static void test_failures(void **state)
{
    (void)state;
    expect_failure(CHUNK("{\"content\":\"a\"}", "null") "data: {\"id\":\n\n",
                   OAI_EPROTOCOL, "decode_error", 1);
    expect_failure("data: {\"error\":{\"message\":\"boom\",\"type\":\"server_"
                   "error\",\"param\":null,\"code\":null}}\n\n",
                   OAI_ESTREAM, "api_error", 0);
    expect_failure("event: error\ndata: {\"message\":\"x\"}\n\n", OAI_ESTREAM,
                   "api_error", 0);
    expect_failure("data: [1,2]\n\n", OAI_EACCUMULATE, "accumulate_error", 0);
    expect_failure(CHUNK("{\"tool_calls\":7}", "null"), OAI_EACCUMULATE,
                   "accumulate_error", 0);
}

static void test_hook_stops_and_abort(void **state)
{
    (void)state;
    rec r;
    oai_chat_handler h;
    oai_chat_stream *s = open_stream(&r, &h);
    r.stop_at_chunk = 2;
    feed_all(s, TEXT);
    assert_int_equal(oai_chat_stream_until_done(s), OAI_EUSER);
    assert_string_equal(r.kind, "user_abort");
    assert_int_equal(r.ends, 1);
    oai_chat_stream_free(s);

    s = open_stream(&r, &h);
    feed_all(s, TEXT);
    const oai_chat_update *u;
    assert_int_equal(oai_chat_stream_next(&u, s), OAI_OK);
    oai_chat_stream_abort(s);
    oai_chat_stream_abort(s);
    assert_int_equal(oai_chat_stream_next(&u, s), OAI_ECANCELLED);
    assert_int_equal(r.ends, 1);
    assert_int_equal(r.exceptions, 0);
    oai_chat_stream_free(s);
    assert_int_equal(r.ends, 1);

    /* freed part-way: on_end once */
    s = open_stream(&r, &h);
    feed_all(s, TEXT);
    assert_int_equal(oai_chat_stream_next(&u, s), OAI_OK);
    oai_chat_stream_free(s);
    assert_int_equal(r.ends, 1);
}

static rec *g_inner;
static int final_inside(const oai_json *chunk, const oai_json *snap,
                        const oai_chat_update *u, void *ud)
{
    (void)chunk;
    (void)snap;
    (void)u;
    const oai_json *f;
    ((rec *)ud)->final_in_hook =
        oai_chat_stream_final_completion(&f, (oai_chat_stream *)g_inner);
    return 0;
}

static void test_bad_calls(void **state)
{
    (void)state;
    oai_chat_stream *s = NULL;
    oai_chat_stream_options o = OAI_CHAT_STREAM_OPTIONS_INIT;
    o.version = 99;
    assert_int_equal(oai_chat_stream_new(&s, &o), OAI_EINVAL);
    assert_null(s);
    oai_chat_handler h = OAI_CHAT_HANDLER_INIT;
    h.version = OAI_CHAT_HANDLER_VERSION + 1;
    o = (oai_chat_stream_options)OAI_CHAT_STREAM_OPTIONS_INIT;
    o.handler = &h;
    assert_int_equal(oai_chat_stream_new(&s, &o), OAI_EINVAL);
    assert_int_equal(oai_chat_stream_new(NULL, NULL), OAI_EINVAL);
    assert_int_equal(oai_chat_stream_next(NULL, NULL), OAI_EINVAL);
    const char *t;
    assert_int_equal(oai_chat_stream_next_content(&t, NULL, NULL, NULL),
                     OAI_EINVAL);
    assert_null(oai_chat_stream_current_completion(NULL));
    oai_chat_stream_abort(NULL);
    oai_chat_stream_free(NULL);

    /* the final accessor refuses to run inside a hook */
    rec r = {0};
    h = (oai_chat_handler)OAI_CHAT_HANDLER_INIT;
    h.on_chunk = final_inside;
    h.user_data = &r;
    o.handler = &h;
    assert_int_equal(oai_chat_stream_new(&s, &o), OAI_OK);
    g_inner = (rec *)(void *)s;
    feed_all(s, TEXT);
    assert_int_equal(oai_chat_stream_until_done(s), OAI_OK);
    assert_int_equal(r.final_in_hook, OAI_EINVAL);
    oai_chat_stream_free(s);
}

/* ---- allocation failure ---------------------------------------------- */

static int life(const char *buf, size_t len, rec *r, int *created)
{
    oai_chat_handler h;
    memset(r, 0, sizeof *r);
    *created = 0;
    h = (oai_chat_handler)OAI_CHAT_HANDLER_INIT;
    h.user_data = r;
    h.on_end = on_end;
    h.on_exception = on_exception;
    h.on_tool_call_arguments_done = on_args_done;
    oai_chat_stream_options o = OAI_CHAT_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_chat_stream *s = NULL;
    int rc = oai_chat_stream_new(&s, &o);
    if (rc != OAI_OK) {
        assert_int_equal(rc, OAI_ENOMEM);
        return rc;
    }
    *created = 1;
    rc = oai_chat_stream_feed(s, buf, len / 2);
    if (rc == OAI_OK)
        rc = oai_chat_stream_feed(s, buf + len / 2, len - len / 2);
    oai_chat_stream_feed_end(s);
    if (rc != OAI_OK)
        assert_int_equal(rc, OAI_ENOMEM);
    const oai_json *final;
    rc = oai_chat_stream_final_completion(&final, s);
    oai_chat_stream_free(s);
    return rc;
}

static void sweep(const char *rel)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", OAI_CHAT_CORPUS_DIR, rel);
    size_t len;
    char *buf = tu_read_file(path, &len);
    assert_non_null(buf);
    rec r;
    int created;
    long live0 = tu_failalloc_live();
    tu_failalloc_arm(0);
    int rc0 = life(buf, len, &r, &created);
    long total = tu_failalloc_count();
    assert_int_equal(tu_failalloc_live(), live0);
    assert_true(total > 10);
    for (long k = 1; k <= total; k++) {
        tu_failalloc_arm(k);
        int rc = life(buf, len, &r, &created);
        tu_failalloc_arm(0);
        if (tu_failalloc_live() != live0)
            fail_msg("%s: leak after failing allocation %ld of %ld", rel, k,
                     total);
        if (!created) {
            assert_int_equal(r.ends + r.exceptions, 0);
            continue;
        }
        assert_int_equal(r.ends, 1);
        /* a failed final build is not a stream failure: no on_exception */
        assert_true(r.exceptions <= 1);
        if (r.exceptions)
            assert_true(rc != OAI_OK);
        if (rc == OAI_OK)
            assert_int_equal(rc0, OAI_OK);
    }
    free(buf);
}

static void test_oom_sweep(void **state)
{
    (void)state;
    static const char *const streams[] = {
        "fixtures-from-real/vercel-ai/mistral/mistral-tool-call@c2b90ed9/"
        "stream.reframed.sse",
        "fixtures-from-real/vercel-ai/xai/xai-text@a9e91b32/"
        "stream.reframed.sse",
        "real/openai-python/test_completions_streaming/unknown@09eba209/"
        "00_POST_chat.completions.sse",
        "real/pydantic-ai/test_openrouter/test_openrouter_stream_error@"
        "05fbaaa3/00_POST_chat.completions.sse",
    };
    for (size_t i = 0; i < sizeof streams / sizeof streams[0]; i++)
        sweep(streams[i]);
}

int main(void)
{
    tu_failalloc_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hooks_and_pull),
        cmocka_unit_test(test_unterminated_last_event),
        cmocka_unit_test(test_tool_call_hooks),
        cmocka_unit_test(test_failures),
        cmocka_unit_test(test_hook_stops_and_abort),
        cmocka_unit_test(test_bad_calls),
        cmocka_unit_test(test_oom_sweep),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
