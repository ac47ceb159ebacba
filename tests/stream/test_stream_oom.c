/* Allocation failure at every allocation of a stream's life (creation,
 * decoding, accumulation, hooks, final accessors, free): never a crash or a
 * leak, and when iteration fails, on_exception and on_end once each. */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "oai.h"

typedef struct counts {
    int ends, exceptions, last_code, created;
} counts;

static void on_end(void *ud)
{
    ((counts *)ud)->ends++;
}

static void on_exc(const oai_error *e, void *ud)
{
    ((counts *)ud)->exceptions++;
    ((counts *)ud)->last_code = e->code;
}

static int on_tc_done(const oai_tool_call *tc, void *ud)
{
    (void)ud;
    return oai_tool_call_input(tc) && strlen(oai_tool_call_input(tc)) > 100000; /* touch it */
}

/* One full life; returns the until_done code (or the creation error). */
static int life(const char *buf, size_t len, counts *c)
{
    memset(c, 0, sizeof *c);
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.user_data = c;
    h.on_end = on_end;
    h.on_exception = on_exc;
    h.on_tool_call_done = on_tc_done;
    oai_stream_options o = OAI_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_stream *s = NULL;
    int rc = oai_stream_new(&s, &o);
    if (rc != OAI_OK) {
        assert_int_equal(rc, OAI_ENOMEM);
        return rc;
    }
    c->created = 1;
    /* feed in two pieces so carried lines are exercised too */
    rc = oai_stream_feed(s, buf, len / 2);
    if (rc == OAI_OK)
        rc = oai_stream_feed(s, buf + len / 2, len - len / 2);
    oai_stream_feed_end(s);
    if (rc != OAI_OK)
        assert_int_equal(rc, OAI_ENOMEM); /* feeding fails cleanly; iterate what was fed */
    rc = oai_stream_until_done(s);
    const oai_message *const *m;
    const oai_run_step *const *st;
    size_t n;
    (void)oai_stream_final_messages(&m, &n, s);
    (void)oai_stream_final_run_steps(&st, &n, s);
    oai_stream_free(s);
    return rc;
}

static void sweep(const char *rel)
{
    size_t len;
    char *buf = tu_read_file(tu_corpus_path(rel), &len);
    assert_non_null(buf);
    counts c;
    long live0 = tu_failalloc_live();
    tu_failalloc_arm(0);
    assert_int_equal(life(buf, len, &c), OAI_OK);
    long total = tu_failalloc_count();
    assert_int_equal(tu_failalloc_live(), live0);
    assert_true(total > 10);
    for (long k = 1; k <= total; k++) {
        tu_failalloc_arm(k);
        int rc = life(buf, len, &c);
        tu_failalloc_arm(0);
        if (tu_failalloc_live() != live0)
            fail_msg("%s: leak after failing allocation %ld of %ld", rel, k, total);
        if (!c.created) {
            assert_int_equal(c.ends + c.exceptions, 0); /* creation failed: no hooks at all */
            continue;
        }
        /* iteration ran: on_end once; on_exception once exactly when it failed */
        assert_int_equal(c.ends, 1);
        assert_int_equal(c.exceptions, rc == OAI_OK ? 0 : 1);
    }
    free(buf);
}

static void oom_sweep(void **state)
{
    (void)state;
    sweep("handwritten/A.sse");
    sweep("handwritten/B.sse");
    sweep("handwritten/C.sse");
    sweep("vectors/dev7_index_merge.sse");
}

int main(void)
{
    tu_failalloc_install();
    const struct CMUnitTest tests[] = { cmocka_unit_test(oom_sweep) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
