#include "objects.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void obj_copy_field(cJSON *dst, const cJSON *src, const char *key, const cJSON *dflt)
{
    const cJSON *v = src ? cJSON_GetObjectItemCaseSensitive(src, key) : NULL;
    if (v)
        cJSON_AddItemToObject(dst, key, json_dup(v));
    else if (dflt)
        cJSON_AddItemToObject(dst, key, json_dup(dflt));
    else
        cJSON_AddNullToObject(dst, key);
}

void obj_update_field(cJSON *dst, const cJSON *src, const char *key)
{
    const cJSON *v = src ? cJSON_GetObjectItemCaseSensitive(src, key) : NULL;
    if (v)
        json_set(dst, key, json_dup(v));
}

int check_metadata(emu_resp *rs, const cJSON *v, const char *param)
{
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsObject(v)) {
        resp_bad(rs, param, "Invalid type for '%s': expected an object, but got %s instead.", param,
                 cJSON_IsString(v) ? "a string" : "another type");
        return -1;
    }
    int n = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, v)
    {
        if (++n > 16) {
            resp_bad(rs, param, "Invalid '%s': too many properties. Expected an object with at most 16 properties.",
                     param);
            return -1;
        }
        if (!cJSON_IsString(it)) {
            resp_bad(rs, param, "Invalid type for '%s.%s': expected a string.", param, it->string);
            return -1;
        }
        if (strlen(it->valuestring) > 512) {
            resp_bad(rs, param, "Invalid '%s.%s': string too long. Expected a string with maximum length 512.",
                     param, it->string);
            return -1;
        }
    }
    return 0;
}

int check_tools(emu_resp *rs, const cJSON *v, const char *param)
{
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsArray(v)) {
        resp_bad(rs, param, "Invalid type for '%s': expected an array.", param);
        return -1;
    }
    int i = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, v)
    {
        const char *type = cJSON_IsObject(t) ? json_str(t, "type") : NULL;
        char p[64];
        snprintf(p, sizeof p, "%s[%d].type", param, i);
        if (!type) {
            resp_bad(rs, p, "Missing required parameter: '%s'.", p);
            return -1;
        }
        if (strcmp(type, "function") == 0) {
            const cJSON *fn = cJSON_GetObjectItemCaseSensitive(t, "function");
            if (!cJSON_IsObject(fn) || !json_str(fn, "name")) {
                snprintf(p, sizeof p, "%s[%d].function.name", param, i);
                resp_bad(rs, p, "Missing required parameter: '%s'.", p);
                return -1;
            }
        } else if (strcmp(type, "code_interpreter") != 0 && strcmp(type, "file_search") != 0) {
            resp_bad(rs, p,
                     "Invalid value: '%s'. Supported values are: 'code_interpreter', 'function', and 'file_search'.",
                     type);
            return -1;
        }
        i++;
    }
    if (i > 128) {
        resp_bad(rs, param, "Invalid '%s': array too long. Expected an array with maximum length 128.", param);
        return -1;
    }
    return 0;
}

int check_string_opt(emu_resp *rs, const cJSON *body, const char *key)
{
    const cJSON *v = body ? cJSON_GetObjectItemCaseSensitive(body, key) : NULL;
    if (v && !cJSON_IsNull(v) && !cJSON_IsString(v)) {
        resp_bad(rs, key, "Invalid type for '%s': expected a string.", key);
        return -1;
    }
    return 0;
}

static cJSON *text_part(const char *s)
{
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "type", "text");
    cJSON *t = cJSON_AddObjectToObject(p, "text");
    cJSON_AddStringToObject(t, "value", s);
    cJSON_AddArrayToObject(t, "annotations");
    return p;
}

cJSON *content_from_request(emu_resp *rs, const cJSON *content, const char *param)
{
    if (!content) {
        resp_bad(rs, param, "Missing required parameter: '%s'.", param);
        return NULL;
    }
    if (cJSON_IsString(content)) {
        cJSON *arr = cJSON_CreateArray();
        cJSON_AddItemToArray(arr, text_part(content->valuestring));
        return arr;
    }
    if (!cJSON_IsArray(content) || cJSON_GetArraySize(content) == 0) {
        resp_bad(rs, param, "Invalid type for '%s': expected a string or a non-empty array of content parts.", param);
        return NULL;
    }
    cJSON *arr = cJSON_CreateArray();
    int i = 0;
    const cJSON *part;
    cJSON_ArrayForEach(part, content)
    {
        const char *type = cJSON_IsObject(part) ? json_str(part, "type") : NULL;
        char p[96];
        snprintf(p, sizeof p, "%s[%d].type", param, i);
        if (!type) {
            cJSON_Delete(arr);
            resp_bad(rs, p, "Missing required parameter: '%s'.", p);
            return NULL;
        }
        if (strcmp(type, "text") == 0) {
            const char *t = json_str(part, "text");
            if (!t) {
                cJSON_Delete(arr);
                snprintf(p, sizeof p, "%s[%d].text", param, i);
                resp_bad(rs, p, "Missing required parameter: '%s'.", p);
                return NULL;
            }
            cJSON_AddItemToArray(arr, text_part(t));
        } else if (strcmp(type, "image_file") == 0 || strcmp(type, "image_url") == 0) {
            cJSON_AddItemToArray(arr, json_dup(part));
        } else {
            cJSON_Delete(arr);
            resp_bad(rs, p, "Invalid value: '%s'. Supported values are: 'text', 'image_file', and 'image_url'.",
                     type);
            return NULL;
        }
        i++;
    }
    return arr;
}

obj *message_create(emu_resp *rs, obj *thread, const cJSON *req, const char *param)
{
    char p[96];
    const char *role = json_str(req, "role");
    snprintf(p, sizeof p, "%s%srole", param, *param ? "." : "");
    if (!role) {
        resp_bad(rs, p, "Missing required parameter: '%s'.", p);
        return NULL;
    }
    if (strcmp(role, "user") != 0 && strcmp(role, "assistant") != 0) {
        resp_bad(rs, p, "Invalid value: '%s'. Supported values are: 'user' and 'assistant'.", role);
        return NULL;
    }
    snprintf(p, sizeof p, "%s%scontent", param, *param ? "." : "");
    cJSON *content = content_from_request(rs, cJSON_GetObjectItemCaseSensitive(req, "content"), p);
    if (!content)
        return NULL;
    snprintf(p, sizeof p, "%s%smetadata", param, *param ? "." : "");
    if (check_metadata(rs, cJSON_GetObjectItemCaseSensitive(req, "metadata"), p) < 0) {
        cJSON_Delete(content);
        return NULL;
    }
    char id[48];
    make_id(id, sizeof id, "msg_", 24);
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "id", id);
    cJSON_AddStringToObject(m, "object", "thread.message");
    cJSON_AddNumberToObject(m, "created_at", (double)now_s());
    cJSON_AddNullToObject(m, "assistant_id");
    cJSON_AddStringToObject(m, "thread_id", thread->id);
    cJSON_AddNullToObject(m, "run_id");
    cJSON_AddStringToObject(m, "status", "completed");
    cJSON_AddNullToObject(m, "incomplete_details");
    cJSON_AddNullToObject(m, "incomplete_at");
    cJSON_AddNumberToObject(m, "completed_at", (double)now_s());
    cJSON_AddStringToObject(m, "role", role);
    cJSON_AddItemToObject(m, "content", content);
    cJSON *empty = cJSON_CreateArray();
    obj_copy_field(m, req, "attachments", empty);
    cJSON_Delete(empty);
    cJSON *eo = cJSON_CreateObject();
    const cJSON *md = cJSON_GetObjectItemCaseSensitive(req, "metadata");
    if (md && !cJSON_IsNull(md))
        cJSON_AddItemToObject(m, "metadata", json_dup(md));
    else
        cJSON_AddItemToObject(m, "metadata", json_dup(eo));
    cJSON_Delete(eo);
    return store_add(K_MESSAGE, id, thread->id, m);
}

obj *thread_create_from(emu_resp *rs, const cJSON *req, const char *param)
{
    char p[64];
    const cJSON *msgs = req ? cJSON_GetObjectItemCaseSensitive(req, "messages") : NULL;
    snprintf(p, sizeof p, "%s%smessages", param, *param ? "." : "");
    if (msgs && !cJSON_IsNull(msgs) && !cJSON_IsArray(msgs)) {
        resp_bad(rs, p, "Invalid type for '%s': expected an array.", p);
        return NULL;
    }
    snprintf(p, sizeof p, "%s%smetadata", param, *param ? "." : "");
    if (req && check_metadata(rs, cJSON_GetObjectItemCaseSensitive(req, "metadata"), p) < 0)
        return NULL;
    /* Validate every message before creating anything. */
    int i = 0;
    const cJSON *m;
    cJSON_ArrayForEach(m, (cJSON_IsArray(msgs) ? msgs : NULL))
    {
        snprintf(p, sizeof p, "%s%smessages[%d]", param, *param ? "." : "", i);
        if (!cJSON_IsObject(m)) {
            resp_bad(rs, p, "Invalid type for '%s': expected an object.", p);
            return NULL;
        }
        const char *role = json_str(m, "role");
        if (!role || (strcmp(role, "user") != 0 && strcmp(role, "assistant") != 0)) {
            char rp[80];
            snprintf(rp, sizeof rp, "%s.role", p);
            resp_bad(rs, rp, role ? "Invalid value: '%s'. Supported values are: 'user' and 'assistant'."
                                  : "Missing required parameter: '%s'.",
                     role ? role : rp);
            return NULL;
        }
        char cp[80];
        snprintf(cp, sizeof cp, "%s.content", p);
        cJSON *c = content_from_request(rs, cJSON_GetObjectItemCaseSensitive(m, "content"), cp);
        if (!c)
            return NULL;
        cJSON_Delete(c);
        i++;
    }
    char id[48];
    make_id(id, sizeof id, "thread_", 24);
    cJSON *t = cJSON_CreateObject();
    cJSON_AddStringToObject(t, "id", id);
    cJSON_AddStringToObject(t, "object", "thread");
    cJSON_AddNumberToObject(t, "created_at", (double)now_s());
    const cJSON *md = req ? cJSON_GetObjectItemCaseSensitive(req, "metadata") : NULL;
    if (md && !cJSON_IsNull(md))
        cJSON_AddItemToObject(t, "metadata", json_dup(md));
    else
        cJSON_AddObjectToObject(t, "metadata");
    const cJSON *tr = req ? cJSON_GetObjectItemCaseSensitive(req, "tool_resources") : NULL;
    if (tr && !cJSON_IsNull(tr))
        cJSON_AddItemToObject(t, "tool_resources", json_dup(tr));
    else
        cJSON_AddObjectToObject(t, "tool_resources");
    obj *th = store_add(K_THREAD, id, NULL, t);
    cJSON_ArrayForEach(m, (cJSON_IsArray(msgs) ? msgs : NULL))
    {
        message_create(rs, th, m, "");
    }
    return th;
}

char *thread_last_user_text(const char *thread_id)
{
    size_t n;
    obj **msgs = store_list(K_MESSAGE, thread_id, &n);
    char *out = NULL;
    for (size_t i = n; i-- > 0 && !out;) {
        const char *role = json_str(msgs[i]->j, "role");
        if (!role || strcmp(role, "user") != 0)
            continue;
        ebuf b = {0};
        const cJSON *part;
        cJSON_ArrayForEach(part, cJSON_GetObjectItemCaseSensitive(msgs[i]->j, "content"))
        {
            const char *type = json_str(part, "type");
            if (type && strcmp(type, "text") == 0) {
                const char *v = json_str(cJSON_GetObjectItemCaseSensitive(part, "text"), "value");
                if (v) {
                    if (b.len)
                        ebuf_adds(&b, " ");
                    ebuf_adds(&b, v);
                }
            }
        }
        out = b.p ? b.p : xstrdup("");
    }
    free(msgs);
    return out ? out : xstrdup("");
}

int thread_active_run(const char *thread_id, const char **run_id)
{
    size_t n;
    obj **runs = store_list(K_RUN, thread_id, &n);
    int active = 0;
    for (size_t i = n; i-- > 0 && !active;) {
        const char *st = json_str(runs[i]->j, "status");
        if (st && (strcmp(st, "queued") == 0 || strcmp(st, "in_progress") == 0 ||
                   strcmp(st, "requires_action") == 0 || strcmp(st, "cancelling") == 0)) {
            active = 1;
            if (run_id)
                *run_id = runs[i]->id;
        }
    }
    free(runs);
    return active;
}
