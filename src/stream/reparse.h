/* Re-parsing into the previous event's tree.
 *
 * A stream's delta events repeat one shape: the same keys in the same
 * order, only their strings and numbers differ. Parsing each with cJSON
 * allocates every node, key and string again. A reparse keeps the tree of
 * the last delta event as a template and reads the next event's text into
 * it in place: the text must match the template key for key, value kind
 * for value kind, with every string decoded as cJSON decodes it and every
 * number a plain integer. Anything else (another shape, an escape or
 * number the scan does not decode, trailing bytes) falls back to a full
 * parse, so the result is always the tree oai__json_parse() would return
 * for the same text. */
#ifndef OAI_STREAM_REPARSE_H
#define OAI_STREAM_REPARSE_H

#include <cJSON.h>
#include <stddef.h>

#define OAI__REPARSE_CAPS 16

typedef struct oai__reparser {
    cJSON *tmpl;      /* the template, or NULL */
    const cJSON *out; /* the template, while the last oai__reparse() lends
                         it out; NULL when that parse built a new tree */
    /* bytes allocated for the template's first strings, in document order
     * (0: not known yet), so that a string grows by doubling */
    size_t cap[OAI__REPARSE_CAPS];
} oai__reparser;

/* Parse `len` bytes of `text` like oai__json_parse_nomem(); the tree is the
 * caller's. The template, if any, is used up: it becomes the result or is
 * freed. An allocation that fails fails the parse, as it would fail
 * cJSON's. */
cJSON *oai__reparse(oai__reparser *r, const char *text, size_t len, int *nomem);

/* Hand back a tree from oai__reparse() once its event is over: kept as the
 * next template when `reuse` (a delta event whose tree nothing kept or
 * changed), else freed. NULL is fine. */
void oai__reparse_done(oai__reparser *r, cJSON *tree, int reuse);

/* Read `text` into `tree` in place: 1 when the text has the tree's shape
 * and the tree now holds what a full parse would; 0 when it does not, -1
 * when out of memory (the tree is then partly overwritten and must be
 * freed). */
int oai__reparse_into(cJSON *tree, const char *text, size_t len);

/* The tree lent out by the last oai__reparse() may have had its strings
 * reallocated by someone else: measure them again when it comes back. */
void oai__reparse_forget(oai__reparser *r);

void oai__reparse_free(oai__reparser *r);

#endif
