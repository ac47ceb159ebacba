/* chat_bench.c - the Chat Completions rows of stream_bench (chat_bench.h). */
#include "chat_bench.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <string.h>
#include <time.h>

#include "oai.h"

#define CHUNK 65536
#define HEAD "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":["

static const char *const words[] = {" the", " stream", " of", " text", " deltas", ",",
                                    " and", " a", " longer", " token", " here", "."};
#define NWORDS (sizeof words / sizeof words[0])

typedef struct cgen {
    long n, i; /* deltas, next one (-1: the first chunk) */
    int tool, phase;
} cgen;

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* The data of the next event into d (cap >= 512); its length, 0 at the end. */
static size_t next_data(cgen *g, char *d, size_t cap)
{
    int k;
    if (g->phase == 0) {
        g->phase = 1;
        k = g->tool ? snprintf(d, cap, HEAD "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
                                           "\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                                           "\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]},\"finish_reason\":null}]}")
                    : snprintf(d, cap, HEAD "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                                           "\"finish_reason\":null}]}");
    } else if (g->phase == 1 && g->i < g->n) {
        const char *w = words[g->i++ % NWORDS];
        k = g->tool ? snprintf(d, cap, HEAD "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{"
                                           "\"arguments\":\"%s\"}}]},\"finish_reason\":null}]}",
                               w)
                    : snprintf(d, cap, HEAD "{\"index\":0,\"delta\":{\"content\":\"%s\"},\"finish_reason\":null}]}", w);
    } else if (g->phase == 1) {
        g->phase = 2;
        k = snprintf(d, cap, HEAD "{\"index\":0,\"delta\":{},\"finish_reason\":\"%s\"}]}",
                     g->tool ? "tool_calls" : "stop");
    } else if (g->phase == 2) {
        g->phase = 3;
        k = snprintf(d, cap, HEAD "],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":%ld,\"total_tokens\":%ld}}",
                     g->n, g->n + 9);
    } else if (g->phase == 3) {
        g->phase = 4;
        k = snprintf(d, cap, "[DONE]");
    } else {
        return 0;
    }
    return (size_t)k;
}

/* Whole events into buf; 0 at the end. */
static size_t fill(cgen *g, char *buf, size_t cap)
{
    size_t off = 0;
    while (cap - off >= 600) {
        size_t k = next_data(g, buf + off + 6, cap - off - 8);
        if (!k)
            break;
        memcpy(buf + off, "data: ", 6);
        memcpy(buf + off + 6 + k, "\n\n", 2);
        off += k + 8;
    }
    return off;
}

static int noop_chunk(const oai_json *c, const oai_json *s, const oai_chat_update *u, void *ud)
{
    (void)c, (void)s, (void)u, (void)ud;
    return 0;
}
static int noop_delta(const char *d, size_t n, const char *s, const oai_chat_change *c, void *ud)
{
    (void)d, (void)n, (void)s, (void)c, (void)ud;
    return 0;
}
static int noop_done(const char *t, const oai_chat_change *c, void *ud)
{
    (void)t, (void)c, (void)ud;
    return 0;
}
static int noop_call(const oai_json *t, const oai_chat_change *c, void *ud)
{
    (void)t, (void)c, (void)ud;
    return 0;
}

double chat_engine_pass(long n, int tool, long *events, size_t *snap_bytes, double *rss_mib)
{
    oai_chat_handler h = OAI_CHAT_HANDLER_INIT;
    h.on_chunk = noop_chunk;
    h.on_content_delta = noop_delta;
    h.on_content_done = noop_done;
    h.on_tool_call_arguments_delta = noop_delta;
    h.on_tool_call_arguments_done = noop_call;
    oai_chat_stream_options o = OAI_CHAT_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_chat_stream *s;
    char *buf = malloc(CHUNK);
    if (!buf || oai_chat_stream_new(&s, &o) != OAI_OK) {
        free(buf);
        return -1;
    }
    cgen g = {n, 0, tool, 0};
    double gen_ns = 0, t0 = now_ns();
    const oai_chat_update *u;
    int rc;
    *events = 0;
    for (;;) {
        rc = oai_chat_stream_next(&u, s);
        if (rc == OAI_OK) {
            ++*events;
            continue;
        }
        if (rc != OAI_EAGAIN)
            break;
        double f0 = now_ns(); /* synthesising input is not engine time */
        size_t k = fill(&g, buf, CHUNK);
        gen_ns += now_ns() - f0;
        if (k)
            oai_chat_stream_feed(s, buf, k);
        else
            oai_chat_stream_feed_end(s);
    }
    const oai_json *final = NULL;
    if (rc == OAI_ITEROVER)
        rc = oai_chat_stream_final_completion(&final, s);
    double ns = now_ns() - t0 - gen_ns;
    /* The peak of streaming, before the snapshot is serialised to size it. */
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *rss_mib = (double)ru.ru_maxrss / 1024.0;
    char *text = final ? oai_json_serialize(final, 0) : NULL;
    *snap_bytes = text ? strlen(text) : 0;
    oai_free(text);
    oai_chat_stream_free(s);
    free(buf);
    return rc == OAI_OK && final ? ns : -1;
}

double chat_floor_pass(long n, int tool, long *events)
{
    enum { BATCH = 4096 };
    static char data[BATCH][640];
    static size_t len[BATCH];
    cgen g = {n, 0, tool, 0};
    double total = 0;
    int more = 1;
    *events = 0;
    while (more) {
        int b = 0;
        while (b < BATCH && (len[b] = next_data(&g, data[b], sizeof data[b])) > 0)
            if (len[b] == 6 && memcmp(data[b], "[DONE]", 6) == 0)
                more = 0;
            else
                b++;
        if (b < BATCH)
            more = 0;
        double t0 = now_ns();
        for (int i = 0; i < b; i++)
            cJSON_Delete(cJSON_ParseWithLength(data[i], len[i]));
        total += now_ns() - t0;
        *events += b;
    }
    return total;
}

int chat_emit(long n, int tool)
{
    static char buf[CHUNK];
    cgen g = {n, 0, tool, 0};
    size_t k;
    while ((k = fill(&g, buf, sizeof buf)) > 0)
        if (fwrite(buf, 1, k, stdout) != k)
            break;
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
