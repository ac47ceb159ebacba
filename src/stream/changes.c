#include "stream/changes.h"

#include "core/alloc.h"

oai__change *oai__changes_grow(oai__changes *c, int kind)
{
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 8;
        oai__change *v = oai__realloc(c->v, ncap * sizeof *v);
        if (!v)
            return NULL;
        c->v = v;
        c->cap = ncap;
    }
    return oai__changes_add(c, kind);
}

void oai__changes_free(oai__changes *c)
{
    oai__free(c->v);
    c->v = NULL;
    c->n = c->cap = 0;
}
