/* Shared by the poll tests: a thread that triggers a cancel token after a
 * delay. */
#ifndef OAI_TESTS_POLL_CANCEL_LATER_H
#define OAI_TESTS_POLL_CANCEL_LATER_H

#include <pthread.h>
#include <time.h>

#include "oai.h"
#include "testutil.h"

typedef struct cancel_later {
    oai_cancel *token;
    long ms;
    pthread_t thread;
} cancel_later;

static inline void *cancel_later_main(void *arg)
{
    cancel_later *k = arg;
    struct timespec ts = {k->ms / 1000, (k->ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    oai_cancel_trigger(k->token);
    return NULL;
}

/* Trigger `token` from another thread `ms` from now; join with
 * cancel_later_join(). */
static inline void cancel_later_start(cancel_later *k, oai_cancel *token,
                                      long ms)
{
    k->token = token;
    k->ms = ms;
    assert_int_equal(pthread_create(&k->thread, NULL, cancel_later_main, k), 0);
}

static inline void cancel_later_join(cancel_later *k)
{
    pthread_join(k->thread, NULL);
}

#endif
