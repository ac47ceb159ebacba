#include "core/error.h"

#include "core/alloc.h"

#include <stdio.h>
#include <string.h>

const char *oai_strerror(int code)
{
    switch (code) {
    case OAI_OK:
        return "success";
    case OAI_ERROR:
        return "error";
    case OAI_ENOMEM:
        return "out of memory";
    case OAI_EINVAL:
        return "invalid argument";
    case OAI_EFILE:
        return "file error";
    case OAI_ETRANSPORT:
        return "connection error";
    case OAI_ETIMEOUT:
        return "request timed out";
    case OAI_EPROTOCOL:
        return "malformed response (SSE, UTF-8 or JSON)";
    case OAI_EBADREQUEST:
        return "bad request (HTTP 400)";
    case OAI_EAUTH:
        return "authentication failed (HTTP 401)";
    case OAI_EPERM:
        return "permission denied (HTTP 403)";
    case OAI_ENOTFOUND:
        return "not found (HTTP 404)";
    case OAI_ECONFLICT:
        return "conflict (HTTP 409)";
    case OAI_EUNPROCESSABLE:
        return "unprocessable entity (HTTP 422)";
    case OAI_ERATELIMIT:
        return "rate limited (HTTP 429)";
    case OAI_ESERVER:
        return "server error (HTTP 5xx)";
    case OAI_ESTATUS:
        return "HTTP error status";
    case OAI_ESTREAM:
        return "the server sent an error event";
    case OAI_EACCUMULATE:
        return "a stream delta could not be applied";
    case OAI_ELIMIT:
        return "a configured size limit was exceeded";
    case OAI_EUSER:
        return "stopped by a callback";
    case OAI_ECANCELLED:
        return "cancelled";
    case OAI_EPOLLTIMEOUT:
        return "polling deadline exceeded";
    case OAI_ITEROVER:
        return "iteration over";
    case OAI_EAGAIN:
        return "no event ready yet";
    case OAI_ENOTREADY:
        return "no such result";
    case OAI_PAUSE:
        return "paused";
    default:
        return "unknown error code";
    }
}

int oai_code_from_http_status(int status)
{
    if (status < 400)
        return OAI_OK;
    switch (status) {
    case 400:
        return OAI_EBADREQUEST;
    case 401:
        return OAI_EAUTH;
    case 403:
        return OAI_EPERM;
    case 404:
        return OAI_ENOTFOUND;
    case 409:
        return OAI_ECONFLICT;
    case 422:
        return OAI_EUNPROCESSABLE;
    case 429:
        return OAI_ERATELIMIT;
    default:
        return status >= 500 ? OAI_ESERVER : OAI_ESTATUS;
    }
}

void oai__strlcpy_utf8(char *dst, size_t cap, const char *s, size_t n)
{
    if (!cap)
        return;
    if (n >= cap) {
        n = cap - 1;
        /* back off over continuation bytes so no sequence is cut */
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

enum { MESSAGE, TYPE, API_CODE, PARAM, REQUEST_ID, FIELDS };

static void fields(oai_error *p, const char **f[FIELDS])
{
    f[MESSAGE] = &p->message;
    f[TYPE] = &p->type;
    f[API_CODE] = &p->api_code;
    f[PARAM] = &p->param;
    f[REQUEST_ID] = &p->request_id;
}

/* Field k becomes the first n bytes of s (cut to its cap), or NULL when s
 * is NULL or empty. Every string moves into one new block. An error that
 * cannot be kept whole is not kept in part: without the block the store
 * reports OAI_ENOMEM instead, as any other failed allocation does. */
static void put(oai__error_store *e, int k, const char *s, size_t n)
{
    const char **f[FIELDS];
    const void *src[FIELDS];
    size_t len[FIELDS];
    char cut[OAI__ERROR_MESSAGE_CAP];
    fields(&e->pub, f);
    for (int i = 0; i < FIELDS; i++) {
        src[i] = *f[i];
        len[i] = (size_t)-1;
    }
    size_t cap = k == MESSAGE ? sizeof cut : OAI__ERROR_DETAIL_CAP;
    if (s && n >= cap) {
        oai__strlcpy_utf8(cut, cap, s, n);
        s = cut;
        n = strlen(cut);
    }
    src[k] = s && n ? s : NULL;
    len[k] = n;
    char *block = oai__strpack(FIELDS, src, len, f);
    if (!block) {
        oai__error_nomem(e);
        return;
    }
    oai__free(e->text);
    e->text = block;
}

static void put_string(oai__error_store *e, int k, const char *s)
{
    put(e, k, s, s ? strlen(s) : 0);
}

/* An out-of-memory report carries no details (and must not allocate). */
static void put_detail(oai__error_store *e, int k, const char *s, size_t n)
{
    if (e->pub.code != OAI_ENOMEM)
        put(e, k, s, s ? n : 0);
}

void oai__error_clear(oai__error_store *e)
{
    oai__free(e->text);
    e->text = NULL;
    memset(&e->pub, 0, sizeof e->pub);
    e->pub.retry_after_ms = -1;
}

int oai__error_vset(oai__error_store *e, int code, const char *fmt, va_list ap)
{
    /* formatted before the old strings go: an argument may be one of them */
    char buf[OAI__ERROR_MESSAGE_CAP];
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    if (n < 0)
        buf[0] = '\0';
    else if ((size_t)n >= sizeof buf) /* re-cut on a UTF-8 boundary */
        oai__strlcpy_utf8(buf, sizeof buf, buf, sizeof buf - 1);
    oai__error_clear(e);
    e->pub.code = code;
    if (buf[0])
        put_string(e, MESSAGE, buf);
    else
        e->pub.message = oai_strerror(code);
    return e->pub.code;
}

int oai__error_set(oai__error_store *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = oai__error_vset(e, code, fmt, ap);
    va_end(ap);
    return rc;
}

int oai__error_nomem(oai__error_store *e)
{
    oai__error_clear(e);
    e->pub.code = OAI_ENOMEM;
    e->pub.message = oai_strerror(OAI_ENOMEM);
    return OAI_ENOMEM;
}

void oai__error_set_message(oai__error_store *e, const char *message)
{
    if (message && *message)
        put_string(e, MESSAGE, message);
}

void oai__error_set_type(oai__error_store *e, const char *s)
{
    put_detail(e, TYPE, s, s ? strlen(s) : 0);
}
void oai__error_set_api_code(oai__error_store *e, const char *s)
{
    put_detail(e, API_CODE, s, s ? strlen(s) : 0);
}
void oai__error_set_param(oai__error_store *e, const char *s)
{
    put_detail(e, PARAM, s, s ? strlen(s) : 0);
}

void oai__error_set_request_id(oai__error_store *e, const char *s, size_t n)
{
    put_detail(e, REQUEST_ID, s, n);
}

void oai__error_copy(oai__error_store *dst, const oai__error_store *src)
{
    if (dst == src)
        return;
    oai__error_clear(dst);
    dst->pub = src->pub;
    if (!src->text) /* every string is static */
        return;
    const char **f[FIELDS];
    const void *from[FIELDS];
    fields(&dst->pub, f);
    for (int i = 0; i < FIELDS; i++)
        from[i] = *f[i];
    dst->text = oai__strpack(FIELDS, from, NULL, f);
    if (!dst->text) /* no pointer into src may stay */
        oai__error_nomem(dst);
}
