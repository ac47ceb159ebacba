/* Argument checks, string buffers, paths and query strings for the REST
 * resource functions. Nothing here talks to the network. */
#include "resources/rest.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "core/json.h"
#include "http/request.h"

int oai__rest_invalid(oai_client *c, const char *fmt, ...)
{
    if (!c)
        return OAI_EINVAL;
    va_list ap;
    va_start(ap, fmt);
    oai__error_vset(oai__client_error(c), OAI_EINVAL, fmt, ap);
    va_end(ap);
    return OAI_EINVAL;
}

int oai__rest_nomem(oai_client *c)
{
    if (!c)
        return OAI_ENOMEM;
    return oai__error_nomem(oai__client_error(c));
}

int oai__rest_check_id(oai_client *c, const char *name, const char *value)
{
    if (!c)
        return OAI_EINVAL;
    if (!value)
        return oai__rest_invalid(
            c, "Expected a non-empty value for `%s` but received NULL", name);
    if (!*value)
        return oai__rest_invalid(
            c, "Expected a non-empty value for `%s` but received ''", name);
    return OAI_OK;
}

int oai__rest_check_object(oai_client *c, const char *name, const oai_json *j,
                           int optional)
{
    if (!c)
        return OAI_EINVAL;
    if (!j && optional)
        return OAI_OK;
    if (!oai_json_is_object(j))
        return oai__rest_invalid(c, "Expected a JSON object for `%s`", name);
    return OAI_OK;
}

int oai__rest_check_array(oai_client *c, const char *name, const oai_json *j)
{
    if (!c)
        return OAI_EINVAL;
    if (!oai_json_is_array(j))
        return oai__rest_invalid(c, "Expected a JSON array for `%s`", name);
    return OAI_OK;
}

static int is_unreserved(unsigned char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
           (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.' ||
           ch == '~';
}

static int add_escaped(oai__strbuf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        int rc;
        if (is_unreserved(ch)) {
            rc = oai__strbuf_add(b, s, 1);
        } else {
            char e[3] = {'%', hex[ch >> 4], hex[ch & 15]};
            rc = oai__strbuf_add(b, e, 3);
        }
        if (rc)
            return rc;
    }
    return OAI_OK;
}

int oai__rest_path(char **out, oai_client *c, const char *fmt, ...)
{
    oai__strbuf b = {0};
    va_list ap;
    int rc = OAI_OK;
    *out = NULL;
    va_start(ap, fmt);
    for (const char *p = fmt; *p && !rc; p++) {
        if (p[0] == '%' && p[1] == 's') {
            rc = add_escaped(&b, va_arg(ap, const char *));
            p++;
        } else {
            rc = oai__strbuf_add(&b, p, 1);
        }
    }
    va_end(ap);
    if (rc) {
        oai__strbuf_free(&b);
        return oai__rest_nomem(c);
    }
    *out = b.p;
    return OAI_OK;
}

int oai__query_add(oai__strbuf *q, const char *key, const char *value)
{
    int rc = OAI_OK;
    if (q->len)
        rc = oai__strbuf_add(q, "&", 1);
    if (!rc)
        rc = add_escaped(q, key);
    if (!rc)
        rc = oai__strbuf_add(q, "=", 1);
    if (!rc)
        rc = add_escaped(q, value);
    return rc;
}

int oai__query_add_int(oai__strbuf *q, const char *key, long long value)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", value);
    return oai__query_add(q, key, num);
}

int oai__query_add_include(oai__strbuf *q, const char *const *include)
{
    int rc = OAI_OK;
    for (; include && *include && !rc; include++)
        rc = oai__query_add(q, "include[]", *include);
    return rc;
}

static int reject_field(oai_client *c, const char *field)
{
    return oai__rest_invalid(
        c, "`%s` is not a parameter of this list operation", field);
}

/* The text fields of oai_list_options in query order, each with the flag
 * an operation needs to accept it (0: every list operation has it). */
static const struct list_field {
    const char *name;
    size_t offset;
    unsigned flag;
} list_fields[] = {
    {"order", offsetof(oai_list_options, order), 0},
    {"after", offsetof(oai_list_options, after), 0},
    {"before", offsetof(oai_list_options, before), OAI__LIST_BEFORE},
    {"filter", offsetof(oai_list_options, filter), OAI__LIST_FILTER},
    {"run_id", offsetof(oai_list_options, run_id), OAI__LIST_RUN_ID},
    {"purpose", offsetof(oai_list_options, purpose), OAI__LIST_PURPOSE},
};

static const char *list_field(const oai_list_options *o,
                              const struct list_field *f)
{
    return *(const char *const *)((const char *)o + f->offset);
}

int oai__query_add_list(oai__strbuf *q, oai_client *c,
                        const oai_list_options *o, unsigned allowed)
{
    if (!o)
        return OAI_OK;
    if (o->version < 1 || o->version > OAI_LIST_OPTIONS_VERSION)
        return oai__rest_invalid(c, "unsupported oai_list_options version %u",
                                 o->version);
    const size_t n_fields = sizeof list_fields / sizeof *list_fields;
    for (size_t i = 0; i < n_fields; i++) {
        const struct list_field *f = &list_fields[i];
        if (f->flag && list_field(o, f) && !(allowed & f->flag))
            return reject_field(c, f->name);
    }
    if (o->order && strcmp(o->order, "asc") != 0 &&
        strcmp(o->order, "desc") != 0)
        return oai__rest_invalid(
            c, "`order` must be \"asc\" or \"desc\", not \"%s\"", o->order);
    if (o->after && !*o->after)
        return oai__rest_invalid(
            c, "Expected a non-empty value for `after` but received ''");
    if (o->before && !*o->before)
        return oai__rest_invalid(
            c, "Expected a non-empty value for `before` but received ''");

    int rc = OAI_OK;
    if (o->limit > 0)
        rc = oai__query_add_int(q, "limit", o->limit);
    for (size_t i = 0; !rc && i < n_fields; i++) {
        const char *v = list_field(o, &list_fields[i]);
        if (v)
            rc = oai__query_add(q, list_fields[i].name, v);
    }
    if (rc)
        return oai__rest_nomem(c);
    return OAI_OK;
}

static int op_vpath(char **path, oai_client *c, const char *fmt, va_list ap)
{
    const char *vals[4] = {NULL};
    size_t n = 0;
    *path = NULL;
    if (!c)
        return OAI_EINVAL;
    for (;;) {
        const char *name = va_arg(ap, const char *);
        if (!name)
            break;
        const char *val = va_arg(ap, const char *);
        int rc = oai__rest_check_id(c, name, val);
        if (rc)
            return rc;
        if (n == sizeof vals / sizeof vals[0])
            return oai__rest_invalid(c, "internal: too many path ids");
        vals[n++] = val;
    }
    /* the format reads as many values as it has %s */
    return oai__rest_path(path, c, fmt, vals[0], vals[1], vals[2], vals[3]);
}

int oai__rest_op_path(char **path, oai_client *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = op_vpath(path, c, fmt, ap);
    va_end(ap);
    return rc;
}

int oai__rest_check_no_stream(oai_client *c, const oai_json *params)
{
    if (!c)
        return OAI_EINVAL;
    if (oai_json_bool(oai_json_get(params, "stream"), 0))
        return oai__rest_invalid(c, OAI__REST_USE_RUN_STREAM);
    return OAI_OK;
}
