/** @file
 * oai/poll.h - polling helpers: create something, then GET it until it
 * reaches a terminal state. Each helper is the poller of the same name in
 * oai/poller.h run to completion on the calling thread (a private multi
 * of the client), so both forms send the same requests.
 *
 * The loop: the first GET is immediate; while the object is not terminal
 * the helper waits, then GETs again. The wait is `poll_interval_ms` when
 * given, else the `openai-poll-after-ms` header of the first response that
 * needs a wait (read once and kept; an unparsable value counts as absent),
 * else 1000 ms. Every poll GET carries `X-Stainless-Poll-Helper: true`, and
 * `X-Stainless-Custom-Poll-Interval: <ms>` when `poll_interval_ms` was
 * given. There is no deadline unless `max_wait_ms` is set.
 *
 * Terminal states:
 *   runs                requires_action, cancelled, completed, failed,
 *                       expired, incomplete; any other status (queued,
 *                       in_progress, cancelling, unknown) keeps polling.
 *   vector-store files  completed, failed, cancelled are terminal,
 *                       in_progress keeps polling, any other status is
 *                       returned at once. Failed files are returned, not
 *                       reported as errors: check `status`/`last_error`.
 *   file batches        stop as soon as `file_counts.in_progress` is 0,
 *                       whatever `status` says.
 *   responses           completed, failed, cancelled, incomplete; queued
 *                       and in_progress keep polling; any other status (or
 *                       none) is returned at once rather than polled
 *                       forever. A failed or incomplete response is
 *                       returned with OAI_OK: check `status`, `error`,
 *                       `incomplete_details` (oai/responses.h views).
 *
 * Return codes of every helper: OAI_OK with the terminal object in *out;
 * OAI_EINVAL (bad argument, nothing sent); OAI_ENOMEM; any request error of
 * oai/client.h (OAI_ETRANSPORT, OAI_ETIMEOUT, OAI_EPROTOCOL, the HTTP
 * status codes; each GET has the client's retry policy; an error ends the
 * polling); OAI_EFILE (upload helpers: a file could not be read);
 * OAI_EPOLLTIMEOUT (max_wait_ms passed) and OAI_ECANCELLED (the cancel
 * token was triggered or the progress callback returned non-zero). On
 * OAI_EPOLLTIMEOUT and OAI_ECANCELLED *out holds the last object seen (an
 * owned document, NULL if none was seen yet); on every other error *out is
 * NULL. Detail is in oai_client_last_error(c). Blocking; one thread per
 * client; never call them from inside a callback of the same client.
 */
#ifndef OAI_POLL_H
#define OAI_POLL_H

#include "client.h"
#include "files.h"
#include "json.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- cancellation ------------------------------------------------------ */

/**
 * A cancellation token: set it from any thread to stop a polling helper
 * that uses it. The helper notices within one poll interval at the latest
 * (a wait between polls is interrupted at once; a request in flight is
 * finished first, uploads stop at the next transfer step). Once set it
 * stays set; a token may be shared by several helpers.
 */
typedef struct oai_cancel oai_cancel;

/** @param[out] out a new, unset token. OAI_OK, OAI_EINVAL, OAI_ENOMEM. */
OAI_EXTERN int oai_cancel_new(oai_cancel **out);
/** Set the token and wake every helper waiting on it. Thread-safe, async-
 *  signal-unsafe, may be called from a progress callback. NULL is fine. */
OAI_EXTERN void oai_cancel_trigger(oai_cancel *t);
/** 1 once the token was triggered. Thread-safe. */
OAI_EXTERN int oai_cancel_is_set(const oai_cancel *t);
/** Free the token; no helper may still be using it. NULL is fine. */
OAI_EXTERN void oai_cancel_free(oai_cancel *t);

/* ---- progress ---------------------------------------------------------- */

/** What a progress report is about. */
typedef enum oai_poll_phase {
    OAI_POLL_PHASE_UPLOAD = 1, /**< a file upload made progress or finished */
    OAI_POLL_PHASE_POLL = 2    /**< a poll GET returned */
} oai_poll_phase;

/** What a progress callback sees. Everything is borrowed for the duration
 *  of the callback. Fields are only ever appended. */
typedef struct oai_poll_progress {
    oai_poll_phase
        phase; /**< upload or poll; the fields below say which apply */
    /* OAI_POLL_PHASE_UPLOAD */
    size_t file_index;    /**< input position of the file */
    const char *filename; /**< its multipart filename */
    uint64_t bytes_sent;  /**< bytes of the file body sent so far */
    uint64_t bytes_total; /**< its size */
    int upload_done;      /**< 1 on the file's last report */
    /* OAI_POLL_PHASE_POLL */
    unsigned int polls;     /**< poll GETs made so far (>= 1) */
    const char *status;     /**< the object's `status`, NULL if absent */
    const oai_json *object; /**< the object just received */
    int status_changed;     /**< 1 when `status` differs from the previous
                                 poll's (always 1 on the first poll) */
} oai_poll_progress;

/** Return 0 to continue; non-zero cancels the helper (OAI_ECANCELLED). Must
 *  not call into the same client. */
typedef int (*oai_poll_progress_fn)(const oai_poll_progress *p,
                                    void *user_data);

/* ---- options ----------------------------------------------------------- */

#define OAI_POLL_OPTIONS_VERSION 1 /**< of oai_poll_options */
/** Options of the polling helpers. */
typedef struct oai_poll_options {
    unsigned int version;          /**< OAI_POLL_OPTIONS_VERSION */
    int poll_interval_ms;          /**< > 0: fixed interval (and header); <= 0:
                                        not given (server's hint or 1000) */
    long max_wait_ms;              /**< > 0: overall deadline from the call's
                                        start → OAI_EPOLLTIMEOUT; <= 0: none */
    int max_concurrency;           /**< batch uploads in flight; <= 0: 5 */
    oai_cancel *cancel;            /**< optional token (borrowed) */
    oai_poll_progress_fn progress; /**< optional */
    void *user_data;               /**< passed to progress */
    /** Per-request options (oai/client.h) for the creating request(s) and,
     *  for runs and responses only, for the poll GETs too (vector-store file
     *  and batch polls send only the helper headers, as the SDKs do).
     *  NULL: none. */
    const oai_request_options *request;
} oai_poll_options;
/** Initialiser of oai_poll_options: the current version, every other field
 * default. */
#define OAI_POLL_OPTIONS_INIT                                                  \
    {                                                                          \
        OAI_POLL_OPTIONS_VERSION, 0, 0, 0, NULL, NULL, NULL, NULL              \
    }

/* `opts` may be NULL everywhere below (defaults). It is only read. */

/* ---- runs -------------------------------------------------------------- */

/** Poll GET /threads/{thread_id}/runs/{run_id} until terminal.
 *  @param[out] out the run. */
OAI_EXTERN int oai_runs_poll(oai_json **out, oai_client *c,
                             const char *thread_id, const char *run_id,
                             const oai_poll_options *opts);

/** POST /threads/{thread_id}/runs with `params` plus `"stream": false`
 *  (and `include[]` as in oai_runs_create()), then oai_runs_poll(). The
 *  POST carries no poll headers. @param[out] out the run. */
OAI_EXTERN int oai_runs_create_and_poll(oai_json **out, oai_client *c,
                                        const char *thread_id,
                                        const oai_json *params,
                                        const char *const *include,
                                        const oai_poll_options *opts);

/** POST /threads/runs with `params` plus `"stream": false`, then poll the
 *  run on the thread named by the created run's `thread_id`.
 *  @param[out] out the run. */
OAI_EXTERN int oai_threads_create_and_run_poll(oai_json **out, oai_client *c,
                                               const oai_json *params,
                                               const oai_poll_options *opts);

/** POST .../runs/{run_id}/submit_tool_outputs with
 *  `{"tool_outputs": <array>, "stream": false}`, then oai_runs_poll().
 *  @param[out] out the run. */
OAI_EXTERN int oai_runs_submit_tool_outputs_and_poll(
    oai_json **out, oai_client *c, const char *thread_id, const char *run_id,
    const oai_json *tool_outputs, const oai_poll_options *opts);

/* ---- vector-store files ------------------------------------------------ */

/** Poll GET /vector_stores/{vector_store_id}/files/{file_id}.
 *  @param[out] out the vector-store file. */
OAI_EXTERN int oai_vector_store_files_poll(oai_json **out, oai_client *c,
                                           const char *vector_store_id,
                                           const char *file_id,
                                           const oai_poll_options *opts);

/** oai_vector_store_files_create() (its answer is discarded), then
 *  oai_vector_store_files_poll(). @param[out] out the vector-store file. */
OAI_EXTERN int oai_vector_store_files_create_and_poll(
    oai_json **out, oai_client *c, const char *vector_store_id,
    const char *file_id, const oai_json *params, const oai_poll_options *opts);

/** Upload `file` with POST /files (`purpose=assistants`), then
 *  oai_vector_store_files_create_and_poll() with its id. Upload progress is
 *  reported as file_index 0. @param[out] out the vector-store file. */
OAI_EXTERN int oai_vector_store_files_upload_and_poll(
    oai_json **out, oai_client *c, const char *vector_store_id,
    const oai_upload *file, const oai_json *params,
    const oai_poll_options *opts);

/* ---- file batches ------------------------------------------------------ */

/** Poll GET /vector_stores/{vector_store_id}/file_batches/{batch_id}.
 *  @param[out] out the batch. */
OAI_EXTERN int oai_file_batches_poll(oai_json **out, oai_client *c,
                                     const char *vector_store_id,
                                     const char *batch_id,
                                     const oai_poll_options *opts);

/** oai_file_batches_create(), then poll the created batch.
 *  @param[out] out the batch. */
OAI_EXTERN int oai_file_batches_create_and_poll(oai_json **out, oai_client *c,
                                                const char *vector_store_id,
                                                const oai_json *params,
                                                const oai_poll_options *opts);

/**
 * Upload `n_files` files (POST /files, `purpose=assistants`) with at most
 * `opts->max_concurrency` uploads in flight (default 5), multiplexed on the
 * calling thread. Only when every upload succeeded, create a batch with
 * `file_ids` = the `n_file_ids` given ids followed by the uploaded ids in
 * input order, plus the members of `params` (NULL or an object
 * with e.g. `chunking_strategy`, `attributes`; `file_ids`/`files` there →
 * OAI_EINVAL), and poll it. If any upload fails no batch is created, the
 * error of the lowest input position is returned and its message names the
 * file; files already uploaded are not deleted. `n_files` may be 0 (batch
 * from `file_ids` only); both 0 → OAI_EINVAL.
 * @param files    array of n_files sources (may be NULL when n_files is 0).
 * @param file_ids array of n_file_ids ids (may be NULL when 0).
 * @param[out] out the batch.
 */
OAI_EXTERN int oai_file_batches_upload_and_poll(
    oai_json **out, oai_client *c, const char *vector_store_id,
    const oai_upload *files, size_t n_files, const char *const *file_ids,
    size_t n_file_ids, const oai_json *params, const oai_poll_options *opts);

/* ---- responses --------------------------------------------------------- */

/** Poll GET /responses/{response_id} until terminal (see above); a
 *  response created without `background` is normally terminal at the first
 *  GET. @param[out] out the response. */
OAI_EXTERN int oai_responses_poll(oai_json **out, oai_client *c,
                                  const char *response_id,
                                  const oai_poll_options *opts);

/** POST /responses with `params` plus `"background": true` (`params` is a
 *  required object; `"stream": true` or `"background": false` there →
 *  OAI_EINVAL), then oai_responses_poll() of the created response. The
 *  POST carries no poll headers. Stopping early (max_wait_ms, the cancel
 *  token) does not cancel the response on the server: call
 *  oai_responses_cancel() for that. @param[out] out the response. */
OAI_EXTERN int oai_responses_create_and_poll(oai_json **out, oai_client *c,
                                             const oai_json *params,
                                             const oai_poll_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* OAI_POLL_H */
