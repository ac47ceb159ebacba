/* A long Responses text: n output_text deltas accumulate in linear time
 * (per-delta cost flat from 10k to 1M deltas) and into the exact text. The
 * CPU time is printed: "resp_large: <n> deltas <seconds> s <ns>/delta",
 * beside the cost of parsing the same events' JSON alone. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oai/response_accumulate.h"
#include "resp_trace.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* others share the cores */
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void apply(oai_response_accumulator *a, const char *data)
{
    const oai_response_update *u;
    int rc = oai_response_accumulator_apply(a, NULL, data, strlen(data), &u);
    if (rc != OAI_OK)
        fail_msg("apply: %s", oai_response_accumulator_error(a)->message);
}

/* A 4-byte output_text delta as api.openai.com sends it. */
static void delta_event(char *ev, size_t cap, long seq)
{
    snprintf(ev, cap,
             "{\"type\":\"response.output_text.delta\",\"sequence_number\":%ld,\"item_id\":\"msg_x\","
             "\"output_index\":0,\"content_index\":0,\"delta\":\"tok \",\"logprobs\":[],"
             "\"obfuscation\":\"a1b2c3d4e5f6\"}",
             seq);
}

/* Seconds to accumulate n deltas of 4 bytes ("tok ") into one message. */
static double run(long n)
{
    oai_response_accumulator *a = NULL;
    assert_int_equal(oai_response_accumulator_new(&a, NULL), OAI_OK);
    double t0 = now();
    apply(a, "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_x\","
             "\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}");
    apply(a, "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,"
             "\"item\":{\"id\":\"msg_x\",\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],"
             "\"role\":\"assistant\"}}");
    apply(a, "{\"type\":\"response.content_part.added\",\"sequence_number\":2,\"item_id\":\"msg_x\","
             "\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],"
             "\"logprobs\":[],\"text\":\"\"}}");
    char ev[256];
    for (long i = 0; i < n; i++) {
        delta_event(ev, sizeof ev, i + 3);
        apply(a, ev);
    }
    double t = now() - t0;
    const char *text;
    size_t len;
    assert_int_equal(oai_response_accumulator_output_text(a, &text, &len), OAI_OK);
    assert_int_equal(len, (size_t)n * 4);
    assert_memory_equal(text + len - 4, "tok ", 4);
    oai_response_accumulator_free(a);
    printf("resp_large: %ld deltas %.3f s %.0f ns/delta\n", n, t, t / (double)n * 1e9);
    return t;
}

/* The floor: parsing the same events' JSON and nothing else. */
static double parse_floor(long n)
{
    char ev[256];
    double t0 = now();
    for (long i = 0; i < n; i++) {
        delta_event(ev, sizeof ev, i + 3);
        oai_json *j = NULL;
        assert_int_equal(oai_json_parse(&j, ev, strlen(ev)), OAI_OK);
        oai_json_free(j);
    }
    double t = now() - t0;
    printf("resp_large: parse floor %ld events %.3f s %.0f ns/event\n", n, t, t / (double)n * 1e9);
    return t;
}

static void linear(void **state)
{
    (void)state;
    double small = run(10000) / 10000;
    for (int i = 0; i < 2; i++) { /* the best of three: short runs are noisy */
        double again = run(10000) / 10000;
        small = again < small ? again : small;
    }
    double big = run(1000000) / 1000000;
    parse_floor(1000000);
    /* generous, as the machine is shared: a quadratic append is ~100x off */
    if (big > 3 * small)
        fail_msg("per-delta cost grew from %.0f ns to %.0f ns", small * 1e9, big * 1e9);
}

/* The trace of a long run prints sizes, carried from line to line: 200k
 * deltas trace in linear time too (recomputing them would take hours). */
static void trace_linear(void **state)
{
    (void)state;
    const long n = 200000;
    size_t cap = (size_t)n * 240 + 4096, len = 0;
    char *body = malloc(cap), ev[256];
    len += (size_t)snprintf(body + len, cap - len, "data: %s\n\ndata: %s\n\ndata: %s\n\n",
                            "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"r\","
                            "\"output\":[]}}",
                            "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,"
                            "\"item\":{\"id\":\"msg_x\",\"type\":\"message\",\"content\":[]}}",
                            "{\"type\":\"response.content_part.added\",\"sequence_number\":2,\"output_index\":0,"
                            "\"content_index\":0,\"part\":{\"type\":\"output_text\",\"text\":\"\"}}");
    for (long i = 0; i < n; i++) {
        delta_event(ev, sizeof ev, i + 3);
        len += (size_t)snprintf(body + len, cap - len, "data: %s\n\n", ev);
    }
    double t0 = now();
    char *trace = resp_trace_string(body, len, NULL, 0);
    printf("resp_large: trace of %ld deltas %.3f s\n", n, now() - t0);
    assert_non_null(trace);
    /* "message" + "msg_x" + "output_text" + the text so far */
    char want[128];
    snprintf(want, sizeof want, "\"seq\":%ld,\"output_index\":0,\"strings\":%ld}", n + 1, 7 + 5 + 11 + 4 * (n - 1));
    assert_non_null(strstr(trace, want));
    assert_non_null(strstr(trace, "{\"end\":\"ok\"}"));
    free(trace);
    free(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(linear), cmocka_unit_test(trace_linear) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
