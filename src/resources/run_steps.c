/* /threads/{thread_id}/runs/{run_id}/steps */
#include "oai/run_steps.h"

#include "core/error.h"
#include "http/request.h"
#include "resources/rest.h"

#define LIST_FIELDS OAI__LIST_BEFORE

int oai_run_steps_retrieve(oai_json **out, oai_client *c, const char *thread_id,
                           const char *run_id, const char *step_id,
                           const char *const *include,
                           const oai_request_options *opts)
{
    if (out)
        *out = NULL;
    if (!out || !c)
        return OAI_EINVAL;
    oai__strbuf q = {0};
    if (oai__query_add_include(&q, include)) {
        oai__strbuf_free(&q);
        return oai__rest_nomem(c);
    }
    int rc = oai__rest_op(
        out, c, "GET", 0, q.p, NULL, opts, "/threads/%s/runs/%s/steps/%s",
        "thread_id", thread_id, "run_id", run_id, "step_id", step_id, NULL);
    oai__strbuf_free(&q);
    return rc;
}

int oai_run_steps_list(oai_json **out, oai_client *c, const char *thread_id,
                       const char *run_id, const oai_list_options *list,
                       const char *const *include,
                       const oai_request_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    return oai__list_include_op(out, NULL, c, list, include, LIST_FIELDS, opts,
                                "/threads/%s/runs/%s/steps", "thread_id",
                                thread_id, "run_id", run_id, NULL);
}

int oai_run_steps_list_pager(oai_pager **out, oai_client *c,
                             const char *thread_id, const char *run_id,
                             const oai_list_options *list,
                             const char *const *include,
                             const oai_request_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    return oai__list_include_op(NULL, out, c, list, include, LIST_FIELDS, opts,
                                "/threads/%s/runs/%s/steps", "thread_id",
                                thread_id, "run_id", run_id, NULL);
}
