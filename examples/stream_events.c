/*
 * stream_events.c - iterate over the events of a streamed run and print
 * the text of each message delta.
 *
 * The C form of openai-python's "iterating over events" example
 * (docs/helpers.md). Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./stream_events ["question"]
 */
#include <oai.h>
#include <stdio.h>

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
    const char *question = argc > 1 ? argv[1] : "Say hello in three words.";
    oai_client *c;
    oai_json *p = NULL, *assistant = NULL, *thread = NULL, *message = NULL;
    oai_stream *s = NULL;
    char errbuf[256];
    int rc = oai_client_new(&c, NULL, errbuf, sizeof errbuf);
    if (rc != OAI_OK) {
        fprintf(stderr, "oai_client_new: %s\n", errbuf);
        return 1;
    }

    oai_json_parse_cstr(
        &p, "{\"model\":\"gpt-4o\",\"instructions\":\"Be brief.\"}");
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

    /* OAI_ITEROVER is the normal end; any other code is a failure. */
    const oai_event *ev;
    while (rc == OAI_OK && (rc = oai_stream_next(&ev, s)) == OAI_OK) {
        if (oai_event_type_of(ev) == OAI_EVENT_MESSAGE_DELTA) {
            const char *text = oai_json_path_string(
                oai_event_json(ev), "delta.content.0.text.value");
            if (text) {
                fputs(text, stdout);
                fflush(stdout);
            }
        }
    }
    printf("\n");
    if (rc == OAI_ITEROVER)
        rc = OAI_OK;
    else
        report(c, s, rc);

    oai_stream_free(s);
    oai_json_free(message);
    oai_json_free(thread);
    oai_json_free(assistant);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
