#include "resp_engine.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "sched.h"
#include "util.h"

/* Every response with state, deleted ones included (their timers may still
 * run). */
static obj **all_resps;
static size_t n_resps, cap_resps;

resp_state *resp_state_of(obj *resp)
{
    if (!resp->ext) {
        if (n_resps == cap_resps) {
            cap_resps = cap_resps ? cap_resps * 2 : 64;
            all_resps = xrealloc(all_resps, cap_resps * sizeof *all_resps);
        }
        all_resps[n_resps++] = resp;
        resp_state *st = xcalloc(1, sizeof *st);
        st->delta_ms = -1;
        st->stored = 1;
        st->created_ms = now_ms();
        resp->ext = st;
    }
    return resp->ext;
}

static resp_op *op_push(resp_state *st, resp_pace pace)
{
    if (st->nops == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 32;
        st->ops = xrealloc(st->ops, st->cap * sizeof *st->ops);
    }
    resp_op *op = &st->ops[st->nops++];
    memset(op, 0, sizeof *op);
    op->pace = pace;
    return op;
}

void resp_op_status(resp_state *st, resp_pace pace, const char *event,
                    const char *status, cJSON *extra)
{
    resp_op *op = op_push(st, pace);
    op->event = xstrdup(event);
    op->status = xstrdup(status);
    op->j = extra;
}

void resp_op_event(resp_state *st, resp_pace pace, cJSON *ev)
{
    resp_op *op = op_push(st, pace);
    op->j = ev;
}

int resp_status_terminal(const char *s)
{
    return s && (strcmp(s, "completed") == 0 || strcmp(s, "failed") == 0 ||
                 strcmp(s, "cancelled") == 0 || strcmp(s, "incomplete") == 0);
}

static void release_script(resp_state *st)
{
    for (size_t i = 0; i < st->nops; i++) {
        free(st->ops[i].event);
        free(st->ops[i].status);
        cJSON_Delete(st->ops[i].j);
    }
    free(st->ops);
    st->ops = NULL;
    st->nops = st->cap = st->pc = 0;
}

static void end_followers(resp_state *st)
{
    for (size_t i = 0; i < st->nsubs; i++) {
        sse_finish(st->subs[i]);
        sse_unref(st->subs[i]);
    }
    st->nsubs = 0;
}

static void add_follower(resp_state *st, sse_stream *s)
{
    if (st->nsubs == st->subcap) {
        st->subcap = st->subcap ? st->subcap * 2 : 4;
        st->subs = xrealloc(st->subs, st->subcap * sizeof *st->subs);
    }
    sse_ref(s);
    st->subs[st->nsubs++] = s;
}

/* Log the event and hand it to every follower still connected. */
static void emit(resp_state *st, const char *type, cJSON *ev)
{
    char *js = json_print(ev);
    st->nseq++;
    size_t k = 0;
    for (size_t i = 0; i < st->nsubs; i++) {
        if (st->subs[i]->gone) {
            sse_unref(st->subs[i]);
            continue;
        }
        sse_event_text(st->subs[i], type, js);
        st->subs[k++] = st->subs[i];
    }
    st->nsubs = k;
    if (st->forgotten) {
        free(js);
        return;
    }
    if (st->nlog == st->logcap) {
        st->logcap = st->logcap ? st->logcap * 2 : 64;
        st->log_type =
            xrealloc(st->log_type, st->logcap * sizeof *st->log_type);
        st->log_json =
            xrealloc(st->log_json, st->logcap * sizeof *st->log_json);
    }
    st->log_type[st->nlog] = xstrdup(type);
    st->log_json[st->nlog] = js;
    st->nlog++;
}

static cJSON *usage_json(const resp_state *st)
{
    cJSON *u = cJSON_CreateObject();
    cJSON_AddNumberToObject(u, "input_tokens", (double)st->input_tokens);
    cJSON_AddNumberToObject(cJSON_AddObjectToObject(u, "input_tokens_details"),
                            "cached_tokens", 0);
    cJSON_AddNumberToObject(u, "output_tokens", (double)st->output_tokens);
    cJSON_AddNumberToObject(cJSON_AddObjectToObject(u, "output_tokens_details"),
                            "reasoning_tokens", (double)st->reasoning_tokens);
    cJSON_AddNumberToObject(u, "total_tokens",
                            (double)(st->input_tokens + st->output_tokens));
    return u;
}

static void exec_status(obj *resp, resp_state *st, resp_op *op)
{
    json_set(resp->j, "status", cJSON_CreateString(op->status));
    cJSON *f;
    cJSON_ArrayForEach(f, op->j)
    {
        json_set(resp->j, f->string, json_dup(f));
    }
    if (resp_status_terminal(op->status)) {
        if (strcmp(op->status, "completed") == 0)
            json_set(resp->j, "completed_at",
                     cJSON_CreateNumber((double)now_s()));
        if (strcmp(op->status, "failed") != 0)
            json_set(resp->j, "usage", usage_json(st));
    }
    cJSON *ev = cJSON_CreateObject();
    cJSON_AddStringToObject(ev, "type", op->event);
    cJSON_AddNumberToObject(ev, "sequence_number", (double)st->nseq);
    cJSON_AddItemToObject(ev, "response", json_dup(resp->j));
    emit(st, op->event, ev);
    cJSON_Delete(ev);
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Random padding of the length real deltas carry, so payload sizes do not leak
 * the text. */
static void add_obfuscation(cJSON *ev)
{
    char pad[24];
    make_id(pad, sizeof pad, "", 6 + rand() % 10);
    cJSON_AddStringToObject(ev, "obfuscation", pad);
}

static void exec_event(obj *resp, resp_state *st, resp_op *op)
{
    const char *type = json_str(op->j, "type");
    cJSON *output = cJSON_GetObjectItemCaseSensitive(resp->j, "output");
    const cJSON *oi = cJSON_GetObjectItemCaseSensitive(op->j, "output_index");
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(op->j, "item");
    if (strcmp(type, "response.output_item.added") == 0 &&
        cJSON_IsArray(output))
        cJSON_AddItemToArray(output, json_dup(item));
    else if (strcmp(type, "response.output_item.done") == 0 &&
             cJSON_IsNumber(oi) && cJSON_IsArray(output) &&
             oi->valueint < cJSON_GetArraySize(output))
        cJSON_ReplaceItemInArray(output, oi->valueint, json_dup(item));
    if (ends_with(type, ".delta")) {
        if (strstr(type, "reasoning"))
            st->reasoning_tokens++;
        st->output_tokens++;
    }
    /* Real events put type and sequence_number first. */
    cJSON *ev = cJSON_CreateObject();
    cJSON_AddStringToObject(ev, "type", type);
    cJSON_AddNumberToObject(ev, "sequence_number", (double)st->nseq);
    cJSON *f;
    cJSON_ArrayForEach(f, op->j)
    {
        if (strcmp(f->string, "type") != 0)
            cJSON_AddItemToObject(ev, f->string, json_dup(f));
    }
    if (st->obfuscate && ends_with(type, ".delta"))
        add_obfuscation(ev);
    emit(st, type, ev);
    cJSON_Delete(ev);
}

static void finish(obj *resp, resp_state *st)
{
    st->running = 0;
    end_followers(st);
    release_script(st);
    if (st->on_terminal)
        st->on_terminal(resp);
}

static void tick(void *arg);
static void forget(void *arg);

static void schedule_next(obj *resp, resp_state *st)
{
    if (st->armed || st->pc >= st->nops)
        return;
    long delay = 0;
    if (st->ops[st->pc].pace == RPACE_STEP)
        delay = g_cfg.step_ms;
    else if (st->ops[st->pc].pace == RPACE_DELTA)
        delay = st->delta_ms >= 0 ? st->delta_ms : g_cfg.delta_ms;
    st->armed = 1;
    sched_after(delay, tick, resp);
}

/* Execute the next op and every following RPACE_NOW op (all of them when sync).
 */
static void run_ops(obj *resp, resp_state *st, int sync)
{
    do {
        resp_op *op = &st->ops[st->pc++];
        if (op->event)
            exec_status(resp, st, op);
        else
            exec_event(resp, st, op);
    } while (st->pc < st->nops && (sync || st->ops[st->pc].pace == RPACE_NOW));
    if (st->pc >= st->nops && st->running)
        finish(resp, st);
}

static void tick(void *arg)
{
    obj *resp = arg;
    resp_state *st = resp->ext;
    st->armed = 0;
    if (st->pc < st->nops)
        run_ops(resp, st, 0);
    schedule_next(resp, st);
}

void resp_begin(obj *resp, sse_stream *stream, int sync)
{
    resp_state *st = resp_state_of(resp);
    st->running = 1;
    sched_after(g_cfg.resume_window_ms, forget, resp);
    if (stream)
        add_follower(st, stream);
    if (st->pc < st->nops)
        run_ops(resp, st, sync);
    schedule_next(resp, st);
}

static void free_log(resp_state *st)
{
    for (size_t i = 0; i < st->nlog; i++) {
        free(st->log_type[i]);
        free(st->log_json[i]);
    }
    free(st->log_type);
    free(st->log_json);
    st->log_type = st->log_json = NULL;
    st->nlog = st->logcap = 0;
}

/* The resume window passed: the events cannot be streamed again. */
static void forget(void *arg)
{
    resp_state *st = ((obj *)arg)->ext;
    if (st && !st->forgotten) {
        free_log(st);
        st->forgotten = 1;
    }
}

int resp_resumable(obj *resp)
{
    resp_state *st = resp_state_of(resp);
    if (now_ms() - st->created_ms > g_cfg.resume_window_ms)
        forget(resp);
    return !st->forgotten;
}

void resp_follow(obj *resp, sse_stream *stream, long after)
{
    resp_state *st = resp_state_of(resp);
    for (size_t i = after < 0 ? 0 : (size_t)after + 1; i < st->nlog; i++)
        sse_event_text(stream, st->log_type[i], st->log_json[i]);
    if (st->running)
        add_follower(st, stream);
    else
        sse_finish(stream);
}

void resp_cancel_now(obj *resp)
{
    resp_state *st = resp_state_of(resp);
    json_set(resp->j, "status", cJSON_CreateString("cancelled"));
    st->pc = st->nops;
    finish(resp, st);
}

void resp_engine_free(void)
{
    for (size_t i = 0; i < n_resps; i++) {
        resp_state *st = all_resps[i]->ext;
        if (!st)
            continue;
        release_script(st);
        end_followers(st);
        free_log(st);
        free(st->subs);
        free(st);
        all_resps[i]->ext = NULL;
    }
    free(all_resps);
    all_resps = NULL;
    n_resps = cap_resps = 0;
}
