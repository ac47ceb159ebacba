/* /threads/{thread_id}/runs/{run_id}/steps */
#include "oai/run_steps.h"

#include "resources/rest.h"

enum { RETRIEVE, LIST };

static const oai__endpoint ep[] = {
    [RETRIEVE] = {"GET", "/threads/%s/runs/%s/steps/%s",
                  .ids = {"thread_id", "run_id", "step_id"}},
    [LIST] = {"GET", "/threads/%s/runs/%s/steps",
              .ids = {"thread_id", "run_id"}, .list = OAI__LIST_BEFORE},
};

int oai_run_steps_retrieve(oai_json **out, oai_client *c, const char *thread_id,
                           const char *run_id, const char *step_id,
                           const char *const *include,
                           const oai_request_options *opts)
{
    return oai__rest_call(out, c, &ep[RETRIEVE], NULL, include, opts, thread_id,
                          run_id, step_id);
}

int oai_run_steps_list(oai_json **out, oai_client *c, const char *thread_id,
                       const char *run_id, const oai_list_options *list,
                       const char *const *include,
                       const oai_request_options *opts)
{
    return oai__rest_page(out, NULL, c, &ep[LIST], list, include, opts,
                          thread_id, run_id);
}

int oai_run_steps_list_pager(oai_pager **out, oai_client *c,
                             const char *thread_id, const char *run_id,
                             const oai_list_options *list,
                             const char *const *include,
                             const oai_request_options *opts)
{
    return oai__rest_page(NULL, out, c, &ep[LIST], list, include, opts,
                          thread_id, run_id);
}
