/* The helper events of one chunk, in the order the official helper emits
 * them: per choice, the delta events, the done events of a finished
 * choice, the done events of a tool-call switch, the arguments deltas. */
#include <string.h>

#include "core/json.h"
#include "stream/chat_acc.h"
#include "stream/merge.h"

static oai_chat_change *push(oai_chat_accumulator *a, oai_chat_change_kind k,
                             const oai__chat_frame *f, const cJSON *node)
{
    oai_chat_change *r = oai__chat_changes_push(&a->changes, k);
    if (!r) {
        oai__error_nomem(&a->err);
        return NULL;
    }
    r->choice = f->index;
    r->node = oai__view(node);
    r->choice_node = oai__view(f->ch->node);
    return r;
}

/* A text delta when the chunk had the fragment and the text is non-empty. */
static int text_delta(oai_chat_accumulator *a, const oai__chat_frame *f,
                      const char *key, oai_chat_change_kind kind)
{
    const cJSON *frag = oai__get(f->delta, key);
    const cJSON *text = oai__get(f->ch->message, key);
    if (!cJSON_IsString(frag) || !oai__chat_truthy(text))
        return OAI_OK;
    oai_chat_change *r = push(a, kind, f, text);
    if (!r)
        return OAI_ENOMEM;
    r->delta = frag->valuestring;
    r->delta_len = strlen(r->delta);
    return OAI_OK;
}

static int logprobs_delta(oai_chat_accumulator *a, const oai__chat_frame *f,
                          const char *key, oai_chat_change_kind kind)
{
    const cJSON *tokens = oai__get(f->logprobs, key);
    if (oai__chat_nullish(tokens))
        return OAI_OK;
    oai_chat_change *r =
        push(a, kind, f, oai__get(oai__get(f->ch->node, "logprobs"), key));
    if (!r)
        return OAI_ENOMEM;
    r->delta_node = oai__view(tokens);
    return OAI_OK;
}

static int done_once(oai_chat_accumulator *a, const oai__chat_frame *f,
                     int *done, int due, oai_chat_change_kind kind,
                     const cJSON *node)
{
    if (!due || *done)
        return OAI_OK;
    *done = 1;
    return push(a, kind, f, node) ? OAI_OK : OAI_ENOMEM;
}

static int content_done(oai_chat_accumulator *a, const oai__chat_frame *f)
{
    oai__chat_choice *ch = f->ch;
    const cJSON *content = oai__get(ch->message, "content");
    const cJSON *refusal = oai__get(ch->message, "refusal");
    const cJSON *tools = oai__get(ch->message, "tool_calls");
    const cJSON *lp = oai__get(ch->node, "logprobs");
    int alone = !oai__chat_truthy(refusal) &&
                !(cJSON_IsArray(tools) && tools->child) &&
                !oai__chat_truthy(oai__get(ch->message, "function_call"));
    int due = !oai__chat_nullish(content) &&
              (!cJSON_IsString(content) || content->valuestring[0] || alone);
    const cJSON *lpc = oai__get(lp, "content"), *lpr = oai__get(lp, "refusal");
    if (done_once(a, f, &ch->content_done, due, OAI_CHAT_CHANGE_CONTENT_DONE,
                  content) ||
        done_once(a, f, &ch->refusal_done, oai__chat_truthy(refusal),
                  OAI_CHAT_CHANGE_REFUSAL_DONE, refusal) ||
        done_once(a, f, &ch->lp_content_done, oai__chat_truthy(lpc),
                  OAI_CHAT_CHANGE_LOGPROBS_CONTENT_DONE, lpc) ||
        done_once(a, f, &ch->lp_refusal_done, oai__chat_truthy(lpr),
                  OAI_CHAT_CHANGE_LOGPROBS_REFUSAL_DONE, lpr))
        return OAI_ENOMEM;
    return OAI_OK;
}

static int is_function(oai_chat_accumulator *a, const cJSON *tool,
                       long long idx, int *yes)
{
    const cJSON *type = oai__get(tool, "type");
    *yes = cJSON_IsString(type) && !strcmp(type->valuestring, "function");
    if (*yes && !cJSON_IsObject(oai__get(tool, "function")))
        return oai__error_set(&a->err, OAI_EACCUMULATE,
                              "tool call %lld has no function", idx);
    return OAI_OK;
}

static int tool_done(oai_chat_accumulator *a, const oai__chat_frame *f,
                     long long idx)
{
    oai__chat_choice *ch = f->ch;
    uint64_t bit = (uint64_t)1 << (idx & 63);
    if (ch->done_tools[idx >> 6] & bit)
        return OAI_OK;
    const cJSON *tool = ch->tools[idx];
    if (!oai__chat_truthy(oai__get(tool, "type")))
        return oai__error_set(&a->err, OAI_EACCUMULATE,
                              "tool call %lld of choice %lld has no type", idx,
                              f->index);
    int function;
    int rc = is_function(a, tool, idx, &function);
    if (rc || !function)
        return rc;
    if (oai__chat_truthy(oai__get(ch->node, "finish_reason")))
        ch->done_tools[idx >> 6] |= bit;
    oai_chat_change *r = push(a, OAI_CHAT_CHANGE_TOOL_ARGUMENTS_DONE, f, tool);
    if (!r)
        return OAI_ENOMEM;
    r->tool_index = idx;
    return OAI_OK;
}

static int choice_events(oai_chat_accumulator *a, const oai__chat_frame *f)
{
    oai__chat_choice *ch = f->ch;
    const cJSON *role = oai__get(ch->message, "role");
    int assistant =
        cJSON_IsString(role) && !strcmp(role->valuestring, "assistant");
    int rc = OAI_OK;
    for (size_t i = f->cap_from; i < f->cap_to; i++) {
        oai_chat_change *r = push(a, OAI_CHAT_CHANGE_TOOL_CALL, f,
                                  ch->tools[a->captured[i].index]);
        if (!r)
            return OAI_ENOMEM;
        r->tool_index = a->captured[i].index;
        r->delta = a->captured[i].delta;
        r->delta_len = a->captured[i].len;
    }
    if (assistant && f->delta &&
        ((rc = text_delta(a, f, "content", OAI_CHAT_CHANGE_CONTENT_DELTA)) ||
         (rc = text_delta(a, f, "refusal", OAI_CHAT_CHANGE_REFUSAL_DELTA))))
        return rc;
    if (assistant && cJSON_IsObject(f->logprobs) &&
        ((rc = logprobs_delta(a, f, "content",
                              OAI_CHAT_CHANGE_LOGPROBS_CONTENT_DELTA)) ||
         (rc = logprobs_delta(a, f, "refusal",
                              OAI_CHAT_CHANGE_LOGPROBS_REFUSAL_DELTA))))
        return rc;
    if (oai__chat_truthy(oai__get(ch->node, "finish_reason")) &&
        ((rc = content_done(a, f)) ||
         (ch->current_tool >= 0 && (rc = tool_done(a, f, ch->current_tool)))))
        return rc;
    for (size_t i = f->cap_from; i < f->cap_to; i++) {
        long long idx = a->captured[i].index;
        if (ch->current_tool != idx &&
            ((rc = content_done(a, f)) ||
             (ch->current_tool >= 0 &&
              (rc = tool_done(a, f, ch->current_tool)))))
            return rc;
        ch->current_tool = idx;
    }
    for (size_t i = f->cap_from; i < f->cap_to; i++) {
        const oai__chat_captured *c = &a->captured[i];
        const cJSON *tool = ch->tools[c->index];
        int function = 0;
        if (oai__chat_truthy(oai__get(tool, "type")) &&
            (rc = is_function(a, tool, c->index, &function)))
            return rc;
        if (!function)
            continue;
        oai_chat_change *r =
            push(a, OAI_CHAT_CHANGE_TOOL_ARGUMENTS_DELTA, f, tool);
        if (!r)
            return OAI_ENOMEM;
        r->tool_index = c->index;
        r->delta = c->delta;
        r->delta_len = c->len;
    }
    return OAI_OK;
}

int oai__chat_events(oai_chat_accumulator *a)
{
    oai_chat_change *r =
        oai__chat_changes_push(&a->changes, OAI_CHAT_CHANGE_CHUNK);
    if (!r)
        return oai__error_nomem(&a->err);
    r->node = oai__view(a->snap);
    for (size_t i = 0; i < a->n_frames; i++) {
        int rc = choice_events(a, &a->frames[i]);
        if (rc)
            return rc;
    }
    return OAI_OK;
}
