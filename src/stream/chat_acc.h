/* Internal side of oai/chat_accumulate.h. */
#ifndef OAI_STREAM_CHAT_ACC_H
#define OAI_STREAM_CHAT_ACC_H

#include <cJSON.h>
#include <stdint.h>

#include "core/error.h"
#include "core/warm.h"
#include "oai/chat_accumulate.h"
#include "stream/chat_changes.h"
#include "stream/chat_fast.h"

/* Choices and tool calls per choice are addressed by index below this, as
 * the official helper limits them. */
#define OAI__CHAT_MAX_INDEX 128

/* The reasoning text fields servers add to deltas, appended like content. */
#define OAI__CHAT_N_REASONING 2
extern const char *const oai__chat_reasoning_keys[OAI__CHAT_N_REASONING];

typedef struct oai__chat_choice {
    cJSON *node;    /* the choice in the snapshot's `choices` */
    cJSON *message; /* its `message` */
    cJSON **tools;  /* tool calls by index (OAI__CHAT_MAX_INDEX), or NULL */
    uint64_t opened[2], done_tools[2]; /* tool-call index sets */
    long long current_tool, last_tool; /* -1 when none */
    int had_delta, audio_done;
    int content_done, refusal_done, lp_content_done, lp_refusal_done;
    /* reasoning text put aside while a non-string value replaces it */
    cJSON *parked[OAI__CHAT_N_REASONING];
} oai__chat_choice;

/* A tool-call entry of the chunk being applied, for the helper events. */
typedef struct oai__chat_captured {
    long long index;
    const char *delta;
    size_t len;
} oai__chat_captured;

/* A choice of the chunk being applied. */
typedef struct oai__chat_frame {
    oai__chat_choice *ch;
    long long index;
    const cJSON *delta; /* an object, or NULL */
    const cJSON *logprobs;
    size_t cap_from, cap_to; /* its range in `captured` */
} oai__chat_frame;

struct oai_chat_accumulator {
    size_t max_event, max_bytes, bytes;
    cJSON *ev;      /* the current event's data */
    cJSON *snap;    /* the snapshot, NULL before the first chunk */
    cJSON *choices; /* its `choices` array, in index order */
    cJSON *final;
    long long n_chunks;
    int done;
    int partial; /* the last apply failed after merging its chunk */
    oai__chat_frame *frames;
    size_t n_frames, cap_frames;
    oai__chat_captured *captured;
    size_t n_captured, cap_captured;
    oai__chat_changes changes;
    oai_chat_update upd;
    oai__error_store err;
    oai__chat_fast fast; /* the delta fast path's template */
    /* The fields above are what a fast-path chunk reads
     * (oai__chat_acc_warm). */
    /* the choices by index, n_choice slots up to the highest index seen
     * (NULL where no chunk named one): almost always one */
    oai__chat_choice **choice;
    size_t n_choice;
};

/* The choice of index i, or NULL. */
static inline oai__chat_choice *
oai__chat_choice_at(const oai_chat_accumulator *a, long long i)
{
    return i >= 0 && (unsigned long long)i < a->n_choice ? a->choice[i] : NULL;
}

/* JavaScript truthiness of a member: absent, null, false, 0 and "" are
 * false. The official helpers test most fields that way. */
/* Note what applying a next chunk like the last one reads: the
 * accumulator, its change list and, when the fast path holds a template,
 * the template and the text it appends to. */
void oai__chat_acc_warm(const oai_chat_accumulator *a, oai__warm *w);

int oai__chat_truthy(const cJSON *v);
/* Absent or JSON null. */
int oai__chat_nullish(const cJSON *v);

/* Merge chunk `a->ev` into the snapshot (chat_merge.c), then raise the
 * helper events (chat_events.c). Return OAI_OK or an error set in a->err. */
int oai__chat_merge(oai_chat_accumulator *a);
int oai__chat_events(oai_chat_accumulator *a);

/* Build a->final (chat_final.c). */
int oai__chat_finalize(oai_chat_accumulator *a);

/* Replace member `key` of `obj` by a copy of `v` (added when absent). */
int oai__chat_set_copy(oai_chat_accumulator *a, cJSON *obj, const char *key,
                       const cJSON *v);

#endif
