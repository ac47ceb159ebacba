/* The chat accumulator's delta fast path: hand-written streams fed to an
 * accumulator with the fast path and to one without it (chat_twin.h) must
 * agree after every event, and the chunks meant to take the fast path
 * (counted) do, while those it must leave to the full apply (another
 * shape, another choice or tool call, strings it does not decode) do not. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "chat_twin.h"

#define HEAD                                                                   \
    "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"       \
    "\"model\":\"m\",\"choices\":[{\"index\":"
#define CONTENT(i, text)                                                       \
    HEAD #i ",\"delta\":{\"content\":\"" text "\"},\"finish_reason\":null}]}"
#define ARGS(i, k, text)                                                       \
    HEAD #i ",\"delta\":{\"tool_calls\":[{\"index\":" #k                       \
            ",\"function\":{\"arguments\":\"" text "\"}}]},"                   \
            "\"finish_reason\":null}]}"
#define ROLE(i)                                                                \
    HEAD #i ",\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"            \
            "\"finish_reason\":null}]}"
#define FINISH(i, why) HEAD #i ",\"delta\":{},\"finish_reason\":\"" why "\"}]}"
#define OPEN_TOOL(i, k, id)                                                    \
    HEAD #i ",\"delta\":{\"tool_calls\":[{\"index\":" #k ",\"id\":\"" id       \
            "\",\"type\":\"function\",\"function\":{\"name\":\"f\","           \
            "\"arguments\":\"\"}}]},\"finish_reason\":null}]}"

/* One event of a stream: its name (or NULL) and data. */
typedef struct event {
    const char *name, *data;
} event;

/* Feed events to the twin; the chunks the fast path applied. */
static unsigned long long run_events(const event *ev, size_t n,
                                     const oai_chat_accumulator_options *o)
{
    chat_twin *t = chat_twin_new(o);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++) {
        const char *d =
            chat_twin_apply(t, ev[i].name, ev[i].data, strlen(ev[i].data));
        if (d)
            fail_msg("event %zu (%s): the fast path differs in %s", i,
                     ev[i].data, d);
    }
    const char *d = chat_twin_end(t);
    if (d)
        fail_msg("at the end: the fast path differs in %s", d);
    unsigned long long hits = chat_twin_fast_hits(t);
    chat_twin_free(t);
    return hits;
}

/* Unnamed events. */
static unsigned long long run(const char *const *data, size_t n)
{
    event ev[64];
    assert_true(n <= 64);
    for (size_t i = 0; i < n; i++)
        ev[i] = (event){NULL, data[i]};
    return run_events(ev, n, NULL);
}

#define RUN(list) run(list, sizeof list / sizeof *list)

static void content_escapes(void **state)
{
    (void)state;
    static const char *const s[] = {
        ROLE(0),
        CONTENT(0, "Hello"), /* the template */
        CONTENT(0, " world"),
        CONTENT(0, "\\n"),
        CONTENT(0, "caf\\u00e9 \\u20ac"),
        CONTENT(0, "\\ud83d\\ude00 smile"), /* a surrogate pair */
        CONTENT(0, "a \\\"quote\\\" \\\\ \\/ \\b\\f\\r\\t"),
        CONTENT(0, "\xff\xfe invalid \xc3 UTF-8 \xed\xa0\x80"),
        CONTENT(0, "raw \xc3\xa9 \xf0\x9f\x98\x80"),
        CONTENT(0, ""),
        CONTENT(0, "a longer fragment than any before it, so that the "
                   "template's string and the snapshot's text both grow"),
        CONTENT(0, "\\\\"),
        FINISH(0, "stop"),
        "[DONE]",
    };
    assert_int_equal(RUN(s), 10);
}

/* Text the fast path leaves to the full apply, which rejects it or reads
 * it otherwise. A chunk the full apply rejects drops the template: the
 * next one is applied in full and becomes the template; one it accepts is
 * the template for the next. */
static void content_fallbacks(void **state)
{
    (void)state;
    static const char *const s[] = {
        ROLE(0),
        CONTENT(0, "a"),
        CONTENT(0, "b"),       /* fast */
        CONTENT(0, "\\ud83d"), /* a lone high surrogate: not JSON */
        CONTENT(0, "c"),
        CONTENT(0, "\\ude00 x"), /* a lone low surrogate */
        CONTENT(0, "d"),
        CONTENT(0, "\\ud83d\\u0041"), /* a pair with no low half */
        CONTENT(0, "e"),
        CONTENT(0, "\\x"), /* an unknown escape */
        CONTENT(0, "f"),
        CONTENT(0, "nul \\u0000 cut"), /* cJSON's string ends at the NUL */
        CONTENT(0, "g"),               /* fast */
        CONTENT(0, "\\u00zz"),         /* a bad hex digit, read as NUL */
        CONTENT(0, "h"),               /* fast */
        CONTENT(0, "tab\there"),       /* a raw control character */
        CONTENT(0, "i"),
        CONTENT(0, "j"), /* fast */
        HEAD "0,\"delta\":{\"content\":\"open},\"finish_reason\":null}]}",
        CONTENT(0, "k"),
        CONTENT(0, "l\" , \"x\":\"y"), /* a string that closes early */
        CONTENT(0, "m"),
        CONTENT(0, "n"), /* fast */
    };
    assert_int_equal(RUN(s), 5);
}

/* Another choice than the template's, a choice not seen yet, a choice
 * that has finished: each is applied in full. */
static void choices(void **state)
{
    (void)state;
    static const char *const s[] = {
        ROLE(0),
        CONTENT(0, "a"),
        CONTENT(0, "b"), /* fast */
        CONTENT(1, "x"), /* a choice not seen yet */
        CONTENT(1, "y"), /* fast */
        CONTENT(0, "c"), /* another choice than the template's */
        CONTENT(0, "d"), /* fast */
        CONTENT(2, ""),  /* no role: it becomes "assistant" */
        CONTENT(2, "z"), /* fast */
        FINISH(0, "stop"),
        CONTENT(0, "late"),  /* after the finish reason */
        CONTENT(0, "later"), /* still in full */
        FINISH(1, "length"),
        FINISH(2, "stop"),
        "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,"
        "\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":1,"
        "\"completion_tokens\":2,\"total_tokens\":3}}",
        "[DONE]",
        CONTENT(0, "after the end"),
    };
    assert_int_equal(RUN(s), 4);
}

/* Tool-call arguments: another tool call, one not seen yet, an entry
 * without an index (it continues the last call), a call of another type
 * than "function" (no arguments events). */
static void tool_arguments(void **state)
{
    (void)state;
    static const char *const s[] = {
        HEAD "0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
             "\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":"
             "\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}"
             "]},\"finish_reason\":null}]}",
        ARGS(0, 0, "{\\\"a\\\""),
        ARGS(0, 0, ":1"),                           /* fast */
        ARGS(0, 0, ",\\\"b\\\":\\\"\\\\u00e9\\\""), /* fast */
        OPEN_TOOL(0, 1, "call_b"),                  /* a call not seen yet */
        ARGS(0, 1, "{}"),
        ARGS(0, 1, ""),  /* fast */
        ARGS(0, 0, "}"), /* back to the first */
        ARGS(0, 0, " "), /* fast */
        ARGS(0, 5, "x"), /* opened by arguments */
        ARGS(0, 5, "y"), /* fast */
        HEAD "0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":"
             "\"n\"}}]},\"finish_reason\":null}]}",
        HEAD "0,\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":"
             "\"m\"}}]},\"finish_reason\":null}]}", /* fast */
        HEAD "1,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":"
             "0,\"id\":\"c\",\"type\":\"lookup\",\"function\":{\"name\":\"g\","
             "\"arguments\":\"\"}}]},\"finish_reason\":null}]}",
        ARGS(1, 0, "p"),
        ARGS(1, 0, "q"), /* fast, no event */
        FINISH(0, "tool_calls"),
        FINISH(1, "tool_calls"),
        "[DONE]",
    };
    assert_int_equal(RUN(s), 7);
}

#define OPENAI(text, obf)                                                      \
    "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":" \
    "1758040853,\"model\":\"gpt-4o\",\"service_tier\":\"default\","            \
    "\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":0,\"delta\":{"    \
    "\"content\":\"" text "\"},\"logprobs\":null,\"finish_reason\":null}],"    \
    "\"usage\":null,\"obfuscation\":\"" obf "\"}"

/* OpenAI's chunks: the `obfuscation` padding differs in every chunk. */
static void obfuscation(void **state)
{
    (void)state;
    static const char *const s[] = {
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
        "\"created\":1758040853,\"model\":\"gpt-4o\",\"service_tier\":"
        "\"default\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":"
        "0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":"
        "null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null,"
        "\"obfuscation\":\"VUHGSqMIzEsrfz\"}",
        OPENAI("I'm", "E9QNbyPQoBcxM"),
        OPENAI(" sorry", "V7sa3oHNI2"),            /* fast */
        OPENAI(",", "SJCmcXM4LxNTXV3 and longer"), /* fast */
        OPENAI("\\u00e9", "\\u00e9\\n"),           /* fast */
        OPENAI("x", ""),                           /* fast */
        OPENAI("y", "\\q"), /* an escape cJSON rejects, in the padding */
        OPENAI("z", "tab\tin padding"), /* a raw control character */
        OPENAI("w", "abc"),
        OPENAI("v", "abcd"), /* fast */
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
        "\"created\":1758040853,\"model\":\"gpt-4o\",\"service_tier\":"
        "\"default\",\"system_fingerprint\":\"fp_1\",\"choices\":[{\"index\":"
        "0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
        "\"usage\":null,\"obfuscation\":\"k\"}",
        "[DONE]",
    };
    assert_int_equal(RUN(s), 5);
}

/* Formatting, event names, duplicate keys, a role other than "assistant"
 * (no content events), empty fragments on empty content (no event). */
static void shapes(void **state)
{
    (void)state;
    static const event s[] = {
        {NULL, CONTENT(0, "")},
        {NULL, CONTENT(0, "")},  /* fast, the content still empty */
        {NULL, CONTENT(0, "a")}, /* fast */
        {NULL, "{ \"id\": \"c1\", \"object\": \"chat.completion.chunk\", "
               "\"created\": 1, \"model\": \"m\", \"choices\": [ { \"index\": "
               "0, \"delta\": { \"content\": \"b\" }, \"finish_reason\": null "
               "} ] }\n"},
        {NULL, "{ \"id\": \"c1\", \"object\": \"chat.completion.chunk\", "
               "\"created\": 1, \"model\": \"m\", \"choices\": [ { \"index\": "
               "0, \"delta\": { \"content\": \"c\" }, \"finish_reason\": null "
               "} ] }\n"}, /* fast */
        {NULL, CONTENT(0, "d")},
        {"message", CONTENT(0, "e")}, /* fast: only `error` names matter */
        {"error", CONTENT(0, "f")},   /* an error event */
        {NULL, CONTENT(0, "g")},
        {NULL, CONTENT(0, "h")}, /* fast */
        {NULL, HEAD "0,\"delta\":{\"content\":\"i\",\"content\":\"j\"},"
                    "\"finish_reason\":null}]}"},
        {NULL, HEAD "0,\"delta\":{\"content\":\"k\",\"content\":\"j\"},"
                    "\"finish_reason\":null}]}"}, /* fast */
        {NULL, HEAD "0,\"delta\":{\"content\":\"l\"},\"finish_reason\":null}],"
                    "\"choices\":[],\"id\":\"c2\",\"model\":\"n\"}"},
        {NULL, HEAD "0,\"delta\":{\"content\":\"m\"},\"finish_reason\":null}],"
                    "\"choices\":[],\"id\":\"c2\",\"model\":\"n\"}"}, /* fast */
        {NULL, HEAD "3,\"delta\":{\"role\":\"tool\",\"content\":\"o\"},"
                    "\"finish_reason\":null}]}"},
        {NULL, HEAD "3,\"delta\":{\"role\":\"tool\",\"content\":\"p\"},"
                    "\"finish_reason\":null}]}"}, /* fast, no event */
        {NULL, HEAD "0,\"delta\":{\"content\":\"q\",\"refusal\":\"\"},"
                    "\"finish_reason\":null}]}"}, /* a refusal: in full */
        {NULL, HEAD "0,\"delta\":{\"content\":\"r\",\"refusal\":\"\"},"
                    "\"finish_reason\":null}]}"},
        {NULL, HEAD "0,\"delta\":{\"content\":\"s\",\"reasoning\":\"t\"},"
                    "\"finish_reason\":null}]}"}, /* reasoning: in full */
        {NULL, HEAD "0,\"delta\":{\"content\":\"u\",\"reasoning\":\"t\"},"
                    "\"finish_reason\":null}]}"},
        {NULL, HEAD "0,\"delta\":{\"content\":\"v\"},\"logprobs\":{"
                    "\"content\":[]},\"finish_reason\":null}]}"},
        {NULL, HEAD "0,\"delta\":{\"content\":\"w\"},\"logprobs\":{"
                    "\"content\":[]},\"finish_reason\":null}]}"},
    };
    assert_int_equal(run_events(s, sizeof s / sizeof *s, NULL), 8);
}

#define LLAMA(key, text)                                                       \
    "{\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"" key      \
    "\":\"" text "\"}}],\"created\":1762855698,\"id\":\"chatcmpl-r\","         \
    "\"model\":\"gpt-oss\",\"object\":\"chat.completion.chunk\"}"

/* Reasoning text (llama.cpp's chunks), appended as content is, with no
 * event; two reasoning members, or one that is not a string, take the full
 * apply. */
static void reasoning(void **state)
{
    (void)state;
    static const char *const s[] = {
        LLAMA("role", "assistant"),
        LLAMA("reasoning_content", "The"),
        LLAMA("reasoning_content", " user"), /* fast */
        LLAMA("reasoning_content", " \\\""), /* fast */
        LLAMA("content", "Hi"),
        LLAMA("content", "!"), /* fast */
        LLAMA("reasoning", "more"),
        LLAMA("reasoning", " thought"), /* fast */
        "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":null}}],"
        "\"id\":\"chatcmpl-r\"}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":null}}],"
        "\"id\":\"chatcmpl-r\"}",
        LLAMA("reasoning", " resumed"),
        LLAMA("reasoning", " again"), /* fast */
        "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"a\","
        "\"reasoning_content\":\"b\"}}],\"id\":\"chatcmpl-r\"}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"c\","
        "\"reasoning_content\":\"d\"}}],\"id\":\"chatcmpl-r\"}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"e\","
        "\"content\":\"f\"}}],\"id\":\"chatcmpl-r\"}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"g\","
        "\"content\":\"h\"}}],\"id\":\"chatcmpl-r\"}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"i\","
        "\"content\":null}}],\"id\":\"chatcmpl-r\"}",
        "{\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"j\","
        "\"content\":null}}],\"id\":\"chatcmpl-r\"}", /* fast */
        "[DONE]",
    };
    assert_int_equal(RUN(s), 6);
}

/* The limits: a chunk that would pass them takes the full apply, which
 * reports it. */
static void limits(void **state)
{
    (void)state;
    static const event s[] = {
        {NULL, ROLE(0)},
        {NULL, CONTENT(0, "a")},
        {NULL, CONTENT(0, "b")}, /* fast */
        {NULL, CONTENT(0, "c")}, /* fast */
        {NULL, CONTENT(0, "a fragment long enough to pass the event limit")},
        {NULL, CONTENT(0, "d")},
        {NULL, CONTENT(0, "e")}, /* fast */
        {NULL, CONTENT(0, "f")}, /* fast */
        {NULL, CONTENT(0, "g")}, /* past the snapshot limit */
        {NULL, CONTENT(0, "h")},
    };
    size_t chunk = strlen(CONTENT(0, "a"));
    oai_chat_accumulator_options o = OAI_CHAT_ACCUMULATOR_OPTIONS_INIT;
    o.max_event_size = chunk + 20;
    o.max_snapshot_bytes = strlen(ROLE(0)) + 6 * chunk + chunk / 2;
    assert_int_equal(run_events(s, sizeof s / sizeof *s, &o), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(content_escapes), cmocka_unit_test(content_fallbacks),
        cmocka_unit_test(choices),         cmocka_unit_test(tool_arguments),
        cmocka_unit_test(obfuscation),     cmocka_unit_test(shapes),
        cmocka_unit_test(reasoning),       cmocka_unit_test(limits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
