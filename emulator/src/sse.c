#include "sse.h"

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <microhttpd.h>

#include "sched.h"

static sse_stream *susp_head;

sse_stream *sse_new(void)
{
    sse_stream *s = xcalloc(1, sizeof *s);
    s->refs = 1;
    s->f.cut_after = -1;
    return s;
}

void sse_ref(sse_stream *s)
{
    s->refs++;
}

void sse_unref(sse_stream *s)
{
    if (!s || --s->refs > 0)
        return;
    ebuf_free(&s->buf);
    free(s);
}

static void susp_link(sse_stream *s)
{
    s->prev_susp = NULL;
    s->next_susp = susp_head;
    if (susp_head)
        susp_head->prev_susp = s;
    susp_head = s;
}

static void susp_unlink(sse_stream *s)
{
    if (s->prev_susp)
        s->prev_susp->next_susp = s->next_susp;
    else if (susp_head == s)
        susp_head = s->next_susp;
    if (s->next_susp)
        s->next_susp->prev_susp = s->prev_susp;
    s->prev_susp = s->next_susp = NULL;
}

static void wake(sse_stream *s)
{
    if (s->suspended && !s->pausing && !s->gone && s->conn) {
        s->suspended = 0;
        susp_unlink(s);
        MHD_resume_connection(s->conn);
    }
}

void sse_raw(sse_stream *s, const char *bytes, size_t n)
{
    if (s->finished || s->gone)
        return; /* nobody will read it: a client that left must not grow the buffer */
    ebuf_add(&s->buf, bytes, n);
    wake(s);
}

void sse_event(sse_stream *s, const char *name, const cJSON *data)
{
    if (s->finished)
        return;
    char *js = json_print(data);
    sse_event_text(s, name, js);
    free(js);
}

/* name NULL: a data-only event, as Chat Completions streams send them. */
static void append_event(sse_stream *s, const char *name, const char *js)
{
    if (s->finished || s->gone)
        return;
    s->nevents++;
    if (s->f.keepalive) {
        ebuf_adds(&s->buf, ": keep-alive\n\n");
        if (!s->data_only && s->nevents % 3 == 0)
            ebuf_adds(&s->buf, "event: emulator.unknown_event\ndata: {\"object\":\"emulator.unknown_event\"}\n\n");
    }
    if (name) {
        ebuf_adds(&s->buf, "event: ");
        ebuf_adds(&s->buf, name);
        ebuf_adds(&s->buf, "\n");
    }
    ebuf_adds(&s->buf, "data: ");
    if (s->f.malformed && s->nevents == 4) {
        /* A truncated JSON object: the client's JSON parse must fail. */
        size_t l = strlen(js);
        ebuf_add(&s->buf, js, l / 2);
    } else {
        ebuf_adds(&s->buf, js);
    }
    ebuf_adds(&s->buf, "\n\n");
    wake(s);
}

void sse_event_text(sse_stream *s, const char *name, const char *js)
{
    append_event(s, name, js);
}

void sse_data_text(sse_stream *s, const char *js)
{
    append_event(s, NULL, js);
}

void sse_comment(sse_stream *s, const char *text)
{
    if (s->finished || s->gone)
        return;
    ebuf_printf(&s->buf, ": %s\n\n", text);
    wake(s);
}

void sse_finish(sse_stream *s)
{
    if (s->finished)
        return;
    s->finished = 1;
    wake(s);
}

void sse_done(sse_stream *s)
{
    if (s->finished)
        return;
    ebuf_adds(&s->buf, "event: done\ndata: [DONE]\n\n");
    sse_finish(s);
}

void sse_data_done(sse_stream *s)
{
    if (s->finished)
        return;
    ebuf_adds(&s->buf, "data: [DONE]\n\n");
    sse_finish(s);
}

static void pause_end(void *arg)
{
    sse_stream *s = arg;
    s->pausing = 0;
    wake(s);
    sse_unref(s);
}

static void suspend(sse_stream *s)
{
    if (!s->suspended) {
        s->suspended = 1;
        susp_link(s);
        MHD_suspend_connection(s->conn);
    }
}

static void pause_for(sse_stream *s, long ms)
{
    s->pausing = 1;
    sse_ref(s);
    sched_after(ms, pause_end, s);
    suspend(s);
}

static ssize_t reader(void *cls, uint64_t pos, char *out, size_t max)
{
    sse_stream *s = cls;
    (void)pos;
    if (s->pausing)
        return 0;
    if (s->pending_pause_ms > 0) {
        /* Pause here rather than right after the previous write, so the bytes
         * already handed to libmicrohttpd reach the client before the pause. */
        long ms = s->pending_pause_ms;
        s->pending_pause_ms = 0;
        pause_for(s, ms);
        return 0;
    }
    if (s->f.cut_after >= 0 && s->total >= (size_t)s->f.cut_after)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    size_t avail = s->buf.len - s->sent;
    if (avail == 0) {
        if (s->finished && !s->aborted && s->f.linger_ms > 0 && !s->lingered) {
            s->lingered = 1; /* a body that does not end with its last event */
            pause_for(s, s->f.linger_ms);
            return 0;
        }
        if (s->finished)
            return s->aborted ? MHD_CONTENT_READER_END_WITH_ERROR : MHD_CONTENT_READER_END_OF_STREAM;
        suspend(s);
        return 0;
    }
    size_t n = avail < max ? avail : max;
    if (s->f.chunk > 0 && n > (size_t)s->f.chunk)
        n = (size_t)s->f.chunk;
    if (s->f.cut_after >= 0 && s->total + n > (size_t)s->f.cut_after)
        n = (size_t)s->f.cut_after - s->total;
    if (s->f.stall_body_ms > 0 && !s->stalled_once) {
        /* Send part of the body, then go quiet once. */
        size_t part = s->finished ? (s->buf.len - s->sent) / 2 : n;
        if (part == 0)
            part = 1;
        if (n > part)
            n = part;
        s->stalled_once = 1;
        s->pending_pause_ms = s->f.stall_body_ms;
    } else if (s->f.chunk > 0 && s->f.chunk_delay_ms > 0) {
        s->pending_pause_ms = s->f.chunk_delay_ms;
    }
    memcpy(out, s->buf.p + s->sent, n);
    s->sent += n;
    s->total += n;
    if (s->sent == s->buf.len) /* everything handed over: reuse the buffer */
        s->sent = s->buf.len = 0;
    return (ssize_t)n;
}

static void reader_free(void *cls)
{
    sse_stream *s = cls;
    s->gone = 1;
    if (s->suspended) {
        s->suspended = 0;
        susp_unlink(s);
    }
    s->conn = NULL;
    sse_unref(s);
}

struct MHD_Response *sse_response(sse_stream *s, long long size)
{
    sse_ref(s);
    struct MHD_Response *r = MHD_create_response_from_callback(
        size < 0 ? MHD_SIZE_UNKNOWN : (uint64_t)size, 16 * 1024, reader, s, reader_free);
    if (!r)
        sse_unref(s);
    return r;
}

void sse_resume_all(void)
{
    while (susp_head) {
        sse_stream *s = susp_head;
        susp_unlink(s);
        s->suspended = 0;
        s->pausing = 0;
        s->finished = 1;
        s->aborted = 1;
        if (s->conn)
            MHD_resume_connection(s->conn);
    }
}
