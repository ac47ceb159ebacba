#include "core/error.h"

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

static const char *set_field(char *buf, size_t cap, const char *s)
{
    if (!s || !*s)
        return NULL;
    oai__strlcpy_utf8(buf, cap, s, strlen(s));
    return buf;
}

void oai__error_clear(oai__error_store *e)
{
    memset(&e->pub, 0, sizeof e->pub);
    e->pub.retry_after_ms = -1;
    e->message[0] = '\0';
}

int oai__error_vset(oai__error_store *e, int code, const char *fmt, va_list ap)
{
    oai__error_clear(e);
    e->pub.code = code;
    int n = vsnprintf(e->message, sizeof e->message, fmt, ap);
    if (n < 0)
        e->message[0] = '\0';
    else if ((size_t)n >= sizeof e->message) /* re-cut on a UTF-8 boundary */
        oai__strlcpy_utf8(e->message, sizeof e->message, e->message,
                          sizeof e->message - 1);
    if (!e->message[0])
        snprintf(e->message, sizeof e->message, "%s", oai_strerror(code));
    e->pub.message = e->message;
    return code;
}

int oai__error_set(oai__error_store *e, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    oai__error_vset(e, code, fmt, ap);
    va_end(ap);
    return code;
}

int oai__error_nomem(oai__error_store *e)
{
    return oai__error_set(e, OAI_ENOMEM, "%s", "out of memory");
}

void oai__error_set_type(oai__error_store *e, const char *s)
{
    e->pub.type = set_field(e->type, sizeof e->type, s);
}
void oai__error_set_api_code(oai__error_store *e, const char *s)
{
    e->pub.api_code = set_field(e->api_code, sizeof e->api_code, s);
}
void oai__error_set_param(oai__error_store *e, const char *s)
{
    e->pub.param = set_field(e->param, sizeof e->param, s);
}

void oai__error_set_request_id(oai__error_store *e, const char *s, size_t n)
{
    if (!s || !n) {
        e->pub.request_id = NULL;
        return;
    }
    oai__strlcpy_utf8(e->request_id, sizeof e->request_id, s, n);
    e->pub.request_id = e->request_id;
}

void oai__error_copy(oai__error_store *dst, const oai__error_store *src)
{
    if (dst == src)
        return;
    memcpy(dst, src, sizeof *dst);
    /* re-point the public strings at dst's own buffers */
#define REPOINT(field, buf) dst->pub.field = src->pub.field ? dst->buf : NULL
    REPOINT(message, message);
    REPOINT(type, type);
    REPOINT(api_code, api_code);
    REPOINT(param, param);
    REPOINT(request_id, request_id);
#undef REPOINT
}
