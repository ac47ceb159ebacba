/* /responses: create (streamed or not, background, store, previous_response_id,
 * conversation), retrieve (JSON, or the event stream after starting_after),
 * cancel, delete, input_items. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handlers.h"
#include "objects.h"
#include "pagination.h"
#include "replay.h"
#include "resp_engine.h"
#include "resp_items.h"
#include "store.h"
#include "util.h"

static int opt_bool(emu_req *rq, emu_resp *rs, const char *key, int dflt,
                    int *out)
{
    const cJSON *v = req_field(rq, key);
    *out = dflt;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsBool(v)) {
        resp_bad(rs, key, "Invalid type for '%s': expected a boolean.", key);
        return -1;
    }
    *out = cJSON_IsTrue(v);
    return 0;
}

/* A stored response (store: true, or background) that was not deleted; else a
 * 404. */
static obj *find(emu_resp *rs, const char *id)
{
    obj *r = store_get(K_RESPONSE, id);
    if (!r || !resp_state_of(r)->stored) {
        resp_error(rs, 404, "invalid_request_error", NULL, NULL,
                   "Response with id '%s' not found.", id);
        return NULL;
    }
    return r;
}

static void copy_or(cJSON *dst, const cJSON *body, const char *key, cJSON *dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(body, key);
    if (v && !cJSON_IsNull(v)) {
        cJSON_AddItemToObject(dst, key, json_dup(v));
        cJSON_Delete(dflt);
    } else if (dflt) {
        cJSON_AddItemToObject(dst, key, dflt);
    } else {
        cJSON_AddNullToObject(dst, key);
    }
}

/* The response object in the field order of recorded ones. */
static cJSON *response_new(const cJSON *b, const char *id, int background,
                           int store, const char *prev, const char *conv)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "id", id);
    cJSON_AddStringToObject(r, "object", "response");
    cJSON_AddNumberToObject(r, "created_at", (double)now_s());
    cJSON_AddStringToObject(r, "status", background ? "queued" : "in_progress");
    cJSON_AddBoolToObject(r, "background", background);
    cJSON_AddNullToObject(r, "completed_at");
    if (conv)
        cJSON_AddStringToObject(cJSON_AddObjectToObject(r, "conversation"),
                                "id", conv);
    cJSON_AddNullToObject(r, "error");
    cJSON_AddNullToObject(r, "incomplete_details");
    copy_or(r, b, "instructions", NULL);
    copy_or(r, b, "max_output_tokens", NULL);
    copy_or(r, b, "max_tool_calls", NULL);
    copy_or(r, b, "model", NULL);
    cJSON_AddArrayToObject(r, "output");
    copy_or(r, b, "parallel_tool_calls", cJSON_CreateTrue());
    if (prev)
        cJSON_AddStringToObject(r, "previous_response_id", prev);
    else
        cJSON_AddNullToObject(r, "previous_response_id");
    copy_or(r, b, "prompt_cache_key", NULL);
    copy_or(r, b, "reasoning",
            cJSON_Parse("{\"effort\":null,\"summary\":null}"));
    copy_or(r, b, "safety_identifier", NULL);
    copy_or(r, b, "service_tier", cJSON_CreateString("auto"));
    cJSON_AddBoolToObject(r, "store", store);
    copy_or(r, b, "temperature", cJSON_CreateNumber(1.0));
    copy_or(r, b, "text",
            cJSON_Parse(
                "{\"format\":{\"type\":\"text\"},\"verbosity\":\"medium\"}"));
    copy_or(r, b, "tool_choice", cJSON_CreateString("auto"));
    copy_or(r, b, "tools", cJSON_CreateArray());
    copy_or(r, b, "top_logprobs", cJSON_CreateNumber(0));
    copy_or(r, b, "top_p", cJSON_CreateNumber(1.0));
    copy_or(r, b, "truncation", cJSON_CreateString("disabled"));
    cJSON_AddNullToObject(r, "usage");
    copy_or(r, b, "user", NULL);
    copy_or(r, b, "metadata", cJSON_CreateObject());
    return r;
}

static int check_tools_flat(emu_resp *rs, const cJSON *tools)
{
    if (!tools || cJSON_IsNull(tools))
        return 0;
    if (!cJSON_IsArray(tools)) {
        resp_bad(rs, "tools", "Invalid type for 'tools': expected an array.");
        return -1;
    }
    int i = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, tools)
    {
        const char *type = json_str(t, "type");
        if (!type) {
            resp_bad(rs, "tools",
                     "Missing required parameter: 'tools[%d].type'.", i);
            return -1;
        }
        if (strcmp(type, "function") == 0 && !json_str(t, "name")) {
            resp_bad(rs, "tools",
                     "Missing required parameter: 'tools[%d].name'.", i);
            return -1;
        }
        i++;
    }
    return 0;
}

/* The function_call item of items with that call_id, or NULL. */
static const cJSON *find_call(const cJSON *items, const char *call_id)
{
    const cJSON *h;
    cJSON_ArrayForEach(h, items)
    {
        const char *ht = json_str(h, "type");
        const char *hc = json_str(h, "call_id");
        if (ht && hc && strcmp(ht, "function_call") == 0 &&
            strcmp(hc, call_id) == 0)
            return h;
    }
    return NULL;
}

static int is_output(const cJSON *item)
{
    const char *type = json_str(item, "type");
    return type && strcmp(type, "function_call_output") == 0;
}

/* Every function_call_output must answer a function_call of the history. */
static int check_outputs(emu_resp *rs, const cJSON *history, const cJSON *input)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, input)
    {
        if (!is_output(it))
            continue;
        const char *call_id = json_str(it, "call_id");
        if (!find_call(history, call_id) && !find_call(input, call_id)) {
            resp_bad(
                rs, "input",
                "No tool call found for function call output with call_id %s.",
                call_id);
            return -1;
        }
    }
    return 0;
}

/* "name returned output; ..." for the reply after function outputs (NULL when
 * none). */
static char *outputs_summary(const cJSON *history, const cJSON *input)
{
    ebuf b = {0};
    const cJSON *it;
    cJSON_ArrayForEach(it, input)
    {
        if (!is_output(it))
            continue;
        const char *call_id = json_str(it, "call_id");
        const cJSON *call = find_call(history, call_id);
        if (!call) /* store:false: the calls are replayed in the input */
            call = find_call(input, call_id);
        const char *name = json_str(call, "name");
        const char *out = json_str(it, "output");
        ebuf_printf(&b, "%s%s returned %s", b.len ? "; " : "",
                    name ? name : "the tool", out ? out : "(parts)");
    }
    return b.p;
}

/* The history a response continues: the previous response's input and output,
 * or the conversation's items. */
static cJSON *history_of(const char *prev, const char *conv)
{
    cJSON *h = cJSON_CreateArray();
    size_t n = 0;
    obj **items = NULL;
    if (prev)
        items = store_list(K_RESP_ITEM, prev, &n);
    else if (conv)
        items = store_list(K_CONV_ITEM, conv, &n);
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(h, json_dup(items[i]->j));
    free(items);
    if (prev) {
        obj *p = store_get(K_RESPONSE, prev);
        const cJSON *o;
        const cJSON *output =
            p ? cJSON_GetObjectItemCaseSensitive(p->j, "output") : NULL;
        cJSON_ArrayForEach(o, output)
        {
            cJSON_AddItemToArray(h, json_dup(o));
        }
    }
    return h;
}

/* A conversation gets the response's output once it is done (its input was
 * added at create). */
static void append_to_conversation(obj *r)
{
    const char *conv =
        json_str(cJSON_GetObjectItemCaseSensitive(r->j, "conversation"), "id");
    if (conv && store_get(K_CONV, conv))
        items_store(K_CONV_ITEM, conv,
                    cJSON_GetObjectItemCaseSensitive(r->j, "output"));
}

static int conversation_param(emu_req *rq, emu_resp *rs, const char **out)
{
    const cJSON *c = req_field(rq, "conversation");
    *out = NULL;
    if (!c || cJSON_IsNull(c))
        return 0;
    const char *id = cJSON_IsString(c) ? c->valuestring : json_str(c, "id");
    if (!id) {
        resp_bad(rs, "conversation",
                 "Invalid type for 'conversation': expected a string or an "
                 "object with an 'id'.");
        return -1;
    }
    if (!store_get(K_CONV, id)) {
        resp_error(rs, 404, "invalid_request_error", "conversation", NULL,
                   "Conversation with id '%s' not found.", id);
        return -1;
    }
    *out = id;
    return 0;
}

static int previous_param(emu_req *rq, emu_resp *rs, const char **out)
{
    const cJSON *p = req_field(rq, "previous_response_id");
    *out = NULL;
    if (!p || cJSON_IsNull(p))
        return 0;
    if (!cJSON_IsString(p)) {
        resp_bad(rs, "previous_response_id",
                 "Invalid type for 'previous_response_id': expected a string.");
        return -1;
    }
    obj *prev = store_get(K_RESPONSE, p->valuestring);
    if (!prev || !resp_state_of(prev)->stored) {
        resp_bad(rs, "previous_response_id",
                 "Previous response with id '%s' not found.", p->valuestring);
        return -1;
    }
    *out = prev->id;
    return 0;
}

static int includes(const cJSON *include, const char *what)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, include)
    {
        if (cJSON_IsString(v) && strcmp(v->valuestring, what) == 0)
            return 1;
    }
    return 0;
}

static int include_obfuscation(emu_req *rq)
{
    const cJSON *so = req_field(rq, "stream_options");
    const cJSON *v =
        cJSON_GetObjectItemCaseSensitive(so, "include_obfuscation");
    return !cJSON_IsFalse(v);
}

void resp_create(emu_req *rq, emu_resp *rs)
{
    int stream, background, store;
    if (opt_bool(rq, rs, "stream", 0, &stream) < 0 ||
        opt_bool(rq, rs, "background", 0, &background) < 0 ||
        opt_bool(rq, rs, "store", 1, &store) < 0)
        return;
    if (stream && replay_enabled()) {
        rs->stream = replay_stream(rq, rs);
        return;
    }
    const cJSON *model = req_field(rq, "model");
    if (!cJSON_IsString(model)) {
        resp_bad(rs, "model",
                 model ? "Invalid type for 'model': expected a string."
                       : "Missing required parameter: 'model'.");
        return;
    }
    if (check_string_opt(rs, rq->json, "instructions") < 0 ||
        check_tools_flat(rs, req_field(rq, "tools")) < 0 ||
        check_metadata(rs, req_field(rq, "metadata"), "metadata") < 0)
        return;
    const char *prev, *conv;
    if (previous_param(rq, rs, &prev) < 0 ||
        conversation_param(rq, rs, &conv) < 0)
        return;
    if (prev && conv) {
        resp_bad(rs, NULL,
                 "Mutually exclusive parameters: Ensure you are only providing "
                 "one of: "
                 "'previous_response_id' or 'conversation'.");
        return;
    }
    cJSON *input = items_normalize(rs, req_field(rq, "input"), "input");
    if (!input)
        return;
    cJSON *history = history_of(prev, conv);
    if (check_outputs(rs, history, input) < 0) {
        cJSON_Delete(history);
        cJSON_Delete(input);
        return;
    }

    char id[64];
    make_id(id, sizeof id, "resp_", 48);
    obj *r =
        store_add(K_RESPONSE, id, NULL,
                  response_new(rq->json, id, background, store, prev, conv));
    resp_state *st = resp_state_of(r);
    st->background = background;
    st->stored = store || background;
    st->obfuscate = !background && include_obfuscation(rq);
    st->encrypted_reasoning =
        includes(req_field(rq, "include"), "reasoning.encrypted_content");
    st->on_terminal = append_to_conversation;
    char *hist_text = json_print(history), *in_text = json_print(input);
    st->input_tokens = (long)(strlen(hist_text) + strlen(in_text)) / 4 + 1;
    free(hist_text);
    free(in_text);
    items_store(K_RESP_ITEM, id, history);
    items_store(K_RESP_ITEM, id, input);
    if (conv)
        items_store(K_CONV_ITEM, conv, input);

    char *outputs = outputs_summary(history, input);
    /* Input that ends with function outputs answers calls; the user message
     * before them (replayed whole with store:false) is not a new turn. */
    const cJSON *last =
        cJSON_GetArrayItem(input, cJSON_GetArraySize(input) - 1);
    char *text =
        outputs && is_output(last) ? NULL : items_last_user_text(input);
    resp_scenario_build(r, st, text ? text : "", outputs);
    free(text);
    free(outputs);
    cJSON_Delete(history);
    cJSON_Delete(input);

    if (stream) {
        rs->stream = sse_new();
        rs->status = 200;
        resp_begin(r, rs->stream, 0);
        return;
    }
    /* A foreground create answers when the response is done; a background one
     * at once. */
    resp_begin(r, NULL, !background);
    resp_json_copy(rs, r->j);
}

static int parse_starting_after(emu_resp *rs, const char *s, long *out)
{
    *out = -1;
    if (!s)
        return 0;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0) {
        resp_error(rs, 400, "invalid_request_error", "starting_after",
                   "invalid_value",
                   "Invalid 'starting_after': expected a non-negative integer, "
                   "but got '%s' instead.",
                   s);
        return -1;
    }
    *out = v;
    return 0;
}

void resp_get(emu_req *rq, emu_resp *rs)
{
    obj *r = find(rs, rq->seg[1]);
    if (!r)
        return;
    const char *stream = req_query(rq, "stream");
    if (!stream || strcmp(stream, "true") != 0) {
        resp_json_copy(rs, r->j);
        return;
    }
    long after;
    if (parse_starting_after(rs, req_query(rq, "starting_after"), &after) < 0)
        return;
    if (!resp_state_of(r)->background) {
        resp_bad(rs, "stream",
                 "This response cannot be streamed because it was not created "
                 "with background=true.");
        return;
    }
    if (!resp_resumable(r)) {
        resp_bad(rs, "stream",
                 "This response can no longer be streamed because it is more "
                 "than 5 minutes old.");
        return;
    }
    rs->stream = sse_new();
    rs->status = 200;
    resp_follow(r, rs->stream, after);
}

void resp_delete(emu_req *rq, emu_resp *rs)
{
    obj *r = find(rs, rq->seg[1]);
    if (!r)
        return;
    store_del(r);
    resp_deleted(rs, rq->seg[1], "response.deleted");
}

void resp_cancel(emu_req *rq, emu_resp *rs)
{
    obj *r = find(rs, rq->seg[1]);
    if (!r)
        return;
    if (!resp_state_of(r)->background) {
        resp_bad(rs, NULL, "Cannot cancel a synchronous response.");
        return;
    }
    /* A terminal response is returned as it is. */
    if (!resp_status_terminal(json_str(r->j, "status")))
        resp_cancel_now(r);
    resp_json_copy(rs, r->j);
}

void resp_input_items(emu_req *rq, emu_resp *rs)
{
    obj *r = find(rs, rq->seg[1]);
    if (!r)
        return;
    size_t n;
    obj **items = store_list(K_RESP_ITEM, r->id, &n);
    page_respond(rs, rq, items, n, NULL);
    free(items);
}
