/* The byte template of a repeating delta event, shared by the delta fast
 * paths of the accumulators (chat_fast.c, acc_fast.c, resp_fast.c).
 *
 * Most events of a stream repeat the previous one byte for byte but in a
 * few values: the fragment of text it appends, the `obfuscation` padding
 * OpenAI adds and, in Responses streams, the `sequence_number` counter.
 * Once an event of that shape was parsed, its bytes and its tree are kept;
 * a next event that differs from those bytes only inside these values
 * (its slots) is read straight into the tree: each slot's node then holds
 * what cJSON would have parsed, and every other node is unchanged because
 * its text is. A slot whose text the scan does not decode as cJSON would
 * (an escape it leaves to cJSON, a raw control character, a NUL, a
 * counter that is not a plain integer) makes the event a miss, for the
 * full parse. */
#ifndef OAI_STREAM_TMPL_H
#define OAI_STREAM_TMPL_H

#include <cJSON.h>
#include <stddef.h>

#include "core/warm.h"

#define OAI__TMPL_BYTES 1024 /* longer events are not templates */
#define OAI__TMPL_SLOTS 4

/* What oai__tmpl_fill() returns for an event that does not fit. */
#define OAI__TMPL_MISS (-1)

/* A value of the template that may differ in the next event. */
typedef struct oai__tmpl_slot {
    size_t from, to; /* its text in the template bytes (a string's body) */
    cJSON *node;     /* its node in the template tree */
    size_t cap;      /* bytes allocated for node->valuestring */
    int counter;     /* a number node rather than a string */
} oai__tmpl_slot;

typedef struct oai__tmpl {
    int n_slots, frag; /* slots in text order; the fragment's */
    int counter;       /* the counter's slot, or -1 */
    oai__tmpl_slot slot[OAI__TMPL_SLOTS];
    size_t len, cap;
    /* the event's bytes, allocated at its size: a fixed array would cost
     * every stream the longest template's size */
    char *bytes;
} oai__tmpl;

/* Keep `len` bytes of `data` and `tree`, its parse, as the template: the
 * slots are `frag` (a string node of the tree: the fragment), a top-level
 * string member `obfuscation` and, when `counter` is not NULL, the
 * top-level member of that name (the first, as a lookup finds it) when it
 * is a number, which must then be written as a plain integer.
 * Returns 1, 0 when the text cannot be a template (longer than
 * OAI__TMPL_BYTES, beyond what the scan reads, no `frag` in it), or
 * OAI_ENOMEM when its bytes cannot be kept. */
int oai__tmpl_learn(oai__tmpl *t, const cJSON *tree, const char *data,
                    size_t len, const cJSON *frag, const char *counter);

/* Read `len` bytes of `data` into the template tree when they differ from
 * the template only inside its slots. Returns the decoded length of the
 * fragment (its node's valuestring), OAI__TMPL_MISS when the event does
 * not fit (slots may then hold part of it: the tree must be parsed again
 * or dropped), or OAI_ENOMEM. */
long oai__tmpl_fill(oai__tmpl *t, const char *data, size_t len);

/* Free the template's bytes (the tree is its owner's). */
void oai__tmpl_free(oai__tmpl *t);

/* The counter's value after a fill, or -1 without a counter slot. */
long long oai__tmpl_counter(const oai__tmpl *t);

/* Note what the next oai__tmpl_fill() reads, the bytes and the slots'
 * nodes and strings, and the end of `text`, the snapshot string the
 * fragment will be appended to. */
void oai__tmpl_warm(const oai__tmpl *t, const cJSON *text, oai__warm *w);

#endif
