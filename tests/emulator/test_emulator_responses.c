/* oai-emulator: the Responses and Conversations endpoints over HTTP: stream
 * grammar and sequence numbers, background progression, the starting_after
 * suffix, cancel, the resume window, a cut stream resumed, chaining with
 * previous_response_id, conversations, and every scenario's events. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu_harness.h"
#include "replay_check.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

static emu_proc P;

static const char *const TOOLS =
    "[{\"type\":\"function\",\"name\":\"get_weather\",\"parameters\":{\"type\":"
    "\"object\",\"properties\":"
    "{\"city\":{\"type\":\"string\"},\"days\":{\"type\":\"integer\"}}}},"
    "{\"type\":\"function\",\"name\":\"get_time\",\"parameters\":{\"type\":"
    "\"object\",\"properties\":"
    "{\"zone\":{\"type\":\"string\"}}}}]";

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

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Every complete "data:" line of an SSE body, parsed, in order. */
static cJSON *events_of(const char *body)
{
    cJSON *arr = cJSON_CreateArray();
    const char *p = body;
    while ((p = strstr(p, "data: ")) != NULL) {
        const char *end = strstr(p, "\n\n");
        if (!end)
            break; /* a cut event */
        size_t n = (size_t)(end - p - 6);
        char *js = malloc(n + 1);
        memcpy(js, p + 6, n);
        js[n] = '\0';
        cJSON *e = cJSON_Parse(js);
        free(js);
        assert_non_null(e);
        cJSON_AddItemToArray(arr, e);
        p = end + 2;
    }
    return arr;
}

static const char *ev_type(const cJSON *events, int i)
{
    return jstr(cJSON_GetArrayItem(events, i), "type");
}

static int ev_seq(const cJSON *events, int i)
{
    return (int)jnum(cJSON_GetArrayItem(events, i), "sequence_number");
}

static int count_type(const cJSON *events, const char *type)
{
    int n = 0;
    for (int i = 0; i < cJSON_GetArraySize(events); i++)
        n += strcmp(ev_type(events, i), type) == 0;
    return n;
}

static const cJSON *first_of(const cJSON *events, const char *type)
{
    for (int i = 0; i < cJSON_GetArraySize(events); i++)
        if (strcmp(ev_type(events, i), type) == 0)
            return cJSON_GetArrayItem(events, i);
    return NULL;
}

static void assert_contiguous(const cJSON *events, int from)
{
    for (int i = 0; i < cJSON_GetArraySize(events); i++)
        assert_int_equal(ev_seq(events, i), from + i);
}

/* POST /responses with stream:true; returns the parsed events (and the raw body
 * in *raw when asked). */
static cJSON *stream_create(const char *input_and_more, char **raw)
{
    char body[2048];
    int n = snprintf(body, sizeof body,
                     "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"tools\":%s,%s}",
                     TOOLS, input_and_more);
    assert_true(n > 0 && (size_t)n < sizeof body); /* the request whole */
    http_res r;
    emu_http(&P, "POST", "/responses", body, NULL, &r);
    assert_int_equal(r.status, 200);
    cJSON *ev = events_of(r.body);
    if (raw)
        *raw = strdup(r.body);
    http_res_free(&r);
    return ev;
}

static cJSON *stream_scenario(const char *text)
{
    char more[512];
    snprintf(more, sizeof more, "\"input\":\"%s\"", text);
    return stream_create(more, NULL);
}

static void test_stream_grammar(void **state)
{
    (void)state;
    char *raw;
    cJSON *ev =
        stream_create("\"input\":\"#scenario:text one two three\"", &raw);
    assert_contiguous(ev, 0);
    char *pat = sse_pattern(raw);
    assert_string_equal(
        pat, "response.created,response.in_progress,response.output_item.added,"
             "response.content_part.added,response.output_text.delta,response."
             "output_text.done,"
             "response.content_part.done,response.output_item.done,response."
             "completed");
    free(pat);
    free(raw);
    assert_int_equal(count_type(ev, "response.output_text.delta"), 3);
    const cJSON *d = first_of(ev, "response.output_text.delta");
    assert_non_null(jstr(d, "obfuscation"));
    assert_string_equal(jstr(d, "delta"), "one");
    const cJSON *done = first_of(ev, "response.output_text.done");
    assert_string_equal(jstr(done, "text"), "one two three");
    const cJSON *fin =
        cJSON_GetObjectItem(first_of(ev, "response.completed"), "response");
    assert_string_equal(jstr(fin, "status"), "completed");
    const cJSON *usage = cJSON_GetObjectItem(fin, "usage");
    assert_true(jnum(usage, "output_tokens") == 3);
    assert_true(jnum(usage, "total_tokens") == jnum(usage, "input_tokens") + 3);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(fin, "background")));
    const cJSON *msg =
        cJSON_GetArrayItem(cJSON_GetObjectItem(fin, "output"), 0);
    assert_string_equal(
        jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(msg, "content"), 0),
             "text"),
        "one two three");
    cJSON_Delete(ev);

    /* include_obfuscation:false drops the padding */
    ev = stream_create("\"input\":\"#scenario:text a "
                       "b\",\"stream_options\":{\"include_obfuscation\":false}",
                       NULL);
    assert_null(
        jstr(first_of(ev, "response.output_text.delta"), "obfuscation"));
    cJSON_Delete(ev);
}

static void test_create_get_delete(void **state)
{
    (void)state;
    cJSON *r = emu_call(&P, "POST", "/responses",
                        "{\"model\":\"gpt-4o-mini\",\"input\":\"hello\","
                        "\"metadata\":{\"k\":\"v\"}}",
                        200);
    assert_string_equal(jstr(r, "status"), "completed");
    assert_string_equal(jstr(r, "object"), "response");
    assert_string_equal(jstr(cJSON_GetObjectItem(r, "metadata"), "k"), "v");
    char path[256];
    snprintf(path, sizeof path, "/responses/%s", jstr(r, "id"));
    cJSON *g = emu_call(&P, "GET", path, NULL, 200);
    char *a = cJSON_PrintUnformatted(r), *b = cJSON_PrintUnformatted(g);
    assert_string_equal(a, b);
    free(a);
    free(b);
    snprintf(path, sizeof path, "/responses/%s/input_items", jstr(r, "id"));
    cJSON *items = emu_call(&P, "GET", path, NULL, 200);
    cJSON *it = cJSON_GetArrayItem(cJSON_GetObjectItem(items, "data"), 0);
    assert_string_equal(jstr(it, "role"), "user");
    assert_string_equal(
        jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(it, "content"), 0), "text"),
        "hello");
    snprintf(path, sizeof path, "/responses/%s", jstr(r, "id"));
    cJSON_Delete(emu_call(&P, "DELETE", path, NULL, 200));
    cJSON *nf = emu_call(&P, "GET", path, NULL, 404);
    char want[200];
    snprintf(want, sizeof want, "Response with id '%s' not found.",
             jstr(r, "id"));
    assert_string_equal(jstr(cJSON_GetObjectItem(nf, "error"), "message"),
                        want);
    cJSON_Delete(nf);
    cJSON_Delete(emu_call(&P, "DELETE", path, NULL, 404));

    /* store:false: answered, then not retrievable */
    cJSON *ns = emu_call(
        &P, "POST", "/responses",
        "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"store\":false}", 200);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(ns, "store")));
    snprintf(path, sizeof path, "/responses/%s", jstr(ns, "id"));
    cJSON_Delete(emu_call(&P, "GET", path, NULL, 404));
    char body[256];
    snprintf(
        body, sizeof body,
        "{\"model\":\"m\",\"input\":\"y\",\"previous_response_id\":\"%s\"}",
        jstr(ns, "id"));
    cJSON_Delete(emu_call(&P, "POST", "/responses", body, 400));

    /* bad requests */
    cJSON_Delete(
        emu_call(&P, "POST", "/responses", "{\"input\":\"no model\"}", 400));
    cJSON_Delete(emu_call(&P, "POST", "/responses",
                          "{\"model\":\"m\",\"input\":42}", 400));
    cJSON_Delete(emu_call(
        &P, "POST", "/responses",
        "{\"model\":\"m\",\"input\":\"x\",\"background\":\"yes\"}", 400));
    cJSON_Delete(
        emu_call(&P, "GET", "/responses/resp_nope/input_items", NULL, 404));
    cJSON_Delete(ns);
    cJSON_Delete(items);
    cJSON_Delete(g);
    cJSON_Delete(r);
}

static void test_background_progression(void **state)
{
    (void)state;
    cJSON *r = emu_call(&P, "POST", "/responses",
                        "{\"model\":\"gpt-4o-mini\",\"input\":\"#scenario:slow "
                        "20\",\"background\":true}",
                        200);
    assert_string_equal(jstr(r, "status"), "queued");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(r, "background")));
    char path[256];
    snprintf(path, sizeof path, "/responses/%s", jstr(r, "id"));
    cJSON_Delete(emu_wait_field(&P, path, "status", "in_progress", 3000));
    cJSON *done = emu_wait_field(&P, path, "status", "completed", 5000);
    assert_true(jnum(done, "completed_at") > 0);
    assert_true(jnum(cJSON_GetObjectItem(done, "usage"), "output_tokens") ==
                50);
    cJSON_Delete(done);
    cJSON_Delete(r);
}

/* The background stream, then the suffix after N: the same events, without
 * response.created. */
static void test_starting_after(void **state)
{
    (void)state;
    cJSON *full = stream_create(
        "\"input\":\"#scenario:text a b c d e\",\"background\":true", NULL);
    assert_contiguous(full, 0);
    assert_string_equal(ev_type(full, 0), "response.created");
    assert_string_equal(
        jstr(cJSON_GetObjectItem(cJSON_GetArrayItem(full, 0), "response"),
             "status"),
        "queued");
    assert_string_equal(ev_type(full, 1), "response.queued");
    assert_string_equal(ev_type(full, 2), "response.in_progress");
    /* background streams carry no obfuscation */
    assert_null(
        jstr(first_of(full, "response.output_text.delta"), "obfuscation"));
    const char *id = jstr(
        cJSON_GetObjectItem(cJSON_GetArrayItem(full, 0), "response"), "id");
    int n = cJSON_GetArraySize(full);
    for (int after = 0; after < n; after += 3) {
        char path[256];
        snprintf(path, sizeof path,
                 "/responses/%s?stream=true&starting_after=%d", id, after);
        http_res r;
        emu_http(&P, "GET", path, NULL, NULL, &r);
        assert_int_equal(r.status, 200);
        cJSON *suffix = events_of(r.body);
        http_res_free(&r);
        assert_int_equal(cJSON_GetArraySize(suffix), n - after - 1);
        assert_contiguous(suffix, after + 1);
        for (int i = 0; i < cJSON_GetArraySize(suffix); i++)
            assert_true(cJSON_Compare(cJSON_GetArrayItem(suffix, i),
                                      cJSON_GetArrayItem(full, after + 1 + i),
                                      1));
        cJSON_Delete(suffix);
    }
    /* without starting_after: the whole stream */
    char path[256];
    snprintf(path, sizeof path, "/responses/%s?stream=true", id);
    http_res r;
    emu_http(&P, "GET", path, NULL, NULL, &r);
    cJSON *all = events_of(r.body);
    http_res_free(&r);
    assert_int_equal(cJSON_GetArraySize(all), n);
    cJSON_Delete(all);
    snprintf(path, sizeof path, "/responses/%s?stream=true&starting_after=x",
             id);
    cJSON_Delete(emu_call(&P, "GET", path, NULL, 400));

    /* a foreground response cannot be streamed again */
    cJSON *fg = emu_call(&P, "POST", "/responses",
                         "{\"model\":\"m\",\"input\":\"x\"}", 200);
    snprintf(path, sizeof path, "/responses/%s?stream=true&starting_after=1",
             jstr(fg, "id"));
    cJSON *e = emu_call(&P, "GET", path, NULL, 400);
    assert_non_null(
        strstr(jstr(cJSON_GetObjectItem(e, "error"), "message"), "background"));
    cJSON_Delete(e);
    cJSON_Delete(fg);
    cJSON_Delete(full);
}

/* Following a background response still running: the logged events, then the
 * live ones to the end. */
static void test_follow_live(void **state)
{
    (void)state;
    cJSON *r = emu_call(&P, "POST", "/responses",
                        "{\"model\":\"gpt-4o-mini\",\"input\":\"#scenario:long "
                        "30 10\",\"background\":true}",
                        200);
    sleep_ms(60);
    char path[256];
    snprintf(path, sizeof path, "/responses/%s?stream=true&starting_after=1",
             jstr(r, "id"));
    http_res h;
    emu_http(&P, "GET", path, NULL, NULL, &h);
    assert_int_equal(h.status, 200);
    cJSON *ev = events_of(h.body);
    http_res_free(&h);
    assert_contiguous(ev, 2);
    assert_string_equal(ev_type(ev, 0), "response.in_progress");
    assert_string_equal(ev_type(ev, cJSON_GetArraySize(ev) - 1),
                        "response.completed");
    assert_int_equal(count_type(ev, "response.output_text.delta"), 30);
    cJSON_Delete(ev);
    cJSON_Delete(r);
}

static void test_cancel(void **state)
{
    (void)state;
    cJSON *r = emu_call(&P, "POST", "/responses",
                        "{\"model\":\"gpt-4o-mini\",\"input\":\"#scenario:slow "
                        "50\",\"background\":true}",
                        200);
    char path[256];
    snprintf(path, sizeof path, "/responses/%s/cancel", jstr(r, "id"));
    cJSON *c = emu_call(&P, "POST", path, NULL, 200);
    assert_string_equal(jstr(c, "status"), "cancelled");
    cJSON_Delete(c);
    snprintf(path, sizeof path, "/responses/%s", jstr(r, "id"));
    sleep_ms(200);
    cJSON *g = emu_call(&P, "GET", path, NULL, 200);
    assert_string_equal(jstr(g, "status"), "cancelled");
    cJSON_Delete(g);
    /* cancelling again returns the terminal response as it is */
    snprintf(path, sizeof path, "/responses/%s/cancel", jstr(r, "id"));
    c = emu_call(&P, "POST", path, NULL, 200);
    assert_string_equal(jstr(c, "status"), "cancelled");
    cJSON_Delete(c);
    cJSON_Delete(r);

    /* only background responses can be cancelled */
    r = emu_call(&P, "POST", "/responses",
                 "{\"model\":\"gpt-4o-mini\",\"input\":\"x\"}", 200);
    snprintf(path, sizeof path, "/responses/%s/cancel", jstr(r, "id"));
    cJSON *e = emu_call(&P, "POST", path, NULL, 400);
    const cJSON *err = cJSON_GetObjectItem(e, "error");
    assert_string_equal(jstr(err, "message"),
                        "Cannot cancel a synchronous response.");
    assert_string_equal(jstr(err, "type"), "invalid_request_error");
    cJSON_Delete(e);
    cJSON_Delete(r);
    cJSON_Delete(
        emu_call(&P, "POST", "/responses/resp_missing/cancel", NULL, 404));
}

/* The stream is cut after N bytes; resuming after the last complete event gives
 * the rest, no gap, no duplicate. */
static void test_cut_and_resume(void **state)
{
    (void)state;
    char body[512];
    snprintf(body, sizeof body,
             "{\"model\":\"gpt-4o-mini\",\"input\":\"#scenario:long 40 "
             "2\",\"background\":true,\"stream\":true}");
    /* from just after response.created (the id is needed to resume) to near the
     * end */
    for (long cut = 1300; cut < 14000; cut += 997) {
        char h[64];
        snprintf(h, sizeof h, "X-Emulator-Fault: cut-after=%ld", cut);
        const char *const hs[] = {h, NULL};
        http_res r;
        emu_http(&P, "POST", "/responses", body, hs, &r);
        assert_true(r.len <= (size_t)cut);
        cJSON *head = events_of(r.body);
        http_res_free(&r);
        int n = cJSON_GetArraySize(head);
        assert_true(n >= 1);
        assert_contiguous(head, 0);
        const char *id = jstr(
            cJSON_GetObjectItem(cJSON_GetArrayItem(head, 0), "response"), "id");
        char path[256];
        snprintf(path, sizeof path,
                 "/responses/%s?stream=true&starting_after=%d", id,
                 ev_seq(head, n - 1));
        emu_http(&P, "GET", path, NULL, NULL, &r);
        assert_int_equal(r.status, 200);
        cJSON *tail = events_of(r.body);
        http_res_free(&r);
        assert_contiguous(tail, n);
        assert_string_equal(ev_type(tail, cJSON_GetArraySize(tail) - 1),
                            "response.completed");
        assert_int_equal(count_type(head, "response.output_text.delta") +
                             count_type(tail, "response.output_text.delta"),
                         40);
        cJSON_Delete(tail);
        cJSON_Delete(head);
    }
}

/* Slow bytes and a stall change the pacing of a Responses stream, not its
 * events. */
static void test_slow_and_stalled_stream(void **state)
{
    (void)state;
    const char *body =
        "{\"model\":\"gpt-4o-mini\",\"input\":\"#scenario:text a b c\","
        "\"background\":true,\"stream\":true}";
    static const char *const specs[] = {
        "X-Emulator-Fault: chunk=7;chunk-delay-ms=1",
        "X-Emulator-Fault: stall-body-ms=300", "X-Emulator-Fault: keepalive=1"};
    for (size_t i = 0; i < sizeof specs / sizeof specs[0]; i++) {
        const char *const hs[] = {specs[i], NULL};
        http_res r;
        emu_http(&P, "POST", "/responses", body, hs, &r);
        assert_int_equal(r.status, 200);
        cJSON *ev = events_of(r.body);
        http_res_free(&r);
        int n = cJSON_GetArraySize(ev);
        if (i == 2) { /* the injected unknown events carry no sequence number */
            int k = 0;
            for (int j = 0; j < n; j++)
                if (cJSON_GetObjectItem(cJSON_GetArrayItem(ev, j),
                                        "sequence_number"))
                    assert_int_equal(ev_seq(ev, j), k++);
            assert_int_equal(k, 12);
        } else {
            assert_int_equal(n, 12);
            assert_contiguous(ev, 0);
        }
        assert_string_equal(ev_type(ev, n - 1), "response.completed");
        cJSON_Delete(ev);
    }
}

static void test_chain_with_function_outputs(void **state)
{
    (void)state;
    cJSON *ev = stream_scenario("#scenario:parallel 2");
    const cJSON *fin =
        cJSON_GetObjectItem(first_of(ev, "response.completed"), "response");
    const cJSON *out = cJSON_GetObjectItem(fin, "output");
    assert_int_equal(cJSON_GetArraySize(out), 2);
    assert_int_equal(count_type(ev, "response.function_call_arguments.done"),
                     2);
    assert_true(count_type(ev, "response.function_call_arguments.delta") > 2);
    const cJSON *c0 = cJSON_GetArrayItem(out, 0),
                *c1 = cJSON_GetArrayItem(out, 1);
    assert_string_equal(jstr(c0, "type"), "function_call");
    assert_string_equal(jstr(c0, "name"), "get_weather");
    assert_string_equal(jstr(c1, "name"), "get_time");
    cJSON *args = cJSON_Parse(jstr(c0, "arguments"));
    assert_string_equal(jstr(args, "city"), "emulated");
    cJSON_Delete(args);
    char more[1024];
    snprintf(more, sizeof more,
             "\"previous_response_id\":\"%s\",\"input\":[{\"type\":\"function_"
             "call_output\",\"call_id\":\"%s\","
             "\"output\":\"sunny\"},{\"type\":\"function_call_output\",\"call_"
             "id\":\"%s\",\"output\":\"noon\"}]",
             jstr(fin, "id"), jstr(c0, "call_id"), jstr(c1, "call_id"));
    cJSON *ev2 = stream_create(more, NULL);
    const cJSON *fin2 =
        cJSON_GetObjectItem(first_of(ev2, "response.completed"), "response");
    assert_string_equal(jstr(fin2, "previous_response_id"), jstr(fin, "id"));
    assert_string_equal(
        jstr(first_of(ev2, "response.output_text.done"), "text"),
        "Thanks! The tools returned: get_weather returned sunny; get_time "
        "returned noon");
    /* the chained input: the first input, its two calls, the two outputs */
    char path[256];
    snprintf(path, sizeof path, "/responses/%s/input_items?order=asc",
             jstr(fin2, "id"));
    cJSON *items = emu_call(&P, "GET", path, NULL, 200);
    const cJSON *data = cJSON_GetObjectItem(items, "data");
    assert_int_equal(cJSON_GetArraySize(data), 5);
    assert_string_equal(jstr(cJSON_GetArrayItem(data, 0), "type"), "message");
    assert_string_equal(jstr(cJSON_GetArrayItem(data, 1), "type"),
                        "function_call");
    assert_string_equal(jstr(cJSON_GetArrayItem(data, 4), "type"),
                        "function_call_output");
    /* pagination */
    snprintf(path, sizeof path, "/responses/%s/input_items?limit=2",
             jstr(fin2, "id"));
    cJSON *page = emu_call(&P, "GET", path, NULL, 200);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(page, "has_more")));
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(page, "data")), 2);
    assert_string_equal(
        jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(page, "data"), 0), "type"),
        "function_call_output");
    cJSON_Delete(page);
    cJSON_Delete(items);

    /* an output for a call that does not exist */
    char body[512];
    snprintf(body, sizeof body,
             "{\"model\":\"m\",\"previous_response_id\":\"%s\",\"input\":[{"
             "\"type\":\"function_call_output\","
             "\"call_id\":\"call_nope\",\"output\":\"x\"}]}",
             jstr(fin, "id"));
    cJSON *e = emu_call(&P, "POST", "/responses", body, 400);
    assert_non_null(
        strstr(jstr(cJSON_GetObjectItem(e, "error"), "message"), "call_nope"));
    cJSON_Delete(e);
    cJSON_Delete(ev2);
    cJSON_Delete(ev);
}

static void test_conversations(void **state)
{
    (void)state;
    cJSON *c = emu_call(&P, "POST", "/conversations",
                        "{\"metadata\":{\"topic\":\"test\"},\"items\":[{"
                        "\"type\":\"message\",\"role\":\"system\","
                        "\"content\":\"You are a helpful assistant.\"}]}",
                        200);
    assert_string_equal(jstr(c, "object"), "conversation");
    assert_non_null(strstr(jstr(c, "id"), "conv_"));
    char cpath[256], path[400];
    snprintf(cpath, sizeof cpath, "/conversations/%s", jstr(c, "id"));
    cJSON *u = emu_call(&P, "POST", cpath,
                        "{\"metadata\":{\"topic\":\"other\"}}", 200);
    assert_string_equal(jstr(cJSON_GetObjectItem(u, "metadata"), "topic"),
                        "other");
    cJSON_Delete(u);
    cJSON_Delete(emu_call(&P, "POST", cpath, "{}", 400));
    cJSON *g = emu_call(&P, "GET", cpath, NULL, 200);
    assert_string_equal(jstr(cJSON_GetObjectItem(g, "metadata"), "topic"),
                        "other");
    cJSON_Delete(g);

    char body[512];
    snprintf(body, sizeof body,
             "{\"model\":\"gpt-4o-mini\",\"input\":\"Tell me a "
             "joke.\",\"conversation\":\"%s\"}",
             jstr(c, "id"));
    cJSON *r = emu_call(&P, "POST", "/responses", body, 200);
    assert_string_equal(jstr(cJSON_GetObjectItem(r, "conversation"), "id"),
                        jstr(c, "id"));
    /* system item, the user input, the assistant output: newest first */
    snprintf(path, sizeof path, "%s/items", cpath);
    cJSON *items = emu_call(&P, "GET", path, NULL, 200);
    const cJSON *data = cJSON_GetObjectItem(items, "data");
    assert_int_equal(cJSON_GetArraySize(data), 3);
    assert_string_equal(jstr(cJSON_GetArrayItem(data, 0), "role"), "assistant");
    assert_string_equal(jstr(cJSON_GetArrayItem(data, 1), "role"), "user");
    assert_string_equal(jstr(cJSON_GetArrayItem(data, 2), "role"), "system");
    /* a second turn sees the history as its input */
    cJSON *r2 = emu_call(&P, "POST", "/responses", body, 200);
    snprintf(path, sizeof path, "/responses/%s/input_items", jstr(r2, "id"));
    cJSON *in2 = emu_call(&P, "GET", path, NULL, 200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(in2, "data")), 4);
    cJSON_Delete(in2);
    cJSON_Delete(r2);

    snprintf(path, sizeof path, "%s/items", cpath);
    cJSON *added = emu_call(
        &P, "POST", path,
        "{\"items\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\","
        "\"content\":\"b\"}]}",
        200);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(added, "data")), 2);
    const char *iid =
        jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(added, "data"), 0), "id");
    snprintf(path, sizeof path, "%s/items?limit=2&order=asc", cpath);
    cJSON *page = emu_call(&P, "GET", path, NULL, 200);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(page, "has_more")));
    cJSON_Delete(page);
    snprintf(path, sizeof path, "%s/items/%s", cpath, iid);
    cJSON *it = emu_call(&P, "GET", path, NULL, 200);
    assert_string_equal(jstr(it, "id"), iid);
    cJSON_Delete(it);
    cJSON *after_del = emu_call(&P, "DELETE", path, NULL, 200);
    assert_string_equal(jstr(after_del, "object"), "conversation");
    cJSON_Delete(after_del);
    cJSON_Delete(emu_call(&P, "GET", path, NULL, 404));
    snprintf(path, sizeof path, "%s/items", cpath);
    cJSON_Delete(emu_call(&P, "POST", path, "{}", 400));

    /* both chaining styles at once */
    snprintf(body, sizeof body,
             "{\"model\":\"m\",\"input\":\"x\",\"conversation\":\"%s\","
             "\"previous_response_id\":\"%s\"}",
             jstr(c, "id"), jstr(r, "id"));
    cJSON_Delete(emu_call(&P, "POST", "/responses", body, 400));

    cJSON *d = emu_call(&P, "DELETE", cpath, NULL, 200);
    assert_string_equal(jstr(d, "object"), "conversation.deleted");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(d, "deleted")));
    cJSON_Delete(d);
    cJSON_Delete(emu_call(&P, "GET", cpath, NULL, 404));
    snprintf(body, sizeof body,
             "{\"model\":\"m\",\"input\":\"x\",\"conversation\":\"%s\"}",
             jstr(c, "id"));
    cJSON_Delete(emu_call(&P, "POST", "/responses", body, 404));
    cJSON_Delete(added);
    cJSON_Delete(items);
    cJSON_Delete(r);
    cJSON_Delete(c);
}

static const char *terminal_status(const cJSON *ev)
{
    const cJSON *last = cJSON_GetArrayItem(ev, cJSON_GetArraySize(ev) - 1);
    return jstr(cJSON_GetObjectItem(last, "response"), "status");
}

static void test_scenarios(void **state)
{
    (void)state;
    cJSON *ev = stream_scenario("#scenario:reasoning");
    assert_contiguous(ev, 0);
    assert_string_equal(
        jstr(cJSON_GetObjectItem(first_of(ev, "response.output_item.added"),
                                 "item"),
             "type"),
        "reasoning");
    assert_int_equal(count_type(ev, "response.reasoning_summary_part.added"),
                     1);
    assert_true(count_type(ev, "response.reasoning_summary_text.delta") > 3);
    assert_int_equal(count_type(ev, "response.reasoning_summary_part.done"), 1);
    assert_int_equal(count_type(ev, "response.output_text.done"), 1);
    assert_string_equal(terminal_status(ev), "completed");
    cJSON_Delete(ev);

    /* include reasoning.encrypted_content: re-encrypted at output_item.done */
    ev = stream_create("\"input\":\"#scenario:reasoning\",\"store\":false,"
                       "\"include\":[\"reasoning.encrypted_content\"]",
                       NULL);
    const char *enc_added = jstr(
        cJSON_GetObjectItem(first_of(ev, "response.output_item.added"), "item"),
        "encrypted_content");
    const char *enc_done = jstr(
        cJSON_GetObjectItem(first_of(ev, "response.output_item.done"), "item"),
        "encrypted_content");
    assert_non_null(enc_added);
    assert_non_null(enc_done);
    assert_string_not_equal(enc_added, enc_done);
    const cJSON *fin_r =
        cJSON_GetObjectItem(first_of(ev, "response.completed"), "response");
    const cJSON *rs_item =
        cJSON_GetArrayItem(cJSON_GetObjectItem(fin_r, "output"), 0);
    assert_string_equal(jstr(rs_item, "encrypted_content"), enc_done);
    /* store:false: the client replays the history, reasoning item included */
    char *rs_json = cJSON_PrintUnformatted(rs_item);
    char more[4096];
    snprintf(more, sizeof more,
             "\"store\":false,\"input\":[{\"role\":\"user\",\"content\":"
             "\"#scenario:reasoning\"},%s,{\"role\":\"user\",\"content\":"
             "\"#scenario:text again\"}]",
             rs_json);
    free(rs_json);
    cJSON *ev2 = stream_create(more, NULL);
    assert_string_equal(terminal_status(ev2), "completed");
    assert_string_equal(
        jstr(first_of(ev2, "response.output_text.done"), "text"), "again");
    cJSON_Delete(ev2);
    cJSON_Delete(ev);

    ev = stream_scenario("#scenario:web_search weather");
    assert_int_equal(count_type(ev, "response.web_search_call.searching"), 1);
    assert_int_equal(count_type(ev, "response.output_text.annotation.added"),
                     1);
    cJSON_Delete(ev);

    ev = stream_scenario("#scenario:code");
    assert_true(count_type(ev, "response.code_interpreter_call_code.delta") >
                1);
    assert_int_equal(
        count_type(ev, "response.code_interpreter_call.interpreting"), 1);
    assert_int_equal(count_type(ev, "response.code_interpreter_call.completed"),
                     1);
    cJSON_Delete(ev);

    ev = stream_scenario("#scenario:refusal");
    assert_true(count_type(ev, "response.refusal.delta") > 1);
    assert_string_equal(jstr(first_of(ev, "response.refusal.done"), "refusal"),
                        "I'm sorry, but I can't help with that.");
    cJSON_Delete(ev);

    ev = stream_scenario("#scenario:incomplete");
    const cJSON *inc =
        cJSON_GetObjectItem(first_of(ev, "response.incomplete"), "response");
    assert_string_equal(
        jstr(cJSON_GetObjectItem(inc, "incomplete_details"), "reason"),
        "max_output_tokens");
    assert_string_equal(terminal_status(ev), "incomplete");
    cJSON_Delete(ev);

    /* max_output_tokens cuts a reply (one word, one token) */
    ev = stream_create("\"input\":\"#scenario:text a b c d e f\","
                       "\"max_output_tokens\":3",
                       NULL);
    assert_int_equal(count_type(ev, "response.output_text.delta"), 3);
    assert_string_equal(terminal_status(ev), "incomplete");
    const cJSON *cut =
        cJSON_GetObjectItem(first_of(ev, "response.incomplete"), "response");
    assert_string_equal(
        jstr(cJSON_GetObjectItem(cut, "incomplete_details"), "reason"),
        "max_output_tokens");
    assert_string_equal(
        jstr(cJSON_GetObjectItem(first_of(ev, "response.output_item.done"),
                                 "item"),
             "status"),
        "incomplete");
    cJSON_Delete(ev);

    ev = stream_scenario("#scenario:failed rate_limit_exceeded");
    const cJSON *err = first_of(ev, "error");
    assert_non_null(err);
    assert_string_equal(jstr(cJSON_GetObjectItem(err, "error"), "code"),
                        "rate_limit_exceeded"); /* nested */
    const cJSON *failed =
        cJSON_GetObjectItem(first_of(ev, "response.failed"), "response");
    assert_string_equal(jstr(cJSON_GetObjectItem(failed, "error"), "code"),
                        "rate_limit_exceeded");
    assert_string_equal(terminal_status(ev), "failed");
    assert_contiguous(ev, 0);
    cJSON_Delete(ev);

    ev = stream_scenario("#scenario:keepalive");
    assert_int_equal(count_type(ev, "keepalive"),
                     count_type(ev, "response.output_text.delta"));
    assert_contiguous(ev, 0);
    cJSON_Delete(ev);

    ev = stream_scenario("#scenario:long 250 0");
    assert_int_equal(count_type(ev, "response.output_text.delta"), 250);
    cJSON_Delete(ev);

    ev = stream_scenario("#scenario:function get_time");
    assert_int_equal(count_type(ev, "response.output_item.done"), 1);
    assert_string_equal(
        jstr(cJSON_GetObjectItem(first_of(ev, "response.output_item.done"),
                                 "item"),
             "name"),
        "get_time");
    cJSON_Delete(ev);

    ev = stream_scenario("#scenario:nonesuch");
    assert_string_equal(terminal_status(ev), "failed");
    cJSON_Delete(ev);
}

static void test_file_search_from_vector_store(void **state)
{
    (void)state;
    const char *text = "Travis's favorite food is pizza.";
    cJSON *f = emu_upload(&P, "favorite_foods.txt", text, strlen(text),
                          "assistants", 200);
    cJSON *vs =
        emu_callf(&P, "POST", "/vector_stores", 200,
                  "{\"name\":\"foods\",\"file_ids\":[\"%s\"]}", jstr(f, "id"));
    char path[256];
    snprintf(path, sizeof path, "/vector_stores/%s", jstr(vs, "id"));
    cJSON_Delete(emu_wait_field(&P, path, "status", "completed", 5000));
    char body[512];
    snprintf(body, sizeof body,
             "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"input\":\"#scenario:"
             "file_search food\",\"tools\":"
             "[{\"type\":\"file_search\",\"vector_store_ids\":[\"%s\"]}]}",
             jstr(vs, "id"));
    http_res r;
    emu_http(&P, "POST", "/responses", body, NULL, &r);
    cJSON *ev = events_of(r.body);
    http_res_free(&r);
    assert_int_equal(count_type(ev, "response.file_search_call.searching"), 1);
    const cJSON *ann = cJSON_GetObjectItem(
        first_of(ev, "response.output_text.annotation.added"), "annotation");
    assert_string_equal(jstr(ann, "type"), "file_citation");
    assert_string_equal(jstr(ann, "file_id"), jstr(f, "id"));
    assert_string_equal(jstr(ann, "filename"), "favorite_foods.txt");
    assert_non_null(strstr(
        jstr(first_of(ev, "response.output_text.done"), "text"), "pizza"));
    cJSON_Delete(ev);
    cJSON_Delete(vs);
    cJSON_Delete(f);
}

/* A separate emulator with a short resume window. */
static void test_resume_window(void **state)
{
    (void)state;
    emu_proc q;
    const char *const args[] = {"--resume-window-ms", "1000", NULL};
    emu_start(&q, args);
    cJSON *r =
        emu_call(&q, "POST", "/responses",
                 "{\"model\":\"m\",\"input\":\"x\",\"background\":true}", 200);
    char path[256];
    snprintf(path, sizeof path, "/responses/%s?stream=true&starting_after=0",
             jstr(r, "id"));
    http_res h;
    emu_http(&q, "GET", path, NULL, NULL, &h);
    assert_int_equal(h.status, 200);
    http_res_free(&h);
    sleep_ms(1200);
    cJSON *e = emu_call(&q, "GET", path, NULL, 400);
    assert_string_equal(jstr(cJSON_GetObjectItem(e, "error"), "message"),
                        "This response can no longer be streamed because it is "
                        "more than 5 minutes old.");
    cJSON_Delete(e);
    /* the response itself can still be retrieved */
    snprintf(path, sizeof path, "/responses/%s", jstr(r, "id"));
    cJSON *g = emu_call(&q, "GET", path, NULL, 200);
    assert_string_equal(jstr(g, "status"), "completed");
    cJSON_Delete(g);
    cJSON_Delete(r);

    /* a stream that outlives the window keeps its sequence numbers */
    http_res h2;
    emu_http(&q, "POST", "/responses",
             "{\"model\":\"m\",\"input\":\"#scenario:long 60 25\","
             "\"background\":true,\"stream\":true}",
             NULL, &h2);
    assert_int_equal(h2.status, 200);
    cJSON *ev = events_of(h2.body);
    http_res_free(&h2);
    assert_contiguous(ev, 0);
    assert_int_equal(count_type(ev, "response.output_text.delta"), 60);
    assert_string_equal(ev_type(ev, cJSON_GetArraySize(ev) - 1),
                        "response.completed");
    cJSON_Delete(ev);
    assert_int_equal(emu_stop(&q), 0);
}

/* --replay answers a streamed create with the recorded bytes. */
static void test_replay_recording(void **state)
{
    (void)state;
    emu_proc q;
    emu_check_replay(
        &q,
        OAI_CORPUS_DIR "/responses/real/openai-dotnet/"
                       "ResponsesTests/StreamingResponses@65d5703f/"
                       "00_POST_responses.sse",
        "/responses",
        "{\"model\":\"gpt-4o-mini\",\"input\":\"x\",\"stream\":true}");
    assert_int_equal(emu_stop(&q), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream_grammar),
        cmocka_unit_test(test_create_get_delete),
        cmocka_unit_test(test_background_progression),
        cmocka_unit_test(test_starting_after),
        cmocka_unit_test(test_follow_live),
        cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_cut_and_resume),
        cmocka_unit_test(test_slow_and_stalled_stream),
        cmocka_unit_test(test_chain_with_function_outputs),
        cmocka_unit_test(test_conversations),
        cmocka_unit_test(test_scenarios),
        cmocka_unit_test(test_file_search_from_vector_store),
        cmocka_unit_test(test_resume_window),
        cmocka_unit_test(test_replay_recording),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
