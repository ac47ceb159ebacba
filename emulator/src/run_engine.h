/* Run engine: a run is a script of operations (status changes, steps,
 * messages, deltas) executed over time by scheduler timers. The same script
 * drives polling (objects change as time passes) and streaming (each
 * operation also emits its SSE event to the attached stream, if any). */
#ifndef EMU_RUN_ENGINE_H
#define EMU_RUN_ENGINE_H

#include <cjson/cJSON.h>

#include "sse.h"
#include "store.h"

typedef enum {
    OP_RUN_STATUS,     /* s = new status; j = extra run fields (last_error, incomplete_details) */
    OP_STEP_CREATE,    /* s = "message_creation" | "tool_calls" */
    OP_STEP_STATUS,    /* s = step status; j = extra step fields */
    OP_STEP_DELTA,     /* j = one tool-call delta (with "index"); silent: merge without an event */
    OP_MSG_CREATE,     /* creates the message reserved by the last message_creation step */
    OP_MSG_STATUS,     /* s = "in_progress" | "completed" | "incomplete"; j = extra fields */
    OP_MSG_DELTA,      /* j = one content delta (with "index") */
    OP_REQUIRE_ACTION, /* run -> requires_action from the step's function calls; ends the stream */
    OP_ERROR_EVENT,    /* "event: error" with j = error object; run fails; stream ends without done */
    OP_DONE            /* "event: done"; ends the stream */
} op_kind;

typedef enum { PACE_NOW, PACE_STEP, PACE_DELTA } op_pace;

typedef struct run_op {
    op_kind kind;
    op_pace pace;
    char *s;
    cJSON *j;
    int silent;
} run_op;

typedef struct run_state {
    run_op *ops;
    size_t nops, cap, pc;
    sse_stream *stream;
    char step_id[48];
    char msg_id[48];
    int armed;
    long delta_ms;            /* < 0: use --delta-ms */
    int include_fs_content;   /* include[] asked for file_search result content */
    long completion_tokens;
} run_state;

run_state *run_state_of(obj *run);
void ops_add(run_state *st, op_kind k, op_pace pace, const char *s, cJSON *j);

/* Start a freshly created run: emits thread.run.created (and whatever follows
 * without delay) to stream (may be NULL; a reference is taken), then schedules the rest. */
void run_begin(obj *run, sse_stream *stream);
/* Cancel a non-terminal run. Returns 0, or -1 when the run is already terminal. */
int run_cancel_now(obj *run);
/* Resume a requires_action run after tool outputs were validated and stored. */
void run_resume(obj *run, sse_stream *stream, const char *outputs_summary);

/* A copy of a step for output, dropping file_search result content unless asked for. */
cJSON *step_view(const cJSON *step, int include_content);

int run_status_terminal(const char *status);
void run_engine_free(void);

/* scenarios.c: fill the run's script from the last user message text. */
void scenario_build(obj *run, run_state *st, const char *text);
/* scenarios.c: the script after tool outputs were submitted. */
void scenario_after_outputs(obj *run, run_state *st, const char *outputs_summary);

#endif
