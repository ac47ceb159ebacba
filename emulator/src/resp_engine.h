/* Response engine: a response is a script of operations (lifecycle changes and
 * item events) executed over time by scheduler timers, like a run. Every event
 * gets the next sequence_number and is kept in the response's event log, so a
 * later GET ?stream=true&starting_after=N replays the suffix and then follows
 * the live events of a background response still running. */
#ifndef EMU_RESP_ENGINE_H
#define EMU_RESP_ENGINE_H

#include <stdint.h>
#include <cjson/cJSON.h>

#include "sse.h"
#include "store.h"

typedef enum { RPACE_NOW, RPACE_STEP, RPACE_DELTA } resp_pace;

typedef struct resp_op {
    resp_pace pace;
    char *event; /* lifecycle op: the event type ("response.created", ...); NULL
                    for item events */
    char *status; /* lifecycle op: the response's new status */
    cJSON *j; /* lifecycle op: fields set on the response; item op: the event
                 minus sequence_number */
} resp_op;

typedef struct resp_state {
    resp_op *ops;
    size_t nops, cap, pc;
    char **log_type, **log_json; /* emitted events, index = sequence_number */
    size_t nlog, logcap;
    size_t nseq;       /* events emitted: the next sequence_number */
    sse_stream **subs; /* streams following the live events */
    size_t nsubs, subcap;
    int armed;
    int running; /* created and not yet terminal */
    int background;
    int encrypted_reasoning; /* include[] asked for reasoning.encrypted_content
                              */
    int obfuscate; /* add "obfuscation" padding to delta events (foreground
                      streams) */
    int stored;    /* store: true (retrievable later) */
    int forgotten; /* the resume window passed: the event log was dropped */
    long delta_ms; /* < 0: use --delta-ms */
    long input_tokens, output_tokens, reasoning_tokens;
    int64_t created_ms;
    void (*on_terminal)(obj *resp); /* called once when the response reaches a
                                       terminal status */
} resp_state;

resp_state *resp_state_of(obj *resp);
/* A lifecycle op: sets status (and the fields of extra, taken) then emits
 * `event` with the whole response. */
void resp_op_status(resp_state *st, resp_pace pace, const char *event,
                    const char *status, cJSON *extra);
/* An item op: ev (taken) is emitted with a sequence_number;
 * output_item.added/done update response.output. */
void resp_op_event(resp_state *st, resp_pace pace, cJSON *ev);

/* Start the script. stream (may be NULL) follows every event from
 * response.created on. sync: run the whole script now (a foreground create that
 * is not streamed). */
void resp_begin(obj *resp, sse_stream *stream, int sync);
/* Follow an existing response from after sequence number `after` (-1: from the
 * start): the logged suffix now, then the live events; the stream finishes when
 * the response is terminal. */
void resp_follow(obj *resp, sse_stream *stream, long after);
/* Whether the events of a response can still be streamed (within the resume
 * window). */
int resp_resumable(obj *resp);
/* Cancel a running response: status cancelled, the script stops, followers end.
 */
void resp_cancel_now(obj *resp);

int resp_status_terminal(const char *status);
void resp_engine_free(void);

/* resp_scenarios.c: fill the script from the text of the last user message;
 * outputs: a summary of function_call_output items of the input (NULL when
 * none). */
void resp_scenario_build(obj *resp, resp_state *st, const char *text,
                         const char *outputs);

#endif
