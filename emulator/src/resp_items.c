#include "resp_items.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static cJSON *text_part(const char *role, const char *text)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(
        p, "type",
        role && strcmp(role, "assistant") == 0 ? "output_text" : "input_text");
    cJSON_AddStringToObject(p, "text", text);
    if (role && strcmp(role, "assistant") == 0) {
        cJSON_AddArrayToObject(p, "annotations");
        cJSON_AddArrayToObject(p, "logprobs");
    }
    return p;
}

static cJSON *message_item(emu_resp *rs, const cJSON *in, const char *param)
{
    const char *role = json_str(in, "role");
    if (!role || (strcmp(role, "user") && strcmp(role, "assistant") &&
                  strcmp(role, "system") && strcmp(role, "developer"))) {
        resp_bad(rs, param,
                 "Invalid value for '%s.role': expected one of 'user', "
                 "'assistant', 'system' or "
                 "'developer'.",
                 param);
        return NULL;
    }
    const cJSON *content = cJSON_GetObjectItemCaseSensitive(in, "content");
    if (!cJSON_IsString(content) && !cJSON_IsArray(content)) {
        resp_bad(rs, param,
                 "Invalid type for '%s.content': expected a string or an array "
                 "of content parts.",
                 param);
        return NULL;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(in, "id");
    char mid[64];
    make_id(mid, sizeof mid, "msg_", 48);
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "id",
                            cJSON_IsString(id) ? id->valuestring : mid);
    cJSON_AddStringToObject(m, "type", "message");
    cJSON_AddStringToObject(m, "status", "completed");
    cJSON *parts = cJSON_AddArrayToObject(m, "content");
    if (cJSON_IsString(content)) {
        cJSON_AddItemToArray(parts, text_part(role, content->valuestring));
    } else {
        const cJSON *p;
        cJSON_ArrayForEach(p, content)
        {
            if (!cJSON_IsObject(p) || !json_str(p, "type")) {
                resp_bad(rs, param,
                         "Invalid content part in '%s.content': expected an "
                         "object with a 'type'.",
                         param);
                cJSON_Delete(m);
                return NULL;
            }
            cJSON_AddItemToArray(parts, json_dup(p));
        }
    }
    cJSON_AddStringToObject(m, "role", role);
    return m;
}

static cJSON *typed_item(emu_resp *rs, const cJSON *in, const char *type,
                         const char *param)
{
    if (strcmp(type, "function_call_output") == 0) {
        if (!json_str(in, "call_id")) {
            resp_bad(rs, param, "Missing required parameter: '%s.call_id'.",
                     param);
            return NULL;
        }
        const cJSON *out = cJSON_GetObjectItemCaseSensitive(in, "output");
        if (!cJSON_IsString(out) && !cJSON_IsArray(out)) {
            resp_bad(rs, param, "Missing required parameter: '%s.output'.",
                     param);
            return NULL;
        }
    }
    cJSON *it = json_dup(in);
    if (!json_str(it, "id")) {
        char id[64];
        const char *prefix = strcmp(type, "function_call_output") == 0 ? "fco_"
                             : strcmp(type, "function_call") == 0      ? "fc_"
                             : strcmp(type, "reasoning") == 0          ? "rs_"
                                                              : "item_";
        make_id(id, sizeof id, prefix, 48);
        /* the id goes first, as in the items the API returns */
        cJSON *first = cJSON_CreateObject();
        cJSON_AddStringToObject(first, "id", id);
        cJSON *f;
        cJSON_ArrayForEach(f, it)
        {
            cJSON_AddItemToObject(first, f->string, json_dup(f));
        }
        cJSON_Delete(it);
        it = first;
    }
    if (!cJSON_GetObjectItemCaseSensitive(it, "status") &&
        strcmp(type, "reasoning") != 0)
        cJSON_AddStringToObject(it, "status", "completed");
    return it;
}

cJSON *items_normalize(emu_resp *rs, const cJSON *input, const char *param)
{
    cJSON *out = cJSON_CreateArray();
    if (!input || cJSON_IsNull(input))
        return out;
    if (cJSON_IsString(input)) {
        cJSON *m = cJSON_CreateObject();
        cJSON_AddStringToObject(m, "role", "user");
        cJSON_AddStringToObject(m, "content", input->valuestring);
        cJSON_AddItemToArray(out, message_item(rs, m, param));
        cJSON_Delete(m);
        return out;
    }
    if (!cJSON_IsArray(input)) {
        resp_bad(
            rs, param,
            "Invalid type for '%s': expected a string or an array of items.",
            param);
        cJSON_Delete(out);
        return NULL;
    }
    int i = 0;
    const cJSON *in;
    cJSON_ArrayForEach(in, input)
    {
        char p[64];
        snprintf(p, sizeof p, "%s[%d]", param, i++);
        if (!cJSON_IsObject(in)) {
            resp_bad(rs, p, "Invalid type for '%s': expected an object.", p);
            cJSON_Delete(out);
            return NULL;
        }
        const char *type = json_str(in, "type");
        cJSON *it = !type || strcmp(type, "message") == 0
                        ? message_item(rs, in, p)
                        : typed_item(rs, in, type, p);
        if (!it) {
            cJSON_Delete(out);
            return NULL;
        }
        cJSON_AddItemToArray(out, it);
    }
    return out;
}

void items_store(enum obj_kind kind, const char *parent, const cJSON *items)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        const char *id = json_str(it, "id");
        store_add(kind, id ? id : "", parent, json_dup(it));
    }
}

obj *items_get(enum obj_kind kind, const char *parent, const char *id)
{
    char key[160];
    snprintf(key, sizeof key, "%s/%s", parent, id);
    return store_get(kind, key);
}

char *items_last_user_text(const cJSON *items)
{
    for (int i = cJSON_GetArraySize(items) - 1; i >= 0; i--) {
        const cJSON *it = cJSON_GetArrayItem(items, i);
        const char *role = json_str(it, "role");
        if (!role || strcmp(role, "user") != 0)
            continue;
        ebuf b = {0};
        const cJSON *p;
        cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(it, "content"))
        {
            const char *t = json_str(p, "text");
            if (t)
                ebuf_adds(&b, t);
        }
        return b.p ? b.p : xstrdup("");
    }
    return NULL;
}
