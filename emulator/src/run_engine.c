#include "run_engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "sched.h"
#include "util.h"

run_state *run_state_of(obj *run)
{
    if (!run->ext) {
        run_state *st = xcalloc(1, sizeof *st);
        st->delta_ms = -1;
        run->ext = st;
    }
    return run->ext;
}

void ops_add(run_state *st, op_kind k, op_pace pace, const char *s, cJSON *j)
{
    if (st->nops == st->cap) {
        st->cap = st->cap ? st->cap * 2 : 32;
        st->ops = xrealloc(st->ops, st->cap * sizeof *st->ops);
    }
    run_op *op = &st->ops[st->nops++];
    op->kind = k;
    op->pace = pace;
    op->s = s ? xstrdup(s) : NULL;
    op->j = j;
    op->silent = 0;
    /* Deltas are the bulk of a stream: render their JSON once, here, so
     * emitting one is a string concatenation (benchmarks run 10k streams). */
    if ((k == OP_MSG_DELTA || k == OP_STEP_DELTA) && j && !op->s)
        op->s = json_print(j);
}

static void ops_truncate(run_state *st, size_t keep)
{
    for (size_t i = keep; i < st->nops; i++) {
        free(st->ops[i].s);
        cJSON_Delete(st->ops[i].j);
    }
    if (keep < st->nops)
        st->nops = keep;
}

int run_status_terminal(const char *s)
{
    return s && (strcmp(s, "requires_action") == 0 || strcmp(s, "completed") == 0 || strcmp(s, "failed") == 0 ||
                 strcmp(s, "cancelled") == 0 || strcmp(s, "expired") == 0 || strcmp(s, "incomplete") == 0);
}

static void emit(run_state *st, const char *name, const cJSON *data)
{
    if (st->stream)
        sse_event(st->stream, name, data);
}

static void detach(run_state *st, int with_done)
{
    if (!st->stream)
        return;
    if (with_done)
        sse_done(st->stream);
    else
        sse_finish(st->stream);
    sse_unref(st->stream);
    st->stream = NULL;
}

/* ---- delta merge (stored snapshots): strings concatenate, lists merge by "index" ---- */

static void merge_obj(cJSON *acc, const cJSON *d);

static void merge_list(cJSON *acc, const cJSON *d)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, d)
    {
        const cJSON *ix = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "index") : NULL;
        int n = cJSON_GetArraySize(acc);
        if (cJSON_IsNumber(ix) && ix->valueint >= 0 && ix->valueint < n) {
            merge_obj(cJSON_GetArrayItem(acc, ix->valueint), e);
        } else if (cJSON_IsObject(e)) {
            cJSON *fresh = cJSON_CreateObject();
            merge_obj(fresh, e);
            cJSON_AddItemToArray(acc, fresh);
        } else {
            cJSON_AddItemToArray(acc, json_dup(e));
        }
    }
}

static void merge_obj(cJSON *acc, const cJSON *d)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, d)
    {
        const char *k = v->string;
        if (strcmp(k, "index") == 0)
            continue;
        cJSON *cur = cJSON_GetObjectItemCaseSensitive(acc, k);
        if (cJSON_IsString(v) && cJSON_IsString(cur) && strcmp(k, "type") != 0 && strcmp(k, "id") != 0) {
            size_t a = strlen(cur->valuestring), b = strlen(v->valuestring);
            char *s = xmalloc(a + b + 1);
            memcpy(s, cur->valuestring, a);
            memcpy(s + a, v->valuestring, b + 1);
            json_set(acc, k, cJSON_CreateString(s));
            free(s);
        } else if (cJSON_IsObject(v)) {
            if (!cJSON_IsObject(cur)) {
                cur = cJSON_CreateObject();
                json_set(acc, k, cur);
            }
            merge_obj(cur, v);
        } else if (cJSON_IsArray(v)) {
            if (!cJSON_IsArray(cur)) {
                cur = cJSON_CreateArray();
                json_set(acc, k, cur);
            }
            merge_list(cur, v);
        } else {
            json_set(acc, k, json_dup(v));
        }
    }
}

/* ---- step view ---- */

cJSON *step_view(const cJSON *step, int include_content)
{
    cJSON *c = json_dup(step);
    if (include_content)
        return c;
    cJSON *tcs = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(c, "step_details"), "tool_calls");
    cJSON *tc;
    cJSON_ArrayForEach(tc, tcs)
    {
        cJSON *fs = cJSON_GetObjectItemCaseSensitive(tc, "file_search");
        cJSON *res;
        cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(fs, "results"))
        {
            cJSON_DeleteItemFromObjectCaseSensitive(res, "content");
        }
    }
    return c;
}

static void emit_step(run_state *st, const char *name, const cJSON *step)
{
    if (!st->stream)
        return;
    cJSON *v = step_view(step, st->include_fs_content);
    sse_event(st->stream, name, v);
    cJSON_Delete(v);
}

static cJSON *usage_obj(long prompt, long completion)
{
    cJSON *u = cJSON_CreateObject();
    cJSON_AddNumberToObject(u, "prompt_tokens", (double)prompt);
    cJSON_AddNumberToObject(u, "completion_tokens", (double)completion);
    cJSON_AddNumberToObject(u, "total_tokens", (double)(prompt + completion));
    cJSON_AddObjectToObject(u, "prompt_token_details");
    cJSON_AddNumberToObject(cJSON_GetObjectItemCaseSensitive(u, "prompt_token_details"), "cached_tokens", 0);
    cJSON *c = cJSON_AddObjectToObject(u, "completion_tokens_details");
    cJSON_AddNumberToObject(c, "reasoning_tokens", 0);
    return u;
}

static void merge_fields(cJSON *dst, const cJSON *src)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, src)
    {
        json_set(dst, v->string, json_dup(v));
    }
}

/* ---- operations ---- */

static void op_run_status(obj *run, run_state *st, const run_op *op)
{
    cJSON *r = run->j;
    const char *s = op->s;
    long now = now_s();
    json_set(r, "status", cJSON_CreateString(s));
    if (strcmp(s, "in_progress") == 0) {
        json_set(r, "started_at", cJSON_CreateNumber((double)now));
    } else if (strcmp(s, "completed") == 0 || strcmp(s, "incomplete") == 0) {
        json_set(r, "completed_at", cJSON_CreateNumber((double)now));
        json_set(r, "expires_at", cJSON_CreateNull());
    } else if (strcmp(s, "failed") == 0) {
        json_set(r, "failed_at", cJSON_CreateNumber((double)now));
        json_set(r, "expires_at", cJSON_CreateNull());
    } else if (strcmp(s, "cancelled") == 0) {
        json_set(r, "cancelled_at", cJSON_CreateNumber((double)now));
        json_set(r, "expires_at", cJSON_CreateNull());
    }
    if (strcmp(s, "completed") == 0 || strcmp(s, "incomplete") == 0 || strcmp(s, "failed") == 0 ||
        strcmp(s, "cancelled") == 0 || strcmp(s, "expired") == 0)
        json_set(r, "usage", usage_obj(20, st->completion_tokens));
    if (op->j)
        merge_fields(r, op->j);
    char name[64];
    snprintf(name, sizeof name, "thread.run.%s", s);
    emit(st, name, r);
}

static void op_step_create(obj *run, run_state *st, const run_op *op)
{
    char id[48];
    make_id(id, sizeof id, "step_", 24);
    snprintf(st->step_id, sizeof st->step_id, "%s", id);
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "id", id);
    cJSON_AddStringToObject(s, "object", "thread.run.step");
    cJSON_AddNumberToObject(s, "created_at", (double)now_s());
    cJSON_AddStringToObject(s, "run_id", run->id);
    cJSON_AddItemToObject(s, "assistant_id", json_dup(cJSON_GetObjectItemCaseSensitive(run->j, "assistant_id")));
    cJSON_AddStringToObject(s, "thread_id", run->parent);
    cJSON_AddStringToObject(s, "type", op->s);
    cJSON_AddStringToObject(s, "status", "in_progress");
    cJSON_AddNullToObject(s, "cancelled_at");
    cJSON_AddNullToObject(s, "completed_at");
    cJSON_AddItemToObject(s, "expires_at", json_dup(cJSON_GetObjectItemCaseSensitive(run->j, "expires_at")));
    cJSON_AddNullToObject(s, "expired_at"); /* required by the OpenAPI spec; recordings only show expires_at */
    cJSON_AddNullToObject(s, "failed_at");
    cJSON_AddNullToObject(s, "last_error");
    cJSON *det = cJSON_AddObjectToObject(s, "step_details");
    cJSON_AddStringToObject(det, "type", op->s);
    if (strcmp(op->s, "message_creation") == 0) {
        make_id(st->msg_id, sizeof st->msg_id, "msg_", 24);
        cJSON *mc = cJSON_AddObjectToObject(det, "message_creation");
        cJSON_AddStringToObject(mc, "message_id", st->msg_id);
    } else {
        cJSON_AddArrayToObject(det, "tool_calls");
    }
    cJSON_AddNullToObject(s, "usage");
    cJSON_AddObjectToObject(s, "metadata"); /* required by the spec, absent from recordings */
    obj *o = store_add(K_STEP, id, run->id, s);
    emit_step(st, "thread.run.step.created", o->j);
}

static void op_step_status(obj *run, run_state *st, const run_op *op)
{
    (void)run;
    obj *o = store_get(K_STEP, st->step_id);
    if (!o)
        return;
    long now = now_s();
    json_set(o->j, "status", cJSON_CreateString(op->s));
    if (strcmp(op->s, "completed") == 0) {
        json_set(o->j, "completed_at", cJSON_CreateNumber((double)now));
        json_set(o->j, "usage", usage_obj(20, st->completion_tokens));
    } else if (strcmp(op->s, "cancelled") == 0) {
        json_set(o->j, "cancelled_at", cJSON_CreateNumber((double)now));
    } else if (strcmp(op->s, "failed") == 0) {
        json_set(o->j, "failed_at", cJSON_CreateNumber((double)now));
    } else if (strcmp(op->s, "expired") == 0) {
        json_set(o->j, "expired_at", cJSON_CreateNumber((double)now));
    }
    if (op->j)
        merge_fields(o->j, op->j);
    char name[64];
    snprintf(name, sizeof name, "thread.run.step.%s", op->s);
    emit_step(st, name, o->j);
}

static void op_step_delta(obj *run, run_state *st, const run_op *op)
{
    (void)run;
    obj *o = store_get(K_STEP, st->step_id);
    if (!o)
        return;
    cJSON *tcs = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o->j, "step_details"), "tool_calls");
    cJSON *one = cJSON_CreateArray();
    cJSON_AddItemToArray(one, json_dup(op->j));
    merge_list(tcs, one);
    cJSON_Delete(one);
    if (!op->silent && st->stream) {
        ebuf ev = {0};
        ebuf_adds(&ev, "{\"id\":\"");
        ebuf_adds(&ev, o->id);
        ebuf_adds(&ev, "\",\"object\":\"thread.run.step.delta\",\"delta\":{\"step_details\":{\"type\":"
                       "\"tool_calls\",\"tool_calls\":[");
        ebuf_adds(&ev, op->s);
        ebuf_adds(&ev, "]}}}");
        sse_event_text(st->stream, "thread.run.step.delta", ev.p);
        ebuf_free(&ev);
    }
}

static void op_msg_create(obj *run, run_state *st)
{
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "id", st->msg_id);
    cJSON_AddStringToObject(m, "object", "thread.message");
    cJSON_AddNumberToObject(m, "created_at", (double)now_s());
    cJSON_AddItemToObject(m, "assistant_id", json_dup(cJSON_GetObjectItemCaseSensitive(run->j, "assistant_id")));
    cJSON_AddStringToObject(m, "thread_id", run->parent);
    cJSON_AddStringToObject(m, "run_id", run->id);
    cJSON_AddStringToObject(m, "status", "in_progress");
    cJSON_AddNullToObject(m, "incomplete_details");
    cJSON_AddNullToObject(m, "incomplete_at");
    cJSON_AddNullToObject(m, "completed_at");
    cJSON_AddStringToObject(m, "role", "assistant");
    cJSON_AddArrayToObject(m, "content");
    cJSON_AddArrayToObject(m, "attachments");
    cJSON_AddObjectToObject(m, "metadata");
    obj *o = store_add(K_MESSAGE, st->msg_id, run->parent, m);
    emit(st, "thread.message.created", o->j);
}

static void op_msg_status(run_state *st, const run_op *op)
{
    obj *o = store_get(K_MESSAGE, st->msg_id);
    if (!o)
        return;
    json_set(o->j, "status", cJSON_CreateString(op->s));
    if (strcmp(op->s, "completed") == 0)
        json_set(o->j, "completed_at", cJSON_CreateNumber((double)now_s()));
    else if (strcmp(op->s, "incomplete") == 0)
        json_set(o->j, "incomplete_at", cJSON_CreateNumber((double)now_s()));
    if (op->j)
        merge_fields(o->j, op->j);
    char name[64];
    snprintf(name, sizeof name, "thread.message.%s", op->s);
    emit(st, name, o->j);
}

static void op_msg_delta(run_state *st, const run_op *op)
{
    obj *o = store_get(K_MESSAGE, st->msg_id);
    if (!o)
        return;
    cJSON *one = cJSON_CreateArray();
    cJSON_AddItemToArray(one, json_dup(op->j));
    merge_list(cJSON_GetObjectItemCaseSensitive(o->j, "content"), one);
    st->completion_tokens++;
    cJSON_Delete(one);
    if (st->stream) {
        ebuf ev = {0};
        ebuf_adds(&ev, "{\"id\":\"");
        ebuf_adds(&ev, o->id);
        ebuf_adds(&ev, "\",\"object\":\"thread.message.delta\",\"delta\":{\"content\":[");
        ebuf_adds(&ev, op->s);
        ebuf_adds(&ev, "]}}");
        sse_event_text(st->stream, "thread.message.delta", ev.p);
        ebuf_free(&ev);
    }
}

static void op_require_action(obj *run, run_state *st)
{
    obj *o = store_get(K_STEP, st->step_id);
    cJSON *ra = cJSON_CreateObject();
    cJSON_AddStringToObject(ra, "type", "submit_tool_outputs");
    cJSON *calls = cJSON_AddArrayToObject(cJSON_AddObjectToObject(ra, "submit_tool_outputs"), "tool_calls");
    const cJSON *tc;
    cJSON_ArrayForEach(tc, (o ? cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o->j, "step_details"),
                                                                "tool_calls")
                             : NULL))
    {
        const char *type = json_str(tc, "type");
        if (!type || strcmp(type, "function") != 0)
            continue;
        const cJSON *fn = cJSON_GetObjectItemCaseSensitive(tc, "function");
        cJSON *c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "id", json_str(tc, "id") ? json_str(tc, "id") : "");
        cJSON_AddStringToObject(c, "type", "function");
        cJSON *f = cJSON_AddObjectToObject(c, "function");
        cJSON_AddStringToObject(f, "name", json_str(fn, "name") ? json_str(fn, "name") : "");
        cJSON_AddStringToObject(f, "arguments", json_str(fn, "arguments") ? json_str(fn, "arguments") : "");
        cJSON_AddItemToArray(calls, c);
    }
    json_set(run->j, "required_action", ra);
    json_set(run->j, "status", cJSON_CreateString("requires_action"));
    emit(st, "thread.run.requires_action", run->j);
    detach(st, 1);
}

static void op_error_event(obj *run, run_state *st, const run_op *op)
{
    if (st->stream && op->s && strcmp(op->s, "bare") == 0) {
        sse_event(st->stream, "error", op->j);
    } else if (st->stream) {
        cJSON *ev = cJSON_CreateObject();
        cJSON_AddItemToObject(ev, "error", json_dup(op->j));
        sse_event(st->stream, "error", ev);
        cJSON_Delete(ev);
    }
    /* The run behind a broken stream ends failed, as the service reports it. */
    obj *m = store_get(K_MESSAGE, st->msg_id);
    if (m && strcmp(json_str(m->j, "status") ? json_str(m->j, "status") : "", "in_progress") == 0) {
        json_set(m->j, "status", cJSON_CreateString("incomplete"));
        json_set(m->j, "incomplete_at", cJSON_CreateNumber((double)now_s()));
    }
    obj *s = store_get(K_STEP, st->step_id);
    if (s && strcmp(json_str(s->j, "status") ? json_str(s->j, "status") : "", "in_progress") == 0) {
        json_set(s->j, "status", cJSON_CreateString("failed"));
        json_set(s->j, "failed_at", cJSON_CreateNumber((double)now_s()));
    }
    json_set(run->j, "status", cJSON_CreateString("failed"));
    json_set(run->j, "failed_at", cJSON_CreateNumber((double)now_s()));
    json_set(run->j, "expires_at", cJSON_CreateNull());
    cJSON *le = cJSON_CreateObject();
    cJSON_AddStringToObject(le, "code", "server_error");
    cJSON_AddStringToObject(le, "message", json_str(op->j, "message") ? json_str(op->j, "message") : "error");
    json_set(run->j, "last_error", le);
    detach(st, 0);
}

static void exec_op(obj *run, run_state *st, const run_op *op)
{
    switch (op->kind) {
    case OP_RUN_STATUS:
        op_run_status(run, st, op);
        break;
    case OP_STEP_CREATE:
        op_step_create(run, st, op);
        break;
    case OP_STEP_STATUS:
        op_step_status(run, st, op);
        break;
    case OP_STEP_DELTA:
        op_step_delta(run, st, op);
        break;
    case OP_MSG_CREATE:
        op_msg_create(run, st);
        break;
    case OP_MSG_STATUS:
        op_msg_status(st, op);
        break;
    case OP_MSG_DELTA:
        op_msg_delta(st, op);
        break;
    case OP_REQUIRE_ACTION:
        op_require_action(run, st);
        break;
    case OP_ERROR_EVENT:
        op_error_event(run, st, op);
        break;
    case OP_DONE:
        detach(st, 1);
        break;
    }
}

static void tick(void *arg);

static void schedule_next(obj *run, run_state *st)
{
    if (st->armed || st->pc >= st->nops)
        return;
    long delay = 0;
    switch (st->ops[st->pc].pace) {
    case PACE_NOW:
        delay = 0;
        break;
    case PACE_STEP:
        delay = g_cfg.step_ms;
        break;
    case PACE_DELTA:
        delay = st->delta_ms >= 0 ? st->delta_ms : g_cfg.delta_ms;
        break;
    }
    st->armed = 1;
    sched_after(delay, tick, run);
}

/* Execute the next op and every following PACE_NOW op. */
static void run_ops(obj *run, run_state *st)
{
    do {
        run_op *op = &st->ops[st->pc++];
        exec_op(run, st, op);
        if (op->kind == OP_REQUIRE_ACTION || op->kind == OP_ERROR_EVENT || op->kind == OP_DONE) {
            if (op->kind != OP_DONE)
                st->pc = st->nops; /* the script stops here */
        }
    } while (st->pc < st->nops && st->ops[st->pc].pace == PACE_NOW);
}

static void release_script(run_state *st)
{
    ops_truncate(st, 0);
    free(st->ops);
    st->ops = NULL;
    st->cap = st->pc = 0;
}

static void tick(void *arg)
{
    obj *run = arg;
    run_state *st = run->ext;
    st->armed = 0;
    if (st->pc < st->nops)
        run_ops(run, st);
    if (st->pc >= st->nops)
        release_script(st); /* finished runs keep only their objects */
    else
        schedule_next(run, st);
}

void run_begin(obj *run, sse_stream *stream)
{
    run_state *st = run_state_of(run);
    if (stream) {
        sse_ref(stream);
        st->stream = stream;
    }
    emit(st, "thread.run.created", run->j);
    if (st->pc < st->nops && st->ops[st->pc].pace == PACE_NOW)
        run_ops(run, st);
    schedule_next(run, st);
}

int run_cancel_now(obj *run)
{
    run_state *st = run_state_of(run);
    const char *status = json_str(run->j, "status");
    if (!status || (run_status_terminal(status) && strcmp(status, "requires_action") != 0))
        return -1;
    if (strcmp(status, "cancelling") == 0)
        return 0;
    json_set(run->j, "status", cJSON_CreateString("cancelling"));
    emit(st, "thread.run.cancelling", run->j);
    ops_truncate(st, st->pc);
    obj *m = st->msg_id[0] ? store_get(K_MESSAGE, st->msg_id) : NULL;
    if (m && strcmp(json_str(m->j, "status") ? json_str(m->j, "status") : "", "in_progress") == 0) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(cJSON_AddObjectToObject(x, "incomplete_details"), "reason", "run_cancelled");
        ops_add(st, OP_MSG_STATUS, PACE_STEP, "incomplete", x);
    }
    obj *s = st->step_id[0] ? store_get(K_STEP, st->step_id) : NULL;
    if (s && strcmp(json_str(s->j, "status") ? json_str(s->j, "status") : "", "in_progress") == 0)
        ops_add(st, OP_STEP_STATUS, m ? PACE_NOW : PACE_STEP, "cancelled", NULL);
    ops_add(st, OP_RUN_STATUS, PACE_STEP, "cancelled", NULL);
    ops_add(st, OP_DONE, PACE_NOW, NULL, NULL);
    schedule_next(run, st);
    return 0;
}

void run_resume(obj *run, sse_stream *stream, const char *outputs_summary)
{
    run_state *st = run_state_of(run);
    ops_truncate(st, 0);
    st->pc = 0;
    if (stream) {
        sse_ref(stream);
        st->stream = stream;
    }
    json_set(run->j, "required_action", cJSON_CreateNull());
    json_set(run->j, "status", cJSON_CreateString("queued"));
    ops_add(st, OP_STEP_STATUS, PACE_NOW, "completed", NULL);
    ops_add(st, OP_RUN_STATUS, PACE_NOW, "queued", NULL);
    ops_add(st, OP_RUN_STATUS, PACE_STEP, "in_progress", NULL);
    scenario_after_outputs(run, st, outputs_summary);
    run_ops(run, st);
    schedule_next(run, st);
}

void run_engine_free(void)
{
    size_t n;
    obj **runs = store_list(K_RUN, NULL, &n);
    for (size_t i = 0; i < n; i++) {
        run_state *st = runs[i]->ext;
        if (!st)
            continue;
        ops_truncate(st, 0);
        free(st->ops);
        if (st->stream)
            sse_unref(st->stream);
        free(st);
        runs[i]->ext = NULL;
    }
    free(runs);
}
