#include "stream/event.h"

#include <string.h>

#include "core/json.h"
#include "stream/acc.h"
#include "stream/merge.h"

static const char *const names[] = {
    [OAI_EVENT_UNKNOWN] = "unknown",
    [OAI_EVENT_THREAD_CREATED] = "thread.created",
    [OAI_EVENT_RUN_CREATED] = "thread.run.created",
    [OAI_EVENT_RUN_QUEUED] = "thread.run.queued",
    [OAI_EVENT_RUN_IN_PROGRESS] = "thread.run.in_progress",
    [OAI_EVENT_RUN_REQUIRES_ACTION] = "thread.run.requires_action",
    [OAI_EVENT_RUN_COMPLETED] = "thread.run.completed",
    [OAI_EVENT_RUN_INCOMPLETE] = "thread.run.incomplete",
    [OAI_EVENT_RUN_FAILED] = "thread.run.failed",
    [OAI_EVENT_RUN_CANCELLING] = "thread.run.cancelling",
    [OAI_EVENT_RUN_CANCELLED] = "thread.run.cancelled",
    [OAI_EVENT_RUN_EXPIRED] = "thread.run.expired",
    [OAI_EVENT_RUN_STEP_CREATED] = "thread.run.step.created",
    [OAI_EVENT_RUN_STEP_IN_PROGRESS] = "thread.run.step.in_progress",
    [OAI_EVENT_RUN_STEP_DELTA] = "thread.run.step.delta",
    [OAI_EVENT_RUN_STEP_COMPLETED] = "thread.run.step.completed",
    [OAI_EVENT_RUN_STEP_FAILED] = "thread.run.step.failed",
    [OAI_EVENT_RUN_STEP_CANCELLED] = "thread.run.step.cancelled",
    [OAI_EVENT_RUN_STEP_EXPIRED] = "thread.run.step.expired",
    [OAI_EVENT_MESSAGE_CREATED] = "thread.message.created",
    [OAI_EVENT_MESSAGE_IN_PROGRESS] = "thread.message.in_progress",
    [OAI_EVENT_MESSAGE_DELTA] = "thread.message.delta",
    [OAI_EVENT_MESSAGE_COMPLETED] = "thread.message.completed",
    [OAI_EVENT_MESSAGE_INCOMPLETE] = "thread.message.incomplete",
    [OAI_EVENT_ERROR] = "error",
    [OAI_EVENT_DONE] = "done",
};

const char *oai_event_type_name(oai_event_type t)
{
    if ((unsigned)t >= sizeof names / sizeof names[0])
        return "unknown";
    return names[t];
}

oai_event_type oai_event_type_from_name(const char *name)
{
    if (!name)
        return OAI_EVENT_UNKNOWN;
    for (int t = OAI_EVENT_THREAD_CREATED; t <= OAI_EVENT_DONE; t++)
        if (strcmp(names[t], name) == 0)
            return (oai_event_type)t;
    return OAI_EVENT_UNKNOWN;
}

int oai__event_is_run(oai_event_type t)
{
    return t >= OAI_EVENT_RUN_CREATED && t <= OAI_EVENT_RUN_EXPIRED;
}

int oai__event_is_run_step(oai_event_type t)
{
    return t >= OAI_EVENT_RUN_STEP_CREATED && t <= OAI_EVENT_RUN_STEP_EXPIRED &&
           t != OAI_EVENT_RUN_STEP_DELTA;
}

int oai__event_is_message(oai_event_type t)
{
    return t >= OAI_EVENT_MESSAGE_CREATED &&
           t <= OAI_EVENT_MESSAGE_INCOMPLETE && t != OAI_EVENT_MESSAGE_DELTA;
}

oai_event_type oai_event_type_of(const oai_event *ev)
{
    return ev ? ev->type : OAI_EVENT_UNKNOWN;
}
const char *oai_event_name(const oai_event *ev)
{
    return ev ? ev->name : NULL;
}
const cJSON *oai__event_data(const oai_event *ev)
{
    if (ev->data || !ev->lazy)
        return ev->data;
    /* the event itself is never const: the stream lends it out as such */
    struct oai_event *e = (struct oai_event *)(void *)ev;
    e->data = oai__acc_event_data(ev->lazy);
    return e->data;
}

const oai_json *oai_event_json(const oai_event *ev)
{
    return ev ? oai__view(oai__event_data(ev)) : NULL;
}

const char *oai_event_raw(const oai_event *ev, size_t *len)
{
    if (len)
        *len = ev ? ev->raw_len : 0;
    return ev ? ev->raw : NULL;
}

const oai_run *oai_event_run(const oai_event *ev)
{
    return ev && oai__event_is_run(ev->type)
               ? OAI__VIEW(oai_run, oai__event_data(ev))
               : NULL;
}

const oai_run_step *oai_event_run_step(const oai_event *ev)
{
    return ev && oai__event_is_run_step(ev->type)
               ? OAI__VIEW(oai_run_step, oai__event_data(ev))
               : NULL;
}

const oai_message *oai_event_message(const oai_event *ev)
{
    return ev && oai__event_is_message(ev->type)
               ? OAI__VIEW(oai_message, oai__event_data(ev))
               : NULL;
}

static const char *str(const void *view, const char *key)
{
    const cJSON *o = oai__vcj(view);
    if (!cJSON_IsObject(o))
        return NULL;
    const cJSON *v = oai__get(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const cJSON *member(const void *view, const char *key)
{
    const cJSON *o = oai__vcj(view);
    return cJSON_IsObject(o) ? oai__get(o, key) : NULL;
}

/* Most accessors of an object view are one of two kinds: a string member
 * (NULL when absent or not a string), or the view's JSON itself. */
#define STRING_MEMBER(name, T, key)                                            \
    const char *name(const T *v)                                               \
    {                                                                          \
        return str(v, key);                                                    \
    }
#define JSON_OF(name, T)                                                       \
    const oai_json *name(const T *v)                                           \
    {                                                                          \
        return oai__view(oai__vcj(v));                                         \
    }

STRING_MEMBER(oai_run_id, oai_run, "id")
STRING_MEMBER(oai_run_status, oai_run, "status")
STRING_MEMBER(oai_run_thread_id, oai_run, "thread_id")
JSON_OF(oai_run_json, oai_run)

STRING_MEMBER(oai_run_step_id, oai_run_step, "id")
STRING_MEMBER(oai_run_step_status, oai_run_step, "status")
STRING_MEMBER(oai_run_step_type, oai_run_step, "type")
JSON_OF(oai_run_step_json, oai_run_step)

STRING_MEMBER(oai_message_id, oai_message, "id")
STRING_MEMBER(oai_message_status, oai_message, "status")
STRING_MEMBER(oai_message_role, oai_message, "role")
JSON_OF(oai_message_json, oai_message)

STRING_MEMBER(oai_text_value, oai_text, "value")
size_t oai_text_value_len(const oai_text *t)
{
    return oai__json_str_len(member(t, "value"));
}
const oai_json *oai_text_annotations(const oai_text *t)
{
    return oai__view(member(t, "annotations"));
}
JSON_OF(oai_text_json, oai_text)

STRING_MEMBER(oai_text_delta_value, oai_text_delta, "value")
JSON_OF(oai_text_delta_json, oai_text_delta)

STRING_MEMBER(oai_tool_call_id, oai_tool_call, "id")
STRING_MEMBER(oai_tool_call_type, oai_tool_call, "type")
JSON_OF(oai_tool_call_json, oai_tool_call)

int64_t oai_tool_call_index(const oai_tool_call *tc)
{
    long long i;
    return oai__json_integer(member(tc, "index"), &i) ? (int64_t)i : -1;
}

const char *oai_tool_call_input(const oai_tool_call *tc)
{
    const char *type = oai_tool_call_type(tc);
    if (!type)
        return NULL;
    if (strcmp(type, "function") == 0)
        return str(member(tc, "function"), "arguments");
    if (strcmp(type, "code_interpreter") == 0)
        return str(member(tc, "code_interpreter"), "input");
    return NULL;
}
