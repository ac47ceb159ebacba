/* The merge of one chunk into the chat completion snapshot: top-level
 * members, choices by index, the delta into the message, tool calls by
 * index. */
#include <limits.h>
#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "stream/chat_acc.h"
#include "stream/merge.h"

/* Put `item` at position `pos` of `array` (or last). Written out because
 * cJSON_InsertItemInArray of some cJSON releases breaks the list when
 * inserting at the head. */
static int insert_at(cJSON *array, int pos, cJSON *item)
{
    cJSON *after = array->child;
    while (after && pos-- > 0)
        after = after->next;
    if (!after)
        return cJSON_AddItemToArray(array, item);
    item->next = after;
    item->prev = after->prev; /* the head's prev is the tail */
    if (after == array->child)
        array->child = item;
    else
        item->prev->next = item;
    after->prev = item;
    return 1;
}

static int add_item(oai_chat_accumulator *a, cJSON *obj, const char *key,
                    cJSON *item)
{
    if (!item || !cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        return oai__error_nomem(&a->err);
    }
    return OAI_OK;
}

/* Member `key` of `obj` when it has cJSON type `type` (cJSON_String,
 * cJSON_Array or cJSON_Object), else a new empty one put in its place;
 * *created says which. NULL when out of memory (error set). */
static cJSON *member_of_type(oai_chat_accumulator *a, cJSON *obj,
                             const char *key, int type, int *created)
{
    cJSON *node = oai__get(obj, key);
    *created = !node || (node->type & 0xFF) != type;
    if (!*created)
        return node;
    cJSON *fresh = type == cJSON_String  ? cJSON_CreateString("")
                   : type == cJSON_Array ? cJSON_CreateArray()
                                         : cJSON_CreateObject();
    if (!fresh) {
        oai__error_nomem(&a->err);
        return NULL;
    }
    if (node)
        oai__json_replace(obj, node, fresh);
    else if (add_item(a, obj, key, fresh))
        return NULL;
    return fresh;
}

/* Append text to string member `key` of `obj`, creating it (or replacing
 * a value that is not a string) first. Amortised O(n). */
static int append_text(oai_chat_accumulator *a, cJSON *obj, const char *key,
                       const char *s, size_t n)
{
    int created;
    cJSON *node = member_of_type(a, obj, key, cJSON_String, &created);
    if (!node)
        return OAI_ENOMEM;
    int rc = oai__json_str_append(node, s, n);
    if (rc == OAI_ENOMEM)
        return oai__error_nomem(&a->err);
    if (rc) {
        oai__error_set(&a->err, OAI_ELIMIT, "the `%s` text passed %d bytes",
                       key, INT_MAX);
    }
    return rc;
}

/* A JSON number holding an integer in 0..OAI__CHAT_MAX_INDEX-1, else -1. */
static long long index_of(const cJSON *v)
{
    long long i;
    if (!cJSON_IsNumber(v) || !oai__json_integer(v, &i) || i < 0 ||
        i >= OAI__CHAT_MAX_INDEX)
        return -1;
    return i;
}

/* Whether `key` is one of the NULL-ended `names`; the first-byte test
 * keeps this cheap on the per-chunk path. */
static int in_list(const char *key, const char *const *names)
{
    for (; *names; names++)
        if (key[0] == (*names)[0] && !strcmp(key, *names))
            return 1;
    return 0;
}

static int merge_top(oai_chat_accumulator *a)
{
    const cJSON *ev = a->ev;
    int first = !a->snap;
    if (first) {
        if (!(a->snap = cJSON_CreateObject()) ||
            !(a->choices = cJSON_AddArrayToObject(a->snap, "choices")))
            return oai__error_nomem(&a->err);
    } else if (!oai__chat_truthy(oai__get(ev, "id"))) {
        return OAI_OK; /* filter annotations and the like: choices only */
    }
    for (const cJSON *m = ev->child; m; m = m->next) {
        static const char *const skip[] = {"choices", "obfuscation", NULL};
        if (in_list(m->string, skip))
            continue;
        /* most chunks repeat id, object, model...: keep equal strings */
        const cJSON *old = first ? NULL : oai__get(a->snap, m->string);
        if (cJSON_IsString(old) && cJSON_IsString(m) &&
            !strcmp(old->valuestring, m->valuestring))
            continue;
        int rc = oai__chat_set_copy(a, a->snap, m->string, m);
        if (rc)
            return rc;
    }
    return OAI_OK;
}

static void index_tools(oai__chat_choice *ch)
{
    memset(ch->tools, 0, OAI__CHAT_MAX_INDEX * sizeof *ch->tools);
    cJSON *tc = oai__get(ch->message, "tool_calls");
    int i = 0;
    for (cJSON *t = cJSON_IsArray(tc) ? tc->child : NULL;
         t && i < OAI__CHAT_MAX_INDEX; t = t->next)
        ch->tools[i++] = t;
}

/* Room in a->choice for index idx (0 <= idx < OAI__CHAT_MAX_INDEX). */
static int choice_slot(oai_chat_accumulator *a, long long idx)
{
    size_t n = (size_t)idx + 1;
    if (n <= a->n_choice)
        return OAI_OK;
    oai__chat_choice **v = oai__realloc(a->choice, n * sizeof *v);
    if (!v)
        return oai__error_nomem(&a->err);
    memset(v + a->n_choice, 0, (n - a->n_choice) * sizeof *v);
    a->choice = v;
    a->n_choice = n;
    return OAI_OK;
}

static int new_choice(oai_chat_accumulator *a, long long idx,
                      const cJSON *finish_reason)
{
    if (choice_slot(a, idx))
        return OAI_ENOMEM;
    oai__chat_choice *ch = oai__calloc(1, sizeof *ch);
    cJSON *node = cJSON_CreateObject();
    if (!ch || !node) {
        oai__free(ch);
        cJSON_Delete(node);
        return oai__error_nomem(&a->err);
    }
    ch->node = node;
    ch->current_tool = ch->last_tool = -1;
    int pos = 0;
    for (long long j = 0; j < idx; j++)
        pos += oai__chat_choice_at(a, j) != NULL;
    if (!insert_at(a->choices, pos, node)) {
        cJSON_Delete(node);
        oai__free(ch);
        return oai__error_nomem(&a->err);
    }
    a->choice[idx] = ch;
    cJSON *fr = oai__chat_nullish(finish_reason)
                    ? cJSON_CreateNull()
                    : cJSON_Duplicate(finish_reason, 1);
    if (add_item(a, node, "finish_reason", fr) ||
        add_item(a, node, "index", cJSON_CreateNumber((double)idx)) ||
        add_item(a, node, "message", cJSON_CreateObject()) ||
        add_item(a, node, "logprobs", cJSON_CreateNull()))
        return OAI_ENOMEM;
    ch->message = oai__get(node, "message");
    return OAI_OK;
}

/* The first non-null logprobs are copied; later ones append their token
 * lists and replace their other members. */
static int merge_logprobs(oai_chat_accumulator *a, cJSON *node, const cJSON *lp)
{
    cJSON *snap = oai__get(node, "logprobs");
    if (!oai__chat_truthy(snap) || !cJSON_IsObject(lp))
        return oai__chat_set_copy(a, node, "logprobs", lp);
    for (const cJSON *m = lp->child; m; m = m->next) {
        int list =
            !strcmp(m->string, "content") || !strcmp(m->string, "refusal");
        if (!list) {
            if (oai__chat_set_copy(a, snap, m->string, m))
                return OAI_ENOMEM;
            continue;
        }
        if (!cJSON_IsArray(m))
            continue;
        int created;
        cJSON *acc = member_of_type(a, snap, m->string, cJSON_Array, &created);
        if (!acc)
            return OAI_ENOMEM;
        for (const cJSON *e = m->child; e; e = e->next) {
            cJSON *copy = cJSON_Duplicate(e, 1);
            if (!copy || !cJSON_AddItemToArray(acc, copy)) {
                cJSON_Delete(copy);
                return oai__error_nomem(&a->err);
            }
        }
    }
    return OAI_OK;
}

/* Reasoning text is appended; a value of another type replaces it, the
 * text so far is kept aside and continued by the next string. */
static int merge_reasoning(oai_chat_accumulator *a, oai__chat_choice *ch, int k,
                           const cJSON *v)
{
    const char *key = oai__chat_reasoning_keys[k];
    cJSON *cur = oai__get(ch->message, key);
    if (cJSON_IsString(v)) {
        if (!cJSON_IsString(cur) && ch->parked[k]) {
            cJSON *text = ch->parked[k];
            ch->parked[k] = NULL;
            if (cur)
                oai__json_replace(ch->message, cur, text);
            else
                cJSON_AddItemToObject(ch->message, key, text);
        }
        return append_text(a, ch->message, key, v->valuestring,
                           strlen(v->valuestring));
    }
    if (cJSON_IsString(cur)) {
        cJSON_DetachItemViaPointer(ch->message, cur);
        oai__json_delete(ch->parked[k]);
        ch->parked[k] = cur;
    }
    return oai__chat_set_copy(a, ch->message, key, v);
}

static int tool_node(oai_chat_accumulator *a, oai__chat_choice *ch,
                     long long idx, cJSON **out)
{
    if (!ch->tools &&
        !(ch->tools = oai__calloc(OAI__CHAT_MAX_INDEX, sizeof *ch->tools)))
        return oai__error_nomem(&a->err);
    if ((*out = ch->tools[idx]))
        return OAI_OK;
    cJSON *list = oai__get(ch->message, "tool_calls");
    cJSON *t = cJSON_CreateObject();
    if (!t || !cJSON_AddNumberToObject(t, "index", (double)idx)) {
        cJSON_Delete(t);
        return oai__error_nomem(&a->err);
    }
    int pos = 0;
    for (long long j = 0; j < idx; j++)
        pos += ch->tools[j] != NULL;
    if (!insert_at(list, pos, t)) {
        cJSON_Delete(t);
        return oai__error_nomem(&a->err);
    }
    *out = ch->tools[idx] = t;
    return OAI_OK;
}

/* `function` (arguments) or `custom` (input) of a tool call: created with
 * the first delta's name or "", name replaced when non-empty, text
 * appended. */
static int merge_body(oai_chat_accumulator *a, cJSON *tool, const cJSON *body,
                      int custom, oai__chat_captured *cap)
{
    const char *key = custom ? "custom" : "function";
    const char *text_key = custom ? "input" : "arguments";
    int created;
    cJSON *snap = member_of_type(a, tool, key, cJSON_Object, &created);
    if (!snap)
        return OAI_ENOMEM;
    const cJSON *name = oai__get(body, "name");
    if (created &&
        (add_item(a, snap, "name",
                  oai__chat_nullish(name) ? cJSON_CreateString("")
                                          : cJSON_Duplicate(name, 1)) ||
         add_item(a, snap, text_key, cJSON_CreateString(""))))
        return OAI_ENOMEM;
    if (oai__chat_truthy(name) && oai__chat_set_copy(a, snap, "name", name))
        return OAI_ENOMEM;
    const cJSON *text = oai__get(body, text_key);
    if (!cJSON_IsString(text))
        return OAI_OK;
    cap->delta = text->valuestring;
    cap->len = strlen(text->valuestring);
    return append_text(a, snap, text_key, cap->delta, cap->len);
}

static int merge_tool(oai_chat_accumulator *a, oai__chat_choice *ch,
                      const cJSON *t)
{
    if (!cJSON_IsObject(t))
        return oai__error_set(&a->err, OAI_EACCUMULATE,
                              "a tool-call delta is not an object");
    const cJSON *iv = oai__get(t, "index");
    long long idx = oai__chat_nullish(iv)
                        ? (ch->last_tool >= 0 ? ch->last_tool : 0)
                        : index_of(iv);
    if (idx < 0)
        return oai__error_set(&a->err, OAI_EACCUMULATE,
                              "a tool-call delta has an invalid index");
    ch->last_tool = idx;
    const cJSON *type = oai__get(t, "type"), *fn = oai__get(t, "function");
    uint64_t bit = (uint64_t)1 << (idx & 63);
    int default_type = !(ch->opened[idx >> 6] & bit) &&
                       oai__chat_nullish(type) && oai__chat_truthy(fn);
    ch->opened[idx >> 6] |= bit;
    cJSON *tool = NULL;
    int rc = tool_node(a, ch, idx, &tool);
    for (const cJSON *m = t->child; !rc && m; m = m->next) {
        static const char *const own[] = {"index",    "id",     "type",
                                          "function", "custom", NULL};
        if (!in_list(m->string, own))
            rc = oai__chat_set_copy(a, tool, m->string, m);
    }
    if (!rc && oai__chat_truthy(oai__get(t, "id")))
        rc = oai__chat_set_copy(a, tool, "id", oai__get(t, "id"));
    if (!rc && (default_type || oai__chat_truthy(type))) {
        cJSON *v = default_type ? cJSON_CreateString("function") : NULL;
        rc = v ? oai__chat_set_copy(a, tool, "type", v)
               : oai__chat_set_copy(a, tool, "type", type);
        cJSON_Delete(v);
    }
    if (rc)
        return rc;
    if (oai__grow_array(&a->captured, &a->cap_captured, a->n_captured,
                        sizeof *a->captured))
        return oai__error_nomem(&a->err);
    oai__chat_captured *cap = &a->captured[a->n_captured++];
    *cap = (oai__chat_captured){idx, "", 0};
    const cJSON *custom = oai__get(t, "custom");
    rc = oai__chat_truthy(fn) ? merge_body(a, tool, fn, 0, cap) : OAI_OK;
    if (!rc && oai__chat_truthy(custom))
        rc = merge_body(a, tool, custom, 1, cap);
    return rc;
}

static int merge_audio(oai_chat_accumulator *a, cJSON *message,
                       const cJSON *audio)
{
    int created;
    cJSON *snap = member_of_type(a, message, "audio", cJSON_Object, &created);
    if (!snap)
        return OAI_ENOMEM;
    static const char *const keys[] = {"id", "data", "transcript",
                                       "expires_at"};
    for (int k = 0; k < 4; k++) {
        const cJSON *v = oai__get(audio, keys[k]);
        int rc = OAI_OK;
        if (oai__chat_nullish(v))
            continue;
        if ((k == 1 || k == 2) && cJSON_IsString(v))
            rc = append_text(a, snap, keys[k], v->valuestring,
                             strlen(v->valuestring));
        else
            rc = oai__chat_set_copy(a, snap, keys[k], v);
        if (rc)
            return rc;
    }
    return OAI_OK;
}

static int merge_function_call(oai_chat_accumulator *a, cJSON *message,
                               const cJSON *fc)
{
    cJSON *snap = oai__get(message, "function_call");
    if (!oai__chat_truthy(snap) || !cJSON_IsObject(snap))
        return oai__chat_set_copy(a, message, "function_call", fc);
    const cJSON *name = oai__get(fc, "name"), *args = oai__get(fc, "arguments");
    if (oai__chat_truthy(name) && oai__chat_set_copy(a, snap, "name", name))
        return OAI_ENOMEM;
    if (oai__chat_truthy(args) && cJSON_IsString(args))
        return append_text(a, snap, "arguments", args->valuestring,
                           strlen(args->valuestring));
    return OAI_OK;
}

/* Only audio.expires_at: an audio choice may end so without a reason. */
static int audio_done_marker(const cJSON *delta)
{
    const cJSON *au = oai__get(delta, "audio");
    return cJSON_GetArraySize(delta) == 1 && cJSON_IsObject(au) &&
           !oai__chat_nullish(oai__get(au, "expires_at")) &&
           oai__chat_nullish(oai__get(au, "id")) &&
           oai__chat_nullish(oai__get(au, "data")) &&
           oai__chat_nullish(oai__get(au, "transcript"));
}

static int is_delta_field(const char *k)
{
    static const char *const std[] = {
        "audio", "content",    "refusal", "function_call",
        "role",  "tool_calls", NULL};
    return in_list(k, std);
}

static int merge_delta(oai_chat_accumulator *a, oai__chat_choice *ch,
                       const cJSON *delta)
{
    cJSON *msg = ch->message;
    int first = !ch->had_delta;
    ch->had_delta = 1;
    ch->audio_done = audio_done_marker(delta);
    int rc = OAI_OK;
    for (const cJSON *m = delta->child; !rc && m; m = m->next) {
        if (is_delta_field(m->string))
            continue;
        int k = 0;
        while (k < OAI__CHAT_N_REASONING &&
               strcmp(m->string, oai__chat_reasoning_keys[k]))
            k++;
        rc = k < OAI__CHAT_N_REASONING
                 ? merge_reasoning(a, ch, k, m)
                 : oai__chat_set_copy(a, msg, m->string, m);
    }
    const cJSON *refusal = oai__get(delta, "refusal");
    if (!rc && oai__chat_truthy(refusal) && cJSON_IsString(refusal))
        rc = append_text(a, msg, "refusal", refusal->valuestring,
                         strlen(refusal->valuestring));
    const cJSON *role = oai__get(delta, "role");
    if (!rc && oai__chat_truthy(role))
        rc = oai__chat_set_copy(a, msg, "role", role);
    else if (!rc && first && !role) /* servers that never send a role */
        rc = add_item(a, msg, "role", cJSON_CreateString("assistant"));
    const cJSON *audio = oai__get(delta, "audio");
    if (!rc && oai__chat_truthy(audio) && cJSON_IsObject(audio))
        rc = merge_audio(a, msg, audio);
    const cJSON *fc = oai__get(delta, "function_call");
    if (!rc && oai__chat_truthy(fc))
        rc = merge_function_call(a, msg, fc);
    const cJSON *content = oai__get(delta, "content");
    if (!rc && cJSON_IsString(content)) /* typed parts are not text */
        rc = append_text(a, msg, "content", content->valuestring,
                         strlen(content->valuestring));
    const cJSON *tools = oai__get(delta, "tool_calls");
    if (rc || !oai__chat_truthy(tools))
        return rc;
    if (!cJSON_IsArray(tools))
        return oai__error_set(&a->err, OAI_EACCUMULATE,
                              "`tool_calls` in a delta is not an array");
    const cJSON *list = oai__get(msg, "tool_calls");
    int created;
    if (!oai__chat_nullish(list) && !cJSON_IsArray(list))
        return oai__error_set(&a->err, OAI_EACCUMULATE,
                              "the message's `tool_calls` is not an array");
    if (!member_of_type(a, msg, "tool_calls", cJSON_Array, &created))
        return OAI_ENOMEM;
    for (const cJSON *t = tools->child; !rc && t; t = t->next)
        rc = merge_tool(a, ch, t);
    return rc;
}

static int rebind_message(oai_chat_accumulator *a, oai__chat_choice *ch)
{
    ch->message = oai__get(ch->node, "message");
    if (!cJSON_IsObject(ch->message))
        return oai__error_set(&a->err, OAI_EACCUMULATE,
                              "the message of choice %.0f is not an object",
                              oai__get(ch->node, "index")->valuedouble);
    if (ch->tools)
        index_tools(ch);
    return OAI_OK;
}

static int merge_choice(oai_chat_accumulator *a, const cJSON *cc)
{
    if (!cJSON_IsObject(cc))
        return oai__error_set(&a->err, OAI_EACCUMULATE,
                              "a choice is not an object");
    long long idx = index_of(oai__get(cc, "index"));
    if (idx < 0)
        return oai__error_set(&a->err, OAI_EACCUMULATE,
                              "a choice has an invalid index");
    const cJSON *delta = oai__get(cc, "delta");
    const cJSON *fr = oai__get(cc, "finish_reason");
    const cJSON *lp = oai__get(cc, "logprobs");
    /* Servers that repeat the whole message next to the delta: the delta
     * alone is the news. */
    int skip_message = cJSON_IsObject(delta) || cJSON_IsArray(delta);
    int rc = oai__chat_choice_at(a, idx) ? OAI_OK : new_choice(a, idx, fr);
    if (rc)
        return rc;
    oai__chat_choice *ch = a->choice[idx];
    if (oai__chat_truthy(lp) && (rc = merge_logprobs(a, ch->node, lp)))
        return rc;
    if (oai__chat_truthy(fr) &&
        (rc = oai__chat_set_copy(a, ch->node, "finish_reason", fr)))
        return rc;
    int message_replaced = 0;
    for (const cJSON *m = cc->child; m; m = m->next) {
        static const char *const own[] = {"delta", "finish_reason", "index",
                                          "logprobs", NULL};
        int is_message = !strcmp(m->string, "message");
        if ((skip_message && is_message) || in_list(m->string, own))
            continue;
        if ((rc = oai__chat_set_copy(a, ch->node, m->string, m)))
            return rc;
        message_replaced |= is_message;
    }
    if (message_replaced && (rc = rebind_message(a, ch)))
        return rc;
    if (oai__grow_array(&a->frames, &a->cap_frames, a->n_frames,
                        sizeof *a->frames))
        return oai__error_nomem(&a->err);
    oai__chat_frame *f = &a->frames[a->n_frames++];
    *f = (oai__chat_frame){ch, idx, NULL, lp, a->n_captured, a->n_captured};
    if (!oai__chat_truthy(delta))
        return OAI_OK;
    ch->audio_done = 0;
    if (!cJSON_IsObject(delta))
        return OAI_OK;
    f->delta = delta;
    rc = merge_delta(a, ch, delta);
    f->cap_to = a->n_captured;
    return rc;
}

int oai__chat_merge(oai_chat_accumulator *a)
{
    int rc = merge_top(a);
    const cJSON *choices = oai__get(a->ev, "choices");
    if (!cJSON_IsArray(choices))
        return rc; /* audio streams send chunks without choices */
    for (const cJSON *c = choices->child; !rc && c; c = c->next)
        rc = merge_choice(a, c);
    return rc;
}
