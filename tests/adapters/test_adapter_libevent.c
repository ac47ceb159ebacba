/* The libevent adapter (oai/adapters/libevent.h) through the shared
 * adapter tests: streams, requests, timers and removal on an event_base. */
#include "oai/adapters/libevent.h"

#include "adapter_tests.h"

typedef struct ev_ctx {
    struct event_base *base;
    oai_libevent *a;
} ev_ctx;

static void *ev_open(void)
{
    ev_ctx *x = calloc(1, sizeof *x);
    assert_non_null(x);
    x->base = event_base_new();
    assert_non_null(x->base);
    return x;
}

static void ev_multi(void *loop, oai_client *c, at_calls *k, oai_multi **m)
{
    ev_ctx *x = loop;
    oai_multi_options mo = OAI_MULTI_OPTIONS_INIT;
    assert_int_equal(oai_libevent_new(&x->a, NULL, &mo), OAI_EINVAL);
    assert_int_equal(oai_libevent_new(&x->a, x->base, &mo), OAI_OK);
    at_wrap(&mo, k);
    assert_int_equal(oai_multi_new(m, c, &mo), OAI_OK);
    assert_int_equal(oai_libevent_attach(x->a, *m), OAI_OK);
    assert_int_equal(oai_libevent_attach(x->a, *m), OAI_EINVAL);
}

/* Events added to the base (nothing internal: no signals, no threads). */
static int ev_added(ev_ctx *x)
{
    return event_base_get_num_events(x->base, EVENT_BASE_COUNT_ADDED);
}

static void ev_tick(evutil_socket_t fd, short what, void *arg)
{
    (void)fd;
    (void)what;
    (void)arg;
}

/* One iteration at a time, with a 5 ms tick so the stop conditions are
 * looked at; idle when the tick is the only event left. */
static int ev_run_for(void *loop, int (*stop)(void *), void *arg, int64_t max_ms)
{
    ev_ctx *x = loop;
    int64_t end = mc_now() + max_ms;
    struct event *tick = event_new(x->base, -1, EV_PERSIST, ev_tick, NULL);
    assert_non_null(tick);
    struct timeval tv = {0, 5000};
    event_add(tick, &tv);
    int result;
    for (;;) {
        if (stop && stop(arg)) {
            result = 1;
            break;
        }
        if (ev_added(x) <= 1) {
            result = 0;
            break;
        }
        if (mc_now() > end) {
            result = -1;
            break;
        }
        assert_true(event_base_loop(x->base, EVLOOP_ONCE) >= 0);
    }
    event_free(tick);
    return result;
}

static void ev_close_all(void *loop, oai_multi *m)
{
    ev_ctx *x = loop;
    oai_multi_free(m);
    oai_libevent_free(x->a);
    assert_int_equal(ev_added(x), 0);
    event_base_free(x->base);
    free(x);
}

int main(void)
{
    static const at_loop l = {ev_open, ev_multi, ev_run_for, ev_close_all};
    return at_run_all(&l);
}
