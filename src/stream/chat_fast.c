/* Applying a chunk that fits the template (stream/chat_fast.h); the
 * template is learnt in chat_fast_learn.c. */
#include <string.h>

#include "core/json.h"
#include "stream/chat_acc.h"
#include "stream/jscan.h"
#include "stream/merge.h"

/* The new body of a slot, [from, to) of the chunk. */
typedef struct body {
    const char *from, *to;
} body;

/* The chunk's slot bodies when everything between them is the template's
 * bytes; 0 when not. */
static int match(const oai__chat_fast *f, const char *p, const char *e,
                 body *out)
{
    size_t t = 0; /* in the template */
    for (int i = 0; i < f->n_slots; i++) {
        size_t seg = f->slot[i].from - t; /* ends with the opening quote */
        if ((size_t)(e - p) < seg || memcmp(p, f->bytes + t, seg))
            return 0;
        p += seg;
        out[i].from = p;
        if (!(p = oai__jscan_string_end(p, e)))
            return 0;
        out[i].to = p;
        t = f->slot[i].to;
    }
    size_t rest = f->len - t;
    return (size_t)(e - p) == rest && !memcmp(p, f->bytes + t, rest);
}

/* Decode a body into its slot's node: its length, OAI__CHAT_FAST_MISS
 * when the full apply must judge it (raw control characters, rejected
 * there; a NUL, cut there; an escape the decoder leaves to cJSON) or
 * OAI_ENOMEM. */
static long decode_into(oai__chat_fast_slot *s, body b)
{
    size_t raw = (size_t)(b.to - b.from);
    for (const char *p = b.from; p < b.to; p++)
        if ((unsigned char)*p < 0x20)
            return -OAI__CHAT_FAST_MISS;
    char *buf = s->node->valuestring;
    size_t grown = raw + 1 > s->cap * 2 ? raw + 1 : s->cap * 2;
    if (raw + 1 > s->cap && !(buf = cJSON_malloc(grown)))
        return OAI_ENOMEM;
    long n = oai__jscan_decode(b.from, b.to, buf);
    if (n >= 0) {
        buf[n] = '\0';
        if (strlen(buf) != (size_t)n)
            n = -OAI__CHAT_FAST_MISS;
    } else {
        n = -OAI__CHAT_FAST_MISS;
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

/* A record as chat_events.c pushes it for the template's choice. */
static void record(oai_chat_accumulator *a, oai_chat_change_kind kind,
                   const cJSON *node, const char *delta, size_t len)
{
    const oai__chat_fast *f = &a->fast;
    a->changes.v[a->changes.n++] = (oai_chat_change){
        .kind = kind,
        .choice = f->choice,
        .tool_index =
            kind == OAI_CHAT_CHANGE_CONTENT_DELTA ? -1 : f->tool_index,
        .delta = delta,
        .delta_len = len,
        .node = oai__view(node),
        .choice_node = oai__view(f->ch->node)};
}

/* The update of the chunk, as the full apply leaves it. */
static void commit(oai_chat_accumulator *a, size_t len, const char *frag,
                   size_t n)
{
    oai__chat_fast *f = &a->fast;
    oai__error_clear(&a->err);
    a->n_frames = a->n_captured = 0;
    a->partial = 0;
    a->bytes += len;
    oai__json_delete(a->final);
    a->final = NULL;
    a->changes.n = 0;
    a->changes.v[a->changes.n++] =
        (oai_chat_change){.kind = OAI_CHAT_CHANGE_CHUNK,
                          .choice = -1,
                          .tool_index = -1,
                          .node = oai__view(a->snap)};
    if (f->tool) {
        record(a, OAI_CHAT_CHANGE_TOOL_CALL, f->tool, frag, n);
        if (f->delta_event)
            record(a, OAI_CHAT_CHANGE_TOOL_ARGUMENTS_DELTA, f->tool, frag, n);
    } else if (f->delta_event && f->text->valuestring[0]) {
        record(a, OAI_CHAT_CHANGE_CONTENT_DELTA, f->text, frag, n);
    }
    a->upd = (oai_chat_update){.chunk = oai__view(a->ev),
                               .chunk_number = a->n_chunks++,
                               .changes = a->changes.v,
                               .n_changes = a->changes.n};
    f->hits++;
}

int oai__chat_fast_apply(oai_chat_accumulator *a, const char *name,
                         const char *data, size_t len,
                         const oai_chat_update **out)
{
    oai__chat_fast *f = &a->fast;
    int kind = f->kind;
    f->kind = 0; /* kept only when the chunk fits */
    body b[OAI__CHAT_FAST_SLOTS];
    if (!kind || !data || (name && !strcmp(name, "error")) ||
        len > a->max_event || len > a->max_bytes - a->bytes ||
        a->changes.cap < 3 || !match(f, data, data + len, b))
        return OAI__CHAT_FAST_MISS;
    long n = 0;
    for (int i = 0; i < f->n_slots; i++) {
        long k = decode_into(&f->slot[i], b[i]);
        if (k == OAI_ENOMEM)
            return oai__chat_nomem(a);
        if (k < 0)
            return OAI__CHAT_FAST_MISS;
        if (i == f->frag)
            n = k;
    }
    const char *frag = f->slot[f->frag].node->valuestring;
    int rc = oai__json_str_append(f->text, frag, (size_t)n);
    if (rc == OAI_ENOMEM)
        return oai__chat_nomem(a);
    if (rc)
        return OAI__CHAT_FAST_MISS; /* the limit: the full apply reports it */
    commit(a, len, frag, (size_t)n);
    f->kind = kind;
    *out = &a->upd;
    return OAI_OK;
}
