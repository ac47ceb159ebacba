/* Internal: the multi's objects. Every object added to a multi (request,
 * stream, poller) embeds an oai__mentry; the multi keeps them in a list,
 * a ready list (objects to look at after the engine ran) and completes them
 * with a message. Kind-specific behaviour is the entry's `vt`. */
#ifndef OAI_MULTI_INT_H
#define OAI_MULTI_INT_H

#include <stdint.h>

#include "core/dheap.h"
#include "core/dlist.h"
#include "core/error.h"
#include "http/request.h"
#include "oai/multi.h"

typedef struct oai__mentry oai__mentry;

typedef struct oai__mentry_vt {
    /* Look at the object: progress it (hooks run here) and call
     * oai__multi_complete() once it finished. `now` is monotonic ms. */
    void (*step)(oai__mentry *e, int64_t now);
    /* Absolute monotonic ms of the object's own next timer, or -1. Outside
     * a step it may only move later (bytes arrived), unless the entry is
     * `watch`ed. */
    int64_t (*deadline)(const oai__mentry *e);
} oai__mentry_vt;

struct oai__mentry {
    oai__notify n; /* first: the engine's readiness hook */
    const oai__mentry_vt *vt;
    oai_multi *m; /* NULL while not added */
    oai_multi_kind kind;
    void *object;
    oai_multi_done_fn done;
    void *user_data;
    int finished;
    oai__dlink link;  /* in the list of all entries of the multi */
    oai__dlink rlink; /* in the ready list */
    int ready;
    /* Set by the kind before attaching when something outside the multi
     * can make the deadline earlier (a cancel token): the entry is then
     * looked at on every call instead of through the deadline heap. */
    int watch;
    oai__dlink wlink; /* in the watch list */
    /* Set by the kind before attaching, or NULL: runs once the entry left
     * its multi (removed, freed, or the multi freed). */
    void (*on_detach)(oai__mentry *e);
    oai__dnode dnode; /* in the deadline heap */
};

/* Add / remove an entry (removal also drops its queued message). */
void oai__multi_attach(oai_multi *m, oai__mentry *e, const oai__mentry_vt *vt,
                       oai_multi_kind kind, void *object,
                       oai_multi_done_fn done, void *user_data);
void oai__multi_detach(oai__mentry *e);
/* Queue e for a step at the end of the current (or next) multi call. */
void oai__multi_mark_ready(oai__mentry *e);
/* Finish e: queue its message, run its done callback. e may be freed by
 * the callback: do not touch it afterwards. */
void oai__multi_complete(oai__mentry *e, int result);
/* A level-1 multi over c's engine that leaves the client's mode alone
 * (neither non-blocking nor kicking it), also when the client has a multi
 * of its own: the blocking helpers run their poller on one. Free it with
 * oai_multi_free(). OAI_OK or OAI_ENOMEM (on the client). */
int oai__multi_new_private(oai_multi **out, oai_client *c);
/* The multi's client. */
oai_client *oai__multi_client(const oai_multi *m);
/* Re-arm the level-2 timer after a change outside the engine (a poller
 * scheduled its next GET, a stream's stall deadline moved). */
void oai__multi_timer_changed(oai_multi *m);

#endif
