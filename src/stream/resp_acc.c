/* The Responses accumulator: decoding of one event, the lifecycle events,
 * accessors. Item-scoped merges are in resp_merge.c, the item index in
 * resp_items.c. */
#include "stream/resp_acc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "stream/limits.h"
#include "stream/merge.h"

int oai_response_accumulator_new(oai_response_accumulator **out,
                                 const oai_response_accumulator_options *opts)
{
    int rc;
    oai_response_accumulator *a = oai__object_new(
        out,
        !opts || (opts->version == OAI_RESPONSE_ACCUMULATOR_OPTIONS_VERSION &&
                  !(opts->flags & ~OAI_RESPONSE_ACCUMULATOR_STRICT)),
        sizeof *a, &rc);
    if (!a)
        return rc;
    OAI__ACC_LIMITS(a, opts);
    a->flags = opts ? opts->flags : 0;
    /* an event records one change: make room for it once */
    if (!oai__changes_grow(&a->changes, 0)) {
        oai__free(a);
        return OAI_ENOMEM;
    }
    oai__changes_reset(&a->changes);
    a->last_seq = -1;
    oai__error_clear(&a->err);
    *out = a;
    return OAI_OK;
}

static void drop_event(oai_response_accumulator *a)
{
    oai__json_loans_settle(&a->loans);
    if (a->ev != a->final_tree)
        oai__reparse_done(&a->reparse, a->ev, a->ev_is_delta);
    a->ev = NULL;
    a->ev_is_delta = 0;
}

void oai_response_accumulator_free(oai_response_accumulator *a)
{
    if (!a)
        return;
    drop_event(a);
    oai__reparse_free(&a->reparse);
    oai__json_loans_free(&a->loans);
    oai__json_delete(a->snap_tree);
    oai__json_delete(a->final_tree);
    oai__free(a->oidx);
    oai__free(a->items);
    oai__free(a->response_id);
    oai__free(a->text);
    oai__tmpl_free(&a->fast.t);
    oai__changes_free(&a->changes);
    oai__error_clear(&a->err);
    oai__free(a);
}

int oai__resp_lenient(oai_response_accumulator *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(a->warn, sizeof a->warn, fmt, ap);
    va_end(ap);
    if (a->flags & OAI_RESPONSE_ACCUMULATOR_STRICT)
        return oai__error_set(&a->err, OAI_EACCUMULATE, "%s", a->warn);
    a->n_warn++;
    return OAI_OK;
}

static int limit(oai_response_accumulator *a, const char *what, size_t max)
{
    oai__error_set(&a->err, OAI_ELIMIT, "%s passed the limit of %zu bytes",
                   what, max);
    return OAI_ELIMIT;
}

static const char *str_member(const cJSON *o, const char *key)
{
    const cJSON *v = oai__get(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* An API error from either shape: {"error": {...}} or the fields flat. */
static int api_error(oai_response_accumulator *a, const cJSON *data)
{
    const cJSON *inner = oai__get(data, "error");
    const cJSON *body = cJSON_IsObject(inner) ? inner : data;
    const char *msg = str_member(body, "message");
    oai__error_set(&a->err, OAI_ESTREAM, "%s",
                   msg && msg[0] ? msg : "An error occurred during streaming");
    static const char *const keys[] = {"type", "code", "param"};
    void (*const set[])(oai__error_store *, const char *) = {
        oai__error_set_type, oai__error_set_api_code, oai__error_set_param};
    for (int i = 0; i < 3; i++) {
        const cJSON *v = oai__get(body, keys[i]);
        if (i == 0 && body == data && cJSON_IsString(v) &&
            strcmp(v->valuestring, "error") == 0)
            continue; /* flat shape: that `type` is the event's */
        char num[32];
        if (cJSON_IsNumber(v))
            snprintf(num, sizeof num, "%.17g", v->valuedouble);
        if (cJSON_IsString(v) || cJSON_IsNumber(v))
            set[i](&a->err, cJSON_IsString(v) ? v->valuestring : num);
    }
    return a->err.pub.code; /* OAI_ESTREAM, unless out of memory */
}

static oai_response_event_type type_of(oai_response_accumulator *a,
                                       const char *name)
{
    if (strcmp(name, a->last_name) == 0)
        return a->last_type;
    oai_response_event_type t = oai_response_event_type_from_name(name);
    if (strlen(name) < sizeof a->last_name) {
        strcpy(a->last_name, name);
        a->last_type = t;
    }
    return t;
}

static oai_response_end end_of(oai_response_event_type t)
{
    switch (t) {
    case OAI_RESPONSE_EVENT_COMPLETED:
        return OAI_RESPONSE_END_COMPLETED;
    case OAI_RESPONSE_EVENT_INCOMPLETE:
        return OAI_RESPONSE_END_INCOMPLETE;
    case OAI_RESPONSE_EVENT_FAILED:
        return OAI_RESPONSE_END_FAILED;
    default:
        return OAI_RESPONSE_END_NONE;
    }
}

static int check_id(oai_response_accumulator *a, const cJSON *response)
{
    const char *id = str_member(response, "id");
    if (!id)
        return OAI_OK;
    if (!a->response_id) {
        size_t n = strlen(id) + 1;
        a->response_id = oai__malloc(n);
        if (!a->response_id)
            return oai__error_nomem(&a->err);
        memcpy(a->response_id, id, n);
        return OAI_OK;
    }
    if (strcmp(id, a->response_id) != 0)
        return oai__resp_lenient(
            a, "the response id changed from `%.80s` to `%.80s`",
            a->response_id, id);
    return OAI_OK;
}

static size_t output_count(const cJSON *snap)
{
    const cJSON *out = oai__get(snap, "output");
    return cJSON_IsArray(out) ? (size_t)cJSON_GetArraySize(out) : 0;
}

/* A lifecycle event replaces the snapshot. A terminal one's response is
 * also the final answer, shared with the snapshot until changed. */
static int lifecycle(oai_response_accumulator *a, oai_response_event_type t)
{
    cJSON *response = oai__get(a->ev, "response");
    if (!cJSON_IsObject(response))
        return oai__error_set(&a->err, OAI_EACCUMULATE,
                              "`%s` event without a `response` object",
                              oai_response_event_type_name(t));
    int rc = check_id(a, response);
    if (rc)
        return rc;
    if (oai__resp_reserve(a, output_count(response)))
        return OAI_ENOMEM;
    oai_response_end end = end_of(t);
    cJSON *copy = NULL;
    if (!end && !(copy = cJSON_Duplicate(response, 1)))
        return oai__error_nomem(&a->err);
    oai__json_delete(a->snap_tree);
    a->snap_tree = copy;
    if (end) {
        oai__json_delete(a->final_tree);
        a->final_tree = a->ev;
        a->final = response;
        a->end = end;
        a->snap = response;
    } else {
        a->snap = copy;
    }
    oai__resp_reindex(a, a->snap);
    oai__change *c =
        oai__changes_add(&a->changes, OAI_RESPONSE_CHANGE_RESPONSE);
    c->delta = a->ev;
    c->snap = a->snap;
    return OAI_OK;
}

/* Give the snapshot its own tree before an event after the terminal one
 * changes it, so the final response stays as the server sent it. */
static int own_snapshot(oai_response_accumulator *a)
{
    if (a->snap_tree || !a->snap)
        return OAI_OK;
    if (oai__resp_reserve(a, output_count(a->final)))
        return OAI_ENOMEM;
    cJSON *copy = cJSON_Duplicate(a->final, 1);
    if (!copy)
        return oai__error_nomem(&a->err);
    a->snap_tree = a->snap = copy;
    oai__resp_reindex(a, copy);
    return OAI_OK;
}

static long long index_member(const cJSON *o, const char *key)
{
    long long v;
    const cJSON *n = oai__get(o, key);
    return n && oai__json_integer(n, &v) && v >= 0 ? v : -1;
}

static int is_done_sentinel(const char *data, size_t len)
{
    while (len && (data[len - 1] == ' ' || data[len - 1] == '\n'))
        len--;
    return len == 6 && memcmp(data, "[DONE]", 6) == 0;
}

static int apply(oai_response_accumulator *a, const char *name,
                 const char *data, size_t len)
{
    oai_response_update *u = &a->upd;
    if (len > a->max_event)
        return limit(a, "an event", a->max_event);
    if (is_done_sentinel(data, len)) {
        u->type = OAI_RESPONSE_EVENT_DONE_SENTINEL;
        u->type_name = "[DONE]";
        return OAI_OK;
    }
    oai__resp_release(a, data, len);
    int nomem = 0;
    a->ev = oai__reparse(&a->reparse, data, len, &nomem);
    if (!a->ev && nomem)
        return oai__error_nomem(&a->err);
    if (!cJSON_IsObject(a->ev)) {
        oai__error_set(&a->err, OAI_EPROTOCOL,
                       "the data of %s%s%s event is not a JSON object",
                       name ? "the `" : "an unnamed", name ? name : "",
                       name ? "`" : "");
        return OAI_EPROTOCOL;
    }
    const char *tname = str_member(a->ev, "type");
    if (!tname)
        tname = name ? name : "";
    u->type = type_of(a, tname);
    /* `event: error` over data of another shape is still the error */
    if (!u->type && name && strcmp(name, "error") == 0)
        u->type = OAI_RESPONSE_EVENT_ERROR;
    oai__resp_event e = {oai__resp_type_info(u->type), a->ev,
                         index_member(a->ev, "output_index"),
                         str_member(a->ev, "item_id")};
    a->ev_is_delta = e.info->op == OAI__RESP_APPEND;
    u->type_name = tname;
    u->event = oai__view(a->ev);
    u->sequence_number = index_member(a->ev, "sequence_number");
    if (a->resumed && u->sequence_number >= 0) {
        if (u->sequence_number <= a->last_seq) {
            a->dropped = 1; /* already delivered before the resume */
            return OAI_OK;
        }
        if (u->sequence_number != a->last_seq + 1) {
            oai__error_set(&a->err, OAI_EPROTOCOL,
                           "the resumed stream skipped events: "
                           "sequence_number %lld after %lld",
                           u->sequence_number, a->last_seq);
            return OAI_EPROTOCOL;
        }
    }
    if (u->sequence_number >= 0)
        a->last_seq = u->sequence_number;
    switch (e.info->op) {
    case OAI__RESP_PASS:
        return OAI_OK;
    case OAI__RESP_ERROR:
        return api_error(a, a->ev);
    case OAI__RESP_LIFECYCLE:
        if (len > a->max_bytes)
            return limit(a, "the response snapshot", a->max_bytes);
        a->bytes = len;
        return lifecycle(a, u->type);
    default:
        break;
    }
    if (!a->snap)
        return oai__resp_lenient(
            a, "`%.80s` event before the response was created", tname);
    if (len > a->max_bytes - a->bytes)
        return limit(a, "the response snapshot", a->max_bytes);
    a->bytes += len;
    int rc = own_snapshot(a);
    return rc ? rc : oai__resp_merge(a, &e);
}

/* The public view of a change record. */
static void public_change(const oai_response_accumulator *a,
                          const oai__change *c, oai_response_change *p)
{
    long k = c->kind == OAI_RESPONSE_CHANGE_RESPONSE
                 ? -1
                 : oai__resp_find(a, c->index[0]);
    *p = (oai_response_change){.kind = (oai_response_change_kind)c->kind,
                               .output_index = c->index[0],
                               .index = c->index[1],
                               .item_id = c->id,
                               .delta = c->text,
                               .delta_len = c->len,
                               .node = oai__view(c->snap),
                               .item = k >= 0 ? oai__view(a->items[k]) : NULL};
}

const oai__changes *oai__resp_acc_changes(const oai_response_accumulator *a)
{
    return &a->changes;
}

int oai_response_accumulator_apply(oai_response_accumulator *a,
                                   const char *name, const char *data,
                                   size_t len, const oai_response_update **out)
{
    if (out)
        *out = NULL;
    if (!a || !out || (!data && len))
        return OAI_EINVAL;
    int rc = oai__resp_fast_apply(a, data, len);
    if (rc != OAI__RESP_FAST_MISS) {
        if (rc == OAI_OK)
            *out = &a->upd;
        return rc;
    }
    drop_event(a);
    oai__error_clear(&a->err);
    oai__changes_reset(&a->changes);
    memset(&a->upd, 0, sizeof a->upd);
    a->upd.sequence_number = -1;
    a->upd.type_name = "";
    a->dropped = 0;
    a->fast.n_warn = a->n_warn;
    rc = apply(a, name, data ? data : "", len);
    if (rc)
        return rc;
    size_t n = a->changes.n < sizeof a->pub / sizeof a->pub[0]
                   ? a->changes.n
                   : sizeof a->pub / sizeof a->pub[0];
    for (size_t i = 0; i < n; i++)
        public_change(a, &a->changes.v[i], &a->pub[i]);
    a->upd.changes = a->pub;
    a->upd.n_changes = n;
    if ((rc = oai__resp_fast_learn(a, data, len)) != OAI_OK)
        return rc;
    *out = &a->upd;
    return OAI_OK;
}

const oai_json *
oai_response_accumulator_snapshot(const oai_response_accumulator *a)
{
    return a ? oai__view(a->snap) : NULL;
}

const oai_json *oai_response_accumulator_item(const oai_response_accumulator *a,
                                              long long output_index)
{
    long k = a ? oai__resp_find(a, output_index) : -1;
    return k >= 0 ? oai__view(a->items[k]) : NULL;
}

const oai_json *
oai_response_accumulator_final(const oai_response_accumulator *a,
                               oai_response_end *end)
{
    if (end)
        *end = a ? a->end : OAI_RESPONSE_END_NONE;
    return a ? oai__view(a->final) : NULL;
}

long long
oai_response_accumulator_last_sequence_number(const oai_response_accumulator *a)
{
    return a ? a->last_seq : -1;
}

const char *
oai_response_accumulator_response_id(const oai_response_accumulator *a)
{
    return a ? a->response_id : NULL;
}

size_t oai_response_accumulator_warnings(const oai_response_accumulator *a,
                                         const char **last)
{
    if (last)
        *last = a && a->n_warn ? a->warn : NULL;
    return a ? a->n_warn : 0;
}

const oai_error *
oai_response_accumulator_error(const oai_response_accumulator *a)
{
    return a ? &a->err.pub : NULL;
}
