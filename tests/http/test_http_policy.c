/* Pure parts of the HTTP layer: retry decisions and delays (semantics §7.3,
 * Appendix D), Retry-After parsing, error bodies (§7.4-7.6), header sets. */
#include "testutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/api_error.h"
#include "http/headers.h"
#include "http/retry.h"
#include "oai.h"

static void retry_status_table(void **state)
{
    (void)state;
    int yes[] = {408, 409, 429, 500, 502, 503, 504, 599};
    int no[] = {400, 401, 403, 404, 422, 418};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(oai__retry_status(yes[i], NULL));
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(oai__retry_status(no[i], NULL));
    /* x-should-retry overrides, exact lowercase strings only */
    assert_true(oai__retry_status(400, "true"));
    assert_false(oai__retry_status(503, "false"));
    assert_true(oai__retry_status(503, "False")); /* not "false": status decides */
    assert_false(oai__retry_status(400, "TRUE"));
}

static void retry_after_parsing(void **state)
{
    (void)state;
    double ms = -7;
    time_t now = 1700000000;
    assert_true(oai__retry_after_parse(&ms, "1500", NULL, now));
    assert_true(fabs(ms - 1500) < 1e-9);
    assert_true(oai__retry_after_parse(&ms, "12.5", "99", now));
    assert_true(fabs(ms - 12.5) < 1e-9); /* retry-after-ms wins */
    assert_true(oai__retry_after_parse(&ms, "junk", "3", now));
    assert_true(fabs(ms - 3000) < 1e-9); /* unparsable ms header falls through */
    assert_true(oai__retry_after_parse(&ms, NULL, "0.25", now));
    assert_true(fabs(ms - 250) < 1e-9);
    assert_true(oai__retry_after_parse(&ms, NULL, " 2 ", now));
    assert_true(fabs(ms - 2000) < 1e-9);
    /* HTTP date: 1700000000 is Tue, 14 Nov 2023 22:13:20 GMT */
    assert_true(oai__retry_after_parse(&ms, NULL, "Tue, 14 Nov 2023 22:13:25 GMT", now));
    assert_true(fabs(ms - 5000) < 1e-9);
    assert_true(oai__retry_after_parse(&ms, NULL, "Tue, 14 Nov 2023 22:13:10 GMT", now));
    assert_true(fabs(ms + 10000) < 1e-9); /* in the past: negative */
    assert_false(oai__retry_after_parse(&ms, NULL, "soon", now));
    assert_false(oai__retry_after_parse(&ms, NULL, "", now));
    assert_false(oai__retry_after_parse(&ms, NULL, NULL, now));
    assert_false(oai__retry_after_parse(&ms, "", "3s", now));
}

static void retry_delays(void **state)
{
    (void)state;
    /* Appendix D: honoured hints */
    assert_true(fabs(oai__retry_delay_ms(0, 1, 1500, 0.5) - 1500) < 1e-9);
    assert_true(fabs(oai__retry_delay_ms(0, 1, 3000, 0.5) - 3000) < 1e-9);
    assert_true(fabs(oai__retry_delay_ms(3, 1, 60000, 0.5) - 60000) < 1e-9); /* bound inclusive */
    /* retry-after 61 s and 0 s and negative fall back to the back-off */
    assert_true(fabs(oai__retry_delay_ms(0, 1, 61000, 0.0) - 500) < 1e-9);
    assert_true(fabs(oai__retry_delay_ms(0, 1, 0, 0.0) - 500) < 1e-9);
    assert_true(fabs(oai__retry_delay_ms(0, 1, -5000, 0.0) - 500) < 1e-9);
    assert_true(fabs(oai__retry_delay_ms(0, 1, NAN, 0.0) - 500) < 1e-9);
    /* base sequence 0.5, 1, 2, 4, 8, 8 s at u = 0 */
    double base[] = {500, 1000, 2000, 4000, 8000, 8000, 8000};
    for (int n = 0; n < 7; n++)
        assert_true(fabs(oai__retry_delay_ms(n, 0, 0, 0.0) - base[n]) < 1e-9);
    assert_true(fabs(oai__retry_delay_ms(2000, 0, 0, 0.0) - 8000) < 1e-9);
    /* jitter: 1 - 0.25u, so 75 % .. 100 % of the base */
    assert_true(fabs(oai__retry_delay_ms(1, 0, 0, 0.5) - 875) < 1e-9);
    assert_true(oai__retry_delay_ms(1, 0, 0, 0.999999) > 750);
    /* the PY max_retries=4 observation 0.499, 0.818, 1.506, 3.554 s is the
     * base sequence with u = 0.008, 0.728, 0.988, 0.446 */
    double u[] = {0.008, 0.728, 0.988, 0.446};
    double want[] = {499, 818, 1506, 3554};
    for (int n = 0; n < 4; n++)
        assert_true(fabs(oai__retry_delay_ms(n, 0, 0, u[n]) - want[n]) < 1e-6);
}

/* ---- error bodies -------------------------------------------------------- */

static char *corpus_body(const char *rel, size_t *len)
{
    char *b = tu_read_file(tu_corpus_path(rel), len);
    if (!b)
        fail_msg("corpus file missing: %s (scripts/refresh-corpus)",
                 tu_corpus_path(rel));
    return b;
}

static void error_bodies_from_corpus(void **state)
{
    (void)state;
    struct {
        const char *file;
        int status, code;
        const char *prefix, *type, *api_code;
    } cases[] = {
        {"real/ruby-openai/runs_streamed_create@77f63597/01_POST_threads.x.runs.json", 400,
         OAI_EBADREQUEST, "400 ", "invalid_request_error", NULL},
        {"real/ruby-openai/assistants_delete@7760612b/01_DELETE_assistants.x.json", 401, OAI_EAUTH,
         "401 Incorrect API key provided: ", "invalid_request_error", "invalid_api_key"},
        {"real/ruby-openai/threads_modify@2bb63d19/00_POST_threads.x.json", 404, OAI_ENOTFOUND,
         "404 No thread found with id", "invalid_request_error", NULL},
        {"real/ruby-openai/vector_store_file_batches_list@c5631c1e/"
         "00_GET_vector_stores.x.file_batches.x.files.json",
         500, OAI_ESERVER, "500 The server had an error processing your request.", "server_error",
         NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len;
        char *body = corpus_body(cases[i].file, &len);
        oai__error_store e = {0};
        int rc = oai__api_error_from_response(&e, cases[i].status, body, len, "req_abc", -1);
        assert_int_equal(rc, cases[i].code);
        assert_int_equal(e.pub.code, cases[i].code);
        assert_int_equal(e.pub.http_status, cases[i].status);
        assert_true(strncmp(e.pub.message, cases[i].prefix, strlen(cases[i].prefix)) == 0);
        /* the message is exactly "<status> <error.message>" */
        cJSON *root = cJSON_Parse(body);
        char want[1200];
        snprintf(want, sizeof want, "%d %s", cases[i].status,
                 cJSON_GetObjectItem(cJSON_GetObjectItem(root, "error"), "message")->valuestring);
        assert_string_equal(e.pub.message, want);
        cJSON_Delete(root);
        assert_string_equal(e.pub.type, cases[i].type);
        if (cases[i].api_code)
            assert_string_equal(e.pub.api_code, cases[i].api_code);
        assert_null(e.pub.param);
        assert_string_equal(e.pub.request_id, "req_abc");
        oai__error_clear(&e);
        free(body);
    }
}

static void error_body_shapes(void **state)
{
    (void)state;
    oai__error_store e = {0};
    /* bare shape */
    const char *bare = "{\"message\":\"Bad thing\",\"type\":\"invalid_request_error\","
                       "\"param\":\"model\",\"code\":\"model_not_found\"}";
    assert_int_equal(oai__api_error_from_response(&e, 404, bare, strlen(bare), NULL, -1),
                     OAI_ENOTFOUND);
    assert_string_equal(e.pub.message, "404 Bad thing");
    assert_string_equal(e.pub.param, "model");
    assert_string_equal(e.pub.api_code, "model_not_found");
    assert_null(e.pub.request_id);
    /* numeric code, surrounding white space, retry hint */
    const char *num = "  \n{\"error\":{\"message\":\"slow down\",\"code\":429}}\n ";
    assert_int_equal(oai__api_error_from_response(&e, 429, num, strlen(num), "r", 1500),
                     OAI_ERATELIMIT);
    assert_string_equal(e.pub.message, "429 slow down");
    assert_string_equal(e.pub.api_code, "429");
    assert_int_equal(e.pub.retry_after_ms, 1500);
    /* no message: the JSON text of the error object */
    const char *nomsg = "{\"error\":{\"code\":\"x\"}}";
    oai__api_error_from_response(&e, 409, nomsg, strlen(nomsg), NULL, -1);
    assert_string_equal(e.pub.message, "409 {\"code\":\"x\"}");
    assert_int_equal(e.pub.code, OAI_ECONFLICT);
    /* non-JSON text and empty bodies */
    oai__api_error_from_response(&e, 418, "I am a teapot\n", 14, NULL, -1);
    assert_string_equal(e.pub.message, "418 I am a teapot");
    assert_int_equal(e.pub.code, OAI_ESTATUS);
    assert_null(e.pub.type);
    oai__api_error_from_response(&e, 500, "", 0, NULL, -1);
    assert_string_equal(e.pub.message, "500 status code (no body)");
    oai__api_error_from_response(&e, 503, " \r\n", 3, NULL, -1);
    assert_string_equal(e.pub.message, "503 status code (no body)");
    assert_int_equal(e.pub.code, OAI_ESERVER);
    /* a string error member */
    const char *s = "{\"error\":\"nope\"}";
    oai__api_error_from_response(&e, 422, s, strlen(s), NULL, -1);
    assert_string_equal(e.pub.message, "422 nope");
    assert_int_equal(e.pub.code, OAI_EUNPROCESSABLE);
    oai__error_clear(&e);
}

static void error_object_helpers(void **state)
{
    (void)state;
    cJSON *nested = cJSON_Parse("{\"error\":{\"message\":\"m\",\"type\":\"t\"}}");
    cJSON *bare = cJSON_Parse("{\"message\":\"m2\",\"code\":\"c\"}");
    const cJSON *o1 = oai__api_error_object(nested);
    const cJSON *o2 = oai__api_error_object(bare);
    assert_string_equal(oai__api_error_message(o1), "m");
    assert_string_equal(oai__api_error_message(o2), "m2");
    oai__error_store e = {0};
    oai__error_set(&e, OAI_ESTREAM, "stream error");
    oai__api_error_fields(&e, o2);
    assert_string_equal(e.pub.api_code, "c");
    assert_null(e.pub.type);
    assert_null(oai__api_error_object(NULL));
    oai__error_clear(&e);
    cJSON_Delete(nested);
    cJSON_Delete(bare);
}

static void header_sets(void **state)
{
    (void)state;
    oai__hdrs h = {0};
    assert_int_equal(oai__hdrs_set(&h, "Accept: application/json"), OAI_OK);
    assert_int_equal(oai__hdrs_set(&h, "User-Agent: a"), OAI_OK);
    assert_int_equal(oai__hdrs_set(&h, "user-agent:   b  "), OAI_OK);
    assert_int_equal(h.n, 2);
    assert_string_equal(oai__hdrs_get(&h, "USER-AGENT"), "user-agent: b");
    assert_int_equal(oai__hdrs_set(&h, "Accept:"), OAI_OK);
    assert_string_equal(oai__hdrs_get(&h, "accept"), "Accept:");
    assert_int_equal(oai__hdrs_set(&h, "Bad Name: x"), OAI_EINVAL);
    assert_int_equal(oai__hdrs_set(&h, ": x"), OAI_EINVAL);
    assert_int_equal(oai__hdrs_set(&h, "NoColon"), OAI_EINVAL);
    assert_int_equal(oai__hdrs_set(&h, "X-Inject: a\r\nEvil: 1"), OAI_EINVAL);
    assert_int_equal(h.n, 2);
    oai__hdrs_free(&h);
    const char block[] = "content-type: text/plain\0x-request-id: req_9\0";
    assert_string_equal(oai__header_find(block, sizeof block - 1, "X-Request-ID"), "req_9");
    assert_null(oai__header_find(block, sizeof block - 1, "x-request"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(retry_status_table),
        cmocka_unit_test(retry_after_parsing),
        cmocka_unit_test(retry_delays),
        cmocka_unit_test(error_bodies_from_corpus),
        cmocka_unit_test(error_body_shapes),
        cmocka_unit_test(error_object_helpers),
        cmocka_unit_test(header_sets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
