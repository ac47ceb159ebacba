/*
 * responses_resume.c - stream a background response and survive a broken
 * connection: the stream resumes where it stopped.
 *
 * The resume snippet of OpenAI's background guide (remember the last
 * sequence_number, then GET /responses/{id}?stream=true&starting_after=N)
 * is built into the response stream: for a background response it is on
 * by default, and every event still arrives once, in order
 * (docs/responses.md, "Resumable streams"). Reads OPENAI_API_KEY and
 * OPENAI_BASE_URL.
 *
 *     ./responses_resume ["prompt"]
 */
#include <oai.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    const char *prompt =
        argc > 1 ? argv[1] : "Write a very long novel about otters in space.";
    oai_client *c;
    int rc = oai_client_new(&c, NULL, NULL, 0);
    if (rc != OAI_OK) {
        fprintf(stderr, "oai_client_new: %s (is OPENAI_API_KEY set?)\n",
                oai_strerror(rc));
        return 1;
    }
    oai_json *params = NULL;
    oai_json_new_object(&params);
    oai_json_set_string(params, "model", "o3");
    oai_json_set_string(params, "input", prompt);
    oai_json_set_bool(params, "background", 1);

    /* Resume is on for a background stream; these are its knobs. */
    oai_response_stream_options so = OAI_RESPONSE_STREAM_OPTIONS_INIT;
    so.resume_max_attempts = 5;  /* in a row, without an event between */
    so.resume_backoff_ms = 500;  /* doubled at each further attempt */
    so.stall_timeout_ms = 60000; /* a silent minute counts as a break */
    oai_response_stream *s;
    rc = oai_responses_stream(&s, c, params, &so, NULL);
    oai_json_free(params);
    if (rc != OAI_OK) {
        fprintf(stderr, "error: %s\n", oai_client_last_error(c)->message);
        oai_client_free(c);
        return 1;
    }
    const char *text;
    while ((rc = oai_response_stream_next_text(&text, NULL, s)) == OAI_OK) {
        fputs(text, stdout);
        fflush(stdout);
    }
    putchar('\n');
    const oai_json *final = NULL;
    if (rc == OAI_ITEROVER)
        rc = oai_response_stream_final_response(&final, NULL, s);
    if (rc == OAI_OK)
        printf("Final status: %s after event %lld\n",
               oai_responses_status(final),
               oai_response_stream_last_sequence_number(s));
    else
        fprintf(stderr, "error: %s\n", oai_response_stream_error(s)->message);
    oai_response_stream_free(s);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
