/** @file
 * oai/poller.h - non-blocking polling helpers: the loop of oai/poll.h as a
 * timer-driven state machine on a multi (oai/multi.h), so thousands of
 * polls run on one thread without sleeping.
 *
 *     oai_poller *p;
 *     oai_poller_runs_create_and_poll(&p, c, thread_id, params, NULL, &po);
 *     oai_multi_add_poller(m, p, done, ud);    // the first request starts
 *     ... oai_multi_perform / oai_multi_wait (or socket_action) ...
 *     // in done (or after oai_multi_info_read):
 *     const oai_json *run;
 *     int rc = oai_poller_result(&run, p);   // run borrowed from p
 *     oai_poller_free(p);
 *
 * Each creation call takes the parameters of the blocking helper of the
 * same name in oai/poll.h, checks them the same way and later sends the
 * same requests with the same headers (the creating POST, then the GETs
 * with X-Stainless-Poll-Helper / X-Stainless-Custom-Poll-Interval). The
 * semantics are those of oai/poll.h: the first GET is immediate, the
 * interval is chosen once (poll_interval_ms, else the first
 * openai-poll-after-ms, else 1000 ms), the terminal states per resource,
 * max_wait_ms → OAI_EPOLLTIMEOUT, the cancel token and a non-zero return
 * of the progress callback → OAI_ECANCELLED. The wait between GETs and the
 * max_wait_ms deadline are timers of the multi (oai_multi_timeout(),
 * timer_cb); each request has the client's retries and back-off.
 *
 * Creation sends nothing: the poller starts when added to a multi of its
 * client, and max_wait_ms counts from there. A poller runs once.
 *
 * The cancel token is looked at before each request and whenever the
 * multi runs (a set token makes oai_multi_timeout() 0 while the poller
 * waits or uploads). oai_cancel_trigger() from another thread also wakes
 * every multi with an added poller holding the token (oai_multi_wakeup()),
 * so a level-1 loop blocked in oai_multi_wait() notices at once; a level-2
 * loop wakes at its next timer or socket event, or at once if its own
 * wake-up (e.g. a uv_async) follows the trigger. A poll request in flight
 * is finished first; uploads in flight are aborted.
 *
 * Upload-and-poll pollers first upload their files (POST /files) as
 * transfers of the multi, several at once, then create and poll as the
 * others. Their progress callback gets OAI_POLL_PHASE_UPLOAD reports as
 * bytes go out (at most every 50 ms per file) and when a file is done.
 *
 * The progress callback (OAI_POLL_PHASE_UPLOAD and OAI_POLL_PHASE_POLL
 * reports) runs from inside oai_multi_perform() /
 * oai_multi_socket_action(); it must not call the multi or free the
 * poller.
 *
 * Lifetime: free pollers before their client; a poller still added when
 * its multi is freed is detached without a callback (free it afterwards).
 *
 * Threading: as the multi (one thread at a time).
 * @since 0.1
 */
#ifndef OAI_POLLER_H
#define OAI_POLLER_H

#include "multi.h"
#include "poll.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A non-blocking poll in progress. */
typedef struct oai_poller oai_poller;

/*
 * Creation calls. Each returns OAI_OK with *out a new poller (free with
 * oai_poller_free()), or OAI_EINVAL (NULL out or c, a bad argument or
 * option version: nothing sent, detail in oai_client_last_error(c)),
 * OAI_EFILE (upload pollers: a file cannot be read; its message names the
 * path and files[i]) or OAI_ENOMEM, with *out NULL. Strings, JSON
 * parameters, upload sources (paths, names and memory bytes) and the
 * request options inside `opts` are copied; `opts->cancel` is borrowed and
 * must outlive the poller. They send nothing, so they may be called from any
 * callback (e.g. create and add a follow-up poller from a completion).
 */

/** As oai_runs_poll(): GET /threads/{thread_id}/runs/{run_id}. */
OAI_EXTERN int oai_poller_runs_poll(oai_poller **out, oai_client *c,
                                    const char *thread_id, const char *run_id,
                                    const oai_poll_options *opts);

/** As oai_runs_create_and_poll(): POST /threads/{thread_id}/runs with
 *  `params` + `"stream": false` (`include` may be NULL), then poll. */
OAI_EXTERN int oai_poller_runs_create_and_poll(oai_poller **out, oai_client *c,
                                               const char *thread_id,
                                               const oai_json *params,
                                               const char *const *include,
                                               const oai_poll_options *opts);

/** As oai_threads_create_and_run_poll(): POST /threads/runs, then poll the
 *  run on the thread it names. */
OAI_EXTERN int
oai_poller_threads_create_and_run_poll(oai_poller **out, oai_client *c,
                                       const oai_json *params,
                                       const oai_poll_options *opts);

/** As oai_runs_submit_tool_outputs_and_poll(). */
OAI_EXTERN int oai_poller_runs_submit_tool_outputs_and_poll(
    oai_poller **out, oai_client *c, const char *thread_id, const char *run_id,
    const oai_json *tool_outputs, const oai_poll_options *opts);

/** As oai_vector_store_files_poll(). */
OAI_EXTERN int oai_poller_vector_store_files_poll(oai_poller **out,
                                                  oai_client *c,
                                                  const char *vector_store_id,
                                                  const char *file_id,
                                                  const oai_poll_options *opts);

/** As oai_vector_store_files_create_and_poll() (the POST's answer is
 *  discarded; the file is polled by its id). */
OAI_EXTERN int oai_poller_vector_store_files_create_and_poll(
    oai_poller **out, oai_client *c, const char *vector_store_id,
    const char *file_id, const oai_json *params, const oai_poll_options *opts);

/** As oai_vector_store_files_upload_and_poll(): upload `file` (POST
 *  /files, purpose=assistants), then create the vector-store file with its
 *  id and poll it. Upload progress is reported as file_index 0. */
OAI_EXTERN int oai_poller_vector_store_files_upload_and_poll(
    oai_poller **out, oai_client *c, const char *vector_store_id,
    const oai_upload *file, const oai_json *params,
    const oai_poll_options *opts);

/** As oai_file_batches_poll(). */
OAI_EXTERN int oai_poller_file_batches_poll(oai_poller **out, oai_client *c,
                                            const char *vector_store_id,
                                            const char *batch_id,
                                            const oai_poll_options *opts);

/** As oai_file_batches_create_and_poll(): create, then poll the batch. */
OAI_EXTERN int oai_poller_file_batches_create_and_poll(
    oai_poller **out, oai_client *c, const char *vector_store_id,
    const oai_json *params, const oai_poll_options *opts);

/** As oai_file_batches_upload_and_poll(): upload the `n_files` files with
 *  at most `opts->max_concurrency` in flight (default 5) on the multi; only
 *  when all succeeded, create the batch of the given `file_ids` followed by
 *  the uploaded ids in input order, and poll it. A failed upload ends the
 *  poller once the other uploads finished, with the error of the lowest
 *  input position, its message naming the file; no batch is created. */
OAI_EXTERN int oai_poller_file_batches_upload_and_poll(
    oai_poller **out, oai_client *c, const char *vector_store_id,
    const oai_upload *files, size_t n_files, const char *const *file_ids,
    size_t n_file_ids, const oai_json *params, const oai_poll_options *opts);

/** As oai_responses_poll(): GET /responses/{response_id}. */
OAI_EXTERN int oai_poller_responses_poll(oai_poller **out, oai_client *c,
                                         const char *response_id,
                                         const oai_poll_options *opts);

/** As oai_responses_create_and_poll(): POST /responses with
 *  `"background": true`, then poll the created response. */
OAI_EXTERN int
oai_poller_responses_create_and_poll(oai_poller **out, oai_client *c,
                                     const oai_json *params,
                                     const oai_poll_options *opts);

/**
 * Start `p` on `m` (whose client must be the poller's). Its first request
 * goes out on the next perform / socket_action; `done` (may be NULL) runs
 * once when it finished, and the message is queued for
 * oai_multi_info_read() (kind OAI_MULTI_POLLER, result as
 * oai_poller_result()). Callable from a completion callback.
 * @return OAI_OK; OAI_EINVAL (NULL m or p, another client, already added
 *         or already run).
 */
OAI_EXTERN int oai_multi_add_poller(oai_multi *m, oai_poller *p,
                                    oai_multi_done_fn done, void *user_data);

/**
 * Stop a poller before it finished: a request in flight is aborted, no
 * completion is reported, and oai_poller_result() then gives
 * OAI_ECANCELLED with the last object seen. After completion it only
 * detaches. The poller is still yours to free. Callable from a completion
 * callback.
 * @return OAI_OK; OAI_EINVAL (NULL, not added to m).
 */
OAI_EXTERN int oai_multi_remove_poller(oai_multi *m, oai_poller *p);

/**
 * Result of a finished poller.
 * @param[out] out the object, borrowed from p (valid until
 *        oai_poller_free()): the terminal object on OAI_OK; the last object
 *        seen (NULL if none yet) on OAI_EPOLLTIMEOUT and OAI_ECANCELLED;
 *        NULL otherwise.
 * @return OAI_OK; OAI_ENOTREADY (not added or still running); OAI_EINVAL
 *         (NULL argument); or the error that ended it: OAI_EPOLLTIMEOUT,
 *         OAI_ECANCELLED, OAI_EPROTOCOL, OAI_ENOMEM or a request error of
 *         oai/client.h (after the request's retries). Detail in
 *         oai_poller_error().
 */
OAI_EXTERN int oai_poller_result(const oai_json **out, const oai_poller *p);

/** Detail of the error that ended the poller (code 0 otherwise). Borrowed
 *  from p; NULL for a NULL p. */
OAI_EXTERN const oai_error *oai_poller_error(const oai_poller *p);

/** Poll GETs answered so far. */
OAI_EXTERN unsigned oai_poller_polls(const oai_poller *p);

/** Abort a request in flight, remove from its multi, free. No callback
 *  runs. NULL is fine. May be called from the poller's own completion
 *  callback; not from its progress callback. */
OAI_EXTERN void oai_poller_free(oai_poller *p);

#ifdef __cplusplus
}
#endif
#endif /* OAI_POLLER_H */
