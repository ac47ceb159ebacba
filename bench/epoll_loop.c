/* epoll_loop.c - see epoll_loop.h. */
#include "epoll_loop.h"

#include <errno.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int epoll_loop_init(epoll_loop *l)
{
    l->fd = epoll_create1(EPOLL_CLOEXEC);
    l->timer_at = -1.0;
    return l->fd < 0 ? -1 : 0;
}

void epoll_loop_close(epoll_loop *l)
{
    if (l->fd >= 0)
        close(l->fd);
    l->fd = -1;
}

int epoll_loop_watch(epoll_loop *l, int fd, int what)
{
    if (what & 4) {
        epoll_ctl(l->fd, EPOLL_CTL_DEL, fd, NULL);
        return 0;
    }
    struct epoll_event ev = {0};
    ev.data.fd = fd;
    ev.events = ((what & 1) ? EPOLLIN : 0u) | ((what & 2) ? EPOLLOUT : 0u);
    if (epoll_ctl(l->fd, EPOLL_CTL_MOD, fd, &ev) == 0)
        return 0;
    return errno == ENOENT && epoll_ctl(l->fd, EPOLL_CTL_ADD, fd, &ev) == 0 ? 0 : -1;
}

void epoll_loop_timer(epoll_loop *l, long ms)
{
    l->timer_at = ms < 0 ? -1.0 : mono_s() + (double)ms / 1000.0;
}

void epoll_loop_run(epoll_loop *l, epoll_action act, void *ctx)
{
    struct epoll_event evs[256];
    int running = 1;
    while (running) {
        int wait = 1000;
        if (l->timer_at >= 0) {
            double left = l->timer_at - mono_s();
            wait = left <= 0 ? 0 : (int)(left * 1000.0) + 1;
        }
        int k = epoll_wait(l->fd, evs, 256, wait);
        for (int i = 0; i < k; i++) {
            unsigned e = evs[i].events;
            act(ctx, evs[i].data.fd,
                ((e & EPOLLIN) ? 1 : 0) | ((e & EPOLLOUT) ? 2 : 0) | ((e & (EPOLLERR | EPOLLHUP)) ? 4 : 0),
                &running);
        }
        if (l->timer_at >= 0 && mono_s() >= l->timer_at) {
            l->timer_at = -1;
            act(ctx, -1, 0, &running);
        }
    }
}
