/* Internal: a min-heap of deadlines. A node is embedded in the object it
 * times (a transfer, a multi entry) and knows its slot, so a deadline can
 * move or go away in O(log n). Room is reserved when an object is added,
 * so pushing later (from a callback, a timer) never allocates. */
#ifndef OAI_CORE_DHEAP_H
#define OAI_CORE_DHEAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct oai__dnode {
    int64_t key; /* absolute monotonic ms */
    size_t slot; /* index in the heap + 1; 0: not in it */
} oai__dnode;

typedef struct oai__dheap {
    oai__dnode **v;
    size_t n, cap;
} oai__dheap;

/* Make room for `want` nodes. 0 or OAI_ENOMEM (heap untouched). */
int oai__dheap_reserve(oai__dheap *h, size_t want);
/* Insert or move d to key (room must be reserved). */
void oai__dheap_set(oai__dheap *h, oai__dnode *d, int64_t key);
/* Take d out (nothing if it is not in). */
void oai__dheap_remove(oai__dheap *h, oai__dnode *d);
/* The earliest node, or NULL. */
static inline oai__dnode *oai__dheap_top(const oai__dheap *h)
{
    return h->n ? h->v[0] : NULL;
}
void oai__dheap_free(oai__dheap *h);

#endif
