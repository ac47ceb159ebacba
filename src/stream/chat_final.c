/* The final completion: the snapshot as a `chat.completion`, each choice's
 * message completed as the official helper completes it. */
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "stream/chat_acc.h"
#include "stream/merge.h"

static int finalize_error(oai_chat_accumulator *a, const char *what,
                          long long choice)
{
    oai__error_set(&a->err, OAI_EACCUMULATE, "missing %s for choice %lld", what,
                   choice);
    return OAI_EACCUMULATE;
}

/* A copy of object `o` without the members named in `skip` (NULL-ended);
 * an empty object when `o` is not one. */
static cJSON *copy_except(const cJSON *o, const char *const *skip)
{
    cJSON *out = cJSON_CreateObject();
    for (const cJSON *m = cJSON_IsObject(o) ? o->child : NULL; out && m;
         m = m->next) {
        int skipped = 0;
        for (const char *const *s = skip; *s; s++)
            skipped |= !strcmp(m->string, *s);
        if (skipped)
            continue;
        cJSON *c = cJSON_Duplicate(m, 1);
        if (!c || !cJSON_AddItemToObject(out, m->string, c)) {
            cJSON_Delete(c);
            cJSON_Delete(out);
            return NULL;
        }
    }
    return out;
}

/* Add a copy of `v`, or null when absent or null. */
static int put(cJSON *o, const char *key, const cJSON *v)
{
    cJSON *c = v ? cJSON_Duplicate(v, 1) : cJSON_CreateNull();
    if (!c || !cJSON_AddItemToObject(o, key, c)) {
        cJSON_Delete(c);
        return OAI_ENOMEM;
    }
    return OAI_OK;
}

static int put_str(cJSON *o, const char *key, const char *s)
{
    return cJSON_AddStringToObject(o, key, s) ? OAI_OK : OAI_ENOMEM;
}

/* A tool call as `function` (name, arguments) or, when its type is
 * "custom", `custom` (name, input). */
static int final_tool(oai_chat_accumulator *a, long long choice, const cJSON *t,
                      int pos, cJSON *list)
{
    const cJSON *type = oai__get(t, "type");
    int custom = cJSON_IsString(type) && !strcmp(type->valuestring, "custom");
    const char *key = custom ? "custom" : "function";
    const char *text_key = custom ? "input" : "arguments";
    const char *const tool_skip[] = {"index", "id", "type", key, NULL};
    const char *const body_skip[] = {"name", text_key, NULL};
    const cJSON *body = oai__get(t, key), *text = oai__get(body, text_key);
    char what[96];
    const char *missing = oai__chat_nullish(type)                     ? "type"
                          : oai__chat_nullish(oai__get(body, "name")) ? "name"
                          : !custom && oai__chat_nullish(text) ? "arguments"
                                                               : NULL;
    if (missing) {
        snprintf(what, sizeof what, "tool_calls[%d].%s%s%s", pos,
                 strcmp(missing, "type") ? key : "",
                 strcmp(missing, "type") ? "." : "", missing);
        return finalize_error(a, what, choice);
    }
    cJSON *out = copy_except(t, tool_skip);
    cJSON *b = copy_except(body, body_skip);
    if (!out || !b || !cJSON_AddItemToArray(list, out)) {
        cJSON_Delete(out);
        cJSON_Delete(b);
        return oai__error_nomem(&a->err);
    }
    if (!cJSON_AddItemToObject(out, key, b)) {
        cJSON_Delete(b);
        return oai__error_nomem(&a->err);
    }
    const cJSON *id = oai__get(t, "id");
    char made[64];
    snprintf(made, sizeof made, "call_oai_%lld_%.0f", choice,
             oai__get(t, "index")->valuedouble);
    if ((oai__chat_truthy(id) ? put(out, "id", id)
                              : put_str(out, "id", made)) ||
        put(out, "type", type) || put(b, "name", oai__get(body, "name")) ||
        (text ? put(b, text_key, text) : put_str(b, text_key, "")))
        return oai__error_nomem(&a->err);
    return OAI_OK;
}

static int complete_audio(const cJSON *au)
{
    return !oai__chat_nullish(oai__get(au, "id")) &&
           !oai__chat_nullish(oai__get(au, "data")) &&
           !oai__chat_nullish(oai__get(au, "transcript")) &&
           !oai__chat_nullish(oai__get(au, "expires_at"));
}

static int final_message(oai_chat_accumulator *a, const oai__chat_choice *ch,
                         long long idx, cJSON *msg)
{
    const cJSON *m = ch->message, *fc = oai__get(m, "function_call");
    const cJSON *audio = oai__get(m, "audio");
    if (!oai__chat_truthy(oai__get(m, "role")))
        return finalize_error(a, "role", idx);
    if (oai__chat_truthy(fc)) {
        if (oai__chat_nullish(oai__get(fc, "arguments")))
            return finalize_error(a, "function_call.arguments", idx);
        if (!oai__chat_truthy(oai__get(fc, "name")))
            return finalize_error(a, "function_call.name", idx);
        cJSON *call = cJSON_AddObjectToObject(msg, "function_call");
        if (!call || put(call, "arguments", oai__get(fc, "arguments")) ||
            put(call, "name", oai__get(fc, "name")))
            return oai__error_nomem(&a->err);
    }
    if ((oai__chat_truthy(audio) && put(msg, "audio", audio)) ||
        put(msg, "role", oai__get(m, "role")) ||
        put(msg, "content", oai__get(m, "content")) ||
        put(msg, "refusal", oai__get(m, "refusal")))
        return oai__error_nomem(&a->err);
    const cJSON *tools = oai__get(m, "tool_calls");
    if (oai__chat_truthy(fc) || !oai__chat_truthy(tools))
        return OAI_OK;
    cJSON *list = cJSON_AddArrayToObject(msg, "tool_calls");
    if (!list)
        return oai__error_nomem(&a->err);
    int pos = 0, rc = OAI_OK;
    for (const cJSON *t = cJSON_IsArray(tools) ? tools->child : NULL; !rc && t;
         t = t->next)
        rc = final_tool(a, idx, t, pos++, list);
    return rc;
}

static int final_choice(oai_chat_accumulator *a, const oai__chat_choice *ch,
                        long long idx, cJSON *list)
{
    static const char *const choice_skip[] = {"message", "finish_reason",
                                              "index", "logprobs", NULL};
    static const char *const msg_skip[] = {
        "content", "function_call", "tool_calls", "audio",
        "role",    "refusal",       NULL};
    const cJSON *fr = oai__get(ch->node, "finish_reason");
    cJSON *c = copy_except(ch->node, choice_skip);
    if (!c || !cJSON_AddItemToArray(list, c)) {
        cJSON_Delete(c);
        return oai__error_nomem(&a->err);
    }
    int audio_stop =
        ch->audio_done && complete_audio(oai__get(ch->message, "audio"));
    /* a legacy function call's message keeps only the standard members */
    cJSON *msg = oai__chat_truthy(oai__get(ch->message, "function_call"))
                     ? cJSON_CreateObject()
                     : copy_except(ch->message, msg_skip);
    if (!msg || !cJSON_AddItemToObject(c, "message", msg)) {
        cJSON_Delete(msg);
        return oai__error_nomem(&a->err);
    }
    if (put(c, "index", oai__get(ch->node, "index")) ||
        put(c, "logprobs", oai__get(ch->node, "logprobs")) ||
        (oai__chat_truthy(fr) ? put(c, "finish_reason", fr)
         : audio_stop         ? put_str(c, "finish_reason", "stop")
                              : put(c, "finish_reason", NULL)))
        return oai__error_nomem(&a->err);
    return final_message(a, ch, idx, msg);
}

int oai__chat_finalize(oai_chat_accumulator *a)
{
    static const char *const top_skip[] = {"choices", "system_fingerprint",
                                           "object", NULL};
    cJSON *f = copy_except(a->snap, top_skip);
    const cJSON *fp = oai__get(a->snap, "system_fingerprint");
    cJSON *list = f ? cJSON_AddArrayToObject(f, "choices") : NULL;
    if (!list || put_str(f, "object", "chat.completion") ||
        (oai__chat_truthy(fp) && put(f, "system_fingerprint", fp))) {
        cJSON_Delete(f);
        return oai__error_nomem(&a->err);
    }
    int rc = OAI_OK;
    for (size_t i = 0; !rc && i < a->n_choice; i++)
        if (a->choice[i])
            rc = final_choice(a, a->choice[i], (long long)i, list);
    /* the official helper's final message is the first choice's */
    const cJSON *role = oai__get(oai__get(list->child, "message"), "role");
    if (!rc &&
        !(cJSON_IsString(role) && !strcmp(role->valuestring, "assistant"))) {
        rc = oai__error_set(&a->err, OAI_EACCUMULATE,
                            "the stream ended without an assistant message "
                            "in its first choice");
    }
    if (rc) {
        cJSON_Delete(f);
        return rc;
    }
    a->final = f;
    return OAI_OK;
}
