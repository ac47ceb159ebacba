#include "chat_whole.h"

#include <string.h>

#include "util.h"

/* One choice being gathered from its deltas. */
typedef struct gathered {
    ebuf text; /* content, or the refusal */
    cJSON *calls;
    cJSON *tokens; /* logprob entries */
} gathered;

/* A call's first delta adds it; the others extend its arguments. */
static void gather_call(gathered *g, const cJSON *delta)
{
    const cJSON *entry = cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(delta, "tool_calls"), 0);
    if (!entry)
        return;
    if (json_str(entry, "id")) {
        cJSON *call = json_dup(entry);
        cJSON_DeleteItemFromObject(call, "index");
        cJSON_AddItemToArray(g->calls, call);
        return;
    }
    cJSON *last =
        cJSON_GetArrayItem(g->calls, cJSON_GetArraySize(g->calls) - 1);
    cJSON *fn = cJSON_GetObjectItemCaseSensitive(last, "function");
    ebuf args = {0};
    ebuf_adds(&args, json_str(fn, "arguments"));
    ebuf_adds(&args,
              json_str(cJSON_GetObjectItemCaseSensitive(entry, "function"),
                       "arguments"));
    json_set(fn, "arguments", cJSON_CreateString(args.p));
    ebuf_free(&args);
}

static void gather(gathered *g, const chat_plan *plan, const cJSON *choice)
{
    const char *field = plan->refusal ? "refusal" : "content";
    const cJSON *delta = cJSON_GetObjectItemCaseSensitive(choice, "delta");
    const char *piece = json_str(delta, field);
    if (piece)
        ebuf_adds(&g->text, piece);
    gather_call(g, delta);
    const cJSON *lp = cJSON_GetObjectItemCaseSensitive(choice, "logprobs");
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(lp, field))
    {
        cJSON_AddItemToArray(g->tokens, json_dup(e));
    }
}

/* The choice in the field order of recorded completions; g's lists are taken.
 */
static cJSON *choice_of(const chat_plan *plan, const chat_cursor *cur,
                        gathered *g)
{
    cJSON *choice = cJSON_CreateObject();
    cJSON_AddNumberToObject(choice, "index", cur->index);
    cJSON *msg = cJSON_AddObjectToObject(choice, "message");
    cJSON_AddStringToObject(msg, "role", "assistant");
    const char *text = g->text.p ? g->text.p : "";
    if (plan->text && !plan->refusal)
        cJSON_AddStringToObject(msg, "content", text);
    else
        cJSON_AddNullToObject(msg, "content");
    if (plan->refusal)
        cJSON_AddStringToObject(msg, "refusal", text);
    else
        cJSON_AddNullToObject(msg, "refusal");
    if (cJSON_GetArraySize(g->calls))
        cJSON_AddItemToObject(msg, "tool_calls", g->calls);
    else
        cJSON_Delete(g->calls);
    cJSON_AddArrayToObject(msg, "annotations");
    if (plan->logprobs) {
        cJSON *l = cJSON_AddObjectToObject(choice, "logprobs");
        cJSON_AddItemToObject(l, plan->refusal ? "refusal" : "content",
                              g->tokens);
        cJSON_AddNullToObject(l, plan->refusal ? "content" : "refusal");
    } else {
        cJSON_Delete(g->tokens);
        cJSON_AddNullToObject(choice, "logprobs");
    }
    cJSON_AddStringToObject(choice, "finish_reason", cur->finish_reason);
    return choice;
}

cJSON *chat_whole(const chat_plan *plan, const chat_meta *meta)
{
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "id", meta->id);
    cJSON_AddStringToObject(c, "object", "chat.completion");
    cJSON_AddNumberToObject(c, "created", (double)meta->created);
    cJSON_AddStringToObject(c, "model", meta->model);
    cJSON *choices = cJSON_AddArrayToObject(c, "choices");
    long completion = 0;
    for (int i = 0; i < meta->n; i++) {
        chat_cursor cur;
        chat_cursor_init(&cur, plan, i);
        gathered g = {{0}, cJSON_CreateArray(), cJSON_CreateArray()};
        int is_body;
        cJSON *ch;
        while ((ch = chat_cursor_next(&cur, &is_body)) != NULL) {
            gather(&g, plan, ch);
            cJSON_Delete(ch);
        }
        completion += cur.tokens;
        cJSON_AddItemToArray(choices, choice_of(plan, &cur, &g));
        ebuf_free(&g.text);
    }
    cJSON_AddItemToObject(c, "usage",
                          chat_usage(meta->prompt_tokens, completion));
    cJSON_AddStringToObject(c, "service_tier", "default");
    cJSON_AddStringToObject(c, "system_fingerprint", CHAT_FINGERPRINT);
    return c;
}
