/* In-memory object store. Every object (assistant, thread, message, run, step,
 * file, vector store, vector-store file, batch) is a cJSON tree kept in the
 * order it was created; an id index makes lookups O(1). Deleted objects are
 * only flagged, so timers that still point at them stay safe. */
#ifndef EMU_STORE_H
#define EMU_STORE_H

#include <stddef.h>
#include <cjson/cJSON.h>

enum obj_kind {
    K_ASSISTANT,
    K_THREAD,
    K_MESSAGE,
    K_RUN,
    K_STEP,
    K_FILE,
    K_VSTORE,
    K_VSFILE,
    K_BATCH,
    K_RESPONSE,
    K_RESP_ITEM, /* an input item of a response (parent: response id) */
    K_CONV,
    K_CONV_ITEM, /* parent: conversation id */
    K_COUNT
};

typedef struct obj {
    enum obj_kind kind;
    char id[72];
    char parent[72]; /* thread id for messages/runs, run id for steps, vs id for vs files/batches */
    cJSON *j;        /* the object as the API returns it */
    int deleted;
    size_t seq;      /* creation order, for pagination */
    void *ext;       /* kind-specific state (run engine, file bytes, ...) */
} obj;

/* Create an object (id is copied; j is owned by the store). */
obj *store_add(enum obj_kind kind, const char *id, const char *parent, cJSON *j);
/* Lookup by id and kind: NULL if absent, deleted, or of another kind.
 * Vector-store files share ids with files, so their key is "vsid/fileid"; response
 * input items and conversation items are keyed the same way ("parent/itemid"). */
obj *store_get(enum obj_kind kind, const char *id);
void store_del(obj *o);

/* All live objects of a kind with the given parent (NULL = any) in creation order.
 * Returns a malloc'd array; *n receives the count. */
obj **store_list(enum obj_kind kind, const char *parent, size_t *n);
void store_free(void);

#endif
