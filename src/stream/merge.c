#include "stream/merge.h"

#include <math.h>
#include <string.h>

#include "core/alloc.h"
#include "core/json.h"

/* Short JSON text of a value for error messages (caller frees with cJSON_free).
 */
static char *brief(const cJSON *v)
{
    char *s = cJSON_PrintUnformatted(v);
    if (s && strlen(s) > 200)
        strcpy(s + 197, "...");
    return s;
}

static int bad(oai__error_store *err, const char *what, const cJSON *v)
{
    char *s = v ? brief(v) : NULL;
    oai__error_set(err, OAI_EACCUMULATE, "%s%s%s", what, s ? "; " : "",
                   s ? s : "");
    if (s)
        cJSON_free(s);
    return OAI_EACCUMULATE;
}

int oai__json_integer(const cJSON *n, long long *out)
{
    if (!cJSON_IsNumber(n))
        return 0;
    double d = n->valuedouble;
    if (!isfinite(d) || d != floor(d) || fabs(d) > 9007199254740992.0)
        return 0;
    *out = (long long)d;
    return 1;
}

int oai__entry_index(const cJSON *e, long long *out, oai__error_store *err)
{
    if (!cJSON_IsObject(e))
        return bad(err, "Unexpected list delta entry is not a dictionary", e);
    const cJSON *ix = oai__get(e, "index");
    if (!ix)
        return bad(err, "Expected list delta entry to have an `index` key", e);
    if (!oai__json_integer(ix, out))
        return bad(err, "list delta entry `index` value is not an integer", ix);
    if (*out < 0)
        return bad(err, "list delta entry `index` value is negative", ix);
    return OAI_OK;
}

cJSON *oai__slot(cJSON *list, long long i)
{
    long long v;
    cJSON *e;
    cJSON_ArrayForEach(e, list)
    {
        const cJSON *ix = cJSON_IsObject(e) ? oai__get(e, "index") : NULL;
        if (ix && oai__json_integer(ix, &v) && v == i)
            return e;
    }
    long long pos = 0;
    cJSON_ArrayForEach(e, list)
    {
        if (pos++ == i)
            return cJSON_IsObject(e) && oai__get(e, "index") ? NULL : e;
    }
    return NULL;
}

static int is_primitive(const cJSON *v)
{
    /* PY's isinstance(x, (str, int, float)) also holds for booleans */
    return cJSON_IsString(v) || cJSON_IsNumber(v) || cJSON_IsBool(v);
}

static int all_primitive(const cJSON *list)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, list)
    {
        if (!is_primitive(e))
            return 0;
    }
    return 1;
}

static int append_copy(cJSON *list, const cJSON *v, oai__error_store *err)
{
    cJSON *c = cJSON_Duplicate(v, 1);
    if (!c || !cJSON_AddItemToArray(list, c)) {
        cJSON_Delete(c);
        return oai__error_nomem(err);
    }
    return OAI_OK;
}

int oai__merge_list(cJSON *acc, const cJSON *delta, oai__error_store *err)
{
    const cJSON *d;
    if (all_primitive(acc) && all_primitive(delta)) {
        cJSON_ArrayForEach(d, delta)
        {
            if (append_copy(acc, d, err))
                return OAI_ENOMEM;
        }
        return OAI_OK;
    }
    cJSON_ArrayForEach(d, delta)
    {
        long long i;
        int rc = oai__entry_index(d, &i, err);
        if (rc)
            return rc;
        cJSON *slot = oai__slot(acc, i);
        if (!slot)
            rc = append_copy(acc, d, err);
        else if (!cJSON_IsObject(slot))
            rc = bad(err, "Unexpected list entry type, not handled yet", slot);
        else
            rc = oai__merge(slot, d, err);
        if (rc)
            return rc;
    }
    return OAI_OK;
}

/* A copy of a delta value for a key that is new (or null) in acc: a list of
 * indexed objects is folded into an empty list first (DEV-7). */
static int copy_value(cJSON **out, const cJSON *v, oai__error_store *err)
{
    *out = NULL;
    int indexed = cJSON_IsArray(v) && v->child;
    const cJSON *e;
    cJSON_ArrayForEach(e, v)
    {
        if (!cJSON_IsObject(e) || !oai__get(e, "index")) {
            indexed = 0;
            break;
        }
    }
    if (!indexed) {
        *out = cJSON_Duplicate(v, 1);
        return *out ? OAI_OK : oai__error_nomem(err);
    }
    cJSON *list = cJSON_CreateArray();
    if (!list)
        return oai__error_nomem(err);
    int rc = oai__merge_list(list, v, err);
    if (rc) {
        oai__json_delete(list);
        return rc;
    }
    *out = list;
    return OAI_OK;
}

static int is_index_or_type(const char *k)
{
    return (k[0] == 'i' && strcmp(k, "index") == 0) ||
           (k[0] == 't' && strcmp(k, "type") == 0);
}

int oai__merge(cJSON *acc, const cJSON *delta, oai__error_store *err)
{
    const cJSON *d;
    cJSON_ArrayForEach(d, delta)
    {
        if (!d->string)
            continue;
        cJSON *a = oai__get(acc, d->string);
        int rc = OAI_OK;
        cJSON *c;
        if (!a || cJSON_IsNull(a)) { /* rules 1, 2 */
            rc = copy_value(&c, d, err);
            if (rc)
                return rc;
            if (a) {
                oai__json_replace(acc, a, c);
            } else if (!cJSON_AddItemToObject(acc, d->string, c)) {
                oai__json_delete(c);
                return oai__error_nomem(err);
            }
        } else if (cJSON_IsNull(d)) { /* rule 3 */
            continue;
        } else if (is_index_or_type(d->string)) { /* rule 4 */
            /* the common case repeats the same value: update in place */
            if (cJSON_IsNumber(a) && cJSON_IsNumber(d)) {
                cJSON_SetNumberHelper(a, d->valuedouble);
                continue;
            }
            if (cJSON_IsString(a) && cJSON_IsString(d) &&
                strcmp(a->valuestring, d->valuestring) == 0)
                continue;
            c = cJSON_Duplicate(d, 1);
            if (!c)
                return oai__error_nomem(err);
            oai__json_replace(acc, a, c);
        } else if (cJSON_IsString(a) && cJSON_IsString(d)) { /* rule 5 */
            rc =
                oai__json_str_append(a, d->valuestring, strlen(d->valuestring));
            if (rc == OAI_ENOMEM)
                return oai__error_nomem(err);
            if (rc) {
                oai__error_set(err, rc, "accumulated string too long");
                return rc;
            }
        } else if (cJSON_IsNumber(a) && cJSON_IsNumber(d)) { /* rule 6 */
            cJSON_SetNumberHelper(a, a->valuedouble + d->valuedouble);
        } else if (cJSON_IsBool(a) && cJSON_IsBool(d)) { /* DEV-8 */
            a->type = (a->type & ~(cJSON_True | cJSON_False)) |
                      (d->type & (cJSON_True | cJSON_False));
        } else if (cJSON_IsObject(a) && cJSON_IsObject(d)) { /* rule 7 */
            rc = oai__merge(a, d, err);
        } else if (cJSON_IsArray(a) && cJSON_IsArray(d)) { /* rule 8 */
            rc = oai__merge_list(a, d, err);
        } /* rule 9: keep */
        if (rc)
            return rc;
    }
    return OAI_OK;
}
