#include "testutil.h"

#include <string.h>

#include "core/error.h"
#include "core/log.h"
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
    oai__error_store e = {0}, f = {0};
    oai__error_clear(&e);
    assert_int_equal(e.pub.code, 0);
    assert_int_equal(e.pub.retry_after_ms, -1);
    assert_int_equal(oai__error_set(&e, OAI_ENOTFOUND, "%d %s", 404, "No thread"), OAI_ENOTFOUND);
    assert_string_equal(e.pub.message, "404 No thread");
    oai__error_set_type(&e, "invalid_request_error");
    oai__error_set_request_id(&e, "req_123xyz", 7);
    assert_string_equal(e.pub.request_id, "req_123");
    oai__error_copy(&f, &e);
    /* the copy owns its strings: it outlives a change to the original */
    assert_ptr_not_equal(f.pub.message, e.pub.message);
    oai__error_set_param(&e, "model");
    oai__error_set(&e, OAI_EINVAL, "other");
    assert_string_equal(f.pub.message, "404 No thread");
    assert_string_equal(f.pub.type, "invalid_request_error");
    assert_string_equal(f.pub.request_id, "req_123");
    assert_null(f.pub.param);
    /* a message may be formatted from the store's own strings */
    oai__error_set(&f, OAI_ESTREAM, "again: %s (%s)", f.pub.message,
                   f.pub.type);
    assert_string_equal(f.pub.message,
                        "again: 404 No thread (invalid_request_error)");
    assert_null(f.pub.type);
    /* details are cut at their own cap */
    char longid[300];
    memset(longid, 'r', sizeof longid);
    oai__error_set_request_id(&f, longid, sizeof longid);
    assert_int_equal(strlen(f.pub.request_id), OAI__ERROR_DETAIL_CAP - 1);
    oai__error_set_type(&f, "");
    assert_null(f.pub.type);
    assert_string_equal(f.pub.message,
                        "again: 404 No thread (invalid_request_error)");
    oai__error_clear(&f);
    /* a message longer than the buffer is cut on a UTF-8 boundary */
    char big[3000];
    for (size_t i = 0; i + 3 < sizeof big; i += 3)
        memcpy(big + i, "\xe2\x82\xac", 3); /* U+20AC */
    big[sizeof big - 3] = '\0';
    oai__error_set(&e, OAI_ERROR, "%s", big);
    size_t n = strlen(e.pub.message);
    assert_true(n < OAI__ERROR_MESSAGE_CAP);
    assert_true(n + 3 >= OAI__ERROR_MESSAGE_CAP - 1);
    assert_int_equal(n % 3, 0);
    oai__error_set(&e, OAI_EINVAL, "%s", "");
    assert_string_equal(e.pub.message, "invalid argument");
    oai__error_clear(&e);
    assert_null(e.text);
}

/* An error the store cannot keep whole becomes an out-of-memory report, as
 * any failed allocation does; nothing points at freed or foreign strings,
 * and nothing leaks. */
static void error_store_without_memory(void **state)
{
    (void)state;
    tu_failalloc_install();
    oai__error_store e = {0}, f = {0};
    tu_failalloc_arm(1);
    assert_int_equal(oai__error_set(&e, OAI_EPROTOCOL, "bad JSON at %d", 5),
                     OAI_ENOMEM);
    assert_true(tu_failalloc_failed());
    assert_int_equal(e.pub.code, OAI_ENOMEM);
    assert_string_equal(e.pub.message, "out of memory");
    assert_null(e.text);
    /* an out-of-memory report takes no details */
    tu_failalloc_arm(0);
    oai__error_set_type(&e, "auth");
    assert_null(e.pub.type);
    assert_null(e.text);
    oai__error_set(&e, OAI_EAUTH, "401 key sk-secret-123 rejected");
    oai__error_set_type(&e, "auth");
    tu_failalloc_arm(1);
    oai__error_set_param(&e, "key");
    assert_int_equal(e.pub.code, OAI_ENOMEM);
    assert_null(e.pub.type);
    assert_null(e.pub.param);
    tu_failalloc_arm(0);
    oai__error_set(&e, OAI_EAUTH, "401 key sk-secret-123 rejected");
    oai__error_set_type(&e, "auth");
    tu_failalloc_arm(1);
    oai__error_copy(&f, &e);
    assert_int_equal(f.pub.code, OAI_ENOMEM);
    assert_string_equal(f.pub.message, "out of memory");
    assert_null(f.pub.type);
    tu_failalloc_arm(1);
    oai__error_redact(&e, "sk-secret-123"); /* the secret goes all the same */
    assert_null(strstr(e.pub.message, "sk-secret-123"));
    tu_failalloc_arm(0);
    oai__error_clear(&e);
    oai__error_clear(&f);
    assert_int_equal(tu_failalloc_live(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strerror_and_status),
        cmocka_unit_test(error_store),
        cmocka_unit_test(error_store_without_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
