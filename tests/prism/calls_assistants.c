/* Assistants, threads, messages, runs and run steps (REST calls). */
#include "prism_calls.h"

#include "oai/assistants.h"
#include "oai/messages.h"
#include "oai/run_steps.h"
#include "oai/runs.h"
#include "oai/threads.h"

#define ASST "asst_abc123"
#define THREAD "thread_abc123"
#define RUN "run_abc123"

static const char *const step_include[] = {
    "step_details.tool_calls[*].file_search.results[*].content", NULL};
static const char *const METADATA = "{\"metadata\":{\"k\":\"v\"}}";

static void assistants_create(prism_ctx *x)
{
    oai_json *p = prism_json("{\"model\":\"gpt-4o\",\"name\":\"n\","
                             "\"tools\":[{\"type\":\"code_interpreter\"}]}");
    oai_json *out = NULL;
    oai_assistants_create(&out, x->c, p, NULL);
    oai_json_free(out);
    oai_json_free(p);
}

static void assistants_retrieve(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_assistants_retrieve(&out, x->c, ASST, NULL);
    oai_json_free(out);
}

static void assistants_update(prism_ctx *x)
{
    oai_json *p = prism_json(METADATA);
    oai_json *out = NULL;
    oai_assistants_update(&out, x->c, ASST, p, NULL);
    oai_json_free(out);
    oai_json_free(p);
}

static void assistants_list(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_assistants_list(&out, x->c, prism_list_options(), NULL);
    oai_json_free(out);
}

static void assistants_list_pager(prism_ctx *x)
{
    oai_pager *p = NULL;
    oai_assistants_list_pager(&p, x->c, prism_list_options(), NULL);
    prism_drain(p);
}

static void assistants_delete(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_assistants_delete(&out, x->c, ASST, NULL);
    oai_json_free(out);
}

static void threads_create(prism_ctx *x)
{
    oai_json *p = prism_json(
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    oai_json *out = NULL;
    oai_threads_create(&out, x->c, p, NULL);
    oai_json_free(out);
    oai_json_free(p);
}

static void threads_create_empty(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_threads_create(&out, x->c, NULL, NULL);
    oai_json_free(out);
}

static void threads_retrieve(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_threads_retrieve(&out, x->c, THREAD, NULL);
    oai_json_free(out);
}

static void threads_update(prism_ctx *x)
{
    oai_json *p = prism_json(METADATA);
    oai_json *out = NULL;
    oai_threads_update(&out, x->c, THREAD, p, NULL);
    oai_json_free(out);
    oai_json_free(p);
}

static void threads_delete(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_threads_delete(&out, x->c, THREAD, NULL);
    oai_json_free(out);
}

static void threads_create_and_run(prism_ctx *x)
{
    oai_json *p = prism_json("{\"assistant_id\":\"" ASST "\"}");
    oai_json *out = NULL;
    oai_threads_create_and_run(&out, x->c, p, NULL);
    oai_json_free(out);
    oai_json_free(p);
}

static void messages_create(prism_ctx *x)
{
    oai_json *p = prism_json("{\"role\":\"user\",\"content\":\"hi\"}");
    oai_json *out = NULL;
    oai_messages_create(&out, x->c, THREAD, p, NULL);
    oai_json_free(out);
    oai_json_free(p);
}

static void messages_retrieve(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_messages_retrieve(&out, x->c, THREAD, "msg_abc123", NULL);
    oai_json_free(out);
}

static void messages_update(prism_ctx *x)
{
    oai_json *p = prism_json(METADATA);
    oai_json *out = NULL;
    oai_messages_update(&out, x->c, THREAD, "msg_abc123", p, NULL);
    oai_json_free(out);
    oai_json_free(p);
}

static void messages_list(prism_ctx *x)
{
    oai_list_options l = *prism_list_options();
    l.run_id = RUN;
    oai_json *out = NULL;
    oai_messages_list(&out, x->c, THREAD, &l, NULL);
    oai_json_free(out);
}

static void messages_list_pager(prism_ctx *x)
{
    oai_pager *p = NULL;
    oai_messages_list_pager(&p, x->c, THREAD, prism_list_options(), NULL);
    prism_drain(p);
}

static void messages_delete(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_messages_delete(&out, x->c, THREAD, "msg_abc123", NULL);
    oai_json_free(out);
}

static void runs_create(prism_ctx *x)
{
    oai_json *p = prism_json("{\"assistant_id\":\"" ASST "\"}");
    oai_json *out = NULL;
    oai_runs_create(&out, x->c, THREAD, p, step_include, NULL);
    oai_json_free(out);
    oai_json_free(p);
}

static void runs_retrieve(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_runs_retrieve(&out, x->c, THREAD, RUN, NULL);
    oai_json_free(out);
}

static void runs_update(prism_ctx *x)
{
    oai_json *p = prism_json(METADATA);
    oai_json *out = NULL;
    oai_runs_update(&out, x->c, THREAD, RUN, p, NULL);
    oai_json_free(out);
    oai_json_free(p);
}

static void runs_list(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_runs_list(&out, x->c, THREAD, prism_list_options(), NULL);
    oai_json_free(out);
}

static void runs_list_pager(prism_ctx *x)
{
    oai_pager *p = NULL;
    oai_runs_list_pager(&p, x->c, THREAD, prism_list_options(), NULL);
    prism_drain(p);
}

static void runs_cancel(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_runs_cancel(&out, x->c, THREAD, RUN, NULL);
    oai_json_free(out);
}

static void runs_submit_tool_outputs(prism_ctx *x)
{
    oai_json *t = prism_json("[{\"tool_call_id\":\"call_1\",\"output\":\"42\"}]");
    oai_json *out = NULL;
    oai_runs_submit_tool_outputs(&out, x->c, THREAD, RUN, t, NULL);
    oai_json_free(out);
    oai_json_free(t);
}

static void run_steps_retrieve(prism_ctx *x)
{
    oai_json *out = NULL;
    oai_run_steps_retrieve(&out, x->c, THREAD, RUN, "step_abc123", step_include,
                           NULL);
    oai_json_free(out);
}

static void run_steps_list(prism_ctx *x)
{
    oai_list_options l = *prism_list_options();
    l.include = step_include;
    oai_json *out = NULL;
    oai_run_steps_list(&out, x->c, THREAD, RUN, &l, NULL);
    oai_json_free(out);
}

static void run_steps_list_pager(prism_ctx *x)
{
    oai_pager *p = NULL;
    oai_run_steps_list_pager(&p, x->c, THREAD, RUN, prism_list_options(), NULL);
    prism_drain(p);
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
