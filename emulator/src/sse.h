/* Response bodies produced over time. A body is a byte buffer that producers
 * append to (SSE events from the run engine, replayed recordings, or a whole
 * JSON body under fault injection) and that libmicrohttpd drains through a
 * content-reader callback. When the reader finds nothing to send it suspends
 * the connection; appending resumes it. Pacing faults (chunking, stalls) are
 * applied here with scheduler timers, never with sleeps. */
#ifndef EMU_SSE_H
#define EMU_SSE_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "faults.h"
#include "util.h"

struct MHD_Connection;
struct MHD_Response;

typedef struct sse_stream {
    int refs;
    ebuf buf;
    size_t sent;     /* bytes of buf already handed to libmicrohttpd */
    size_t total;    /* bytes handed over since the start (cut-after counts these) */
    int finished;    /* producer is done: after buf drains the body ends */
    int aborted;     /* end with an error (connection closed without terminator) */
    int gone;        /* the HTTP response was destroyed (client left or body done) */
    int suspended;   /* the connection is suspended waiting for bytes or a pause */
    int pausing;     /* a pacing timer is pending */
    int stalled_once;
    int lingered; /* the linger-ms pause after the last event was taken */
    long pending_pause_ms; /* pause before the next write (lets the last one flush first) */
    struct MHD_Connection *conn;
    fault f;         /* output shaping (chunk/cut/stall/keepalive/malformed) */
    long nevents;
    int data_only;   /* Chat Completions: every data line is a chunk, so keep-alive noise is comments only */
    struct sse_stream *prev_susp, *next_susp;
} sse_stream;

sse_stream *sse_new(void);
void sse_ref(sse_stream *s);
void sse_unref(sse_stream *s);

/* Append "event: name\ndata: <json>\n\n" (plus keep-alive noise under faults). */
void sse_event(sse_stream *s, const char *name, const cJSON *data);
/* Same with the data already rendered as compact JSON text. */
void sse_event_text(sse_stream *s, const char *name, const char *json);
/* Append "data: <json>\n\n" without an event name (Chat Completions). */
void sse_data_text(sse_stream *s, const char *json);
/* Append ": text\n\n", a comment line clients skip. */
void sse_comment(sse_stream *s, const char *text);
/* Append raw bytes (replay, JSON bodies). */
void sse_raw(sse_stream *s, const char *bytes, size_t n);
/* Append "event: done\ndata: [DONE]\n\n" and finish. */
void sse_done(sse_stream *s);
/* Append "data: [DONE]\n\n" and finish (Chat Completions). */
void sse_data_done(sse_stream *s);
/* No more bytes will be produced. */
void sse_finish(sse_stream *s);

/* Build the libmicrohttpd response that drains s (takes a reference).
 * size: total length when known, or -1 for chunked. */
struct MHD_Response *sse_response(sse_stream *s, long long size);
/* Resume every suspended stream connection (shutdown). */
void sse_resume_all(void);

#endif
