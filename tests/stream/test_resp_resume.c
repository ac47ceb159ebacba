/* The sequence checks of a resumed response stream, against a scripted
 * byte source: a suffix that repeats events already delivered has them
 * dropped, a suffix with a gap ends the stream with OAI_EPROTOCOL, a
 * stream without sequence numbers cannot resume, and the resume request
 * names the last sequence number delivered. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "oai.h"
#include "stream/rstream.h"

#define EV(type, seq, rest)                                                                        \
    "event: " type "\ndata: {\"type\":\"" type "\"" seq rest "}\n\n"
#define RESP(status) ",\"response\":{\"id\":\"resp_1\",\"status\":\"" status "\",\"output\":[]}"
#define CREATED EV("response.created", ",\"sequence_number\":0", RESP("queued"))
#define ITEM                                                                                       \
    EV("response.output_item.added", ",\"sequence_number\":1",                                     \
       ",\"output_index\":0,\"item\":{\"id\":\"m1\",\"type\":\"message\",\"role\":\"assistant\","  \
       "\"content\":[{\"type\":\"output_text\",\"text\":\"\",\"annotations\":[]}]}")
#define DELTA(seq, text)                                                                           \
    EV("response.output_text.delta", ",\"sequence_number\":" #seq,                                 \
       ",\"output_index\":0,\"content_index\":0,\"item_id\":\"m1\",\"delta\":\"" text "\"")
#define DONE(seq) EV("response.completed", ",\"sequence_number\":" #seq, RESP("completed"))

typedef struct script {
    const char *bodies[8];
    int body, pos, resumes;
    long long after[8];
} script;

static int sc_pump(void *ctx, oai_stream *s, oai__error_store *err)
{
    (void)err;
    script *sc = ctx;
    const char *b = sc->bodies[sc->body];
    size_t len = strlen(b);
    if ((size_t)sc->pos < len) {
        size_t n = len - (size_t)sc->pos < 7 ? len - (size_t)sc->pos : 7;
        oai__stream_deliver(s, b + sc->pos, n);
        sc->pos += (int)n;
        return OAI_OK;
    }
    return OAI_ITEROVER; /* each body ends early but the last */
}

static int sc_resume(void *ctx, const char *id, long long after, long delay_ms, oai__error_store *err)
{
    (void)delay_ms;
    script *sc = ctx;
    assert_string_equal(id, "resp_1");
    if (!sc->bodies[sc->body + 1])
        return oai__error_set(err, OAI_ETRANSPORT, "no more bodies");
    sc->after[sc->resumes++] = after;
    sc->body++;
    sc->pos = 0;
    return OAI_OK;
}

static const oai__stream_source source = {sc_pump, NULL, NULL, NULL, NULL, NULL, NULL, sc_resume, NULL};

/* Runs the script; the deltas delivered in *text; the result. */
static int run(script *sc, char *text, size_t cap)
{
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    o.resume_backoff_ms = 1;
    oai_stream *s;
    assert_int_equal(oai__rstream_new(&s, &o, &source, sc), OAI_OK);
    oai__rstream_set_background(s);
    text[0] = '\0';
    const char *t;
    int rc;
    while ((rc = oai_response_stream_next_text(&t, NULL, OAI__RS_PUB(s))) == OAI_OK)
        strncat(text, t, cap - strlen(text) - 1);
    if (rc == OAI_EPROTOCOL)
        assert_non_null(strstr(oai_response_stream_error(OAI__RS_PUB(s))->message, "sequence"));
    oai_response_stream_free(OAI__RS_PUB(s));
    return rc;
}

static void test_repeats_dropped(void **state)
{
    (void)state;
    script sc = {{CREATED ITEM DELTA(2, "a") DELTA(3, "b") "event: response.output_text.delta\ndata: {\"ty",
                  /* the server repeats 2 and 3 (a server ignoring the cursor) */
                  DELTA(2, "a") DELTA(3, "b") DELTA(4, "c"),
                  DELTA(5, "d") DONE(6), NULL},
                 0, 0, 0, {0}};
    char text[64];
    assert_int_equal(run(&sc, text, sizeof text), OAI_ITEROVER);
    assert_string_equal(text, "abcd");
    assert_int_equal(sc.resumes, 2);
    assert_int_equal(sc.after[0], 3);
    assert_int_equal(sc.after[1], 4);
}

static void test_gap_fails(void **state)
{
    (void)state;
    script sc = {{CREATED ITEM DELTA(2, "a"), DELTA(4, "c") DONE(5), NULL}, 0, 0, 0, {0}};
    char text[64];
    assert_int_equal(run(&sc, text, sizeof text), OAI_EPROTOCOL);
    assert_string_equal(text, "a");
}

static void test_no_sequence_numbers(void **state)
{
    (void)state;
    script sc = {{EV("response.created", "", RESP("queued")), DONE(1), NULL}, 0, 0, 0, {0}};
    char text[64];
    assert_int_equal(run(&sc, text, sizeof text), OAI_EPROTOCOL);
    assert_int_equal(sc.resumes, 0);
}

static void test_attempts_bounded(void **state)
{
    (void)state;
    /* every resumed body ends at once without an event: 5 attempts (the
     * default), then the stream ends */
    script sc = {{CREATED, "", "", "", "", "", "", NULL}, 0, 0, 0, {0}};
    char text[64];
    assert_int_equal(run(&sc, text, sizeof text), OAI_ETRANSPORT);
    assert_int_equal(sc.resumes, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repeats_dropped),
        cmocka_unit_test(test_gap_fails),
        cmocka_unit_test(test_no_sequence_numbers),
        cmocka_unit_test(test_attempts_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
