/*
 * responses_stream_text.c - print the text of a streamed response as it
 * arrives.
 *
 * The C form of the official `responses.stream()` text example:
 * only the output_text deltas. Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./responses_stream_text ["question"]
 */
#include <oai.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    const char *question = argc > 1 ? argv[1] : "Write a haiku about C.";
    oai_client *c;
    if (oai_client_new(&c, NULL, NULL, 0) != OAI_OK) {
        fprintf(stderr, "oai_client_new failed (is OPENAI_API_KEY set?)\n");
        return 1;
    }
    oai_json *p;
    oai_json_new_object(&p);
    oai_json_set_string(p, "model", "gpt-4.1");
    oai_json_set_string(p, "input", question);
    oai_response_stream *s = NULL;
    int rc = oai_responses_stream(&s, c, p, NULL, NULL);
    oai_json_free(p);
    if (rc != OAI_OK) {
        fprintf(stderr, "error: %s\n", oai_client_last_error(c)->message);
        oai_client_free(c);
        return 1;
    }
    /* Each fragment is borrowed until the next call: print or copy it. */
    const char *text;
    size_t len;
    while ((rc = oai_response_stream_next_text(&text, &len, s)) == OAI_OK) {
        fwrite(text, 1, len, stdout);
        fflush(stdout);
    }
    printf("\n");
    if (rc != OAI_ITEROVER)
        fprintf(stderr, "error: %s\n", oai_response_stream_error(s)->message);
    oai_response_stream_free(s);
    oai_client_free(c);
    return rc == OAI_ITEROVER ? 0 : 1;
}
