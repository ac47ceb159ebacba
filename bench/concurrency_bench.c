/* concurrency_bench: thousands of concurrent assistant streams on ONE
 * thread through oai_multi level 1 (perform + wait), or with --level2 level
 * 2 on an epoll(7) loop (one socket_action per ready socket), against
 * oai-emulator. With --http2 (or --tls) the streams go over TLS through an
 * nghttpx front the bench starts (Debian nghttp2-proxy; self-signed
 * certificate from the openssl command): HTTP/2, multiplexed on a few
 * connections (or HTTP/1.1, a connection per stream). A line before the
 * last two then says how many connections the front saw.
 *
 * The emulator runs as a child process on an ephemeral loopback port. Each
 * stream asks for `#scenario:text` with its own words ("s<i>w1 s<i>w2 ..."),
 * so a delta that went to the wrong stream, was lost or came out of order
 * is seen: every text delta is checked against the expected text as it
 * arrives, and the completed text (on_text_done) once more at the end.
 *
 *   concurrency_bench [--streams N] [--words W] [--step-ms MS] [--delta-ms MS]
 *                     [--emulator PATH] [--level2] [--floor] [--http2 | --tls]
 *                     [--responses | --chat] [--rounds K] [--front-window BYTES]
 *                     [--free-done]
 *
 * --responses runs Responses API streams (POST /responses, stream:true)
 * instead, with the same checks on their output_text deltas and text.
 *
 * W words give W + ~12 events per stream (run, step and message lifecycle
 * around the deltas); the defaults give ~200. The last line is exactly
 *
 *   streams=N events=E lost=L cpu_s=C peak_rss_mib=R per_stream_kib=K
 *
 * events: every wire event the hooks saw; lost: streams whose text was not
 * exactly the expected one or that ended in error; cpu_s: user + system
 * CPU of this process (not the emulator); per_stream_kib: growth of the
 * peak RSS over the RSS before the first stream, per stream. Exit status 0
 * only when nothing was lost.
 *
 * --floor then sends the same N requests to the same emulator through a
 * bare libcurl multi on the same level that discards the bytes
 * (curl_floor.h), and the last line gains
 *
 *   floor_us_per_event=F floor_ratio=R
 *
 * F: the floor's CPU over the same event count; R: our CPU per event over
 * F. The floor must get HTTP 200 for every request and at least one body
 * byte per event of ours, else the run fails.
 *
 * --rounds K (at most 15) runs our streams and then the floor K times in
 * the process, each round of ours on a client of its own, and prints a
 * `round` line for each. On a shared machine one run's ratio moves with
 * the load; a round and its floor run seconds apart. The last line then
 * holds the medians: of cpu_s and F over the rounds, and R the median of
 * the rounds' own ratios; per_stream_kib is the first round's.
 *
 * --free-done frees each stream in its done callback, as a server that
 * keeps no finished stream would; without it every stream lives until the
 * round ends, and what finished streams keep (their snapshots and final
 * text) counts in per_stream_kib with what the streams in flight use.
 *
 * --front-window BYTES (with --http2 or --tls) has the nghttpx front grant
 * that HTTP/2 flow-control window to each connection and each stream
 * instead of its default 64 KiB - 1: whether request bodies wait on the
 * front's window shows in per_stream_kib.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "curl_floor.h"
#include "epoll_loop.h"
#include "oai.h"
#include "tls_front.h"

#ifndef OAI_EMULATOR_PATH
#define OAI_EMULATOR_PATH "oai-emulator"
#endif

typedef struct sstate {
    int id;
    int word;         /* word being matched (1-based) */
    int off;          /* bytes of it matched */
    int bad;          /* a delta did not match */
    int text_done_ok; /* the completed text was exactly the expected one */
    int done, result;
    long events;
    void **slot; /* where the stream is, to free it once done (--free-done) */
    char why[96]; /* the error of a stream freed when done */
} sstate;

static int g_free_done; /* --free-done */

static int g_words = 190;

/* Decimal digits of v >= 0 at p; returns the end. */
static char *put_uint(char *p, int v)
{
    char d[12];
    int n = 0;
    do
        d[n++] = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    while (n)
        *p++ = d[--n];
    return p;
}

/* The expected text, token by token: token k is "s<i>w<k>", preceded by a
 * space unless it is the first. Written by hand: the check runs once per
 * word of every stream, and its cost is counted as the library's. */
static int token(char *buf, size_t cap, int id, int k)
{
    (void)cap; /* 32 bytes hold any two ints */
    char *p = buf;
    if (k > 1)
        *p++ = ' ';
    *p++ = 's';
    p = put_uint(p, id);
    *p++ = 'w';
    p = put_uint(p, k);
    *p = '\0';
    return (int)(p - buf);
}

static int on_event(const oai_event *ev, void *ud)
{
    (void)ev;
    ((sstate *)ud)->events++;
    return 0;
}

/* Match a text fragment against the expected text. */
static void match(sstate *s, const char *v)
{
    char tok[32];
    int tl = s->word <= g_words ? token(tok, sizeof tok, s->id, s->word) : 0;
    for (; v && *v; v++) {
        if (s->word > g_words || *v != tok[s->off]) {
            s->bad = 1;
            return;
        }
        if (++s->off == tl) {
            s->off = 0;
            s->word++;
            tl = s->word <= g_words ? token(tok, sizeof tok, s->id, s->word) : 0;
        }
    }
}

static int on_text_delta(const oai_text_delta *d, const oai_text *snap, void *ud)
{
    (void)snap;
    match(ud, oai_text_delta_value(d));
    return 0;
}

/* Check the completed text. */
static void match_done(sstate *s, const char *v, size_t len)
{
    size_t pos = 0;
    char tok[32];
    int ok = v != NULL;
    for (int k = 1; ok && k <= g_words; k++) {
        size_t tl = (size_t)token(tok, sizeof tok, s->id, k);
        ok = pos + tl <= len && memcmp(v + pos, tok, tl) == 0;
        pos += tl;
    }
    s->text_done_ok = ok && pos == len;
}

static int on_text_done(const oai_text *t, void *ud)
{
    match_done(ud, oai_text_value(t), oai_text_value_len(t));
    return 0;
}

/* --responses: the same checks on response streams. */
static int r_on_event(const oai_response_update *u, void *ud)
{
    (void)u;
    ((sstate *)ud)->events++;
    return 0;
}

static int r_on_text_delta(const char *d, size_t len, const char *snap,
                           const oai_response_change *c, void *ud)
{
    (void)len;
    (void)snap;
    (void)c;
    match(ud, d);
    return 0;
}

static int r_on_text_done(const char *text, const oai_response_change *c, void *ud)
{
    (void)c;
    match_done(ud, text, strlen(text));
    return 0;
}

/* --chat: the same checks on chat completion streams. */
static int c_on_chunk(const oai_json *chunk, const oai_json *snap, const oai_chat_update *u,
                      void *ud)
{
    (void)chunk;
    (void)snap;
    (void)u;
    ((sstate *)ud)->events++;
    return 0;
}

static int c_on_content_delta(const char *d, size_t len, const char *snap, const oai_chat_change *c,
                              void *ud)
{
    (void)len;
    (void)snap;
    (void)c;
    match(ud, d);
    return 0;
}

static int c_on_content_done(const char *text, const oai_chat_change *c, void *ud)
{
    (void)c;
    match_done(ud, text, strlen(text));
    return 0;
}

static void on_done(const oai_multi_msg *msg, void *ud)
{
    sstate *s = ud;
    s->done = 1;
    s->result = msg->result;
    if (!g_free_done || !s->slot)
        return;
    const oai_error *e = msg->kind == OAI_MULTI_STREAM ? oai_stream_error(msg->object)
                         : msg->kind == OAI_MULTI_RESPONSE_STREAM
                             ? oai_response_stream_error(msg->object)
                             : oai_chat_stream_error(msg->object);
    snprintf(s->why, sizeof s->why, "%s", e && e->message ? e->message : "");
    if (msg->kind == OAI_MULTI_STREAM)
        oai_stream_free(msg->object);
    else if (msg->kind == OAI_MULTI_RESPONSE_STREAM)
        oai_response_stream_free(msg->object);
    else
        oai_chat_stream_free(msg->object);
    *s->slot = NULL;
}

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kib(void)
{
    /* current resident set, from /proc (ru_maxrss is only the peak) */
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, res = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &res) != 2)
            res = 0;
        fclose(f);
    }
    return res * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Sockets: one a stream here and in the emulator; over HTTP/1.1 the front
 * needs two a stream (the client's and its own to the emulator), and
 * answers 502 for the streams past its limit. The soft limit goes up to
 * the hard one, and the hard one up to `need` where that is allowed (as
 * root); when it stays below, say so before the run. */
static void raise_nofile(rlim_t need)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return;
    if (rl.rlim_max < need) {
        struct rlimit up = {need, need};
        if (setrlimit(RLIMIT_NOFILE, &up) == 0)
            return;
    }
    if (rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
    if (rl.rlim_max < need)
        fprintf(stderr,
                "warning: %llu file descriptors allowed, the run needs about %llu: "
                "streams past the limit will fail\n",
                (unsigned long long)rl.rlim_max, (unsigned long long)need);
}

/* Start the emulator; its port from the listening line. */
static pid_t start_emulator(const char *path, const char *step, const char *delta, int *port)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execl(path, path, "--port", "0", "--step-ms", step, "--delta-ms", delta, (char *)NULL);
        perror("exec oai-emulator");
        _exit(127);
    }
    close(fd[1]);
    FILE *f = fdopen(fd[0], "r");
    char line[256];
    *port = 0;
    if (f && fgets(line, sizeof line, f))
        sscanf(line, "listening on http://127.0.0.1:%d/", port);
    if (f)
        fclose(f);
    if (*port <= 0) {
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        return -1;
    }
    return pid;
}

static void usage(void)
{
    fprintf(stderr, "usage: concurrency_bench [--streams N] [--words W] [--step-ms MS] "
                    "[--delta-ms MS] [--emulator PATH] [--level2] [--floor] "
                    "[--http2 | --tls] [--responses | --chat] [--rounds K] "
                    "[--front-window BYTES] [--free-done]\n");
    exit(2);
}

/* The create-and-run parameters of stream i: its own words. */
typedef struct body_ctx {
    const char *assistant;
    int stream_flag; /* add "stream":true (the library adds it itself) */
    int responses;   /* a Responses API body instead of create-and-run */
    int chat;        /* a chat completion's parameters instead */
} body_ctx;

static void request_body(char *body, size_t cap, int i, void *ud)
{
    const body_ctx *b = ud;
    const char *stream = b->stream_flag ? "\"stream\":true," : "";
    if (b->chat) {
        size_t off = (size_t)snprintf(body, cap,
                                      "{\"model\":\"gpt-4o-mini\",%s\"messages\":[{\"role\":"
                                      "\"user\",\"content\":\"#scenario:text",
                                      stream);
        for (int k = 1; k <= g_words; k++)
            off += (size_t)snprintf(body + off, cap - off, " s%dw%d", i, k);
        snprintf(body + off, cap - off, "\"}]}");
        return;
    }
    size_t off = b->responses
                     ? (size_t)snprintf(body, cap, "{\"model\":\"gpt-4o\",%s\"input\":\"#scenario:text",
                                        stream)
                     : (size_t)snprintf(body, cap,
                                        "{\"assistant_id\":\"%s\",%s\"thread\":{\"messages\":[{\"role\":"
                                        "\"user\",\"content\":\"#scenario:text",
                                        b->assistant, stream);
    for (int k = 1; k <= g_words; k++)
        off += (size_t)snprintf(body + off, cap - off, " s%dw%d", i, k);
    snprintf(body + off, cap - off, b->responses ? "\"}" : "\"}]}}");
}

/* ---- level 2 on epoll ------------------------------------------------------ */

static int ep_socket_cb(oai_socket fd, int what, void *sd, void *ud)
{
    (void)sd;
    return epoll_loop_watch(ud, (int)fd, what);
}

static void ep_timer_cb(long ms, void *ud)
{
    epoll_loop_timer(ud, ms);
}

static void ep_act(void *m, int fd, int events, int *running)
{
    oai_multi_socket_action(m, fd < 0 ? OAI_SOCKET_TIMEOUT : fd, events, running);
}

/* ---- one round of our streams --------------------------------------------- */

#define MAX_ROUNDS 15

typedef struct run_ctx {
    const oai_client_options *co;
    const oai_multi_options *mo; /* NULL: level 1 */
    epoll_loop *loop;
    int level2, n;
    body_ctx *bc;
    sstate *st;
    char *body;
} run_ctx;

typedef struct ours_result {
    long events, lost;
    double cpu_s; /* user + system CPU of this process during the round */
    double wall_s;
} ours_result;

static double cpu_now(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* Start the n streams on a multi of a client of their own (no connection
 * of an earlier round is reused, as none is by the floor), run them to
 * their end, check them. */
static void run_ours(run_ctx *x, ours_result *out)
{
    int n = x->n;
    double t0 = mono_s(), c0 = cpu_now();
    oai_client *c = NULL;
    oai_multi *m = NULL;
    if (oai_client_new(&c, x->co, NULL, 0) != OAI_OK || oai_multi_new(&m, c, x->mo) != OAI_OK)
        fprintf(stderr, "client: %s\n", c ? oai_client_last_error(c)->message : "out of memory");
    size_t cap = (size_t)g_words * 24 + 256;
    sstate *st = x->st;
    memset(st, 0, (size_t)n * sizeof *st);
    oai_stream **s = calloc((size_t)n, sizeof *s);
    oai_response_stream **rs = calloc((size_t)n, sizeof *rs);
    oai_chat_stream **cs = calloc((size_t)n, sizeof *cs);
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.on_event = on_event;
    h.on_text_delta = on_text_delta;
    h.on_text_done = on_text_done;
    oai_stream_options so = OAI_STREAM_OPTIONS_INIT;
    so.handler = &h;
    oai_response_handler rh = OAI_RESPONSE_HANDLER_INIT;
    rh.on_event = r_on_event;
    rh.on_text_delta = r_on_text_delta;
    rh.on_text_done = r_on_text_done;
    oai_response_stream_options rso = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    rso.handler = &rh;
    oai_chat_handler ch = OAI_CHAT_HANDLER_INIT;
    ch.on_chunk = c_on_chunk;
    ch.on_content_delta = c_on_content_delta;
    ch.on_content_done = c_on_content_done;
    oai_chat_stream_options cso = OAI_CHAT_STREAM_OPTIONS_INIT;
    cso.handler = &ch;
    for (int i = 0; m && s && rs && cs && i < n; i++) {
        st[i].id = i;
        st[i].word = 1;
        st[i].slot = x->bc->chat ? (void **)&cs[i] : x->bc->responses ? (void **)&rs[i] : (void **)&s[i];
        request_body(x->body, cap, i, x->bc);
        oai_json *params = NULL;
        h.user_data = &st[i];
        rh.user_data = &st[i];
        ch.user_data = &st[i];
        if (oai_json_parse_cstr(&params, x->body) != OAI_OK ||
            (x->bc->chat ? oai_chat_completions_stream(&cs[i], c, params, &cso, NULL) != OAI_OK ||
                               oai_multi_add_chat_stream(m, cs[i], on_done, &st[i]) != OAI_OK
             : x->bc->responses
                 ? oai_responses_stream(&rs[i], c, params, &rso, NULL) != OAI_OK ||
                       oai_multi_add_response_stream(m, rs[i], on_done, &st[i]) != OAI_OK
                 : oai_threads_create_and_run_stream(&s[i], c, params, &so, NULL) != OAI_OK ||
                       oai_multi_add_stream(m, s[i], on_done, &st[i]) != OAI_OK)) {
            fprintf(stderr, "stream %d: %s\n", i, oai_client_last_error(c)->message);
            st[i].bad = 1;
        }
        oai_json_free(params);
    }
    int running = 1;
    while (m && !x->level2 && running) {
        oai_multi_perform(m, &running);
        if (running)
            oai_multi_wait(m, 1000);
    }
    if (m && x->level2)
        epoll_loop_run(x->loop, ep_act, m);
    out->wall_s = mono_s() - t0;
    out->cpu_s = cpu_now() - c0;
    out->events = out->lost = 0;
    for (int i = 0; i < n; i++) {
        out->events += st[i].events;
        int ok = m && s && rs && cs && !st[i].bad && st[i].done && st[i].result == OAI_OK &&
                 st[i].text_done_ok && st[i].word == g_words + 1 && st[i].off == 0;
        if (!ok && out->lost < 3) { /* say why, for the first few */
            const oai_error *e = s && s[i]     ? oai_stream_error(s[i])
                                 : rs && rs[i] ? oai_response_stream_error(rs[i])
                                 : cs && cs[i] ? oai_chat_stream_error(cs[i])
                                               : NULL;
            fprintf(stderr, "lost stream %d: done=%d result=%d events=%ld %s\n", i, st[i].done,
                    st[i].result, st[i].events, e && e->message ? e->message : st[i].why);
        }
        out->lost += !ok;
    }
    for (int i = 0; s && rs && cs && i < n; i++) {
        oai_stream_free(s[i]);
        oai_response_stream_free(rs[i]);
        oai_chat_stream_free(cs[i]);
    }
    free(s);
    free(rs);
    free(cs);
    oai_multi_free(m);
    oai_client_free(c);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of v[0..n), which it sorts. */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

int main(int argc, char **argv)
{
    int n = 1000;
    const char *step = "5", *delta = "20", *emu = OAI_EMULATOR_PATH;
    int level2 = 0, with_floor = 0, tls = 0, http2 = 0, responses = 0, chat = 0, rounds = 1;
    long front_window = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--level2")) {
            level2 = 1;
            continue;
        }
        if (!strcmp(argv[i], "--floor")) {
            with_floor = 1;
            continue;
        }
        if (!strcmp(argv[i], "--http2") || !strcmp(argv[i], "--tls")) {
            tls = 1;
            http2 = !strcmp(argv[i], "--http2");
            continue;
        }
        if (!strcmp(argv[i], "--chat")) {
            chat = 1;
            continue;
        }
        if (!strcmp(argv[i], "--free-done")) {
            g_free_done = 1;
            continue;
        }
        if (!strcmp(argv[i], "--responses")) {
            responses = 1;
            continue;
        }
        if (i + 1 >= argc)
            usage();
        if (!strcmp(argv[i], "--streams"))
            n = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--words"))
            g_words = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--step-ms"))
            step = argv[++i];
        else if (!strcmp(argv[i], "--delta-ms"))
            delta = argv[++i];
        else if (!strcmp(argv[i], "--emulator"))
            emu = argv[++i];
        else if (!strcmp(argv[i], "--rounds"))
            rounds = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--front-window"))
            front_window = atol(argv[++i]);
        else
            usage();
    }
    if (front_window < 0 || front_window > 2147483647L)
        usage();
    if (n < 1 || g_words < 1 || g_words > 100000 || rounds < 1 || rounds > MAX_ROUNDS)
        usage();
    /* the emulator and the front are children: they inherit the limit */
    raise_nofile((rlim_t)n * (tls && !http2 ? 2 : 1) + 256);
    int port;
    pid_t epid = start_emulator(emu, step, delta, &port);
    if (epid < 0) {
        fprintf(stderr, "could not start %s\n", emu);
        return 1;
    }
    tls_front front = {.pid = 0};
    /* up to 10,000 streams a connection, what the library allows */
    if (tls && tls_front_start(&front, port, 10000, front_window) != 0) {
        tls_front_stop(&front);
        kill(epid, SIGTERM);
        waitpid(epid, NULL, 0);
        return 1;
    }
    char url[64];
    snprintf(url, sizeof url, "%s://127.0.0.1:%d/v1", tls ? "https" : "http",
             tls ? front.port : port);
    oai_client_options co = OAI_CLIENT_OPTIONS_INIT;
    co.base_url = url;
    co.tls_insecure = tls; /* the front's certificate is self-signed */
    /* a thousand TLS handshakes queue at the front: more than the 5 s
     * default to connect */
    co.connect_timeout_ms = 120000;
    co.http2 = http2 || !tls ? OAI_HTTP2_AUTO : OAI_HTTP2_OFF;
    co.api_key = "sk-bench";
    co.max_retries = 0; /* a failed stream counts as lost, not retried */
    oai_client *c = NULL;
    oai_json *p = NULL, *a = NULL;
    int rc = 1;
    epoll_loop loop = {-1, -1.0};
    oai_multi_options mo = OAI_MULTI_OPTIONS_INIT;
    if (level2) {
        epoll_loop_init(&loop);
        mo.socket_cb = ep_socket_cb;
        mo.timer_cb = ep_timer_cb;
        mo.user_data = &loop;
    }
    if (oai_client_new(&c, &co, NULL, 0) != OAI_OK || oai_json_parse_cstr(&p, "{\"model\":\"gpt-4o\"}") ||
        oai_assistants_create(&a, c, p, NULL) != OAI_OK || (level2 && loop.fd < 0)) {
        fprintf(stderr, "setup failed: %s\n", c ? oai_client_last_error(c)->message : "client");
        goto out;
    }
    body_ctx bc = {oai_json_path_string(a, "id"), 0, responses, chat};
    run_ctx rx = {&co, level2 ? &mo : NULL, &loop, level2, n, &bc, NULL, NULL};
    rx.st = calloc((size_t)n, sizeof *rx.st);
    rx.body = malloc((size_t)g_words * 24 + 256);
    if (!rx.st || !rx.body) {
        free(rx.st);
        free(rx.body);
        goto out;
    }
    char furl[96];
    snprintf(furl, sizeof furl,
             chat ? "%s/chat/completions" : responses ? "%s/responses" : "%s/threads/runs", url);
    long rss0 = rss_kib();
    double per_kib = 0.0, cpus[MAX_ROUNDS], fuss[MAX_ROUNDS], ratios[MAX_ROUNDS];
    long events = 0, lost = 0;
    rc = 0;
    for (int r = 0; r < rounds; r++) {
        ours_result o;
        run_ours(&rx, &o);
        if (r == 0) {
            /* the streams of the first round set the peak */
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            per_kib = (double)(ru.ru_maxrss - rss0) / (double)n;
            if (tls) {
                long h2_requests = 0;
                int conns = tls_front_connections(&front, &h2_requests);
                printf("front=nghttpx-tls connections=%d h2_requests=%ld\n", conns, h2_requests);
            }
        }
        events = o.events;
        lost = o.lost > lost ? o.lost : lost;
        cpus[r] = o.cpu_s;
        double us = events ? o.cpu_s * 1e6 / (double)events : 0.0;
        printf("wall_s=%.2f events_per_s=%.0f cpu_us_per_event=%.2f\n", o.wall_s,
               o.wall_s > 0 ? (double)events / o.wall_s : 0.0, us);
        if (!with_floor)
            continue;
        floor_result fr;
        bc.stream_flag = 1;
        int fail = curl_floor_run(furl, co.api_key, n, level2, request_body,
                                  (size_t)g_words * 24 + 256, &bc, &fr) != 0 ||
                   fr.ok != n || fr.bytes < (double)events;
        bc.stream_flag = 0;
        if (fail) {
            fprintf(stderr, "floor: %ld of %d responses whole\n", fr.ok, n);
            rc = 1;
            with_floor = 0;
            continue;
        }
        fuss[r] = events ? fr.cpu_s * 1e6 / (double)events : 0.0;
        ratios[r] = fuss[r] > 0 ? us / fuss[r] : 0.0;
        printf("floor: wall_s=%.2f cpu_s=%.2f bytes=%.0f\n", fr.wall_s, fr.cpu_s, fr.bytes);
        if (rounds > 1)
            printf("round %d: cpu_s=%.2f floor_us_per_event=%.2f floor_ratio=%.2f\n", r + 1,
                   o.cpu_s, fuss[r], ratios[r]);
    }
    if (lost)
        rc = 1;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    char floor_fields[96] = "";
    if (with_floor)
        snprintf(floor_fields, sizeof floor_fields, " floor_us_per_event=%.2f floor_ratio=%.2f",
                 median(fuss, rounds), median(ratios, rounds));
    printf("streams=%d events=%ld lost=%ld cpu_s=%.2f peak_rss_mib=%.1f per_stream_kib=%.1f%s\n", n,
           events, lost, median(cpus, rounds), (double)ru.ru_maxrss / 1024.0, per_kib, floor_fields);
    fflush(stdout);
    free(rx.st);
    free(rx.body);
out:
    oai_json_free(a);
    oai_json_free(p);
    oai_client_free(c);
    epoll_loop_close(&loop);
    tls_front_stop(&front);
    kill(epid, SIGTERM);
    waitpid(epid, NULL, 0);
    return rc;
}
