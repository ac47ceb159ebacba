/* /threads/{thread_id}/runs and /threads/runs: create (polled or streamed),
 * create-and-run, list, retrieve, update, cancel, submit_tool_outputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "handlers.h"
#include "objects.h"
#include "pagination.h"
#include "replay.h"
#include "run_engine.h"
#include "store.h"
#include "util.h"

#define FS_CONTENT_INCLUDE "step_details.tool_calls[*].file_search.results[*].content"

static int want_stream(emu_req *rq, emu_resp *rs, int *out)
{
    const cJSON *s = req_field(rq, "stream");
    *out = 0;
    if (!s || cJSON_IsNull(s))
        return 0;
    if (!cJSON_IsBool(s)) {
        resp_bad(rs, "stream", "Invalid type for 'stream': expected a boolean.");
        return -1;
    }
    *out = cJSON_IsTrue(s);
    return 0;
}

/* Checks shared by create and create-and-run; returns the assistant. */
static obj *validate_run_body(emu_req *rq, emu_resp *rs)
{
    const cJSON *aid = req_field(rq, "assistant_id");
    if (!aid) {
        resp_bad(rs, "assistant_id", "Missing required parameter: 'assistant_id'.");
        return NULL;
    }
    if (!cJSON_IsString(aid)) {
        resp_bad(rs, "assistant_id", "Invalid type for 'assistant_id': expected a string.");
        return NULL;
    }
    if (check_string_opt(rs, rq->json, "model") < 0 || check_string_opt(rs, rq->json, "instructions") < 0 ||
        check_string_opt(rs, rq->json, "additional_instructions") < 0)
        return NULL;
    if (check_tools(rs, req_field(rq, "tools"), "tools") < 0)
        return NULL;
    if (check_metadata(rs, req_field(rq, "metadata"), "metadata") < 0)
        return NULL;
    const cJSON *am = req_field(rq, "additional_messages");
    if (am && !cJSON_IsNull(am) && !cJSON_IsArray(am)) {
        resp_bad(rs, "additional_messages", "Invalid type for 'additional_messages': expected an array.");
        return NULL;
    }
    const cJSON *m;
    int i = 0;
    cJSON_ArrayForEach(m, (cJSON_IsArray(am) ? am : NULL))
    {
        char p[64];
        snprintf(p, sizeof p, "additional_messages[%d].content", i++);
        cJSON *c = content_from_request(rs, cJSON_GetObjectItemCaseSensitive(m, "content"), p);
        if (!c)
            return NULL;
        cJSON_Delete(c);
        const char *role = json_str(m, "role");
        if (!role || (strcmp(role, "user") && strcmp(role, "assistant"))) {
            snprintf(p, sizeof p, "additional_messages[%d].role", i - 1);
            resp_bad(rs, p, "Invalid value for '%s': expected 'user' or 'assistant'.", p);
            return NULL;
        }
    }
    obj *a = store_get(K_ASSISTANT, aid->valuestring);
    if (!a)
        resp_not_found(rs, "assistant", aid->valuestring);
    return a;
}

static void pick(cJSON *run, const cJSON *body, const cJSON *asst, const char *key, const cJSON *dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, key);
    if (!v || cJSON_IsNull(v))
        v = asst ? cJSON_GetObjectItemCaseSensitive(asst, key) : NULL;
    if (v && !cJSON_IsNull(v))
        cJSON_AddItemToObject(run, key, json_dup(v));
    else if (dflt)
        cJSON_AddItemToObject(run, key, json_dup(dflt));
    else
        cJSON_AddNullToObject(run, key);
}

static obj *run_new(emu_req *rq, obj *thread, obj *asst)
{
    const cJSON *b = rq->json;
    char id[48];
    make_id(id, sizeof id, "run_", 24);
    long now = now_s();
    cJSON *r = cJSON_CreateObject();
    cJSON *one = cJSON_CreateNumber(1.0), *arr = cJSON_CreateArray(), *objx = cJSON_CreateObject(),
          *auto_s = cJSON_CreateString("auto"), *yes = cJSON_CreateTrue(),
          *trunc = cJSON_Parse("{\"type\":\"auto\",\"last_messages\":null}");
    cJSON_AddStringToObject(r, "id", id);
    cJSON_AddStringToObject(r, "object", "thread.run");
    cJSON_AddNumberToObject(r, "created_at", (double)now);
    cJSON_AddStringToObject(r, "assistant_id", asst->id);
    cJSON_AddStringToObject(r, "thread_id", thread->id);
    cJSON_AddStringToObject(r, "status", "queued");
    cJSON_AddNullToObject(r, "started_at");
    cJSON_AddNumberToObject(r, "expires_at", (double)(now + 600));
    cJSON_AddNullToObject(r, "cancelled_at");
    cJSON_AddNullToObject(r, "failed_at");
    cJSON_AddNullToObject(r, "completed_at");
    cJSON_AddNullToObject(r, "required_action");
    cJSON_AddNullToObject(r, "last_error");
    pick(r, b, asst->j, "model", NULL);
    pick(r, b, asst->j, "instructions", NULL);
    const char *add = json_str(b, "additional_instructions");
    if (add) {
        const char *base = json_str(r, "instructions");
        ebuf s = {0};
        if (base) {
            ebuf_adds(&s, base);
            ebuf_adds(&s, "\n\n");
        }
        ebuf_adds(&s, add);
        json_set(r, "instructions", cJSON_CreateString(s.p));
        ebuf_free(&s);
    }
    pick(r, b, asst->j, "tools", arr);
    pick(r, b, asst->j, "tool_resources", objx);
    pick(r, b, NULL, "metadata", objx);
    pick(r, b, asst->j, "temperature", one);
    pick(r, b, asst->j, "top_p", one);
    pick(r, b, asst->j, "reasoning_effort", NULL);
    pick(r, b, NULL, "max_completion_tokens", NULL);
    pick(r, b, NULL, "max_prompt_tokens", NULL);
    pick(r, b, NULL, "truncation_strategy", trunc);
    cJSON_AddNullToObject(r, "incomplete_details");
    cJSON_AddNullToObject(r, "usage");
    pick(r, b, asst->j, "response_format", auto_s);
    pick(r, b, NULL, "tool_choice", auto_s);
    pick(r, b, NULL, "parallel_tool_calls", yes);
    cJSON_Delete(one);
    cJSON_Delete(arr);
    cJSON_Delete(objx);
    cJSON_Delete(auto_s);
    cJSON_Delete(yes);
    cJSON_Delete(trunc);
    return store_add(K_RUN, id, thread->id, r);
}

/* Create the run in thread and answer (JSON or stream). pre_event: thread.created. */
static void start_run(emu_req *rq, emu_resp *rs, obj *thread, obj *asst, int stream, int emit_thread)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, req_field(rq, "additional_messages"))
    {
        message_create(rs, thread, m, "additional_messages");
    }
    obj *run = run_new(rq, thread, asst);
    run_state *st = run_state_of(run);
    st->include_fs_content = req_query_has(rq, "include[]", FS_CONTENT_INCLUDE);
    char *text = thread_last_user_text(thread->id);
    scenario_build(run, st, text);
    free(text);
    sse_stream *s = NULL;
    if (stream) {
        s = sse_new();
        if (emit_thread)
            sse_event(s, "thread.created", thread->j);
        rs->stream = s;
        rs->status = 200;
    }
    run_begin(run, s);
    if (!stream)
        resp_json_copy(rs, run->j);
}

void run_create(emu_req *rq, emu_resp *rs)
{
    obj *t = store_get(K_THREAD, rq->seg[1]);
    if (!t) {
        resp_not_found(rs, "thread", rq->seg[1]);
        return;
    }
    int stream;
    if (want_stream(rq, rs, &stream) < 0)
        return;
    if (stream && replay_enabled()) {
        rs->stream = replay_stream(rq, rs);
        return;
    }
    obj *a = validate_run_body(rq, rs);
    if (!a)
        return;
    const char *active = NULL;
    if (thread_active_run(t->id, &active)) {
        resp_bad(rs, NULL, "Thread %s already has an active run %s.", t->id, active);
        return;
    }
    start_run(rq, rs, t, a, stream, 0);
}

void run_create_thread_and_run(emu_req *rq, emu_resp *rs)
{
    int stream;
    if (want_stream(rq, rs, &stream) < 0)
        return;
    if (stream && replay_enabled()) {
        rs->stream = replay_stream(rq, rs);
        return;
    }
    obj *a = validate_run_body(rq, rs);
    if (!a)
        return;
    const cJSON *tb = req_field(rq, "thread");
    if (tb && !cJSON_IsNull(tb) && !cJSON_IsObject(tb)) {
        resp_bad(rs, "thread", "Invalid type for 'thread': expected an object.");
        return;
    }
    obj *t = thread_create_from(rs, cJSON_IsObject(tb) ? tb : NULL, "thread");
    if (!t)
        return;
    start_run(rq, rs, t, a, stream, 1);
}

static obj *run_or_404(emu_req *rq, emu_resp *rs)
{
    if (!store_get(K_THREAD, rq->seg[1])) {
        resp_not_found(rs, "thread", rq->seg[1]);
        return NULL;
    }
    obj *r = store_get(K_RUN, rq->seg[3]);
    if (!r || strcmp(r->parent, rq->seg[1]) != 0) {
        resp_not_found(rs, "run", rq->seg[3]);
        return NULL;
    }
    return r;
}

void run_list(emu_req *rq, emu_resp *rs)
{
    if (!store_get(K_THREAD, rq->seg[1])) {
        resp_not_found(rs, "thread", rq->seg[1]);
        return;
    }
    size_t n;
    obj **all = store_list(K_RUN, rq->seg[1], &n);
    page_respond(rs, rq, all, n, NULL);
    free(all);
}

void run_get(emu_req *rq, emu_resp *rs)
{
    obj *r = run_or_404(rq, rs);
    if (!r)
        return;
    resp_json_copy(rs, r->j);
    rs->poll_after_ms = g_cfg.poll_after_ms;
}

void run_update(emu_req *rq, emu_resp *rs)
{
    obj *r = run_or_404(rq, rs);
    if (!r)
        return;
    if (check_metadata(rs, req_field(rq, "metadata"), "metadata") < 0)
        return;
    obj_update_field(r->j, rq->json, "metadata");
    resp_json_copy(rs, r->j);
}

void run_cancel(emu_req *rq, emu_resp *rs)
{
    obj *r = run_or_404(rq, rs);
    if (!r)
        return;
    if (run_cancel_now(r) < 0) {
        resp_bad(rs, NULL, "Cannot cancel run with status '%s'.", json_str(r->j, "status"));
        return;
    }
    resp_json_copy(rs, r->j);
}

void run_submit(emu_req *rq, emu_resp *rs)
{
    obj *r = run_or_404(rq, rs);
    if (!r)
        return;
    int stream;
    if (want_stream(rq, rs, &stream) < 0)
        return;
    const cJSON *outs = req_field(rq, "tool_outputs");
    if (!outs) {
        resp_bad(rs, "tool_outputs", "Missing required parameter: 'tool_outputs'.");
        return;
    }
    if (!cJSON_IsArray(outs)) {
        resp_bad(rs, "tool_outputs", "Invalid type for 'tool_outputs': expected an array.");
        return;
    }
    const char *status = json_str(r->j, "status");
    if (!status || strcmp(status, "requires_action") != 0) {
        resp_bad(rs, NULL, "Runs in status \"%s\" do not accept tool outputs.", status ? status : "unknown");
        return;
    }
    if (stream && replay_enabled()) {
        rs->stream = replay_stream(rq, rs);
        return;
    }
    const cJSON *calls = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r->j, "required_action"),
                                         "submit_tool_outputs"),
        "tool_calls");
    /* every output names a pending call, every call gets an output */
    ebuf want = {0}, got = {0};
    int ok = 1, i = 0;
    const cJSON *o, *c;
    cJSON_ArrayForEach(c, calls)
    {
        ebuf_printf(&want, "%s'%s'", want.len ? ", " : "", json_str(c, "id") ? json_str(c, "id") : "");
    }
    cJSON_ArrayForEach(o, outs)
    {
        const char *cid = json_str(o, "tool_call_id");
        ebuf_printf(&got, "%s'%s'", got.len ? ", " : "", cid ? cid : "");
        if (!cid) {
            char p[64];
            snprintf(p, sizeof p, "tool_outputs[%d].tool_call_id", i);
            resp_bad(rs, p, "Missing required parameter: '%s'.", p);
            ebuf_free(&want);
            ebuf_free(&got);
            return;
        }
        int found = 0;
        cJSON_ArrayForEach(c, calls)
        {
            if (json_str(c, "id") && strcmp(json_str(c, "id"), cid) == 0)
                found = 1;
        }
        if (!found)
            ok = 0;
        i++;
    }
    cJSON_ArrayForEach(c, calls)
    {
        int found = 0;
        cJSON_ArrayForEach(o, outs)
        {
            if (json_str(o, "tool_call_id") && json_str(c, "id") && strcmp(json_str(o, "tool_call_id"), json_str(c, "id")) == 0)
                found = 1;
        }
        if (!found)
            ok = 0;
    }
    if (!ok) {
        resp_bad(rs, "tool_outputs", "Expected tool outputs for call_ids [%s], got [%s]", want.p ? want.p : "",
                 got.p ? got.p : "");
        ebuf_free(&want);
        ebuf_free(&got);
        return;
    }
    ebuf_free(&want);
    ebuf_free(&got);
    /* Store outputs in the function step and build the summary the reply quotes. */
    run_state *st = run_state_of(r);
    obj *step = store_get(K_STEP, st->step_id);
    ebuf summary = {0};
    cJSON *tc;
    cJSON_ArrayForEach(tc, (step ? cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(step->j, "step_details"), "tool_calls") : NULL))
    {
        cJSON *fn = cJSON_GetObjectItemCaseSensitive(tc, "function");
        cJSON_ArrayForEach(o, outs)
        {
            const char *cid = json_str(o, "tool_call_id");
            if (!fn || !cid || !json_str(tc, "id") || strcmp(cid, json_str(tc, "id")) != 0)
                continue;
            const char *out = json_str(o, "output") ? json_str(o, "output") : "";
            json_set(fn, "output", cJSON_CreateString(out));
            ebuf_printf(&summary, "%s%s returned %s", summary.len ? "; " : "",
                        json_str(fn, "name") ? json_str(fn, "name") : "function", out);
        }
    }
    sse_stream *s = NULL;
    if (stream) {
        s = sse_new();
        rs->stream = s;
        rs->status = 200;
    }
    run_resume(r, s, summary.p ? summary.p : "");
    ebuf_free(&summary);
    if (!stream)
        resp_json_copy(rs, r->j);
}
