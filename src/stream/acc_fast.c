/* The Assistants delta fast path (stream/acc_fast.h). */
#include "stream/acc_fast.h"

#include <stddef.h>
#include <string.h>

#include "core/json.h"
#include "stream/acc.h"
#include "stream/merge.h"

int oai__acc_fast_parse(oai_accumulator *a, oai_event_type t, const char *text,
                        size_t len)
{
    oai__acc_fast *f = &a->fast;
    int armed = f->armed;
    f->armed = f->hit = 0;
    f->raw = t == OAI_EVENT_MESSAGE_DELTA ? text : NULL;
    f->raw_len = len;
    if (!armed || !f->raw || !a->event)
        return 0;
    f->frag_len = oai__tmpl_fill(&f->t, text, len);
    f->hit = f->frag_len >= 0;
    return f->frag_len == OAI_ENOMEM ? -1 : f->hit;
}

int oai__acc_fast_apply(oai_accumulator *a, size_t cost)
{
    oai__acc_fast *f = &a->fast;
    f->hit = 0;
    if (cost > a->max_bytes - a->bytes)
        return OAI__ACC_FAST_MISS; /* the limit: the full apply reports it */
    const char *frag = f->t.slot[f->t.frag].node->valuestring;
    int rc = oai__json_str_append(f->text, frag, (size_t)f->frag_len);
    if (rc && rc != OAI_ENOMEM)
        return OAI__ACC_FAST_MISS;
    a->bytes += cost;
    if (rc) /* as the merge reports it */
        return oai__error_nomem(&a->err);
    /* the records of the template event, but for the fragment */
    for (size_t i = 0; i < a->changes.n; i++)
        if (a->changes.v[i].kind == OAI__CH_TEXT_DELTA) {
            a->changes.v[i].text = frag;
            a->changes.v[i].len = (size_t)f->frag_len;
        }
    f->hits++;
    f->armed = 1;
    return OAI_OK;
}

/* The keys of object `o` are among `keys` (n of them), each once, and
 * `need` of them (a bit each) are there. */
static int keys_within(const cJSON *o, const char *const *keys, int n,
                       unsigned need)
{
    unsigned seen = 0;
    for (const cJSON *m = o->child; m; m = m->next) {
        int k = 0;
        while (k < n && strcmp(m->string, keys[k]))
            k++;
        if (k == n || (seen & 1u << k))
            return 0;
        seen |= 1u << k;
    }
    return (seen & need) == need;
}

static int is_string(const cJSON *v, const char *s)
{
    return cJSON_IsString(v) && !strcmp(v->valuestring, s);
}

/* The content delta `c` merged into `block` as only an append of its
 * text's value would be merged again: {index, type "text", text {value,
 * annotations []}} into a text block whose text has a string value
 * (merge.c: index and an equal type are set in place, strings appended,
 * an empty list merges nothing). The block's text value, or NULL. */
static cJSON *appended_text(const cJSON *c, const cJSON *block)
{
    static const char *const delta_keys[] = {"index", "type", "text"};
    static const char *const text_keys[] = {"value", "annotations"};
    const cJSON *text = oai__get(c, "text");
    const cJSON *notes = oai__get(text, "annotations");
    if (!keys_within(c, delta_keys, 3, 7) ||
        !is_string(oai__get(c, "type"), "text") || !cJSON_IsObject(text) ||
        !keys_within(text, text_keys, 2, 1) ||
        !cJSON_IsString(oai__get(text, "value")) ||
        (notes && (!cJSON_IsArray(notes) || notes->child)))
        return NULL;
    cJSON *value = oai__get(oai__get(block, "text"), "value");
    return is_string(oai__get(block, "type"), "text") &&
                   cJSON_IsObject(oai__get(block, "text")) &&
                   cJSON_IsString(value)
               ? value
               : NULL;
}

int oai__acc_fast_learn(oai_accumulator *a)
{
    oai__acc_fast *f = &a->fast;
    const oai__changes *ch = &a->changes;
    if (f->disabled || !f->raw || a->n_notes != 1 || a->notes[0].fresh ||
        ch->n != 2 || ch->v[0].kind != OAI__CH_TEXT_DELTA ||
        ch->v[1].kind != OAI__CH_MESSAGE_DELTA)
        return OAI_OK;
    const oai__acc_note *n = &a->notes[0];
    const cJSON *frag = oai__get(oai__get(n->delta, "text"), "value");
    if (!(f->text = appended_text(n->delta, n->block)))
        return OAI_OK;
    int rc = oai__tmpl_learn(&f->t, a->event, f->raw, f->raw_len, frag, NULL);
    if (rc <= 0)
        return rc ? oai__error_nomem(&a->err) : OAI_OK;
    /* the tree's strings now grow here: the re-parse must measure them */
    oai__reparse_forget(&a->reparse);
    f->armed = 1;
    return OAI_OK;
}

void oai__acc_warm(const oai_accumulator *a, oai__warm *w)
{
    oai__warm_add(w, a, offsetof(oai_accumulator, reparse));
    const oai__acc_fast *f = &a->fast;
    if (!f->armed)
        return;
    oai__warm_add(w, a->event, sizeof *a->event);
    oai__tmpl_warm(&f->t, f->text, w);
    oai__changes_warm(&a->changes, w);
}
