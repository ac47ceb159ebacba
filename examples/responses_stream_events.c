/*
 * responses_stream_events.c - iterate over the events of a streamed
 * response, then read the final response.
 *
 * The C form of the official `for event in stream:` example with
 * `get_final_response()`. Reads OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./responses_stream_events ["question"]
 */
#include <oai.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    const char *question = argc > 1 ? argv[1] : "Say hello.";
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
    const oai_response_update *ev;
    while ((rc = oai_response_stream_next(&ev, s)) == OAI_OK) {
        if (ev->type == OAI_RESPONSE_EVENT_OUTPUT_TEXT_DELTA)
            fputs(oai_json_string(oai_json_get(ev->event, "delta")), stdout);
        else if (ev->type == OAI_RESPONSE_EVENT_COMPLETED)
            printf("\n");
    }
    const oai_json *final;
    oai_response_end end;
    if (rc == OAI_ITEROVER &&
        oai_response_stream_final_response(&final, &end, s) == OAI_OK) {
        char *id = oai_json_serialize(oai_json_get(final, "id"), 0);
        printf("final response %s: %s\n", id,
               oai_json_string(oai_json_get(final, "status")));
        oai_free(id);
        rc = OAI_OK;
    } else {
        fprintf(stderr, "error: %s\n", oai_response_stream_error(s)->message);
    }
    oai_response_stream_free(s);
    oai_client_free(c);
    return rc == OAI_OK ? 0 : 1;
}
