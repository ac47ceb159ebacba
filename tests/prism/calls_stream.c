/* The stream helpers (oai/run_stream.h), blocking and on a multi, and the
 * generic requests (oai_client_request, oai_multi_request). */
#include "prism_calls.h"

#include "oai/run_stream.h"

#define ASST "asst_abc123"
#define THREAD "thread_abc123"
#define RUN "run_abc123"

static const char *const run_include[] = {
    "step_details.tool_calls[*].file_search.results[*].content", NULL};
static const char *const RUN_PARAMS = "{\"assistant_id\":\"" ASST "\"}";
static const char *const TOOL_OUTPUTS =
    "[{\"tool_call_id\":\"call_1\",\"output\":\"42\"}]";

/* Reads a stream to its end: blocking on the blocking client, through the
 * multi on the other. */
static void finish(prism_ctx *x, oai_client *c, int rc, oai_stream **s)
{
    int done = 0;
    if (rc == OAI_OK && c == x->nb) {
        if (oai_multi_add_stream(x->m, *s, prism_done, &done) == OAI_OK)
            prism_run_multi(x->m, &done);
    } else if (rc == OAI_OK) {
        oai_stream_until_done(*s);
    }
    oai_stream_free(*s);
}

static void runs_stream_on(prism_ctx *x, oai_client *c)
{
    oai_json *p = prism_json(RUN_PARAMS);
    oai_stream *s = NULL;
    finish(x, c, oai_runs_stream(&s, c, THREAD, p, run_include, NULL, NULL), &s);
    oai_json_free(p);
}

static void threads_create_and_run_stream_on(prism_ctx *x, oai_client *c)
{
    oai_json *p = prism_json("{\"assistant_id\":\"" ASST "\",\"thread\":"
                             "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}");
    oai_stream *s = NULL;
    finish(x, c, oai_threads_create_and_run_stream(&s, c, p, NULL, NULL), &s);
    oai_json_free(p);
}

static void runs_submit_tool_outputs_stream_on(prism_ctx *x, oai_client *c)
{
    oai_json *t = prism_json(TOOL_OUTPUTS);
    oai_stream *s = NULL;
    finish(x, c,
           oai_runs_submit_tool_outputs_stream(&s, c, THREAD, RUN, t, NULL, NULL), &s);
    oai_json_free(t);
}

static void runs_stream(prism_ctx *x)
{
    runs_stream_on(x, x->c);
}

static void threads_create_and_run_stream(prism_ctx *x)
{
    threads_create_and_run_stream_on(x, x->c);
}

static void runs_submit_tool_outputs_stream(prism_ctx *x)
{
    runs_submit_tool_outputs_stream_on(x, x->c);
}

static void multi_runs_stream(prism_ctx *x)
{
    runs_stream_on(x, x->nb);
}

static void multi_threads_create_and_run_stream(prism_ctx *x)
{
    threads_create_and_run_stream_on(x, x->nb);
}

static void multi_runs_submit_tool_outputs_stream(prism_ctx *x)
{
    runs_submit_tool_outputs_stream_on(x, x->nb);
}

static void client_request(prism_ctx *x)
{
    oai_json *p = prism_json("{\"role\":\"user\",\"content\":\"hi\"}");
    oai_response *r = NULL;
    oai_client_request(&r, x->c, "POST", "/threads/" THREAD "/messages", NULL, p,
                       NULL);
    oai_response_free(r);
    oai_json_free(p);
}

static void client_request_query(prism_ctx *x)
{
    oai_response *r = NULL;
    oai_client_request(&r, x->c, "GET", "/vector_stores", "limit=2&order=asc",
                       NULL, NULL);
    oai_response_free(r);
}

static void multi_request(prism_ctx *x)
{
    oai_json *p = prism_json(RUN_PARAMS);
    oai_request *r = NULL;
    int done = 0;
    if (oai_multi_request(&r, x->m, "POST", "/threads/" THREAD "/runs", NULL, p,
                          NULL, prism_done, &done) == OAI_OK)
        prism_run_multi(x->m, &done);
    oai_request_free(r);
    oai_json_free(p);
}

const prism_call prism_calls_stream[] = {
    {"oai_runs_stream", runs_stream},
    {"oai_threads_create_and_run_stream", threads_create_and_run_stream},
    {"oai_runs_submit_tool_outputs_stream", runs_submit_tool_outputs_stream},
    {"oai_runs_stream (multi)", multi_runs_stream},
    {"oai_threads_create_and_run_stream (multi)", multi_threads_create_and_run_stream},
    {"oai_runs_submit_tool_outputs_stream (multi)",
     multi_runs_submit_tool_outputs_stream},
    {"oai_client_request", client_request},
    {"oai_client_request (query)", client_request_query},
    {"oai_multi_request", multi_request},
    {NULL, NULL},
};
