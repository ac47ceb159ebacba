/* Applying a chunk that fits the template (stream/chat_fast.h); the
 * template is learnt in chat_fast_learn.c. */
#include <stddef.h>
#include <string.h>

#include "core/json.h"
#include "stream/chat_acc.h"
#include "stream/merge.h"

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
    if (!kind || !data || (name && !strcmp(name, "error")) ||
        len > a->max_event || len > a->max_bytes - a->bytes ||
        a->changes.cap < 3)
        return OAI__CHAT_FAST_MISS;
    long n = oai__tmpl_fill(&f->t, data, len);
    if (n == OAI_ENOMEM)
        return oai__error_nomem(&a->err);
    if (n < 0)
        return OAI__CHAT_FAST_MISS;
    const char *frag = f->t.slot[f->t.frag].node->valuestring;
    int rc = oai__json_str_append(f->text, frag, (size_t)n);
    if (rc == OAI_ENOMEM)
        return oai__error_nomem(&a->err);
    if (rc)
        return OAI__CHAT_FAST_MISS; /* the limit: the full apply reports it */
    commit(a, len, frag, (size_t)n);
    f->kind = kind;
    *out = &a->upd;
    return OAI_OK;
}

void oai__chat_acc_warm(const oai_chat_accumulator *a, oai__warm *w)
{
    oai__warm_add(w, a, offsetof(oai_chat_accumulator, choice));
    const oai__chat_fast *f = &a->fast;
    if (!f->kind)
        return;
    oai__warm_add(w, a->ev, sizeof *a->ev);
    oai__warm_add(w, a->changes.v, a->changes.n * sizeof *a->changes.v);
    oai__warm_add(w, f->ch, sizeof *f->ch);
    oai__warm_add(w, f->ch->node, sizeof *f->ch->node);
    oai__tmpl_warm(&f->t, f->text, w);
}
