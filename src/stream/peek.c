/* Scanning for a top-level member ("id", "type", "output_index"): the
 * accumulators use it to release what a large event is about to replace
 * before that event is parsed. */
#include "stream/peek.h"

#include <string.h>

static size_t ws(const char *s, size_t n, size_t i)
{
    while (i < n &&
           (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

/* s[i] is the opening quote; returns the index after the closing one, or n. */
static size_t skip_string(const char *s, size_t n, size_t i)
{
    for (i++; i < n; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == '"')
            return i + 1;
    }
    return n;
}

/* Skip one value starting at s[i]; returns the index after it, or n. */
static size_t skip_value(const char *s, size_t n, size_t i)
{
    if (i >= n)
        return n;
    if (s[i] == '"')
        return skip_string(s, n, i);
    if (s[i] != '{' && s[i] != '[') {
        while (i < n && !strchr(",}] \t\r\n", s[i]))
            i++;
        return i;
    }
    size_t depth = 0;
    while (i < n) {
        char c = s[i];
        if (c == '"') {
            i = skip_string(s, n, i);
            continue;
        }
        if (c == '{' || c == '[')
            depth++;
        else if ((c == '}' || c == ']') && --depth == 0)
            return i + 1;
        i++;
    }
    return n;
}

/* The value of top-level member `key`: [*b, *e) of s. 1 when found. */
static int member(const char *s, size_t n, const char *key, size_t *b,
                  size_t *e)
{
    size_t klen = strlen(key);
    size_t i = ws(s, n, 0);
    if (i >= n || s[i] != '{')
        return 0;
    i++;
    for (;;) {
        i = ws(s, n, i);
        if (i >= n || s[i] != '"')
            return 0;
        size_t k = i + 1;
        i = skip_string(s, n, i);
        int is_key = i == k + klen + 1 && memcmp(s + k, key, klen) == 0;
        i = ws(s, n, i);
        if (i >= n || s[i] != ':')
            return 0;
        i = ws(s, n, i + 1);
        size_t end = skip_value(s, n, i);
        if (is_key) {
            *b = i;
            *e = end;
            return end < n; /* a member is followed by , or } */
        }
        i = ws(s, n, end);
        if (i >= n || s[i] != ',')
            return 0;
        i++;
    }
}

int oai__peek_string(const char *s, size_t n, const char *key, char *out,
                     size_t cap)
{
    size_t b, e;
    if (!member(s, n, key, &b, &e) || e - b < 2 || s[b] != '"' ||
        s[e - 1] != '"' || e - b - 2 >= cap ||
        memchr(s + b + 1, '\\', e - b - 2))
        return 0;
    memcpy(out, s + b + 1, e - b - 2);
    out[e - b - 2] = '\0';
    return 1;
}

int oai__peek_index(const char *s, size_t n, const char *key, long long *out)
{
    size_t b, e;
    if (!member(s, n, key, &b, &e) || b == e || e - b > 15)
        return 0;
    long long v = 0;
    for (size_t i = b; i < e; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}
