/* Error and small response builders shared by the resource handlers. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <microhttpd.h>

#include "http.h"
#include "util.h"

const char *req_query(const emu_req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct has_ctx {
    const char *name, *value;
    int found;
};

static enum MHD_Result has_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    struct has_ctx *h = cls;
    (void)kind;
    if (key && value && strcmp(key, h->name) == 0 && strcmp(value, h->value) == 0)
        h->found = 1;
    return MHD_YES;
}

int req_query_has(const emu_req *rq, const char *name, const char *value)
{
    struct has_ctx h = {name, value, 0};
    MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, has_iter, &h);
    return h.found;
}

const cJSON *req_field(const emu_req *rq, const char *name)
{
    if (!rq->json)
        return NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(rq->json, name);
    return v;
}

static void verror(emu_resp *rs, int status, const char *type, const char *param, const char *code,
                   const char *fmt, va_list ap)
{
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    cJSON *root = cJSON_CreateObject();
    cJSON *e = cJSON_AddObjectToObject(root, "error");
    cJSON_AddStringToObject(e, "message", msg);
    cJSON_AddStringToObject(e, "type", type);
    if (param)
        cJSON_AddStringToObject(e, "param", param);
    else
        cJSON_AddNullToObject(e, "param");
    if (code)
        cJSON_AddStringToObject(e, "code", code);
    else
        cJSON_AddNullToObject(e, "code");
    cJSON_Delete(rs->json);
    rs->json = root;
    rs->status = status;
}

void resp_error(emu_resp *rs, int status, const char *type, const char *param, const char *code,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(rs, status, type, param, code, fmt, ap);
    va_end(ap);
}

void resp_bad(emu_resp *rs, const char *param, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(rs, 400, "invalid_request_error", param, NULL, fmt, ap);
    va_end(ap);
}

void resp_not_found(emu_resp *rs, const char *what, const char *id)
{
    resp_error(rs, 404, "invalid_request_error", NULL, NULL, "No %s found with id '%s'.", what, id);
}

void resp_json_copy(emu_resp *rs, const cJSON *j)
{
    cJSON_Delete(rs->json);
    rs->json = json_dup(j);
    rs->status = 200;
}

void resp_deleted(emu_resp *rs, const char *id, const char *object)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "id", id);
    cJSON_AddStringToObject(j, "object", object);
    cJSON_AddBoolToObject(j, "deleted", 1);
    cJSON_Delete(rs->json);
    rs->json = j;
    rs->status = 200;
}
