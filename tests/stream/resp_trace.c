/* The Responses trace printer. A line is printed when the next event is
 * known, before that event is applied: a delta followed by another delta
 * of the same type on the same item prints only a size, the last of the
 * run prints the whole item as it is after that delta. */
#include "resp_trace.h"
#include "trace.h"

#include <stdlib.h>
#include <string.h>

#include "resp_trace_json.h"
#include "oai/sse.h"

struct resp_trace {
    FILE *out;
    oai_sse_parser *sse;
    oai_response_accumulator *acc;
    int ended;
    /* the event whose line waits for the next event */
    int pending;
    char type[256];
    long long seq, output_index;
    int lifecycle, delta;
    /* Runs of deltas print a size; it is carried from line to line (the
     * string bytes the event added) so a long run stays linear. */
    long long growth;    /* bytes the pending event added, -1 if unknown */
    long long run_bytes; /* the size on the last line, -1 after an item */
};

resp_trace *resp_trace_new(FILE *out, const oai_response_accumulator_options *opts)
{
    resp_trace *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->out = out;
    t->run_bytes = -1;
    if (oai_sse_parser_new(&t->sse, NULL) != OAI_OK ||
        oai_response_accumulator_new(&t->acc, opts) != OAI_OK) {
        resp_trace_free(t);
        return NULL;
    }
    return t;
}

void resp_trace_free(resp_trace *t)
{
    if (!t)
        return;
    oai_sse_parser_free(t->sse);
    oai_response_accumulator_free(t->acc);
    free(t);
}

static void print_pending(resp_trace *t, const char *next_type, long long next_oi)
{
    if (!t->pending)
        return;
    t->pending = 0;
    FILE *f = t->out;
    fputs("{\"type\":", f);
    resp_trace_put_string(f, t->type);
    if (t->seq >= 0)
        fprintf(f, ",\"seq\":%lld", t->seq);
    else
        fputs(",\"seq\":null", f);
    const oai_json *item = oai_response_accumulator_item(t->acc, t->output_index);
    if (t->lifecycle && oai_response_accumulator_snapshot(t->acc)) {
        fputs(",\"response\":", f);
        resp_trace_put_response(f, oai_response_accumulator_snapshot(t->acc));
    } else if (t->output_index >= 0 && item) {
        fprintf(f, ",\"output_index\":%lld,", t->output_index);
        if (t->delta && next_type && strcmp(next_type, t->type) == 0 &&
            next_oi == t->output_index) {
            if (t->run_bytes < 0 || t->growth < 0)
                t->run_bytes = (long long)resp_trace_string_bytes(item);
            else
                t->run_bytes += t->growth;
            fprintf(f, "\"strings\":%lld", t->run_bytes);
            fputs("}\n", f);
            return;
        }
        fputs("\"item\":", f);
        resp_trace_put_json(f, item);
    }
    t->run_bytes = -1;
    fputs("}\n", f);
}

static void print_end(resp_trace *t, const oai_error *e, const char *fallback_kind)
{
    print_pending(t, NULL, -1);
    t->ended = 1;
    if (!e) {
        fputs("{\"end\":\"ok\"}\n", t->out);
        return;
    }
    fputs("{\"end\":\"error\",\"kind\":", t->out);
    const char *kind = trace_error_kind(e);
    resp_trace_put_string(t->out, kind ? kind : fallback_kind);
    fputs(",\"message\":", t->out);
    resp_trace_put_string(t->out, e->message ? e->message : "");
    fputs("}\n", t->out);
}

static long long index_member(const oai_json *ev, const char *key)
{
    const oai_json *n = oai_json_get(ev, key);
    return oai_json_is_number(n) ? (long long)oai_json_int(n, -1) : -1;
}

/* Type and output_index of the next event, to finish the pending line. */
static void peek_and_print(resp_trace *t, const oai_sse_event *ev)
{
    if (!t->pending)
        return;
    oai_json *j = NULL;
    const char *type = ev->name;
    long long oi = -1;
    if (oai_json_parse(&j, ev->data, ev->data_len) == OAI_OK) {
        const char *jt = oai_json_string(oai_json_get(j, "type"));
        if (jt)
            type = jt;
        oi = index_member(j, "output_index");
    }
    print_pending(t, type, oi);
    oai_json_free(j);
}

static void apply(resp_trace *t, const oai_sse_event *ev)
{
    peek_and_print(t, ev);
    const oai_response_update *u;
    if (oai_response_accumulator_apply(t->acc, ev->name, ev->data, ev->data_len, &u) != OAI_OK) {
        print_end(t, oai_response_accumulator_error(t->acc), "accumulate_error");
        return;
    }
    if (u->type == OAI_RESPONSE_EVENT_DONE_SENTINEL)
        return;
    t->pending = 1;
    snprintf(t->type, sizeof t->type, "%s", u->type_name);
    t->seq = u->sequence_number;
    t->output_index = index_member(u->event, "output_index");
    t->lifecycle = u->type >= OAI_RESPONSE_EVENT_CREATED && u->type <= OAI_RESPONSE_EVENT_INCOMPLETE;
    size_t n = strlen(t->type);
    t->delta = n >= 6 && strcmp(t->type + n - 6, ".delta") == 0;
    t->growth = resp_trace_grown(u);
}

static void drain(resp_trace *t)
{
    const oai_sse_event *ev;
    int rc;
    while (!t->ended && (rc = oai_sse_parser_next(&ev, t->sse)) == OAI_OK)
        apply(t, ev);
    if (!t->ended && rc != OAI_EAGAIN && rc != OAI_ITEROVER)
        print_end(t, oai_sse_parser_error(t->sse), rc == OAI_ELIMIT ? "limit" : "decode_error");
}

int resp_trace_feed(resp_trace *t, const void *buf, size_t len)
{
    if (t->ended)
        return 1;
    if (oai_sse_parser_feed(t->sse, buf, len) != OAI_OK) {
        print_end(t, oai_sse_parser_error(t->sse), "decode_error");
        return 1;
    }
    drain(t);
    return t->ended;
}

void resp_trace_finish(resp_trace *t)
{
    if (t->ended)
        return;
    oai_sse_parser_feed_end(t->sse);
    drain(t);
    if (!t->ended)
        print_end(t, NULL, NULL);
}

char *resp_trace_string(const char *buf, size_t len, const size_t *cuts, size_t n)
{
    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    if (!f)
        return NULL;
    resp_trace *t = resp_trace_new(f, NULL);
    size_t off = 0;
    for (size_t i = 0; t && i <= n; i++) {
        size_t end = i < n ? cuts[i] : len;
        if (end > len)
            end = len;
        if (end > off && resp_trace_feed(t, buf + off, end - off))
            break;
        if (end > off)
            off = end;
    }
    if (t)
        resp_trace_finish(t);
    resp_trace_free(t);
    fclose(f);
    return out;
}
