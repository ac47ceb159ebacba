/* The Responses delta fast path (stream/resp_fast.h). */
#include "stream/resp_fast.h"

#include <string.h>

#include "stream/merge.h"
#include "stream/resp_acc.h"

int oai__resp_fast_apply(oai_response_accumulator *a, const char *data,
                         size_t len)
{
    oai__resp_fast *f = &a->fast;
    int armed = f->armed;
    f->armed = 0;
    if (!armed || !a->ev || len > a->max_event || len > a->max_bytes - a->bytes)
        return OAI__RESP_FAST_MISS; /* limits: the full apply reports them */
    long n = oai__tmpl_fill(&f->t, data, len);
    long long seq = oai__tmpl_counter(&f->t);
    if (n == OAI_ENOMEM) { /* as the parse fails */
        oai__error_clear(&a->err);
        a->dropped = 0;
        a->changes.n = a->upd.n_changes = 0;
        a->upd.changes = NULL;
        return oai__error_nomem(&a->err);
    }
    if (n < 0 || (f->t.counter >= 0 && seq != a->last_seq + 1))
        return OAI__RESP_FAST_MISS;
    const char *frag = f->t.slot[f->t.frag].node->valuestring;
    int rc = oai__json_str_append(f->text, frag, (size_t)n);
    if (rc && rc != OAI_ENOMEM)
        return OAI__RESP_FAST_MISS;
    oai__error_clear(&a->err);
    a->dropped = 0;
    if (seq >= 0)
        a->last_seq = seq;
    a->bytes += len;
    a->upd.sequence_number = seq;
    if (rc) { /* as the merge fails */
        a->changes.n = a->upd.n_changes = 0;
        a->upd.changes = NULL;
        return oai__error_nomem(&a->err);
    }
    /* the update of the template event, but for the fragment */
    a->changes.v[0].text = a->pub[0].delta = frag;
    a->changes.v[0].len = a->pub[0].delta_len = (size_t)n;
    f->hits++;
    f->armed = 1;
    return OAI_OK;
}

int oai__resp_fast_learn(oai_response_accumulator *a, const char *data,
                         size_t len)
{
    oai__resp_fast *f = &a->fast;
    const cJSON *lp = oai__get(a->ev, "logprobs");
    const char *payload =
        a->ev ? oai__resp_type_info(a->upd.type)->payload : NULL;
    /* an append whose repeat appends again and does nothing else: no
     * warning, no string taken from the event, no logprobs to add */
    if (f->disabled || !a->ev || !a->ev_is_delta || a->dropped ||
        a->n_warn != f->n_warn || a->loans.n || a->changes.n != 1 ||
        a->changes.v[0].kind != OAI_RESPONSE_CHANGE_TEXT_DELTA ||
        !cJSON_IsString(a->changes.v[0].snap) || !payload ||
        !cJSON_IsString(oai__get(a->ev, "type")) ||
        (cJSON_IsArray(lp) && lp->child))
        return OAI_OK;
    f->text = (cJSON *)a->changes.v[0].snap;
    int rc = oai__tmpl_learn(&f->t, a->ev, data, len, oai__get(a->ev, payload),
                             "sequence_number");
    if (rc <= 0)
        return rc ? oai__error_nomem(&a->err) : OAI_OK;
    /* the tree's strings now grow here: the re-parse must measure them */
    oai__reparse_forget(&a->reparse);
    f->armed = 1;
    return OAI_OK;
}

void oai__resp_acc_warm(const oai_response_accumulator *a, oai__warm *w)
{
    oai__warm_add(w, a, offsetof(oai_response_accumulator, reparse));
    const oai__resp_fast *f = &a->fast;
    if (!f->armed)
        return;
    oai__warm_add(w, a->ev, sizeof *a->ev);
    oai__tmpl_warm(&f->t, f->text, w);
    oai__changes_warm(&a->changes, w);
}
