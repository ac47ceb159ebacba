/* The HTTP server: libmicrohttpd in external-loop epoll mode driven by one
 * thread that also runs the timer scheduler (see sched.h). */
#ifndef EMU_SERVER_H
#define EMU_SERVER_H

/* Bind 127.0.0.1:port (0 = ephemeral). Returns the bound port or -1. */
int server_start(int port);
/* Serve until *stop becomes non-zero (set from a signal handler). */
void server_loop(volatile int *stop);
void server_stop(void);

#endif
