/* The byte template of a repeating delta event (stream/tmpl.h): learning
 * where its slots are, and reading an event that fits into its tree. */
#include "stream/tmpl.h"

#include <limits.h>
#include <string.h>

#include "core/alloc.h"
#include "oai/errors.h"
#include "stream/jscan.h"

#define MAX_DEPTH 32
#define COUNTER_DIGITS 15 /* exact in a double */

/* ---- learning ------------------------------------------------------------ */

/* The walk of the event's text beside its tree, noting where the slots'
 * values are. */
typedef struct walk {
    const char *text, *end;
    oai__tmpl *t;
    const cJSON *frag;
    const cJSON *counter; /* the counter's node, or NULL */
} walk;

static int add_slot(walk *w, const cJSON *n, const char *from, const char *to,
                    int counter)
{
    oai__tmpl *t = w->t;
    if (t->n_slots == OAI__TMPL_SLOTS)
        return 0;
    if (n == w->frag)
        t->frag = t->n_slots;
    if (counter)
        t->counter = t->n_slots;
    t->slot[t->n_slots++] = (oai__tmpl_slot){
        (size_t)(from - w->text), (size_t)(to - w->text), (cJSON *)n,
        counter ? 0 : strlen(n->valuestring) + 1, counter};
    return 1;
}

/* What kind of slot member c of an object at `depth` is: 0 none, 1 a
 * string, 2 the counter. */
static int slot_kind(const walk *w, const cJSON *c, int depth)
{
    if (c == w->frag)
        return 1;
    if (depth != 0 || !c->string)
        return 0;
    /* `obfuscation` is padding no merge reads */
    if (cJSON_IsString(c) && !strcmp(c->string, "obfuscation"))
        return 1;
    return c == w->counter ? 2 : 0;
}

static const char *value(walk *w, const cJSON *n, const char *p, int depth,
                         int slot);

/* Members or elements up to `close`. */
static const char *children(walk *w, const cJSON *n, const char *p, char close,
                            int depth)
{
    const char *e = w->end;
    for (const cJSON *c = n->child; c; c = c->next) {
        p = oai__jscan_ws(p, e);
        if (close == '}') { /* the key, then ':' */
            if (p == e || *p != '"' || !(p = oai__jscan_string_end(p + 1, e)))
                return NULL;
            p = oai__jscan_ws(p + 1, e);
            if (p == e || *p++ != ':')
                return NULL;
        }
        int slot = slot_kind(w, c, depth);
        if (!(p = value(w, c, p, depth + 1, slot)))
            return NULL;
        p = oai__jscan_ws(p, e);
        if (p == e || *p != (c->next ? ',' : close))
            return NULL;
        p += c->next != NULL;
    }
    p = oai__jscan_ws(p, e);
    return p < e && *p == close ? p + 1 : NULL;
}

static const char *value(walk *w, const cJSON *n, const char *p, int depth,
                         int slot)
{
    const char *e = w->end, *q;
    p = oai__jscan_ws(p, e);
    if (p == e || depth > MAX_DEPTH)
        return NULL;
    switch (n->type & 0xFF) {
    case cJSON_Object:
        return *p == '{' ? children(w, n, p + 1, '}', depth) : NULL;
    case cJSON_Array:
        return *p == '[' ? children(w, n, p + 1, ']', depth) : NULL;
    case cJSON_String:
        if (*p != '"' || !(q = oai__jscan_string_end(p + 1, e)))
            return NULL;
        return !slot || add_slot(w, n, p + 1, q, 0) ? q + 1 : NULL;
    case cJSON_Number: /* cJSON reads the whole run or fails */
        for (q = p; q < e && *q && strchr("0123456789+-eE.", *q); q++)
            ;
        if (q == p)
            return NULL;
        if (slot != 2)
            return q;
        /* a counter is a plain integer */
        for (const char *d = p; d < q; d++)
            if (*d < '0' || *d > '9')
                return NULL;
        return q - p <= COUNTER_DIGITS && add_slot(w, n, p, q, 1) ? q : NULL;
    default: /* null, true, false or nothing we read */
        return oai__jscan_literal(n->type & 0xFF, p, e);
    }
}

int oai__tmpl_learn(oai__tmpl *t, const cJSON *tree, const char *data,
                    size_t len, const cJSON *frag, const char *counter)
{
    if (!tree || len > OAI__TMPL_BYTES)
        return 0;
    /* the member a lookup of that name finds, when it is a number */
    const cJSON *n =
        counter ? cJSON_GetObjectItemCaseSensitive(tree, counter) : NULL;
    walk w = {data, data + len, t, frag, cJSON_IsNumber(n) ? n : NULL};
    t->n_slots = 0;
    t->frag = t->counter = -1;
    const char *p = value(&w, tree, data, 0, 0);
    if (!p || t->frag < 0 || oai__jscan_ws(p, w.end) != w.end)
        return 0;
    if (len > t->cap) {
        char *b = oai__realloc(t->bytes, len);
        if (!b)
            return OAI_ENOMEM;
        t->bytes = b;
        t->cap = len;
    }
    memcpy(t->bytes, data, len);
    t->len = len;
    return 1;
}

/* ---- filling ------------------------------------------------------------- */

/* The new text of a slot, [from, to) of the event. */
typedef struct body {
    const char *from, *to;
} body;

/* The end of a counter's digits at p. */
static const char *digits_end(const char *p, const char *e)
{
    const char *q = p;
    while (q < e && *q >= '0' && *q <= '9' && q - p <= COUNTER_DIGITS)
        q++;
    return q;
}

/* The event's slot texts when everything between them is the template's
 * bytes; 0 when not. */
static int match(const oai__tmpl *t, const char *p, const char *e, body *out)
{
    size_t at = 0; /* in the template */
    for (int i = 0; i < t->n_slots; i++) {
        const oai__tmpl_slot *s = &t->slot[i];
        size_t seg = s->from - at; /* up to the slot's text */
        if ((size_t)(e - p) < seg || memcmp(p, t->bytes + at, seg))
            return 0;
        p += seg;
        out[i].from = p;
        if (!(p = s->counter ? digits_end(p, e) : oai__jscan_string_end(p, e)))
            return 0;
        out[i].to = p;
        at = s->to;
    }
    size_t rest = t->len - at;
    return (size_t)(e - p) == rest && !memcmp(p, t->bytes + at, rest);
}

/* A counter's digits into its node as cJSON reads them. */
static long counter_into(oai__tmpl_slot *s, body b)
{
    size_t n = (size_t)(b.to - b.from);
    if (n == 0 || n > COUNTER_DIGITS)
        return OAI__TMPL_MISS;
    double v = 0;
    for (const char *p = b.from; p < b.to; p++)
        v = v * 10 + (*p - '0');
    s->node->valuedouble = v;
    s->node->valueint = v >= INT_MAX ? INT_MAX : (int)v;
    return 0;
}

/* Decode a string's body into its slot's node: its length, OAI__TMPL_MISS
 * when the full parse must judge it (raw control characters, rejected
 * there; a NUL, cut there; an escape the decoder leaves to cJSON) or
 * OAI_ENOMEM. */
static long string_into(oai__tmpl_slot *s, body b)
{
    size_t raw = (size_t)(b.to - b.from);
    int escaped = 0; /* only an escape can decode to a NUL */
    for (const char *p = b.from; p < b.to; p++) {
        if ((unsigned char)*p < 0x20)
            return OAI__TMPL_MISS;
        escaped |= *p == '\\';
    }
    char *buf = s->node->valuestring;
    size_t grown = raw + 1 > s->cap * 2 ? raw + 1 : s->cap * 2;
    if (raw + 1 > s->cap && !(buf = cJSON_malloc(grown)))
        return OAI_ENOMEM;
    long n = oai__jscan_decode(b.from, b.to, buf);
    if (n >= 0) {
        buf[n] = '\0';
        if (escaped && strlen(buf) != (size_t)n)
            n = OAI__TMPL_MISS;
    } else {
        n = OAI__TMPL_MISS;
        buf[0] = '\0'; /* a string still, if half written in place */
    }
    if (buf != s->node->valuestring) {
        if (n < 0) {
            cJSON_free(buf);
            return n;
        }
        cJSON_free(s->node->valuestring);
        s->node->valuestring = buf;
        s->cap = grown;
    }
    return n;
}

long oai__tmpl_fill(oai__tmpl *t, const char *data, size_t len)
{
    body b[OAI__TMPL_SLOTS];
    if (!data || !match(t, data, data + len, b))
        return OAI__TMPL_MISS;
    long frag = 0;
    for (int i = 0; i < t->n_slots; i++) {
        oai__tmpl_slot *s = &t->slot[i];
        long k = s->counter ? counter_into(s, b[i]) : string_into(s, b[i]);
        if (k < 0)
            return k;
        if (i == t->frag)
            frag = k;
    }
    return frag;
}

long long oai__tmpl_counter(const oai__tmpl *t)
{
    return t->counter >= 0 ? (long long)t->slot[t->counter].node->valuedouble
                           : -1;
}

void oai__tmpl_free(oai__tmpl *t)
{
    oai__free(t->bytes);
    t->bytes = NULL;
    t->len = t->cap = 0;
}

void oai__tmpl_warm(const oai__tmpl *t, const cJSON *text, oai__warm *w)
{
    oai__warm_add(w, t->bytes, t->len);
    for (int i = 0; i < t->n_slots; i++) {
        const cJSON *n = t->slot[i].node;
        oai__warm_add(w, n, sizeof *n);
        if (!t->slot[i].counter)
            oai__warm_add(w, n->valuestring, 64);
    }
    oai__warm_add(w, text, sizeof *text);
    if (text && text->valuestring)
        oai__warm_add(w, text->valuestring + text->valueint, 64);
}
