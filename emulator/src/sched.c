#include "sched.h"

#include <stdlib.h>

#include "util.h"

struct timer {
    int64_t due;
    uint64_t seq; /* FIFO among equal due times keeps event order stable */
    sched_fn fn;
    void *arg;
};

static struct timer *heap;
static size_t n_heap, cap_heap;
static uint64_t next_seq;

static int before(const struct timer *a, const struct timer *b)
{
    return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

void sched_after(int64_t delay_ms, sched_fn fn, void *arg)
{
    if (n_heap == cap_heap) {
        cap_heap = cap_heap ? cap_heap * 2 : 256;
        heap = xrealloc(heap, cap_heap * sizeof *heap);
    }
    struct timer t = {now_ms() + (delay_ms > 0 ? delay_ms : 0), next_seq++, fn, arg};
    size_t i = n_heap++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!before(&t, &heap[p]))
            break;
        heap[i] = heap[p];
        i = p;
    }
    heap[i] = t;
}

static struct timer pop(void)
{
    struct timer top = heap[0];
    struct timer last = heap[--n_heap];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        const struct timer *best = &last;
        if (l < n_heap && before(&heap[l], best)) {
            m = l;
            best = &heap[l];
        }
        if (r < n_heap && before(&heap[r], best))
            m = r;
        if (m == i)
            break;
        heap[i] = heap[m];
        i = m;
    }
    if (n_heap)
        heap[i] = last;
    return top;
}

int64_t sched_next_wait(void)
{
    if (!n_heap)
        return -1;
    int64_t d = heap[0].due - now_ms();
    return d > 0 ? d : 0;
}

int sched_run_due(void)
{
    int ran = 0;
    int64_t now = now_ms();
    /* Bound the batch so timers added while running (delay 0) wait a turn
     * and network I/O is never starved. */
    int budget = 100000;
    while (n_heap && heap[0].due <= now && budget-- > 0) {
        struct timer t = pop();
        t.fn(t.arg);
        ran++;
    }
    return ran;
}

void sched_free(void)
{
    free(heap);
    heap = NULL;
    n_heap = cap_heap = 0;
}
