/* An nghttpx TLS front for the benchmarks: HTTP/2 (ALPN h2) and HTTP/1.1
 * on one port, forwarding in clear text to a local backend. The key and a
 * self-signed certificate are made by the openssl command in a temporary
 * folder, which also holds nghttpx's access log ("<alpn> <client port>"
 * a request) and is removed by tls_front_stop(). */
#ifndef OAI_BENCH_TLS_FRONT_H
#define OAI_BENCH_TLS_FRONT_H

#include <sys/types.h>

typedef struct tls_front {
    char dir[256];
    pid_t pid;
    int port;
} tls_front;

/* 0 once the front accepts connections on f->port; -1 with the reason on
 * stderr. max_streams: HTTP/2 streams a connection may carry at once.
 * window: the HTTP/2 flow-control window the front grants each connection
 * and each stream, in bytes; 0 keeps nghttpx's (64 KiB - 1). */
int tls_front_start(tls_front *f, int backend_port, int max_streams, long window);

/* Distinct client connections that carried a request, and how many of the
 * requests went over h2; -1 when the access log is unreadable. */
int tls_front_connections(const tls_front *f, long *h2_requests);

void tls_front_stop(tls_front *f);

#endif
