/* SSE decoder: semantics.md §2.1-§2.2 and Appendix C, each input also
 * re-split at every chunk size and at every single split point. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oai/sse.h"
#include "trace.h"

/* Decode `in` fed in pieces of `chunk` bytes (0 = all at once); events are
 * rendered as "name|data|id|retry;" into out. Returns the final code. */
static int decode(const char *in, size_t len, size_t chunk, char *out, size_t cap,
                  const oai_sse_options *opts)
{
    oai_sse_parser *p;
    assert_int_equal(oai_sse_parser_new(&p, opts), OAI_OK);
    out[0] = '\0';
    size_t used = 0, off = 0;
    int rc = OAI_EAGAIN;
    if (chunk == 0)
        chunk = len ? len : 1;
    for (;;) {
        if (rc == OAI_EAGAIN) {
            if (off < len) {
                size_t n = len - off < chunk ? len - off : chunk;
                assert_int_equal(oai_sse_parser_feed(p, in + off, n), OAI_OK);
                off += n;
            } else {
                assert_int_equal(oai_sse_parser_feed_end(p), OAI_OK);
            }
        }
        const oai_sse_event *ev;
        rc = oai_sse_parser_next(&ev, p);
        if (rc == OAI_OK) {
            used += (size_t)snprintf(out + used, cap - used, "%s|%.*s|%s|%lld;",
                                     ev->name ? ev->name : "-", (int)ev->data_len, ev->data,
                                     ev->id ? ev->id : "-", ev->retry);
            assert_true(used < cap);
            assert_int_equal(strlen(ev->data), ev->data_len);
        } else if (rc != OAI_EAGAIN) {
            break;
        }
    }
    if (rc != OAI_ITEROVER) {
        const oai_error *e = oai_sse_parser_error(p);
        assert_int_equal(e->code, rc);
        assert_non_null(e->message);
        assert_non_null(trace_error_kind(e));
        /* sticky */
        const oai_sse_event *ev;
        assert_int_equal(oai_sse_parser_next(&ev, p), rc);
    }
    oai_sse_parser_free(p);
    return rc;
}

/* Every chunking gives the same events and code as the whole input. */
static void check(const char *in, size_t len, int want_rc, const char *want)
{
    char got[4096];
    for (size_t chunk = 0; chunk <= len + 1; chunk++) {
        int rc = decode(in, len, chunk, got, sizeof got, NULL);
        if (rc != want_rc || strcmp(got, want) != 0)
            fail_msg("chunk %zu: rc %d events '%s', want %d '%s'", chunk, rc, got, want_rc, want);
    }
}

#define CHECK(lit, rc, want) check(lit, sizeof(lit) - 1, rc, want)

static void appendix_c(void **state)
{
    (void)state;
    CHECK("event: a\rdata: 1\r\r", OAI_ITEROVER, "a|1|-|-1;");
    CHECK("event: a\r\ndata: 1\r\n\r\n", OAI_ITEROVER, "a|1|-|-1;");
    CHECK("data\nfoo: bar\ndata:  two spaces\nevent:x\n\n", OAI_ITEROVER, "x|\n two spaces|-|-1;");
    CHECK("id: 5\ndata: a\n\n\n\ndata: b\n\n", OAI_ITEROVER, "-|a|5|-1;-|b|5|-1;");
    CHECK("event: ping\n\n", OAI_ITEROVER, "");
    CHECK("retry: abc\ndata: x\n\nretry: 12\ndata: y\n\n", OAI_ITEROVER, "-|x|-|-1;-|y|-|12;");
    CHECK("id: a\0b\ndata: x\n\n", OAI_ITEROVER, "-|x|-|-1;");
    CHECK("\xEF\xBB\xBF" "data: x\n\n", OAI_ITEROVER, "-|x|-|-1;");
    CHECK("data:x\ndata:  y\n\n", OAI_ITEROVER, "-|x\n y|-|-1;");
    CHECK("data: x\n", OAI_ITEROVER, "");
}

static void field_rules(void **state)
{
    (void)state;
    /* comments, unknown fields, name reset after a data-less block */
    CHECK(": hi\nevent: a\n\ndata: 1\n\n", OAI_ITEROVER, "-|1|-|-1;");
    /* last event name wins; empty name means none */
    CHECK("event: a\nevent: b\ndata: 1\n\nevent:\ndata: 2\n\n", OAI_ITEROVER, "b|1|-|-1;-|2|-|-1;");
    /* only one leading space is removed; no space is fine */
    CHECK("data:   3\n\n", OAI_ITEROVER, "-|  3|-|-1;");
    /* id persists, an id with NUL keeps the old one, empty id is empty */
    CHECK("id: 1\ndata: a\n\nid: x\0\ndata: b\n\nid\ndata: c\n\n", OAI_ITEROVER,
          "-|a|1|-1;-|b|1|-1;-|c||-1;");
    /* retry: only plain digits */
    CHECK("retry: -1\ndata: a\n\nretry: 1 \ndata: b\n\nretry:\ndata: c\n\n", OAI_ITEROVER,
          "-|a|-|-1;-|b|-|-1;-|c|-|-1;");
    /* an empty data line still counts as data */
    CHECK("data\n\n", OAI_ITEROVER, "-||-|-1;");
    CHECK("data:\ndata:\n\n", OAI_ITEROVER, "-|\n|-|-1;");
    /* a BOM only at the very start, and only one */
    CHECK("\xEF\xBB\xBF\xEF\xBB\xBF" "data: x\n\n", OAI_ITEROVER, "");
    CHECK("\xEF\xBB\xBF\n" "data: x\n\n", OAI_ITEROVER, "-|x|-|-1;");
    /* CR LF mixtures: CR CR is two line ends, LF CR too */
    CHECK("data: a\r\rdata: b\n\r", OAI_ITEROVER, "-|a|-|-1;-|b|-|-1;");
    /* cut without final blank line */
    CHECK("data: a\n\ndata: b\n", OAI_ITEROVER, "-|a|-|-1;");
    CHECK("data: a\n\ndata: b", OAI_ITEROVER, "-|a|-|-1;");
    /* multi-byte UTF-8 is kept intact wherever the split falls */
    CHECK("data: \xE3\x80\x90\xF0\x9F\x98\x80\xC3\xA9\n\n", OAI_ITEROVER,
          "-|\xE3\x80\x90\xF0\x9F\x98\x80\xC3\xA9|-|-1;");
}

static void bad_utf8(void **state)
{
    (void)state;
    CHECK("data: 1\n\ndata: \xFF\n\n", OAI_EPROTOCOL, "-|1|-|-1;");
    CHECK("data: 1\n\ndata: \xC3\n\n", OAI_EPROTOCOL, "-|1|-|-1;");
    CHECK("data: \xC0\x80\n\n", OAI_EPROTOCOL, "");        /* overlong */
    CHECK("data: \xED\xA0\x80\n\n", OAI_EPROTOCOL, "");    /* surrogate */
    CHECK("data: \xF4\x90\x80\x80\n\n", OAI_EPROTOCOL, ""); /* > U+10FFFF */
    CHECK("data: \xE0\x9F\xBF\n\n", OAI_EPROTOCOL, "");    /* overlong 3-byte */
    CHECK("data: 1\n\ndata: \xE2\x82", OAI_EPROTOCOL, "-|1|-|-1;"); /* cut at EOF */
    CHECK(": \x80\n", OAI_EPROTOCOL, "");                  /* even in a comment */
}

static void limits(void **state)
{
    (void)state;
    oai_sse_options o = OAI_SSE_OPTIONS_INIT;
    o.max_line_size = 8;
    o.max_event_size = 10;
    char got[256];
    for (size_t chunk = 0; chunk < 20; chunk++) {
        assert_int_equal(decode("data: 123\n\n", 11, chunk, got, sizeof got, &o), OAI_ELIMIT);
        assert_int_equal(decode("data: 12\n\n", 10, chunk, got, sizeof got, &o), OAI_ITEROVER);
        const char *two = "data:123\ndata:1234\ndata:x\n\n";
        assert_int_equal(decode(two, strlen(two), chunk, got, sizeof got, &o), OAI_ELIMIT);
        assert_int_equal(decode("data:0123456789", 15, chunk, got, sizeof got, &o), OAI_ELIMIT);
    }
    oai_sse_parser *p;
    o.version = 99;
    assert_int_equal(oai_sse_parser_new(&p, &o), OAI_EINVAL);
    assert_int_equal(oai_sse_parser_new(NULL, NULL), OAI_EINVAL);
    oai_sse_parser_free(NULL);
}

static void api_misuse(void **state)
{
    (void)state;
    oai_sse_parser *p;
    const oai_sse_event *ev;
    assert_int_equal(oai_sse_parser_new(&p, NULL), OAI_OK);
    assert_int_equal(oai_sse_parser_feed(p, NULL, 1), OAI_EINVAL);
    assert_int_equal(oai_sse_parser_feed(p, NULL, 0), OAI_OK);
    assert_int_equal(oai_sse_parser_next(&ev, p), OAI_EAGAIN);
    assert_int_equal(oai_sse_parser_next(NULL, p), OAI_EINVAL);
    assert_int_equal(oai_sse_parser_feed(p, "data: 1\n\n", 9), OAI_OK);
    assert_int_equal(oai_sse_parser_next(&ev, p), OAI_OK);
    assert_string_equal(ev->data, "1");
    assert_int_equal(oai_sse_parser_feed_end(p), OAI_OK);
    assert_int_equal(oai_sse_parser_feed(p, "x", 1), OAI_EINVAL);
    assert_int_equal(oai_sse_parser_next(&ev, p), OAI_ITEROVER);
    oai_sse_parser_reset(p);
    assert_int_equal(oai_sse_parser_feed(p, "\xEF\xBB\xBF" "data: 2\n\n", 12), OAI_OK);
    assert_int_equal(oai_sse_parser_next(&ev, p), OAI_OK);
    assert_string_equal(ev->data, "2");
    oai_sse_parser_free(p);
}

/* A long line fed one byte at a time, interleaved with next(): linear. */
static void one_byte_chunks_linear(void **state)
{
    (void)state;
    size_t n = 4u << 20;
    char *big = malloc(n + 16);
    memcpy(big, "data: ", 6);
    memset(big + 6, 'x', n);
    memcpy(big + 6 + n, "\n\n", 2);
    oai_sse_parser *p;
    assert_int_equal(oai_sse_parser_new(&p, NULL), OAI_OK);
    const oai_sse_event *ev = NULL;
    int got = 0;
    for (size_t i = 0; i < n + 8; i++) {
        assert_int_equal(oai_sse_parser_feed(p, big + i, 1), OAI_OK);
        int rc = oai_sse_parser_next(&ev, p);
        if (rc == OAI_OK) {
            assert_int_equal(ev->data_len, n);
            got++;
        } else {
            assert_int_equal(rc, OAI_EAGAIN);
        }
    }
    assert_int_equal(got, 1);
    oai_sse_parser_free(p);
    free(big);
}

/* An event stays valid, its data NUL-terminated, while more bytes are fed
 * (they may move the parser's input), until the next call of next(). */
static void event_outlives_feeds(void **state)
{
    (void)state;
    oai_sse_parser *p;
    assert_int_equal(oai_sse_parser_new(&p, NULL), OAI_OK);
    const char *first = "event: a\ndata: {\"k\":1}\n\ndata: one\ndata: two\n\n";
    assert_int_equal(oai_sse_parser_feed(p, first, strlen(first)), OAI_OK);
    const oai_sse_event *ev;
    assert_int_equal(oai_sse_parser_next(&ev, p), OAI_OK);
    assert_int_equal(ev->data_len, 7);
    assert_string_equal(ev->data, "{\"k\":1}");
    /* enough to make the input buffer grow, then be compacted */
    char big[8192];
    memset(big, ':', sizeof big - 1);
    big[sizeof big - 1] = '\n';
    for (int i = 0; i < 4; i++)
        assert_int_equal(oai_sse_parser_feed(p, big, sizeof big), OAI_OK);
    assert_string_equal(ev->data, "{\"k\":1}");
    assert_string_equal(ev->name, "a");
    /* a second data line joins the first with a newline */
    assert_int_equal(oai_sse_parser_next(&ev, p), OAI_OK);
    assert_string_equal(ev->data, "one\ntwo");
    assert_int_equal(oai_sse_parser_next(&ev, p), OAI_EAGAIN);
    /* a data line whose event ends in a later feed */
    assert_int_equal(oai_sse_parser_feed(p, "data: late\n", 11), OAI_OK);
    assert_int_equal(oai_sse_parser_next(&ev, p), OAI_EAGAIN);
    assert_int_equal(oai_sse_parser_feed(p, "\n", 1), OAI_OK);
    assert_int_equal(oai_sse_parser_next(&ev, p), OAI_OK);
    assert_string_equal(ev->data, "late");
    assert_int_equal(oai_sse_parser_feed(p, "data: x\n\n", 10), OAI_OK);
    assert_string_equal(ev->data, "late");
    oai_sse_parser_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(appendix_c),         cmocka_unit_test(field_rules),
        cmocka_unit_test(bad_utf8),           cmocka_unit_test(limits),
        cmocka_unit_test(api_misuse),         cmocka_unit_test(one_byte_chunks_linear),
        cmocka_unit_test(event_outlives_feeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
