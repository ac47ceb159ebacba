#include "core/dlist.h"

#include <stddef.h>

/* Link `k` between `prev` and `next`, neighbours in `l` (NULL: an end). */
static void link_between(oai__dlist *l, oai__dlink *k, oai__dlink *prev,
                         oai__dlink *next)
{
    k->prev = prev;
    k->next = next;
    if (prev)
        prev->next = k;
    else
        l->head = k;
    if (next)
        next->prev = k;
    else
        l->tail = k;
}

void oai__dlist_push_front(oai__dlist *l, oai__dlink *k, void *owner)
{
    k->owner = owner;
    link_between(l, k, NULL, l->head);
}

void oai__dlist_push_back(oai__dlist *l, oai__dlink *k, void *owner)
{
    k->owner = owner;
    link_between(l, k, l->tail, NULL);
}

void oai__dlist_remove(oai__dlist *l, oai__dlink *k)
{
    if (k->prev)
        k->prev->next = k->next;
    else
        l->head = k->next;
    if (k->next)
        k->next->prev = k->prev;
    else
        l->tail = k->prev;
    k->prev = k->next = NULL;
}

void *oai__dlist_first(const oai__dlist *l)
{
    return l->head ? l->head->owner : NULL;
}
