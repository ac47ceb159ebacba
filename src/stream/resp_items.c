/* Output items by output_index. Items normally arrive in index order, so
 * the item at index i is usually at position i: that is tried first, then a
 * binary search. Inserting keeps the snapshot's `output` array in index
 * order, so a stream that skips an index still reads back in order. */
#include <string.h>

#include "core/alloc.h"
#include "core/json.h"
#include "stream/merge.h"
#include "stream/resp_acc.h"

/* Position of the first item whose index is >= oi. */
static size_t lower_bound(const oai_response_accumulator *a, long long oi)
{
    size_t lo = 0, hi = a->n_items;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->oidx[mid] < oi)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

long oai__resp_find(const oai_response_accumulator *a, long long oi)
{
    if (oi < 0)
        return -1;
    if ((unsigned long long)oi < a->n_items && a->oidx[oi] == oi)
        return (long)oi;
    size_t k = lower_bound(a, oi);
    return k < a->n_items && a->oidx[k] == oi ? (long)k : -1;
}

int oai__resp_reserve(oai_response_accumulator *a, size_t n)
{
    /* the two arrays share cap_items: it grows once both have grown */
    while (a->cap_items < n) {
        size_t ix_cap = a->cap_items, it_cap = a->cap_items;
        if (oai__grow_array(&a->oidx, &ix_cap, a->cap_items, sizeof *a->oidx) ||
            oai__grow_array(&a->items, &it_cap, a->cap_items, sizeof *a->items))
            return oai__error_nomem(&a->err);
        a->cap_items = ix_cap;
    }
    return OAI_OK;
}

void oai__resp_reindex(oai_response_accumulator *a, cJSON *snap)
{
    a->n_items = 0;
    cJSON *out = oai__get(snap, "output"), *it;
    if (!cJSON_IsArray(out))
        return;
    cJSON_ArrayForEach(it, out)
    {
        a->oidx[a->n_items] = (long long)a->n_items;
        a->items[a->n_items++] = it;
    }
}

/* The snapshot's `output` array, made one if it is absent or not a list. */
static cJSON *output_list(oai_response_accumulator *a)
{
    cJSON *out = oai__get(a->snap, "output");
    if (cJSON_IsArray(out))
        return out;
    cJSON *list = cJSON_CreateArray();
    if (!list)
        return NULL;
    if (out)
        oai__json_replace(a->snap, out, list);
    else if (!cJSON_AddItemToObject(a->snap, "output", list)) {
        cJSON_Delete(list);
        return NULL;
    }
    return list;
}

cJSON *oai__resp_put_item(oai_response_accumulator *a, long long oi,
                          cJSON *item)
{
    if (oai__resp_reserve(a, a->n_items + 1))
        return NULL;
    cJSON *out = output_list(a);
    size_t k = lower_bound(a, oi);
    int known = out && k < a->n_items && a->oidx[k] == oi;
    cJSON *copy = known ? oai__json_sync(out, a->items[k], item, &a->loans)
                  : out ? cJSON_Duplicate(item, 1)
                        : NULL;
    if (!copy) {
        oai__error_nomem(&a->err);
        return NULL;
    }
    if (known) {
        a->items[k] = copy;
        return copy;
    }
    if (k == a->n_items) {
        cJSON_AddItemToArray(out, copy); /* cannot fail: both non-NULL */
    } else {
        /* before the item now at k: relink by hand, in O(1) */
        cJSON *after = a->items[k];
        copy->next = after;
        copy->prev = after->prev;
        if (out->child == after)
            out->child = copy;
        else
            after->prev->next = copy;
        after->prev = copy;
    }
    memmove(a->oidx + k + 1, a->oidx + k, (a->n_items - k) * sizeof *a->oidx);
    memmove(a->items + k + 1, a->items + k,
            (a->n_items - k) * sizeof *a->items);
    a->oidx[k] = oi;
    a->items[k] = copy;
    a->n_items++;
    return copy;
}

int oai_response_accumulator_output_text(oai_response_accumulator *a,
                                         const char **text, size_t *len)
{
    if (!a || !text)
        return OAI_EINVAL;
    size_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        n = 0;
        for (size_t k = 0; k < a->n_items; k++) {
            const cJSON *part, *content = oai__get(a->items[k], "content");
            const cJSON *type = oai__get(a->items[k], "type");
            if (!cJSON_IsString(type) || strcmp(type->valuestring, "message"))
                continue;
            cJSON_ArrayForEach(part, content)
            {
                const cJSON *pt = oai__get(part, "type");
                const cJSON *s = oai__get(part, "text");
                if (!cJSON_IsString(pt) ||
                    strcmp(pt->valuestring, "output_text") ||
                    !cJSON_IsString(s))
                    continue;
                size_t sl = oai__json_str_len(s);
                if (pass)
                    memcpy(a->text + n, s->valuestring, sl);
                n += sl;
            }
        }
        if (!pass && n + 1 > a->text_cap) {
            char *b = oai__realloc(a->text, n + 1);
            if (!b)
                return oai__error_nomem(&a->err);
            a->text = b;
            a->text_cap = n + 1;
        }
    }
    a->text[n] = '\0';
    *text = a->text;
    if (len)
        *len = n;
    return OAI_OK;
}
