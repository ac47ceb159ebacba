/* oai_cancel: a flag guarded by a mutex, with a condition variable on the
 * monotonic clock so waiting helpers wake as soon as it is set. */
#include "poll/cancel.h"

#include <pthread.h>
#include <time.h>

#include "core/alloc.h"

struct oai_cancel {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int set;
};

static int init_cond(pthread_cond_t *cv)
{
    pthread_condattr_t a;
    if (pthread_condattr_init(&a))
        return -1;
    int rc = pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    if (!rc)
        rc = pthread_cond_init(cv, &a);
    pthread_condattr_destroy(&a);
    return rc ? -1 : 0;
}

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
    if (init_cond(&t->cv)) {
        pthread_mutex_destroy(&t->mu);
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
    pthread_cond_broadcast(&t->cv);
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
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
    oai__free(t);
}

static struct timespec deadline_after(long ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

int oai__cancel_wait(oai_cancel *t, long ms)
{
    if (ms < 0)
        ms = 0;
    struct timespec until = deadline_after(ms);
    if (!t) {
        /* No token: a private condition variable nobody signals, so the
         * wait is exactly bounded by the deadline. */
        pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
        pthread_cond_t cv;
        if (init_cond(&cv))
            return 0;
        pthread_mutex_lock(&mu);
        while (pthread_cond_timedwait(&cv, &mu, &until) == 0)
            ; /* spurious wake-up: wait again until the deadline */
        pthread_mutex_unlock(&mu);
        pthread_cond_destroy(&cv);
        pthread_mutex_destroy(&mu);
        return 0;
    }
    pthread_mutex_lock(&t->mu);
    while (!t->set && pthread_cond_timedwait(&t->cv, &t->mu, &until) == 0)
        ; /* woken: re-check the flag; ETIMEDOUT (or an error) ends it */
    int set = t->set;
    pthread_mutex_unlock(&t->mu);
    return set;
}
