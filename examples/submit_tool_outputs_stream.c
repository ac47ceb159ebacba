/*
 * submit_tool_outputs_stream.c - stream a run until it asks for a function
 * call, answer it, and stream the rest of the run.
 *
 * openai-python's `client.beta.threads.runs.submit_tool_outputs_stream()`
 * (docs/helpers.md). Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./submit_tool_outputs_stream ["question"]
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

/* Why a call failed: the stream's detail, else the client's, else the code. */
static void report(oai_client *c, oai_stream *s, int rc)
{
    const oai_error *e = oai_stream_error(s);
    if (!e || !e->code)
        e = oai_client_last_error(c);
    fprintf(stderr, "error: %s\n",
            e && e->code ? e->message : oai_strerror(rc));
}

/* Our "function": one output per requested call, in
 * [{"tool_call_id": ..., "output": ...}] form. */
static int answer_calls(oai_json **out, const oai_run *run)
{
    const oai_json *calls = oai_json_path(
        oai_run_json(run), "required_action.submit_tool_outputs.tool_calls");
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

int main(int argc, char **argv)
{
    const char *question = argc > 1 ? argv[1] : "What's the weather in Paris?";
    oai_client *c;
    oai_json *p = NULL, *assistant = NULL, *thread = NULL, *message = NULL,
             *outputs = NULL;
    oai_stream *s = NULL, *s2 = NULL;
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
        rc = oai_runs_stream(&s, c, thread_id, p, NULL, NULL, NULL);
        oai_json_free(p);
    }

    /* The first stream ends at thread.run.requires_action. */
    const oai_run *run = NULL;
    if (rc == OAI_OK)
        rc = oai_stream_final_run(&run, s);
    if (rc == OAI_OK &&
        strcmp(field(oai_run_json(run), "status"), "requires_action") != 0) {
        fprintf(stderr, "the run did not call the function (status %s)\n",
                field(oai_run_json(run), "status"));
        rc = 1; /* reported; the library's codes are negative */
    }
    if (rc == OAI_OK)
        rc = answer_calls(&outputs, run);
    if (rc == OAI_OK)
        rc = oai_runs_submit_tool_outputs_stream(
            &s2, c, thread_id, oai_run_id(run), outputs, NULL, NULL);

    const char *text;
    size_t len;
    while (rc == OAI_OK &&
           (rc = oai_stream_next_text(&text, &len, s2)) == OAI_OK) {
        fwrite(text, 1, len, stdout);
        fflush(stdout);
    }
    printf("\n");
    if (rc == OAI_ITEROVER)
        rc = OAI_OK;
    else if (rc < 0)
        report(c, s2 ? s2 : s, rc);

    oai_stream_free(s2);
    oai_stream_free(s);
    oai_json_free(outputs);
    oai_json_free(message);
    oai_json_free(thread);
    oai_json_free(assistant);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
