/*
 * Running Prism (the OpenAPI mock server) from a test: start it on an
 * ephemeral loopback port serving a spec, and read back, request by
 * request, what its validator said.
 *
 *     prism_server s;
 *     if (prism_start(&s, prism_exe, "openapi.yaml") != 0) ... fail ...
 *     ... requests to s.base_url ...
 *     char *log = prism_take_log(&s);   // every line since the last take
 *     ... look for "✖" lines ...
 *     free(log);
 *     prism_stop(&s);
 */
#ifndef OAI_TESTS_PRISM_SERVER_H
#define OAI_TESTS_PRISM_SERVER_H

#include <stddef.h>
#include <sys/types.h>

/* Path prefix of the marker requests prism_take_log() sends; their own log
 * lines are left out of what it returns. */
#define PRISM_MARK_PATH "/__oai_mark/"

typedef struct prism_server {
    pid_t pid;
    int port;
    char dir[256];      /* private temporary directory */
    char log_path[300]; /* Prism's output */
    char base_url[64];  /* http://127.0.0.1:<port> (the spec's paths start
                           after /v1) */
    long offset;        /* log bytes already returned */
    unsigned marks;     /* marker requests sent */
} prism_server;

/* Start `exe` (the prism executable) serving `spec`. Returns 0 once Prism
 * listens, or -1 (the reason printed; Prism's output is printed too). Waits
 * at most `wait_s` seconds: loading a large spec takes a while. */
int prism_start(prism_server *s, const char *exe, const char *spec, int wait_s);
/* Stop it (SIGTERM, then SIGKILL after 5 s) and remove the directory. */
void prism_stop(prism_server *s);
/* Every log line of the requests sent since the previous take (malloc'd,
 * NUL-terminated), or NULL when the marker request does not show up in
 * the log within 10 s. A marker request delimits the requests: once its
 * line is logged, every line of the requests before it is too. */
char *prism_take_log(prism_server *s);

/* Prints the end of Prism's output and whether it still runs. */
void prism_print_tail(prism_server *s);

#endif
