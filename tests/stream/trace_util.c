#include "trace_util.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

typedef struct pieces {
    const char *buf;
    size_t len, off;
    const size_t *cuts;
    size_t n, next;
    int ended;
} pieces;

static int feed_piece(void *ctx, oai_stream *s)
{
    pieces *p = ctx;
    if (p->ended)
        return 0;
    while (p->next < p->n && p->cuts[p->next] <= p->off)
        p->next++;
    size_t end = p->next < p->n ? p->cuts[p->next++] : p->len;
    if (end > p->len)
        end = p->len;
    if (end == p->off) {
        p->ended = 1;
        oai_stream_feed_end(s);
        return 1;
    }
    oai_stream_feed(s, p->buf + p->off, end - p->off);
    p->off = end;
    return 1;
}

char *tt_trace(const char *buf, size_t len, const size_t *cuts, size_t n)
{
    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    if (!f)
        return NULL;
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    trace_printer t;
    trace_printer_attach(&h, &t, f);
    oai_stream_options o = OAI_STREAM_OPTIONS_INIT;
    o.handler = &h;
    oai_stream *s = NULL;
    if (oai_stream_new(&s, &o) == OAI_OK) {
        pieces p = { buf, len, 0, cuts, n, 0, 0 };
        trace_printer_run(&t, s, feed_piece, &p);
        oai_stream_free(s);
    }
    fclose(f);
    return out;
}

static char *next_line(char **cur)
{
    char *s = *cur;
    if (!s || !*s)
        return NULL;
    char *nl = strchr(s, '\n');
    if (nl) {
        *nl = '\0';
        *cur = nl + 1;
    } else {
        *cur = s + strlen(s);
    }
    return s;
}

const char *tt_compare(const char *got, const char *want)
{
    static char why[512];
    char *g = strdup(got), *w = strdup(want);
    char *gc = g, *wc = w;
    const char *res = NULL;
    for (int line = 1;; line++) {
        char *gl = next_line(&gc), *wl = next_line(&wc);
        if (!gl && !wl)
            break;
        if (!gl || !wl) {
            snprintf(why, sizeof why, "line %d: %s", line, gl ? "extra line in got" : "missing line in got");
            res = why;
            break;
        }
        cJSON *a = cJSON_Parse(gl), *b = cJSON_Parse(wl);
        int same = a && b && cJSON_Compare(a, b, 1);
        cJSON_Delete(a);
        cJSON_Delete(b);
        if (!same) {
            snprintf(why, sizeof why, "line %d differs:\n  got  %.200s\n  want %.200s", line, gl, wl);
            res = why;
            break;
        }
    }
    free(g);
    free(w);
    return res;
}
