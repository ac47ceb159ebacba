/* The Chat Completions "model": a plan picked by the last message of a request
 * (the "#scenario:" language of docs/emulator.md, the declared tools, the
 * token limit) and a cursor that produces the deltas of one choice in the
 * grammar of recorded OpenAI streams. Streamed chunks and whole
 * chat.completion bodies are built from the same deltas, so both agree. */
#ifndef EMU_CHAT_GEN_H
#define EMU_CHAT_GEN_H

#include <cjson/cJSON.h>

typedef struct chat_call {
    char id_base[32]; /* "call_" + random; each choice appends its index */
    char *name;
    char *args;
} chat_call;

typedef struct chat_plan {
    char *text;  /* the reply (content, or the refusal); NULL with calls */
    int refusal; /* text is a refusal */
    chat_call *calls;
    size_t ncalls;
    int error; /* streams: an error payload after a few deltas; else a 500 */
    int error_event; /* the payload comes as "event: error", as Groq sends it */
    char error_code[64];
    int keepalive;   /* a comment line before every delta chunk */
    int unknown;     /* an unknown scenario name (the request is refused) */
    long delta_ms;   /* pause between chunks; < 0: --delta-ms */
    long max_tokens; /* per choice (a piece counts as a token); < 0: none */
    int logprobs;
    int top_logprobs;
    char scenario[32];
} chat_plan;

/* Fill plan from a validated request body. text: the last user message's text;
 * tool_outputs: "NAME returned OUTPUT; ..." when the request ends with tool
 * messages (the reply then reports them), else NULL. */
void chat_plan_build(chat_plan *plan, const cJSON *body, const char *text,
                     const char *tool_outputs);
void chat_plan_free(chat_plan *plan);

typedef enum { CHAT_ROLE, CHAT_BODY, CHAT_FINISH, CHAT_OVER } chat_phase;

/* The state of one choice's generation. */
typedef struct chat_cursor {
    const chat_plan *plan;
    int index;
    chat_phase phase;
    const char *text; /* the rest of the text to send */
    size_t call;      /* current tool call */
    size_t arg_off;   /* bytes of its arguments sent */
    int call_open;    /* its first delta (id, type, name) was sent */
    long tokens;      /* pieces sent */
    const char *finish_reason;
} chat_cursor;

void chat_cursor_init(chat_cursor *c, const chat_plan *plan, int index);
/* The next choice of a chunk, {"index","delta","logprobs","finish_reason"}
 * (caller frees), or NULL once the choice finished. *is_body is set for a
 * content, refusal or arguments delta. */
cJSON *chat_cursor_next(chat_cursor *c, int *is_body);
/* What every chunk (or the whole completion) of one answer shares. */
typedef struct chat_meta {
    char id[48];
    long created;
    char *model; /* malloc'd */
    long prompt_tokens;
    int n; /* choices */
} chat_meta;

#define CHAT_FINGERPRINT "fp_emulator01"

/* The usage object of recorded completions, with its details. */
cJSON *chat_usage(long prompt_tokens, long completion_tokens);

#endif
