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

struct oai_stream {
    oai_assistant_handler h;
    oai_sse_parser *sse;
    oai_accumulator *acc;          /* NULL for a response or chat stream */
    struct oai__rstream *resp;     /* NULL but for a response stream */
    struct oai__cstream *chat;     /* NULL but for a chat stream */
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

    const void **finals_msgs, **finals_steps;
    char request_id[128];
    char last_name[48]; /* cache of the last thread.* name's type */
    size_t last_name_len;
    oai_event_type last_type;
    long stall_ms;         /* stall timeout (no event for stall_ms), 0 none */
    int64_t last_event_ms; /* creation, then each event returned */
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
/* After hook `hook` returned r (s->in_hook was set): OAI_OK, or the code
 * that ends the stream when the hook asked to stop or aborted it. */
int oai__stream_hook_after(oai_stream *s, int r, const char *hook);

/* Response streams (rstream.c). Apply one SSE event and run its hooks:
 * 1 when an event was delivered, 0 for `[DONE]`, 2 for an event dropped
 * as a repeat after a resume, or a negative error with s->err set. */
int oai__rstream_event(oai_stream *s, const oai_sse_event *sev);
/* The follow-up body of submitted function outputs starts: a new response
 * is accumulated from scratch. OAI_OK or OAI_ENOMEM (s->err set). */
int oai__rstream_next_body(oai_stream *s);
void oai__rstream_free(struct oai__rstream *r);
/* Resume a broken response stream (rstream_resume.c): OAI_OK when it
 * reads on, else the error that ends it. `cause` is the failure (s->err
 * has its detail) or OAI_ITEROVER for a body that ended too early. */
int oai__rstream_resumable(const oai_stream *s);
int oai__rstream_resume(oai_stream *s, int cause);
/* Create a stream with the response side `r` (taken over on success). */
int oai__stream_create_responses(oai_stream **out,
                                 const oai_stream_options *opts,
                                 const oai__stream_source *src, void *ctx,
                                 struct oai__rstream *r);

/* Chat streams (cstream.c), as the response streams above. */
int oai__cstream_event(oai_stream *s, const oai_sse_event *sev);
int oai__cstream_next_body(oai_stream *s);
void oai__cstream_free(struct oai__cstream *r);
int oai__stream_create_chat(oai_stream **out, const oai_stream_options *opts,
                            const oai__stream_source *src, void *ctx,
                            struct oai__cstream *r);

#endif
