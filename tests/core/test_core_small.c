/* The small core pieces: the growable buffer (appends, printf appends
 * longer than its stack buffer, take, a failed growth that leaves it as it
 * was), secret redaction in log lines and errors, the out-of-memory
 * reporter, the jitter generator's range and test source, the clock, the
 * prefetch list. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/random.h"
#include "core/strbuf.h"
#include "core/warm.h"
#include "oai.h"

static void strbuf_appends(void **state)
{
    (void)state;
    oai__strbuf b = {0};
    assert_int_equal(oai__strbuf_add(&b, "", 0), OAI_OK);
    assert_string_equal(b.p, "");
    assert_int_equal(oai__strbuf_add(&b, "ab\0cd", 5), OAI_OK);
    assert_int_equal(b.len, 5);
    assert_int_equal(memcmp(b.p, "ab\0cd", 6), 0); /* NUL kept after len */
    char big[600];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(oai__strbuf_addf(&b, "[%s]%d", big, 42), OAI_OK);
    assert_int_equal(b.len, 5 + 1 + 599 + 1 + 2);
    assert_string_equal(b.p + b.len - 4, "x]42");
    size_t len = b.len;
    char *p = oai__strbuf_take(&b);
    assert_null(b.p);
    assert_int_equal(b.len, 0);
    assert_int_equal(strlen(p + 6), len - 6);
    oai_free(p);
    oai__strbuf_free(&b); /* empty: fine */
}

static void strbuf_failed_growth(void **state)
{
    (void)state;
    tu_failalloc_install();
    oai__strbuf b = {0};
    assert_int_equal(oai__strbuf_add(&b, "abc", 3), OAI_OK);
    char more[200];
    memset(more, 'y', sizeof more);
    tu_failalloc_arm(1);
    assert_int_equal(oai__strbuf_add(&b, more, sizeof more), OAI_ENOMEM);
    tu_failalloc_arm(0);
    assert_int_equal(b.len, 3);
    assert_string_equal(b.p, "abc");
    oai__strbuf_free(&b);
}

static char g_line[256];
static int g_level;

static void capture(int level, const char *line, void *ud)
{
    (void)ud;
    g_level = level;
    snprintf(g_line, sizeof g_line, "%s", line);
}

static void log_levels_and_redaction(void **state)
{
    (void)state;
    oai__logger l = {OAI_LOG_INFO, capture, NULL, "sk-secret-123"};
    g_line[0] = '\0';
    oai__logf(&l, OAI_LOG_DEBUG, "not at info: %d", 1);
    assert_string_equal(g_line, "");
    oai__logf(&l, OAI_LOG_INFO, "key %s and again sk-secret-123.", "sk-secret-123");
    assert_int_equal(g_level, OAI_LOG_INFO);
    assert_string_equal(g_line, "key <redacted> and again <redacted>.");

    oai__error_store e = {0};
    oai__error_set(&e, OAI_EAUTH, "401 Incorrect API key provided: sk-secret-123");
    oai__error_redact(&e, "sk-secret-123");
    assert_string_equal(e.pub.message, "401 Incorrect API key provided: <redacted>");
    oai__error_clear(&e);
    /* secrets shorter than 4 bytes are not looked for */
    char buf[16] = "abc abc";
    oai__redact(buf, sizeof buf, "abc");
    assert_string_equal(buf, "abc abc");
}

static void nomem_reporter(void **state)
{
    (void)state;
    oai__error_store e = {0};
    assert_int_equal(oai__error_set(&e, OAI_EPROTOCOL, "bad %s", "json"),
                     OAI_EPROTOCOL);
    assert_int_equal(oai__error_nomem(&e), OAI_ENOMEM);
    assert_int_equal(e.pub.code, OAI_ENOMEM);
    assert_string_equal(e.pub.message, "out of memory");
    assert_null(e.text); /* nothing held, nothing allocated */
}

static double fixed(void *ud)
{
    return *(double *)ud;
}

static void rng_range_and_source(void **state)
{
    (void)state;
    oai__rng r = {0};
    oai__rng_seed(&r, 12345);
    assert_true(r.state != 0);
    double lo = 1, hi = 0;
    for (int i = 0; i < 10000; i++) {
        double u = oai__rng_next(&r);
        assert_true(u >= 0 && u < 1);
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
    }
    assert_true(lo < 0.01 && hi > 0.99); /* spread over the range */
    double v = 0.25;
    r.fn = fixed;
    r.user_data = &v;
    assert_true(oai__rng_next(&r) == 0.25);
}

static void clock_is_monotonic(void **state)
{
    (void)state;
    int64_t a = oai__now_ms();
    for (int i = 0; i < 1000; i++) {
        int64_t b = oai__now_ms();
        assert_true(b >= a);
        a = b;
    }
}

static void warm_list(void **state)
{
    (void)state;
    static char mem[8192];
    oai__warm w = {0};
    oai__warm_add(&w, NULL, 64); /* nothing to fetch */
    oai__warm_add(&w, mem, 0);
    assert_int_equal(w.n, 0);
    oai__warm_add(&w, mem + 1, sizeof mem - 1);
    assert_int_equal(w.n, 1);
    assert_ptr_equal(w.p[0], mem + 1);
    assert_int_equal(w.len[0], 4096); /* cut short */
    for (int i = 1; i < OAI__WARM_RANGES + 3; i++)
        oai__warm_add(&w, mem + i, 10);
    assert_int_equal(w.n, OAI__WARM_RANGES); /* the later ones are dropped */
    assert_ptr_equal(w.p[OAI__WARM_RANGES - 1], mem + OAI__WARM_RANGES - 1);
    oai__warm_fetch(&w); /* only hints: nothing to observe but no fault */
    oai__prefetch(mem + 63, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(strbuf_appends),
        cmocka_unit_test(strbuf_failed_growth),
        cmocka_unit_test(log_levels_and_redaction),
        cmocka_unit_test(nomem_reporter),
        cmocka_unit_test(rng_range_and_source),
        cmocka_unit_test(clock_is_monotonic),
        cmocka_unit_test(warm_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
