/* An insertion-ordered map from object id to an owned snapshot, with a
 * hash index so lookups stay O(1) however many objects a stream creates.
 * A snapshot is a tree, or the JSON text of one, parsed when first asked
 * for (oai__idmap_tree). */
#ifndef OAI_STREAM_IDMAP_H
#define OAI_STREAM_IDMAP_H

#include <cJSON.h>
#include <stddef.h>

typedef struct oai__idmap_entry {
    char *id;
    cJSON *tree;
    char *text; /* while `tree` is NULL: its text, `len` bytes */
    size_t len;
} oai__idmap_entry;

typedef struct oai__idmap {
    oai__idmap_entry *v;
    size_t n, cap;
    size_t *slots; /* entry index + 1, 0 = empty; size nslots (power of 2) */
    size_t nslots;
} oai__idmap;

/* Index of `id` or -1. */
long oai__idmap_find(const oai__idmap *m, const char *id);
/* Store `tree` (ownership taken) under `id`: a new entry goes last, an
 * existing one keeps its place and its old tree is returned through *old
 * (the caller frees it). Returns the entry index, or -1 on ENOMEM (tree
 * not taken). */
long oai__idmap_put(oai__idmap *m, const char *id, cJSON *tree, cJSON **old);
/* The same with the snapshot's text (ownership taken, not NUL-ended),
 * which must parse. */
long oai__idmap_put_text(oai__idmap *m, const char *id, char *text, size_t len,
                         cJSON **old);
/* The tree of entry `at`, parsed from its text if need be (the text is then
 * freed); NULL when memory runs out for that parse. */
cJSON *oai__idmap_tree(const oai__idmap *m, long at);
/* The tree of a snapshot held as *tree or, while that is NULL, as the
 * *len bytes of JSON at *text: parsed now if need be (the text is then
 * freed); NULL when memory runs out for that parse. */
cJSON *oai__parse_kept(cJSON **tree, char **text, size_t *len);
/* Free every entry (trees with oai__json_delete) and the map's memory. */
void oai__idmap_clear(oai__idmap *m);

#endif
