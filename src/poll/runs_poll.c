/* Run pollers (semantics §6.1). */
#include "oai/poll.h"

#include "poll/poll_plan.h"

/* Check the options, build the plan with `rc` from its builder, run it. */
static int run_plan(oai_json **out, oai__poll_ctx *x, oai__poll_plan *p, int rc)
{
    if (!rc)
        rc = oai__poll_plan_run(out, x, p);
    oai__poll_plan_clear(p);
    return rc;
}

int oai_runs_poll(oai_json **out, oai_client *c, const char *thread_id,
                  const char *run_id, const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai__poll_ctx x;
    oai__poll_plan p = {0};
    int rc = oai__poll_begin(&x, c, opts);
    if (rc)
        return rc;
    return run_plan(out, &x, &p, oai__plan_runs_poll(&p, c, thread_id, run_id));
}

int oai_runs_create_and_poll(oai_json **out, oai_client *c,
                             const char *thread_id, const oai_json *params,
                             const char *const *include,
                             const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai__poll_ctx x;
    oai__poll_plan p = {0};
    int rc = oai__poll_begin(&x, c, opts);
    if (rc)
        return rc;
    return run_plan(out, &x, &p,
                    oai__plan_runs_create(&p, c, thread_id, params, include));
}

int oai_threads_create_and_run_poll(oai_json **out, oai_client *c,
                                    const oai_json *params,
                                    const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai__poll_ctx x;
    oai__poll_plan p = {0};
    int rc = oai__poll_begin(&x, c, opts);
    if (rc)
        return rc;
    return run_plan(out, &x, &p,
                    oai__plan_threads_create_and_run(&p, c, params));
}

int oai_runs_submit_tool_outputs_and_poll(oai_json **out, oai_client *c,
                                          const char *thread_id,
                                          const char *run_id,
                                          const oai_json *tool_outputs,
                                          const oai_poll_options *opts)
{
    if (!out)
        return OAI_EINVAL;
    *out = NULL;
    oai__poll_ctx x;
    oai__poll_plan p = {0};
    int rc = oai__poll_begin(&x, c, opts);
    if (rc)
        return rc;
    return run_plan(
        out, &x, &p,
        oai__plan_submit_tool_outputs(&p, c, thread_id, run_id, tool_outputs));
}
