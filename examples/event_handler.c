/*
 * event_handler.c - stream a run through an event handler: print the
 * assistant's text as it arrives, and the code it runs with its logs.
 *
 * The C form of openai-python's AssistantEventHandler example
 * (docs/helpers.md). Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./event_handler ["question"]
 */
#include <oai.h>
#include <stdio.h>

static int on_text_created(const oai_text *text, void *user_data)
{
    (void)text, (void)user_data;
    printf("\nassistant > ");
    fflush(stdout);
    return 0;
}

static int on_text_delta(const oai_text_delta *delta, const oai_text *snapshot,
                         void *user_data)
{
    (void)snapshot, (void)user_data;
    const char *value = oai_text_delta_value(delta);
    if (value) {
        fputs(value, stdout);
        fflush(stdout);
    }
    return 0;
}

static int on_tool_call_created(const oai_tool_call *call, void *user_data)
{
    (void)user_data;
    const char *type = oai_tool_call_type(call);
    printf("\nassistant > %s\n\n", type ? type : "tool");
    fflush(stdout);
    return 0;
}

/* `delta` is the raw ToolCallDelta: only what this event adds. */
static int on_tool_call_delta(const oai_json *delta,
                              const oai_tool_call *snapshot, void *user_data)
{
    (void)snapshot, (void)user_data;
    const oai_json *ci = oai_json_get(delta, "code_interpreter");
    const char *input = oai_json_path_string(ci, "input");
    const oai_json *outputs = oai_json_get(ci, "outputs");
    if (input)
        fputs(input, stdout);
    if (oai_json_size(outputs) > 0) {
        printf("\n\noutput >\n");
        for (const oai_json *o = oai_json_first(outputs); o;
             o = oai_json_next(o))
            if (oai_json_path_string(o, "logs"))
                printf("\n%s", oai_json_path_string(o, "logs"));
    }
    fflush(stdout);
    return 0;
}

/* Why a call failed: the stream's detail, else the client's, else the code. */
static void report(oai_client *c, oai_stream *s, int rc)
{
    const oai_error *e = oai_stream_error(s);
    if (!e || !e->code)
        e = oai_client_last_error(c);
    fprintf(stderr, "error: %s\n",
            e && e->code ? e->message : oai_strerror(rc));
}

int main(int argc, char **argv)
{
    const char *question = argc > 1 ? argv[1]
                                    : "I need to solve the equation "
                                      "`3x + 11 = 14`. Can you help me?";
    oai_client *c;
    oai_json *p = NULL, *assistant = NULL, *thread = NULL, *message = NULL;
    oai_stream *s = NULL;
    char errbuf[256];
    int rc = oai_client_new(&c, NULL, errbuf, sizeof errbuf);
    if (rc != OAI_OK) {
        fprintf(stderr, "oai_client_new: %s\n", errbuf);
        return 1;
    }

    /* A math tutor that can run code, and a thread holding the question. */
    oai_json_parse_cstr(&p, "{\"model\":\"gpt-4o\",\"name\":\"Math Tutor\","
                            "\"instructions\":\"You are a personal math "
                            "tutor. Write and run code to answer math "
                            "questions.\","
                            "\"tools\":[{\"type\":\"code_interpreter\"}]}");
    rc = oai_assistants_create(&assistant, c, p, NULL);
    oai_json_free(p);
    if (rc == OAI_OK)
        rc = oai_threads_create(&thread, c, NULL, NULL);
    const char *thread_id = oai_json_path_string(thread, "id");
    if (rc == OAI_OK) {
        /* Builder errors show up as OAI_EINVAL from the call using `p`. */
        oai_json_new_object(&p);
        oai_json_set_string(p, "role", "user");
        oai_json_set_string(p, "content", question);
        rc = oai_messages_create(&message, c, thread_id, p, NULL);
        oai_json_free(p);
    }

    /* The handler is copied into the stream: it may live on the stack. */
    oai_assistant_handler h = OAI_ASSISTANT_HANDLER_INIT;
    h.on_text_created = on_text_created;
    h.on_text_delta = on_text_delta;
    h.on_tool_call_created = on_tool_call_created;
    h.on_tool_call_delta = on_tool_call_delta;
    oai_stream_options so = OAI_STREAM_OPTIONS_INIT;
    so.handler = &h;
    if (rc == OAI_OK) {
        oai_json_new_object(&p);
        oai_json_set_string(p, "assistant_id",
                            oai_json_path_string(assistant, "id"));
        rc = oai_runs_stream(&s, c, thread_id, p, NULL, &so, NULL);
        oai_json_free(p);
    }
    if (rc == OAI_OK)
        rc = oai_stream_until_done(s);
    printf("\n");
    if (rc != OAI_OK)
        report(c, s, rc);

    oai_stream_free(s);
    oai_json_free(message);
    oai_json_free(thread);
    oai_json_free(assistant);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
