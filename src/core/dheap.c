#include "core/dheap.h"

#include "core/alloc.h"
#include "oai/errors.h"

int oai__dheap_reserve(oai__dheap *h, size_t want)
{
    if (want <= h->cap)
        return OAI_OK;
    size_t cap = h->cap ? h->cap : 16;
    while (cap < want)
        cap *= 2;
    oai__dnode **v = oai__realloc(h->v, cap * sizeof *v);
    if (!v)
        return OAI_ENOMEM;
    h->v = v;
    h->cap = cap;
    return OAI_OK;
}

static void put(oai__dheap *h, size_t i, oai__dnode *d)
{
    h->v[i] = d;
    d->slot = i + 1;
}

static void sift_up(oai__dheap *h, size_t i)
{
    oai__dnode *d = h->v[i];
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (h->v[p]->key <= d->key)
            break;
        put(h, i, h->v[p]);
        i = p;
    }
    put(h, i, d);
}

static void sift_down(oai__dheap *h, size_t i)
{
    oai__dnode *d = h->v[i];
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        int64_t k = d->key;
        if (l < h->n && h->v[l]->key < k)
            m = l, k = h->v[l]->key;
        if (l + 1 < h->n && h->v[l + 1]->key < k)
            m = l + 1;
        if (m == i)
            break;
        put(h, i, h->v[m]);
        i = m;
    }
    put(h, i, d);
}

void oai__dheap_set(oai__dheap *h, oai__dnode *d, int64_t key)
{
    if (!d->slot) {
        d->key = key;
        put(h, h->n++, d);
        sift_up(h, h->n - 1);
        return;
    }
    int64_t old = d->key;
    d->key = key;
    if (key < old)
        sift_up(h, d->slot - 1);
    else if (key > old)
        sift_down(h, d->slot - 1);
}

void oai__dheap_remove(oai__dheap *h, oai__dnode *d)
{
    if (!d->slot)
        return;
    size_t i = d->slot - 1;
    d->slot = 0;
    oai__dnode *last = h->v[--h->n];
    if (i == h->n)
        return;
    put(h, i, last);
    /* the moved node may belong above or below its new slot */
    if (i > 0 && h->v[(i - 1) / 2]->key > last->key)
        sift_up(h, i);
    else
        sift_down(h, i);
}

void oai__dheap_free(oai__dheap *h)
{
    oai__free(h->v);
    h->v = NULL;
    h->n = h->cap = 0;
}
