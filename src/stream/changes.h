/* A change list: what one applied event changed in an accumulator's
 * snapshots, in the order a handler must hear about it.
 *
 * An accumulator owns one list, empties it at the start of each apply and
 * appends a record per change; the caller reads it until the accumulator's
 * next apply and never frees anything it points to. Every pointer in a
 * record is borrowed: from the event being applied (the delta) or from the
 * accumulator's snapshots (the snapshot). Appending is O(1) amortized; the
 * array is kept between events, so a warm list does not allocate.
 *
 * The record is the same for every stream shape: `kind` is the owning
 * accumulator's own enum; `index` holds up to three positions (a content
 * block in a message, a tool call in a step, an output item and its part),
 * -1 where unused. */
#ifndef OAI_STREAM_CHANGES_H
#define OAI_STREAM_CHANGES_H

#include <cJSON.h>
#include <stddef.h>

#include "core/error.h"
#include "core/warm.h"

typedef struct oai__change {
    int kind;
    long long index[3];
    const char *id;     /* id of the object changed, or NULL */
    const char *text;   /* text the delta appends, or NULL */
    size_t len;         /* bytes of `text` */
    const cJSON *delta; /* the delta as received, or NULL */
    const cJSON *snap;  /* the accumulated object after the change */
} oai__change;

typedef struct oai__changes {
    oai__change *v;
    size_t n, cap;
    oai__error_store err; /* why a list ends in an error record */
} oai__changes;

/* Append a record of `kind` (other fields cleared, indices -1); NULL when
 * out of memory. */
oai__change *oai__changes_grow(oai__changes *c, int kind);

static inline oai__change *oai__changes_add(oai__changes *c, int kind)
{
    if (c->n == c->cap)
        return oai__changes_grow(c, kind);
    oai__change *r = &c->v[c->n++];
    *r = (oai__change){.kind = kind, .index = {-1, -1, -1}};
    return r;
}

static inline void oai__changes_reset(oai__changes *c)
{
    c->n = 0;
}

void oai__changes_free(oai__changes *c);

/* Note the records and the nodes and ids they point to: a fast path's
 * next event has the same records, which its hooks read. */
void oai__changes_warm(const oai__changes *c, oai__warm *w);

#endif
