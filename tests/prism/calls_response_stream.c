/* The response stream calls (oai/response_stream.h). */
#include "prism_calls.h"

static void responses_stream(prism_ctx *x)
{
    oai_responses_stream(&x->rstream, x->c,
                         prism_param(x, "{\"model\":\"gpt-4.1\",\"input\":\"hi\"}"), NULL, NULL);
}

static void responses_retrieve_stream(prism_ctx *x)
{
    oai_responses_retrieve_stream(&x->rstream, x->c, "resp_abc123", 3, NULL, NULL);
}

const prism_call prism_calls_response_stream[] = {
    {"oai_responses_stream", responses_stream},
    {"oai_responses_retrieve_stream", responses_retrieve_stream},
    {NULL, NULL},
};
