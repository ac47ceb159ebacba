/* Text grows in amortised O(1) per delta: 1M content deltas and a tool
 * call of 100k argument deltas accumulate in time linear in their number
 * (checked against 100k deltas), and the texts come out whole. Prints the
 * CPU time per delta. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "oai/chat_accumulate.h"

static const char first[] = "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                            "\"content\":\"\"}}]}";
static const char content[] = "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ab\"}}]}";
static const char tool[] = "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                           "\"function\":{\"arguments\":\"xy\"}}]}}]}";
static const char open_tool[] = "{\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
                                "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                                "\"arguments\":\"\"}}]}}]}";

/* CPU seconds to apply `n` copies of `delta` after `opening`; the
 * accumulated text at `path` must be 2n bytes. */
static double run(const char *opening, const char *delta, long n, const char *path)
{
    oai_chat_accumulator *a;
    const oai_chat_update *u;
    assert_int_equal(oai_chat_accumulator_new(&a, NULL), OAI_OK);
    assert_int_equal(oai_chat_accumulator_apply(a, NULL, opening, strlen(opening), &u), OAI_OK);
    size_t len = strlen(delta);
    clock_t t0 = clock();
    for (long i = 0; i < n; i++)
        if (oai_chat_accumulator_apply(a, NULL, delta, len, &u) != OAI_OK)
            fail_msg("apply %ld: %s", i, oai_chat_accumulator_error(a)->message);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    const oai_json *text = oai_json_path(oai_chat_accumulator_snapshot(a), path);
    assert_int_equal(oai_json_string_len(text), (size_t)(2 * n));
    oai_chat_accumulator_free(a);
    return secs;
}

static void linear(void **state)
{
    (void)state;
    const char *content_path = "choices.0.message.content";
    const char *args_path = "choices.0.message.tool_calls.0.function.arguments";
    double small = run(first, content, 100000, content_path);
    double big = run(first, content, 1000000, content_path);
    double args = run(open_tool, tool, 100000, args_path);
    printf("chat accumulator: 1M content deltas in %.3f s CPU (%.0f ns each; 100k: %.3f s); "
           "100k argument deltas in %.3f s\n",
           big, big * 1e9 / 1e6, small, args);
    /* quadratic growth would make the ratio about 100 */
    assert_true(big < 20 * small + 0.05);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(linear)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
