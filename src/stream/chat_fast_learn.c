/* Learning the template of the delta fast path (stream/chat_fast.h): a
 * chunk the full apply merged whose only effect a repeat would have is to
 * append its fragment (content, reasoning text or tool-call arguments),
 * and the places of its variable strings in its bytes (stream/tmpl.c). */
#include <string.h>

#include "core/json.h"
#include "stream/chat_acc.h"
#include "stream/merge.h"

static int is_string(const cJSON *v, const char *s)
{
    return cJSON_IsString(v) && !strcmp(v->valuestring, s);
}

/* The one reasoning member of a delta when it has exactly one (each is
 * appended, duplicates too), NULL when none; *many when several. */
static const cJSON *reasoning_of(const cJSON *delta, int *many)
{
    const cJSON *found = NULL;
    *many = 0;
    for (const cJSON *m = delta->child; m; m = m->next)
        for (int k = 0; k < OAI__CHAT_N_REASONING; k++)
            if (!strcmp(m->string, oai__chat_reasoning_keys[k])) {
                *many |= found != NULL;
                found = m;
            }
    return found;
}

/* A delta whose repeat appends one fragment and nothing else: `content`,
 * a reasoning text or (*tool set) the arguments of one tool-call entry;
 * no refusal, audio or function_call. Its fragment node, or NULL. */
static const cJSON *delta_fragment(const cJSON *delta, int *tool)
{
    int many;
    const cJSON *reasoning = reasoning_of(delta, &many);
    const cJSON *content = oai__get(delta, "content");
    const cJSON *tools = oai__get(delta, "tool_calls");
    if (many || !oai__chat_nullish(oai__get(delta, "refusal")) ||
        oai__chat_truthy(oai__get(delta, "audio")) ||
        oai__chat_truthy(oai__get(delta, "function_call")))
        return NULL;
    *tool = oai__chat_truthy(tools);
    if (!*tool && cJSON_IsString(content))
        return reasoning ? NULL : content;
    if (!*tool)
        return cJSON_IsString(reasoning) ? reasoning : NULL;
    /* one entry that only appends to a function's arguments */
    const cJSON *t = cJSON_IsArray(tools) ? tools->child : NULL;
    if (reasoning || cJSON_IsString(content) || !cJSON_IsObject(t) || t->next ||
        oai__chat_truthy(oai__get(t, "custom")))
        return NULL;
    const cJSON *fn = oai__get(t, "function");
    const cJSON *args = oai__get(fn, "arguments");
    return cJSON_IsObject(fn) && cJSON_IsString(args) ? args : NULL;
}

/* The tool call the chunk appended to and its arguments text in the
 * snapshot; 0 when the events of a repeat would differ. */
static int learn_tool(oai__chat_fast *f, oai__chat_choice *ch)
{
    long long idx = ch->last_tool; /* the entry's index, or the one it
                                      continued */
    if (idx < 0 || idx != ch->current_tool || !ch->tools || !ch->tools[idx])
        return 0;
    const cJSON *type = oai__get(ch->tools[idx], "type");
    cJSON *text = oai__get(oai__get(ch->tools[idx], "function"), "arguments");
    if (!cJSON_IsString(text))
        return 0;
    f->tool_index = idx;
    f->tool = ch->tools[idx];
    f->text = text;
    /* the arguments delta is raised for "function" calls (whose function
     * the merge made an object) and for no other type */
    f->delta_event = is_string(type, "function");
    return 1;
}

/* The choice of the chunk when a repeat of the chunk only appends its
 * fragment (chat_merge.c, chat_events.c): one choice, seen before and not
 * finished, no logprobs, a delta of the shape above. Sets the fragment and
 * what the update records. */
static int learn_shape(oai_chat_accumulator *a, const cJSON **frag)
{
    oai__chat_fast *f = &a->fast;
    const cJSON *choices = oai__get(a->ev, "choices");
    const cJSON *cc = cJSON_IsArray(choices) ? choices->child : NULL;
    long long idx;
    if (!cc || cc->next || !oai__json_integer(oai__get(cc, "index"), &idx) ||
        !oai__chat_choice_at(a, idx))
        return 0;
    oai__chat_choice *ch = a->choice[idx];
    const cJSON *delta = oai__get(cc, "delta");
    int tool = 0;
    if (oai__chat_truthy(oai__get(cc, "finish_reason")) ||
        oai__chat_truthy(oai__get(cc, "logprobs")) ||
        oai__chat_truthy(oai__get(ch->node, "finish_reason")) ||
        !cJSON_IsObject(delta) || !(*frag = delta_fragment(delta, &tool)))
        return 0;
    f->ch = ch;
    f->choice = idx;
    f->tool = NULL;
    f->tool_index = -1;
    if (tool)
        return learn_tool(f, ch);
    /* content raises its delta event for an assistant message, reasoning
     * text none */
    f->text = oai__get(ch->message, (*frag)->string);
    f->delta_event = !strcmp((*frag)->string, "content") &&
                     is_string(oai__get(ch->message, "role"), "assistant");
    return cJSON_IsString(f->text);
}

int oai__chat_fast_learn(oai_chat_accumulator *a, const char *data, size_t len)
{
    oai__chat_fast *f = &a->fast;
    const cJSON *frag = NULL;
    f->kind = 0;
    if (f->disabled || a->done || !a->ev || len > OAI__TMPL_BYTES ||
        !learn_shape(a, &frag))
        return OAI_OK;
    int rc = oai__tmpl_learn(&f->t, a->ev, data, len, frag, NULL);
    if (rc < 0)
        return oai__error_nomem(&a->err);
    f->kind = rc;
    return OAI_OK;
}
