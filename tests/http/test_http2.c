/* HTTP/2: the client offers h2 by ALPN over TLS, speaks it when the server
 * accepts, and keeps one connection for sequential requests. The server is
 * nghttpd (HTTP/2 only, static files) with a self-signed certificate; its
 * -v output, which lists each TLS handshake, the negotiated protocol and
 * every stream per connection "[id=N]", is what the tests read. Skipped
 * without nghttpd, the openssl command, or HTTP/2 support in libcurl. */
#include "testutil.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http_common.h"
#include "tlsserver.h"

#define PATH_LINE ":path: /v1/assistants/asst_h2"
#define H2_LINE "The negotiated protocol: h2"

typedef struct h2_fixture {
    const char *skip_reason; /* NULL: the server runs */
    tls_server srv;
} h2_fixture;

static void nap_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
        ;
}

static int group_teardown(void **state)
{
    h2_fixture *f = *state;
    if (f) {
        tls_server_close(&f->srv);
        free(f);
    }
    http_clean_env();
    return 0;
}

static int group_setup(void **state)
{
    http_clean_env();
    h2_fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    *state = f;
    if (!(curl_version_info(CURLVERSION_NOW)->features & CURL_VERSION_HTTP2))
        f->skip_reason = "this libcurl has no HTTP/2 support";
    else if (!tls_on_path("nghttpd"))
        f->skip_reason = "no nghttpd command on PATH (Debian package nghttp2-server)";
    else if (!tls_on_path("openssl"))
        f->skip_reason = "no openssl command on PATH (Debian package openssl)";
    if (f->skip_reason)
        return 0;
    static const char *const argv[] = {"nghttpd", "-v", "-a", "127.0.0.1", "-d", "www",
                                       TLS_SERVER_PORT, "key.pem", "cert.pem", NULL};
    /* served with 200 and no Content-Type; the client parses JSON bodies
     * whatever the type */
    if (tls_server_init(&f->srv, "oai-h2") != 0 ||
        tls_server_write(&f->srv, "www/v1/assistants/asst_h2",
                         "{\"id\":\"asst_h2\",\"object\":\"assistant\"}") != 0 ||
        tls_server_start(&f->srv, argv) != 0) {
        /* cmocka skips the group teardown after a failed setup */
        group_teardown(state);
        *state = NULL;
        return -1;
    }
    return 0;
}

static h2_fixture *fixture(void **state)
{
    h2_fixture *f = *state;
    if (f->skip_reason) {
        printf("skipped: %s\n", f->skip_reason);
        skip();
    }
    return f;
}

static oai_client *h2_client(const h2_fixture *f)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = TEST_KEY;
    o.base_url = f->srv.base_url;
    o.max_retries = 0;
    /* the TLS handshake counts as connecting; under valgrind, loading
     * the system CA store alone can take seconds */
    o.connect_timeout_ms = 60000;
    o.log_level = OAI_LOG_OFF;
    o.tls_insecure = 1;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    return c;
}

static size_t log_len(const h2_fixture *f)
{
    char *text = tls_server_log(&f->srv);
    assert_non_null(text);
    size_t n = strlen(text);
    free(text);
    return n;
}

static int count(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* The server's output after `from`, once it shows `paths` requests for the
 * file (the server may write a moment after answering); malloc'd. */
static char *log_since(const h2_fixture *f, size_t from, int paths)
{
    for (int i = 0;; i++) {
        char *text = tls_server_log(&f->srv);
        assert_non_null(text);
        size_t n = strlen(text);
        char *tail = strdup(text + (from < n ? from : n));
        free(text);
        assert_non_null(tail);
        if (count(tail, PATH_LINE) >= paths || i == 500) /* 5 s */
            return tail;
        free(tail);
        nap_ms(10);
    }
}

static void retrieve_ok(oai_client *c)
{
    oai_json *a = NULL;
    int rc = oai_assistants_retrieve(&a, c, "asst_h2", NULL);
    if (rc != OAI_OK)
        fail_msg("retrieve failed (%d): %s", rc, oai_client_last_error(c)->message);
    assert_string_equal(oai_json_path_string(a, "id"), "asst_h2");
    assert_string_equal(oai_json_path_string(a, "object"), "assistant");
    oai_json_free(a);
}

static void speaks_http2_when_offered(void **state)
{
    h2_fixture *f = fixture(state);
    size_t from = log_len(f);
    oai_client *c = h2_client(f);
    retrieve_ok(c);
    char *tail = log_since(f, from, 1);
    /* the client offered h2 first, the server chose it, and the request
     * came as HTTP/2 HEADERS (":path" exists only in HTTP/2) */
    int ok = strstr(tail, "[ALPN] client offers:\n * h2\n") && count(tail, H2_LINE) == 1 &&
             count(tail, PATH_LINE) == 1;
    if (!ok)
        fprintf(stderr, "nghttpd output:\n%s\n", tail);
    free(tail);
    oai_client_free(c);
    if (!ok)
        fail_msg("no single HTTP/2 request over one h2 connection in the server's log");
}

/* "[id=N]" of the line holding `at` */
static int conn_id(const char *text, const char *at)
{
    while (at > text && at[-1] != '\n')
        at--;
    int id = -1;
    if (sscanf(at, "[id=%d]", &id) != 1)
        return -1;
    return id;
}

static void sequential_requests_share_one_connection(void **state)
{
    h2_fixture *f = fixture(state);
    size_t from = log_len(f);
    oai_client *c = h2_client(f);
    for (int i = 0; i < 5; i++)
        retrieve_ok(c);
    char *tail = log_since(f, from, 5);
    int handshakes = count(tail, H2_LINE), paths = count(tail, PATH_LINE);
    int first = -1, same = 1;
    for (const char *p = tail; (p = strstr(p, PATH_LINE)) != NULL; p += strlen(PATH_LINE)) {
        int id = conn_id(tail, p);
        if (first < 0)
            first = id;
        same = same && id >= 0 && id == first;
    }
    printf("h2 handshakes: %d, requests: %d, all on connection id=%d: %s\n", handshakes, paths,
           first, same ? "yes" : "no");
    int ok = handshakes == 1 && paths == 5 && same && strstr(tail, "(stream_id=9) " PATH_LINE);
    if (!ok)
        fprintf(stderr, "nghttpd output:\n%s\n", tail);
    free(tail);
    oai_client_free(c);
    if (!ok)
        fail_msg("5 sequential requests did not go as streams 1..9 of one h2 connection");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(speaks_http2_when_offered),
        cmocka_unit_test(sequential_requests_share_one_connection),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
