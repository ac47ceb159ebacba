#include "chat_gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_util.h"
#include "util.h"

/* ---- the plan ---- */

static const cJSON *function_of(const cJSON *tool)
{
    const char *type = json_str(tool, "type");
    if (!type || strcmp(type, "function") != 0)
        return NULL;
    const cJSON *fn = cJSON_GetObjectItemCaseSensitive(tool, "function");
    return json_str(fn, "name") ? fn : NULL;
}

static void add_call(chat_plan *plan, const cJSON *fn)
{
    plan->calls =
        xrealloc(plan->calls, (plan->ncalls + 1) * sizeof *plan->calls);
    chat_call *c = &plan->calls[plan->ncalls++];
    make_id(c->id_base, sizeof c->id_base, "call_", 22);
    c->name = xstrdup(json_str(fn, "name"));
    c->args = scenario_fake_arguments(fn);
}

/* N calls of the function NAME, or of the declared functions in turn; a text
 * that says why when there is nothing to call. */
static void plan_calls(chat_plan *plan, const cJSON *tools,
                       const scenario_cmd *cmd)
{
    char fname[128];
    long n = scenario_function_args(cmd, fname, sizeof fname);
    if (n < 1)
        n = 1;
    if (n > 128)
        n = 128;
    const cJSON *fns[128];
    int nfns = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, tools)
    {
        const cJSON *fn = function_of(t);
        if (fn && nfns < 128 &&
            (!fname[0] || strcmp(json_str(fn, "name"), fname) == 0))
            fns[nfns++] = fn;
    }
    if (!nfns) {
        char msg[256];
        if (fname[0])
            snprintf(msg, sizeof msg, "There is no function tool named %s.",
                     fname);
        else
            snprintf(msg, sizeof msg,
                     "No function tool was declared, so there is nothing to "
                     "call.");
        plan->text = xstrdup(msg);
        return;
    }
    for (long i = 0; i < n; i++)
        add_call(plan, fns[i % nfns]);
}

static char *numbered_words(long count)
{
    ebuf b = {0};
    for (long i = 1; i <= count; i++)
        ebuf_printf(&b, "%sw%ld", i > 1 ? " " : "", i);
    return b.p;
}

static long limit_of(const cJSON *body)
{
    const cJSON *m =
        cJSON_GetObjectItemCaseSensitive(body, "max_completion_tokens");
    if (!cJSON_IsNumber(m))
        m = cJSON_GetObjectItemCaseSensitive(body, "max_tokens");
    return cJSON_IsNumber(m) ? (long)m->valuedouble : -1;
}

static void plan_scenario(chat_plan *plan, const cJSON *body,
                          const scenario_cmd *cmd)
{
    const char *name = cmd->name;
    snprintf(plan->scenario, sizeof plan->scenario, "%s", name);
    if (strcmp(name, "text") == 0) {
        plan->text = xstrdup(*cmd->args ? cmd->args : "OK");
    } else if (strcmp(name, "function") == 0 || strcmp(name, "parallel") == 0) {
        plan_calls(plan, cJSON_GetObjectItemCaseSensitive(body, "tools"), cmd);
    } else if (strcmp(name, "refusal") == 0) {
        plan->refusal = 1;
        plan->text = xstrdup("I'm sorry, but I can't help with that request.");
    } else if (strcmp(name, "length") == 0 || strcmp(name, "incomplete") == 0) {
        plan->text = xstrdup("This reply runs on well past the few tokens it "
                             "is allowed to use");
        if (plan->max_tokens < 0 || plan->max_tokens > 5)
            plan->max_tokens = 5;
    } else if (strcmp(name, "error") == 0 || strcmp(name, "fail") == 0 ||
               strcmp(name, "failed") == 0) {
        scenario_cmd rest = *cmd;
        plan->error = 1;
        plan->error_event = strncmp(rest.args, "event", 5) == 0 &&
                            (rest.args[5] == ' ' || !rest.args[5]);
        if (plan->error_event)
            for (rest.args += 5; *rest.args == ' ';)
                rest.args++;
        scenario_code_arg(&rest, plan->error_code, sizeof plan->error_code);
        plan->text =
            xstrdup("This reply stops with an error after a few words");
    } else if (strcmp(name, "keepalive") == 0) {
        plan->keepalive = 1;
        plan->text = xstrdup("Still here after a long pause");
    } else if (strcmp(name, "long") == 0 || strcmp(name, "slow") == 0) {
        plan->text = numbered_words(scenario_long_args(cmd, &plan->delta_ms));
    } else {
        plan->unknown = 1;
    }
}

void chat_plan_build(chat_plan *plan, const cJSON *body, const char *text,
                     const char *tool_outputs)
{
    memset(plan, 0, sizeof *plan);
    plan->delta_ms = -1;
    plan->max_tokens = limit_of(body);
    plan->logprobs =
        cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(body, "logprobs"));
    const cJSON *top = cJSON_GetObjectItemCaseSensitive(body, "top_logprobs");
    plan->top_logprobs = cJSON_IsNumber(top) ? top->valueint : 0;
    if (tool_outputs) {
        char *reply = xmalloc(strlen(tool_outputs) + 32);
        sprintf(reply, "Done: %s.", tool_outputs);
        plan->text = reply;
        return;
    }
    scenario_cmd cmd;
    char reply[600];
    if (scenario_parse(text, &cmd, reply, sizeof reply))
        plan_scenario(plan, body, &cmd);
    else
        plan->text = xstrdup(reply);
}

void chat_plan_free(chat_plan *plan)
{
    for (size_t i = 0; i < plan->ncalls; i++) {
        free(plan->calls[i].name);
        free(plan->calls[i].args);
    }
    free(plan->calls);
    free(plan->text);
    memset(plan, 0, sizeof *plan);
}

/* Tool call k of choice index: its id base and the index in two digits. */
static void chat_call_id(const chat_plan *plan, size_t k, int index, char *out,
                         size_t out_size)
{
    snprintf(out, out_size, "%s%02d", plan->calls[k].id_base, index % 100);
}

/* ---- the deltas of one choice ---- */

void chat_cursor_init(chat_cursor *c, const chat_plan *plan, int index)
{
    memset(c, 0, sizeof *c);
    c->plan = plan;
    c->index = index;
    c->text = plan->text;
    c->phase = CHAT_ROLE;
}

static cJSON *token_bytes(const char *token)
{
    cJSON *a = cJSON_CreateArray();
    for (const unsigned char *p = (const unsigned char *)token; *p; p++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(*p));
    return a;
}

/* A token's logprob entry with `top` alternatives, the token itself first;
 * the values are deterministic and exact in binary. */
static cJSON *token_logprob(const char *token, long k, int top)
{
    static const char *const alternatives[] = {" the", " a",  " and", " of",
                                               " to",  " in", " it",  " is"};
    double lp = -(double)(k % 7 + 1) / 64.0;
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "token", token);
    cJSON_AddNumberToObject(e, "logprob", lp);
    cJSON_AddItemToObject(e, "bytes", token_bytes(token));
    cJSON *tops = cJSON_AddArrayToObject(e, "top_logprobs");
    for (int i = 0; i < top; i++) {
        const char *t = i == 0 ? token : alternatives[(i - 1) % 8];
        cJSON *alt = cJSON_CreateObject();
        cJSON_AddStringToObject(alt, "token", t);
        cJSON_AddNumberToObject(alt, "logprob", i == 0 ? lp : lp - i);
        cJSON_AddItemToObject(alt, "bytes", token_bytes(t));
        cJSON_AddItemToArray(tops, alt);
    }
    return e;
}

/* {"content": [...] | null, "refusal": [...] | null}; entry (taken) goes into
 * the refusal list for refusals. */
static cJSON *logprobs_obj(const chat_plan *plan, cJSON *entry)
{
    cJSON *l = cJSON_CreateObject();
    cJSON *list = cJSON_CreateArray();
    if (entry)
        cJSON_AddItemToArray(list, entry);
    if (plan->refusal) {
        cJSON_AddNullToObject(l, "content");
        cJSON_AddItemToObject(l, "refusal", list);
    } else {
        cJSON_AddItemToObject(l, "content", list);
        cJSON_AddNullToObject(l, "refusal");
    }
    return l;
}

static cJSON *choice_new(const chat_cursor *c, cJSON *delta, cJSON *logprobs,
                         const char *finish)
{
    cJSON *ch = cJSON_CreateObject();
    cJSON_AddNumberToObject(ch, "index", c->index);
    cJSON_AddItemToObject(ch, "delta", delta);
    cJSON_AddItemToObject(ch, "logprobs",
                          logprobs ? logprobs : cJSON_CreateNull());
    if (finish)
        cJSON_AddStringToObject(ch, "finish_reason", finish);
    else
        cJSON_AddNullToObject(ch, "finish_reason");
    return ch;
}

static cJSON *role_delta(const chat_cursor *c)
{
    const chat_plan *plan = c->plan;
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, "role", "assistant");
    if (plan->text && !plan->refusal)
        cJSON_AddStringToObject(d, "content", "");
    else
        cJSON_AddNullToObject(d, "content");
    if (plan->refusal)
        cJSON_AddStringToObject(d, "refusal", "");
    else
        cJSON_AddNullToObject(d, "refusal");
    return choice_new(
        c, d, plan->logprobs && plan->text ? logprobs_obj(plan, NULL) : NULL,
        NULL);
}

static int over_budget(const chat_cursor *c)
{
    return c->plan->max_tokens >= 0 && c->tokens >= c->plan->max_tokens;
}

static cJSON *text_delta(chat_cursor *c)
{
    const chat_plan *plan = c->plan;
    const char *rest = c->text;
    char *piece = scenario_next_piece(&rest);
    if (!piece)
        return NULL;
    c->text = rest;
    cJSON *d = cJSON_CreateObject();
    cJSON_AddStringToObject(d, plan->refusal ? "refusal" : "content", piece);
    cJSON *lp = plan->logprobs
                    ? logprobs_obj(plan, token_logprob(piece, c->tokens,
                                                       plan->top_logprobs))
                    : NULL;
    free(piece);
    c->tokens++;
    return choice_new(c, d, lp, NULL);
}

static cJSON *tool_calls_delta(cJSON **entry, size_t index)
{
    cJSON *d = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(d, "tool_calls");
    *entry = cJSON_CreateObject();
    cJSON_AddNumberToObject(*entry, "index", (double)index);
    cJSON_AddItemToArray(list, *entry);
    return d;
}

/* The first delta of a call names it; the others carry 8-byte pieces of its
 * arguments and the index only. */
static cJSON *call_delta(chat_cursor *c)
{
    const chat_plan *plan = c->plan;
    if (c->call >= plan->ncalls)
        return NULL;
    const chat_call *call = &plan->calls[c->call];
    cJSON *entry;
    cJSON *d = tool_calls_delta(&entry, c->call);
    if (!c->call_open) {
        char id[48];
        chat_call_id(plan, c->call, c->index, id, sizeof id);
        cJSON_AddStringToObject(entry, "id", id);
        cJSON_AddStringToObject(entry, "type", "function");
        cJSON *fn = cJSON_AddObjectToObject(entry, "function");
        cJSON_AddStringToObject(fn, "name", call->name);
        cJSON_AddStringToObject(fn, "arguments", "");
        c->call_open = 1;
    } else {
        char piece[9];
        scenario_args_piece(call->args, c->arg_off, piece);
        c->arg_off += strlen(piece);
        cJSON_AddStringToObject(cJSON_AddObjectToObject(entry, "function"),
                                "arguments", piece);
        c->tokens++;
        if (!call->args[c->arg_off]) {
            c->call++;
            c->arg_off = 0;
            c->call_open = 0;
        }
    }
    return choice_new(c, d, NULL, NULL);
}

cJSON *chat_cursor_next(chat_cursor *c, int *is_body)
{
    *is_body = 0;
    switch (c->phase) {
    case CHAT_ROLE:
        c->phase = CHAT_BODY;
        return role_delta(c);
    case CHAT_BODY: {
        cJSON *ch = NULL;
        int more = c->plan->text ? *c->text != '\0' : c->call < c->plan->ncalls;
        if (more && !over_budget(c))
            ch = c->plan->text ? text_delta(c) : call_delta(c);
        if (ch) {
            *is_body = 1;
            return ch;
        }
        c->finish_reason = more            ? "length"
                           : c->plan->text ? "stop"
                                           : "tool_calls";
        c->phase = CHAT_FINISH;
    }
        /* fall through */
    case CHAT_FINISH:
        c->phase = CHAT_OVER;
        return choice_new(c, cJSON_CreateObject(), NULL, c->finish_reason);
    case CHAT_OVER:
        break;
    }
    return NULL;
}

cJSON *chat_usage(long prompt_tokens, long completion_tokens)
{
    cJSON *u = cJSON_CreateObject();
    cJSON_AddNumberToObject(u, "prompt_tokens", (double)prompt_tokens);
    cJSON_AddNumberToObject(u, "completion_tokens", (double)completion_tokens);
    cJSON_AddNumberToObject(u, "total_tokens",
                            (double)(prompt_tokens + completion_tokens));
    cJSON *pd = cJSON_AddObjectToObject(u, "prompt_tokens_details");
    cJSON_AddNumberToObject(pd, "cached_tokens", 0);
    cJSON_AddNumberToObject(pd, "audio_tokens", 0);
    cJSON *cd = cJSON_AddObjectToObject(u, "completion_tokens_details");
    cJSON_AddNumberToObject(cd, "reasoning_tokens", 0);
    cJSON_AddNumberToObject(cd, "audio_tokens", 0);
    cJSON_AddNumberToObject(cd, "accepted_prediction_tokens", 0);
    cJSON_AddNumberToObject(cd, "rejected_prediction_tokens", 0);
    return u;
}
