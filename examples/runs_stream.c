/*
 * runs_stream.c - stream a run on an existing thread, wait for the end,
 * then read the final run and messages the stream accumulated.
 *
 * openai-python's `client.beta.threads.runs.stream()` with `until_done()`,
 * `get_final_run()` and `get_final_messages()` (docs/helpers.md). Reads
 * OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./runs_stream ["question"]
 */
#include <oai.h>
#include <stdio.h>

/* A string field of `j` for printing: "?" when absent, never NULL. */
static const char *field(const oai_json *j, const char *path)
{
    const char *s = oai_json_path_string(j, path);
    return s ? s : "?";
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
    const char *question =
        argc > 1 ? argv[1] : "What is a thread in the Assistants API?";
    oai_client *c;
    oai_json *p = NULL, *assistant = NULL, *thread = NULL, *message = NULL;
    oai_stream *s = NULL;
    char errbuf[256];
    int rc = oai_client_new(&c, NULL, errbuf, sizeof errbuf);
    if (rc != OAI_OK) {
        fprintf(stderr, "oai_client_new: %s\n", errbuf);
        return 1;
    }

    oai_json_parse_cstr(&p, "{\"model\":\"gpt-4o\"}");
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

    /* The final accessors drain the stream first; results live until
     * oai_stream_free(). */
    const oai_run *run;
    const oai_message *const *msgs;
    size_t n;
    if (rc == OAI_OK && (rc = oai_stream_until_done(s)) == OAI_OK &&
        (rc = oai_stream_final_run(&run, s)) == OAI_OK &&
        (rc = oai_stream_final_messages(&msgs, &n, s)) == OAI_OK) {
        printf("run %s: %s\n", field(oai_run_json(run), "id"),
               field(oai_run_json(run), "status"));
        for (size_t i = 0; i < n; i++) {
            const char *text = oai_json_path_string(oai_message_json(msgs[i]),
                                                    "content.0.text.value");
            printf("%s > %s\n", field(oai_message_json(msgs[i]), "role"),
                   text ? text : "");
        }
    } else {
        report(c, s, rc);
    }

    oai_stream_free(s);
    oai_json_free(message);
    oai_json_free(thread);
    oai_json_free(assistant);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
