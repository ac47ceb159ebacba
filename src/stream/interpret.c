/* Assistant-stream interpretation of dispatched SSE events, semantics.md
 * §2.3: the `[DONE]` sentinel, error events, thread.* and other events. */
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "stream/merge.h"
#include "stream/peek.h"
#include "stream/stream_int.h"

static int decode_error(oai_stream *s, const char *what, const char *name)
{
    oai__error_set(&s->err, OAI_EPROTOCOL,
                   "invalid JSON in the data of %s event%s%s%s", what,
                   name ? " `" : "", name ? name : "", name ? "`" : "");
    oai__error_set_kind(&s->err, "decode_error");
    return OAI_EPROTOCOL;
}

/* Python truthiness of a JSON value. */
static int truthy(const cJSON *v)
{
    if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v))
        return 0;
    if (cJSON_IsNumber(v))
        return v->valuedouble != 0;
    if (cJSON_IsString(v))
        return v->valuestring && v->valuestring[0];
    if (cJSON_IsArray(v) || cJSON_IsObject(v))
        return v->child != NULL;
    return 1;
}

static void field_text(const cJSON *body, const char *key,
                       void (*set)(oai__error_store *, const char *),
                       oai__error_store *e)
{
    const cJSON *v = cJSON_IsObject(body) ? oai__get(body, key) : NULL;
    if (cJSON_IsString(v)) {
        set(e, v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        char num[64];
        snprintf(num, sizeof num, "%.17g", v->valuedouble);
        set(e, num);
    }
}

/* A stream APIError from `data` (§2.3 step 2). */
static int api_error(oai_stream *s, const cJSON *data)
{
    const cJSON *inner = cJSON_IsObject(data) ? oai__get(data, "error") : NULL;
    const cJSON *body = inner && !cJSON_IsNull(inner) ? inner : data;
    const cJSON *msg = cJSON_IsObject(body) ? oai__get(body, "message") : NULL;
    const char *text = cJSON_IsString(msg) && msg->valuestring[0]
                           ? msg->valuestring
                           : "An error occurred during streaming";
    oai__error_set(&s->err, OAI_ESTREAM, "%s", text);
    oai__error_set_kind(&s->err, "api_error");
    field_text(body, "type", oai__error_set_type, &s->err);
    field_text(body, "code", oai__error_set_api_code, &s->err);
    field_text(body, "param", oai__error_set_param, &s->err);
    if (s->request_id[0])
        oai__error_set_request_id(&s->err, s->request_id,
                                  strlen(s->request_id));
    return OAI_ESTREAM;
}

/* Events at least this large that complete a message release the
 * accumulated content they replace (§3.3) before they are parsed, so a long
 * text is resident twice (event data, new snapshot) rather than three times.
 * Only a failing stream (bad JSON, a hook stopping it) can then be left with
 * the content-less snapshot; its final accessors report the error. */
#define RELEASE_MIN ((size_t)64 * 1024)

static void release_replaced(oai_stream *s, const oai_sse_event *sev)
{
    static const char *const names[] = {"thread.message.completed",
                                        "thread.message.incomplete"};
    char id[256];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (sev->name_len == strlen(names[i]) &&
            memcmp(sev->name, names[i], sev->name_len) == 0 &&
            oai__peek_id(sev->data, sev->data_len, id, sizeof id)) {
            s->content = NULL; /* pointed into the released content */
            oai__acc_drop_content(s->acc, id);
        }
    }
}

int oai__stream_interpret(oai_stream *s, const oai_sse_event *sev)
{
    if (sev->data_len >= 6 && memcmp(sev->data, "[DONE]", 6) == 0)
        return 0;
    if (sev->data_len >= RELEASE_MIN && sev->name)
        release_replaced(s, sev);
    cJSON *data = oai__json_parse(sev->data, sev->data_len);
    const char *name = sev->name;
    /* a name with a NUL byte is no known name, though its C-string prefix
     * may read as one ("error\0x", "thread.run.created\0x") */
    int exact = !name || strlen(name) == sev->name_len;
    if (exact && name && strcmp(name, "error") == 0) {
        if (!data)
            return decode_error(s, "an", "error");
        int rc = api_error(s, data);
        cJSON_Delete(data);
        return rc;
    }
    oai_event_type t = OAI_EVENT_UNKNOWN;
    if (name && strncmp(name, "thread.", 7) == 0) {
        if (!data)
            return decode_error(s, "the", name);
        /* streams repeat the same name many times in a row */
        if (!exact) {
            t = OAI_EVENT_UNKNOWN;
        } else if (s->last_name_len == strlen(name) &&
                   memcmp(s->last_name, name, s->last_name_len) == 0) {
            t = s->last_type;
        } else {
            t = oai_event_type_from_name(name);
            size_t n = strlen(name);
            if (n < sizeof s->last_name) {
                memcpy(s->last_name, name, n);
                s->last_name_len = n;
                s->last_type = t;
            }
        }
        if (t != OAI_EVENT_UNKNOWN && !cJSON_IsObject(data)) {
            cJSON_Delete(data);
            oai__error_set(&s->err, OAI_EPROTOCOL,
                           "the data of event `%s` is not a JSON object", name);
            oai__error_set_kind(&s->err, "decode_error");
            return OAI_EPROTOCOL;
        }
    } else {
        if (!data)
            return decode_error(s, name ? "the" : "an unnamed", name);
        if (cJSON_IsObject(data) && truthy(oai__get(data, "error"))) {
            int rc = api_error(s, data);
            cJSON_Delete(data);
            return rc;
        }
    }
    s->ev.type = t;
    s->ev.name = name;
    s->ev.data = data;
    s->ev_owned = 1;
    s->ev.raw = sev->data;
    s->ev.raw_len = sev->data_len;
    return 1;
}
