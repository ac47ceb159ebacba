/* Assistants, threads, messages, runs and run steps (REST calls). */
#include "oai/assistants.h"
#include "oai/messages.h"
#include "oai/run_steps.h"
#include "oai/runs.h"
#include "oai/threads.h"
#include "prism_calls.h"

#define MSG "msg_abc123"

static const char *const step_include[] = {
    "step_details.tool_calls[*].file_search.results[*].content", NULL};
static const char *const METADATA = "{\"metadata\":{\"k\":\"v\"}}";
static const char *const RUN_PARAMS = "{\"assistant_id\":\"" PRISM_ASST "\"}";

static void assistants_create(prism_ctx *x)
{
    oai_assistants_create(&x->out, x->c,
                          prism_param(x, "{\"model\":\"gpt-4o\",\"name\":\"n\","
                                         "\"tools\":[{\"type\":\"code_interpreter\"}]}"),
                          NULL);
}

static void assistants_retrieve(prism_ctx *x)
{
    oai_assistants_retrieve(&x->out, x->c, PRISM_ASST, NULL);
}

static void assistants_update(prism_ctx *x)
{
    oai_assistants_update(&x->out, x->c, PRISM_ASST, prism_param(x, METADATA), NULL);
}

static void assistants_list(prism_ctx *x)
{
    oai_assistants_list(&x->out, x->c, prism_list_options(), NULL);
}

static void assistants_list_pager(prism_ctx *x)
{
    oai_assistants_list_pager(&x->pager, x->c, prism_list_options(), NULL);
}

static void assistants_delete(prism_ctx *x)
{
    oai_assistants_delete(&x->out, x->c, PRISM_ASST, NULL);
}

static void threads_create(prism_ctx *x)
{
    oai_threads_create(&x->out, x->c,
                       prism_param(x, "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
                       NULL);
}

static void threads_create_empty(prism_ctx *x)
{
    oai_threads_create(&x->out, x->c, NULL, NULL);
}

static void threads_retrieve(prism_ctx *x)
{
    oai_threads_retrieve(&x->out, x->c, PRISM_THREAD, NULL);
}

static void threads_update(prism_ctx *x)
{
    oai_threads_update(&x->out, x->c, PRISM_THREAD, prism_param(x, METADATA), NULL);
}

static void threads_delete(prism_ctx *x)
{
    oai_threads_delete(&x->out, x->c, PRISM_THREAD, NULL);
}

static void threads_create_and_run(prism_ctx *x)
{
    oai_threads_create_and_run(&x->out, x->c, prism_param(x, RUN_PARAMS), NULL);
}

static void messages_create(prism_ctx *x)
{
    oai_messages_create(&x->out, x->c, PRISM_THREAD,
                        prism_param(x, "{\"role\":\"user\",\"content\":\"hi\"}"), NULL);
}

static void messages_retrieve(prism_ctx *x)
{
    oai_messages_retrieve(&x->out, x->c, PRISM_THREAD, MSG, NULL);
}

static void messages_update(prism_ctx *x)
{
    oai_messages_update(&x->out, x->c, PRISM_THREAD, MSG, prism_param(x, METADATA), NULL);
}

static void messages_list(prism_ctx *x)
{
    oai_list_options l = *prism_list_options();
    l.run_id = PRISM_RUN;
    oai_messages_list(&x->out, x->c, PRISM_THREAD, &l, NULL);
}

static void messages_list_pager(prism_ctx *x)
{
    oai_messages_list_pager(&x->pager, x->c, PRISM_THREAD, prism_list_options(), NULL);
}

static void messages_delete(prism_ctx *x)
{
    oai_messages_delete(&x->out, x->c, PRISM_THREAD, MSG, NULL);
}

static void runs_create(prism_ctx *x)
{
    oai_runs_create(&x->out, x->c, PRISM_THREAD, prism_param(x, RUN_PARAMS), step_include,
                    NULL);
}

static void runs_retrieve(prism_ctx *x)
{
    oai_runs_retrieve(&x->out, x->c, PRISM_THREAD, PRISM_RUN, NULL);
}

static void runs_update(prism_ctx *x)
{
    oai_runs_update(&x->out, x->c, PRISM_THREAD, PRISM_RUN, prism_param(x, METADATA), NULL);
}

static void runs_list(prism_ctx *x)
{
    oai_runs_list(&x->out, x->c, PRISM_THREAD, prism_list_options(), NULL);
}

static void runs_list_pager(prism_ctx *x)
{
    oai_runs_list_pager(&x->pager, x->c, PRISM_THREAD, prism_list_options(), NULL);
}

static void runs_cancel(prism_ctx *x)
{
    oai_runs_cancel(&x->out, x->c, PRISM_THREAD, PRISM_RUN, NULL);
}

static void runs_submit_tool_outputs(prism_ctx *x)
{
    oai_runs_submit_tool_outputs(
        &x->out, x->c, PRISM_THREAD, PRISM_RUN,
        prism_param(x, "[{\"tool_call_id\":\"call_1\",\"output\":\"42\"}]"), NULL);
}

static void run_steps_retrieve(prism_ctx *x)
{
    oai_run_steps_retrieve(&x->out, x->c, PRISM_THREAD, PRISM_RUN, "step_abc123", step_include,
                           NULL);
}

static void run_steps_list(prism_ctx *x)
{
    oai_run_steps_list(&x->out, x->c, PRISM_THREAD, PRISM_RUN, prism_list_options(), step_include,
                       NULL);
}

static void run_steps_list_pager(prism_ctx *x)
{
    oai_run_steps_list_pager(&x->pager, x->c, PRISM_THREAD, PRISM_RUN, prism_list_options(), NULL, NULL);
}

const prism_call prism_calls_assistants[] = {
    {"oai_assistants_create", assistants_create},
    {"oai_assistants_retrieve", assistants_retrieve},
    {"oai_assistants_update", assistants_update},
    {"oai_assistants_list", assistants_list},
    {"oai_assistants_list_pager", assistants_list_pager},
    {"oai_assistants_delete", assistants_delete},
    {"oai_threads_create", threads_create},
    {"oai_threads_create (no params)", threads_create_empty},
    {"oai_threads_retrieve", threads_retrieve},
    {"oai_threads_update", threads_update},
    {"oai_threads_delete", threads_delete},
    {"oai_threads_create_and_run", threads_create_and_run},
    {"oai_messages_create", messages_create},
    {"oai_messages_retrieve", messages_retrieve},
    {"oai_messages_update", messages_update},
    {"oai_messages_list", messages_list},
    {"oai_messages_list_pager", messages_list_pager},
    {"oai_messages_delete", messages_delete},
    {"oai_runs_create", runs_create},
    {"oai_runs_retrieve", runs_retrieve},
    {"oai_runs_update", runs_update},
    {"oai_runs_list", runs_list},
    {"oai_runs_list_pager", runs_list_pager},
    {"oai_runs_cancel", runs_cancel},
    {"oai_runs_submit_tool_outputs", runs_submit_tool_outputs},
    {"oai_run_steps_retrieve", run_steps_retrieve},
    {"oai_run_steps_list", run_steps_list},
    {"oai_run_steps_list_pager", run_steps_list_pager},
    {NULL, NULL},
};
