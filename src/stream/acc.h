/* Internal side of oai/accumulate.h: the accumulator the stream drives.
 *
 * The accumulator owns every tree of a stream: the data of the event being
 * applied (parsed here, then kept as a snapshot or freed at the next
 * event), the snapshots, and a replaced step tree still holding the tool
 * call the next deltas continue. Each apply reports what it changed as a
 * change list (stream/changes.h) in the order of the handler's hooks; the
 * stream maps the records to hooks and touches nothing else. */
#ifndef OAI_STREAM_ACC_H
#define OAI_STREAM_ACC_H

#include <cJSON.h>

#include "core/error.h"
#include "core/warm.h"
#include "oai/accumulate.h"
#include "stream/acc_fast.h"
#include "stream/changes.h"
#include "stream/idmap.h"
#include "stream/reparse.h"

/* Change kinds of the Assistants stream. `snap` is the accumulated object
 * the hook receives, `delta` the delta as received; `id` is the id of the
 * message, run step or run the change is in; index[0] is the content index
 * (text and image records), the tool call index (tool call records) or the
 * entry of the step in the step snapshots (step records). */
enum {
    OAI__CH_RUN,               /* snap: the run (any run event), NULL while
                                  its text is not parsed: no hook reads it */
    OAI__CH_STEP_CREATED,      /* snap: the step, NULL while its text is not
                                  parsed (index[0] finds it) */
    OAI__CH_STEP_UPDATED,      /* snap: the step (in_progress), idem */
    OAI__CH_STEP_DELTA,        /* delta: step delta, snap: the step */
    OAI__CH_STEP_DONE,         /* snap: the step, idem */
    OAI__CH_TOOL_CALL_CREATED, /* snap: the tool call */
    OAI__CH_TOOL_CALL_DELTA,   /* delta: tool call delta, snap: the call */
    OAI__CH_TOOL_CALL_DONE,    /* snap: the tool call */
    OAI__CH_MESSAGE_CREATED,   /* snap: the message */
    OAI__CH_MESSAGE_DELTA,     /* delta: message delta, snap: the message */
    OAI__CH_MESSAGE_DONE,      /* snap: the message */
    OAI__CH_TEXT_CREATED,      /* snap: the text */
    OAI__CH_TEXT_DELTA,        /* delta: text delta, text: its value,
                                  snap: the text */
    OAI__CH_TEXT_DONE,         /* snap: the text */
    OAI__CH_IMAGE_FILE_DONE,   /* snap: the image_file object */
    OAI__CH_ERROR              /* the stream cannot go on: list.err says why */
};

/* What the current event's unparsed text became (oai_accumulator's
 * `deferred`). */
enum {
    OAI__DEFER_NONE, /* the event was parsed */
    OAI__DEFER_TEXT, /* its text is at defer_text */
    OAI__DEFER_RUN,  /* its text is the run snapshot's */
    OAI__DEFER_STEP  /* its text is the step snapshot at defer_at */
};

/* Where a content delta of the message delta being applied went. */
typedef struct oai__acc_note {
    const cJSON *delta; /* the content delta */
    cJSON *block;       /* the block it was merged into or created */
    long long index;
    int fresh; /* the delta created the block */
} oai__acc_note;

struct oai_accumulator {
    size_t max_bytes, max_snaps, bytes;
    cJSON *run;
    /* The run's text while it is not parsed (`run` is then NULL): run
     * events replace the run whole and no hook is given it, so it is
     * parsed only when asked for. */
    char *run_text;
    size_t run_len;
    oai__idmap msgs;
    long cur_msg; /* entry of the current message snapshot, -1 */
    oai__idmap steps;
    cJSON *event;       /* the parsed data of the current event, until it is
                           kept as a snapshot or the next event is parsed */
    int event_is_delta; /* `event` is a message delta's: never kept */
    /* The current event's text when it was left unparsed (oai__acc_defer),
     * valid until the next event; DEFER_* */
    const char *defer_text;
    size_t defer_len;
    int deferred;
    const char *defer_id; /* a step's id, in defer_text */
    size_t defer_id_len;
    long defer_at;
    oai__acc_fast fast; /* the delta fast path's template */
    oai__changes changes;
    /* The fields above are what a fast-path delta reads (oai__acc_warm). */
    oai__reparser reparse;

    /* what the next deltas continue */
    int has_content_index;
    long long content_index;
    const cJSON *content; /* the current block of the current message */
    int has_tc_index;
    long long tc_index;
    cJSON *tc;      /* the current tool call, inside tc_root */
    cJSON *tc_root; /* the step tree holding it */
    cJSON *tc_kept; /* tc_root once replaced in the step snapshots */

    oai__acc_note *notes; /* scratch of one message delta */
    size_t n_notes, cap_notes;
    oai__error_store err;
};

/* Parse the data text of the next event, of type `t` (OAI_EVENT_UNKNOWN
 * for names the accumulator does not know). The tree belongs to the
 * accumulator and stays valid until the next parse, or for as long as its
 * snapshot when oai__acc_apply() keeps it; the previous event's tree is
 * freed first. A large message completion releases the content it will
 * replace before it is parsed, so a long text is not resident three times
 * (only a stream that then fails can be left with the content-less
 * snapshot). `text` must stay valid until the event is applied (the
 * fast path may keep it as its template). Returns NULL when the text is
 * not JSON. */
cJSON *oai__acc_parse(oai_accumulator *a, oai_event_type t, const char *text,
                      size_t len);

/* Leave the text of the next event unparsed when nothing the accumulator
 * does with an event of type `t` reads more of its tree than the id (the
 * run and run step events, whose text becomes the snapshot,
 * thread.created, thread.message.in_progress) and the text is JSON that
 * will parse: 1 then, with the previous event's
 * tree released as oai__acc_parse() releases it; the caller applies it
 * with oai__acc_apply_deferred(). 0 otherwise: parse it. `text` must stay
 * valid until the next event. */
int oai__acc_defer(oai_accumulator *a, oai_event_type t, const char *text,
                   size_t len);

/* Apply the event left unparsed by the last oai__acc_defer(), of `cost`
 * bytes; as oai__acc_apply(). */
int oai__acc_apply_deferred(oai_accumulator *a, oai_event_type t, size_t cost,
                            const oai__changes **changes);

/* The tree of the event left unparsed, parsed now (owned as a parsed
 * event's); the run or step snapshot once the event has become it. NULL
 * when out of memory. */
cJSON *oai__acc_event_data(oai_accumulator *a);

/* The run snapshot, parsed now if it was kept as text; NULL when there is
 * none or memory runs out. oai__acc_has_run() tells the two apart. */
cJSON *oai__acc_run(const oai_accumulator *a);
int oai__acc_has_run(const oai_accumulator *a);

/* Apply an event of known type; `cost` = bytes of its data text, counted
 * against max_snapshot_bytes. `data` is kept without a copy when it is the
 * tree of the last oai__acc_parse(), else copied where it is kept. On
 * success *changes (if not NULL) is the list of changes, valid until the
 * next apply. Returns as oai_accumulator_apply(). */
int oai__acc_apply(oai_accumulator *a, oai_event_type t, const cJSON *data,
                   size_t cost, const oai__changes **changes);

/* Note what applying a next delta like the last one reads: the
 * accumulator, its change list and, when the fast path is armed, the
 * template and the text it appends to. */
void oai__acc_warm(const oai_accumulator *a, oai__warm *w);

/* The current message snapshot / a step snapshot by id (parsed now if it
 * was kept as text), or NULL. */
cJSON *oai__acc_message(const oai_accumulator *a);
cJSON *oai__acc_step(const oai_accumulator *a, const char *id);

/* Between accumulate.c (the snapshots) and acc_track.c (the records). */
void oai__acc_track_begin(oai_accumulator *a);
void oai__acc_track_free(oai_accumulator *a);
/* The step tree `old`, just replaced, holds the current tool call. */
void oai__acc_keep_tc_root(oai_accumulator *a, cJSON *old);
int oai__acc_track_run(oai_accumulator *a, oai_event_type t);
int oai__acc_track_step(oai_accumulator *a, oai_event_type t, long at);
int oai__acc_track_step_delta(oai_accumulator *a, const cJSON *delta, long at);
int oai__acc_track_message(oai_accumulator *a, oai_event_type t,
                           const cJSON *msg);
int oai__acc_track_message_delta(oai_accumulator *a, const cJSON *delta,
                                 const cJSON *msg);

#endif
