/** @file
 * oai/accumulate.h - I/O-free accumulation of assistant stream events into
 * run, run-step and message snapshots.
 *
 * oai_stream uses one internally; use it directly when you decode events
 * yourself and only want the snapshots, without callbacks:
 *
 *     oai_accumulator *a;
 *     oai_accumulator_new(&a, NULL);
 *     ... for each event: oai_accumulator_apply(a, name, data);
 *     const oai_message *m = oai_accumulator_message(a);
 *     oai_accumulator_free(a);
 *
 * Rules: `thread.message.created` starts a message snapshot,
 * `thread.message.delta` merges its content deltas into it (list entries
 * matched by `index`, strings concatenated, numbers summed, booleans
 * replaced, null never overwrites, nested objects merged), completed or
 * incomplete replace it with the server's object. Run-step deltas merge the
 * same way into the snapshot of their step; created, in_progress and the
 * terminal step events store the event's object (also for steps first seen
 * that way). Run events store the latest run. Appending to a text value or
 * to tool-call arguments is amortised O(1).
 *
 * Views returned here are borrowed and valid until the next
 * oai_accumulator_apply() or oai_accumulator_free() on `a`.
 */
#ifndef OAI_ACCUMULATE_H
#define OAI_ACCUMULATE_H

#include "common.h"
#include "errors.h"
#include "json.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OAI_ACCUMULATOR_OPTIONS_VERSION 1 /**< of oai_accumulator_options */

/** Limits; zero fields mean "default". */
typedef struct oai_accumulator_options {
    unsigned int version;      /**< OAI_ACCUMULATOR_OPTIONS_VERSION */
    size_t max_snapshot_bytes; /**< total bytes of event data stored or merged
                                    (default 256 MiB); beyond it OAI_ELIMIT */
    size_t max_snapshots;      /**< messages + run steps kept (default 65536) */
} oai_accumulator_options;

/** Initialiser of oai_accumulator_options: the current version, every other
 * field default. */
#define OAI_ACCUMULATOR_OPTIONS_INIT                                           \
    {                                                                          \
        OAI_ACCUMULATOR_OPTIONS_VERSION, 0, 0                                  \
    }

/** Event-to-snapshot accumulator (opaque). */
typedef struct oai_accumulator oai_accumulator;

/**
 * Create an accumulator.
 * @param[out] out the accumulator; free with oai_accumulator_free().
 * @param opts limits (copied) or NULL for defaults.
 * @return OAI_OK, OAI_EINVAL (out NULL, unknown options version), OAI_ENOMEM,
 *         OAI_ERROR (library initialisation failed).
 */
OAI_EXTERN int oai_accumulator_new(oai_accumulator **out,
                                   const oai_accumulator_options *opts);

/**
 * Apply one event. `data` is copied where it is kept; the caller keeps
 * ownership. Events of other names are accepted and ignored.
 * @param name the event name ("thread.message.delta", ...).
 * @param data the event's data; must be an object for thread.run.*,
 *        thread.run.step.* and thread.message.* events.
 * @return OAI_OK; OAI_EACCUMULATE (a delta that cannot be applied: delta
 *         before its message or step was created, a bad list entry, data
 *         not an object, ...; snapshots may then be partly merged);
 *         OAI_ELIMIT (a limit passed); OAI_ENOMEM; OAI_EINVAL (a or name
 *         NULL). oai_accumulator_error() has the detail.
 */
OAI_EXTERN int oai_accumulator_apply(oai_accumulator *a, const char *name,
                                     const oai_json *data);

/** The latest run, or NULL before the first thread.run.* event. A run
 *  applied by a stream is kept as its text and parsed at the first call
 *  that asks for it; NULL also when memory runs out for that parse. Not
 *  to be called from two threads at once on one accumulator. */
OAI_EXTERN const oai_run *oai_accumulator_run(const oai_accumulator *a);
/** The current message snapshot, or NULL before the first message. It stays
 *  set after the message completed, until the next message is created. */
OAI_EXTERN const oai_message *oai_accumulator_message(const oai_accumulator *a);
/** Number of messages seen, and message i in first-creation order. @{ */
OAI_EXTERN size_t oai_accumulator_message_count(const oai_accumulator *a);
OAI_EXTERN const oai_message *
oai_accumulator_message_at(const oai_accumulator *a, size_t i);
/** @} */
/** Number of run steps seen, and step i in first-creation order. Like the
 *  run, a step applied by a stream may be kept as its text and parsed at
 *  the first call that asks for it: NULL also when memory runs out then.
 *  @{ */
OAI_EXTERN size_t oai_accumulator_run_step_count(const oai_accumulator *a);
OAI_EXTERN const oai_run_step *
oai_accumulator_run_step_at(const oai_accumulator *a, size_t i);
/** @} */
/** The run-step snapshot with this id, or NULL (also when memory runs out
 *  for parsing it). */
OAI_EXTERN const oai_run_step *
oai_accumulator_run_step(const oai_accumulator *a, const char *id);
/** Detail of the last failed apply (code 0 if none). Borrowed, valid until
 *  the next apply or free. */
OAI_EXTERN const oai_error *oai_accumulator_error(const oai_accumulator *a);
/** Free the accumulator and every snapshot. NULL is fine. */
OAI_EXTERN void oai_accumulator_free(oai_accumulator *a);

#ifdef __cplusplus
}
#endif
#endif /* OAI_ACCUMULATE_H */
