/* TLS verification: on by default, off with tls_insecure. An `openssl
 * s_server` child serves HTTPS on loopback with a self-signed certificate
 * made for the run; without the openssl command the tests are skipped. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http_common.h"
#include "tlsserver.h"

/* libcurl's CURLE_PEER_FAILED_VERIFICATION; the tests do not include curl */
#define PEER_FAILED_VERIFICATION 60

typedef struct tls_fixture {
    int have_openssl;
    tls_server srv;
} tls_fixture;

static int group_teardown(void **state)
{
    tls_fixture *f = *state;
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
    tls_fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    *state = f;
    f->have_openssl = tls_on_path("openssl");
    if (!f->have_openssl)
        return 0;
    /* s_server -HTTP answers GET /v1/assistants/asst_tls with the file's
     * bytes, so the file is a whole HTTP response */
    static const char *const argv[] = {"openssl", "s_server", "-accept", TLS_SERVER_ADDR,
                                       "-cert", "cert.pem", "-key", "key.pem",
                                       "-HTTP", "-quiet", NULL};
    if (tls_server_init(&f->srv, "oai-tls") != 0 ||
        tls_server_write(&f->srv, "v1/assistants/asst_tls",
                         "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n"
                         "{\"id\":\"asst_tls\",\"object\":\"assistant\"}") != 0 ||
        tls_server_start(&f->srv, argv) != 0) {
        /* cmocka skips the group teardown after a failed setup */
        group_teardown(state);
        *state = NULL;
        return -1;
    }
    return 0;
}

static tls_fixture *fixture(void **state)
{
    tls_fixture *f = *state;
    if (!f->have_openssl) {
        printf("skipped: no openssl command on PATH (Debian package openssl)\n");
        skip();
    }
    return f;
}

static oai_client *tls_client(const tls_fixture *f, int insecure)
{
    oai_client_options o = OAI_CLIENT_OPTIONS_INIT;
    o.api_key = TEST_KEY;
    o.base_url = f->srv.base_url;
    o.max_retries = 0;
    /* the TLS handshake counts as connecting; under valgrind, loading
     * the system CA store alone can take seconds */
    o.connect_timeout_ms = 60000;
    o.log_level = OAI_LOG_OFF;
    o.tls_insecure = insecure;
    oai_client *c = NULL;
    assert_int_equal(oai_client_new(&c, &o, NULL, 0), OAI_OK);
    return c;
}

static void default_client_refuses_self_signed(void **state)
{
    tls_fixture *f = fixture(state);
    oai_client *c = tls_client(f, 0);
    oai_json *a = NULL;
    assert_int_equal(oai_assistants_retrieve(&a, c, "asst_tls", NULL), OAI_ETRANSPORT);
    assert_null(a);
    const oai_error *e = oai_client_last_error(c);
    assert_int_equal(e->code, OAI_ETRANSPORT);
    assert_int_equal(e->http_status, 0);
    assert_int_equal(e->transport_code, PEER_FAILED_VERIFICATION);
    assert_non_null(e->message);
    printf("message: %s\n", e->message);
    /* says what failed and how to accept a test server's certificate */
    assert_non_null(strstr(e->message, "TLS certificate could not be verified"));
    assert_non_null(strstr(e->message, "tls_insecure"));
    assert_null(strstr(e->message, TEST_KEY));
    assert_null(strstr(e->message, "sk-test"));
    oai_client_free(c);
}

static void tls_insecure_accepts_self_signed(void **state)
{
    tls_fixture *f = fixture(state);
    oai_client *c = tls_client(f, 1);
    oai_json *a = NULL;
    int rc = oai_assistants_retrieve(&a, c, "asst_tls", NULL);
    if (rc != OAI_OK)
        fail_msg("retrieve failed (%d): %s", rc, oai_client_last_error(c)->message);
    assert_string_equal(oai_json_path_string(a, "id"), "asst_tls");
    assert_string_equal(oai_json_path_string(a, "object"), "assistant");
    oai_json_free(a);
    oai_client_free(c);
}

/* tls_insecure is per client: a default client made after an insecure one
 * (same process, libcurl's shared state) still verifies. */
static void verification_is_per_client(void **state)
{
    tls_fixture *f = fixture(state);
    oai_client *loose = tls_client(f, 1);
    oai_json *a = NULL;
    assert_int_equal(oai_assistants_retrieve(&a, loose, "asst_tls", NULL), OAI_OK);
    oai_json_free(a);
    a = NULL;
    oai_client *strict = tls_client(f, 0);
    assert_int_equal(oai_assistants_retrieve(&a, strict, "asst_tls", NULL), OAI_ETRANSPORT);
    assert_null(a);
    assert_int_equal(oai_client_last_error(strict)->transport_code, PEER_FAILED_VERIFICATION);
    oai_client_free(strict);
    oai_client_free(loose);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_client_refuses_self_signed),
        cmocka_unit_test(tls_insecure_accepts_self_signed),
        cmocka_unit_test(verification_is_per_client),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
