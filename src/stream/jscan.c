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

/* ---- a strict scan, for texts left unparsed until asked for ----------- */

enum { SCAN_DEPTH = 64, SCAN_NUMBER = 63 };

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static const char *digits(const char *p, const char *end)
{
    while (p < end && is_digit(*p))
        p++;
    return p;
}

/* Past the string whose opening quote is at p, when cJSON decodes every
 * escape in it; NULL otherwise. */
static const char *scan_string(const char *p, const char *end)
{
    const char *close = oai__jscan_string_end(p + 1, end);
    if (!close)
        return NULL;
    const char *b = p + 1;
    while ((b = memchr(b, '\\', (size_t)(close - b)))) {
        unsigned cp;
        int took;
        switch (b[1]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            b += 2;
            break;
        case 'u':
            if (!(took = code_point(b + 2, close, &cp)))
                return NULL;
            b += 2 + took;
            break;
        default:
            return NULL;
        }
    }
    return close + 1;
}

/* Past a number of JSON's grammar at p: strtod then reads all of it, as
 * cJSON copies it whole (up to 63 characters). */
static const char *scan_number(const char *p, const char *end)
{
    const char *start = p;
    if (p < end && *p == '-')
        p++;
    if (p < end && *p == '0')
        p++;
    else if (p < end && *p >= '1' && *p <= '9')
        p = digits(p, end);
    else
        return NULL;
    if (p < end && *p == '.') {
        const char *d = p + 1;
        if ((p = digits(d, end)) == d)
            return NULL;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        const char *d = p;
        if ((p = digits(d, end)) == d)
            return NULL;
    }
    return p - start <= SCAN_NUMBER ? p : NULL;
}

static const char *scan_value(const char *p, const char *end, int depth);

/* Past the object or array opening at p, `close` its closing byte. */
static const char *scan_container(const char *p, const char *end, int depth,
                                  char close)
{
    if (depth >= SCAN_DEPTH)
        return NULL;
    p = oai__jscan_ws(p + 1, end);
    if (p < end && *p == close)
        return p + 1;
    for (;;) {
        if (close == '}') {
            if (p == end || *p != '"' || !(p = scan_string(p, end)))
                return NULL;
            p = oai__jscan_ws(p, end);
            if (p == end || *p != ':')
                return NULL;
            p = oai__jscan_ws(p + 1, end);
        }
        if (!(p = scan_value(p, end, depth + 1)))
            return NULL;
        p = oai__jscan_ws(p, end);
        if (p == end)
            return NULL;
        if (*p == close)
            return p + 1;
        if (*p != ',')
            return NULL;
        p = oai__jscan_ws(p + 1, end);
    }
}

static const char *scan_value(const char *p, const char *end, int depth)
{
    if (p == end)
        return NULL;
    switch (*p) {
    case 'n':
        return oai__jscan_literal(cJSON_NULL, p, end);
    case 't':
        return oai__jscan_literal(cJSON_True, p, end);
    case 'f':
        return oai__jscan_literal(cJSON_False, p, end);
    case '"':
        return scan_string(p, end);
    case '[':
        return scan_container(p, end, depth, ']');
    case '{':
        return scan_container(p, end, depth, '}');
    default:
        return scan_number(p, end);
    }
}

int oai__jscan_object(const char *text, size_t len)
{
    const char *end = text + len;
    const char *p = oai__jscan_ws(text, end);
    if (p == end || *p != '{' || !(p = scan_container(p, end, 0, '}')))
        return 0;
    /* what oai__json_parse() lets follow the value */
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p == end;
}

/* [p, end) has no escape and no NUL byte: its raw bytes are what cJSON
 * decodes, and its C string is all of it. */
static int plain(const char *p, const char *end)
{
    size_t n = (size_t)(end - p);
    return !memchr(p, '\\', n) && !memchr(p, '\0', n);
}

int oai__jscan_member_string(const char *text, size_t len, const char *key,
                             const char **body, size_t *n)
{
    const char *end = text + len;
    const char *p = oai__jscan_ws(text, end) + 1; /* past the `{` */
    size_t klen = strlen(key);
    for (p = oai__jscan_ws(p, end); p < end && *p == '"';) {
        const char *kend = oai__jscan_string_end(p + 1, end);
        if (!plain(p + 1, kend))
            return -1;
        int match = (size_t)(kend - p - 1) == klen && !memcmp(p + 1, key, klen);
        p = oai__jscan_ws(kend + 1, end); /* at the `:` */
        p = oai__jscan_ws(p + 1, end);    /* at the value */
        if (match) {
            if (*p != '"')
                return -1;
            const char *vend = oai__jscan_string_end(p + 1, end);
            if (!plain(p + 1, vend))
                return -1;
            *body = p + 1;
            *n = (size_t)(vend - p - 1);
            return 1;
        }
        p = oai__jscan_ws(scan_value(p, end, 1), end);
        if (*p != ',')
            return 0; /* the closing `}` */
        p = oai__jscan_ws(p + 1, end);
    }
    return 0;
}
