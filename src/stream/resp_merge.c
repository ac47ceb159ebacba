/* The item-scoped merges of the Responses snapshot (the table in
 * resp_types.c says which event does which). Text grows in place
 * (core/json.h growable strings), so a delta costs its own length. */
#include <limits.h>
#include <string.h>

#include "core/json.h"
#include "stream/merge.h"
#include "stream/resp_acc.h"

int oai__resp_is_type(const cJSON *o, const char *type)
{
    const cJSON *t = oai__get(o, "type");
    return cJSON_IsString(t) && strcmp(t->valuestring, type) == 0;
}

static long long index_of(const cJSON *data, const char *key)
{
    long long v;
    const cJSON *n = oai__get(data, key);
    return n && oai__json_integer(n, &v) && v >= 0 ? v : -1;
}

/* Link `repl` in place of `old` (a member or list entry of `parent`), or
 * add it as member `key` when there is no `old`. */
static int put(oai_response_accumulator *a, cJSON *parent, const char *key,
               cJSON *old, cJSON *repl)
{
    if (!repl)
        return oai__error_nomem(&a->err);
    if (old) {
        oai__json_replace(parent, old, repl);
        return OAI_OK;
    }
    int ok = cJSON_IsArray(parent) ? cJSON_AddItemToArray(parent, repl)
                                   : cJSON_AddItemToObject(parent, key, repl);
    if (!ok) {
        cJSON_Delete(repl);
        return oai__error_nomem(&a->err);
    }
    return OAI_OK;
}

/* item[path] as a list ("action.commands" walks one object down), made
 * when `make` is set and it is absent; NULL otherwise. */
static cJSON *list_of(oai_response_accumulator *a, cJSON *item,
                      const char *path, int make, int *rc)
{
    const char *dot = strchr(path, '.');
    if (dot) {
        cJSON *obj = oai__get(item, "action");
        if (!cJSON_IsObject(obj)) {
            if (!make)
                return NULL;
            if ((*rc = put(a, item, "action", obj, cJSON_CreateObject())))
                return NULL;
            obj = oai__get(item, "action");
        }
        item = obj;
        path = dot + 1;
    }
    cJSON *list = oai__get(item, path);
    if (cJSON_IsArray(list) || !make)
        return cJSON_IsArray(list) ? list : NULL;
    if ((*rc = put(a, item, path, list, cJSON_CreateArray())))
        return NULL;
    return oai__get(item, path);
}

/* Room for the record was made when the accumulator was created (an
 * event records one change), so this never fails. */
static oai__change *record(oai_response_accumulator *a,
                           const oai__resp_event *e,
                           oai_response_change_kind kind, long long index,
                           const cJSON *node)
{
    oai__change *c = oai__changes_add(&a->changes, (int)kind);
    c->index[0] = e->output_index;
    c->index[1] = index;
    c->id = e->item_id;
    c->delta = e->data;
    c->snap = node;
    return c;
}

static int item_event(oai_response_accumulator *a, const oai__resp_event *e,
                      long k)
{
    cJSON *item = oai__get(e->data, "item");
    const char *name = e->info->name;
    if (!cJSON_IsObject(item))
        return oai__error_set(&a->err, OAI_EACCUMULATE,
                              "`%s` event without an `item` object", name);
    int added = e->info->op == OAI__RESP_ITEM_ADDED;
    int rc = OAI_OK;
    if (added && k >= 0)
        rc = oai__resp_lenient(a, "`%s` at output_index %lld, which is taken",
                               name, e->output_index);
    else if (!added && k < 0)
        rc =
            oai__resp_lenient(a, "`%s` at output_index %lld, which has no item",
                              name, e->output_index);
    else if (added &&
             e->output_index != (a->n_items ? a->oidx[a->n_items - 1] + 1 : 0))
        rc = oai__resp_lenient(a, "`%s` at output_index %lld, not next", name,
                               e->output_index);
    if (rc)
        return rc;
    cJSON *copy = oai__resp_put_item(a, e->output_index, item);
    if (!copy)
        return a->err.pub.code;
    record(a, e,
           added ? OAI_RESPONSE_CHANGE_ITEM_ADDED
                 : OAI_RESPONSE_CHANGE_ITEM_DONE,
           -1, copy);
    return OAI_OK;
}

/* Output-text logprobs: a delta's are appended, a done's replace them;
 * entries without the final-output shape (token, logprob, bytes) are not
 * taken. */
static int valid_logprob(const cJSON *lp, int top)
{
    const cJSON *b = oai__get(lp, "bytes"), *x;
    if (!cJSON_IsString(oai__get(lp, "token")) ||
        !cJSON_IsNumber(oai__get(lp, "logprob")) || !cJSON_IsArray(b))
        return 0;
    cJSON_ArrayForEach(x, b)
    {
        if (!cJSON_IsNumber(x))
            return 0;
    }
    if (top)
        return 1;
    const cJSON *tops = oai__get(lp, "top_logprobs");
    if (!cJSON_IsArray(tops))
        return 0;
    cJSON_ArrayForEach(x, tops)
    {
        if (!valid_logprob(x, 1))
            return 0;
    }
    return 1;
}

static int logprobs(oai_response_accumulator *a, const oai__resp_event *e,
                    cJSON *part)
{
    const cJSON *lp = oai__get(e->data, "logprobs"), *x;
    if (!cJSON_IsArray(lp) || !cJSON_IsObject(part))
        return OAI_OK;
    cJSON_ArrayForEach(x, lp)
    {
        if (!valid_logprob(x, 0))
            return OAI_OK;
    }
    cJSON *have = oai__get(part, "logprobs");
    if (e->info->op == OAI__RESP_SET) {
        if (lp->child || (cJSON_IsArray(have) && have->child))
            return put(a, part, "logprobs", have, cJSON_Duplicate(lp, 1));
        return OAI_OK;
    }
    if (!lp->child)
        return OAI_OK;
    int rc = OAI_OK;
    if (!cJSON_IsArray(have) &&
        (rc = put(a, part, "logprobs", have, cJSON_CreateArray())))
        return rc;
    have = oai__get(part, "logprobs");
    cJSON_ArrayForEach(x, lp)
    {
        if ((rc = put(a, have, NULL, NULL, cJSON_Duplicate(x, 1))))
            return rc;
    }
    return OAI_OK;
}

/* The list entry an event addresses, or NULL after a warning (rc set when
 * strict). `make` creates the list for inserting events. */
static cJSON *entry_of(oai_response_accumulator *a, const oai__resp_event *e,
                       cJSON *item, cJSON **list, long long *ix, int make,
                       int *rc)
{
    const oai__resp_type *t = e->info;
    *ix = index_of(e->data, t->index_key);
    *list = *ix >= 0 ? list_of(a, item, t->list, make, rc) : NULL;
    cJSON *entry =
        *list && *ix <= INT_MAX ? cJSON_GetArrayItem(*list, (int)*ix) : NULL;
    if (!entry && !*rc && !make)
        *rc = oai__resp_lenient(a,
                                "`%s` event for %s %lld of output_index "
                                "%lld, which has none",
                                t->name, t->index_key, *ix, e->output_index);
    return entry;
}

static int part_event(oai_response_accumulator *a, const oai__resp_event *e,
                      cJSON *item)
{
    const oai__resp_type *t = e->info;
    cJSON *value = oai__get(e->data, t->payload);
    if (strcmp(t->list, "content") == 0) {
        /* messages take text and refusal parts, reasoning items
         * reasoning_text parts; anything else changes nothing */
        int reasoning = oai__resp_is_type(value, "reasoning_text");
        if (!(oai__resp_is_type(item, "message") && !reasoning) &&
            !(oai__resp_is_type(item, "reasoning") && reasoning))
            return OAI_OK;
    }
    if (!value)
        return oai__resp_lenient(a, "`%s` event without `%s`", t->name,
                                 t->payload);
    int added = t->op == OAI__RESP_PART_ADDED, rc = OAI_OK;
    cJSON *list;
    long long ix;
    cJSON *entry = entry_of(a, e, item, &list, &ix, added, &rc);
    if (rc || (!entry && !added))
        return rc;
    if (!list)
        return oai__resp_lenient(a, "`%s` event without a valid %s", t->name,
                                 t->index_key);
    if (!entry && ix > cJSON_GetArraySize(list) &&
        (rc = oai__resp_lenient(a, "`%s` event skips to %s %lld", t->name,
                                t->index_key, ix)))
        return rc;
    cJSON *copy = entry ? oai__json_sync(list, entry, value, &a->loans)
                        : cJSON_Duplicate(value, 1);
    if (entry && !copy)
        return oai__error_nomem(&a->err);
    if (!entry && (rc = put(a, list, NULL, NULL, copy)))
        return rc;
    record(a, e,
           added ? OAI_RESPONSE_CHANGE_PART_ADDED
                 : OAI_RESPONSE_CHANGE_PART_DONE,
           entry ? ix : cJSON_GetArraySize(list) - 1, copy);
    return OAI_OK;
}

/* target[field] (or the list entry itself when field is NULL) += or = the
 * payload text. */
static int text_event(oai_response_accumulator *a, const oai__resp_event *e,
                      cJSON *item)
{
    const oai__resp_type *t = e->info;
    cJSON *holder = item, *list = NULL;
    long long ix = -1;
    int rc = OAI_OK;
    if (t->list) {
        holder = entry_of(a, e, item, &list, &ix, 0, &rc);
        if (!holder)
            return rc;
        if (t->part_type && !oai__resp_is_type(holder, t->part_type))
            return oai__resp_lenient(a, "`%s` event for a part that is not %s",
                                     t->name, t->part_type);
    }
    if (t->field && !cJSON_IsObject(holder))
        return oai__resp_lenient(a,
                                 "`%s` event for a part that is not an "
                                 "object",
                                 t->name);
    cJSON *text = oai__get(e->data, t->payload);
    if (!cJSON_IsString(text))
        return oai__resp_lenient(a, "`%s` event without a `%s` string", t->name,
                                 t->payload);
    cJSON *parent = t->field ? holder : list;
    cJSON *s = t->field ? oai__get(holder, t->field) : holder;
    size_t n = strlen(text->valuestring);
    int append = t->op == OAI__RESP_APPEND;
    if (append && cJSON_IsString(s)) {
        rc = oai__json_str_append(s, text->valuestring, n);
        if (rc == OAI_ENOMEM)
            return oai__error_nomem(&a->err);
        if (rc) {
            oai__error_set(&a->err, rc, "accumulated text too long");
            return rc;
        }
    } else if (!cJSON_IsString(s) || oai__json_str_len(s) != n ||
               memcmp(s->valuestring, text->valuestring, n) != 0) {
        /* the final value replaces what the deltas built (taken over
         * from the event); an equal one, the usual case, stays */
        cJSON *repl = append ? cJSON_CreateString(text->valuestring)
                             : oai__json_lend(&a->loans, text);
        if ((rc = put(a, parent, t->field, s, repl)))
            return rc;
        s = repl;
    }
    if (t->part_type && strcmp(t->part_type, "output_text") == 0 &&
        (rc = logprobs(a, e, holder)))
        return rc;
    oai__change *c = record(a, e,
                            append ? OAI_RESPONSE_CHANGE_TEXT_DELTA
                                   : OAI_RESPONSE_CHANGE_TEXT_DONE,
                            ix, s);
    if (append) {
        c->text = text->valuestring;
        c->len = n;
    }
    return OAI_OK;
}

static int status_event(oai_response_accumulator *a, const oai__resp_event *e,
                        cJSON *item)
{
    cJSON *repl = cJSON_CreateString(e->info->field);
    int rc = put(a, item, "status", oai__get(item, "status"), repl);
    if (!rc)
        record(a, e, OAI_RESPONSE_CHANGE_STATUS, -1, repl);
    return rc;
}

static int annotation_event(oai_response_accumulator *a,
                            const oai__resp_event *e, cJSON *item)
{
    const oai__resp_type *t = e->info;
    cJSON *list, *part;
    long long ix;
    int rc = OAI_OK;
    if (!(part = entry_of(a, e, item, &list, &ix, 0, &rc)))
        return rc;
    if (!oai__resp_is_type(part, t->part_type))
        return oai__resp_lenient(a, "`%s` event for a part that is not %s",
                                 t->name, t->part_type);
    const cJSON *value = oai__get(e->data, t->payload);
    long long ai = index_of(e->data, "annotation_index");
    cJSON *notes = value ? list_of(a, part, t->field, 1, &rc) : NULL;
    if (rc)
        return rc;
    if (!notes || ai < 0 || ai > cJSON_GetArraySize(notes))
        return oai__resp_lenient(a,
                                 "`%s` event without an annotation at a "
                                 "valid annotation_index",
                                 t->name);
    cJSON *old = cJSON_GetArrayItem(notes, (int)ai);
    cJSON *copy = cJSON_Duplicate(value, 1);
    if ((rc = put(a, notes, NULL, old, copy)))
        return rc;
    record(a, e, OAI_RESPONSE_CHANGE_ANNOTATION, ai, copy);
    return OAI_OK;
}

/* Shell output entries are made up to command_index as they are needed. */
static cJSON *shell_output(oai_response_accumulator *a, cJSON *item,
                           long long ix, int *rc)
{
    cJSON *list = list_of(a, item, "output", 1, rc);
    while (list && !*rc && cJSON_GetArraySize(list) <= ix) {
        cJSON *o = cJSON_Parse("{\"stdout\":\"\",\"stderr\":\"\",\"outcome\":"
                               "{\"type\":\"exit\",\"exit_code\":0}}");
        *rc = put(a, list, NULL, NULL, o);
    }
    return *rc || !list ? NULL : cJSON_GetArrayItem(list, (int)ix);
}

static int shell_out_event(oai_response_accumulator *a,
                           const oai__resp_event *e, cJSON *item)
{
    const oai__resp_type *t = e->info;
    long long ix = index_of(e->data, t->index_key);
    const cJSON *value = oai__get(e->data, t->payload);
    int set = t->op == OAI__RESP_SHELL_OUT_SET, rc = OAI_OK;
    if (set)
        value = cJSON_GetArrayItem(value, 0);
    if (ix < 0 || ix > INT_MAX / 2 || !cJSON_IsObject(value))
        return oai__resp_lenient(a, "`%s` event without a valid %s or `%s`",
                                 t->name, t->index_key, t->payload);
    cJSON *entry = shell_output(a, item, ix, &rc);
    if (!entry)
        return rc ? rc : oai__error_nomem(&a->err);
    if (set) {
        cJSON *copy = cJSON_Duplicate(value, 1);
        if ((rc = put(a, oai__get(item, "output"), NULL, entry, copy)))
            return rc;
        record(a, e, OAI_RESPONSE_CHANGE_PART_DONE, ix, copy);
        return OAI_OK;
    }
    static const char *const streams[] = {"stdout", "stderr"};
    for (int i = 0; i < 2; i++) {
        const cJSON *d = oai__get(value, streams[i]);
        if (!cJSON_IsString(d))
            continue;
        cJSON *s = oai__get(entry, streams[i]);
        if (cJSON_IsString(s))
            rc =
                oai__json_str_append(s, d->valuestring, strlen(d->valuestring));
        else
            rc = put(a, entry, streams[i], s,
                     cJSON_CreateString(d->valuestring));
        if (rc)
            return rc == OAI_ENOMEM ? oai__error_nomem(&a->err) : rc;
    }
    record(a, e, OAI_RESPONSE_CHANGE_TEXT_DELTA, ix, entry);
    return OAI_OK;
}

int oai__resp_merge(oai_response_accumulator *a, const oai__resp_event *e)
{
    const oai__resp_type *t = e->info;
    if (e->output_index < 0)
        return oai__resp_lenient(a, "`%s` event without a valid output_index",
                                 t->name);
    long k = oai__resp_find(a, e->output_index);
    if (t->op == OAI__RESP_ITEM_ADDED || t->op == OAI__RESP_ITEM_DONE)
        return item_event(a, e, k);
    if (k < 0)
        return oai__resp_lenient(a,
                                 "`%s` event for output_index %lld, which "
                                 "has no item",
                                 t->name, e->output_index);
    cJSON *item = a->items[k];
    const char *id = NULL;
    const cJSON *idn = oai__get(item, "id");
    if (cJSON_IsString(idn))
        id = idn->valuestring;
    int rc;
    if (e->item_id && id && strcmp(e->item_id, id) != 0 &&
        (rc = oai__resp_lenient(a,
                                "`%s` event names item `%.80s`, but "
                                "output_index %lld holds `%.80s`",
                                t->name, e->item_id, e->output_index, id)))
        return rc;
    if (t->item_type && !oai__resp_is_type(item, t->item_type))
        return OAI_OK; /* an event of another family changes nothing */
    switch (t->op) {
    case OAI__RESP_PART_ADDED:
    case OAI__RESP_PART_DONE:
        return part_event(a, e, item);
    case OAI__RESP_APPEND:
    case OAI__RESP_SET:
        return text_event(a, e, item);
    case OAI__RESP_STATUS:
        return status_event(a, e, item);
    case OAI__RESP_ANNOTATION:
        return annotation_event(a, e, item);
    default:
        return shell_out_event(a, e, item);
    }
}
