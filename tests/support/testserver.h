/*
 * A small scriptable HTTP/1.1 server on 127.0.0.1 for the tests. It runs in
 * background threads (one per connection), answers requests with scripted
 * replies in order, and records every request (line, headers, body, arrival
 * time) and every accepted TCP connection.
 *
 *     ts_server *s = ts_start();
 *     ts_reply r = {.status = 200, .body = "{\"ok\":true}"};
 *     ts_push(s, &r);
 *     ... point a client at ts_url(s) ...
 *     assert_int_equal(ts_nrequests(s), 1);
 *     ts_stop(s);
 */
#ifndef OAI_TESTSERVER_H
#define OAI_TESTSERVER_H

#include <stddef.h>
#include <stdint.h>

typedef struct ts_reply {
    int status;            /* 0: close the connection without answering */
    const char *headers;   /* extra lines, each ending in "\r\n", or NULL */
    const char *body;      /* NULL: empty */
    size_t body_len;       /* 0: strlen(body) */
    int delay_ms;          /* wait before the status line */
    int pause_ms;          /* wait after pause_at body bytes */
    size_t pause_at;
    int cut;               /* close the connection after cut_at body bytes */
    size_t cut_at;
    int chunked;           /* Transfer-Encoding: chunked instead of Content-Length */
    int close;             /* Connection: close after this reply */
    /* A generated reply, for bodies too large or endless to store: gen is
     * called for pieces until it returns 0 or the client is gone, with
     * gen_gap_ms between pieces. The body is chunked if `chunked`, else it
     * ends with the connection. With gen_raw, gen writes everything after
     * the status line (headers included). Runs on the server's thread. */
    size_t (*gen)(void *user_data, char *buf, size_t cap);
    void *gen_user_data;
    int gen_raw;
    int gen_gap_ms;
} ts_reply;

typedef struct ts_request {
    char method[16];
    char target[2048];     /* e.g. "/v1/threads?limit=1" */
    char **headers;        /* "Name: value" as received */
    size_t n_headers;
    char *body;            /* NUL-terminated */
    size_t body_len;
    int64_t at_ms;         /* monotonic arrival time of the complete request */
    int conn;              /* which accepted connection (1-based) */
} ts_request;

typedef struct ts_server ts_server;

ts_server *ts_start(void);
void ts_stop(ts_server *s);
/* Queue a reply (strings are copied). With the queue empty the server
 * answers 500 "no scripted reply". */
void ts_push(ts_server *s, const ts_reply *r);
int ts_port(const ts_server *s);
/* "http://127.0.0.1:<port>/v1" */
const char *ts_url(const ts_server *s);
int ts_connections(ts_server *s);
int ts_nrequests(ts_server *s);
/* Request i (0-based); valid until ts_stop. NULL if there is none yet. */
const ts_request *ts_request_at(ts_server *s, int i);
/* Wait until n requests were recorded, at most timeout_ms; 1 if so. */
int ts_wait_requests(ts_server *s, int n, int timeout_ms);
/* Value of header `name` (case-insensitive) in a request, or NULL. */
const char *ts_req_header(const ts_request *r, const char *name);
/* How many times header `name` was sent. */
int ts_req_header_count(const ts_request *r, const char *name);
/* Monotonic ms, same clock as at_ms. */
int64_t ts_now_ms(void);

/* A listener on 127.0.0.1 that never accepts, its backlog filled, so a new
 * connection to it stays in SYN-SENT: only a connect timeout ends it. */
typedef struct ts_stuck {
    int listener, fillers[4];
    int port;
    char url[64]; /* http://127.0.0.1:<port>/v1 */
} ts_stuck;
void ts_stuck_open(ts_stuck *k);
void ts_stuck_close(ts_stuck *k);

#endif
