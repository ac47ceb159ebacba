/*
 * submit_tool_outputs_and_poll.c - run until the assistant asks for a
 * function call, answer it, and poll until the run completes.
 *
 * openai-python's `client.beta.threads.runs.submit_tool_outputs_and_poll()`
 * (docs/helpers.md). Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./submit_tool_outputs_and_poll ["question"]
 */
#include <oai.h>
#include <stdio.h>
#include <string.h>

/* A string field of `j` for printing: "?" when absent, never NULL. */
static const char *field(const oai_json *j, const char *path)
{
    const char *s = oai_json_path_string(j, path);
    return s ? s : "?";
}

/* One function the assistant may call: get_weather({"city": ...}). */
#define TOOLS                                                                  \
    "[{\"type\":\"function\",\"function\":{"                                   \
    "\"name\":\"get_weather\",\"description\":\"Current weather of a city\","  \
    "\"parameters\":{\"type\":\"object\","                                     \
    "\"properties\":{\"city\":{\"type\":\"string\"}},"                         \
    "\"required\":[\"city\"]}}}]"

/* Why a call failed: the client's detail, else the code. */
static void report(oai_client *c, int rc)
{
    const oai_error *e = oai_client_last_error(c);
    fprintf(stderr, "error: %s\n", e->code ? e->message : oai_strerror(rc));
}

/* Our "function": one output per requested call, in
 * [{"tool_call_id": ..., "output": ...}] form. */
static int answer_calls(oai_json **out, const oai_json *run)
{
    const oai_json *calls =
        oai_json_path(run, "required_action.submit_tool_outputs.tool_calls");
    int rc = oai_json_new_array(out);
    for (const oai_json *call = oai_json_first(calls); call && rc == OAI_OK;
         call = oai_json_next(call)) {
        printf("%s(%s)\n", field(call, "function.name"),
               field(call, "function.arguments"));
        oai_json *o = NULL;
        rc = oai_json_new_object(&o);
        if (rc == OAI_OK)
            rc = oai_json_set_string(o, "tool_call_id",
                                     oai_json_path_string(call, "id"));
        if (rc == OAI_OK)
            rc = oai_json_set_string(o, "output", "sunny, 22 degrees");
        if (rc == OAI_OK)
            rc = oai_json_append(*out, o);
        oai_json_free(o);
    }
    return rc;
}

/* Print the newest message of the thread: the assistant's answer. */
static int print_answer(oai_client *c, const char *thread_id)
{
    oai_list_options lo = OAI_LIST_OPTIONS_INIT;
    lo.limit = 1; /* newest first by default */
    oai_json *page;
    int rc = oai_messages_list(&page, c, thread_id, &lo, NULL);
    if (rc == OAI_OK) {
        const char *text =
            oai_json_path_string(page, "data.0.content.0.text.value");
        printf("assistant > %s\n", text ? text : "");
        oai_json_free(page);
    }
    return rc;
}

int main(int argc, char **argv)
{
    const char *question = argc > 1 ? argv[1] : "What's the weather in Paris?";
    oai_client *c;
    oai_json *p = NULL, *assistant = NULL, *thread = NULL, *message = NULL;
    oai_json *run = NULL, *outputs = NULL, *done = NULL;
    char errbuf[256];
    int rc = oai_client_new(&c, NULL, errbuf, sizeof errbuf);
    if (rc != OAI_OK) {
        fprintf(stderr, "oai_client_new: %s\n", errbuf);
        return 1;
    }

    oai_json_new_object(&p);
    oai_json_set_string(p, "model", "gpt-4o");
    oai_json_set_raw(p, "tools", TOOLS);
    rc = oai_assistants_create(&assistant, c, p, NULL);
    oai_json_free(p);
    if (rc == OAI_OK)
        rc = oai_threads_create(&thread, c, NULL, NULL);
    const char *thread_id = oai_json_path_string(thread, "id");
    if (rc == OAI_OK) {
        oai_json_new_object(&p);
        oai_json_set_string(p, "role", "user");
        oai_json_set_string(p, "content", question);
        rc = oai_messages_create(&message, c, thread_id, p, NULL);
        oai_json_free(p);
    }
    if (rc == OAI_OK) {
        oai_json_new_object(&p);
        oai_json_set_string(p, "assistant_id",
                            oai_json_path_string(assistant, "id"));
        rc = oai_runs_create_and_poll(&run, c, thread_id, p, NULL, NULL);
        oai_json_free(p);
    }

    /* requires_action is a terminal state for polling: the run waits for us. */
    if (rc == OAI_OK && strcmp(field(run, "status"), "requires_action") != 0) {
        fprintf(stderr, "the run did not call the function (status %s)\n",
                field(run, "status"));
        rc = 1; /* reported; the library's codes are negative */
    }
    if (rc == OAI_OK)
        rc = answer_calls(&outputs, run);
    if (rc == OAI_OK)
        rc = oai_runs_submit_tool_outputs_and_poll(
            &done, c, thread_id, oai_json_path_string(run, "id"), outputs,
            NULL);
    if (rc == OAI_OK) {
        printf("run %s\n", field(done, "status"));
        if (strcmp(field(done, "status"), "completed") == 0)
            rc = print_answer(c, thread_id);
        else
            rc = 1;
    }
    if (rc < 0)
        report(c, rc);

    oai_json_free(done);
    oai_json_free(outputs);
    oai_json_free(run);
    oai_json_free(message);
    oai_json_free(thread);
    oai_json_free(assistant);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
