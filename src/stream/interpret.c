/* Assistant-stream interpretation of dispatched SSE events, semantics.md
 * §2.3: the `[DONE]` sentinel, error events, thread.* and other events. */
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "stream/merge.h"
#include "stream/stream_int.h"

static int decode_error(oai_stream *s, const char *what, const char *name)
{
    oai__error_set(&s->err, OAI_EPROTOCOL,
                   "invalid JSON in the data of %s event%s%s%s", what,
                   name ? " `" : "", name ? name : "", name ? "`" : "");
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
    field_text(body, "type", oai__error_set_type, &s->err);
    field_text(body, "code", oai__error_set_api_code, &s->err);
    field_text(body, "param", oai__error_set_param, &s->err);
    if (s->request_id[0])
        oai__error_set_request_id(&s->err, s->request_id,
                                  strlen(s->request_id));
    return s->err.pub.code; /* OAI_ESTREAM, unless out of memory */
}

/* The type of a `thread.*` name; streams repeat the same name many times in
 * a row, so the last one is remembered. */
static oai_event_type thread_type(oai_stream *s, const char *name, size_t n)
{
    if (s->last_name_len == n && memcmp(s->last_name, name, n) == 0)
        return s->last_type;
    oai_event_type t = oai_event_type_from_name(name);
    if (n < sizeof s->last_name) {
        memcpy(s->last_name, name, n);
        s->last_name_len = n;
        s->last_type = t;
    }
    return t;
}

static int event(oai_stream *s, oai_event_type t, const char *name, cJSON *data,
                 const oai_sse_event *sev)
{
    s->ev.type = t;
    s->ev.name = name;
    s->ev.data = data;
    s->ev.raw = sev->data;
    s->ev.raw_len = sev->data_len;
    return 1;
}

int oai__stream_interpret(oai_stream *s, const oai_sse_event *sev)
{
    if (sev->data_len >= 6 && memcmp(sev->data, "[DONE]", 6) == 0)
        return 0;
    const char *name = sev->name;
    /* a name with a NUL byte is no known name, though its C-string prefix
     * may read as one ("error\0x", "thread.run.created\0x") */
    int exact = !name || strlen(name) == sev->name_len;
    int thread = name && strncmp(name, "thread.", 7) == 0;
    oai_event_type t = thread && exact ? thread_type(s, name, sev->name_len)
                                       : OAI_EVENT_UNKNOWN;
    s->ev.lazy = NULL;
    if (t != OAI_EVENT_UNKNOWN &&
        oai__acc_defer(s->acc, t, sev->data, sev->data_len)) {
        /* a known thread.* event whose text will parse: parsed if asked */
        s->ev.lazy = s->acc;
        return event(s, t, name, NULL, sev);
    }
    /* the data belongs to the accumulator, which may release what the
     * event replaces before parsing it */
    cJSON *data = oai__acc_parse(s->acc, t, sev->data, sev->data_len);
    if (exact && name && strcmp(name, "error") == 0)
        return data ? api_error(s, data) : decode_error(s, "an", "error");
    if (thread) {
        if (!data)
            return decode_error(s, "the", name);
        if (t != OAI_EVENT_UNKNOWN && !cJSON_IsObject(data)) {
            oai__error_set(&s->err, OAI_EPROTOCOL,
                           "the data of event `%s` is not a JSON object", name);
            return OAI_EPROTOCOL;
        }
    } else {
        if (!data)
            return decode_error(s, name ? "the" : "an unnamed", name);
        if (cJSON_IsObject(data) && truthy(oai__get(data, "error")))
            return api_error(s, data);
    }
    return event(s, t, name, data, sev);
}
