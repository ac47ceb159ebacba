/* Scanning for a top-level "id": the stream uses it to release a snapshot
 * that a large event is about to replace before that event is parsed. */
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

int oai__peek_id(const char *s, size_t n, char *out, size_t cap)
{
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
        int is_id = i == k + 3 && memcmp(s + k, "id\"", 3) == 0;
        i = ws(s, n, i);
        if (i >= n || s[i] != ':')
            return 0;
        i = ws(s, n, i + 1);
        if (is_id) {
            if (i >= n || s[i] != '"')
                return 0;
            size_t b = i + 1, e = b;
            while (e < n && s[e] != '"' && s[e] != '\\')
                e++;
            if (e >= n || s[e] != '"' || e - b >= cap)
                return 0;
            memcpy(out, s + b, e - b);
            out[e - b] = '\0';
            return 1;
        }
        i = ws(s, n, skip_value(s, n, i));
        if (i >= n || s[i] != ',')
            return 0;
        i++;
    }
}
