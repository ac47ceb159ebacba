/* The Responses accumulator's delta fast path: hand-written streams fed to
 * an accumulator with the fast path and to one without it (resp_twin.h)
 * must agree after every event, and the deltas meant to take the fast path
 * (counted) do, while those it must leave to the full path (another item
 * or part, a gap or repeat in the sequence numbers, logprobs, strings it
 * does not decode, the limits) do not. */
#include "testutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "resp_twin.h"

/* The events of a stream, built one by one. */
typedef struct stream {
    char *ev[64];
    size_t n;
    long long seq; /* of the next event */
} stream;

static void add(stream *s, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    assert_true(s->n < 64);
    s->ev[s->n++] = strdup(buf);
    s->seq++;
}

/* response.created, a message item and its output_text part. */
static void open_message(stream *s)
{
    add(s,
        "{\"type\":\"response.created\",\"sequence_number\":%lld,"
        "\"response\":{\"id\":\"resp_1\",\"object\":\"response\","
        "\"status\":\"in_progress\",\"output\":[]}}",
        s->seq);
    add(s,
        "{\"type\":\"response.output_item.added\",\"sequence_number\":%lld,"
        "\"output_index\":0,\"item\":{\"id\":\"msg_1\",\"type\":\"message\","
        "\"status\":\"in_progress\",\"role\":\"assistant\",\"content\":[]}}",
        s->seq);
    add(s,
        "{\"type\":\"response.content_part.added\",\"sequence_number\":%lld,"
        "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
        "\"part\":{\"type\":\"output_text\",\"text\":\"\","
        "\"annotations\":[]}}",
        s->seq);
}

/* An output_text delta of part `part`, with its padding. */
static void text(stream *s, int part, const char *frag, const char *pad)
{
    add(s,
        "{\"type\":\"response.output_text.delta\",\"sequence_number\":%lld,"
        "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":%d,"
        "\"delta\":\"%s\",\"logprobs\":[],\"obfuscation\":\"%s\"}",
        s->seq, part, frag, pad);
}

/* Feed the events to the twin (resumed before event `resume_at`, if not
 * -1) and free them; the deltas the fast path applied. */
static unsigned long long run_resumed(stream *s,
                                      const oai_response_accumulator_options *o,
                                      long resume_at)
{
    resp_twin *t = resp_twin_new(o);
    assert_non_null(t);
    for (size_t i = 0; i < s->n; i++) {
        if ((long)i == resume_at)
            resp_twin_resume(t);
        const char *d = resp_twin_apply(t, NULL, s->ev[i], strlen(s->ev[i]));
        if (d)
            fail_msg("event %zu (%s): the fast path differs in %s", i,
                     s->ev[i], d);
    }
    const char *d = resp_twin_end(t);
    if (d)
        fail_msg("at the end: the fast path differs in %s", d);
    unsigned long long hits = resp_twin_fast_hits(t);
    resp_twin_free(t);
    for (size_t i = 0; i < s->n; i++)
        free(s->ev[i]);
    s->n = 0;
    return hits;
}

static unsigned long long run(stream *s)
{
    return run_resumed(s, NULL, -1);
}

static void escapes(void **state)
{
    (void)state;
    stream s = {0};
    open_message(&s);
    text(&s, 0, "Hello", "ab"); /* the template */
    text(&s, 0, " world", "abcdef");
    text(&s, 0, "\\n", "");
    text(&s, 0, "caf\\u00e9 \\u20ac", "x");
    text(&s, 0, "\\ud83d\\ude00 smile", "xy"); /* a surrogate pair */
    text(&s, 0, "a \\\"quote\\\" \\\\ \\/ \\b\\f\\r\\t", "xyz");
    text(&s, 0, "\xff\xfe invalid \xc3 UTF-8 \xed\xa0\x80", "p");
    text(&s, 0, "", "padding only");
    text(&s, 0,
         "a longer fragment than any before it, so that the template's "
         "string and the snapshot's text both grow",
         "q");
    text(&s, 0, "\\\\", "\\u00e9");
    assert_int_equal(run(&s), 9);
}

/* Text the fast path leaves to the full path, which rejects it or reads it
 * otherwise; the next delta is then applied in full or by the template of
 * the one it accepted. */
static void fallbacks(void **state)
{
    (void)state;
    stream s = {0};
    open_message(&s);
    text(&s, 0, "a", "");
    text(&s, 0, "b", "");        /* fast */
    text(&s, 0, "\\ud83d", ""); /* a lone high surrogate: not JSON */
    text(&s, 0, "c", "");
    text(&s, 0, "\\x", ""); /* an unknown escape */
    text(&s, 0, "d", "");
    text(&s, 0, "nul \\u0000 cut", ""); /* cJSON's string ends at the NUL */
    text(&s, 0, "e", "");               /* fast */
    text(&s, 0, "tab\there", "");       /* a raw control character: taken */
    text(&s, 0, "f", "");               /* fast */
    text(&s, 0, "g", "pad\\u0000");     /* padding the scan leaves to cJSON */
    text(&s, 0, "h", "");               /* fast */
    text(&s, 0, "i", "");               /* fast */
    assert_int_equal(run(&s), 5);
}

/* Sequence numbers: a gap or a repeat takes the full path, which records
 * the gap and drops the repeat of a resumed stream or fails on its gap. */
static void sequence_numbers(void **state)
{
    (void)state;
    stream s = {0};
    open_message(&s);
    text(&s, 0, "a", "");
    text(&s, 0, "b", ""); /* fast */
    s.seq += 5;
    text(&s, 0, "c", ""); /* a gap */
    text(&s, 0, "d", ""); /* fast */
    s.seq -= 1;
    text(&s, 0, "d", ""); /* a repeat: applied again, not resumed */
    text(&s, 0, "e", ""); /* fast */
    text(&s, 0, "f", ""); /* fast */
    assert_int_equal(run(&s), 4);

    open_message(&s);
    text(&s, 0, "a", "");
    text(&s, 0, "b", ""); /* fast */
    s.seq -= 2;
    text(&s, 0, "a", ""); /* resumed from here: dropped */
    text(&s, 0, "b", ""); /* dropped */
    text(&s, 0, "c", "");
    text(&s, 0, "d", ""); /* fast */
    s.seq += 3;
    text(&s, 0, "e", ""); /* a gap: an error once resumed */
    text(&s, 0, "f", "");
    assert_int_equal(run_resumed(&s, NULL, 5), 2);
}

/* Another part, a function call's arguments, logprobs that a repeat would
 * add again. */
static void shapes(void **state)
{
    (void)state;
    stream s = {0};
    open_message(&s);
    text(&s, 0, "a", "");
    text(&s, 0, "b", ""); /* fast */
    add(&s,
        "{\"type\":\"response.content_part.added\",\"sequence_number\":%lld,"
        "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":1,"
        "\"part\":{\"type\":\"output_text\",\"text\":\"\"}}",
        s.seq);
    text(&s, 1, "c", "");
    text(&s, 1, "d", "");        /* fast */
    text(&s, 0, "back to 0", ""); /* another part */
    for (int i = 0; i < 3; i++)
        add(&s,
            "{\"type\":\"response.output_text.delta\",\"sequence_number\":"
            "%lld,\"item_id\":\"msg_1\",\"output_index\":0,"
            "\"content_index\":0,\"delta\":\"x\",\"logprobs\":[{\"token\":"
            "\"x\",\"logprob\":-1,\"bytes\":[120],\"top_logprobs\":[]}]}",
            s.seq);
    add(&s,
        "{\"type\":\"response.output_item.added\",\"sequence_number\":%lld,"
        "\"output_index\":1,\"item\":{\"id\":\"fc_1\",\"type\":"
        "\"function_call\",\"status\":\"in_progress\",\"call_id\":\"c\","
        "\"name\":\"f\",\"arguments\":\"\"}}",
        s.seq);
    for (int i = 0; i < 4; i++) /* the last three fast */
        add(&s,
            "{\"type\":\"response.function_call_arguments.delta\","
            "\"sequence_number\":%lld,\"item_id\":\"fc_1\","
            "\"output_index\":1,\"delta\":\"{\\\"k\\\": %d\"}",
            s.seq, i);
    assert_int_equal(run(&s), 5);
}

/* A sequence_number given twice: the first is the event's; a string
 * there is none, and the number after it no counter. */
static void duplicate_counter(void **state)
{
    (void)state;
    stream s = {0};
    open_message(&s);
    for (int i = 0; i < 4; i++) /* the last three fast */
        add(&s,
            "{\"type\":\"response.output_text.delta\",\"sequence_number\":"
            "%lld,\"item_id\":\"msg_1\",\"output_index\":0,"
            "\"content_index\":0,\"delta\":\"x\",\"sequence_number\":7}",
            s.seq);
    for (int i = 0; i < 4; i++) /* in full: the number differs each time */
        add(&s,
            "{\"type\":\"response.output_text.delta\",\"sequence_number\":"
            "\"7\",\"item_id\":\"msg_1\",\"output_index\":0,"
            "\"content_index\":0,\"delta\":\"y\",\"sequence_number\":%lld}",
            s.seq);
    assert_int_equal(run(&s), 3);
}

/* The limits: the delta that would pass one takes the full path, which
 * reports it. */
static void limits(void **state)
{
    (void)state;
    stream s = {0};
    oai_response_accumulator_options o =
        OAI_RESPONSE_ACCUMULATOR_OPTIONS_INIT;
    open_message(&s);
    size_t head = strlen(s.ev[0]) + strlen(s.ev[1]) + strlen(s.ev[2]);
    text(&s, 0, "a", "");
    text(&s, 0, "b", ""); /* fast */
    text(&s, 0, "c", ""); /* fast */
    text(&s, 0, "d", ""); /* past the snapshot limit */
    text(&s, 0, "e", "");
    size_t each = strlen(s.ev[3]);
    o.max_snapshot_bytes = head + 3 * each + each / 2;
    assert_int_equal(run_resumed(&s, &o, -1), 2);

    open_message(&s);
    text(&s, 0, "a", "");
    text(&s, 0, "b", "");                         /* fast */
    text(&s, 0, "c",
         "a padding that takes this event past the limit, which no other "
         "event of the stream reaches"); /* an event too large */
    text(&s, 0, "d", ""); /* in full: the template went with "c" */
    text(&s, 0, "e", ""); /* fast */
    text(&s, 0, "f", ""); /* fast */
    o.max_snapshot_bytes = 0;
    for (size_t i = 0; i < s.n; i++) /* the largest but the padded one */
        if (i != 5 && strlen(s.ev[i]) > o.max_event_size)
            o.max_event_size = strlen(s.ev[i]);
    assert_true(strlen(s.ev[5]) > o.max_event_size);
    assert_int_equal(run_resumed(&s, &o, -1), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes),
        cmocka_unit_test(fallbacks),
        cmocka_unit_test(sequence_numbers),
        cmocka_unit_test(shapes),
        cmocka_unit_test(duplicate_counter),
        cmocka_unit_test(limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
