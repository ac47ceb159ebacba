/** @file
 * oai/threads.h - /threads: create, retrieve, update, delete, and
 * create-and-run (POST /threads/runs, non-streaming).
 * Conventions (ownership, argument checks, return codes): oai/resources.h.
 */
#ifndef OAI_THREADS_H
#define OAI_THREADS_H

#include "client.h"
#include "json.h"

#ifdef __cplusplus
extern "C" {
#endif

/** POST /threads. `params` may be NULL (sent as `{}`) or an object with
 *  `messages`, `tool_resources`, `metadata`. @param[out] out the thread. */
OAI_EXTERN int oai_threads_create(oai_json **out, oai_client *c,
                                  const oai_json *params,
                                  const oai_request_options *opts);

/** GET /threads/{thread_id}. @param[out] out the thread. */
OAI_EXTERN int oai_threads_retrieve(oai_json **out, oai_client *c,
                                    const char *thread_id,
                                    const oai_request_options *opts);

/** POST /threads/{thread_id} with the fields to change (required object).
 *  @param[out] out the updated thread. */
OAI_EXTERN int oai_threads_update(oai_json **out, oai_client *c,
                                  const char *thread_id, const oai_json *params,
                                  const oai_request_options *opts);

/** DELETE /threads/{thread_id}. @param[out] out
 * `{"id","object":"thread.deleted","deleted"}`. */
OAI_EXTERN int oai_threads_delete(oai_json **out, oai_client *c,
                                  const char *thread_id,
                                  const oai_request_options *opts);

/**
 * POST /threads/runs: create a thread and start a run on it. `params`
 * (required object) holds `assistant_id`, optional `thread`, ... A
 * `"stream": true` member is rejected with OAI_EINVAL: streaming is
 * oai/run_stream.h's job. For a run that is waited on, see
 * oai_threads_create_and_run_poll() in oai/poll.h.
 * @param[out] out the run (its `thread_id` names the new thread).
 */
OAI_EXTERN int oai_threads_create_and_run(oai_json **out, oai_client *c,
                                          const oai_json *params,
                                          const oai_request_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* OAI_THREADS_H */
