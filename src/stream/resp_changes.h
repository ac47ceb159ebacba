/* The change list a Responses apply returns: typed records with indices,
 * ids, the borrowed delta text and the borrowed snapshot node, owned by the
 * accumulator and valid until its next apply. One event changes at most
 * one place of the snapshot, so the list lives inline and never
 * allocates. */
#ifndef OAI_STREAM_RESP_CHANGES_H
#define OAI_STREAM_RESP_CHANGES_H

#include <stddef.h>
#include <string.h>

#include "oai/response_accumulate.h"

#define OAI__RESP_MAX_CHANGES 2

typedef struct oai__resp_changes {
    oai_response_change v[OAI__RESP_MAX_CHANGES];
    size_t n;
} oai__resp_changes;

static inline void oai__resp_changes_clear(oai__resp_changes *c)
{
    c->n = 0;
}

/* Append a record; the caller fills node, item and delta. NULL when full
 * (a merge that would record more than OAI__RESP_MAX_CHANGES is a bug). */
static inline oai_response_change *
oai__resp_changes_push(oai__resp_changes *c, oai_response_change_kind kind,
                       long long output_index, long long index,
                       const char *item_id)
{
    if (c->n == OAI__RESP_MAX_CHANGES)
        return NULL;
    oai_response_change *r = &c->v[c->n++];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->output_index = output_index;
    r->index = index;
    r->item_id = item_id;
    return r;
}

#endif
