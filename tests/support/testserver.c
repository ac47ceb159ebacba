#include "testserver.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 256
#define MAX_REQS 1024
#define MAX_REPLIES 256

typedef struct conn {
    ts_server *s;
    int fd;
    int id;
    pthread_t th;
} conn;

struct ts_server {
    int lfd;
    int port;
    char url[64];
    pthread_t accept_th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_int stop; /* read by the connection threads */
    conn *conns[MAX_CONNS];
    int nconns;
    ts_request *reqs[MAX_REQS];
    int nreqs;
    ts_reply replies[MAX_REPLIES];
    int rhead, rtail;
};

int64_t ts_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleep in small steps so ts_stop never waits long. */
static void nap(ts_server *s, int ms)
{
    int64_t end = ts_now_ms() + ms;
    while (!s->stop && ts_now_ms() < end) {
        struct timespec t = {0, 5 * 1000000L};
        nanosleep(&t, NULL);
    }
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Read more bytes into buf; -1 on EOF/error/stop. */
static int fill(ts_server *s, int fd, char **buf, size_t *len, size_t *cap)
{
    for (;;) {
        if (s->stop)
            return -1;
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, 50);
        if (r == 0)
            continue;
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (*len + 4096 + 1 > *cap) {
            *cap = (*len + 4096 + 1) * 2;
            *buf = realloc(*buf, *cap);
        }
        ssize_t n = recv(fd, *buf + *len, 4096, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        *len += (size_t)n;
        (*buf)[*len] = '\0';
        return 0;
    }
}

static char *find_crlf2(char *buf, size_t len)
{
    for (size_t i = 0; i + 3 < len; i++)
        if (memcmp(buf + i, "\r\n\r\n", 4) == 0)
            return buf + i;
    return NULL;
}

static void consume(char *buf, size_t *len, size_t n)
{
    memmove(buf, buf + n, *len - n);
    *len -= n;
    buf[*len] = '\0';
}

const char *ts_req_header(const ts_request *r, const char *name)
{
    size_t nl = strlen(name);
    for (size_t i = 0; i < r->n_headers; i++) {
        const char *h = r->headers[i];
        if (strncasecmp(h, name, nl) == 0 && h[nl] == ':') {
            const char *v = h + nl + 1;
            while (*v == ' ')
                v++;
            return v;
        }
    }
    return NULL;
}

int ts_req_header_count(const ts_request *r, const char *name)
{
    size_t nl = strlen(name);
    int n = 0;
    for (size_t i = 0; i < r->n_headers; i++)
        if (strncasecmp(r->headers[i], name, nl) == 0 && r->headers[i][nl] == ':')
            n++;
    return n;
}

/* Read one request; NULL when the connection ends. */
static ts_request *read_request(conn *c, char **buf, size_t *len, size_t *cap)
{
    ts_server *s = c->s;
    char *end;
    while (!(end = find_crlf2(*buf, *len)))
        if (fill(s, c->fd, buf, len, cap))
            return NULL;
    ts_request *r = calloc(1, sizeof *r);
    r->conn = c->id;
    size_t hdr_len = (size_t)(end - *buf) + 4;
    *end = '\0';
    char *line = *buf, *nl = strstr(line, "\r\n");
    if (nl)
        *nl = '\0';
    sscanf(line, "%15s %2047s", r->method, r->target);
    long clen = 0;
    int chunked = 0;
    char *p = nl ? nl + 2 : end;
    while (p < end) {
        char *e = strstr(p, "\r\n");
        if (!e)
            e = end;
        *e = '\0';
        r->headers = realloc(r->headers, (r->n_headers + 1) * sizeof *r->headers);
        r->headers[r->n_headers++] = strdup(p);
        if (strncasecmp(p, "Content-Length:", 15) == 0)
            clen = atol(p + 15);
        if (strncasecmp(p, "Transfer-Encoding:", 18) == 0 && strstr(p, "chunked"))
            chunked = 1;
        p = e + 2;
    }
    consume(*buf, len, hdr_len);
    if (chunked) {
        size_t cap2 = 64, blen = 0;
        char *body = malloc(cap2);
        for (;;) {
            char *e;
            while (!(e = strstr(*buf, "\r\n")))
                if (fill(s, c->fd, buf, len, cap))
                    goto fail;
            size_t sz = strtoul(*buf, NULL, 16);
            size_t skip = (size_t)(e - *buf) + 2;
            while (*len < skip + sz + 2)
                if (fill(s, c->fd, buf, len, cap))
                    goto fail;
            if (blen + sz + 1 > cap2) {
                cap2 = (blen + sz + 1) * 2;
                body = realloc(body, cap2);
            }
            memcpy(body + blen, *buf + skip, sz);
            blen += sz;
            consume(*buf, len, skip + sz + 2);
            if (sz == 0)
                break;
        }
        body[blen] = '\0';
        r->body = body;
        r->body_len = blen;
    } else {
        while (*len < (size_t)clen)
            if (fill(s, c->fd, buf, len, cap))
                goto fail;
        r->body = malloc((size_t)clen + 1);
        memcpy(r->body, *buf, (size_t)clen);
        r->body[clen] = '\0';
        r->body_len = (size_t)clen;
        consume(*buf, len, (size_t)clen);
    }
    r->at_ms = ts_now_ms();
    return r;
fail:
    for (size_t i = 0; i < r->n_headers; i++)
        free(r->headers[i]);
    free(r->headers);
    free(r);
    return NULL;
}

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

static int send_body_part(int fd, int chunked, const char *p, size_t n)
{
    if (!n)
        return 0;
    if (chunked) {
        char h[32];
        snprintf(h, sizeof h, "%zx\r\n", n);
        if (send_all(fd, h, strlen(h)) || send_all(fd, p, n) || send_all(fd, "\r\n", 2))
            return -1;
        return 0;
    }
    return send_all(fd, p, n);
}

/* A reply from r->gen; the connection closes after it. */
static int send_generated(conn *c, const ts_reply *r)
{
    ts_server *s = c->s;
    char head[8192];
    int n = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\n", r->status, reason(r->status));
    if (!r->gen_raw)
        n += snprintf(head + n, sizeof head - (size_t)n, "%s%s\r\n", r->headers ? r->headers : "",
                      r->chunked ? "Transfer-Encoding: chunked\r\n" : "Connection: close\r\n");
    if (send_all(c->fd, head, (size_t)n))
        return 1;
    size_t cap = 64 * 1024;
    char *buf = malloc(cap);
    int chunked = r->chunked && !r->gen_raw;
    size_t k;
    while (!s->stop && (k = r->gen(r->gen_user_data, buf, cap)) > 0) {
        if (send_body_part(c->fd, chunked, buf, k))
            break;
        if (r->gen_gap_ms)
            nap(s, r->gen_gap_ms);
    }
    if (chunked && !s->stop)
        send_all(c->fd, "0\r\n\r\n", 5);
    free(buf);
    return 1;
}

/* Returns 1 when the connection must close. */
static int send_reply(conn *c, const ts_reply *r)
{
    ts_server *s = c->s;
    if (r->delay_ms)
        nap(s, r->delay_ms);
    if (r->status == 0)
        return 1;
    if (r->gen)
        return send_generated(c, r);
    const char *body = r->body ? r->body : "";
    size_t blen = r->body_len ? r->body_len : strlen(body);
    char head[8192];
    int n = snprintf(head, sizeof head, "HTTP/1.1 %d %s\r\n%s", r->status, reason(r->status),
                     r->headers ? r->headers : "");
    if (r->chunked)
        n += snprintf(head + n, sizeof head - (size_t)n, "Transfer-Encoding: chunked\r\n");
    else
        n += snprintf(head + n, sizeof head - (size_t)n, "Content-Length: %zu\r\n", blen);
    if (r->close)
        n += snprintf(head + n, sizeof head - (size_t)n, "Connection: close\r\n");
    n += snprintf(head + n, sizeof head - (size_t)n, "\r\n");
    if (send_all(c->fd, head, (size_t)n))
        return 1;
    size_t limit = r->cut && r->cut_at < blen ? r->cut_at : blen;
    size_t first = r->pause_ms && r->pause_at < limit ? r->pause_at : limit;
    if (send_body_part(c->fd, r->chunked, body, first))
        return 1;
    if (first < limit) {
        nap(s, r->pause_ms);
        if (send_body_part(c->fd, r->chunked, body + first, limit - first))
            return 1;
    }
    if (r->cut)
        return 1;
    if (r->chunked && send_all(c->fd, "0\r\n\r\n", 5))
        return 1;
    return r->close;
}

static void *conn_main(void *arg)
{
    conn *c = arg;
    ts_server *s = c->s;
    size_t cap = 8192, len = 0;
    char *buf = malloc(cap);
    buf[0] = '\0';
    for (;;) {
        ts_request *req = read_request(c, &buf, &len, &cap);
        if (!req)
            break;
        ts_reply r = {.status = 500, .body = "{\"error\":{\"message\":\"no scripted reply\"}}"};
        int owned = 0;
        pthread_mutex_lock(&s->mu);
        if (s->nreqs < MAX_REQS) {
            s->reqs[s->nreqs++] = req;
        } else { /* not recorded beyond MAX_REQS */
            for (size_t i = 0; i < req->n_headers; i++)
                free(req->headers[i]);
            free(req->headers);
            free(req->body);
            free(req);
        }
        if (s->rhead != s->rtail) {
            r = s->replies[s->rhead++ % MAX_REPLIES];
            owned = 1;
        }
        pthread_cond_broadcast(&s->cv);
        pthread_mutex_unlock(&s->mu);
        int done = send_reply(c, &r);
        if (owned) {
            free((char *)r.body);
            free((char *)r.headers);
        }
        if (done)
            break;
    }
    free(buf);
    shutdown(c->fd, SHUT_RDWR);
    close(c->fd);
    c->fd = -1;
    return NULL;
}

static void *accept_main(void *arg)
{
    ts_server *s = arg;
    while (!s->stop) {
        struct pollfd p = {s->lfd, POLLIN, 0};
        if (poll(&p, 1, 50) <= 0)
            continue;
        int fd = accept(s->lfd, NULL, NULL);
        if (fd < 0)
            continue;
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        pthread_mutex_lock(&s->mu);
        if (s->nconns == MAX_CONNS) {
            pthread_mutex_unlock(&s->mu);
            close(fd);
            continue;
        }
        conn *c = calloc(1, sizeof *c);
        c->s = s;
        c->fd = fd;
        c->id = s->nconns + 1;
        s->conns[s->nconns++] = c;
        pthread_mutex_unlock(&s->mu);
        pthread_create(&c->th, NULL, conn_main, c);
    }
    return NULL;
}

ts_server *ts_start(void)
{
    ts_server *s = calloc(1, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    pthread_cond_init(&s->cv, NULL);
    s->lfd = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(s->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    if (bind(s->lfd, (struct sockaddr *)&a, sizeof a) || listen(s->lfd, 64)) {
        perror("testserver");
        abort();
    }
    socklen_t al = sizeof a;
    getsockname(s->lfd, (struct sockaddr *)&a, &al);
    s->port = ntohs(a.sin_port);
    snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d/v1", s->port);
    pthread_create(&s->accept_th, NULL, accept_main, s);
    return s;
}

static char *dup_or_null(const char *p, size_t n)
{
    if (!p)
        return NULL;
    char *d = malloc(n + 1);
    memcpy(d, p, n);
    d[n] = '\0';
    return d;
}

void ts_push(ts_server *s, const ts_reply *r)
{
    ts_reply c = *r;
    if (r->body) {
        c.body_len = r->body_len ? r->body_len : strlen(r->body);
        c.body = dup_or_null(r->body, c.body_len);
    }
    if (r->headers)
        c.headers = dup_or_null(r->headers, strlen(r->headers));
    pthread_mutex_lock(&s->mu);
    s->replies[s->rtail++ % MAX_REPLIES] = c;
    pthread_mutex_unlock(&s->mu);
}

int ts_port(const ts_server *s) { return s->port; }
const char *ts_url(const ts_server *s) { return s->url; }

int ts_connections(ts_server *s)
{
    pthread_mutex_lock(&s->mu);
    int n = s->nconns;
    pthread_mutex_unlock(&s->mu);
    return n;
}

int ts_nrequests(ts_server *s)
{
    pthread_mutex_lock(&s->mu);
    int n = s->nreqs;
    pthread_mutex_unlock(&s->mu);
    return n;
}

const ts_request *ts_request_at(ts_server *s, int i)
{
    pthread_mutex_lock(&s->mu);
    const ts_request *r = i >= 0 && i < s->nreqs ? s->reqs[i] : NULL;
    pthread_mutex_unlock(&s->mu);
    return r;
}

int ts_wait_requests(ts_server *s, int n, int timeout_ms)
{
    int64_t end = ts_now_ms() + timeout_ms;
    pthread_mutex_lock(&s->mu);
    while (s->nreqs < n && ts_now_ms() < end) {
        pthread_mutex_unlock(&s->mu);
        struct timespec t = {0, 5 * 1000000L};
        nanosleep(&t, NULL);
        pthread_mutex_lock(&s->mu);
    }
    int ok = s->nreqs >= n;
    pthread_mutex_unlock(&s->mu);
    return ok;
}

void ts_stop(ts_server *s)
{
    if (!s)
        return;
    s->stop = 1;
    pthread_join(s->accept_th, NULL);
    close(s->lfd);
    for (int i = 0; i < s->nconns; i++) {
        pthread_join(s->conns[i]->th, NULL);
        free(s->conns[i]);
    }
    for (int i = 0; i < s->nreqs; i++) {
        ts_request *r = s->reqs[i];
        for (size_t k = 0; k < r->n_headers; k++)
            free(r->headers[k]);
        free(r->headers);
        free(r->body);
        free(r);
    }
    for (int i = s->rhead; i < s->rtail; i++) {
        free((char *)s->replies[i % MAX_REPLIES].body);
        free((char *)s->replies[i % MAX_REPLIES].headers);
    }
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    free(s);
}

void ts_stuck_open(ts_stuck *k)
{
    k->listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(k->listener, (struct sockaddr *)&a, sizeof a);
    listen(k->listener, 0);
    socklen_t al = sizeof a;
    getsockname(k->listener, (struct sockaddr *)&a, &al);
    k->port = ntohs(a.sin_port);
    snprintf(k->url, sizeof k->url, "http://127.0.0.1:%d/v1", k->port);
    for (int i = 0; i < 4; i++) {
        k->fillers[i] = socket(AF_INET, SOCK_STREAM, 0);
        fcntl(k->fillers[i], F_SETFL, O_NONBLOCK);
        connect(k->fillers[i], (struct sockaddr *)&a, sizeof a);
    }
}

void ts_stuck_close(ts_stuck *k)
{
    for (int i = 0; i < 4; i++)
        close(k->fillers[i]);
    close(k->listener);
}
