#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct slot {
    char *key;
    obj *o;
};

static struct slot *tab;
static size_t tab_cap, tab_n;
/* Children by (kind, parent): listing a thread's messages or runs must not
 * scan every object of the kind (thousands of concurrent runs). */
struct clist {
    char *key;
    obj **v;
    size_t n, cap;
};
static struct clist *ctab;
static size_t ctab_cap, ctab_n;

static obj **by_kind[K_COUNT];
static size_t kind_n[K_COUNT], kind_cap[K_COUNT];
static size_t seq_counter;

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void put(char *key, obj *o)
{
    if ((tab_n + 1) * 2 > tab_cap) {
        size_t ncap = tab_cap ? tab_cap * 2 : 1024;
        struct slot *nt = xcalloc(ncap, sizeof *nt);
        for (size_t i = 0; i < tab_cap; i++) {
            if (!tab[i].key)
                continue;
            size_t j = hash(tab[i].key) & (ncap - 1);
            while (nt[j].key)
                j = (j + 1) & (ncap - 1);
            nt[j] = tab[i];
        }
        free(tab);
        tab = nt;
        tab_cap = ncap;
    }
    size_t j = hash(key) & (tab_cap - 1);
    while (tab[j].key)
        j = (j + 1) & (tab_cap - 1);
    tab[j].key = key;
    tab[j].o = o;
    tab_n++;
}

static struct clist *clist_find(const char *key, int create)
{
    if (create && (ctab_n + 1) * 2 > ctab_cap) {
        size_t ncap = ctab_cap ? ctab_cap * 2 : 1024;
        struct clist *nt = xcalloc(ncap, sizeof *nt);
        for (size_t i = 0; i < ctab_cap; i++) {
            if (!ctab[i].key)
                continue;
            size_t j = hash(ctab[i].key) & (ncap - 1);
            while (nt[j].key)
                j = (j + 1) & (ncap - 1);
            nt[j] = ctab[i];
        }
        free(ctab);
        ctab = nt;
        ctab_cap = ncap;
    }
    if (!ctab_cap)
        return NULL;
    size_t j = hash(key) & (ctab_cap - 1);
    while (ctab[j].key) {
        if (strcmp(ctab[j].key, key) == 0)
            return &ctab[j];
        j = (j + 1) & (ctab_cap - 1);
    }
    if (!create)
        return NULL;
    ctab[j].key = xstrdup(key);
    ctab_n++;
    return &ctab[j];
}

static void make_key(char *out, size_t n, enum obj_kind kind, const char *id)
{
    snprintf(out, n, "%d/%s", (int)kind, id);
}

obj *store_add(enum obj_kind kind, const char *id, const char *parent, cJSON *j)
{
    obj *o = xcalloc(1, sizeof *o);
    o->kind = kind;
    snprintf(o->id, sizeof o->id, "%s", id);
    snprintf(o->parent, sizeof o->parent, "%s", parent ? parent : "");
    o->j = j;
    o->seq = seq_counter++;
    char key[200];
    if (kind == K_VSFILE || kind == K_RESP_ITEM || kind == K_CONV_ITEM)
        snprintf(key, sizeof key, "%d/%s/%s", (int)kind, o->parent, id);
    else
        make_key(key, sizeof key, kind, id);
    put(xstrdup(key), o);
    if (kind_n[kind] == kind_cap[kind]) {
        kind_cap[kind] = kind_cap[kind] ? kind_cap[kind] * 2 : 64;
        by_kind[kind] = xrealloc(by_kind[kind], kind_cap[kind] * sizeof(obj *));
    }
    by_kind[kind][kind_n[kind]++] = o;
    if (o->parent[0]) {
        char ck[200];
        snprintf(ck, sizeof ck, "%d/%s", (int)kind, o->parent);
        struct clist *cl = clist_find(ck, 1);
        if (cl->n == cl->cap) {
            cl->cap = cl->cap ? cl->cap * 2 : 8;
            cl->v = xrealloc(cl->v, cl->cap * sizeof(obj *));
        }
        cl->v[cl->n++] = o;
    }
    return o;
}

obj *store_get(enum obj_kind kind, const char *id)
{
    if (!id || !tab_cap)
        return NULL;
    char key[200];
    make_key(key, sizeof key, kind, id);
    size_t j = hash(key) & (tab_cap - 1);
    while (tab[j].key) {
        /* a deleted object may share its key with a newer one (re-added vector-store file) */
        if (strcmp(tab[j].key, key) == 0 && !tab[j].o->deleted)
            return tab[j].o;
        j = (j + 1) & (tab_cap - 1);
    }
    return NULL;
}

void store_del(obj *o)
{
    o->deleted = 1;
}

obj **store_list(enum obj_kind kind, const char *parent, size_t *n)
{
    obj **src = by_kind[kind];
    size_t nsrc = kind_n[kind];
    if (parent) {
        char ck[200];
        snprintf(ck, sizeof ck, "%d/%s", (int)kind, parent);
        struct clist *cl = clist_find(ck, 0);
        src = cl ? cl->v : NULL;
        nsrc = cl ? cl->n : 0;
    }
    obj **out = xmalloc((nsrc + 1) * sizeof(obj *));
    size_t k = 0;
    for (size_t i = 0; i < nsrc; i++) {
        obj *o = src[i];
        if (o->deleted)
            continue;
        if (parent && strcmp(o->parent, parent) != 0)
            continue;
        out[k++] = o;
    }
    *n = k;
    return out;
}

void store_free(void)
{
    for (size_t i = 0; i < ctab_cap; i++) {
        free(ctab[i].key);
        free(ctab[i].v);
    }
    free(ctab);
    ctab = NULL;
    ctab_cap = ctab_n = 0;
    for (size_t i = 0; i < tab_cap; i++)
        free(tab[i].key);
    free(tab);
    tab = NULL;
    tab_cap = tab_n = 0;
    for (int k = 0; k < K_COUNT; k++) {
        for (size_t i = 0; i < kind_n[k]; i++) {
            cJSON_Delete(by_kind[k][i]->j);
            free(by_kind[k][i]->ext);
            free(by_kind[k][i]);
        }
        free(by_kind[k]);
        by_kind[k] = NULL;
        kind_n[k] = kind_cap[k] = 0;
    }
}
