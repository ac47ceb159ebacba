/* The tool loop inside one chat stream: the follow-up request that
 * answers the tool calls of the completion that just finished. */
#include <string.h>

#include "core/json.h"
#include "stream/cstream.h"
#include "stream/merge.h"
#include "stream/typed.h"

/* Append `v` (taken) to the array `arr`. */
static int append(cJSON *arr, cJSON *v)
{
    if (!v || !cJSON_AddItemToArray(arr, v)) {
        oai__json_delete(v);
        return OAI_ENOMEM;
    }
    return OAI_OK;
}

/* The assistant message of the final completion's first choice as the
 * request's history takes it: role, content and tool calls, no nulls. */
static cJSON *assistant_message(const cJSON *final)
{
    const cJSON *choices = oai__get(final, "choices");
    const cJSON *msg = oai__get(choices ? choices->child : NULL, "message");
    cJSON *m = cJSON_CreateObject();
    if (!m || !cJSON_AddStringToObject(m, "role", "assistant"))
        goto fail;
    static const char *const keys[] = {"content", "tool_calls"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const cJSON *v = oai__get(msg, keys[i]);
        cJSON *copy = v && !cJSON_IsNull(v) ? cJSON_Duplicate(v, 1) : NULL;
        if (v && !cJSON_IsNull(v) &&
            (!copy || !cJSON_AddItemToObject(m, keys[i], copy))) {
            oai__json_delete(copy);
            goto fail;
        }
    }
    return m;
fail:
    oai__json_delete(m);
    return NULL;
}

/* Append the assistant message and the tool messages to the request's
 * messages. */
static int extend_history(cJSON *messages, const cJSON *final,
                          const cJSON *outputs)
{
    if (append(messages, assistant_message(final)))
        return OAI_ENOMEM;
    for (const cJSON *o = outputs->child; o; o = o->next) {
        cJSON *m = cJSON_Duplicate(o, 1);
        if (m && !cJSON_GetObjectItemCaseSensitive(m, "role") &&
            !cJSON_AddStringToObject(m, "role", "tool")) {
            oai__json_delete(m);
            return OAI_ENOMEM;
        }
        if (append(messages, m))
            return OAI_ENOMEM;
    }
    return OAI_OK;
}

static int check_ready(oai_stream *s, const cJSON *outputs)
{
    int rc = oai__typed_check_submit(
        s, outputs,
        "this stream has no request to continue (detached); send the history "
        "with oai_chat_completions_stream()",
        "tool outputs were already submitted for this completion");
    if (rc)
        return rc;
    for (const cJSON *o = outputs->child; o; o = o->next)
        if (!cJSON_IsObject(o))
            return oai__error_set(&s->err, OAI_EINVAL,
                                  "every output must be an object");
    const char *fr = oai_chat_accumulator_finish_reason(s->chat->acc, 0);
    if (!fr || strcmp(fr, "tool_calls") != 0)
        return oai__error_set(&s->err, OAI_EINVAL,
                              "the current completion has not finished with "
                              "tool calls");
    return OAI_OK;
}

int oai_chat_stream_submit_tool_outputs(oai_chat_stream *cs,
                                        const oai_json *outputs)
{
    oai_stream *s = OAI__CS(cs);
    int rc = check_ready(s, oai__cj(outputs));
    if (rc)
        return rc;
    struct oai__cstream *r = s->chat;
    const oai_json *final = NULL;
    rc = oai_chat_accumulator_final(r->acc, &final);
    if (rc) {
        oai__error_copy(&s->err, (const oai__error_store *)(const void *)
                                     oai_chat_accumulator_error(r->acc));
        return rc;
    }
    /* the history grows on a copy: a failure leaves the request as it was */
    cJSON *body = cJSON_Duplicate(s->request, 1);
    cJSON *messages = body ? oai__get(body, "messages") : NULL;
    if (!messages ||
        extend_history(messages, oai__cj(final), oai__cj(outputs))) {
        oai__json_delete(body);
        return oai__error_nomem(&s->err);
    }
    rc = oai__stream_submit(s, body, NULL);
    if (rc) {
        oai__json_delete(body);
        return rc;
    }
    oai__json_delete(s->request);
    s->request = body;
    return OAI_OK;
}
