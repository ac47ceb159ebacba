/* The Responses trace through a response stream (resp_stream_trace.h). */
#include "resp_stream_trace.h"

#include <stdlib.h>
#include <string.h>

#include "json_write.h"

/* Type and output_index of every event of the body, in order. */
typedef struct scan {
    char **type;
    long long *oi;
    size_t n, cap;
} scan;

static long long index_member(const oai_json *ev, const char *key)
{
    const oai_json *n = oai_json_get(ev, key);
    return oai_json_is_number(n) ? (long long)oai_json_int(n, -1) : -1;
}

static int scan_add(scan *sc, const oai_sse_event *ev)
{
    if (ev->data_len == 6 && memcmp(ev->data, "[DONE]", 6) == 0)
        return 0; /* the stream delivers no event for it */
    if (sc->n == sc->cap) {
        size_t cap = sc->cap ? sc->cap * 2 : 64;
        char **t = realloc(sc->type, cap * sizeof *t);
        if (!t)
            return -1;
        sc->type = t;
        long long *o = realloc(sc->oi, cap * sizeof *o);
        if (!o)
            return -1;
        sc->oi = o;
        sc->cap = cap;
    }
    oai_json *j = NULL;
    const char *type = ev->name ? ev->name : "";
    long long oi = -1;
    if (oai_json_parse(&j, ev->data, ev->data_len) == OAI_OK) {
        const char *jt = oai_json_string(oai_json_get(j, "type"));
        if (jt)
            type = jt;
        oi = index_member(j, "output_index");
    }
    sc->type[sc->n] = strdup(type);
    sc->oi[sc->n] = oi;
    oai_json_free(j);
    return sc->type[sc->n++] ? 0 : -1;
}

static void scan_free(scan *sc)
{
    for (size_t i = 0; i < sc->n; i++)
        free(sc->type[i]);
    free(sc->type);
    free(sc->oi);
}

static int scan_body(scan *sc, const char *buf, size_t len)
{
    oai_sse_parser *p = NULL;
    if (oai_sse_parser_new(&p, NULL) != OAI_OK)
        return -1;
    int rc = 0;
    if (oai_sse_parser_feed(p, buf, len) == OAI_OK) {
        oai_sse_parser_finish(p);
        const oai_sse_event *ev;
        while (!rc && oai_sse_parser_next(&ev, p) == OAI_OK)
            rc = scan_add(sc, ev);
    }
    oai_sse_parser_free(p);
    return rc;
}

int resp_stream_trace_detect(const char *buf, size_t len)
{
    scan sc = {0};
    oai_sse_parser *p = NULL;
    int yes = 0;
    if (oai_sse_parser_new(&p, NULL) != OAI_OK)
        return 0;
    const oai_sse_event *ev;
    if (oai_sse_parser_feed(p, buf, len) == OAI_OK &&
        oai_sse_parser_finish(p) == OAI_OK &&
        oai_sse_parser_next(&ev, p) == OAI_OK && scan_add(&sc, ev) == 0 &&
        sc.n == 1)
        yes = strncmp(sc.type[0], "response.", 9) == 0 ||
              strcmp(sc.type[0], "error") == 0 ||
              strcmp(sc.type[0], "keepalive") == 0;
    scan_free(&sc);
    oai_sse_parser_free(p);
    return yes;
}

static void put_string(FILE *f, const char *s)
{
    json_write_string(f, s, strlen(s));
}

static void put_json(FILE *f, const oai_json *j)
{
    char *s = oai_json_serialize(j, 0);
    fputs(s ? s : "null", f);
    free(s);
}

/* The snapshot without the `output_text` some servers add: the trace
 * leaves that convenience out (it has its own accessor). */
static void put_response(FILE *f, const oai_json *r)
{
    fputc('{', f);
    int first = 1;
    for (const oai_json *m = oai_json_first(r); m; m = oai_json_next(m)) {
        if (strcmp(oai_json_key(m), "output_text") == 0)
            continue;
        if (!first)
            fputc(',', f);
        first = 0;
        put_string(f, oai_json_key(m));
        fputc(':', f);
        put_json(f, m);
    }
    fputc('}', f);
}

/* UTF-8 bytes of every string value in j, recursively. */
static size_t string_bytes(const oai_json *j)
{
    if (oai_json_is_string(j))
        return oai_json_string_len(j);
    size_t n = 0;
    for (const oai_json *c = oai_json_first(j); c; c = oai_json_next(c))
        n += string_bytes(c);
    return n;
}

/* String bytes an event added to its item when that is plain to see (a
 * text delta without logprobs, or no change at all), else -1. */
static long long grown(const oai_response_update *u)
{
    if (u->n_changes == 0)
        return 0;
    const oai_response_change *c = &u->changes[0];
    const oai_json *lp = oai_json_get(u->event, "logprobs");
    if (u->n_changes > 1 || c->kind != OAI_RESPONSE_CHANGE_TEXT_DELTA ||
        !c->delta || (lp && !(oai_json_is_array(lp) && !oai_json_first(lp))))
        return -1;
    return (long long)c->delta_len;
}

typedef struct printer {
    FILE *out;
    const scan *sc;
    size_t k;            /* events printed */
    long long run_bytes; /* size on the last line of a delta run, or -1 */
} printer;

static int is_delta(const char *type)
{
    size_t n = strlen(type);
    return n >= 6 && strcmp(type + n - 6, ".delta") == 0;
}

static void print_event(printer *p, const oai_response_update *u,
                        const oai_response_stream *s)
{
    FILE *f = p->out;
    size_t next = ++p->k; /* index of the event after this one */
    fputs("{\"type\":", f);
    put_string(f, u->type_name);
    if (u->sequence_number >= 0)
        fprintf(f, ",\"seq\":%lld", u->sequence_number);
    else
        fputs(",\"seq\":null", f);
    long long oi = index_member(u->event, "output_index");
    const oai_json *item = oai_response_stream_item(s, oi);
    const oai_json *snap = oai_response_stream_current_response(s);
    int lifecycle = u->type >= OAI_RESPONSE_EVENT_CREATED &&
                    u->type <= OAI_RESPONSE_EVENT_INCOMPLETE;
    if (lifecycle && snap) {
        fputs(",\"response\":", f);
        put_response(f, snap);
    } else if (oi >= 0 && item) {
        fprintf(f, ",\"output_index\":%lld,", oi);
        if (is_delta(u->type_name) && next < p->sc->n &&
            strcmp(p->sc->type[next], u->type_name) == 0 &&
            p->sc->oi[next] == oi) {
            long long g = grown(u);
            if (p->run_bytes < 0 || g < 0)
                p->run_bytes = (long long)string_bytes(item);
            else
                p->run_bytes += g;
            fprintf(f, "\"strings\":%lld}\n", p->run_bytes);
            return;
        }
        fputs("\"item\":", f);
        put_json(f, item);
    }
    p->run_bytes = -1;
    fputs("}\n", f);
}

static void print_end(FILE *f, int rc, const oai_error *e)
{
    if (rc == OAI_ITEROVER) {
        fputs("{\"end\":\"ok\"}\n", f);
        return;
    }
    fputs("{\"end\":\"error\",\"kind\":", f);
    put_string(f, e->kind ? e->kind : "decode_error");
    fputs(",\"message\":", f);
    put_string(f, e->message ? e->message : "");
    fputs("}\n", f);
}

/* Print every event the stream has ready; the iteration's result. */
static int drain(printer *p, oai_response_stream *s)
{
    const oai_response_update *u;
    int rc;
    while ((rc = oai_response_stream_next(&u, s)) == OAI_OK)
        print_event(p, u, s);
    return rc;
}

int resp_stream_trace(FILE *out, const char *buf, size_t len,
                      const size_t *cuts, size_t n,
                      const oai_response_stream_options *opts)
{
    scan sc = {0};
    oai_response_stream_options o = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    if (opts)
        o = *opts;
    o.handler = NULL;
    oai_response_stream *s = NULL;
    if (scan_body(&sc, buf, len) || oai_response_stream_new(&s, &o)) {
        scan_free(&sc);
        return -1;
    }
    printer p = {out, &sc, 0, -1};
    int rc = OAI_EAGAIN;
    size_t off = 0;
    for (size_t i = 0; rc == OAI_EAGAIN && i <= n; i++) {
        size_t end = i < n && cuts[i] < len ? cuts[i] : len;
        if (end <= off)
            continue;
        if (oai_response_stream_feed(s, buf + off, end - off) != OAI_OK)
            break;
        off = end;
        rc = drain(&p, s);
    }
    if (rc == OAI_EAGAIN) {
        oai_response_stream_feed_end(s);
        rc = drain(&p, s);
    }
    print_end(out, rc, oai_response_stream_error(s));
    oai_response_stream_free(s);
    scan_free(&sc);
    return 0;
}

char *resp_stream_trace_string(const char *buf, size_t len,
                               const size_t *cuts, size_t n)
{
    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    if (!f)
        return NULL;
    int rc = resp_stream_trace(f, buf, len, cuts, n, NULL);
    fclose(f);
    if (rc) {
        free(out);
        return NULL;
    }
    return out;
}
