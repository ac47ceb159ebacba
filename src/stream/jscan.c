/* JSON text as cJSON reads it (stream/jscan.h). */
#include "stream/jscan.h"

#include <cJSON.h>
#include <string.h>

const char *oai__jscan_ws(const char *p, const char *end)
{
    while (p < end && (unsigned char)*p <= 32)
        p++;
    return p;
}

const char *oai__jscan_literal(int type, const char *p, const char *end)
{
    const char *word = type == cJSON_NULL    ? "null"
                       : type == cJSON_True  ? "true"
                       : type == cJSON_False ? "false"
                                             : NULL;
    if (!word)
        return NULL;
    size_t n = strlen(word);
    return (size_t)(end - p) >= n && !memcmp(p, word, n) ? p + n : NULL;
}

const char *oai__jscan_string_end(const char *body, const char *end)
{
    const char *p = body;
    for (;;) { /* a quote after an even run of backslashes */
        const char *q = memchr(p, '"', (size_t)(end - p));
        if (!q)
            return NULL;
        const char *b = q;
        while (b > body && b[-1] == '\\')
            b--;
        if ((q - b) % 2 == 0)
            return q;
        p = q + 1;
    }
}

static int hex4(const char *p, unsigned *out)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = (unsigned char)p[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return 0; /* cJSON reads a bad digit as 0: left to it */
        v = v << 4 | d;
    }
    *out = v;
    return 1;
}

/* The code point of `\uXXXX` at p (past the `\u`), or of a surrogate pair
 * `\uD8XX\uDCXX`; the bytes it took past the first `\u`, 0 when cJSON
 * would reject it. */
static int code_point(const char *p, const char *end, unsigned *cp)
{
    unsigned lo;
    if (end - p < 4 || !hex4(p, cp) || (*cp >= 0xDC00 && *cp <= 0xDFFF))
        return 0;
    if (*cp < 0xD800 || *cp > 0xDBFF)
        return 4;
    if (end - p < 10 || p[4] != '\\' || p[5] != 'u' || !hex4(p + 6, &lo) ||
        lo < 0xDC00 || lo > 0xDFFF)
        return 0;
    *cp = 0x10000 + ((*cp & 0x3FF) << 10 | (lo & 0x3FF));
    return 10;
}

static char *put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xC0 | cp >> 6);
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xE0 | cp >> 12);
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (char)(0xF0 | cp >> 18);
        *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    }
    return o;
}

long oai__jscan_decode(const char *p, const char *end, char *out)
{
    char *o = out;
    while (p < end) {
        const char *bs = memchr(p, '\\', (size_t)(end - p));
        size_t plain = (size_t)((bs ? bs : end) - p);
        memcpy(o, p, plain);
        o += plain;
        p += plain;
        if (!bs)
            break;
        if (end - p < 2)
            return -1;
        char c = p[1];
        p += 2;
        unsigned cp;
        int took;
        switch (c) {
        case 'b':
            *o++ = '\b';
            break;
        case 'f':
            *o++ = '\f';
            break;
        case 'n':
            *o++ = '\n';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 't':
            *o++ = '\t';
            break;
        case '"':
        case '\\':
        case '/':
            *o++ = c;
            break;
        case 'u':
            if (!(took = code_point(p, end, &cp)))
                return -1;
            p += took;
            o = put_utf8(o, cp);
            break;
        default:
            return -1;
        }
    }
    return o - out;
}
