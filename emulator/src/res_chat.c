/* POST /chat/completions: validated as the API does, answered by the scenario
 * model of chat_gen.c, whole (a chat.completion) or streamed
 * (chat.completion.chunk events). Nothing is stored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_stream.h"
#include "chat_whole.h"
#include "handlers.h"
#include "replay.h"
#include "util.h"

static const char *json_type_name(const cJSON *v)
{
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return v->valuedouble == (double)(long long)v->valuedouble
                   ? "an integer"
                   : "a decimal";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsObject(v))
        return "an object";
    return "null";
}

static int bad_type(emu_resp *rs, const char *param, const char *expected,
                    const cJSON *v)
{
    resp_error(rs, 400, "invalid_request_error", param, "invalid_type",
               "Invalid type for '%s': expected %s, but got %s instead.", param,
               expected, json_type_name(v));
    return -1;
}

/* An optional integer in [lo, hi] (*out keeps dflt when absent). */
static int int_param(emu_req *rq, emu_resp *rs, const char *key, long lo,
                     long hi, long *out)
{
    const cJSON *v = req_field(rq, key);
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsNumber(v) || v->valuedouble != (double)(long)v->valuedouble)
        return bad_type(rs, key, "an integer", v);
    long x = (long)v->valuedouble;
    if (x < lo || x > hi) {
        int below = x < lo;
        resp_error(rs, 400, "invalid_request_error", key,
                   below ? "integer_below_min_value"
                         : "integer_above_max_value",
                   "Invalid '%s': integer %s value. Expected a value %s %ld, "
                   "but got %ld instead.",
                   key, below ? "below minimum" : "above maximum",
                   below ? ">=" : "<=", below ? lo : hi, x);
        return -1;
    }
    *out = x;
    return 0;
}

static int bool_param(emu_req *rq, emu_resp *rs, const char *key, int *out)
{
    const cJSON *v = req_field(rq, key);
    *out = 0;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsBool(v))
        return bad_type(rs, key, "a boolean", v);
    *out = cJSON_IsTrue(v);
    return 0;
}

static int check_role(emu_resp *rs, const cJSON *m, int i)
{
    static const char *const roles[] = {"system",    "developer", "user",
                                        "assistant", "tool",      "function"};
    char param[64];
    snprintf(param, sizeof param, "messages[%d].role", i);
    const char *role = json_str(m, "role");
    if (!role) {
        resp_bad(rs, param, "Missing required parameter: '%s'.", param);
        return -1;
    }
    for (size_t k = 0; k < sizeof roles / sizeof roles[0]; k++)
        if (strcmp(role, roles[k]) == 0)
            return 0;
    resp_error(rs, 400, "invalid_request_error", param, "invalid_value",
               "Invalid value: '%s'. Supported values are: 'system', "
               "'assistant', 'user', 'function', 'tool', and 'developer'.",
               role);
    return -1;
}

/* Tool messages answer the tool_calls of the assistant message before them,
 * and every call is answered, as the API requires. */
static int check_tool_turns(emu_resp *rs, const cJSON *messages)
{
    int n = cJSON_GetArraySize(messages);
    for (int i = 0; i < n; i++) {
        const cJSON *m = cJSON_GetArrayItem(messages, i);
        if (strcmp(json_str(m, "role"), "tool") == 0) {
            int j = i - 1;
            while (j >= 0 &&
                   strcmp(json_str(cJSON_GetArrayItem(messages, j), "role"),
                          "tool") == 0)
                j--;
            const cJSON *calls =
                j >= 0 ? cJSON_GetObjectItemCaseSensitive(
                             cJSON_GetArrayItem(messages, j), "tool_calls")
                       : NULL;
            if (!cJSON_GetArraySize(calls)) {
                char param[64];
                snprintf(param, sizeof param, "messages.[%d].role", i);
                resp_bad(rs, param,
                         "Invalid parameter: messages with role 'tool' must "
                         "be a response to a preceeding message with "
                         "'tool_calls'.");
                return -1;
            }
            continue;
        }
        const cJSON *call;
        cJSON_ArrayForEach(call,
                           cJSON_GetObjectItemCaseSensitive(m, "tool_calls"))
        {
            const char *id = json_str(call, "id");
            int answered = 0;
            for (int k = i + 1; k < n && !answered; k++) {
                const cJSON *t = cJSON_GetArrayItem(messages, k);
                if (strcmp(json_str(t, "role"), "tool") != 0)
                    break;
                const char *tid = json_str(t, "tool_call_id");
                answered = id && tid && strcmp(id, tid) == 0;
            }
            if (!answered) {
                char param[64];
                snprintf(param, sizeof param, "messages.[%d].role", i);
                resp_bad(rs, param,
                         "An assistant message with 'tool_calls' must be "
                         "followed by tool messages responding to each "
                         "'tool_call_id'. The following tool_call_ids did not "
                         "have response messages: %s",
                         id ? id : "(none)");
                return -1;
            }
        }
    }
    return 0;
}

static int check_messages(emu_resp *rs, const cJSON *messages)
{
    if (!messages) {
        resp_error(rs, 400, "invalid_request_error", "messages",
                   "missing_required_parameter",
                   "Missing required parameter: 'messages'.");
        return -1;
    }
    if (!cJSON_IsArray(messages))
        return bad_type(rs, "messages", "an array of objects", messages);
    if (!cJSON_GetArraySize(messages)) {
        resp_error(rs, 400, "invalid_request_error", "messages", "empty_array",
                   "Invalid 'messages': empty array. Expected an array with "
                   "minimum length 1, but got an empty array instead.");
        return -1;
    }
    int i = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, messages)
    {
        if (!cJSON_IsObject(m)) {
            char param[32];
            snprintf(param, sizeof param, "messages[%d]", i);
            return bad_type(rs, param, "an object", m);
        }
        if (check_role(rs, m, i++) < 0)
            return -1;
    }
    return check_tool_turns(rs, messages);
}

static int check_tools(emu_resp *rs, const cJSON *tools)
{
    if (!tools || cJSON_IsNull(tools))
        return 0;
    if (!cJSON_IsArray(tools))
        return bad_type(rs, "tools", "an array", tools);
    int i = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, tools)
    {
        char param[64];
        const char *type = json_str(t, "type");
        const cJSON *fn = cJSON_GetObjectItemCaseSensitive(t, "function");
        if (!type)
            snprintf(param, sizeof param, "tools[%d].type", i);
        else if (strcmp(type, "function") == 0 && !cJSON_IsObject(fn))
            snprintf(param, sizeof param, "tools[%d].function", i);
        else if (strcmp(type, "function") == 0 && !json_str(fn, "name"))
            snprintf(param, sizeof param, "tools[%d].function.name", i);
        else
            param[0] = '\0';
        if (param[0]) {
            resp_bad(rs, param, "Missing required parameter: '%s'.", param);
            return -1;
        }
        i++;
    }
    return 0;
}

/* The text of a message's content: a string, or its text parts joined. */
static char *content_text(const cJSON *content)
{
    if (cJSON_IsString(content))
        return xstrdup(content->valuestring);
    ebuf b = {0};
    ebuf_adds(&b, "");
    const cJSON *part;
    cJSON_ArrayForEach(part, content)
    {
        const char *text = json_str(part, "text");
        if (text)
            ebuf_adds(&b, text);
    }
    return b.p;
}

static const char *call_name(const cJSON *messages, const char *call_id)
{
    const cJSON *m, *call;
    cJSON_ArrayForEach(m, messages)
    {
        cJSON_ArrayForEach(call,
                           cJSON_GetObjectItemCaseSensitive(m, "tool_calls"))
        {
            const char *id = json_str(call, "id");
            if (id && call_id && strcmp(id, call_id) == 0)
                return json_str(
                    cJSON_GetObjectItemCaseSensitive(call, "function"), "name");
        }
    }
    return NULL;
}

/* "NAME returned OUTPUT; ..." for the tool messages that end the request, or
 * NULL when it does not end with one. */
static char *tool_outputs(const cJSON *messages)
{
    int n = cJSON_GetArraySize(messages), first = n;
    while (first > 0 &&
           strcmp(json_str(cJSON_GetArrayItem(messages, first - 1), "role"),
                  "tool") == 0)
        first--;
    if (first == n)
        return NULL;
    ebuf b = {0};
    for (int i = first; i < n; i++) {
        const cJSON *t = cJSON_GetArrayItem(messages, i);
        const char *name = call_name(messages, json_str(t, "tool_call_id"));
        char *out =
            content_text(cJSON_GetObjectItemCaseSensitive(t, "content"));
        ebuf_printf(&b, "%s%s returned %s", b.len ? "; " : "",
                    name ? name : "the tool", out);
        free(out);
    }
    return b.p;
}

static char *last_user_text(const cJSON *messages)
{
    for (int i = cJSON_GetArraySize(messages) - 1; i >= 0; i--) {
        const cJSON *m = cJSON_GetArrayItem(messages, i);
        if (strcmp(json_str(m, "role"), "user") == 0)
            return content_text(cJSON_GetObjectItemCaseSensitive(m, "content"));
    }
    return xstrdup("");
}

static void server_error(emu_resp *rs, const char *code)
{
    resp_error(rs, 500, "server_error", NULL, code,
               "The server had an error while processing your request. Sorry "
               "about that!");
}

/* Stream-only parameters and their checks. *usage: include_usage;
 * *obfuscate: include_obfuscation (default on). */
static int stream_options(emu_req *rq, emu_resp *rs, int stream, int *usage,
                          int *obfuscate)
{
    const cJSON *so = req_field(rq, "stream_options");
    *usage = 0;
    *obfuscate = 1;
    if (!so || cJSON_IsNull(so))
        return 0;
    if (!stream) {
        resp_bad(rs, "stream_options",
                 "The 'stream_options' parameter is only allowed when "
                 "'stream' is enabled.");
        return -1;
    }
    if (!cJSON_IsObject(so))
        return bad_type(rs, "stream_options", "an object", so);
    *usage =
        cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(so, "include_usage"));
    *obfuscate = !cJSON_IsFalse(
        cJSON_GetObjectItemCaseSensitive(so, "include_obfuscation"));
    return 0;
}

void chat_create(emu_req *rq, emu_resp *rs)
{
    int stream, logprobs, usage, obfuscate;
    long n = 1, top = -1, max_tokens = 1, max_completion = 1;
    if (bool_param(rq, rs, "stream", &stream) < 0)
        return;
    if (stream && replay_enabled()) {
        rs->stream = replay_stream(rq, rs);
        return;
    }
    const cJSON *model = req_field(rq, "model");
    if (!model) {
        resp_bad(rs, NULL, "you must provide a model parameter");
        return;
    }
    if (!cJSON_IsString(model)) {
        bad_type(rs, "model", "a string", model);
        return;
    }
    const cJSON *messages = req_field(rq, "messages");
    if (check_messages(rs, messages) < 0 ||
        check_tools(rs, req_field(rq, "tools")) < 0 ||
        stream_options(rq, rs, stream, &usage, &obfuscate) < 0 ||
        bool_param(rq, rs, "logprobs", &logprobs) < 0 ||
        int_param(rq, rs, "n", 1, 128, &n) < 0 ||
        int_param(rq, rs, "top_logprobs", 0, 20, &top) < 0 ||
        int_param(rq, rs, "max_tokens", 1, 1L << 30, &max_tokens) < 0 ||
        int_param(rq, rs, "max_completion_tokens", 1, 1L << 30,
                  &max_completion) < 0)
        return;
    if (top >= 0 && !logprobs) {
        resp_bad(rs, "top_logprobs",
                 "Invalid value for 'top_logprobs': 'logprobs' must be set to "
                 "true when 'top_logprobs' is used.");
        return;
    }

    char *text = last_user_text(messages);
    char *outputs = tool_outputs(messages);
    chat_plan plan;
    chat_plan_build(&plan, rq->json, text, outputs);
    free(text);
    free(outputs);
    if (plan.unknown) {
        resp_bad(rs, "messages", "Unknown emulator scenario '%s'.",
                 plan.scenario);
        chat_plan_free(&plan);
        return;
    }
    chat_meta meta = {.created = now_s(), .n = (int)n};
    make_id(meta.id, sizeof meta.id, "chatcmpl-", 29);
    meta.model = xstrdup(model->valuestring);
    char *prompt = json_print(messages);
    meta.prompt_tokens = (long)strlen(prompt) / 4 + 1;
    free(prompt);

    if (stream) {
        rs->stream = sse_new();
        rs->status = 200;
        chat_stream_start(rs->stream, &plan, &meta, usage, obfuscate);
        return;
    }
    if (plan.error)
        server_error(rs, plan.error_code);
    else {
        rs->status = 200;
        rs->json = chat_whole(&plan, &meta);
    }
    chat_plan_free(&plan);
    free(meta.model);
}
