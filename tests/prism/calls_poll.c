/* The polling helpers, blocking (oai/poll.h) and as pollers on a multi
 * (oai/poller.h): their creating requests and their polls. */
#include "prism_calls.h"

static const char *const run_include[] = {
    "step_details.tool_calls[*].file_search.results[*].content", NULL};
static const char *const RUN_PARAMS = "{\"assistant_id\":\"" PRISM_ASST "\"}";
static const char *const TOOL_OUTPUTS = "[{\"tool_call_id\":\"call_1\",\"output\":\"42\"}]";
static const char *const BATCH_PARAMS = "{\"file_ids\":[\"" PRISM_FILE "\"]}";

static void runs_poll(prism_ctx *x)
{
    oai_runs_poll(&x->out, x->c, PRISM_THREAD, PRISM_RUN, prism_poll_options());
}

static void runs_create_and_poll(prism_ctx *x)
{
    oai_runs_create_and_poll(&x->out, x->c, PRISM_THREAD, prism_param(x, RUN_PARAMS),
                             run_include, prism_poll_options());
}

static void threads_create_and_run_poll(prism_ctx *x)
{
    oai_threads_create_and_run_poll(&x->out, x->c, prism_param(x, RUN_PARAMS),
                                    prism_poll_options());
}

static void runs_submit_tool_outputs_and_poll(prism_ctx *x)
{
    oai_runs_submit_tool_outputs_and_poll(&x->out, x->c, PRISM_THREAD, PRISM_RUN,
                                          prism_param(x, TOOL_OUTPUTS), prism_poll_options());
}

static void vector_store_files_poll(prism_ctx *x)
{
    oai_vector_store_files_poll(&x->out, x->c, PRISM_VS, PRISM_FILE, prism_poll_options());
}

static void vector_store_files_create_and_poll(prism_ctx *x)
{
    oai_vector_store_files_create_and_poll(&x->out, x->c, PRISM_VS, PRISM_FILE, NULL,
                                           prism_poll_options());
}

static void vector_store_files_upload_and_poll(prism_ctx *x)
{
    oai_upload u = OAI_UPLOAD_INIT;
    u.path = x->upload_path;
    oai_vector_store_files_upload_and_poll(&x->out, x->c, PRISM_VS, &u, NULL,
                                           prism_poll_options());
}

static void file_batches_poll(prism_ctx *x)
{
    oai_file_batches_poll(&x->out, x->c, PRISM_VS, PRISM_BATCH, prism_poll_options());
}

static void file_batches_create_and_poll(prism_ctx *x)
{
    oai_file_batches_create_and_poll(&x->out, x->c, PRISM_VS, prism_param(x, BATCH_PARAMS),
                                     prism_poll_options());
}

static void file_batches_upload_and_poll(prism_ctx *x)
{
    oai_upload u[2] = {OAI_UPLOAD_INIT, OAI_UPLOAD_INIT};
    u[0].path = x->upload_path;
    u[1].filename = "b.txt";
    u[1].data = "bee\n";
    u[1].len = 4;
    const char *const ids[] = {PRISM_FILE};
    oai_file_batches_upload_and_poll(&x->out, x->c, PRISM_VS, u, 2, ids, 1, NULL,
                                     prism_poll_options());
}

static void poller_runs_poll(prism_ctx *x)
{
    oai_poller_runs_poll(&x->poller, x->nb, PRISM_THREAD, PRISM_RUN, prism_poll_options());
}

static void poller_runs_create_and_poll(prism_ctx *x)
{
    oai_poller_runs_create_and_poll(&x->poller, x->nb, PRISM_THREAD,
                                    prism_param(x, RUN_PARAMS), run_include,
                                    prism_poll_options());
}

static void poller_threads_create_and_run_poll(prism_ctx *x)
{
    oai_poller_threads_create_and_run_poll(&x->poller, x->nb, prism_param(x, RUN_PARAMS),
                                           prism_poll_options());
}

static void poller_runs_submit_tool_outputs_and_poll(prism_ctx *x)
{
    oai_poller_runs_submit_tool_outputs_and_poll(&x->poller, x->nb, PRISM_THREAD, PRISM_RUN,
                                                 prism_param(x, TOOL_OUTPUTS),
                                                 prism_poll_options());
}

static void poller_vector_store_files_poll(prism_ctx *x)
{
    oai_poller_vector_store_files_poll(&x->poller, x->nb, PRISM_VS, PRISM_FILE,
                                       prism_poll_options());
}

static void poller_vector_store_files_create_and_poll(prism_ctx *x)
{
    oai_poller_vector_store_files_create_and_poll(&x->poller, x->nb, PRISM_VS, PRISM_FILE,
                                                  NULL, prism_poll_options());
}

static void poller_file_batches_poll(prism_ctx *x)
{
    oai_poller_file_batches_poll(&x->poller, x->nb, PRISM_VS, PRISM_BATCH,
                                 prism_poll_options());
}

static void poller_file_batches_create_and_poll(prism_ctx *x)
{
    oai_poller_file_batches_create_and_poll(&x->poller, x->nb, PRISM_VS,
                                            prism_param(x, BATCH_PARAMS), prism_poll_options());
}

const prism_call prism_calls_poll[] = {
    {"oai_runs_poll", runs_poll},
    {"oai_runs_create_and_poll", runs_create_and_poll},
    {"oai_threads_create_and_run_poll", threads_create_and_run_poll},
    {"oai_runs_submit_tool_outputs_and_poll", runs_submit_tool_outputs_and_poll},
    {"oai_vector_store_files_poll", vector_store_files_poll},
    {"oai_vector_store_files_create_and_poll", vector_store_files_create_and_poll},
    {"oai_vector_store_files_upload_and_poll", vector_store_files_upload_and_poll},
    {"oai_file_batches_poll", file_batches_poll},
    {"oai_file_batches_create_and_poll", file_batches_create_and_poll},
    {"oai_file_batches_upload_and_poll", file_batches_upload_and_poll},
    {"oai_poller_runs_poll", poller_runs_poll},
    {"oai_poller_runs_create_and_poll", poller_runs_create_and_poll},
    {"oai_poller_threads_create_and_run_poll", poller_threads_create_and_run_poll},
    {"oai_poller_runs_submit_tool_outputs_and_poll", poller_runs_submit_tool_outputs_and_poll},
    {"oai_poller_vector_store_files_poll", poller_vector_store_files_poll},
    {"oai_poller_vector_store_files_create_and_poll",
     poller_vector_store_files_create_and_poll},
    {"oai_poller_file_batches_poll", poller_file_batches_poll},
    {"oai_poller_file_batches_create_and_poll", poller_file_batches_create_and_poll},
    {NULL, NULL},
};
