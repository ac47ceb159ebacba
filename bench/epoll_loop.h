/* epoll_loop.h - the level-2 loop of the benchmarks: an epoll(7) set and
 * one timer, driven by the socket and timer callbacks of a libcurl multi
 * or an oai_multi (both use the same values for what to watch and for
 * what is ready). */
#ifndef EPOLL_LOOP_H
#define EPOLL_LOOP_H

typedef struct epoll_loop {
    int fd;
    double timer_at; /* monotonic seconds the timer fires at, < 0: none */
} epoll_loop;

/* 0, or -1 when no epoll set could be made. */
int epoll_loop_init(epoll_loop *l);
void epoll_loop_close(epoll_loop *l);

/* Watch fd for what: 1 readable, 2 writable, 3 both; 4 stops. 0 or -1. */
int epoll_loop_watch(epoll_loop *l, int fd, int what);

/* Fire in ms milliseconds; -1 disarms. */
void epoll_loop_timer(epoll_loop *l, long ms);

/* A ready socket (events: 1 readable, 2 writable, 4 error), or the timer
 * (fd -1, events 0); sets *running to 0 once everything is done. */
typedef void (*epoll_action)(void *ctx, int fd, int events, int *running);

/* Waits and acts until *running is 0. */
void epoll_loop_run(epoll_loop *l, epoll_action act, void *ctx);

#endif /* EPOLL_LOOP_H */
