/* chat_trace.c - the canonical Chat Completions trace (chat_trace.h). */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "chat_trace.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_write.h"
#include "trace.h"

#include "oai/common.h"
#include "oai/json.h"
#include "oai/sse.h"

#define MAX_CHOICES 128

struct chat_trace {
    FILE *out;
    oai_sse_parser *sse;
    oai_chat_accumulator *acc;          /* owned; NULL when attached */
    const oai_chat_accumulator *view;   /* what chunk lines read */
    oai_json *prev_top;                 /* key -> last printed JSON text */
    oai_json *prev_choice[MAX_CHOICES]; /* the same per choice */
    oai_json *seen_ids;                 /* tool-call ids a chunk line showed */
    int ended, failed, stopped;
};

/* Views are read-only; lines and copies we own are edited through this. */
static oai_json *mut(const oai_json *j)
{
    return (oai_json *)(uintptr_t)j;
}

/* A number in the fewest digits that read back as the same double, as
 * JavaScript prints it, so that values survive the trace exactly. */
static void write_number(FILE *f, double d)
{
    char buf[40] = "null";
    if (isfinite(d) && d == trunc(d) && fabs(d) < 1e21) {
        fprintf(f, "%.0f", d);
        return;
    }
    for (int digits = 1; isfinite(d) && digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    fputs(buf, f);
}

static void write_json(FILE *f, const oai_json *j)
{
    oai_json_type type = oai_json_type_of(j);
    if (type == OAI_JSON_NUMBER) {
        write_number(f, oai_json_number(j, 0));
    } else if (type == OAI_JSON_STRING) {
        json_write_string(f, oai_json_string(j), oai_json_string_len(j));
    } else if (type == OAI_JSON_BOOL) {
        fputs(oai_json_bool(j, 0) ? "true" : "false", f);
    } else if (type == OAI_JSON_ARRAY || type == OAI_JSON_OBJECT) {
        const char *sep = "";
        fputc(type == OAI_JSON_OBJECT ? '{' : '[', f);
        for (const oai_json *m = oai_json_first(j); m; m = oai_json_next(m)) {
            fputs(sep, f);
            sep = ",";
            if (type == OAI_JSON_OBJECT) {
                json_write_string(f, oai_json_key(m), strlen(oai_json_key(m)));
                fputc(':', f);
            }
            write_json(f, m);
        }
        fputc(type == OAI_JSON_OBJECT ? '}' : ']', f);
    } else {
        fputs("null", f);
    }
}

static void emit(chat_trace *t, oai_json *line)
{
    if (!line)
        t->failed = 1;
    else
        write_json(t->out, line);
    if (fputc('\n', t->out) == EOF)
        t->failed = 1;
    oai_json_free(line);
}

static oai_json *new_object(void)
{
    oai_json *o = NULL;
    return oai_json_new_object(&o) == OAI_OK ? o : NULL;
}

static int64_t text_bytes(const oai_json *j)
{
    return (int64_t)oai_json_string_len(j);
}

/* Put `v` into `set` when its JSON differs from what `prev` holds for
 * `key`, and remember it. */
static void diff_member(oai_json *set, oai_json *prev, const char *key,
                        const oai_json *v)
{
    char *s = oai_json_serialize(v, 0);
    if (!s)
        return;
    const char *old = oai_json_string(oai_json_get(prev, key));
    if (!old || strcmp(old, s) != 0) {
        oai_json_set(set, key, v);
        oai_json_set_string(prev, key, s);
    }
    oai_free(s);
}

/* Members of `obj` but those in `skip` (NULL-ended) that changed. */
static void put_changes(oai_json *line, oai_json **prev, const oai_json *obj,
                        const char *const *skip)
{
    oai_json *set = new_object();
    if (!*prev)
        *prev = new_object();
    for (const oai_json *m = oai_json_first(obj); m && set && *prev;
         m = oai_json_next(m)) {
        int skipped = 0;
        for (const char *const *s = skip; *s; s++)
            skipped |= strcmp(oai_json_key(m), *s) == 0;
        if (!skipped)
            diff_member(set, *prev, oai_json_key(m), m);
    }
    if (set && oai_json_size(set))
        oai_json_set(line, "set", set);
    oai_json_free(set);
}

static int truthy(const oai_json *v)
{
    switch (oai_json_type_of(v)) {
    case OAI_JSON_BOOL:
        return oai_json_bool(v, 0);
    case OAI_JSON_NUMBER:
        return oai_json_number(v, 0) != 0;
    case OAI_JSON_STRING:
        return *oai_json_string(v) != '\0';
    case OAI_JSON_ARRAY:
    case OAI_JSON_OBJECT:
        return 1;
    default:
        return 0;
    }
}

static int touched(const oai_chat_update *u, long long choice, long long k)
{
    for (size_t i = 0; i < u->n_changes; i++)
        if (u->changes[i].kind == OAI_CHAT_CHANGE_TOOL_CALL &&
            u->changes[i].choice == choice && u->changes[i].tool_index == k)
            return 1;
    return 0;
}

static void put_tool_calls(chat_trace *t, oai_json *e, const oai_json *msg,
                           const oai_chat_update *u, long long choice)
{
    const oai_json *list = oai_json_get(msg, "tool_calls");
    int any = 0;
    for (size_t i = 0; i < u->n_changes; i++)
        any |= u->changes[i].kind == OAI_CHAT_CHANGE_TOOL_CALL &&
               u->changes[i].choice == choice;
    if (!oai_json_is_array(list) || !any)
        return;
    oai_json *arr = NULL;
    if (oai_json_new_array(&arr) != OAI_OK)
        return;
    for (const oai_json *tc = oai_json_first(list); tc;
         tc = oai_json_next(tc)) {
        long long k = oai_json_int(oai_json_get(tc, "index"), -1);
        if (!touched(u, choice, k))
            continue;
        oai_json *o = new_object();
        if (!o)
            break;
        oai_json_set_int(o, "index", k);
        const oai_json *id = oai_json_get(tc, "id"), *fn;
        if (id) {
            oai_json_set(o, "id", id);
            if (oai_json_string(id) && *oai_json_string(id))
                oai_json_set_bool(t->seen_ids, oai_json_string(id), 1);
        }
        if (oai_json_get(tc, "type"))
            oai_json_set(o, "type", oai_json_get(tc, "type"));
        if (oai_json_is_object(fn = oai_json_get(tc, "function"))) {
            if (oai_json_get(fn, "name"))
                oai_json_set(o, "name", oai_json_get(fn, "name"));
            oai_json_set_int(o, "arguments_bytes",
                             text_bytes(oai_json_get(fn, "arguments")));
        }
        if (truthy(fn = oai_json_get(tc, "custom"))) {
            if (oai_json_get(fn, "name"))
                oai_json_set(o, "name", oai_json_get(fn, "name"));
            oai_json_set_int(o, "input_bytes",
                             text_bytes(oai_json_get(fn, "input")));
        }
        oai_json_append(arr, o);
        oai_json_free(o);
    }
    oai_json_set(e, "tool_calls", arr);
    oai_json_free(arr);
}

static void put_audio(oai_json *e, const oai_json *au)
{
    oai_json *o = new_object();
    if (!o)
        return;
    const oai_json *v;
    if (!oai_json_is_null(v = oai_json_get(au, "id")) && v)
        oai_json_set(o, "id", v);
    if (!oai_json_is_null(v = oai_json_get(au, "data")) && v)
        oai_json_set_int(o, "data_bytes", text_bytes(v));
    if (!oai_json_is_null(v = oai_json_get(au, "transcript")) && v)
        oai_json_set_int(o, "transcript_bytes", text_bytes(v));
    if (!oai_json_is_null(v = oai_json_get(au, "expires_at")) && v)
        oai_json_set(o, "expires_at", v);
    oai_json_set(e, "audio", o);
    oai_json_free(o);
}

static void put_count(oai_json *o, const char *key, const oai_json *list)
{
    if (oai_json_is_array(list))
        oai_json_set_int(o, key, (int64_t)oai_json_size(list));
    else
        oai_json_set_null(o, key);
}

/* Message members other than the standard ones: text by its bytes,
 * anything else by the bytes of its JSON. */
static void put_ext(oai_json *e, const oai_json *msg)
{
    static const char *const std[] = {"role",       "content",       "refusal",
                                      "tool_calls", "function_call", "audio"};
    oai_json *ext = new_object();
    for (const oai_json *m = oai_json_first(msg); m && ext;
         m = oai_json_next(m)) {
        int skip = 0;
        for (size_t i = 0; i < sizeof std / sizeof *std; i++)
            skip |= strcmp(oai_json_key(m), std[i]) == 0;
        if (skip)
            continue;
        if (oai_json_is_string(m)) {
            oai_json_set_int(ext, oai_json_key(m), text_bytes(m));
            continue;
        }
        char *s = oai_json_serialize(m, 0);
        oai_json *n = new_object();
        if (s && n) {
            oai_json_set_int(n, "json_bytes", (int64_t)strlen(s));
            oai_json_set(ext, oai_json_key(m), n);
        }
        oai_json_free(n);
        oai_free(s);
    }
    if (ext && oai_json_size(ext))
        oai_json_set(e, "ext", ext);
    oai_json_free(ext);
}

static oai_json *summarize(chat_trace *t, const oai_json *cs, long long idx,
                           const oai_chat_update *u)
{
    static const char *const std_choice[] = {
        "index", "delta", "logprobs", "finish_reason", "message", NULL};
    oai_json *e = new_object();
    if (!e)
        return NULL;
    const oai_json *msg = oai_json_get(cs, "message"), *v;
    oai_json_set_int(e, "index", idx);
    if ((v = oai_json_get(msg, "role")))
        oai_json_set(e, "role", v);
    if (oai_json_is_string(v = oai_json_get(msg, "content")))
        oai_json_set_int(e, "content_bytes", text_bytes(v));
    if (oai_json_is_string(v = oai_json_get(msg, "refusal")))
        oai_json_set_int(e, "refusal_bytes", text_bytes(v));
    put_tool_calls(t, e, msg, u, idx);
    if (truthy(v = oai_json_get(msg, "function_call"))) {
        oai_json *fc = new_object();
        if (fc && oai_json_get(v, "name"))
            oai_json_set(fc, "name", oai_json_get(v, "name"));
        if (fc)
            oai_json_set_int(fc, "arguments_bytes",
                             text_bytes(oai_json_get(v, "arguments")));
        oai_json_set(e, "function_call", fc);
        oai_json_free(fc);
    }
    if (truthy(v = oai_json_get(msg, "audio")))
        put_audio(e, v);
    if (truthy(v = oai_json_get(cs, "logprobs"))) {
        oai_json *lp = new_object();
        if (lp) {
            put_count(lp, "content", oai_json_get(v, "content"));
            put_count(lp, "refusal", oai_json_get(v, "refusal"));
            oai_json_set(e, "logprobs", lp);
        }
        oai_json_free(lp);
    }
    if ((v = oai_json_get(cs, "finish_reason")) && !oai_json_is_null(v))
        oai_json_set(e, "finish_reason", v);
    put_ext(e, msg);
    put_changes(e, &t->prev_choice[idx], cs, std_choice);
    return e;
}

/* The delta event name of a change record, or NULL for other records. */
static const char *delta_event(const oai_chat_change *c, char *buf, size_t n)
{
    switch (c->kind) {
    case OAI_CHAT_CHANGE_CONTENT_DELTA:
        return "content.delta";
    case OAI_CHAT_CHANGE_REFUSAL_DELTA:
        return "refusal.delta";
    case OAI_CHAT_CHANGE_LOGPROBS_CONTENT_DELTA:
        return "logprobs.content.delta";
    case OAI_CHAT_CHANGE_LOGPROBS_REFUSAL_DELTA:
        return "logprobs.refusal.delta";
    case OAI_CHAT_CHANGE_TOOL_ARGUMENTS_DELTA:
        snprintf(buf, n, "tool_calls.function.arguments.delta[%lld]",
                 c->tool_index);
        return buf;
    default:
        return NULL;
    }
}

/* The events of choice `idx`, on the first entry of the line with it. */
static void put_events(oai_json *e, const oai_chat_update *u, long long idx)
{
    oai_json *ev = NULL;
    char buf[80];
    for (size_t i = 0; i < u->n_changes; i++) {
        const char *name = delta_event(&u->changes[i], buf, sizeof buf);
        if (!name || u->changes[i].choice != idx)
            continue;
        if (!ev && oai_json_new_array(&ev) != OAI_OK)
            return;
        oai_json_append_string(ev, name);
    }
    if (ev)
        oai_json_set(e, "events", ev);
    oai_json_free(ev);
}

static void print_chunk(chat_trace *t, const oai_chat_update *u)
{
    static const char *const std_top[] = {"choices", NULL};
    oai_json *line = new_object(), *choices = NULL;
    if (!line || oai_json_new_array(&choices) != OAI_OK) {
        oai_json_free(line);
        t->failed = 1;
        return;
    }
    oai_json_set_int(line, "chunk", u->chunk_number);
    put_changes(line, &t->prev_top, oai_chat_accumulator_snapshot(t->view),
                std_top);
    uint64_t listed[2] = {0, 0};
    const oai_json *list = oai_json_get(u->chunk, "choices");
    for (const oai_json *c = oai_json_is_array(list) ? oai_json_first(list)
                                                     : NULL;
         c; c = oai_json_next(c)) {
        long long idx = oai_json_int(oai_json_get(c, "index"), -1);
        const oai_json *cs = oai_chat_accumulator_choice(t->view, idx);
        if (!oai_json_is_object(c) || !cs)
            continue;
        oai_json *e = summarize(t, cs, idx, u);
        uint64_t bit = (uint64_t)1 << (idx & 63);
        if (e && !(listed[idx >> 6] & bit))
            put_events(e, u, idx);
        listed[idx >> 6] |= bit;
        oai_json_append(choices, e);
        oai_json_free(e);
    }
    oai_json_set(line, "choices", choices);
    oai_json_free(choices);
    emit(t, line);
}

static void print_done(chat_trace *t, const oai_chat_change *c)
{
    static const char *const names[] = {
        [OAI_CHAT_CHANGE_CONTENT_DONE] = "content.done",
        [OAI_CHAT_CHANGE_REFUSAL_DONE] = "refusal.done",
        [OAI_CHAT_CHANGE_LOGPROBS_CONTENT_DONE] = "logprobs.content.done",
        [OAI_CHAT_CHANGE_LOGPROBS_REFUSAL_DONE] = "logprobs.refusal.done",
        [OAI_CHAT_CHANGE_TOOL_ARGUMENTS_DONE] =
            "tool_calls.function.arguments.done"};
    oai_json *line = new_object();
    if (!line) {
        t->failed = 1;
        return;
    }
    oai_json_set_string(line, "event", names[c->kind]);
    oai_json_set_int(line, "choice", c->choice);
    switch (c->kind) {
    case OAI_CHAT_CHANGE_CONTENT_DONE:
        oai_json_set(line, "content", c->node);
        break;
    case OAI_CHAT_CHANGE_REFUSAL_DONE:
        oai_json_set(line, "refusal", c->node);
        break;
    case OAI_CHAT_CHANGE_TOOL_ARGUMENTS_DONE: {
        const oai_json *fn = oai_json_get(c->node, "function");
        oai_json_set_int(line, "index", c->tool_index);
        oai_json_set(line, "name", oai_json_get(fn, "name"));
        oai_json_set(line, "arguments", oai_json_get(fn, "arguments"));
        break;
    }
    default:
        oai_json_set_int(line, "tokens", (int64_t)oai_json_size(c->node));
        break;
    }
    emit(t, line);
}

static void print_end(chat_trace *t, const oai_error *err)
{
    oai_json *line = new_object();
    if (line && err) {
        oai_json_set_string(line, "end", "error");
        oai_json_set_string(line, "kind",
                            err->code == OAI_ENOTREADY ? "no_chunks"
                                                       : trace_error_kind(err));
        oai_json_set_string(line, "message", err->message ? err->message : "");
    } else if (line) {
        oai_json_set_string(line, "end", "ok");
    }
    emit(t, line);
    t->ended = 1;
}

/* Ids the stream never sent were invented: print them as such. */
static void mark_generated(chat_trace *t, oai_json *final)
{
    const oai_json *choices = oai_json_get(final, "choices");
    for (const oai_json *c = oai_json_first(choices); c; c = oai_json_next(c)) {
        const oai_json *tools =
            oai_json_get(oai_json_get(c, "message"), "tool_calls");
        for (const oai_json *tc = oai_json_first(tools); tc;
             tc = oai_json_next(tc)) {
            const char *id = oai_json_string(oai_json_get(tc, "id"));
            if (id && !oai_json_get(t->seen_ids, id))
                oai_json_set_string(mut(tc), "id", "(generated)");
        }
    }
}

static void put_final(chat_trace *t, const oai_json *final)
{
    oai_json *copy = NULL, *line = NULL;
    if (oai_json_dup(&copy, final) != OAI_OK || !(line = new_object())) {
        t->failed = 1;
    } else {
        mark_generated(t, copy);
        oai_json_set(line, "final", copy);
        emit(t, line);
    }
    oai_json_free(copy);
    print_end(t, NULL);
}

static void print_final(chat_trace *t)
{
    const oai_json *final;
    if (oai_chat_accumulator_final(t->acc, &final) != OAI_OK)
        print_end(t, oai_chat_accumulator_error(t->acc));
    else
        put_final(t, final);
}

void chat_trace_update(chat_trace *t, const oai_chat_update *u)
{
    print_chunk(t, u);
    for (size_t i = 0; i < u->n_changes; i++)
        if (u->changes[i].kind != OAI_CHAT_CHANGE_CHUNK &&
            u->changes[i].kind != OAI_CHAT_CHANGE_TOOL_CALL &&
            !delta_event(&u->changes[i], (char[80]){0}, 80))
            print_done(t, &u->changes[i]);
}

void chat_trace_end(chat_trace *t, const oai_json *final, const oai_error *err)
{
    if (t->ended)
        return;
    if (err)
        print_end(t, err);
    else
        put_final(t, final);
}

static void apply(chat_trace *t, const oai_sse_event *ev)
{
    const oai_chat_update *u;
    int rc = oai_chat_accumulator_apply(t->acc, ev->name, ev->data,
                                        ev->data_len, &u);
    if (u && u->done) {
        t->stopped = 1; /* nothing after [DONE] is read */
        return;
    }
    if (u) /* also a chunk whose events failed part-way */
        chat_trace_update(t, u);
    if (rc != OAI_OK)
        print_end(t, oai_chat_accumulator_error(t->acc));
}

static void drain(chat_trace *t)
{
    const oai_sse_event *ev;
    int rc = OAI_OK;
    while (!t->ended && !t->stopped &&
           (rc = oai_sse_parser_next(&ev, t->sse)) == OAI_OK)
        apply(t, ev);
    if (!t->ended && !t->stopped && rc != OAI_EAGAIN && rc != OAI_ITEROVER)
        print_end(t, oai_sse_parser_error(t->sse));
}

static chat_trace *alloc_trace(FILE *out)
{
    chat_trace *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->out = out;
    if (!(t->seen_ids = new_object())) {
        free(t);
        return NULL;
    }
    return t;
}

chat_trace *chat_trace_new(FILE *out, const oai_chat_accumulator_options *opts)
{
    chat_trace *t = alloc_trace(out);
    if (t && (oai_sse_parser_new(&t->sse, NULL) != OAI_OK ||
              oai_chat_accumulator_new(&t->acc, opts) != OAI_OK)) {
        chat_trace_free(t);
        return NULL;
    }
    if (t)
        t->view = t->acc;
    return t;
}

chat_trace *chat_trace_attach(FILE *out, const oai_chat_accumulator *acc)
{
    chat_trace *t = alloc_trace(out);
    if (t)
        t->view = acc;
    return t;
}

void chat_trace_free(chat_trace *t)
{
    if (!t)
        return;
    oai_sse_parser_free(t->sse);
    oai_chat_accumulator_free(t->acc);
    oai_json_free(t->prev_top);
    for (int i = 0; i < MAX_CHOICES; i++)
        oai_json_free(t->prev_choice[i]);
    oai_json_free(t->seen_ids);
    free(t);
}

int chat_trace_feed(chat_trace *t, const void *buf, size_t len)
{
    if (t->ended || t->stopped)
        return 1;
    if (oai_sse_parser_feed(t->sse, buf, len) != OAI_OK) {
        print_end(t, oai_sse_parser_error(t->sse));
        return 1;
    }
    drain(t);
    return t->ended || t->stopped;
}

void chat_trace_finish(chat_trace *t)
{
    if (t->ended)
        return;
    if (!t->stopped) {
        /* official clients deliver an event the body did not terminate */
        oai_sse_parser_feed(t->sse, "\n\n", 2);
        oai_sse_parser_feed_end(t->sse);
        drain(t);
    }
    if (!t->ended)
        print_final(t);
}

int chat_trace_failed(const chat_trace *t)
{
    return t->failed;
}

char *chat_trace_string(const char *buf, size_t len, const size_t *cuts,
                        size_t n)
{
    char *out = NULL;
    size_t out_len = 0;
    FILE *f = open_memstream(&out, &out_len);
    if (!f)
        return NULL;
    chat_trace *t = chat_trace_new(f, NULL);
    size_t at = 0;
    for (size_t i = 0; t && i <= n; i++) {
        size_t end = i < n ? cuts[i] : len;
        if (end > at && chat_trace_feed(t, buf + at, end - at))
            break;
        at = end > at ? end : at;
    }
    if (t)
        chat_trace_finish(t);
    int failed = !t || chat_trace_failed(t);
    chat_trace_free(t);
    fclose(f);
    if (failed) {
        free(out);
        return NULL;
    }
    return out;
}
