/* Allocation failure at every allocation of a response stream's life
 * (creation, feeding, every event, the accessors, free) over corpus streams
 * of every merge family: never a crash or a leak, a failure is reported as
 * OAI_ENOMEM, and on_end runs exactly once whenever iteration started. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oai.h"

static void on_end(void *ud)
{
    (*(int *)ud)++;
}

/* One life; 1 when some call reported OAI_ENOMEM, 0 when none did, -1
 * when creation failed. */
static int life(const char *buf, size_t len)
{
    int ends = 0;
    oai_response_handler h = OAI_RESPONSE_HANDLER_INIT;
    h.on_end = on_end;
    h.user_data = &ends;
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_response_stream *s = NULL;
    int rc = oai_response_stream_new(&s, &o);
    if (rc != OAI_OK) {
        assert_int_equal(rc, OAI_ENOMEM);
        return -1;
    }
    int nomem = 0;
    for (size_t off = 0; off < len; off += 4096) {
        rc = oai_response_stream_feed(s, buf + off, len - off < 4096 ? len - off : 4096);
        nomem |= rc == OAI_ENOMEM;
    }
    oai_response_stream_feed_end(s);
    rc = oai_response_stream_until_done(s);
    if (rc != OAI_OK && rc != OAI_ENOMEM && rc != OAI_ESTREAM && rc != OAI_EPROTOCOL)
        fail_msg("until_done: %d %s", rc, oai_response_stream_error(s)->message);
    nomem |= rc == OAI_ENOMEM;
    const char *text;
    nomem |= oai_response_stream_output_text(&text, NULL, s) == OAI_ENOMEM;
    oai_response_stream_free(s);
    assert_int_equal(ends, 1);
    return nomem;
}

static void sweep(const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", OAI_RESPONSES_CORPUS_DIR, rel);
    size_t len;
    char *buf = tu_read_file(path, &len);
    assert_non_null(buf);
    long live0 = tu_failalloc_live();
    tu_failalloc_arm(0);
    assert_int_equal(life(buf, len), 0);
    long total = tu_failalloc_count();
    assert_int_equal(tu_failalloc_live(), live0);
    printf("%s: %ld allocations, each failed in turn\n", rel, total);
    for (long k = 1; k <= total; k++) {
        tu_failalloc_arm(k);
        int r = life(buf, len);
        tu_failalloc_arm(0);
        if (tu_failalloc_live() != live0)
            fail_msg("%s: leak after failing allocation %ld of %ld", rel, k, total);
        if (r == 0)
            fail_msg("%s: allocation %ld of %ld failed unnoticed", rel, k, total);
    }
    free(buf);
}

static void oom_sweep(void **state)
{
    (void)state;
    sweep("fixtures-from-real/vercel-ai/openai/openai-error.1@23f132b4/stream.reframed.sse");
    sweep("fixtures-from-real/vercel-ai/openai/openai-custom-tool.1@58bc42df/stream.reframed.sse");
    sweep("real/openai-dotnet/ResponsesToolTests/MCPToolStreamingWorks@65d5703f/00_POST_responses.sse");
}

int main(void)
{
    tu_failalloc_install();
    const struct CMUnitTest tests[] = { cmocka_unit_test(oom_sweep) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
