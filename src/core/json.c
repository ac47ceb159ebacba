#include "core/json.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/json_keys.h"
#include "oai/errors.h"

#define GROWABLE(n)                                                            \
    (((n)->type & cJSON_IsReference) && ((n)->type & 0xFF) == cJSON_String)

cJSON *oai__json_parse(const char *text, size_t len)
{
    const char *end = NULL;
    cJSON *c = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!c)
        return NULL;
    /* cJSON stops at the end of the first value; only whitespace may follow */
    const char *stop = text + len;
    while (end && end < stop &&
           (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
        end++;
    if (end != stop) {
        cJSON_Delete(c);
        return NULL;
    }
    oai__json_share_keys(c);
    return c;
}

cJSON *oai__json_parse_nomem(const char *text, size_t len, int *nomem)
{
    unsigned long before = oai__alloc_failures();
    cJSON *c = oai__json_parse(text, len);
    *nomem = !c && oai__alloc_failures() != before;
    return c;
}

int oai_json_parse(oai_json **out, const char *text, size_t len)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    if (!text)
        return OAI_EINVAL;
    int nomem;
    cJSON *c = oai__json_parse_nomem(text, len, &nomem);
    if (!c)
        return nomem ? OAI_ENOMEM : OAI_EPROTOCOL;
    *out = oai__own(c);
    return OAI_OK;
}

int oai_json_parse_cstr(oai_json **out, const char *text)
{
    return oai_json_parse(out, text, text ? strlen(text) : 0);
}

int oai_json_dup(oai_json **out, const oai_json *j)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    if (!j)
        return OAI_EINVAL;
    cJSON *c = cJSON_Duplicate(oai__cj(j), 1);
    if (!c)
        return OAI_ENOMEM;
    *out = oai__own(c);
    return OAI_OK;
}

void oai__json_clear_string(cJSON *n)
{
    if (GROWABLE(n))
        oai__free(n->valuestring);
    else
        cJSON_free(n->valuestring);
    n->valuestring = NULL;
    n->type = (n->type & cJSON_StringIsConst) | cJSON_NULL;
}

/* cJSON_Delete() with the growable strings (ours, not cJSON's) freed on
 * the way: one walk of the tree, not a walk for them and then cJSON's.
 * Like cJSON_Delete(), it also frees the siblings after `n`. */
void oai__json_delete(cJSON *n)
{
    while (n) {
        cJSON *next = n->next;
        if (GROWABLE(n)) {
            oai__free(n->valuestring);
        } else if (!(n->type & cJSON_IsReference)) {
            if (n->child)
                oai__json_delete(n->child);
            if (n->valuestring)
                cJSON_free(n->valuestring);
        }
        if (n->string && !(n->type & cJSON_StringIsConst))
            cJSON_free(n->string);
        cJSON_free(n);
        n = next;
    }
}

void oai_json_free(oai_json *j)
{
    oai__json_delete(oai__cj(j));
}

void oai__json_replace(cJSON *parent, cJSON *old, cJSON *repl)
{
    if (old == repl)
        return;
    /* the member keeps its key: move it from `old` to `repl` */
    if (old->string && !repl->string) {
        repl->string = old->string;
        repl->type |= old->type & cJSON_StringIsConst;
        old->string = NULL;
        old->type &= ~cJSON_StringIsConst;
    }
    /* relink as cJSON_ReplaceItemViaPointer does (child->prev is the tail) */
    repl->next = old->next;
    repl->prev = old->prev;
    if (repl->next)
        repl->next->prev = repl;
    if (parent->child == old) {
        if (old->prev == old)
            repl->prev = repl;
        parent->child = repl;
    } else {
        if (repl->prev)
            repl->prev->next = repl;
        if (!repl->next)
            parent->child->prev = repl;
    }
    old->next = old->prev = NULL;
    oai__json_delete(old);
}

size_t oai__json_str_len(const cJSON *n)
{
    if (!n || (n->type & 0xFF) != cJSON_String || !n->valuestring)
        return 0;
    if (GROWABLE(n))
        return (size_t)n->valueint;
    return strlen(n->valuestring);
}

/* a and b print the same: same types and values, members with the same
 * keys in the same order */
static int same(const cJSON *a, const cJSON *b)
{
    int t = a->type & 0xFF;
    if (t != (b->type & 0xFF))
        return 0;
    if (t == cJSON_Number)
        return a->valuedouble == b->valuedouble;
    if (t == cJSON_Raw)
        return strcmp(a->valuestring, b->valuestring) == 0;
    if (t == cJSON_String) {
        size_t n = oai__json_str_len(a);
        return n == oai__json_str_len(b) &&
               (!n || memcmp(a->valuestring, b->valuestring, n) == 0);
    }
    if (t != cJSON_Array && t != cJSON_Object)
        return 1;
    for (a = a->child, b = b->child; a && b; a = a->next, b = b->next)
        if ((t == cJSON_Object && strcmp(a->string, b->string) != 0) ||
            !same(a, b))
            return 0;
    return !a && !b;
}

/* Both are objects with the same keys in the same order, or arrays of the
 * same length: they can be synchronised member by member. */
static int same_frame(const cJSON *a, const cJSON *b)
{
    int t = a->type & 0xFF;
    if (t != (b->type & 0xFF) || (t != cJSON_Array && t != cJSON_Object))
        return 0;
    for (a = a->child, b = b->child; a && b; a = a->next, b = b->next)
        if (t == cJSON_Object && strcmp(a->string, b->string) != 0)
            return 0;
    return !a && !b;
}

cJSON *oai__json_lend(oai__json_loans *l, cJSON *src)
{
    if (oai__grow_array(&l->v, &l->cap, l->n, sizeof *l->v))
        return NULL;
    cJSON *n = cJSON_CreateNull();
    if (!n)
        return NULL;
    n->type = cJSON_String;
    n->valuestring = src->valuestring;
    l->v[l->n++] = src;
    return n;
}

void oai__json_loans_settle(oai__json_loans *l)
{
    for (size_t i = 0; i < l->n; i++)
        l->v[i]->valuestring = NULL;
    l->n = 0;
}

void oai__json_loans_free(oai__json_loans *l)
{
    oai__free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

/* A string of a parsed tree, not one of our growable ones. */
static int plain_string(const cJSON *n)
{
    return cJSON_IsString(n) && !GROWABLE(n) && n->valuestring;
}

cJSON *oai__json_sync(cJSON *parent, cJSON *old, cJSON *src,
                      oai__json_loans *loans)
{
    if (same(old, src))
        return old;
    if (same_frame(old, src)) {
        cJSON *s = src->child;
        for (cJSON *o = old->child, *next; o; o = next, s = s->next) {
            next = o->next;
            if (!oai__json_sync(old, o, s, loans))
                return NULL;
        }
        return old;
    }
    cJSON *copy = loans && plain_string(src) ? oai__json_lend(loans, src)
                                             : cJSON_Duplicate(src, 1);
    if (copy)
        oai__json_replace(parent, old, copy);
    return copy;
}

int oai__json_str_append(cJSON *n, const char *s, size_t len)
{
    size_t cur = oai__json_str_len(n);
    if (len > (size_t)INT_MAX - cur)
        return OAI_ELIMIT;
    size_t need = cur + len + 1;
    if (GROWABLE(n)) {
        size_t cap = (size_t)n->valuedouble;
        if (need > cap) {
            size_t ncap = cap * 2 > need ? cap * 2 : need;
            char *b = oai__realloc(n->valuestring, ncap);
            if (!b)
                return OAI_ENOMEM;
            n->valuestring = b;
            n->valuedouble = (double)ncap;
        }
    } else {
        /* first append: move the text into a buffer we control */
        size_t ncap = need < 32 ? 32 : need + need / 2;
        char *b = oai__malloc(ncap);
        if (!b)
            return OAI_ENOMEM;
        if (cur)
            memcpy(b, n->valuestring, cur);
        if (n->valuestring)
            cJSON_free(n->valuestring);
        n->valuestring = b;
        n->valuedouble = (double)ncap;
        n->type |= cJSON_IsReference;
    }
    memcpy(n->valuestring + cur, s, len);
    n->valuestring[cur + len] = '\0';
    n->valueint = (int)(cur + len);
    return 0;
}

/* ---- reading ----------------------------------------------------------- */

oai_json_type oai_json_type_of(const oai_json *j)
{
    if (!j)
        return OAI_JSON_INVALID;
    switch (oai__cj(j)->type & 0xFF) {
    case cJSON_NULL:
        return OAI_JSON_NULL;
    case cJSON_False:
    case cJSON_True:
        return OAI_JSON_BOOL;
    case cJSON_Number:
        return OAI_JSON_NUMBER;
    case cJSON_String:
        return OAI_JSON_STRING;
    case cJSON_Array:
        return OAI_JSON_ARRAY;
    case cJSON_Object:
        return OAI_JSON_OBJECT;
    default:
        return OAI_JSON_INVALID;
    }
}

/* The type predicates differ only in the type they test. */
#define IS_TYPE(name, type)                                                    \
    int name(const oai_json *j)                                                \
    {                                                                          \
        return oai_json_type_of(j) == type;                                    \
    }

IS_TYPE(oai_json_is_null, OAI_JSON_NULL)
IS_TYPE(oai_json_is_string, OAI_JSON_STRING)
IS_TYPE(oai_json_is_number, OAI_JSON_NUMBER)
IS_TYPE(oai_json_is_bool, OAI_JSON_BOOL)
IS_TYPE(oai_json_is_object, OAI_JSON_OBJECT)
IS_TYPE(oai_json_is_array, OAI_JSON_ARRAY)

const oai_json *oai_json_get(const oai_json *obj, const char *key)
{
    if (!obj || !key || !cJSON_IsObject(oai__cj(obj)))
        return NULL;
    return oai__view(cJSON_GetObjectItemCaseSensitive(oai__cj(obj), key));
}

size_t oai_json_size(const oai_json *j)
{
    if (!j)
        return 0;
    const cJSON *c = oai__cj(j);
    if (!cJSON_IsArray(c) && !cJSON_IsObject(c))
        return 0;
    size_t n = 0;
    for (const cJSON *e = c->child; e; e = e->next)
        n++;
    return n;
}

const oai_json *oai_json_first(const oai_json *j)
{
    if (!j)
        return NULL;
    const cJSON *c = oai__cj(j);
    if (!cJSON_IsArray(c) && !cJSON_IsObject(c))
        return NULL;
    return oai__view(c->child);
}

const oai_json *oai_json_next(const oai_json *j)
{
    return j ? oai__view(oai__cj(j)->next) : NULL;
}

const oai_json *oai_json_at(const oai_json *j, size_t i)
{
    const oai_json *e = oai_json_first(j);
    while (e && i--)
        e = oai_json_next(e);
    return e;
}

const char *oai_json_key(const oai_json *m)
{
    return m ? oai__cj(m)->string : NULL;
}

const char *oai_json_string(const oai_json *j)
{
    if (!j || (oai__cj(j)->type & 0xFF) != cJSON_String)
        return NULL;
    return oai__cj(j)->valuestring;
}

size_t oai_json_string_len(const oai_json *j)
{
    return oai__json_str_len(oai__cj(j));
}

double oai_json_number(const oai_json *j, double fallback)
{
    if (!j || (oai__cj(j)->type & 0xFF) != cJSON_Number)
        return fallback;
    return oai__cj(j)->valuedouble;
}

int64_t oai_json_int(const oai_json *j, int64_t fallback)
{
    if (!j || (oai__cj(j)->type & 0xFF) != cJSON_Number)
        return fallback;
    double d = oai__cj(j)->valuedouble;
    if (!(d >= -9.2e18 && d <= 9.2e18))
        return fallback;
    return (int64_t)d;
}

int oai_json_bool(const oai_json *j, int fallback)
{
    if (!j)
        return fallback;
    int t = oai__cj(j)->type & 0xFF;
    return t == cJSON_True ? 1 : t == cJSON_False ? 0 : fallback;
}

const oai_json *oai_json_path(const oai_json *j, const char *path)
{
    if (!path)
        return NULL;
    char seg[256];
    const char *p = path;
    while (j && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n == 0 || n >= sizeof seg)
            return NULL;
        memcpy(seg, p, n);
        seg[n] = '\0';
        if (cJSON_IsArray(oai__cj(j))) {
            char *end;
            unsigned long idx = strtoul(seg, &end, 10);
            if (*end || seg[0] == '-' || seg[0] == '+')
                return NULL;
            j = oai_json_at(j, idx);
        } else {
            j = oai_json_get(j, seg);
        }
        p += n;
        if (*p == '.') {
            p++;
            if (!*p)
                return NULL;
        }
    }
    return j;
}

const char *oai_json_path_string(const oai_json *j, const char *path)
{
    return oai_json_string(oai_json_path(j, path));
}

char *oai_json_serialize(const oai_json *j, int pretty)
{
    if (!j)
        return NULL;
    /* cJSON's printer allocates through the same hooks as oai_free() */
    return pretty ? cJSON_Print(oai__cj(j))
                  : cJSON_PrintUnformatted(oai__cj(j));
}

/* ---- building ---------------------------------------------------------- */

int oai_json_new_object(oai_json **out)
{
    if (!out)
        return OAI_EINVAL;
    cJSON *c = cJSON_CreateObject();
    *out = oai__own(c);
    return c ? OAI_OK : OAI_ENOMEM;
}

int oai_json_new_array(oai_json **out)
{
    if (!out)
        return OAI_EINVAL;
    cJSON *c = cJSON_CreateArray();
    *out = oai__own(c);
    return c ? OAI_OK : OAI_ENOMEM;
}

/* Takes ownership of `v` in every case. */
static int set_item(oai_json *obj, const char *key, cJSON *v)
{
    if (!obj || !key || !cJSON_IsObject(oai__cj(obj))) {
        oai__json_delete(v);
        return OAI_EINVAL;
    }
    if (!v)
        return OAI_ENOMEM;
    cJSON *o = oai__cj(obj);
    cJSON *old = cJSON_DetachItemFromObjectCaseSensitive(o, key);
    oai__json_delete(old);
    if (!cJSON_AddItemToObject(o, key, v)) {
        oai__json_delete(v);
        return OAI_ENOMEM;
    }
    return OAI_OK;
}

int oai_json_set_string(oai_json *obj, const char *key, const char *value)
{
    if (!value)
        return OAI_EINVAL;
    return set_item(obj, key, cJSON_CreateString(value));
}

int oai_json_set_number(oai_json *obj, const char *key, double value)
{
    if (!isfinite(value))
        return OAI_EINVAL;
    return set_item(obj, key, cJSON_CreateNumber(value));
}

int oai_json_set_int(oai_json *obj, const char *key, int64_t value)
{
    return set_item(obj, key, cJSON_CreateNumber((double)value));
}

int oai_json_set_bool(oai_json *obj, const char *key, int value)
{
    return set_item(obj, key, cJSON_CreateBool(value ? 1 : 0));
}

int oai_json_set_null(oai_json *obj, const char *key)
{
    return set_item(obj, key, cJSON_CreateNull());
}

int oai_json_set(oai_json *obj, const char *key, const oai_json *value)
{
    if (!value)
        return OAI_EINVAL;
    return set_item(obj, key, cJSON_Duplicate(oai__cj(value), 1));
}

int oai_json_set_raw(oai_json *obj, const char *key, const char *json)
{
    if (!json)
        return OAI_EINVAL;
    cJSON *v = oai__json_parse(json, strlen(json));
    if (!v)
        return OAI_EINVAL;
    return set_item(obj, key, v);
}

int oai_json_remove(oai_json *obj, const char *key)
{
    if (!obj || !key || !cJSON_IsObject(oai__cj(obj)))
        return OAI_EINVAL;
    oai__json_delete(
        cJSON_DetachItemFromObjectCaseSensitive(oai__cj(obj), key));
    return OAI_OK;
}

static int append_item(oai_json *arr, cJSON *v)
{
    if (!arr || !cJSON_IsArray(oai__cj(arr))) {
        oai__json_delete(v);
        return OAI_EINVAL;
    }
    if (!v)
        return OAI_ENOMEM;
    if (!cJSON_AddItemToArray(oai__cj(arr), v)) {
        oai__json_delete(v);
        return OAI_ENOMEM;
    }
    return OAI_OK;
}

int oai_json_append(oai_json *arr, const oai_json *value)
{
    if (!value)
        return OAI_EINVAL;
    return append_item(arr, cJSON_Duplicate(oai__cj(value), 1));
}

int oai_json_append_string(oai_json *arr, const char *value)
{
    if (!value)
        return OAI_EINVAL;
    return append_item(arr, cJSON_CreateString(value));
}

int oai_json_append_raw(oai_json *arr, const char *json)
{
    if (!json)
        return OAI_EINVAL;
    cJSON *v = oai__json_parse(json, strlen(json));
    if (!v)
        return OAI_EINVAL;
    return append_item(arr, v);
}
