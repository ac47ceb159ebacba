/* The polling helpers as data: each public call of oai/poll.h and
 * oai/poller.h names its operation and arguments (poll/poll_plan.h); the
 * blocking one runs the poller to completion, the other returns it. */
#include "multi/poller_int.h"

/* The two doors of every call: run it now, or hand out its poller. */
static int blocking(oai_json **out, oai_client *c, oai__poll_call k,
                    const oai_poll_options *opts)
{
    return oai__poll_blocking(out, c, &k, opts);
}

static int poller(oai_poller **out, oai_client *c, oai__poll_call k,
                  const oai_poll_options *opts)
{
    return oai__poller_new(out, c, &k, opts, 1);
}

/* ---- the calls, as data ------------------------------------------------- */

static oai__poll_call runs_poll(const char *thread_id, const char *run_id)
{
    return (oai__poll_call){
        .op = OAI__OP_RUNS_POLL, .thread_id = thread_id, .run_id = run_id};
}

static oai__poll_call runs_create(const char *thread_id, const oai_json *params,
                                  const char *const *include)
{
    return (oai__poll_call){.op = OAI__OP_RUNS_CREATE,
                            .thread_id = thread_id,
                            .params = params,
                            .include = include};
}

static oai__poll_call threads_create_and_run(const oai_json *params)
{
    return (oai__poll_call){.op = OAI__OP_THREADS_CREATE_AND_RUN,
                            .params = params};
}

static oai__poll_call submit_tool_outputs(const char *thread_id,
                                          const char *run_id,
                                          const oai_json *tool_outputs)
{
    return (oai__poll_call){.op = OAI__OP_SUBMIT_TOOL_OUTPUTS,
                            .thread_id = thread_id,
                            .run_id = run_id,
                            .params = tool_outputs};
}

static oai__poll_call vs_file_poll(const char *vs_id, const char *file_id)
{
    return (oai__poll_call){
        .op = OAI__OP_VS_FILE_POLL, .vs_id = vs_id, .file_id = file_id};
}

static oai__poll_call vs_file_create(const char *vs_id, const char *file_id,
                                     const oai_json *params)
{
    return (oai__poll_call){.op = OAI__OP_VS_FILE_CREATE,
                            .vs_id = vs_id,
                            .file_id = file_id,
                            .params = params};
}

static oai__poll_call vs_file_upload(const char *vs_id, const oai_upload *file,
                                     const oai_json *params)
{
    return (oai__poll_call){.op = OAI__OP_VS_FILE_UPLOAD,
                            .vs_id = vs_id,
                            .files = file,
                            .n_files = 1,
                            .params = params};
}

static oai__poll_call batch_poll(const char *vs_id, const char *batch_id)
{
    return (oai__poll_call){
        .op = OAI__OP_BATCH_POLL, .vs_id = vs_id, .batch_id = batch_id};
}

static oai__poll_call batch_create(const char *vs_id, const oai_json *params)
{
    return (oai__poll_call){
        .op = OAI__OP_BATCH_CREATE, .vs_id = vs_id, .params = params};
}

static oai__poll_call batch_upload(const char *vs_id, const oai_upload *files,
                                   size_t n_files, const char *const *file_ids,
                                   size_t n_file_ids, const oai_json *params)
{
    return (oai__poll_call){.op = OAI__OP_BATCH_UPLOAD,
                            .vs_id = vs_id,
                            .files = files,
                            .n_files = n_files,
                            .file_ids = file_ids,
                            .n_file_ids = n_file_ids,
                            .params = params};
}

static oai__poll_call responses_poll(const char *response_id)
{
    return (oai__poll_call){.op = OAI__OP_RESPONSES_POLL,
                            .response_id = response_id};
}

static oai__poll_call responses_create(const oai_json *params)
{
    return (oai__poll_call){.op = OAI__OP_RESPONSES_CREATE, .params = params};
}

/* ---- oai/poll.h --------------------------------------------------------- */

int oai_runs_poll(oai_json **out, oai_client *c, const char *thread_id,
                  const char *run_id, const oai_poll_options *opts)
{
    return blocking(out, c, runs_poll(thread_id, run_id), opts);
}

int oai_runs_create_and_poll(oai_json **out, oai_client *c,
                             const char *thread_id, const oai_json *params,
                             const char *const *include,
                             const oai_poll_options *opts)
{
    return blocking(out, c, runs_create(thread_id, params, include), opts);
}

int oai_threads_create_and_run_poll(oai_json **out, oai_client *c,
                                    const oai_json *params,
                                    const oai_poll_options *opts)
{
    return blocking(out, c, threads_create_and_run(params), opts);
}

int oai_runs_submit_tool_outputs_and_poll(oai_json **out, oai_client *c,
                                          const char *thread_id,
                                          const char *run_id,
                                          const oai_json *tool_outputs,
                                          const oai_poll_options *opts)
{
    return blocking(out, c,
                    submit_tool_outputs(thread_id, run_id, tool_outputs), opts);
}

int oai_vector_store_files_poll(oai_json **out, oai_client *c,
                                const char *vector_store_id,
                                const char *file_id,
                                const oai_poll_options *opts)
{
    return blocking(out, c, vs_file_poll(vector_store_id, file_id), opts);
}

int oai_vector_store_files_create_and_poll(oai_json **out, oai_client *c,
                                           const char *vector_store_id,
                                           const char *file_id,
                                           const oai_json *params,
                                           const oai_poll_options *opts)
{
    return blocking(out, c, vs_file_create(vector_store_id, file_id, params),
                    opts);
}

int oai_vector_store_files_upload_and_poll(oai_json **out, oai_client *c,
                                           const char *vector_store_id,
                                           const oai_upload *file,
                                           const oai_json *params,
                                           const oai_poll_options *opts)
{
    return blocking(out, c, vs_file_upload(vector_store_id, file, params),
                    opts);
}

int oai_file_batches_poll(oai_json **out, oai_client *c,
                          const char *vector_store_id, const char *batch_id,
                          const oai_poll_options *opts)
{
    return blocking(out, c, batch_poll(vector_store_id, batch_id), opts);
}

int oai_file_batches_create_and_poll(oai_json **out, oai_client *c,
                                     const char *vector_store_id,
                                     const oai_json *params,
                                     const oai_poll_options *opts)
{
    return blocking(out, c, batch_create(vector_store_id, params), opts);
}

int oai_file_batches_upload_and_poll(oai_json **out, oai_client *c,
                                     const char *vector_store_id,
                                     const oai_upload *files, size_t n_files,
                                     const char *const *file_ids,
                                     size_t n_file_ids, const oai_json *params,
                                     const oai_poll_options *opts)
{
    return blocking(out, c,
                    batch_upload(vector_store_id, files, n_files, file_ids,
                                 n_file_ids, params),
                    opts);
}

int oai_responses_poll(oai_json **out, oai_client *c, const char *response_id,
                       const oai_poll_options *opts)
{
    return blocking(out, c, responses_poll(response_id), opts);
}

int oai_responses_create_and_poll(oai_json **out, oai_client *c,
                                  const oai_json *params,
                                  const oai_poll_options *opts)
{
    return blocking(out, c, responses_create(params), opts);
}

/* ---- oai/poller.h ------------------------------------------------------- */

int oai_poller_runs_poll(oai_poller **out, oai_client *c, const char *thread_id,
                         const char *run_id, const oai_poll_options *opts)
{
    return poller(out, c, runs_poll(thread_id, run_id), opts);
}

int oai_poller_runs_create_and_poll(oai_poller **out, oai_client *c,
                                    const char *thread_id,
                                    const oai_json *params,
                                    const char *const *include,
                                    const oai_poll_options *opts)
{
    return poller(out, c, runs_create(thread_id, params, include), opts);
}

int oai_poller_threads_create_and_run_poll(oai_poller **out, oai_client *c,
                                           const oai_json *params,
                                           const oai_poll_options *opts)
{
    return poller(out, c, threads_create_and_run(params), opts);
}

int oai_poller_runs_submit_tool_outputs_and_poll(
    oai_poller **out, oai_client *c, const char *thread_id, const char *run_id,
    const oai_json *tool_outputs, const oai_poll_options *opts)
{
    return poller(out, c, submit_tool_outputs(thread_id, run_id, tool_outputs),
                  opts);
}

int oai_poller_vector_store_files_poll(oai_poller **out, oai_client *c,
                                       const char *vector_store_id,
                                       const char *file_id,
                                       const oai_poll_options *opts)
{
    return poller(out, c, vs_file_poll(vector_store_id, file_id), opts);
}

int oai_poller_vector_store_files_create_and_poll(
    oai_poller **out, oai_client *c, const char *vector_store_id,
    const char *file_id, const oai_json *params, const oai_poll_options *opts)
{
    return poller(out, c, vs_file_create(vector_store_id, file_id, params),
                  opts);
}

int oai_poller_vector_store_files_upload_and_poll(oai_poller **out,
                                                  oai_client *c,
                                                  const char *vector_store_id,
                                                  const oai_upload *file,
                                                  const oai_json *params,
                                                  const oai_poll_options *opts)
{
    return poller(out, c, vs_file_upload(vector_store_id, file, params), opts);
}

int oai_poller_file_batches_poll(oai_poller **out, oai_client *c,
                                 const char *vector_store_id,
                                 const char *batch_id,
                                 const oai_poll_options *opts)
{
    return poller(out, c, batch_poll(vector_store_id, batch_id), opts);
}

int oai_poller_file_batches_create_and_poll(oai_poller **out, oai_client *c,
                                            const char *vector_store_id,
                                            const oai_json *params,
                                            const oai_poll_options *opts)
{
    return poller(out, c, batch_create(vector_store_id, params), opts);
}

int oai_poller_file_batches_upload_and_poll(
    oai_poller **out, oai_client *c, const char *vector_store_id,
    const oai_upload *files, size_t n_files, const char *const *file_ids,
    size_t n_file_ids, const oai_json *params, const oai_poll_options *opts)
{
    return poller(out, c,
                  batch_upload(vector_store_id, files, n_files, file_ids,
                               n_file_ids, params),
                  opts);
}

int oai_poller_responses_poll(oai_poller **out, oai_client *c,
                              const char *response_id,
                              const oai_poll_options *opts)
{
    return poller(out, c, responses_poll(response_id), opts);
}

int oai_poller_responses_create_and_poll(oai_poller **out, oai_client *c,
                                         const oai_json *params,
                                         const oai_poll_options *opts)
{
    return poller(out, c, responses_create(params), opts);
}
