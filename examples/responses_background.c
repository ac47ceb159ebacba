/*
 * responses_background.c - start a background response, wait for it by
 * polling, print its text.
 *
 * The background-mode snippet of OpenAI's guide (create with
 * `background: true`, retrieve while queued or in_progress) as one
 * oai_responses_create_and_poll() call (docs/responses.md). Reads
 * OPENAI_API_KEY and OPENAI_BASE_URL.
 *
 *     ./responses_background ["prompt"]
 */
#include <oai.h>
#include <stdio.h>
#include <string.h>

/* Called after every poll; prints each status once, as it changes. */
static int show_status(const oai_poll_progress *p, void *user_data)
{
    (void)user_data;
    if (p->phase == OAI_POLL_PHASE_POLL && p->status_changed)
        printf("Current status: %s\n", p->status ? p->status : "?");
    return 0; /* non-zero would stop waiting (OAI_ECANCELLED) */
}

int main(int argc, char **argv)
{
    const char *prompt =
        argc > 1 ? argv[1] : "Write a very long novel about otters in space.";
    oai_client *c;
    int rc = oai_client_new(&c, NULL);
    if (rc != OAI_OK) {
        fprintf(stderr, "oai_client_new: %s (is OPENAI_API_KEY set?)\n",
                oai_strerror(rc));
        return 1;
    }
    oai_json *params = NULL, *resp = NULL;
    oai_json_new_object(&params);
    oai_json_set_string(params, "model", "o3");
    oai_json_set_string(params, "input", prompt);

    /* "background": true is added by the helper. Poll every two seconds,
     * give up after ten minutes (the response keeps running then: cancel
     * it with oai_responses_cancel() if it is no longer wanted). */
    oai_poll_options po = OAI_POLL_OPTIONS_INIT;
    po.poll_interval_ms = 2000;
    po.max_wait_ms = 600000;
    po.progress = show_status;
    rc = oai_responses_create_and_poll(&resp, c, params, &po);
    oai_json_free(params);
    if (rc != OAI_OK) {
        fprintf(stderr, "error: %s\n", oai_client_last_error(c)->message);
        oai_json_free(resp); /* the last state seen, or NULL */
        oai_client_free(c);
        return 1;
    }

    const char *status = oai_responses_status(resp);
    char *text = NULL;
    rc = oai_responses_output_text(&text, resp);
    printf("Final status: %s\nOutput:\n%s\n", status, rc == OAI_OK ? text : "");
    const oai_json *err = oai_responses_error(resp);
    if (err)
        fprintf(stderr, "error: %s\n", oai_json_path_string(err, "message"));
    int failed = rc != OAI_OK || strcmp(status, "completed") != 0;
    oai_free(text);
    oai_json_free(resp);
    oai_client_free(c);
    return failed ? 1 : 0;
}
