/* Regression tests for what fuzzing found (fuzz/regressions holds the raw
 * inputs; these tests state the intended behaviour). */
#include "testutil.h"

#include <string.h>

#include "oai.h"

/* Decode `in` in pieces of `piece` bytes (0: one piece); the final code. */
static int sse_code(const char *in, size_t len, size_t piece, const oai_sse_options *o)
{
    oai_sse_parser *p;
    assert_int_equal(oai_sse_parser_new(&p, o), OAI_OK);
    const oai_sse_event *ev;
    int rc = OAI_EAGAIN;
    size_t off = 0;
    while (rc == OAI_EAGAIN || rc == OAI_OK) {
        if (rc == OAI_EAGAIN) {
            if (off == len) {
                oai_sse_parser_feed_end(p);
            } else {
                size_t n = piece && piece < len - off ? piece : len - off;
                assert_int_equal(oai_sse_parser_feed(p, in + off, n), OAI_OK);
                off += n;
            }
        }
        rc = oai_sse_parser_next(&ev, p);
    }
    oai_sse_parser_free(p);
    return rc;
}

/* A line that is both too long and holds invalid UTF-8 after the limit:
 * the limit is reported whatever the chunking (it used to be the UTF-8
 * error when the line came in one piece, the limit when split). */
static void line_limit_before_later_bad_utf8(void **state)
{
    (void)state;
    static const char in[] = "data: 0123456789abcdef\xff\n\n";
    oai_sse_options o = OAI_SSE_OPTIONS_INIT;
    o.max_line_size = 12;
    for (size_t piece = 0; piece < sizeof in; piece++)
        assert_int_equal(sse_code(in, sizeof in - 1, piece, &o), OAI_ELIMIT);
    /* invalid UTF-8 inside the limit is still a decode error */
    o.max_line_size = 64;
    for (size_t piece = 0; piece < sizeof in; piece++)
        assert_int_equal(sse_code(in, sizeof in - 1, piece, &o), OAI_EPROTOCOL);
}

/* The decoder reports the full length of a name with a NUL byte. */
static void sse_name_len_counts_nul(void **state)
{
    (void)state;
    static const char in[] = "event: ab\0cd\ndata: 1\n\nevent: x\ndata: 2\n\ndata: 3\n\n";
    oai_sse_parser *p;
    assert_int_equal(oai_sse_parser_new(&p, NULL), OAI_OK);
    assert_int_equal(oai_sse_parser_feed(p, in, sizeof in - 1), OAI_OK);
    const oai_sse_event *ev;
    assert_int_equal(oai_sse_parser_next(&ev, p), OAI_OK);
    assert_int_equal(ev->name_len, 5);
    assert_memory_equal(ev->name, "ab\0cd", 6);
    assert_int_equal(oai_sse_parser_next(&ev, p), OAI_OK);
    assert_int_equal(ev->name_len, 1);
    assert_int_equal(oai_sse_parser_next(&ev, p), OAI_OK);
    assert_null(ev->name);
    assert_int_equal(ev->name_len, 0);
    oai_sse_parser_free(p);
}

/* `error\0x` and `thread.run.created\0x` are unknown events, not an error
 * event or a run event, though their C-string prefix reads as one. */
static void stream_name_with_nul_is_unknown(void **state)
{
    (void)state;
    static const char in[] =
        "event: error\0x\ndata: {\"message\":\"boom\"}\n\n"
        "event: thread.run.created\0x\ndata: {\"id\":\"run_1\",\"object\":\"thread.run\"}\n\n"
        "data: [DONE]\n\n";
    oai_stream *s;
    assert_int_equal(oai_stream_new(&s, NULL), OAI_OK);
    assert_int_equal(oai_stream_feed(s, in, sizeof in - 1), OAI_OK);
    assert_int_equal(oai_stream_feed_end(s), OAI_OK);
    const oai_event *ev;
    for (int i = 0; i < 2; i++) {
        assert_int_equal(oai_stream_next(&ev, s), OAI_OK);
        assert_int_equal(oai_event_type_of(ev), OAI_EVENT_UNKNOWN);
        assert_null(oai_event_run(ev));
    }
    assert_int_equal(oai_stream_next(&ev, s), OAI_ITEROVER);
    assert_null(oai_stream_current_run(s));
    oai_stream_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(line_limit_before_later_bad_utf8),
        cmocka_unit_test(sse_name_len_counts_nul),
        cmocka_unit_test(stream_name_with_nul_is_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
