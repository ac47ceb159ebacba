/*
 * create_and_run_poll.c - create a thread with a question and run it in one
 * request, then poll until the run finishes.
 *
 * openai-python's `client.beta.threads.create_and_run_poll()`
 * (docs/helpers.md). Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./create_and_run_poll ["question"]
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

/* {"assistant_id": id, "thread": {"messages": [{"role": "user", "content":
 * q}]}} with the builder, which escapes the strings. Returns NULL when out of
 * memory. */
static oai_json *run_params(const char *assistant_id, const char *question)
{
    oai_json *msg = NULL, *msgs = NULL, *thread = NULL, *p = NULL;
    oai_json_new_object(&msg);
    oai_json_set_string(msg, "role", "user");
    oai_json_set_string(msg, "content", question);
    oai_json_new_array(&msgs);
    oai_json_new_object(&thread);
    oai_json_new_object(&p);
    if (oai_json_append(msgs, msg) || oai_json_set(thread, "messages", msgs) ||
        oai_json_set_string(p, "assistant_id", assistant_id) ||
        oai_json_set(p, "thread", thread)) {
        oai_json_free(p);
        p = NULL;
    }
    oai_json_free(msg);
    oai_json_free(msgs);
    oai_json_free(thread);
    return p;
}

int main(int argc, char **argv)
{
    const char *question =
        argc > 1 ? argv[1] : "Name a prime number above 100.";
    oai_client *c;
    oai_json *p = NULL, *assistant = NULL, *run = NULL;
    char errbuf[256];
    int rc = oai_client_new(&c, NULL, errbuf, sizeof errbuf);
    if (rc != OAI_OK) {
        fprintf(stderr, "oai_client_new: %s\n", errbuf);
        return 1;
    }

    oai_json_parse_cstr(&p, "{\"model\":\"gpt-4o\"}");
    rc = oai_assistants_create(&assistant, c, p, NULL);
    oai_json_free(p);
    if (rc == OAI_OK) {
        p = run_params(oai_json_path_string(assistant, "id"), question);
        rc = p ? oai_threads_create_and_run_poll(&run, c, p, NULL) : OAI_ENOMEM;
        oai_json_free(p);
    }
    if (rc == OAI_OK) {
        const char *status = field(run, "status");
        printf("thread %s, run %s: %s\n", field(run, "thread_id"),
               field(run, "id"), status);
        if (strcmp(status, "completed") != 0)
            rc = 1; /* failed, expired, requires_action, ... */
    } else {
        report(c, rc);
    }

    oai_json_free(run);
    oai_json_free(assistant);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
