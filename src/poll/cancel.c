/* oai_cancel: a flag guarded by a mutex, with the list of loops to wake
 * when it is set (cancel.h). */
#include "poll/cancel.h"

#include <pthread.h>

#include "core/alloc.h"

struct oai_cancel {
    pthread_mutex_t mu;
    int set;
    oai__cancel_waiter *waiters;
};

int oai_cancel_new(oai_cancel **out)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai_cancel *t = oai__calloc(1, sizeof *t);
    if (!t)
        return OAI_ENOMEM;
    if (pthread_mutex_init(&t->mu, NULL)) {
        oai__free(t);
        return OAI_ENOMEM;
    }
    *out = t;
    return OAI_OK;
}

void oai_cancel_trigger(oai_cancel *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->mu);
    t->set = 1;
    for (oai__cancel_waiter *w = t->waiters; w; w = w->next)
        w->wake(w->ud);
    pthread_mutex_unlock(&t->mu);
}

int oai_cancel_is_set(const oai_cancel *t)
{
    if (!t)
        return 0;
    oai_cancel *m = (oai_cancel *)t; /* locking does not change the value */
    pthread_mutex_lock(&m->mu);
    int set = m->set;
    pthread_mutex_unlock(&m->mu);
    return set;
}

void oai_cancel_free(oai_cancel *t)
{
    if (!t)
        return;
    pthread_mutex_destroy(&t->mu);
    oai__free(t);
}

void oai__cancel_watch(oai_cancel *t, oai__cancel_waiter *w)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->mu);
    w->prev = NULL;
    w->next = t->waiters;
    if (t->waiters)
        t->waiters->prev = w;
    t->waiters = w;
    if (t->set)
        w->wake(w->ud);
    pthread_mutex_unlock(&t->mu);
}

void oai__cancel_unwatch(oai_cancel *t, oai__cancel_waiter *w)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->mu);
    if (w->prev)
        w->prev->next = w->next;
    else if (t->waiters == w)
        t->waiters = w->next;
    if (w->next)
        w->next->prev = w->prev;
    w->prev = w->next = NULL;
    pthread_mutex_unlock(&t->mu);
}
