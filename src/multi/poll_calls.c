/* The polling helpers as data: each public call of oai/poll.h and
 * oai/poller.h names its operation and arguments (poll/poll_plan.h); the
 * blocking one runs the poller to completion, the other returns it. */
#include "multi/poller_int.h"

/* Both doors of one call: `name` runs it to completion, `poller_name`
 * returns its poller. `decls` are the parameters between `c` and `opts` as
 * the installed headers name them, `fields` the oai__poll_call they make. */
#define POLL_UNWRAP(...) __VA_ARGS__
#define POLL_CALL(name, poller_name, decls, fields)                            \
    int name(oai_json **out, oai_client *c, POLL_UNWRAP decls,                 \
             const oai_poll_options *opts)                                     \
    {                                                                          \
        oai__poll_call k = {POLL_UNWRAP fields};                               \
        return oai__poll_blocking(out, c, &k, opts);                           \
    }                                                                          \
    int poller_name(oai_poller **out, oai_client *c, POLL_UNWRAP decls,        \
                    const oai_poll_options *opts)                              \
    {                                                                          \
        oai__poll_call k = {POLL_UNWRAP fields};                               \
        return oai__poller_new(out, c, &k, opts, 1);                           \
    }

POLL_CALL(oai_runs_poll, oai_poller_runs_poll,
          (const char *thread_id, const char *run_id),
          (.op = OAI__OP_RUNS_POLL, .thread_id = thread_id, .run_id = run_id))
POLL_CALL(oai_runs_create_and_poll, oai_poller_runs_create_and_poll,
          (const char *thread_id, const oai_json *params,
           const char *const *include),
          (.op = OAI__OP_RUNS_CREATE, .thread_id = thread_id, .params = params,
           .include = include))
POLL_CALL(oai_threads_create_and_run_poll,
          oai_poller_threads_create_and_run_poll, (const oai_json *params),
          (.op = OAI__OP_THREADS_CREATE_AND_RUN, .params = params))
POLL_CALL(oai_runs_submit_tool_outputs_and_poll,
          oai_poller_runs_submit_tool_outputs_and_poll,
          (const char *thread_id, const char *run_id,
           const oai_json *tool_outputs),
          (.op = OAI__OP_SUBMIT_TOOL_OUTPUTS, .thread_id = thread_id,
           .run_id = run_id, .params = tool_outputs))
POLL_CALL(oai_vector_store_files_poll, oai_poller_vector_store_files_poll,
          (const char *vector_store_id, const char *file_id),
          (.op = OAI__OP_VS_FILE_POLL, .vs_id = vector_store_id,
           .file_id = file_id))
POLL_CALL(oai_vector_store_files_create_and_poll,
          oai_poller_vector_store_files_create_and_poll,
          (const char *vector_store_id, const char *file_id,
           const oai_json *params),
          (.op = OAI__OP_VS_FILE_CREATE, .vs_id = vector_store_id,
           .file_id = file_id, .params = params))
POLL_CALL(oai_vector_store_files_upload_and_poll,
          oai_poller_vector_store_files_upload_and_poll,
          (const char *vector_store_id, const oai_upload *file,
           const oai_json *params),
          (.op = OAI__OP_VS_FILE_UPLOAD, .vs_id = vector_store_id,
           .files = file, .n_files = 1, .params = params))
POLL_CALL(oai_file_batches_poll, oai_poller_file_batches_poll,
          (const char *vector_store_id, const char *batch_id),
          (.op = OAI__OP_BATCH_POLL, .vs_id = vector_store_id,
           .batch_id = batch_id))
POLL_CALL(oai_file_batches_create_and_poll,
          oai_poller_file_batches_create_and_poll,
          (const char *vector_store_id, const oai_json *params),
          (.op = OAI__OP_BATCH_CREATE, .vs_id = vector_store_id,
           .params = params))
POLL_CALL(oai_file_batches_upload_and_poll,
          oai_poller_file_batches_upload_and_poll,
          (const char *vector_store_id, const oai_upload *files, size_t n_files,
           const char *const *file_ids, size_t n_file_ids,
           const oai_json *params),
          (.op = OAI__OP_BATCH_UPLOAD, .vs_id = vector_store_id, .files = files,
           .n_files = n_files, .file_ids = file_ids, .n_file_ids = n_file_ids,
           .params = params))
POLL_CALL(oai_responses_poll, oai_poller_responses_poll,
          (const char *response_id),
          (.op = OAI__OP_RESPONSES_POLL, .response_id = response_id))
POLL_CALL(oai_responses_create_and_poll, oai_poller_responses_create_and_poll,
          (const oai_json *params),
          (.op = OAI__OP_RESPONSES_CREATE, .params = params))
