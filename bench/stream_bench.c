/* stream_bench: the assistant-streaming engine against its floor.
 *
 * For 10k, 100k and 1M text deltas a realistic stream is synthesised on the
 * fly (run/step/message created, N message deltas, message completed with
 * the full text, step and run completed, [DONE]) and fed in 64 KiB chunks,
 * so the input is never resident as a whole. The engine pass runs it through
 * a detached oai_stream with a handler whose hooks do nothing; the floor
 * pass only parses (and frees) each event's JSON with cJSON. Every pass
 * runs in a child process so its peak RSS is its own. One line per size:
 *
 *   deltas=N events=E engine_ns_per_event=X floor_ns_per_event=Y peak_rss_mib=R snapshot_mib=S
 *
 * snapshot_mib is the size of what the stream holds at the end (final run,
 * run steps and messages, as JSON text).
 *
 *   stream_bench --emit N > FILE.sse
 *
 * writes the stream of N deltas instead, e.g. for `oai replay FILE.sse`.
 *
 * Then the Responses rows (stream_bench_responses.c), the same line with
 * `api=responses` first; `stream_bench --responses` prints only those.
 *
 * Then the Chat Completions rows (chat_bench.h): 10k and 1M content deltas
 * and a tool call of 100k argument deltas through a detached
 * oai_chat_stream, one chunk per delta:
 *
 *   api=chat kind=content|tool deltas=N events=E engine_ns_per_event=X floor_ns_per_event=Y peak_rss_mib=R snapshot_mib=S
 *
 *   stream_bench --chat                  the chat rows only
 *   stream_bench --emit-chat N [tool] > FILE.sse
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "chat_bench.h"
#include "oai.h"
#include "stream_bench_responses.h"

#define CHUNK 65536

static const char *const words[] = { " the", " stream", " of", " text", " deltas", ",", " and", " a",
                                     " longer", " token", " here", "." };
#define NWORDS (sizeof words / sizeof words[0])

/* ---- synthetic stream generator -------------------------------------- */

typedef struct gen {
    long n, i;      /* deltas to emit, next delta */
    long j;         /* progress through the message.completed text */
    int phase;
    char *ev;       /* current event text */
    size_t ev_len, ev_off, ev_cap;
    char *data;     /* data of the current event (for the floor) */
    size_t data_len;
    size_t text_len;
} gen;

static void put_raw(gen *g, const char *text)
{
    size_t len = strlen(text);
    if (len + 1 > g->ev_cap) {
        g->ev_cap = (len + 1) * 2;
        g->ev = realloc(g->ev, g->ev_cap);
    }
    memcpy(g->ev, text, len);
    g->ev_len = len;
    g->ev_off = 0;
    g->data = NULL;
    g->data_len = 0;
}

static void put_event(gen *g, const char *name, const char *data, size_t len)
{
    size_t need = len + strlen(name) + 32;
    if (need > g->ev_cap) {
        g->ev_cap = need * 2;
        g->ev = realloc(g->ev, g->ev_cap);
    }
    int h = sprintf(g->ev, "event: %s\ndata: ", name);
    memcpy(g->ev + h, data, len);
    g->data = g->ev + h;
    g->data_len = len;
    memcpy(g->ev + h + len, "\n\n", 2);
    g->ev_len = (size_t)h + len + 2;
    g->ev_off = 0;
}

#define RUN(status) "{\"id\":\"run_1\",\"object\":\"thread.run\",\"thread_id\":\"thread_1\",\"assistant_id\":\"asst_1\",\"status\":\"" status "\",\"model\":\"gpt-4o\",\"tools\":[]}"
#define STEP(status) "{\"id\":\"step_1\",\"object\":\"thread.run.step\",\"run_id\":\"run_1\",\"type\":\"message_creation\",\"status\":\"" status "\",\"step_details\":{\"type\":\"message_creation\",\"message_creation\":{\"message_id\":\"msg_1\"}}}"

/* Produce the next event; 0 when the stream is over. */
static int next_event(gen *g)
{
    char buf[512];
    switch (g->phase) {
    case 0: put_event(g, "thread.run.created", RUN("queued"), strlen(RUN("queued"))); break;
    case 1: put_event(g, "thread.run.in_progress", RUN("in_progress"), strlen(RUN("in_progress"))); break;
    case 2: put_event(g, "thread.run.step.created", STEP("in_progress"), strlen(STEP("in_progress"))); break;
    case 3: {
        const char *m = "{\"id\":\"msg_1\",\"object\":\"thread.message\",\"thread_id\":\"thread_1\",\"role\":"
                        "\"assistant\",\"status\":\"in_progress\",\"content\":[]}";
        put_event(g, "thread.message.created", m, strlen(m));
        break;
    }
    case 4:
        if (g->i < g->n) {
            const char *w = words[g->i % NWORDS];
            int len = snprintf(buf, sizeof buf,
                               "{\"id\":\"msg_1\",\"object\":\"thread.message.delta\",\"delta\":{\"content\":"
                               "[{\"index\":0,\"type\":\"text\",\"text\":{\"value\":\"%s\"%s}}]}}",
                               w, g->i == 0 ? ",\"annotations\":[]" : "");
            g->text_len += strlen(w);
            g->i++;
            put_event(g, "thread.message.delta", buf, (size_t)len);
            return 1;
        }
        g->phase++;
        /* fall through */
    case 5: /* message.completed with the full text, produced piecewise */
        if (g->j == 0) {
            const char *head = "event: thread.message.completed\ndata: {\"id\":\"msg_1\",\"object\":"
                               "\"thread.message\",\"thread_id\":\"thread_1\",\"role\":\"assistant\",\"status\":"
                               "\"completed\",\"content\":[{\"type\":\"text\",\"text\":{\"value\":\"";
            put_raw(g, head);
            g->j = 1;
            return 1;
        }
        if (g->j <= g->n) {
            /* a few thousand words per piece */
            size_t o = 0;
            char piece[32768];
            while (g->j <= g->n && o + 16 < sizeof piece) {
                const char *w = words[(g->j - 1) % NWORDS];
                size_t wl = strlen(w);
                memcpy(piece + o, w, wl);
                o += wl;
                g->j++;
            }
            piece[o] = '\0';
            put_raw(g, piece);
            return 1;
        }
        put_raw(g, "\",\"annotations\":[]}}],\"assistant_id\":\"asst_1\",\"run_id\":\"run_1\"}\n\n");
        g->data = NULL; /* the floor pass parses it from its own copy */
        break;
    case 6: put_event(g, "thread.run.step.completed", STEP("completed"), strlen(STEP("completed"))); break;
    case 7: put_event(g, "thread.run.completed", RUN("completed"), strlen(RUN("completed"))); break;
    case 8: put_event(g, "done", "[DONE]", 6); break;
    default: return 0;
    }
    g->phase++;
    return 1;
}

/* Fill buf with up to cap bytes of the stream; returns the count (0 = end). */
static size_t fill(gen *g, char *buf, size_t cap)
{
    size_t n = 0;
    while (n < cap) {
        if (g->ev_off == g->ev_len && !next_event(g))
            break;
        size_t k = g->ev_len - g->ev_off < cap - n ? g->ev_len - g->ev_off : cap - n;
        memcpy(buf + n, g->ev + g->ev_off, k);
        g->ev_off += k;
        n += k;
    }
    return n;
}

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine is shared */
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* ---- the engine pass ---------------------------------------------------- */

static int noop_ev(const oai_event *e, void *u) { (void)e; (void)u; return 0; }
static int noop_step(const oai_run_step *x, void *u) { (void)x; (void)u; return 0; }
static int noop_step_d(const oai_json *d, const oai_run_step *x, void *u) { (void)d; (void)x; (void)u; return 0; }
static int noop_msg(const oai_message *x, void *u) { (void)x; (void)u; return 0; }
static int noop_msg_d(const oai_json *d, const oai_message *x, void *u) { (void)d; (void)x; (void)u; return 0; }
static int noop_text(const oai_text *x, void *u) { (void)x; (void)u; return 0; }
static int noop_td(const oai_text_delta *d, const oai_text *t, void *u) { (void)d; (void)t; (void)u; return 0; }
static int noop_json(const oai_json *x, void *u) { (void)x; (void)u; return 0; }
static int noop_tc(const oai_tool_call *x, void *u) { (void)x; (void)u; return 0; }
static int noop_tc_d(const oai_json *d, const oai_tool_call *x, void *u) { (void)d; (void)x; (void)u; return 0; }
static void noop_0(void *u) { (void)u; }
static void noop_err(const oai_error *e, void *u) { (void)e; (void)u; }

static size_t json_size(const oai_json *j)
{
    char *s = oai_json_serialize(j, 0);
    size_t n = s ? strlen(s) : 0;
    oai_free(s);
    return n;
}

typedef struct result {
    double ns;
    long events;
    double rss_mib, snap_mib;
    int rc;
} result;

static result engine(long n)
{
    result r = { 0, 0, 0, 0, 0 };
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.on_event = noop_ev;
    h.on_run_step_created = noop_step;
    h.on_run_step_delta = noop_step_d;
    h.on_run_step_done = noop_step;
    h.on_message_created = noop_msg;
    h.on_message_delta = noop_msg_d;
    h.on_message_done = noop_msg;
    h.on_text_created = noop_text;
    h.on_text_delta = noop_td;
    h.on_text_done = noop_text;
    h.on_image_file_done = noop_json;
    h.on_tool_call_created = noop_tc;
    h.on_tool_call_delta = noop_tc_d;
    h.on_tool_call_done = noop_tc;
    h.on_end = noop_0;
    h.on_timeout = noop_0;
    h.on_exception = noop_err;
    oai_stream_options o = OAI_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_stream *s;
    if (oai_stream_new(&s, &o) != OAI_OK) {
        r.rc = -1;
        return r;
    }
    gen g = { n, 0, 0, 0, NULL, 0, 0, 0, NULL, 0, 0 };
    char *buf = malloc(CHUNK);
    double gen_ns = 0, t0 = now_ns();
    const oai_event *ev;
    int rc;
    for (;;) {
        rc = oai_stream_next(&ev, s);
        if (rc == OAI_OK) {
            r.events++;
            continue;
        }
        if (rc != OAI_EAGAIN)
            break;
        double f0 = now_ns(); /* synthesising input is not engine time */
        size_t k = fill(&g, buf, CHUNK);
        gen_ns += now_ns() - f0;
        if (k)
            oai_stream_feed(s, buf, k);
        else
            oai_stream_feed_end(s);
    }
    r.ns = now_ns() - t0 - gen_ns;
    r.rc = rc == OAI_ITEROVER ? 0 : rc;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    r.rss_mib = (double)ru.ru_maxrss / 1024.0;
    const oai_message *const *msgs;
    const oai_run_step *const *steps;
    const oai_run *run;
    size_t cnt, total = 0;
    if (oai_stream_final_messages(&msgs, &cnt, s) == OAI_OK)
        for (size_t i = 0; i < cnt; i++)
            total += json_size(oai_message_json(msgs[i]));
    if (oai_stream_final_run_steps(&steps, &cnt, s) == OAI_OK)
        for (size_t i = 0; i < cnt; i++)
            total += json_size(oai_run_step_json(steps[i]));
    if (oai_stream_final_run(&run, s) == OAI_OK)
        total += json_size(oai_run_json(run));
    r.snap_mib = (double)total / (1024.0 * 1024.0);
    oai_stream_free(s);
    free(buf);
    free(g.ev);
    return r;
}

/* ---- the floor: parse each event's JSON, nothing else ------------------ */

static double floor_pass(long n, long *events)
{
    enum { BATCH = 4096 };
    gen g = { n, 0, 0, 0, NULL, 0, 0, 0, NULL, 0, 0 };
    char **data = calloc(BATCH, sizeof *data);
    size_t *len = calloc(BATCH, sizeof *len);
    double total = 0;
    int more = 1;
    char *asm_buf = NULL;
    size_t asm_len = 0, asm_cap = 0;
    *events = 0;
    while (more) {
        /* synthesise a batch of payloads, then time parsing them alone */
        int b = 0;
        while (b < BATCH && (more = next_event(&g)) != 0) {
            const char *d = g.data;
            size_t dl = g.data_len;
            if (!d) { /* a piece of the big message.completed event */
                if (asm_len + g.ev_len > asm_cap) {
                    asm_cap = (asm_len + g.ev_len) * 2;
                    asm_buf = realloc(asm_buf, asm_cap);
                }
                memcpy(asm_buf + asm_len, g.ev, g.ev_len);
                asm_len += g.ev_len;
                if (g.phase != 6)
                    continue;
                d = strstr(asm_buf, "\ndata: ") + 7;
                dl = asm_len - (size_t)(d - asm_buf) - 2;
                asm_len = 0;
            }
            if (dl >= 6 && memcmp(d, "[DONE]", 6) == 0) {
                more = 0;
                break;
            }
            data[b] = realloc(data[b], dl);
            memcpy(data[b], d, dl);
            len[b++] = dl;
        }
        double t0 = now_ns();
        for (int i = 0; i < b; i++)
            cJSON_Delete(cJSON_ParseWithLength(data[i], len[i]));
        total += now_ns() - t0;
        *events += b;
    }
    for (int i = 0; i < BATCH; i++)
        free(data[i]);
    free(data);
    free(len);
    free(asm_buf);
    free(g.ev);
    return total;
}

/* Run one pass in a child process and read its result back: each child
 * starts from this small parent, so a pass's peak RSS is its own and never
 * includes heap that an earlier pass grew. */
/* The pass a child runs: the assistant engine or its floor, or with
 * chat > 0 the chat engine or floor (chat 2: the tool-call stream). */
static result run_pass(long n, int floor, int chat)
{
    result r = { 0, 0, 0, 0, 0 };
    if (!chat) {
        if (!floor)
            return engine(n);
        r.ns = floor_pass(n, &r.events);
        return r;
    }
    size_t snap = 0;
    if (floor) {
        r.ns = chat_floor_pass(n, chat == 2, &r.events);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        r.rss_mib = (double)ru.ru_maxrss / 1024.0;
    } else {
        r.ns = chat_engine_pass(n, chat == 2, &r.events, &snap, &r.rss_mib);
    }
    r.rc = r.ns < 0 ? -1 : 0;
    r.snap_mib = (double)snap / (1024.0 * 1024.0);
    return r;
}

static int in_child(long n, int floor, int chat, result *out)
{
    int pipefd[2];
    if (pipe(pipefd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(pipefd[0]);
        result r = run_pass(n, floor, chat);
        ssize_t w = write(pipefd[1], &r, sizeof r);
        _exit(w == (ssize_t)sizeof r ? 0 : 1);
    }
    close(pipefd[1]);
    ssize_t got = read(pipefd[0], out, sizeof *out);
    close(pipefd[0]);
    waitpid(pid, NULL, 0);
    return got == (ssize_t)sizeof *out && out->rc == 0 ? 0 : -1;
}

/* The synthetic stream of n deltas to stdout. */
static int emit(long n)
{
    gen g = { n, 0, 0, 0, NULL, 0, 0, 0, NULL, 0, 0 };
    static char buf[CHUNK];
    size_t k;
    while ((k = fill(&g, buf, sizeof buf)) > 0)
        if (fwrite(buf, 1, k, stdout) != k)
            break;
    free(g.ev);
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}

int main(int argc, char **argv)
{
    long sizes[] = { 10000, 100000, 1000000 };
    int nsizes = 3;
    if (argc == 3 && strcmp(argv[1], "--emit") == 0)
        return emit(atol(argv[2]));
    if (argc > 3 && strcmp(argv[1], "--responses-dump") == 0)
        return stream_bench_responses_dump(atol(argv[2]), argv[3]) ? 1 : 0;
    if (argc > 2 && strcmp(argv[1], "--responses-file") == 0) {
        oai_global_init(NULL);
        return stream_bench_responses_file(argv[2]) ? 1 : 0;
    }
    if (argc > 1 && strcmp(argv[1], "--responses") == 0) { /* those rows only */
        oai_global_init(NULL);
        return stream_bench_responses(10000, 0) || stream_bench_responses(1000000, 0) ||
               stream_bench_responses(100000, 1);
    }
    if ((argc == 3 || argc == 4) && strcmp(argv[1], "--emit-chat") == 0)
        return chat_emit(atol(argv[2]), argc == 4 && strcmp(argv[3], "tool") == 0);
    if (argc == 2 && strcmp(argv[1], "--chat") == 0) { /* the chat rows only */
        nsizes = 0;
    } else if (argc > 1) { /* a single size, e.g. for profiling */
        sizes[0] = atol(argv[1]);
        nsizes = 1;
    }
    oai_global_init(NULL);
    /* the assistant rows, then (for the default sizes) the chat rows */
    static const struct { long n; int chat; } chat_rows[] = { { 10000, 1 }, { 1000000, 1 }, { 100000, 2 } };
    int nrows = nsizes + (nsizes != 1 ? 3 : 0);
    for (int k = 0; k < nrows; k++) {
        long n = k < nsizes ? sizes[k] : chat_rows[k - nsizes].n;
        int chat = k < nsizes ? 0 : chat_rows[k - nsizes].chat;
        /* the machine may be shared: best of a few runs, alternating */
        int reps = n <= 100000 ? 7 : 3;
        result best = { 0, 0, 0, 0, 0 }, fbest = { 0, 0, 0, 0, 0 };
        for (int rep = 0; rep < reps; rep++) {
            result r, f;
            if (in_child(n, 0, chat, &r) != 0 || in_child(n, 1, chat, &f) != 0) {
                fprintf(stderr, "engine pass failed for %ld deltas\n", n);
                return 1;
            }
            if (rep == 0 || r.ns < best.ns) {
                double rss = best.rss_mib > r.rss_mib ? best.rss_mib : r.rss_mib;
                best = r;
                best.rss_mib = rss;
            }
            if (rep == 0 || f.ns < fbest.ns)
                fbest = f;
        }
        if (chat)
            printf("api=chat kind=%s ", chat == 2 ? "tool" : "content");
        printf("deltas=%ld events=%ld engine_ns_per_event=%.1f floor_ns_per_event=%.1f peak_rss_mib=%.1f "
               "snapshot_mib=%.1f\n",
               n, best.events, best.ns / (double)best.events, fbest.ns / (double)fbest.events, best.rss_mib,
               best.snap_mib);
        fflush(stdout);
    }
    /* Responses API streams: 10k and 1M output_text deltas, and one function
     * call of 100k argument deltas */
    if (nsizes > 1 && (stream_bench_responses(10000, 0) || stream_bench_responses(1000000, 0) ||
                       stream_bench_responses(100000, 1)))
        return 1;
    return 0;
}
