#include "stream/changes.h"

#include "core/alloc.h"

oai__change *oai__changes_grow(oai__changes *c, int kind)
{
    if (oai__grow_array(&c->v, &c->cap, c->n, sizeof *c->v))
        return NULL;
    return oai__changes_add(c, kind);
}

void oai__changes_free(oai__changes *c)
{
    oai__free(c->v);
    c->v = NULL;
    c->n = c->cap = 0;
    oai__error_clear(&c->err);
}

void oai__changes_warm(const oai__changes *c, oai__warm *w)
{
    oai__warm_add(w, c->v, c->n * sizeof *c->v);
    for (size_t i = 0; i < c->n; i++) {
        oai__warm_add(w, c->v[i].delta, sizeof *c->v[i].delta);
        oai__warm_add(w, c->v[i].snap, sizeof *c->v[i].snap);
        oai__warm_add(w, c->v[i].id, 1);
    }
}
