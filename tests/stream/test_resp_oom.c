/* Allocation failure at every allocation of a Responses accumulator's life
 * (creation, decoding, every merge, output_text, free) over corpus streams
 * that use every merge family: never a crash or a leak, a failing apply
 * says OAI_ENOMEM, and the events after it still apply. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oai/response_accumulate.h"
#include "oai/sse.h"

/* One life; returns the number of applies that failed with OAI_ENOMEM, or
 * -1 when creation failed. */
static int life(const char *buf, size_t len)
{
    oai_sse_parser *p = NULL;
    oai_response_accumulator *a = NULL;
    int failed = 0, rc = oai_sse_parser_new(&p, NULL);
    if (rc == OAI_OK)
        rc = oai_response_accumulator_new(&a, NULL);
    if (rc != OAI_OK) {
        assert_int_equal(rc, OAI_ENOMEM);
        oai_sse_parser_free(p);
        return -1;
    }
    if (oai_sse_parser_feed(p, buf, len) != OAI_OK)
        failed++;
    oai_sse_parser_feed_end(p);
    const oai_sse_event *ev;
    while ((rc = oai_sse_parser_next(&ev, p)) == OAI_OK) {
        const oai_response_update *u;
        rc = oai_response_accumulator_apply(a, ev->name, ev->data, ev->data_len, &u);
        if (rc == OAI_ENOMEM)
            failed++;
        else if (rc != OAI_OK && rc != OAI_ESTREAM)
            fail_msg("apply: %d %s", rc, oai_response_accumulator_error(a)->message);
    }
    if (rc == OAI_ENOMEM)
        failed++;
    const char *text;
    if (oai_response_accumulator_output_text(a, &text, NULL) == OAI_ENOMEM)
        failed++;
    oai_response_end end;
    (void)oai_response_accumulator_final(a, &end);
    oai_response_accumulator_free(a);
    oai_sse_parser_free(p);
    return failed;
}

static void sweep(const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", OAI_RESPONSES_CORPUS_DIR, rel);
    tu_failalloc_sweep_file(path, life, rel);
}

static void oom_sweep(void **state)
{
    (void)state;
    static const char *const streams[] = {
        "fixtures-from-real/vercel-ai/openai/issue-18970-programmatic-approval.1@ab7df520/stream.reframed.sse",
        "fixtures-from-real/vercel-ai/openai/openai-shell-tool.1@cad64458/stream.1.reframed.sse",
        "fixtures-from-real/vercel-ai/openai/openai-custom-tool.1@58bc42df/stream.reframed.sse",
        "fixtures-from-real/vercel-ai/openai/openai-error.1@23f132b4/stream.reframed.sse",
        "fixtures-from-real/vercel-ai/openai/openai-shell-container.1@ff12133f/stream.reframed.sse",
        "real/openai-dotnet/ResponsesToolTests/MCPToolStreamingWorks@65d5703f/00_POST_responses.sse",
        ("real/pydantic-ai/test_openai_responses/test_openai_responses_model_file_search_tool_stream@8d4cf84d/"
         "03_POST_responses.sse"),
    };
    for (size_t i = 0; i < sizeof streams / sizeof streams[0]; i++)
        sweep(streams[i]);
}

int main(void)
{
    tu_failalloc_install();
    const struct CMUnitTest tests[] = { cmocka_unit_test(oom_sweep) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
