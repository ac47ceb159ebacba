/** @file
 * oai/runs.h - /threads/{thread_id}/runs: create, retrieve, update, list,
 * cancel, submit_tool_outputs (all non-streaming). Streaming variants live
 * in oai/run_stream.h, waiting ones in oai/poll.h. Conventions:
 * oai/resources.h.
 */
#ifndef OAI_RUNS_H
#define OAI_RUNS_H

#include "client.h"
#include "json.h"
#include "pagination.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * POST /threads/{thread_id}/runs. `params` (required object) holds
 * `assistant_id` and the optional run fields; `"stream": true` is rejected
 * with OAI_EINVAL. `include` is NULL or a NULL-terminated list sent as
 * `include[]` query values (e.g.
 * "step_details.tool_calls[*].file_search.results[*].content"); it is only
 * read during the call. @param[out] out the run.
 */
OAI_EXTERN int oai_runs_create(oai_json **out, oai_client *c,
                               const char *thread_id, const oai_json *params,
                               const char *const *include,
                               const oai_request_options *opts);

/** GET /threads/{thread_id}/runs/{run_id}. @param[out] out the run. */
OAI_EXTERN int oai_runs_retrieve(oai_json **out, oai_client *c,
                                 const char *thread_id, const char *run_id,
                                 const oai_request_options *opts);

/** POST /threads/{thread_id}/runs/{run_id} (required object, e.g.
 *  `metadata`). @param[out] out the updated run. */
OAI_EXTERN int oai_runs_update(oai_json **out, oai_client *c,
                               const char *thread_id, const char *run_id,
                               const oai_json *params,
                               const oai_request_options *opts);

/** GET /threads/{thread_id}/runs: one page; limit, order, after, before.
 *  @param[out] out the page. */
OAI_EXTERN int oai_runs_list(oai_json **out, oai_client *c,
                             const char *thread_id,
                             const oai_list_options *list,
                             const oai_request_options *opts);

/** A pager over a thread's runs (first page fetched now).
 *  @param[out] out the pager; oai_pager_free(). */
OAI_EXTERN int oai_runs_list_pager(oai_pager **out, oai_client *c,
                                   const char *thread_id,
                                   const oai_list_options *list,
                                   const oai_request_options *opts);

/** POST /threads/{thread_id}/runs/{run_id}/cancel (no body).
 *  @param[out] out the run (usually `status: "cancelling"`). */
OAI_EXTERN int oai_runs_cancel(oai_json **out, oai_client *c,
                               const char *thread_id, const char *run_id,
                               const oai_request_options *opts);

/**
 * POST /threads/{thread_id}/runs/{run_id}/submit_tool_outputs with body
 * `{"tool_outputs": <tool_outputs>}`. `tool_outputs` is a JSON array of
 * `{"tool_call_id":…,"output":…}` (anything else → OAI_EINVAL).
 * @param[out] out the run.
 */
OAI_EXTERN int oai_runs_submit_tool_outputs(oai_json **out, oai_client *c,
                                            const char *thread_id,
                                            const char *run_id,
                                            const oai_json *tool_outputs,
                                            const oai_request_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* OAI_RUNS_H */
