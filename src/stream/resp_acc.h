/* Internal side of oai/response_accumulate.h. */
#ifndef OAI_STREAM_RESP_ACC_H
#define OAI_STREAM_RESP_ACC_H

#include <cJSON.h>

#include "core/error.h"
#include "core/json.h"
#include "core/warm.h"
#include "oai/response_accumulate.h"
#include "stream/changes.h"
#include "stream/reparse.h"
#include "stream/resp_fast.h"
#include "stream/resp_types.h"

struct oai_response_accumulator {
    size_t max_event, max_bytes, bytes;
    unsigned flags;
    cJSON *ev;       /* the current event's data */
    int ev_is_delta; /* `ev` is an appending delta's: never kept */
    long long last_seq;
    int resumed; /* reading a resumed suffix: sequence numbers must follow
                    last_seq; a repeated event is dropped */
    int dropped; /* the last apply dropped a repeated event */
    oai_response_event_type last_type; /* cache: streams repeat types */
    char last_name[64];
    oai__changes changes;       /* what the last apply changed */
    oai_response_change pub[1]; /* its public view */
    oai_response_update upd;
    oai__error_store err;
    oai__resp_fast fast; /* the delta fast path's template */
    /* The fields above are what a fast-path delta reads
     * (oai__resp_acc_warm). */

    oai__reparser reparse;
    cJSON *snap_tree;  /* the snapshot when it is our own copy */
    cJSON *snap;       /* the snapshot: snap_tree, or `final` until an event
                          after the terminal one changes it (copy on write) */
    cJSON *final_tree; /* the terminal event's data, holding `final` */
    cJSON *final;
    oai_response_end end;
    /* Output items sorted by output_index, in the order of the snapshot's
     * `output` array (items[k] is its k-th element). */
    long long *oidx;
    cJSON **items;
    size_t n_items, cap_items;
    char *response_id;
    char *text; /* output_text, rebuilt on demand */
    size_t text_cap;
    size_t n_warn;
    char warn[256];
    oai__json_loans loans; /* strings the snapshot took from `ev` */
};

/* The change list of the last successful apply, in the records of
 * stream/changes.h: `kind` an oai_response_change_kind, index[0] the
 * output_index (-1 for a lifecycle event), index[1] the content, summary,
 * annotation or command index (-1 if none), `id` the event's item_id,
 * `text`/`len` the appended text, `delta` the event's data and `snap` the
 * snapshot node changed. One event records at most one change. */
const oai__changes *oai__resp_acc_changes(const oai_response_accumulator *a);

/* The event being applied, as the merges see it. */
typedef struct oai__resp_event {
    const oai__resp_type *info;
    cJSON *data; /* the accumulator's: its strings may be taken over */
    long long output_index; /* -1 when absent or not an index */
    const char *item_id;    /* NULL when absent */
} oai__resp_event;

/* `o` is an object whose "type" is `type`. */
int oai__resp_is_type(const cJSON *o, const char *type);
/* Release what the large event data[0..len) replaces in the snapshot,
 * before it is parsed (resp_release.c). */
void oai__resp_release(oai_response_accumulator *a, const char *data,
                       size_t len);

/* The item-scoped merges (resp_merge.c). Return as the apply does. */
int oai__resp_merge(oai_response_accumulator *a, const oai__resp_event *e);

/* Items by output_index (resp_items.c). */
long oai__resp_find(const oai_response_accumulator *a, long long oi);
int oai__resp_reserve(oai_response_accumulator *a, size_t n);
/* Index the `output` array of `snap` (capacity reserved by the caller). */
void oai__resp_reindex(oai_response_accumulator *a, cJSON *snap);
/* Put a copy of `item` at output_index oi (replacing the item there, if
 * any); returns the copy or NULL (error set). */
cJSON *oai__resp_put_item(oai_response_accumulator *a, long long oi,
                          cJSON *item);

/* Note what applying a next delta like the last one reads: the
 * accumulator and, when the fast path is armed, the template and the text
 * it appends to. */
void oai__resp_acc_warm(const oai_response_accumulator *a, oai__warm *w);

/* A skipped or index-routed event: a warning, or in strict mode the error
 * OAI_EACCUMULATE. Returns OAI_OK or that error. */
int oai__resp_lenient(oai_response_accumulator *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
