/* The Chat Completions accumulator: decoding of one event, errors,
 * accessors. The merge is in chat_merge.c, the helper events in
 * chat_events.c, the final completion in chat_final.c. */
#include "stream/chat_acc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "stream/limits.h"
#include "stream/merge.h"

const char *const oai__chat_reasoning_keys[OAI__CHAT_N_REASONING] = {
    "reasoning_content", "reasoning"};

oai_chat_change *oai__chat_changes_push(oai__chat_changes *c,
                                        oai_chat_change_kind kind)
{
    if (oai__grow_array(&c->v, &c->cap, c->n, sizeof *c->v))
        return NULL;
    oai_chat_change *r = &c->v[c->n++];
    *r = (oai_chat_change){.kind = kind, .choice = -1, .tool_index = -1};
    return r;
}

void oai__chat_changes_free(oai__chat_changes *c)
{
    oai__free(c->v);
    c->v = NULL;
    c->n = c->cap = 0;
}

int oai__chat_truthy(const cJSON *v)
{
    if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v))
        return 0;
    if (cJSON_IsNumber(v))
        return v->valuedouble != 0;
    if (cJSON_IsString(v))
        return v->valuestring[0] != '\0';
    return 1;
}

int oai__chat_nullish(const cJSON *v)
{
    return !v || cJSON_IsNull(v);
}

int oai__chat_set_copy(oai_chat_accumulator *a, cJSON *obj, const char *key,
                       const cJSON *v)
{
    cJSON *copy = cJSON_Duplicate(v, 1);
    if (!copy)
        return oai__error_nomem(&a->err);
    cJSON *old = oai__get(obj, key);
    if (old) {
        oai__json_replace(obj, old, copy);
    } else if (!cJSON_AddItemToObject(obj, key, copy)) {
        cJSON_Delete(copy);
        return oai__error_nomem(&a->err);
    }
    return OAI_OK;
}

int oai_chat_accumulator_new(oai_chat_accumulator **out,
                             const oai_chat_accumulator_options *opts)
{
    int rc;
    oai_chat_accumulator *a = oai__object_new(
        out, !opts || opts->version == OAI_CHAT_ACCUMULATOR_OPTIONS_VERSION,
        sizeof *a, &rc);
    if (!a)
        return rc;
    OAI__ACC_LIMITS(a, opts);
    oai__error_clear(&a->err);
    *out = a;
    return OAI_OK;
}

void oai_chat_accumulator_free(oai_chat_accumulator *a)
{
    if (!a)
        return;
    oai__json_delete(a->ev);
    oai__json_delete(a->snap);
    oai__json_delete(a->final);
    for (size_t i = 0; i < a->n_choice; i++) {
        oai__chat_choice *ch = a->choice[i];
        if (!ch)
            continue;
        for (int k = 0; k < OAI__CHAT_N_REASONING; k++)
            oai__json_delete(ch->parked[k]);
        oai__free(ch->tools);
        oai__free(ch);
    }
    oai__free(a->choice);
    oai__free(a->frames);
    oai__free(a->captured);
    oai__tmpl_free(&a->fast.t);
    oai__chat_changes_free(&a->changes);
    oai__error_clear(&a->err);
    oai__free(a);
}

static int limit(oai_chat_accumulator *a, const char *what, size_t max)
{
    oai__error_set(&a->err, OAI_ELIMIT, "%s passed the limit of %zu bytes",
                   what, max);
    return OAI_ELIMIT;
}

static void set_detail(oai_chat_accumulator *a, const cJSON *body,
                       const char *key,
                       void (*set)(oai__error_store *, const char *))
{
    const cJSON *v = oai__get(body, key);
    char num[32];
    if (cJSON_IsNumber(v)) {
        snprintf(num, sizeof num, "%.17g", v->valuedouble);
        set(&a->err, num);
    } else if (cJSON_IsString(v)) {
        set(&a->err, v->valuestring);
    }
}

/* An API error: `error` as an object or a string, or an `error` event
 * whose data has the fields flat or is not JSON at all. */
static int api_error(oai_chat_accumulator *a, const cJSON *data,
                     const char *raw, size_t len)
{
    const cJSON *inner = oai__get(data, "error");
    const cJSON *body = cJSON_IsObject(inner) ? inner : data;
    const cJSON *msg =
        cJSON_IsString(inner) ? inner : oai__get(body, "message");
    if (cJSON_IsString(msg) && msg->valuestring[0])
        oai__error_set(&a->err, OAI_ESTREAM, "%s", msg->valuestring);
    else if (!data && len)
        oai__error_set(&a->err, OAI_ESTREAM, "%.*s",
                       (int)(len > 512 ? 512 : len), raw);
    else
        oai__error_set(&a->err, OAI_ESTREAM,
                       "An error occurred during streaming");
    if (cJSON_IsObject(body)) {
        set_detail(a, body, "type", oai__error_set_type);
        set_detail(a, body, "code", oai__error_set_api_code);
        set_detail(a, body, "param", oai__error_set_param);
    }
    return a->err.pub.code; /* OAI_ESTREAM, unless out of memory */
}

/* JSON forbids raw control characters in strings, which cJSON lets
 * through; the official clients reject such a payload. */
static int raw_control_in_string(const char *data, size_t len)
{
    int in_string = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (in_string && c < 0x20)
            return 1;
        if (c == '"')
            in_string = !in_string;
        else if (c == '\\' && in_string)
            i++;
    }
    return 0;
}

static int apply(oai_chat_accumulator *a, const char *name, const char *data,
                 size_t len)
{
    oai_chat_update *u = &a->upd;
    if (a->done) {
        u->done = 1;
        return OAI_OK;
    }
    if (len > a->max_event)
        return limit(a, "an event", a->max_event);
    if (len == 6 && memcmp(data, "[DONE]", 6) == 0) {
        a->done = u->done = 1;
        return OAI_OK;
    }
    int nomem = 0;
    a->ev = oai__json_parse_nomem(data, len, &nomem);
    if (!a->ev && nomem)
        return oai__error_nomem(&a->err);
    if (name && strcmp(name, "error") == 0)
        return api_error(a, a->ev, data, len);
    if (!a->ev || raw_control_in_string(data, len)) {
        oai__error_set(&a->err, OAI_EPROTOCOL,
                       "the data of an event is not JSON: %.80s", data);
        return OAI_EPROTOCOL;
    }
    if (oai__chat_truthy(oai__get(a->ev, "error")))
        return api_error(a, a->ev, data, len);
    if (!cJSON_IsObject(a->ev))
        return oai__error_set(&a->err, OAI_EACCUMULATE,
                              "a chunk is not a JSON object");
    if (len > a->max_bytes - a->bytes)
        return limit(a, "the chat completion snapshot", a->max_bytes);
    a->bytes += len;
    u->chunk = oai__view(a->ev);
    u->chunk_number = a->n_chunks++;
    oai__json_delete(a->final);
    a->final = NULL;
    int rc = oai__chat_merge(a);
    if (rc)
        return rc;
    rc = oai__chat_events(a);
    /* the chunk is merged: its records so far still tell what it did */
    a->partial = rc == OAI_EACCUMULATE;
    return rc;
}

int oai_chat_accumulator_apply(oai_chat_accumulator *a, const char *name,
                               const char *data, size_t len,
                               const oai_chat_update **out)
{
    if (out)
        *out = NULL;
    if (!a || !out || (!data && len))
        return OAI_EINVAL;
    int fast = oai__chat_fast_apply(a, name, data, len, out);
    if (fast != OAI__CHAT_FAST_MISS)
        return fast;
    oai__json_delete(a->ev);
    a->ev = NULL;
    oai__error_clear(&a->err);
    a->changes.n = 0;
    a->n_frames = a->n_captured = 0;
    memset(&a->upd, 0, sizeof a->upd);
    a->upd.chunk_number = -1;
    a->partial = 0;
    int rc = apply(a, name, data ? data : "", len);
    if (!rc)
        rc = oai__chat_fast_learn(a, data, len);
    if (rc && !a->partial)
        return rc;
    a->upd.changes = a->changes.v;
    a->upd.n_changes = a->changes.n;
    *out = &a->upd;
    return rc;
}

const oai_json *oai_chat_accumulator_snapshot(const oai_chat_accumulator *a)
{
    return a ? oai__view(a->snap) : NULL;
}

const oai_json *oai_chat_accumulator_choice(const oai_chat_accumulator *a,
                                            long long index)
{
    const oai__chat_choice *ch = a ? oai__chat_choice_at(a, index) : NULL;
    return ch ? oai__view(ch->node) : NULL;
}

const char *oai_chat_accumulator_finish_reason(const oai_chat_accumulator *a,
                                               long long index)
{
    const cJSON *c = oai__cj(oai_chat_accumulator_choice(a, index));
    const cJSON *fr = oai__get(c, "finish_reason");
    return cJSON_IsString(fr) ? fr->valuestring : NULL;
}

long long oai_chat_accumulator_chunks(const oai_chat_accumulator *a)
{
    return a ? a->n_chunks : 0;
}

int oai_chat_accumulator_final(oai_chat_accumulator *a, const oai_json **out)
{
    if (out)
        *out = NULL;
    if (!a || !out)
        return OAI_EINVAL;
    oai__error_clear(&a->err);
    if (!a->snap) {
        oai__error_set(&a->err, OAI_ENOTREADY,
                       "the stream ended without sending any chunks");
        return OAI_ENOTREADY;
    }
    if (!a->final) {
        int rc = oai__chat_finalize(a);
        if (rc)
            return rc;
    }
    *out = oai__view(a->final);
    return OAI_OK;
}

const oai_error *oai_chat_accumulator_error(const oai_chat_accumulator *a)
{
    return a ? &a->err.pub : NULL;
}
