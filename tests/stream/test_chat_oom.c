/* Allocation failure at every allocation of a chat accumulator's life
 * (creation, decoding, every merge family, the helper events, the final
 * completion, free) over corpus streams: never a crash or a leak, and a
 * failing call says OAI_ENOMEM. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oai/chat_accumulate.h"
#include "oai/sse.h"

typedef struct outcome {
    int created; /* 0 when the SSE parser or the accumulator was not made */
    int nomem;   /* calls that reported OAI_ENOMEM */
} outcome;

static outcome feed_all(const char *buf, size_t len)
{
    outcome o = {0, 0};
    oai_sse_parser *p = NULL;
    oai_chat_accumulator *a = NULL;
    int rc = oai_sse_parser_new(&p, NULL);
    if (rc == OAI_OK)
        rc = oai_chat_accumulator_new(&a, NULL);
    if (rc != OAI_OK) {
        assert_int_equal(rc, OAI_ENOMEM);
        oai_sse_parser_free(p);
        return o;
    }
    o.created = 1;
    o.nomem += oai_sse_parser_feed(p, buf, len) == OAI_ENOMEM;
    o.nomem += oai_sse_parser_feed(p, "\n\n", 2) == OAI_ENOMEM;
    oai_sse_parser_feed_end(p);
    const oai_sse_event *ev;
    const oai_chat_update *u = NULL;
    while ((rc = oai_sse_parser_next(&ev, p)) == OAI_OK) {
        rc = oai_chat_accumulator_apply(a, ev->name, ev->data, ev->data_len, &u);
        if (rc == OAI_ENOMEM)
            o.nomem++;
        else if (rc != OAI_OK && rc != OAI_ESTREAM)
            fail_msg("apply: %d %s", rc, oai_chat_accumulator_error(a)->message);
        if (rc != OAI_OK || u->done)
            break; /* a stream ends at its first error */
    }
    o.nomem += rc == OAI_ENOMEM;
    /* a snapshot short of a chunk may lack what finalizing needs */
    const oai_json *final;
    int partial = o.nomem > 0;
    rc = oai_chat_accumulator_final(a, &final);
    if (rc == OAI_ENOMEM)
        o.nomem++;
    else if (rc != OAI_OK && rc != OAI_ENOTREADY && !(partial && rc == OAI_EACCUMULATE))
        fail_msg("final: %d %s", rc, oai_chat_accumulator_error(a)->message);
    oai_chat_accumulator_free(a);
    oai_sse_parser_free(p);
    return o;
}

/* The sweep's view of one life: -1 when nothing could be made, else the
 * failures reported. */
static int life_of(const char *buf, size_t len)
{
    outcome o = feed_all(buf, len);
    return o.created ? o.nomem : -1;
}

static void sweep(const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", OAI_CHAT_CORPUS_DIR, rel);
    tu_failalloc_sweep_file(path, life_of, rel);
}

static void oom_sweep(void **state)
{
    (void)state;
    static const char *const streams[] = {
        /* tool calls without index or type, whole in the finishing chunk */
        "fixtures-from-real/vercel-ai/mistral/mistral-tool-call@c2b90ed9/stream.reframed.sse",
        "fixtures-from-real/vercel-ai/alibaba/alibaba-tool-call@3d37805e/stream.reframed.sse",
        /* reasoning text, usage chunk */
        "fixtures-from-real/vercel-ai/xai/xai-text@a9e91b32/stream.reframed.sse",
        /* logprobs, no finish_reason */
        "real/pydantic-ai/test_snowflake/test_snowflake_model_streaming@f9cd74f8/00_POST_chat.completions.sse",
        /* Azure filter chunks with empty ids and choices without delta */
        "real/fantasy/TestAzureCommon/azure-o4-mini/simple_streaming@4816e035/00_POST_chat.completions.sse",
        /* refusal */
        "real/openai-python/test_completions_streaming/unknown@09eba209/00_POST_chat.completions.sse",
        /* an error member on a chunk */
        "real/pydantic-ai/test_openrouter/test_openrouter_stream_error@05fbaaa3/00_POST_chat.completions.sse",
        /* content and tool-call arguments chunks most of which take the
         * delta fast path, OpenAI's padding in each */
        "real/fantasy/TestOpenAICommon/openai-gpt-4o/multi_tool_streaming@4816e035/01_POST_chat.completions.sse",
        "real/fantasy/TestOpenAICommon/openai-gpt-4o/tool_streaming@4816e035/00_POST_chat.completions.sse",
    };
    for (size_t i = 0; i < sizeof streams / sizeof streams[0]; i++)
        sweep(streams[i]);
}

int main(void)
{
    tu_failalloc_install();
    const struct CMUnitTest tests[] = {cmocka_unit_test(oom_sweep)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
