#include "core/dlist.h"

#include <stddef.h>

void oai__dlist_push_front(oai__dlist *l, oai__dlink *k, void *owner)
{
    k->owner = owner;
    k->prev = NULL;
    k->next = l->head;
    if (l->head)
        l->head->prev = k;
    else
        l->tail = k;
    l->head = k;
}

void oai__dlist_push_back(oai__dlist *l, oai__dlink *k, void *owner)
{
    k->owner = owner;
    k->next = NULL;
    k->prev = l->tail;
    if (l->tail)
        l->tail->next = k;
    else
        l->head = k;
    l->tail = k;
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
