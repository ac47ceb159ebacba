/* The whole stream engine from raw bytes: a detached stream is fed the
 * input in pieces chosen from its first bytes; a handler with every hook
 * reads everything it is given and every current snapshot. Checked: hooks
 * never run after on_end, on_end runs exactly once, on_exception at most
 * once and only before on_end, the iteration result is a documented code,
 * and the final accessors work on whatever was accumulated.
 *
 * Each input runs twice: once with on_event reading every event and every
 * snapshot (so the stream parses each event as it comes), once with it
 * reading nothing (so the texts a stream may keep unparsed stay so until
 * a later hook, event or final accessor asks). Both must end the same way
 * with the same final run, messages and steps. */
#include "fuzz_util.h"

#include <stdio.h>

typedef struct fz_state {
    oai_stream *s;
    int ends, exceptions, events;
    int stop_at; /* make the on_event hook stop the stream at this event */
    int lazy;    /* on_event reads nothing */
} fz_state;

static size_t g_sink;

static int current(fz_state *st)
{
    FZ_CHECK(st->ends == 0);
    g_sink += fz_walk_event(oai_stream_current_event(st->s));
    g_sink += fz_walk_run(oai_stream_current_run(st->s));
    g_sink += fz_walk_message(oai_stream_current_message(st->s));
    g_sink += fz_walk_step(oai_stream_current_run_step(st->s));
    return 0;
}

static int on_event(const oai_event *ev, void *ud)
{
    fz_state *st = ud;
    if (!st->lazy)
        g_sink += fz_walk_event(ev);
    if (++st->events == st->stop_at)
        return 1;
    return st->lazy ? 0 : current(st);
}
static int on_step(const oai_run_step *x, void *ud) { g_sink += fz_walk_step(x); return current(ud); }
static int on_step_delta(const oai_json *d, const oai_run_step *x, void *ud)
{
    g_sink += fz_walk_json(d) + fz_walk_step(x);
    return current(ud);
}
static int on_msg(const oai_message *x, void *ud) { g_sink += fz_walk_message(x); return current(ud); }
static int on_msg_delta(const oai_json *d, const oai_message *x, void *ud)
{
    g_sink += fz_walk_json(d) + fz_walk_message(x);
    return current(ud);
}
static size_t walk_text(const oai_text *t)
{
    const char *v = oai_text_value(t);
    size_t n = oai_text_value_len(t);
    if (v)
        FZ_CHECK(v[n] == '\0');
    return n + fz_walk_json(oai_text_annotations(t)) + fz_walk_json(oai_text_json(t));
}
static int on_text(const oai_text *t, void *ud) { g_sink += walk_text(t); return current(ud); }
static int on_text_delta(const oai_text_delta *d, const oai_text *t, void *ud)
{
    const char *v = oai_text_delta_value(d);
    g_sink += (v ? strlen(v) : 0) + fz_walk_json(oai_text_delta_json(d)) + walk_text(t);
    return current(ud);
}
static int on_image(const oai_json *j, void *ud) { g_sink += fz_walk_json(j); return current(ud); }
static size_t walk_call(const oai_tool_call *c)
{
    const char *id = oai_tool_call_id(c), *ty = oai_tool_call_type(c);
    const char *in = oai_tool_call_input(c);
    return (id ? strlen(id) : 0) + (ty ? strlen(ty) : 0) + (in ? strlen(in) : 0) +
           (size_t)oai_tool_call_index(c) + fz_walk_json(oai_tool_call_json(c));
}
static int on_call(const oai_tool_call *c, void *ud) { g_sink += walk_call(c); return current(ud); }
static int on_call_delta(const oai_json *d, const oai_tool_call *c, void *ud)
{
    g_sink += fz_walk_json(d) + walk_call(c);
    return current(ud);
}
static void on_end(void *ud)
{
    fz_state *st = ud;
    st->ends++;
}
static void on_exception(const oai_error *e, void *ud)
{
    fz_state *st = ud;
    FZ_CHECK(st->ends == 0);
    FZ_CHECK(e && e->code < 0 && e->message);
    st->exceptions++;
}

static int allowed(int rc)
{
    switch (rc) {
    case OAI_ITEROVER: case OAI_ESTREAM: case OAI_EPROTOCOL: case OAI_EACCUMULATE:
    case OAI_ELIMIT: case OAI_EUSER:
        return 1;
    default:
        return 0;
    }
}

/* Append a line to the text at *out. */
static void put_line(char **out, size_t *len, const char *v)
{
    size_t n = strlen(v);
    char *grown = realloc(*out, *len + n + 2);
    FZ_CHECK(grown != NULL);
    *out = grown;
    memcpy(*out + *len, v, n);
    *len += n;
    (*out)[(*len)++] = '\n';
    (*out)[*len] = '\0';
}

static void put_json(char **out, size_t *len, const oai_json *j)
{
    char *t = j ? oai_json_serialize(j, 0) : NULL;
    put_line(out, len, t ? t : "-");
    oai_free(t);
}

/* One life of the stream over the input; what it ended with, as text. */
static char *life(const uint8_t *data, size_t size, int lazy)
{
    fz_rng rng;
    fz_seed(&rng, data, size);
    fz_state st = {0};
    st.lazy = lazy;
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.user_data = &st;
    h.on_event = on_event;
    h.on_run_step_created = on_step;
    h.on_run_step_delta = on_step_delta;
    h.on_run_step_done = on_step;
    h.on_message_created = on_msg;
    h.on_message_delta = on_msg_delta;
    h.on_message_done = on_msg;
    h.on_text_created = on_text;
    h.on_text_delta = on_text_delta;
    h.on_text_done = on_text;
    h.on_image_file_done = on_image;
    h.on_tool_call_created = on_call;
    h.on_tool_call_delta = on_call_delta;
    h.on_tool_call_done = on_call;
    h.on_end = on_end;
    h.on_exception = on_exception;
    oai_stream_options o = OAI_STREAM_OPTIONS_INIT;
    o.handler = &h;
    if (size > 1 && (data[1] & 0x80)) {
        o.max_event_size = 16 + fz_next(&rng) % 4096;
        o.max_snapshot_bytes = 64 + fz_next(&rng) % 8192;
        o.max_snapshots = 1 + fz_next(&rng) % 8;
    }
    if (size > 2 && (data[2] & 0xc0) == 0xc0)
        st.stop_at = 1 + (int)(fz_next(&rng) % 16);
    size_t max_piece = 1 + (size ? data[size - 1] % 128 : 1);

    if (oai_stream_new(&st.s, &o) != OAI_OK)
        abort();
    size_t off = 0;
    int rc = OAI_EAGAIN;
    const oai_event *ev;
    for (;;) {
        while ((rc = oai_stream_next(&ev, st.s)) == OAI_OK)
            if (!st.lazy || (st.events & 1)) /* some events asked for after */
                g_sink += fz_walk_event(ev);
        if (rc != OAI_EAGAIN)
            break;
        if (off == size) {
            FZ_CHECK(oai_stream_feed_end(st.s) == OAI_OK);
            continue;
        }
        size_t n = 1 + fz_next(&rng) % max_piece;
        if (n > size - off)
            n = size - off;
        FZ_CHECK(oai_stream_feed(st.s, data + off, n) == OAI_OK);
        off += n;
    }
    FZ_CHECK(allowed(rc));
    FZ_CHECK(st.ends == 1);
    FZ_CHECK(st.exceptions == (rc == OAI_ITEROVER ? 0 : 1));
    if (rc != OAI_ITEROVER)
        FZ_CHECK(oai_stream_error(st.s)->code == rc);
    FZ_CHECK(oai_stream_next(&ev, st.s) == rc); /* sticky */

    char *out = NULL;
    size_t len = 0;
    char head[64];
    snprintf(head, sizeof head, "rc %d events %d", rc, st.events);
    put_line(&out, &len, head);
    if (rc != OAI_ITEROVER)
        put_line(&out, &len, oai_stream_error(st.s)->message);
    const oai_run *run;
    if (oai_stream_final_run(&run, st.s) == OAI_OK) {
        g_sink += fz_walk_run(run);
        put_json(&out, &len, oai_run_json(run));
    }
    const oai_message *const *msgs;
    size_t n;
    if (oai_stream_final_messages(&msgs, &n, st.s) == OAI_OK)
        for (size_t i = 0; i < n; i++) {
            g_sink += fz_walk_message(msgs[i]);
            put_json(&out, &len, oai_message_json(msgs[i]));
        }
    const oai_run_step *const *steps;
    if (oai_stream_final_run_steps(&steps, &n, st.s) == OAI_OK)
        for (size_t i = 0; i < n; i++) {
            g_sink += fz_walk_step(steps[i]);
            put_json(&out, &len, oai_run_step_json(steps[i]));
        }
    oai_stream_free(st.s);
    FZ_CHECK(st.ends == 1);
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *eager = life(data, size, 0);
    char *lazy = life(data, size, 1);
    FZ_CHECK(strcmp(eager, lazy) == 0);
    free(eager);
    free(lazy);
    return 0;
}
