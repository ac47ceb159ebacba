#include "testutil.h"

#include <string.h>

#include "core/error.h"
#include "oai.h"

static void strerror_and_status(void **state)
{
    (void)state;
    assert_string_equal(oai_strerror(OAI_OK), "success");
    assert_string_equal(oai_strerror(12345), "unknown error code");
    for (int c = OAI_OK; c >= OAI_PAUSE; c--)
        assert_string_not_equal(oai_strerror(c), "unknown error code");
    assert_int_equal(oai_code_from_http_status(200), OAI_OK);
    assert_int_equal(oai_code_from_http_status(400), OAI_EBADREQUEST);
    assert_int_equal(oai_code_from_http_status(401), OAI_EAUTH);
    assert_int_equal(oai_code_from_http_status(403), OAI_EPERM);
    assert_int_equal(oai_code_from_http_status(404), OAI_ENOTFOUND);
    assert_int_equal(oai_code_from_http_status(409), OAI_ECONFLICT);
    assert_int_equal(oai_code_from_http_status(422), OAI_EUNPROCESSABLE);
    assert_int_equal(oai_code_from_http_status(429), OAI_ERATELIMIT);
    assert_int_equal(oai_code_from_http_status(418), OAI_ESTATUS);
    assert_int_equal(oai_code_from_http_status(503), OAI_ESERVER);
}

static void error_store(void **state)
{
    (void)state;
    oai__error_store e, f;
    oai__error_clear(&e);
    assert_int_equal(e.pub.code, 0);
    assert_int_equal(e.pub.retry_after_ms, -1);
    assert_int_equal(oai__error_set(&e, OAI_ENOTFOUND, "%d %s", 404, "No thread"), OAI_ENOTFOUND);
    assert_string_equal(e.pub.message, "404 No thread");
    oai__error_set_type(&e, "invalid_request_error");
    oai__error_set_request_id(&e, "req_123xyz", 7);
    assert_string_equal(e.pub.request_id, "req_123");
    oai__error_copy(&f, &e);
    assert_ptr_equal(f.pub.message, f.message);
    assert_string_equal(f.pub.type, "invalid_request_error");
    assert_null(f.pub.param);
    /* a message longer than the buffer is cut on a UTF-8 boundary */
    char big[3000];
    for (size_t i = 0; i + 3 < sizeof big; i += 3)
        memcpy(big + i, "\xe2\x82\xac", 3); /* U+20AC */
    big[sizeof big - 3] = '\0';
    oai__error_set(&e, OAI_ERROR, "%s", big);
    size_t n = strlen(e.pub.message);
    assert_true(n < sizeof e.message);
    assert_int_equal(n % 3, 0);
    oai__error_set(&e, OAI_EINVAL, "%s", "");
    assert_string_equal(e.pub.message, "invalid argument");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strerror_and_status),
        cmocka_unit_test(error_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
