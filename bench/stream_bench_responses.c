/* stream_bench's Responses rows: a Responses API stream of N output_text
 * deltas (or, with fc, one function call of N argument deltas) is
 * synthesised event by event, fed to a detached oai_response_stream whose
 * every hook is set and does nothing (engine), or only parsed with cJSON
 * (floor). Generation is not timed. The `.done` events, `output_item.done`
 * and `response.completed` carry the whole text, as the service sends
 * them; the engine is fed those in 64 KiB pieces as they are made, so the
 * peak RSS is the stream's, not the generator's. */
#include "stream_bench_responses.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "oai.h"

static const char *const rwords[] = {" the", " stream", " of", " text", " deltas", ",", " and", " a",
                                     " longer", " token", " here", "."};
#define RNWORDS (sizeof rwords / sizeof rwords[0])

typedef struct rgen {
    long n, i;
    int fc, phase;
    char *buf; /* the current event: "event: T\ndata: D\n\n" */
    size_t len, cap, data_off, data_len;
    /* set: buf is handed to sink whenever it holds 64 KiB, so an event
     * that carries the whole text is never resident here as a whole */
    void (*sink)(void *ctx, const char *p, size_t n);
    void *sink_ctx;
} rgen;

static void ensure(rgen *g, size_t need)
{
    if (need > g->cap) {
        g->cap = need * 2;
        g->buf = realloc(g->buf, g->cap);
    }
}

static void add(rgen *g, const char *s, size_t n)
{
    ensure(g, g->len + n + 1);
    memcpy(g->buf + g->len, s, n);
    g->len += n;
    if (g->sink && g->len >= 65536) {
        g->sink(g->sink_ctx, g->buf, g->len);
        g->len = 0;
    }
}

static void adds(rgen *g, const char *s)
{
    add(g, s, strlen(s));
}

/* The whole accumulated text (all N words). */
static void add_text(rgen *g)
{
    for (long j = 0; j < g->n; j++)
        adds(g, rwords[j % RNWORDS]);
}

static void begin(rgen *g, const char *type)
{
    g->len = 0;
    adds(g, "event: ");
    adds(g, type);
    adds(g, "\ndata: ");
    g->data_off = g->len;
}

static void end(rgen *g)
{
    g->data_len = g->sink ? 0 : g->len - g->data_off; /* the floor's */
    adds(g, "\n\n");
}

/* The output item, complete. */
static void add_item(rgen *g)
{
    if (g->fc) {
        adds(g, "{\"id\":\"fc_b\",\"type\":\"function_call\",\"status\":\"completed\",\"call_id\":\"call_b\","
                "\"name\":\"f\",\"arguments\":\"");
        add_text(g);
        adds(g, "\"}");
    } else {
        adds(g, "{\"id\":\"msg_b\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\","
                "\"content\":[{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\"");
        add_text(g);
        adds(g, "\"}]}");
    }
}

#define RESP_HEAD "{\"id\":\"resp_b\",\"object\":\"response\",\"created_at\":1,\"model\":\"gpt-4.1\","

/* The next event into g->buf; 0 when the stream is over. */
static int rnext(rgen *g)
{
    char tmp[256];
    long seq = g->phase < 3 ? g->phase : 3 + g->i;
    switch (g->phase) {
    case 0:
        begin(g, "response.created");
        adds(g, "{\"type\":\"response.created\",\"sequence_number\":0,\"response\":" RESP_HEAD
                "\"status\":\"in_progress\",\"output\":[]}}");
        break;
    case 1:
        begin(g, "response.output_item.added");
        adds(g, g->fc ? "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,"
                        "\"item\":{\"id\":\"fc_b\",\"type\":\"function_call\",\"status\":\"in_progress\","
                        "\"call_id\":\"call_b\",\"name\":\"f\",\"arguments\":\"\"}}"
                      : "{\"type\":\"response.output_item.added\",\"sequence_number\":1,\"output_index\":0,"
                        "\"item\":{\"id\":\"msg_b\",\"type\":\"message\",\"status\":\"in_progress\","
                        "\"role\":\"assistant\",\"content\":[]}}");
        break;
    case 2:
        begin(g, "response.content_part.added");
        adds(g, "{\"type\":\"response.content_part.added\",\"sequence_number\":2,\"item_id\":\"msg_b\","
                "\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],"
                "\"logprobs\":[],\"text\":\"\"}}");
        break;
    case 3:
        if (g->i < g->n) {
            const char *w = rwords[g->i % RNWORDS];
            const char *t = g->fc ? "response.function_call_arguments.delta" : "response.output_text.delta";
            begin(g, t);
            int k = snprintf(tmp, sizeof tmp,
                             "{\"type\":\"%s\",\"sequence_number\":%ld,\"item_id\":\"%s\",\"output_index\":0,%s"
                             "\"delta\":\"%s\"%s}",
                             t, seq, g->fc ? "fc_b" : "msg_b", g->fc ? "" : "\"content_index\":0,", w,
                             g->fc ? "" : ",\"logprobs\":[]");
            add(g, tmp, (size_t)k);
            g->i++;
            end(g);
            return 1;
        }
        g->phase++;
        /* fall through */
    case 4: /* the text's or the arguments' .done */
        begin(g, g->fc ? "response.function_call_arguments.done" : "response.output_text.done");
        snprintf(tmp, sizeof tmp,
                 g->fc ? "{\"type\":\"response.function_call_arguments.done\",\"sequence_number\":%ld,"
                         "\"item_id\":\"fc_b\",\"output_index\":0,\"arguments\":\""
                       : "{\"type\":\"response.output_text.done\",\"sequence_number\":%ld,\"item_id\":\"msg_b\","
                         "\"output_index\":0,\"content_index\":0,\"logprobs\":[],\"text\":\"",
                 seq);
        adds(g, tmp);
        add_text(g);
        adds(g, "\"}");
        break;
    case 5:
        if (g->fc) {
            g->phase++;
            return rnext(g);
        }
        begin(g, "response.content_part.done");
        snprintf(tmp, sizeof tmp,
                 "{\"type\":\"response.content_part.done\",\"sequence_number\":%ld,\"item_id\":\"msg_b\","
                 "\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],"
                 "\"logprobs\":[],\"text\":\"",
                 seq + 1);
        adds(g, tmp);
        add_text(g);
        adds(g, "\"}}");
        break;
    case 6:
        begin(g, "response.output_item.done");
        snprintf(tmp, sizeof tmp,
                 "{\"type\":\"response.output_item.done\",\"sequence_number\":%ld,\"output_index\":0,\"item\":",
                 seq + 2);
        adds(g, tmp);
        add_item(g);
        adds(g, "}");
        break;
    case 7:
        begin(g, "response.completed");
        snprintf(tmp, sizeof tmp,
                 "{\"type\":\"response.completed\",\"sequence_number\":%ld,\"response\":" RESP_HEAD
                 "\"status\":\"completed\",\"output\":[",
                 seq + 3);
        adds(g, tmp);
        add_item(g);
        adds(g, "]}}");
        break;
    default:
        return 0;
    }
    g->phase++;
    end(g);
    return 1;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int nop_ev(const oai_response_update *u, void *ud)
{
    (void)u;
    (void)ud;
    return 0;
}
static int nop_resp(const oai_json *r, void *ud)
{
    (void)r;
    (void)ud;
    return 0;
}
static int nop_node(const oai_json *n, const oai_response_change *c, void *ud)
{
    (void)n;
    (void)c;
    (void)ud;
    return 0;
}
static int nop_delta(const char *d, size_t l, const char *s, const oai_response_change *c, void *ud)
{
    (void)d;
    (void)l;
    (void)s;
    (void)c;
    (void)ud;
    return 0;
}
static int nop_done(const char *t, const oai_response_change *c, void *ud)
{
    (void)t;
    (void)c;
    (void)ud;
    return 0;
}

/* The engine's sink: feeding is engine time. */
typedef struct feeder {
    oai_response_stream *s;
    double ns;
} feeder;

static void feed_timed(void *ctx, const char *p, size_t n)
{
    feeder *f = ctx;
    double t0 = now_ns();
    oai_response_stream_feed(f->s, p, n);
    f->ns += now_ns() - t0;
}

typedef struct rres {
    double ns;
    long events;
    double rss_mib, snap_mib;
    int rc;
} rres;

static rres engine_pass(long n, int fc)
{
    rres r = {0, 0, 0, 0, 0};
    oai_response_handler h = OAI_RESPONSE_HANDLER_INIT;
    h.on_event = nop_ev;
    h.on_created = h.on_queued = h.on_in_progress = nop_resp;
    h.on_completed = h.on_incomplete = h.on_failed = nop_resp;
    h.on_output_item_added = h.on_output_item_done = nop_node;
    h.on_content_part_added = h.on_content_part_done = nop_node;
    h.on_annotation_added = h.on_tool_call_status = nop_node;
    h.on_text_delta = h.on_refusal_delta = h.on_function_call_arguments_delta = nop_delta;
    h.on_reasoning_summary_delta = h.on_reasoning_text_delta = nop_delta;
    h.on_text_done = h.on_refusal_done = h.on_function_call_arguments_done = nop_done;
    h.on_reasoning_summary_done = h.on_reasoning_text_done = nop_done;
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_response_stream *s;
    if (oai_response_stream_new(&s, &o) != OAI_OK) {
        r.rc = -1;
        return r;
    }
    feeder f = {s, 0};
    rgen g = {n, 0, fc, 0, NULL, 0, 0, 0, 0, feed_timed, &f};
    const oai_response_update *u;
    int rc = OAI_OK;
    while (rc == OAI_OK && rnext(&g)) {
        feed_timed(&f, g.buf, g.len);
        double t0 = now_ns();
        while ((rc = oai_response_stream_next(&u, s)) == OAI_OK)
            r.events++;
        if (rc == OAI_EAGAIN)
            rc = OAI_OK;
        r.ns += now_ns() - t0;
    }
    r.ns += f.ns;
    oai_response_stream_feed_end(s);
    rc = oai_response_stream_until_done(s);
    free(g.buf);
    g.buf = NULL;
    /* The peak of streaming, before the snapshot is serialised to size it. */
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    r.rss_mib = (double)ru.ru_maxrss / 1024.0;
    const oai_json *fin;
    if (rc != OAI_OK || oai_response_stream_final_response(&fin, NULL, s) != OAI_OK) {
        r.rc = -1;
    } else {
        char *t = oai_json_serialize(oai_response_stream_current_response(s), 0);
        r.snap_mib = t ? (double)strlen(t) / 1048576.0 : 0;
        oai_free(t);
    }
    oai_response_stream_free(s);
    return r;
}

static rres floor_pass(long n, int fc)
{
    rres r = {0, 0, 0, 0, 0};
    rgen g = {n, 0, fc, 0, NULL, 0, 0, 0, 0, NULL, NULL};
    while (rnext(&g)) {
        double t0 = now_ns();
        cJSON_Delete(cJSON_ParseWithLength(g.buf + g.data_off, g.data_len));
        r.ns += now_ns() - t0;
        r.events++;
    }
    free(g.buf);
    return r;
}

static int child(long n, int fc, int floor, rres *out)
{
    int p[2];
    if (pipe(p) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(p[0]);
        rres r = floor ? floor_pass(n, fc) : engine_pass(n, fc);
        ssize_t w = write(p[1], &r, sizeof r);
        _exit(w == (ssize_t)sizeof r ? 0 : 1);
    }
    close(p[1]);
    ssize_t got = read(p[0], out, sizeof *out);
    close(p[0]);
    waitpid(pid, NULL, 0);
    return got == (ssize_t)sizeof *out && out->rc == 0 ? 0 : -1;
}

int stream_bench_responses(long n, int fc)
{
    int reps = n <= 100000 ? 5 : 3;
    rres best = {0, 0, 0, 0, 0}, fbest = {0, 0, 0, 0, 0};
    for (int rep = 0; rep < reps; rep++) {
        rres r, f;
        if (child(n, fc, 0, &r) != 0 || child(n, fc, 1, &f) != 0) {
            fprintf(stderr, "responses pass failed for %ld deltas\n", n);
            return -1;
        }
        if (rep == 0 || r.ns < best.ns) {
            double rss = best.rss_mib > r.rss_mib ? best.rss_mib : r.rss_mib;
            best = r;
            best.rss_mib = rss;
        }
        if (rep == 0 || f.ns < fbest.ns)
            fbest = f;
    }
    printf("api=responses%s deltas=%ld events=%ld engine_ns_per_event=%.1f floor_ns_per_event=%.1f "
           "peak_rss_mib=%.1f snapshot_mib=%.1f\n",
           fc ? " kind=function_call" : "", n, best.events, best.ns / (double)best.events,
           fbest.ns / (double)fbest.events, best.rss_mib, best.snap_mib);
    fflush(stdout);
    return 0;
}

int stream_bench_responses_dump(long n, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    rgen g = {n, 0, 0, 0, NULL, 0, 0, 0, 0, NULL, NULL};
    while (rnext(&g))
        fwrite(g.buf, 1, g.len, f);
    free(g.buf);
    return fclose(f) == 0 ? 0 : -1;
}

static double cpu_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The file through a response stream with a hook on every event, in 64 KiB
 * chunks as a transport would give them: CPU per event. */
int stream_bench_responses_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    oai_response_handler h = OAI_RESPONSE_HANDLER_INIT;
    h.on_event = nop_ev;
    h.on_text_delta = nop_delta;
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_response_stream *s;
    if (oai_response_stream_new(&s, &o) != OAI_OK) {
        fclose(f);
        return -1;
    }
    static char buf[65536];
    long events = 0;
    size_t n;
    int rc = OAI_EAGAIN;
    const oai_response_update *u;
    double t0 = cpu_ns();
    while (rc == OAI_EAGAIN && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        oai_response_stream_feed(s, buf, n);
        while ((rc = oai_response_stream_next(&u, s)) == OAI_OK)
            events++;
    }
    oai_response_stream_feed_end(s);
    while ((rc = oai_response_stream_next(&u, s)) == OAI_OK)
        events++;
    double t = cpu_ns() - t0;
    oai_response_stream_free(s);
    fclose(f);
    if (rc != OAI_ITEROVER)
        return -1;
    printf("openai-c events=%ld cpu_us_per_event=%.3f\n", events, t / 1e3 / (double)events);
    return 0;
}
