/** @file
 * oai/run_steps.h - /threads/{thread_id}/runs/{run_id}/steps: retrieve and
 * list. Conventions: oai/resources.h.
 */
#ifndef OAI_RUN_STEPS_H
#define OAI_RUN_STEPS_H

#include "client.h"
#include "json.h"
#include "pagination.h"

#ifdef __cplusplus
extern "C" {
#endif

/** GET /threads/{thread_id}/runs/{run_id}/steps/{step_id}. `include` is
 *  NULL or a NULL-terminated list of `include[]` query values.
 *  @param[out] out the run step. */
OAI_EXTERN int oai_run_steps_retrieve(oai_json **out, oai_client *c,
                                      const char *thread_id, const char *run_id,
                                      const char *step_id,
                                      const char *const *include,
                                      const oai_request_options *opts);

/** GET /threads/{thread_id}/runs/{run_id}/steps: one page; limit, order,
 *  after, before, and `include` as in oai_run_steps_retrieve().
 *  @param[out] out the page. */
OAI_EXTERN int oai_run_steps_list(oai_json **out, oai_client *c,
                                  const char *thread_id, const char *run_id,
                                  const oai_list_options *list,
                                  const char *const *include,
                                  const oai_request_options *opts);

/** A pager over a run's steps (first page fetched now); `include` is sent
 *  with every page (the pager keeps a copy).
 *  @param[out] out the pager; oai_pager_free(). */
OAI_EXTERN int oai_run_steps_list_pager(oai_pager **out, oai_client *c,
                                        const char *thread_id,
                                        const char *run_id,
                                        const oai_list_options *list,
                                        const char *const *include,
                                        const oai_request_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* OAI_RUN_STEPS_H */
