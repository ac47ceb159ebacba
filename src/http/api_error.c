#include "http/api_error.h"

#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "oai/errors.h"

const cJSON *oai__api_error_object(const cJSON *root)
{
    if (!root)
        return NULL;
    if (cJSON_IsObject(root)) {
        const cJSON *inner = cJSON_GetObjectItemCaseSensitive(root, "error");
        if (inner)
            return inner;
    }
    return root;
}

static const char *str_member(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

void oai__api_error_fields(oai__error_store *e, const cJSON *err_obj)
{
    if (!cJSON_IsObject(err_obj)) {
        oai__error_set_type(e, NULL);
        oai__error_set_api_code(e, NULL);
        oai__error_set_param(e, NULL);
        return;
    }
    oai__error_set_type(e, str_member(err_obj, "type"));
    oai__error_set_param(e, str_member(err_obj, "param"));
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(err_obj, "code");
    if (cJSON_IsNumber(code)) {
        char num[64];
        snprintf(num, sizeof num, "%.17g", code->valuedouble);
        oai__error_set_api_code(e, num);
    } else {
        oai__error_set_api_code(e, cJSON_IsString(code) ? code->valuestring
                                                        : NULL);
    }
}

const char *oai__api_error_message(const cJSON *err_obj)
{
    if (cJSON_IsString(err_obj))
        return err_obj->valuestring;
    if (cJSON_IsObject(err_obj))
        return str_member(err_obj, "message");
    return NULL;
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f' ||
           ch == '\v';
}

int oai__api_error_from_response(oai__error_store *e, int status,
                                 const char *body, size_t len,
                                 const char *request_id, long retry_after_ms)
{
    int code = oai_code_from_http_status(status);
    if (code == OAI_OK) /* not an error status: still report something */
        code = OAI_ESTATUS;
    while (len && body && is_space(body[0])) {
        body++;
        len--;
    }
    while (len && is_space(body[len - 1]))
        len--;

    if (!body || !len) {
        oai__error_set(e, code, "%d status code (no body)", status);
    } else {
        cJSON *root = oai__json_parse(body, len);
        if (!root) {
            oai__error_set(e, code, "%d %.*s", status,
                           (int)(len > 4096 ? 4096 : len), body);
        } else {
            const cJSON *obj = oai__api_error_object(root);
            const char *msg = oai__api_error_message(obj);
            if (msg) {
                oai__error_set(e, code, "%d %s", status, msg);
            } else {
                char *text = cJSON_PrintUnformatted(obj);
                oai__error_set(e, code, "%d %s", status, text ? text : "");
                cJSON_free(text);
            }
            oai__api_error_fields(e, obj);
            cJSON_Delete(root);
        }
    }
    e->pub.http_status = status;
    if (request_id)
        oai__error_set_request_id(e, request_id, strlen(request_id));
    e->pub.retry_after_ms = retry_after_ms;
    return e->pub.code; /* `code`, unless out of memory */
}
