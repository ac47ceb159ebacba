/* The tool loop inside one response stream: the follow-up request that
 * answers the function calls of the response that just ended. */
#include <string.h>

#include "core/json.h"
#include "stream/merge.h"
#include "stream/rstream.h"
#include "stream/typed.h"

/* The outputs as function_call_output items (copies). */
static cJSON *output_items(const cJSON *outputs)
{
    cJSON *arr = cJSON_CreateArray();
    for (const cJSON *o = outputs ? outputs->child : NULL; arr && o;
         o = o->next) {
        cJSON *item = cJSON_Duplicate(o, 1);
        if (!item || !cJSON_AddItemToArray(arr, item)) {
            oai__json_delete(item);
            oai__json_delete(arr);
            return NULL;
        }
        if (!cJSON_GetObjectItemCaseSensitive(item, "type") &&
            !cJSON_AddStringToObject(item, "type", "function_call_output")) {
            oai__json_delete(arr);
            return NULL;
        }
    }
    return arr;
}

/* Append copies of the elements of `src` to the array `dst`. */
static int append_all(cJSON *dst, const cJSON *src)
{
    for (const cJSON *o = src ? src->child : NULL; o; o = o->next) {
        cJSON *copy = cJSON_Duplicate(o, 1);
        if (!copy || !cJSON_AddItemToArray(dst, copy)) {
            oai__json_delete(copy);
            return OAI_ENOMEM;
        }
    }
    return OAI_OK;
}

/* store:false: the history so far (the first request's input as items,
 * then every response's output and the outputs answering it). */
static int grow_history(oai_stream *s, const cJSON *final, const cJSON *outs)
{
    struct oai__rstream *r = s->resp;
    if (!r->history) {
        const cJSON *in = oai__get(s->request, "input");
        r->history = cJSON_CreateArray();
        if (!r->history)
            return OAI_ENOMEM;
        if (cJSON_IsString(in)) {
            cJSON *msg = cJSON_CreateObject();
            if (!msg || !cJSON_AddItemToArray(r->history, msg) ||
                !cJSON_AddStringToObject(msg, "role", "user") ||
                !cJSON_AddStringToObject(msg, "content", in->valuestring))
                return OAI_ENOMEM;
        } else if (cJSON_IsArray(in) && append_all(r->history, in)) {
            return OAI_ENOMEM;
        }
    }
    if (append_all(r->history, oai__get(final, "output")) ||
        append_all(r->history, outs))
        return OAI_ENOMEM;
    return OAI_OK;
}

static int set_member(cJSON *obj, const char *key, cJSON *v)
{
    if (!v)
        return OAI_ENOMEM;
    cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
    if (!cJSON_AddItemToObject(obj, key, v)) {
        oai__json_delete(v);
        return OAI_ENOMEM;
    }
    return OAI_OK;
}

/* The body of the follow-up request, or NULL (out of memory). */
static cJSON *follow_up(oai_stream *s, const cJSON *final, const cJSON *outputs)
{
    cJSON *outs = output_items(outputs);
    cJSON *body = outs ? cJSON_Duplicate(s->request, 1) : NULL;
    int rc = body ? OAI_OK : OAI_ENOMEM;
    if (!rc && cJSON_IsFalse(oai__get(s->request, "store"))) {
        rc = grow_history(s, final, outs);
        if (!rc)
            rc =
                set_member(body, "input", cJSON_Duplicate(s->resp->history, 1));
        cJSON_DeleteItemFromObjectCaseSensitive(body, "previous_response_id");
    } else if (!rc) {
        const cJSON *id = oai__get(final, "id");
        rc = set_member(body, "input", outs);
        outs = NULL;
        if (!rc)
            rc = set_member(
                body, "previous_response_id",
                cJSON_CreateString(cJSON_IsString(id) ? id->valuestring : ""));
    }
    oai__json_delete(outs);
    if (rc) {
        oai__json_delete(body);
        return NULL;
    }
    return body;
}

int oai_response_stream_submit_function_outputs(oai_response_stream *rs,
                                                const oai_json *outputs)
{
    oai_stream *s = OAI__RS(rs);
    int rc = oai__typed_check_submit(
        s, oai__cj(outputs),
        "this stream has no request to continue (detached or retrieved); "
        "send the outputs with oai_responses_stream()",
        "function outputs were already submitted for this response");
    if (rc)
        return rc;
    const oai_json *final = oai_response_accumulator_final(s->resp->acc, NULL);
    if (!final)
        return oai__error_set(&s->err, OAI_EINVAL,
                              "the current response has not ended yet");
    cJSON *body = follow_up(s, oai__cj(final), oai__cj(outputs));
    if (!body)
        return oai__error_nomem(&s->err);
    rc = oai__stream_submit(s, body, NULL);
    oai__json_delete(body);
    return rc;
}
