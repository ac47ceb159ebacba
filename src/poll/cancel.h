/* Internal: who to wake when a cancellation token is triggered. A poller
 * holding a token registers a waiter while it runs on a multi, so a
 * trigger from another thread ends that multi's wait at once instead of
 * at the poller's next due time. */
#ifndef OAI_POLL_CANCEL_H
#define OAI_POLL_CANCEL_H

#include "oai/poll.h"

typedef struct oai__cancel_waiter oai__cancel_waiter;
struct oai__cancel_waiter {
    /* Runs on the triggering thread with the token's lock held: it must
     * only wake its loop (a thread-safe call such as oai_multi_wakeup()),
     * never touch the token. */
    void (*wake)(void *ud);
    void *ud;
    oai__cancel_waiter *prev, *next;
};

/* Register `w` (not yet registered) on `t`; it runs at once if `t` is
 * already set. Unregister it before `w` or what it wakes goes away: once
 * oai__cancel_unwatch() returned, `w->wake` is not running and never
 * runs again. Both take NULL tokens (nothing to do) and allocate nothing. */
void oai__cancel_watch(oai_cancel *t, oai__cancel_waiter *w);
void oai__cancel_unwatch(oai_cancel *t, oai__cancel_waiter *w);

#endif
