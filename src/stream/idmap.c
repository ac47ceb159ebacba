#include "stream/idmap.h"

#include <string.h>

#include "core/alloc.h"
#include "core/json.h"

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

long oai__idmap_find(const oai__idmap *m, const char *id)
{
    if (!m->nslots)
        return -1;
    size_t mask = m->nslots - 1;
    for (size_t i = hash(id) & mask;; i = (i + 1) & mask) {
        size_t e = m->slots[i];
        if (!e)
            return -1;
        if (strcmp(m->v[e - 1].id, id) == 0)
            return (long)(e - 1);
    }
}

static void index_entry(oai__idmap *m, size_t e)
{
    size_t mask = m->nslots - 1;
    size_t i = hash(m->v[e].id) & mask;
    while (m->slots[i])
        i = (i + 1) & mask;
    m->slots[i] = e + 1;
}

static int rehash(oai__idmap *m, size_t nslots)
{
    size_t *s = oai__calloc(nslots, sizeof *s);
    if (!s)
        return -1;
    oai__free(m->slots);
    m->slots = s;
    m->nslots = nslots;
    for (size_t e = 0; e < m->n; e++)
        index_entry(m, e);
    return 0;
}

static long put(oai__idmap *m, const char *id, cJSON *tree, char *text,
                size_t len, cJSON **old)
{
    *old = NULL;
    long at = oai__idmap_find(m, id);
    if (at >= 0) {
        oai__idmap_entry *e = &m->v[at];
        *old = e->tree;
        oai__free(e->text);
        e->tree = tree;
        e->text = text;
        e->len = len;
        return at;
    }
    if ((m->n + 1) * 2 > m->nslots && rehash(m, m->nslots ? m->nslots * 2 : 4))
        return -1;
    if (oai__grow_array(&m->v, &m->cap, m->n, sizeof *m->v))
        return -1;
    char *copy = oai__strdup(id);
    if (!copy)
        return -1;
    m->v[m->n] = (oai__idmap_entry){copy, tree, text, len};
    index_entry(m, m->n);
    return (long)m->n++;
}

long oai__idmap_put(oai__idmap *m, const char *id, cJSON *tree, cJSON **old)
{
    return put(m, id, tree, NULL, 0, old);
}

long oai__idmap_put_text(oai__idmap *m, const char *id, char *text, size_t len,
                         cJSON **old)
{
    return put(m, id, NULL, text, len, old);
}

cJSON *oai__parse_kept(cJSON **tree, char **text, size_t *len)
{
    if (*tree || !*text)
        return *tree;
    int nomem;
    *tree = oai__json_parse_nomem(*text, *len, &nomem);
    if (*tree) {
        oai__free(*text);
        *text = NULL;
        *len = 0;
    }
    return *tree;
}

cJSON *oai__idmap_tree(const oai__idmap *m, long at)
{
    /* parsing changes no snapshot: the map is never defined const */
    oai__idmap_entry *e = &((oai__idmap *)(void *)m)->v[at];
    return oai__parse_kept(&e->tree, &e->text, &e->len);
}

void oai__idmap_clear(oai__idmap *m)
{
    for (size_t e = 0; e < m->n; e++) {
        oai__free(m->v[e].id);
        oai__free(m->v[e].text);
        oai__json_delete(m->v[e].tree);
    }
    oai__free(m->v);
    oai__free(m->slots);
    memset(m, 0, sizeof *m);
}
