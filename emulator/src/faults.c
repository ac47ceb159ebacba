#include "faults.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int num(const char *v, long *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end || x < 0)
        return -1;
    *out = x;
    return 0;
}

int fault_parse(fault *f, const char *spec, const char **why)
{
    memset(f, 0, sizeof *f);
    f->cut_after = -1;
    *why = NULL;
    char *copy = xstrdup(spec), *save = NULL;
    for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        while (*tok == ' ')
            tok++;
        if (!*tok)
            continue;
        char *eq = strchr(tok, '=');
        if (!eq) {
            *why = "fault item without '='";
            goto bad;
        }
        *eq = '\0';
        char *k = tok, *v = eq + 1;
        for (char *e = k + strlen(k); e > k && e[-1] == ' ';)
            *--e = '\0';
        long x = 0;
        if (strcmp(k, "retry-after") == 0)
            snprintf(f->retry_after, sizeof f->retry_after, "%s", v);
        else if (strcmp(k, "retry-after-ms") == 0)
            snprintf(f->retry_after_ms, sizeof f->retry_after_ms, "%s", v);
        else if (strcmp(k, "x-should-retry") == 0 || strcmp(k, "should-retry") == 0)
            snprintf(f->should_retry, sizeof f->should_retry, "%s", v);
        else if (num(v, &x) < 0) {
            *why = "fault value must be a non-negative integer";
            goto bad;
        } else if (strcmp(k, "status") == 0) {
            if (x < 100 || x > 599) {
                *why = "fault status must be 100..599";
                goto bad;
            }
            f->status = (int)x;
        } else if (strcmp(k, "count") == 0)
            f->count = x;
        else if (strcmp(k, "stall-ms") == 0)
            f->stall_ms = x;
        else if (strcmp(k, "stall-body-ms") == 0)
            f->stall_body_ms = x;
        else if (strcmp(k, "linger-ms") == 0)
            f->linger_ms = x;
        else if (strcmp(k, "cut-after") == 0)
            f->cut_after = x;
        else if (strcmp(k, "chunk") == 0)
            f->chunk = x;
        else if (strcmp(k, "chunk-delay-ms") == 0)
            f->chunk_delay_ms = x;
        else if (strcmp(k, "keepalive") == 0)
            f->keepalive = x != 0;
        else if (strcmp(k, "malformed") == 0)
            f->malformed = x != 0;
        else {
            *why = "unknown fault key";
            goto bad;
        }
    }
    free(copy);
    f->active = 1;
    return 0;
bad:
    free(copy);
    return -1;
}

struct counter {
    char *spec;
    long seen;
    struct counter *next;
};
static struct counter *counters;

int fault_take(const char *spec, const fault *f)
{
    if (f->count <= 0)
        return 1;
    struct counter *c = counters;
    while (c && strcmp(c->spec, spec) != 0)
        c = c->next;
    if (!c) {
        c = xcalloc(1, sizeof *c);
        c->spec = xstrdup(spec);
        c->next = counters;
        counters = c;
    }
    c->seen++;
    return c->seen <= f->count;
}

void faults_free(void)
{
    while (counters) {
        struct counter *n = counters->next;
        free(counters->spec);
        free(counters);
        counters = n;
    }
}
