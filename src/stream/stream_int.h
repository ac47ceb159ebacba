/* Internal state of oai_stream, shared by its modules: stream.c (life
 * cycle and iteration), interpret.c (§2.3), dispatch.c (§3 hooks). */
#ifndef OAI_STREAM_INT_H
#define OAI_STREAM_INT_H

#include <cJSON.h>
#include <stdint.h>

#include "core/error.h"
#include "oai/sse.h"
#include "oai/stream.h"
#include "stream/acc.h"
#include "stream/event.h"
#include "stream/source.h"

enum { OAI__ST_IDLE, OAI__ST_RUNNING, OAI__ST_ENDED };

struct oai__rstream; /* the Responses side of a response stream (rstream.c) */
struct oai__cstream; /* the Chat Completions side of a chat stream */

/* What a typed stream (a response or a chat stream) plugs into the shared
 * object: its own accumulator and hooks behind the same source, SSE
 * decoder, limits, chaining and end model. An assistant stream has none. */
typedef struct oai__stream_kind {
    /* Apply one SSE event and run its hooks: 1 when an event was
     * delivered, 0 for `[DONE]`, 2 for an event dropped as a repeat after
     * a resume, or a negative error with s->err set. */
    int (*event)(oai_stream *s, const oai_sse_event *sev);
    /* The follow-up body of submitted outputs starts: accumulate from
     * scratch. OAI_OK or OAI_ENOMEM (s->err set). */
    int (*next_body)(oai_stream *s);
    /* A broken body can be resumed, and resuming it: OAI_OK when it reads
     * on, else the error that ends it (`cause`: the failure, or
     * OAI_ITEROVER for a body that ended too early). NULL: never. */
    int (*resumable)(const oai_stream *s);
    int (*resume)(oai_stream *s, int cause);
    void (*free_side)(void *side);
    /* Official chat clients deliver a last event that was not terminated
     * by a blank line: such a stream terminates it. */
    int terminate_last_event;
    /* Note what the side reads for an ordinary next event (oai__warm_add).
     * May be NULL. */
    void (*warm)(const oai_stream *s, oai__warm *w);
} oai__stream_kind;

struct oai_stream {
    oai_assistant_handler h;
    oai_sse_parser *sse;
    oai_accumulator *acc;         /* NULL for a typed stream */
    const oai__stream_kind *kind; /* NULL for an assistant stream */
    union {                       /* a typed stream's own state */
        void *side;
        struct oai__rstream *resp; /* kind: a response stream */
        struct oai__cstream *chat; /* kind: a chat stream */
    };
    const void *update; /* a typed stream's last update delivered, or NULL */
    cJSON *request;     /* a typed stream's body its tool loop continues */
    const oai__stream_source *src; /* NULL for detached streams */
    void *src_ctx;
    int fed_end; /* detached: feed_end() was called */
    int state;
    int result; /* OAI_ITEROVER or the error, once ENDED */
    int in_hook;
    int aborted;       /* oai_stream_abort() was called */
    int chain_pending; /* tool outputs submitted; follow-up body next */
    int body_done;     /* the current body hit [DONE]; stop reading it */

    struct oai_event ev; /* the last event; data borrowed from acc */
    const struct oai_event *cur_event; /* set while hooks run */

    long cur_step; /* entry of the current run step in acc, -1 */

    const cJSON *text_next; /* next content delta for next_text() */

    char last_name[48]; /* cache of the last thread.* name's type */
    size_t last_name_len;
    oai_event_type last_type;
    /* A typed stream's current body delivered the event that completes
     * it (a response's terminal event): when, or when the last event after
     * it came; 0 before. The body then ends at the latest OAI__END_GRACE_MS
     * later (stream.c). */
    int64_t end_seen_ms;
    long stall_ms;         /* stall timeout (no event for stall_ms), 0 none */
    int64_t last_event_ms; /* creation, then each event returned */

    /* The fields above are what an event reads (oai__stream_warm). */
    const void **finals_msgs, **finals_steps;
    char request_id[128];
    void (*free_hook)(void *ud); /* a multi detaches the stream */
    void *free_hook_ud;
    oai__error_store err;
};

/* Interpret one SSE event (§2.3) into s->ev. Returns 1 when an event was
 * produced, 0 for the `[DONE]` sentinel, or a negative error (s->err set). */
int oai__stream_interpret(oai_stream *s, const oai_sse_event *sev);
/* Run accumulation and the hooks for s->ev (§3.2). OAI_OK or an error with
 * s->err set (kind "user_abort" for hooks, OAI_ECANCELLED after abort). */
int oai__stream_dispatch(oai_stream *s);
/* Call hook `name` of the handler `h` if it is set, with the handler's
 * user_data last: OAI_OK, or the code that ends the stream when the hook
 * asked to stop or aborted the stream. */
#define OAI__HOOK(s, h, name, ...)                                             \
    ((h)->name                                                                 \
         ? oai__stream_hook_after(                                             \
               (s),                                                            \
               ((s)->in_hook = 1, (h)->name(__VA_ARGS__, (h)->user_data)),     \
               #name)                                                          \
         : OAI_OK)
/* After hook `hook` returned r (s->in_hook was set): OAI_OK, or the code
 * that ends the stream when the hook asked to stop or aborted it. */
int oai__stream_hook_after(oai_stream *s, int r, const char *hook);

/* Run the stream to its end for a final accessor: OAI_OK, OAI_EINVAL from
 * inside a hook, or the error that ended the stream. */
int oai__stream_drain(oai_stream *s);
/* The checks every tool loop makes first: `outputs` (called `name` in the
 * message) is an array, the stream has a transport and a request to
 * continue (else the message `detached`), has not ended, and has no
 * outputs submitted for this body yet (else the message `again`). OAI_OK
 * or OAI_EINVAL with s->err set. */
int oai__stream_check_submit(oai_stream *s, const cJSON *outputs,
                             const char *name, int has_request,
                             const char *detached, const char *again);
/* Submit the outputs through the source (`run`: what it continues); the
 * follow-up body is read next. OAI_OK or an error with s->err set. */
int oai__stream_submit(oai_stream *s, const cJSON *run, const cJSON *outputs);
/* Create a typed stream with its side `side` (taken over on success). */
int oai__stream_create_typed(oai_stream **out, const oai_stream_options *opts,
                             const oai__stream_source *src, void *ctx,
                             const oai__stream_kind *kind, void *side);

#endif
