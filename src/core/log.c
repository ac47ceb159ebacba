#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void oai__redact(char *buf, size_t cap, const char *secret)
{
    size_t kl = secret ? strlen(secret) : 0;
    if (kl < 4)
        return;
    static const char red[] = "<redacted>";
    const size_t rl = sizeof red - 1;
    char *hit;
    while ((hit = strstr(buf, secret)) != NULL) {
        size_t used = (size_t)(hit - buf);
        size_t tail = strlen(hit + kl) + 1;
        if (used + rl + tail > cap) /* only keys shorter than rl grow it */
            tail = cap - used - rl;
        memmove(hit + rl, hit + kl, tail);
        memcpy(hit, red, rl);
        buf[cap - 1] = '\0';
    }
}

void oai__error_redact(oai__error_store *e, const char *secret)
{
    if (!e->pub.message || !secret || !*secret ||
        !strstr(e->pub.message, secret))
        return;
    char buf[OAI__ERROR_MESSAGE_CAP];
    oai__strlcpy_utf8(buf, sizeof buf, e->pub.message, strlen(e->pub.message));
    oai__redact(buf, sizeof buf, secret);
    oai__error_set_message(e, buf); /* or, out of memory, OAI_ENOMEM */
}

void oai__log_emit(int level, oai_log_fn fn, void *user_data, const char *line)
{
    if (fn)
        fn(level, line, user_data);
    else
        fprintf(stderr, "[oai %s] %s\n",
                level >= OAI_LOG_DEBUG ? "debug" : "info", line);
}

void oai__logf(const oai__logger *l, int level, const char *fmt, ...)
{
    if (!l || l->level < level || l->level <= OAI_LOG_OFF)
        return;
    char line[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    oai__redact(line, sizeof line, l->secret);
    oai__log_emit(level, l->fn, l->user_data, line);
}
