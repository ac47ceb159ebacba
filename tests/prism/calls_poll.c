/* The polling helpers, blocking (oai/poll.h) and as pollers on a multi
 * (oai/poller.h): their creating requests and their polls. */
#include "prism_calls.h"

#include "oai/poller.h"

#define ASST "asst_abc123"
#define THREAD "thread_abc123"
#define RUN "run_abc123"
#define VS "vs_abc123"
#define FILE_ID "file-abc123"
#define BATCH "vsfb_abc123"

static const char *const run_include[] = {
    "step_details.tool_calls[*].file_search.results[*].content", NULL};
static const char *const RUN_PARAMS = "{\"assistant_id\":\"" ASST "\"}";
static const char *const TOOL_OUTPUTS =
    "[{\"tool_call_id\":\"call_1\",\"output\":\"42\"}]";
static const char *const BATCH_PARAMS = "{\"file_ids\":[\"" FILE_ID "\"]}";

static void runs_poll(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_runs_poll(&out, x->c, THREAD, RUN, prism_poll_options());
    oai_json_free(out);
}

static void runs_create_and_poll(prism_ctx *x)
{
    oai_json *p = prism_json(RUN_PARAMS);
    oai_json *out = NULL;
    oai_runs_create_and_poll(&out, x->c, THREAD, p, run_include,
                             prism_poll_options());
    oai_json_free(out);
    oai_json_free(p);
}

static void threads_create_and_run_poll(prism_ctx *x)
{
    oai_json *p = prism_json(RUN_PARAMS);
    oai_json *out = NULL;
    oai_threads_create_and_run_poll(&out, x->c, p, prism_poll_options());
    oai_json_free(out);
    oai_json_free(p);
}

static void runs_submit_tool_outputs_and_poll(prism_ctx *x)
{
    oai_json *t = prism_json(TOOL_OUTPUTS);
    oai_json *out = NULL;
    oai_runs_submit_tool_outputs_and_poll(&out, x->c, THREAD, RUN, t,
                                          prism_poll_options());
    oai_json_free(out);
    oai_json_free(t);
}

static void vector_store_files_poll(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_vector_store_files_poll(&out, x->c, VS, FILE_ID, prism_poll_options());
    oai_json_free(out);
}

static void vector_store_files_create_and_poll(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_vector_store_files_create_and_poll(&out, x->c, VS, FILE_ID, NULL,
                                           prism_poll_options());
    oai_json_free(out);
}

static void vector_store_files_upload_and_poll(prism_ctx *x)
{
    oai_upload u = OAI_UPLOAD_INIT;
    u.path = x->upload_path;
    oai_json *out = NULL;
    oai_vector_store_files_upload_and_poll(&out, x->c, VS, &u, NULL,
                                           prism_poll_options());
    oai_json_free(out);
}

static void file_batches_poll(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_file_batches_poll(&out, x->c, VS, BATCH, prism_poll_options());
    oai_json_free(out);
}

static void file_batches_create_and_poll(prism_ctx *x)
{
    oai_json *p = prism_json(BATCH_PARAMS);
    oai_json *out = NULL;
    oai_file_batches_create_and_poll(&out, x->c, VS, p, prism_poll_options());
    oai_json_free(out);
    oai_json_free(p);
}

static void file_batches_upload_and_poll(prism_ctx *x)
{
    oai_upload u[2] = {OAI_UPLOAD_INIT, OAI_UPLOAD_INIT};
    u[0].path = x->upload_path;
    u[1].filename = "b.txt";
    u[1].data = "bee\n";
    u[1].len = 4;
    const char *const ids[] = {FILE_ID};
    oai_json *out = NULL;
    oai_file_batches_upload_and_poll(&out, x->c, VS, u, 2, ids, 1, NULL,
                                     prism_poll_options());
    oai_json_free(out);
}

/* Runs a poller on the multi to its end (its deadline at the latest). */
static void run_poller(prism_ctx *x, int rc, oai_poller **p)
{
    int done = 0;
    if (rc == OAI_OK && oai_multi_add_poller(x->m, *p, prism_done, &done) == OAI_OK)
        prism_run_multi(x->m, &done);
    oai_poller_free(*p);
}

static void poller_runs_poll(prism_ctx *x)
{
    oai_poller *p = NULL;
    run_poller(x, oai_poller_runs_poll(&p, x->nb, THREAD, RUN,
                                       prism_poll_options()), &p);
}

static void poller_runs_create_and_poll(prism_ctx *x)
{
    oai_json *j = prism_json(RUN_PARAMS);
    oai_poller *p = NULL;
    run_poller(x, oai_poller_runs_create_and_poll(&p, x->nb, THREAD, j,
                                                  run_include,
                                                  prism_poll_options()), &p);
    oai_json_free(j);
}

static void poller_threads_create_and_run_poll(prism_ctx *x)
{
    oai_json *j = prism_json(RUN_PARAMS);
    oai_poller *p = NULL;
    run_poller(x, oai_poller_threads_create_and_run_poll(&p, x->nb, j,
                                                         prism_poll_options()), &p);
    oai_json_free(j);
}

static void poller_runs_submit_tool_outputs_and_poll(prism_ctx *x)
{
    oai_json *t = prism_json(TOOL_OUTPUTS);
    oai_poller *p = NULL;
    run_poller(x, oai_poller_runs_submit_tool_outputs_and_poll(
                      &p, x->nb, THREAD, RUN, t, prism_poll_options()), &p);
    oai_json_free(t);
}

static void poller_vector_store_files_poll(prism_ctx *x)
{
    oai_poller *p = NULL;
    run_poller(x, oai_poller_vector_store_files_poll(&p, x->nb, VS, FILE_ID,
                                                     prism_poll_options()), &p);
}

static void poller_vector_store_files_create_and_poll(prism_ctx *x)
{
    oai_poller *p = NULL;
    run_poller(x, oai_poller_vector_store_files_create_and_poll(
                      &p, x->nb, VS, FILE_ID, NULL, prism_poll_options()), &p);
}

static void poller_file_batches_poll(prism_ctx *x)
{
    oai_poller *p = NULL;
    run_poller(x, oai_poller_file_batches_poll(&p, x->nb, VS, BATCH,
                                               prism_poll_options()), &p);
}

static void poller_file_batches_create_and_poll(prism_ctx *x)
{
    oai_json *j = prism_json(BATCH_PARAMS);
    oai_poller *p = NULL;
    run_poller(x, oai_poller_file_batches_create_and_poll(&p, x->nb, VS, j,
                                                          prism_poll_options()), &p);
    oai_json_free(j);
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
    {"oai_poller_runs_submit_tool_outputs_and_poll",
     poller_runs_submit_tool_outputs_and_poll},
    {"oai_poller_vector_store_files_poll", poller_vector_store_files_poll},
    {"oai_poller_vector_store_files_create_and_poll",
     poller_vector_store_files_create_and_poll},
    {"oai_poller_file_batches_poll", poller_file_batches_poll},
    {"oai_poller_file_batches_create_and_poll", poller_file_batches_create_and_poll},
    {NULL, NULL},
};
