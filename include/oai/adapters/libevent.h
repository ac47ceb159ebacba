/*
 * oai/adapters/libevent.h - run an oai_multi on a libevent event_base.
 *
 * Header-only glue over the multi's level 2 (oai/multi.h): one persistent
 * event (event_new with EV_PERSIST) per socket the multi asks to watch,
 * one evtimer for the multi's merged deadline. liboai itself never links
 * libevent; a program including this header links it (pkg-config
 * libevent, or libevent_core).
 *
 *     #include <oai.h>
 *     #include <oai/adapters/libevent.h>
 *
 *     struct event_base *base = event_base_new();
 *     oai_libevent *a;
 *     oai_multi_options mo = OAI_MULTI_OPTIONS_INIT;
 *     oai_libevent_new(&a, base, &mo);   // fills socket_cb, timer_cb,
 * user_data oai_multi *m; oai_multi_new(&m, client, &mo);
 *     oai_libevent_attach(a, m);
 *     ... start streams / requests on client, oai_multi_add_stream(m, ...) ...
 *     event_base_dispatch(base);         // hooks and done callbacks fire in
 * here
 *     ... free streams and requests ...
 *     oai_multi_free(m);
 *     oai_libevent_free(a);
 *     oai_client_free(client);
 *     event_base_free(base);
 *
 * Lifetime and order: the adapter must outlive the multi (the multi calls
 * it until oai_multi_free()); free it after the multi and before the
 * client (whose sockets it may still be watching). Freeing is immediate.
 *
 * Loop lifetime: the adapter's events are pending only while the multi has
 * a socket to watch or a timer pending, so event_base_dispatch() returns
 * once nothing is in flight (and nothing else is pending on the base).
 *
 * Timers: timeout 0 is an evtimer of 0 s, which fires from the loop's next
 * iteration, never from inside the callback that set it. The multi
 * reports its deadline again after every timer action, so a timer fired
 * early by the loop's cached clock is simply re-armed.
 *
 * Threading: everything runs on the base's thread.
 *
 * The structures below are private; use the functions.
 */
#ifndef OAI_ADAPTERS_LIBEVENT_H
#define OAI_ADAPTERS_LIBEVENT_H

#include <event2/event.h>
#include <stdlib.h>

#include "../multi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct oai_libevent oai_libevent;

/* One watched socket. */
typedef struct oai__libevent_sock {
    struct event *ev;
    oai_libevent *a;
    oai_socket fd;
    struct oai__libevent_sock *prev, *next;
} oai__libevent_sock;

struct oai_libevent {
    struct event_base *base;
    oai_multi *m;
    struct event *timer;
    oai__libevent_sock *socks; /* watched sockets */
};

static inline void oai__libevent_sock_free(oai__libevent_sock *s)
{
    oai_libevent *a = s->a;
    if (s->prev)
        s->prev->next = s->next;
    else
        a->socks = s->next;
    if (s->next)
        s->next->prev = s->prev;
    if (s->ev)
        event_free(s->ev); /* also deletes it */
    free(s);
}

static inline void oai__libevent_sock_fired(evutil_socket_t fd, short what,
                                            void *arg)
{
    oai__libevent_sock *s = (oai__libevent_sock *)arg;
    int flags = ((what & EV_READ) ? OAI_CSELECT_IN : 0) |
                ((what & EV_WRITE) ? OAI_CSELECT_OUT : 0);
    /* s may be freed in here (the socket removed): not touched afterwards */
    oai_multi_socket_action(s->a->m, (oai_socket)fd, flags, NULL);
}

static inline void oai__libevent_timer_fired(evutil_socket_t fd, short what,
                                             void *arg)
{
    oai_libevent *a = (oai_libevent *)arg;
    (void)fd;
    (void)what;
    if (!a->m)
        return;
    oai_multi_socket_action(a->m, OAI_SOCKET_TIMEOUT, 0, NULL);
}

/* evtimer_add/del only fail on an event that was never set up, which
 * oai_libevent_new() rules out. */
static inline void oai__libevent_timer_cb(long timeout_ms, void *user_data)
{
    oai_libevent *a = (oai_libevent *)user_data;
    if (timeout_ms < 0) {
        (void)evtimer_del(a->timer);
        return;
    }
    struct timeval tv;
    tv.tv_sec = timeout_ms / 1000;
    tv.tv_usec = (timeout_ms % 1000) * 1000;
    (void)evtimer_add(a->timer, &tv);
}

static inline int oai__libevent_socket_cb(oai_socket fd, int what,
                                          void *socket_data, void *user_data)
{
    oai_libevent *a = (oai_libevent *)user_data;
    oai__libevent_sock *s = (oai__libevent_sock *)socket_data;
    if (what == OAI_POLL_REMOVE) {
        if (s) {
            oai_multi_assign(a->m, fd, NULL);
            oai__libevent_sock_free(s);
        }
        return 0;
    }
    short ev = (short)(EV_PERSIST | ((what & OAI_POLL_IN) ? EV_READ : 0) |
                       ((what & OAI_POLL_OUT) ? EV_WRITE : 0));
    if (!s) {
        s = (oai__libevent_sock *)calloc(1, sizeof *s);
        if (!s)
            return -1;
        s->a = a;
        s->fd = fd;
        s->next = a->socks;
        if (a->socks)
            a->socks->prev = s;
        a->socks = s;
        s->ev = event_new(a->base, (evutil_socket_t)fd, ev,
                          oai__libevent_sock_fired, s);
        if (!s->ev || oai_multi_assign(a->m, fd, s) != OAI_OK) {
            oai__libevent_sock_free(s);
            return -1;
        }
    } else {
        /* a pending event cannot be re-assigned: delete it first */
        event_del(s->ev);
        if (event_assign(s->ev, a->base, (evutil_socket_t)fd, ev,
                         oai__libevent_sock_fired, s))
            return -1;
    }
    return event_add(s->ev, NULL) ? -1 : 0;
}

/**
 * Create an adapter for `base` and fill the level-2 members of `opts`
 * (socket_cb, timer_cb, user_data; the rest is left alone). Create the
 * multi with those options, then call oai_libevent_attach().
 * @param[out] out the adapter; NULL on error.
 * @param base the event base (must outlive the adapter).
 * @param[in,out] opts the multi options to fill.
 * @return OAI_OK; OAI_EINVAL (NULL argument); OAI_ENOMEM (also when
 *         libevent could not create the timer).
 */
static inline int oai_libevent_new(oai_libevent **out, struct event_base *base,
                                   oai_multi_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !base || !opts)
        return OAI_EINVAL;
    oai_libevent *a = (oai_libevent *)calloc(1, sizeof *a);
    if (!a)
        return OAI_ENOMEM;
    a->base = base;
    a->timer = evtimer_new(base, oai__libevent_timer_fired, a);
    if (!a->timer) {
        free(a);
        return OAI_ENOMEM;
    }
    opts->socket_cb = oai__libevent_socket_cb;
    opts->timer_cb = oai__libevent_timer_cb;
    opts->user_data = a;
    *out = a;
    return OAI_OK;
}

/**
 * Bind the adapter to the multi created with the options it filled. Call
 * it before the loop runs and before anything is started on the multi's
 * client.
 * @return OAI_OK; OAI_EINVAL (NULL argument, already attached).
 */
static inline int oai_libevent_attach(oai_libevent *a, oai_multi *m)
{
    if (!a || !m || a->m)
        return OAI_EINVAL;
    a->m = m;
    return OAI_OK;
}

/**
 * Delete and free every event of the adapter, then the adapter. Call it
 * after oai_multi_free(), not from inside a callback of the multi. NULL is
 * fine.
 */
static inline void oai_libevent_free(oai_libevent *a)
{
    if (!a)
        return;
    while (a->socks)
        oai__libevent_sock_free(a->socks);
    event_free(a->timer);
    free(a);
}

#ifdef __cplusplus
}
#endif
#endif /* OAI_ADAPTERS_LIBEVENT_H */
