/* Internal: an intrusive doubly-linked list. The link is embedded in the
 * object listed and points back at it, so a list allocates nothing and an
 * object leaves it in O(1). Used for the engine's transfers and the
 * multi's entries (all of them, the ready ones, the watched ones). */
#ifndef OAI_CORE_DLIST_H
#define OAI_CORE_DLIST_H

typedef struct oai__dlink {
    struct oai__dlink *prev, *next;
    void *owner; /* the object this link is embedded in */
} oai__dlink;

/* Zero-initialise ({0}) for an empty list. */
typedef struct oai__dlist {
    oai__dlink *head, *tail;
} oai__dlist;

/* Put `k`, embedded in `owner`, first / last in `l`. */
void oai__dlist_push_front(oai__dlist *l, oai__dlink *k, void *owner);
void oai__dlist_push_back(oai__dlist *l, oai__dlink *k, void *owner);
/* Take `k` out of `l`, which holds it. */
void oai__dlist_remove(oai__dlist *l, oai__dlink *k);
/* The owner of the first link, NULL when `l` is empty. */
void *oai__dlist_first(const oai__dlist *l);

#endif
