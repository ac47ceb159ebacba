/* The libuv adapter (oai/adapters/libuv.h) through the shared adapter
 * tests: streams, requests, timers and removal on a uv loop. */
#include "oai/adapters/libuv.h"

#include "adapter_tests.h"

typedef struct uv_ctx {
    uv_loop_t loop;
    uv_timer_t tick; /* unreferenced: checks stop conditions only */
    oai_libuv *a;
    int (*stop)(void *);
    void *arg;
    int64_t end;
    int result;
} uv_ctx;

static void *uv_open(void)
{
    uv_ctx *x = calloc(1, sizeof *x);
    assert_non_null(x);
    assert_int_equal(uv_loop_init(&x->loop), 0);
    x->loop.data = x;
    return x;
}

static void uv_multi(void *loop, oai_client *c, at_calls *k, oai_multi **m)
{
    uv_ctx *x = loop;
    oai_multi_options mo = OAI_MULTI_OPTIONS_INIT;
    assert_int_equal(oai_libuv_new(NULL, &x->loop, &mo), OAI_EINVAL);
    assert_int_equal(oai_libuv_new(&x->a, &x->loop, &mo), OAI_OK);
    at_wrap(&mo, k);
    assert_int_equal(oai_multi_new(m, c, &mo), OAI_OK);
    assert_int_equal(oai_libuv_attach(x->a, *m), OAI_OK);
    assert_int_equal(oai_libuv_attach(x->a, *m), OAI_EINVAL);
}

static void uv_tick(uv_timer_t *t)
{
    uv_ctx *x = t->data;
    if (x->stop && x->stop(x->arg)) {
        x->result = 1;
        uv_stop(&x->loop);
    } else if (mc_now() > x->end) {
        x->result = -1;
        uv_stop(&x->loop);
    }
}

static void uv_tick_closed(uv_handle_t *h)
{
    (void)h;
}

static int uv_run_for(void *loop, int (*stop)(void *), void *arg, int64_t max_ms)
{
    uv_ctx *x = loop;
    x->stop = stop;
    x->arg = arg;
    x->end = mc_now() + max_ms;
    x->result = 0;
    assert_int_equal(uv_timer_init(&x->loop, &x->tick), 0);
    x->tick.data = x;
    uv_timer_start(&x->tick, uv_tick, 5, 5);
    uv_unref((uv_handle_t *)&x->tick);
    uv_run(&x->loop, UV_RUN_DEFAULT);
    uv_close((uv_handle_t *)&x->tick, uv_tick_closed);
    uv_run(&x->loop, UV_RUN_NOWAIT);
    return x->result;
}

static void uv_close_all(void *loop, oai_multi *m)
{
    uv_ctx *x = loop;
    oai_multi_free(m);
    oai_libuv_free(x->a);
    uv_run(&x->loop, UV_RUN_DEFAULT); /* close callbacks free the adapter */
    /* UV_EBUSY here would mean a handle of the adapter is still open */
    assert_int_equal(uv_loop_close(&x->loop), 0);
    free(x);
}

int main(void)
{
    static const at_loop l = {uv_open, uv_multi, uv_run_for, uv_close_all};
    return at_run_all(&l);
}
