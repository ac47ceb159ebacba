/*
 * oai/adapters/libuv.h - run an oai_multi on a libuv loop.
 *
 * Header-only glue over the multi's level 2 (oai/multi.h): one uv_poll_t
 * per socket the multi asks to watch, one uv_timer_t for the multi's
 * merged deadline. liboai itself never links libuv; a program including
 * this header links it (pkg-config libuv). With -std=c11 rather than
 * gnu11, define _POSIX_C_SOURCE=200809L first: <uv.h> needs POSIX types.
 *
 *     #include <oai.h>
 *     #include <oai/adapters/libuv.h>
 *
 *     uv_loop_t *loop = uv_default_loop();
 *     oai_libuv *a;
 *     oai_multi_options mo = OAI_MULTI_OPTIONS_INIT;
 *     oai_libuv_new(&a, loop, &mo);      // fills socket_cb, timer_cb,
 * user_data oai_multi *m; oai_multi_new(&m, client, &mo); oai_libuv_attach(a,
 * m);
 *     ... start streams / requests on client, oai_multi_add_stream(m, ...) ...
 *     uv_run(loop, UV_RUN_DEFAULT);      // hooks and done callbacks fire in
 * here
 *     ... free streams and requests ...
 *     oai_multi_free(m);
 *     oai_libuv_free(a);
 *     uv_run(loop, UV_RUN_DEFAULT);      // runs the close callbacks
 *     oai_client_free(client);
 *
 * Lifetime and order: the adapter must outlive the multi (the multi calls
 * it until oai_multi_free()); free it after the multi and before the
 * client (whose sockets it may still be watching). oai_libuv_free() closes
 * the adapter's handles with uv_close(); their memory, and the adapter's,
 * is released by the close callbacks, i.e. on the next run of the loop.
 *
 * Loop lifetime: the adapter's handles are active only while the multi has
 * a socket to watch or a timer pending, so uv_run(UV_RUN_DEFAULT) returns
 * once nothing is in flight (and nothing else keeps the loop alive).
 *
 * Timers: timeout 0 is a uv timer of 0 ms, which fires from the loop's
 * next iteration, never from inside the callback that set it (when the
 * multi asks for 0 from inside the timer's own callback, 1 ms: libuv would
 * otherwise run it again before polling any socket). The multi reports its
 * deadline again after every timer action, so a timer fired early by the
 * loop's cached clock is simply re-armed.
 *
 * Threading: everything runs on the loop's thread. From another thread,
 * use a uv_async_t of your own and start work from its callback.
 *
 * The structures below are private; use the functions.
 */
#ifndef OAI_ADAPTERS_LIBUV_H
#define OAI_ADAPTERS_LIBUV_H

#include <stdlib.h>
#include <uv.h>

#include "../multi.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct oai_libuv oai_libuv;

/* One watched socket. */
typedef struct oai__libuv_sock {
    uv_poll_t poll;
    oai_libuv *a;
    oai_socket fd;
    struct oai__libuv_sock *prev, *next;
} oai__libuv_sock;

struct oai_libuv {
    uv_loop_t *loop;
    oai_multi *m;
    uv_timer_t timer;
    oai__libuv_sock *socks; /* watched sockets */
    size_t closing;         /* handles whose close callback is pending */
    int freed;
    int in_timer; /* inside the timer's callback */
};

static inline void oai__libuv_release(oai_libuv *a)
{
    if (a->freed && a->closing == 0)
        free(a);
}

static inline void oai__libuv_sock_closed(uv_handle_t *h)
{
    oai__libuv_sock *s = (oai__libuv_sock *)h->data;
    oai_libuv *a = s->a;
    free(s);
    a->closing--;
    oai__libuv_release(a);
}

/* Stop watching: the handle stops at once (the fd may be closed right
 * after), its memory goes in the close callback. */
static inline void oai__libuv_sock_close(oai__libuv_sock *s)
{
    oai_libuv *a = s->a;
    if (s->prev)
        s->prev->next = s->next;
    else
        a->socks = s->next;
    if (s->next)
        s->next->prev = s->prev;
    a->closing++;
    uv_close((uv_handle_t *)&s->poll, oai__libuv_sock_closed);
}

static inline void oai__libuv_poll_cb(uv_poll_t *h, int status, int events)
{
    oai__libuv_sock *s = (oai__libuv_sock *)h->data;
    int flags = 0;
    if (status < 0)
        flags = OAI_CSELECT_ERR;
    else
        flags = ((events & UV_READABLE) ? OAI_CSELECT_IN : 0) |
                ((events & UV_WRITABLE) ? OAI_CSELECT_OUT : 0);
    /* s stays allocated until the loop runs its close callback, even if
     * the socket is removed in here; it is not used afterwards anyway */
    oai_multi_socket_action(s->a->m, s->fd, flags, NULL);
}

static inline void oai__libuv_timer_fired(uv_timer_t *t)
{
    oai_libuv *a = (oai_libuv *)t->data;
    if (!a->m)
        return;
    a->in_timer = 1;
    oai_multi_socket_action(a->m, OAI_SOCKET_TIMEOUT, 0, NULL);
    a->in_timer = 0;
}

/* uv_timer_start/stop only fail on a closing handle, and the adapter
 * closes its timer only after the multi is gone. */
static inline void oai__libuv_timer_cb(long timeout_ms, void *user_data)
{
    oai_libuv *a = (oai_libuv *)user_data;
    if (timeout_ms < 0) {
        (void)uv_timer_stop(&a->timer);
        return;
    }
    /* libuv runs a timer re-armed at 0 from its own callback again in the
     * same pass, before any I/O: 1 ms lets the loop poll in between */
    uint64_t ms = timeout_ms == 0 && a->in_timer ? 1 : (uint64_t)timeout_ms;
    (void)uv_timer_start(&a->timer, oai__libuv_timer_fired, ms, 0);
}

static inline int oai__libuv_socket_cb(oai_socket fd, int what,
                                       void *socket_data, void *user_data)
{
    oai_libuv *a = (oai_libuv *)user_data;
    oai__libuv_sock *s = (oai__libuv_sock *)socket_data;
    if (what == OAI_POLL_REMOVE) {
        if (s) {
            oai_multi_assign(a->m, fd, NULL);
            oai__libuv_sock_close(s);
        }
        return 0;
    }
    if (!s) {
        s = (oai__libuv_sock *)calloc(1, sizeof *s);
        if (!s)
            return -1;
        if (uv_poll_init_socket(a->loop, &s->poll, fd) != 0) {
            free(s);
            return -1;
        }
        s->poll.data = s;
        s->a = a;
        s->fd = fd;
        s->next = a->socks;
        if (a->socks)
            a->socks->prev = s;
        a->socks = s;
        if (oai_multi_assign(a->m, fd, s) != OAI_OK) {
            oai__libuv_sock_close(s);
            return -1;
        }
    }
    int ev = ((what & OAI_POLL_IN) ? UV_READABLE : 0) |
             ((what & OAI_POLL_OUT) ? UV_WRITABLE : 0);
    return uv_poll_start(&s->poll, ev, oai__libuv_poll_cb) ? -1 : 0;
}

static inline void oai__libuv_timer_closed(uv_handle_t *h)
{
    oai_libuv *a = (oai_libuv *)h->data;
    a->closing--;
    oai__libuv_release(a);
}

/**
 * Create an adapter for `loop` and fill the level-2 members of `opts`
 * (socket_cb, timer_cb, user_data; the rest is left alone). Create the
 * multi with those options, then call oai_libuv_attach().
 * @param[out] out the adapter; NULL on error.
 * @param loop the loop (must outlive the adapter's close callbacks).
 * @param[in,out] opts the multi options to fill.
 * @return OAI_OK; OAI_EINVAL (NULL argument); OAI_ENOMEM; OAI_ERROR
 *         (libuv refused the timer).
 */
static inline int oai_libuv_new(oai_libuv **out, uv_loop_t *loop,
                                oai_multi_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !loop || !opts)
        return OAI_EINVAL;
    oai_libuv *a = (oai_libuv *)calloc(1, sizeof *a);
    if (!a)
        return OAI_ENOMEM;
    if (uv_timer_init(loop, &a->timer) != 0) {
        free(a);
        return OAI_ERROR;
    }
    a->loop = loop;
    a->timer.data = a;
    opts->socket_cb = oai__libuv_socket_cb;
    opts->timer_cb = oai__libuv_timer_cb;
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
static inline int oai_libuv_attach(oai_libuv *a, oai_multi *m)
{
    if (!a || !m || a->m)
        return OAI_EINVAL;
    a->m = m;
    return OAI_OK;
}

/**
 * Stop watching everything and close the adapter's handles; the memory is
 * released by their close callbacks when the loop runs next. Call it after
 * oai_multi_free(), not from inside a callback of the multi. NULL is fine.
 */
static inline void oai_libuv_free(oai_libuv *a)
{
    if (!a)
        return;
    a->freed = 1;
    a->m = NULL;
    while (a->socks)
        oai__libuv_sock_close(a->socks);
    uv_timer_stop(&a->timer);
    a->closing++;
    uv_close((uv_handle_t *)&a->timer, oai__libuv_timer_closed);
}

#ifdef __cplusplus
}
#endif
#endif /* OAI_ADAPTERS_LIBUV_H */
