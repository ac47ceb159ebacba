/* The stream helpers (oai/run_stream.h), blocking and on a multi, and the
 * generic requests (oai_client_request, oai_multi_request). */
#include "oai/run_stream.h"
#include "prism_calls.h"

static const char *const run_include[] = {
    "step_details.tool_calls[*].file_search.results[*].content", NULL};
static const char *const RUN_PARAMS = "{\"assistant_id\":\"" PRISM_ASST "\"}";
static const char *const RUN_WITH_THREAD =
    "{\"assistant_id\":\"" PRISM_ASST "\",\"thread\":"
    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}";
static const char *const TOOL_OUTPUTS = "[{\"tool_call_id\":\"call_1\",\"output\":\"42\"}]";

static void runs_stream(prism_ctx *x)
{
    oai_runs_stream(&x->stream, x->c, PRISM_THREAD, prism_param(x, RUN_PARAMS), run_include,
                    NULL, NULL);
}

static void threads_create_and_run_stream(prism_ctx *x)
{
    oai_threads_create_and_run_stream(&x->stream, x->c, prism_param(x, RUN_WITH_THREAD), NULL,
                                      NULL);
}

static void runs_submit_tool_outputs_stream(prism_ctx *x)
{
    oai_runs_submit_tool_outputs_stream(&x->stream, x->c, PRISM_THREAD, PRISM_RUN,
                                        prism_param(x, TOOL_OUTPUTS), NULL, NULL);
}

static void multi_runs_stream(prism_ctx *x)
{
    oai_runs_stream(&x->nb_stream, x->nb, PRISM_THREAD, prism_param(x, RUN_PARAMS),
                    run_include, NULL, NULL);
}

static void multi_threads_create_and_run_stream(prism_ctx *x)
{
    oai_threads_create_and_run_stream(&x->nb_stream, x->nb, prism_param(x, RUN_WITH_THREAD),
                                      NULL, NULL);
}

static void multi_runs_submit_tool_outputs_stream(prism_ctx *x)
{
    oai_runs_submit_tool_outputs_stream(&x->nb_stream, x->nb, PRISM_THREAD, PRISM_RUN,
                                        prism_param(x, TOOL_OUTPUTS), NULL, NULL);
}

static const char *const CHAT_PARAMS =
    "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
    "\"stream_options\":{\"include_usage\":true}}";

static void chat_completions_stream(prism_ctx *x)
{
    oai_chat_completions_stream(&x->chat, x->c, prism_param(x, CHAT_PARAMS), NULL, NULL);
}

static void multi_chat_completions_stream(prism_ctx *x)
{
    oai_chat_completions_stream(&x->nb_chat, x->nb, prism_param(x, CHAT_PARAMS), NULL, NULL);
}

static void client_request(prism_ctx *x)
{
    oai_client_request(&x->response, x->c, "POST", "/threads/" PRISM_THREAD "/messages", NULL,
                       prism_param(x, "{\"role\":\"user\",\"content\":\"hi\"}"), NULL);
}

static void client_request_query(prism_ctx *x)
{
    oai_client_request(&x->response, x->c, "GET", "/vector_stores", "limit=2&order=asc", NULL,
                       NULL);
}

static void multi_request(prism_ctx *x)
{
    oai_multi_request(&x->request, x->m, "POST", "/threads/" PRISM_THREAD "/runs", NULL,
                      prism_param(x, RUN_PARAMS), NULL, prism_done, x);
}

const prism_call prism_calls_stream[] = {
    {"oai_runs_stream", runs_stream},
    {"oai_threads_create_and_run_stream", threads_create_and_run_stream},
    {"oai_runs_submit_tool_outputs_stream", runs_submit_tool_outputs_stream},
    {"oai_runs_stream (multi)", multi_runs_stream},
    {"oai_threads_create_and_run_stream (multi)", multi_threads_create_and_run_stream},
    {"oai_runs_submit_tool_outputs_stream (multi)", multi_runs_submit_tool_outputs_stream},
    {"oai_chat_completions_stream", chat_completions_stream},
    {"oai_chat_completions_stream (multi)", multi_chat_completions_stream},
    {"oai_client_request", client_request},
    {"oai_client_request (query)", client_request_query},
    {"oai_multi_request", multi_request},
    {NULL, NULL},
};
