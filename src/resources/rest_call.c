/* Endpoints as data (rest.h): the checks, path, query and body every
 * resource call shares, then one request or one list page / pager. */
#include <stdarg.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "resources/rest.h"

/* The ids of a call (as many as e->ids names, read from `ap`), each checked
 * non-empty in order, and the path made from them. */
static int endpoint_path(char **path, const char **ids, oai_client *c,
                         const oai__endpoint *e, va_list ap)
{
    *path = NULL;
    for (size_t i = 0; i < OAI__REST_MAX_IDS && e->ids[i]; i++) {
        ids[i] = va_arg(ap, const char *);
        int rc = oai__rest_check_id(c, e->ids[i], ids[i]);
        if (rc)
            return rc;
    }
    /* the format reads as many ids as it has %s */
    return oai__rest_path(path, c, e->path, ids[0], ids[1], ids[2]);
}

/* The body of a call into *owned (NULL when none or when it is `params`
 * itself, then *body is set to the document to send). */
static int endpoint_body(cJSON **owned, const cJSON **body, oai_client *c,
                         const oai__endpoint *e, const char *const *ids,
                         const oai_json *params)
{
    *owned = NULL;
    *body = NULL;
    if (e->body || e->array) {
        int rc = e->body ? e->body(owned, c, ids, params)
                         : oai__rest_array_body(owned, c, e->array, params);
        *body = *owned;
        return rc;
    }
    if (!(e->flags & (OAI__REST_PARAMS | OAI__REST_PARAMS_OPT)))
        return OAI_OK;
    int optional = (e->flags & OAI__REST_PARAMS_OPT) != 0;
    int rc = oai__rest_check_object(c, "params", params, optional);
    if (!rc && e->no_stream && oai_json_bool(oai_json_get(params, "stream"), 0))
        rc = oai__rest_invalid(c, "%s", e->no_stream);
    if (rc)
        return rc;
    if (params) {
        *body = oai__cj(params);
        return OAI_OK;
    }
    *owned = cJSON_CreateObject();
    *body = *owned;
    return *owned ? OAI_OK : oai__rest_nomem(c);
}

int oai__rest_array_body(cJSON **out, oai_client *c, const char *key,
                         const oai_json *items)
{
    *out = NULL;
    int rc = oai__rest_check_array(c, key, items);
    if (rc)
        return rc;
    cJSON *body = cJSON_CreateObject();
    cJSON *copy = cJSON_Duplicate(oai__cj(items), 1);
    if (!body || !copy || !cJSON_AddItemToObject(body, key, copy)) {
        cJSON_Delete(body);
        cJSON_Delete(copy);
        return oai__rest_nomem(c);
    }
    *out = body;
    return OAI_OK;
}

int oai__rest_call(oai_json **out, oai_client *c, const oai__endpoint *e,
                   const oai_json *params, const char *const *include,
                   const oai_request_options *ropts, ...)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return OAI_EINVAL;
    const char *ids[OAI__REST_MAX_IDS] = {NULL};
    char *path = NULL;
    cJSON *owned = NULL;
    const cJSON *body = NULL;
    oai__strbuf q = {0};
    va_list ap;
    va_start(ap, ropts);
    int rc = endpoint_path(&path, ids, c, e, ap);
    va_end(ap);
    if (!rc)
        rc = endpoint_body(&owned, &body, c, e, ids, params);
    if (!rc && oai__query_add_include(&q, include))
        rc = oai__rest_nomem(c);
    if (!rc)
        rc = oai__rest_send(out, c, e->method, path, q.p, body, ropts);
    oai__strbuf_free(&q);
    cJSON_Delete(owned);
    oai__free(path);
    return rc;
}

int oai__rest_page(oai_json **list, oai_pager **pager, oai_client *c,
                   const oai__endpoint *e, const oai_list_options *o,
                   const char *const *include, const oai_request_options *ropts,
                   ...)
{
    if (list)
        *list = NULL;
    if (pager)
        *pager = NULL;
    if ((!list && !pager) || !c)
        return OAI_EINVAL;
    const char *ids[OAI__REST_MAX_IDS] = {NULL};
    char *path = NULL;
    va_list ap;
    va_start(ap, ropts);
    int rc = endpoint_path(&path, ids, c, e, ap);
    va_end(ap);
    if (!rc && list)
        rc = oai__rest_list(list, c, path, o, include, e->list, ropts);
    else if (!rc)
        rc = oai__pager_new(pager, c, path, o, include, e->list, ropts);
    oai__free(path);
    return rc;
}
