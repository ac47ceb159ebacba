/* Shared by the multi tests: a minimal level-2 event loop on poll(2) that
 * owns the sockets and the one timer the multi reports, as an
 * application's own loop would. */
#ifndef OAI_TESTS_MULTI_LOOP2_H
#define OAI_TESTS_MULTI_LOOP2_H

#include <poll.h>

#include "multi_common.h"

#define LOOP2_MAX_FDS 256

typedef struct loop2 {
    int fds[LOOP2_MAX_FDS];
    int what[LOOP2_MAX_FDS];
    int n;
    long timer; /* -1 disarmed */
    int64_t timer_set_at;
    int timer_calls;
} loop2;

static inline int loop2_sock_cb(oai_socket fd, int what, void *sd, void *ud)
{
    loop2 *l = ud;
    (void)sd;
    for (int i = 0; i < l->n; i++)
        if (l->fds[i] == fd) {
            if (what == OAI_POLL_REMOVE) {
                l->fds[i] = l->fds[l->n - 1];
                l->what[i] = l->what[l->n - 1];
                l->n--;
            } else {
                l->what[i] = what;
            }
            return 0;
        }
    if (what != OAI_POLL_REMOVE && l->n < LOOP2_MAX_FDS) {
        l->fds[l->n] = fd;
        l->what[l->n++] = what;
    }
    return 0;
}

static inline void loop2_timer_cb(long ms, void *ud)
{
    loop2 *l = ud;
    l->timer = ms;
    l->timer_set_at = mc_now();
    l->timer_calls++;
}

/* Options that route the multi's sockets and timer into `l` (reset). */
static inline oai_multi_options loop2_init(loop2 *l)
{
    memset(l, 0, sizeof *l);
    l->timer = -1;
    oai_multi_options mo = OAI_MULTI_OPTIONS_INIT;
    mo.socket_cb = loop2_sock_cb;
    mo.timer_cb = loop2_timer_cb;
    mo.user_data = l;
    return mo;
}

/* One round: wait for a socket or the timer, then act on what is ready. */
static inline void loop2_round(oai_multi *m, loop2 *l, int *running)
{
    struct pollfd pf[LOOP2_MAX_FDS];
    for (int i = 0; i < l->n; i++) {
        pf[i].fd = l->fds[i];
        pf[i].events = (short)(((l->what[i] & OAI_POLL_IN) ? POLLIN : 0) |
                               ((l->what[i] & OAI_POLL_OUT) ? POLLOUT : 0));
        pf[i].revents = 0;
    }
    int wait = 1000;
    if (l->timer >= 0) {
        int64_t left = l->timer_set_at + l->timer - mc_now();
        wait = left < 0 ? 0 : (int)left;
    }
    int n = poll(pf, (nfds_t)l->n, wait);
    assert_true(n >= 0);
    if (n == 0) {
        l->timer = -1;
        assert_int_equal(oai_multi_socket_action(m, OAI_SOCKET_TIMEOUT, 0, running), OAI_OK);
        return;
    }
    /* socket_action may change l's table: act on a copy */
    int cnt = l->n, fds[LOOP2_MAX_FDS], ev[LOOP2_MAX_FDS];
    for (int i = 0; i < cnt; i++) {
        fds[i] = pf[i].fd;
        ev[i] = ((pf[i].revents & POLLIN) ? OAI_CSELECT_IN : 0) |
                ((pf[i].revents & POLLOUT) ? OAI_CSELECT_OUT : 0) |
                ((pf[i].revents & (POLLERR | POLLHUP)) ? OAI_CSELECT_ERR : 0);
    }
    for (int i = 0; i < cnt; i++)
        if (ev[i])
            assert_int_equal(oai_multi_socket_action(m, fds[i], ev[i], running), OAI_OK);
}

#endif
