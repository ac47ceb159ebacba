/* The deadline heap: random inserts, key moves (both ways) and removals
 * from anywhere, checked after every operation against the nodes' own
 * keys; a reservation that cannot allocate leaves the heap as it was. */
#include "testutil.h"

#include <stdlib.h>

#include "core/dheap.h"
#include "oai.h"

#define N 300

static void check(const oai__dheap *h, oai__dnode *nodes)
{
    size_t in = 0;
    int64_t min = INT64_MAX;
    for (size_t i = 0; i < N; i++) {
        if (!nodes[i].slot)
            continue;
        in++;
        assert_true(nodes[i].slot <= h->n);
        assert_ptr_equal(h->v[nodes[i].slot - 1], &nodes[i]);
        if (nodes[i].key < min)
            min = nodes[i].key;
    }
    assert_int_equal(in, h->n);
    for (size_t i = 1; i < h->n; i++)
        assert_true(h->v[(i - 1) / 2]->key <= h->v[i]->key);
    if (in)
        assert_int_equal(oai__dheap_top(h)->key, min);
    else
        assert_null(oai__dheap_top(h));
}

static void random_ops(void **state)
{
    (void)state;
    oai__dnode nodes[N] = {{0, 0}};
    oai__dheap h = {0};
    assert_int_equal(oai__dheap_reserve(&h, N), OAI_OK);
    assert_true(h.cap >= N);
    srand(7);
    for (int op = 0; op < 20000; op++) {
        oai__dnode *d = &nodes[rand() % N];
        if (rand() % 3 == 0)
            oai__dheap_remove(&h, d);
        else
            oai__dheap_set(&h, d, rand() % 1000);
        check(&h, nodes);
    }
    /* draining by the top gives the keys in order */
    int64_t last = -1;
    while (oai__dheap_top(&h)) {
        oai__dnode *d = oai__dheap_top(&h);
        assert_true(d->key >= last);
        last = d->key;
        oai__dheap_remove(&h, d);
        check(&h, nodes);
    }
    oai__dheap_free(&h);
    assert_null(h.v);
}

static void reserve_failure(void **state)
{
    (void)state;
    tu_failalloc_install();
    oai__dnode a = {0, 0};
    oai__dheap h = {0};
    tu_failalloc_arm(1);
    assert_int_equal(oai__dheap_reserve(&h, 4), OAI_ENOMEM);
    assert_null(h.v);
    assert_int_equal(h.cap, 0);
    tu_failalloc_arm(0);
    assert_int_equal(oai__dheap_reserve(&h, 4), OAI_OK);
    size_t cap = h.cap;
    oai__dheap_set(&h, &a, 5);
    tu_failalloc_arm(1);
    assert_int_equal(oai__dheap_reserve(&h, cap + 1), OAI_ENOMEM);
    assert_int_equal(h.cap, cap);
    assert_ptr_equal(oai__dheap_top(&h), &a);
    tu_failalloc_arm(0);
    oai__dheap_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(random_ops),
                                       cmocka_unit_test(reserve_failure)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
