/*
 * Hostile servers (the scriptable loopback server, bodies generated on the
 * fly): endless lines, a multi-gigabyte event, endless headers and bodies,
 * deeply nested JSON, invalid UTF-8, gzip bodies, keep-alive comments on a
 * stalled stream. Each must end in a clear error naming the limit, with the
 * memory of the whole stack (counted through the allocator hooks) bounded
 * by the configured limits, and the server stopped soon after.
 */
#include "testutil.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hard_alloc.h"
#include "oai.h"
#include "testserver.h"
#include "trace.h"

#define KiB ((size_t)1024)
#define MiB (KiB * KiB)
#define GiB (MiB * KiB)

/* What a generator has sent, and how far it may go. The tests keep theirs
 * static: the server thread may still call the generator after the test
 * returned, until ts_stop joins it. */
typedef struct gen_state {
    atomic_size_t sent;
    size_t max;
    int phase;
    const char *head; /* written first */
    char fill;        /* then this byte over and over ... */
    const char *line; /* ... or, if set, line prefixes + fill + "\n" */
    const char *tail; /* after max: written once, then the end */
    size_t piece;     /* bytes per piece when not 0 */
} gen_state;

static size_t gen_fill(void *ud, char *buf, size_t cap)
{
    gen_state *g = ud;
    size_t sent = atomic_load(&g->sent), k = 0;
    if (g->piece && g->piece < cap)
        cap = g->piece;
    if (g->phase == 0) {
        g->phase = 1;
        k = g->head ? strlen(g->head) : 0;
        memcpy(buf, g->head, k);
    } else if (sent < g->max) {
        if (g->line) {
            size_t pl = strlen(g->line);
            memcpy(buf, g->line, pl);
            memset(buf + pl, g->fill, cap - pl - 1);
            buf[cap - 1] = '\n';
            k = cap;
        } else {
            memset(buf, g->fill, cap);
            k = cap;
        }
    } else if (g->phase == 1 && g->tail) {
        g->phase = 2;
        k = strlen(g->tail);
        memcpy(buf, g->tail, k);
    }
    atomic_fetch_add(&g->sent, k);
    return k;
}

static int setup(void **state)
{
    *state = ts_start();
    return 0;
}

static int teardown(void **state)
{
    ts_stop(*state);
    return 0;
}

static oai_client *client_for(ts_server *s, size_t max_header, size_t max_response)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = ts_url(s);
    o.max_retries = 0;
    o.read_timeout_ms = 10000;
    o.timeout_ms = 60000;
    o.max_header_size = max_header;
    o.max_response_size = max_response;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    return c;
}

typedef struct ends {
    int exceptions, ends;
    char kind[32];
} ends;

static void on_exception(const oai_error *e, void *ud)
{
    ends *n = ud;
    n->exceptions++;
    snprintf(n->kind, sizeof n->kind, "%s", trace_error_kind(e) ? trace_error_kind(e) : "(none)");
}

static void on_end(void *ud)
{
    ((ends *)ud)->ends++;
}

/* Open a create-and-run stream on c and drain it; returns the final code,
 * the error message in msg. */
static int drain(oai_client *c, size_t max_event, long stall_ms, ends *n, char *msg, size_t cap)
{
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.user_data = n;
    h.on_exception = on_exception;
    h.on_end = on_end;
    oai_stream_options so = OAI_STREAM_OPTIONS_INIT;
    so.handler = &h;
    so.max_event_size = max_event;
    so.stall_timeout_ms = stall_ms;
    oai_json *params = NULL;
    oai_json_parse_cstr(&params, "{\"assistant_id\":\"asst_1\"}");
    oai_stream *st = NULL;
    int rc = oai_threads_create_and_run_stream(&st, c, params, &so, NULL);
    oai_json_free(params);
    if (rc != OAI_OK) {
        snprintf(msg, cap, "%s", oai_client_last_error(c)->message);
        return rc;
    }
    rc = oai_stream_until_done(st);
    snprintf(msg, cap, "%s", rc ? oai_stream_error(st)->message : "");
    oai_stream_free(st);
    return rc;
}

static void check_limit_end(int rc, const ends *n, const char *msg, const char *want)
{
    assert_int_equal(rc, OAI_ELIMIT);
    assert_int_equal(n->exceptions, 1);
    assert_int_equal(n->ends, 1);
    assert_string_equal(n->kind, "limit");
    if (!strstr(msg, want))
        fail_msg("message \"%s\" does not name \"%s\"", msg, want);
}

static const char SSE_HEADERS[] = "Content-Type: text/event-stream\r\n";

/* data: xxxxx... without a newline, for ever: the line limit ends it. */
static void endless_line(void **state)
{
    ts_server *s = *state;
    static gen_state g = {.max = 64 * GiB, .head = "event: thread.run.created\ndata: ", .fill = 'x'};
    ts_reply r = {.status = 200, .headers = SSE_HEADERS, .chunked = 1, .gen = gen_fill, .gen_user_data = &g};
    ts_push(s, &r);
    oai_client *c = client_for(s, 0, 0);
    hc_bytes_reset_peak();
    size_t base = hc_bytes_live();
    ends n = {0};
    char msg[256];
    int rc = drain(c, 1 * MiB, 0, &n, msg, sizeof msg);
    size_t peak = hc_bytes_peak() - base;
    check_limit_end(rc, &n, msg, "SSE line longer than 1048576 bytes");
    oai_client_free(c);
    printf("# endless line: %zu bytes sent, peak %zu bytes allocated\n", atomic_load(&g.sent), peak);
    assert_true(peak < 4 * MiB);
    assert_true(atomic_load(&g.sent) < 64 * MiB);
}

/* One event whose data lines add up to 3 GiB: the default event limit
 * (16 MiB) ends it long before. */
static void multi_gigabyte_event(void **state)
{
    ts_server *s = *state;
    static gen_state g = {.max = 3 * GiB, .head = "event: thread.run.created\n", .fill = 'y',
                          .line = "data: ", .tail = "\n"};
    ts_reply r = {.status = 200, .headers = SSE_HEADERS, .chunked = 1, .gen = gen_fill, .gen_user_data = &g};
    ts_push(s, &r);
    oai_client *c = client_for(s, 0, 0);
    hc_bytes_reset_peak();
    size_t base = hc_bytes_live();
    ends n = {0};
    char msg[256];
    int rc = drain(c, 0, 0, &n, msg, sizeof msg);
    size_t peak = hc_bytes_peak() - base;
    check_limit_end(rc, &n, msg, "SSE event data larger than 16777216 bytes");
    oai_client_free(c);
    printf("# 3 GiB event: %zu bytes sent, peak %zu bytes allocated\n", atomic_load(&g.sent), peak);
    assert_true(peak < 40 * MiB);
    assert_true(atomic_load(&g.sent) < 128 * MiB);
}

/* A body nobody reads: the unread bytes of a stream are bounded too. */
static void unread_stream_bytes(void **state)
{
    ts_server *s = *state;
    static gen_state g = {.max = 64 * GiB, .head = ": hello\n", .fill = ':', .line = ": "};
    ts_reply r = {.status = 200, .headers = SSE_HEADERS, .chunked = 1, .gen = gen_fill, .gen_user_data = &g};
    ts_push(s, &r);
    ts_push(s, &(ts_reply){.status = 200, .body = "{}"});
    oai_client *c = client_for(s, 0, 2 * MiB);
    hc_bytes_reset_peak();
    size_t base = hc_bytes_live();
    oai_json *params = NULL;
    oai_json_parse_cstr(&params, "{\"assistant_id\":\"asst_1\"}");
    oai_stream *st = NULL;
    assert_int_equal(oai_threads_create_and_run_stream(&st, c, params, NULL, NULL), OAI_OK);
    oai_json_free(params);
    /* other calls on the client run its engine, which receives the
     * stream's bytes meanwhile */
    oai_response *resp = NULL;
    assert_int_equal(oai_client_request(&resp, c, "GET", "/models", NULL, NULL, NULL), OAI_OK);
    oai_response_free(resp);
    for (int i = 0; i < 300 && atomic_load(&g.sent) < 16 * MiB; i++)
        assert_int_equal(oai_client_request(&resp, c, "GET", "/models", NULL, NULL, NULL), OAI_ESERVER);
    size_t peak = hc_bytes_peak() - base;
    assert_int_equal(oai_stream_until_done(st), OAI_ELIMIT);
    assert_string_equal(trace_error_kind(oai_stream_error(st)), "limit");
    if (!strstr(oai_stream_error(st)->message, "max_response_size"))
        fail_msg("message: %s", oai_stream_error(st)->message);
    oai_stream_free(st);
    oai_client_free(c);
    printf("# unread stream: %zu bytes sent, peak %zu bytes allocated\n", atomic_load(&g.sent), peak);
    assert_true(peak < 6 * MiB);
}

/* A JSON body without end: max_response_size ends it. */
static void endless_json_body(void **state)
{
    ts_server *s = *state;
    static gen_state g = {.max = 64 * GiB, .head = "[", .fill = ' '};
    ts_reply r = {.status = 200, .headers = "Content-Type: application/json\r\n", .gen = gen_fill,
                  .gen_user_data = &g};
    ts_push(s, &r);
    oai_client *c = client_for(s, 0, 4 * MiB);
    hc_bytes_reset_peak();
    size_t base = hc_bytes_live();
    oai_response *resp = NULL;
    assert_int_equal(oai_client_request(&resp, c, "GET", "/assistants", NULL, NULL, NULL), OAI_ELIMIT);
    assert_null(resp);
    size_t peak = hc_bytes_peak() - base;
    assert_string_equal(oai_client_last_error(c)->message,
                        "response body exceeds max_response_size (4194304 bytes)");
    oai_client_free(c);
    printf("# endless JSON body: %zu bytes sent, peak %zu bytes allocated\n", atomic_load(&g.sent), peak);
    assert_true(peak < 12 * MiB);
}

/* Header lines without end: max_header_size ends them. */
static void endless_headers(void **state)
{
    ts_server *s = *state;
    static gen_state g = {.max = 64 * GiB, .head = "Content-Type: application/json\r\n", .fill = 'h',
                          .line = "X-Filler: "};
    /* 1000-byte header lines */
    g.piece = 1000;
    ts_reply lines = {.status = 200, .gen = gen_fill, .gen_user_data = &g, .gen_raw = 1};
    ts_push(s, &lines);
    oai_client *c = client_for(s, 64 * KiB, 0);
    hc_bytes_reset_peak();
    size_t base = hc_bytes_live();
    oai_response *resp = NULL;
    int rc = oai_client_request(&resp, c, "GET", "/assistants", NULL, NULL, NULL);
    size_t peak = hc_bytes_peak() - base;
    const char *msg = oai_client_last_error(c)->message;
    printf("# endless headers: rc %d \"%s\", %zu bytes sent, peak %zu bytes allocated\n", rc, msg,
           atomic_load(&g.sent), peak);
    assert_int_equal(rc, OAI_ELIMIT);
    assert_string_equal(msg, "response headers exceed max_header_size (65536 bytes)");
    oai_client_free(c);
    assert_true(peak < 2 * MiB);
}

/* One header line without end: libcurl's own line limit (100 KB), not
 * retried (the client allows 2 retries here). */
static void endless_header_line(void **state)
{
    ts_server *s = *state;
    static gen_state g = {.max = 64 * GiB, .head = "X-Long: ", .fill = 'a'};
    ts_reply r = {.status = 200, .gen = gen_fill, .gen_user_data = &g, .gen_raw = 1};
    ts_push(s, &r);
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = ts_url(s);
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    hc_bytes_reset_peak();
    size_t base = hc_bytes_live();
    oai_response *resp = NULL;
    int rc = oai_client_request(&resp, c, "GET", "/assistants", NULL, NULL, NULL);
    size_t peak = hc_bytes_peak() - base;
    printf("# endless header line: rc %d \"%s\" (curl %d), %zu bytes sent, peak %zu bytes allocated\n",
           rc, oai_client_last_error(c)->message, oai_client_last_error(c)->transport_code,
           atomic_load(&g.sent), peak);
    assert_int_equal(rc, OAI_ELIMIT);
    assert_string_equal(oai_client_last_error(c)->message,
                        "a response header line exceeds libcurl's limit (100 KB)");
    assert_int_equal(ts_nrequests(s), 1);
    assert_null(resp);
    oai_client_free(c);
    assert_true(peak < 2 * MiB);
}

static void sse_reply(ts_server *s, const char *body, size_t len)
{
    ts_reply r = {.status = 200, .headers = SSE_HEADERS, .body = body, .body_len = len, .chunked = 1};
    ts_push(s, &r);
}

/* 100k '[' in an event's data: cJSON's nesting limit makes it a clean
 * decode error; the public parser refuses it the same way. */
static void deeply_nested_json(void **state)
{
    ts_server *s = *state;
    const size_t depth = 100000;
    static const char *const names[] = {"thread.run.created", "thread.message.delta", NULL};
    for (int i = 0; i <= 2; i++) {
        size_t cap = 2 * depth + 100;
        char *body = malloc(cap), *p = body;
        if (i < 2)
            p += sprintf(p, "event: %s\n", names[i]);
        p += sprintf(p, "data: ");
        memset(p, '[', depth);
        memset(p + depth, ']', i == 2 ? 0 : depth); /* closed, or not */
        p += i == 2 ? depth : 2 * depth;
        p += sprintf(p, "\n\n");
        sse_reply(s, body, (size_t)(p - body));
        oai_client *c = client_for(s, 0, 0);
        ends n = {0};
        char msg[256];
        int rc = drain(c, 0, 0, &n, msg, sizeof msg);
        assert_int_equal(rc, OAI_EPROTOCOL);
        assert_int_equal(n.exceptions, 1);
        assert_int_equal(n.ends, 1);
        assert_string_equal(n.kind, "decode_error");
        oai_client_free(c);
        free(body);
    }
    /* a closed array nested 100k deep as well */
    char *deep = malloc(2 * depth + 1);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[2 * depth] = '\0';
    oai_json *j = NULL;
    assert_int_equal(oai_json_parse_cstr(&j, deep), OAI_EPROTOCOL);
    assert_null(j);
    free(deep);
}

/* A version 1 options struct (before the size limits) gets the default
 * header limit, 256 KiB. */
static void version_1_options_get_defaults(void **state)
{
    ts_server *s = *state;
    static gen_state g = {.max = 64 * GiB, .head = "Content-Type: application/json\r\n", .fill = 'h',
                          .line = "X-Filler: ", .piece = 1000};
    ts_reply r = {.status = 200, .gen = gen_fill, .gen_user_data = &g, .gen_raw = 1};
    ts_push(s, &r);
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.version = 1;
    o.api_key = "sk-test";
    o.base_url = ts_url(s);
    o.max_retries = 0;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    oai_response *resp = NULL;
    assert_int_equal(oai_client_request(&resp, c, "GET", "/assistants", NULL, NULL, NULL), OAI_ELIMIT);
    assert_string_equal(oai_client_last_error(c)->message,
                        "response headers exceed max_header_size (262144 bytes)");
    oai_client_free(c);
    o.version = OAI_CLIENT_OPTIONS_VERSION + 1; /* from a library yet to come */
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_EINVAL);
}

static void invalid_utf8(void **state)
{
    ts_server *s = *state;
    static const char body[] = "event: thread.run.created\ndata: {\"id\":\"run_\xff\xfe\",\"object\":\"thread.run\"}\n\n";
    sse_reply(s, body, sizeof body - 1);
    oai_client *c = client_for(s, 0, 0);
    ends n = {0};
    char msg[256];
    assert_int_equal(drain(c, 0, 0, &n, msg, sizeof msg), OAI_EPROTOCOL);
    assert_int_equal(n.exceptions, 1);
    assert_int_equal(n.ends, 1);
    assert_string_equal(n.kind, "decode_error");
    oai_client_free(c);
}

/* A gzip member holding `s` in one stored deflate block. */
static size_t gzip_stored(unsigned char *out, const char *s, size_t n)
{
    static const unsigned char head[10] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    size_t k = 0;
    memcpy(out, head, sizeof head);
    k += sizeof head;
    out[k++] = 1; /* final block, stored */
    out[k++] = (unsigned char)(n & 0xff);
    out[k++] = (unsigned char)(n >> 8);
    out[k++] = (unsigned char)(~n & 0xff);
    out[k++] = (unsigned char)((~n >> 8) & 0xff);
    memcpy(out + k, s, n);
    k += n;
    uint32_t crc = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        crc ^= (unsigned char)s[i];
        for (int b = 0; b < 8; b++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
    }
    crc ^= 0xffffffffu;
    for (int b = 0; b < 4; b++)
        out[k++] = (unsigned char)(crc >> (8 * b));
    for (int b = 0; b < 4; b++)
        out[k++] = (unsigned char)(n >> (8 * b));
    return k;
}

/* The library asks for no compression (no Accept-Encoding), so a gzip
 * body is never inflated: no decompression bomb can grow in memory. */
static void gzip_is_not_inflated(void **state)
{
    ts_server *s = *state;
    unsigned char gz[256];
    const char *json = "{\"object\":\"list\",\"data\":[]}";
    size_t gl = gzip_stored(gz, json, strlen(json));
    ts_reply r = {.status = 200, .headers = "Content-Type: application/json\r\nContent-Encoding: gzip\r\n",
                  .body = (const char *)gz, .body_len = gl};
    ts_push(s, &r);
    oai_client *c = client_for(s, 0, 0);
    oai_response *resp = NULL;
    assert_int_equal(oai_client_request(&resp, c, "GET", "/assistants", NULL, NULL, NULL), OAI_OK);
    assert_true(ts_wait_requests(s, 1, 1000));
    assert_null(ts_req_header(ts_request_at(s, 0), "Accept-Encoding"));
    size_t len = 0;
    const char *b = oai_response_body(resp, &len);
    assert_int_equal(len, gl);
    assert_memory_equal(b, gz, gl);
    assert_null(oai_response_json(resp));
    oai_response_free(resp);

    /* the same for a stream: the compressed bytes are not SSE */
    const char *sse = "event: thread.run.created\ndata: {\"id\":\"run_1\",\"object\":\"thread.run\"}\n\n";
    gl = gzip_stored(gz, sse, strlen(sse));
    ts_reply rs = {.status = 200, .headers = "Content-Type: text/event-stream\r\nContent-Encoding: gzip\r\n",
                   .body = (const char *)gz, .body_len = gl, .chunked = 1};
    ts_push(s, &rs);
    ends n = {0};
    char msg[256];
    assert_int_equal(drain(c, 0, 0, &n, msg, sizeof msg), OAI_EPROTOCOL);
    assert_string_equal(n.kind, "decode_error");
    oai_client_free(c);
}

/* One event, then only keep-alive comments every 100 ms: the byte idle
 * timeout never fires, the stall timeout (no *event* for 600 ms) does. */
static void keepalive_comments_do_not_hold_a_stall(void **state)
{
    ts_server *s = *state;
    static gen_state g = {.max = 600 * 16, .piece = 16,
                          .head = "event: thread.run.created\ndata: {\"id\":\"run_1\","
                                  "\"object\":\"thread.run\",\"status\":\"queued\"}\n\n",
                          .fill = ' ', .line = ":"};
    ts_reply r = {.status = 200, .headers = SSE_HEADERS, .chunked = 1, .gen = gen_fill,
                  .gen_user_data = &g, .gen_gap_ms = 100};
    ts_push(s, &r);
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = ts_url(s);
    o.max_retries = 0;
    o.read_timeout_ms = 400; /* shorter than the stall: comments keep it alive */
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    ends n = {0};
    char msg[256];
    int64_t t0 = ts_now_ms();
    int rc = drain(c, 0, 1200, &n, msg, sizeof msg);
    int64_t took = ts_now_ms() - t0;
    printf("# keep-alive stall: %s after %lld ms (stall_timeout_ms 1200)\n", msg, (long long)took);
    assert_int_equal(rc, OAI_ETIMEOUT);
    assert_string_equal(n.kind, "timeout");
    assert_int_equal(n.exceptions, 1);
    assert_int_equal(n.ends, 1);
    if (!strstr(msg, "stall_timeout_ms"))
        fail_msg("message \"%s\" does not name stall_timeout_ms", msg);
    assert_true(took >= 1150 && took < 4000);
    oai_client_free(c);
}

int main(void)
{
    hc_bytes_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(endless_line, setup, teardown),
        cmocka_unit_test_setup_teardown(multi_gigabyte_event, setup, teardown),
        cmocka_unit_test_setup_teardown(unread_stream_bytes, setup, teardown),
        cmocka_unit_test_setup_teardown(endless_json_body, setup, teardown),
        cmocka_unit_test_setup_teardown(endless_headers, setup, teardown),
        cmocka_unit_test_setup_teardown(endless_header_line, setup, teardown),
        cmocka_unit_test_setup_teardown(deeply_nested_json, setup, teardown),
        cmocka_unit_test_setup_teardown(version_1_options_get_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(invalid_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(gzip_is_not_inflated, setup, teardown),
        cmocka_unit_test_setup_teardown(keepalive_comments_do_not_hold_a_stall, setup, teardown),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    oai_global_cleanup();
    return rc;
}
