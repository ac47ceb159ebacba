/* oai-emulator's POST /chat/completions over HTTP: request errors in the API's
 * shape, whole completions, the chunk grammar of every scenario, n > 1,
 * include_usage, logprobs, the tool-call turn, and fault injection on the
 * streams. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "chat_chunks.h"
#include "emu_harness.h"
#include "replay_check.h"

static emu_proc P;

#define TOOLS                                                                  \
    "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","          \
    "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":"  \
    "\"string\"}}}}},{\"type\":\"function\",\"function\":{\"name\":"           \
    "\"get_time\",\"parameters\":{\"type\":\"object\",\"properties\":{"        \
    "\"zone\":{\"type\":\"string\"}}}}}]"

static int setup(void **state)
{
    (void)state;
    emu_start(&P, NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(emu_stop(&P), 0);
    return 0;
}

/* A request body: the user message `text` plus `extra` members. */
static char *body_of(const char *text, const char *extra)
{
    size_t n = strlen(text) + strlen(extra) + 256;
    char *b = malloc(n);
    snprintf(b, n,
             "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
             "\"content\":\"%s\"}]%s%s}",
             text, *extra ? "," : "", extra);
    return b;
}

static cJSON *create(const char *text, const char *extra, long status)
{
    char *b = body_of(text, extra);
    cJSON *j = emu_call(&P, "POST", "/chat/completions", b, status);
    free(b);
    return j;
}

/* A streamed completion, parsed; fault: an X-Emulator-Fault header or NULL. */
static void stream(const char *text, const char *extra, const char *fault,
                   chat_body *out, http_res *raw)
{
    size_t n = strlen(extra) + 32;
    char *ex = malloc(n);
    snprintf(ex, n, "\"stream\":true%s%s", *extra ? "," : "", extra);
    char *b = body_of(text, ex);
    const char *const hs[] = {fault, NULL};
    http_res r;
    emu_http(&P, "POST", "/chat/completions", b, fault ? hs : NULL, &r);
    free(b);
    free(ex);
    assert_int_equal(r.status, 200);
    char ctype[128];
    assert_non_null(http_header(&r, "content-type", ctype, sizeof ctype));
    assert_non_null(strstr(ctype, "text/event-stream"));
    chat_body_parse(r.body, out);
    if (raw)
        *raw = r;
    else
        http_res_free(&r);
}

static const cJSON *choice0(const cJSON *completion)
{
    return cJSON_GetArrayItem(cJSON_GetObjectItem(completion, "choices"), 0);
}

static const cJSON *message0(const cJSON *completion)
{
    return cJSON_GetObjectItem(choice0(completion), "message");
}

static void assert_error(const char *body, long status, const char *param,
                         const char *code, const char *needle)
{
    cJSON *j = emu_call(&P, "POST", "/chat/completions", body, status);
    const cJSON *e = cJSON_GetObjectItem(j, "error");
    assert_non_null(e);
    assert_non_null(strstr(jstr(e, "message"), needle));
    assert_string_equal(jstr(e, "type"), status == 500
                                             ? "server_error"
                                             : "invalid_request_error");
    const cJSON *p = cJSON_GetObjectItem(e, "param");
    const cJSON *c = cJSON_GetObjectItem(e, "code");
    if (param)
        assert_string_equal(p->valuestring, param);
    else
        assert_true(cJSON_IsNull(p));
    if (code)
        assert_string_equal(c->valuestring, code);
    else
        assert_true(cJSON_IsNull(c));
    cJSON_Delete(j);
}

static void test_request_errors(void **state)
{
    (void)state;
    assert_error("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", 400,
                 NULL, NULL, "you must provide a model parameter");
    assert_error("{\"model\":\"m\"}", 400, "messages",
                 "missing_required_parameter",
                 "Missing required parameter: 'messages'.");
    assert_error("{\"model\":\"m\",\"messages\":[]}", 400, "messages",
                 "empty_array", "empty array");
    assert_error("{\"model\":\"m\",\"messages\":\"hi\"}", 400, "messages",
                 "invalid_type",
                 "expected an array of objects, but got a "
                 "string");
    assert_error("{\"model\":7,\"messages\":[{\"role\":\"user\"}]}", 400,
                 "model", "invalid_type", "expected a string");
    assert_error("{\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]}", 400,
                 "messages[0].role", NULL,
                 "Missing required parameter: 'messages[0].role'.");
    assert_error("{\"model\":\"m\",\"messages\":[{\"role\":\"robot\"}]}", 400,
                 "messages[0].role", "invalid_value", "'robot'");
    /* a user message plus one member */
    static const struct {
        const char *text, *extra;
        long status;
        const char *param, *code, *needle;
    } cases[] = {
        {"hi", "\"n\":200", 400, "n", "integer_above_max_value",
         "Expected a value <= 128, but got 200 instead."},
        {"hi", "\"max_tokens\":0", 400, "max_tokens", "integer_below_min_value",
         "Expected a value >= 1"},
        {"hi", "\"stream_options\":{\"include_usage\":true}", 400,
         "stream_options", NULL, "only allowed when 'stream' is enabled"},
        {"hi", "\"top_logprobs\":2", 400, "top_logprobs", NULL, "logprobs"},
        {"hi", "\"tools\":[{\"type\":\"function\",\"function\":{}}]", 400,
         "tools[0].function.name", NULL, "Missing required parameter"},
        {"#scenario:nonesuch", "", 400, "messages", NULL, "'nonesuch'"},
        {"#scenario:error", "", 500, NULL, "server_error",
         "The server had an error"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *b = body_of(cases[i].text, cases[i].extra);
        assert_error(b, cases[i].status, cases[i].param, cases[i].code,
                     cases[i].needle);
        free(b);
    }
    assert_error("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\","
                 "\"tool_call_id\":\"call_1\",\"content\":\"x\"}]}",
                 400, "messages.[0].role", NULL,
                 "must be a response to a preceeding message with "
                 "'tool_calls'");
    assert_error("{\"model\":\"m\",\"messages\":[{\"role\":\"assistant\","
                 "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                 "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},{"
                 "\"role\":\"user\",\"content\":\"x\"}]}",
                 400, "messages.[0].role", NULL,
                 "did not have response messages: call_1");
}

static void test_whole_completion(void **state)
{
    (void)state;
    cJSON *c = create("Hi there", "", 200);
    assert_string_equal(jstr(c, "object"), "chat.completion");
    assert_int_equal(strncmp(jstr(c, "id"), "chatcmpl-", 9), 0);
    assert_string_equal(jstr(c, "model"), "gpt-4o-mini");
    assert_string_equal(jstr(message0(c), "role"), "assistant");
    assert_string_equal(jstr(message0(c), "content"),
                        "Hello! You said: Hi there");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(message0(c), "refusal")));
    assert_string_equal(jstr(choice0(c), "finish_reason"), "stop");
    const cJSON *u = cJSON_GetObjectItem(c, "usage");
    assert_int_equal((int)jnum(u, "completion_tokens"), 5); /* one a word */
    assert_int_equal((int)jnum(u, "total_tokens"),
                     (int)jnum(u, "prompt_tokens") + 5);
    cJSON_Delete(c);

    c = create("#scenario:refusal", "", 200);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(message0(c), "content")));
    assert_non_null(strstr(jstr(message0(c), "refusal"), "I'm sorry"));
    cJSON_Delete(c);

    c = create("#scenario:text one two three four", "\"max_tokens\":2", 200);
    assert_string_equal(jstr(message0(c), "content"), "one two");
    assert_string_equal(jstr(choice0(c), "finish_reason"), "length");
    cJSON_Delete(c);
    c = create("#scenario:length", "", 200);
    assert_string_equal(jstr(choice0(c), "finish_reason"), "length");
    cJSON_Delete(c);

    c = create("#scenario:text a b c",
               "\"n\":3,\"logprobs\":true,\"top_logprobs\":3", 200);
    const cJSON *choices = cJSON_GetObjectItem(c, "choices");
    assert_int_equal(cJSON_GetArraySize(choices), 3);
    for (int i = 0; i < 3; i++) {
        const cJSON *ch = cJSON_GetArrayItem(choices, i);
        assert_int_equal((int)jnum(ch, "index"), i);
        const cJSON *lp =
            cJSON_GetObjectItem(cJSON_GetObjectItem(ch, "logprobs"), "content");
        assert_int_equal(cJSON_GetArraySize(lp), 3);
        assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(
                             cJSON_GetArrayItem(lp, 1), "top_logprobs")),
                         3);
        assert_string_equal(jstr(cJSON_GetArrayItem(lp, 1), "token"), " b");
    }
    assert_int_equal(
        (int)jnum(cJSON_GetObjectItem(c, "usage"), "completion_tokens"), 9);
    cJSON_Delete(c);
}

/* The tool-call turn: parallel calls, then tool messages answered with text. */
static void test_tool_call_turn(void **state)
{
    (void)state;
    cJSON *c = create("#scenario:parallel 2", "\"tools\":" TOOLS, 200);
    assert_string_equal(jstr(choice0(c), "finish_reason"), "tool_calls");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(message0(c), "content")));
    const cJSON *calls = cJSON_GetObjectItem(message0(c), "tool_calls");
    assert_int_equal(cJSON_GetArraySize(calls), 2);
    const cJSON *c0 = cJSON_GetArrayItem(calls, 0),
                *c1 = cJSON_GetArrayItem(calls, 1);
    assert_string_equal(jstr(cJSON_GetObjectItem(c0, "function"), "name"),
                        "get_weather");
    assert_string_equal(jstr(cJSON_GetObjectItem(c1, "function"), "name"),
                        "get_time");
    assert_string_equal(jstr(cJSON_GetObjectItem(c0, "function"), "arguments"),
                        "{\"city\":\"emulated\"}");
    assert_string_not_equal(jstr(c0, "id"), jstr(c1, "id"));

    cJSON *req = cJSON_CreateObject();
    cJSON_AddStringToObject(req, "model", "gpt-4o-mini");
    cJSON *msgs = cJSON_AddArrayToObject(req, "messages");
    cJSON *u = cJSON_CreateObject();
    cJSON_AddStringToObject(u, "role", "user");
    cJSON_AddStringToObject(u, "content", "#scenario:parallel 2");
    cJSON_AddItemToArray(msgs, u);
    cJSON_AddItemToArray(msgs, cJSON_Duplicate(message0(c), 1));
    const char *outs[] = {"sunny", "noon"};
    for (int i = 0; i < 2; i++) {
        cJSON *t = cJSON_CreateObject();
        cJSON_AddStringToObject(t, "role", "tool");
        cJSON_AddStringToObject(t, "tool_call_id",
                                jstr(cJSON_GetArrayItem(calls, i), "id"));
        cJSON_AddStringToObject(t, "content", outs[i]);
        cJSON_AddItemToArray(msgs, t);
    }
    cJSON_AddItemToObject(req, "tools", cJSON_Parse(TOOLS));
    char *text = cJSON_PrintUnformatted(req);
    cJSON *next = emu_call(&P, "POST", "/chat/completions", text, 200);
    assert_string_equal(jstr(message0(next), "content"),
                        "Done: get_weather returned sunny; get_time returned "
                        "noon.");
    assert_string_equal(jstr(choice0(next), "finish_reason"), "stop");
    free(text);
    cJSON_Delete(next);
    cJSON_Delete(req);
    cJSON_Delete(c);

    c = create("#scenario:function", "", 200);
    assert_non_null(strstr(jstr(message0(c), "content"), "No function tool"));
    cJSON_Delete(c);
}

/* What every chunk shares, and the first delta of a choice. */
static void assert_chunk_shape(const cJSON *chunks, int include_usage)
{
    const char *id = jstr(cJSON_GetArrayItem(chunks, 0), "id");
    assert_int_equal(strncmp(id, "chatcmpl-", 9), 0);
    const cJSON *chunk;
    cJSON_ArrayForEach(chunk, chunks)
    {
        if (cJSON_GetObjectItem(chunk, "error"))
            continue;
        assert_string_equal(jstr(chunk, "id"), id);
        assert_string_equal(jstr(chunk, "object"), "chat.completion.chunk");
        assert_non_null(jstr(chunk, "system_fingerprint"));
        assert_non_null(jstr(chunk, "obfuscation"));
        assert_true(cJSON_IsNumber(cJSON_GetObjectItem(chunk, "created")));
        assert_int_equal(cJSON_GetObjectItem(chunk, "usage") != NULL,
                         include_usage);
    }
    const cJSON *first = cJSON_GetObjectItem(
        cJSON_GetArrayItem(
            cJSON_GetObjectItem(cJSON_GetArrayItem(chunks, 0), "choices"), 0),
        "delta");
    assert_string_equal(jstr(first, "role"), "assistant");
}

/* Every scenario streams the same text as the whole completion answers. */
static void test_stream_scenarios(void **state)
{
    (void)state;
    static const struct {
        const char *text, *finish;
        int deltas;
    } cases[] = {
        {"Hello", "stop", 4},
        {"#scenario:text The quick brown fox", "stop", 4},
        {"#scenario:refusal", "stop", 9},
        {"#scenario:length", "length", 5},
        {"#scenario:keepalive", "stop", 6},
        {"#scenario:long 300 0", "stop", 300},
        {"#scenario:slow 1", "stop", 50},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        chat_body b;
        stream(cases[i].text, "", NULL, &b, NULL);
        assert_true(b.done);
        assert_int_equal(b.bad + b.after_done + b.named, 0);
        assert_chunk_shape(b.chunks, 0);
        /* role, the deltas, the finish chunk */
        assert_int_equal(cJSON_GetArraySize(b.chunks), cases[i].deltas + 2);
        assert_string_equal(chat_finish(b.chunks, 0), cases[i].finish);
        int refusal = strstr(cases[i].text, "refusal") != NULL;
        char *text = chat_text(b.chunks, 0, refusal ? "refusal" : "content");
        cJSON *whole = create(cases[i].text, "", 200);
        assert_string_equal(
            text, jstr(message0(whole), refusal ? "refusal" : "content"));
        assert_int_equal(b.comments, strstr(cases[i].text, "keepalive")
                                         ? cases[i].deltas
                                         : 0);
        cJSON_Delete(whole);
        free(text);
        chat_body_free(&b);
    }
}

/* Three deltas, then the error payload: as a data line (OpenAI) or as an
 * "event: error" (Groq); no finish, no [DONE]. */
static void test_stream_error(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "#scenario:error rate_limit_exceeded", "#scenario:error event",
        "#scenario:error event tool_use_failed"};
    static const char *const codes[] = {"rate_limit_exceeded", "server_error",
                                        "tool_use_failed"};
    for (int i = 0; i < 3; i++) {
        chat_body b;
        http_res raw;
        stream(texts[i], "", NULL, &b, &raw);
        assert_false(b.done);
        int n = cJSON_GetArraySize(b.chunks);
        assert_int_equal(n, 5); /* role, three deltas, the error */
        const cJSON *e =
            cJSON_GetObjectItem(cJSON_GetArrayItem(b.chunks, n - 1), "error");
        assert_string_equal(jstr(e, "type"), "server_error");
        assert_string_equal(jstr(e, "code"), codes[i]);
        assert_non_null(jstr(e, "message"));
        assert_null(chat_finish(b.chunks, 0));
        assert_int_equal(b.named, i > 0);
        if (i > 0)
            assert_non_null(
                strstr(raw.body, "\n\nevent: error\ndata: {\"error\":"));
        http_res_free(&raw);
        chat_body_free(&b);
    }
}

/* First delta of each call: id, type and name; the others: index and an
 * arguments piece only. */
static void test_stream_tool_calls(void **state)
{
    (void)state;
    chat_body b;
    stream("#scenario:parallel 3", "\"tools\":" TOOLS, NULL, &b, NULL);
    assert_true(b.done);
    assert_string_equal(chat_finish(b.chunks, 0), "tool_calls");
    char args[3][128] = {{0}};
    int opened[3] = {0};
    const cJSON *chunk;
    cJSON_ArrayForEach(chunk, b.chunks)
    {
        const cJSON *d = cJSON_GetObjectItem(
            cJSON_GetArrayItem(cJSON_GetObjectItem(chunk, "choices"), 0),
            "delta");
        const cJSON *calls = cJSON_GetObjectItem(d, "tool_calls");
        if (!calls)
            continue;
        assert_int_equal(cJSON_GetArraySize(calls), 1);
        const cJSON *t = cJSON_GetArrayItem(calls, 0);
        int k = (int)jnum(t, "index");
        assert_true(k >= 0 && k < 3);
        const cJSON *fn = cJSON_GetObjectItem(t, "function");
        if (jstr(t, "id")) {
            assert_false(opened[k]);
            assert_true(k == 0 || opened[k - 1]);
            opened[k] = 1;
            assert_int_equal(strncmp(jstr(t, "id"), "call_", 5), 0);
            assert_string_equal(jstr(t, "type"), "function");
            assert_non_null(jstr(fn, "name"));
            assert_string_equal(jstr(fn, "arguments"), "");
        } else {
            assert_true(opened[k]);
            assert_null(cJSON_GetObjectItem(t, "type"));
            assert_null(cJSON_GetObjectItem(fn, "name"));
            assert_int_equal(cJSON_GetArraySize(t), 2);
            assert_true(strlen(jstr(fn, "arguments")) <= 8);
            strcat(args[k], jstr(fn, "arguments"));
        }
    }
    assert_string_equal(args[0], "{\"city\":\"emulated\"}");
    assert_string_equal(args[1], "{\"zone\":\"emulated\"}");
    assert_string_equal(args[2], "{\"city\":\"emulated\"}");
    chat_body_free(&b);
}

/* n = 3: one choice per chunk, interleaved by index; include_usage: usage
 * null on every chunk, then a usage chunk with empty choices. */
static void test_stream_choices_and_usage(void **state)
{
    (void)state;
    chat_body b;
    stream("#scenario:text a b c d",
           "\"n\":3,\"stream_options\":{\"include_usage\":true}", NULL, &b,
           NULL);
    assert_true(b.done);
    int n = cJSON_GetArraySize(b.chunks);
    assert_int_equal(n, 3 * 6 + 1);
    assert_chunk_shape(b.chunks, 1);
    for (int i = 0; i < n - 1; i++) {
        const cJSON *chunk = cJSON_GetArrayItem(b.chunks, i);
        const cJSON *choices = cJSON_GetObjectItem(chunk, "choices");
        assert_int_equal(cJSON_GetArraySize(choices), 1);
        assert_int_equal((int)jnum(cJSON_GetArrayItem(choices, 0), "index"),
                         i % 3);
        assert_true(cJSON_IsNull(cJSON_GetObjectItem(chunk, "usage")));
    }
    const cJSON *last = cJSON_GetArrayItem(b.chunks, n - 1);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(last, "choices")),
                     0);
    const cJSON *u = cJSON_GetObjectItem(last, "usage");
    assert_int_equal((int)jnum(u, "completion_tokens"), 12);
    assert_non_null(cJSON_GetObjectItem(u, "completion_tokens_details"));
    for (int i = 0; i < 3; i++) {
        char *text = chat_text(b.chunks, i, "content");
        assert_string_equal(text, "a b c d");
        assert_string_equal(chat_finish(b.chunks, i), "stop");
        free(text);
    }
    chat_body_free(&b);

    stream("#scenario:text a b",
           "\"stream_options\":{\"include_obfuscation\":false}", NULL, &b,
           NULL);
    cJSON_ArrayForEach(u, b.chunks)
    {
        assert_null(cJSON_GetObjectItem(u, "obfuscation"));
    }
    chat_body_free(&b);
}

/* logprobs.content per delta, an empty list on the role delta, null on the
 * finish; refusals log their tokens under refusal. */
static void test_stream_logprobs(void **state)
{
    (void)state;
    static const char *const texts[] = {"#scenario:text x y z",
                                        "#scenario:refusal"};
    for (int t = 0; t < 2; t++) {
        chat_body b;
        stream(texts[t], "\"logprobs\":true,\"top_logprobs\":2", NULL, &b,
               NULL);
        const char *list = t ? "refusal" : "content";
        const char *other = t ? "content" : "refusal";
        int n = cJSON_GetArraySize(b.chunks);
        for (int i = 0; i < n; i++) {
            const cJSON *ch = cJSON_GetArrayItem(
                cJSON_GetObjectItem(cJSON_GetArrayItem(b.chunks, i), "choices"),
                0);
            const cJSON *lp = cJSON_GetObjectItem(ch, "logprobs");
            if (i == n - 1) {
                assert_true(cJSON_IsNull(lp));
                continue;
            }
            const cJSON *entries = cJSON_GetObjectItem(lp, list);
            assert_true(cJSON_IsNull(cJSON_GetObjectItem(lp, other)));
            assert_int_equal(cJSON_GetArraySize(entries), i == 0 ? 0 : 1);
            if (i == 0)
                continue;
            const cJSON *e = cJSON_GetArrayItem(entries, 0);
            const char *piece = jstr(cJSON_GetObjectItem(ch, "delta"), list);
            assert_string_equal(jstr(e, "token"), piece);
            assert_true(jnum(e, "logprob") < 0);
            assert_int_equal(
                cJSON_GetArraySize(cJSON_GetObjectItem(e, "bytes")),
                (int)strlen(piece));
            assert_int_equal(
                cJSON_GetArraySize(cJSON_GetObjectItem(e, "top_logprobs")), 2);
        }
        chat_body_free(&b);
    }
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Faults shape the bytes of a chat stream, never its chunks. */
static void test_stream_faults(void **state)
{
    (void)state;
    http_res whole;
    chat_body b;
    stream("#scenario:text a b c d e f", "", NULL, &b, &whole);
    int chunks = cJSON_GetArraySize(b.chunks);
    chat_body_free(&b);

    for (long cut = 50; cut < (long)whole.len; cut += 211) {
        char h[64];
        snprintf(h, sizeof h, "X-Emulator-Fault: cut-after=%ld", cut);
        http_res r;
        stream("#scenario:text a b c d e f", "", h, &b, &r);
        assert_true(r.len <= (size_t)cut);
        assert_true(r.curl_code != 0);
        assert_false(b.done);
        assert_true(cJSON_GetArraySize(b.chunks) < chunks);
        http_res_free(&r);
        chat_body_free(&b);
    }
    http_res_free(&whole);

    static const char *const pacing[] = {
        "X-Emulator-Fault: chunk=7;chunk-delay-ms=1",
        "X-Emulator-Fault: stall-body-ms=300", "X-Emulator-Fault: keepalive=1"};
    for (size_t i = 0; i < sizeof pacing / sizeof pacing[0]; i++) {
        double t0 = seconds();
        stream("#scenario:text a b c d e f", "", pacing[i], &b, NULL);
        if (i == 1)
            assert_true(seconds() - t0 >= 0.29);
        assert_true(b.done);
        assert_int_equal(b.bad + b.named, 0);
        assert_int_equal(cJSON_GetArraySize(b.chunks), chunks);
        assert_int_equal(b.comments, i == 2 ? chunks : 0);
        char *text = chat_text(b.chunks, 0, "content");
        assert_string_equal(text, "a b c d e f");
        free(text);
        chat_body_free(&b);
    }

    stream("#scenario:text a b c d e f", "", "X-Emulator-Fault: malformed=1",
           &b, NULL);
    assert_int_equal(b.bad, 1);
    assert_int_equal(cJSON_GetArraySize(b.chunks), chunks - 1);
    chat_body_free(&b);
}

/* --replay answers a streamed chat completion with the recorded bytes; a
 * whole one is still served by the scenarios. */
static void test_replay_recording(void **state)
{
    (void)state;
    emu_proc q;
    char *b = body_of("x", "\"stream\":true");
    emu_check_replay(&q,
                     OAI_CORPUS_DIR
                     "/chat/real/openai-node/ChatCompletionStream.test/"
                     "stream()_emits_refusal_logprobs_events_1@c972cfc5/"
                     "00_POST_chat.completions.sse",
                     "/chat/completions", b);
    free(b);
    b = body_of("#scenario:text a b", "");
    cJSON *c = emu_call(&q, "POST", "/chat/completions", b, 200);
    assert_string_equal(jstr(message0(c), "content"), "a b");
    cJSON_Delete(c);
    free(b);
    assert_int_equal(emu_stop(&q), 0);
}

/* A client that leaves mid-stream, then a shutdown while that stream's next
 * chunk is still due: the server exits cleanly (nothing left behind). */
static void test_left_stream_at_shutdown(void **state)
{
    (void)state;
    emu_proc q;
    emu_start(&q, NULL);
    char *b = body_of("#scenario:slow 5000", "\"stream\":true");
    const char *const hs[] = {"X-Emulator-Fault: cut-after=600", NULL};
    http_res r;
    emu_http(&q, "POST", "/chat/completions", b, hs, &r);
    assert_int_equal(r.status, 200);
    assert_true(r.len <= 600);
    http_res_free(&r);
    free(b);
    assert_int_equal(emu_stop(&q), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_request_errors),
        cmocka_unit_test(test_whole_completion),
        cmocka_unit_test(test_tool_call_turn),
        cmocka_unit_test(test_stream_scenarios),
        cmocka_unit_test(test_stream_error),
        cmocka_unit_test(test_stream_tool_calls),
        cmocka_unit_test(test_stream_choices_and_usage),
        cmocka_unit_test(test_stream_logprobs),
        cmocka_unit_test(test_stream_faults),
        cmocka_unit_test(test_replay_recording),
        cmocka_unit_test(test_left_stream_at_shutdown),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
