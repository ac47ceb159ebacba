#include "http/headers.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"
#include "oai/errors.h"

/* RFC 9110 token characters */
static int is_tchar(unsigned char ch)
{
    if ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
        (ch >= 'A' && ch <= 'Z'))
        return 1;
    return ch && strchr("!#$%&'*+-.^_`|~", ch) != NULL;
}

int oai__header_line_valid(const char *line)
{
    if (!line)
        return 0;
    const char *colon = strchr(line, ':');
    if (!colon || colon == line)
        return 0;
    for (const char *p = line; p < colon; p++)
        if (!is_tchar((unsigned char)*p))
            return 0;
    /* a CR or LF would let a value inject further headers */
    return strpbrk(colon, "\r\n") == NULL;
}

int oai__header_name_is(const char *line, const char *name)
{
    size_t n = strlen(name);
    return strncasecmp(line, name, n) == 0 && line[n] == ':';
}

static size_t name_len(const char *line)
{
    return (size_t)(strchr(line, ':') - line);
}

int oai__hdrs_set(oai__hdrs *h, const char *line)
{
    if (!oai__header_line_valid(line))
        return OAI_EINVAL;
    /* normalise "Name:   value" to "Name: value" and "Name:  " to "Name:" */
    size_t nl = name_len(line);
    const char *v = line + nl + 1;
    while (*v == ' ' || *v == '\t')
        v++;
    size_t vl = strlen(v);
    while (vl && (v[vl - 1] == ' ' || v[vl - 1] == '\t'))
        vl--;
    char *copy = oai__malloc(nl + 2 + vl + 1);
    if (!copy)
        return OAI_ENOMEM;
    memcpy(copy, line, nl);
    if (vl) {
        memcpy(copy + nl, ": ", 2);
        memcpy(copy + nl + 2, v, vl);
        copy[nl + 2 + vl] = '\0';
    } else {
        copy[nl] = ':';
        copy[nl + 1] = '\0';
    }
    for (size_t i = 0; i < h->n; i++) {
        if (name_len(h->lines[i]) == nl &&
            strncasecmp(h->lines[i], line, nl) == 0) {
            oai__free(h->lines[i]);
            h->lines[i] = copy;
            return OAI_OK;
        }
    }
    if (oai__grow_array(&h->lines, &h->cap, h->n, sizeof *h->lines)) {
        oai__free(copy);
        return OAI_ENOMEM;
    }
    h->lines[h->n++] = copy;
    return OAI_OK;
}

int oai__hdrs_set2(oai__hdrs *h, const char *name, const char *value)
{
    char buf[1024];
    int n = snprintf(buf, sizeof buf, "%s: %s", name, value);
    if (n < 0 || (size_t)n < sizeof buf)
        return oai__hdrs_set(h, buf);
    char *big = oai__malloc((size_t)n + 1);
    if (!big)
        return OAI_ENOMEM;
    snprintf(big, (size_t)n + 1, "%s: %s", name, value);
    int rc = oai__hdrs_set(h, big);
    oai__free(big);
    return rc;
}

const char *oai__hdrs_get(const oai__hdrs *h, const char *name)
{
    for (size_t i = 0; i < h->n; i++)
        if (oai__header_name_is(h->lines[i], name))
            return h->lines[i];
    return NULL;
}

struct curl_slist *oai__hdrs_slist(const oai__hdrs *h, int *enomem)
{
    struct curl_slist *l = NULL;
    *enomem = 0;
    for (size_t i = 0; i < h->n; i++) {
        struct curl_slist *n = curl_slist_append(l, h->lines[i]);
        if (!n) {
            curl_slist_free_all(l);
            *enomem = 1;
            return NULL;
        }
        l = n;
    }
    return l;
}

void oai__hdrs_free(oai__hdrs *h)
{
    for (size_t i = 0; i < h->n; i++)
        oai__free(h->lines[i]);
    oai__free(h->lines);
    h->lines = NULL;
    h->n = h->cap = 0;
}

const char *oai__header_find(const char *block, size_t len, const char *name)
{
    if (!block || !name)
        return NULL;
    const char *p = block, *end = block + len;
    size_t nl = strlen(name);
    while (p < end) {
        size_t l = strlen(p);
        if (l > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ' || *v == '\t')
                v++;
            return v;
        }
        p += l + 1;
    }
    return NULL;
}
