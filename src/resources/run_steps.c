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

OAI__REST_ID3_INC(oai_run_steps_retrieve, RETRIEVE, thread_id, run_id, step_id)
OAI__REST_LIST_ID2_INC(oai_run_steps_list, oai_run_steps_list_pager, LIST,
                       thread_id, run_id)
