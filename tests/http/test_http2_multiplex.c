/* HTTP/2 multiplexing: many concurrent assistant streams to one host share
 * a few connections, and response streams all end there. nghttpx (Debian nghttp2-proxy) is an h2 front for
 * oai-emulator, once over TLS (self-signed certificate, ALPN) and once in
 * clear text (HTTP/1.1, or h2 by prior knowledge). Its access log names,
 * per request, the protocol and the client's port: distinct ports are
 * distinct connections. Every stream's text is checked whole. Exits 77
 * (skipped) without nghttpx or the openssl command, or without HTTP/2 in
 * libcurl. */
#include <curl/curl.h>
#include <stdlib.h>

#include "../multi/multi_common.h"
#include "tlsserver.h"

#define N_STREAMS 50
#define N_WORDS 30
#define ACCESS_LOG "access.log"

typedef struct front {
    tls_server srv;
    char base_url[64];
} front;

static tu_emu g_emu;
static char g_asst[64];
static front g_tls, g_clear;

static int start_front(front *f, int tls)
{
    char backend[48];
    snprintf(backend, sizeof backend, "127.0.0.1,%d", g_emu.port);
    const char *argv[] = {"nghttpx",
                          "-f",
                          tls ? "127.0.0.1,@PORT@" : "127.0.0.1,@PORT@;no-tls",
                          "-b",
                          backend,
                          "--conf=/dev/null", /* not the system's */
                          "--no-ocsp",
                          "--frontend-http2-max-concurrent-streams=1000",
                          "--accesslog-file=" ACCESS_LOG,
                          "--accesslog-format=$alpn $remote_port $status $path",
                          tls ? "key.pem" : NULL, /* in clear text: no key, no cert */
                          "cert.pem",
                          NULL};
    if (tls_server_init(&f->srv, "oai-h2mux") != 0 || tls_server_start(&f->srv, argv) != 0)
        return -1;
    snprintf(f->base_url, sizeof f->base_url, "%s://127.0.0.1:%d/v1", tls ? "https" : "http",
             f->srv.port);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tls_server_close(&g_tls.srv);
    tls_server_close(&g_clear.srv);
    tu_emu_stop(&g_emu);
    return 0;
}

static int setup(void **state)
{
    if (mc_emulator_with_assistant(&g_emu, g_asst, sizeof g_asst))
        return -1;
    if (start_front(&g_tls, 1) != 0 || start_front(&g_clear, 0) != 0) {
        teardown(state); /* cmocka skips the teardown after a failed setup */
        return -1;
    }
    return 0;
}

static oai_client *front_client(const front *f, int http2)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = "sk-test";
    o.base_url = f->base_url;
    o.max_retries = 0;
    o.connect_timeout_ms = 60000; /* valgrind: the CA store alone takes seconds */
    o.log_level = OAI_LOG_OFF;
    o.tls_insecure = 1;
    o.http2 = http2;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    return c;
}

/* The access log lines for the stream requests, appended after `from`
 * bytes, once there are N_STREAMS of them (nghttpx writes each when its
 * response ends); malloc'd. */
static char *stream_lines(const front *f, size_t from)
{
    char path[320];
    snprintf(path, sizeof path, "%s/" ACCESS_LOG, f->srv.dir);
    for (int i = 0;; i++) {
        char *text = tu_read_file(path, NULL);
        int n = 0;
        if (text && strlen(text) >= from)
            for (const char *p = text + from; (p = strstr(p, "/v1/threads/runs")) != NULL; p++)
                n++;
        if (n >= N_STREAMS || i == 500) { /* 5 s */
            if (text)
                memmove(text, text + from, strlen(text) - from + 1);
            return text;
        }
        free(text);
        struct timespec ts = {0, 10000000L};
        nanosleep(&ts, NULL);
    }
}

static size_t log_size(const front *f)
{
    char path[320];
    snprintf(path, sizeof path, "%s/" ACCESS_LOG, f->srv.dir);
    char *text = tu_read_file(path, NULL);
    size_t n = text ? strlen(text) : 0;
    free(text);
    return n;
}

typedef struct traffic {
    int requests;    /* stream requests logged */
    int protocol_ok; /* how many went as the expected protocol */
    int connections; /* distinct client ports among them */
} traffic;

static traffic read_traffic(const char *lines, const char *alpn)
{
    traffic t = {0, 0, 0};
    int ports[N_STREAMS];
    for (const char *l = lines; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : "") {
        char proto[32], path[128];
        int port, status;
        if (sscanf(l, "%31s %d %d %127s", proto, &port, &status, path) != 4 ||
            strcmp(path, "/v1/threads/runs") != 0 || t.requests == N_STREAMS)
            continue;
        t.requests++;
        t.protocol_ok += strcmp(proto, alpn) == 0 && status == 200;
        int seen = 0;
        for (int i = 0; i < t.connections; i++)
            seen = seen || ports[i] == port;
        if (!seen)
            ports[t.connections++] = port;
    }
    return t;
}

/* N_STREAMS concurrent streams through the front, every text checked;
 * what the front logged about them. */
static traffic run_streams(const front *f, int http2, const char *alpn)
{
    size_t from = log_size(f);
    oai_client *c = front_client(f, http2);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    mc_rec *rec = calloc(N_STREAMS, sizeof *rec);
    oai_stream **s = calloc(N_STREAMS, sizeof *s);
    assert_non_null(rec);
    assert_non_null(s);
    char msg[64], want[1024];
    snprintf(msg, sizeof msg, "#scenario:long %d 3", N_WORDS);
    mc_expected(want, sizeof want, N_WORDS);
    for (int i = 0; i < N_STREAMS; i++) {
        assert_int_equal(mc_stream(&s[i], c, g_asst, msg, &rec[i], 0, NULL), OAI_OK);
        assert_int_equal(oai_multi_add_stream(m, s[i], mc_done, &rec[i]), OAI_OK);
    }
    mc_run(m, 90000);
    for (int i = 0; i < N_STREAMS; i++) {
        if (rec[i].done_result != OAI_OK)
            fail_msg("stream %d failed (%d): %s", i, rec[i].done_result,
                     oai_stream_error(s[i])->message);
        assert_string_equal(rec[i].text, want);
        assert_int_equal(rec[i].deltas, N_WORDS);
        assert_int_equal(rec[i].ends, 1);
        assert_int_equal(rec[i].exceptions, 0);
        oai_stream_free(s[i]);
    }
    free(s);
    free(rec);
    oai_multi_free(m);
    oai_client_free(c);

    char *lines = stream_lines(f, from);
    traffic t = read_traffic(lines, alpn);
    printf("%s: %d stream requests, %d as %s, over %d connection(s)\n", f->base_url, t.requests,
           t.protocol_ok, alpn, t.connections);
    if (t.requests != N_STREAMS || t.protocol_ok != N_STREAMS)
        fprintf(stderr, "access log:\n%s\n", lines ? lines : "(none)");
    free(lines);
    assert_int_equal(t.requests, N_STREAMS);
    assert_int_equal(t.protocol_ok, N_STREAMS);
    return t;
}

/* The default: h2 offered by ALPN, accepted, and the streams multiplexed
 * on one connection (PIPEWAIT: none opens its own while the first is being
 * set up). */
static void tls_streams_share_one_connection(void **state)
{
    (void)state;
    traffic t = run_streams(&g_tls, OAI_HTTP2_AUTO, "h2");
    assert_int_equal(t.connections, 1);
}

/* h2 without negotiation over clear text; multiplexed where libcurl can
 * reuse such a connection (8.0.0 on), else one connection per stream. */
static void prior_knowledge_speaks_h2_over_cleartext(void **state)
{
    (void)state;
    traffic t = run_streams(&g_clear, OAI_HTTP2_PRIOR_KNOWLEDGE, "h2c");
    int reusable = curl_version_info(CURLVERSION_NOW)->version_num >= 0x080000;
    assert_int_equal(t.connections, reusable ? 1 : N_STREAMS);
}

/* With h2 off, or over clear text without prior knowledge, each stream in
 * flight needs its own HTTP/1.1 connection. */
static void off_uses_http1_over_tls(void **state)
{
    (void)state;
    traffic t = run_streams(&g_tls, OAI_HTTP2_OFF, "http/1.1");
    assert_true(t.connections > N_STREAMS / 2);
}

static void auto_stays_http1_over_cleartext(void **state)
{
    (void)state;
    traffic t = run_streams(&g_clear, OAI_HTTP2_AUTO, "http/1.1");
    assert_true(t.connections > N_STREAMS / 2);
}

static void on_response_done(const oai_multi_msg *msg, void *ud)
{
    *(int *)ud = msg->result;
}

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Response streams whose last event is larger than a multiplexed
 * stream's receive buffer: with libcurl 7.88 the end of such a stream can
 * wait for bytes that never come on the connection. Each must end with
 * its whole text, and the run must not wait for the server to give up on
 * the connection. */
static void response_streams_end_over_h2(void **state)
{
    (void)state;
    enum { WORDS = 150 };
    char input[WORDS * 6 + 64], want[WORDS * 6];
    size_t in = (size_t)snprintf(input, sizeof input, "{\"model\":\"m\",\"input\":\"#scenario:text");
    size_t wl = 0;
    for (int k = 1; k <= WORDS; k++) {
        in += (size_t)snprintf(input + in, sizeof input - in, " w%d", k);
        wl += (size_t)snprintf(want + wl, sizeof want - wl, "%sw%d", k > 1 ? " " : "", k);
    }
    snprintf(input + in, sizeof input - in, "\"}");
    oai_client *c = front_client(&g_tls, OAI_HTTP2_AUTO);
    oai_multi *m;
    assert_int_equal(oai_multi_new(&m, c, NULL), OAI_OK);
    oai_response_stream *s[N_STREAMS];
    int result[N_STREAMS];
    oai_json *p;
    assert_int_equal(oai_json_parse_cstr(&p, input), OAI_OK);
    for (int i = 0; i < N_STREAMS; i++) {
        result[i] = 1;
        assert_int_equal(oai_responses_stream(&s[i], c, p, NULL, NULL), OAI_OK);
        assert_int_equal(oai_multi_add_response_stream(m, s[i], on_response_done, &result[i]),
                         OAI_OK);
    }
    oai_json_free(p);
    double t0 = mono_s();
    mc_run(m, 90000);
    double took = mono_s() - t0;
    for (int i = 0; i < N_STREAMS; i++) {
        if (result[i] != OAI_OK)
            fail_msg("response stream %d failed (%d): %s", i, result[i],
                     oai_response_stream_error(s[i])->message);
        const char *text;
        assert_int_equal(oai_response_stream_output_text(&text, NULL, s[i]), OAI_OK);
        assert_string_equal(text, want);
        oai_response_stream_free(s[i]);
    }
    oai_multi_free(m);
    oai_client_free(c);
    printf("%d response streams over h2 in %.1f s\n", N_STREAMS, took);
    assert_true(took < 60.0);
}

int main(void)
{
    const char *skip = NULL;
    if (!(curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_HTTP2))
        skip = "this libcurl has no HTTP/2 support";
    else if (!tls_on_path("nghttpx"))
        skip = "no nghttpx command on PATH (Debian package nghttp2-proxy)";
    else if (!tls_on_path("openssl"))
        skip = "no openssl command on PATH (Debian package openssl)";
    if (skip) {
        printf("skipped: %s\n", skip);
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tls_streams_share_one_connection),
        cmocka_unit_test(response_streams_end_over_h2),
        cmocka_unit_test(prior_knowledge_speaks_h2_over_cleartext),
        cmocka_unit_test(off_uses_http1_over_tls),
        cmocka_unit_test(auto_stays_http1_over_cleartext),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
