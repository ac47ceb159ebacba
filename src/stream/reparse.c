/* In-place re-parse of a delta event into the previous one's tree
 * (stream/reparse.h). The scan accepts a subset of what cJSON accepts and
 * decodes it the same way; on anything outside that subset it gives up. */
#include "stream/reparse.h"

#include <limits.h>
#include <string.h>

#include "core/json.h"
#include "stream/jscan.h"

#define MAX_DEPTH 16
#define MAX_NODES 256

/* One scan of a text into a tree. */
typedef struct scan {
    const char *end;
    oai__reparser *r; /* capacities of the template's strings */
    int n_str;        /* strings seen so far, in document order */
    int nomem;
} scan;

/* The bytes allocated for the string of node n, the k-th string. */
static size_t *capacity(scan *s, const cJSON *n, int k, size_t *unknown)
{
    if (k >= OAI__REPARSE_CAPS) {
        *unknown = strlen(n->valuestring) + 1;
        return unknown;
    }
    size_t *cap = &s->r->cap[k];
    if (*cap == 0) /* cJSON allocated at least this much */
        *cap = strlen(n->valuestring) + 1;
    return cap;
}

/* A string at p (the opening quote) into node n; the end of the string or
 * NULL (s->nomem set when a larger buffer could not be had). */
static const char *string_into(cJSON *n, const char *p, scan *s)
{
    const char *body = p + 1;
    if (!(p = oai__jscan_string_end(body, s->end)))
        return NULL;
    size_t raw = (size_t)(p - body); /* decoded text is never longer */
    size_t unknown;
    size_t *cap = capacity(s, n, s->n_str++, &unknown);
    char *buf = n->valuestring;
    size_t grown = raw + 1 > *cap * 2 ? raw + 1 : *cap * 2;
    if (raw + 1 > *cap && !(buf = cJSON_malloc(grown))) {
        s->nomem = 1;
        return NULL;
    }
    long len = oai__jscan_decode(body, p, buf);
    if (len < 0) {
        if (buf != n->valuestring)
            cJSON_free(buf);
        return NULL;
    }
    buf[len] = '\0';
    if (buf != n->valuestring) {
        cJSON_free(n->valuestring);
        n->valuestring = buf;
        *cap = grown;
    }
    return p + 1;
}

/* A plain integer into number node n, as cJSON's strtod would read it. */
static const char *number_into(cJSON *n, const char *p, const char *e)
{
    int neg = *p == '-';
    const char *d = p + neg;
    double v = 0;
    const char *q = d;
    while (q < e && *q >= '0' && *q <= '9' && q - d < 15)
        v = v * 10 + (*q++ - '0');
    if (q == d || (q < e && strchr("0123456789.eE+-", *q) && *q))
        return NULL;
    v = neg ? -v : v;
    n->valuedouble = v;
    n->valueint = v >= INT_MAX           ? INT_MAX
                  : v <= (double)INT_MIN ? INT_MIN
                                         : (int)v;
    return q;
}

static const char *value_into(cJSON *n, const char *p, scan *s);

/* The members (object) or elements (array) of n, up to `close`. */
static const char *children_into(cJSON *n, const char *p, char close, scan *s)
{
    const char *e = s->end;
    p = oai__jscan_ws(p, e);
    for (cJSON *c = n->child; c; c = c->next) {
        if (close == '}') { /* the key, byte for byte, then ':' */
            if (p == e || *p++ != '"')
                return NULL;
            const char *k = c->string;
            while (*k && p < e && *p == *k)
                p++, k++;
            if (*k || p == e || *p != '"')
                return NULL;
            p = oai__jscan_ws(p + 1, e);
            if (p == e || *p != ':')
                return NULL;
            p++;
        }
        if (!(p = value_into(c, p, s)))
            return NULL;
        p = oai__jscan_ws(p, e);
        if (p == e || *p != (c->next ? ',' : close))
            return NULL;
        p = c->next ? oai__jscan_ws(p + 1, e) : p;
    }
    return p < e && *p == close ? p + 1 : NULL;
}

static const char *value_into(cJSON *n, const char *p, scan *s)
{
    const char *e = s->end;
    p = oai__jscan_ws(p, e);
    if (p == e)
        return NULL;
    /* any flag but a shared member name: not a plain parsed node */
    switch (n->type & ~cJSON_StringIsConst) {
    case cJSON_Object:
        return *p == '{' ? children_into(n, p + 1, '}', s) : NULL;
    case cJSON_Array:
        return *p == '[' ? children_into(n, p + 1, ']', s) : NULL;
    case cJSON_String:
        return *p == '"' ? string_into(n, p, s) : NULL;
    case cJSON_Number:
        return number_into(n, p, e);
    default: /* null, true, false or nothing we read */
        return oai__jscan_literal(n->type & ~cJSON_StringIsConst, p, e);
    }
}

/* With the capacities of r's template, or none known. */
static int into(oai__reparser *r, cJSON *tree, const char *text, size_t len)
{
    scan s = {text + len, r, 0, 0};
    const char *p = value_into(tree, text, &s);
    /* after the value, only what oai__json_parse() lets trail */
    while (p && p < s.end && strchr(" \t\n\r", *p) && *p)
        p++;
    return s.nomem ? -1 : p == s.end;
}

int oai__reparse_into(cJSON *tree, const char *text, size_t len)
{
    oai__reparser none = {0};
    return into(&none, tree, text, len);
}

/* A tree the scan can match: parsed nodes only, keys the text must spell
 * byte for byte (no quote or backslash), bounded depth and size. */
static int fits(const cJSON *n, int depth, int *nodes)
{
    if (depth > MAX_DEPTH)
        return 0;
    for (; n; n = n->next) {
        if (++*nodes > MAX_NODES || (n->type & ~0xFF) ||
            (n->string && strpbrk(n->string, "\"\\")) ||
            (cJSON_IsString(n) && !n->valuestring) ||
            !fits(n->child, depth + 1, nodes))
            return 0;
    }
    return 1;
}

cJSON *oai__reparse(oai__reparser *r, const char *text, size_t len, int *nomem)
{
    cJSON *t = r->tmpl;
    r->tmpl = NULL;
    int got = t ? into(r, t, text, len) : 0;
    r->out = got > 0 ? t : NULL;
    if (got > 0) {
        *nomem = 0;
        return t;
    }
    cJSON_Delete(t);
    if (got < 0) { /* as the full parse would have failed */
        *nomem = 1;
        return NULL;
    }
    return oai__json_parse_nomem(text, len, nomem);
}

void oai__reparse_done(oai__reparser *r, cJSON *tree, int reuse)
{
    int back = tree && tree == r->out; /* the template: already checked */
    int nodes = 0;
    r->out = NULL;
    if (reuse && tree && !r->tmpl &&
        (back || (cJSON_IsObject(tree) && fits(tree, 0, &nodes)))) {
        if (!back) /* string sizes not known yet */
            memset(r->cap, 0, sizeof r->cap);
        r->tmpl = tree;
        return;
    }
    oai__json_delete(tree);
}

void oai__reparse_forget(oai__reparser *r)
{
    r->out = NULL;
}

void oai__reparse_free(oai__reparser *r)
{
    cJSON_Delete(r->tmpl);
    r->tmpl = NULL;
}
