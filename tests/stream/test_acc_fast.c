/* The Assistants accumulator's delta fast path: hand-written streams fed
 * to an accumulator with the fast path and to one without it (acc_twin.h)
 * must agree after every event, and the deltas meant to take the fast path
 * (counted) do, while those it must leave to the full path (another
 * shape, block or message, strings it does not decode) do not. */
#include "testutil.h"

#include <string.h>

#include "acc_twin.h"

#define MSG(id)                                                                \
    "{\"id\":\"" id "\",\"object\":\"thread.message\",\"thread_id\":\"t\","    \
    "\"role\":\"assistant\",\"status\":\"in_progress\",\"content\":[]}"
#define DELTA_IN(id, i, text, extra)                                           \
    "{\"id\":\"" id "\",\"object\":\"thread.message.delta\",\"delta\":{"       \
    "\"content\":[{\"index\":" #i ",\"type\":\"text\",\"text\":{\"value\":\""  \
    text "\"" extra "}}]}}"
#define DELTA(i, text) DELTA_IN("msg_1", i, text, "")
#define PADDED(text, pad)                                                      \
    "{\"id\":\"msg_1\",\"object\":\"thread.message.delta\",\"delta\":{"        \
    "\"content\":[{\"index\":0,\"type\":\"text\",\"text\":{\"value\":\"" text  \
    "\"}}]},\"obfuscation\":\"" pad "\"}"
#define STEP_DELTA                                                             \
    "{\"id\":\"step_1\",\"object\":\"thread.run.step.delta\",\"delta\":{"      \
    "\"step_details\":{\"type\":\"message_creation\"}}}"
#define STEP                                                                   \
    "{\"id\":\"step_1\",\"object\":\"thread.run.step\",\"type\":"              \
    "\"message_creation\",\"status\":\"in_progress\",\"step_details\":{"       \
    "\"type\":\"message_creation\",\"message_creation\":{\"message_id\":"      \
    "\"msg_1\"}}}"

#define CREATED "thread.message.created"
#define DELTA_EV "thread.message.delta"

typedef struct event {
    const char *name, *data;
} event;

/* Feed events to the twin; the deltas the fast path applied. */
static unsigned long long run_events(const event *ev, size_t n,
                                     const oai_accumulator_options *o)
{
    acc_twin *t = acc_twin_new(o);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++) {
        const char *name = ev[i].name;
        const char *d = acc_twin_apply(t, name, name ? strlen(name) : 0,
                                       ev[i].data, strlen(ev[i].data));
        if (d)
            fail_msg("event %zu (%s): the fast path differs in %s", i,
                     ev[i].data, d);
    }
    const char *d = acc_twin_end(t);
    if (d)
        fail_msg("at the end: the fast path differs in %s", d);
    unsigned long long hits = acc_twin_fast_hits(t);
    acc_twin_free(t);
    return hits;
}

/* A message created, then these deltas of it. */
static unsigned long long run_deltas(const char *const *data, size_t n,
                                     const oai_accumulator_options *o)
{
    event ev[64];
    assert_true(n < 64);
    ev[0] = (event){CREATED, MSG("msg_1")};
    for (size_t i = 0; i < n; i++)
        ev[i + 1] = (event){DELTA_EV, data[i]};
    return run_events(ev, n + 1, o);
}

#define RUN(list) run_deltas(list, sizeof list / sizeof *list, NULL)

static void escapes(void **state)
{
    (void)state;
    static const char *const s[] = {
        DELTA(0, "Hello"),  /* creates the block */
        DELTA(0, " world"), /* the template */
        DELTA(0, "\\n"),
        DELTA(0, "caf\\u00e9 \\u20ac"),
        DELTA(0, "\\ud83d\\ude00 smile"), /* a surrogate pair */
        DELTA(0, "a \\\"quote\\\" \\\\ \\/ \\b\\f\\r\\t"),
        DELTA(0, "\xff\xfe invalid \xc3 UTF-8 \xed\xa0\x80"),
        DELTA(0, "raw \xc3\xa9 \xf0\x9f\x98\x80"),
        DELTA(0, ""),
        DELTA(0, "a longer fragment than any before it, so that the "
                 "template's string and the snapshot's text both grow"),
        DELTA(0, "\\\\"),
    };
    assert_int_equal(RUN(s), 9);
}

/* Text the fast path leaves to the full path, which rejects it or reads it
 * otherwise. A delta the full parse rejects drops the template: the next
 * one is applied in full and becomes the template; one it accepts is the
 * template for the next. */
static void fallbacks(void **state)
{
    (void)state;
    static const char *const s[] = {
        DELTA(0, "a"),
        DELTA(0, "b"),
        DELTA(0, "c"),       /* fast */
        DELTA(0, "\\ud83d"), /* a lone high surrogate: not JSON */
        DELTA(0, "d"),
        DELTA(0, "\\ude00 x"), /* a lone low surrogate */
        DELTA(0, "e"),
        DELTA(0, "\\x"), /* an unknown escape */
        DELTA(0, "f"),
        DELTA(0, "nul \\u0000 cut"), /* cJSON's string ends at the NUL */
        DELTA(0, "g"),               /* fast */
        DELTA(0, "\\u00zz"),         /* a bad hex digit, read as NUL */
        DELTA(0, "h"),               /* fast */
        DELTA(0, "tab\there"),       /* a raw control character: taken */
        DELTA(0, "i"),               /* fast */
        DELTA(0, "j"),               /* fast */
        DELTA(0, "open}}]}}"),       /* fast */
        DELTA(0, "k"),               /* fast */
        DELTA(0, "l\" , \"x\":\"y"), /* a string that closes early: a text
                                       member no repeat may merge again */
        DELTA(0, "m"),
        DELTA(0, "n"), /* fast */
    };
    assert_int_equal(RUN(s), 8);
}

/* Another block, another message, padding, annotations, a step delta in
 * between: whatever changes more than the fragment and the padding is
 * applied in full. */
static void shapes(void **state)
{
    (void)state;
    static const event s[] = {
        {CREATED, MSG("msg_1")},
        {DELTA_EV, DELTA(0, "a")},
        {DELTA_EV, DELTA(0, "b")},
        {DELTA_EV, DELTA(0, "c")}, /* fast */
        {DELTA_EV, DELTA(1, "x")}, /* another block: text 0 done */
        {DELTA_EV, DELTA(1, "y")},
        {DELTA_EV, DELTA(1, "z")}, /* fast */
        {DELTA_EV, DELTA(0, "d")}, /* back to block 0 */
        {DELTA_EV, PADDED("e", "pad")},
        {DELTA_EV, PADDED("f", "longer padding")}, /* fast */
        {DELTA_EV, PADDED("g\\n", "")},            /* fast */
        {DELTA_EV, DELTA_IN("msg_1", 0, "h", ",\"annotations\":[]")},
        {DELTA_EV, DELTA_IN("msg_1", 0, "i", ",\"annotations\":[]")}, /* fast */
        {DELTA_EV, DELTA_IN("msg_1", 0, "j",
                            ",\"annotations\":[{\"type\":\"file_citation\","
                            "\"text\":\"[1]\"}]")},
        {DELTA_EV, DELTA_IN("msg_1", 0, "k",
                            ",\"annotations\":[{\"type\":\"file_citation\","
                            "\"text\":\"[1]\"}]")}, /* would add it again */
        {"thread.run.step.created", STEP},
        {DELTA_EV, DELTA(0, "l")},
        {"thread.run.step.delta", STEP_DELTA},
        {DELTA_EV, DELTA(0, "m")},
        {DELTA_EV, DELTA(0, "n")}, /* fast */
        {CREATED, MSG("msg_2")},
        {DELTA_EV, DELTA_IN("msg_2", 0, "o", "")},
        {DELTA_EV, DELTA_IN("msg_2", 0, "p", "")},
        {DELTA_EV, DELTA_IN("msg_2", 0, "q", "")}, /* fast */
        {DELTA_EV, DELTA_IN("msg_1", 0, "r", "")}, /* msg_2's block still */
        {"thread.message.completed", MSG("msg_2")},
        {DELTA_EV, DELTA_IN("msg_2", 0, "s", "")}, /* a new block again */
        {DELTA_EV, DELTA_IN("msg_2", 0, "t", "")},
        {DELTA_EV, DELTA_IN("msg_2", 0, "u", "")}, /* fast */
        {DELTA_EV, "[DONE]"},
    };
    assert_int_equal(run_events(s, sizeof s / sizeof *s, NULL), 8);
}

/* The snapshot limit: the delta that would pass it takes the full path,
 * which reports it; so does every one after it. */
static void limits(void **state)
{
    (void)state;
    static const char *const s[] = {
        DELTA(0, "a"), DELTA(0, "b"), DELTA(0, "c"), /* fast */
        DELTA(0, "d"),                               /* fast */
        DELTA(0, "e"),                               /* past the limit */
        DELTA(0, "f"),
    };
    oai_accumulator_options o = OAI_ACCUMULATOR_OPTIONS_INIT;
    size_t each = strlen(DELTA(0, "a"));
    o.max_snapshot_bytes = strlen(MSG("msg_1")) + 4 * each + each / 2;
    assert_int_equal(run_deltas(s, sizeof s / sizeof *s, &o), 2);
    o.max_snapshots = 1; /* the message is the one snapshot allowed */
    o.max_snapshot_bytes = 0;
    assert_int_equal(run_deltas(s, sizeof s / sizeof *s, &o), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes),
        cmocka_unit_test(fallbacks),
        cmocka_unit_test(shapes),
        cmocka_unit_test(limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
