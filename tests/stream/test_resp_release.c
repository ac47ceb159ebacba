/* Large final events (the text, part, item or response that repeats what
 * the deltas built) release what they replace before they are parsed and
 * hand their strings over to the snapshot. Seen from outside nothing
 * changes: the trace is the one of strict mode (which never releases) at
 * any chunking, every value is the event's final one, the event still
 * shows its strings to hooks, a mismatched event releases nothing, and an
 * allocation failure anywhere leaks nothing. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oai/response_accumulate.h"
#include "oai/sse.h"
#include "resp_trace.h"

#define UNIT "x\\u00e9\\n\\\"" /* decodes to 5 bytes: x, two of é, \n, " */
#define UNIT_DECODED "x\xc3\xa9\n\""
#define UNITS 4400 /* per delta: 22,000 decoded bytes, 66,000 in all */
#define DELTAS 3

/* What a delta carries: `units` times `unit` (JSON string content). */
typedef struct delta {
    const char *unit;
    int units;
} delta;

static const delta ESCAPED = {UNIT, UNITS};

/* The text of `deltas` deltas, as JSON string content, then `tail`. */
static void text(tu_text *b, delta d, int deltas, const char *tail)
{
    for (int i = 0; i < deltas * d.units; i++)
        tu_text_put(b, d.unit);
    tu_text_put(b, tail);
}

static void event(tu_text *b, delta d, const char *head, int deltas, const char *tail, const char *end)
{
    tu_text_put(b, "data: ");
    tu_text_put(b, head);
    text(b, d, deltas, tail);
    tu_text_put(b, end);
    tu_text_put(b, "\n\n");
}

/* A message built from DELTAS deltas; the text, part, item and response
 * events repeat it with the suffixes given ("" for the same text). The
 * text event names output_index `done_oi`. */
static tu_text stream_of(delta d, const char *done_tail, const char *item_tail, int done_oi)
{
    tu_text b = {NULL, 0, 0};
    char head[256];
    tu_text_put(&b, "data: {\"type\":\"response.created\",\"sequence_number\":0,\"response\":{\"id\":\"resp_r\","
            "\"object\":\"response\",\"status\":\"in_progress\",\"output\":[]}}\n\n"
            "data: {\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,"
            "\"item\":{\"id\":\"msg_r\",\"type\":\"message\",\"status\":\"in_progress\",\"role\":\"assistant\","
            "\"content\":[]}}\n\n"
            "data: {\"type\":\"response.content_part.added\",\"sequence_number\":2,\"item_id\":\"msg_r\","
            "\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],"
            "\"text\":\"\"}}\n\n");
    for (int i = 0; i < DELTAS; i++) {
        snprintf(head, sizeof head,
                 "{\"type\":\"response.output_text.delta\",\"sequence_number\":%d,\"item_id\":\"msg_r\","
                 "\"output_index\":0,\"content_index\":0,\"delta\":\"",
                 3 + i);
        event(&b, d, head, 1, "", "\"}");
    }
    snprintf(head, sizeof head,
             "{\"type\":\"response.output_text.done\",\"sequence_number\":6,\"item_id\":\"msg_r\","
             "\"output_index\":%d,\"content_index\":0,\"text\":\"",
             done_oi);
    event(&b, d, head, DELTAS, done_tail, "\"}");
    event(&b, d,
          "{\"type\":\"response.content_part.done\",\"sequence_number\":7,\"item_id\":\"msg_r\","
          "\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],"
          "\"text\":\"",
          DELTAS, done_tail, "\"}}");
    event(&b, d,
          "{\"type\":\"response.output_item.done\",\"sequence_number\":8,\"output_index\":0,"
          "\"item\":{\"id\":\"msg_r\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\","
          "\"content\":[{\"type\":\"output_text\",\"annotations\":[],\"text\":\"",
          DELTAS, item_tail, "\"}]}}");
    event(&b, d,
          "{\"type\":\"response.completed\",\"sequence_number\":9,\"response\":{\"id\":\"resp_r\","
          "\"object\":\"response\",\"status\":\"completed\",\"output\":[{\"id\":\"msg_r\",\"type\":\"message\","
          "\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
          "\"annotations\":[],\"text\":\"",
          DELTAS, item_tail, "\"}]}]}}");
    return b;
}

static tu_text stream(const char *done_tail, const char *item_tail, int done_oi)
{
    return stream_of(ESCAPED, done_tail, item_tail, done_oi);
}

/* The decoded text of `deltas` deltas followed by `tail`. */
static char *decoded(int deltas, const char *tail)
{
    size_t u = strlen(UNIT_DECODED), n = (size_t)deltas * UNITS * u;
    char *s = malloc(n + strlen(tail) + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i += u)
        memcpy(s + i, UNIT_DECODED, u);
    strcpy(s + n, tail);
    return s;
}

static const char *part_text(const oai_json *item)
{
    const oai_json *parts = oai_json_get(item, "content");
    return oai_json_string(oai_json_get(oai_json_at(parts, 0), "text"));
}

/* Apply the stream event by event with default options, checking after
 * each event the snapshot's text (`want` in turn: after the deltas, the
 * text, part, item and completed events) and that the event still shows
 * the string it carried. */
static void check_values(const tu_text *b, const char *const want[5], int done_lands)
{
    oai_sse_parser *p = NULL;
    oai_response_accumulator *a = NULL;
    assert_int_equal(oai_sse_parser_new(&p, NULL), OAI_OK);
    assert_int_equal(oai_response_accumulator_new(&a, NULL), OAI_OK);
    assert_int_equal(oai_sse_parser_feed(p, b->p, b->len), OAI_OK);
    oai_sse_parser_feed_end(p);
    const oai_sse_event *ev;
    int n = 0;
    static const char *const carried[] = {"text", "part", "item", "response"};
    while (oai_sse_parser_next(&ev, p) == OAI_OK) {
        const oai_response_update *u;
        assert_int_equal(oai_response_accumulator_apply(a, ev->name, ev->data, ev->data_len, &u), OAI_OK);
        const oai_json *item = oai_response_accumulator_item(a, 0);
        const char *got = part_text(item);
        if (n == 2 + DELTAS)
            assert_string_equal(got, want[0]);
        if (n > 2 + DELTAS) {
            int k = n - 3 - DELTAS; /* 0 text, 1 part, 2 item, 3 response */
            assert_string_equal(got, k == 0 && !done_lands ? want[0] : want[k + 1]);
            /* the event as received, its strings intact */
            const oai_json *v = oai_json_get(u->event, carried[k]);
            const char *shown = k == 0   ? oai_json_string(v)
                                : k == 1 ? oai_json_string(oai_json_get(v, "text"))
                                : k == 2 ? part_text(v)
                                         : part_text(oai_json_at(oai_json_get(v, "output"), 0));
            assert_string_equal(shown, want[k + 1]);
        }
        n++;
    }
    assert_int_equal(n, 3 + DELTAS + 4);
    const oai_json *final = oai_response_accumulator_final(a, NULL);
    assert_string_equal(part_text(oai_json_at(oai_json_get(final, "output"), 0)), want[4]);
    oai_response_accumulator_free(a);
    oai_sse_parser_free(p);
}

static char *trace_with(const tu_text *b, const oai_response_accumulator_options *o, size_t piece)
{
    char *out = NULL;
    size_t outlen = 0;
    FILE *f = open_memstream(&out, &outlen);
    assert_non_null(f);
    resp_trace *t = resp_trace_new(f, o);
    assert_non_null(t);
    for (size_t off = 0; off < b->len; off += piece)
        resp_trace_feed(t, b->p + off, b->len - off < piece ? b->len - off : piece);
    resp_trace_finish(t);
    resp_trace_free(t);
    fclose(f);
    return out;
}

static void same_text_everywhere(void **state)
{
    (void)state;
    tu_text b = stream("", "", 0);
    char *all = decoded(DELTAS, "");
    const char *const want[5] = {all, all, all, all, all};
    check_values(&b, want, 1);
    /* strict mode never releases: its trace is the reference */
    oai_response_accumulator_options strict = OAI_RESPONSE_ACCUMULATOR_OPTIONS_INIT;
    strict.flags = OAI_RESPONSE_ACCUMULATOR_STRICT;
    char *ref = trace_with(&b, &strict, b.len);
    assert_non_null(strstr(ref, "{\"end\":\"ok\"}"));
    static const size_t pieces[] = {1, 7, 4096, 65536, 1 << 20};
    for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++) {
        char *got = trace_with(&b, NULL, pieces[i]);
        assert_string_equal(got, ref);
        free(got);
    }
    free(ref);
    free(all);
    free(b.p);
}

static void final_values_win(void **state)
{
    (void)state;
    tu_text b = stream("!", "?", 0);
    char *deltas = decoded(DELTAS, ""), *done = decoded(DELTAS, "!"), *item = decoded(DELTAS, "?");
    const char *const want[5] = {deltas, done, done, item, item};
    check_values(&b, want, 1);
    free(deltas);
    free(done);
    free(item);
    free(b.p);
}

/* A text event naming another output_index releases nothing: the text the
 * deltas built stays until the part event replaces it. */
static void mismatched_event_keeps_text(void **state)
{
    (void)state;
    tu_text b = stream("", "", 5);
    char *all = decoded(DELTAS, "");
    const char *const want[5] = {all, all, all, all, all};
    check_values(&b, want, 0);
    free(all);
    free(b.p);
}

/* The library's heap grows by at most `*peak` bytes over its level before
 * the text event; returns the text's length. */
static size_t text_event_peak(const oai_response_accumulator_options *o, size_t *peak)
{
    static const delta plain = {"abcdefgh", 25000}; /* 200,000 bytes each */
    tu_text b = stream_of(plain, "", "", 0);
    const char *done = strstr(b.p, "data: {\"type\":\"response.output_text.done\"");
    assert_non_null(done);
    const char *after = strstr(done, "\n\n") + 2;
    oai_sse_parser *p = NULL;
    oai_response_accumulator *a = NULL;
    assert_int_equal(oai_sse_parser_new(&p, NULL), OAI_OK);
    assert_int_equal(oai_response_accumulator_new(&a, o), OAI_OK);
    const oai_sse_event *ev;
    const oai_response_update *u;
    size_t cuts[] = {(size_t)(done - b.p), (size_t)(after - b.p)}, from = 0;
    u = NULL;
    for (int k = 0; k < 2; k++) {
        if (k == 1)
            tu_failalloc_peak_reset();
        size_t base = tu_failalloc_bytes();
        /* in the pieces a socket delivers, each read taken in at once */
        for (; from < cuts[k]; from += cuts[k] - from < 4096 ? cuts[k] - from : 4096) {
            size_t piece = cuts[k] - from < 4096 ? cuts[k] - from : 4096;
            assert_int_equal(oai_sse_parser_feed(p, b.p + from, piece), OAI_OK);
            while (oai_sse_parser_next(&ev, p) == OAI_OK)
                assert_int_equal(oai_response_accumulator_apply(a, ev->name, ev->data, ev->data_len, &u),
                                 OAI_OK);
        }
        if (k == 1) {
            assert_int_equal(u->type, OAI_RESPONSE_EVENT_OUTPUT_TEXT_DONE);
            *peak = tu_failalloc_peak_reset() - base;
        }
    }
    const char *t;
    size_t len;
    assert_int_equal(oai_response_accumulator_output_text(a, &t, &len), OAI_OK);
    assert_int_equal(len, (size_t)DELTAS * 200000);
    oai_response_accumulator_free(a);
    oai_sse_parser_free(p);
    free(b.p);
    return len;
}

/* While the text event is taken in, the library holds its data and its
 * parsed tree, but no longer the text they replace: the growth is the
 * data's buffer alone, a copy of the text less than in strict mode, which
 * keeps the text to compare. */
static void releases_before_parse(void **state)
{
    (void)state;
    oai_response_accumulator_options strict = OAI_RESPONSE_ACCUMULATOR_OPTIONS_INIT;
    strict.flags = OAI_RESPONSE_ACCUMULATOR_STRICT;
    size_t lenient_peak, strict_peak, n = text_event_peak(NULL, &lenient_peak);
    text_event_peak(&strict, &strict_peak);
    printf("resp_release: text %zu bytes, heap growth %zu (strict %zu)\n", n, lenient_peak, strict_peak);
    assert_true(lenient_peak + n / 2 < strict_peak);
    assert_true(lenient_peak < n * 3 / 2); /* the data's buffer, no more */
}

/* One life over the stream; the number of applies that failed. */
static int life(void *ctx)
{
    const tu_text *b = ctx;
    oai_sse_parser *p = NULL;
    oai_response_accumulator *a = NULL;
    int failed = 0, rc = oai_sse_parser_new(&p, NULL);
    if (rc == OAI_OK)
        rc = oai_response_accumulator_new(&a, NULL);
    if (rc != OAI_OK) {
        assert_int_equal(rc, OAI_ENOMEM);
        oai_sse_parser_free(p);
        return 1;
    }
    if (oai_sse_parser_feed(p, b->p, b->len) != OAI_OK)
        failed++;
    oai_sse_parser_feed_end(p);
    const oai_sse_event *ev;
    while ((rc = oai_sse_parser_next(&ev, p)) == OAI_OK) {
        const oai_response_update *u;
        rc = oai_response_accumulator_apply(a, ev->name, ev->data, ev->data_len, &u);
        if (rc == OAI_ENOMEM)
            failed++;
        else if (rc != OAI_OK)
            fail_msg("apply: %d %s", rc, oai_response_accumulator_error(a)->message);
    }
    if (rc == OAI_ENOMEM)
        failed++;
    oai_response_accumulator_free(a);
    oai_sse_parser_free(p);
    return failed;
}

static void allocation_failures(void **state)
{
    (void)state;
    const char *tails[][2] = {{"", ""}, {"!", "?"}};
    for (size_t i = 0; i < 2; i++) {
        tu_text b = stream(tails[i][0], tails[i][1], 0);
        tu_failalloc_sweep(life, &b, i ? "final values differ" : "same values");
        free(b.p);
    }
}

int main(void)
{
    tu_failalloc_install();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_text_everywhere),
        cmocka_unit_test(final_values_win),
        cmocka_unit_test(mismatched_event_keeps_text),
        cmocka_unit_test(releases_before_parse),
        cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
