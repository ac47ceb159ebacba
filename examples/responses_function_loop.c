/*
 * responses_function_loop.c - the function-calling loop in one stream:
 * when a response ends with function calls, answer them from a hook; the
 * follow-up response arrives through the same stream and hooks.
 *
 * The C form of the official function-calling example, without a second
 * stream. Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./responses_function_loop ["question"]
 */
#include <oai.h>
#include <stdio.h>
#include <string.h>

static const char TOOLS[] =
    "[{\"type\":\"function\",\"name\":\"get_weather\","
    "\"description\":\"The weather in a city\",\"parameters\":"
    "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
    "\"required\":[\"city\"]}}]";

/* Our function. */
static const char *get_weather(const char *arguments)
{
    (void)arguments;
    return "sunny, 22 degrees";
}

/* A response ended: answer its function calls, all together. */
static int on_completed(const oai_json *response, void *ud)
{
    oai_response_stream *s = *(oai_response_stream **)ud;
    oai_json *outputs;
    oai_json_new_array(&outputs);
    const oai_json *out = oai_json_get(response, "output");
    for (const oai_json *it = oai_json_first(out); it; it = oai_json_next(it)) {
        if (strcmp(oai_json_string(oai_json_get(it, "type")), "function_call"))
            continue;
        const char *args = oai_json_string(oai_json_get(it, "arguments"));
        printf("%s(%s)\n", oai_json_string(oai_json_get(it, "name")), args);
        oai_json *o;
        oai_json_new_object(&o);
        oai_json_set_string(o, "call_id",
                            oai_json_string(oai_json_get(it, "call_id")));
        oai_json_set_string(o, "output", get_weather(args));
        oai_json_append(outputs, o);
        oai_json_free(o);
    }
    int rc = OAI_OK;
    if (oai_json_size(outputs) > 0)
        rc = oai_response_stream_submit_function_outputs(s, outputs);
    oai_json_free(outputs);
    return rc; /* a failed submit stops the stream */
}

static int on_text(const char *delta, size_t len, const char *snapshot,
                   const oai_response_change *c, void *ud)
{
    (void)snapshot;
    (void)c;
    (void)ud;
    fwrite(delta, 1, len, stdout);
    return 0;
}

int main(int argc, char **argv)
{
    const char *question =
        argc > 1 ? argv[1] : "What is the weather in Paris today?";
    oai_client *c;
    if (oai_client_new(&c, NULL, NULL, 0) != OAI_OK) {
        fprintf(stderr, "oai_client_new failed (is OPENAI_API_KEY set?)\n");
        return 1;
    }
    oai_response_stream *s = NULL;
    oai_response_handler h = OAI_RESPONSE_HANDLER_INIT;
    h.on_completed = on_completed;
    h.on_text_delta = on_text;
    h.user_data = &s;
    oai_response_stream_options so = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    so.handler = &h;

    oai_json *p, *tools;
    oai_json_new_object(&p);
    oai_json_set_string(p, "model", "gpt-4.1");
    oai_json_set_string(p, "input", question);
    oai_json_parse_cstr(&tools, TOOLS);
    oai_json_set(p, "tools", tools);
    oai_json_free(tools);
    int rc = oai_responses_stream(&s, c, p, &so, NULL);
    oai_json_free(p);
    if (rc != OAI_OK) {
        fprintf(stderr, "error: %s\n", oai_client_last_error(c)->message);
    } else {
        rc = oai_response_stream_until_done(s); /* the whole loop */
        printf("\n");
        if (rc != OAI_OK)
            fprintf(stderr, "error: %s\n",
                    oai_response_stream_error(s)->message);
    }
    oai_response_stream_free(s);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
