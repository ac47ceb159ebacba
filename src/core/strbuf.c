#include "core/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "oai/errors.h"

int oai__strbuf_add(oai__strbuf *b, const void *s, size_t n)
{
    if (n > (size_t)-1 - b->len - 1)
        return OAI_ENOMEM;
    if (oai__grow(&b->p, &b->cap, b->len + n + 1))
        return OAI_ENOMEM;
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return OAI_OK;
}

int oai__strbuf_addf(oai__strbuf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return OAI_ERROR;
    if ((size_t)n < sizeof tmp)
        return oai__strbuf_add(b, tmp, (size_t)n);
    /* rare: longer than the stack buffer */
    if (oai__grow(&b->p, &b->cap, b->len + (size_t)n + 1))
        return OAI_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return OAI_OK;
}

char *oai__strbuf_take(oai__strbuf *b)
{
    char *p = b->p;
    b->p = NULL;
    b->len = b->cap = 0;
    return p;
}

void oai__strbuf_free(oai__strbuf *b)
{
    oai__free(oai__strbuf_take(b));
}
