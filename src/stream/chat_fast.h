/* The delta fast path of the Chat Completions accumulator.
 *
 * Most chunks of a stream repeat the previous one byte for byte but for
 * the text they carry: a content fragment, a fragment of reasoning text or
 * of one tool call's arguments (and the `obfuscation` padding OpenAI
 * adds). When a
 * chunk of that shape has been applied, its bytes and its tree are kept as
 * a template; a next chunk that differs from the template only inside
 * those strings is then applied straight from its bytes: the strings are
 * decoded into the template tree (which becomes the chunk's tree), the
 * fragment is appended to the snapshot and the update is the one the full
 * apply would build. Applying such a chunk again changes nothing else: the
 * full apply would overwrite every other member it touches with the value
 * it already holds. Every other chunk, and every one whose strings hold
 * what the scan does not decode, takes the full apply, which drops the
 * template. */
#ifndef OAI_STREAM_CHAT_FAST_H
#define OAI_STREAM_CHAT_FAST_H

#include <cJSON.h>
#include <stddef.h>

#include "oai/chat_accumulate.h"
#include "stream/tmpl.h"

typedef struct oai__chat_fast {
    int kind;     /* what the template carries; 0: no template */
    int disabled; /* every chunk takes the full apply */
    int delta_event;
    long long choice, tool_index;
    struct oai__chat_choice *ch;
    cJSON *text; /* the snapshot text the fragment is appended to */
    cJSON *tool; /* the snapshot's tool call (tool-argument chunks) */
    unsigned long long hits; /* chunks applied here */
    oai__tmpl t;             /* the chunk's bytes and slots */
} oai__chat_fast;

/* What oai__chat_fast_apply() returns for a chunk it leaves to the full
 * apply. */
#define OAI__CHAT_FAST_MISS 1

/* Apply `len` bytes of `data` (an event named `name`, or NULL) when they
 * fit the template, as oai_chat_accumulator_apply() does: OAI_OK with the
 * update in *out, or OAI_ENOMEM. OAI__CHAT_FAST_MISS when they do not fit,
 * for the full apply to take the chunk (the chunk's tree a->ev may then
 * hold part of it: the full apply replaces it). Drops the template unless
 * it applied the chunk. */
int oai__chat_fast_apply(oai_chat_accumulator *a, const char *name,
                         const char *data, size_t len,
                         const oai_chat_update **out);

/* After a full apply of `data` that succeeded: keep the chunk as the
 * template when it has the shape. OAI_OK, or OAI_ENOMEM (reported in the
 * accumulator's error) when the template's bytes could not be kept. */
int oai__chat_fast_learn(oai_chat_accumulator *a, const char *data, size_t len);

#endif
