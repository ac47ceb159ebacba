/*
 * responses_stream_handler.c - stream a response into a table of hooks:
 * text as it arrives, reasoning summaries, tool activity, and how the
 * response ended.
 *
 * The C form of the official streaming example with event callbacks.
 * Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./responses_stream_handler ["question"]
 */
#include <oai.h>
#include <stdio.h>

static int on_text(const char *delta, size_t len, const char *snapshot,
                   const oai_response_change *c, void *ud)
{
    (void)snapshot;
    (void)c;
    (void)ud;
    fwrite(delta, 1, len, stdout);
    fflush(stdout);
    return 0;
}

static int on_summary(const char *delta, size_t len, const char *snapshot,
                      const oai_response_change *c, void *ud)
{
    (void)snapshot;
    (void)c;
    (void)ud;
    printf("[thinking] %.*s\n", (int)len, delta);
    return 0;
}

static int on_tool(const oai_json *status, const oai_response_change *c,
                   void *ud)
{
    (void)ud;
    printf("[%s: %s]\n", oai_json_string(oai_json_get(c->item, "type")),
           oai_json_string(status));
    return 0;
}

static int on_done(const oai_json *response, void *ud)
{
    (void)ud;
    printf("\nresponse %s\n",
           oai_json_string(oai_json_get(response, "status")));
    return 0;
}

static void on_exception(const oai_error *e, void *ud)
{
    (void)ud;
    fprintf(stderr, "\nerror: %s\n", e->message);
}

int main(int argc, char **argv)
{
    const char *question = argc > 1 ? argv[1] : "Tell me a fact about C.";
    oai_client *c;
    if (oai_client_new(&c, NULL, NULL, 0) != OAI_OK) {
        fprintf(stderr, "oai_client_new failed (is OPENAI_API_KEY set?)\n");
        return 1;
    }
    oai_response_handler h = OAI_RESPONSE_HANDLER_INIT;
    h.on_text_delta = on_text;
    h.on_reasoning_summary_delta = on_summary;
    h.on_tool_call_status = on_tool;
    h.on_completed = on_done;
    h.on_incomplete = on_done;
    h.on_failed = on_done;
    h.on_exception = on_exception;
    oai_response_stream_options so = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    so.handler = &h;

    oai_json *p;
    oai_json_new_object(&p);
    oai_json_set_string(p, "model", "gpt-4.1");
    oai_json_set_string(p, "input", question);
    oai_response_stream *s = NULL;
    int rc = oai_responses_stream(&s, c, p, &so, NULL);
    oai_json_free(p);
    if (rc != OAI_OK)
        fprintf(stderr, "error: %s\n", oai_client_last_error(c)->message);
    else
        rc = oai_response_stream_until_done(s); /* the hooks print */
    oai_response_stream_free(s);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
