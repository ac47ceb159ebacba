/*
 * runs_create_and_poll.c - start a run and wait for it to finish by
 * polling, then print the assistant's answer.
 *
 * openai-python's `client.beta.threads.runs.create_and_poll()`
 * (docs/helpers.md). Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./runs_create_and_poll ["question"]
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

/* Why a call failed: the client's detail, else the code. */
static void report(oai_client *c, int rc)
{
    const oai_error *e = oai_client_last_error(c);
    fprintf(stderr, "error: %s\n", e->code ? e->message : oai_strerror(rc));
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
    const char *question = argc > 1 ? argv[1] : "What is 3 + 4?";
    oai_client *c;
    oai_json *p = NULL, *assistant = NULL, *thread = NULL, *message = NULL,
             *run = NULL;
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

    /* Poll at the server's suggested pace, but give up after two minutes
     * (OAI_EPOLLTIMEOUT; `run` then holds the last state seen). */
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.max_wait_ms = 120000;
    if (rc == OAI_OK) {
        oai_json_new_object(&p);
        oai_json_set_string(p, "assistant_id",
                            oai_json_path_string(assistant, "id"));
        rc = oai_runs_create_and_poll(&run, c, thread_id, p, NULL, &po);
        oai_json_free(p);
    }
    if (rc == OAI_OK) {
        const char *status = field(run, "status");
        printf("run %s: %s\n", field(run, "id"), status);
        if (strcmp(status, "completed") != 0)
            rc = 1; /* failed, expired, requires_action, ... */
        else if ((rc = print_answer(c, thread_id)) != OAI_OK)
            report(c, rc);
    } else {
        report(c, rc);
    }

    oai_json_free(run);
    oai_json_free(message);
    oai_json_free(thread);
    oai_json_free(assistant);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
